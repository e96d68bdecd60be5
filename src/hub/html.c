/*
 * The buffer answers are built in and the escaping helpers, after cgit's
 * html.c: every string that reaches a page goes through html_txt() (text
 * and attribute values alike), every URL argument through html_url_arg(),
 * every CSV field through csv_field(). Also the frame shared by the
 * dashboard's pages, so that each page file only writes its own content.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_int.h"

void
hub_buf_add(struct hub_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->n + n + 1)
			cap *= 2;
		b->p = dot_xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
hub_buf_puts(struct hub_buf *b, const char *s)
{
	hub_buf_add(b, s, strlen(s));
}

void
hub_buf_printf(struct hub_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = dot_xvasprintf(fmt, ap);
	va_end(ap);
	hub_buf_puts(b, s);
	free(s);
}

void
hub_buf_release(struct hub_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void
html_txt(struct hub_buf *b, const char *s)
{
	const char *run = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *e = NULL;

		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		}
		if (e) {
			hub_buf_add(b, run, (size_t)(s - run));
			hub_buf_puts(b, e);
			run = s + 1;
		}
	}
	hub_buf_add(b, run, (size_t)(s - run));
}

void
html_url_arg(struct hub_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			hub_buf_add(b, (const char *)&c, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};

			hub_buf_add(b, e, 3);
		}
	}
}

void
csv_field(struct hub_buf *b, const char *s)
{
	hub_buf_puts(b, "\"");
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		hub_buf_puts(b, "'");
	for (; s && *s; s++) {
		if (*s == '"')
			hub_buf_puts(b, "\"\"");
		else
			hub_buf_add(b, s, 1);
	}
	hub_buf_puts(b, "\"");
}

void
csv_table(struct hub_buf *b, PGresult *res, const char *const *heads, int ncols)
{
	int i, j, n = PQntuples(res);

	for (j = 0; j < ncols; j++) {
		hub_buf_puts(b, j ? ";" : "");
		csv_field(b, _(heads[j]));
	}
	hub_buf_puts(b, "\r\n");
	for (i = 0; i < n; i++) {
		for (j = 0; j < ncols; j++) {
			hub_buf_puts(b, j ? ";" : "");
			csv_field(b, PQgetvalue(res, i, j));
		}
		hub_buf_puts(b, "\r\n");
	}
}

void
html_rate(struct hub_buf *b, long n, long d)
{
	long permille = d > 0 ? n * 1000 / d : 0;

	hub_buf_printf(b, "%ld,%ld %%", permille / 10, permille % 10);
}

void
html_csrf_field(struct hub_buf *b, const struct hub_req *r)
{
	hub_buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_txt(b, r->acct ? r->acct->csrf : "");
	hub_buf_puts(b, "\">");
}

bool
hub_csrf_ok(const struct hub_req *r)
{
	char *v = hub_form_field(r, "csrf");
	bool ok = v && r->acct && hub_str_equal(v, r->acct->csrf);

	free(v);
	return ok;
}

static const char style[] =
	"body{font-family:sans-serif;margin:0;color:#111;background:#fff}"
	"header{background:#123e6b;color:#fff;padding:.5em 1em;display:flex;"
	"gap:1em;align-items:center;flex-wrap:wrap}"
	"header a{color:#fff}header form{margin-left:auto}"
	"main{padding:1em;overflow-x:auto}table{border-collapse:collapse;"
	"margin:1em 0}"
	"caption{text-align:left;font-weight:bold;padding:.3em 0}"
	"th,td{border:1px solid #888;padding:.25em .5em;text-align:left}"
	"td.n{text-align:right}.below{background:#fde2e1;font-weight:bold}"
	".skip{position:absolute;left:-999px}.skip:focus{left:1em}"
	".err{color:#a00;font-weight:bold}";

void
html_page_begin(struct hub_resp *a, const struct hub_req *r, const char *title)
{
	struct hub_buf *b = &a->body;

	a->ctype = "text/html; charset=utf-8";
	hub_buf_puts(b,
		     "<!DOCTYPE html>\n<html lang=\"fr\"><head>"
		     "<meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width\">"
		     "<title>");
	html_txt(b, title);
	hub_buf_puts(b, " · dotation</title><style>");
	hub_buf_puts(b, style);
	hub_buf_puts(b,
		     "</style></head><body><a class=\"skip\" href=\"#main\">");
	html_txt(b, _("Skip to content"));
	hub_buf_puts(b, "</a><header><strong>dotation</strong>");
	if (r->acct) {
		hub_buf_puts(b, "<nav aria-label=\"");
		html_txt(b, _("Main"));
		hub_buf_puts(b, "\"><a href=\"/\">");
		html_txt(b, r->acct->uai ? _("My school") : _("Region"));
		hub_buf_puts(b, "</a>");
		if (!r->acct->uai) {
			hub_buf_puts(b, " · <a href=\"/conflicts\">");
			html_txt(b, _("Conflicts"));
			hub_buf_puts(b, "</a>");
		}
		hub_buf_puts(b,
			     "</nav><form method=\"post\" action=\"/logout\">");
		html_csrf_field(b, r);
		html_txt(b, r->acct->login);
		hub_buf_puts(b, " <button type=\"submit\">");
		html_txt(b, _("Log out"));
		hub_buf_puts(b, "</button></form>");
	}
	hub_buf_puts(b, "</header><main id=\"main\"><h1>");
	html_txt(b, title);
	hub_buf_puts(b, "</h1>\n");
}

void
html_page_end(struct hub_resp *a)
{
	hub_buf_puts(&a->body, "</main></body></html>\n");
}

void
ui_error(struct hub_resp *a, const struct hub_req *r, int status,
	 const char *msg)
{
	hub_buf_release(&a->body);
	a->status = status;
	html_page_begin(a, r, msg);
	html_page_end(a);
}

void
ui_unavailable(struct hub_resp *a, const struct hub_req *r, PGresult *res)
{
	PQclear(res);
	ui_error(a, r, 503, _("the database is unavailable, try again later"));
}
