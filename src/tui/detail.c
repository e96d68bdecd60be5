/*
 * One person and their journal (Enter on the roll call): identity,
 * charter, device, and every journal entry with its sync state.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

void
tui_load_detail(struct station *s, int64_t id)
{
	char *cause = NULL;

	dot_person_release(&s->detail);
	dot_journal_list_release(&s->journal);
	if (!id)
		return;
	if (dot_store_person_get(s->st, id, &s->detail, &cause) != 0 ||
	    dot_store_journal_list(s->st, id, 0, 0, &s->journal, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
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
		tui_put(body, 1, COLS - 1, _("no person"), NORM, true);
		return;
	}
	label = dot_app_person_label(p);
	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s", label);
	free(label);
	dot_tui_date_fr(p->birth_date, date, sizeof(date));
	tui_putf(body + 1, 1, COLS - 1, NORM, true,
		 "%s %s · INE %s · %s %s · %s %s", _("born"), date,
		 p->ine ? p->ine : "-", _("identifier"),
		 p->ext_id ? p->ext_id : "-", _("profile"),
		 dot_profile_name(p->profile));
	if (p->charter_at)
		dot_tui_local_time(p->charter_at, when, sizeof(when));
	tui_putf(body + 2, 1, COLS - 1, NORM, true, "%s %s · %s %s%s%s%s",
		 _("charter:"), p->charter_at ? when : _("not recorded"),
		 _("device:"), p->serial ? p->serial : _("none"),
		 p->serial && p->microsd ? " + microSD" : "",
		 p->serial && p->has_case ? _(" + case") : "",
		 p->absent ? _(" · absent today") : "");
	tui_putf(body + 4, 0, COLS, tui_attr(s, C_TITLE), true,
		 " %-6s %-12s %-18s "
		 "%-12s %-18s %-20s %s",
		 _("No."), _("When"), _("Station/queue"), _("Operator"),
		 _("Action"), _("Serial"), _("Sync"));
	rows -= 5;
	if (s->journal.n == 0) {
		tui_put(body + 5, 1, COLS - 1, _("no journal entry yet"), NORM,
			true);
		return;
	}
	if (s->jtop >= s->journal.n)
		s->jtop = s->journal.n - 1;
	for (y = 0, i = s->jtop; y < rows && i < s->journal.n; y++, i++) {
		const struct dot_journal_entry *e = &s->journal.v[i];
		char where[64];

		dot_tui_local_time(e->at, when, sizeof(when));
		snprintf(where, sizeof(where), "%s/%s",
			 e->station ? e->station : "",
			 e->queue ? e->queue : "");
		tui_putf(body + 5 + y, 0, COLS,
			 e->undone_by ? tui_attr(s, C_DIM) : NORM, true,
			 " %-6lld %-12s %-18.18s %-12.12s %-18s %-20s %s%s",
			 (long long)e->seq, when, where,
			 e->operator_name ? e->operator_name : "",
			 journal_label(e->type), e->serial ? e->serial : "",
			 e->push_state ? e->push_state : "",
			 e->undone_by ? _(" (undone)") : "");
	}
}

static int
key_detail(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_UP:
		if (s->jtop > 0)
			s->jtop--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->jtop + 1 < s->journal.n)
			s->jtop++;
		return R_REDRAW;
	case ACT_HOME:
		s->jtop = 0;
		return R_REDRAW;
	case ACT_END:
		s->jtop = s->journal.n ? s->journal.n - 1 : 0;
		return R_REDRAW;
	case ACT_BACK:
	case ACT_ENTER:
		s->screen = s->detail_back;
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_detail_screen = {
	.draw = draw_detail,
	.key = key_detail,
	.takes_text = false,
};
