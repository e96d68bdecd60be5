/*
 * The WAL checkpointer: a thread with its own connection that copies the
 * write-ahead log back into the database, so that no handover's commit
 * pays for it.
 *
 * By default SQLite checkpoints inside the commit that pushes the WAL past
 * 1000 pages: that commit then also writes and fsyncs the main database
 * file, and one scan in about a hundred took 20 to 130 ms instead of 1.
 * The station turns that off on its own connection and checkpoints here
 * instead, PASSIVE so that it never waits for a reader nor blocks a writer.
 * Other processes on the database (the command line) keep checkpointing
 * as usual.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/i18n.h"
#include "store_int.h"

#define CHECKPOINT_EVERY_MS 500
#define DEFAULT_AUTOCHECKPOINT 1000

struct dot_checkpointer {
	struct dot_store *st; /* its autocheckpoint is restored at stop */
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	unsigned long runs; /* checkpoints that copied frames, for tests */
};

static void
checkpoint(struct dot_checkpointer *c)
{
	int log = 0, done = 0;

	if (sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
				      &log, &done) == SQLITE_OK &&
	    done > 0) {
		pthread_mutex_lock(&c->lock);
		c->runs++;
		pthread_mutex_unlock(&c->lock);
	}
}

static void *
run(void *arg)
{
	struct dot_checkpointer *c = arg;
	struct timespec at;

	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += CHECKPOINT_EVERY_MS * 1000000L;
		at.tv_sec += at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		if (pthread_cond_timedwait(&c->wake, &c->lock, &at) !=
			    ETIMEDOUT ||
		    c->stop)
			continue;
		pthread_mutex_unlock(&c->lock);
		checkpoint(c);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int
dot_store_checkpointer_start(struct dot_store *st,
			     struct dot_checkpointer **out, char **cause)
{
	struct dot_checkpointer *c = dot_xcalloc(1, sizeof(*c));
	pthread_condattr_t ca;
	int err;

	if (sqlite3_open_v2(st->path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		int rc = dot_fail(cause, DOT_ERUNTIME,
				  _("cannot open the database '%s': %s"),
				  st->path, c->db ? sqlite3_errmsg(c->db) : "");
		sqlite3_close(c->db);
		free(c);
		return rc;
	}
	sqlite3_busy_timeout(c->db, 10000);
	/*
	 * A connection opens the WAL at its first read: before that (SQLite
	 * before 3.41) a checkpoint quietly does nothing.
	 */
	sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
		     NULL);
	c->st = st;
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->wake, &ca);
	pthread_condattr_destroy(&ca);
	err = pthread_create(&c->thread, NULL, run, c);
	if (err) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		free(c);
		return dot_fail(cause, DOT_ERUNTIME, "%s", strerror(err));
	}
	sqlite3_wal_autocheckpoint(st->db, 0);
	*out = c;
	return 0;
}

unsigned long
dot_checkpointer_runs(struct dot_checkpointer *c)
{
	unsigned long n;

	pthread_mutex_lock(&c->lock);
	n = c->runs;
	pthread_mutex_unlock(&c->lock);
	return n;
}

void
dot_checkpointer_stop(struct dot_checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	checkpoint(c);
	sqlite3_wal_autocheckpoint(c->st->db, DEFAULT_AUTOCHECKPOINT);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	sqlite3_close(c->db);
	free(c);
}
