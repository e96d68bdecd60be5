/*
 * core: the pure rules of dotation. Serial numbers, establishment codes
 * (UAI), student identifiers (INE), dates and name folding, plus the small
 * allocation and error helpers every module shares. Nothing here does I/O
 * or includes a third-party header, so every rule can be tested alone.
 */
#ifndef DOTATION_CORE_H
#define DOTATION_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Result codes. Functions that can fail return 0 or one of these negative
 * values; the command line exits with the absolute value (DESIGN.md).
 */
enum dot_rc {
	DOT_OK = 0,
	DOT_ERUNTIME = -1, /* I/O, database, network */
	DOT_EUSAGE = -2,   /* bad command line */
	DOT_ERULE = -3,    /* refused by a rule: invalid serial, duplicate... */
};

/* The process exit codes of the contract (DESIGN.md "Exit codes"). */
enum dot_exit {
	DOT_EXIT_OK = 0,      /* success */
	DOT_EXIT_RUNTIME = 1, /* I/O, database, network */
	DOT_EXIT_USAGE = 2,   /* bad command line */
	DOT_EXIT_RULE = 3,    /* refused by a rule */
};

/* Exit code for a result code: one of enum dot_exit. */
int dot_rc_exit(int rc);

/*
 * Allocation helpers: they never return NULL. On allocation failure they
 * call the fatal hook (the TUI sets one that restores the terminal) and
 * abort, as htop's fail() does.
 */
void *dot_xmalloc(size_t n);
void *dot_xcalloc(size_t n, size_t size);
void *dot_xrealloc(void *p, size_t n);
char *dot_xstrdup(const char *s);
char *dot_xstrndup(const char *s, size_t n);
char *dot_xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *dot_xvasprintf(const char *fmt, va_list ap);
void dot_set_fatal_hook(void (*hook)(void));

/*
 * Record a user-facing message in *cause (when cause is not NULL; the
 * caller frees it) and return rc. The message is already translated by
 * the caller: dot_fail(cause, DOT_ERULE, _("...%s"), x).
 */
int dot_fail(char **cause, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- serial numbers ---------------------------------------------------- */

#define DOT_SERIAL_MIN 6
#define DOT_SERIAL_MAX 20
#define DOT_SERIAL_BUF 64 /* enough for any normalised serial we keep */

enum dot_serial_reason {
	DOT_SERIAL_OK = 0,
	DOT_SERIAL_LETTER_O, /* contains O or o: the user meant the digit 0 */
	DOT_SERIAL_BAD_CHAR,
	DOT_SERIAL_TOO_SHORT,
	DOT_SERIAL_TOO_LONG,
	DOT_SERIAL_INCOMPLETE, /* a scan cut by SYN_DROPPED or an unplug */
};

struct dot_serial_rules {
	int min_len;
	int max_len;
};

/* The default bounds: 6 to 20 characters. */
extern const struct dot_serial_rules dot_serial_default_rules;

/*
 * Normalise raw (trim surrounding white space, upper-case) into out, which
 * holds outsz bytes, and validate it against rules (NULL: the defaults).
 * Reasons come in DESIGN.md's precedence: letter-o, bad-char, too-short,
 * too-long. out is always NUL-terminated (truncated when raw is longer
 * than outsz - 1; the length check still sees the full length).
 */
enum dot_serial_reason dot_serial_check(const char *raw,
					const struct dot_serial_rules *rules,
					char *out, size_t outsz);

/* The contract keyword of a reason: "letter-o", "bad-char"... */
const char *dot_serial_reason_key(enum dot_serial_reason r);

/* A translated sentence telling the user what is wrong and what to do. */
const char *dot_serial_reason_message(enum dot_serial_reason r);

/* ---- establishment and student identifiers ----------------------------- */

/*
 * A UAI is 7 digits and a check letter: the letter at index (number mod 23)
 * in "ABCDEFGHJKLMNPRSTUVWXYZ". Case-insensitive; out (9 bytes) receives
 * the upper-cased code. Returns true when valid.
 */
bool dot_uai_check(const char *uai, char out[9]);

/*
 * An INE is 11 characters, upper-cased, of one of the shapes
 * [0-9]{10}[A-Z], [0-9]{9}[A-Z]{2}, [0-9]{4}A[0-9]{5}[A-Z]. out (12 bytes)
 * receives the upper-cased identifier. Returns true when valid.
 */
bool dot_ine_check(const char *ine, char out[12]);

/* ---- dates ------------------------------------------------------------- */

/*
 * Parse DD/MM/YYYY or YYYY-MM-DD (surrounding blanks allowed) into
 * iso (11 bytes, YYYY-MM-DD). Only real calendar dates (leap years
 * included) between 1900 and 2199 are accepted. Returns true when valid.
 */
bool dot_date_parse(const char *s, char iso[11]);

/* Today's date in local time as YYYY-MM-DD (reads the clock). */
void dot_date_today(char iso[11]);

/* The current time as ISO-8601 UTC with milliseconds (reads the clock). */
void dot_time_now_iso(char out[32]);

/* ---- names ------------------------------------------------------------- */

/*
 * Fold a UTF-8 string for comparison and search: lower-case, accents
 * removed (é -> e, œ -> oe, ß -> ss), runs of white space, hyphens and
 * apostrophes turned into one space, trimmed. Returns a new string.
 */
char *dot_fold(const char *s);

/*
 * s as a JSON string literal with its quotes ("null" when s is NULL).
 * Returns a new string.
 */
char *dot_json_quote(const char *s);

/* True when s is valid UTF-8. */
bool dot_utf8_valid(const char *s, size_t len);

/* Trim white space in place at both ends; returns s. */
char *dot_trim(char *s);

/* ---- installed files (paths.c) ------------------------------------------ */

/*
 * Where installed files live, relative to the running binary so that any
 * install prefix works and no build path is compiled in. Lookup order:
 * the environment variable env when set and not empty (tests, the
 * uninstalled build tree), else the directory of /proc/self/exe joined
 * with rel (e.g. "../share/locale"), made canonical when it exists.
 * Returns a new string (the caller frees it), or NULL when /proc/self/exe
 * cannot be read and env is unset. env may be NULL.
 */
char *dot_path_installed(const char *env, const char *rel);

/* The message catalogues: $DOTATION_LOCALEDIR, else BINDIR/../share/locale. */
char *dot_path_localedir(void);

/* dotation's data files: $DOTATION_DATADIR, else BINDIR/../share/dotation. */
char *dot_path_datadir(void);

#endif
