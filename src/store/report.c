/*
 * Report queries: the rows behind the end-of-day documents (certified
 * list, attestation of cession) and the CSV export, and the attestations
 * themselves. The report module formats; the store only selects, so the
 * documents never see SQL and the filters live in one statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

/*
 * One statement per order, every filter bound (a NULL or 0 parameter
 * disables its clause) so that the statement cache can keep them.
 */
#define ROW_SQL                                                                \
	"SELECT a.id, a.person_id, p.last_name, p.first_name, p.class,"        \
	" p.profile, p.ine, a.serial, a.kind, a.start_date, a.due_date,"       \
	" a.end_date, a.end_reason, a.station, a.queue, a.operator,"           \
	" a.microsd, a.has_case, a.open, t.number, p.birth_date"               \
	" FROM assignments a JOIN people p ON p.id = a.person_id"              \
	" LEFT JOIN attestations t ON t.id = a.attestation_id"                 \
	" WHERE (?1 = 0 OR a.kind = ?8 OR a.kind = ?9)"                        \
	" AND (?2 = 0 OR a.open)"                                              \
	" AND (?3 IS NULL OR p.class = ?3)"                                    \
	" AND (?4 IS NULL OR a.start_date >= ?4)"                              \
	" AND (?5 IS NULL OR a.start_date <= ?5)"                              \
	" AND (?6 = 0 OR a.attestation_id = ?6)"                               \
	" AND (?7 = 0 OR a.attestation_id IS NULL)"                            \
	" AND (?10 = 0 OR a.end_reason IS NOT 'undo')"                         \
	" AND (?11 IS NULL OR a.created_at <= ?11)"                            \
	" AND (?12 = 0 OR a.id <= ?12)"                                        \
	" AND (?13 = 0 OR p.profile = ?14 OR p.profile = ?15"                  \
	" OR p.profile = ?16)"

static const char sql_rows_by_class[] =
	ROW_SQL " ORDER BY p.class, p.sort_key, a.start_date, a.id";
static const char sql_rows_by_id[] = ROW_SQL " ORDER BY a.id";

/* Free the strings of l's rows, not the array. */
static void
rows_release_items(struct dot_assignment_rows *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct dot_assignment_row *r = &l->v[i];

		free(r->last_name);
		free(r->first_name);
		free(r->class_name);
		free(r->ine);
		free(r->serial);
		free(r->start_date);
		free(r->due_date);
		free(r->end_date);
		free(r->end_reason);
		free(r->station);
		free(r->queue);
		free(r->operator_name);
		free(r->birth_date);
	}
}

void
dot_assignment_rows_release(struct dot_assignment_rows *l)
{
	if (!l)
		return;
	rows_release_items(l);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
row_from_stmt(sqlite3_stmt *s, struct dot_assignment_row *r)
{
	memset(r, 0, sizeof(*r));
	r->assignment_id = sqlite3_column_int64(s, 0);
	r->person_id = sqlite3_column_int64(s, 1);
	r->last_name = store_col_dup(s, 2);
	r->first_name = store_col_dup(s, 3);
	r->class_name = store_col_dup(s, 4);
	r->profile = store_col_profile(s, 5);
	r->ine = store_col_dup(s, 6);
	r->serial = store_col_dup(s, 7);
	r->kind = store_col_kind(s, 8);
	r->start_date = store_col_dup(s, 9);
	r->due_date = store_col_dup(s, 10);
	r->end_date = store_col_dup(s, 11);
	r->end_reason = store_col_dup(s, 12);
	r->station = store_col_dup(s, 13);
	r->queue = store_col_dup(s, 14);
	r->operator_name = store_col_dup(s, 15);
	r->microsd = sqlite3_column_int(s, 16) != 0;
	r->has_case = sqlite3_column_int(s, 17) != 0;
	r->open = sqlite3_column_int(s, 18) != 0;
	r->attestation_number = sqlite3_column_int64(s, 19);
	r->birth_date = store_col_dup(s, 20);
	/* Columns declared NOT NULL may still come back NULL on OOM. */
	if (!r->class_name)
		r->class_name = dot_xstrdup("");
	if (!r->last_name)
		r->last_name = dot_xstrdup("");
	if (!r->first_name)
		r->first_name = dot_xstrdup("");
	if (!r->serial)
		r->serial = dot_xstrdup("");
	if (!r->start_date)
		r->start_date = dot_xstrdup("");
}

int
dot_store_assignment_each(struct dot_store *st,
			  const struct dot_assignment_filter *f,
			  dot_assignment_fn fn, void *data, char **cause)
{
	static const struct dot_assignment_filter none;
	struct dot_assignment_rows one = {0};
	struct dot_assignment_row r;
	sqlite3_stmt *s;
	int step, k, rc = 0;

	if (!f)
		f = &none;
	/*
	 * Not the statement cache: fn may read the store (a document's
	 * settings), and a cached statement would be reset under us.
	 */
	if (sqlite3_prepare_v2(st->db,
			       f->order == DOT_ORDER_ID ? sql_rows_by_id
							: sql_rows_by_class,
			       -1, &s, NULL) != SQLITE_OK)
		return store_err(st, cause, _("cannot list the assignments"));
	sqlite3_bind_int(s, 1, (int)f->kinds);
	for (k = 0; k < DOT_HANDOVER_N; k++)
		if (f->kinds & DOT_HANDOVER_BIT(k))
			sqlite3_bind_text(s, 8 + k, dot_handover_kind_name(k),
					  -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, f->open_only ? 1 : 0);
	store_bind_text(s, 3, f->class_name);
	store_bind_text(s, 4, f->from);
	store_bind_text(s, 5, f->to);
	sqlite3_bind_int64(s, 6, f->attestation_id > 0 ? f->attestation_id : 0);
	sqlite3_bind_int(s, 7, f->uncovered_only ? 1 : 0);
	sqlite3_bind_int(s, 10, f->without_undone ? 1 : 0);
	store_bind_text(s, 11, f->recorded_upto);
	sqlite3_bind_int64(s, 12, f->id_upto > 0 ? f->id_upto : 0);
	sqlite3_bind_int(s, 13, (int)f->profiles);
	for (k = 0; k < DOT_PROFILE_N && k < 3; k++)
		if (f->profiles & DOT_PROFILE_BIT(k))
			sqlite3_bind_text(s, 14 + k, dot_profile_name(k), -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 14 + k);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row_from_stmt(s, &r);
		rc = fn(&r, data);
		one.v = &r;
		one.n = 1;
		rows_release_items(&one);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_err(st, cause, _("cannot list the assignments"));
	sqlite3_finalize(s);
	return rc;
}

/* dot_store_assignment_rows's walker: keep each row in the list. */
static int
collect(struct dot_assignment_row *r, void *data)
{
	struct {
		struct dot_assignment_rows *out;
		size_t cap;
	} *c = data;

	if (c->out->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->out->v = dot_xrealloc(c->out->v, c->cap * sizeof(*r));
	}
	c->out->v[c->out->n++] = *r;
	memset(r, 0, sizeof(*r)); /* now owned by the list */
	return 0;
}

int
dot_store_assignment_rows(struct dot_store *st,
			  const struct dot_assignment_filter *f,
			  struct dot_assignment_rows *out, char **cause)
{
	struct {
		struct dot_assignment_rows *out;
		size_t cap;
	} c = {out, 0};
	int rc;

	out->v = NULL;
	out->n = 0;
	rc = dot_store_assignment_each(st, f, collect, &c, cause);
	if (rc)
		dot_assignment_rows_release(out);
	return rc;
}

int
dot_store_attestation_add(struct dot_store *st, const char *from,
			  const char *to, struct dot_attestation *a,
			  char **cause)
{
	sqlite3_stmt *s;
	char now[32];

	memset(a, 0, sizeof(*a));
	dot_time_now_iso(now);
	s = store_prep(st,
		       "INSERT INTO attestations(number, from_date,"
		       " to_date, cessions, created_at, assignment_upto,"
		       " journal_upto)"
		       " SELECT COALESCE(MAX(number), 0) + 1, ?1, ?2, 0, ?3,"
		       " (SELECT COALESCE(MAX(id), 0) FROM assignments),"
		       " (SELECT COALESCE(MAX(seq), 0) FROM journal)"
		       " FROM attestations"
		       " RETURNING id, number, assignment_upto, journal_upto");
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		goto fail;
	a->id = sqlite3_column_int64(s, 0);
	a->number = sqlite3_column_int64(s, 1);
	a->assignment_upto = sqlite3_column_int64(s, 2);
	a->journal_upto = sqlite3_column_int64(s, 3);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_reset(s);
	snprintf(a->from_date, sizeof(a->from_date), "%s", from);
	snprintf(a->to_date, sizeof(a->to_date), "%s", to);
	snprintf(a->created_at, sizeof(a->created_at), "%s", now);
	return 0;
fail:
	if (s)
		sqlite3_reset(s);
	return store_err(st, cause, _("cannot record the attestation"));
}

int
dot_store_attestation_cover(struct dot_store *st, int64_t id, const char *from,
			    const char *to, int64_t *count, char **cause)
{
	sqlite3_stmt *s;

	*count = 0;
	s = store_prep(st, "UPDATE assignments SET attestation_id = ?1"
			   " WHERE kind = 'cession' AND open"
			   " AND attestation_id IS NULL"
			   " AND start_date BETWEEN ?2 AND ?3");
	if (!s)
		return store_err(st, cause, _("cannot record the attestation"));
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot record the attestation"));
	}
	*count = sqlite3_changes64(st->db);
	sqlite3_reset(s);
	return 0;
}

int
dot_store_attestation_finish(struct dot_store *st, int64_t id, int64_t count,
			     const char *fingerprint, char **cause)
{
	sqlite3_stmt *s;

	s = store_prep(st, "UPDATE attestations SET cessions = ?2,"
			   " fingerprint = ?3 WHERE id = ?1");
	if (!s)
		return store_err(st, cause, _("cannot record the attestation"));
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, count);
	store_bind_text(s, 3, fingerprint);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot record the attestation"));
	}
	sqlite3_reset(s);
	return 0;
}

static void
copy_col(sqlite3_stmt *s, int i, char *dst, size_t n)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	snprintf(dst, n, "%s", v ? (const char *)v : "");
}

int
dot_store_attestation_get(struct dot_store *st, int64_t number,
			  struct dot_attestation *a, char **cause)
{
	sqlite3_stmt *s;
	int step;

	memset(a, 0, sizeof(*a));
	s = store_prep(st, "SELECT id, number, from_date, to_date, cessions,"
			   " fingerprint, created_at, assignment_upto,"
			   " journal_upto FROM attestations"
			   " WHERE ?1 = 0 OR number = ?1"
			   " ORDER BY number DESC LIMIT 1");
	if (!s)
		return store_err(st, cause, _("cannot read the attestations"));
	sqlite3_bind_int64(s, 1, number);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		if (number == 0)
			return dot_fail(cause, DOT_ERULE,
					_("no attestation has been issued "
					  "yet: give the period with --from "
					  "and --to"));
		return dot_fail(cause, DOT_ERULE,
				_("there is no attestation no. %lld: give "
				  "a number that was issued"),
				(long long)number);
	}
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot read the attestations"));
	}
	a->id = sqlite3_column_int64(s, 0);
	a->number = sqlite3_column_int64(s, 1);
	copy_col(s, 2, a->from_date, sizeof(a->from_date));
	copy_col(s, 3, a->to_date, sizeof(a->to_date));
	a->cessions = sqlite3_column_int64(s, 4);
	copy_col(s, 5, a->fingerprint, sizeof(a->fingerprint));
	copy_col(s, 6, a->created_at, sizeof(a->created_at));
	a->assignment_upto = sqlite3_column_int64(s, 7);
	a->journal_upto = sqlite3_column_int64(s, 8);
	sqlite3_reset(s);
	return 0;
}

void
dot_rectification_list_release(struct dot_rectification_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].serial);
		free(l->v[i].from);
		free(l->v[i].to);
		free(l->v[i].date);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
dot_store_rectifications(struct dot_store *st,
			 const struct dot_attestation *after,
			 const struct dot_attestation *upto,
			 struct dot_rectification_list *out, char **cause)
{
	/*
	 * An undo entry carries the handover it ended, a reassign entry the
	 * handover it moved (and the person it went to): both name a
	 * cession that an attestation covered.
	 */
	static const char sql[] =
		"SELECT j.seq, a.serial,"
		" dot_label(p.last_name, p.first_name, p.class),"
		" CASE WHEN j.type = ?3 THEN dot_label(q.last_name,"
		" q.first_name, q.class) END, substr(j.at, 1, 10), t.number"
		" FROM journal j JOIN assignments a ON a.id = j.assignment_id"
		" JOIN attestations t ON t.id = a.attestation_id"
		" JOIN people p ON p.id = a.person_id"
		" LEFT JOIN people q ON q.id = j.person_id"
		" WHERE (j.type = ?3 OR (j.type = ?4 AND a.end_reason = ?5))"
		" AND (?1 IS NULL OR j.at > ?1) AND (?2 IS NULL OR j.at <= ?2)"
		" AND (?6 = 0 OR j.seq > ?6) AND (?7 = 0 OR j.seq <= ?7)"
		" ORDER BY j.seq";
	sqlite3_stmt *s = store_prep(st, sql);
	bool after_seq = after && after->journal_upto > 0;
	bool upto_seq = upto && upto->journal_upto > 0;
	size_t cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	/* by journal seq when the attestation kept it, else by the clock */
	sqlite3_bind_int64(s, 6, after_seq ? after->journal_upto : 0);
	store_bind_text(s, 1, after && !after_seq ? after->created_at : NULL);
	sqlite3_bind_int64(s, 7, upto_seq ? upto->journal_upto : 0);
	store_bind_text(s, 2, upto && !upto_seq ? upto->created_at : NULL);
	sqlite3_bind_text(s, 3, dot_journal_type_name(DOT_JOURNAL_REASSIGN), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 4, dot_journal_type_name(DOT_JOURNAL_UNDO), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 5, "undo", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct dot_rectification *r;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		r = &out->v[out->n++];
		r->seq = sqlite3_column_int64(s, 0);
		r->serial = store_col_dup(s, 1);
		r->from = store_col_dup(s, 2);
		r->to = store_col_dup(s, 3);
		r->date = store_col_dup(s, 4);
		r->attestation = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dot_rectification_list_release(out);
		return store_err(st, cause, _("cannot read the journal"));
	}
	return 0;
}
