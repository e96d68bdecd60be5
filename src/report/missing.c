/*
 * The list of people still to equip ("absents / reste à équiper"), class by
 * class, with whether the charter is in and whether they were marked absent
 * today, so that the next session can be planned and the families chased
 * for charters. Who is to equip is the roll call's rule (app/roll.c:
 * dot_app_to_equip): this file only lays the rows out.
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
	{N_("No."), 28, RA_RIGHT, 1},
	{N_("Last name"), 110, RA_LEFT, 1},
	{N_("First name"), 170, RA_LEFT, 1},
	{N_("Class"), 56, RA_LEFT, 1},
	{N_("Profile"), 56, RA_LEFT, 1},
	{N_("Charter"), 58, RA_CENTER, 1},
	{N_("Absent today"), 60, RA_CENTER, 1},
};

#define NCOLS ((int)(sizeof(cols_src) / sizeof(cols_src[0])))

struct sums {
	size_t n, no_charter, absent;
};

static void
subtotal(struct rdoc *d, const char *cls, const struct sums *g)
{
	char *s = dot_xasprintf(_("%s: %zu to equip · without charter: %zu · "
				  "absent today: %zu"),
				cls && *cls ? cls : _("Staff (no class)"), g->n,
				g->no_charter, g->absent);

	rdoc_need(d, BAND_H);
	rdoc_band(d, s, BAND_H, 8.5f, true, 1);
	free(s);
}

int
dot_report_missing(struct dot_store *st, const struct dot_person_list *people,
		   const struct dot_report_opts *o, const char *path,
		   struct dot_report_info *info, char **cause)
{
	static const struct dot_report_opts none;
	const struct dot_person_list l = *people;
	struct rcol cols[NCOLS];
	struct sums g = {0}, all = {0};
	char ed[11], *name = NULL, *uai = NULL, *s = NULL, *situation, *scope;
	const char *cls = NULL;
	struct rdoc *d = NULL;
	size_t i, n = 0;
	int rc;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	rfmt_today(ed);
	scope = rscope(o);
	situation =
		dot_xasprintf(_("Situation on %s   ·   Class: %s"), ed, scope);
	free(scope);
	{
		const struct rlist_head h = {
			.kind = _("Still to equip"),
			.heading = _("Still to equip: absentees and people "
				     "without a device"),
			.situation = situation,
			.intro = _("Active people who hold no device (neither "
				   "a cession nor a loan), absentees "
				   "included."),
			.cols_src = cols_src,
			.cols = cols,
			.ncols = NCOLS,
		};

		rc = rlist_begin(st, o, &h, &d, &name, &uai, cause);
	}
	free(situation);
	if (rc)
		goto out;
	for (i = 0; i < l.n; i++) {
		const struct dot_person *p = &l.v[i];
		const struct dot_person *nx = i + 1 < l.n ? &l.v[i + 1] : NULL;
		char num[24], *first;
		const char *cells[NCOLS];

		if (!cls || strcmp(cls, p->class_name) != 0) {
			if (cls)
				subtotal(d, cls, &g);
			memset(&g, 0, sizeof(g));
			cls = p->class_name;
			rdoc_need(d, BAND_H + ROW_H);
			rdoc_band(d, *cls ? cls : _("Staff (no class)"), BAND_H,
				  9, true, 0.92f);
		}
		/* a class's last row takes its subtotal along */
		rdoc_need(d, ROW_H +
				     (!nx || strcmp(nx->class_name,
						    p->class_name) != 0
					      ? BAND_H
					      : 0) +
				     (!nx ? BAND_H + 2 : 0));
		n++;
		snprintf(num, sizeof(num), "%zu", n);
		cells[0] = num;
		cells[1] = p->last_name;
		first = rfmt_first_name(p->first_name, rperson_homonym(&l, i),
					p->birth_date, NULL);
		cells[2] = first;
		cells[3] = p->class_name;
		cells[4] = rfmt_profile(p->profile);
		cells[5] = p->charter_at ? _("signed") : _("missing");
		cells[6] = p->absent ? _("yes") : "";
		rdoc_row(d, cells, ROW_H, 9, false, 1);
		free(first);
		g.n++;
		all.n++;
		g.no_charter += !p->charter_at;
		all.no_charter += !p->charter_at;
		g.absent += p->absent;
		all.absent += p->absent;
	}
	if (cls)
		subtotal(d, cls, &g);
	s = all.n ? dot_xasprintf(_("Total: %zu to equip · without charter: "
				    "%zu · absent today: %zu"),
				  all.n, all.no_charter, all.absent)
		  : dot_xstrdup(_("Nobody left to equip."));
	rdoc_need(d, BAND_H);
	rdoc_band(d, s, BAND_H + 2, 9.5f, true, 0.85f);
	free(s);
	rdoc_table_end(d);
	if (info)
		info->rows = all.n;
	rdoc_set_archive(d, "missing", name, uai, NULL);
	rc = rdoc_save(d, path, info ? &info->pages : NULL, cause);
out:
	rdoc_free(d);
	free(name);
	free(uai);
	return rc;
}
