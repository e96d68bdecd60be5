/*
 * The journal: one row per action, never changed except for its push
 * state. It is the audit trail (who did what, when, where) and the sync
 * outbox at once; seq is this station's sequence and uuid makes a resent
 * event harmless upstream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "dotation/i18n.h"
#include "store_int.h"

static void
uuid_v4(char out[37])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n > 0)
			got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

int
dot_store_journal_append(struct dot_store *st, const struct dot_journal_in *j,
			 int64_t *seq, char **cause)
{
	static const char sql[] =
		"INSERT INTO journal(uuid, at, station, queue, operator, type,"
		" person_id, serial, ref_seq, assignment_id, data)"
		" VALUES (?1, ?2, ?3, coalesce(?4, ''), coalesce(?5, ''), ?6,"
		" ?7, ?8, ?9, ?10, coalesce(?11, '{}'))";
	const char *station = store_station(st, cause);
	sqlite3_stmt *s;
	char uuid[37], now[32];
	int rc;

	if (!station)
		return DOT_ERUNTIME;
	s = store_prep(st, sql);
	if (!s)
		return store_err(st, cause, _("cannot write the journal"));
	uuid_v4(uuid);
	dot_time_now_iso(now);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, station, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 4, j->queue);
	store_bind_text(s, 5, j->operator_name);
	sqlite3_bind_text(s, 6, dot_journal_type_name(j->type), -1,
			  SQLITE_STATIC);
	if (j->person_id)
		sqlite3_bind_int64(s, 7, j->person_id);
	store_bind_text(s, 8, j->serial);
	if (j->ref_seq)
		sqlite3_bind_int64(s, 9, j->ref_seq);
	if (j->assignment_id)
		sqlite3_bind_int64(s, 10, j->assignment_id);
	store_bind_text(s, 11, j->data);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot write the journal"));
	if (seq)
		*seq = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static void
entry_from_row(sqlite3_stmt *s, struct dot_journal_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seq = sqlite3_column_int64(s, 0);
	e->uuid = store_col_dup(s, 1);
	e->at = store_col_dup(s, 2);
	e->station = store_col_dup(s, 3);
	e->queue = store_col_dup(s, 4);
	e->operator_name = store_col_dup(s, 5);
	e->type = store_col_journal_type(s, 6);
	e->data = store_col_dup(s, 7);
	e->person_id = sqlite3_column_int64(s, 8);
	e->ref_seq = sqlite3_column_int64(s, 9);
	e->assignment_id = sqlite3_column_int64(s, 10);
	e->serial = store_col_dup(s, 11);
	e->push_state = store_col_push_state(s, 12);
	e->push_detail = store_col_dup(s, 13);
	e->undone_by = sqlite3_column_int64(s, 14);
}

void
dot_journal_entry_release(struct dot_journal_entry *e)
{
	if (!e)
		return;
	free(e->uuid);
	free(e->at);
	free(e->station);
	free(e->queue);
	free(e->operator_name);
	free(e->data);
	free(e->serial);
	free(e->push_detail);
	memset(e, 0, sizeof(*e));
}

void
dot_journal_list_release(struct dot_journal_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		dot_journal_entry_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
dot_store_journal_get(struct dot_store *st, int64_t seq,
		      struct dot_journal_entry *e, char **cause)
{
	static const char sql[] =
		"SELECT " STORE_JOURNAL_COLS " FROM journal j WHERE j.seq = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	memset(e, 0, sizeof(*e));
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		entry_from_row(s, e);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot read the journal"));
	return dot_fail(cause, DOT_ERULE,
			_("there is no journal entry %lld: 'dotation status' "
			  "tells how many there are"),
			(long long)seq);
}

int
store_journal_read(struct dot_store *st, sqlite3_stmt *s,
		   struct dot_journal_list *out, char **cause)
{
	size_t cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		entry_from_row(s, &out->v[out->n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dot_journal_list_release(out);
		return store_err(st, cause, _("cannot read the journal"));
	}
	return 0;
}

int
dot_store_journal_list(struct dot_store *st, int64_t person_id,
		       int64_t after_seq, int limit,
		       struct dot_journal_list *out, char **cause)
{
	static const char sql[] =
		"SELECT " STORE_JOURNAL_COLS " FROM journal j"
		" WHERE (?1 = 0 OR j.person_id = ?1) AND j.seq > ?2"
		" ORDER BY j.seq LIMIT ?3";
	sqlite3_stmt *s = store_prep(st, sql);

	out->v = NULL;
	out->n = 0;
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int64(s, 2, after_seq);
	sqlite3_bind_int(s, 3, limit > 0 ? limit : -1);
	return store_journal_read(st, s, out, cause);
}

int
dot_store_journal_last_of(struct dot_store *st, const char *queue,
			  uint32_t types, int64_t *seq, char **cause)
{
	static const char sql[] =
		"SELECT j.seq FROM journal j WHERE j.queue = coalesce(?1, '')"
		" AND j.type IN (SELECT value FROM json_each(?2))"
		" AND NOT EXISTS(SELECT 1 FROM journal u"
		" WHERE u.ref_seq = j.seq AND u.type = ?3)"
		" ORDER BY j.seq DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql);
	char list[512];
	size_t len = 0;
	int t, rc;

	*seq = 0;
	if (!s)
		return store_err(st, cause, _("cannot read the journal"));
	list[len++] = '[';
	for (t = 0; t < DOT_JOURNAL_N; t++)
		if (types & DOT_JOURNAL_BIT(t))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s\"%s\"", len > 1 ? "," : "",
						dot_journal_type_name(t));
	snprintf(list + len, sizeof(list) - len, "]");
	store_bind_text(s, 1, queue);
	sqlite3_bind_text(s, 2, list, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, dot_journal_type_name(DOT_JOURNAL_UNDO), -1,
			  SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot read the journal"));
	return 0;
}
