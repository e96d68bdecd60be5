/*
 * CSV reader. Spreadsheets save "CSV" in many dialects: French Excel uses
 * ';', LibreOffice asks, exports from other tools use ',' or tab. We take
 * the separator that occurs most in the header line (outside quotes),
 * accept CRLF, LF and old Mac CR line ends, and RFC 4180 quoting ("" is a
 * quote; a quoted field may hold separators and line breaks).
 *
 * Fields are cut in place: unquoting only ever shrinks a field, so the
 * decoded text is rewritten as we go and each field ends with a NUL. One
 * pass, no allocation per field: 65,000 rows take a few milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "roster_int.h"

enum col {
	C_LAST,
	C_FIRST,
	C_BIRTH,
	C_CLASS,
	C_PROFILE,
	C_INE,
	C_EXT,
	C_USAGE,
	C_N
};

/*
 * Header names once folded to letters and digits (see fold_key()), so
 * that the marks of mandatory columns some tools add ("Nom de famille*",
 * "Division**") do not matter.
 */
static const struct {
	const char *key;
	enum col col;
} aliases[] = {
	{"nom", C_LAST},
	{"nomdefamille", C_LAST},
	{"lastname", C_LAST},
	{"nomeleve", C_LAST},
	{"nomdusage", C_USAGE},
	{"nomusage", C_USAGE},
	{"prenom", C_FIRST},
	{"firstname", C_FIRST},
	{"prenomeleve", C_FIRST},
	{"premierprenom", C_FIRST},
	{"prenom1", C_FIRST},
	{"datedenaissance", C_BIRTH},
	{"datenaiss", C_BIRTH},
	{"neele", C_BIRTH},
	{"nele", C_BIRTH},
	{"birthdate", C_BIRTH},
	{"datenaissance", C_BIRTH},
	{"classe", C_CLASS},
	{"division", C_CLASS},
	{"class", C_CLASS},
	{"profil", C_PROFILE},
	{"type", C_PROFILE},
	{"profile", C_PROFILE},
	{"ine", C_INE},
	{"idnational", C_INE},
	{"identifiant", C_EXT},
	{"eleveid", C_EXT},
	{"login", C_EXT},
	{"uid", C_EXT},
};

struct csv {
	char *p, *end;
	char sep;
	int line; /* physical line at p, 1-based */
	char **f; /* fields of the current record */
	size_t nf, capf;
	bool unterminated;       /* the record ends inside a quoted field */
	unsigned char stop[256]; /* bytes that end an unquoted field */
};

static void
csv_set_sep(struct csv *cs, char sep)
{
	cs->sep = sep;
	memset(cs->stop, 0, sizeof(cs->stop));
	cs->stop[(unsigned char)sep] = 1;
	cs->stop['\n'] = 1;
	cs->stop['\r'] = 1;
	cs->stop['\0'] = 1;
}

static void
field_push(struct csv *cs, char *s)
{
	if (cs->nf == cs->capf) {
		cs->capf = cs->capf ? cs->capf * 2 : 16;
		cs->f = dot_xrealloc(cs->f, cs->capf * sizeof(*cs->f));
	}
	cs->f[cs->nf++] = s;
}

/*
 * Cut the record at cs->p into cs->f. Returns false at the end of the
 * text; *line receives the line the record starts on.
 */
static bool
csv_record(struct csv *cs, int *line)
{
	char *p = cs->p, *end = cs->end;

	if (p >= end)
		return false;
	*line = cs->line;
	cs->nf = 0;
	cs->unterminated = false;
	for (;;) {
		char *start = p, *w = p, term;

		if (*p == '"') {
			p++;
			for (;;) {
				if (p >= end) {
					cs->unterminated = true;
					break;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n' ||
				    (*p == '\r' &&
				     (p + 1 >= end || p[1] != '\n')))
					cs->line++;
				*w++ = *p++;
			}
			/* text after the closing quote is kept as is */
			while (p < end && !cs->stop[(unsigned char)*p])
				*w++ = *p++;
		} else {
			while (!cs->stop[(unsigned char)*p])
				p++;
			w = p;
		}
		term = p < end ? *p : '\0';
		*w = '\0';
		field_push(cs, start);
		if (term == cs->sep) {
			p++;
			continue;
		}
		if (term == '\r') {
			p++;
			if (p < end && *p == '\n')
				p++;
			cs->line++;
		} else if (term == '\n') {
			p++;
			cs->line++;
		} else if (p < end) {
			p++; /* a stray NUL: never loop on it */
		}
		break;
	}
	cs->p = p;
	return true;
}

/* A record whose every field is blank (an empty line, or ";;;;"). */
static bool
blank_record(const struct csv *cs)
{
	size_t i;
	const char *s;

	for (i = 0; i < cs->nf; i++)
		for (s = cs->f[i]; *s; s++)
			if (*s != ' ' && *s != '\t')
				return false;
	return true;
}

/* The separator used most often, outside quotes, on the line at p. */
static char
detect_sep(const char *p, const char *end)
{
	size_t semi = 0, comma = 0, tab = 0;
	bool quoted = false;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == ';')
			semi++;
		else if (*p == ',')
			comma++;
		else if (*p == '\t')
			tab++;
	}
	if (tab > semi && tab >= comma)
		return '\t';
	if (comma > semi && comma > tab)
		return ',';
	return ';';
}

/* Letters and digits of the folded header: "Né(e) le" -> "neele". */
static int
header_col(const char *h)
{
	char *f = dot_fold(h), *r, *w;
	size_t i;
	int col = -1;

	for (r = w = f; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9'))
			*w++ = *r;
	*w = '\0';
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(f, aliases[i].key) == 0)
			col = (int)aliases[i].col;
	free(f);
	return col;
}

/* "'a', 'b', 'c'" for a message, at most 200 bytes. */
static char *
header_list(const struct csv *cs)
{
	size_t i, n = 0, cap = 256;
	char *s = dot_xmalloc(cap), q[64];

	s[0] = '\0';
	for (i = 0; i < cs->nf && n < 200; i++) {
		const char *v = roster_shown(cs->f[i], q);
		size_t l = strlen(v) + 4;

		if (n + l + 1 > cap) {
			cap = (n + l + 1) * 2;
			s = dot_xrealloc(s, cap);
		}
		n += (size_t)sprintf(s + n, "%s'%s'", i ? ", " : "", v);
	}
	return s;
}

/*
 * The first stray byte of the record that ended at cs->line (see
 * roster_ctx.bad), consuming the entries up to it; 0 when it has none.
 * *bad_line receives the line holding the byte.
 */
static unsigned char
record_bad(struct roster_ctx *c, const struct csv *cs, size_t *next,
	   int *bad_line)
{
	unsigned char b = 0;
	bool at_end = cs->p >= cs->end;

	while (*next < c->nbad && (c->bad[*next].line < cs->line || at_end)) {
		if (!b) {
			b = c->bad[*next].byte;
			*bad_line = c->bad[*next].line;
		}
		(*next)++;
	}
	return b;
}

#define EXPECTED_COLUMNS                                                       \
	"Nom, Prénom, Date de naissance, Classe, Profil, INE, Identifiant"

int
roster_parse_csv(struct roster_ctx *c, char *text, size_t len, char **cause)
{
	struct csv cs = {.p = text, .end = text + len, .line = 1};
	int map[C_N], line = 0, rc = 0, tries = 0, i, bad_line = 0;
	char *first_headers = NULL;
	size_t rows = 0, next_bad = 0;
	unsigned char bad = 0;
	bool found = false;

	/*
	 * The header is the first line naming a known column; a title line
	 * or two above it ("Liste des élèves 2NDE 1") is skipped.
	 */
	while (!found && tries < 10) {
		csv_set_sep(&cs, detect_sep(cs.p, cs.end));
		if (!csv_record(&cs, &line))
			break;
		bad = record_bad(c, &cs, &next_bad, &bad_line);
		if (blank_record(&cs))
			continue;
		for (i = 0; i < C_N; i++)
			map[i] = -1;
		for (i = 0; i < (int)cs.nf; i++) {
			int col = header_col(cs.f[i]);

			if (col >= 0 && map[col] < 0) {
				map[col] = i;
				found = true;
			}
		}
		if (!tries)
			first_headers = header_list(&cs);
		tries++;
	}
	if (!tries) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' is empty: export the list again (a CSV "
				"file with a header line, or "
				"ElevesSansAdresses.xml from SIECLE)"),
			      c->name);
		goto out;
	}
	if (found && bad) {
		/* the header is the first line naming a column */
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' line %d: byte 0x%02X in the header "
				"line is not UTF-8 like the rest of the file: "
				"retype the accented letters of this line, or "
				"save the file again as CSV UTF-8"),
			      c->name, bad_line, bad);
		goto out;
	}
	if (!found) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s': no known column in the header line "
				"(found %s): the first line must name the "
				"columns, e.g. %s"),
			      c->name, first_headers, EXPECTED_COLUMNS);
		goto out;
	}
	if ((map[C_LAST] < 0 && map[C_USAGE] < 0) || map[C_FIRST] < 0) {
		char *have = header_list(&cs);

		if (map[C_LAST] < 0 && map[C_USAGE] < 0)
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' line %d: no last name column "
					"(%s) in the header (found %s): name "
					"the columns, e.g. %s"),
				      c->name, line, "Nom", have,
				      EXPECTED_COLUMNS);
		else
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' line %d: no first name column "
					"(%s) in the header (found %s): name "
					"the columns, e.g. %s"),
				      c->name, line, "Prénom", have,
				      EXPECTED_COLUMNS);
		free(have);
		goto out;
	}
	c->ri->pub.separator = cs.sep;
	{
		size_t lines = 1;
		const char *q = cs.p;

		while ((q = memchr(q, '\n', (size_t)(cs.end - q)))) {
			lines++;
			q++;
		}
		roster_reserve(c, lines);
	}

	while (csv_record(&cs, &line)) {
		struct roster_raw raw = {0};
		char **slot[C_N] = {
			&raw.last,    &raw.first, &raw.birth, &raw.class_name,
			&raw.profile, &raw.ine,   &raw.ext,   &raw.usage,
		};

		bad = record_bad(c, &cs, &next_bad, &bad_line);
		if (blank_record(&cs))
			continue;
		if (++rows > DOT_ROSTER_MAX_ROWS) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' has more than %d rows: is it "
					"really the list of one school?"),
				      c->name, DOT_ROSTER_MAX_ROWS);
			goto out;
		}
		if (bad) {
			roster_error(c, bad_line,
				     _("byte 0x%02X is not UTF-8 like the rest "
				       "of the file: retype the accented "
				       "letters of this line, or save the file "
				       "again as CSV UTF-8"),
				     bad);
			c->ri->pub.ninvalid++;
			continue;
		}
		if (cs.unterminated) {
			roster_error(c, line,
				     _("a quoted field is never closed: add "
				       "the missing '\"'"));
			c->ri->pub.ninvalid++;
			continue;
		}
		for (i = 0; i < C_N; i++)
			if (map[i] >= 0 && (size_t)map[i] < cs.nf)
				*slot[i] = cs.f[map[i]];
		roster_add(c, line, &raw, true, NULL);
		if ((rows & 1023) == 0)
			roster_progress(c, (size_t)(cs.p - text));
	}
	if (!rows)
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' has no rows: only the header line was "
				"found; add one line per person below it"),
			      c->name);
out:
	free(first_headers);
	free(cs.f);
	return rc;
}
