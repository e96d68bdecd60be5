/*
 * The whole year's rows: devices with their state and open handover, the
 * stock, open loans (overdue, to be returned after a departure), the loan
 * agreement and the replacements a person received. As everywhere in the
 * store, nothing here decides: the app checks the rules, this records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

#define DEVICE_SQL                                                             \
	"SELECT d.serial, d.status, d.loan_only, coalesce(a.id, 0),"           \
	" coalesce(a.person_id, 0),"                                           \
	" dot_label(p.last_name, p.first_name, p.class),"                      \
	" a.kind, a.start_date, a.due_date,"                                   \
	" d.hs_reason, d.report_ref, d.replaced_by, d.received_at"             \
	" FROM devices d LEFT JOIN assignments a"                              \
	" ON a.serial = d.serial AND a.open"                                   \
	" LEFT JOIN people p ON p.id = a.person_id"

void
dot_device_release(struct dot_device *d)
{
	if (!d)
		return;
	free(d->serial);
	free(d->holder_name);
	free(d->from);
	free(d->until);
	free(d->reason);
	free(d->report_ref);
	free(d->replaced_by);
	free(d->received_at);
	memset(d, 0, sizeof(*d));
}

void
dot_device_list_release(struct dot_device_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		dot_device_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
device_from_row(sqlite3_stmt *s, struct dot_device *d)
{
	memset(d, 0, sizeof(*d));
	d->serial = store_col_dup(s, 0);
	d->status = store_col_device_status(s, 1);
	d->loan_only = sqlite3_column_int(s, 2) != 0;
	d->assignment_id = sqlite3_column_int64(s, 3);
	d->holder = sqlite3_column_int64(s, 4);
	d->holder_name = store_col_dup(s, 5);
	d->kind = store_col_kind(s, 6);
	d->from = store_col_dup(s, 7);
	d->until = store_col_dup(s, 8);
	d->reason = store_col_dup(s, 9);
	d->report_ref = store_col_dup(s, 10);
	d->replaced_by = store_col_dup(s, 11);
	d->received_at = store_col_dup(s, 12);
}

int
dot_store_device_get(struct dot_store *st, const char *serial,
		     struct dot_device *out, char **cause)
{
	static const char sql[] = DEVICE_SQL " WHERE d.serial = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return store_err(st, cause, _("cannot read the device"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		device_from_row(s, out);
	return store_read_end(st, s, rc, cause, _("cannot read the device"));
}

int
dot_store_devices(struct dot_store *st, unsigned statuses, unsigned profiles,
		  struct dot_device_list *out, char **cause)
{
	static const char sql[] = DEVICE_SQL
		" WHERE (?1 = 0 OR d.status = ?3 OR d.status = ?4"
		" OR d.status = ?5 OR d.status = ?6 OR d.status = ?7)"
		" AND (?2 = 0 OR p.profile = ?8 OR p.profile = ?9"
		" OR p.profile = ?10) ORDER BY d.serial";
	sqlite3_stmt *s = store_prep(st, sql);
	size_t cap = 0;
	int rc, k;

	memset(out, 0, sizeof(*out));
	if (!s)
		return store_err(st, cause, _("cannot list the devices"));
	sqlite3_bind_int(s, 1, (int)statuses);
	sqlite3_bind_int(s, 2, (int)profiles);
	for (k = 0; k < DOT_DEVICE_N; k++)
		if (statuses & DOT_DEVICE_BIT(k))
			sqlite3_bind_text(s, 3 + k, dot_device_status_name(k),
					  -1, SQLITE_STATIC);
	store_bind_profiles(s, 8, profiles);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		device_from_row(s, &out->v[out->n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dot_device_list_release(out);
		return store_err(st, cause, _("cannot list the devices"));
	}
	return 0;
}

int
dot_store_device_receive(struct dot_store *st, const char *serial, char **cause)
{
	static const char sql[] =
		"INSERT INTO devices(serial, status, received_at, updated_at)"
		" VALUES (?1, 'stock', ?2, ?2) ON CONFLICT(serial) DO NOTHING";
	sqlite3_stmt *s = store_prep(st, sql);
	char now[32];

	if (!s)
		return store_err(st, cause, _("cannot record the device"));
	dot_time_now_iso(now);
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
	return store_change_one(st, s, cause, _("cannot record the device"));
}

int
dot_store_device_forget(struct dot_store *st, const char *serial, char **cause)
{
	static const char sql[] =
		"DELETE FROM devices WHERE serial = ?1 AND status = 'stock'"
		" AND NOT EXISTS(SELECT 1 FROM assignments a"
		" WHERE a.serial = ?1)";
	sqlite3_stmt *s = store_prep(st, sql);

	if (!s)
		return store_err(st, cause, _("cannot record the device"));
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	return store_change_one(st, s, cause, _("cannot record the device"));
}

int
dot_store_device_change(struct dot_store *st, const char *serial,
			const struct dot_device_change *c, char **cause)
{
	static const char sql[] =
		"UPDATE devices SET status = ?2, loan_only = ?3, hs_reason = "
		"?4,"
		" report_ref = ?5, replaced_by = ?6, updated_at = ?7"
		" WHERE serial = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	char now[32];

	if (!s)
		return store_err(st, cause, _("cannot record the device"));
	dot_time_now_iso(now);
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, dot_device_status_name(c->status), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 3, c->loan_only);
	store_bind_text(s, 4, c->reason);
	store_bind_text(s, 5, c->report_ref);
	store_bind_text(s, 6, c->replaced_by);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	return store_change_one(st, s, cause, _("cannot record the device"));
}

int
dot_store_assignment_close(struct dot_store *st, int64_t id, const char *reason,
			   const char *condition, char **cause)
{
	static const char sql[] =
		"UPDATE assignments SET open = 0, end_date = ?2,"
		" end_reason = ?3, condition_in = ?4 WHERE id = ?1 AND open";
	sqlite3_stmt *s = store_prep(st, sql);
	char today[11];
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot end the handover"));
	dot_date_today(today);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 4, condition);
	rc = store_change_one(st, s, cause, _("cannot end the handover"));
	if (rc == DOT_ERULE)
		return dot_fail(cause, DOT_ERULE,
				_("this handover is already ended"));
	return rc;
}

int
dot_store_assignment_reopen(struct dot_store *st, int64_t id, char **cause)
{
	static const char sql[] =
		"UPDATE assignments SET open = 1, end_date = NULL,"
		" end_reason = NULL, condition_in = NULL"
		" WHERE id = ?1 AND NOT open";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the handover"));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if ((sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT &&
	    rc != SQLITE_DONE)
		return dot_fail(cause, DOT_ERULE,
				_("the device or its holder has another "
				  "handover since"));
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the handover"));
	return sqlite3_changes(st->db) == 1
		       ? 0
		       : dot_fail(cause, DOT_ERULE,
				  _("this handover is still open"));
}

int64_t
dot_store_person_replacements(struct dot_store *st, int64_t person)
{
	static const char sql[] =
		"SELECT count(*) FROM assignments WHERE person_id = ?1"
		" AND replaces IS NOT NULL"
		" AND (end_reason IS NULL OR end_reason != 'undo')";
	sqlite3_stmt *s = store_prep(st, sql);
	int64_t n = DOT_ERUNTIME;

	if (!s)
		return DOT_ERUNTIME;
	sqlite3_bind_int64(s, 1, person);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

int
dot_store_person_set_loan_agreement(struct dot_store *st, int64_t id,
				    const char *at, char **cause)
{
	static const char sql[] =
		"UPDATE people SET loan_agreement_at = ?2, updated_at = ?3"
		" WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	char now[32];
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the agreement"));
	dot_time_now_iso(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, at);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	rc = store_change_one(st, s, cause, _("cannot record the agreement"));
	/* an unknown person changes nothing: the use case checked them */
	return rc == DOT_ERULE ? 0 : rc;
}

void
dot_loan_list_release(struct dot_loan_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct dot_loan *o = &l->v[i];

		free(o->serial);
		free(o->name);
		free(o->class_name);
		free(o->from);
		free(o->until);
		free(o->condition);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
dot_store_loans(struct dot_store *st, const struct dot_loan_filter *f,
		struct dot_loan_list *out, char **cause)
{
	static const char sql[] =
		"SELECT a.id, a.person_id, a.serial,"
		" dot_label(p.last_name, p.first_name, p.class), p.class,"
		" p.profile, a.start_date,"
		" a.due_date, a.condition_out, p.active,"
		" a.due_date IS NOT NULL AND a.due_date < ?1"
		" FROM assignments a JOIN people p ON p.id = a.person_id"
		" WHERE a.open AND a.kind = 'loan'"
		" AND (?2 = 0 OR (a.due_date IS NOT NULL AND a.due_date < ?1))"
		" AND (?3 = 0 OR NOT p.active)"
		" AND (?8 = 0 OR NOT p.active"
		"      OR (a.due_date IS NOT NULL AND a.due_date < ?1))"
		" AND (?4 = 0 OR p.profile = ?5 OR p.profile = ?6"
		" OR p.profile = ?7)"
		" ORDER BY a.due_date IS NULL, a.due_date, p.sort_key, a.id";
	static const struct dot_loan_filter none;
	sqlite3_stmt *s = store_prep(st, sql);
	char today[11];
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!f)
		f = &none;
	if (!s)
		return store_err(st, cause, _("cannot list the loans"));
	if (f->today)
		snprintf(today, sizeof(today), "%s", f->today);
	else
		dot_date_today(today);
	sqlite3_bind_text(s, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, f->overdue_only);
	sqlite3_bind_int(s, 3, f->to_return_only);
	sqlite3_bind_int(s, 8, f->due_back_only);
	sqlite3_bind_int(s, 4, (int)f->profiles);
	store_bind_profiles(s, 5, f->profiles);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct dot_loan *o;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		o = &out->v[out->n++];
		memset(o, 0, sizeof(*o));
		o->assignment_id = sqlite3_column_int64(s, 0);
		o->person = sqlite3_column_int64(s, 1);
		o->serial = store_col_dup(s, 2);
		o->name = store_col_dup(s, 3);
		o->class_name = store_col_dup(s, 4);
		o->profile = store_col_profile(s, 5);
		o->from = store_col_dup(s, 6);
		o->until = store_col_dup(s, 7);
		o->condition = store_col_dup(s, 8);
		o->active = sqlite3_column_int(s, 9) != 0;
		o->overdue = sqlite3_column_int(s, 10) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dot_loan_list_release(out);
		return store_err(st, cause, _("cannot list the loans"));
	}
	return 0;
}
