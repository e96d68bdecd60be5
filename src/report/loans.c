/*
 * The loans to get back: every open loan past its end date or whose
 * borrower left the roster (a departure: a lent device comes back, a ceded
 * one stays theirs), so that the office can call the families or the
 * colleagues. Students, teachers and staff alike, with the profile shown;
 * loans never appear on the documents of cessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

#define ROW_H 15.0f
#define BAND_H 15.0f

/* Portrait A4: 539 points between the margins. */
static const struct rcol cols_src[] = {
	{N_("No."), 26, RA_RIGHT, 1},
	{N_("Serial"), 92, RA_LEFT, 1},
	{N_("Borrower"), 165, RA_LEFT, 1},
	{N_("Profile"), 56, RA_LEFT, 1},
	{N_("From"), 60, RA_CENTER, 1},
	{N_("Until"), 60, RA_CENTER, 1},
	{N_("Why"), 80, RA_LEFT, 1},
};

#define NCOLS ((int)(sizeof(cols_src) / sizeof(cols_src[0])))

int
dot_report_loans(struct dot_store *st, const struct dot_report_opts *o,
		 const char *path, struct dot_report_info *info, char **cause)
{
	static const struct dot_report_opts none;
	struct dot_loan_filter f = {.due_back_only = true};
	struct dot_loan_list l = {0};
	struct rcol cols[NCOLS];
	char ed[11], iso[11], *name = NULL, *uai = NULL, *title = NULL;
	char *s = NULL, *running = NULL, *foot = NULL;
	struct rdoc *d = NULL;
	size_t i;
	float x, w;
	int rc, k;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	rc = dot_store_loans(st, &f, &l, cause);
	if (rc)
		return rc;
	dot_date_today(iso);
	rfmt_date(iso, ed);
	rc = rsetting(st, DOT_SETTING_NAME,
		      _("(establishment name not set: dotation init)"), &name,
		      cause);
	if (!rc)
		rc = rsetting(st, DOT_SETTING_UAI, "?", &uai, cause);
	if (rc)
		goto out;
	title = dot_xasprintf("%s — %s (%s)", _("Loans to get back"), name,
			      uai);
	rc = rdoc_new(o, false, title, name, &d, cause);
	if (rc)
		goto out;
	running = dot_xasprintf(_("Loans to get back — %s (UAI %s) — %s"),
				name, uai, ed);
	foot = dot_xasprintf(_("Loans to get back — UAI %s — %s"), uai, ed);
	rdoc_set_running(d, running);
	rdoc_set_footer(d, foot, "");
	rdoc_add_page(d);
	x = rdoc_left(d);
	w = rdoc_right(d) - x;
	rdoc_text(d, x, rdoc_y(d) - 15, 15, true,
		  _("Loans to get back: overdue or borrower gone"));
	rdoc_move(d, 22);
	s = dot_xasprintf(_("%s — UAI %s"), name, uai);
	rdoc_cell(d, x - 3, rdoc_y(d), w + 6, 16, 11.5f, true, s, RA_LEFT, 1);
	free(s);
	rdoc_move(d, 17);
	s = dot_xasprintf(_("Situation on %s"), ed);
	rdoc_text(d, x, rdoc_y(d) - 10, 10, false, s);
	free(s);
	rdoc_move(d, 16);
	rdoc_paragraph(d, x, w, 8.5f, false,
		       _("Open loans past their end date, and loans whose "
			 "borrower left the roster. On return, reset the "
			 "device in front of its user and fill in the "
			 "condition sheet again."));
	rdoc_move(d, 6);
	for (k = 0; k < NCOLS; k++) {
		cols[k] = cols_src[k];
		cols[k].title = _(cols_src[k].title);
	}
	rdoc_table(d, cols, NCOLS);
	for (i = 0; i < l.n; i++) {
		const struct dot_loan *p = &l.v[i];
		char num[24], from[11], until[11];
		const char *cells[NCOLS];

		rdoc_need(d, ROW_H);
		snprintf(num, sizeof(num), "%zu", i + 1);
		rfmt_date(p->from, from);
		rfmt_date(p->until, until);
		cells[0] = num;
		cells[1] = p->serial;
		cells[2] = p->name;
		cells[3] = rfmt_profile(p->profile);
		cells[4] = from;
		cells[5] = until;
		cells[6] = !p->active ? _("left the roster") : _("overdue");
		rdoc_row(d, cells, ROW_H, 9, false, 1);
	}
	s = l.n ? dot_xasprintf(_("Total: %zu loans to get back"), l.n)
		: dot_xstrdup(_("No loan to get back."));
	rdoc_need(d, BAND_H);
	rdoc_band(d, s, BAND_H + 2, 9.5f, true, 0.85f);
	free(s);
	rdoc_table_end(d);
	if (info)
		info->rows = l.n;
	rdoc_set_archive(d, "loans", name, uai, NULL);
	rc = rdoc_save(d, path, info ? &info->pages : NULL, cause);
out:
	rdoc_free(d);
	dot_loan_list_release(&l);
	free(name);
	free(uai);
	free(title);
	free(running);
	free(foot);
	return rc;
}
