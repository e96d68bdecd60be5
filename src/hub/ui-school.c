/*
 * One school's pages: /schools/UAI (counts, stations and their last sync,
 * the class-by-class list), /schools/UAI/people?q=TEXT&class=C (the
 * search, accent- and case-insensitive like the station's) and the CSV
 * export of each table. A school account reaches only its own school:
 * any other UAI is answered 403 before anything is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hub_int.h"

PGresult *ui_school_counts(PGconn *db, const char *uai);
void ui_counts_table(struct hub_buf *b, PGresult *res, const char *caption);
void ui_counts_csv(struct hub_buf *b, PGresult *res);

static void
th(struct hub_buf *b, const char *label)
{
	hub_buf_puts(b, "<th scope=\"col\">");
	html_txt(b, label);
	hub_buf_puts(b, "</th>");
}

static void
td(struct hub_buf *b, const char *v, bool num)
{
	hub_buf_puts(b, num ? "<td class=\"n\">" : "<td>");
	html_txt(b, v);
	hub_buf_puts(b, "</td>");
}

static const char *
profile_label(const char *p)
{
	if (strcmp(p, "prof") == 0)
		return _("Teacher");
	if (strcmp(p, "personnel") == 0)
		return _("Staff");
	return _("Student");
}

static void
school_link(struct hub_buf *b, const char *uai, const char *tail)
{
	hub_buf_puts(b, "/schools/");
	html_url_arg(b, uai);
	hub_buf_puts(b, tail);
}

static void
classes(struct hub_req *r, struct hub_resp *a, const char *uai, bool csv)
{
	struct hub_buf *b = &a->body;
	const char *p[1] = {uai};
	static const char *const heads[] = {N_("Class"), N_("People"),
					    N_("Charters signed"),
					    N_("Handed over"), N_("Absent")};
	PGresult *res;
	int i, j, n;

	res = hub_db_exec(
		r->db,
		"SELECT p.class, count(*), count(*) FILTER (WHERE p.charter),"
		" count(h.pkey), count(*) FILTER (WHERE p.absent_day IS NOT "
		"NULL"
		"   AND h.pkey IS NULL)"
		" FROM people p LEFT JOIN (SELECT DISTINCT pkey FROM holdings"
		"   WHERE uai = $1 AND active) h ON h.pkey = p.pkey"
		" WHERE p.uai = $1 AND p.active GROUP BY p.class ORDER BY "
		"p.class",
		1, p);
	if (!hub_db_ok(res))
		return ui_unavailable(a, r, res);
	n = PQntuples(res);
	if (csv) {
		csv_table(b, res, heads, 5);
		PQclear(res);
		return;
	}
	hub_buf_puts(b, "<table><caption>");
	html_txt(b, _("Class by class"));
	hub_buf_puts(b, " · <a href=\"");
	school_link(b, uai, "/classes.csv");
	hub_buf_puts(b, "\">");
	html_txt(b, _("CSV"));
	hub_buf_puts(b, "</a></caption><thead><tr>");
	for (j = 0; j < 5; j++)
		th(b, _(heads[j]));
	hub_buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		const char *cls = PQgetvalue(res, i, 0);

		hub_buf_puts(b, "<tr><th scope=\"row\"><a href=\"");
		school_link(b, uai, "/people?class=");
		html_url_arg(b, cls);
		hub_buf_puts(b, "\">");
		html_txt(b, *cls ? cls : _("(no class)"));
		hub_buf_puts(b, "</a></th>");
		for (j = 1; j < 5; j++)
			td(b, PQgetvalue(res, i, j), true);
		hub_buf_puts(b, "</tr>");
	}
	hub_buf_puts(b, "</tbody></table>");
	PQclear(res);
}

static void
stations(struct hub_req *r, struct hub_buf *b, const char *uai)
{
	const char *p[1] = {uai};
	PGresult *res;
	int i, n;

	res = hub_db_exec(r->db,
			  "SELECT station, coalesce(to_char(last_seen AT TIME "
			  "ZONE 'Europe/Paris',"
			  " 'DD/MM/YYYY HH24:MI'), '-') FROM stations WHERE "
			  "uai = $1 ORDER BY station",
			  1, p);
	if (!hub_db_ok(res)) {
		PQclear(res);
		return;
	}
	n = PQntuples(res);
	hub_buf_puts(b, "<table><caption>");
	html_txt(b, _("Stations"));
	hub_buf_puts(b, "</caption><thead><tr>");
	th(b, _("Station"));
	th(b, _("Last sync"));
	hub_buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		hub_buf_puts(b, "<tr>");
		td(b, PQgetvalue(res, i, 0), false);
		td(b, PQgetvalue(res, i, 1), false);
		hub_buf_puts(b, "</tr>");
	}
	hub_buf_puts(b, "</tbody></table>");
	PQclear(res);
}

static void
search_form(struct hub_buf *b, const char *uai, const char *q)
{
	hub_buf_puts(b, "<form method=\"get\" action=\"");
	school_link(b, uai, "/people");
	hub_buf_puts(b, "\" role=\"search\"><label for=\"q\">");
	html_txt(b, _("Find a person (part of a name)"));
	hub_buf_puts(
		b,
		"</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"");
	html_txt(b, q);
	hub_buf_puts(b, "\"> <button type=\"submit\">");
	html_txt(b, _("Search"));
	hub_buf_puts(b, "</button></form>");
}

/* q folded and made a LIKE pattern matching it anywhere. */
static char *
like_pattern(const char *q)
{
	char *f = dot_fold(q ? q : "");
	struct hub_buf b = {0};
	const char *s;

	hub_buf_puts(&b, "%");
	for (s = f; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			hub_buf_puts(&b, "\\");
		hub_buf_add(&b, s, 1);
	}
	hub_buf_puts(&b, "%");
	free(f);
	return b.p;
}

static void
people(struct hub_req *r, struct hub_resp *a, const char *uai, const char *name,
       bool csv)
{
	struct hub_buf *b = &a->body;
	const char *q = hub_req_arg(r, "q"), *cls = hub_req_arg(r, "class");
	char *pat = like_pattern(q);
	const char *p[3] = {uai, pat, cls};
	static const char *const heads[] = {N_("Last name"), N_("First name"),
					    N_("Class"),     N_("Profile"),
					    N_("Charter"),   N_("Serial"),
					    N_("Absent on")};
	PGresult *res;
	int i, j, n;

	res = hub_db_exec(
		r->db,
		"SELECT p.last_name, p.first_name, p.class, p.profile,"
		" CASE WHEN p.charter THEN 'oui' ELSE 'non' END,"
		" coalesce(string_agg(h.serial, ' '), ''), "
		"coalesce(p.absent_day, '')"
		" FROM people p LEFT JOIN holdings h ON h.uai = p.uai AND "
		"h.pkey = p.pkey"
		"  AND h.active"
		" WHERE p.uai = $1 AND p.active AND p.folded LIKE $2"
		"  AND ($3::text IS NULL OR p.class = $3)"
		" GROUP BY p.uai, p.pkey ORDER BY p.class, p.folded LIMIT 2000",
		3, p);
	free(pat);
	if (!hub_db_ok(res))
		return ui_unavailable(a, r, res);
	n = PQntuples(res);
	if (csv) {
		csv_table(b, res, heads, 7);
		PQclear(res);
		return;
	}
	html_page_begin(a, r, name);
	hub_buf_puts(b, "<p><a href=\"");
	school_link(b, uai, "");
	hub_buf_puts(b, "\">");
	html_txt(b, _("Back to the school"));
	hub_buf_puts(b, "</a></p>");
	search_form(b, uai, q);
	hub_buf_puts(b, "<table><caption>");
	html_txt(b, cls ? cls : _("People found"));
	hub_buf_printf(b, " (%d) · <a href=\"", n);
	school_link(b, uai, "/people.csv?q=");
	html_url_arg(b, q ? q : "");
	if (cls) {
		hub_buf_puts(b, "&amp;class=");
		html_url_arg(b, cls);
	}
	hub_buf_puts(b, "\">");
	html_txt(b, _("CSV"));
	hub_buf_puts(b, "</a></caption><thead><tr>");
	for (j = 0; j < 7; j++)
		th(b, _(heads[j]));
	hub_buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		hub_buf_puts(b, "<tr>");
		for (j = 0; j < 7; j++)
			td(b,
			   j == 3 ? profile_label(PQgetvalue(res, i, j))
				  : PQgetvalue(res, i, j),
			   false);
		hub_buf_puts(b, "</tr>");
	}
	hub_buf_puts(b, "</tbody></table>");
	PQclear(res);
	html_page_end(a);
}

void
ui_school(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	const char *slash = strchr(rest, '/');
	const char *sub = slash ? slash + 1 : "";
	char *uai = slash ? dot_xstrndup(rest, (size_t)(slash - rest))
			  : dot_xstrdup(rest);
	char *title = NULL;
	PGresult *res = NULL;

	char norm[9];

	if (!dot_uai_check(uai, norm)) {
		ui_error(a, r, 404, _("No such school"));
		goto out;
	}
	strcpy(uai, norm);
	if (r->acct->uai && strcasecmp(r->acct->uai, uai) != 0) {
		ui_error(a, r, 403, _("This page belongs to another school"));
		goto out;
	}
	res = ui_school_counts(r->db, uai);
	if (!hub_db_ok(res)) {
		ui_error(a, r, 503,
			 _("the database is unavailable, try again later"));
		goto out;
	}
	if (PQntuples(res) != 1) {
		ui_error(a, r, 404, _("No such school"));
		goto out;
	}
	title = dot_xasprintf("%s (%s)", PQgetvalue(res, 0, 1), uai);
	if (strcmp(sub, "") == 0) {
		struct hub_buf *b = &a->body;

		html_page_begin(a, r, title);
		ui_counts_table(b, res, _("Counts"));
		hub_buf_puts(b, "<p><a href=\"");
		school_link(b, uai, "/counts.csv");
		hub_buf_puts(b, "\">");
		html_txt(b, _("Download the counts as CSV"));
		hub_buf_puts(b, "</a></p>");
		search_form(b, uai, NULL);
		stations(r, b, uai);
		classes(r, a, uai, false);
		html_page_end(a);
	} else if (strcmp(sub, "people") == 0) {
		people(r, a, uai, title, false);
	} else if (strcmp(sub, "people.csv") == 0 ||
		   strcmp(sub, "classes.csv") == 0 ||
		   strcmp(sub, "counts.csv") == 0) {
		char *fn = dot_xasprintf("attachment; filename=\"%s-%s\"", uai,
					 sub);

		if (sub[0] == 'p')
			people(r, a, uai, title, true);
		else if (sub[1] == 'l')
			classes(r, a, uai, true);
		else
			ui_counts_csv(&a->body, res);
		if (a->status == 200) {
			a->ctype = "text/csv; charset=utf-8";
			hub_resp_header(a, "Content-Disposition", fn);
		}
		free(fn);
	} else {
		ui_error(a, r, 404, _("no such page"));
	}
out:
	PQclear(res);
	free(title);
	free(uai);
}
