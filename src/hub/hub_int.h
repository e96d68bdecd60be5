/*
 * Internal interface of the hub module (src/hub/): the growing buffer
 * every answer is written into, the escaping helpers every byte of a page
 * goes through, PostgreSQL access, hashing and passwords, and the request
 * and answer structures the routes table dispatches (cgit's cmd.c).
 */
#ifndef DOT_HUB_INT_H
#define DOT_HUB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "dotation/core.h"
#include "dotation/hub.h"
#include "dotation/i18n.h"

/* ---- buffer ------------------------------------------------------------ */
struct hub_buf {
	char *p; /* NUL-terminated once anything was added */
	size_t n, cap;
};
void hub_buf_add(struct hub_buf *b, const char *s, size_t n);
void hub_buf_puts(struct hub_buf *b, const char *s);
void hub_buf_printf(struct hub_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hub_buf_release(struct hub_buf *b);

/* ---- html.c: escaping, the only way text reaches a page ---------------- */
/* s as HTML text or attribute value (& < > " ' escaped); NULL adds nothing. */
void html_txt(struct hub_buf *b, const char *s);
/* s percent-encoded for a URL path segment or query value. */
void html_url_arg(struct hub_buf *b, const char *s);
/* The header row (translated) and every row of res as CSV. */
void csv_table(struct hub_buf *b, PGresult *res, const char *const *heads,
	       int ncols);
/* s as one CSV field (quoted; a leading = + - @ defused for spreadsheets). */
void csv_field(struct hub_buf *b, const char *s);

/* ---- schema.c ---------------------------------------------------------- */
int hub_schema_count(void);
const char *hub_schema_migration(int i);

/* ---- db.c -------------------------------------------------------------- */
/* Connect with conninfo; NULL and *cause when it fails. */
PGconn *hub_db_connect(const char *conninfo, char **cause);
/* Run the missing migrations under an advisory lock; 0 or DOT_ERUNTIME. */
int hub_db_migrate(PGconn *db, int *applied, char **cause);
/* PQexecParams with text parameters and results; never NULL. */
PGresult *hub_db_exec(PGconn *db, const char *sql, int n,
		      const char *const *params);
/* True when r is PGRES_COMMAND_OK or PGRES_TUPLES_OK. */
bool hub_db_ok(const PGresult *r);
/* The SQLSTATE of a failed result ("" when none). */
const char *hub_db_state(const PGresult *r);
/*
 * Record the error of r (or of the connection when r is NULL) in *cause,
 * clear r and return DOT_ERUNTIME.
 */
int hub_db_fail(PGconn *db, PGresult *r, char **cause);
/* Run a parameterless command; 0 or -1. */
int hub_db_cmd(PGconn *db, const char *sql);
/* Verify that the schema is current; 0 or DOT_ERUNTIME with *cause. */
int hub_db_check_schema(PGconn *db, char **cause);

/* ---- auth.c ------------------------------------------------------------ */
/* SHA-256 of s as 64 hex digits in out (65 bytes). */
void hub_sha256_hex(const char *s, char out[65]);
/* nbytes random bytes as hex in out (2*nbytes+1 bytes); 0 or -1. */
int hub_random_hex(char *out, size_t nbytes);
/* A yescrypt hash of pw; NULL on failure. The caller frees it. */
char *hub_password_hash(const char *pw);
/* True when pw matches the stored hash (constant time compare). */
bool hub_password_verify(const char *pw, const char *hash);
/* Compare two strings in time independent of their contents. */
bool hub_str_equal(const char *a, const char *b);

/* ---- the person key shared by roster import and events ---------------- */
/*
 * The hub's key for a person of a school: the external id, else the INE,
 * else folded names and birth date (the station's matching rules, in
 * that order). Returns a new string.
 */
char *hub_person_key(const char *ext_id, const char *ine, const char *last,
		     const char *first, const char *birth);

/* ---- requests and answers ---------------------------------------------- */
struct hub_account {
	char *login;
	char *uai; /* NULL: a Region account */
	char *csrf;
};

struct MHD_Connection;

struct hub_req {
	struct MHD_Connection *conn;
	const char *method, *path;
	struct hub_buf body;
	bool too_large;
	size_t limit;
	PGconn *db;               /* this thread's connection, or NULL */
	struct hub_account *acct; /* NULL without a session */
};

#define HUB_MAX_HEADERS 6
struct hub_resp {
	int status;
	const char *ctype;
	struct hub_buf body;
	const char *hname[HUB_MAX_HEADERS];
	char *hval[HUB_MAX_HEADERS];
	int nheaders;
};

/* Lookups on the request (NULL when absent). */
const char *hub_req_header(struct hub_req *r, const char *name);
const char *hub_req_arg(struct hub_req *r, const char *name);
const char *hub_req_cookie(struct hub_req *r, const char *name);
/* A field of an application/x-www-form-urlencoded body; a new string. */
char *hub_form_field(const struct hub_req *r, const char *name);

void hub_resp_header(struct hub_resp *a, const char *name, const char *val);
/* A JSON error answer {"error": msg}. */
void hub_resp_json_error(struct hub_resp *a, int status, const char *msg);
void hub_resp_redirect(struct hub_resp *a, const char *to);

/* Routes (handlers fill the answer). */
typedef void (*hub_handler)(struct hub_req *r, struct hub_resp *a,
			    const char *rest);
void api_events(struct hub_req *r, struct hub_resp *a, const char *rest);
void api_roster(struct hub_req *r, struct hub_resp *a, const char *rest);
void api_assignments(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_login_form(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_login_post(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_logout(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_home(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_region_csv(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_school(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_conflicts(struct hub_req *r, struct hub_resp *a, const char *rest);
void ui_conflict_resolve(struct hub_req *r, struct hub_resp *a,
			 const char *rest);

/* ---- html.c: the page frame shared by every dashboard page ------------- */
void html_page_begin(struct hub_resp *a, const struct hub_req *r,
		     const char *title);
void html_page_end(struct hub_resp *a);
/* A hidden CSRF field for the session's forms. */
void html_csrf_field(struct hub_buf *b, const struct hub_req *r);
/* True when the form's CSRF field matches the session's. */
bool hub_csrf_ok(const struct hub_req *r);
/* An HTML error page with status (403, 404...). */
void ui_error(struct hub_resp *a, const struct hub_req *r, int status,
	      const char *msg);
/* Clear res and answer 503: the database failed. */
void ui_unavailable(struct hub_resp *a, const struct hub_req *r, PGresult *res);
/* Percentage of n over d rounded down to 0.1, as "85,0 %". */
void html_rate(struct hub_buf *b, long n, long d);

#endif
