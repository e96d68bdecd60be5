/*
 * The frame around every screen, and the pieces screens share. The loop
 * calls tui_paint() once per iteration when something changed; every
 * screen is drawn from the state alone, so a resize only needs a repaint.
 * The layout is computed from the current size each time; below 80×24 the
 * station says so instead of drawing garbage.
 *
 * Rows: two header lines (establishment, queue, operator, scanner, sync,
 * mode), the screen's body (tui_screens[]->draw), the big last-action
 * band, the entry or hint line, and the function-key bar in the style of
 * mc and htop.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "dotation/i18n.h"
#include "tui_int.h"

int
tui_text_width(const char *s)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k;
	int w = 0, cw;

	memset(&ps, 0, sizeof(ps));
	while (s && *s) {
		k = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&ps, 0, sizeof(ps));
			k = 1;
			cw = 1;
		} else {
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 1;
		}
		w += cw;
		s += k;
	}
	return w;
}

/*
 * Write UTF-8 text at (y, x) in at most w columns with attr; pad with
 * spaces up to w when pad. Returns the columns used.
 */
int
tui_put(int y, int x, int w, const char *s, int attr, bool pad)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k;
	int used = 0, cw;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	memset(&ps, 0, sizeof(ps));
	attrset(attr);
	move(y, x);
	while (s && *s) {
		k = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&ps, 0, sizeof(ps));
			wc = L'?';
			k = 1;
		}
		if (wc < L' ')
			wc = L' ';
		else if (dot_text_unsafe_cp((unsigned)wc))
			wc = 0xfffd; /* C1, bidi overrides: never to the
					terminal */
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (used + cw > w)
			break;
		addnwstr(&wc, 1);
		used += cw;
		s += k;
	}
	/* one call for the padding, not one per cell: rows are repainted
	 * at every scan */
	if (pad && used < w) {
		hline((chtype)' ' | (chtype)attr, w - used);
		used = w;
	}
	attrset(NORM);
	return used;
}

int
tui_putf(int y, int x, int w, int attr, bool pad, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return tui_put(y, x, w, buf, attr, pad);
}

/*
 * When sync last worked, local time: "21/11 14:02", "never", or with
 * short_today "14:02" when it was today.
 */
void
tui_last_sync_when(const struct station *s, bool short_today, char *out,
		   size_t outsz)
{
	char today[8];
	time_t t = time(NULL);
	struct tm tm;

	if (!s->status.last_sync[0]) {
		snprintf(out, outsz, "%s", _("never"));
		return;
	}
	dot_tui_local_time(s->status.last_sync, out, outsz);
	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%d/%m ", &tm);
	if (short_today && strncmp(out, today, 6) == 0)
		memmove(out, out + 6, strlen(out + 6) + 1);
}

/*
 * "sync: 3 pending, last 14:02 · server unreachable, 1 conflict" in at
 * most w columns: the time of the last success goes first, then the
 * reason, then the conflicts; the count always stays.
 */
static void
sync_words(struct station *s, int w, char *out, size_t outsz)
{
	char count[64], last[64], why[96], conf[64], when[32];
	int drop;

	if (s->status.pending)
		snprintf(count, sizeof(count),
			 dngettext("dotation", "%lld to send", "%lld to send",
				   (unsigned long)s->status.pending),
			 (long long)s->status.pending);
	else
		snprintf(count, sizeof(count), "%s", _("up to date"));
	tui_last_sync_when(s, true, when, sizeof(when));
	if (s->status.last_sync[0])
		snprintf(last, sizeof(last), _(", last %s"), when);
	else
		snprintf(last, sizeof(last), "%s", _(", never synced"));
	why[0] = conf[0] = '\0';
	if (s->sync_state[0])
		snprintf(why, sizeof(why), " · %s", s->sync_state);
	if (s->status.conflicts)
		snprintf(conf, sizeof(conf),
			 dngettext("dotation", ", %lld conflict",
				   ", %lld conflicts",
				   (unsigned long)s->status.conflicts),
			 (long long)s->status.conflicts);
	for (drop = 0; drop < 4; drop++) {
		snprintf(out, outsz, "%s %s%s%s%s", _("sync:"), count,
			 drop < 1 ? last : "", drop < 3 ? conf : "",
			 drop < 2 ? why : "");
		if (tui_text_width(out) <= w)
			return;
	}
}

static void
draw_header(struct station *s)
{
	char clock[16], line[300], scan[200];
	const char *mode;
	int hdr = tui_attr(s, C_HEADER), x, sx;
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(clock, sizeof(clock), "%H:%M", &tm);
	tui_putf(0, 0, COLS, hdr, true, " dotation · %s%s%s%s · %s %s · %s %s",
		 s->estab && *s->estab ? s->estab : _("establishment not set"),
		 s->uai ? " (" : "", s->uai ? s->uai : "", s->uai ? ")" : "",
		 _("queue"), *s->queue ? s->queue : "-", _("operator:"),
		 s->operator_name);
	tui_put(0, COLS - 6, 6, clock, hdr, true);

	/*
	 * The mode at the right must always show, then the sync state just
	 * before it; the scanner's words at the left give way first, down to
	 * a few letters, then the sync's own details.
	 */
	mode = s->catchup ? _("CATCH-UP MODE") : _("DISTRIBUTION MODE");
	x = COLS - tui_text_width(mode) - 2;
	sync_words(s, x - 1 - 20, line, sizeof(line));
	snprintf(scan, sizeof(scan), "%s %s · ", _("scanner:"),
		 s->scanner_state);
	sx = tui_text_width(scan);
	if (sx > x - 1 - tui_text_width(line)) {
		sx = x - 1 - tui_text_width(line);
		if (sx < 20)
			sx = 20;
		tui_put(1, 0, sx - 2, scan, NORM, true);
		tui_put(1, sx - 2, 2, "…", NORM, true);
	} else {
		tui_put(1, 0, sx, scan, NORM, true);
	}
	tui_put(1, sx, x - sx, line,
		s->sync_state[0] ? tui_attr(s, C_WARN) : NORM, true);
	tui_putf(1, x, COLS - x, tui_attr(s, C_MODE), false, " %s ", mode);
}

/*
 * text from (y, x) in w columns, cut at spaces over at most maxrows rows
 * (the next ones indented by two); returns the rows used.
 */
static int
wrap(int y, int x, int w, int maxrows, const char *text, int attr, bool draw)
{
	char buf[1024], *p = buf, *cut, *q;
	int rows = 0, ind = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	while (*p && rows < maxrows) {
		cut = NULL;
		if (tui_text_width(p) > w - ind && rows + 1 < maxrows) {
			for (q = p; *q; q++) {
				if (*q != ' ')
					continue;
				*q = '\0';
				if (tui_text_width(p) <= w - ind)
					cut = q;
				*q = ' ';
			}
		}
		if (cut)
			*cut = '\0';
		if (draw)
			tui_put(y + rows, x + ind, w - ind, p, attr, true);
		rows++;
		ind = 2;
		if (!cut)
			break;
		p = cut + 1;
	}
	return rows;
}

int
tui_wrap(int y, int x, int w, int maxrows, const char *text, int attr)
{
	return wrap(y, x, w, maxrows, text, attr, true);
}

int
tui_wrap_rows(int w, int maxrows, const char *text)
{
	return wrap(0, 0, w, maxrows, text, NORM, false);
}

/*
 * Text over two full-width rows of attr, cut at a space when it does not
 * fit on one: refusals name the holder and say what to do, which is long.
 */
static void
tui_wrap2(int y, const char *text, int attr)
{
	tui_put(y, 0, COLS, "", attr, true);
	tui_put(y + 1, 0, COLS, "", attr, true);
	tui_wrap(y, 1, COLS - 2, 2, text, attr);
}

/*
 * On a row "to correct" (app/roll.c), the message lines say why and what
 * to do, unless a message of the last action is still flashing. True when
 * the hint was drawn.
 */
static bool
tui_correct_hint(struct station *s, int y, uint64_t now)
{
	const struct dot_person *p = tui_current_person(s);
	char *text, since[11];

	if (!p || !dot_roll_to_correct(p) || now < s->flash_until ||
	    s->screen == SCR_DETAIL)
		return false;
	snprintf(since, sizeof(since), "%s", p->remote_at ? p->remote_at : "");
	text = dot_xasprintf(
		p->handover_seq
			? _("to correct: the hub says %s is held by %s "
			    "(station %s, UAI %s) since %s. Check the label; "
			    "F6 undoes this handover, then scan the right "
			    "device.")
			: _("to correct: the hub says %s is held by %s "
			    "(station %s, UAI %s) since %s. Check the label "
			    "and correct this handover."),
		p->serial, p->remote_holder ? p->remote_holder : "?",
		p->remote_station, p->remote_uai ? p->remote_uai : "-", since);
	tui_wrap2(y, text, tui_attr(s, C_ERROR));
	free(text);
	return true;
}

static void
draw_last(struct station *s, int y)
{
	enum colour c = C_NORMAL;
	uint64_t now = tui_now_us();

	switch (s->last_kind) {
	case LAST_OK:
		c = now < s->flash_until ? C_FLASH_OK : C_OK;
		break;
	case LAST_ERROR:
		c = now < s->flash_until ? C_FLASH_ERROR : C_ERROR;
		break;
	case LAST_INFO:
		c = C_INFO;
		break;
	case LAST_NONE:
		break;
	}
	if (tui_correct_hint(s, y, now))
		return;
	if (s->last_kind == LAST_NONE) {
		tui_put(y, 0, COLS, "", NORM, true);
		tui_put(y + 1, 0, COLS,
			_(" ready: select a person and scan the label"),
			tui_attr(s, C_DIM), true);
		return;
	}
	tui_wrap2(y, s->last, tui_attr(s, c));
}

static void
draw_keybar(struct station *s)
{
	int w[10], i, total = 0, extra, x = 0, y = LINES - 1;
	bool brief = false;

	/*
	 * Each key gets its label's width and one blank after it, the spare
	 * columns shared out; the short labels when the long ones would
	 * run together.
	 */
	for (;;) {
		total = 0;
		for (i = 0; i < 10; i++) {
			w[i] = (i == 9 ? 2 : 1) +
			       tui_text_width(tui_fkey_label(i + 1, brief)) +
			       (i < 9);
			total += w[i];
		}
		if (total <= COLS || brief)
			break;
		brief = true;
	}
	while (total > COLS) {
		int big = 0;

		for (i = 1; i < 10; i++)
			if (w[i] > w[big])
				big = i;
		w[big]--;
		total--;
	}
	extra = COLS - total;
	for (i = 0; i < 10; i++) {
		int add = extra / (10 - i);

		w[i] += add;
		extra -= add;
	}
	for (i = 0; i < 10; i++) {
		int kw = i == 9 ? 2 : 1;

		tui_putf(y, x, kw, tui_attr(s, C_KEY), false, "%d", i + 1);
		tui_put(y, x + kw, w[i] - kw - (i < 9),
			tui_fkey_label(i + 1, brief), tui_attr(s, C_KEYLABEL),
			true);
		if (i < 9)
			tui_put(y, x + w[i] - 1, 1, " ", NORM, false);
		x += w[i];
	}
}

/* The line above the key bar: what is being typed, or a hint. */
static void
draw_entry(struct station *s, int y)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1];
	const struct dot_person *p;
	int x;

	if (s->hint[0]) {
		tui_putf(y, 0, COLS, tui_attr(s, C_WARN), true, " ⚠ %s",
			 s->hint);
		return;
	}
	if (s->screen == SCR_ROLL && (s->line.n || s->manual)) {
		dot_tui_line_text(&s->line, text, sizeof(text));
		x = tui_putf(y, 0, COLS, A_BOLD, false, " %s ",
			     _("serial typed:"));
		x += tui_putf(y, x, COLS - x, tui_attr(s, C_SELECTED), false,
			      "%s_", text);
		tui_putf(y, x, COLS - x, tui_attr(s, C_DIM), true, "  %s",
			 _("Enter: hand over · Esc: clear"));
		return;
	}
	p = tui_current_person(s);
	if (tui_class_done(s)) {
		int64_t absent = dot_roll_counts(s->roll)->absent;
		const char *cls = s->class_name && *s->class_name
					  ? s->class_name
					  : _("(no class)");

		/* nobody left: say so rather than point at a served person */
		if (absent)
			tui_putf(
				y, 0, COLS, tui_attr(s, C_WARN), true,
				dngettext(
					"dotation",
					" class %s: everyone present is "
					"equipped, %lld absent to equip later",
					" class %s: everyone present is "
					"equipped, %lld absents to equip later",
					(unsigned long)absent),
				cls, (long long)absent);
		else
			tui_putf(y, 0, COLS, tui_attr(s, C_OK), true,
				 _(" class %s complete: nobody left to equip · "
				   "F2 chooses the next class"),
				 cls);
		return;
	}
	if (s->screen == SCR_DETAIL && p && p->serial) {
		tui_putf(y, 0, COLS, NORM, true, " %s",
			 _("F12 corrects this handover (wrong person) · Esc: "
			   "back"));
		return;
	}
	if (s->screen == SCR_ROLL && p && p->serial) {
		char *label = tui_person_label(s->roll, s->cur, p);

		/* a scan here would be refused: say what can be done */
		tui_putf(y, 0, COLS, NORM, true,
			 _(" F12 corrects this handover · %s has %s"), label,
			 p->serial);
		free(label);
		return;
	}
	if (s->screen == SCR_ROLL && p) {
		char *label = tui_person_label(s->roll, s->cur, p);

		tui_putf(y, 0, COLS, NORM, true,
			 _(" next scan → %s · ^K microSD %s · ^E case %s"),
			 label, s->microsd ? "[x]" : "[ ]",
			 s->has_case ? "[x]" : "[ ]");
		free(label);
		return;
	}
	tui_put(y, 0, COLS, "", NORM, true);
}

/* ---- the table of people (roll call, search) ------------------------- */

struct cols {
	int last, first, birth, class_w, charter, serial, microsd, case_w,
		state;
};

static void
layout_cols(struct cols *c, bool with_class)
{
	int rest;

	c->birth = 10;
	c->charter = 7;
	c->serial = COLS >= 110 ? 20 : 13;
	c->microsd = COLS >= 100 ? 7 : 3;
	c->case_w = 4;
	c->state = 11;
	c->class_w = with_class ? 8 : 0;
	/*
	 * Below 100 columns a list with classes (search, correction) gives
	 * the accessories' columns to the names, which were cut at 7 or 8
	 * letters: the roll call of a class still shows them.
	 */
	if (with_class && COLS < 100)
		c->microsd = c->case_w = 0;
	rest = COLS -
	       (c->birth + c->charter + c->serial + c->microsd + c->case_w +
		c->state + c->class_w) -
	       9 + (c->microsd ? 0 : 2);
	if (rest < 10)
		rest = 10;
	c->last = rest * 55 / 100;
	c->first = rest - c->last;
}

/* The row's state in words, from the roll call's rule (app/roll.c). */
static const char *
state_label(const struct dot_person *p, enum dot_roll_state st, int *colour)
{
	*colour = C_NORMAL;
	switch (st) {
	case DOT_ROLL_INACTIVE:
		*colour = C_DIM;
		return _("inactive");
	case DOT_ROLL_EQUIPPED:
		if (dot_roll_to_correct(p)) {
			/* held elsewhere upstream: the hint says what to do */
			*colour = C_ERROR;
			return _("to correct");
		}
		*colour = C_BAR_DONE;
		return p->kind == DOT_HANDOVER_LOAN ? _("on loan")
						    : _("handed over");
	case DOT_ROLL_ABSENT:
		*colour = C_DIM;
		return _("absent");
	case DOT_ROLL_WAITING:
		break;
	}
	if (!p->charter_at) {
		*colour = C_WARN;
		return _("no charter");
	}
	return _("to hand over");
}

static void
draw_person_row(struct station *s, int y, const struct cols *c,
		const struct dot_roll *r, size_t i, bool selected,
		bool with_class)
{
	const struct dot_person *p = dot_roll_person(r, i);
	int base = selected ? tui_attr(s, C_SELECTED) : NORM;
	int x = 1, sc;
	char date[16];
	const char *st = state_label(p, dot_roll_row_state(r, i), &sc);
	const char *yes = s->unicode ? "✔" : "x";

	tui_put(y, 0, COLS, "", base, true);
	if (selected)
		tui_put(y, 0, 1, ">", base | A_BOLD, false);
	tui_put(y, x, c->last, p->last_name, base | A_BOLD, true);
	x += c->last + 1;
	tui_put(y, x, c->first, p->first_name, base, true);
	x += c->first + 1;
	dot_tui_date_fr(p->birth_date, date, sizeof(date));
	/* homonyms: the birth date tells them apart, so it stands out */
	tui_put(y, x, c->birth, date,
		dot_roll_homonym(r, i) ? base | (int)(A_BOLD | A_UNDERLINE)
				       : base,
		true);
	x += c->birth + 1;
	if (with_class) {
		tui_put(y, x, c->class_w, p->class_name, base, true);
		x += c->class_w + 1;
	}
	tui_put(y, x, c->charter, p->charter_at ? yes : "-",
		selected ? base
			 : tui_attr(s, p->charter_at ? C_BAR_DONE : C_WARN),
		true);
	x += c->charter + 1;
	tui_put(y, x, c->serial, p->serial ? p->serial : "", base | A_BOLD,
		true);
	x += c->serial + 1;
	if (c->microsd) {
		tui_put(y, x, c->microsd, p->serial && p->microsd ? yes : "",
			base, true);
		x += c->microsd + 1;
		tui_put(y, x, c->case_w, p->serial && p->has_case ? yes : "",
			base, true);
		x += c->case_w + 1;
	}
	tui_put(y, x, c->state, st, selected ? base : tui_attr(s, sc), true);
}

static void
draw_person_head(struct station *s, int y, const struct cols *c,
		 bool with_class)
{
	int a = tui_attr(s, C_TITLE), x = 1;

	tui_put(y, 0, COLS, "", a, true);
	tui_put(y, x, c->last, _("Last name"), a, true);
	x += c->last + 1;
	tui_put(y, x, c->first, _("First name"), a, true);
	x += c->first + 1;
	tui_put(y, x, c->birth, _("Born"), a, true);
	x += c->birth + 1;
	if (with_class) {
		tui_put(y, x, c->class_w, _("Class"), a, true);
		x += c->class_w + 1;
	}
	tui_put(y, x, c->charter, _("Charter"), a, true);
	x += c->charter + 1;
	tui_put(y, x, c->serial, _("Serial"), a, true);
	x += c->serial + 1;
	if (c->microsd) {
		tui_put(y, x, c->microsd, c->microsd >= 7 ? "microSD" : "SD", a,
			true);
		x += c->microsd + 1;
		tui_put(y, x, c->case_w, _("Case"), a, true);
		x += c->case_w + 1;
	}
	tui_put(y, x, c->state, _("State"), a, true);
}

/* Keep cur visible in a window of rows lines starting at *top. */
void
tui_scroll_to(size_t cur, size_t *top, int rows)
{
	if (rows <= 0)
		return;
	if (cur < *top)
		*top = cur;
	if (cur >= *top + (size_t)rows)
		*top = cur - (size_t)rows + 1;
}

void
tui_draw_people(struct station *s, int y0, int rows, const struct dot_roll *l,
		size_t cur, size_t *top, bool with_class)
{
	struct cols c;
	size_t i;
	int y;

	layout_cols(&c, with_class);
	draw_person_head(s, y0, &c, with_class);
	rows--;
	/* DOT_ROLL_NONE: nobody highlighted, the window stays */
	if (cur != DOT_ROLL_NONE)
		tui_scroll_to(cur, top, rows);
	for (y = 0, i = *top; y < rows && i < tui_rows(l); y++, i++)
		draw_person_row(s, y0 + 1 + y, &c, l, i, i == cur, with_class);
}

int
tui_progress(struct station *s, int y, int x, const char *label, int64_t done,
	     int64_t total, int barw)
{
	char bar[256];

	x += tui_putf(y, x, COLS - x, NORM, false, "%s ", label);
	dot_tui_bar(bar, sizeof(bar), barw, done, total, s->unicode);
	x += tui_put(y, x, barw, bar, tui_attr(s, C_BAR_DONE), false);
	x += tui_putf(y, x, COLS - x, A_BOLD, false, " %lld/%lld   ",
		      (long long)done, (long long)total);
	return x;
}

static void
draw_too_small(struct station *s)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 _("window too small: %d×%d, at least %d×%d needed; "
		   "enlarge it"),
		 COLS, LINES, MIN_COLS, MIN_LINES);
	tui_put(0, 0, COLS, buf, tui_attr(s, C_ERROR), true);
	if (LINES > 2 && s->last_kind != LAST_NONE)
		tui_put(2, 0, COLS, s->last,
			tui_attr(s,
				 s->last_kind == LAST_ERROR ? C_ERROR : C_OK),
			true);
}

const struct dot_person *
tui_current_person(struct station *s)
{
	switch (s->screen) {
	case SCR_ROLL:
		return s->roll ? dot_roll_person(s->roll, s->cur) : NULL;
	case SCR_SEARCH:
		return s->found ? dot_roll_person(s->found, s->scur) : NULL;
	case SCR_DETAIL:
		return s->detail.id ? &s->detail : NULL;
	default:
		return NULL;
	}
}

void
tui_paint(struct station *s)
{
	int body = 2, rows = LINES - 2 - 4;

	erase();
	s->too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	if (s->too_small) {
		draw_too_small(s);
		refresh();
		return;
	}
	draw_header(s);
	tui_screens[s->screen]->draw(s, body, rows);
	draw_last(s, LINES - 4);
	draw_entry(s, LINES - 2);
	draw_keybar(s);
	if (s->confirm.what != CONFIRM_NONE)
		tui_draw_confirm(s);
	refresh();
}
