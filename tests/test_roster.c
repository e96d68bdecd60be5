/*
 * Unit tests of the roster parser: the CSV dialects real spreadsheets
 * produce (separators, encodings, line ends, quoting, header names), the
 * row rules (dates, INE, profiles, duplicates), whole-file refusals, and
 * the SIECLE export (fixture in ISO-8859-15 under fixtures/roster/).
 * Non-UTF-8 inputs are written as bytes so the test says what it feeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/roster.h"

#define HEADER "Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant\n"
#define TODAY "2024-09-02"

static const struct dot_roster_opts opts_today = {.today = TODAY};

static struct dot_roster *
parse_n(const char *buf, size_t len)
{
	struct dot_roster *r = NULL;
	char *cause = NULL;
	int rc = dot_roster_parse_buffer(buf, len, "test.csv", &opts_today, &r,
					 &cause);

	if (rc != 0)
		fail_msg("unexpected refusal: %s", cause ? cause : "?");
	assert_non_null(r);
	return r;
}

static struct dot_roster *
parse(const char *s)
{
	return parse_n(s, strlen(s));
}

/* Parse a file expected to be refused; returns the cause (caller frees). */
static char *
refuse_n(const char *buf, size_t len)
{
	struct dot_roster *r = (struct dot_roster *)1;
	char *cause = NULL;
	int rc = dot_roster_parse_buffer(buf, len, "test.csv", &opts_today, &r,
					 &cause);

	assert_int_equal(rc, DOT_ERULE);
	assert_null(r);
	assert_non_null(cause);
	return cause;
}

static char *
refuse(const char *s)
{
	return refuse_n(s, strlen(s));
}

static void
assert_contains(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("'%s' does not contain '%s'", s, needle);
}

/* The text of error i, as the user reads it. */
static void
assert_error(const struct dot_roster *r, size_t i, const char *text)
{
	char *t;

	assert_true(i < r->nerrors);
	t = dot_roster_error_text(&r->errors[i]);
	assert_string_equal(t, text);
	free(t);
}

/* The text of warning i, as the user reads it. */
static void
assert_warning(const struct dot_roster *r, size_t i, const char *text)
{
	char *t;

	if (i >= r->nwarnings)
		fail_msg("no warning %zu (%zu warnings)", i, r->nwarnings);
	t = dot_roster_error_text(&r->warnings[i]);
	assert_string_equal(t, text);
	free(t);
}

/* ---- dialects ------------------------------------------------------------ */

static void
check_two_rows(const struct dot_roster *r)
{
	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->rows[0].last_name, "Lefèvre");
	assert_string_equal(r->rows[0].first_name, "Éloïse");
	assert_string_equal(r->rows[0].birth_date, "2009-03-14");
	assert_string_equal(r->rows[0].class_name, "2NDE 1");
	assert_int_equal(r->rows[0].profile, DOT_PROFILE_ELEVE);
	assert_string_equal(r->rows[0].ine, "1234567890A");
	assert_string_equal(r->rows[0].ext_id, "E1");
	assert_true(r->rows[0].active);
	assert_int_equal(r->rows[0].line, 2);
	assert_string_equal(r->rows[1].last_name, "N'Diaye");
	assert_int_equal(r->rows[1].profile, DOT_PROFILE_PROF);
	assert_null(r->rows[1].birth_date);
	assert_null(r->rows[1].ine);
	assert_string_equal(r->rows[1].class_name, "");
	assert_int_equal(r->rows[1].line, 3);
	assert_string_equal(r->format, "csv");
}

static void
test_separators(void **state)
{
	static const char *const files[] = {
		"Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant\n"
		"Lefèvre;Éloïse;14/03/2009;2NDE 1;Élève;1234567890A;E1\n"
		"N'Diaye;Jean-Baptiste;;;Professeur;;P1\n",
		"Nom,Prénom,Date de naissance,Classe,Profil,INE,Identifiant\n"
		"Lefèvre,Éloïse,14/03/2009,2NDE 1,Élève,1234567890A,E1\n"
		"N'Diaye,Jean-Baptiste,,,Professeur,,P1\n",
		"Nom\tPrénom\tDate de naissance\tClasse\tProfil\tINE\t"
		"Identifiant\n"
		"Lefèvre\tÉloïse\t14/03/2009\t2NDE 1\tÉlève\t1234567890A\t"
		"E1\n"
		"N'Diaye\tJean-Baptiste\t\t\tProfesseur\t\tP1\n",
	};
	static const char seps[] = {';', ',', '\t'};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct dot_roster *r = parse(files[i]);

		check_two_rows(r);
		assert_int_equal(r->separator, seps[i]);
		assert_string_equal(r->encoding, "utf-8");
		dot_roster_free(r);
	}
}

static void
test_utf8_bom(void **state)
{
	struct dot_roster *r = parse(
		"\xef\xbb\xbfNom;Prénom;Date de naissance;Classe;Profil;INE;"
		"Identifiant\r\n"
		"Lefèvre;Éloïse;2009-03-14;2NDE 1;eleve;1234567890a;E1\r\n"
		"N'Diaye;Jean-Baptiste;;;prof;;P1\r\n");

	check_two_rows(r); /* the BOM is not part of the header "Nom" */
	assert_string_equal(r->encoding, "utf-8-bom");
	dot_roster_free(r);
}

static void
test_windows_1252(void **state)
{
	/* "Prénom", "Œdipe", "Bœuf", "Zoé", "2NDE €" in Windows-1252 */
	struct dot_roster *r = parse("Nom;Pr\xe9nom;Classe\r\n"
				     "\x8c"
				     "dipe;Zo\xe9;2NDE \x80\r\n"
				     "B\x9c"
				     "uf;L\xe9"
				     "a;TLE 1\r\n");

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->encoding, "windows-1252");
	assert_string_equal(r->rows[0].last_name, "Œdipe");
	assert_string_equal(r->rows[0].first_name, "Zoé");
	assert_string_equal(r->rows[0].class_name, "2NDE €");
	assert_string_equal(r->rows[1].last_name, "Bœuf");
	assert_string_equal(r->rows[1].first_name, "Léa");
	dot_roster_free(r);
}

static void
test_utf16(void **state)
{
	/* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated */
	static const char le[] = "\xff\xfe"
				 "N\0o\0m\0\t\0P\0r\0\xe9\0n\0o\0m\0\n\0"
				 "R\0o\0u\0x\0\t\0L\0\xe9\0"
				 "a\0\n\0";
	struct dot_roster *r = parse_n(le, sizeof(le) - 1);

	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->encoding, "utf-16");
	assert_string_equal(r->rows[0].first_name, "Léa");
	dot_roster_free(r);
}

static void
test_line_endings(void **state)
{
	static const char *const files[] = {
		"Nom;Prénom\nA;B\nC;D\n", "Nom;Prénom\r\nA;B\r\nC;D\r\n",
		"Nom;Prénom\rA;B\rC;D\r", /* old Mac spreadsheets */
		"Nom;Prénom\nA;B\nC;D",   /* no final line end */
	};
	size_t i;

	for (i = 0; i < 4; i++) {
		struct dot_roster *r = parse(files[i]);

		assert_int_equal(r->nrows, 2);
		assert_string_equal(r->rows[1].last_name, "C");
		assert_string_equal(r->rows[1].first_name, "D");
		assert_int_equal(r->rows[1].line, 3);
		dot_roster_free(r);
	}
}

static void
test_quoted_fields(void **state)
{
	struct dot_roster *r = parse(
		"\"Nom\";\"Prénom\";\"Classe\"\n"
		"\"Dupont; dit \"\"Le Grand\"\"\";\"Anne-Sophie\";\"2NDE 1\"\n"
		"\"Martin\nBis\";Zoé;\"\"\n"
		"Roux;\"  Léa \";1ERE 2\n");

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].last_name, "Dupont; dit \"Le Grand\"");
	assert_string_equal(r->rows[0].first_name, "Anne-Sophie");
	/* a line break in a cell is layout: one space */
	assert_string_equal(r->rows[1].last_name, "Martin Bis");
	assert_string_equal(r->rows[1].class_name, "");
	assert_int_equal(r->rows[1].line, 3);
	/* the quoted line break counts: Roux is on line 5 */
	assert_int_equal(r->rows[2].line, 5);
	assert_string_equal(r->rows[2].first_name, "Léa");
	dot_roster_free(r);
}

static void
test_unterminated_quote(void **state)
{
	struct dot_roster *r = parse("Nom;Prénom\nA;B\n\"C;D\nE;F\n");

	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->ninvalid, 1);
	assert_error(r, 0,
		     "line 3: a quoted field is never closed: add the "
		     "missing '\"'");
	dot_roster_free(r);
}

/* ---- headers ------------------------------------------------------------- */

static void
test_header_aliases(void **state)
{
	static const struct {
		const char *header;
		size_t field; /* offset in struct dot_person_in */
	} cases[] = {
		{"Nom", offsetof(struct dot_person_in, last_name)},
		{"Nom de famille", offsetof(struct dot_person_in, last_name)},
		{"NOM_DE_FAMILLE", offsetof(struct dot_person_in, last_name)},
		{"last_name", offsetof(struct dot_person_in, last_name)},
		{"Prénom", offsetof(struct dot_person_in, first_name)},
		{"first_name", offsetof(struct dot_person_in, first_name)},
		{"Date de naissance",
		 offsetof(struct dot_person_in, birth_date)},
		{"DATE NAISS", offsetof(struct dot_person_in, birth_date)},
		{"DATE_NAISS", offsetof(struct dot_person_in, birth_date)},
		{"Né(e) le", offsetof(struct dot_person_in, birth_date)},
		{"birth_date", offsetof(struct dot_person_in, birth_date)},
		{"Classe", offsetof(struct dot_person_in, class_name)},
		{"Division", offsetof(struct dot_person_in, class_name)},
		{"class", offsetof(struct dot_person_in, class_name)},
		{"Profil", offsetof(struct dot_person_in, profile)},
		{"Type", offsetof(struct dot_person_in, profile)},
		{"profile", offsetof(struct dot_person_in, profile)},
		{"INE", offsetof(struct dot_person_in, ine)},
		{"ID_NATIONAL", offsetof(struct dot_person_in, ine)},
		{"Identifiant", offsetof(struct dot_person_in, ext_id)},
		{"ELEVE_ID", offsetof(struct dot_person_in, ext_id)},
		{"Login", offsetof(struct dot_person_in, ext_id)},
		{"uid", offsetof(struct dot_person_in, ext_id)},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t off = cases[i].field;
		const char *value =
			off == offsetof(struct dot_person_in, birth_date)
				? "2009-03-14"
			: off == offsetof(struct dot_person_in, profile)
				? "Enseignant"
			: off == offsetof(struct dot_person_in, ine)
				? "1234567890A"
				: "VALUE";
		const char *want =
			off == offsetof(struct dot_person_in, profile) ? "prof"
								       : value;
		/* the other required columns, unless under test */
		const char *base =
			off == offsetof(struct dot_person_in, last_name)
				? "Prénom;%s\nX;%s\n"
			: off == offsetof(struct dot_person_in, first_name)
				? "Nom;%s\nX;%s\n"
				: "Nom;Prénom;%s\nX;Y;%s\n";
		char *csv = dot_xasprintf(base, cases[i].header, value);
		struct dot_roster *r = parse(csv);
		const char *got;

		assert_int_equal(r->nrows, 1);
		if (off == offsetof(struct dot_person_in, profile))
			got = dot_profile_name(r->rows[0].profile);
		else
			memcpy(&got, (const char *)&r->rows[0] + off,
			       sizeof(got));
		if (!got || strcmp(got, want) != 0)
			fail_msg("header '%s': got '%s', want '%s'",
				 cases[i].header, got ? got : "(null)", want);
		dot_roster_free(r);
		free(csv);
	}
}

static void
test_header_case_and_accents(void **state)
{
	struct dot_roster *r = parse("NOM;PRÉNOM;né(e) LE;  classe  ;PROFIL\n"
				     "Roux;Léa;01/02/2009;2NDE 2;ÉLÈVE\n");

	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].first_name, "Léa");
	assert_string_equal(r->rows[0].birth_date, "2009-02-01");
	assert_string_equal(r->rows[0].class_name, "2NDE 2");
	dot_roster_free(r);

	r = parse("nom;prenom;Date de Naissance\nRoux;Léa;01/02/2009\n");
	assert_string_equal(r->rows[0].birth_date, "2009-02-01");
	dot_roster_free(r);
}

static void
test_title_line_and_extra_columns(void **state)
{
	struct dot_roster *r = parse("Liste des élèves au 02/09/2024\n"
				     "\n"
				     "Sexe;Nom;Prénom;Adresse;Classe\n"
				     "F;Roux;Léa;1 rue des Lilas;2NDE 2\n"
				     ";;;;\n"
				     "M;Petit\n");

	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->rows[0].line, 4);
	assert_string_equal(r->rows[0].class_name, "2NDE 2");
	/* a short row: the missing first name is an error, not a crash */
	assert_error(r, 0,
		     "line 6: missing first name: fill in the first "
		     "name column");
	dot_roster_free(r);
}

/* ---- row rules ----------------------------------------------------------- */

static void
test_invalid_date(void **state)
{
	struct dot_roster *r = parse(HEADER "A;B;31/02/2010;2NDE 1;;;\n"
					    "C;D;29/02/2008;2NDE 1;;;\n"
					    "E;F;2010-13-01;2NDE 1;;;\n"
					    "G;H;1/2/2010;2NDE 1;;;\n");

	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].birth_date, "2008-02-29");
	assert_int_equal(r->nerrors, 3);
	assert_int_equal(r->ninvalid, 3);
	assert_error(r, 0,
		     "line 2: invalid birth date '31/02/2010' "
		     "(expected DD/MM/YYYY)");
	assert_int_equal(r->errors[1].line, 4);
	assert_int_equal(r->errors[2].line, 5);
	dot_roster_free(r);
}

/*
 * An INE of another shape is kept as given with a warning that names
 * the student and the accepted shapes: one odd identifier must not block
 * the import of a whole school (issue 15).
 */
static void
test_invalid_ine(void **state)
{
	struct dot_roster *r = parse(HEADER "A;B;;;;12345;\n"
					    "C;D;;;;123456789ab;\n"
					    "E;F;;;;1234a56789z;\n"
					    "G;H;;;;ABCDEFGHIJK;\n");

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->ninvalid, 0);
	assert_int_equal(r->nrows, 4);
	assert_string_equal(r->rows[0].ine, "12345"); /* as given */
	assert_string_equal(r->rows[1].ine, "123456789AB");
	assert_string_equal(r->rows[2].ine, "1234A56789Z");
	assert_string_equal(r->rows[3].ine, "ABCDEFGHIJK");
	assert_int_equal(r->nwarnings, 2);
	assert_warning(r, 0,
		       "line 2: A B: INE '12345' has an unexpected "
		       "shape (accepted: 1234567890A, 123456789AB, "
		       "1234A56789B): imported as given, check it");
	assert_int_equal(r->warnings[1].line, 5);
	dot_roster_free(r);
}

static void
test_missing_names(void **state)
{
	struct dot_roster *r = parse(HEADER ";B;;;;;\nA; ;31/02/2010;;;;\n");

	assert_int_equal(r->nrows, 0);
	assert_int_equal(r->ninvalid, 2);
	assert_int_equal(r->nerrors, 3); /* every problem of a row */
	assert_error(r, 0,
		     "line 2: missing last name: fill in the last "
		     "name column");
	assert_error(r, 1,
		     "line 3: missing first name: fill in the first "
		     "name column");
	assert_int_equal(r->errors[2].line, 3);
	dot_roster_free(r);
}

static void
test_profiles(void **state)
{
	struct dot_roster *r =
		parse("Nom;Prénom;Profil\n"
		      "A;B;Élève\nC;D;ELEVE\nE;F;Enseignante\nG;H;Professeur\n"
		      "I;J;Personnel\nK;L;\nM;N;Parent\nO;P;prof\n");

	assert_int_equal(r->nrows, 7);
	assert_int_equal(r->rows[0].profile, DOT_PROFILE_ELEVE);
	assert_int_equal(r->rows[1].profile, DOT_PROFILE_ELEVE);
	assert_int_equal(r->rows[2].profile, DOT_PROFILE_PROF);
	assert_int_equal(r->rows[3].profile, DOT_PROFILE_PROF);
	assert_int_equal(r->rows[4].profile, DOT_PROFILE_PERSONNEL);
	assert_int_equal(r->rows[5].profile,
			 DOT_PROFILE_ELEVE); /* empty cell */
	assert_int_equal(r->rows[6].profile, DOT_PROFILE_PROF);
	assert_error(r, 0,
		     "line 8: unknown profile 'Parent' (expected "
		     "Élève, Enseignant or Personnel)");
	dot_roster_free(r);

	/* no profile column at all: everybody is a student */
	r = parse("Nom;Prénom\nA;B\n");
	assert_int_equal(r->rows[0].profile, DOT_PROFILE_ELEVE);
	dot_roster_free(r);
}

static void
test_duplicates(void **state)
{
	struct dot_roster *r =
		parse(HEADER "Lefèvre;Léa;01/02/2009;2NDE 1;;1234567890A;E1\n"
			     "Martin;Paul;;2NDE 1;;;E1\n"
			     "Petit;Zoé;;2NDE 1;;1234567890a;E3\n"
			     "LEFEVRE;Lea;2009-02-01;2NDE 2;;;E4\n"
			     "Homonyme;Sans Date;;2NDE 1;;;\n"
			     "Homonyme;Sans Date;;2NDE 3;;;\n"
			     "Martin;Paul;;2NDE 1;;;E1\n");

	assert_int_equal(r->nrows, 3);
	assert_int_equal(r->ninvalid, 4);
	assert_error(r, 0,
		     "line 3: duplicate of line 2 (same identifier "
		     "'E1'): remove one of the two rows");
	assert_error(r, 1,
		     "line 4: duplicate of line 2 (same INE "
		     "'1234567890A'): remove one of the two rows");
	assert_error(r, 2,
		     "line 5: duplicate of line 2 (same last name, "
		     "first name and birth date): remove one of the two "
		     "rows");
	/* a third occurrence cites the first, which was kept */
	assert_error(r, 3,
		     "line 8: duplicate of line 2 (same identifier "
		     "'E1'): remove one of the two rows");
	/* without a birth date, namesakes are two people */
	assert_string_equal(r->rows[1].class_name, "2NDE 1");
	assert_string_equal(r->rows[2].class_name, "2NDE 3");
	dot_roster_free(r);
}

static void
test_error_cap(void **state)
{
	size_t n = DOT_ROSTER_MAX_ERRORS + 500, i, len = 0;
	char *buf = malloc(32 + n * 8);
	struct dot_roster *r;

	len += (size_t)sprintf(buf, "Nom;Prénom\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "A;\n");
	r = parse_n(buf, len);
	assert_int_equal(r->ninvalid, n);
	assert_int_equal(r->nerrors, DOT_ROSTER_MAX_ERRORS + 1);
	assert_int_equal(r->errors[DOT_ROSTER_MAX_ERRORS].line, 0);
	assert_error(r, DOT_ROSTER_MAX_ERRORS, "500 more errors not listed");
	dot_roster_free(r);
	free(buf);
}

/* ---- whole-file refusals ------------------------------------------------- */

static void
test_refusals(void **state)
{
	static const char garbage[] = "\x13\x88\x01\x00\xfe\x02PK\xff\x00";
	static const char zip[] = "PK\x03\x04\x14\x00\x06\x00";
	char *cause;

	cause = refuse("");
	assert_string_equal(cause, "'test.csv' is empty: export the list "
				   "again (a CSV file with a header line, or "
				   "ElevesSansAdresses.xml from SIECLE)");
	free(cause);
	cause = refuse("\xef\xbb\xbf \r\n\n");
	assert_contains(cause, "is empty");
	free(cause);

	cause = refuse(HEADER);
	assert_string_equal(cause,
			    "'test.csv' has no rows: only the header "
			    "line was found; add one line per person below "
			    "it");
	free(cause);
	cause = refuse(HEADER "\n;;;;;;\n");
	assert_contains(cause, "has no rows");
	free(cause);

	cause = refuse("Couleur;Taille;Poids\nbleu;3;4\n");
	assert_contains(cause, "no known column in the header line (found "
			       "'Couleur', 'Taille', 'Poids')");
	assert_contains(cause, "Nom, Prénom, Date de naissance, Classe, "
			       "Profil, INE, Identifiant");
	free(cause);

	cause = refuse("Nom;Classe\nRoux;2NDE 1\n");
	assert_string_equal(cause,
			    "'test.csv' line 1: no first name column "
			    "(Prénom) in the header (found 'Nom', 'Classe'): "
			    "name the columns, e.g. Nom, Prénom, Date de "
			    "naissance, Classe, Profil, INE, Identifiant");
	free(cause);
	cause = refuse("Prénom;Classe\nLéa;2NDE 1\n");
	assert_contains(cause, "no last name column (Nom)");
	free(cause);

	cause = refuse_n(garbage, sizeof(garbage) - 1);
	assert_contains(cause, "is not a text file");
	free(cause);
	cause = refuse_n(zip, sizeof(zip) - 1);
	assert_contains(cause, "spreadsheet workbook");
	free(cause);
	cause = refuse("%PDF-1.7\n");
	assert_contains(cause, "PDF");
	free(cause);
}

static void
test_file_errors(void **state)
{
	struct dot_roster *r = (struct dot_roster *)1;
	char *cause = NULL;

	assert_int_equal(dot_roster_parse_file(DOT_FIXTURES "/roster/nope.csv",
					       NULL, &r, &cause),
			 DOT_ERUNTIME);
	assert_null(r);
	assert_contains(cause, "cannot open '");
	free(cause);
	dot_roster_free(NULL);
}

/* ---- files ------------------------------------------------------------- */

static void
progress(size_t done, size_t total, void *data)
{
	size_t *last = data;

	assert_true(done <= total);
	assert_true(done >= *last);
	*last = done;
}

static void
test_demo_roster(void **state)
{
	size_t last = 0, i, profs = 0;
	struct dot_roster_opts o = {.progress = progress,
				    .progress_data = &last};
	struct dot_roster *r = NULL;
	char *cause = NULL;

	assert_int_equal(dot_roster_parse_file(DOT_FIXTURES
					       "/../../data/demo-roster.csv",
					       &o, &r, &cause),
			 0);
	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 160);
	for (i = 0; i < r->nrows; i++) {
		if (r->rows[i].profile == DOT_PROFILE_PROF) {
			profs++;
			assert_string_equal(r->rows[i].class_name, "");
			assert_null(r->rows[i].ine);
		} else {
			assert_non_null(r->rows[i].ine);
			assert_non_null(r->rows[i].birth_date);
		}
		assert_non_null(r->rows[i].ext_id);
	}
	assert_int_equal(profs, 10);
	assert_true(last > 0); /* the final report says done == total */
	dot_roster_free(r);
}

static const struct dot_person_in *
by_ext(const struct dot_roster *r, const char *ext)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].ext_id && strcmp(r->rows[i].ext_id, ext) == 0)
			return &r->rows[i];
	fail_msg("no row with ELEVE_ID %s", ext);
	return NULL;
}

static void
test_siecle(void **state)
{
	struct dot_roster *r = NULL;
	const struct dot_person_in *p;
	char *cause = NULL;

	assert_int_equal(dot_roster_parse_file(DOT_FIXTURES
					       "/roster/ElevesSansAdresses.xml",
					       &opts_today, &r, &cause),
			 0);
	assert_string_equal(r->format, "siecle");
	assert_string_equal(r->encoding, "ISO-8859-15");
	assert_int_equal(r->nrows, 4);

	p = by_ext(r, "4001");
	assert_string_equal(p->last_name, "LEFÈVRE");
	assert_string_equal(p->first_name, "Éloïse");
	assert_string_equal(p->birth_date, "2009-03-14");
	assert_string_equal(p->ine, "1234567890A");
	assert_string_equal(p->class_name, "2NDE 3"); /* D, not the G group */
	assert_int_equal(p->profile, DOT_PROFILE_ELEVE);
	assert_true(p->active);
	assert_int_equal(p->line, 11);

	p = by_ext(r, "4002"); /* left in January: inactive */
	assert_string_equal(p->last_name, "CŒURDEVEY");
	assert_false(p->active);
	assert_string_equal(p->class_name, "1ERE 2");

	p = by_ext(r, "4003"); /* older exports say NOM */
	assert_string_equal(p->last_name, "N'DIAYE");
	assert_string_equal(p->class_name, "TLE 1");
	assert_string_equal(p->birth_date, "2008-02-29");

	p = by_ext(r, "4004"); /* only a group: no class */
	assert_string_equal(p->last_name, "ÇELIK");
	assert_string_equal(p->class_name, "");
	assert_null(p->ine);

	assert_int_equal(r->ninvalid, 1);
	assert_int_equal(r->nerrors, 1);
	assert_error(r, 0,
		     "line 43: ELEVE_ID 4005: invalid birth date "
		     "'31/02/2009' (expected DD/MM/YYYY)");
	/* 4004 has no ID_NATIONAL and only a group: both said */
	assert_int_equal(r->nwarnings, 2);
	assert_warning(r, 0,
		       "line 38: ELEVE_ID 4004 (ÇELIK Maël): no "
		       "ID_NATIONAL: imported without INE");
	assert_warning(r, 1,
		       "line 38: ELEVE_ID 4004 (ÇELIK Maël): only in "
		       "groups (such as 'G-LATIN'), in no division "
		       "(TYPE_STRUCTURE D): imported without class");
	dot_roster_free(r);
}

static void
test_siecle_inline(void **state)
{
	/* STRUCTURES before ELEVES, a departure planned for later */
	struct dot_roster *r = parse(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<BEE_ELEVES><DONNEES><STRUCTURES>"
		"<STRUCTURES_ELEVE ELEVE_ID=\"7\"><STRUCTURE>"
		"<CODE_STRUCTURE>2NDE 5</CODE_STRUCTURE>"
		"<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>"
		"</STRUCTURES_ELEVE></STRUCTURES><ELEVES>"
		"<ELEVE ELEVE_ID=\"7\"><NOM_DE_FAMILLE>Roux</NOM_DE_FAMILLE>"
		"<PRENOM>Léa</PRENOM><DATE_SORTIE>30/06/2199</DATE_SORTIE>"
		"</ELEVE><ELEVE ELEVE_ID=\"7\"><NOM_DE_FAMILLE>Bis"
		"</NOM_DE_FAMILLE><PRENOM>X</PRENOM></ELEVE>"
		"</ELEVES></DONNEES></BEE_ELEVES>\n");

	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].class_name, "2NDE 5");
	assert_true(r->rows[0].active);
	assert_error(r, 0,
		     "line 2: ELEVE_ID 7: duplicate of line 2 (same "
		     "identifier '7'): remove one of the two rows");
	dot_roster_free(r);
}

static void
test_siecle_refusals(void **state)
{
	char *cause;

	cause = refuse("<?xml version=\"1.0\"?>\n<BEE_RESPONSABLES>"
		       "</BEE_RESPONSABLES>\n");
	assert_contains(cause, "not a SIECLE student export (root element "
			       "<BEE_RESPONSABLES>, expected <BEE_ELEVES>)");
	free(cause);

	cause = refuse("<?xml version=\"1.0\"?>\n<BEE_ELEVES>\n<DONNEES>"
		       "<ELEVES><ELEVE ELEVE_ID=\"1\"><NOM>A</NOM>\n"
		       "</ELEVES></DONNEES></BEE_ELEVES>\n");
	assert_contains(cause, "'test.csv' line 4: invalid XML (");
	free(cause);

	cause = refuse("<BEE_ELEVES><DONNEES><ELEVES/></DONNEES>"
		       "</BEE_ELEVES>");
	assert_contains(cause, "has no rows: no <ELEVE> element");
	free(cause);
}

/* ---- rosters as schools really have them (issue 15) --------------------- */

static struct dot_roster *
parse_fixture(const char *name)
{
	struct dot_roster *r = NULL;
	char *cause = NULL,
	     *path = dot_xasprintf("%s/roster/%s", DOT_FIXTURES, name);

	if (dot_roster_parse_file(path, &opts_today, &r, &cause) != 0)
		fail_msg("%s refused: %s", name, cause ? cause : "?");
	free(path);
	return r;
}

static char *
refuse_fixture(const char *name)
{
	struct dot_roster *r = (struct dot_roster *)1;
	char *cause = NULL,
	     *path = dot_xasprintf("%s/roster/%s", DOT_FIXTURES, name);

	assert_int_equal(dot_roster_parse_file(path, &opts_today, &r, &cause),
			 DOT_ERULE);
	assert_null(r);
	assert_non_null(cause);
	free(path);
	return cause;
}

/* UTF-8 bytes under SIECLE's ISO-8859-15 declaration: read as UTF-8. */
static void
test_siecle_utf8_under_latin9(void **state)
{
	struct dot_roster *r = parse_fixture("siecle-utf8-under-latin9.xml");
	char *w;

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->rows[0].first_name,
			    "Grégory"); /* not GrÃ©gory */
	assert_string_equal(r->rows[1].last_name, "MÜLLER");
	assert_string_equal(r->rows[1].class_name, "2NDE 4");
	assert_string_equal(r->encoding, "utf-8");
	assert_int_equal(r->nwarnings, 1);
	assert_int_equal(r->warnings[0].line, 0);
	w = r->warnings[0].reason;
	assert_contains(w, "declares the encoding ISO-8859-15 but is written "
			   "in UTF-8");
	assert_contains(w, "read as UTF-8");
	dot_roster_free(r);

	/* a real Latin-9 file is still read as Latin-9, silently */
	r = parse_fixture("ElevesSansAdresses.xml");
	assert_string_equal(r->encoding, "ISO-8859-15");
	assert_string_equal(by_ext(r, "4001")->first_name, "Éloïse");
	dot_roster_free(r);
}

/*
 * ELEVE_ID is SIECLE's key: an ID_NATIONAL of another shape is kept with
 * a warning, a missing one is said, a student without ELEVE_ID is still
 * imported by its INE; only one that nothing identifies is refused.
 */
static void
test_siecle_identifiers(void **state)
{
	struct dot_roster *r = parse_fixture("siecle-identifiers.xml");

	assert_int_equal(r->nrows, 5);
	assert_string_equal(by_ext(r, "5101")->ine, "1234567890A");
	assert_string_equal(by_ext(r, "5102")->ine, "12345678901");
	assert_string_equal(by_ext(r, "5103")->ine, "INE-2024-77");
	assert_string_equal(by_ext(r, "5103")->class_name, "1ERE 1");
	assert_null(by_ext(r, "5104")->ine);
	assert_null(r->rows[4].ext_id);
	assert_string_equal(r->rows[4].ine, "9876543210Z");
	assert_string_equal(r->rows[4].last_name, "ESTEVE");

	assert_int_equal(r->ninvalid, 1);
	assert_int_equal(r->nerrors, 1);
	assert_error(r, 0,
		     "line 38: ELEVE without ELEVE_ID: no ELEVE_ID, "
		     "ID_NATIONAL or DATE_NAISS: this student cannot be "
		     "identified; complete the record in SIECLE and "
		     "export ElevesSansAdresses.xml from SIECLE again");

	assert_int_equal(r->nwarnings, 4);
	assert_warning(r, 0,
		       "line 15: ELEVE_ID 5102 (BERGER Inès): INE "
		       "'12345678901' has an unexpected shape (accepted: "
		       "1234567890A, 123456789AB, 1234A56789B): imported "
		       "as given, check it in SIECLE");
	assert_warning(r, 1,
		       "line 21: ELEVE_ID 5103 (CARON Hugo): INE "
		       "'INE-2024-77' has an unexpected shape (accepted: "
		       "1234567890A, 123456789AB, 1234A56789B): imported "
		       "as given, check it in SIECLE");
	assert_warning(r, 2,
		       "line 27: ELEVE_ID 5104 (DUMAS Jade): no "
		       "ID_NATIONAL: imported without INE");
	assert_warning(r, 3,
		       "line 32: ELEVE without ELEVE_ID (ESTEVE Lina): "
		       "imported without identifier and without class "
		       "(the division is found by ELEVE_ID)");
	dot_roster_free(r);
}

/* A group-only student, the pseudo-division Inactifs, no structure. */
static void
test_siecle_structures(void **state)
{
	struct dot_roster *r = parse_fixture("siecle-structures.xml");

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 4);
	assert_string_equal(by_ext(r, "5201")->class_name, "TLE 2");
	assert_string_equal(by_ext(r, "5202")->class_name, "");
	assert_true(by_ext(r, "5202")->active);
	assert_string_equal(by_ext(r, "5203")->class_name, "");
	assert_false(by_ext(r, "5203")->active);
	assert_string_equal(by_ext(r, "5204")->class_name, "");
	assert_int_equal(r->nwarnings, 3);
	assert_warning(r, 0,
		       "line 15: ELEVE_ID 5202 (HUET Noé): only in "
		       "groups (such as 'G-ESP3'), in no division "
		       "(TYPE_STRUCTURE D): imported without class");
	assert_warning(r, 1,
		       "line 21: ELEVE_ID 5203 (ISNARD Zoé): in the "
		       "division 'Inactifs', which is not a class: "
		       "imported as inactive, without class");
	assert_warning(r, 2,
		       "line 27: ELEVE_ID 5204 (JOLY Théo): in no "
		       "division (TYPE_STRUCTURE D): imported without "
		       "class");
	dot_roster_free(r);

	/* newcomers before their divisions: one warning for all */
	r = parse("<BEE_ELEVES><DONNEES><ELEVES>\n"
		  "<ELEVE ELEVE_ID=\"1\">"
		  "<ID_NATIONAL>1234567891Z</ID_NATIONAL><NOM>A</NOM>"
		  "<PRENOM>B</PRENOM></ELEVE>\n"
		  "<ELEVE ELEVE_ID=\"2\">"
		  "<ID_NATIONAL>1234567892Z</ID_NATIONAL><NOM>C</NOM>"
		  "<PRENOM>D</PRENOM></ELEVE>\n"
		  "<ELEVE ELEVE_ID=\"3\">"
		  "<ID_NATIONAL>1234567893Z</ID_NATIONAL><NOM>E</NOM>"
		  "<PRENOM>F</PRENOM></ELEVE>\n"
		  "</ELEVES></DONNEES></BEE_ELEVES>\n");
	assert_int_equal(r->nrows, 3);
	assert_int_equal(r->nwarnings, 1);
	assert_warning(r, 0,
		       "line 2: 3 students in no division "
		       "(TYPE_STRUCTURE D), the first ELEVE_ID 1 (A B): "
		       "imported without class");
	dot_roster_free(r);
}

/* A copy interrupted in the middle of an ELEVE: named, nothing imported. */
static void
test_siecle_truncated(void **state)
{
	char *cause = refuse_fixture("siecle-truncated.xml");

	assert_contains(cause, "siecle-truncated.xml' is cut off: it ends at "
			       "line 18 inside the element <PRENOM> opened "
			       "line 18; the file is incomplete");
	free(cause);
	/* cut between two elements, inside ELEVES */
	cause = refuse("<?xml version=\"1.0\"?>\n<BEE_ELEVES><DONNEES>\n"
		       "<ELEVES><ELEVE ELEVE_ID=\"1\"><NOM>A</NOM><PRENOM>B"
		       "</PRENOM></ELEVE>\n");
	assert_contains(cause, "ends at line 4 inside the element <ELEVES> "
			       "opened line 3");
	free(cause);
}

static void
test_siecle_unknown_encoding(void **state)
{
	struct dot_roster *r;
	char *cause = refuse_fixture("siecle-unknown-encoding.xml");

	assert_contains(cause, "line 1: unknown encoding 'ISO-8859-99' in the "
			       "XML declaration: export ElevesSansAdresses.xml "
			       "from SIECLE again (SIECLE writes ISO-8859-15)");
	free(cause);
	/* the same declaration over UTF-8 text: read, and said */
	r = parse("<?xml version=\"1.0\" encoding=\"X-UNHEARD-OF\"?>\n"
		  "<BEE_ELEVES><DONNEES><ELEVES><ELEVE ELEVE_ID=\"1\">"
		  "<ID_NATIONAL>1234567890A</ID_NATIONAL>"
		  "<NOM>Noël</NOM><PRENOM>Zoé</PRENOM></ELEVE></ELEVES>"
		  "<STRUCTURES><STRUCTURES_ELEVE ELEVE_ID=\"1\"><STRUCTURE>"
		  "<CODE_STRUCTURE>2NDE 1</CODE_STRUCTURE><TYPE_STRUCTURE>D"
		  "</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>"
		  "</STRUCTURES></DONNEES></BEE_ELEVES>\n");
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].last_name, "Noël");
	assert_warning(r, 0,
		       "line 1: unknown encoding 'X-UNHEARD-OF' in the "
		       "XML declaration: read as UTF-8, which the text "
		       "is");
	dot_roster_free(r);
}

/* Template headers: "Nom de famille*", "Premier prénom*", "Nom d'usage". */
static void
test_marked_headers(void **state)
{
	struct dot_roster *r = parse_fixture("csv-marked-headers.csv");

	assert_int_equal(r->nerrors, 0);
	assert_int_equal(r->nrows, 3);
	/* the usage name is the displayed one when present */
	assert_string_equal(r->rows[0].last_name, "DURAND-MARTIN");
	assert_string_equal(r->rows[0].first_name, "Zoé");
	assert_string_equal(r->rows[0].birth_date, "2009-02-01");
	assert_string_equal(r->rows[0].class_name, "2NDE 1");
	assert_string_equal(r->rows[0].ine, "3234567890A");
	assert_string_equal(r->rows[1].last_name, "PETIT");
	assert_string_equal(r->rows[1].ine, "22345678901");
	assert_null(r->rows[2].ine);
	/* the CSV rule for identifiers is SIECLE's: kept, and said */
	assert_int_equal(r->nwarnings, 1);
	assert_warning(r, 0,
		       "line 3: PETIT Noé: INE '22345678901' has an "
		       "unexpected shape (accepted: 1234567890A, "
		       "123456789AB, 1234A56789B): imported as given, "
		       "check it");
	dot_roster_free(r);

	/* only a usage name column: it is the last name */
	r = parse("Nom d'usage*;Prénom**\nDUPONT;Marc\n");
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].last_name, "DUPONT");
	dot_roster_free(r);
}

/* ---- hostile input (issue 13) ------------------------------------------- */

/* Item 3: control and bidi characters are refused, per line, at import. */
static void
test_control_chars(void **state)
{
	struct dot_roster *r = parse_fixture("csv-control-chars.csv");

	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].last_name, "Gris");
	assert_int_equal(r->ninvalid, 4);
	assert_int_equal(r->nerrors, 4);
	assert_error(r, 0,
		     "line 2: the last name contains a control or "
		     "text-direction character (U+001B): remove it");
	assert_error(r, 1,
		     "line 3: the first name contains a control or "
		     "text-direction character (U+0085): remove it");
	assert_error(r, 2,
		     "line 4: the first name contains a control or "
		     "text-direction character (U+202E): remove it");
	assert_error(r, 3,
		     "line 5: the class contains a control or "
		     "text-direction character (U+2066): remove it");
	dot_roster_free(r);

	/* SIECLE: character references reach the same rule */
	r = parse(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES>"
		"<DONNEES><ELEVES>\n<ELEVE ELEVE_ID=\"1\"><NOM>A&#x202E;B</NOM>"
		"<PRENOM>C</PRENOM></ELEVE>\n<ELEVE ELEVE_ID=\"2\"><NOM>D</NOM>"
		"<PRENOM>E&#x9B;31m</PRENOM></ELEVE>\n</ELEVES></DONNEES>"
		"</BEE_ELEVES>\n");
	assert_int_equal(r->nrows, 0);
	assert_error(r, 0,
		     "line 3: ELEVE_ID 1: the last name contains a "
		     "control or text-direction character (U+202E): "
		     "remove it");
	assert_error(r, 1,
		     "line 4: ELEVE_ID 2: the first name contains a "
		     "control or text-direction character (U+009B): "
		     "remove it");
	dot_roster_free(r);
}

/* Item 10: every field is bounded (200 characters, not bytes). */
static void
test_field_bounds(void **state)
{
	size_t big = 1 << 20, i;
	char *buf = dot_xmalloc(big + 4096), *w = buf;
	struct dot_roster *r;

	w += sprintf(w, "Nom;Prénom;Classe;Identifiant\n");
	/* 200 two-byte characters: at the bound, accepted */
	w += sprintf(w, "Ok;");
	for (i = 0; i < 200; i++)
		w += sprintf(w, "é");
	w += sprintf(w, ";2NDE 1;E1\nBig;");
	memset(w, 'x', big);
	w += big;
	w += sprintf(w, ";2NDE 1;E2\nCls;A;");
	memset(w, 'y', 201);
	w += 201;
	w += sprintf(w, ";E3\n");
	r = parse_n(buf, (size_t)(w - buf));
	assert_int_equal(r->nrows, 1);
	assert_int_equal(strlen(r->rows[0].first_name), 400);
	assert_int_equal(r->nerrors, 2);
	assert_error(r, 0,
		     "line 3: the first name is 1048576 characters long "
		     "(at most 200): shorten it");
	assert_error(r, 1,
		     "line 4: the class is 201 characters long (at most "
		     "200): shorten it");
	dot_roster_free(r);
	free(buf);
}

/* Item 13: one stray byte names its line; the rest stays UTF-8. */
static void
test_one_bad_byte(void **state)
{
	struct dot_roster *r = parse_fixture("csv-one-latin1-byte.csv");
	char *cause;

	assert_string_equal(r->encoding, "utf-8");
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].first_name, "Éloïse"); /* not Ã‰loÃ¯se */
	assert_string_equal(r->rows[1].last_name, "Cœur");
	assert_string_equal(r->rows[2].first_name, "Noël");
	assert_int_equal(r->ninvalid, 1);
	assert_int_equal(r->nerrors, 1);
	assert_error(r, 0,
		     "line 4: byte 0xE7 is not UTF-8 like the rest of "
		     "the file: retype the accented letters of this "
		     "line, or save the file again as CSV UTF-8");
	dot_roster_free(r);

	/* in the header: the line is named, not a missing column */
	cause = refuse("Nom;Pr\xe9nom;Classe\nLefèvre;Éloïse;2NDE 1\n"
		       "Cœur;Chloé;2NDE 1\n");
	assert_string_equal(cause, "'test.csv' line 1: byte 0xE9 in the header "
				   "line is not UTF-8 like the rest of the "
				   "file: retype the accented letters of this "
				   "line, or save the file again as CSV UTF-8");
	free(cause);

	/* a real Windows-1252 file is still read as such */
	r = parse("Nom;Pr\xe9nom\nC\x9c"
		  "ur;Z\xe9lie\n");
	assert_string_equal(r->encoding, "windows-1252");
	assert_string_equal(r->rows[0].last_name, "Cœur");
	dot_roster_free(r);
}

/* An element that has n attributes, as a SIECLE file. */
static char *
attribute_bomb(size_t n, size_t *len)
{
	char *buf = dot_xmalloc(n * 16 + 512), *w = buf;
	size_t i;

	w += sprintf(w, "<?xml version=\"1.0\"?>\n<BEE_ELEVES><DONNEES><ELEVES>"
			"\n<ELEVE ELEVE_ID=\"1\"");
	for (i = 0; i < n; i++)
		w += sprintf(w, " a%zu=\"%zu\"", i, i);
	w += sprintf(w, "><NOM>A</NOM><PRENOM>B</PRENOM></ELEVE></ELEVES>"
			"</DONNEES></BEE_ELEVES>\n");
	*len = (size_t)(w - buf);
	return buf;
}

/*
 * Item 9: 200,000 attributes hung import for minutes (libxml2's
 * duplicate check is quadratic); bounds on attributes, depth and record
 * size refuse such files at once, and entities are never declared.
 */
static void
test_siecle_bombs(void **state)
{
	size_t len, i;
	char *buf = attribute_bomb(200000, &len), *cause, *w;
	struct dot_roster *r;

	cause = refuse_n(buf, len);
	assert_string_equal(cause, "'test.csv' line 3: element <ELEVE> has "
				   "more than 64 attributes, which a SIECLE "
				   "export never has: export "
				   "ElevesSansAdresses.xml from SIECLE again");
	free(cause);
	free(buf);
	/* at the bound: an ordinary element */
	buf = attribute_bomb(63, &len);
	r = parse_n(buf, len);
	assert_int_equal(r->nrows, 1);
	dot_roster_free(r);
	free(buf);

	buf = dot_xmalloc(100000);
	w = buf + sprintf(buf, "<BEE_ELEVES><DONNEES><ELEVES>");
	for (i = 0; i < 5000; i++)
		w += sprintf(w, "<X>");
	*w = '\0';
	cause = refuse(buf);
	assert_contains(cause, "line 1: elements nested more than 32 deep");
	free(cause);

	w = buf + sprintf(buf, "<BEE_ELEVES><DONNEES><ELEVES>\n<ELEVE "
			       "ELEVE_ID=\"1\">");
	for (i = 0; i < 5000; i++)
		w += sprintf(w, "<X/>");
	sprintf(w, "</ELEVE></ELEVES></DONNEES></BEE_ELEVES>");
	cause = refuse(buf);
	assert_contains(cause, "the element that starts line 2 holds more "
			       "than 1000 elements");
	free(cause);
	free(buf);

	/* billion laughs and external entities: never expanded */
	cause = refuse("<?xml version=\"1.0\"?>\n<!DOCTYPE BEE_ELEVES [\n"
		       "<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;"
		       "&a;&a;&a;&a;\">\n]>\n<BEE_ELEVES><DONNEES><ELEVES>"
		       "<ELEVE ELEVE_ID=\"1\"><NOM>&b;</NOM><PRENOM>B</PRENOM>"
		       "</ELEVE></ELEVES></DONNEES></BEE_ELEVES>\n");
	assert_string_equal(cause, "'test.csv' line 2: the file declares its "
				   "own entities (<!DOCTYPE ... [ ... ]>), "
				   "which a SIECLE export never does: export "
				   "ElevesSansAdresses.xml from SIECLE again");
	free(cause);
	/* an undeclared entity is an XML error, not a file read */
	cause = refuse("<?xml version=\"1.0\"?>\n<BEE_ELEVES><DONNEES><ELEVES>"
		       "<ELEVE ELEVE_ID=\"1\"><NOM>&x;</NOM><PRENOM>B</PRENOM>"
		       "</ELEVE></ELEVES></DONNEES></BEE_ELEVES>\n");
	assert_contains(cause, "line 2: invalid XML (");
	free(cause);
}

/* French is the default interface language: the messages must exist. */
static void
test_french(void **state)
{
	const char *dir = getenv("DOTATION_LOCALEDIR");
	char *mo, *cause;
	struct dot_roster *r;
	FILE *f;

	if (!dir)
		skip();
	mo = dot_xasprintf("%s/fr/LC_MESSAGES/dotation.mo", dir);
	f = fopen(mo, "r");
	free(mo);
	if (!f)
		skip(); /* the translations target was not built */
	fclose(f);
	assert_int_equal(dot_i18n_init("fr"), 0);
	r = parse(HEADER "A;B;31/02/2010;;Parent;;\n");
	assert_error(r, 0,
		     "ligne 2 : date de naissance invalide "
		     "« 31/02/2010 » (attendu JJ/MM/AAAA)");
	assert_error(r, 1,
		     "ligne 2 : profil inconnu « Parent » (attendu "
		     "Élève, Enseignant ou Personnel)");
	dot_roster_free(r);
	r = parse(HEADER "Roux;Léa;;;;12345;\nNoir;A\xe2\x80\xae;;;;;\n");
	assert_warning(r, 0,
		       "ligne 2 : Roux Léa : INE « 12345 » de forme "
		       "inattendue (formes reconnues : 1234567890A, "
		       "123456789AB, 1234A56789B) : importé tel quel, "
		       "vérifiez-le");
	assert_error(r, 0,
		     "ligne 3 : le champ « prénom » contient un "
		     "caractère de contrôle ou de sens d'écriture "
		     "(U+202E) : supprimez-le");
	dot_roster_free(r);
	cause = refuse(HEADER);
	assert_string_equal(cause,
			    "« test.csv » ne contient aucune ligne : "
			    "seule la ligne d'en-tête a été trouvée ; ajoutez "
			    "une ligne par personne en dessous");
	free(cause);
	assert_int_equal(dot_i18n_init("en"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_windows_1252),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_header_aliases),
		cmocka_unit_test(test_header_case_and_accents),
		cmocka_unit_test(test_title_line_and_extra_columns),
		cmocka_unit_test(test_invalid_date),
		cmocka_unit_test(test_invalid_ine),
		cmocka_unit_test(test_missing_names),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_demo_roster),
		cmocka_unit_test(test_siecle),
		cmocka_unit_test(test_siecle_inline),
		cmocka_unit_test(test_siecle_refusals),
		cmocka_unit_test(test_siecle_utf8_under_latin9),
		cmocka_unit_test(test_siecle_identifiers),
		cmocka_unit_test(test_siecle_structures),
		cmocka_unit_test(test_siecle_truncated),
		cmocka_unit_test(test_siecle_unknown_encoding),
		cmocka_unit_test(test_marked_headers),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_field_bounds),
		cmocka_unit_test(test_one_bad_byte),
		cmocka_unit_test(test_siecle_bombs),
		cmocka_unit_test(test_french),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
