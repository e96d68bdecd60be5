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
#include <stdint.h>

/*
 * Result codes. Functions that can fail return 0 or one of these negative
 * values; the command line exits with the absolute value (DESIGN.md).
 */
enum dot_rc {
	DOT_OK = 0,
	DOT_ERUNTIME = -1, /* I/O, database, network */
	DOT_EUSAGE = -2,   /* bad command line */
	DOT_ERULE = -3,    /* refused by a rule: invalid serial, duplicate... */
	/*
	 * A lookup found nothing: an answer, not a failure. Lookups return
	 * it apart from DOT_ERUNTIME (the question could not be asked), so
	 * that no rule ever reads a database error as "nothing there". At
	 * the command line it exits 3, like a refusal.
	 */
	DOT_ENOTFOUND = -4,
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
char *dot_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *dot_xvasprintf(const char *fmt, va_list ap);
void dot_set_fatal_hook(void (*hook)(void));

/*
 * Record a user-facing message in *cause (when cause is not NULL; the
 * caller frees it) and return rc. The message is already translated by
 * the caller: dot_fail(cause, DOT_ERULE, _("...%s"), x).
 */
int dot_fail(char **cause, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- domain words (src/core/words.c) ------------------------------------ */

/*
 * Each word of the domain is an enum with one text table: name() gives
 * the keyword that the database, the journal, the sync protocol and the
 * JSON outputs use (DESIGN.md), parse() reads it back and returns
 * DOT_ENOTFOUND (out untouched) for any other text, NULL included.
 * name() of a value out of range returns NULL.
 */

enum dot_profile {
	DOT_PROFILE_ELEVE,     /* "eleve": a student */
	DOT_PROFILE_PROF,      /* "prof": a teacher */
	DOT_PROFILE_PERSONNEL, /* "personnel": other staff */
	DOT_PROFILE_N,
};
/* The bit of p in a set of profiles (filters: 0 means any profile). */
#define DOT_PROFILE_BIT(p) (1u << (p))
const char *dot_profile_name(enum dot_profile p);
int dot_profile_parse(const char *s, enum dot_profile *out);

enum dot_handover_kind {
	DOT_HANDOVER_CESSION, /* "cession": the device becomes theirs */
	DOT_HANDOVER_LOAN,    /* "loan": lent, to be returned */
	DOT_HANDOVER_N,
};
#define DOT_HANDOVER_BIT(k) (1u << (k))
const char *dot_handover_kind_name(enum dot_handover_kind k);
int dot_handover_kind_parse(const char *s, enum dot_handover_kind *out);

enum dot_device_status {
	DOT_DEVICE_STOCK,  /* "stock": free */
	DOT_DEVICE_CEDED,  /* "ceded": held as a cession */
	DOT_DEVICE_LOANED, /* "loaned": held as a loan */
	DOT_DEVICE_HS,     /* "hs": out of service */
	DOT_DEVICE_LOST,   /* "lost": stolen or lost */
	DOT_DEVICE_N,
};
#define DOT_DEVICE_BIT(s) (1u << (s))
const char *dot_device_status_name(enum dot_device_status s);
int dot_device_status_parse(const char *s, enum dot_device_status *out);

/* The journal's entry types, as the journal and the sync push spell them. */
enum dot_journal_type {
	DOT_JOURNAL_INIT,             /* "init": the establishment is set */
	DOT_JOURNAL_IMPORT,           /* "import": a roster file */
	DOT_JOURNAL_CHARTER,          /* "charter": cession charter signed */
	DOT_JOURNAL_CHARTER_WITHDRAW, /* "charter-withdraw" */
	DOT_JOURNAL_ASSIGN,           /* "assign": a handover */
	DOT_JOURNAL_UNDO,             /* "undo": compensates ref_seq */
	DOT_JOURNAL_ABSENT,           /* "absent": marked (or not) absent */
	DOT_JOURNAL_ATTESTATION,      /* "attestation": one was issued */
	DOT_JOURNAL_STOCK,            /* "stock": devices received */
	DOT_JOURNAL_LOAN,             /* "loan": a device lent */
	DOT_JOURNAL_RETURN,           /* "return": a loan returned */
	DOT_JOURNAL_HS,               /* "hs": out of service */
	DOT_JOURNAL_LOST,             /* "lost": stolen or lost */
	DOT_JOURNAL_REASSIGN,         /* "reassign": a handover corrected */
	DOT_JOURNAL_PERSON_ADD,       /* "person-add": a newcomer */
	DOT_JOURNAL_LOAN_AGREEMENT,   /* "loan-agreement": convention signed */
	DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW, /* "loan-agreement-withdraw" */
	DOT_JOURNAL_SETTING, /* "setting": an establishment setting */
	DOT_JOURNAL_N,
};
#define DOT_JOURNAL_BIT(t) (UINT32_C(1) << (t))
const char *dot_journal_type_name(enum dot_journal_type t);
int dot_journal_type_parse(const char *s, enum dot_journal_type *out);

/*
 * Where a journal entry stands with the upstream (the journal's
 * push_state, the upstream's per-event "status" of the sync protocol).
 */
enum dot_push_state {
	DOT_PUSH_PENDING,   /* "pending": not sent yet */
	DOT_PUSH_ACCEPTED,  /* "accepted": done upstream */
	DOT_PUSH_DUPLICATE, /* "duplicate": done upstream before (a resend) */
	DOT_PUSH_CONFLICT,  /* "conflict": done, another station won */
	DOT_PUSH_REJECTED,  /* "rejected": refused, to send again */
	DOT_PUSH_N,
};
const char *dot_push_state_name(enum dot_push_state s);
int dot_push_state_parse(const char *s, enum dot_push_state *out);

/*
 * Settings of the whole database (the settings table). Keys that depend
 * on a queue or a feed are built by dot_queue_setting_key() and
 * dot_sync_cursor_key().
 */
enum dot_setting {
	DOT_SETTING_UAI,                /* "uai" */
	DOT_SETTING_NAME,               /* "name": the establishment */
	DOT_SETTING_STATION,            /* "station": this station's name */
	DOT_SETTING_PLACE,              /* "place": "Fait à ..." on papers */
	DOT_SETTING_SYNC_UPSTREAM,      /* "sync.upstream" */
	DOT_SETTING_SYNC_TOKEN_FILE,    /* "sync.token_file" */
	DOT_SETTING_SYNC_CACERT,        /* "sync.cacert" */
	DOT_SETTING_SYNC_LAST_SUCCESS,  /* "sync.last_success" */
	DOT_SETTING_SYNC_LAST_ERROR,    /* "sync.last_error" */
	DOT_SETTING_SYNC_LAST_ERROR_AT, /* "sync.last_error_at" */
	DOT_SETTING_HANDOVER_MODEL,     /* "handover.model": cession or loan */
	DOT_SETTING_LOAN_UNTIL,         /* "loan.until": default due date */
	DOT_SETTING_REPLACEMENTS_MAX,   /* "replacements.max": per person */
	DOT_SETTING_LOST_REPORT,        /* "lost.report_required": yes, no */
	DOT_SETTING_N,
};
const char *dot_setting_name(enum dot_setting k);
int dot_setting_parse(const char *s, enum dot_setting *out);

/* Settings a station keeps per queue: "station.QUEUE.NAME". */
enum dot_queue_setting {
	DOT_QSETTING_MICROSD,  /* "microsd": accessory given by default */
	DOT_QSETTING_CASE,     /* "case" */
	DOT_QSETTING_SOUND,    /* "sound" */
	DOT_QSETTING_OPERATOR, /* "operator": who works this queue */
	DOT_QSETTING_N,
};
const char *dot_queue_setting_name(enum dot_queue_setting k);
int dot_queue_setting_parse(const char *s, enum dot_queue_setting *out);
/* "station.QUEUE.NAME" (queue NULL: ""). Caller frees. */
char *dot_queue_setting_key(const char *queue, enum dot_queue_setting k);

/* The sync feeds pulled from the upstream and their cursors. */
enum dot_sync_feed {
	DOT_FEED_ROSTER,      /* "roster" */
	DOT_FEED_ASSIGNMENTS, /* "assignments" */
	DOT_FEED_N,
};
const char *dot_sync_feed_name(enum dot_sync_feed f);
/* "sync.cursor.FEED". Borrowed, static. */
const char *dot_sync_cursor_key(enum dot_sync_feed f);

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

/* ---- person codes ------------------------------------------------------ */

/*
 * The person code a charter cover sheet carries as a Code 128 barcode and
 * the station takes from a scan: the letter O (which no serial holds, so
 * it can never be one) then the person's local id on at least 7 digits,
 * "O0000042". The one home of the format: the report prints it, the
 * station parses it.
 */
#define DOT_PERSON_CODE_BUF 24
void dot_person_code_format(int64_t id, char out[DOT_PERSON_CODE_BUF]);

enum dot_person_scan {
	DOT_PSCAN_NONE, /* empty, or digits alone (may be a serial) */
	DOT_PSCAN_CODE, /* a person code: *id is the local id */
	DOT_PSCAN_KEY,  /* not a code: maybe a student card's INE or SIECLE
			   id, to look up (key: the text trimmed) */
};

/*
 * What a scan names: text trimmed of blanks; "O" or "o" then 1 to 18
 * digits is a person code (id > 0); any other text holding a non-digit
 * is a key to look up (key, keysz bytes; DOT_PSCAN_NONE when it does not
 * fit). Digits alone are never taken for a person.
 */
enum dot_person_scan dot_person_code_parse(const char *text, int64_t *id,
					   char *key, size_t keysz);

/* ---- dates ------------------------------------------------------------- */

/*
 * Parse DD/MM/YYYY or YYYY-MM-DD (surrounding blanks allowed) into
 * iso (11 bytes, YYYY-MM-DD). Only real calendar dates (leap years
 * included) between 1900 and 2199 are accepted. Returns true when valid.
 */
bool dot_date_parse(const char *s, char iso[11]);

/*
 * A period [from, to] as the documents take it: each bound NULL or empty
 * (open) or a date dot_date_parse() accepts, into from_iso and to_iso
 * (11 bytes each, "" for an open bound). Returns 0, or DOT_EUSAGE with a
 * translated *cause naming the invalid date, or saying the period ends
 * before it starts. The one check of a period (attestation, certified
 * list).
 */
int dot_date_period(const char *from, const char *to, char from_iso[11],
		    char to_iso[11], char **cause);

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
 * The identity key of a person: "last|first|birth", names folded
 * (dot_fold), birth YYYY-MM-DD or empty. The one definition of "the same
 * person" by name, used by the store's match index and by the roster's
 * duplicate check. Caller frees.
 */
char *dot_person_identity_key(const char *last_name, const char *first_name,
			      const char *birth_date);
/* The same from names already folded (an import folds each name once). */
char *dot_person_identity_key_folded(const char *last_folded,
				     const char *first_folded,
				     const char *birth_date);

/*
 * How a person is named in every message and list: "LAST First (CLASS)",
 * or "LAST First" without a class (class NULL or ""). Caller frees.
 */
char *dot_person_label(const char *last_name, const char *first_name,
		       const char *class_name);

/*
 * s as a JSON string literal with its quotes ("null" when s is NULL).
 * Returns a new string.
 */
char *dot_json_quote(const char *s);

/*
 * True for a code point that must not reach a terminal (or a name) as it
 * is: C0 controls and DEL, C1 controls (U+0080..U+009F), U+2028/U+2029
 * and the bidi controls that reorder what is shown (U+061C, U+200E/F,
 * U+202A..U+202E, U+2066..U+2069).
 */
bool dot_text_unsafe_cp(unsigned cp);
/*
 * The first dot_text_unsafe_cp character of s (a byte that is not UTF-8
 * is skipped: the caller checks the encoding), or 0 when there is none.
 * The roster refuses a name with one; the terminal escapes them.
 */
unsigned dot_text_unsafe_first(const char *s);

/*
 * s made safe for a terminal: every dot_text_unsafe_cp character written
 * as \xHH (below U+0080) or \uHHHH, every byte that is not UTF-8 as
 * \xHH; with keep_newlines, LF and tab pass (a multi-line message).
 * NULL gives "". Returns a new string. An escape sequence in a name (a
 * clear screen, an OSC title) or a right-to-left override thus shows as
 * text instead of acting.
 */
char *dot_term_escape(const char *s, bool keep_newlines);

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
