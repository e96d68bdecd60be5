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
	    dot_store_journal_list(s->st, id, 0, 0, &s->journal, &cause) != 0 ||
	    dot_app_paper_view(s->app, &s->detail, s->detail.id ? 1 : 0,
			       &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
	s->detail_replacements = dot_store_person_replacements(s->st, id);
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
	case DOT_JOURNAL_LOST:
		return _("stolen or lost");
	case DOT_JOURNAL_REASSIGN:
		return _("correction");
	case DOT_JOURNAL_PERSON_ADD:
		return _("added");
	case DOT_JOURNAL_LOAN_AGREEMENT:
		return _("loan agreement");
	case DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW:
		return _("agreement withdrawn");
	case DOT_JOURNAL_STOCK:
		return _("reception");
	case DOT_JOURNAL_IMPORT:
		return _("import");
	default:
		return dot_journal_type_name(type);
	}
}

/* Where a journal entry stands with the upstream, in the operator's words. */
static const char *
push_word(enum dot_push_state state)
{
	switch (state) {
	case DOT_PUSH_PENDING:
		return _("to send");
	case DOT_PUSH_ACCEPTED:
	case DOT_PUSH_DUPLICATE:
		return _("sent");
	case DOT_PUSH_CONFLICT:
		return _("conflict");
	case DOT_PUSH_REJECTED:
		return _("refused");
	default:
		return "";
	}
}

/*
 * The journal as a table from row y0, rows lines: columns placed by
 * display cells (printf's widths count bytes, which shifted every row
 * holding an accent), the wide ones given up first at 80 columns.
 */
static void
draw_journal(struct station *s, int y0, int rows)
{
	enum { C_NO, C_WHEN, C_WHERE, C_OP, C_ACTION, C_SERIAL, C_SYNC, NC };
	const char *head[NC] = {_("No."),      _("When"),   _("Station/queue"),
				_("Operator"), _("Action"), _("Serial"),
				_("Sync")};
	int w[NC] = {6, 11, 16, 12, 18, 20, 10}, x, c, y;
	char when[32], where[64], no[24];
	size_t i;

	if (COLS < 120) {
		w[C_WHERE] = 0; /* the station is in the header already */
		w[C_SERIAL] = 13;
	}
	if (COLS < 100)
		w[C_OP] = 10;
	tui_put(y0, 0, COLS, "", tui_attr(s, C_TITLE), true);
	for (c = 0, x = 1; c < NC; c++) {
		if (!w[c])
			continue;
		tui_put(y0, x, c == NC - 1 ? COLS - x : w[c], head[c],
			tui_attr(s, C_TITLE), true);
		x += w[c] + 1;
	}
	rows--;
	if (s->journal.n == 0) {
		tui_put(y0 + 1, 1, COLS - 1, _("no journal entry yet"), NORM,
			true);
		return;
	}
	if (s->jtop >= s->journal.n)
		s->jtop = s->journal.n - 1;
	for (y = 0, i = s->jtop; y < rows && i < s->journal.n; y++, i++) {
		const struct dot_journal_entry *e = &s->journal.v[i];
		int a = e->undone_by ? tui_attr(s, C_DIM) : NORM;
		char action[96];
		const char *cell[NC];

		dot_tui_local_time(e->at, when, sizeof(when));
		snprintf(where, sizeof(where), "%s/%s",
			 e->station ? e->station : "",
			 e->queue ? e->queue : "");
		snprintf(no, sizeof(no), "%lld", (long long)e->seq);
		snprintf(action, sizeof(action), "%s%s", journal_label(e->type),
			 e->undone_by ? _(" (undone)") : "");
		cell[C_NO] = no;
		cell[C_WHEN] = when;
		cell[C_WHERE] = where;
		cell[C_OP] = e->operator_name ? e->operator_name : "";
		cell[C_ACTION] = action;
		cell[C_SERIAL] = e->serial ? e->serial : "";
		cell[C_SYNC] = push_word(e->push_state);
		tui_put(y0 + 1 + y, 0, COLS, "", a, true);
		for (c = 0, x = 1; c < NC; c++) {
			if (!w[c])
				continue;
			tui_put(y0 + 1 + y, x, c == NC - 1 ? COLS - x : w[c],
				cell[c], a, true);
			x += w[c] + 1;
		}
	}
}

static void
draw_detail(struct station *s, int body, int rows)
{
	const struct dot_person *p = &s->detail;
	char date[16], when[32];
	char *label;

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
		 tui_profile_word(p->profile));
	if (p->charter_at)
		dot_tui_local_time(p->charter_at, when, sizeof(when));
	tui_putf(body + 2, 1, COLS - 1, NORM, true, "%s %s · %s %s%s%s%s",
		 _("charter:"), p->charter_at ? when : _("not recorded"),
		 _("device:"), p->serial ? p->serial : _("none"),
		 p->serial && p->microsd ? " + microSD" : "",
		 p->serial && p->has_case ? _(" + case") : "",
		 p->absent ? _(" · absent today") : "");
	if (s->detail_replacements > 0)
		tui_putf(body + 3, 1, COLS - 1, tui_attr(s, C_WARN), true,
			 _("replacements received (out of service, stolen or "
			   "lost): %lld"),
			 (long long)s->detail_replacements);
	draw_journal(s, body + 4, rows - 4);
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
