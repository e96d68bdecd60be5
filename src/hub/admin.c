/*
 * The administration commands of dotation-hub: schema migration,
 * schools, station tokens, dashboard accounts and roster imports. Each
 * is one connection and, where it writes, one transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "dotation/roster.h"
#include "hub_int.h"

/* Connect and check the schema; NULL with *cause. */
static PGconn *
open_db(const char *conninfo, char **cause)
{
	PGconn *db = hub_db_connect(conninfo, cause);

	if (db && hub_db_check_schema(db, cause) != 0) {
		PQfinish(db);
		return NULL;
	}
	return db;
}

static int
check_school(PGconn *db, const char *uai, char out[9], char **cause)
{
	const char *p[1] = {out};
	PGresult *r;
	bool found;

	if (!dot_uai_check(uai, out))
		return dot_fail(
			cause, DOT_ERULE,
			_("invalid UAI '%s': 7 digits and the check letter"),
			uai);
	r = hub_db_exec(db, "SELECT 1 FROM schools WHERE uai = $1", 1, p);
	if (!hub_db_ok(r))
		return hub_db_fail(db, r, cause);
	found = PQntuples(r) > 0;
	PQclear(r);
	if (!found)
		return dot_fail(
			cause, DOT_ERULE,
			_("unknown school %s: add it with 'dotation-hub "
			  "school add' first"),
			out);
	return 0;
}

int
dot_hub_migrate(const char *conninfo, char **msg, char **cause)
{
	PGconn *db = hub_db_connect(conninfo, cause);
	int n, rc;

	if (!db)
		return DOT_ERUNTIME;
	rc = hub_db_migrate(db, &n, cause);
	PQfinish(db);
	if (rc == 0)
		*msg = n ? dot_xasprintf(_("schema migrated to version %d"),
					 hub_schema_count())
			 : dot_xasprintf(_("schema already at version %d"),
					 hub_schema_count());
	return rc;
}

int
dot_hub_school_add(const char *conninfo, const char *uai, const char *name,
		   char **cause)
{
	char u[9];
	const char *p[2] = {u, name};
	PGconn *db;
	PGresult *r;
	int rc = 0;

	if (!dot_uai_check(uai, u))
		return dot_fail(
			cause, DOT_ERULE,
			_("invalid UAI '%s': 7 digits and the check letter"),
			uai);
	if (!*name || !dot_utf8_valid(name, strlen(name)))
		return dot_fail(cause, DOT_EUSAGE,
				_("the school's name must be non-empty UTF-8"));
	if (!(db = open_db(conninfo, cause)))
		return DOT_ERUNTIME;
	r = hub_db_exec(db,
			"INSERT INTO schools(uai, name) VALUES ($1, $2) "
			"ON CONFLICT (uai) DO UPDATE SET name = EXCLUDED.name",
			2, p);
	if (!hub_db_ok(r))
		rc = hub_db_fail(db, r, cause);
	else
		PQclear(r);
	PQfinish(db);
	return rc;
}

/* Write s and a newline to a new file at path, mode 0600. */
static int
write_secret(const char *path, const char *s, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t n = strlen(s);

	if (fd < 0)
		return dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
				path, strerror(errno));
	if (fchmod(fd, 0600) != 0 || write(fd, s, n) != (ssize_t)n ||
	    write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
		int e = errno;

		close(fd);
		return dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
				path, strerror(e));
	}
	close(fd);
	return 0;
}

static bool
station_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return dot_utf8_valid(s, n);
}

int
dot_hub_token_add(const char *conninfo, const char *uai, const char *station,
		  const char *out_path, char **cause)
{
	char u[9], tok[65], hash[65];
	const char *p[3] = {u, station, hash};
	PGconn *db;
	PGresult *r;
	int rc;

	if (!station_name_ok(station))
		return dot_fail(cause, DOT_EUSAGE,
				_("invalid station name '%s'"), station);
	if (!(db = open_db(conninfo, cause)))
		return DOT_ERUNTIME;
	if ((rc = check_school(db, uai, u, cause)) != 0)
		goto out;
	if (hub_random_hex(tok, 32) != 0) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("no random bytes available"));
		goto out;
	}
	hub_sha256_hex(tok, hash);
	/* The file first: a token stored but never handed out is harmless. */
	if ((rc = write_secret(out_path, tok, cause)) != 0)
		goto out;
	r = hub_db_exec(db,
			"WITH s AS (INSERT INTO stations(uai, station) "
			"VALUES ($1, $2) ON CONFLICT DO NOTHING) "
			"INSERT INTO tokens(hash, uai, station) "
			"VALUES (decode($3, 'hex'), $1, $2)",
			3, p);
	if (!hub_db_ok(r)) {
		rc = hub_db_fail(db, r, cause);
		unlink(out_path);
	} else {
		PQclear(r);
	}
out:
	explicit_bzero(tok, sizeof(tok));
	PQfinish(db);
	return rc;
}

int
dot_hub_token_revoke(const char *conninfo, const char *uai, const char *station,
		     long *revoked, char **cause)
{
	char u[9];
	const char *p[2] = {u, station};
	PGconn *db;
	PGresult *r;
	int rc;

	if (!(db = open_db(conninfo, cause)))
		return DOT_ERUNTIME;
	if ((rc = check_school(db, uai, u, cause)) != 0)
		goto out;
	r = hub_db_exec(db,
			"UPDATE tokens SET revoked_at = now() WHERE uai = $1 "
			"AND station = $2 AND revoked_at IS NULL",
			2, p);
	if (!hub_db_ok(r)) {
		rc = hub_db_fail(db, r, cause);
		goto out;
	}
	*revoked = atol(PQcmdTuples(r));
	PQclear(r);
out:
	PQfinish(db);
	return rc;
}

int
dot_hub_user_add(const char *conninfo, const char *login, const char *uai,
		 const char *password, char **cause)
{
	char u[9];
	const char *p[3] = {login, NULL, uai ? u : NULL};
	PGconn *db;
	PGresult *r;
	char *hash;
	int rc = 0;

	if (!station_name_ok(login))
		return dot_fail(cause, DOT_EUSAGE, _("invalid login '%s'"),
				login);
	if (strlen(password) < 8)
		return dot_fail(
			cause, DOT_ERULE,
			_("the password must have at least 8 characters"));
	if (!(db = open_db(conninfo, cause)))
		return DOT_ERUNTIME;
	if (uai && (rc = check_school(db, uai, u, cause)) != 0)
		goto out;
	if (!(hash = hub_password_hash(password))) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot hash the password"));
		goto out;
	}
	p[1] = hash;
	r = hub_db_exec(
		db,
		"INSERT INTO users(login, hash, uai) VALUES ($1, $2, $3) "
		"ON CONFLICT (login) DO UPDATE SET hash = EXCLUDED.hash, "
		"uai = EXCLUDED.uai",
		3, p);
	free(hash);
	if (!hub_db_ok(r))
		rc = hub_db_fail(db, r, cause);
	else
		PQclear(r);
	/* A changed password or school ends the account's sessions. */
	PQclear(hub_db_exec(db, "DELETE FROM sessions WHERE login = $1", 1, p));
out:
	PQfinish(db);
	return rc;
}

static json_t *
jstr(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

int
dot_hub_roster_import(const char *conninfo, const char *uai, const char *path,
		      char **msg, char **cause)
{
	struct dot_roster *ro = NULL;
	json_t *arr;
	char u[9], *doc = NULL;
	const char *p[2] = {u, NULL};
	PGconn *db;
	PGresult *r;
	size_t i;
	int rc;

	if (!(db = open_db(conninfo, cause)))
		return DOT_ERUNTIME;
	if ((rc = check_school(db, uai, u, cause)) != 0)
		goto out;
	if ((rc = dot_roster_parse_file(path, NULL, &ro, cause)) != 0)
		goto out;
	/* Warnings as `dotation import` gives them: they do not stop it. */
	for (i = 0; i < ro->nwarnings; i++) {
		char *t = dot_roster_error_text(&ro->warnings[i]);

		fprintf(stderr, _("%s: warning: %s\n"), path, t);
		free(t);
	}
	if (ro->nerrors) {
		/* All or nothing, as `dotation import` without --skip-invalid. */
		struct hub_buf b = {0};

		for (i = 0; i < ro->nerrors && i < 20; i++) {
			char *t = dot_roster_error_text(&ro->errors[i]);

			hub_buf_printf(&b, "\n  %s", t);
			free(t);
		}
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s': %zu invalid rows, nothing imported:%s"),
			      path, ro->ninvalid, b.p);
		hub_buf_release(&b);
		goto out;
	}
	arr = json_array();
	for (i = 0; i < ro->nrows; i++) {
		const struct dot_person_in *x = &ro->rows[i];
		char *key = hub_person_key(x->ext_id, x->ine, x->last_name,
					   x->first_name, x->birth_date);
		char *both =
			dot_xasprintf("%s %s", x->last_name, x->first_name);
		char *folded = dot_fold(both);

		json_array_append_new(
			arr,
			json_pack("{s:o,s:o,s:s,s:s,s:o,s:s,s:s,s:b,s:s,s:s}",
				  "ext_id", jstr(x->ext_id), "ine",
				  jstr(x->ine), "last_name", x->last_name,
				  "first_name", x->first_name, "birth_date",
				  jstr(x->birth_date), "class",
				  x->class_name ? x->class_name : "", "profile",
				  dot_profile_name(x->profile), "active",
				  x->active, "pkey", key, "folded", folded));
		free(key);
		free(both);
		free(folded);
	}
	doc = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	p[1] = doc;
	if (hub_db_cmd(db, "BEGIN") != 0) {
		rc = hub_db_fail(db, NULL, cause);
		goto out;
	}
	r = hub_db_exec(
		db,
		"WITH a AS (SELECT x, n FROM jsonb_array_elements($2::jsonb) "
		"  WITH ORDINALITY AS t(x, n)),"
		" p AS (SELECT hub_person($1, x) FROM a),"
		" f AS (INSERT INTO roster_changes(uai, item) "
		"  SELECT $1, x - 'pkey' - 'folded' FROM a ORDER BY n) "
		"SELECT count(*) FROM p",
		2, p);
	if (!hub_db_ok(r))
		goto dbfail;
	PQclear(r);
	r = hub_db_exec(db,
			"UPDATE people SET active = (x->>'active')::boolean "
			"FROM jsonb_array_elements($2::jsonb) AS t(x) "
			"WHERE uai = $1 AND pkey = x->>'pkey'",
			2, p);
	if (!hub_db_ok(r))
		goto dbfail;
	PQclear(r);
	r = PQexec(db, "COMMIT");
	if (!hub_db_ok(r))
		goto dbfail;
	PQclear(r);
	*msg = dot_xasprintf(_("%zu people imported for %s from '%s' (%s)"),
			     ro->nrows, u, path, ro->format);
	goto out;
dbfail:
	rc = hub_db_fail(db, r, cause);
	hub_db_cmd(db, "ROLLBACK");
out:
	free(doc);
	dot_roster_free(ro);
	PQfinish(db);
	return rc;
}
