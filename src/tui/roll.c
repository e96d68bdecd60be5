/*
 * The roll call of a class, the station's home: the class's people in
 * alphabetical order with their charter, serial and state, progress bars,
 * and the cursor on the next person to equip. Letters and digits typed
 * here are serial input: a scanner burst, or a serial typed by hand and
 * ended by Enter; after a handover the cursor moves on (scan-and-advance).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

static void
draw_roll(struct station *s, int body, int rows)
{
	static const struct dot_roll_counts none;
	const struct dot_roll_counts *c =
		s->roll ? dot_roll_counts(s->roll) : &none;
	int x, barw;

	if (!s->class_name) {
		tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
			 _("no class chosen: F2 chooses one, F3 finds a "
			   "person"));
		return;
	}
	x = tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s %s",
		     _("Class"),
		     *s->class_name ? s->class_name : _("(no class)"));
	if (s->profile)
		x += tui_putf(body, x, COLS - x, tui_attr(s, C_TITLE), false,
			      " · %s", tui_profile_label(s->profile_idx));
	/* "to go": everyone without a device, absents included (roll.c) */
	tui_putf(body, x, COLS - x, NORM, true, _(" · %lld people, %lld to go"),
		 (long long)c->people, (long long)c->to_equip);
	barw = (COLS - 60) / 2;
	if (barw < 8)
		barw = 8;
	x = tui_progress(s, body + 1, 1, _("Charters"), c->charters, c->people,
			 barw);
	x = tui_progress(s, body + 1, x, _("Handed over"), c->equipped,
			 c->people, barw);
	tui_putf(body + 1, x, COLS - x, c->absent ? tui_attr(s, C_WARN) : NORM,
		 true, "%s %lld", _("Absent"), (long long)c->absent);
	if (tui_rows(s->roll) == 0) {
		tui_putf(body + 3, 1, COLS - 1, NORM, true, "%s",
			 _("nobody in this class"));
		return;
	}
	tui_draw_people(s, body + 2, rows - 2, s->roll, s->cur, &s->top, false);
}

bool
tui_class_done(struct station *s)
{
	/*
	 * Nobody left to call, and the cursor on someone equipped: a scan
	 * has nobody to go to. On an absent person it still goes (they came).
	 */
	return s->screen == SCR_ROLL && !s->from_search && s->roll &&
	       dot_roll_done(s->roll) &&
	       dot_roll_row_state(s->roll, s->cur) == DOT_ROLL_EQUIPPED;
}

/* The roll call's line ended: a scan or a serial typed by hand. */
void
tui_roll_line_end(struct station *s, uint64_t t)
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
	tui_hand_over(s, tui_current_id(s), serial, !burst, t);
}

static int
key_roll(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		tui_line_char(s, &s->line, (wchar_t)ch, t, true);
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
		if (s->line.n) {
			tui_roll_line_end(s, t);
			return R_REDRAW;
		}
		if (a == ACT_TAB || t < s->swallow_enter_until)
			return R_NONE;
		if (!tui_current_person(s))
			return R_NONE;
		s->detail_back = SCR_ROLL;
		tui_load_detail(s, tui_current_id(s));
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
		tui_move_cursor(&s->cur, tui_rows(s->roll), a, tui_page_rows());
		if (s->cur < tui_rows(s->roll))
			s->cur_id = dot_roll_person(s->roll, s->cur)->id;
		/* accessories toggled for one person only */
		s->microsd = s->def_microsd;
		s->has_case = s->def_case;
		s->from_search = false;
		return R_REDRAW;
	case ACT_MANUAL:
		if (!tui_current_person(s)) {
			tui_refuse(s,
				   _("no person selected: choose a class (F2) "
				     "or search (F3)"));
			return R_REDRAW;
		}
		s->manual = true;
		return R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_roll_screen = {
	.draw = draw_roll,
	.key = key_roll,
	.takes_text = true,
};
