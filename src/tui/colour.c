/*
 * Semantic colours. Screens ask for DOT meanings (ok, error, selected...)
 * and this table maps them to a colour pair plus attributes, or to plain
 * attributes on a monochrome terminal (TERM=vt100) or when $NO_COLOR is
 * set, so that nothing relies on colour alone: the last action also
 * carries a ✔ or ✘, the selected row is in reverse video.
 */
#include <curses.h>
#include <stdlib.h>

#include "tui_int.h"

struct scheme {
	short fg, bg;
	int attr; /* with colours */
	int mono; /* without */
};

static const struct scheme scheme[C_COUNT] = {
	[C_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[C_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	[C_TITLE] = {COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[C_OK] = {COLOR_WHITE, COLOR_GREEN, A_BOLD, A_BOLD},
	[C_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
	[C_WARN] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[C_INFO] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_UNDERLINE},
	[C_FLASH_OK] = {COLOR_GREEN, COLOR_WHITE, A_BOLD,
			A_BOLD | A_REVERSE | A_BLINK},
	[C_FLASH_ERROR] = {COLOR_RED, COLOR_WHITE, A_BOLD, A_BOLD | A_BLINK},
	[C_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[C_DIM] = {COLOR_BLUE, -1, A_BOLD, A_DIM},
	[C_KEY] = {-1, -1, A_BOLD, A_BOLD},
	[C_KEYLABEL] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[C_BAR_DONE] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[C_MODE] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE},
};

void
tui_colour_init(struct station *s)
{
	const char *nc = getenv("NO_COLOR");
	int i;

	s->colour = has_colors() && !(nc && *nc);
	if (!s->colour)
		return;
	start_color();
	use_default_colors();
	for (i = 1; i < C_COUNT; i++)
		init_pair((short)i, scheme[i].fg, scheme[i].bg);
}

int
tui_attr(const struct station *s, enum colour c)
{
	if (c <= C_NORMAL || c >= C_COUNT)
		return A_NORMAL;
	if (!s->colour)
		return scheme[c].mono;
	return (int)COLOR_PAIR(c) | scheme[c].attr;
}
