/*
 * tui: the full-screen station (`dotation station`), what the operator at
 * the distribution table sees all day. It draws the roll call of a class,
 * turns scans into handovers through the app module and shows at once
 * what was committed or why it was refused. It never builds SQL: it reads
 * the roll-call model of app.h (struct dot_roll) and calls its use cases.
 *
 * Besides the entry point, this header exposes the few pure pieces of the
 * station (the keystroke line that tells a scanner burst from a person
 * typing, progress bars, dates) so that they
 * are tested without a terminal.
 */
#ifndef DOTATION_TUI_H
#define DOTATION_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "dotation/store.h"

struct dot_app;

struct dot_tui_opts {
	const char *queue;         /* queue name shown and journalled */
	const char *operator_name; /* shown in the header */
	const char *class_name;    /* open the roll call on it, or NULL */
	const char *scanner;       /* "auto" (NULL), "none", or a path */
	const char *layout;        /* scanner layout, NULL: auto */
	bool catchup;              /* catch-up mode for this run (--catchup);
				      never remembered: a plain start is
				      always distribution mode */
};

/*
 * Run the station on the terminal until the operator quits (F10).
 * Standard input and output must be a terminal. Returns 0, or
 * DOT_ERUNTIME / DOT_EUSAGE with a translated message in *cause (caller
 * frees) when the terminal or the database cannot be used. The terminal
 * is restored in every case, allocation failure included.
 */
int dot_tui_run(struct dot_app *app, const struct dot_tui_opts *opts,
		char **cause);

/* ---- the keystroke line (pure) ------------------------------------------ */

#define DOT_TUI_LINE_MAX 64 /* characters kept; more is an overflow */
#define DOT_TUI_FAST_GAP_US                                                    \
	80000 /* a gap at most this long: same run; a                          \
		 slow scanner types every ~40 ms */
#define DOT_TUI_IDLE_US                                                        \
	150000 /* silence that ends a suffix-less burst,                       \
		  or a one-key answer (o/n) */

/*
 * Characters typed into the terminal with the time each was read. The
 * last "run" (characters each at most DOT_TUI_FAST_GAP_US after the
 * previous one) is what a scanner typing into the terminal produces;
 * the classifier of the scan module decides whether it is one.
 */
struct dot_tui_line {
	wchar_t c[DOT_TUI_LINE_MAX];
	uint64_t t[DOT_TUI_LINE_MAX];
	bool starts[DOT_TUI_LINE_MAX]; /* character i starts a run */
	size_t n;
	size_t run;     /* index where the last run starts */
	bool overflow;  /* characters were dropped */
	bool free_text; /* a name search or filter: O is a letter like others */
};

enum dot_tui_feed {
	DOT_TUI_FEED_OK = 0,
	/*
	 * A letter O that starts a run: a person typing it (refuse it at the
	 * keystroke with the hint), or the first character of a scanner
	 * burst, which is then refused whole when framed.
	 */
	DOT_TUI_FEED_LETTER_O,
};

/* Empty the line (free_text is kept). */
void dot_tui_line_clear(struct dot_tui_line *l);

/* Add character c read at t_us (non-decreasing). */
enum dot_tui_feed dot_tui_line_feed(struct dot_tui_line *l, wchar_t c,
				    uint64_t t_us);

/* Remove the last character a person typed (and any refused O). */
void dot_tui_line_backspace(struct dot_tui_line *l);

/*
 * What the line holds as text (UTF-8 into out, outsz bytes), letters O
 * that started a run left out: they were refused at the keystroke.
 */
void dot_tui_line_text(const struct dot_tui_line *l, char *out, size_t outsz);

/* True when the last run is a scanner burst (scan module classifier). */
bool dot_tui_line_is_burst(const struct dot_tui_line *l);

/*
 * A line ended (Enter, Tab, or an idle gap after a burst). When its last
 * run is a burst, serial gets the run as typed (an O included, so that
 * validation refuses it) and prefix what came before it; otherwise serial
 * gets the whole line as dot_tui_line_text() shows it and prefix "".
 * Returns true for a burst. Both buffers are UTF-8, NUL-terminated.
 */
bool dot_tui_line_frame(const struct dot_tui_line *l, char *serial,
			size_t serialsz, char *prefix, size_t prefixsz);

/*
 * Remove the last run (a framed burst), leaving what was typed before
 * it with its timing, so that it is not taken for a burst later.
 */
void dot_tui_line_drop_run(struct dot_tui_line *l);

/*
 * True when the line ends with a burst that has been silent for
 * DOT_TUI_IDLE_US at now_us: a scanner without suffix finished.
 */
bool dot_tui_line_idle_burst(const struct dot_tui_line *l, uint64_t now_us);

/* ---- drawing helpers (pure) ------------------------------------------------ */

/*
 * A progress bar of width cells into out (UTF-8, outsz bytes): done
 * cells "█" and the rest "░" when unicode, "#" and "-" otherwise.
 */
void dot_tui_bar(char *out, size_t outsz, int width, int64_t done,
		 int64_t total, bool unicode);

/*
 * "2025-09-02T08:15:03.120Z" (UTC) as local "02/09 10:15" into out
 * (outsz bytes); the text as it is when it cannot be parsed.
 */
void dot_tui_local_time(const char *iso, char *out, size_t outsz);

/* "2009-03-06" as "06/03/2009"; "" for NULL. */
void dot_tui_date_fr(const char *iso, char *out, size_t outsz);

#endif
