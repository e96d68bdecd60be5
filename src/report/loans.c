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
	{N_("No."), 26, RA_RIGHT, 1},      {N_("Serial"), 92, RA_LEFT, 1},
	{N_("Borrower"), 165, RA_LEFT, 1}, {N_("Profile"), 56, RA_LEFT, 1},
	{N_("From"), 60, RA_CENTER, 1},    {N_("Until"), 60, RA_CENTER, 1},
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
	const struct rlist_head h = {
		.kind = _("Loans to get back"),
		.heading = _("Loans to get back: overdue or borrower gone"),
		.intro = _("Open loans past their end date, and loans whose "
			   "borrower left the roster. On return, reset the "
			   "device in front of its user and fill in the "
			   "condition sheet again."),
		.cols_src = cols_src,
		.cols = cols,
		.ncols = NCOLS,
	};
	char *name = NULL, *uai = NULL, *s = NULL;
	struct rdoc *d = NULL;
	size_t i;
	int rc;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	rc = dot_store_loans(st, &f, &l, cause);
	if (rc)
		return rc;
	rc = rlist_begin(st, o, &h, &d, &name, &uai, cause);
	if (rc)
		goto out;
	for (i = 0; i < l.n; i++) {
		const struct dot_loan *p = &l.v[i];
		char num[24], from[11], until[11];
		const char *cells[NCOLS];

		/* the last row takes the total along */
		rdoc_need(d, ROW_H + (i + 1 < l.n ? 0 : BAND_H + 2));
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
	return rc;
}
