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

/* Record the database error with context in *cause; returns DOT_ERUNTIME. */
int store_err(struct dot_store *st, char **cause, const char *what);

/* Bind text, NULL when s is NULL or empty. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);

/* A copy of column i, or NULL. */
char *store_col_dup(sqlite3_stmt *s, int i);

/* The station name (setting "station", else the host name); borrowed. */
const char *store_station(struct dot_store *st);

#endif
