/*
 * Protocol v1 documents. The push body is written directly (each entry's
 * data is already JSON, checked by the schema's json_valid constraint);
 * answers are parsed with jansson and validated completely before
 * anything is recorded: a doubtful answer marks nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/roster.h"
#include "sync_int.h"

struct buf {
	char *p;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = dot_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_quote(struct buf *b, const char *s)
{
	char *q = dot_json_quote(s);

	buf_str(b, q);
	free(q);
}

char *
sync_events_body(const char *uai, const char *station,
		 const struct dot_journal_entry *v, size_t n, size_t *len)
{
	struct buf b = {0};
	char num[32];
	size_t i;

	buf_str(&b, "{\"uai\":");
	buf_quote(&b, uai);
	buf_str(&b, ",\"station\":");
	buf_quote(&b, station);
	buf_str(&b, ",\"events\":[");
	for (i = 0; i < n; i++) {
		const struct dot_journal_entry *e = &v[i];

		buf_str(&b, i ? ",{\"uuid\":" : "{\"uuid\":");
		buf_quote(&b, e->uuid);
		snprintf(num, sizeof(num),
			 ",\"seq\":%lld,\"at\":", (long long)e->seq);
		buf_str(&b, num);
		buf_quote(&b, e->at);
		buf_str(&b, ",\"type\":");
		buf_quote(&b, dot_journal_type_name(e->type));
		buf_str(&b, ",\"operator\":");
		buf_quote(&b, e->operator_name ? e->operator_name : "");
		buf_str(&b, ",\"queue\":");
		buf_quote(&b, e->queue ? e->queue : "");
		buf_str(&b, ",\"data\":");
		buf_str(&b, e->data && *e->data ? e->data : "{}");
		buf_str(&b, "}");
	}
	buf_str(&b, "]}");
	*len = b.len;
	return b.p;
}

static int why_fail(char **why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
why_fail(char **why, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		free(*why);
		*why = dot_xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

static json_t *
load(const char *body, size_t len, char **why)
{
	json_error_t err;
	json_t *root;

	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		why_fail(why, _("not JSON: %s at byte %d"), err.text,
			 err.position);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		why_fail(why, _("not a JSON object"));
		return NULL;
	}
	return root;
}

void
sync_results_release(struct sync_results *r)
{
	if (!r)
		return;
	json_decref(r->root);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int
cmp_uuid(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
sync_parse_results(const char *body, size_t len,
		   const struct dot_journal_entry *batch, size_t n,
		   struct sync_results *out, char **why)
{
	const char **uuids = NULL;
	unsigned char *seen = NULL;
	json_t *results, *item;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->root = load(body, len, why);
	if (!out->root)
		return -1;
	results = json_object_get(out->root, "results");
	if (!json_is_array(results)) {
		why_fail(why, _("no \"results\" array"));
		goto fail;
	}
	if (json_array_size(results) > n) {
		why_fail(why, _("%zu results for %zu events"),
			 json_array_size(results), n);
		goto fail;
	}
	/* Sorted uuids of the batch: each result must name one, once. */
	uuids = dot_xcalloc(n ? n : 1, sizeof(*uuids));
	seen = dot_xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++)
		uuids[i] = batch[i].uuid;
	qsort(uuids, n, sizeof(*uuids), cmp_uuid);
	out->v = dot_xcalloc(json_array_size(results) + 1, sizeof(*out->v));
	json_array_foreach(results, k, item)
	{
		const char *uuid, *status, **hit;
		enum dot_push_state state;
		json_t *detail;

		if (!json_is_object(item)) {
			why_fail(why, _("result %zu is not an object"), k);
			goto fail;
		}
		uuid = json_string_value(json_object_get(item, "uuid"));
		status = json_string_value(json_object_get(item, "status"));
		detail = json_object_get(item, "detail");
		if (!uuid || !status) {
			why_fail(why, _("result %zu has no uuid or status"), k);
			goto fail;
		}
		hit = bsearch(&uuid, uuids, n, sizeof(*uuids), cmp_uuid);
		if (!hit) {
			why_fail(why,
				 _("result %zu names an event we did not "
				   "send"),
				 k);
			goto fail;
		}
		if (seen[hit - uuids]++) {
			why_fail(why, _("event %s answered twice"), uuid);
			goto fail;
		}
		/* an answer is one of the push states, never "pending" */
		if (dot_push_state_parse(status, &state) != 0 ||
		    state == DOT_PUSH_PENDING) {
			why_fail(why, _("unknown status '%.40s'"), status);
			goto fail;
		}
		if (detail && !json_is_null(detail) &&
		    !json_is_string(detail)) {
			why_fail(why,
				 _("result %zu has a detail that is not "
				   "a string"),
				 k);
			goto fail;
		}
		out->v[out->n].uuid = uuid;
		out->v[out->n].state = state;
		out->v[out->n].detail = json_string_value(detail);
		out->n++;
	}
	out->missing = n - out->n;
	free(uuids);
	free(seen);
	return 0;
fail:
	free(uuids);
	free(seen);
	sync_results_release(out);
	return -1;
}

void
sync_feed_release(struct sync_feed *f)
{
	if (!f)
		return;
	json_decref(f->root);
	free(f->cursor);
	memset(f, 0, sizeof(*f));
}

int
sync_parse_feed(const char *body, size_t len, struct sync_feed *out, char **why)
{
	json_t *cursor;

	memset(out, 0, sizeof(*out));
	out->root = load(body, len, why);
	if (!out->root)
		return -1;
	out->items = json_object_get(out->root, "items");
	if (!json_is_array(out->items)) {
		why_fail(why, _("no \"items\" array"));
		goto fail;
	}
	cursor = json_object_get(out->root, "cursor");
	if (json_is_string(cursor)) {
		const char *c = json_string_value(cursor);

		if (strlen(c) > 512) {
			why_fail(why, _("cursor longer than 512 characters"));
			goto fail;
		}
		out->cursor = dot_xstrdup(c);
	} else if (json_is_integer(cursor)) {
		out->cursor =
			dot_xasprintf("%lld",
				      (long long)json_integer_value(cursor));
	} else if (cursor && !json_is_null(cursor)) {
		why_fail(why, _("cursor is neither a string nor a number"));
		goto fail;
	}
	return 0;
fail:
	sync_feed_release(out);
	return -1;
}

/* A string member, NULL when absent or null; -1 when of another type. */
static int
opt_string(json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	if (!**out)
		*out = NULL;
	return 0;
}

static int
opt_bool(json_t *obj, const char *key, bool def, bool *out)
{
	json_t *v = json_object_get(obj, key);

	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return -1;
	*out = json_is_true(v);
	return 0;
}

int
sync_roster_item(json_t *item, int index, struct sync_person *out, char **why)
{
	struct dot_person_in *p = &out->in;
	const char *birth, *ine, *profile;

	memset(out, 0, sizeof(*out));
	p->line = index + 1;
	if (!json_is_object(item))
		return why_fail(why, _("roster item %d is not an object"),
				index + 1);
	if (opt_string(item, "ext_id", &p->ext_id) ||
	    opt_string(item, "ine", &ine) ||
	    opt_string(item, "last_name", &p->last_name) ||
	    opt_string(item, "first_name", &p->first_name) ||
	    opt_string(item, "birth_date", &birth) ||
	    opt_string(item, "class", &p->class_name) ||
	    opt_string(item, "profile", &profile) ||
	    opt_bool(item, "active", true, &p->active))
		return why_fail(why,
				_("roster item %d has a member of the "
				  "wrong type"),
				index + 1);
	if (!p->last_name || !p->first_name)
		return why_fail(why,
				_("roster item %d has no last or first "
				  "name"),
				index + 1);
	/* the import's rule: the upstream's text is hostile input too */
	if (!dot_roster_text_ok(p->last_name) ||
	    !dot_roster_text_ok(p->first_name) ||
	    !dot_roster_text_ok(p->class_name) ||
	    !dot_roster_text_ok(p->ext_id))
		return why_fail(why,
				_("roster item %d: a name, class or "
				  "identifier holds a control or "
				  "text-direction character, or is over "
				  "%d characters long"),
				index + 1, DOT_ROSTER_MAX_FIELD);
	if (birth) {
		if (!dot_date_parse(birth, out->birth))
			return why_fail(why,
					_("roster item %d: bad birth date "
					  "'%.20s'"),
					index + 1, birth);
		p->birth_date = out->birth;
	}
	/* the import's rule (roster): an odd INE is kept as given */
	switch (dot_roster_ine(ine, out->ine)) {
	case DOT_ROSTER_INE_NONE:
		break;
	case DOT_ROSTER_INE_NATIONAL:
		p->ine = out->ine;
		break;
	case DOT_ROSTER_INE_ODD:
		p->ine = ine;
		out->ine_odd = true;
		break;
	case DOT_ROSTER_INE_INVALID:
		return why_fail(why, _("roster item %d: bad INE"), index + 1);
	}
	p->profile = DOT_PROFILE_ELEVE;
	if (profile && dot_profile_parse(profile, &p->profile) != 0)
		return why_fail(why,
				_("roster item %d: unknown profile "
				  "'%.20s'"),
				index + 1, profile);
	if (!p->class_name)
		p->class_name = "";
	return 0;
}

int
sync_assignment_item(json_t *item, struct sync_holding *out, char **why)
{
	const char *serial, *kind;
	enum dot_serial_reason r;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(item))
		return why_fail(why, _("assignment item is not an object"));
	if (opt_string(item, "serial", &serial) ||
	    opt_string(item, "holder", &out->r.holder) ||
	    opt_string(item, "station", &out->r.station) ||
	    opt_string(item, "uai", &out->r.uai) ||
	    opt_string(item, "kind", &kind) ||
	    opt_string(item, "at", &out->r.at) ||
	    opt_bool(item, "active", true, &out->active))
		return why_fail(why, _("assignment item has a member of the "
				       "wrong type"));
	if (!serial)
		return why_fail(why, _("assignment item has no serial"));
	r = dot_serial_check(serial, NULL, out->serial, sizeof(out->serial));
	if (r != DOT_SERIAL_OK)
		return why_fail(why,
				_("assignment item: invalid serial "
				  "'%.24s' (%s)"),
				serial, dot_serial_reason_key(r));
	out->r.serial = out->serial;
	out->r.kind = DOT_HANDOVER_CESSION;
	if (kind && dot_handover_kind_parse(kind, &out->r.kind) != 0)
		return why_fail(why,
				_("assignment item: unknown kind "
				  "'%.20s'"),
				kind);
	if (out->active && (!out->r.holder || !out->r.station))
		return why_fail(why,
				_("assignment item %s has no holder or "
				  "station"),
				out->serial);
	return 0;
}
