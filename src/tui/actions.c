/*
 * What the operator's actions do, and how the station answers: the big
 * last-action line (with its sound and flash), and the use cases a scan
 * or a key triggers (handover, charter, absent), called on the app module.
 * A handover is acknowledged (beep, green flash) only after
 * dot_app_assign() returned 0, that is after its transaction committed.
 *
 * Scans never answer a question: a framed scan while a question is open
 * cancels it and goes to the person on screen; on a screen that takes no
 * text (settings, documents, help, journal) or in the class picker it
 * closes the screen and is refused, nothing recorded.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/i18n.h"
#include "tui_int.h"

static void
sound(struct station *s, int times)
{
	if (!s->sound)
		return;
	beep();
	if (times > 1)
		s->beep2_at = tui_now_us() + BEEP2_US;
}

void
tui_say(struct station *s, enum last_kind kind, const char *fmt, ...)
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

void
tui_refuse(struct station *s, const char *why)
{
	tui_say(s, LAST_ERROR, "%s %s", s->unicode ? "✘" : "X", why);
}

bool
tui_person_load(struct station *s, int64_t id, struct dot_person *p)
{
	char *cause = NULL;

	memset(p, 0, sizeof(*p));
	if (dot_store_person_get(s->st, id, p, &cause) == 0)
		return true;
	tui_refuse(s, cause);
	free(cause);
	return false;
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

void
tui_trace_mark(struct station *s, const char *kind, uint64_t t0)
{
	if (!s->trace)
		return;
	s->trace_kind = kind;
	s->trace_t0 = t0;
	s->trace_scan_busy = 0;
}

int64_t
tui_current_id(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);

	return p ? p->id : 0;
}

char *
tui_person_label(const struct dot_roll *r, size_t i, const struct dot_person *p)
{
	char *label = dot_app_person_label(p), *with, d[16];

	if (!r || i == DOT_ROLL_NONE || !dot_roll_homonym(r, i) ||
	    !p->birth_date)
		return label;
	/* two of that name: the birth date tells which one */
	dot_tui_date_fr(p->birth_date, d, sizeof(d));
	with = dot_xasprintf(_("%s, born %s"), label, d);
	free(label);
	return with;
}

void
tui_line_char(struct station *s, struct dot_tui_line *l, wchar_t c, uint64_t t,
	      bool serial_input)
{
	/*
	 * A letter O that starts a run: refused at the keystroke (red, two
	 * beeps, the hint in the band) once it stays alone, that is a person
	 * typed it. A scanner burst may start with O: a person code.
	 */
	if (dot_tui_line_feed(l, c, t) == DOT_TUI_FEED_LETTER_O &&
	    serial_input) {
		s->o_at = t;
		s->o_index = l->n - 1;
	}
	s->dirty = true;
}

void
tui_letter_o_check(struct station *s, uint64_t now)
{
	if (!s->o_at || now < s->o_at + DOT_TUI_FAST_GAP_US)
		return;
	s->o_at = 0;
	/* nothing followed it fast: typed by a person, not a scanner */
	if (s->screen == SCR_ROLL && s->line.n == s->o_index + 1)
		tui_refuse(s, dot_serial_reason_message(DOT_SERIAL_LETTER_O));
}

/*
 * A scan that names a person rather than a device: a person code ("O"
 * then the person's number: serials never hold the letter O, so it can
 * never be one), or a student card's INE or SIECLE id. Digits alone are
 * never taken for a person: they may be a serial. Returns the person's
 * id, 0 when it names nobody (the scan is then a serial and its own
 * checks apply), or -1 when the database cannot answer: the scan is
 * refused with the cause, since a card taken for a serial could be
 * handed over as one.
 */
int64_t
tui_person_code(struct station *s, const char *text)
{
	char key[DOT_SERIAL_BUF], *cause = NULL;
	struct dot_person p;
	int64_t id = 0;
	int rc;

	switch (dot_person_code_parse(text, &id, key, sizeof(key))) {
	case DOT_PSCAN_CODE:
		/* the code printed on the cover sheet: the local id only */
		memset(&p, 0, sizeof(p));
		rc = dot_store_person_get(s->st, id, &p, &cause);
		if (rc == 0) {
			dot_person_release(&p);
		} else if (rc == DOT_ERULE) { /* nobody has that code */
			rc = 0;
			id = 0;
		}
		break;
	case DOT_PSCAN_KEY:
		rc = dot_store_person_resolve(s->st, key, &id, &cause);
		if (rc == DOT_ENOTFOUND) {
			rc = 0;
			id = 0;
		}
		break;
	default:
		return 0;
	}
	if (rc) {
		tui_refuse(s, cause ? cause : _("the handover failed"));
		id = -1;
	}
	free(cause);
	return id;
}

/* Person id selected by a scan of their code: the next scan is theirs. */
static void
select_person(struct station *s, int64_t id)
{
	struct dot_person p;
	char *label;
	size_t row = s->roll ? dot_roll_find(s->roll, id) : DOT_ROLL_NONE;

	if (!tui_person_load(s, id, &p))
		return;
	if (row != DOT_ROLL_NONE) {
		s->screen = SCR_ROLL;
		s->cur = row;
		s->cur_id = id;
	} else {
		tui_show_person(s, &p);
		row = s->roll ? dot_roll_find(s->roll, id) : DOT_ROLL_NONE;
	}
	label = tui_person_label(s->roll, row, &p);
	/* out of the roll call's order: the cursor stays on them after */
	s->from_search = true;
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	tui_say(s, LAST_INFO, _("%s selected: scan their device"), label);
	free(label);
	dot_person_release(&p);
}

/*
 * The roll call or search holding person id, preferably the one on
 * screen, and the row there; NULL when neither shows them.
 */
static struct dot_roll *
roll_of(struct station *s, int64_t id, size_t *row)
{
	struct dot_roll *order[2] = {s->screen == SCR_SEARCH ? s->found
							     : s->roll,
				     s->screen == SCR_SEARCH ? s->roll
							     : s->found};
	size_t k;

	for (k = 0; k < 2; k++) {
		if (!order[k])
			continue;
		*row = dot_roll_find(order[k], id);
		if (*row != DOT_ROLL_NONE)
			return order[k];
	}
	return NULL;
}

/*
 * The header's counts after this station's own handover, without the
 * whole-database status query (other stations' work comes through the
 * timer's data_version poll).
 */
static void
count_handover(struct station *s, bool charter_added)
{
	bool loan;

	s->status.handed_over++;
	/* unreadable model: the next tick's full reload reads the split */
	if (dot_app_loan_model(s->app, &loan, NULL) != 0)
		s->reload_at = tui_now_us();
	else if (loan)
		s->status.loans++;
	else
		s->status.cessions++;
	s->status.journal_entries++;
	if (s->status.to_equip > 0)
		s->status.to_equip--;
	if (charter_added)
		s->status.charters++;
	if (!s->sync)
		s->status.pending++;
}

/*
 * Hand over the valid serial sn to person id and say so once committed.
 * When another program holds the database, the scan waits (s->busy) and
 * the loop tries again: the keyboard stays alive meanwhile. The rows are
 * updated by the roll call model (app/roll.c): one indexed read of that
 * person, never a whole-database query on the scan's path.
 */
static void
commit_handover(struct station *s, int64_t id, const char *sn,
		const struct dot_assign_opts *o, bool manual)
{
	struct dot_assign_result res;
	char *cause = NULL, born[48] = "";
	struct dot_roll *r;
	size_t row = DOT_ROLL_NONE;
	bool had_charter = false;
	uint64_t now;
	int rc;

	memset(&res, 0, sizeof(res));
	r = roll_of(s, id, &row);
	if (r) {
		const struct dot_person *p = dot_roll_person(r, row);

		had_charter = p->charter_at != NULL;
		if (dot_roll_homonym(r, row) && p->birth_date) {
			char d[16];

			dot_tui_date_fr(p->birth_date, d, sizeof(d));
			snprintf(born, sizeof(born), _(", born %s"), d);
		}
		rc = dot_roll_assign(r, row, sn, o, &res, &cause);
	} else {
		rc = dot_app_assign(s->app, id, sn, o, &res, &cause);
	}
	if (s->trace)
		s->trace_done = tui_now_us();
	if (rc != 0 && dot_store_failed_busy(s->st)) {
		now = tui_now_us();
		if (!s->busy.until)
			s->busy.until = now + BUSY_GIVE_UP_US;
		s->busy.id = id;
		s->busy.next = now + BUSY_RETRY_US;
		s->busy.o = *o;
		s->busy.manual = manual;
		snprintf(s->busy.serial, sizeof(s->busy.serial), "%s", sn);
		tui_info(s,
			 _("database busy (another program is writing)… %s "
			   "will be recorded as soon as it is free"),
			 sn);
		free(cause);
		return;
	}
	s->busy.until = 0;
	if (rc != 0 && !res.seq) {
		tui_refuse(s, cause ? cause : _("the handover failed"));
		free(cause);
		return;
	}
	/* res.seq set: committed (a failed read-back only leaves the row) */
	free(cause);
	tui_say(s, LAST_OK, "%s %s → %s%s%s%s%s", s->unicode ? "✔" : "OK",
		res.serial, res.name, born, o->microsd ? " + microSD" : "",
		o->has_case ? _(" + case") : "",
		manual ? _(" (typed by hand)") : "");
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	s->cur_id = id;
	tui_sources_kick_sync(s);
	count_handover(s, !had_charter);
	tui_person_changed(s, r, id);
	if (s->screen == SCR_ROLL && s->from_search && s->catchup) {
		/* catch-up: back to the search for the next archived charter */
		s->from_search = false;
		s->screen = SCR_SEARCH;
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
	} else if (s->screen == SCR_ROLL) {
		tui_advance(s);
	} else if (s->screen == SCR_SEARCH) {
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
	}
}

void
tui_hand_over(struct station *s, int64_t id, const char *serial, bool manual,
	      uint64_t t_key)
{
	struct dot_assign_opts o = {0};
	char sn[DOT_SERIAL_BUF];
	enum dot_serial_reason r;
	int64_t pid;

	tui_trace_mark(s, "scan", t_key);
	if ((pid = tui_person_code(s, serial)) != 0) {
		if (pid > 0)
			select_person(s, pid);
		return;
	}
	r = dot_serial_check(serial, NULL, sn, sizeof(sn));
	if (r != DOT_SERIAL_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s : %s", *sn ? sn : serial,
			 dot_serial_reason_message(r));
		tui_refuse(s, msg);
		return;
	}
	if (!id) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s: no person selected: choose a class (F2) or "
			   "search (F3), then scan again"),
			 sn);
		tui_refuse(s, msg);
		return;
	}
	if (tui_class_done(s)) {
		char msg[512];

		/* scan-and-advance ran out of people: say that, not "holds" */
		snprintf(msg, sizeof(msg),
			 _("%s: class %s is complete, nobody left to equip: "
			   "choose the next class (F2) or search (F3), then "
			   "scan again"),
			 sn,
			 s->class_name && *s->class_name ? s->class_name
							 : _("(no class)"));
		tui_refuse(s, msg);
		return;
	}
	if (s->busy.id) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s: the database is busy and the previous scan is "
			   "still waiting: scan again in a moment"),
			 sn);
		tui_refuse(s, msg);
		return;
	}
	o.microsd = s->microsd;
	o.has_case = s->has_case;
	o.record_charter = s->catchup;
	commit_handover(s, id, sn, &o, manual);
}

/*
 * A scan waiting for a busy database: try again (from the loop's timer).
 * Gives up after BUSY_GIVE_UP_US with nothing recorded.
 */
void
tui_busy_retry(struct station *s, uint64_t now)
{
	char sn[DOT_SERIAL_BUF];
	struct dot_assign_opts o = s->busy.o;
	int64_t id = s->busy.id;

	if (!id || now < s->busy.next)
		return;
	snprintf(sn, sizeof(sn), "%s", s->busy.serial);
	if (now >= s->busy.until) {
		char msg[512];

		s->busy.id = 0;
		snprintf(msg, sizeof(msg),
			 _("%s: the database stayed busy (another program is "
			   "writing): nothing was recorded, scan again"),
			 sn);
		tui_refuse(s, msg);
		return;
	}
	s->busy.id = 0;
	commit_handover(s, id, sn, &o, s->busy.manual);
}

void
tui_do_charter(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);
	char *cause = NULL, *label;
	struct dot_roll *r;
	size_t row;
	int64_t seq, id;
	bool loan;

	if (!p) {
		tui_refuse(
			s,
			_("no person selected: choose a class (F2) or search "
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
	r = tui_current_roll(s, &row);
	id = p->id;
	/* the paper this establishment requires: charter, or loan agreement */
	if ((r ? dot_roll_charter(r, row, false, &seq, &cause)
	       : dot_app_paper(s->app, id, false, &seq, &cause)) == 0)
		tui_say(s, LAST_OK,
			dot_app_loan_model(s->app, &loan, NULL) == 0 && loan
				? _("%s loan agreement recorded: %s")
				: _("%s charter recorded: %s"),
			s->unicode ? "✔" : "OK", label);
	else
		tui_refuse(s, cause);
	free(cause);
	free(label);
	tui_person_changed(s, r, id);
	tui_reload(s);
}

void
tui_do_absent(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);
	char *cause = NULL, *label;
	struct dot_roll *r;
	size_t row;
	bool absent;
	int64_t seq, id;

	if (!p) {
		tui_refuse(s, _("no person selected: choose a class (F2)"));
		return;
	}
	label = dot_app_person_label(p);
	absent = !p->absent;
	id = p->id;
	r = tui_current_roll(s, &row);
	if ((r ? dot_roll_absent(r, row, absent, &seq, &cause)
	       : dot_app_absent(s->app, id, absent, &seq, &cause)) == 0) {
		tui_say(s, LAST_INFO,
			absent ? _("%s marked absent today")
			       : _("%s is no longer marked absent"),
			label);
		tui_person_changed(s, r, id);
		tui_reload(s);
		if (absent && s->screen == SCR_ROLL)
			tui_advance(s);
	} else {
		tui_refuse(s, cause);
	}
	free(cause);
	free(label);
}

/* Screens where typed text is a serial, a search or a filter. */
bool
tui_screen_takes_text(enum tui_screen scr)
{
	return tui_screens[scr]->takes_text;
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
void
tui_scan_interrupt(struct station *s, const char *serial, const char *raw,
		   enum dot_serial_reason reason, uint64_t t)
{
	if (s->confirm.what != CONFIRM_NONE) {
		tui_confirm_cancel(s);
		s->confirm_cancelled = true;
	}
	if (s->screen == SCR_ADD ||
	    (!s->confirm_cancelled &&
	     (!tui_screen_takes_text(s->screen) || s->screen == SCR_CLASSES))) {
		bool form = s->screen == SCR_ADD;

		/* the form is a question too: nothing typed there is kept */
		if (form)
			tui_add_cancel(s);
		dot_tui_line_clear(&s->guard);
		dot_tui_line_clear(&s->cfilter);
		s->prompt.what = PROMPT_NONE;
		s->confirm_cancelled = false;
		tui_home(s);
		tui_trace_mark(s, "scan", t);
		tui_refuse(s, _("question cancelled: scan again"));
		if (form) {
			snprintf(s->hint, sizeof(s->hint), "%s",
				 _("the scan closed the form: nobody was "
				   "added (^N opens it again)"));
			s->hint_until = tui_now_us() + HINT_US;
		}
		tui_reload(s);
		return;
	}
	if (s->screen == SCR_CORRECT) {
		/* a person code chooses who gets the device */
		tui_correct_scan(s, *serial ? serial : raw, t);
	} else if (reason != DOT_SERIAL_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s : %s", *serial ? serial : raw,
			 dot_serial_reason_message(reason));
		tui_trace_mark(s, "scan", t);
		tui_refuse(s, msg);
	} else if (s->screen == SCR_DESK) {
		/* the desk finds the holder from the device */
		tui_desk_scan(s, serial, t);
	} else {
		/* the scan goes to the person on screen */
		tui_hand_over(s, tui_current_id(s), serial, false, t);
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
bool
tui_guard_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->guard))
		return false;
	dot_tui_line_frame(&s->guard, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	dot_tui_line_clear(&s->guard);
	/* tui_hand_over() validates the serial and names the reason */
	tui_scan_interrupt(s, serial, serial, DOT_SERIAL_OK, t);
	s->swallow_enter_until = tui_now_us() + SWALLOW_ENTER_US;
	return true;
}

/* A framed scan from a grabbed scanner: same rules as a terminal burst. */
void
tui_scan(struct station *s, const char *serial, const char *raw,
	 enum dot_serial_reason reason, uint64_t t)
{
	tui_scan_interrupt(s, serial, raw, reason, t);
}
