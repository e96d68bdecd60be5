/*
 * The Region's overview (every school and its counts, the charter rate
 * flagged below 85 %), its CSV export, and the conflicts a Region account
 * resolves. A school account's home is its own school's page
 * (ui-school.c), and it sees only its own row anywhere else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_int.h"

/* Delivery is confirmed only when this share of charters is signed. */
#define CHARTER_THRESHOLD_PERMILLE 850

/*
 * The counts of every school (uai NULL) or one. Columns: uai, name,
 * students, charters, handed, absent, loans, loan agreements, stock, hs,
 * replacements,
 * conflicts, attestations, last_sync.
 */
PGresult *
ui_school_counts(PGconn *db, const char *uai)
{
	const char *p[1] = {uai};

	return hub_db_exec(
		db,
		"SELECT s.uai, s.name,"
		" (SELECT count(*) FROM people p WHERE p.uai = s.uai AND "
		"p.active"
		"   AND p.profile = 'eleve'),"
		" (SELECT count(*) FROM people p WHERE p.uai = s.uai AND "
		"p.active"
		"   AND p.profile = 'eleve' AND p.charter),"
		" (SELECT count(DISTINCT h.pkey) FROM holdings h WHERE h.uai = "
		"s.uai"
		"   AND h.active),"
		" (SELECT count(*) FROM people p WHERE p.uai = s.uai AND "
		"p.active"
		"   AND p.absent_day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
		"   holdings h WHERE h.uai = p.uai AND h.pkey = p.pkey AND "
		"h.active)),"
		" (SELECT count(*) FROM holdings h WHERE h.uai = s.uai AND "
		"h.active"
		"   AND h.kind = 'loan'),"
		" (SELECT count(*) FROM people p WHERE p.uai = s.uai AND "
		"p.active AND p.loan_agreement),"
		" (SELECT count(*) FROM devices d WHERE d.uai = s.uai"
		"   AND d.status = 'stock'),"
		/* the devices' state, so that an undone loss is not counted */
		" (SELECT count(*) FROM devices d WHERE d.uai = s.uai"
		"   AND (d.status = 'hs' OR d.status = 'lost')),"
		" (SELECT count(*) FROM events e WHERE e.uai = s.uai"
		"   AND (e.type = 'hs' OR e.type = 'lost')"
		"   AND coalesce(e.data->>'replace', e.data->>'replacement', "
		"'') <> ''),"
		" (SELECT count(*) FROM conflicts c WHERE c.resolved_at IS NULL"
		"   AND (c.uai = s.uai OR c.holder_uai = s.uai)),"
		" (SELECT count(*) FROM events e WHERE e.uai = s.uai"
		"   AND e.type = 'attestation'),"
		" (SELECT to_char(max(st.last_seen) AT TIME ZONE "
		"'Europe/Paris',"
		"   'DD/MM/YYYY HH24:MI') FROM stations st WHERE st.uai = "
		"s.uai)"
		" FROM schools s WHERE $1::text IS NULL OR s.uai = $1"
		" ORDER BY s.name, s.uai",
		1, p);
}

static const char *const count_heads[] = {
	N_("UAI"),
	N_("School"),
	N_("Students"),
	N_("Charters signed"),
	N_("Charter rate"),
	N_("Handed over"),
	N_("Absent"),
	N_("Loans"),
	N_("Loan agreements"),
	N_("In stock"),
	N_("Out of service or lost"),
	N_("Replacements"),
	N_("Conflicts"),
	N_("Attestations received"),
	N_("Last sync"),
};

/* Columns of ui_school_counts() (the rate is computed, not a column). */
#define NCOUNTS 14

void
ui_counts_table(struct hub_buf *b, PGresult *res, const char *caption)
{
	int i, j, n = PQntuples(res);

	hub_buf_puts(b, "<table><caption>");
	html_txt(b, caption);
	hub_buf_puts(b, "</caption><thead><tr>");
	for (j = 0; j < (int)(sizeof(count_heads) / sizeof(count_heads[0]));
	     j++) {
		hub_buf_puts(b, "<th scope=\"col\">");
		html_txt(b, _(count_heads[j]));
		hub_buf_puts(b, "</th>");
	}
	hub_buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		long students = atol(PQgetvalue(res, i, 2));
		long charters = atol(PQgetvalue(res, i, 3));
		bool below =
			students > 0 &&
			charters * 1000 < students * CHARTER_THRESHOLD_PERMILLE;

		hub_buf_puts(b, "<tr><td>");
		html_txt(b, PQgetvalue(res, i, 0));
		hub_buf_puts(b, "</td><th scope=\"row\"><a href=\"/schools/");
		html_url_arg(b, PQgetvalue(res, i, 0));
		hub_buf_puts(b, "\">");
		html_txt(b, PQgetvalue(res, i, 1));
		hub_buf_puts(b, "</a></th>");
		for (j = 2; j < NCOUNTS; j++) {
			if (j == 4) {
				hub_buf_puts(b, below ? "<td class=\"n below\">"
						      : "<td class=\"n\">");
				html_rate(b, charters, students);
				if (below) {
					hub_buf_puts(b, " <span>(");
					html_txt(b, _("below 85 %"));
					hub_buf_puts(b, ")</span>");
				}
				hub_buf_puts(b, "</td>");
			}
			hub_buf_puts(b, j < NCOUNTS - 1 ? "<td class=\"n\">"
							: "<td>");
			html_txt(b, PQgetisnull(res, i, j)
					    ? "-"
					    : PQgetvalue(res, i, j));
			hub_buf_puts(b, "</td>");
		}
		hub_buf_puts(b, "</tr>");
	}
	hub_buf_puts(b, "</tbody></table>");
}

void
ui_counts_csv(struct hub_buf *b, PGresult *res)
{
	int i, j, n = PQntuples(res);

	for (j = 0; j < (int)(sizeof(count_heads) / sizeof(count_heads[0]));
	     j++) {
		if (j)
			hub_buf_puts(b, ";");
		csv_field(b, _(count_heads[j]));
	}
	hub_buf_puts(b, "\r\n");
	for (i = 0; i < n; i++) {
		for (j = 0; j < NCOUNTS; j++) {
			if (j)
				hub_buf_puts(b, ";");
			if (j == 4) {
				struct hub_buf rate = {0};

				html_rate(&rate, atol(PQgetvalue(res, i, 3)),
					  atol(PQgetvalue(res, i, 2)));
				csv_field(b, rate.p);
				hub_buf_release(&rate);
				hub_buf_puts(b, ";");
			}
			csv_field(b, PQgetvalue(res, i, j));
		}
		hub_buf_puts(b, "\r\n");
	}
}

void
ui_home(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	struct hub_buf *b = &a->body;
	PGresult *res;

	if (r->acct->uai)
		return ui_school(r, a, r->acct->uai);
	res = ui_school_counts(r->db, NULL);
	if (!hub_db_ok(res))
		return ui_unavailable(a, r, res);
	html_page_begin(a, r, _("Distribution in the Region"));
	hub_buf_puts(b, "<p>");
	html_txt(b,
		 _("Delivery is confirmed only for schools with at least 85 % "
		   "of charters signed: the others are marked."));
	hub_buf_puts(b, " <a href=\"/schools.csv\">");
	html_txt(b, _("Download as CSV"));
	hub_buf_puts(b, "</a></p>");
	ui_counts_table(b, res, _("Schools"));
	PQclear(res);
	html_page_end(a);
}

void
ui_region_csv(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	PGresult *res = ui_school_counts(r->db, r->acct->uai);

	if (!hub_db_ok(res))
		return ui_unavailable(a, r, res);
	ui_counts_csv(&a->body, res);
	PQclear(res);
	a->ctype = "text/csv; charset=utf-8";
	hub_resp_header(a, "Content-Disposition",
			"attachment; filename=\"etablissements.csv\"");
}

void
ui_conflicts(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	struct hub_buf *b = &a->body;
	const char *p[1] = {r->acct->uai};
	PGresult *res;
	int i, n;

	res = hub_db_exec(
		r->db,
		"SELECT c.event_uuid, c.serial, c.uai, c.station, e.at,"
		" c.holder_uai, c.holder_station, h.at, h.holder_class, "
		"e.detail"
		" FROM conflicts c JOIN events e ON e.uuid = c.event_uuid"
		" JOIN holdings h ON h.id = c.holding_id"
		" WHERE c.resolved_at IS NULL AND ($1::text IS NULL OR c.uai = "
		"$1"
		"   OR c.holder_uai = $1)"
		" ORDER BY c.created_at LIMIT 1000",
		1, p);
	if (!hub_db_ok(res))
		return ui_unavailable(a, r, res);
	html_page_begin(a, r, _("Conflicts"));
	n = PQntuples(res);
	if (n == 0) {
		hub_buf_puts(b, "<p>");
		html_txt(b, _("No conflict to resolve."));
		hub_buf_puts(b, "</p>");
	} else {
		hub_buf_puts(b, "<table><caption>");
		html_txt(b, _("Serials handed over twice"));
		hub_buf_puts(b, "</caption><thead><tr><th scope=\"col\">");
		html_txt(b, _("Serial"));
		hub_buf_puts(b, "</th><th scope=\"col\">");
		html_txt(b, _("Held by"));
		hub_buf_puts(b, "</th><th scope=\"col\">");
		html_txt(b, _("Also handed over by"));
		hub_buf_puts(b, "</th><th scope=\"col\">");
		html_txt(b, _("Decision"));
		hub_buf_puts(b, "</th></tr></thead><tbody>");
	}
	for (i = 0; i < n; i++) {
		hub_buf_puts(b, "<tr><th scope=\"row\">");
		html_txt(b, PQgetvalue(res, i, 1));
		hub_buf_puts(b, "</th><td>");
		html_txt(b, PQgetvalue(res, i, 5));
		hub_buf_puts(b, " · ");
		html_txt(b, PQgetvalue(res, i, 6));
		hub_buf_puts(b, " · ");
		html_txt(b, PQgetvalue(res, i, 8));
		hub_buf_puts(b, " · ");
		html_txt(b, PQgetvalue(res, i, 7));
		hub_buf_puts(b, "</td><td>");
		html_txt(b, PQgetvalue(res, i, 2));
		hub_buf_puts(b, " · ");
		html_txt(b, PQgetvalue(res, i, 3));
		hub_buf_puts(b, " · ");
		html_txt(b, PQgetvalue(res, i, 4));
		hub_buf_puts(b, "</td><td>");
		if (!r->acct->uai) {
			hub_buf_puts(b, "<form method=\"post\" "
					"action=\"/conflicts/resolve\">");
			html_csrf_field(b, r);
			hub_buf_puts(b, "<input type=\"hidden\" name=\"event\" "
					"value=\"");
			html_txt(b, PQgetvalue(res, i, 0));
			hub_buf_puts(b, "\"><button type=\"submit\" "
					"name=\"winner\" value=\"holder\">");
			html_txt(b, _("Keep the holder"));
			hub_buf_puts(b, "</button> <button type=\"submit\" "
					"name=\"winner\" "
					"value=\"claimant\">");
			html_txt(b, _("Give it to the second"));
			hub_buf_puts(b, "</button></form>");
		} else {
			html_txt(b, _("The Region decides"));
		}
		hub_buf_puts(b, "</td></tr>");
	}
	if (n)
		hub_buf_puts(b, "</tbody></table>");
	PQclear(res);
	html_page_end(a);
}

void
ui_conflict_resolve(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	char *ev = hub_form_field(r, "event"),
	     *winner = hub_form_field(r, "winner");
	const char *p[3] = {ev, winner, r->acct->login};
	PGresult *res = NULL;

	if (!hub_csrf_ok(r)) {
		ui_error(a, r, 403,
			 _("This form has expired: reload the page"));
		goto out;
	}
	if (r->acct->uai) {
		ui_error(a, r, 403,
			 _("Only a Region account resolves conflicts"));
		goto out;
	}
	if (!ev || !winner ||
	    (strcmp(winner, "holder") && strcmp(winner, "claimant"))) {
		ui_error(a, r, 400, _("Choose who keeps the serial"));
		goto out;
	}
	/*
	 * One transaction: the decision, and when the second station wins,
	 * the holding moves to it; both go out through the assignments feed.
	 */
	if (hub_db_cmd(r->db, "BEGIN") != 0)
		goto dbfail;
	res = hub_db_exec(
		r->db,
		"UPDATE conflicts SET resolved_at = now(), resolved_by = $3,"
		" winner = $2 WHERE event_uuid = $1::uuid AND resolved_at IS "
		"NULL"
		" RETURNING holding_id",
		3, p);
	if (!hub_db_ok(res))
		goto dbfail;
	if (PQntuples(res) == 1 && strcmp(winner, "claimant") == 0) {
		PQclear(res);
		res = hub_db_exec(r->db,
				  "SELECT hub_release(c.holding_id, e.at) FROM "
				  "conflicts c"
				  " JOIN events e ON e.uuid = c.event_uuid "
				  "WHERE c.event_uuid = $1::uuid",
				  1, p);
		if (!hub_db_ok(res))
			goto dbfail;
		PQclear(res);
		res = hub_db_exec(
			r->db,
			"WITH nh AS (INSERT INTO holdings(serial, uai, "
			"station, pkey,"
			"  holder_name, holder_class, kind, at, event_uuid)"
			"  SELECT c.serial, e.uai, e.station, e.pkey,"
			"  concat_ws(' ', e.data->'person'->>'last_name',"
			"    e.data->'person'->>'first_name'),"
			"  e.data->'person'->>'class', "
			"coalesce(e.data->>'kind', 'cession'),"
			"  e.at, e.uuid FROM conflicts c JOIN events e ON "
			"e.uuid = c.event_uuid"
			"  WHERE c.event_uuid = $1::uuid RETURNING *),"
			/* the device is now the winning school's */
			" d AS (INSERT INTO devices(serial, uai, status, "
			"loan_only, at)"
			"  SELECT serial, uai, CASE WHEN kind = 'loan' THEN "
			"'loaned' ELSE 'ceded' END, kind = 'loan', at FROM nh"
			"  ON CONFLICT (serial) DO UPDATE SET uai = "
			"EXCLUDED.uai,"
			"  status = EXCLUDED.status, at = EXCLUDED.at,"
			"  loan_only = devices.loan_only OR EXCLUDED.loan_only)"
			" INSERT INTO assignment_changes(serial, uai, station, "
			"holder_name,"
			"  holder_class, kind, at, active)"
			" SELECT serial, uai, station, holder_name, "
			"holder_class, kind, at, true"
			" FROM nh",
			1, p);
		if (!hub_db_ok(res))
			goto dbfail;
	}
	PQclear(res);
	res = PQexec(r->db, "COMMIT");
	if (!hub_db_ok(res))
		goto dbfail;
	PQclear(res);
	hub_resp_redirect(a, "/conflicts");
	goto out;
dbfail:
	PQclear(res);
	hub_db_cmd(r->db, "ROLLBACK");
	ui_error(a, r, 409,
		 _("The serial moved meanwhile: reload the conflicts"));
out:
	free(ev);
	free(winner);
}
