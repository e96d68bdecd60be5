/*
 * The journal, sync and device counts for `dotation status` and the
 * station's header. Counting people is a rule of the roll call
 * (app/roll.c: dot_app_status), not of the store.
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
		" (SELECT count(*) FROM journal),"
		" (SELECT count(*) FROM journal"
		"  WHERE " STORE_SQL_UNPUSHED "),"
		" (SELECT count(*) FROM journal WHERE " STORE_SQL_CONFLICT "),"
		" (SELECT count(*) FROM devices WHERE status = ?1),"
		" (SELECT value FROM settings WHERE key = ?2),"
		/* handovers the upstream says another station holds */
		" (SELECT count(*) FROM assignments a JOIN remote_assignments r"
		"  ON r.serial = a.serial WHERE a.open)";
	sqlite3_stmt *s = store_prep(st, sql);
	const unsigned char *t;

	memset(out, 0, sizeof(*out));
	if (!s)
		return store_err(st, cause, _("cannot count"));
	sqlite3_bind_text(s, 1, dot_device_status_name(DOT_DEVICE_STOCK), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 2, dot_setting_name(DOT_SETTING_SYNC_LAST_SUCCESS),
			  -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot count"));
	}
	out->journal_entries = sqlite3_column_int64(s, 0);
	out->pending = sqlite3_column_int64(s, 1);
	out->conflicts = sqlite3_column_int64(s, 2);
	out->devices_stock = sqlite3_column_int64(s, 3);
	out->to_correct = sqlite3_column_int64(s, 5);
	t = sqlite3_column_text(s, 4);
	if (t) {
		strncpy(out->last_sync, (const char *)t,
			sizeof(out->last_sync) - 1);
	}
	sqlite3_reset(s);
	return 0;
}
