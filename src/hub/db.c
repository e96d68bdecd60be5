/*
 * PostgreSQL access for the hub: connecting, the migrations and a few
 * helpers around PQexecParams (parameters always, never SQL built with
 * printf: STYLE.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_int.h"

PGconn *
hub_db_connect(const char *conninfo, char **cause)
{
	PGconn *db = PQconnectdb(conninfo);

	if (PQstatus(db) != CONNECTION_OK) {
		char *m = dot_xstrdup(PQerrorMessage(db));

		dot_trim(m);
		dot_fail(cause, DOT_ERUNTIME,
			 _("cannot connect to PostgreSQL: %s"), m);
		free(m);
		PQfinish(db);
		return NULL;
	}
	PQsetClientEncoding(db, "UTF8");
	return db;
}

PGresult *
hub_db_exec(PGconn *db, const char *sql, int n, const char *const *params)
{
	return PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
}

bool
hub_db_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);

	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

const char *
hub_db_state(const PGresult *r)
{
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	return s ? s : "";
}

int
hub_db_cmd(PGconn *db, const char *sql)
{
	PGresult *r = PQexec(db, sql);
	int rc = hub_db_ok(r) ? 0 : -1;

	PQclear(r);
	return rc;
}

int
hub_db_fail(PGconn *db, PGresult *r, char **cause)
{
	char *m = dot_xstrdup(r ? PQresultErrorMessage(r) : PQerrorMessage(db));

	dot_trim(m);
	dot_fail(cause, DOT_ERUNTIME, _("database error: %s"), m);
	free(m);
	PQclear(r);
	return DOT_ERUNTIME;
}

static int
schema_version(PGconn *db, int *v, char **cause)
{
	PGresult *r =
		PQexec(db, "SELECT coalesce(max(version), 0) FROM hub_schema");

	if (!hub_db_ok(r))
		return hub_db_fail(db, r, cause);
	*v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

int
hub_db_migrate(PGconn *db, int *applied, char **cause)
{
	PGresult *r;
	int v, i;

	*applied = 0;
	if (hub_db_cmd(db, "BEGIN") != 0)
		return hub_db_fail(db, NULL, cause);
	/* Two hubs migrating at once: the second waits, then finds it done. */
	r = PQexec(db, "SELECT pg_advisory_xact_lock(7426001);"
		       "SET LOCAL client_min_messages = warning;"
		       "CREATE TABLE IF NOT EXISTS hub_schema("
		       "  version int PRIMARY KEY,"
		       "  applied_at timestamptz NOT NULL DEFAULT now())");
	if (!hub_db_ok(r))
		goto fail;
	PQclear(r);
	if (schema_version(db, &v, cause) != 0) {
		hub_db_cmd(db, "ROLLBACK");
		return DOT_ERUNTIME;
	}
	for (i = v; i < hub_schema_count(); i++) {
		char num[16];
		const char *p[1] = {num};

		r = PQexec(db, hub_schema_migration(i));
		if (!hub_db_ok(r))
			goto fail;
		PQclear(r);
		snprintf(num, sizeof(num), "%d", i + 1);
		r = hub_db_exec(db,
				"INSERT INTO hub_schema(version) VALUES ($1)",
				1, p);
		if (!hub_db_ok(r))
			goto fail;
		PQclear(r);
		(*applied)++;
	}
	r = PQexec(db, "COMMIT");
	if (!hub_db_ok(r))
		goto fail;
	PQclear(r);
	return 0;
fail:
	i = hub_db_fail(db, r, cause);
	hub_db_cmd(db, "ROLLBACK");
	return i;
}

int
hub_db_check_schema(PGconn *db, char **cause)
{
	PGresult *r =
		PQexec(db, "SELECT to_regclass('hub_schema') IS NOT NULL");
	bool exists = hub_db_ok(r) && PQgetvalue(r, 0, 0)[0] == 't';
	int v;

	PQclear(r);
	if (!exists || schema_version(db, &v, NULL) != 0 ||
	    v < hub_schema_count())
		return dot_fail(cause, DOT_ERUNTIME,
				_("the database schema is not up to date: "
				  "run 'dotation-hub migrate' first"));
	if (v > hub_schema_count())
		return dot_fail(cause, DOT_ERUNTIME,
				_("the database was migrated by a newer "
				  "dotation-hub (schema %d): upgrade this one"),
				v);
	return 0;
}
