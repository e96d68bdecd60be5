/*
 * A line of text asked over the F8 and F9 screens: the documents folder
 * when there is none, the attestation's period, the operator's name.
 * While it is open it takes every key: letters are text (the letter O
 * too), Enter gives the text to the screen that asked, Esc gives up.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "dotation/i18n.h"
#include "tui_int.h"

void
tui_prompt_open(struct station *s, enum prompt_what what, const char *label,
		const char *initial)
{
	mbstate_t mb;
	const char *p = initial ? initial : "";
	wchar_t wc;
	size_t n;

	s->prompt.what = what;
	snprintf(s->prompt.label, sizeof(s->prompt.label), "%s", label);
	dot_tui_line_clear(&s->prompt.line);
	s->prompt.line.free_text = true;
	memset(&mb, 0, sizeof(mb));
	while (*p && (n = mbrtowc(&wc, p, strlen(p), &mb)) != 0 &&
	       n != (size_t)-1 && n != (size_t)-2) {
		/* one at a time, far apart: never taken for a scanner burst */
		dot_tui_line_feed(&s->prompt.line, wc, 0);
		p += n;
	}
	s->dirty = true;
}

int
tui_prompt_key(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1];
	enum prompt_what what = s->prompt.what;

	switch (a) {
	case ACT_CHAR:
		dot_tui_line_feed(&s->prompt.line, (wchar_t)ch, t);
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->prompt.line);
		return R_REDRAW;
	case ACT_CLEAR:
		dot_tui_line_clear(&s->prompt.line);
		s->prompt.line.free_text = true;
		return R_REDRAW;
	case ACT_BACK:
		s->prompt.what = PROMPT_NONE;
		return R_REDRAW;
	case ACT_ENTER:
		dot_tui_line_text(&s->prompt.line, text, sizeof(text));
		s->prompt.what = PROMPT_NONE;
		if (what == PROMPT_OPERATOR)
			tui_settings_prompt_done(s, text);
		else
			tui_day_prompt_done(s, what, text);
		return R_REDRAW;
	default:
		return R_NONE;
	}
}

int
tui_draw_prompt(struct station *s, int y)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1];
	int x;

	if (s->prompt.what == PROMPT_NONE)
		return 0;
	tui_wrap(y, 2, COLS - 4, 2, s->prompt.label, A_BOLD);
	dot_tui_line_text(&s->prompt.line, text, sizeof(text));
	tui_put(y + 2, 2, COLS - 4, "", tui_attr(s, C_SELECTED), true);
	x = 3 +
	    tui_put(y + 2, 3, COLS - 6, text, tui_attr(s, C_SELECTED), false);
	if (x < COLS - 2)
		mvaddstr(y + 2, x, "_");
	tui_put(y + 3, 2, COLS - 4,
		_("Enter confirms, Esc gives up, Ctrl-U clears"), NORM, true);
	return 4;
}
