/*
 * Add a person (^N or Insert, from the roll call or the search): a
 * newcomer's last name, first name, birth date, class (the open class by
 * default) and profile. The row is checked as an import row is
 * (dot_roster_person: the same rules and messages), the reason shown in
 * the form with nothing written; then one "person-add" journal entry
 * (dot_app_person_add), and the roll call of their class opens with the
 * cursor on them, ready for their charter and their device.
 *
 * The form is a question: a scanner burst typed into a field never
 * becomes text. It closes the form, nothing added, and the scan is
 * refused (scan again on the roll call), as on the other screens.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dotation/i18n.h"
#include "dotation/roster.h"
#include "tui_int.h"

/* The fields in screen order: one table for drawing and checking. */
static const struct {
	const char *name; /* N_() */
	const char *help; /* N_(): shown beside the field */
} fields[FORM_N] = {
	[FORM_LAST] = {N_("Last name"), NULL},
	[FORM_FIRST] = {N_("First name"), NULL},
	[FORM_BIRTH] = {N_("Born"), N_("DD/MM/YYYY")},
	[FORM_CLASS] = {N_("Class"), N_("empty for staff without a class")},
	[FORM_PROFILE] = {N_("Profile"), N_("←/→ change · Enter: add")},
};

static void
set_text(struct dot_tui_line *l, const char *text)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k;

	dot_tui_line_clear(l);
	memset(&ps, 0, sizeof(ps));
	while (text && *text && l->n < DOT_TUI_LINE_MAX) {
		k = mbrtowc(&wc, text, MB_CUR_MAX, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;
		/* typed long ago: never a burst */
		dot_tui_line_feed(l, wc, l->n * 10000000u + 1);
		text += k;
	}
}

void
tui_add_cancel(struct station *s)
{
	int i;

	for (i = 0; i < FORM_N; i++)
		dot_tui_line_clear(&s->form.f[i]);
	s->form.error[0] = '\0';
	s->form.cur = 0;
}

void
tui_add_open(struct station *s)
{
	int i;

	if (s->screen != SCR_ROLL && s->screen != SCR_SEARCH &&
	    s->screen != SCR_CLASSES) {
		tui_refuse(s, _("add a person from the roll call or the search "
				"(^N there)"));
		return;
	}
	tui_add_cancel(s);
	for (i = 0; i < FORM_N; i++)
		s->form.f[i].free_text = true;
	/* the class on screen, the profile its people have */
	if (s->screen == SCR_ROLL && s->class_name)
		set_text(&s->form.f[FORM_CLASS], s->class_name);
	s->form.profile = DOT_PROFILE_ELEVE;
	s->form.back = s->screen;
	s->screen = SCR_ADD;
	s->dirty = true;
}

struct dot_tui_line *
tui_add_line(struct station *s)
{
	return &s->form.f[s->form.cur];
}

static void
text_of(struct station *s, int field, char *out, size_t outsz)
{
	char *p, *e;

	dot_tui_line_text(&s->form.f[field], out, outsz);
	/* spaces around a name are no part of it */
	for (p = out; *p == ' '; p++)
		;
	memmove(out, p, strlen(p) + 1);
	for (e = out + strlen(out); e > out && e[-1] == ' ';)
		*--e = '\0';
}

/* The class as the roster spells it, or false (unknown: said in error). */
static bool
find_class(struct station *s, const char *typed, char **out)
{
	struct dot_class_list l = {0};
	char *cause = NULL;
	size_t i;

	*out = NULL;
	if (!typed[0]) {
		*out = dot_xstrdup("");
		return true;
	}
	if (dot_app_classes(s->app, 0, &l, &cause) != 0) {
		snprintf(s->form.error, sizeof(s->form.error), "%s",
			 cause ? cause : "");
		free(cause);
		return false;
	}
	for (i = 0; i < l.n && !*out; i++)
		if (strcmp(l.v[i].class_name, typed) == 0)
			*out = dot_xstrdup(l.v[i].class_name);
	for (i = 0; i < l.n && !*out; i++)
		if (strcasecmp(l.v[i].class_name, typed) == 0)
			*out = dot_xstrdup(l.v[i].class_name);
	dot_class_list_release(&l);
	if (!*out)
		snprintf(s->form.error, sizeof(s->form.error),
			 _("there is no class '%s': type it as the class "
			   "picker (F2) shows it, or leave it empty"),
			 typed);
	return *out != NULL;
}

/* Check the row as an import row, add it, open their roll call. */
static void
submit(struct station *s)
{
	char last[DOT_TUI_LINE_MAX * 4 + 1], first[sizeof(last)];
	char birth[sizeof(last)], cls[sizeof(last)], *canon = NULL, iso[11];
	char *cause = NULL, *label;
	struct dot_roster_person in = {0};
	struct dot_roster *r = NULL;
	struct dot_person p;
	int64_t id = 0, seq = 0;
	bool loan = false;
	size_t row;

	s->form.error[0] = '\0';
	text_of(s, FORM_LAST, last, sizeof(last));
	text_of(s, FORM_FIRST, first, sizeof(first));
	text_of(s, FORM_BIRTH, birth, sizeof(birth));
	text_of(s, FORM_CLASS, cls, sizeof(cls));
	/* the form's own words for an empty field (the roster's name a
	 * column), the cursor where something is missing */
	if (!last[0] || !first[0]) {
		s->form.cur = !last[0] ? FORM_LAST : FORM_FIRST;
		snprintf(s->form.error, sizeof(s->form.error), "%s",
			 !last[0] ? _("the last name is missing")
				  : _("the first name is missing"));
		return;
	}
	if (!find_class(s, cls, &canon)) {
		s->form.cur = FORM_CLASS;
		return;
	}
	in.last_name = last;
	in.first_name = first;
	in.birth_date = birth[0] ? birth : NULL;
	in.class_name = canon;
	in.profile = dot_profile_name(s->form.profile);
	if (dot_roster_person(&in, &r, &cause) != 0 ||
	    dot_app_person_add(s->app, &r->rows[0], &id, &seq, &cause) != 0) {
		snprintf(s->form.error, sizeof(s->form.error), "%s",
			 cause ? cause : _("the person was not added"));
		free(cause);
		/* the cursor back on the date when that is what is wrong */
		if (birth[0] && !dot_date_parse(birth, iso))
			s->form.cur = FORM_BIRTH;
		dot_roster_free(r);
		free(canon);
		return;
	}
	dot_roster_free(r);
	free(canon);
	tui_sources_kick_sync(s);
	if (!tui_person_load(s, id, &p)) {
		tui_add_cancel(s);
		tui_home(s);
		return;
	}
	tui_add_cancel(s);
	/* their class's roll call, the cursor on them: the next scan theirs */
	tui_show_person(s, &p);
	s->from_search = true;
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	row = s->roll ? dot_roll_find(s->roll, id) : DOT_ROLL_NONE;
	label = tui_person_label(s->roll, row, &p);
	tui_say(s, LAST_OK,
		dot_app_loan_model(s->app, &loan, NULL) == 0 && loan
			? _("%s %s added to the roster: record their loan "
			    "agreement (F4), then scan their device")
			: _("%s %s added to the roster: record their charter "
			    "(F4), then scan their device"),
		s->unicode ? "✔" : "OK", label);
	free(label);
	dot_person_release(&p);
	tui_reload(s);
}

bool
tui_add_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];
	struct dot_tui_line *l = tui_add_line(s);

	if (!dot_tui_line_is_burst(l))
		return false;
	/* a scan, not a name: the form closes, the scan is refused */
	dot_tui_line_frame(l, serial, sizeof(serial), prefix, sizeof(prefix));
	dot_tui_line_drop_run(l);
	tui_scan_interrupt(s, serial, serial, DOT_SERIAL_OK, t);
	return true;
}

static void
draw_add(struct station *s, int body, int rows)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1];
	int i, y = body + 2, kw = 0, x, w;

	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("Add a person (a newcomer)"));
	for (i = 0; i < FORM_N; i++) {
		w = tui_text_width(_(fields[i].name));
		if (w > kw)
			kw = w;
	}
	kw += 4;
	for (i = 0; i < FORM_N; i++, y++) {
		bool on = s->form.cur == i;
		int a = on ? tui_attr(s, C_SELECTED) : NORM;

		tui_put(y, 0, COLS, "", NORM, true);
		tui_putf(y, 0, kw, on ? A_BOLD : NORM, true, "%s %s",
			 on ? ">" : " ", _(fields[i].name));
		if (i == FORM_PROFILE)
			snprintf(text, sizeof(text), "%s %s %s",
				 s->unicode ? "◀" : "<",
				 tui_profile_word(s->form.profile),
				 s->unicode ? "▶" : ">");
		else
			dot_tui_line_text(&s->form.f[i], text, sizeof(text));
		x = kw + tui_putf(y, kw, COLS - kw, a, false, "%s%s", text,
				  on && i != FORM_PROFILE ? "_" : "");
		/* the hints in one column, past what is typed */
		if (x < kw + 24)
			x = kw + 24;
		if (fields[i].help)
			tui_putf(y, x, COLS - x, tui_attr(s, C_DIM), true,
				 " %s", _(fields[i].help));
	}
	y++;
	y += tui_wrap(y, 1, COLS - 2, 2,
		      _("Tab, ↑↓: field · Enter: next field, on the profile: "
			"add · Esc: cancel, nothing added"),
		      tui_attr(s, C_DIM));
	y++;
	if (s->form.error[0]) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s %s", s->unicode ? "✘" : "X",
			 s->form.error);
		tui_wrap(y, 1, COLS - 2, body + rows - y, msg,
			 tui_attr(s, C_ERROR));
	}
}

static int
key_add(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	struct dot_tui_line *l = tui_add_line(s);

	switch (a) {
	case ACT_CHAR:
		/* the profile's line only watches for a scan: keys choose */
		dot_tui_line_feed(l, (wchar_t)ch, t);
		s->form.error[0] = '\0';
		return R_REDRAW;
	case ACT_BACKSPACE:
		if (s->form.cur != FORM_PROFILE)
			dot_tui_line_backspace(l);
		s->form.error[0] = '\0';
		return R_REDRAW;
	case ACT_CLEAR:
		dot_tui_line_clear(l);
		return R_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (s->form.cur == FORM_PROFILE)
			s->form.profile = (s->form.profile + DOT_PROFILE_N +
					   (a == ACT_LEFT ? -1 : 1)) %
					  DOT_PROFILE_N;
		return R_REDRAW;
	case ACT_ENTER:
	case ACT_TAB:
	case ACT_DOWN:
	case ACT_UP:
		if ((a == ACT_ENTER || a == ACT_TAB) && tui_add_line_end(s, t))
			return R_REDRAW;
		if (s->form.cur == FORM_PROFILE) {
			/* letters typed there slowly are no answer */
			dot_tui_line_clear(l);
			if (a == ACT_ENTER) {
				submit(s);
				return R_REDRAW;
			}
		}
		if (a == ACT_UP)
			s->form.cur = (s->form.cur + FORM_N - 1) % FORM_N;
		else
			s->form.cur = (s->form.cur + 1) % FORM_N;
		return R_REDRAW;
	case ACT_BACK:
		tui_add_cancel(s);
		s->screen = s->form.back;
		tui_info(s, "%s", _("nobody added"));
		return R_RELOAD;
	case ACT_ADD:
	case ACT_CHARTER:
	case ACT_ABSENT:
	case ACT_UNDO:
	case ACT_MANUAL:
	case ACT_CORRECT:
	case ACT_MICROSD:
	case ACT_CASE:
	case ACT_HOME:
	case ACT_END:
	case ACT_PGUP:
	case ACT_PGDN:
		return R_NONE;
	default:
		/* leaving for another screen: what was typed is dropped */
		if (a != ACT_RESIZE && a != ACT_REFRESH && a != ACT_NONE)
			tui_add_cancel(s);
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_add_screen = {
	.draw = draw_add,
	.key = key_add,
	.takes_text = true,
};
