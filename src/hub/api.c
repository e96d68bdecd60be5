/*
 * Protocol v1 (docs/sync-protocol.md) under /api: the push of journal
 * events and the roster and assignments feeds. Each request is checked
 * here (token, establishment, bounds, every event's shape, serials by
 * core's rules) and then stored and applied by one call of hub_push()
 * inside one transaction, so that an answer lost after the commit makes
 * the resend harmless ("duplicate") and two hub processes racing the same
 * serial are ordered by the database's unique index, not by this code.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dotation/roster.h"
#include "hub_int.h"

struct token {
	char uai[16];
	char station[80];
};

/* 0 and *t for a valid bearer token; else the answer is written. */
static int
check_token(struct hub_req *r, struct hub_resp *a, struct token *t)
{
	const char *h = hub_req_header(r, "Authorization");
	char hash[65];
	const char *p[1] = {hash};
	PGresult *res;
	char *tok;
	bool found;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
		hub_resp_json_error(a, 401, _("missing or unknown token"));
		return -1;
	}
	tok = dot_xstrdup(h + 7);
	dot_trim(tok);
	hub_sha256_hex(tok, hash);
	free(tok);
	res = hub_db_exec(
		r->db,
		"SELECT uai, station FROM tokens "
		"WHERE hash = decode($1, 'hex') AND revoked_at IS NULL",
		1, p);
	if (!hub_db_ok(res)) {
		PQclear(res);
		hub_resp_json_error(
			a, 503,
			_("the database is unavailable, try again later"));
		hub_resp_header(a, "Retry-After", "5");
		return -1;
	}
	found = PQntuples(res) == 1;
	if (found) {
		snprintf(t->uai, sizeof(t->uai), "%s", PQgetvalue(res, 0, 0));
		snprintf(t->station, sizeof(t->station), "%s",
			 PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	if (!found) {
		hub_resp_json_error(a, 401, _("missing or unknown token"));
		return -1;
	}
	return 0;
}

static bool
uuid_ok(const char *s)
{
	int i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static bool
type_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

static const char *
jget_str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *
jstr_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/*
 * The hub's view of the person an event names (data's member "person",
 * or "to" for a reassign: the one who holds the device now): key, names,
 * class. NULL when the event names no usable person.
 */
static json_t *
person_of(json_t *data, const char *member, char **holder)
{
	json_t *p = json_object_get(data, member);
	const char *last, *first, *ext, *ine_raw, *birth_raw, *cls, *prof;
	char ine[12], birth[11], *key, *both, *folded;
	const char *ine_v;
	enum dot_profile pe;
	json_t *o;

	if (!json_is_object(p))
		return NULL;
	last = jget_str(p, "last_name");
	first = jget_str(p, "first_name");
	if (!last || !first)
		return NULL;
	ext = jget_str(p, "ext_id");
	ine_raw = jget_str(p, "ine");
	birth_raw = jget_str(p, "birth_date");
	cls = jget_str(p, "class");
	prof = jget_str(p, "profile");
	/* the roster's rule, as the import's (an odd INE kept as given) */
	switch (dot_roster_ine(ine_raw, ine)) {
	case DOT_ROSTER_INE_NATIONAL:
		ine_v = ine;
		break;
	case DOT_ROSTER_INE_ODD:
		ine_v = ine_raw;
		break;
	default:
		ine_v = "";
	}
	if (!birth_raw || !dot_date_parse(birth_raw, birth))
		birth[0] = '\0';
	if (prof && dot_profile_parse(prof, &pe) != 0)
		prof = NULL;
	key = hub_person_key(ext, ine_v, last, first, birth);
	both = dot_xasprintf("%s %s", last, first);
	folded = dot_fold(both);
	o = json_pack("{s:s,s:o,s:o,s:s,s:s,s:o,s:s,s:s,s:s}", "pkey", key,
		      "ext_id", jstr_or_null(ext), "ine", jstr_or_null(ine_v),
		      "last_name", last, "first_name", first, "birth_date",
		      jstr_or_null(birth), "class", cls ? cls : "", "profile",
		      prof ? prof : "eleve", "folded", folded);
	*holder = both;
	free(key);
	free(folded);
	return o;
}

static void add_result(json_t *results, const char *uuid, const char *status,
		       const char *detail);

/*
 * hs and lost may name a replacement that the same person now holds
 * (docs/sync-protocol.md 2.1): its serial is checked like any other and
 * passed on as rserial/rkind. Returns -1 when the event was rejected.
 */
static int
replacement_of(const char *type, json_t *data, json_t *norm, json_t *results,
	       const char *uuid)
{
	json_t *rep = json_object_get(data, "replacement");
	const char *raw, *kind;
	char serial[DOT_SERIAL_BUF];

	if ((strcmp(type, "hs") != 0 && strcmp(type, "lost") != 0) ||
	    !json_is_object(rep))
		return 0;
	raw = jget_str(rep, "serial");
	if (!raw ||
	    dot_serial_check(raw, NULL, serial, sizeof(serial)) !=
		    DOT_SERIAL_OK ||
	    strcmp(serial, raw) != 0) {
		add_result(results, uuid, "rejected",
			   _("replacement without a valid serial"));
		return -1;
	}
	kind = jget_str(rep, "kind");
	json_object_set_new(norm, "rserial", json_string(serial));
	json_object_set_new(norm, "rkind",
			    json_string(kind && strcmp(kind, "loan") == 0
						? "loan"
						: "cession"));
	return 0;
}

static void
add_result(json_t *results, const char *uuid, const char *status,
	   const char *detail)
{
	json_array_append_new(results, json_pack("{s:s,s:s,s:o}", "uuid", uuid,
						 "status", status, "detail",
						 jstr_or_null(detail)));
}

/*
 * Check one event and append its normalised form to batch, or its
 * rejection to results. Events without a usable uuid cannot be answered
 * and are left out (the station keeps them pending).
 */
static void
check_event(json_t *ev, const struct token *t, json_t *batch, json_t *results)
{
	const char *uuid, *at, *type, *op, *queue, *raw, *ev_uai;
	json_t *seq, *data, *norm, *person;
	char serial[DOT_SERIAL_BUF], *holder = NULL;
	enum dot_serial_reason why;

	if (!json_is_object(ev) || !(uuid = jget_str(ev, "uuid")) ||
	    !uuid_ok(uuid))
		return;
	seq = json_object_get(ev, "seq");
	at = jget_str(ev, "at");
	type = jget_str(ev, "type");
	data = json_object_get(ev, "data");
	op = jget_str(ev, "operator");
	queue = jget_str(ev, "queue");
	if (!json_is_integer(seq) || json_integer_value(seq) < 1)
		return add_result(results, uuid, "rejected",
				  _("seq must be a positive integer"));
	if (!at || !*at || strlen(at) > 64)
		return add_result(results, uuid, "rejected",
				  _("at must be an ISO-8601 time"));
	if (!type || !type_ok(type))
		return add_result(results, uuid, "rejected",
				  _("type must be a lower-case word"));
	if (!json_is_object(data))
		return add_result(results, uuid, "rejected",
				  _("data must be an object"));
	ev_uai = jget_str(ev, "uai");
	if (!ev_uai && strcmp(type, "init") == 0)
		ev_uai = jget_str(data, "uai");
	if (ev_uai && strcasecmp(ev_uai, t->uai) != 0)
		return add_result(
			results, uuid, "rejected",
			_("event of another establishment than the token's"));
	norm = json_pack("{s:s,s:O,s:s,s:s,s:o,s:o,s:O}", "uuid", uuid, "seq",
			 seq, "at", at, "type", type, "operator",
			 jstr_or_null(op), "queue", jstr_or_null(queue), "data",
			 data);
	raw = jget_str(data, "serial");
	if (strcmp(type, "assign") == 0 || strcmp(type, "loan") == 0 ||
	    strcmp(type, "return") == 0 || strcmp(type, "hs") == 0 ||
	    strcmp(type, "lost") == 0 || strcmp(type, "reassign") == 0) {
		bool holds = strcmp(type, "assign") == 0 ||
			     strcmp(type, "loan") == 0;
		bool moves = strcmp(type, "reassign") == 0;

		if (!raw && holds) {
			json_decref(norm);
			return add_result(results, uuid, "rejected",
					  _("assign without a valid serial"));
		}
		if (raw) {
			why = dot_serial_check(raw, NULL, serial,
					       sizeof(serial));
			if (why != DOT_SERIAL_OK || strcmp(serial, raw) != 0) {
				char *m = dot_xasprintf(
					_("invalid serial (%s): serials are "
					  "0-9 A-Z "
					  "without the letter O, 6 to 20 "
					  "characters"),
					why == DOT_SERIAL_OK
						? "bad-char"
						: dot_serial_reason_key(why));

				json_decref(norm);
				add_result(results, uuid, "rejected", m);
				free(m);
				return;
			}
			json_object_set_new(norm, "serial",
					    json_string(serial));
		}
		if (holds || moves) {
			const char *kind = jget_str(data, "kind");

			json_object_set_new(
				norm, "kind",
				json_string(strcmp(type, "loan") == 0 ? "loan"
					    : kind && strcmp(kind, "loan") == 0
						    ? "loan"
						    : "cession"));
		}
	}
	if (replacement_of(type, data, norm, results, uuid) != 0) {
		json_decref(norm);
		return;
	}
	person =
		person_of(data, strcmp(type, "reassign") == 0 ? "to" : "person",
			  &holder);
	if (person) {
		json_object_set_new(norm, "person", person);
		json_object_set_new(norm, "holder", json_string(holder));
		free(holder);
	} else if (strcmp(type, "assign") == 0 || strcmp(type, "loan") == 0) {
		json_decref(norm);
		return add_result(
			results, uuid, "rejected",
			_("assign without the person it hands the device to"));
	}
	if (strcmp(type, "undo") == 0) {
		json_t *u = json_object_get(data, "undoes");
		const char *ref =
			json_is_object(u) ? jget_str(u, "uuid") : NULL;
		const char *rtype =
			json_is_object(u) ? jget_str(u, "type") : NULL;

		if (ref && uuid_ok(ref))
			json_object_set_new(norm, "undoes", json_string(ref));
		if (rtype)
			json_object_set_new(norm, "undoes_type",
					    json_string(rtype));
	}
	json_array_append_new(batch, norm);
}

static bool
transient(const char *state)
{
	/* serialization failure, deadlock, lock or statement time-out,
	 * too many connections, the server shutting down */
	return strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	       strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0 ||
	       strcmp(state, "53300") == 0 || strncmp(state, "57P", 3) == 0 ||
	       strncmp(state, "08", 2) == 0;
}

/*
 * Store and apply the batch: one statement, hence one transaction and one
 * round trip (hub_push() in schema.c also writes each new conflict's
 * detail from the two templates, in the operator's words, and the
 * station's last sync). Another school's student is named by class and
 * school only. Returns 0, or the HTTP status to answer (503 for what a
 * retry may cure, 500 otherwise).
 */
static int
push_batch(PGconn *db, const struct token *t, json_t *batch, json_t *results)
{
	char *doc = json_dumps(batch, JSON_COMPACT);
	const char *p[5] =
		{t->uai, t->station, doc,
		 _("serial %s is held by %s (%s) at station %s (UAI %s) since "
		   "%s"),
		 _("serial %s is held by a student of %s at %s (UAI %s), "
		   "station %s, since %s")};
	int attempt, status = 500;

	for (attempt = 0; attempt < 3; attempt++) {
		PGresult *res =
			hub_db_exec(db,
				    "SELECT r_uuid, r_status, r_detail "
				    "FROM hub_push($1, $2, $3::jsonb, $4, $5)",
				    5, p);
		int i, n;

		if (hub_db_ok(res)) {
			n = PQntuples(res);
			for (i = 0; i < n; i++)
				add_result(results, PQgetvalue(res, i, 0),
					   PQgetvalue(res, i, 1),
					   PQgetisnull(res, i, 2)
						   ? NULL
						   : PQgetvalue(res, i, 2));
			PQclear(res);
			free(doc);
			return 0;
		}
		status = transient(hub_db_state(res)) ? 503 : 500;
		if (status == 500)
			fprintf(stderr, "dotation-hub: push failed: %s",
				PQresultErrorMessage(res));
		PQclear(res);
		if (status != 503 || PQstatus(db) != CONNECTION_OK)
			break;
	}
	free(doc);
	return status;
}

void
api_events(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	struct token t;
	json_error_t jerr;
	json_t *doc, *events, *batch, *results, *seen;
	const char *uai, *station;
	size_t i, n;
	int status;

	if (check_token(r, a, &t) != 0)
		return;
	doc = json_loadb(r->body.p ? r->body.p : "", r->body.n, 0, &jerr);
	uai = jget_str(doc, "uai");
	station = jget_str(doc, "station");
	events = json_object_get(doc, "events");
	if (!json_is_object(doc) || !uai || !station ||
	    !json_is_array(events) || json_array_size(events) == 0) {
		json_decref(doc);
		return hub_resp_json_error(
			a, 400,
			_("expected {uai, station, events:[...]} "
			  "with 1 to 500 events"));
	}
	n = json_array_size(events);
	if (n > DOT_HUB_MAX_EVENTS) {
		json_decref(doc);
		return hub_resp_json_error(a, 413,
					   _("at most 500 events per request"));
	}
	if (strcasecmp(uai, t.uai) != 0 || strcmp(station, t.station) != 0) {
		char *m = dot_xasprintf(_("this token is for station %s of %s"),
					t.station, t.uai);

		json_decref(doc);
		hub_resp_json_error(a, 403, m);
		free(m);
		return;
	}
	batch = json_array();
	results = json_array();
	seen = json_object();
	for (i = 0; i < n; i++) {
		json_t *ev = json_array_get(events, i);
		const char *u = jget_str(ev, "uuid");

		/* The answer names each uuid once: later copies are left out. */
		if (u && json_object_get(seen, u))
			continue;
		if (u)
			json_object_set_new(seen, u, json_true());
		check_event(ev, &t, batch, results);
	}
	json_decref(seen);
	status = json_array_size(batch) ? push_batch(r->db, &t, batch, results)
					: 0;
	json_decref(batch);
	json_decref(doc);
	if (status) {
		json_decref(results);
		hub_resp_json_error(
			a, status,
			status == 503
				? _("the hub is busy, try again later")
				: _("the hub failed to store the events"));
		if (status == 503)
			hub_resp_header(a, "Retry-After", "2");
		return;
	}
	{
		json_t *ans = json_pack("{s:o}", "results", results);
		char *s = json_dumps(ans, JSON_COMPACT);

		hub_buf_puts(&a->body, s);
		free(s);
		json_decref(ans);
	}
	a->ctype = "application/json";
}

/* Parse a feed cursor "XID.ID" (absent: the beginning). */
static bool
parse_cursor(const char *s, char xid[24], char id[24])
{
	unsigned long long x = 0, i = 0;
	char extra;

	if (!s || !*s) {
		strcpy(xid, "0");
		strcpy(id, "0");
		return true;
	}
	if (strlen(s) > 48 || sscanf(s, "%llu.%llu%c", &x, &i, &extra) != 2)
		return false;
	snprintf(xid, 24, "%llu", x);
	snprintf(id, 24, "%llu", i);
	return true;
}

/* Token and ?uai= checks shared by the feeds; 0 or the answer is set. */
static int
feed_prologue(struct hub_req *r, struct hub_resp *a, struct token *t,
	      char xid[24], char id[24])
{
	const char *uai;

	if (check_token(r, a, t) != 0)
		return -1;
	uai = hub_req_arg(r, "uai");
	if (!uai || strcasecmp(uai, t->uai) != 0) {
		char *m = dot_xasprintf(_("this token is for station %s of %s"),
					t->station, t->uai);

		hub_resp_json_error(a, 403, m);
		free(m);
		return -1;
	}
	if (!parse_cursor(hub_req_arg(r, "since"), xid, id)) {
		hub_resp_json_error(a, 400, _("bad cursor"));
		return -1;
	}
	return 0;
}

static void
feed_busy(struct hub_resp *a, PGresult *res)
{
	PQclear(res);
	hub_resp_json_error(a, 503, _("the hub is busy, try again later"));
	hub_resp_header(a, "Retry-After", "2");
}

/* The cursor of the page's last row (columns 0 and 1: xid, id). */
static void
feed_last(PGresult *res, char xid[24], char id[24])
{
	int n = PQntuples(res);

	if (n) {
		snprintf(xid, 24, "%s", PQgetvalue(res, n - 1, 0));
		snprintf(id, 24, "%s", PQgetvalue(res, n - 1, 1));
	}
}

static void
feed_end(struct hub_resp *a, const char *xid, const char *id, bool any,
	 const char *since)
{
	char *q, *c = any ? dot_xasprintf("%s.%s", xid, id)
			  : dot_xstrdup(since && *since ? since : "0.0");

	q = dot_json_quote(c);
	hub_buf_printf(&a->body, "],\"cursor\":%s}", q);
	free(q);
	free(c);
	a->ctype = "application/json";
}

/*
 * Rows of a feed after the cursor, oldest transaction first, only from
 * transactions older than every one still running (see schema.c).
 */
#define FEED_WINDOW                                                            \
	"AND (xid, id) > ($2::xid8, $3::bigint) "                              \
	"AND xid < pg_snapshot_xmin(pg_current_snapshot()) "                   \
	"ORDER BY xid, id LIMIT 500"

void
api_roster(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	struct token t;
	char xid[24], id[24];
	const char *p[3] = {t.uai, xid, id};
	PGresult *res;
	int i, n;

	if (feed_prologue(r, a, &t, xid, id) != 0)
		return;
	res = hub_db_exec(
		r->db,
		"SELECT xid::text, id, item::text FROM roster_changes "
		"WHERE uai = $1 " FEED_WINDOW,
		3, p);
	if (!hub_db_ok(res))
		return feed_busy(a, res);
	n = PQntuples(res);
	hub_buf_puts(&a->body, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i)
			hub_buf_puts(&a->body, ",");
		hub_buf_puts(&a->body, PQgetvalue(res, i, 2));
	}
	feed_last(res, xid, id);
	PQclear(res);
	feed_end(a, xid, id, n > 0, hub_req_arg(r, "since"));
}

void
api_assignments(struct hub_req *r, struct hub_resp *a, const char *rest)
{
	struct token t;
	char xid[24], id[24];
	const char *p[3] = {t.uai, xid, id};
	PGresult *res;
	json_t *item;
	int i, n;

	if (feed_prologue(r, a, &t, xid, id) != 0)
		return;
	res = hub_db_exec(
		r->db,
		"SELECT c.xid::text, c.id, c.serial, c.uai, c.station, "
		"c.holder_name, c.holder_class, c.kind, c.at, c.active, "
		"s.name FROM assignment_changes c "
		"LEFT JOIN schools s USING (uai) "
		"WHERE $1::text IS NOT NULL "
		"AND (c.xid, c.id) > ($2::xid8, $3::bigint) "
		"AND c.xid < pg_snapshot_xmin(pg_current_snapshot()) "
		"ORDER BY c.xid, c.id LIMIT 500",
		3, p);
	if (!hub_db_ok(res))
		return feed_busy(a, res);
	n = PQntuples(res);
	hub_buf_puts(&a->body, "{\"items\":[");
	for (i = 0; i < n; i++) {
		const char *uai = PQgetvalue(res, i, 3);
		bool active = PQgetvalue(res, i, 9)[0] == 't';
		const char *cls = PQgetvalue(res, i, 6);
		char *holder = NULL, *s;

		if (active && strcmp(uai, t.uai) == 0)
			holder =
				*cls ? dot_xasprintf("%s (%s)",
						     PQgetvalue(res, i, 5), cls)
				     : dot_xstrdup(PQgetvalue(res, i, 5));
		else if (active)
			/* No names of another school's students. */
			holder = dot_xasprintf(_("a student of %s at %s"),
					       *cls ? cls : "-",
					       PQgetvalue(res, i, 10));
		item = json_pack("{s:s,s:o,s:s,s:s,s:o,s:s,s:b}", "serial",
				 PQgetvalue(res, i, 2), "holder",
				 jstr_or_null(holder), "station",
				 PQgetvalue(res, i, 4), "uai", uai, "kind",
				 active ? json_string(PQgetvalue(res, i, 7))
					: json_null(),
				 "at", PQgetvalue(res, i, 8), "active", active);
		s = json_dumps(item, JSON_COMPACT);
		if (i)
			hub_buf_puts(&a->body, ",");
		hub_buf_puts(&a->body, s);
		free(s);
		free(holder);
		json_decref(item);
	}
	feed_last(res, xid, id);
	PQclear(res);
	/* The end of a run: the dashboard's "last sync" of this station. */
	if (n == 0) {
		const char *q[2] = {t.uai, t.station};

		PQclear(hub_db_exec(r->db,
				    "UPDATE stations SET last_seen = now() "
				    "WHERE uai = $1 AND station = $2",
				    2, q));
	}
	feed_end(a, xid, id, n > 0, hub_req_arg(r, "since"));
}
