/*
 * Opening the database, migrations, transactions and settings. The store
 * is shared by station processes on one machine: WAL lets readers go on
 * while a queue writes, synchronous=FULL makes every acknowledged scan
 * survive a power cut, and BEGIN IMMEDIATE takes the write lock up front
 * so that two queues never decide on the same serial at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotation/i18n.h"
#include "store_int.h"

#define BUSY_TIMEOUT_MS 10000
/*
 * The page cache: small, so that listing a region's roster stays in
 * constant memory (the kernel caches the file anyway); an import asks
 * for a large one with dot_store_set_cache_kb().
 */
#define STORE_CACHE_KB 4096
#define STR_(x) #x
#define STR(x) STR_(x)

bool
store_disk_full(struct dot_store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_FULL ||
	       sqlite3_system_errno(st->db) == ENOSPC ||
	       sqlite3_system_errno(st->db) == EDQUOT;
}

int
store_err(struct dot_store *st, char **cause, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);

	st->failed_busy =
		(code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
	if (st->failed_busy)
		return dot_fail(cause, DOT_ERUNTIME,
				_("%s: the database stayed busy (another "
				  "station is writing): try again"),
				what);
	if (store_disk_full(st))
		return dot_fail(cause, DOT_ERUNTIME,
				_("%s: the disk is full: free some space "
				  "and try again"),
				what);
	if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN ||
	    (code & 0xff) == SQLITE_READONLY)
		return dot_fail(cause, DOT_ERUNTIME,
				_("%s: cannot read or write '%s' (%s): check "
				  "the disk and the file's permissions, then "
				  "try again; the records are in this file, "
				  "keep using it"),
				what, st->path, sqlite3_errmsg(st->db));
	return dot_fail(cause, DOT_ERUNTIME, _("%s: database error: %s"), what,
			sqlite3_errmsg(st->db));
}

sqlite3_stmt *
store_prep(struct dot_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			s = st->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
			       NULL) != SQLITE_OK)
		return NULL;
	if (st->ncache < STORE_STMT_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].stmt = s;
		st->ncache++;
	}
	/* Past the cache size the statement leaks until close: never
	 * reached, the store has fewer statements than slots. */
	return s;
}

int
store_change_one(struct dot_store *st, sqlite3_stmt *s, char **cause,
		 const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, what);
	return sqlite3_changes(st->db) == 1 ? 0 : DOT_ERULE;
}

int
store_read_end(struct dot_store *st, sqlite3_stmt *s, int rc, char **cause,
	       const char *what)
{
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return DOT_ENOTFOUND;
	return store_err(st, cause, what);
}

void
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *
store_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? dot_xstrdup((const char *)t) : NULL;
}

enum dot_profile
store_col_profile(sqlite3_stmt *s, int i)
{
	enum dot_profile p = DOT_PROFILE_ELEVE;

	dot_profile_parse((const char *)sqlite3_column_text(s, i), &p);
	return p;
}

enum dot_handover_kind
store_col_kind(sqlite3_stmt *s, int i)
{
	enum dot_handover_kind k = DOT_HANDOVER_CESSION;

	dot_handover_kind_parse((const char *)sqlite3_column_text(s, i), &k);
	return k;
}

enum dot_journal_type
store_col_journal_type(sqlite3_stmt *s, int i)
{
	enum dot_journal_type t = DOT_JOURNAL_INIT;

	dot_journal_type_parse((const char *)sqlite3_column_text(s, i), &t);
	return t;
}

enum dot_push_state
store_col_push_state(sqlite3_stmt *s, int i)
{
	/* the CHECK of the journal's push_state admits the table's words only */
	enum dot_push_state p = DOT_PUSH_PENDING;

	dot_push_state_parse((const char *)sqlite3_column_text(s, i), &p);
	return p;
}

enum dot_device_status
store_col_device_status(sqlite3_stmt *s, int i)
{
	enum dot_device_status d = DOT_DEVICE_STOCK;

	dot_device_status_parse((const char *)sqlite3_column_text(s, i), &d);
	return d;
}

void
store_bind_profiles(sqlite3_stmt *s, int first, unsigned mask)
{
	int p;

	for (p = 0; p < DOT_PROFILE_N; p++)
		if (mask & DOT_PROFILE_BIT(p))
			sqlite3_bind_text(s, first + p, dot_profile_name(p), -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_null(s, first + p);
}

static int
mkdir_parents(const char *path, char **cause)
{
	char *dir = dot_xstrdup(path), *slash = strrchr(dir, '/'), *p;
	int rc = 0;

	/* A bare file name lives in the current directory: nothing to do. */
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				rc = dot_fail(cause, DOT_ERUNTIME,
					      _("cannot create directory '%s': "
						"%s"),
					      dir, strerror(errno));
				break;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return rc;
}

/* Create the file 0600 before SQLite does: it holds minors' data. */
static int
create_private(const char *path, char **cause)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0)
		return 0;
	if (mkdir_parents(path, cause) != 0)
		return DOT_ERUNTIME;
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot create the database '%s': %s"), path,
				strerror(errno));
	if (fd >= 0) {
		fchmod(fd, 0600);
		close(fd);
	}
	return 0;
}

/*
 * Why opening or upgrading st->path failed, and what to do. Only a file
 * that SQLite says is not a database, or one of another application, is
 * "not a dotation database": an operator told so after a disk error would
 * start a second, empty database and split the records.
 */
static int
open_err(struct dot_store *st, char **cause)
{
	int code = st->db ? sqlite3_extended_errcode(st->db) : SQLITE_NOMEM;

	if ((code & 0xff) == SQLITE_NOTADB)
		return dot_fail(cause, DOT_ERUNTIME,
				_("'%s' is not a dotation database: give "
				  "another path with --db"),
				st->path);
	if (st->db && store_disk_full(st))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot open the database '%s': the disk is "
				  "full: free some space (old PDFs and "
				  "exports, the trash), then try again; "
				  "nothing was lost"),
				st->path);
	return store_err(st, cause, _("cannot open the database"));
}

static int
exec(struct dot_store *st, const char *sql, char **cause, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_err(st, cause, what);
	return 0;
}

static int
pragma_int(struct dot_store *st, const char *sql, int64_t *v)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int migrate_tx(struct dot_store *st, char **cause);

static int
migrate(struct dot_store *st, char **cause)
{
	int rc;

	/*
	 * A migration that rebuilds a table referenced by another (to change
	 * a CHECK) needs foreign keys off, and that pragma does nothing
	 * inside a transaction; they are checked before the commit instead.
	 */
	if (exec(st, "PRAGMA foreign_keys = OFF", cause,
		 _("cannot open the database")))
		return DOT_ERUNTIME;
	rc = migrate_tx(st, cause);
	if (exec(st, "PRAGMA foreign_keys = ON", rc ? NULL : cause,
		 _("cannot open the database")) &&
	    rc == 0)
		rc = DOT_ERUNTIME;
	return rc;
}

static int
migrate_tx(struct dot_store *st, char **cause)
{
	int64_t appid = 0, version = 0, tables = 0, broken = 0;
	int rc, i;
	char *sql;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return open_err(st, cause);
	if (pragma_int(st, "PRAGMA application_id", &appid) ||
	    pragma_int(st, "PRAGMA user_version", &version) ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables)) {
		rc = open_err(st, cause);
		goto fail;
	}
	if (appid != DOT_STORE_APPLICATION_ID && (appid != 0 || tables)) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("'%s' is not a dotation database: give "
				"another path with --db"),
			      st->path);
		goto fail;
	}
	if (version > dot_store_nmigrations) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("'%s' was written by a newer dotation "
				"(schema %lld): update this program"),
			      st->path, (long long)version);
		goto fail;
	}
	for (i = (int)version; i < dot_store_nmigrations; i++) {
		if (exec(st, dot_store_migrations[i], cause,
			 _("cannot upgrade the database")))
			goto fail_rc;
	}
	if (version < dot_store_nmigrations &&
	    pragma_int(st, "SELECT count(*) FROM pragma_foreign_key_check",
		       &broken) == 0 &&
	    broken) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot upgrade the database: %lld broken "
				"references"),
			      (long long)broken);
		goto fail;
	}
	sql = dot_xasprintf("PRAGMA application_id = %d; "
			    "PRAGMA user_version = %d",
			    DOT_STORE_APPLICATION_ID, dot_store_nmigrations);
	rc = exec(st, sql, cause, _("cannot upgrade the database"));
	free(sql);
	if (rc)
		goto fail;
	return exec(st, "COMMIT", cause, _("cannot upgrade the database"));
fail_rc:
	rc = DOT_ERUNTIME;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* path as an SQLite URI opening it immutable (read-only file system). */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(path), i, o = 0;
	char *u = dot_xmalloc(n * 3 + 32);
	unsigned char c;

	o += (size_t)sprintf(u, "file:");
	for (i = 0; i < n; i++) {
		c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/._-~", c)) {
			u[o++] = (char)c;
		} else {
			u[o++] = '%';
			u[o++] = hex[c >> 4];
			u[o++] = hex[c & 15];
		}
	}
	strcpy(u + o, "?immutable=1");
	return u;
}

/* True when path's WAL file is missing or empty: nothing left unmerged. */
static bool
wal_empty(const char *path)
{
	char *wal = dot_xasprintf("%s-wal", path);
	struct stat sb;
	bool empty = stat(wal, &sb) != 0 || sb.st_size == 0;

	free(wal);
	return empty;
}

/*
 * Open for reading only. SQLite needs the -shm file of a WAL database;
 * on a read-only file system it cannot create it, and a database whose
 * WAL is empty is then opened immutable (nobody can write there).
 */
static int
open_read(struct dot_store *st, int64_t *version, char **cause)
{
	int64_t appid = 0;
	char *uri;
	int rc;

	if (sqlite3_open_v2(st->path, &st->db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return open_err(st, cause);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (pragma_int(st, "PRAGMA application_id", &appid) != 0) {
		rc = sqlite3_extended_errcode(st->db) & 0xff;
		if ((rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY &&
		     rc != SQLITE_IOERR) ||
		    !wal_empty(st->path))
			return open_err(st, cause);
		sqlite3_close(st->db);
		uri = immutable_uri(st->path);
		rc = sqlite3_open_v2(uri, &st->db,
				     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
					     SQLITE_OPEN_NOMUTEX,
				     NULL);
		free(uri);
		if (rc != SQLITE_OK ||
		    pragma_int(st, "PRAGMA application_id", &appid) != 0)
			return open_err(st, cause);
	}
	if (pragma_int(st, "PRAGMA user_version", version) != 0)
		return open_err(st, cause);
	if (appid != DOT_STORE_APPLICATION_ID)
		return dot_fail(cause, DOT_ERUNTIME,
				_("'%s' is not a dotation database: give "
				  "another path with --db"),
				st->path);
	if (*version > dot_store_nmigrations)
		return dot_fail(cause, DOT_ERUNTIME,
				_("'%s' was written by a newer dotation "
				  "(schema %lld): update this program"),
				st->path, (long long)*version);
	/* a bug that writes through a reading handle fails loudly */
	return exec(st, "PRAGMA query_only = 1; PRAGMA foreign_keys = ON;",
		    cause, _("cannot open the database"));
}

/* SQL dot_label(last, first, class): dot_person_label() for queries. */
static void
sql_label(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *l = (const char *)sqlite3_value_text(argv[0]);
	const char *f = (const char *)sqlite3_value_text(argv[1]);
	const char *c = (const char *)sqlite3_value_text(argv[2]);
	char *label;

	(void)argc;
	if (!l) {
		sqlite3_result_null(ctx);
		return;
	}
	label = dot_person_label(l, f, c);
	sqlite3_result_text(ctx, label, -1, free);
}

/*
 * The label of a person has one home (core's dot_person_label): the
 * queries that name a holder call it instead of concatenating in SQL.
 */
static int
register_functions(struct dot_store *st, char **cause)
{
	if (sqlite3_create_function(st->db, "dot_label", 3,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    sql_label, NULL, NULL) != SQLITE_OK)
		return store_err(st, cause, _("cannot open the database"));
	return 0;
}

static int
open_write(struct dot_store *st, char **cause)
{
	int rc;

	if (sqlite3_open_v2(st->path, &st->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return open_err(st, cause);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL,
			 NULL) != SQLITE_OK)
		return open_err(st, cause);
	rc = exec(st,
		  "PRAGMA synchronous = FULL;"
		  "PRAGMA cache_size = -" STR(
			  STORE_CACHE_KB) ";"
					  "PRAGMA foreign_keys = ON;",
		  cause, _("cannot open the database"));
	if (rc)
		return rc;
	rc = migrate(st, cause);
	if (rc)
		return rc;
	chmod(st->path, 0600);
	return 0;
}

int
dot_store_open_mode(const char *path, enum dot_store_mode mode,
		    struct dot_store **out, char **cause)
{
	struct dot_store *st;
	struct stat sb;
	int64_t version = 0;
	int rc;

	*out = NULL;
	if (mode == DOT_STORE_CREATE) {
		if (create_private(path, cause) != 0)
			return DOT_ERUNTIME;
	} else if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return dot_fail(cause, DOT_ERUNTIME,
					_("the database '%s' does not exist: "
					  "check --db and $DOTATION_DB; "
					  "'dotation init' creates a new "
					  "one"),
					path);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot open the database '%s': %s"), path,
				strerror(errno));
	}
	st = dot_xcalloc(1, sizeof(*st));
	st->path = dot_xstrdup(path);
	if (mode == DOT_STORE_READ) {
		rc = open_read(st, &version, cause);
		if (rc == 0 && version < dot_store_nmigrations) {
			/* an older schema: upgraded once, by a writer */
			sqlite3_close(st->db);
			st->db = NULL;
			rc = open_write(st, cause);
		} else {
			st->readonly = rc == 0;
		}
	} else {
		rc = open_write(st, cause);
	}
	if (rc == 0)
		rc = register_functions(st, cause);
	if (rc)
		goto fail;
	*out = st;
	return 0;
fail:
	dot_store_free(st);
	return rc ? rc : DOT_ERUNTIME;
}

int
dot_store_open(const char *path, struct dot_store **out, char **cause)
{
	return dot_store_open_mode(path, DOT_STORE_CREATE, out, cause);
}

bool
dot_store_readonly(const struct dot_store *st)
{
	return st->readonly;
}

void
dot_store_free(struct dot_store *st)
{
	int i;

	if (!st)
		return;
	store_bulk_release(st);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db)
		sqlite3_close(st->db);
	free(st->station);
	free(st->path);
	free(st);
}

const char *
dot_store_path(const struct dot_store *st)
{
	return st->path;
}

int
dot_store_begin(struct dot_store *st, char **cause)
{
	st->failed_busy = false;
	if (exec(st, "BEGIN IMMEDIATE", cause, _("cannot start a transaction")))
		return DOT_ERUNTIME;
	st->in_tx = true;
	return 0;
}

int
dot_store_commit(struct dot_store *st, char **cause)
{
	if (exec(st, "COMMIT", cause, _("cannot record the change"))) {
		dot_store_rollback(st);
		return DOT_ERUNTIME;
	}
	st->in_tx = false;
	return 0;
}

void
dot_store_set_busy_timeout(struct dot_store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

bool
dot_store_failed_busy(const struct dot_store *st)
{
	return st->failed_busy;
}

void
dot_store_rollback(struct dot_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
	store_bulk_release(st);
	/* A rolled-back transaction may have changed the cached station. */
	free(st->station);
	st->station = NULL;
}

void
dot_store_set_cache_kb(struct dot_store *st, int kb)
{
	char sql[48];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d",
		 kb > 0 ? kb : STORE_CACHE_KB);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

int64_t
dot_store_changes(struct dot_store *st)
{
	return sqlite3_total_changes64(st->db);
}

int64_t
dot_store_data_version(struct dot_store *st)
{
	int64_t v = 0;
	sqlite3_stmt *s = store_prep(st, "PRAGMA data_version");

	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return v;
}

int
dot_store_setting_get(struct dot_store *st, enum dot_setting key, char **value,
		      char **cause)
{
	return dot_store_setting_get_key(st, dot_setting_name(key), value,
					 cause);
}

int
dot_store_setting_set(struct dot_store *st, enum dot_setting key,
		      const char *value, char **cause)
{
	return dot_store_setting_set_key(st, dot_setting_name(key), value,
					 cause);
}

int
dot_store_setting_get_key(struct dot_store *st, const char *key, char **value,
			  char **cause)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	*value = NULL;
	if (!s)
		return store_err(st, cause, _("cannot read the settings"));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot read the settings"));
	return 0;
}

int
dot_store_setting_set_key(struct dot_store *st, const char *key,
			  const char *value, char **cause)
{
	static const char put[] =
		"INSERT INTO settings(key, value) VALUES (?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM settings WHERE key = ?1";
	sqlite3_stmt *s = store_prep(st, value ? put : del);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot save the setting"));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot save the setting"));
	if (strcmp(key, "station") == 0) {
		free(st->station);
		st->station = NULL;
	}
	return 0;
}

const char *
store_station(struct dot_store *st, char **cause)
{
	char host[256];

	if (st->station)
		return st->station;
	/* A failed read is not "no name set": never record the host's. */
	if (dot_store_setting_get(st, DOT_SETTING_STATION, &st->station, cause))
		return NULL;
	if (!st->station) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "station");
		host[sizeof(host) - 1] = '\0';
		st->station = dot_xstrdup(host);
	}
	return st->station;
}
