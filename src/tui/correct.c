/*
 * Correct a handover (F12): the device the highlighted person holds went
 * to them by mistake. It goes to the right person, chosen by name or by
 * scanning their person code (or student card), or back to stock. Each is
 * one compensating journal entry (dot_app_reassign, or dot_app_undo of
 * the handover) and is allowed after an attestation was issued: the next
 * attestation lists the rectification. The station asks first (o/n, Esc;
 * confirm.c); a scan never answers: a person code chooses the person, any
 * other scan closes the screen and is refused.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

#define FIX_LIMIT 200

void
tui_correct_release(struct station *s)
{
	dot_roll_free(s->fix.found);
	s->fix.found = NULL;
	dot_tui_line_clear(&s->fix.query);
}

/*
 * The entry that handed serial to person p (a handover or a loan, not
 * undone): what freeing the device undoes. 0 with *why when there is
 * none, or when dot_app_undo() would refuse it now (its own guards).
 */
static int64_t
handover_entry(struct station *s, const struct dot_person *p, char *why,
	       size_t whysz)
{
	struct dot_journal_list l = {0};
	char *cause = NULL;
	int64_t seq = 0;
	size_t i;

	why[0] = '\0';
	if (dot_store_journal_list(s->st, p->id, 0, 0, &l, &cause) != 0) {
		snprintf(why, whysz, "%s", cause ? cause : "");
		free(cause);
		return 0;
	}
	for (i = l.n; i-- > 0;) {
		const struct dot_journal_entry *e = &l.v[i];

		if (e->undone_by || !e->serial || strcmp(e->serial, p->serial))
			continue;
		if (e->type == DOT_JOURNAL_ASSIGN ||
		    e->type == DOT_JOURNAL_LOAN)
			seq = e->seq;
		else if (e->type == DOT_JOURNAL_REASSIGN)
			snprintf(why, whysz, "%s",
				 _("it came to this person by a correction: "
				   "give it to the right person instead"));
		else
			continue;
		break;
	}
	dot_journal_list_release(&l);
	if (seq && dot_app_undo_check(s->app, seq, &cause) != 0) {
		snprintf(why, whysz, "%s", cause ? cause : "");
		seq = 0;
	}
	free(cause);
	if (!seq && !why[0])
		snprintf(why, whysz, "%s",
			 _("its handover is not in this station's journal"));
	return seq;
}

void
tui_correct_open(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);
	struct dot_roll *r;
	size_t row = DOT_ROLL_NONE;
	char *label;

	if (!p) {
		tui_refuse(s, _("no person selected: choose the person who "
				"received the device by mistake (F2 or F3), "
				"then F12"));
		return;
	}
	r = tui_current_roll(s, &row);
	label = tui_person_label(r, row, p);
	if (!p->serial) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s holds no device: F12 on the row of the person "
			   "who received it by mistake"),
			 label);
		tui_refuse(s, msg);
		free(label);
		return;
	}
	tui_correct_release(s);
	s->fix.from_id = p->id;
	snprintf(s->fix.serial, sizeof(s->fix.serial), "%s", p->serial);
	snprintf(s->fix.from, sizeof(s->fix.from), "%s", label);
	dot_tui_date_fr(p->handed_at, s->fix.since, sizeof(s->fix.since));
	s->fix.kind = p->kind;
	s->fix.free_seq =
		handover_entry(s, p, s->fix.free_why, sizeof(s->fix.free_why));
	s->fix.query.free_text = true;
	s->fix.cur = 0;
	s->fix.top = 0;
	s->fix.stale = false;
	s->fix.back = s->screen;
	s->screen = SCR_CORRECT;
	free(label);
	s->dirty = true;
}

static void
load_found(struct station *s)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1], *cause = NULL;

	s->fix.stale = false;
	dot_roll_free(s->fix.found);
	s->fix.found = NULL;
	dot_tui_line_text(&s->fix.query, q, sizeof(q));
	if (tui_text_width(q) >= 2 &&
	    dot_roll_open_search(s->app, q, FIX_LIMIT, &s->fix.found, &cause) !=
		    0) {
		tui_refuse(s, cause);
		free(cause);
	}
	if (s->fix.cur > tui_rows(s->fix.found))
		s->fix.cur = tui_rows(s->fix.found) ? 1 : 0;
}

/* Back to where F12 was pressed, the rows there read again. */
static void
close_fix(struct station *s)
{
	tui_correct_release(s);
	s->screen = s->fix.back;
	if (s->screen == SCR_CORRECT || s->screen == SCR_ADD)
		tui_home(s);
}

/* Ask before giving the device to person id (row of found, or none). */
static void
ask_reassign(struct station *s, int64_t id, const struct dot_roll *r,
	     size_t row)
{
	struct dot_person p;
	char *label;

	if (!tui_person_load(s, id, &p))
		return;
	label = tui_person_label(r, row, &p);
	s->fix.with_charter = false;
	if (id == s->fix.from_id) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s already holds %s: choose the right person"),
			 label, s->fix.serial);
		tui_refuse(s, msg);
	} else if (p.serial) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 _("%s already holds device %s: one device per person "
			   "(correct that handover first: F12 on their row)"),
			 label, p.serial);
		tui_refuse(s, msg);
	} else {
		/*
		 * The right person's signed charter is in the operator's hand
		 * (they came for their device): recorded with the correction
		 * once the question says so.
		 */
		s->fix.with_charter =
			s->fix.kind == DOT_HANDOVER_CESSION && !p.charter_at;
		snprintf(s->fix.to, sizeof(s->fix.to), "%s", label);
		s->confirm.what = CONFIRM_REASSIGN;
		s->confirm.arg = id;
		snprintf(
			s->confirm.text, sizeof(s->confirm.text),
			s->fix.with_charter
				? _("give %s to %s instead of %s? Their signed "
				    "charter is not recorded yet: yes records "
				    "it too (it must be in your hand)")
				: _("give %s to %s instead of %s?"),
			s->fix.serial, label, s->fix.from);
	}
	free(label);
	dot_person_release(&p);
	s->dirty = true;
}

static void
ask_free(struct station *s)
{
	if (!s->fix.free_seq) {
		char msg[768];

		snprintf(msg, sizeof(msg), _("%s cannot go back to stock: %s"),
			 s->fix.serial, s->fix.free_why);
		tui_refuse(s, msg);
		return;
	}
	s->confirm.what = CONFIRM_FREE;
	s->confirm.arg = s->fix.free_seq;
	snprintf(s->confirm.text, sizeof(s->confirm.text),
		 _("%s back to stock: %s no longer holds it (handed over by "
		   "mistake)?"),
		 s->fix.serial, s->fix.from);
	s->dirty = true;
}

static void
choose(struct station *s)
{
	size_t k;

	if (s->fix.cur == 0) {
		ask_free(s);
		return;
	}
	k = s->fix.cur - 1;
	if (k < tui_rows(s->fix.found))
		ask_reassign(s, dot_roll_person(s->fix.found, k)->id,
			     s->fix.found, k);
}

void
tui_correct_scan(struct station *s, const char *serial, uint64_t t)
{
	int64_t id;

	tui_trace_mark(s, "scan", t);
	id = tui_person_code(s, serial);
	if (id) {
		/* the right person's code (cover sheet, student card) */
		ask_reassign(s, id, NULL, DOT_ROLL_NONE);
		return;
	}
	/* a device: which person it is meant for is not known here */
	close_fix(s);
	s->confirm_cancelled = false;
	tui_refuse(s, _("question cancelled: scan again"));
	snprintf(s->hint, sizeof(s->hint), "%s",
		 _("to correct a handover, scan the right person's code or "
		   "choose them by name (F12 again)"));
	s->hint_until = tui_now_us() + HINT_US;
	tui_reload(s);
}

void
tui_correct_line_end(struct station *s, uint64_t t, bool enter)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->fix.query)) {
		if (enter)
			choose(s);
		return;
	}
	dot_tui_line_frame(&s->fix.query, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	/* the name typed before the burst stays, the scan never joins it */
	dot_tui_line_drop_run(&s->fix.query);
	s->fix.stale = true;
	tui_correct_scan(s, serial, t);
}

void
tui_correct_confirmed(struct station *s, enum confirm_what what, int64_t arg)
{
	struct dot_assign_result res;
	char *cause = NULL;
	int64_t seq = 0, to = 0;
	size_t row;
	int rc;

	memset(&res, 0, sizeof(res));
	if (s->screen != SCR_CORRECT)
		return;
	if (what == CONFIRM_FREE)
		rc = dot_app_undo(s->app, arg, &seq, &cause);
	else
		rc = dot_app_reassign(s->app, s->fix.serial, arg,
				      s->fix.with_charter, &res, &cause);
	if (rc != 0) {
		tui_refuse(s, cause ? cause : _("the correction failed"));
		free(cause);
		return;
	}
	if (what == CONFIRM_FREE) {
		tui_say(s, LAST_OK,
			_("%s %s back to stock: %s no longer holds it"),
			s->unicode ? "✔" : "OK", s->fix.serial, s->fix.from);
	} else {
		to = arg;
		tui_say(s, LAST_OK, _("%s corrected: %s → %s, instead of %s"),
			s->unicode ? "✔" : "OK", res.serial, s->fix.to,
			s->fix.from);
	}
	tui_sources_kick_sync(s);
	tui_person_changed(s, NULL, s->fix.from_id);
	if (to)
		tui_person_changed(s, NULL, to);
	close_fix(s);
	/* the cursor on who holds the device now, when on screen */
	if (to && s->screen == SCR_ROLL && s->roll &&
	    (row = dot_roll_find(s->roll, to)) != DOT_ROLL_NONE) {
		s->cur = row;
		s->cur_id = to;
	}
	if (s->screen == SCR_DETAIL)
		tui_load_detail(s, to ? to : s->fix.from_id);
}

static void
draw_correct(struct station *s, int body, int rows)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1], title[768];
	int x, y = body, a;

	if (s->fix.stale)
		load_found(s);
	tui_putf(y, 0, COLS, tui_attr(s, C_TITLE), true,
		 _(" Correct a handover: %s, handed over on %s"), s->fix.serial,
		 s->fix.since);
	snprintf(title, sizeof(title), _("received by mistake by: %s"),
		 s->fix.from);
	tui_wrap(y + 1, 1, COLS - 2, 1, title, A_BOLD);
	y += 2;
	dot_tui_line_text(&s->fix.query, q, sizeof(q));
	x = tui_putf(y, 0, COLS, A_BOLD, false, " %s ", _("To whom? name:"));
	x += tui_putf(y, x, COLS - x, tui_attr(s, C_SELECTED), false, "%s_", q);
	tui_putf(y, x, COLS - x, tui_attr(s, C_DIM), true, "  %s",
		 _("or scan their person code"));
	y++;
	tui_putf(y, 0, COLS, tui_attr(s, C_DIM), true, " %s",
		 _("↑↓ choose · Enter: give the device (asks first) · Esc: "
		   "cancel"));
	y += 2;
	/* first choice: nobody, the device back to stock */
	a = s->fix.cur == 0   ? tui_attr(s, C_SELECTED)
	    : s->fix.free_seq ? NORM
			      : tui_attr(s, C_DIM);
	tui_put(y, 0, COLS, "", a, true);
	if (s->fix.cur == 0)
		tui_put(y, 0, 1, ">", a | A_BOLD, false);
	tui_putf(y, 1, COLS - 1, a, true, "%s",
		 s->fix.free_seq ? _("nobody: the device goes back to stock")
				 : _("nobody: not possible here (Enter says "
				     "why)"));
	y += 2;
	rows -= y - body;
	if (tui_text_width(q) < 2) {
		tui_putf(y, 1, COLS - 1, tui_attr(s, C_DIM), true, "%s",
			 _("type part of the right person's name (two letters "
			   "at least)"));
		return;
	}
	if (tui_rows(s->fix.found) == 0) {
		tui_putf(y, 1, COLS - 1, NORM, true, "%s",
			 _("nobody found: check the spelling or type fewer "
			   "letters"));
		return;
	}
	tui_draw_people(s, y, rows, s->fix.found,
			s->fix.cur ? s->fix.cur - 1 : DOT_ROLL_NONE,
			&s->fix.top, true);
}

static int
key_correct(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	struct dot_tui_line *q = &s->fix.query;
	size_t n = tui_rows(s->fix.found) + 1;

	switch (a) {
	case ACT_CHAR:
		dot_tui_line_feed(q, (wchar_t)ch, t);
		s->fix.stale = true;
		if (s->fix.cur == 0)
			s->fix.cur = 1; /* typing a name: its first match */
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(q);
		s->fix.stale = true;
		return R_REDRAW;
	case ACT_CLEAR:
		dot_tui_line_clear(q);
		s->fix.stale = true;
		s->fix.cur = 0;
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
		tui_correct_line_end(s, t, a == ACT_ENTER);
		return R_REDRAW;
	case ACT_BACK:
		if (q->n) {
			dot_tui_line_clear(q);
			s->fix.stale = true;
			s->fix.cur = 0;
			return R_REDRAW;
		}
		close_fix(s);
		tui_info(s, "%s", _("correction cancelled: nothing changed"));
		return R_RELOAD;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		tui_move_cursor(&s->fix.cur, n, a, tui_page_rows());
		return R_REDRAW;
	case ACT_CORRECT:
	case ACT_UNDO:
	case ACT_CHARTER:
	case ACT_ABSENT:
	case ACT_MANUAL:
	case ACT_ADD:
	case ACT_MICROSD:
	case ACT_CASE:
		return R_NONE;
	default:
		if (a != ACT_RESIZE && a != ACT_REFRESH && a != ACT_NONE)
			tui_correct_release(s);
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_correct_screen = {
	.draw = draw_correct,
	.key = key_correct,
	.takes_text = true,
};
