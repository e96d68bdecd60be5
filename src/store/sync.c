/*
 * What sync needs from the store: the journal read as an outbox (entries
 * not yet done upstream, in seq order), the per-event results written
 * back onto the push state, and the serials other stations hold as last
 * pulled. The journal itself stays append-only: only push_state,
 * push_detail and pushed_at change, which the schema's triggers allow.
 */
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

int
dot_store_sync_pending(struct dot_store *st, int64_t after_seq, int limit,
		       struct dot_journal_list *out, char **cause)
{
	/* The partial index journal_unpushed serves exactly this query. */
	static const char sql[] =
		"SELECT " STORE_JOURNAL_COLS " FROM journal j"
		" WHERE j." STORE_SQL_UNPUSHED " AND j.seq > ?1"
		" ORDER BY j.seq LIMIT ?2";
	sqlite3_stmt *s = store_prep(st, sql);

	out->v = NULL;
	out->n = 0;
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	sqlite3_bind_int64(s, 1, after_seq);
	sqlite3_bind_int(s, 2, limit > 0 ? limit : 500);
	return store_journal_read(st, s, out, cause);
}

int
dot_store_sync_conflicts(struct dot_store *st, int limit,
			 struct dot_journal_list *out, char **cause)
{
	static const char sql[] =
		"SELECT " STORE_JOURNAL_COLS " FROM journal j"
		" WHERE j." STORE_SQL_CONFLICT " ORDER BY j.seq DESC LIMIT ?1";
	sqlite3_stmt *s = store_prep(st, sql);

	out->v = NULL;
	out->n = 0;
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	sqlite3_bind_int(s, 1, limit > 0 ? limit : -1);
	return store_journal_read(st, s, out, cause);
}

int
dot_store_sync_counts(struct dot_store *st, int64_t *pending,
		      int64_t *conflicts, char **cause)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM journal"
		"  WHERE " STORE_SQL_UNPUSHED "),"
		" (SELECT count(*) FROM journal WHERE " STORE_SQL_CONFLICT ")";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot count"));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (pending)
			*pending = sqlite3_column_int64(s, 0);
		if (conflicts)
			*conflicts = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_err(st, cause, _("cannot count"));
	return 0;
}

int
dot_store_sync_mark(struct dot_store *st, const struct dot_sync_mark *m,
		    size_t n, int *marked, char **cause)
{
	/*
	 * Only entries still waiting move: a late answer to an old request
	 * must not turn a conflict back into "duplicate" or undo a result.
	 */
	static const char sql[] =
		"UPDATE journal SET push_state = ?2, push_detail = ?3,"
		" pushed_at = CASE WHEN ?5 THEN pushed_at ELSE ?4 END"
		" WHERE uuid = ?1 AND " STORE_SQL_UNPUSHED;
	bool own_tx = !st->in_tx;
	char now[32];
	int count = 0;
	size_t i;

	if (marked)
		*marked = 0;
	for (i = 0; i < n; i++) {
		/* an answer: never "pending", never outside the table */
		const char *k = dot_push_state_name(m[i].state);

		if (!k || m[i].state == DOT_PUSH_PENDING)
			return dot_fail(cause, DOT_ERUNTIME,
					_("unknown push state '%s'"),
					k ? k : "?");
	}
	if (own_tx && dot_store_begin(st, cause))
		return DOT_ERUNTIME;
	dot_time_now_iso(now);
	for (i = 0; i < n; i++) {
		sqlite3_stmt *s = store_prep(st, sql);
		int rc;

		if (!s)
			goto fail;
		sqlite3_bind_text(s, 1, m[i].uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, dot_push_state_name(m[i].state), -1,
				  SQLITE_STATIC);
		store_bind_text(s, 3, m[i].detail);
		sqlite3_bind_text(s, 4, now, -1, SQLITE_STATIC);
		/* a rejected entry is sent again: it keeps no push time */
		sqlite3_bind_int(s, 5, m[i].state == DOT_PUSH_REJECTED);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			goto fail;
		count += sqlite3_changes(st->db);
	}
	if (own_tx && dot_store_commit(st, cause))
		return DOT_ERUNTIME;
	if (marked)
		*marked = count;
	return 0;
fail:
	store_err(st, cause, _("cannot record the sync results"));
	if (own_tx)
		dot_store_rollback(st);
	return DOT_ERUNTIME;
}

int
dot_store_remote_upsert(struct dot_store *st,
			const struct dot_remote_assignment *r, char **cause)
{
	static const char sql[] =
		"INSERT INTO remote_assignments(serial, holder, station, uai,"
		" kind, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(serial) DO UPDATE SET holder = excluded.holder,"
		" station = excluded.station, uai = excluded.uai,"
		" kind = excluded.kind, at = excluded.at";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record a remote holder"));
	sqlite3_bind_text(s, 1, r->serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->holder ? r->holder : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->station ? r->station : "", -1,
			  SQLITE_STATIC);
	store_bind_text(s, 4, r->uai);
	sqlite3_bind_text(s, 5, dot_handover_kind_name(r->kind), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->at ? r->at : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record a remote holder"));
	return 0;
}

int
dot_store_remote_delete(struct dot_store *st, const char *serial, char **cause)
{
	static const char sql[] =
		"DELETE FROM remote_assignments WHERE serial = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record a remote holder"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record a remote holder"));
	return 0;
}

char *
dot_store_sync_station(struct dot_store *st, char **cause)
{
	const char *name = store_station(st, cause);

	return name ? dot_xstrdup(name) : NULL;
}
