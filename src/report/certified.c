/*
 * The certified list of beneficiaries ("liste certifiée"): every device
 * handed over as a cession and still held, grouped by class, each serial
 * also as a barcode so that the signed paper can be scanned back, closed
 * by the "Certifié exact" block the head of the school signs and stamps.
 * The Region pays and restocks on it; loans are not cessions and are left
 * out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

#define ROW_H_BARCODE 22.0f
#define ROW_H_PLAIN 18.0f
#define BAND_H 16.0f
#define BARCODE_COL 7

/* Landscape A4: 786 points between the margins. */
/* Serials are never cut (max_lines 0: shrink until the text fits). */
static struct rcol cols_barcode[] = {
	{N_("No."), 28, RA_RIGHT, 1},
	{N_("Last name"), 120, RA_LEFT, 2},
	{N_("First name"), 100, RA_LEFT, 2},
	{N_("Class"), 56, RA_LEFT, 1},
	{N_("Profile"), 56, RA_LEFT, 1},
	{N_("Handed over on"), 58, RA_CENTER, 1},
	{N_("Serial number"), 126, RA_LEFT, 0},
	{N_("Barcode (Code 128)"), 164, RA_CENTER, 1},
	{N_("microSD"), 40, RA_CENTER, 1},
	{N_("Case"), 38, RA_CENTER, 1},
};

static struct rcol cols_plain[] = {
	{N_("No."), 30, RA_RIGHT, 1},
	{N_("Last name"), 200, RA_LEFT, 2},
	{N_("First name"), 180, RA_LEFT, 2},
	{N_("Class"), 58, RA_LEFT, 1},
	{N_("Profile"), 56, RA_LEFT, 1},
	{N_("Handed over on"), 58, RA_CENTER, 1},
	{N_("Serial number"), 126, RA_LEFT, 0},
	{N_("microSD"), 40, RA_CENTER, 1},
	{N_("Case"), 38, RA_CENTER, 1},
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Translated copies of a column table (titles are N_() literals). */
static struct rcol *
translate_cols(const struct rcol *c, int n)
{
	struct rcol *t = dot_xcalloc((size_t)n, sizeof(*t));
	int i;

	for (i = 0; i < n; i++) {
		t[i] = c[i];
		t[i].title = _(c[i].title);
	}
	return t;
}

static const char *
class_label(const char *c)
{
	return c && *c ? c : _("Staff (no class)");
}

struct group_sums {
	size_t n, microsd, cases;
};

static void
subtotal(struct rdoc *d, const char *cls, const struct group_sums *g)
{
	char *s = dot_xasprintf(_("Subtotal %s: %zu beneficiaries · "
				  "microSD: %zu · case: %zu"),
				class_label(cls), g->n, g->microsd, g->cases);

	rdoc_need(d, BAND_H);
	rdoc_band(d, s, BAND_H, 8.5f, true, 1);
	free(s);
}

/* Title block of the first page. */
static void
first_header(struct rdoc *d, const char *title, const char *estab,
	     const char *line1, const char *line2)
{
	float l = rdoc_left(d), w = rdoc_right(d) - l;

	rdoc_text(d, l, rdoc_y(d) - 15, 15, true, title);
	rdoc_move(d, 22);
	rdoc_cell(d, l - 3, rdoc_y(d), w + 6, 16, 11.5f, true, estab, RA_LEFT,
		  1);
	rdoc_move(d, 17);
	rdoc_cell(d, l - 3, rdoc_y(d), w + 6, 14, 9.5f, false, line1, RA_LEFT,
		  1);
	rdoc_move(d, 14);
	if (line2) {
		rdoc_paragraph(d, l, w, 8.5f, false, line2);
	}
	rdoc_move(d, 6);
}

/* "le DD/MM/YYYY à HH:MM", the edition time (today may be pinned). */
static void
edition_stamp(char date[11], char hm[6])
{
	char iso[11];
	time_t t = time(NULL);
	struct tm tm;

	dot_date_today(iso);
	rfmt_date(iso, date);
	localtime_r(&t, &tm);
	strftime(hm, 6, "%H:%M", &tm);
}

int
dot_report_certified(struct dot_store *st, const struct dot_report_opts *o,
		     const char *path, struct dot_report_info *info,
		     char **cause)
{
	static const struct dot_report_opts none;
	struct dot_assignment_filter f = {.kinds = DOT_HANDOVER_BIT(
						  DOT_HANDOVER_CESSION),
					  .open_only = true};
	struct dot_assignment_rows rows = {0};
	struct group_sums g = {0}, all = {0};
	size_t students = 0, teachers = 0, staff = 0, i;
	char d1[11], d2[11], p1[11], p2[11], pf1[11], pf2[11], ed[11];
	char hm[6], sfp[20];
	char *name = NULL, *uai = NULL, *place = NULL, *fp = NULL;
	char *estab = NULL, *title = NULL, *line1 = NULL, *running = NULL;
	char *scope;
	char *foot = NULL, *fpline = NULL, *statement = NULL, *tot = NULL;
	const char *cls = NULL;
	struct rcol *cols = NULL;
	struct rdoc *d = NULL;
	int ncols, rc;
	float row_h;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	rc = dot_date_period(o->from, o->to, d1, d2, cause);
	if (rc)
		return rc;
	f.class_name = o->class_name;
	f.profiles = o->profiles;
	f.from = d1[0] ? d1 : NULL;
	f.to = d2[0] ? d2 : NULL;
	rc = dot_store_assignment_rows(st, &f, &rows, cause);
	if (rc)
		return rc;
	if (rows.n == 0 && o->class_name) {
		const char *station = _("no cession to list for class '%s' in "
					"this period: nobody of the class "
					"holds a device yet");
		const char *cli = _("no cession to list for class '%s' in "
				    "this period: check the class name with "
				    "'dotation people'");

		rc = dot_fail(cause, DOT_ERULE,
			      dot_i18n_station() ? station : cli,
			      o->class_name);
		goto out;
	}
	if (rows.n == 0) {
		const char *station = _("no cession to list in this period: "
					"hand over devices first (a scan on "
					"the roll call)");
		const char *cli = _("no cession to list in this period: hand "
				    "over devices with 'dotation assign' "
				    "first");

		rc = dot_fail(cause, DOT_ERULE, "%s",
			      dot_i18n_station() ? station : cli);
		goto out;
	}

	/* the period printed: as asked, else the span of the rows */
	snprintf(p1, sizeof(p1), "%s", rows.v[0].start_date);
	snprintf(p2, sizeof(p2), "%s", rows.v[0].start_date);
	for (i = 0; i < rows.n; i++) {
		if (strcmp(rows.v[i].start_date, p1) < 0)
			snprintf(p1, sizeof(p1), "%s", rows.v[i].start_date);
		if (strcmp(rows.v[i].start_date, p2) > 0)
			snprintf(p2, sizeof(p2), "%s", rows.v[i].start_date);
	}
	rfmt_date(d1[0] ? d1 : p1, pf1);
	rfmt_date(d2[0] ? d2 : p2, pf2);
	edition_stamp(ed, hm);

	rc = rsigner(st, o, &name, &uai, &place, cause);
	if (rc)
		goto out;
	fp = dot_report_fingerprint(&rows);
	rfmt_short_fp(fp, sfp);

	title = dot_xasprintf("%s — %s (%s)",
			      _("Certified list of beneficiaries"), name, uai);
	rc = rdoc_new(o, true, title, name, &d, cause);
	if (rc)
		goto out;
	estab = dot_xasprintf(_("%s — UAI %s"), name, uai);
	scope = rscope(o);
	line1 = dot_xasprintf(_("Period: from %s to %s   ·   Class: %s   ·   "
				"Printed on %s at %s"),
			      pf1, pf2, scope, ed, hm);
	free(scope);
	running = dot_xasprintf(_("Certified list of beneficiaries — %s "
				  "(UAI %s) — from %s to %s — printed on %s"),
				name, uai, pf1, pf2, ed);
	foot = dot_xasprintf(_("Certified list — %s — UAI %s"), name, uai);
	fpline = dot_xasprintf(_("Fingerprint %s"), sfp);
	rdoc_set_running(d, running);
	rdoc_set_footer(d, foot, fpline);
	rdoc_add_page(d);
	first_header(d, _("Certified list of beneficiaries"), estab, line1,
		     o->no_barcodes
			     ? _("Tablets and accessories handed over as "
				 "cessions (loans are not listed).")
			     : _("Tablets and accessories handed over as "
				 "cessions (loans are not listed). Each serial "
				 "number is also printed as a Code 128 "
				 "barcode."));

	if (o->no_barcodes) {
		cols = translate_cols(cols_plain, NCOLS(cols_plain));
		ncols = NCOLS(cols_plain);
		row_h = ROW_H_PLAIN;
	} else {
		cols = translate_cols(cols_barcode, NCOLS(cols_barcode));
		ncols = NCOLS(cols_barcode);
		row_h = ROW_H_BARCODE;
	}
	rdoc_table(d, cols, ncols);
	for (i = 0; i < rows.n; i++) {
		const struct dot_assignment_row *r = &rows.v[i];
		const struct dot_assignment_row *pr = i ? &rows.v[i - 1] : NULL;
		const struct dot_assignment_row *nx =
			i + 1 < rows.n ? &rows.v[i + 1] : NULL;
		const char *cells[10];
		char num[24], date[11], *first;
		bool homonym;
		float keep;
		int k = 0;

		homonym = (pr && rhomonyms(pr->class_name, pr->last_name,
					   pr->first_name, r->class_name,
					   r->last_name, r->first_name)) ||
			  (nx && rhomonyms(nx->class_name, nx->last_name,
					   nx->first_name, r->class_name,
					   r->last_name, r->first_name));
		first = rfmt_first_name(r->first_name, homonym, r->birth_date,
					r->ine);

		/*
		 * A class's last row takes its subtotal along, the last row
		 * of all the total and the signature: neither ever stands
		 * alone at the top of a page.
		 */
		keep = row_h;
		if (!nx || strcmp(nx->class_name, r->class_name) != 0)
			keep += BAND_H;
		if (!nx)
			keep += BAND_H + 2 + RDOC_SIGNATURE_H;
		if (!cls || strcmp(cls, r->class_name) != 0) {
			if (cls)
				subtotal(d, cls, &g);
			memset(&g, 0, sizeof(g));
			cls = r->class_name;
			rdoc_need(d, BAND_H + keep);
			rdoc_band(d, class_label(cls), BAND_H, 9, true, 0.92f);
		}
		if (rdoc_need(d, keep)) {
			char *cont = dot_xasprintf(_("%s (continued)"),
						   class_label(cls));

			rdoc_band(d, cont, BAND_H, 9, true, 0.92f);
			free(cont);
		}
		snprintf(num, sizeof(num), "%zu", i + 1);
		rfmt_date(r->start_date, date);
		cells[k++] = num;
		cells[k++] = r->last_name;
		cells[k++] = first;
		cells[k++] = r->class_name;
		cells[k++] = rfmt_profile(r->profile);
		cells[k++] = date;
		cells[k++] = r->serial;
		if (!o->no_barcodes)
			cells[k++] = NULL; /* drawn below */
		cells[k++] = r->microsd ? _("yes") : _("no");
		cells[k++] = r->has_case ? _("yes") : _("no");
		if (!o->no_barcodes)
			rdoc_barcode(d, rdoc_col_x(d, BARCODE_COL) + 2,
				     rdoc_y(d) - row_h + 3,
				     cols[BARCODE_COL].width - 4, row_h - 6,
				     r->serial);
		rdoc_row(d, cells, row_h, 9, false, 1);
		free(first);
		g.n++;
		all.n++;
		g.microsd += r->microsd;
		all.microsd += r->microsd;
		g.cases += r->has_case;
		all.cases += r->has_case;
		if (r->profile == DOT_PROFILE_PROF)
			teachers++;
		else if (r->profile == DOT_PROFILE_PERSONNEL)
			staff++;
		else
			students++;
	}
	subtotal(d, cls, &g);
	tot = dot_xasprintf(_("Total: %zu beneficiaries (%zu students, %zu "
			      "teachers, %zu staff) · microSD: %zu · "
			      "case: %zu"),
			    all.n, students, teachers, staff, all.microsd,
			    all.cases);
	rdoc_need(d, BAND_H);
	rdoc_band(d, tot, BAND_H + 2, 9.5f, true, 0.85f);
	rdoc_table_end(d);

	statement = dot_xasprintf(
		_("I, the undersigned, head of the establishment %s (UAI %s), "
		  "certify that the cession charters of the %zu beneficiaries "
		  "listed above have been signed and that the devices listed "
		  "have been handed over to them as cessions."),
		name, uai, rows.n);
	rdoc_signature_block(d, _("Certified correct"), statement, place, ed,
			     fp);
	if (info) {
		info->rows = rows.n;
		snprintf(info->fingerprint, sizeof(info->fingerprint), "%s",
			 fp);
	}
	rdoc_set_archive(d, "certified", name, uai, fp);
	rc = rdoc_save(d, path, info ? &info->pages : NULL, cause);
out:
	rdoc_free(d);
	dot_assignment_rows_release(&rows);
	free(cols);
	free(name);
	free(uai);
	free(place);
	free(fp);
	free(estab);
	free(title);
	free(line1);
	free(running);
	free(foot);
	free(fpline);
	free(statement);
	free(tot);
	return rc;
}
