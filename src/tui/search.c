/*
 * The search (F3): part of a name over the whole roster, accents and case
 * ignored (catch-up of archived charters). Slow typing is the query; a
 * scanner burst (fast, or a slow scanner's steady pace) is a scan for the
 * person highlighted when it began, and never becomes search text.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

#define SEARCH_LIMIT 200
#define SEARCH_MIN_CHARS 2 /* one letter matches a tenth of the roster */

void
tui_load_search(struct station *s)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1];
	char *cause = NULL;

	s->search_stale = false;
	dot_roll_free(s->found);
	s->found = NULL;
	dot_tui_line_text(&s->query, q, sizeof(q));
	if (tui_text_width(q) < SEARCH_MIN_CHARS)
		return;
	if (dot_roll_open_search(s->app, q, SEARCH_LIMIT, &s->found, &cause) !=
	    0) {
		tui_refuse(s, cause);
		free(cause);
	}
	if (s->scur >= tui_rows(s->found))
		s->scur = 0;
}

static void
draw_search(struct station *s, int body, int rows)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1];
	int x;

	dot_tui_line_text(&s->query, q, sizeof(q));
	x = tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s ",
		     _("Search:"));
	x += tui_putf(body, x, COLS - x, tui_attr(s, C_SELECTED), false, "%s_",
		      q);
	tui_putf(body, x, COLS - x, NORM, true, "  %s",
		 _("(part of a name; accents and case do not matter)"));
	if (tui_text_width(q) < 2) {
		tui_putf(body + 1, 0, COLS, tui_attr(s, C_DIM), true, " %s",
			 _("type a name, choose with the arrows, then scan the "
			   "label or press Enter"));
		return;
	}
	tui_put(body + 1, 0, 1, " ", NORM, false);
	x = 1 + tui_putf(body + 1, 1, COLS - x, A_BOLD, false,
			 dngettext("dotation", "%zu person found",
				   "%zu people found",
				   (unsigned long)tui_rows(s->found)),
			 tui_rows(s->found));
	tui_putf(body + 1, x, COLS - x, tui_attr(s, C_DIM), true, " · %s",
		 _("a scan goes to the highlighted person · Enter: their "
		   "class"));
	if (tui_rows(s->found) == 0) {
		tui_putf(body + 3, 1, COLS - 1, NORM, true, "%s",
			 _("nobody found: check the spelling or type fewer "
			   "letters"));
		return;
	}
	tui_draw_people(s, body + 2, rows - 2, s->found, s->scur, &s->stop,
			true);
}

/* A burst typed into the search: a scan for the highlighted person. */
void
tui_search_line_end(struct station *s, uint64_t t, bool enter)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];
	int64_t target = s->burst_target;

	if (!dot_tui_line_is_burst(&s->query)) {
		if (!enter || s->scur >= tui_rows(s->found))
			return;
		/* Enter: the roll call of the chosen person, next scan there */
		tui_show_person(s, dot_roll_person(s->found, s->scur));
		s->from_search = true;
		dot_tui_line_clear(&s->query);
		return;
	}
	dot_tui_line_frame(&s->query, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	/* the query goes back to what was typed before the burst */
	dot_tui_line_drop_run(&s->query);
	s->search_stale = true;
	tui_hand_over(s, target, serial, false, t);
}

static int
key_search(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		/* who was highlighted before this character, if it starts a
		 * burst: the scan goes to that person */
		if (s->query.n == 0 ||
		    t - s->query.t[s->query.n - 1] > DOT_TUI_FAST_GAP_US)
			s->burst_target = tui_current_id(s);
		dot_tui_line_feed(&s->query, (wchar_t)ch, t);
		s->search_stale = true;
		tui_trace_mark(s, "search", t);
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->query);
		s->search_stale = true;
		tui_trace_mark(s, "search", t);
		return R_REDRAW;
	case ACT_CLEAR:
		dot_tui_line_clear(&s->query);
		s->search_stale = true;
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
		tui_search_line_end(s, t, a == ACT_ENTER);
		return R_REDRAW;
	case ACT_BACK:
		if (s->query.n) {
			dot_tui_line_clear(&s->query);
			s->search_stale = true;
			return R_REDRAW;
		}
		tui_home(s);
		return R_RELOAD;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		tui_move_cursor(&s->scur, tui_rows(s->found), a,
				tui_page_rows());
		return R_REDRAW;
	case ACT_MANUAL:
		if (s->scur < tui_rows(s->found)) {
			tui_show_person(s, dot_roll_person(s->found, s->scur));
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

const struct tui_screen_ops tui_search_screen = {
	.draw = draw_search,
	.key = key_search,
	.takes_text = true,
};
