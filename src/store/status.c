/*
 * Counts for `dotation status`, the station's header and the class picker.
 */
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

int
dot_store_status(struct dot_store *st, struct dot_status *out, char **cause)
{
	static const char sql[] =
		"SELECT"
		" (SELECT count(*) FROM people WHERE active),"
		" (SELECT count(*) FROM people WHERE active"
		"  AND profile = 'eleve'),"
		" (SELECT count(*) FROM people WHERE active"
		"  AND profile != 'eleve'),"
		" (SELECT count(*) FROM people WHERE active"
		"  AND charter_at IS NOT NULL),"
		" (SELECT count(*) FROM assignments WHERE open),"
		" (SELECT count(*) FROM assignments WHERE open"
		"  AND kind = 'cession'),"
		" (SELECT count(*) FROM assignments WHERE open"
		"  AND kind = 'loan'),"
		" (SELECT count(*) FROM absences WHERE day = ?1),"
		" (SELECT count(*) FROM journal),"
		" (SELECT count(*) FROM journal"
		"  WHERE push_state IN ('pending', 'rejected')),"
		" (SELECT count(*) FROM journal WHERE push_state = 'conflict'),"
		" (SELECT count(*) FROM devices WHERE status = 'stock'),"
		" (SELECT value FROM settings WHERE key = 'sync.last_success')";
	sqlite3_stmt *s = store_prep(st, sql);
	char today[11];
	const unsigned char *t;

	memset(out, 0, sizeof(*out));
	if (!s)
		return store_err(st, cause, _("cannot count"));
	dot_date_today(today);
	sqlite3_bind_text(s, 1, today, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot count"));
	}
	out->people = sqlite3_column_int64(s, 0);
	out->students = sqlite3_column_int64(s, 1);
	out->staff = sqlite3_column_int64(s, 2);
	out->charters = sqlite3_column_int64(s, 3);
	out->handed_over = sqlite3_column_int64(s, 4);
	out->cessions = sqlite3_column_int64(s, 5);
	out->loans = sqlite3_column_int64(s, 6);
	out->absent_today = sqlite3_column_int64(s, 7);
	out->journal_entries = sqlite3_column_int64(s, 8);
	out->pending = sqlite3_column_int64(s, 9);
	out->conflicts = sqlite3_column_int64(s, 10);
	out->devices_stock = sqlite3_column_int64(s, 11);
	t = sqlite3_column_text(s, 12);
	if (t) {
		strncpy(out->last_sync, (const char *)t,
			sizeof(out->last_sync) - 1);
	}
	sqlite3_reset(s);
	return 0;
}

void
dot_class_list_release(struct dot_class_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].class_name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
dot_store_classes(struct dot_store *st, unsigned profiles,
		  struct dot_class_list *out, char **cause)
{
	static const char sql[] =
		"SELECT p.class, count(*), count(p.charter_at), count(a.id),"
		" sum(EXISTS(SELECT 1 FROM absences b WHERE b.person_id = p.id"
		"     AND b.day = ?1))"
		" FROM people p LEFT JOIN assignments a"
		" ON a.person_id = p.id AND a.open"
		" WHERE p.active AND (?2 = 0 OR p.profile = ?3"
		" OR p.profile = ?4 OR p.profile = ?5)"
		" GROUP BY p.class ORDER BY p.class";
	sqlite3_stmt *s = store_prep(st, sql);
	size_t cap = 0;
	char today[11];
	int rc;

	out->v = NULL;
	out->n = 0;
	if (!s)
		return store_err(st, cause, _("cannot list the classes"));
	dot_date_today(today);
	sqlite3_bind_text(s, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, (int)profiles);
	store_bind_profiles(s, 3, profiles);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct dot_class_progress *c;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		c = &out->v[out->n++];
		c->class_name = store_col_dup(s, 0);
		c->people = sqlite3_column_int64(s, 1);
		c->charters = sqlite3_column_int64(s, 2);
		c->handed_over = sqlite3_column_int64(s, 3);
		c->absent = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dot_class_list_release(out);
		return store_err(st, cause, _("cannot list the classes"));
	}
	return 0;
}
