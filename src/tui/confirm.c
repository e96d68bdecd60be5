/*
 * A question over any screen (undo, withdraw a charter). Answered by one
 * key alone, o (oui) or n (non), or Esc; never by Enter alone: a scanner
 * typing into the terminal ends each serial with Enter. Characters go to
 * the guard line and are judged when it ends: a scanner burst cancels the
 * question and is handled as a roll-call scan (actions.c).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

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
	if (e.person_id &&
	    dot_store_person_get(s->st, e.person_id, &p, NULL) == 0)
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
	else if (e.type == DOT_JOURNAL_LOAN)
		text = dot_xasprintf(_("loan of %s to %s"),
				     e.serial ? e.serial : "?",
				     label ? label : "?");
	else if (e.type == DOT_JOURNAL_LOAN_AGREEMENT)
		text = dot_xasprintf(_("loan agreement of %s"),
				     label ? label : "?");
	else if (e.type == DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW)
		text = dot_xasprintf(_("loan agreement withdrawal of %s"),
				     label ? label : "?");
	else if (e.type == DOT_JOURNAL_STOCK)
		text = dot_xasprintf(_("reception of %s into stock"),
				     e.serial ? e.serial : "?");
	else if (e.type == DOT_JOURNAL_RETURN)
		text = dot_xasprintf(_("return of %s"),
				     e.serial ? e.serial : "?");
	else if (e.type == DOT_JOURNAL_HS)
		text = dot_xasprintf(_("out of service of %s"),
				     e.serial ? e.serial : "?");
	else if (e.type == DOT_JOURNAL_LOST)
		text = dot_xasprintf(_("loss of %s"),
				     e.serial ? e.serial : "?");
	else
		text = dot_xasprintf(_("journal entry of type %s"),
				     dot_journal_type_name(e.type));
	free(label);
	dot_person_release(&p);
	dot_journal_entry_release(&e);
	return text;
}

/*
 * The handover of the highlighted person when the roll call says it is to
 * correct (app/roll.c), with undo's guards; false otherwise.
 */
static bool
tui_undo_correct(struct station *s, struct dot_undo_candidate *c)
{
	const struct dot_person *p = tui_current_person(s);
	int rc;

	if (!p || !dot_roll_to_correct(p) || !p->handover_seq)
		return false;
	c->seq = p->handover_seq;
	rc = dot_app_undo_check(s->app, c->seq, &c->why);
	if (rc == DOT_ERUNTIME) {
		free(c->why);
		memset(c, 0, sizeof(*c));
		return false;
	}
	c->allowed = rc == 0;
	return true;
}

void
tui_undo_ask(struct station *s)
{
	struct dot_roll *r = s->roll ? s->roll : s->found;
	struct dot_undo_candidate c;
	int64_t seq = 0;
	char *what, *cause = NULL;

	memset(&c, 0, sizeof(c));
	/*
	 * A row "to correct": F6 offers to undo that handover (paint.c);
	 * else the roll call model says what may be undone, with undo's
	 * guards.
	 */
	if (!(r && tui_undo_correct(s, &c)) &&
	    (r ? dot_roll_undo_candidate(r, &c, &cause)
	       : dot_app_last_undoable(s->app, &c.seq, &cause))) {
		tui_refuse(s, cause);
		free(cause);
		return;
	}
	seq = c.seq;
	if (r && seq && !c.allowed) {
		tui_refuse(s,
			   c.why ? c.why : _("this action cannot be undone"));
		dot_undo_candidate_release(&c);
		return;
	}
	dot_undo_candidate_release(&c);
	if (!seq) {
		tui_say(s, LAST_INFO, "%s", _("nothing to undo on this queue"));
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

static void
confirm_yes(struct station *s)
{
	char *cause = NULL, *what;
	int64_t seq = 0;
	struct dot_journal_entry e;
	struct dot_roll *r;

	switch (s->confirm.what) {
	case CONFIRM_UNDO:
		what = describe_entry(s, s->confirm.arg);
		memset(&e, 0, sizeof(e));
		r = s->roll ? s->roll : s->found;
		if ((r ? dot_roll_undo(r, s->confirm.arg, &seq, &cause)
		       : dot_app_undo(s->app, s->confirm.arg, &seq, &cause)) ==
		    0) {
			tui_say(s, LAST_INFO, _("undone: %s"), what);
			if (dot_store_journal_get(s->st, s->confirm.arg, &e,
						  NULL) == 0 &&
			    e.person_id) {
				s->cur_id = e.person_id;
				tui_person_changed(s, r, e.person_id);
			}
			dot_journal_entry_release(&e);
		} else {
			tui_refuse(s, cause);
		}
		free(what);
		break;
	case CONFIRM_WITHDRAW:
		if (dot_app_paper(s->app, s->confirm.arg, true, &seq, &cause) ==
		    0)
			tui_say(s, LAST_INFO, "%s", _("charter withdrawn"));
		else
			tui_refuse(s, cause);
		tui_person_changed(s, NULL, s->confirm.arg);
		break;
	case CONFIRM_RETURN:
	case CONFIRM_HS:
	case CONFIRM_LOAN:
	case CONFIRM_AGREEMENT:
		tui_desk_confirmed(s);
		break;
	case CONFIRM_QUIT:
		s->quit = true; /* a document being written is waited for */
		break;
	case CONFIRM_REASSIGN:
	case CONFIRM_FREE:
		tui_correct_confirmed(s, s->confirm.what, s->confirm.arg);
		break;
	case CONFIRM_NONE:
		break;
	}
	free(cause);
	s->confirm.what = CONFIRM_NONE;
	tui_reload(s);
}

void
tui_confirm_cancel(struct station *s)
{
	s->confirm.what = CONFIRM_NONE;
	tui_desk_reset(s);
	dot_tui_line_clear(&s->guard);
	s->dirty = true;
}

/*
 * One key alone answers: o (oui) or y confirms, n cancels. Anything else
 * typed slowly is not an answer: say which keys are.
 */
void
tui_confirm_answer(struct station *s)
{
	wchar_t c = s->guard.n == 1 ? s->guard.c[0] : 0;

	dot_tui_line_clear(&s->guard);
	if (c == L'o' || c == L'O' || c == L'y' || c == L'Y') {
		confirm_yes(s);
	} else if (c == L'n' || c == L'N') {
		tui_confirm_cancel(s);
		tui_say(s, LAST_INFO, "%s", _("cancelled"));
	} else {
		snprintf(s->hint, sizeof(s->hint), "%s",
			 _("answer with o (yes) or n (no); Esc cancels"));
		s->hint_until = tui_now_us() + HINT_US;
		s->dirty = true;
	}
}

int
tui_confirm_key(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		/* judged when the line ends: a scan, or one key (o/n) */
		dot_tui_line_feed(&s->guard, (wchar_t)ch, t);
		return R_NONE;
	case ACT_ENTER:
	case ACT_TAB:
		/* never "yes" by Enter alone: a scanner's suffix is an Enter */
		if (tui_guard_end(s, t))
			return R_REDRAW;
		tui_confirm_answer(s);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_QUIT:
		tui_confirm_cancel(s);
		tui_say(s, LAST_INFO, "%s", _("cancelled"));
		return R_REDRAW;
	default:
		return R_NONE;
	}
}

/*
 * The question in a box over the screen, its text wrapped (names, serials
 * and entry numbers make it long at 80 columns), the answers below it.
 */
void
tui_draw_confirm(struct station *s)
{
	const char *keys = _("o: yes · n: no · Esc: cancel (a scan cancels "
			     "the question)");
	int w = COLS - 10, x0 = 5, y, y0, h, tr, kr;
	int a = tui_attr(s, C_MODE);

	tr = tui_wrap_rows(w - 4, 5, s->confirm.text);
	kr = tui_wrap_rows(w - 4, 2, keys);
	h = tr + kr + 3;
	y0 = (LINES - h) / 2;
	for (y = 0; y < h; y++)
		tui_put(y0 + y, x0, w, "", a, true);
	tui_wrap(y0 + 1, x0 + 2, w - 4, tr, s->confirm.text, a);
	tui_wrap(y0 + 2 + tr, x0 + 2, w - 4, kr, keys, a);
}
