/*
 * The station's event loop and its actions. One poll() waits on the
 * terminal and the timers (database change polling, idle-gap framing of
 * scanner bursts, the flash of the last action, the second beep of a
 * refusal). Keys go through one bindings table to actions; screens
 * answer with reaction flags (redraw, reload, quit) that the loop
 * applies in one place, and the screen is painted at most once per
 * iteration.
 *
 * A handover is acknowledged (beep, green flash) only after
 * dot_app_assign() returned 0, that is after its transaction committed.
 */
#include <curses.h>
#include <stdarg.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "tui_int.h"

#define POLL_DB_US 250000   /* see other queues' handovers within 1 s */
#define FLASH_US 400000
#define BEEP2_US 180000
#define HINT_US 6000000
#define SWALLOW_ENTER_US 1000000
#define SEARCH_LIMIT 200
#define SEARCH_MIN_CHARS 2 /* one letter matches a tenth of the roster */
#define RELOAD_AFTER_US 20000

static volatile sig_atomic_t got_signal;
static bool curses_on;

uint64_t
tui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Allocation failure: give the terminal back before aborting. */
static void
fatal_hook(void)
{
	if (curses_on)
		endwin();
}

/* ---- bindings ------------------------------------------------------------ */

#define CTRL(c) ((c) & 0x1f)

struct binding {
	int key;
	bool func;    /* a KEY_* code, not a character */
	enum action action;
};

static const struct binding bindings[] = {
	{KEY_F(1), true, ACT_HELP},
	{KEY_F(2), true, ACT_CLASSES},
	{KEY_F(3), true, ACT_SEARCH},
	{KEY_F(4), true, ACT_CHARTER},
	{KEY_F(5), true, ACT_ABSENT},
	{KEY_F(6), true, ACT_UNDO},
	{KEY_F(7), true, ACT_MANUAL},
	{KEY_F(8), true, ACT_DAY},
	{KEY_F(9), true, ACT_SETTINGS},
	{KEY_F(10), true, ACT_QUIT},
	{KEY_UP, true, ACT_UP},
	{KEY_DOWN, true, ACT_DOWN},
	{KEY_PPAGE, true, ACT_PGUP},
	{KEY_NPAGE, true, ACT_PGDN},
	{KEY_HOME, true, ACT_HOME},
	{KEY_END, true, ACT_END},
	{KEY_LEFT, true, ACT_LEFT},
	{KEY_RIGHT, true, ACT_RIGHT},
	{KEY_ENTER, true, ACT_ENTER},
	{KEY_BACKSPACE, true, ACT_BACKSPACE},
	{KEY_DC, true, ACT_BACKSPACE},
	{KEY_RESIZE, true, ACT_RESIZE},
	{'\r', false, ACT_ENTER},
	{'\n', false, ACT_ENTER},
	{'\t', false, ACT_TAB},
	{27, false, ACT_BACK},
	{127, false, ACT_BACKSPACE},
	{CTRL('H'), false, ACT_BACKSPACE},
	{CTRL('U'), false, ACT_CLEAR},
	{CTRL('C'), false, ACT_QUIT},
	{CTRL('K'), false, ACT_MICROSD},
	{CTRL('E'), false, ACT_CASE},
	{CTRL('L'), false, ACT_REFRESH},
};

static enum action
bind(int key, bool func)
{
	size_t i;

	for (i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++)
		if (bindings[i].key == key && bindings[i].func == func)
			return bindings[i].action;
	if (!func && key >= ' ')
		return ACT_CHAR;
	return ACT_NONE;
}

/*
 * Terminals whose description lacks function keys (TERM=vt100) still get
 * the sequences tmux and xterm send: teach them to ncurses.
 */
static void
define_fallback_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} k[] = {
		{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)},
		{"\033OS", KEY_F(4)}, {"\033[11~", KEY_F(1)},
		{"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)},
		{"\033[14~", KEY_F(4)}, {"\033[15~", KEY_F(5)},
		{"\033[17~", KEY_F(6)}, {"\033[18~", KEY_F(7)},
		{"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)},
		{"\033[21~", KEY_F(10)}, {"\033[A", KEY_UP},
		{"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT},
		{"\033[D", KEY_LEFT}, {"\033OA", KEY_UP}, {"\033OB", KEY_DOWN},
		{"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
		{"\033[H", KEY_HOME}, {"\033[F", KEY_END},
		{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END},
		{"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
		{"\033[3~", KEY_DC},
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (key_defined(k[i].seq) == 0)
			define_key(k[i].seq, k[i].key);
}

/* ---- feedback ------------------------------------------------------------- */

static void
sound(struct station *s, int times)
{
	if (!s->sound)
		return;
	beep();
	if (times > 1)
		s->beep2_at = tui_now_us() + BEEP2_US;
}

/*
 * The big line. ncurses' flash() is not used for the flash: on xterm-like
 * terminals it sleeps about 100 ms inside the call, which would hold the
 * next scan; the band is shown in reverse for FLASH_US instead.
 */
static void
say(struct station *s, enum last_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
say(struct station *s, enum last_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->last, sizeof(s->last), fmt, ap);
	va_end(ap);
	s->last_kind = kind;
	s->hint[0] = '\0';
	if (kind == LAST_OK || kind == LAST_ERROR)
		s->flash_until = tui_now_us() + FLASH_US;
	if (kind == LAST_OK)
		sound(s, 1);
	else if (kind == LAST_ERROR)
		sound(s, 2);
	s->dirty = true;
}

static void
refuse(struct station *s, const char *why)
{
	say(s, LAST_ERROR, "%s %s", s->unicode ? "✘" : "X", why);
}

void
tui_info(struct station *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->last, sizeof(s->last), fmt, ap);
	va_end(ap);
	s->last_kind = LAST_INFO;
	s->dirty = true;
}

/* ---- settings kept per queue ---------------------------------------------- */

static bool
setting_bool(struct station *s, enum dot_queue_setting name, bool def)
{
	char *key = dot_queue_setting_key(s->queue, name);
	char *v = dot_store_setting_get_key(s->st, key);
	bool r = def;

	if (v)
		r = strcmp(v, "1") == 0 || strcmp(v, "on") == 0 ||
		    strcmp(v, "catchup") == 0;
	free(v);
	free(key);
	return r;
}

static void
setting_save(struct station *s, enum dot_queue_setting name,
	     const char *value)
{
	char *key = dot_queue_setting_key(s->queue, name);
	char *cause = NULL;

	if (dot_store_setting_set_key(s->st, key, value, &cause) != 0) {
		refuse(s, cause ? cause : _("cannot save the setting"));
		free(cause);
	}
	free(key);
}

static void
load_settings(struct station *s)
{
	s->def_microsd = setting_bool(s, DOT_QSETTING_MICROSD, true);
	s->def_case = setting_bool(s, DOT_QSETTING_CASE, true);
	s->sound = setting_bool(s, DOT_QSETTING_SOUND, true);
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
}

/* ---- loading the views ---------------------------------------------------- */

static void
load_people(struct station *s)
{
	struct dot_people_filter f = {0};
	char *cause = NULL;
	size_t i;

	dot_person_list_release(&s->people);
	if (!s->class_name)
		return;
	f.class_name = s->class_name;
	f.profiles = s->profile;
	if (dot_store_people(s->st, &f, &s->people, &cause) != 0) {
		refuse(s, cause);
		free(cause);
		return;
	}
	/* keep the cursor on the same person when the list changes */
	for (i = 0; i < s->people.n; i++)
		if (s->people.v[i].id == s->cur_id) {
			s->cur = i;
			return;
		}
	if (s->cur >= s->people.n)
		s->cur = s->people.n ? s->people.n - 1 : 0;
	if (s->people.n)
		s->cur_id = s->people.v[s->cur].id;
}

static bool
class_matches(const struct station *s, const char *name)
{
	char f[DOT_TUI_LINE_MAX * 4 + 1];

	dot_tui_line_text(&s->cfilter, f, sizeof(f));
	return !f[0] || strcasestr(name, f) != NULL;
}

static void
load_classes(struct station *s)
{
	struct dot_class_list all = {0};
	char *cause = NULL;
	size_t i;

	dot_class_list_release(&s->classes);
	if (dot_store_classes(s->st, tui_profiles[s->profile_idx], &all,
			      &cause) != 0) {
		refuse(s, cause);
		free(cause);
		return;
	}
	s->classes.v = dot_xcalloc(all.n ? all.n : 1, sizeof(*all.v));
	for (i = 0; i < all.n; i++) {
		if (class_matches(s, all.v[i].class_name)) {
			s->classes.v[s->classes.n++] = all.v[i];
			all.v[i].class_name = NULL;
		}
	}
	dot_class_list_release(&all);
	if (s->ccur >= s->classes.n)
		s->ccur = s->classes.n ? s->classes.n - 1 : 0;
}

static void
load_search(struct station *s)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1];
	struct dot_people_filter f = {.limit = SEARCH_LIMIT};
	char *cause = NULL;

	s->search_stale = false;
	dot_person_list_release(&s->results);
	dot_tui_line_text(&s->query, q, sizeof(q));
	if (tui_text_width(q) < SEARCH_MIN_CHARS)
		return;
	f.search = q;
	if (dot_store_people(s->st, &f, &s->results, &cause) != 0) {
		refuse(s, cause);
		free(cause);
	}
	if (s->scur >= s->results.n)
		s->scur = 0;
}

static void
load_detail(struct station *s, int64_t id)
{
	char *cause = NULL;

	dot_person_release(&s->detail);
	dot_journal_list_release(&s->journal);
	if (!id)
		return;
	if (dot_store_person_get(s->st, id, &s->detail, &cause) != 0 ||
	    dot_store_journal_list(s->st, id, 0, 0, &s->journal, &cause) != 0) {
		refuse(s, cause);
		free(cause);
	}
}

static void
reload(struct station *s)
{
	char *cause = NULL;

	s->reload_at = 0;
	if (dot_store_status(s->st, &s->status, &cause) != 0) {
		refuse(s, cause);
		free(cause);
	}
	load_people(s);
	if (s->screen == SCR_CLASSES)
		load_classes(s);
	if (s->screen == SCR_SEARCH)
		s->search_stale = true;
	if (s->screen == SCR_DETAIL)
		load_detail(s, s->detail.id);
	s->data_version = dot_store_data_version(s->st);
	s->dirty = true;
}

static void
open_class(struct station *s, const char *name)
{
	char *dup = dot_xstrdup(name);

	free(s->class_name);
	s->class_name = dup;
	s->profile = tui_profiles[s->profile_idx];
	s->cur = 0;
	s->top = 0;
	s->cur_id = 0;
	load_people(s);
	s->cur = s->people.n ? s->people.n - 1 : 0;
	s->cur = dot_tui_next_pending(&s->people, s->cur);
	if (s->people.n)
		s->cur_id = s->people.v[s->cur].id;
	s->screen = SCR_ROLL;
}

/* Show person id on the roll call of their class, cursor on them. */
static void
show_person(struct station *s, const struct dot_person *p)
{
	int64_t id = p->id;

	free(s->class_name);
	s->class_name = dot_xstrdup(p->class_name ? p->class_name : "");
	s->profile = 0;
	s->profile_idx = 0;
	s->cur_id = id;
	s->cur = 0;
	s->top = 0;
	s->screen = SCR_ROLL;
	load_people(s);
}

static void
move_cursor(size_t *cur, size_t n, enum action a, int page)
{
	if (n == 0) {
		*cur = 0;
		return;
	}
	switch (a) {
	case ACT_UP:
		if (*cur > 0)
			(*cur)--;
		break;
	case ACT_DOWN:
		if (*cur + 1 < n)
			(*cur)++;
		break;
	case ACT_PGUP:
		*cur = *cur > (size_t)page ? *cur - (size_t)page : 0;
		break;
	case ACT_PGDN:
		*cur = *cur + (size_t)page < n ? *cur + (size_t)page : n - 1;
		break;
	case ACT_HOME:
		*cur = 0;
		break;
	case ACT_END:
		*cur = n - 1;
		break;
	default:
		break;
	}
}

static int
page_rows(void)
{
	int r = LINES - 10;

	return r > 1 ? r : 1;
}

/* ---- use cases -------------------------------------------------------------- */

static void
trace_mark(struct station *s, const char *kind, uint64_t t0)
{
	if (!s->trace)
		return;
	s->trace_kind = kind;
	s->trace_t0 = t0;
}

static void
mark_handed(struct dot_person_list *l, int64_t id,
	    const struct dot_assign_result *res, const struct dot_assign_opts *o)
{
	char now[32];
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct dot_person *p = &l->v[i];

		if (p->id != id)
			continue;
		free(p->serial);
		p->serial = dot_xstrdup(res->serial);
		p->kind = DOT_HANDOVER_CESSION;
		p->microsd = o->microsd;
		p->has_case = o->has_case;
		if (!p->charter_at) {
			dot_time_now_iso(now);
			p->charter_at = dot_xstrdup(now);
		}
	}
}

/*
 * Hand over serial (as scanned or typed) to person id; manual tells how
 * it came, for the acknowledgement.
 */
static void
hand_over(struct station *s, int64_t id, const char *serial, bool manual,
	  uint64_t t_key)
{
	struct dot_assign_opts o = {0};
	struct dot_assign_result res;
	char sn[DOT_SERIAL_BUF];
	enum dot_serial_reason r;
	char *cause = NULL;
	int rc;

	trace_mark(s, "scan", t_key);
	r = dot_serial_check(serial, NULL, sn, sizeof(sn));
	if (r != DOT_SERIAL_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s : %s", *sn ? sn : serial,
			 dot_serial_reason_message(r));
		refuse(s, msg);
		return;
	}
	if (!id) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s: no person selected: choose a class (F2) or "
			   "search (F3), then scan again"), sn);
		refuse(s, msg);
		return;
	}
	if (tui_class_done(s)) {
		char msg[512];

		/* scan-and-advance ran out of people: say that, not "holds" */
		snprintf(msg, sizeof(msg),
			 _("%s: class %s is complete, nobody left to equip: "
			   "choose the next class (F2) or search (F3), then "
			   "scan again"),
			 sn, s->class_name && *s->class_name ? s->class_name
							     : _("(no class)"));
		refuse(s, msg);
		return;
	}
	o.microsd = s->microsd;
	o.has_case = s->has_case;
	o.record_charter = s->catchup;
	rc = dot_app_assign(s->app, id, sn, &o, &res, &cause);
	if (s->trace)
		s->trace_done = tui_now_us();
	if (rc != 0) {
		refuse(s, cause ? cause : _("the handover failed"));
		free(cause);
		reload(s);
		return;
	}
	say(s, LAST_OK, "%s %s → %s%s%s%s", s->unicode ? "✔" : "OK",
	    res.serial, res.name, o.microsd ? " + microSD" : "",
	    o.has_case ? _(" + case") : "",
	    manual ? _(" (typed by hand)") : "");
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	s->cur_id = id;
	tui_sources_kick_sync(s);
	/*
	 * The row is updated from what was just committed and the screen
	 * painted at once; the full reload (header counts, other rows) comes
	 * right after the paint, off the scan's path.
	 */
	mark_handed(&s->people, id, &res, &o);
	mark_handed(&s->results, id, &res, &o);
	s->reload_at = tui_now_us() + RELOAD_AFTER_US;
	if (s->screen == SCR_ROLL && s->from_search && s->catchup) {
		/* catch-up: back to the search for the next archived charter */
		s->from_search = false;
		s->screen = SCR_SEARCH;
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
	} else if (s->screen == SCR_ROLL) {
		s->cur = dot_tui_next_pending(&s->people, s->cur);
		if (s->cur < s->people.n)
			s->cur_id = s->people.v[s->cur].id;
	} else if (s->screen == SCR_SEARCH) {
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
	}
}

static void
do_charter(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);
	char *cause = NULL, *label;
	int64_t seq;

	if (!p) {
		refuse(s, _("no person selected: choose a class (F2) or search "
			    "(F3)"));
		return;
	}
	label = dot_app_person_label(p);
	if (p->charter_at) {
		s->confirm.what = CONFIRM_WITHDRAW;
		s->confirm.arg = p->id;
		snprintf(s->confirm.text, sizeof(s->confirm.text),
			 _("withdraw the charter of %s?"), label);
		free(label);
		s->dirty = true;
		return;
	}
	if (dot_app_charter(s->app, p->id, false, &seq, &cause) == 0)
		say(s, LAST_OK, _("%s charter recorded: %s"),
		    s->unicode ? "✔" : "OK", label);
	else
		refuse(s, cause);
	free(cause);
	free(label);
	reload(s);
}

static void
do_absent(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);
	char *cause = NULL, *label;
	bool absent;
	int64_t seq;

	if (!p) {
		refuse(s, _("no person selected: choose a class (F2)"));
		return;
	}
	label = dot_app_person_label(p);
	absent = !p->absent;
	if (dot_app_absent(s->app, p->id, absent, &seq, &cause) == 0) {
		say(s, LAST_INFO, absent ? _("%s marked absent today")
					 : _("%s is no longer marked absent"),
		    label);
		reload(s);
		if (absent && s->screen == SCR_ROLL) {
			s->cur = dot_tui_next_pending(&s->people, s->cur);
			if (s->cur < s->people.n)
				s->cur_id = s->people.v[s->cur].id;
		}
	} else {
		refuse(s, cause);
	}
	free(cause);
	free(label);
}

static char *
describe_entry(struct station *s, int64_t seq)
{
	struct dot_journal_entry e;
	struct dot_person p;
	char *label = NULL, *text;

	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if (dot_store_journal_get(s->st, seq, &e, NULL) != 0)
		return dot_xasprintf(_("entry %lld"), (long long)seq);
	if (e.person_id && dot_store_person_get(s->st, e.person_id, &p,
						NULL) == 0)
		label = dot_app_person_label(&p);
	if (e.type == DOT_JOURNAL_ASSIGN)
		text = dot_xasprintf(_("handover of %s to %s"),
				     e.serial ? e.serial : "?",
				     label ? label : "?");
	else if (e.type == DOT_JOURNAL_CHARTER)
		text = dot_xasprintf(_("charter of %s"), label ? label : "?");
	else if (e.type == DOT_JOURNAL_CHARTER_WITHDRAW)
		text = dot_xasprintf(_("charter withdrawal of %s"),
				     label ? label : "?");
	else if (e.type == DOT_JOURNAL_ABSENT)
		text = dot_xasprintf(_("absence of %s"), label ? label : "?");
	else
		text = dot_xasprintf("%s", dot_journal_type_name(e.type));
	free(label);
	dot_person_release(&p);
	dot_journal_entry_release(&e);
	return text;
}

static void
do_undo_ask(struct station *s)
{
	int64_t seq = 0;
	char *what, *cause = NULL;

	if (dot_app_last_undoable(s->app, &seq, &cause) != 0) {
		refuse(s, cause);
		free(cause);
		return;
	}
	if (!seq) {
		say(s, LAST_INFO, "%s", _("nothing to undo on this queue"));
		return;
	}
	what = describe_entry(s, seq);
	s->confirm.what = CONFIRM_UNDO;
	s->confirm.arg = seq;
	snprintf(s->confirm.text, sizeof(s->confirm.text),
		 _("undo %s (journal entry %lld)?"), what, (long long)seq);
	free(what);
	s->dirty = true;
}

static bool guard_end(struct station *s, uint64_t t);

static void
confirm_yes(struct station *s)
{
	char *cause = NULL, *what;
	int64_t seq = 0;
	struct dot_journal_entry e;

	switch (s->confirm.what) {
	case CONFIRM_UNDO:
		what = describe_entry(s, s->confirm.arg);
		memset(&e, 0, sizeof(e));
		if (dot_app_undo(s->app, s->confirm.arg, &seq, &cause) == 0) {
			say(s, LAST_INFO, _("undone: %s"), what);
			if (dot_store_journal_get(s->st, s->confirm.arg, &e,
						  NULL) == 0 && e.person_id)
				s->cur_id = e.person_id;
			dot_journal_entry_release(&e);
		} else {
			refuse(s, cause);
		}
		free(what);
		break;
	case CONFIRM_WITHDRAW:
		if (dot_app_charter(s->app, s->confirm.arg, true, &seq,
				    &cause) == 0)
			say(s, LAST_INFO, "%s", _("charter withdrawn"));
		else
			refuse(s, cause);
		break;
	case CONFIRM_NONE:
		break;
	}
	free(cause);
	s->confirm.what = CONFIRM_NONE;
	reload(s);
}

static void
confirm_cancel(struct station *s)
{
	s->confirm.what = CONFIRM_NONE;
	dot_tui_line_clear(&s->guard);
	s->dirty = true;
}

/*
 * One key alone answers: o (oui) or y confirms, n cancels. Anything else
 * typed slowly is not an answer: say which keys are.
 */
static void
confirm_answer(struct station *s)
{
	wchar_t c = s->guard.n == 1 ? s->guard.c[0] : 0;

	dot_tui_line_clear(&s->guard);
	if (c == L'o' || c == L'O' || c == L'y' || c == L'Y') {
		confirm_yes(s);
	} else if (c == L'n' || c == L'N') {
		confirm_cancel(s);
		say(s, LAST_INFO, "%s", _("cancelled"));
	} else {
		snprintf(s->hint, sizeof(s->hint), "%s",
			 _("answer with o (yes) or n (no); Esc cancels"));
		s->hint_until = tui_now_us() + HINT_US;
		s->dirty = true;
	}
}

static int
confirm_key(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		/* judged when the line ends: a scan, or one key (o/n) */
		dot_tui_line_feed(&s->guard, (wchar_t)ch, t);
		return R_NONE;
	case ACT_ENTER:
	case ACT_TAB:
		/* never "yes" by Enter alone: a scanner's suffix is an Enter */
		if (guard_end(s, t))
			return R_REDRAW;
		confirm_answer(s);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_QUIT:
		confirm_cancel(s);
		say(s, LAST_INFO, "%s", _("cancelled"));
		return R_REDRAW;
	default:
		return R_NONE;
	}
}

/* ---- serial input on the roll call ------------------------------------------ */

static int64_t
current_id(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);

	return p ? p->id : 0;
}

static void
line_char(struct station *s, struct dot_tui_line *l, wchar_t c, uint64_t t,
	  bool serial_input)
{
	/* refused at the keystroke: red, two beeps, the hint in the band */
	if (dot_tui_line_feed(l, c, t) == DOT_TUI_FEED_LETTER_O &&
	    serial_input)
		refuse(s, dot_serial_reason_message(DOT_SERIAL_LETTER_O));
	s->dirty = true;
}

/* Screens where typed text is a serial, a search or a filter. */
static bool
screen_takes_text(enum tui_screen scr)
{
	return scr == SCR_ROLL || scr == SCR_SEARCH || scr == SCR_CLASSES;
}

/*
 * A framed scan. On the roll call and in the search it goes to the
 * person on screen. Anywhere else it is never an answer, a filter nor a
 * search. A question
 * (undo, withdraw a charter) is cancelled and the scan goes to the person
 * on screen, as on the roll call (recorded, or refused with its reason).
 * Any other screen (class picker, settings, documents, help, journal) is
 * closed and the scan refused: which person it was meant for is not
 * known.
 */
static void
scan_interrupt(struct station *s, const char *serial, const char *raw,
	       enum dot_serial_reason reason, uint64_t t)
{
	if (s->confirm.what != CONFIRM_NONE) {
		confirm_cancel(s);
		s->confirm_cancelled = true;
	} else if (!screen_takes_text(s->screen) ||
		   s->screen == SCR_CLASSES) {
		dot_tui_line_clear(&s->guard);
		dot_tui_line_clear(&s->cfilter);
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		trace_mark(s, "scan", t);
		refuse(s, _("question cancelled: scan again"));
		reload(s);
		return;
	}
	if (reason != DOT_SERIAL_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s : %s", *serial ? serial : raw,
			 dot_serial_reason_message(reason));
		trace_mark(s, "scan", t);
		refuse(s, msg);
	} else {
		/* the scan goes to the person on screen */
		hand_over(s, current_id(s), serial, false, t);
	}
	if (s->confirm_cancelled) {
		s->confirm_cancelled = false;
		snprintf(s->hint, sizeof(s->hint), "%s",
			 _("the question was cancelled by the scan: nothing "
			   "was undone"));
		s->hint_until = tui_now_us() + HINT_US;
	}
}

/*
 * The guard line ended (Enter, Tab or an idle gap): when it holds a
 * scanner burst, that is a scan; returns true then. Otherwise the line
 * is left for the caller (one key answering a question).
 */
static bool
guard_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->guard))
		return false;
	dot_tui_line_frame(&s->guard, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	dot_tui_line_clear(&s->guard);
	/* hand_over() validates the serial and names the reason */
	scan_interrupt(s, serial, serial, DOT_SERIAL_OK, t);
	s->swallow_enter_until = tui_now_us() + SWALLOW_ENTER_US;
	return true;
}

/* A framed scan from a grabbed scanner: same rules as a terminal burst. */
void
tui_scan(struct station *s, const char *serial, const char *raw,
	 enum dot_serial_reason reason, uint64_t t)
{
	scan_interrupt(s, serial, raw, reason, t);
}

/* The roll call's line ended: a scan or a serial typed by hand. */
static void
roll_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];
	bool burst;

	if (s->line.n == 0)
		return;
	burst = dot_tui_line_frame(&s->line, serial, sizeof(serial), prefix,
				   sizeof(prefix));
	dot_tui_line_clear(&s->line);
	s->manual = false;
	if (!serial[0])
		return;
	hand_over(s, current_id(s), serial, !burst, t);
}

static int
key_roll(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		line_char(s, &s->line, (wchar_t)ch, t, true);
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
		if (s->line.n) {
			roll_line_end(s, t);
			return R_REDRAW;
		}
		if (a == ACT_TAB || t < s->swallow_enter_until)
			return R_NONE;
		if (!tui_current_person(s))
			return R_NONE;
		s->detail_back = SCR_ROLL;
		load_detail(s, current_id(s));
		s->jtop = s->journal.n > 5 ? s->journal.n - 5 : 0;
		s->screen = SCR_DETAIL;
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->line);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_CLEAR:
		if (s->line.n || s->manual || s->hint[0]) {
			dot_tui_line_clear(&s->line);
			s->manual = false;
			s->hint[0] = '\0';
			return R_REDRAW;
		}
		if (a == ACT_BACK) {
			s->screen = SCR_CLASSES;
			return R_RELOAD;
		}
		return R_NONE;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		move_cursor(&s->cur, s->people.n, a, page_rows());
		if (s->cur < s->people.n)
			s->cur_id = s->people.v[s->cur].id;
		/* accessories toggled for one person only */
		s->microsd = s->def_microsd;
		s->has_case = s->def_case;
		s->from_search = false;
		return R_REDRAW;
	case ACT_MANUAL:
		if (!tui_current_person(s)) {
			refuse(s, _("no person selected: choose a class (F2) "
				    "or search (F3)"));
			return R_REDRAW;
		}
		s->manual = true;
		return R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

/*
 * A burst typed into the class filter is a scan, not a filter: the picker
 * is closed and the scan refused (scan_interrupt). Returns true then.
 */
static bool
classes_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->cfilter))
		return false;
	dot_tui_line_frame(&s->cfilter, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	scan_interrupt(s, serial, serial, DOT_SERIAL_OK, t);
	s->swallow_enter_until = tui_now_us() + SWALLOW_ENTER_US;
	return true;
}

static int
key_classes(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		dot_tui_line_feed(&s->cfilter, (wchar_t)ch, t);
		s->ccur = 0;
		return R_RELOAD;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->cfilter);
		return R_RELOAD;
	case ACT_CLEAR:
		dot_tui_line_clear(&s->cfilter);
		return R_RELOAD;
	case ACT_LEFT:
		s->profile_idx = (s->profile_idx + 3) % 4;
		s->ccur = 0;
		return R_RELOAD;
	case ACT_RIGHT:
	case ACT_TAB:
		s->profile_idx = (s->profile_idx + 1) % 4;
		s->ccur = 0;
		return R_RELOAD;
	case ACT_ENTER:
		if (classes_line_end(s, t))
			return R_REDRAW;
		if (s->ccur < s->classes.n) {
			open_class(s, s->classes.v[s->ccur].class_name);
			dot_tui_line_clear(&s->cfilter);
			return R_RELOAD;
		}
		return R_NONE;
	case ACT_BACK:
		if (s->cfilter.n) {
			dot_tui_line_clear(&s->cfilter);
			return R_RELOAD;
		}
		if (s->class_name)
			s->screen = SCR_ROLL;
		return R_RELOAD;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		move_cursor(&s->ccur, s->classes.n, a, page_rows());
		return R_REDRAW;
	case ACT_CLASSES:
		return R_NONE;
	default:
		return R_UNHANDLED;
	}
}

/* A burst typed into the search: a scan for the highlighted person. */
static void
search_line_end(struct station *s, uint64_t t, bool enter)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];
	int64_t target = s->burst_target;

	if (!dot_tui_line_is_burst(&s->query)) {
		if (!enter || s->scur >= s->results.n)
			return;
		/* Enter: the roll call of the chosen person, next scan there */
		show_person(s, &s->results.v[s->scur]);
		s->from_search = true;
		dot_tui_line_clear(&s->query);
		return;
	}
	dot_tui_line_frame(&s->query, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	/* the query goes back to what was typed before the burst */
	dot_tui_line_drop_run(&s->query);
	s->search_stale = true;
	hand_over(s, target, serial, false, t);
}

static int
key_search(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		/* who was highlighted before this character, if it starts a
		 * burst: the scan goes to that person */
		if (s->query.n == 0 || t - s->query.t[s->query.n - 1] >
					       DOT_TUI_FAST_GAP_US)
			s->burst_target = current_id(s);
		dot_tui_line_feed(&s->query, (wchar_t)ch, t);
		s->search_stale = true;
		trace_mark(s, "search", t);
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->query);
		s->search_stale = true;
		trace_mark(s, "search", t);
		return R_REDRAW;
	case ACT_CLEAR:
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
		search_line_end(s, t, a == ACT_ENTER);
		return R_REDRAW;
	case ACT_BACK:
		if (s->query.n) {
			dot_tui_line_clear(&s->query);
			s->search_stale = true;
			return R_REDRAW;
		}
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		return R_RELOAD;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		move_cursor(&s->scur, s->results.n, a, page_rows());
		return R_REDRAW;
	case ACT_MANUAL:
		if (s->scur < s->results.n) {
			show_person(s, &s->results.v[s->scur]);
			s->from_search = true;
			s->manual = true;
		}
		return R_REDRAW;
	case ACT_SEARCH:
		return R_NONE;
	default:
		return R_UNHANDLED;
	}
}

static int
key_detail(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_UP:
		if (s->jtop > 0)
			s->jtop--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->jtop + 1 < s->journal.n)
			s->jtop++;
		return R_REDRAW;
	case ACT_HOME:
		s->jtop = 0;
		return R_REDRAW;
	case ACT_END:
		s->jtop = s->journal.n ? s->journal.n - 1 : 0;
		return R_REDRAW;
	case ACT_BACK:
	case ACT_ENTER:
		s->screen = s->detail_back;
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

static int
key_help(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_UP:
		if (s->htop > 0)
			s->htop--;
		return R_REDRAW;
	case ACT_DOWN:
	case ACT_PGDN:
		s->htop++;
		return R_REDRAW;
	case ACT_HOME:
	case ACT_PGUP:
		s->htop = 0;
		return R_REDRAW;
	case ACT_BACK:
	case ACT_ENTER:
	case ACT_HELP:
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

static void
settings_change(struct station *s)
{
	switch (s->setcur) {
	case 0:
		/* for this run only: the next start is distribution again */
		s->catchup = !s->catchup;
		break;
	case 1:
		s->def_microsd = !s->def_microsd;
		s->microsd = s->def_microsd;
		setting_save(s, DOT_QSETTING_MICROSD, s->def_microsd ? "1" : "0");
		break;
	case 2:
		s->def_case = !s->def_case;
		s->has_case = s->def_case;
		setting_save(s, DOT_QSETTING_CASE, s->def_case ? "1" : "0");
		break;
	case 3:
		s->sound = !s->sound;
		setting_save(s, DOT_QSETTING_SOUND, s->sound ? "on" : "off");
		break;
	}
}

static int
key_settings(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_UP:
		if (s->setcur > 0)
			s->setcur--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->setcur < 3)
			s->setcur++;
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_LEFT:
	case ACT_RIGHT:
		settings_change(s);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_SETTINGS:
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

static int
key_day(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_UP:
		if (s->daycur > 0)
			s->daycur--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->daycur + 1 < DOC_COUNT)
			s->daycur++;
		return R_REDRAW;
	case ACT_ENTER:
		if (!tui_have_report())
			return R_NONE;
		snprintf(s->day_msg, sizeof(s->day_msg), "%s",
			 _("making the document..."));
		tui_paint(s);
		if (tui_report_make(s, (enum tui_doc)s->daycur, s->day_msg,
				    sizeof(s->day_msg)) == 0)
			say(s, LAST_OK, "%s", s->day_msg);
		else
			refuse(s, s->day_msg);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_DAY:
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

typedef int (*key_fn)(struct station *, enum action, wint_t, uint64_t);

static const key_fn screen_keys[SCR_COUNT] = {
	[SCR_ROLL] = key_roll,
	[SCR_CLASSES] = key_classes,
	[SCR_SEARCH] = key_search,
	[SCR_DETAIL] = key_detail,
	[SCR_HELP] = key_help,
	[SCR_SETTINGS] = key_settings,
	[SCR_DAY] = key_day,
};

/* Keys every screen shares, when the screen did not take them. */
static int
key_global(struct station *s, enum action a)
{
	switch (a) {
	case ACT_HELP:
		s->htop = 0;
		s->screen = SCR_HELP;
		return R_REDRAW;
	case ACT_CLASSES:
		s->screen = SCR_CLASSES;
		return R_RELOAD;
	case ACT_SEARCH:
		/* a fresh search: the next archived charter is someone else */
		s->screen = SCR_SEARCH;
		dot_tui_line_clear(&s->query);
		s->scur = 0;
		s->search_stale = true;
		return R_REDRAW;
	case ACT_CHARTER:
		do_charter(s);
		return R_REDRAW;
	case ACT_ABSENT:
		do_absent(s);
		return R_REDRAW;
	case ACT_UNDO:
		do_undo_ask(s);
		return R_REDRAW;
	case ACT_MANUAL:
		s->screen = SCR_ROLL;
		s->manual = tui_current_person(s) != NULL;
		return R_REDRAW;
	case ACT_DAY:
		s->screen = SCR_DAY;
		s->day_msg[0] = '\0';
		return R_RELOAD;
	case ACT_SETTINGS:
		s->screen = SCR_SETTINGS;
		return R_REDRAW;
	case ACT_QUIT:
		return R_QUIT;
	case ACT_MICROSD:
		s->microsd = !s->microsd;
		return R_REDRAW;
	case ACT_CASE:
		s->has_case = !s->has_case;
		return R_REDRAW;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		return R_RELOAD;
	case ACT_RESIZE:
		return R_REDRAW;
	case ACT_BACK:
		s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
		return R_RELOAD;
	default:
		return R_NONE;
	}
}

static int
dispatch(struct station *s, int key, bool func, uint64_t t)
{
	enum action a = bind(key, func);
	int r;

	if (a == ACT_NONE)
		return R_NONE;
	if (a == ACT_RESIZE || a == ACT_REFRESH)
		return key_global(s, a);
	if (s->confirm.what != CONFIRM_NONE)
		return confirm_key(s, a, (wint_t)key, t);
	/* the Enter a scanner sends after a burst already framed by silence */
	if (a == ACT_ENTER && t < s->swallow_enter_until && !s->guard.n &&
	    !(s->screen == SCR_ROLL && s->line.n)) {
		s->swallow_enter_until = 0;
		return R_NONE;
	}
	if (!screen_takes_text(s->screen)) {
		if (a == ACT_CHAR) {
			dot_tui_line_feed(&s->guard, (wchar_t)key, t);
			return R_NONE;
		}
		if ((a == ACT_ENTER || a == ACT_TAB) && guard_end(s, t))
			return R_REDRAW;
		dot_tui_line_clear(&s->guard);
	}
	r = screen_keys[s->screen](s, a, (wint_t)key, t);
	if (r & R_UNHANDLED)
		r = key_global(s, a);
	return r;
}

static void
apply(struct station *s, int r)
{
	if (r & R_RELOAD)
		reload(s);
	if (r & (R_REDRAW | R_RELOAD))
		s->dirty = true;
	if (r & R_QUIT)
		s->quit = true;
}

static void
read_keys(struct station *s)
{
	wint_t wc;
	int kr;

	while ((kr = get_wch(&wc)) != ERR) {
		uint64_t t = tui_now_us();

		apply(s, dispatch(s, (int)wc, kr == KEY_CODE_YES, t));
		if (s->quit)
			return;
	}
}

/* ---- timers ----------------------------------------------------------------- */

static uint64_t
line_deadline(const struct dot_tui_line *l)
{
	return l->n ? l->t[l->n - 1] + DOT_TUI_IDLE_US : 0;
}

static void
timers(struct station *s, uint64_t now)
{
	if (s->screen == SCR_ROLL && dot_tui_line_idle_burst(&s->line, now)) {
		/* a scanner without suffix: the burst ended by silence */
		roll_line_end(s, s->line.t[s->line.n - 1]);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->screen == SCR_SEARCH &&
	    dot_tui_line_idle_burst(&s->query, now)) {
		search_line_end(s, s->query.t[s->query.n - 1], false);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->screen == SCR_CLASSES &&
	    dot_tui_line_idle_burst(&s->cfilter, now))
		classes_line_end(s, s->cfilter.t[s->cfilter.n - 1]);
	if (s->guard.n && now >= line_deadline(&s->guard)) {
		/* a burst ended by silence, or one key that stayed alone */
		if (!guard_end(s, s->guard.t[s->guard.n - 1])) {
			if (s->confirm.what != CONFIRM_NONE)
				confirm_answer(s);
			else
				dot_tui_line_clear(&s->guard);
		}
	}
	if (s->flash_until && now >= s->flash_until) {
		s->flash_until = 0;
		s->dirty = true;
	}
	if (s->beep2_at && now >= s->beep2_at) {
		s->beep2_at = 0;
		if (s->sound)
			beep();
	}
	if (s->hint_until && now >= s->hint_until) {
		s->hint_until = 0;
		s->hint[0] = '\0';
		s->dirty = true;
	}
	if (s->reload_at && now >= s->reload_at) {
		s->reload_at = 0;
		reload(s);
	}
	if (now >= s->next_poll) {
		s->next_poll = now + POLL_DB_US;
		if (dot_store_data_version(s->st) != s->data_version)
			reload(s);
	}
}

static int
next_timeout_ms(const struct station *s, uint64_t now)
{
	uint64_t d[] = {s->next_poll, line_deadline(&s->line),
			line_deadline(&s->query), line_deadline(&s->cfilter),
			line_deadline(&s->guard), s->flash_until, s->beep2_at,
			s->hint_until, s->reload_at};
	uint64_t best = 0;
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i] && (!best || d[i] < best))
			best = d[i];
	if (!best)
		return -1;
	if (best <= now)
		return 0;
	return (int)((best - now + 999) / 1000);
}

/* ---- setup and loop ----------------------------------------------------------- */

static int
find_class(struct station *s, const char *want, char **cause)
{
	struct dot_class_list l = {0};
	size_t i;
	int rc;

	rc = dot_store_classes(s->st, 0, &l, cause);
	if (rc)
		return rc;
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].class_name, want) == 0)
			break;
	if (i == l.n)
		for (i = 0; i < l.n; i++)
			if (strcasecmp(l.v[i].class_name, want) == 0)
				break;
	if (i == l.n) {
		dot_class_list_release(&l);
		return dot_fail(cause, DOT_ERULE,
				_("unknown class '%s': 'dotation people' "
				  "lists the people and their classes"),
				want);
	}
	free(s->class_name);
	s->class_name = dot_xstrdup(l.v[i].class_name);
	dot_class_list_release(&l);
	return 0;
}

static void
station_release(struct station *s)
{
	dot_person_list_release(&s->people);
	dot_person_list_release(&s->results);
	dot_class_list_release(&s->classes);
	dot_person_release(&s->detail);
	dot_journal_list_release(&s->journal);
	free(s->class_name);
	free(s->queue);
	free(s->operator_name);
	free(s->estab);
	free(s->uai);
	free(s->scanner_opt);
	free(s->layout_opt);
	if (s->trace)
		fclose(s->trace);
}

static void
paint(struct station *s)
{
	if (s->search_stale && s->screen == SCR_SEARCH)
		load_search(s);
	tui_paint(s);
	s->dirty = false;
	if (s->trace && s->trace_t0) {
		/* kind, key to painted, key to committed (0: none) */
		fprintf(s->trace, "%s %llu %llu\n", s->trace_kind,
			(unsigned long long)(tui_now_us() - s->trace_t0),
			(unsigned long long)(s->trace_done
						     ? s->trace_done - s->trace_t0
						     : 0));
		s->trace_done = 0;
		fflush(s->trace);
		s->trace_t0 = 0;
	}
}

static void
loop(struct station *s)
{
	struct pollfd fds[64];

	while (!s->quit && !got_signal) {
		size_t nf;
		uint64_t now;
		int n, tmo, stmo;

		if (s->dirty)
			paint(s);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		nf = 1 + tui_sources_pollfds(s, fds + 1, 63);
		tmo = next_timeout_ms(s, tui_now_us());
		stmo = tui_sources_timeout_ms(s);
		if (stmo >= 0 && (tmo < 0 || stmo < tmo))
			tmo = stmo;
		n = poll(fds, nf, tmo);
		now = tui_now_us();
		if (n < 0 && errno != EINTR)
			break;
		/* EINTR may be SIGWINCH: ncurses then has a KEY_RESIZE */
		if (n < 0 || fds[0].revents)
			read_keys(s);
		if (fds[0].revents & (POLLHUP | POLLERR))
			break;
		tui_sources_dispatch(s, fds + 1, nf - 1);
		timers(s, now);
	}
}

int
dot_tui_run(struct dot_app *app, const struct dot_tui_opts *opts,
	    char **cause)
{
	struct station s;
	struct sigaction sa;
	const char *trace = getenv("DOTATION_STATION_TRACE");
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.app = app;
	s.st = dot_app_store(app);
	s.queue = dot_xstrdup(opts->queue ? opts->queue : "");
	s.operator_name = dot_xstrdup(opts->operator_name
					      ? opts->operator_name
					      : "");
	s.scanner_opt = dot_xstrdup(opts->scanner ? opts->scanner : "auto");
	s.layout_opt = dot_xstrdup(opts->layout ? opts->layout : "auto");
	s.estab = dot_store_setting_get(s.st, DOT_SETTING_NAME);
	s.uai = dot_store_setting_get(s.st, DOT_SETTING_UAI);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		rc = dot_fail(cause, DOT_EUSAGE,
			      _("the station needs a terminal: run 'dotation "
				"station' in a terminal window"));
		goto out;
	}
	if (opts->class_name) {
		rc = find_class(&s, opts->class_name, cause);
		if (rc)
			goto out;
	}
	if (trace && *trace)
		s.trace = fopen(trace, "a");
	load_settings(&s);
	s.catchup = opts->catchup;
	s.query.free_text = true;
	s.cfilter.free_text = true;
	s.guard.free_text = true;
	s.unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	dot_set_fatal_hook(fatal_hook);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!initscr()) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot use the terminal: check $TERM"));
		goto out;
	}
	curses_on = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	define_fallback_keys();
	tui_colour_init(&s);
	tui_sources_start(&s);

	if (s.class_name)
		open_class(&s, s.class_name);
	else
		s.screen = SCR_CLASSES;
	reload(&s);
	s.next_poll = tui_now_us() + POLL_DB_US;
	loop(&s);

	tui_sources_stop(&s);
	endwin();
	curses_on = false;
	dot_set_fatal_hook(NULL);
out:
	station_release(&s);
	return rc;
}
