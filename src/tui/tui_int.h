/*
 * Internals of the station shared by the event loop (station.c), the
 * painting (draw.c) and the colours (colour.c). One struct holds all the
 * state; screens are an enum with a draw and a key function each.
 */
#ifndef DOT_TUI_INT_H
#define DOT_TUI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/store.h"
#include "dotation/tui.h"

#define MIN_COLS 80
#define MIN_LINES 24

enum tui_screen {
	SCR_ROLL,     /* roll call of a class: home */
	SCR_CLASSES,  /* class picker */
	SCR_SEARCH,   /* name search over the whole roster */
	SCR_DETAIL,   /* one person and their journal */
	SCR_HELP,
	SCR_SETTINGS,
	SCR_DAY,      /* end of day: documents */
	SCR_COUNT,
};

/* Reactions of key handlers, applied in one place by the loop. */
enum {
	R_NONE = 0,
	R_REDRAW = 1 << 0,
	R_RELOAD = 1 << 1,
	R_QUIT = 1 << 2,
	R_UNHANDLED = 1 << 3, /* the screen leaves it to the global keys */
};

enum action {
	ACT_NONE,
	ACT_CHAR,      /* a printable character: serial or text input */
	ACT_HELP, ACT_CLASSES, ACT_SEARCH, ACT_CHARTER, ACT_ABSENT, ACT_UNDO, ACT_MANUAL,
	ACT_DAY, ACT_SETTINGS, ACT_QUIT,
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_LEFT, ACT_RIGHT,
	ACT_ENTER, ACT_TAB, ACT_BACK, ACT_BACKSPACE, ACT_CLEAR,
	ACT_MICROSD, ACT_CASE, ACT_REFRESH, ACT_RESIZE,
};

/* Semantic colours, mapped per scheme (colour.c). */
enum colour {
	C_NORMAL,
	C_HEADER,
	C_TITLE,
	C_OK,
	C_ERROR,
	C_WARN,
	C_INFO,
	C_FLASH_OK,
	C_FLASH_ERROR,
	C_SELECTED,
	C_DIM,
	C_KEY,
	C_KEYLABEL,
	C_BAR_DONE,
	C_MODE,
	C_COUNT,
};

enum last_kind { LAST_NONE, LAST_OK, LAST_ERROR, LAST_INFO };

enum confirm_what { CONFIRM_NONE, CONFIRM_UNDO, CONFIRM_WITHDRAW };

/* End-of-day documents offered by F8. */
enum tui_doc {
	DOC_CERTIFIED,       /* certified list, whole establishment */
	DOC_PRINT_CERTIFIED, /* the same, sent to the printer */
	DOC_CERTIFIED_CLASS, /* certified list of the class on screen */
	DOC_MISSING,         /* people still to equip */
	DOC_COUNT,
};

struct station {
	struct dot_app *app;
	struct dot_store *st;
	char *queue, *operator_name, *estab, *uai;
	char *scanner_opt, *layout_opt;

	enum tui_screen screen;
	bool dirty;
	bool colour, unicode;
	bool too_small;
	bool quit;

	/* roll call */
	char *class_name;        /* NULL: none chosen yet; "": no class */
	unsigned profile;        /* DOT_PROFILE_BIT()s, 0: everybody */
	struct dot_person_list people;
	size_t cur, top;
	int64_t cur_id;          /* keeps the cursor on a person on reload */
	struct dot_tui_line line; /* serial typed or scanned on the roll call */
	/*
	 * Characters typed where no text is taken (a question, settings,
	 * documents, help, a journal): a scanner burst there cancels what is
	 * open instead of answering it; one key alone answers a question.
	 */
	struct dot_tui_line guard;
	bool manual;             /* F7: the entry line was opened explicitly */
	uint64_t swallow_enter_until; /* Enter after an idle-framed burst */

	/* class picker */
	struct dot_class_list classes;
	size_t ccur, ctop;
	int profile_idx;
	struct dot_tui_line cfilter;

	/* search */
	struct dot_tui_line query;
	struct dot_person_list results;
	size_t scur, stop;
	bool search_stale;
	int64_t burst_target;    /* highlighted result when a burst began */
	bool from_search;        /* the highlighted person came from search */

	/* detail */
	struct dot_person detail;
	struct dot_journal_list journal;
	size_t jtop;
	enum tui_screen detail_back;

	size_t htop;             /* help scroll */
	size_t setcur;           /* settings cursor */

	/* accessories, mode, sound */
	bool def_microsd, def_case;
	bool microsd, has_case;  /* for the next handover */
	bool catchup;            /* catch-up: charter recorded with the scan */
	bool sound;

	/* the big last-action line and the hint below it */
	char last[768];
	enum last_kind last_kind;
	char hint[512];
	uint64_t flash_until, beep2_at, hint_until;

	struct {
		enum confirm_what what;
		int64_t arg;
		char text[768];
	} confirm;
	bool confirm_cancelled;  /* a scan closed the question */

	struct dot_status status;
	int64_t data_version;
	uint64_t next_poll;
	uint64_t reload_at;      /* deferred full reload after a scan */
	char scanner_state[160];
	void *scanset;           /* struct dot_scan_set, when built */
	bool scanner_changed;
	void *sync;              /* struct dot_sync_worker, when running */
	char sync_state[64];     /* why sync fails, in a few words ("offline");
				    "" while it works */
	char sync_error[256];    /* the whole reason of a failed sync */
	struct dot_checkpointer *ckpt; /* WAL checkpoints off the scan path */
	size_t daycur;           /* F8 menu */
	char day_msg[768];

	FILE *trace;             /* $DOTATION_STATION_TRACE, benchmarks */
	uint64_t trace_t0;
	uint64_t trace_done; /* use case returned (committed) */
	const char *trace_kind;
};

/* colour.c */
void tui_colour_init(struct station *s);
int tui_attr(const struct station *s, enum colour c);

/* draw.c */
void tui_paint(struct station *s);
const struct dot_person *tui_current_person(struct station *s);
/*
 * Scan-and-advance ran out of people: the roll call has nobody left to
 * equip and the cursor rests on someone already served.
 */
bool tui_class_done(struct station *s);
/* Display width of UTF-8 text. */
int tui_text_width(const char *s);
extern const unsigned tui_profiles[4];
const char *tui_profile_label(int idx);

/* station.c */
uint64_t tui_now_us(void);
/* A framed scan from a grabbed scanner: same path as a terminal burst. */
void tui_scan(struct station *s, const char *serial, const char *raw,
	      enum dot_serial_reason reason, uint64_t t);
/* An informational last-action line (no sound). */
void tui_info(struct station *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* devices.c: scanners, sync worker, documents (when built) */
void tui_sources_start(struct station *s);
void tui_sources_stop(struct station *s);
size_t tui_sources_pollfds(struct station *s, struct pollfd *fds,
			   size_t max);
int tui_sources_timeout_ms(struct station *s);
void tui_sources_dispatch(struct station *s, const struct pollfd *fds,
			  size_t n);
void tui_sources_kick_sync(struct station *s);
bool tui_have_report(void);
/* Make document what; a message for the operator in msg. Returns 0. */
int tui_report_make(struct station *s, enum tui_doc what, char *msg,
		    size_t msgsz);

#endif
