/*
 * Private interface between the roster entry points (roster.c), the CSV
 * reader (csv.c) and the SIECLE XML reader (siecle.c). The readers only
 * cut the file into raw fields; roster_add() validates, normalises and
 * detects duplicates once for both formats.
 */
#ifndef DOT_ROSTER_INT_H
#define DOT_ROSTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dotation/roster.h"

/* Bump allocator for the strings a roster owns (freed all at once). */
struct roster_block;

/* What the caller sees, plus what it must not touch. */
struct roster_impl {
	struct dot_roster pub; /* first: a dot_roster * is a roster_impl * */
	char *text;            /* decoded CSV text: row strings point into it */
	struct roster_block *blocks;
	size_t caprows, caperrors, capwarnings;
	size_t dropped;  /* errors counted but not listed */
	size_t wdropped; /* warnings counted but not listed */
};

/*
 * Open-addressing string table: key -> (line, value). Slots hold only
 * the hash and an entry number, 8 bytes, so that the probe sequence of a
 * 65,000-row file stays in cache; entries are appended in order.
 */
struct roster_entry {
	const char *key;
	int line;
	const char *val;
};

struct roster_slot {
	uint32_t hash;
	uint32_t ent; /* entry index + 1; 0: empty slot */
};

struct roster_table {
	struct roster_slot *v;
	size_t cap;
	struct roster_entry *e;
	size_t n, cape;
};

/* A line of a UTF-8 file holding a byte that is not UTF-8. */
struct roster_bad {
	int line;
	unsigned char byte; /* the first such byte of the line */
};

struct roster_ctx {
	struct roster_impl *ri;
	const char *name; /* file name for messages */
	const struct dot_roster_opts *opts;
	size_t total;     /* progress denominator */
	size_t next_tick; /* next progress report, in bytes done */
	char today[11];
	struct roster_table by_ext, by_ine, by_who;
	/* profile cell -> keyword cache: most rows repeat the same cell */
	char *last_profile;
	bool last_known;             /* last_profile names a profile */
	enum dot_profile last_value; /* which, when last_known */
	/*
	 * CSV lines with bytes that are not UTF-8, in order, in a file that
	 * is UTF-8 everywhere else (replaced by U+FFFD in the text): their
	 * rows are refused rather than the whole file read as Windows-1252.
	 */
	struct roster_bad *bad;
	size_t nbad;
};

/*
 * A row as cut from the file: mutable NUL-terminated strings (or NULL for
 * an absent column) that roster_add() trims and normalises in place.
 */
struct roster_raw {
	char *last, *first, *birth, *class_name, *profile, *ine, *ext;
	char *usage; /* "Nom d'usage": the displayed last name when set */
};

/* Copy n bytes of s (plus a NUL) into the roster's arena. */
char *roster_strndup(struct roster_impl *ri, const char *s, size_t n);

/* Record error reason (already translated format) for line. */
void roster_error(struct roster_ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record a warning for line (0: the whole file); same cap as errors. */
void roster_warn(struct roster_ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Validate raw and append it to the rows, or record its errors (label,
 * when not NULL, is prefixed to each reason, e.g. "ELEVE_ID 42").
 * Returns true when the row was accepted.
 */
bool roster_add(struct roster_ctx *c, int line, struct roster_raw *raw,
		bool active, const char *label);

/* Report progress when enough bytes went by since the last report. */
void roster_progress(struct roster_ctx *c, size_t done);

/* Quote a value for a message: at most 40 bytes, cut on a character. */
const char *roster_shown(const char *s, char buf[64]);

/*
 * Table helpers: find returns the entry or NULL (valid until the next
 * put); put keeps key borrowed.
 */
uint32_t roster_hash(const char *s);
struct roster_entry *roster_table_find(struct roster_table *t, const char *key,
				       uint32_t h);
void roster_table_put(struct roster_table *t, const char *key, uint32_t h,
		      int line, const char *val);
void roster_table_release(struct roster_table *t);
/* Start loading the slot of hash h (a hint; no effect on results). */
void roster_table_prefetch(const struct roster_table *t, uint32_t h);

/* Make room for about n rows at once (the CSV reader counts lines). */
void roster_reserve(struct roster_ctx *c, size_t n);

/*
 * Readers. text is mutable, NUL-terminated at text[len], UTF-8. Both
 * return 0, or DOT_ERULE with *cause for a fatal problem.
 */
int roster_parse_csv(struct roster_ctx *c, char *text, size_t len,
		     char **cause);
int roster_parse_siecle(struct roster_ctx *c, const char *buf, size_t len,
			char **cause);

#endif
