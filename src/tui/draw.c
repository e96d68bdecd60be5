/*
 * Painting. The loop calls tui_paint() once per iteration when something
 * changed; every screen is drawn from the state alone, so a resize only
 * needs a repaint. The layout is computed from the current size each
 * time; below 80×24 the station says so instead of drawing garbage.
 *
 * Rows: two header lines (establishment, queue, operator, scanner, sync,
 * mode), the screen's body, the big last-action band, the entry or hint
 * line, and the function-key bar in the style of mc and htop.
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

#define NORM 0 /* plain text: an int like the other attributes */

const unsigned tui_profiles[4] = {0, DOT_PROFILE_BIT(DOT_PROFILE_ELEVE),
				  DOT_PROFILE_BIT(DOT_PROFILE_PROF),
				  DOT_PROFILE_BIT(DOT_PROFILE_PERSONNEL)};

const char *
tui_profile_label(int idx)
{
	switch (idx) {
	case 1:
		return _("students");
	case 2:
		return _("teachers");
	case 3:
		return _("staff");
	default:
		return _("everyone");
	}
}

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
static int
put(int y, int x, int w, const char *s, int attr, bool pad)
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
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (used + cw > w)
			break;
		addnwstr(&wc, 1);
		used += cw;
		s += k;
	}
	while (pad && used < w) {
		addch(' ');
		used++;
	}
	attrset(NORM);
	return used;
}

static int
putf(int y, int x, int w, int attr, bool pad, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int
putf(int y, int x, int w, int attr, bool pad, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return put(y, x, w, buf, attr, pad);
}

/* ---- header and footer ----------------------------------------------------- */

/*
 * When sync last worked, local time: "21/11 14:02", "never", or with
 * short_today "14:02" when it was today.
 */
static void
last_sync_when(const struct station *s, bool short_today, char *out,
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
		snprintf(count, sizeof(count), _("%lld pending"),
			 (long long)s->status.pending);
	else
		snprintf(count, sizeof(count), "%s", _("up to date"));
	last_sync_when(s, true, when, sizeof(when));
	snprintf(last, sizeof(last), _(", last %s"), when);
	why[0] = conf[0] = '\0';
	if (s->sync_state[0])
		snprintf(why, sizeof(why), " · %s", s->sync_state);
	if (s->status.conflicts)
		snprintf(conf, sizeof(conf), _(", %lld conflicts"),
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
	putf(0, 0, COLS, hdr, true, " dotation · %s%s%s%s · %s %s · %s %s",
	     s->estab && *s->estab ? s->estab : _("establishment not set"),
	     s->uai ? " (" : "", s->uai ? s->uai : "", s->uai ? ")" : "",
	     _("queue"), *s->queue ? s->queue : "-", _("operator:"),
	     s->operator_name);
	put(0, COLS - 6, 6, clock, hdr, true);

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
		put(1, 0, sx - 2, scan, NORM, true);
		put(1, sx - 2, 2, "…", NORM, true);
	} else {
		put(1, 0, sx, scan, NORM, true);
	}
	put(1, sx, x - sx, line,
	    s->sync_state[0] ? tui_attr(s, C_WARN) : NORM, true);
	putf(1, x, COLS - x, tui_attr(s, C_MODE), false, " %s ", mode);
}

/*
 * text from (y, x) in w columns, cut at spaces over at most maxrows rows
 * (the next ones indented by two); returns the rows used.
 */
static int
wrap_at(int y, int x, int w, int maxrows, const char *text, int attr)
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
		put(y + rows, x + ind, w - ind, p, attr, true);
		rows++;
		ind = 2;
		if (!cut)
			break;
		p = cut + 1;
	}
	return rows;
}

/*
 * Text over two full-width rows of attr, cut at a space when it does not
 * fit on one: refusals name the holder and say what to do, which is long.
 */
static void
wrap2(int y, const char *text, int attr)
{
	put(y, 0, COLS, "", attr, true);
	put(y + 1, 0, COLS, "", attr, true);
	wrap_at(y, 1, COLS - 2, 2, text, attr);
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
	if (s->last_kind == LAST_NONE) {
		put(y, 0, COLS, "", NORM, true);
		put(y + 1, 0, COLS,
		    _(" ready: select a person and scan the label"),
		    tui_attr(s, C_DIM), true);
		return;
	}
	wrap2(y, s->last, tui_attr(s, c));
}

static void
draw_keybar(struct station *s)
{
	static const char *const labels[10] = {
		N_("Help"), N_("Classes"), N_("Search"), N_("Charter"),
		N_("Absent"), N_("Undo"), N_("Type serial"), N_("Day end"),
		N_("Setup"), N_("Quit"),
	};
	int w[10], i, total = 0, extra, x = 0, y = LINES - 1;

	/* each key gets its label's width, the spare columns shared out */
	for (i = 0; i < 10; i++) {
		w[i] = (i == 9 ? 2 : 1) + tui_text_width(_(labels[i]));
		total += w[i];
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

		putf(y, x, kw, tui_attr(s, C_KEY), false, "%d", i + 1);
		put(y, x + kw, w[i] - kw, _(labels[i]), tui_attr(s, C_KEYLABEL),
		    true);
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
		putf(y, 0, COLS, tui_attr(s, C_WARN), true, " ⚠ %s", s->hint);
		return;
	}
	if (s->screen == SCR_ROLL && (s->line.n || s->manual)) {
		dot_tui_line_text(&s->line, text, sizeof(text));
		x = putf(y, 0, COLS, A_BOLD, false, " %s ",
			 _("serial typed:"));
		x += putf(y, x, COLS - x, tui_attr(s, C_SELECTED), false,
			  "%s_", text);
		putf(y, x, COLS - x, tui_attr(s, C_DIM), true, "  %s",
		     _("Enter: hand over · Esc: clear"));
		return;
	}
	p = tui_current_person(s);
	if (tui_class_done(s)) {
		/* nobody left: say so rather than point at a served person */
		putf(y, 0, COLS, tui_attr(s, C_OK), true,
		     _(" class %s complete: nobody left to equip · F2 chooses "
		       "the next class"),
		     s->class_name && *s->class_name ? s->class_name
						     : _("(no class)"));
		return;
	}
	if (s->screen == SCR_ROLL && p) {
		char *label = dot_app_person_label(p);

		putf(y, 0, COLS, NORM, true,
		     _(" next scan → %s · ^K microSD %s · ^E case %s"), label,
		     s->microsd ? "[x]" : "[ ]", s->has_case ? "[x]" : "[ ]");
		free(label);
		return;
	}
	put(y, 0, COLS, "", NORM, true);
}

/* ---- person table ---------------------------------------------------------- */

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
	rest = COLS - (c->birth + c->charter + c->serial + c->microsd +
		       c->case_w + c->state + c->class_w) - 9;
	if (rest < 10)
		rest = 10;
	c->last = rest * 55 / 100;
	c->first = rest - c->last;
}

static const char *
state_label(const struct dot_person *p, int *colour)
{
	*colour = C_NORMAL;
	if (!p->active) {
		*colour = C_DIM;
		return _("inactive");
	}
	if (p->serial) {
		*colour = C_BAR_DONE;
		return p->kind == DOT_HANDOVER_LOAN ? _("on loan")
							       : _("handed over");
	}
	if (p->absent) {
		*colour = C_DIM;
		return _("absent");
	}
	if (!p->charter_at) {
		*colour = C_WARN;
		return _("no charter");
	}
	return _("to hand over");
}

static void
draw_person_row(struct station *s, int y, const struct cols *c,
		const struct dot_person *p, bool selected, bool with_class)
{
	int base = selected ? tui_attr(s, C_SELECTED) : NORM;
	int x = 1, sc;
	char date[16];
	const char *st = state_label(p, &sc);
	const char *yes = s->unicode ? "✔" : "x";

	put(y, 0, COLS, "", base, true);
	if (selected)
		put(y, 0, 1, ">", base | A_BOLD, false);
	put(y, x, c->last, p->last_name, base | A_BOLD, true);
	x += c->last + 1;
	put(y, x, c->first, p->first_name, base, true);
	x += c->first + 1;
	dot_tui_date_fr(p->birth_date, date, sizeof(date));
	put(y, x, c->birth, date, base, true);
	x += c->birth + 1;
	if (with_class) {
		put(y, x, c->class_w, p->class_name, base, true);
		x += c->class_w + 1;
	}
	put(y, x, c->charter, p->charter_at ? yes : "-",
	    selected ? base : tui_attr(s, p->charter_at ? C_BAR_DONE : C_WARN),
	    true);
	x += c->charter + 1;
	put(y, x, c->serial, p->serial ? p->serial : "", base | A_BOLD, true);
	x += c->serial + 1;
	put(y, x, c->microsd, p->serial && p->microsd ? yes : "", base, true);
	x += c->microsd + 1;
	put(y, x, c->case_w, p->serial && p->has_case ? yes : "", base, true);
	x += c->case_w + 1;
	put(y, x, c->state, st, selected ? base : tui_attr(s, sc), true);
}

static void
draw_person_head(struct station *s, int y, const struct cols *c,
		 bool with_class)
{
	int a = tui_attr(s, C_TITLE), x = 1;

	put(y, 0, COLS, "", a, true);
	put(y, x, c->last, _("Last name"), a, true);
	x += c->last + 1;
	put(y, x, c->first, _("First name"), a, true);
	x += c->first + 1;
	put(y, x, c->birth, _("Born"), a, true);
	x += c->birth + 1;
	if (with_class) {
		put(y, x, c->class_w, _("Class"), a, true);
		x += c->class_w + 1;
	}
	put(y, x, c->charter, _("Charter"), a, true);
	x += c->charter + 1;
	put(y, x, c->serial, _("Serial"), a, true);
	x += c->serial + 1;
	put(y, x, c->microsd, c->microsd >= 7 ? "microSD" : "SD", a, true);
	x += c->microsd + 1;
	put(y, x, c->case_w, _("Case"), a, true);
	x += c->case_w + 1;
	put(y, x, c->state, _("State"), a, true);
}

/* Keep cur visible in a window of rows lines starting at *top. */
static void
scroll_to(size_t cur, size_t *top, int rows)
{
	if (rows <= 0)
		return;
	if (cur < *top)
		*top = cur;
	if (cur >= *top + (size_t)rows)
		*top = cur - (size_t)rows + 1;
}

static void
draw_people(struct station *s, int y0, int rows,
	    const struct dot_person_list *l, size_t cur, size_t *top,
	    bool with_class)
{
	struct cols c;
	size_t i;
	int y;

	layout_cols(&c, with_class);
	draw_person_head(s, y0, &c, with_class);
	rows--;
	scroll_to(cur, top, rows);
	for (y = 0, i = *top; y < rows && i < l->n; y++, i++)
		draw_person_row(s, y0 + 1 + y, &c, &l->v[i], i == cur,
				with_class);
}

/* ---- screens ----------------------------------------------------------------- */

static int
progress(struct station *s, int y, int x, const char *label, int64_t done,
	 int64_t total, int barw)
{
	char bar[256];

	x += putf(y, x, COLS - x, NORM, false, "%s ", label);
	dot_tui_bar(bar, sizeof(bar), barw, done, total, s->unicode);
	x += put(y, x, barw, bar, tui_attr(s, C_BAR_DONE), false);
	x += putf(y, x, COLS - x, A_BOLD, false, " %lld/%lld   ",
		  (long long)done, (long long)total);
	return x;
}

static void
draw_roll(struct station *s, int body, int rows)
{
	int64_t n = 0, ch = 0, ho = 0, ab = 0;
	size_t i;
	int x, barw;

	for (i = 0; i < s->people.n; i++) {
		const struct dot_person *p = &s->people.v[i];

		n++;
		ch += p->charter_at != NULL;
		ho += p->serial != NULL;
		ab += p->absent && !p->serial;
	}
	if (!s->class_name) {
		putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		     _("no class chosen: F2 chooses one, F3 finds a person"));
		return;
	}
	x = putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s %s",
		 _("Class"), *s->class_name ? s->class_name : _("(no class)"));
	if (s->profile)
		x += putf(body, x, COLS - x, tui_attr(s, C_TITLE), false,
			  " · %s", tui_profile_label(s->profile_idx));
	putf(body, x, COLS - x, NORM, true, _(" · %lld people, %lld to go"),
	     (long long)n, (long long)(n - ho - ab));
	barw = (COLS - 60) / 2;
	if (barw < 8)
		barw = 8;
	x = progress(s, body + 1, 1, _("Charters"), ch, n, barw);
	x = progress(s, body + 1, x, _("Handed over"), ho, n, barw);
	putf(body + 1, x, COLS - x, ab ? tui_attr(s, C_WARN) : NORM, true,
	     "%s %lld", _("Absent"), (long long)ab);
	if (s->people.n == 0) {
		putf(body + 3, 1, COLS - 1, NORM, true, "%s",
		     _("nobody in this class"));
		return;
	}
	draw_people(s, body + 2, rows - 2, &s->people, s->cur, &s->top,
		    false);
}

static void
draw_classes(struct station *s, int body, int rows)
{
	char filter[DOT_TUI_LINE_MAX * 4 + 1];
	size_t i;
	int y, x, barw, r;

	dot_tui_line_text(&s->cfilter, filter, sizeof(filter));
	x = putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s",
		 _("Choose a class"));
	x += putf(body, x, COLS - x, NORM, false, " · %s ", _("profile:"));
	for (r = 0; r < 4; r++)
		x += putf(body, x, COLS - x,
			  r == s->profile_idx ? tui_attr(s, C_SELECTED)
					      : NORM,
			  false, " %s ", tui_profile_label(r));
	putf(body, x, COLS - x, NORM, true, " (←/→) · %s %s_",
	     _("filter:"), filter);
	putf(body + 1, 0, COLS, tui_attr(s, C_DIM), true, " %s",
	     _("type part of a class name to filter · Enter opens the roll "
	       "call · Esc goes back"));
	rows -= 2;
	if (s->classes.n == 0) {
		putf(body + 2, 1, COLS - 1, NORM, true, "%s",
		     _("no class matches: Backspace clears the filter"));
		return;
	}
	scroll_to(s->ccur, &s->ctop, rows);
	barw = (COLS - 62) / 2;
	if (barw < 6)
		barw = 6;
	for (y = 0, i = s->ctop; y < rows && i < s->classes.n; y++, i++) {
		const struct dot_class_progress *c = &s->classes.v[i];
		bool sel = i == s->ccur;
		int a = sel ? tui_attr(s, C_SELECTED) : NORM;

		put(body + 2 + y, 0, COLS, "", a, true);
		putf(body + 2 + y, 0, 16, a | A_BOLD, true, "%s%s",
		     sel ? ">" : " ",
		     *c->class_name ? c->class_name : _("(no class)"));
		putf(body + 2 + y, 16, 6, a, true, "%4lld",
		     (long long)c->people);
		x = progress(s, body + 2 + y, 22, _("Charters"), c->charters,
			     c->people, barw);
		x = progress(s, body + 2 + y, x, _("Handed over"),
			     c->handed_over, c->people, barw);
		putf(body + 2 + y, x, COLS - x, NORM, false, "%s %lld",
		     _("Absent"), (long long)c->absent);
	}
}

static void
draw_search(struct station *s, int body, int rows)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1];
	int x;

	dot_tui_line_text(&s->query, q, sizeof(q));
	x = putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s ",
		 _("Search:"));
	x += putf(body, x, COLS - x, tui_attr(s, C_SELECTED), false, "%s_", q);
	putf(body, x, COLS - x, NORM, true, "  %s",
	     _("(part of a name; accents and case do not matter)"));
	if (tui_text_width(q) < 2) {
		putf(body + 1, 0, COLS, tui_attr(s, C_DIM), true, " %s",
		     _("type a name, choose with the arrows, then scan the "
		       "label or press Enter"));
		return;
	}
	putf(body + 1, 0, COLS, tui_attr(s, C_DIM), true,
	     _(" %zu found · scan the label: it goes to the highlighted "
	       "person · Enter: roll call of that person"),
	     s->results.n);
	if (s->results.n == 0) {
		putf(body + 3, 1, COLS - 1, NORM, true, "%s",
		     _("nobody found: check the spelling or type fewer "
		       "letters"));
		return;
	}
	draw_people(s, body + 2, rows - 2, &s->results, s->scur, &s->stop,
		    true);
}

static const char *
journal_label(enum dot_journal_type type)
{
	switch (type) {
	case DOT_JOURNAL_ASSIGN:
		return _("handover");
	case DOT_JOURNAL_CHARTER:
		return _("charter");
	case DOT_JOURNAL_CHARTER_WITHDRAW:
		return _("charter withdrawn");
	case DOT_JOURNAL_ABSENT:
		return _("absence");
	case DOT_JOURNAL_UNDO:
		return _("undo");
	case DOT_JOURNAL_LOAN:
		return _("loan");
	case DOT_JOURNAL_RETURN:
		return _("return");
	case DOT_JOURNAL_HS:
		return _("out of service");
	default:
		return dot_journal_type_name(type);
	}
}

static void
draw_detail(struct station *s, int body, int rows)
{
	const struct dot_person *p = &s->detail;
	char date[16], when[32];
	char *label;
	size_t i;
	int y;

	if (!p->id) {
		put(body, 1, COLS - 1, _("no person"), NORM, true);
		return;
	}
	label = dot_app_person_label(p);
	putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s", label);
	free(label);
	dot_tui_date_fr(p->birth_date, date, sizeof(date));
	putf(body + 1, 1, COLS - 1, NORM, true,
	     "%s %s · INE %s · %s %s · %s %s", _("born"), date,
	     p->ine ? p->ine : "-", _("identifier"),
	     p->ext_id ? p->ext_id : "-", _("profile"),
	     dot_profile_name(p->profile));
	if (p->charter_at)
		dot_tui_local_time(p->charter_at, when, sizeof(when));
	putf(body + 2, 1, COLS - 1, NORM, true, "%s %s · %s %s%s%s%s",
	     _("charter:"), p->charter_at ? when : _("not recorded"),
	     _("device:"), p->serial ? p->serial : _("none"),
	     p->serial && p->microsd ? " + microSD" : "",
	     p->serial && p->has_case ? _(" + case") : "",
	     p->absent ? _(" · absent today") : "");
	putf(body + 4, 0, COLS, tui_attr(s, C_TITLE), true, " %-6s %-12s %-18s "
	     "%-12s %-18s %-20s %s", _("No."), _("When"), _("Station/queue"),
	     _("Operator"), _("Action"), _("Serial"), _("Sync"));
	rows -= 5;
	if (s->journal.n == 0) {
		put(body + 5, 1, COLS - 1, _("no journal entry yet"), NORM,
		    true);
		return;
	}
	if (s->jtop >= s->journal.n)
		s->jtop = s->journal.n - 1;
	for (y = 0, i = s->jtop; y < rows && i < s->journal.n; y++, i++) {
		const struct dot_journal_entry *e = &s->journal.v[i];
		char where[64];

		dot_tui_local_time(e->at, when, sizeof(when));
		snprintf(where, sizeof(where), "%s/%s", e->station ? e->station
								  : "",
			 e->queue ? e->queue : "");
		putf(body + 5 + y, 0, COLS, e->undone_by ? tui_attr(s, C_DIM)
							 : NORM,
		     true, " %-6lld %-12s %-18.18s %-12.12s %-18s %-20s %s%s",
		     (long long)e->seq, when, where,
		     e->operator_name ? e->operator_name : "",
		     journal_label(e->type), e->serial ? e->serial : "",
		     e->push_state ? e->push_state : "",
		     e->undone_by ? _(" (undone)") : "");
	}
}

struct help_line {
	const char *key, *what;
};

static const struct help_line help[] = {
	{N_("letters, digits"), N_("serial input: a scan, or a serial typed "
				   "by hand (Enter hands it over)")},
	{"F1", N_("this help")},
	{"F2", N_("choose a class (progress bars, profile filter)")},
	{"F3", N_("search a person by name over the whole roster "
		  "(catch-up of archived charters)")},
	{"F4", N_("record the signed charter of the highlighted person "
		  "(again: withdraw it)")},
	{"F5", N_("mark the highlighted person absent today (again: "
		  "present)")},
	{"F6", N_("undo the last action of this queue (asks first)")},
	{"F7", N_("type a serial by hand (damaged label)")},
	{"F8", N_("end of day: certified list and documents")},
	{"F9", N_("settings: mode, accessories by default, sound")},
	{"F10, ^C", N_("quit (everything is already saved)")},
	{"↑ ↓ PgUp PgDn Home End", N_("move")},
	{"Enter", N_("select; on the roll call: the person's journal")},
	{"Esc", N_("go back; clears what was typed")},
	{"^K", N_("microSD card for the next handover (toggle)")},
	{"^E", N_("case for the next handover (toggle)")},
	{"^L", N_("redraw the screen")},
	{"", ""},
	{N_("distribution mode"), N_("no device without a recorded charter: "
				     "F4, then scan")},
	{N_("catch-up mode"), N_("the charter is recorded with the scan (the "
				 "archived charter is in hand)")},
	{N_("after a handover"), N_("the cursor moves to the next person of "
				    "the class without a device")},
	{N_("letter O"), N_("serials never contain the letter O: type the "
			    "digit 0")},
};

static void
draw_help(struct station *s, int body, int rows)
{
	size_t i, n = sizeof(help) / sizeof(help[0]);
	int y;

	putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
	     _("Keys of the station (Esc goes back)"));
	rows--;
	if (s->htop >= n)
		s->htop = n - 1;
	for (y = 0, i = s->htop; y < rows && i < n; y++, i++) {
		put(body + 1 + y, 1, 24, help[i].key[0] ? _(help[i].key) : "",
		    tui_attr(s, C_KEY), true);
		put(body + 1 + y, 26, COLS - 26,
		    help[i].what[0] ? _(help[i].what) : "", NORM, true);
	}
}

static void
draw_settings(struct station *s, int body, int rows)
{
	struct {
		const char *name, *value;
	} items[4];
	size_t i;

	items[0].name = _("mode (this run)");
	items[0].value = s->catchup ? _("catch-up (charter recorded with the "
					 "scan)")
				    : _("distribution (charter required)");
	items[1].name = _("microSD card by default");
	items[1].value = s->def_microsd ? _("yes") : _("no");
	items[2].name = _("case by default");
	items[2].value = s->def_case ? _("yes") : _("no");
	items[3].name = _("sound");
	items[3].value = s->sound ? _("on") : _("off");
	putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
	     _("Settings of this queue (Enter or ←/→ changes, Esc goes "
	       "back)"));
	for (i = 0; i < 4 && (int)i + 2 < rows; i++) {
		int a = i == s->setcur ? tui_attr(s, C_SELECTED) : NORM;

		put(body + 2 + (int)i, 0, COLS, "", a, true);
		put(body + 2 + (int)i, 2, 32, items[i].name, a, true);
		put(body + 2 + (int)i, 35, COLS - 35, items[i].value,
		    a | A_BOLD, true);
	}
}

/*
 * The sync in full, from row y: when it last worked and, when it fails,
 * why and that nothing is lost. Returns the rows used.
 */
static int
draw_day_sync(struct station *s, int y)
{
	char when[32], buf[512];
	int n = 0, w = COLS - 4;

	if (!s->sync)
		return wrap_at(y, 2, w, 3,
			       _("no sync server configured: everything stays "
				 "on this computer ('dotation sync --upstream "
				 "URL --token-file FILE' once sets one)"),
			       NORM);
	last_sync_when(s, false, when, sizeof(when));
	if (!s->sync_state[0]) {
		snprintf(buf, sizeof(buf), _("last sync: %s"), when);
		return wrap_at(y, 2, w, 1, buf, NORM);
	}
	snprintf(buf, sizeof(buf), _("sync failed (last success: %s):"),
		 when);
	n += wrap_at(y + n, 2, w, 1, buf, tui_attr(s, C_WARN));
	n += wrap_at(y + n, 4, w - 2, 3, s->sync_error, tui_attr(s, C_WARN));
	n += wrap_at(y + n, 2, w, 2,
		     _("every handover stays recorded on this computer and "
		       "goes up by itself as soon as the server answers"),
		     NORM);
	return n;
}

static void
draw_day(struct station *s, int body, int rows)
{
	const struct dot_status *t = &s->status;
	char buf[512];
	int y = body + 2, end = body + rows;

	putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
	     _("End of day"));
	snprintf(buf, sizeof(buf),
		 _("%lld people, %lld charters, %lld devices handed over "
		   "(%lld cessions, %lld loans), %lld absent today"),
		 (long long)t->people, (long long)t->charters,
		 (long long)t->handed_over, (long long)t->cessions,
		 (long long)t->loans, (long long)t->absent_today);
	y += wrap_at(y, 2, COLS - 4, 2, buf, NORM);
	snprintf(buf, sizeof(buf),
		 _("%lld journal entries, %lld waiting for sync"),
		 (long long)t->journal_entries, (long long)t->pending);
	y += wrap_at(y, 2, COLS - 4, 1, buf, NORM);
	y += draw_day_sync(s, y) + 1;
	if (!tui_have_report()) {
		char msg[512];

		tui_report_make(s, DOC_CERTIFIED, msg, sizeof(msg));
		y += wrap_at(y, 2, COLS - 4, 2, msg, tui_attr(s, C_WARN));
		wrap_at(y, 2, COLS - 4, 2,
			_("everything is saved: the documents can be made "
			  "later from the same database"),
			NORM);
		return;
	}
	{
		const char *items[DOC_COUNT];
		size_t i;

		items[DOC_CERTIFIED] = _("save the certified list (PDF, whole "
					 "establishment)");
		items[DOC_PRINT_CERTIFIED] = _("print the certified list");
		items[DOC_CERTIFIED_CLASS] = _("save the certified list of "
					       "the class on screen");
		items[DOC_MISSING] = _("save the list of people still to "
				       "equip");
		putf(y++, 2, COLS - 2, NORM, true, "%s",
		     _("↑/↓ choose, Enter makes the document:"));
		for (i = 0; i < DOC_COUNT && y < end; i++) {
			int a = i == s->daycur ? tui_attr(s, C_SELECTED) : NORM;

			putf(y++, 2, COLS - 4, a, true, " %s ", items[i]);
		}
		/* a blank row before the outcome, unless rows are short */
		if (end - y > 4)
			y++;
		if (s->day_msg[0] && y < end)
			wrap_at(y, 2, COLS - 4, end - y, s->day_msg, A_BOLD);
	}
}

static void
draw_confirm(struct station *s)
{
	int w = COLS - 10, h = 6, y0 = (LINES - h) / 2, x0 = 5, y;
	int a = tui_attr(s, C_MODE);

	for (y = 0; y < h; y++)
		put(y0 + y, x0, w, "", a, true);
	putf(y0 + 1, x0 + 2, w - 4, a, true, "%s", s->confirm.text);
	putf(y0 + 3, x0 + 2, w - 4, a, true, "%s",
	     _("o: yes · n: no · Esc: cancel (a scan cancels the question)"));
}

static void
draw_too_small(struct station *s)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 _("window too small: %d×%d, at least %d×%d needed; "
		   "enlarge it"),
		 COLS, LINES, MIN_COLS, MIN_LINES);
	put(0, 0, COLS, buf, tui_attr(s, C_ERROR), true);
	if (LINES > 2 && s->last_kind != LAST_NONE)
		put(2, 0, COLS, s->last,
		    tui_attr(s, s->last_kind == LAST_ERROR ? C_ERROR : C_OK),
		    true);
}

bool
tui_class_done(struct station *s)
{
	const struct dot_person *p = tui_current_person(s);

	return s->screen == SCR_ROLL && !s->from_search && p && p->serial &&
	       dot_tui_count_pending(&s->people) == 0;
}

const struct dot_person *
tui_current_person(struct station *s)
{
	switch (s->screen) {
	case SCR_ROLL:
		return s->cur < s->people.n ? &s->people.v[s->cur] : NULL;
	case SCR_SEARCH:
		return s->scur < s->results.n ? &s->results.v[s->scur] : NULL;
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
	switch (s->screen) {
	case SCR_ROLL:
		draw_roll(s, body, rows);
		break;
	case SCR_CLASSES:
		draw_classes(s, body, rows);
		break;
	case SCR_SEARCH:
		draw_search(s, body, rows);
		break;
	case SCR_DETAIL:
		draw_detail(s, body, rows);
		break;
	case SCR_HELP:
		draw_help(s, body, rows);
		break;
	case SCR_SETTINGS:
		draw_settings(s, body, rows);
		break;
	case SCR_DAY:
		draw_day(s, body, rows);
		break;
	case SCR_COUNT:
		break;
	}
	draw_last(s, LINES - 4);
	draw_entry(s, LINES - 2);
	draw_keybar(s);
	if (s->confirm.what != CONFIRM_NONE)
		draw_confirm(s);
	refresh();
}
