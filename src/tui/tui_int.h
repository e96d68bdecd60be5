/*
 * Internals of the station. One struct holds the state; each screen is
 * its own file with a draw and a key function (struct tui_screen_ops,
 * one table in loop.c); keys go through one bindings table (bindings.c)
 * to actions; handlers answer with reaction flags that the loop applies
 * in one place, painting at most once per iteration.
 *
 *   loop.c      poll() loop, dispatch, reactions, timers, setup
 *   bindings.c  key -> action, F-key labels and help texts: one table
 *   actions.c   feedback (the big line) and the use cases of a scan
 *   views.c     what the screens show, loaded from app/store
 *   paint.c     header, last-action band, entry line, F-key bar, tables
 *   roll.c classes.c search.c detail.c help.c settings.c day.c confirm.c
 *   correct.c person_add.c
 *               the screens (confirm.c: the question over any screen)
 *   sources.c   grabbed scanners, the sync worker, WAL checkpoints
 *   job.c       slow work (documents, printing) on a worker thread
 */
#ifndef DOT_TUI_INT_H
#define DOT_TUI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>

#include <wchar.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/report.h"
#include "dotation/scan.h"
#include "dotation/store.h"
#include "dotation/sync.h"
#include "dotation/tui.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define NORM 0 /* plain text: an int like the other attributes */

#define FLASH_US 400000
#define BEEP2_US 180000
#define HINT_US 6000000
#define SWALLOW_ENTER_US 1000000
#define RELOAD_AFTER_US 20000
#define BUSY_TIMEOUT_MS 150      /* a write waits this long, then the loop */
#define BUSY_RETRY_US 200000     /* tries again this often */
#define BUSY_GIVE_UP_US 30000000 /* and gives up after this */

enum tui_screen {
	SCR_ROLL,    /* roll call of a class: home */
	SCR_CLASSES, /* class picker */
	SCR_SEARCH,  /* name search over the whole roster */
	SCR_DETAIL,  /* one person and their journal */
	SCR_HELP,
	SCR_SETTINGS,
	SCR_DAY,     /* end of day: documents */
	SCR_DESK,    /* devices: reception, returns, out of service */
	SCR_CORRECT, /* a handover corrected: to whom the device goes */
	SCR_ADD,     /* a newcomer added to the roster */
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
	ACT_CHAR, /* a printable character: serial or text input */
	ACT_HELP,
	ACT_CLASSES,
	ACT_SEARCH,
	ACT_CHARTER,
	ACT_ABSENT,
	ACT_UNDO,
	ACT_MANUAL,
	ACT_DAY,
	ACT_SETTINGS,
	ACT_DESK,
	ACT_CORRECT,
	ACT_ADD,
	ACT_QUIT,
	ACT_UP,
	ACT_DOWN,
	ACT_PGUP,
	ACT_PGDN,
	ACT_HOME,
	ACT_END,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_ENTER,
	ACT_TAB,
	ACT_BACK,
	ACT_BACKSPACE,
	ACT_CLEAR,
	ACT_MICROSD,
	ACT_CASE,
	ACT_REFRESH,
	ACT_RESIZE,
	ACT_COUNT,
};

struct station;

/*
 * A screen: draw its body (rows lines from row body; the frame around it
 * is paint.c's) and take an action; takes_text: letters typed there are
 * text (a serial, a search, a filter), elsewhere they only guard against
 * a scan.
 */
struct tui_screen_ops {
	void (*draw)(struct station *s, int body, int rows);
	int (*key)(struct station *s, enum action a, wint_t ch, uint64_t t);
	bool takes_text;
};

extern const struct tui_screen_ops tui_roll_screen, tui_classes_screen,
	tui_search_screen, tui_detail_screen, tui_help_screen,
	tui_settings_screen, tui_day_screen, tui_desk_screen,
	tui_correct_screen, tui_add_screen;
/* The screens by enum tui_screen (loop.c). */
extern const struct tui_screen_ops *const tui_screens[SCR_COUNT];

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

enum confirm_what {
	CONFIRM_NONE,
	CONFIRM_UNDO,
	CONFIRM_WITHDRAW,
	CONFIRM_RETURN, /* the desk: a loan comes back */
	CONFIRM_HS,     /* the desk: out of service or lost, maybe replaced */
	CONFIRM_LOAN,   /* the desk: lend the device */
	CONFIRM_AGREEMENT, /* the desk: record the borrower's loan agreement */
	CONFIRM_QUIT,      /* F10 while work is in flight */
	CONFIRM_REASSIGN,  /* F12: the device goes to the right person */
	CONFIRM_FREE,      /* F12: the device goes back to stock */
};

/* A handover being corrected (correct.c). */
struct tui_fix {
	int64_t from_id;             /* who holds the device now */
	char serial[DOT_SERIAL_BUF]; /* the device */
	char from[320];              /* the holder, as the screen names them */
	char to[320];                /* the person the question names */
	char since[16];              /* handed over on, DD/MM/YYYY */
	enum dot_handover_kind kind;
	int64_t free_seq;   /* the handover entry freeing undoes, 0: none */
	char free_why[512]; /* why the device cannot be freed (free_seq 0) */
	struct dot_tui_line query; /* part of the right person's name */
	struct dot_roll *found;    /* the search's rows, or NULL */
	bool stale;                /* found to read again */
	size_t cur, top; /* cur 0: back to stock; k: found's row k - 1 */
	enum tui_screen back;
	bool with_charter; /* the question records the target's charter */
};

/* The fields of the form adding a person (person_add.c). */
enum tui_form_field {
	FORM_LAST,
	FORM_FIRST,
	FORM_BIRTH,
	FORM_CLASS,
	FORM_PROFILE, /* a choice (←/→); its line only watches for a scan */
	FORM_N,
};

struct tui_form {
	struct dot_tui_line f[FORM_N];
	int cur;         /* enum tui_form_field */
	int profile;     /* enum dot_profile */
	char error[512]; /* why the person was not added, "" */
	enum tui_screen back;
};

/* The devices desk's modes (desk.c). */
enum desk_mode {
	DESK_RECEPTION,
	DESK_LOAN,
	DESK_RETURN,
	DESK_HS,
	DESK_LOST,
	DESK_COUNT,
};

/*
 * Where a desk flow stands: what the next scan or line is. Each flow
 * starts with a scan of the device; the steps after it take a scan (the
 * replacement, a person's card) or typed text (a name, a date, a
 * reason); a scan where text is expected starts the flow over with that
 * device, it never becomes the text.
 */
enum desk_step {
	DSTEP_SCAN,      /* the device */
	DSTEP_PERSON,    /* loan: the borrower, by name or card */
	DSTEP_UNTIL,     /* loan: the due date */
	DSTEP_CONDITION, /* loan: the "fiche état du matériel" */
	DSTEP_REPLACE,   /* hs, lost: the replacement's scan, or Enter */
	DSTEP_REASON,    /* hs, lost: why */
	DSTEP_REPORT,    /* lost: the police report's reference */
};

/* End-of-day documents offered by F8, in menu order. */
enum tui_doc {
	DOC_CERTIFIED,       /* certified list, whole establishment */
	DOC_CERTIFIED_CLASS, /* certified list of the class on screen */
	DOC_ATTESTATION,     /* the next attestation of cession */
	DOC_MISSING,         /* people still to equip */
	DOC_LOANS,           /* loans to get back: overdue, borrower gone */
	DOC_CHARTERS_CLASS,  /* charter cover sheets of the class on screen */
	DOC_CHARTERS,        /* charter cover sheets of everyone */
	DOC_CSV,             /* every handover as CSV */
	DOC_COUNT,
};

/* A line of text asked over a screen (prompt.c): what it is for. */
enum prompt_what {
	PROMPT_NONE,
	PROMPT_DOCS_DIR, /* F8: where documents go, when no folder is */
	PROMPT_ATT_FROM, /* F8: the attestation's first day */
	PROMPT_ATT_TO,   /* F8: its last day */
	PROMPT_OPERATOR, /* F9: the operator's name */
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
	char *class_name;      /* NULL: none chosen yet; "": no class */
	unsigned profile;      /* DOT_PROFILE_BIT()s, 0: everybody */
	struct dot_roll *roll; /* the class's roll call (app/roll.c), or NULL */
	size_t cur, top;
	int64_t cur_id;           /* keeps the cursor on a person on reload */
	struct dot_tui_line line; /* serial typed or scanned on the roll call */
	/*
	 * Characters typed where no text is taken (a question, settings,
	 * documents, help, a journal): a scanner burst there cancels what is
	 * open instead of answering it; one key alone answers a question.
	 */
	struct dot_tui_line guard;
	bool manual;    /* F7: the entry line was opened explicitly */
	uint64_t o_at;  /* a letter O began a run then (0: none) */
	size_t o_index; /* its place in the line */
	uint64_t swallow_enter_until; /* Enter after an idle-framed burst */

	/* class picker */
	struct dot_class_list classes;
	size_t ccur, ctop;
	int profile_idx;
	struct dot_tui_line cfilter;

	/* search */
	struct dot_tui_line query;
	struct dot_roll *found; /* the search's rows, or NULL */
	size_t scur, stop;
	bool search_stale;
	int64_t burst_target; /* highlighted result when a burst began */
	bool from_search;     /* the highlighted person came from search */

	/* detail */
	struct dot_person detail;
	struct dot_journal_list journal;
	size_t jtop;
	enum tui_screen detail_back;
	int64_t detail_replacements; /* replacements the person received */

	size_t htop;   /* help scroll */
	size_t setcur; /* settings cursor */

	/* accessories, mode, sound */
	bool def_microsd, def_case;
	bool microsd, has_case; /* for the next handover */
	bool catchup;           /* catch-up: charter recorded with the scan */
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
	bool confirm_cancelled; /* a scan closed the question */

	/* a scan waiting for a database another program holds (id != 0) */
	struct {
		int64_t id;
		char serial[DOT_SERIAL_BUF];
		bool manual;
		struct dot_assign_opts o;
		uint64_t next, until;
	} busy;

	struct dot_status status;
	int64_t data_version;
	uint64_t next_poll;
	uint64_t reload_at; /* deferred full reload after a scan */
	char scanner_state[160];
	struct dot_scan_set *scanset;
	bool scanner_changed;
	struct dot_sync_worker *sync; /* NULL: no upstream configured */
	char sync_state[64];  /* why sync fails, in a few words ("offline");
				 "" while it works */
	char sync_error[256]; /* the whole reason of a failed sync */
	struct dot_checkpointer *ckpt; /* WAL checkpoints off the scan path */
	size_t daycur;                 /* F8 menu */
	size_t loans_overdue, loans_gone; /* F8: loans to get back */

	/* the devices desk (F11) */
	int desk_mode;             /* enum desk_mode */
	int desk_step;             /* enum desk_step */
	struct dot_tui_line dline; /* serial typed or scanned there */
	struct dot_tui_line dtext; /* text typed there (free text) */
	size_t desk_received;      /* reception: boxes scanned this time */
	size_t desk_expected;      /* reception: the delivery's quantity */
	char desk_pending[DOT_SERIAL_BUF]; /* the device of the flow */
	char desk_replace[DOT_SERIAL_BUF]; /* hs, lost: its replacement */
	char desk_holder[256];
	int64_t desk_person; /* loan: the borrower, 0: none yet */
	char desk_person_label[256];
	struct dot_roll *desk_found; /* loan: people the name finds */
	size_t desk_fcur, desk_ftop;
	char desk_until[11];             /* loan: YYYY-MM-DD */
	char desk_note[256];             /* loan: condition; hs, lost: reason */
	char desk_report[128];           /* lost: police report */
	struct dot_loan_list desk_loans; /* loans to get back */
	struct tui_fix fix;              /* F12 */
	struct tui_form form;            /* ^N */

	char day_msg[768];
	char day_detail[512]; /* what a tool itself said (lp), F8 only */
	struct tui_job *job;  /* a document being made, or NULL */
	struct doc_work *job_work;
	/* F8's printers, listed off the loop (day.c) */
	struct tui_job *pjob;
	struct dot_printer_list *pwork;
	struct dot_printer_list printers;
	bool printers_known;
	size_t printer_idx; /* 0: none, 1: the default, 2..: printers.v */
	char att_from[11], att_to[11]; /* the next attestation's period */
	int64_t att_next;              /* and its number */
	enum tui_doc day_pending;      /* waiting for the documents folder */
	char *docs_dir;                /* chosen in the station, or NULL */

	/* a line of text asked over a screen (prompt.c) */
	struct {
		enum prompt_what what;
		struct dot_tui_line line;
		char label[256];
	} prompt;

	FILE *trace; /* $DOTATION_STATION_TRACE, benchmarks */
	uint64_t trace_t0;
	uint64_t trace_done; /* use case returned (committed) */
	const char *trace_kind;
	/*
	 * "ready": the last scan's busy time, key to painted plus its
	 * deferred reload to painted (the loop waits idle in between, ready
	 * for a key).
	 */
	uint64_t trace_scan_busy, trace_reload_t0;
};

/* colour.c */
void tui_colour_init(struct station *s);
int tui_attr(const struct station *s, enum colour c);

/* bindings.c */
/* The action bound to key (func: a KEY_* code), ACT_CHAR for text. */
enum action tui_bind(int key, bool func);
/* Teach ncurses the function-key sequences of tmux and xterm. */
void tui_define_keys(void);
/* Label of function key n (1..10), translated; brief: the short one. */
const char *tui_fkey_label(int n, bool brief);
/*
 * Help line i (0, 1 ...): key names and what they do, translated; false
 * past the last one.
 */
bool tui_help_line(size_t i, const char **keys, const char **what);

/* paint.c */
void tui_paint(struct station *s);
int tui_text_width(const char *s);
int tui_put(int y, int x, int w, const char *s, int attr, bool pad);
int tui_putf(int y, int x, int w, int attr, bool pad, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int tui_wrap(int y, int x, int w, int maxrows, const char *text, int attr);
/* The rows tui_wrap() would use, drawing nothing. */
int tui_wrap_rows(int w, int maxrows, const char *text);
void tui_last_sync_when(const struct station *s, bool short_today, char *out,
			size_t outsz);
void tui_scroll_to(size_t cur, size_t *top, int rows);
void tui_draw_people(struct station *s, int y0, int rows,
		     const struct dot_roll *l, size_t cur, size_t *top,
		     bool with_class);
int tui_progress(struct station *s, int y, int x, const char *label,
		 int64_t done, int64_t total, int barw);
const struct dot_person *tui_current_person(struct station *s);

/* actions.c: feedback and the use cases */
uint64_t tui_now_us(void);
void tui_say(struct station *s, enum last_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tui_refuse(struct station *s, const char *why);
/* Person id into *p (release it), or refused on screen and false. */
bool tui_person_load(struct station *s, int64_t id, struct dot_person *p);
/* An informational last-action line (no sound). */
void tui_info(struct station *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tui_trace_mark(struct station *s, const char *kind, uint64_t t0);
int64_t tui_current_id(struct station *s);
void tui_line_char(struct station *s, struct dot_tui_line *l, wchar_t c,
		   uint64_t t, bool serial_input);
void tui_hand_over(struct station *s, int64_t id, const char *serial,
		   bool manual, uint64_t t_key);
/*
 * The person a scan names (a person code "O" + number, a student card's
 * INE or SIECLE id), or 0: then it is a serial.
 */
int64_t tui_person_code(struct station *s, const char *text);
/*
 * "LAST First (CLASS)" for row i of r, with the birth date when another
 * row of r bears the same name (r may be NULL: no date); caller frees.
 */
char *tui_person_label(const struct dot_roll *r, size_t i,
		       const struct dot_person *p);
/* Try a scan waiting for a busy database again, when its time came. */
void tui_busy_retry(struct station *s, uint64_t now);
/* Refuse a letter O a person typed, once nothing followed it fast. */
void tui_letter_o_check(struct station *s, uint64_t now);
void tui_do_charter(struct station *s);
void tui_do_absent(struct station *s);
bool tui_screen_takes_text(enum tui_screen scr);
/* A framed scan (a terminal burst or a grabbed scanner's). */
void tui_scan_interrupt(struct station *s, const char *serial, const char *raw,
			enum dot_serial_reason reason, uint64_t t);
bool tui_guard_end(struct station *s, uint64_t t);
/* A framed scan from a grabbed scanner: same path as a terminal burst. */
void tui_scan(struct station *s, const char *serial, const char *raw,
	      enum dot_serial_reason reason, uint64_t t);

/* views.c */
/* Rows of r (NULL: none). */
size_t tui_rows(const struct dot_roll *r);
/* Move the cursor to the next person to call (scan-and-advance). */
void tui_advance(struct station *s);
/* Person id's row changed through the other view: read it again there. */
void tui_person_changed(struct station *s, const struct dot_roll *by,
			int64_t id);
/* The roll the person on screen comes from (the roll call or the search). */
struct dot_roll *tui_current_roll(struct station *s, size_t *row);
void tui_load_people(struct station *s);
void tui_reload(struct station *s);
void tui_open_class(struct station *s, const char *name);
void tui_show_person(struct station *s, const struct dot_person *p);
void tui_move_cursor(size_t *cur, size_t n, enum action a, int page);
int tui_page_rows(void);
/* Where Esc leads back to: the roll call, or the picker before a class. */
void tui_home(struct station *s);

/* screens' loaders and helpers */
void tui_load_classes(struct station *s);
void tui_load_search(struct station *s);
void tui_load_detail(struct station *s, int64_t id);
void tui_load_settings(struct station *s);
#define TUI_NPROFILES 4
/* Profile idx of the picker's filter: its DOT_PROFILE_BIT()s (0: all). */
unsigned tui_profile_code(int idx);
const char *tui_profile_label(int idx);
/* One person's profile in one word ("Élève", "Enseignant", "Personnel"). */
const char *tui_profile_word(enum dot_profile p);
bool tui_class_done(struct station *s);
void tui_roll_line_end(struct station *s, uint64_t t);
void tui_search_line_end(struct station *s, uint64_t t, bool enter);
bool tui_classes_line_end(struct station *s, uint64_t t);

/* prompt.c: a line of text asked over the F8 and F9 screens */
void tui_prompt_open(struct station *s, enum prompt_what what,
		     const char *label, const char *initial);
int tui_prompt_key(struct station *s, enum action a, wint_t ch, uint64_t t);
/* Draw it on row y; returns the rows used (0 when none is open). */
int tui_draw_prompt(struct station *s, int y);
/* What was typed, submitted: the screen that asked takes it (day.c,
 * settings.c). */
void tui_day_prompt_done(struct station *s, enum prompt_what what,
			 const char *text);
void tui_settings_prompt_done(struct station *s, const char *text);
/* F8's printers were listed (day.c). */
void tui_day_printers_done(struct station *s);

/* confirm.c: a question over any screen, answered by o/n or Esc */
void tui_undo_ask(struct station *s);
int tui_confirm_key(struct station *s, enum action a, wint_t ch, uint64_t t);
void tui_confirm_answer(struct station *s);
void tui_confirm_cancel(struct station *s);
void tui_draw_confirm(struct station *s);

/* sources.c: scanners, sync worker, checkpoints */
void tui_sources_start(struct station *s);
void tui_sources_stop(struct station *s);
size_t tui_sources_pollfds(struct station *s, struct pollfd *fds, size_t max);
int tui_sources_timeout_ms(struct station *s);
void tui_sources_dispatch(struct station *s, const struct pollfd *fds,
			  size_t n);
void tui_sources_kick_sync(struct station *s);

/* job.c: one function on a worker thread, reported through a pipe */
struct tui_job;
/* Start fn(arg) on a thread; NULL with *cause (caller frees) on failure. */
struct tui_job *tui_job_start(void (*fn)(void *arg), void *arg, char **cause);
/* Readable once fn returned. */
int tui_job_fd(const struct tui_job *j);
/* Wait for the thread and free j (NULL does nothing). */
void tui_job_finish(struct tui_job *j);

/* day.c: the document being made reported back (its job's fd is ready) */
void tui_day_dispatch(struct station *s);
/* correct.c: F12, a handover corrected */
void tui_correct_open(struct station *s);
void tui_correct_line_end(struct station *s, uint64_t t, bool enter);
/* A framed scan while correcting: a person code chooses the person. */
void tui_correct_scan(struct station *s, const char *serial, uint64_t t);
void tui_correct_confirmed(struct station *s, enum confirm_what what,
			   int64_t arg);
void tui_correct_release(struct station *s);

/* person_add.c: ^N, a newcomer added */
void tui_add_open(struct station *s);
/* The field being typed: a scanner burst there cancels the form. */
struct dot_tui_line *tui_add_line(struct station *s);
bool tui_add_line_end(struct station *s, uint64_t t);
void tui_add_cancel(struct station *s);

/* desk.c: the devices desk */
void tui_load_desk(struct station *s);
void tui_desk_scan(struct station *s, const char *serial, uint64_t t);
void tui_desk_line_end(struct station *s, uint64_t t);
void tui_desk_confirmed(struct station *s);
/* The flow of the desk is abandoned (Esc, n, a scan over a question). */
void tui_desk_reset(struct station *s);
/* The desk's lines ended by silence: a scanner without suffix. */
void tui_desk_timers(struct station *s, uint64_t now);
/*
 * A scan that names a person (person code, student card): their id, 0
 * for none, -1 when the database cannot answer (already refused).
 */
int64_t tui_person_code(struct station *s, const char *text);

/* Entering F8: count the loans to get back (overdue, borrower gone). */
void tui_load_day(struct station *s);
/* Quitting: wait for a document still being written. */
void tui_day_stop(struct station *s);

#endif
