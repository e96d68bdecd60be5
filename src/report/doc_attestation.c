/*
 * The attestation of cession ("attestation de cession"): for one numbered
 * period, the count of cessions and the table of their beneficiaries. It is
 * drawn from what dot_app_attestation_issue() recorded (the cessions marked
 * with its id), so printing it again later gives the same rows; a reprint
 * says "duplicate" and whether the rows still give the recorded fingerprint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

#define ROW_H 15.0f

/* Portrait A4: 539 points between the margins. */
static const struct rcol cols_src[] = {
	{N_("No."), 30, RA_RIGHT, 1},
	{N_("Last name"), 132, RA_LEFT, 1},
	{N_("First name"), 110, RA_LEFT, 1},
	{N_("Class"), 62, RA_LEFT, 1},
	{N_("Handed over on"), 65, RA_CENTER, 1},
	{N_("Serial number"), 140, RA_LEFT, 0},
};

#define NCOLS ((int)(sizeof(cols_src) / sizeof(cols_src[0])))

int
dot_report_attestation(struct dot_store *st, int64_t number, bool reprint,
		       const struct dot_report_opts *o, const char *path,
		       struct dot_report_info *info, char **cause)
{
	static const struct dot_report_opts none;
	struct dot_assignment_filter f = {0};
	struct dot_assignment_rows rows = {0};
	struct dot_attestation a, prev;
	struct dot_rectification_list rect = {0};
	const struct dot_attestation *after = NULL;
	struct rcol cols[NCOLS];
	char p1[11], p2[11], ed[11], made[11], sfp[20];
	char *name = NULL, *uai = NULL, *place = NULL, *fp = NULL;
	char *title = NULL, *heading = NULL, *s = NULL, *running = NULL;
	char *foot = NULL, *fpline = NULL, *statement = NULL;
	struct rdoc *d = NULL;
	float l, w;
	size_t i;
	int rc;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	rc = dot_store_attestation_get(st, number, &a, cause);
	if (rc)
		return rc;
	f.attestation_id = a.id;
	/*
	 * The rows as issued: a handover recorded later by a correction
	 * stays off this paper (the next attestation lists the correction).
	 */
	if (a.assignment_upto > 0)
		f.id_upto = a.assignment_upto;
	else
		f.recorded_upto = a.created_at;
	rc = dot_store_assignment_rows(st, &f, &rows, cause);
	if (rc)
		return rc;
	/*
	 * The corrections made since the previous attestation: one that
	 * cannot be read is not "none before", which would list them all.
	 */
	rc = 0;
	if (a.number > 1) {
		rc = dot_store_attestation_get(st, a.number - 1, &prev, cause);
		if (rc == 0)
			after = &prev;
		else if (rc == DOT_ERULE)
			rc = 0;
	}
	if (rc == 0)
		rc = dot_store_rectifications(st, after, &a, &rect, cause);
	if (rc) {
		dot_assignment_rows_release(&rows);
		return rc;
	}
	fp = dot_report_fingerprint(&rows);
	rfmt_short_fp(fp, sfp);
	rfmt_date(a.from_date, p1);
	rfmt_date(a.to_date, p2);
	{
		char iso[11];

		dot_date_today(iso);
		rfmt_date(iso, ed);
		snprintf(iso, sizeof(iso), "%.10s", a.created_at);
		rfmt_date(iso, made);
	}
	rc = rsigner(st, o, &name, &uai, &place, cause);
	if (rc)
		goto out;

	/* n° 1 attests the distribution; later ones the later cessions */
	heading =
		a.number == 1
			? dot_xasprintf(_("Attestation of cession no. %lld of "
					  "the distribution period"),
					(long long)a.number)
			: dot_xasprintf(_("Attestation of cession no. %lld "
					  "for the later cessions"),
					(long long)a.number);
	title = dot_xasprintf("%s — %s (%s)", heading, name, uai);
	rc = rdoc_new(o, false, title, name, &d, cause);
	if (rc)
		goto out;
	running = dot_xasprintf(_("%s — %s (UAI %s) — from %s to %s"), heading,
				name, uai, p1, p2);
	foot = dot_xasprintf(_("Attestation no. %lld — UAI %s"),
			     (long long)a.number, uai);
	fpline = dot_xasprintf(_("Fingerprint %s"), sfp);
	rdoc_set_running(d, running);
	rdoc_set_footer(d, foot, fpline);
	rdoc_add_page(d);
	l = rdoc_left(d);
	w = rdoc_right(d) - l;

	rdoc_text(d, l, rdoc_y(d) - 16, 16, true, heading);
	rdoc_move(d, 24);
	s = dot_xasprintf(_("%s — UAI %s"), name, uai);
	rdoc_cell(d, l - 3, rdoc_y(d), w + 6, 16, 11.5f, true, s, RA_LEFT, 1);
	free(s);
	rdoc_move(d, 18);
	s = a.number == 1
		    ? dot_xasprintf(_("Distribution period: from %s to %s"), p1,
				    p2)
		    : dot_xasprintf(_("Later cessions: from %s to %s"), p1, p2);
	rdoc_text(d, l, rdoc_y(d) - 10, 10, false, s);
	free(s);
	rdoc_move(d, 15);
	if (reprint)
		s = dot_xasprintf(_("Duplicate printed on %s of the "
				    "attestation issued on %s"),
				  ed, made);
	else
		s = dot_xasprintf(_("Issued on %s"), made);
	rdoc_text(d, l, rdoc_y(d) - 10, 10, reprint, s);
	free(s);
	rdoc_move(d, 22);

	/*
	 * Its rank, not a date, says what it covers: another attestation
	 * issued the same day covers the cessions this one does not.
	 */
	if (a.number == 1)
		statement = dot_xasprintf(
			dngettext(
				"dotation",
				"I, the undersigned, head of the "
				"establishment %s (UAI %s), attest that %zu "
				"device (tablet and accessories) has been "
				"handed over as a cession during the "
				"distribution period, from %s to %s, to the "
				"beneficiary listed below, whose cession "
				"charter has been signed. This attestation of "
				"the distribution period covers cessions only, "
				"not loans; a cession it does not list will go "
				"into an attestation for the later cessions.",
				"I, the undersigned, head of the "
				"establishment %s (UAI %s), attest that %zu "
				"devices (tablet and accessories) have been "
				"handed over as cessions during the "
				"distribution period, from %s to %s, to the "
				"beneficiaries listed below, whose cession "
				"charters have been signed. This attestation "
				"of the distribution period covers cessions "
				"only, not loans; a cession it does not list "
				"will go into an attestation for the later "
				"cessions.",
				rows.n),
			name, uai, rows.n, p1, p2);
	else
		statement = dot_xasprintf(
			dngettext(
				"dotation",
				"I, the undersigned, head of the "
				"establishment %s (UAI %s), attest that %zu "
				"device (tablet and accessories) has been "
				"handed over as a cession between %s and %s to "
				"the beneficiary listed below, whose cession "
				"charter has been signed. This attestation for "
				"the later cessions lists only cessions that "
				"no "
				"earlier attestation (no. 1 to %lld) lists, "
				"and "
				"cessions only, not loans.",
				"I, the undersigned, head of the "
				"establishment %s (UAI %s), attest that %zu "
				"devices (tablet and accessories) have been "
				"handed over as cessions between %s and %s to "
				"the beneficiaries listed below, whose cession "
				"charters have been signed. This attestation "
				"for the later cessions lists only cessions "
				"that no earlier attestation (no. 1 to %lld) "
				"lists, and cessions only, not loans.",
				rows.n),
			name, uai, rows.n, p1, p2, (long long)(a.number - 1));
	rdoc_paragraph(d, l, w, 10, false, statement);
	rdoc_move(d, 8);
	s = dot_xasprintf(_("Number of cessions attested: %zu"), rows.n);
	rdoc_text(d, l, rdoc_y(d) - 11, 11, true, s);
	free(s);
	rdoc_move(d, 22);

	for (i = 0; i < (size_t)NCOLS; i++) {
		cols[i] = cols_src[i];
		cols[i].title = _(cols_src[i].title);
	}
	rdoc_table(d, cols, NCOLS);
	for (i = 0; i < rows.n; i++) {
		const struct dot_assignment_row *r = &rows.v[i];
		char num[24], date[11];
		const char *cells[NCOLS];

		snprintf(num, sizeof(num), "%zu", i + 1);
		rfmt_date(r->start_date, date);
		cells[0] = num;
		cells[1] = r->last_name;
		cells[2] = r->first_name;
		cells[3] = r->class_name;
		cells[4] = date;
		cells[5] = r->serial;
		/* the last row keeps the signature (or what precedes it) */
		rdoc_need(d, ROW_H + (i + 1 < rows.n ? 0
				      : rect.n       ? 60.0f
						     : RDOC_SIGNATURE_H));
		rdoc_row(d, cells, ROW_H, 9, false, 1);
	}
	rdoc_table_end(d);
	if (rect.n) {
		static const struct rcol rcols_src[] = {
			{N_("Serial number"), 120, RA_LEFT, 1},
			{N_("From"), 160, RA_LEFT, 1},
			{N_("To"), 160, RA_LEFT, 1},
			{N_("On"), 55, RA_CENTER, 1},
			{N_("Att."), 44, RA_CENTER, 0},
		};
		struct rcol rcols[5];

		rdoc_need(d, 60);
		rdoc_move(d, 12);
		rdoc_text(d, l, rdoc_y(d) - 11, 11, true, _("Rectifications"));
		rdoc_move(d, 16);
		s = dot_xasprintf(
			dngettext("dotation",
				  "%zu cession covered by an earlier "
				  "attestation was corrected since:",
				  "%zu cessions covered by an earlier "
				  "attestation were corrected since:",
				  rect.n),
			rect.n);
		rdoc_paragraph(d, l, w, 9.5f, false, s);
		free(s);
		rdoc_move(d, 6);
		for (i = 0; i < 5; i++) {
			rcols[i] = rcols_src[i];
			rcols[i].title = _(rcols_src[i].title);
		}
		rdoc_table(d, rcols, 5);
		for (i = 0; i < rect.n; i++) {
			const struct dot_rectification *r = &rect.v[i];
			char date[11], num[24];
			const char *cells[5];

			rfmt_date(r->date, date);
			snprintf(num, sizeof(num), "%lld",
				 (long long)r->attestation);
			cells[0] = r->serial;
			cells[1] = r->from;
			cells[2] =
				r->to ? r->to : _("nobody (handover undone)");
			cells[3] = date;
			cells[4] = num;
			rdoc_need(d,
				  ROW_H + (i + 1 < rect.n ? 0
							  : RDOC_SIGNATURE_H));
			rdoc_row(d, cells, ROW_H, 9, false, 1);
		}
		rdoc_table_end(d);
	}
	free(statement);
	statement = dot_xasprintf(
		dngettext("dotation",
			  "Certified correct: %zu cession, from %s to %s.",
			  "Certified correct: %zu cessions, from %s to %s.",
			  (unsigned long)rows.n),
		rows.n, p1, p2);
	rdoc_signature_block(d,
			     _("Attestation of the head of the "
			       "establishment"),
			     statement, place, reprint ? made : ed, fp);
	if (info) {
		info->number = a.number;
		info->rows = rows.n;
		snprintf(info->fingerprint, sizeof(info->fingerprint), "%s",
			 fp);
		info->fingerprint_changed =
			a.fingerprint[0] && strcmp(a.fingerprint, fp) != 0;
	}
	rdoc_set_archive(d, "attestation", name, uai, fp);
	rc = rdoc_save(d, path, info ? &info->pages : NULL, cause);
out:
	rdoc_free(d);
	dot_assignment_rows_release(&rows);
	dot_rectification_list_release(&rect);
	free(name);
	free(uai);
	free(place);
	free(fp);
	free(title);
	free(heading);
	free(running);
	free(foot);
	free(fpline);
	free(statement);
	return rc;
}
