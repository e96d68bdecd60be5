/*
 * roster: reading the lists of people a school gives us. Two sources
 * exist in real life: a spreadsheet saved as CSV (any separator, UTF-8 or
 * Windows-1252, headers named as the secretary felt like) and the SIECLE
 * export ElevesSansAdresses.xml. Both become struct dot_person_in records
 * that the app imports; the parser decides nothing about the database.
 *
 * The parser never stops at the first bad row: it returns every valid row
 * AND every error ("line N: reason"), so that the caller chooses between
 * all-or-nothing and skipping invalid rows. Only problems with the file as
 * a whole (empty, not a roster, no usable header...) are fatal.
 * docs/roster-formats.md describes the accepted files for school staff.
 */
#ifndef DOTATION_ROSTER_H
#define DOTATION_ROSTER_H

#include <stddef.h>

#include "dotation/store.h"

/* Files larger than this are refused before being read (128 MiB). */
#define DOT_ROSTER_MAX_BYTES ((size_t)128 << 20)
/* More data rows than this and the file is refused as not a roster. */
#define DOT_ROSTER_MAX_ROWS 1000000
/*
 * At most this many errors are listed; the rest are counted in one final
 * error (line 0) so that a wrong file cannot exhaust memory.
 */
#define DOT_ROSTER_MAX_ERRORS 1000
/*
 * Bounds on what one file may hold, so that a hostile or broken file is
 * refused with a message instead of exhausting time or memory: the
 * characters of one field (a name, a class, an identifier), and for
 * SIECLE XML the attributes of one element, the nesting depth and the
 * elements inside one ELEVE or STRUCTURES_ELEVE.
 */
#define DOT_ROSTER_MAX_FIELD 200
#define DOT_ROSTER_MAX_ATTRS 64
#define DOT_ROSTER_MAX_DEPTH 32
#define DOT_ROSTER_MAX_SUBTREE 1000

struct dot_roster_error {
	int line;     /* line of the row or XML element; 0: the whole file */
	char *reason; /* translated, e.g. "invalid INE '12' (expected ...)" */
};

struct dot_roster {
	/*
	 * Valid rows in file order. Every string is owned by the roster
	 * and lives until dot_roster_free(). Normalised: birth_date is
	 * YYYY-MM-DD or NULL, ine upper-case or NULL, ext_id NULL when
	 * absent, class_name "" when absent, profile a dot_profile;
	 * active is false for a SIECLE student whose
	 * DATE_SORTIE is today or earlier.
	 */
	struct dot_person_in *rows;
	size_t nrows;
	/* Row errors in file order (see DOT_ROSTER_MAX_ERRORS). */
	struct dot_roster_error *errors;
	size_t nerrors;
	size_t ninvalid; /* data rows refused (each has >= 1 error) */
	/*
	 * Warnings in file order, same cap and shape as errors: the row
	 * (or file, line 0) was imported but something in it deserves a
	 * look, e.g. an INE of an unexpected shape kept as given, a
	 * student without a division, UTF-8 read under a Latin-9
	 * declaration. They never make a row invalid.
	 */
	struct dot_roster_error *warnings;
	size_t nwarnings;
	const char *format;   /* "csv" or "siecle" */
	const char *encoding; /* "utf-8", "windows-1252", "utf-16", ... */
	char separator;       /* CSV: ';', ',' or '\t'; XML: 0 */
};

struct dot_roster_opts {
	/*
	 * Called now and then while parsing and once at the end with
	 * done == total (bytes of the file). NULL: no progress.
	 */
	void (*progress)(size_t done, size_t total, void *data);
	void *progress_data;
	/*
	 * "Today" as YYYY-MM-DD, to tell a SIECLE departure date in the
	 * past from one planned later. NULL: the clock.
	 */
	const char *today;
};

/*
 * Parse the roster in buf (len bytes; need not be NUL-terminated; copied,
 * so it may be freed on return). name is the file name used in messages.
 * opts may be NULL. The format (CSV or SIECLE XML), encoding, separator
 * and line endings are detected.
 *
 * Returns 0 and *out (free it with dot_roster_free()) even when some rows
 * are invalid: check (*out)->nerrors. Returns DOT_ERULE with *cause (a
 * translated sentence saying what to do; the caller frees it) and *out
 * NULL when the file as a whole is unusable: empty, no data rows, no
 * recognised header, a required column missing, not text, a workbook
 * instead of CSV, malformed XML, an XML file that is not a SIECLE export,
 * or over DOT_ROSTER_MAX_BYTES / DOT_ROSTER_MAX_ROWS.
 */
int dot_roster_parse_buffer(const char *buf, size_t len, const char *name,
			    const struct dot_roster_opts *opts,
			    struct dot_roster **out, char **cause);

/*
 * Read and parse the file at path, as dot_roster_parse_buffer(). Returns
 * DOT_ERUNTIME with *cause when the file cannot be read.
 */
int dot_roster_parse_file(const char *path, const struct dot_roster_opts *opts,
			  struct dot_roster **out, char **cause);

/* One person typed in by hand (the station's "add", `person add`). */
struct dot_roster_person {
	const char *last_name, *first_name; /* required */
	const char *birth_date;             /* DD/MM/YYYY or YYYY-MM-DD */
	const char *class_name, *profile;   /* profile: as in a roster */
	const char *ine, *ext_id;
};

/*
 * Check p exactly as an import row is checked (the same rules, the same
 * messages) and return it as a one-row roster in *out (free it with
 * dot_roster_free). DOT_ERULE with *cause (the row's first reason) and
 * *out NULL when it is not valid.
 */
int dot_roster_person(const struct dot_roster_person *p,
		      struct dot_roster **out, char **cause);

/*
 * Whether s may be a field of a person (NULL and "" may): no control or
 * text-direction character, at most DOT_ROSTER_MAX_FIELD characters.
 * The rule of every reader of people (imports, the sync's roster feed,
 * the hub); s is valid UTF-8.
 */
bool dot_roster_text_ok(const char *s);

/*
 * The roster's rule for an INE, the one every reader of people applies
 * (imports, the sync's roster feed, the hub): NONE for NULL or "";
 * NATIONAL for one of the national shapes (dot_ine_check), out (12 bytes)
 * receiving it upper-cased; ODD for any other value that a field may hold
 * (no control or text-direction character, at most DOT_ROSTER_MAX_FIELD
 * characters): kept as given, and an import warns ("check it in
 * SIECLE"); INVALID otherwise (the row is refused). ine is valid UTF-8.
 */
enum dot_roster_ine {
	DOT_ROSTER_INE_NONE,
	DOT_ROSTER_INE_NATIONAL,
	DOT_ROSTER_INE_ODD,
	DOT_ROSTER_INE_INVALID,
};
enum dot_roster_ine dot_roster_ine(const char *ine, char out[12]);

/* Free the roster and every string in it. NULL does nothing. */
void dot_roster_free(struct dot_roster *r);

/*
 * The error as the user reads it: "line 12: invalid birth date ..." (or
 * the bare reason for line 0), translated. The caller frees it.
 */
char *dot_roster_error_text(const struct dot_roster_error *e);

#endif
