/*
 * The help (F1): every key and what it does, read from the bindings
 * table (bindings.c) so that it never disagrees with the keys.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

static size_t
help_count(void)
{
	const char *k, *w;
	size_t n = 0;

	while (tui_help_line(n, &k, &w))
		n++;
	return n;
}

/* Each text wraps under itself; ↓ says when more lines follow. */
static void
draw_help(struct station *s, int body, int rows)
{
	size_t i, n = help_count();
	const char *keys, *what;
	int y = 0, kw = COLS >= 100 ? 24 : 21;

	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("Keys of the station (↑/↓ scroll, Esc goes back)"));
	rows--;
	if (s->htop >= n)
		s->htop = n - 1;
	for (i = s->htop; y < rows && tui_help_line(i, &keys, &what); i++) {
		/* a text that would not fit whole waits for the next page */
		if (y > 0 &&
		    tui_wrap_rows(COLS - kw - 2, rows, what) > rows - y)
			break;
		tui_put(body + 1 + y, 1, kw - 1, keys, tui_attr(s, C_KEY),
			true);
		y += tui_wrap(body + 1 + y, kw + 1, COLS - kw - 2, rows - y,
			      what, NORM);
	}
	/* on the title's row: it never hides a line of text */
	if (i < n)
		tui_put(body, COLS - 12, 12, _("↓ more"), tui_attr(s, C_TITLE),
			true);
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
		tui_home(s);
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_help_screen = {
	.draw = draw_help,
	.key = key_help,
	.takes_text = false,
};
