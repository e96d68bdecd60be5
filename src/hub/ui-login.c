/*
 * The dashboard's login and logout. A session is a random id in a cookie
 * (HttpOnly; Secure; SameSite=Strict) whose SHA-256 only is stored, with
 * its CSRF token, in PostgreSQL: any hub process behind the load balancer
 * recognises it. The login form carries a token of its own (double
 * submit with a short-lived cookie) and a cross-site Origin is refused;
 * scripts may post login and password alone (DESIGN.md's contract).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_int.h"

#define SESSION_HOURS 12

static char *dummy_hash;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	dummy_hash = hub_password_hash("not a password of anyone");
}

static void
login_page(struct hub_req *r, struct hub_resp *a, int status, const char *err)
{
	struct hub_buf *b = &a->body;
	char tok[33], *cookie;

	if (hub_random_hex(tok, 16) != 0)
		strcpy(tok, "0");
	cookie = dot_xasprintf(
		"dotation_login=%s; Path=/login; HttpOnly; Secure; "
		"SameSite=Strict; Max-Age=3600",
		tok);
	hub_resp_header(a, "Set-Cookie", cookie);
	free(cookie);
	a->status = status;
	html_page_begin(a, r, _("Log in"));
	if (err) {
		hub_buf_puts(b, "<p class=\"err\" role=\"alert\">");
		html_txt(b, err);
		hub_buf_puts(b, "</p>");
	}
	hub_buf_puts(b, "<form method=\"post\" action=\"/login\">"
			"<input type=\"hidden\" name=\"csrf\" value=\"");
	html_txt(b, tok);
	hub_buf_puts(b, "\"><p><label for=\"login\">");
	html_txt(b, _("Login"));
	hub_buf_puts(b, "</label><br><input id=\"login\" name=\"login\" "
			"autocomplete=\"username\" required></p><p><label "
			"for=\"password\">");
	html_txt(b, _("Password"));
	hub_buf_puts(b, "</label><br><input id=\"password\" name=\"password\" "
			"type=\"password\" autocomplete=\"current-password\" "
			"required></p>"
			"<p><button type=\"submit\">");
	html_txt(b, _("Log in"));
	hub_buf_puts(b, "</button></p></form>");
	html_page_end(a);
}

void
ui_login_form(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	login_page(r, a, 200, NULL);
}

/* A browser's cross-site POST names another origin than ours. */
static bool
same_origin(struct hub_req *r)
{
	const char *origin = hub_req_header(r, "Origin");
	const char *host = hub_req_header(r, "Host");
	char *want;
	bool ok;

	if (!origin || strcmp(origin, "null") == 0)
		return origin == NULL;
	if (!host)
		return false;
	want = dot_xasprintf("https://%s", host);
	ok = strcmp(origin, want) == 0;
	free(want);
	return ok;
}

void
ui_login_post(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	char *login = hub_form_field(r, "login");
	char *pw = hub_form_field(r, "password");
	char *csrf = hub_form_field(r, "csrf");
	const char *cookie = hub_req_cookie(r, "dotation_login");
	char sid[65], hash[65], token[33], *set;
	const char *p[3] = {login, NULL, NULL};
	PGresult *res;
	bool ok = false;

	if (!same_origin(r) ||
	    (csrf && (!cookie || !hub_str_equal(csrf, cookie)))) {
		ui_error(a, r, 403,
			 _("This form has expired: reload the login page"));
		goto out;
	}
	if (login && pw) {
		res = hub_db_exec(r->db,
				  "SELECT hash FROM users WHERE login = $1", 1,
				  p);
		if (hub_db_ok(res) && PQntuples(res) == 1)
			ok = hub_password_verify(pw, PQgetvalue(res, 0, 0));
		else /* as slow as a real check: no login enumeration by timing */
			pthread_once(&dummy_once, make_dummy),
				hub_password_verify(pw, dummy_hash ? dummy_hash
								   : "*");
		PQclear(res);
	}
	if (!ok) {
		login_page(r, a, 401, _("Wrong login or password"));
		goto out;
	}
	if (hub_random_hex(sid, 32) != 0 || hub_random_hex(token, 16) != 0) {
		ui_error(a, r, 500, _("no random bytes available"));
		goto out;
	}
	hub_sha256_hex(sid, hash);
	p[1] = hash;
	p[2] = token;
	res = hub_db_exec(
		r->db,
		"INSERT INTO sessions(hash, login, csrf, expires_at) "
		"VALUES (decode($2, 'hex'), $1, $3, now() + interval '"
		"12 hours')",
		3, p);
	if (!hub_db_ok(res)) {
		PQclear(res);
		ui_error(a, r, 503,
			 _("the database is unavailable, try again later"));
		goto out;
	}
	PQclear(res);
	PQclear(hub_db_exec(r->db,
			    "DELETE FROM sessions WHERE expires_at < now()", 0,
			    NULL));
	set = dot_xasprintf("dotation_session=%s; Path=/; HttpOnly; Secure; "
			    "SameSite=Strict; Max-Age=%d",
			    sid, SESSION_HOURS * 3600);
	hub_resp_header(a, "Set-Cookie", set);
	free(set);
	hub_resp_redirect(a, "/");
out:
	if (pw)
		explicit_bzero(pw, strlen(pw));
	free(login);
	free(pw);
	free(csrf);
}

void
ui_logout(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	const char *c = hub_req_cookie(r, "dotation_session");
	char hash[65];
	const char *p[1] = {hash};

	if (!hub_csrf_ok(r))
		return ui_error(a, r, 403,
				_("This form has expired: reload the page"));
	hub_sha256_hex(c ? c : "", hash);
	PQclear(hub_db_exec(
		r->db, "DELETE FROM sessions WHERE hash = decode($1, 'hex')", 1,
		p));
	hub_resp_header(a, "Set-Cookie",
			"dotation_session=; Path=/; HttpOnly; Secure; "
			"SameSite=Strict; Max-Age=0");
	hub_resp_redirect(a, "/login");
}
