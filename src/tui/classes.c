/*
 * The class picker (F2): every class with its progress, filtered by a
 * profile (←/→) and by part of its name typed here. A scanner burst typed
 * into the filter is a scan, never a filter: the picker closes and the
 * scan is refused (the operator scans again on the roll call).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

/*
 * The station's profiles, in ←/→ order: one table for the picker's
 * filter (plural), the journal and the form adding a person (one word
 * each).
 */
static const struct {
	unsigned code;     /* DOT_PROFILE_BIT()s, 0: everyone */
	const char *label; /* N_(): the filter */
	const char *word;  /* N_(): one person's profile */
} profiles[TUI_NPROFILES] = {
	{0, N_("everyone"), NULL},
	{DOT_PROFILE_BIT(DOT_PROFILE_ELEVE), N_("students"), N_("Student")},
	{DOT_PROFILE_BIT(DOT_PROFILE_PROF), N_("teachers"), N_("Teacher")},
	{DOT_PROFILE_BIT(DOT_PROFILE_PERSONNEL), N_("staff"), N_("Staff")},
};

const char *
tui_profile_word(enum dot_profile p)
{
	int i;

	for (i = 1; i < TUI_NPROFILES; i++)
		if (profiles[i].code == DOT_PROFILE_BIT(p))
			return _(profiles[i].word);
	return dot_profile_name(p);
}

unsigned
tui_profile_code(int idx)
{
	return idx > 0 && idx < TUI_NPROFILES ? profiles[idx].code : 0;
}

const char *
tui_profile_label(int idx)
{
	return _(profiles[idx >= 0 && idx < TUI_NPROFILES ? idx : 0].label);
}

static bool
class_matches(const struct station *s, const char *name)
{
	char f[DOT_TUI_LINE_MAX * 4 + 1];

	dot_tui_line_text(&s->cfilter, f, sizeof(f));
	return !f[0] || strcasestr(name, f) != NULL;
}

void
tui_load_classes(struct station *s)
{
	struct dot_class_list all = {0};
	char *cause = NULL;
	size_t i;

	dot_class_list_release(&s->classes);
	if (dot_app_classes(s->app, tui_profile_code(s->profile_idx), &all,
			    &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		return;
	}
	s->classes.v = dot_xcalloc(all.n ? all.n : 1, sizeof(*all.v));
	for (i = 0; i < all.n; i++) {
		if (class_matches(s, all.v[i].class_name)) {
			s->classes.v[s->classes.n++] = all.v[i];
			all.v[i].class_name = NULL;
		}
	}
	dot_class_list_release(&all);
	if (s->ccur >= s->classes.n)
		s->ccur = s->classes.n ? s->classes.n - 1 : 0;
}

static void
draw_classes(struct station *s, int body, int rows)
{
	char filter[DOT_TUI_LINE_MAX * 4 + 1];
	size_t i;
	int y, x, barw, r;

	dot_tui_line_text(&s->cfilter, filter, sizeof(filter));
	x = tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), false, " %s",
		     _("Choose a class"));
	x += tui_putf(body, x, COLS - x, NORM, false, " · %s ", _("profile:"));
	for (r = 0; r < TUI_NPROFILES; r++)
		x += tui_putf(body, x, COLS - x,
			      r == s->profile_idx ? tui_attr(s, C_SELECTED)
						  : NORM,
			      false, " %s ", tui_profile_label(r));
	tui_putf(body, x, COLS - x, NORM, true, " (←/→)");
	/* the filter on a line of its own: it shows at 80 columns */
	x = tui_putf(body + 1, 0, COLS, NORM, false, " %s ", _("filter:"));
	x += tui_putf(body + 1, x, COLS - x, tui_attr(s, C_SELECTED), false,
		      "%s_", filter);
	tui_putf(body + 1, x, COLS - x, tui_attr(s, C_DIM), true, "  %s",
		 _("(part of a name) · Enter opens the roll call · Esc goes "
		   "back"));
	rows -= 2;
	if (s->classes.n == 0) {
		tui_putf(body + 2, 1, COLS - 1, NORM, true, "%s",
			 _("no class matches: Backspace clears the filter"));
		return;
	}
	tui_scroll_to(s->ccur, &s->ctop, rows);
	barw = (COLS - 62) / 2;
	if (barw < 6)
		barw = 6;
	for (y = 0, i = s->ctop; y < rows && i < s->classes.n; y++, i++) {
		const struct dot_class_progress *c = &s->classes.v[i];
		bool sel = i == s->ccur;
		int a = sel ? tui_attr(s, C_SELECTED) : NORM;

		tui_put(body + 2 + y, 0, COLS, "", a, true);
		tui_putf(body + 2 + y, 0, 16, a | A_BOLD, true, "%s%s",
			 sel ? ">" : " ",
			 *c->class_name ? c->class_name : _("(no class)"));
		tui_putf(body + 2 + y, 16, 6, a, true, "%4lld",
			 (long long)c->people);
		x = tui_progress(s, body + 2 + y, 22, _("Charters"),
				 c->charters, c->people, barw);
		x = tui_progress(s, body + 2 + y, x, _("Handed over"),
				 c->handed_over, c->people, barw);
		tui_putf(body + 2 + y, x, COLS - x, NORM, false, "%s %lld",
			 _("Absent"), (long long)c->absent);
	}
}

/*
 * A burst typed into the class filter is a scan, not a filter: the picker
 * is closed and the scan refused (scan_interrupt). Returns true then.
 */
bool
tui_classes_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->cfilter))
		return false;
	dot_tui_line_frame(&s->cfilter, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	tui_scan_interrupt(s, serial, serial, DOT_SERIAL_OK, t);
	s->swallow_enter_until = tui_now_us() + SWALLOW_ENTER_US;
	return true;
}

static int
key_classes(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		dot_tui_line_feed(&s->cfilter, (wchar_t)ch, t);
		s->ccur = 0;
		return R_RELOAD;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->cfilter);
		return R_RELOAD;
	case ACT_CLEAR:
		dot_tui_line_clear(&s->cfilter);
		return R_RELOAD;
	case ACT_LEFT:
		s->profile_idx =
			(s->profile_idx + TUI_NPROFILES - 1) % TUI_NPROFILES;
		s->ccur = 0;
		return R_RELOAD;
	case ACT_RIGHT:
	case ACT_TAB:
		s->profile_idx = (s->profile_idx + 1) % TUI_NPROFILES;
		s->ccur = 0;
		return R_RELOAD;
	case ACT_ENTER:
		if (tui_classes_line_end(s, t))
			return R_REDRAW;
		if (s->ccur < s->classes.n) {
			tui_open_class(s, s->classes.v[s->ccur].class_name);
			dot_tui_line_clear(&s->cfilter);
			return R_RELOAD;
		}
		return R_NONE;
	case ACT_BACK:
		if (s->cfilter.n) {
			dot_tui_line_clear(&s->cfilter);
			return R_RELOAD;
		}
		if (s->class_name)
			s->screen = SCR_ROLL;
		return R_RELOAD;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		tui_move_cursor(&s->ccur, s->classes.n, a, tui_page_rows());
		return R_REDRAW;
	case ACT_CLASSES:
		return R_NONE;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_classes_screen = {
	.draw = draw_classes,
	.key = key_classes,
	.takes_text = true,
};
