/*
 * The keystroke line. When no scanner device can be grabbed, the scanner
 * types into the terminal like a keyboard: the station sees characters,
 * as it does when a person types a serial by hand. Each character keeps
 * the time it was read so that the last run of fast characters can be
 * judged (dot_scan_classify): a burst is a scan, framed by its suffix or
 * an idle gap; slow typing is a manual entry, ended by Enter only.
 *
 * The letter O is refused at the keystroke when a person types it. A
 * scanner burst that contains one is kept whole and refused whole: if
 * the O were dropped, a wrong but valid serial could be handed over.
 */
#include <stdlib.h>
#include <string.h>

#include "dotation/scan.h"
#include "dotation/tui.h"

static bool
is_o(wchar_t c)
{
	return c == L'O' || c == L'o';
}

void
dot_tui_line_clear(struct dot_tui_line *l)
{
	bool free_text = l->free_text;

	memset(l, 0, sizeof(*l));
	l->free_text = free_text;
}

enum dot_tui_feed
dot_tui_line_feed(struct dot_tui_line *l, wchar_t c, uint64_t t_us)
{
	bool starts;

	starts = l->n == 0 || t_us < l->t[l->n - 1] ||
		 t_us - l->t[l->n - 1] > DOT_TUI_FAST_GAP_US;
	if (l->n == DOT_TUI_LINE_MAX) {
		l->overflow = true;
		return DOT_TUI_FEED_OK;
	}
	if (starts)
		l->run = l->n;
	l->c[l->n] = c;
	l->t[l->n] = t_us;
	l->starts[l->n] = starts;
	l->n++;
	return starts && is_o(c) && !l->free_text ? DOT_TUI_FEED_LETTER_O
						  : DOT_TUI_FEED_OK;
}

/*
 * A refused O: one that starts a run which is not a scanner burst. It was
 * refused at the keystroke; it is never shown nor kept in typed text,
 * even when the person's next key follows quickly.
 */
static bool
refused(const struct dot_tui_line *l, size_t i)
{
	size_t j = i + 1;

	if (l->free_text || !is_o(l->c[i]) || !l->starts[i])
		return false;
	while (j < l->n && !l->starts[j])
		j++;
	return dot_scan_classify(l->t + i, j - i) != DOT_SCAN_BURST;
}

void
dot_tui_line_backspace(struct dot_tui_line *l)
{
	while (l->n > 0 && refused(l, l->n - 1))
		l->n--;
	if (l->n > 0)
		l->n--;
	l->overflow = false;
	/* the last run now starts at the last character marked as a start */
	l->run = l->n ? l->n - 1 : 0;
	while (l->run > 0 && !l->starts[l->run])
		l->run--;
}

void
dot_tui_line_drop_run(struct dot_tui_line *l)
{
	l->n = l->run;
	l->overflow = false;
	l->run = l->n ? l->n - 1 : 0;
	while (l->run > 0 && !l->starts[l->run])
		l->run--;
}

static void
put_range(const struct dot_tui_line *l, size_t from, size_t to, bool skip_o,
	  char *out, size_t outsz)
{
	size_t i, len = 0;
	mbstate_t ps;

	if (!outsz)
		return;
	memset(&ps, 0, sizeof(ps));
	for (i = from; i < to; i++) {
		char mb[16];
		size_t k;

		if (skip_o && refused(l, i))
			continue;
		k = wcrtomb(mb, l->c[i], &ps);
		if (k == (size_t)-1) {
			mb[0] = '?';
			k = 1;
			memset(&ps, 0, sizeof(ps));
		}
		if (len + k + 1 > outsz)
			break;
		memcpy(out + len, mb, k);
		len += k;
	}
	out[len] = '\0';
}

void
dot_tui_line_text(const struct dot_tui_line *l, char *out, size_t outsz)
{
	put_range(l, 0, l->n, true, out, outsz);
}

bool
dot_tui_line_is_burst(const struct dot_tui_line *l)
{
	if (l->n == 0 || l->run >= l->n)
		return false;
	return dot_scan_classify(l->t + l->run, l->n - l->run) ==
	       DOT_SCAN_BURST;
}

bool
dot_tui_line_frame(const struct dot_tui_line *l, char *serial, size_t serialsz,
		   char *prefix, size_t prefixsz)
{
	if (dot_tui_line_is_burst(l)) {
		put_range(l, l->run, l->n, false, serial, serialsz);
		put_range(l, 0, l->run, true, prefix, prefixsz);
		return true;
	}
	put_range(l, 0, l->n, true, serial, serialsz);
	if (prefixsz)
		prefix[0] = '\0';
	return false;
}

bool
dot_tui_line_idle_burst(const struct dot_tui_line *l, uint64_t now_us)
{
	if (l->n == 0 || now_us < l->t[l->n - 1] ||
	    now_us - l->t[l->n - 1] < DOT_TUI_IDLE_US)
		return false;
	return dot_tui_line_is_burst(l);
}
