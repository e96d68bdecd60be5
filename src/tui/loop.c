/*
 * The station's event loop. One poll() waits on the terminal, the other
 * sources (grabbed scanners, the sync worker, a document being made) and
 * the timers (database change polling, idle-gap framing of scanner
 * bursts, the flash of the last action, the second beep of a refusal).
 * Keys go through the bindings table to actions; the screen on top takes
 * them first (tui_screens[]), then the keys every screen shares; handlers
 * answer with reaction flags that apply() acts on in one place, and the
 * screen is painted at most once per iteration.
 */
#include <curses.h>
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

#define POLL_DB_US 250000 /* see other queues' handovers within 1 s */

static volatile sig_atomic_t got_signal;
static bool curses_on;

const struct tui_screen_ops *const tui_screens[SCR_COUNT] = {
	[SCR_ROLL] = &tui_roll_screen,
	[SCR_CLASSES] = &tui_classes_screen,
	[SCR_SEARCH] = &tui_search_screen,
	[SCR_DETAIL] = &tui_detail_screen,
	[SCR_HELP] = &tui_help_screen,
	[SCR_SETTINGS] = &tui_settings_screen,
	[SCR_DAY] = &tui_day_screen,
	[SCR_DESK] = &tui_desk_screen,
	[SCR_CORRECT] = &tui_correct_screen,
	[SCR_ADD] = &tui_add_screen,
};

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
		tui_do_charter(s);
		return R_REDRAW;
	case ACT_ABSENT:
		tui_do_absent(s);
		return R_REDRAW;
	case ACT_UNDO:
		tui_undo_ask(s);
		return R_REDRAW;
	case ACT_MANUAL:
		s->screen = SCR_ROLL;
		s->manual = tui_current_person(s) != NULL;
		return R_REDRAW;
	case ACT_DAY:
		s->screen = SCR_DAY;
		s->day_msg[0] = '\0';
		tui_load_day(s);
		return R_RELOAD;
	case ACT_SETTINGS:
		s->screen = SCR_SETTINGS;
		return R_REDRAW;
	case ACT_DESK:
		s->screen = SCR_DESK;
		tui_load_desk(s);
		return R_RELOAD;
	case ACT_CORRECT:
		tui_correct_open(s);
		return R_REDRAW;
	case ACT_ADD:
		tui_add_open(s);
		return R_REDRAW;
	case ACT_QUIT:
		/* work in flight: ask first (a document, a scan waiting) */
		if (s->job || s->busy.id) {
			s->confirm.what = CONFIRM_QUIT;
			s->confirm.arg = 0;
			snprintf(s->confirm.text, sizeof(s->confirm.text), "%s",
				 s->busy.id
					 ? _("a scan is still waiting for the "
					     "database and would be lost: quit "
					     "anyway?")
					 : _("a document is being prepared: "
					     "quit once it is written?"));
			return R_REDRAW;
		}
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
		tui_home(s);
		return R_RELOAD;
	default:
		return R_NONE;
	}
}

static int
dispatch(struct station *s, int key, bool func, uint64_t t)
{
	enum action a = tui_bind(key, func);
	int r;

	if (a == ACT_NONE)
		return R_NONE;
	if (a == ACT_RESIZE || a == ACT_REFRESH)
		return key_global(s, a);
	if (s->confirm.what != CONFIRM_NONE)
		return tui_confirm_key(s, a, (wint_t)key, t);
	if (s->prompt.what != PROMPT_NONE)
		return tui_prompt_key(s, a, (wint_t)key, t);
	/* the Enter a scanner sends after a burst already framed by silence */
	if (a == ACT_ENTER && t < s->swallow_enter_until && !s->guard.n &&
	    !(s->screen == SCR_ROLL && s->line.n)) {
		s->swallow_enter_until = 0;
		return R_NONE;
	}
	if (!tui_screen_takes_text(s->screen)) {
		if (a == ACT_CHAR) {
			dot_tui_line_feed(&s->guard, (wchar_t)key, t);
			return R_NONE;
		}
		if ((a == ACT_ENTER || a == ACT_TAB) && tui_guard_end(s, t))
			return R_REDRAW;
		dot_tui_line_clear(&s->guard);
	}
	r = tui_screens[s->screen]->key(s, a, (wint_t)key, t);
	if (r & R_UNHANDLED)
		r = key_global(s, a);
	return r;
}

static void
apply(struct station *s, int r)
{
	if (r & R_RELOAD)
		tui_reload(s);
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

uint64_t
tui_line_deadline(const struct dot_tui_line *l)
{
	return l->n ? l->t[l->n - 1] + DOT_TUI_IDLE_US : 0;
}

static void
timers(struct station *s, uint64_t now)
{
	if (s->screen == SCR_ROLL && dot_tui_line_idle_burst(&s->line, now)) {
		/* a scanner without suffix: the burst ended by silence */
		tui_roll_line_end(s, s->line.t[s->line.n - 1]);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->screen == SCR_SEARCH &&
	    dot_tui_line_idle_burst(&s->query, now)) {
		tui_search_line_end(s, s->query.t[s->query.n - 1], false);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->screen == SCR_DESK)
		tui_desk_timers(s, now);
	if (s->screen == SCR_CLASSES &&
	    dot_tui_line_idle_burst(&s->cfilter, now))
		tui_classes_line_end(s, s->cfilter.t[s->cfilter.n - 1]);
	if (s->screen == SCR_CORRECT &&
	    dot_tui_line_idle_burst(&s->fix.query, now)) {
		tui_correct_line_end(s, s->fix.query.t[s->fix.query.n - 1],
				     false);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->screen == SCR_ADD &&
	    dot_tui_line_idle_burst(tui_add_line(s), now)) {
		tui_add_line_end(s, tui_add_line(s)->t[tui_add_line(s)->n - 1]);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (s->guard.n && now >= tui_line_deadline(&s->guard)) {
		/* a burst ended by silence, or one key that stayed alone */
		if (!tui_guard_end(s, s->guard.t[s->guard.n - 1])) {
			if (s->confirm.what != CONFIRM_NONE)
				tui_confirm_answer(s);
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
	tui_busy_retry(s, now);
	tui_letter_o_check(s, now);
	if (s->reload_at && now >= s->reload_at) {
		s->reload_at = 0;
		if (s->trace && s->trace_scan_busy)
			s->trace_reload_t0 = tui_now_us();
		tui_reload(s);
	}
	if (now >= s->next_poll) {
		s->next_poll = now + POLL_DB_US;
		if (dot_store_data_version(s->st) != s->data_version)
			tui_reload(s);
	}
}

static int
next_timeout_ms(const struct station *s, uint64_t now)
{
	uint64_t d[] = {s->next_poll,
			tui_line_deadline(&s->line),
			tui_line_deadline(&s->query),
			tui_line_deadline(&s->cfilter),
			tui_line_deadline(&s->fix.query),
			tui_line_deadline(&s->form.f[s->form.cur]),
			tui_line_deadline(&s->guard),
			tui_line_deadline(&s->dline),
			tui_line_deadline(&s->dtext),
			s->flash_until,
			s->beep2_at,
			s->hint_until,
			s->reload_at,
			s->o_at ? s->o_at + DOT_TUI_FAST_GAP_US : 0,
			s->busy.id ? s->busy.next : 0};
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

static int
find_class(struct station *s, const char *want, char **cause)
{
	struct dot_class_list l = {0};
	size_t i;
	int rc;

	rc = dot_app_classes(s->app, 0, &l, cause);
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
	dot_roll_free(s->roll);
	dot_roll_free(s->found);
	tui_correct_release(s);
	dot_loan_list_release(&s->desk_loans);
	dot_roll_free(s->desk_found);
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
		tui_load_search(s);
	tui_paint(s);
	s->dirty = false;
	if (s->trace && s->trace_t0) {
		uint64_t busy = tui_now_us() - s->trace_t0;

		bool scanned =
			strcmp(s->trace_kind, "scan") == 0 && s->trace_done;

		/* kind, key to painted, key to committed (0: none) */
		fprintf(s->trace, "%s %llu %llu\n", s->trace_kind,
			(unsigned long long)busy,
			(unsigned long long)(s->trace_done ? s->trace_done -
								     s->trace_t0
							   : 0));
		/* ready now, or once a deferred reload has run (below) */
		if (scanned && s->reload_at)
			s->trace_scan_busy = busy;
		else if (scanned)
			fprintf(s->trace, "ready %llu 0\n",
				(unsigned long long)busy);
		s->trace_done = 0;
		fflush(s->trace);
		s->trace_t0 = 0;
	}
	if (s->trace && s->trace_reload_t0) {
		/*
		 * The scan's key to the screen ready for the next key: its
		 * own busy time plus its deferred reload's, run and painted.
		 */
		fprintf(s->trace, "ready %llu 0\n",
			(unsigned long long)(s->trace_scan_busy + tui_now_us() -
					     s->trace_reload_t0));
		fflush(s->trace);
		s->trace_reload_t0 = 0;
		s->trace_scan_busy = 0;
	}
}

static void
loop(struct station *s)
{
	struct pollfd fds[64];

	while (!s->quit && !got_signal) {
		size_t nf, nsrc;
		uint64_t now;
		int n, tmo, stmo;

		if (s->dirty)
			paint(s);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		nf = 1 + tui_sources_pollfds(s, fds + 1, 62);
		nsrc = nf - 1;
		if (s->job) {
			fds[nf].fd = tui_job_fd(s->job);
			fds[nf].events = POLLIN;
			fds[nf].revents = 0;
			nf++;
		}
		if (s->pjob) {
			fds[nf].fd = tui_job_fd(s->pjob);
			fds[nf].events = POLLIN;
			fds[nf].revents = 0;
			nf++;
		}
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
		for (size_t k = 1 + nsrc; k < nf; k++) {
			if (!fds[k].revents)
				continue;
			if (s->job && fds[k].fd == tui_job_fd(s->job))
				tui_day_dispatch(s);
			else if (s->pjob && fds[k].fd == tui_job_fd(s->pjob))
				tui_day_printers_done(s);
		}
		tui_sources_dispatch(s, fds + 1, nsrc);
		timers(s, now);
	}
}

int
dot_tui_run(struct dot_app *app, const struct dot_tui_opts *opts, char **cause)
{
	struct station s;
	struct sigaction sa;
	const char *trace = getenv("DOTATION_STATION_TRACE");
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.app = app;
	s.st = dot_app_store(app);
	/*
	 * The station lives all day on one roster and searches it at each
	 * keystroke: it keeps the large page cache the one-shot commands
	 * give up (their rows stream through a small one).
	 */
	dot_store_set_cache_kb(s.st, 65536);
	s.queue = dot_xstrdup(opts->queue ? opts->queue : "");
	s.operator_name =
		dot_xstrdup(opts->operator_name ? opts->operator_name : "");
	s.scanner_opt = dot_xstrdup(opts->scanner ? opts->scanner : "auto");
	s.layout_opt = dot_xstrdup(opts->layout ? opts->layout : "auto");
	if (dot_store_setting_get(s.st, DOT_SETTING_NAME, &s.estab, cause) ||
	    dot_store_setting_get(s.st, DOT_SETTING_UAI, &s.uai, cause)) {
		rc = DOT_ERUNTIME;
		goto out;
	}
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
	tui_load_settings(&s);
	s.catchup = opts->catchup;
	s.query.free_text = true;
	s.cfilter.free_text = true;
	s.guard.free_text = true;
	s.unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	/* from here messages are read on the station's screen */
	dot_i18n_set_station(true);
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
	tui_define_keys();
	tui_colour_init(&s);
	/* never wait for another writer inside the loop: retry from it */
	dot_store_set_busy_timeout(s.st, BUSY_TIMEOUT_MS);
	tui_sources_start(&s);

	if (s.class_name)
		tui_open_class(&s, s.class_name);
	else
		s.screen = SCR_CLASSES;
	tui_reload(&s);
	s.next_poll = tui_now_us() + POLL_DB_US;
	loop(&s);

	tui_day_stop(&s);
	tui_sources_stop(&s);
	endwin();
	curses_on = false;
	dot_set_fatal_hook(NULL);
	dot_i18n_set_station(false);
out:
	station_release(&s);
	return rc;
}
