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

void
tui_load_people(struct station *s)
{
	struct dot_people_filter f = {0};
	char *cause = NULL;
	size_t i;

	dot_person_list_release(&s->people);
	if (!s->class_name)
		return;
	f.class_name = s->class_name;
	f.profiles = s->profile;
	if (dot_store_people(s->st, &f, &s->people, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		return;
	}
	/* the paper the establishment's model requires (charter or loan) */
	dot_app_paper_view(s->app, s->people.v, s->people.n);
	/* keep the cursor on the same person when the list changes */
	for (i = 0; i < s->people.n; i++)
		if (s->people.v[i].id == s->cur_id) {
			s->cur = i;
			return;
		}
	if (s->cur >= s->people.n)
		s->cur = s->people.n ? s->people.n - 1 : 0;
	if (s->people.n)
		s->cur_id = s->people.v[s->cur].id;
}

void
tui_reload(struct station *s)
{
	char *cause = NULL;

	s->reload_at = 0;
	if (dot_app_status(s->app, &s->status, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
	tui_load_people(s);
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
	s->cur = s->people.n ? s->people.n - 1 : 0;
	s->cur = dot_tui_next_pending(&s->people, s->cur);
	if (s->people.n)
		s->cur_id = s->people.v[s->cur].id;
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
