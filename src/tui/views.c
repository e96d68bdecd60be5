/*
 * What the screens show, loaded from the app and store modules: the roll
 * call of the class (with the cursor kept on its person across reloads),
 * the header's counts, and moving between classes and people.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

size_t
tui_rows(const struct dot_roll *r)
{
	return r ? dot_roll_size(r) : 0;
}

/* Put the cursor back on person cur_id after the rows changed. */
static void
keep_cursor(struct station *s)
{
	size_t n = tui_rows(s->roll), i;

	i = s->roll && s->cur_id ? dot_roll_find(s->roll, s->cur_id)
				 : DOT_ROLL_NONE;
	if (i != DOT_ROLL_NONE) {
		s->cur = i;
		return;
	}
	if (s->cur >= n)
		s->cur = n ? n - 1 : 0;
	if (n)
		s->cur_id = dot_roll_person(s->roll, s->cur)->id;
}

void
tui_load_people(struct station *s)
{
	char *cause = NULL;

	dot_roll_free(s->roll);
	s->roll = NULL;
	if (!s->class_name)
		return;
	if (dot_roll_open_class(s->app, s->class_name, s->profile, &s->roll,
				&cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		return;
	}
	keep_cursor(s);
}

void
tui_advance(struct station *s)
{
	size_t next;

	if (!s->roll)
		return;
	next = dot_roll_next(s->roll, s->cur);
	if (next != DOT_ROLL_NONE)
		s->cur = next;
	if (s->cur < tui_rows(s->roll))
		s->cur_id = dot_roll_person(s->roll, s->cur)->id;
}

void
tui_person_changed(struct station *s, const struct dot_roll *by, int64_t id)
{
	char *cause = NULL;

	if (s->roll && s->roll != by &&
	    dot_roll_person_changed(s->roll, id, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		cause = NULL;
	}
	if (s->found && s->found != by &&
	    dot_roll_person_changed(s->found, id, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
}

struct dot_roll *
tui_current_roll(struct station *s, size_t *row)
{
	switch (s->screen) {
	case SCR_ROLL:
		*row = s->cur;
		return s->cur < tui_rows(s->roll) ? s->roll : NULL;
	case SCR_SEARCH:
		*row = s->scur;
		return s->scur < tui_rows(s->found) ? s->found : NULL;
	default:
		return NULL;
	}
}

/*
 * Another station's work (the database changed under this connection):
 * the header's counts and the rows on screen read again. Never called
 * after this station's own scans: their rows are updated by app/roll.c.
 */
void
tui_reload(struct station *s)
{
	char *cause = NULL;

	s->reload_at = 0;
	if (dot_app_status(s->app, &s->status, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		cause = NULL;
	}
	if (s->roll && dot_roll_refresh(s->roll, NULL, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		cause = NULL;
	}
	keep_cursor(s);
	if (s->screen == SCR_CLASSES)
		tui_load_classes(s);
	if (s->screen == SCR_SEARCH)
		s->search_stale = true;
	if (s->screen == SCR_DETAIL)
		tui_load_detail(s, s->detail.id);
	s->data_version = dot_store_data_version(s->st);
	s->dirty = true;
}

void
tui_open_class(struct station *s, const char *name)
{
	char *dup = dot_xstrdup(name);

	free(s->class_name);
	s->class_name = dup;
	s->profile = tui_profile_code(s->profile_idx);
	s->cur = 0;
	s->top = 0;
	s->cur_id = 0;
	tui_load_people(s);
	/* the cursor on the first person to call */
	if (s->roll) {
		size_t next = dot_roll_next(s->roll, DOT_ROLL_NONE);

		s->cur = next != DOT_ROLL_NONE ? next : 0;
		if (tui_rows(s->roll))
			s->cur_id = dot_roll_person(s->roll, s->cur)->id;
	}
	s->screen = SCR_ROLL;
}

/* Show person id on the roll call of their class, cursor on them. */
void
tui_show_person(struct station *s, const struct dot_person *p)
{
	int64_t id = p->id;

	free(s->class_name);
	s->class_name = dot_xstrdup(p->class_name ? p->class_name : "");
	s->profile = 0;
	s->profile_idx = 0;
	s->cur_id = id;
	s->cur = 0;
	s->top = 0;
	s->screen = SCR_ROLL;
	tui_load_people(s);
}

void
tui_move_cursor(size_t *cur, size_t n, enum action a, int page)
{
	if (n == 0) {
		*cur = 0;
		return;
	}
	switch (a) {
	case ACT_UP:
		if (*cur > 0)
			(*cur)--;
		break;
	case ACT_DOWN:
		if (*cur + 1 < n)
			(*cur)++;
		break;
	case ACT_PGUP:
		*cur = *cur > (size_t)page ? *cur - (size_t)page : 0;
		break;
	case ACT_PGDN:
		*cur = *cur + (size_t)page < n ? *cur + (size_t)page : n - 1;
		break;
	case ACT_HOME:
		*cur = 0;
		break;
	case ACT_END:
		*cur = n - 1;
		break;
	default:
		break;
	}
}

int
tui_page_rows(void)
{
	int r = LINES - 10;

	return r > 1 ? r : 1;
}

void
tui_home(struct station *s)
{
	s->screen = s->class_name ? SCR_ROLL : SCR_CLASSES;
}
