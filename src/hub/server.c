/*
 * dotation-hub serve: libmicrohttpd over TLS (its GnuTLS support) with a
 * pool of worker threads, each holding its own PostgreSQL connection, and
 * one routes table (cgit's cmd.c) for the protocol under /api and the
 * dashboard under /. The process keeps no state between requests: every
 * session, token and event lives in the database, so that several hub
 * processes can serve one database behind a load balancer.
 *
 * Request bodies are bounded (DOT_HUB_MAX_BODY for the protocol,
 * DOT_HUB_MAX_FORM for the dashboard): a larger Content-Length is
 * answered 413 before reading it, a larger chunked body is discarded as
 * it arrives and answered 413 at its end.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "hub_int.h"

static const char *conninfo;
static __thread PGconn *thread_db;

/* This thread's connection, (re)opened as needed; NULL when unreachable. */
static PGconn *
worker_db(void)
{
	if (thread_db && PQstatus(thread_db) == CONNECTION_OK)
		return thread_db;
	if (thread_db) {
		PQreset(thread_db);
		if (PQstatus(thread_db) == CONNECTION_OK)
			return thread_db;
		PQfinish(thread_db);
		thread_db = NULL;
	}
	thread_db = hub_db_connect(conninfo, NULL);
	if (thread_db)
		hub_db_cmd(thread_db, "SET statement_timeout = '30s';"
				      "SET lock_timeout = '15s'");
	return thread_db;
}

struct route {
	const char *method;
	const char *path; /* exact, or a prefix when it ends with '/' */
	hub_handler fn;
	bool session; /* a dashboard page: needs a logged-in account */
	size_t limit; /* body bound */
};

static const struct route routes[] = {
	{"POST", "/api/v1/events", api_events, false, DOT_HUB_MAX_BODY},
	{"GET", "/api/v1/roster", api_roster, false, 0},
	{"GET", "/api/v1/assignments", api_assignments, false, 0},
	{"GET", "/login", ui_login_form, false, 0},
	{"POST", "/login", ui_login_post, false, DOT_HUB_MAX_FORM},
	{"POST", "/logout", ui_logout, true, DOT_HUB_MAX_FORM},
	{"GET", "/schools.csv", ui_region_csv, true, 0},
	{"GET", "/schools/", ui_school, true, 0},
	{"GET", "/conflicts", ui_conflicts, true, 0},
	{"POST", "/conflicts/resolve", ui_conflict_resolve, true,
	 DOT_HUB_MAX_FORM},
	{"GET", "/", ui_home, true, 0},
	{NULL, NULL, NULL, false, 0},
};

static const struct route *
find_route(const char *method, const char *path, const char **rest,
	   bool *path_known)
{
	const struct route *rt;

	*path_known = false;
	for (rt = routes; rt->method; rt++) {
		size_t n = strlen(rt->path);
		bool match = n > 1 && rt->path[n - 1] == '/'
				     ? strncmp(path, rt->path, n) == 0
				     : strcmp(path, rt->path) == 0;

		if (!match)
			continue;
		*path_known = true;
		if (strcmp(method, rt->method) == 0) {
			*rest = path +
				(rt->path[n - 1] == '/' ? n : strlen(path));
			return rt;
		}
	}
	return NULL;
}

const char *
hub_req_header(struct hub_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
hub_req_arg(struct hub_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *
hub_req_cookie(struct hub_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
hub_form_field(const struct hub_req *r, const char *name)
{
	const char *s = r->body.p, *end;
	size_t nl = strlen(name);

	if (!s)
		return NULL;
	end = s + r->body.n;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;

		if ((size_t)(stop - s) > nl && strncmp(s, name, nl) == 0 &&
		    s[nl] == '=') {
			char *out = dot_xmalloc((size_t)(stop - s) + 1),
			     *o = out;
			const char *p;

			for (p = s + nl + 1; p < stop; p++) {
				if (*p == '+') {
					*o++ = ' ';
				} else if (*p == '%' && p + 2 < stop &&
					   hexval(p[1]) >= 0 &&
					   hexval(p[2]) >= 0) {
					*o++ = (char)(hexval(p[1]) * 16 +
						      hexval(p[2]));
					p += 2;
				} else {
					*o++ = *p;
				}
			}
			*o = '\0';
			if (!dot_utf8_valid(out, (size_t)(o - out)) ||
			    strlen(out) != (size_t)(o - out)) {
				free(out);
				return NULL;
			}
			return out;
		}
		s = stop + 1;
	}
	return NULL;
}

void
hub_resp_header(struct hub_resp *a, const char *name, const char *val)
{
	if (a->nheaders >= HUB_MAX_HEADERS)
		return;
	a->hname[a->nheaders] = name;
	a->hval[a->nheaders++] = dot_xstrdup(val);
}

void
hub_resp_json_error(struct hub_resp *a, int status, const char *msg)
{
	char *q = dot_json_quote(msg);

	hub_buf_release(&a->body);
	a->status = status;
	a->ctype = "application/json";
	hub_buf_printf(&a->body, "{\"error\":%s}", q);
	free(q);
}

void
hub_resp_redirect(struct hub_resp *a, const char *to)
{
	a->status = 303;
	a->ctype = "text/plain; charset=utf-8";
	hub_resp_header(a, "Location", to);
}

static void
account_free(struct hub_account *acct)
{
	if (!acct)
		return;
	free(acct->login);
	free(acct->uai);
	free(acct->csrf);
	free(acct);
}

/* The account of the request's session cookie, or NULL. */
static struct hub_account *
load_session(struct hub_req *r)
{
	const char *c = hub_req_cookie(r, "dotation_session");
	char hash[65];
	const char *p[1] = {hash};
	struct hub_account *acct = NULL;
	PGresult *res;

	if (!c || strlen(c) != 64)
		return NULL;
	hub_sha256_hex(c, hash);
	res = hub_db_exec(
		r->db,
		"SELECT s.login, u.uai, s.csrf FROM sessions s "
		"JOIN users u USING (login) "
		"WHERE s.hash = decode($1, 'hex') AND s.expires_at > now()",
		1, p);
	if (hub_db_ok(res) && PQntuples(res) == 1) {
		acct = dot_xcalloc(1, sizeof(*acct));
		acct->login = dot_xstrdup(PQgetvalue(res, 0, 0));
		if (!PQgetisnull(res, 0, 1))
			acct->uai = dot_xstrdup(PQgetvalue(res, 0, 1));
		acct->csrf = dot_xstrdup(PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return acct;
}

static enum MHD_Result
send_answer(struct MHD_Connection *c, struct hub_resp *a, bool html_headers)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t n = a->body.n;
	int i;

	resp = MHD_create_response_from_buffer(n, n ? a->body.p : (void *)"",
					       n ? MHD_RESPMEM_MUST_FREE
						 : MHD_RESPMEM_PERSISTENT);
	if (n)
		a->body.p = NULL; /* owned by the response now */
	hub_buf_release(&a->body);
	MHD_add_response_header(resp, "Content-Type",
				a->ctype ? a->ctype : "application/json");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (html_headers) {
		MHD_add_response_header(
			resp, "Content-Security-Policy",
			"default-src 'none'; style-src 'unsafe-inline'; "
			"form-action 'self'; frame-ancestors 'none'");
		MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000");
	}
	for (i = 0; i < a->nheaders; i++) {
		MHD_add_response_header(resp, a->hname[i], a->hval[i]);
		free(a->hval[i]);
	}
	ret = MHD_queue_response(c, (unsigned)a->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size,
       void **con_cls)
{
	struct hub_req *r = *con_cls;
	struct hub_resp a = {.status = 200};
	const struct route *rt;
	const char *rest = "";
	bool known;
	enum MHD_Result ret;

	if (!r) {
		const char *len;

		r = dot_xcalloc(1, sizeof(*r));
		r->conn = c;
		*con_cls = r;
		rt = find_route(method, url, &rest, &known);
		r->limit = rt ? rt->limit : 0;
		len = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > r->limit) {
			r->too_large = true;
			hub_resp_json_error(&a, 413,
					    _("request body too large"));
			return send_answer(c, &a, false);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->too_large || r->body.n + *upload_size > r->limit)
			r->too_large = true;
		else
			hub_buf_add(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_large) {
		hub_resp_json_error(&a, 413, _("request body too large"));
		return send_answer(c, &a, false);
	}
	r->method = method;
	r->path = url;
	rt = find_route(method, url, &rest, &known);
	if (!rt) {
		hub_resp_json_error(&a, known ? 405 : 404,
				    known ? _("method not allowed")
					  : _("no such page"));
		return send_answer(c, &a, false);
	}
	r->db = worker_db();
	if (!r->db) {
		hub_resp_json_error(
			&a, 503,
			_("the database is unavailable, try again later"));
		hub_resp_header(&a, "Retry-After", "5");
		return send_answer(c, &a, false);
	}
	if (rt->session) {
		r->acct = load_session(r);
		if (!r->acct) {
			hub_resp_redirect(&a, "/login");
			return send_answer(c, &a, true);
		}
	}
	rt->fn(r, &a, rest);
	ret = send_answer(c, &a, strncmp(url, "/api/", 5) != 0);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	struct hub_req *r = *con_cls;

	if (!r)
		return;
	hub_buf_release(&r->body);
	account_free(r->acct);
	free(r);
	*con_cls = NULL;
}

static char *
read_pem(const char *path, char **cause)
{
	FILE *f = fopen(path, "rb");
	struct hub_buf b = {0};
	char chunk[4096];
	size_t n;

	if (!f) {
		dot_fail(cause, DOT_ERUNTIME, _("cannot open '%s': %s"), path,
			 strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.n < (1 << 20))
		hub_buf_add(&b, chunk, n);
	fclose(f);
	if (!b.p) {
		dot_fail(cause, DOT_ERUNTIME, _("'%s' is empty"), path);
		return NULL;
	}
	return b.p;
}

static int
parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6,
	     char **cause)
{
	struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *res;
	const char *colon = strrchr(listen, ':');
	char *host;
	int e;

	if (!colon || colon == listen || !colon[1])
		return dot_fail(
			cause, DOT_EUSAGE,
			_("--listen expects ADDR:PORT, e.g. 127.0.0.1:8443"));
	host = dot_xstrndup(listen, (size_t)(colon - listen));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	e = getaddrinfo(host, colon + 1, &hints, &res);
	free(host);
	if (e != 0)
		return dot_fail(cause, DOT_EUSAGE,
				_("cannot listen on '%s': %s"), listen,
				gai_strerror(e));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

int
dot_hub_serve(const struct dot_hub_serve_opts *o, char **cause)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	char *cert = NULL, *key = NULL;
	struct rlimit rl;
	sigset_t set;
	PGconn *db;
	bool v6 = false;
	int sig, rc;

	if ((rc = parse_listen(o->listen, &ss, &v6, cause)) != 0)
		return rc;
	if (!(cert = read_pem(o->cert, cause)) ||
	    !(key = read_pem(o->key, cause))) {
		free(cert);
		return DOT_ERUNTIME;
	}
	conninfo = o->conninfo;
	if (!(db = hub_db_connect(conninfo, cause))) {
		rc = DOT_ERUNTIME;
		goto out;
	}
	rc = hub_db_check_schema(db, cause);
	PQfinish(db);
	if (rc != 0)
		goto out;
	/* Many stations keep a connection each: raise the descriptor limit. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* Workers inherit the mask: only this thread takes the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_AUTO | (v6 ? MHD_USE_IPv6 : 0),
			     0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&ss, MHD_OPTION_HTTPS_MEM_CERT,
			     cert, MHD_OPTION_HTTPS_MEM_KEY, key,
			     MHD_OPTION_HTTPS_PRIORITIES,
			     "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
			     MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned)(o->threads > 0 ? o->threads : 4),
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)8192,
			     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (!d) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot serve on '%s' (address in use, or the "
				"certificate and key do not match)"),
			      o->listen);
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	{
		char host[INET6_ADDRSTRLEN] = "?";

		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&ss)->sin_addr, host,
				  sizeof(host));
		else
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)&ss)->sin6_addr,
				  host, sizeof(host));
		printf(v6 ? "listening on https://[%s]:%u\n"
			  : "listening on https://%s:%u\n",
		       host, info ? (unsigned)info->port : 0);
		fflush(stdout);
	}
	do {
		if (sigwait(&set, &sig) != 0)
			break;
	} while (sig == SIGPIPE);
	MHD_stop_daemon(d);
out:
	free(cert);
	free(key);
	return rc;
}
