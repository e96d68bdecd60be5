/*
 * Internals shared by the store's files: the handle and the prepared
 * statement cache. Nothing outside src/store includes this.
 */
#ifndef DOTATION_STORE_INT_H
#define DOTATION_STORE_INT_H

#include <sqlite3.h>

#include "dotation/core.h"
#include "dotation/store.h"

#define STORE_STMT_CACHE 96

struct dot_store {
	sqlite3 *db;
	char *path;
	char *station; /* cached "station" setting */
	bool in_tx;
	bool readonly;    /* DOT_STORE_READ */
	bool failed_busy; /* the last failure: another writer held the lock */
	struct {
		bool on;          /* a first import: no per-row indexing */
		char **index_sql; /* "name\0CREATE INDEX ..." to rebuild */
		size_t n;
		char now[32]; /* its rows' updated_at */
	} bulk;
	struct {
		const char *sql; /* string literal: compared by address */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
};

extern const char *const dot_store_migrations[];
extern const int dot_store_nmigrations;

/*
 * A cached prepared statement for a string literal, reset and with its
 * bindings cleared. NULL on error (the message is in sqlite3_errmsg).
 */
sqlite3_stmt *store_prep(struct dot_store *st, const char *sql);

/* True when the last error of st was a full disk (or quota). */
bool store_disk_full(struct dot_store *st);

/* Record the database error with context in *cause; returns DOT_ERUNTIME. */
int store_err(struct dot_store *st, char **cause, const char *what);

/* Forget a bulk import's state (rolled back or finished). */
void store_bulk_release(struct dot_store *st);

/*
 * Run the write s once and reset it. Returns 0 when it changed exactly one
 * row, DOT_ERULE (no *cause) when it changed none or several, or
 * store_err(st, cause, what) when the statement failed.
 */
int store_change_one(struct dot_store *st, sqlite3_stmt *s, char **cause,
		     const char *what);

/*
 * The end of a one-row read: reset s, then 0 when rc (its step) was a row,
 * DOT_ENOTFOUND when there was none, store_err(st, cause, what) otherwise.
 */
int store_read_end(struct dot_store *st, sqlite3_stmt *s, int rc, char **cause,
		   const char *what);

/* Bind text, NULL when s is NULL or empty. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);

/* A copy of column i, or NULL. */
char *store_col_dup(sqlite3_stmt *s, int i);

/*
 * Column i read as a domain word. The schema's CHECKs admit only known
 * keywords, so an unknown one (a newer program's row) reads as the first
 * value of the enum.
 */
enum dot_profile store_col_profile(sqlite3_stmt *s, int i);
enum dot_handover_kind store_col_kind(sqlite3_stmt *s, int i);
enum dot_journal_type store_col_journal_type(sqlite3_stmt *s, int i);
enum dot_device_status store_col_device_status(sqlite3_stmt *s, int i);
enum dot_push_state store_col_push_state(sqlite3_stmt *s, int i);

/*
 * The push states in the SQL of the queries that the partial indexes
 * journal_unpushed and journal_conflict (schema.c) serve. SQLite uses a
 * partial index only when the query spells the index's condition with
 * the same literals, so these cannot be bound parameters: they are the
 * words of dot_push_state_name(), written once here for every query.
 */
#define STORE_SQL_UNPUSHED "push_state IN ('pending', 'rejected')"
#define STORE_SQL_CONFLICT "push_state = 'conflict'"

/*
 * Bind the keywords of the profiles in mask to the DOT_PROFILE_N
 * parameters from first on (NULL for those not in it), for a clause
 * "(p.profile = ?first OR p.profile = ?first+1 OR ...)".
 */
void store_bind_profiles(sqlite3_stmt *s, int first, unsigned mask);

/*
 * The station name (setting "station", else the host name); borrowed.
 * NULL (with *cause) when the setting cannot be read.
 */
const char *store_station(struct dot_store *st, char **cause);

/*
 * The columns of a journal entry, for a query on "journal j", in the
 * order store_journal_read() expects.
 */
#define STORE_JOURNAL_COLS                                                     \
	"j.seq, j.uuid, j.at, j.station, j.queue, j.operator, j.type,"         \
	" j.data, coalesce(j.person_id, 0), coalesce(j.ref_seq, 0),"           \
	" coalesce(j.assignment_id, 0), j.serial, j.push_state,"               \
	" j.push_detail, coalesce((SELECT u.seq FROM journal u"                \
	" WHERE u.ref_seq = j.seq AND u.type = 'undo'), 0)"

/* Step s (selecting STORE_JOURNAL_COLS) to the end into out. */
int store_journal_read(struct dot_store *st, sqlite3_stmt *s,
		       struct dot_journal_list *out, char **cause);

#endif
