/*
 * Devices and assignments. A serial's holder is the open assignment of
 * that serial here, or, failing that, the holder another station reported
 * through sync: a device given at the next queue or lycée must be refused
 * here too.
 */
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

void
dot_holder_release(struct dot_holder *h)
{
	if (!h)
		return;
	free(h->name);
	free(h->station);
	free(h->since);
	memset(h, 0, sizeof(*h));
}

int
dot_store_serial_holder(struct dot_store *st, const char *serial,
			struct dot_holder *h, char **cause)
{
	static const char local[] =
		"SELECT a.id, p.id, dot_label(p.last_name, p.first_name,"
		" p.class), a.kind, a.station, a.start_date"
		" FROM assignments a JOIN people p ON p.id = a.person_id"
		" WHERE a.serial = ?1 AND a.open";
	static const char remote[] =
		"SELECT holder, kind, station, substr(at, 1, 10)"
		" FROM remote_assignments WHERE serial = ?1";
	sqlite3_stmt *s = store_prep(st, local);
	int rc;

	memset(h, 0, sizeof(*h));
	if (!s)
		return store_err(st, cause, _("cannot look the serial up"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->assignment_id = sqlite3_column_int64(s, 0);
		h->person_id = sqlite3_column_int64(s, 1);
		h->name = store_col_dup(s, 2);
		h->kind = store_col_kind(s, 3);
		h->station = store_col_dup(s, 4);
		h->since = store_col_dup(s, 5);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot look the serial up"));
	s = store_prep(st, remote);
	if (!s)
		return store_err(st, cause, _("cannot look the serial up"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->remote = true;
		h->name = store_col_dup(s, 0);
		h->kind = store_col_kind(s, 1);
		h->station = store_col_dup(s, 2);
		h->since = store_col_dup(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot look the serial up"));
	return 0;
}

int
dot_store_device_status(struct dot_store *st, const char *serial,
			enum dot_device_status *out, char **cause)
{
	static const char sql[] =
		"SELECT status FROM devices WHERE serial = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot read the device"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW &&
	    dot_device_status_parse((const char *)sqlite3_column_text(s, 0),
				    out) != 0)
		rc = SQLITE_CORRUPT; /* a status the schema does not admit */
	return store_read_end(st, s, rc, cause, _("cannot read the device"));
}

int
dot_store_device_set(struct dot_store *st, const char *serial,
		     enum dot_device_status status, const char *reason,
		     char **cause)
{
	static const char sql[] =
		"INSERT INTO devices(serial, status, received_at, hs_reason,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?3)"
		" ON CONFLICT(serial) DO UPDATE SET status = excluded.status,"
		" hs_reason = coalesce(excluded.hs_reason, hs_reason),"
		" updated_at = excluded.updated_at";
	sqlite3_stmt *s = store_prep(st, sql);
	char now[32];
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the device"));
	dot_time_now_iso(now);
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, dot_device_status_name(status), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 4, reason);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the device"));
	return 0;
}

int
dot_store_assignment_add(struct dot_store *st,
			 const struct dot_assignment_in *a, int64_t *id,
			 char **cause)
{
	static const char sql[] =
		"INSERT INTO assignments(serial, person_id, kind, microsd,"
		" has_case, start_date, due_date, station, queue, operator,"
		" created_at, condition_out, replaces) VALUES (?1, ?2, ?3, ?4,"
		" ?5, ?6, ?7, ?8, coalesce(?9, ''), coalesce(?10, ''), ?11, "
		"?12,"
		" ?13)";
	const char *station = store_station(st, cause);
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (!station)
		return DOT_ERUNTIME;
	s = store_prep(st, sql);
	if (!s)
		return store_err(st, cause, _("cannot record the handover"));
	dot_time_now_iso(now);
	sqlite3_bind_text(s, 1, a->serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, a->person_id);
	sqlite3_bind_text(s, 3, dot_handover_kind_name(a->kind), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 4, a->microsd);
	sqlite3_bind_int(s, 5, a->has_case);
	sqlite3_bind_text(s, 6, a->start_date, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 7, a->due_date);
	sqlite3_bind_text(s, 8, station, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 9, a->queue);
	store_bind_text(s, 10, a->operator_name);
	sqlite3_bind_text(s, 11, now, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 12, a->condition);
	if (a->replaces)
		sqlite3_bind_int64(s, 13, a->replaces);

	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		rc = (sqlite3_extended_errcode(st->db) & 0xff) ==
				     SQLITE_CONSTRAINT
			     ? dot_fail(cause, DOT_ERULE,
					_("serial %s or this person already "
					  "has an open handover"),
					a->serial)
			     : store_err(st, cause,
					 _("cannot record the handover"));
		sqlite3_reset(s);
		return rc;
	}
	*id = sqlite3_last_insert_rowid(st->db);
	sqlite3_reset(s);
	return 0;
}

int
dot_store_assignment_end(struct dot_store *st, int64_t id, const char *reason,
			 enum dot_device_status device_status, char **cause)
{
	static const char sql[] =
		"UPDATE assignments SET open = 0, end_date = ?2,"
		" end_reason = ?3 WHERE id = ?1 AND open"
		" RETURNING serial";
	sqlite3_stmt *s = store_prep(st, sql);
	char today[11], *serial = NULL;
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot end the handover"));
	dot_date_today(today);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		serial = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE
			       ? dot_fail(cause, DOT_ERULE,
					  _("this handover is already ended"))
			       : store_err(st, cause,
					   _("cannot end the handover"));
	rc = dot_store_device_set(st, serial, device_status, NULL, cause);
	free(serial);
	return rc;
}

/*
 * The first column of the one-row-or-none query sql with ?1 = id into
 * *v, 0 when there is no row. Returns 0 or DOT_ERUNTIME with *cause.
 */
static int
lookup_int64(struct dot_store *st, const char *sql, int64_t id, int64_t *v,
	     const char *what, char **cause)
{
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	*v = 0;
	if (!s)
		return store_err(st, cause, what);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, cause, what);
	return 0;
}

int
dot_store_person_assignment(struct dot_store *st, int64_t person_id,
			    int64_t *id, char **cause)
{
	static const char sql[] =
		"SELECT id FROM assignments WHERE person_id = ?1 AND open";

	return lookup_int64(st, sql, person_id, id,
			    _("cannot read the person's device"), cause);
}

int
dot_store_assignment_attestation(struct dot_store *st, int64_t id,
				 int64_t *number, char **cause)
{
	static const char sql[] = "SELECT t.number FROM assignments a"
				  " JOIN attestations t ON t.id = "
				  "a.attestation_id WHERE a.id = ?1";

	return lookup_int64(st, sql, id, number,
			    _("cannot tell whether an attestation covers the "
			      "handover"),
			    cause);
}

int
dot_store_assignment_keep_attestation(struct dot_store *st, int64_t from,
				      int64_t to, char **cause)
{
	static const char sql[] =
		"UPDATE assignments SET attestation_id = (SELECT attestation_id"
		" FROM assignments WHERE id = ?1) WHERE id = ?2";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the handover"));
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the handover"));
	return 0;
}
