/*
 * sync: the journal pushed upstream and the roster and other stations'
 * assignments pulled back, over HTTPS (protocol v1, docs/sync-protocol.md).
 * It is the only module that links libcurl and jansson.
 *
 * Two ways in:
 *  - dot_sync_run(): one blocking run, push then pull, used by
 *    `dotation sync --once`;
 *  - the worker (dot_sync_worker_*): a thread with its own database
 *    connection that runs syncs in the background for the station. The UI
 *    never waits on the network: every worker call returns at once, and
 *    the worker tells the UI that its status changed through a file
 *    descriptor the UI adds to its poll() set.
 *
 * Exactly once: an entry is marked done only from a 200 answer that
 * names it; anything else (timeout, dropped connection, malformed or
 * oversized answer) leaves it pending and the same events (same uuids)
 * are sent again later, which the upstream answers "duplicate".
 */
#ifndef DOTATION_SYNC_H
#define DOTATION_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dot_app;
struct dot_store;

/* ---- configuration --------------------------------------------------------- */

/*
 * Where and how to reach the upstream. upstream, token_file and cacert are
 * owned strings (dot_sync_config_release frees them); NULL means "not
 * given": dot_sync_config_load() fills them from the database settings
 * sync.upstream, sync.token_file and sync.cacert.
 */
struct dot_sync_config {
	char *upstream;          /* https://host[:port][/base], no trailing / */
	char *token_file;        /* must be mode 0600 (or stricter) */
	char *cacert;            /* extra CA file (PEM), NULL: system CAs */
	long connect_timeout_ms; /* TCP + TLS + proxy handshake */
	long total_timeout_ms;   /* one request, from start to last byte */
	long low_speed_bytes;    /* abort below this many bytes per second */
	long low_speed_seconds;  /* ... for this long */
	size_t max_answer;       /* larger answers are refused */
	long backoff_base_ms;    /* first retry waits up to this long */
	long backoff_max_ms;     /* cap of one wait */
	long retry_after_max_ms; /* cap of an honoured Retry-After */
	int max_attempts;        /* per request in one run (>= 1) */
	int batch;               /* events per POST, 1..500 */
	long interval_ms;        /* worker: pause between runs when idle */
};

/*
 * Defaults (connect 10 s, total 60 s, below 100 B/s for 20 s aborts,
 * answers up to 16 MiB, backoff 500 ms doubling up to 60 s, Retry-After
 * capped at 300 s, 6 attempts, batches of 500, worker every 30 s), then
 * the environment: DOTATION_SYNC_BACKOFF_MS, DOTATION_SYNC_BACKOFF_MAX_MS,
 * DOTATION_SYNC_ATTEMPTS, DOTATION_SYNC_TIMEOUT_MS,
 * DOTATION_SYNC_CONNECT_TIMEOUT_MS, DOTATION_SYNC_MAX_ANSWER,
 * DOTATION_SYNC_BATCH, DOTATION_SYNC_INTERVAL_MS (tests make the
 * backoff short with these). Strings are left NULL.
 */
void dot_sync_config_init(struct dot_sync_config *cfg);

/* Free the strings; cfg may be NULL. */
void dot_sync_config_release(struct dot_sync_config *cfg);

/* A deep copy of src into dst. */
void dot_sync_config_copy(struct dot_sync_config *dst,
			  const struct dot_sync_config *src);

/*
 * Fill the strings left NULL from the settings of st. Returns 0, or
 * DOT_EUSAGE with *cause when no upstream or token file is known (the
 * message says to give --upstream / --token-file once).
 */
int dot_sync_config_load(struct dot_store *st, struct dot_sync_config *cfg,
			 char **cause);

/* 0 when url is an https:// URL with a host; DOT_EUSAGE otherwise. */
int dot_sync_upstream_check(const char *url, char **cause);

/*
 * Check the fields of cfg that are not NULL, without any network: the
 * upstream is https://, the token file passes dot_sync_read_token, the CA
 * file is a readable regular file. Returns 0, DOT_EUSAGE or DOT_ERULE
 * (and DOT_ERUNTIME for an unreadable token file) with *cause.
 */
int dot_sync_config_check(const struct dot_sync_config *cfg, char **cause);

/*
 * Remember upstream, token_file and cacert (those not NULL) in the
 * settings of st, for later runs and for the station's worker: checked
 * first (dot_sync_config_check; nothing is saved when a field is
 * refused), the file paths saved absolute.
 */
int dot_sync_config_save(struct dot_store *st,
			 const struct dot_sync_config *cfg, char **cause);

/*
 * Read the bearer token from path into *token (caller frees). Refused
 * (DOT_ERULE, *cause says what to do) when the file is a symbolic link,
 * not a regular file (a FIFO is never read), readable or writable by
 * group or others, not owned by this user, longer than 4096 characters,
 * or holds anything but visible ASCII (a control byte would go into the
 * HTTP header); DOT_ERUNTIME when it cannot be read or is empty.
 */
int dot_sync_read_token(const char *path, char **token, char **cause);

/* ---- one run
 * ------------------------------------------------------------------ */

/* How a run ended, for the exit code and the station's header. */
enum dot_sync_outcome {
	DOT_SYNC_OK = 0,
	DOT_SYNC_UNREACHABLE, /* network, timeouts, 5xx after all retries */
	DOT_SYNC_AUTH,        /* 401/403: the token is refused */
	DOT_SYNC_REFUSED,     /* another 4xx: not retried */
	DOT_SYNC_BAD_ANSWER,  /* malformed or oversized, after all retries */
	DOT_SYNC_CONFIG,      /* no upstream, bad token file, bad URL */
	DOT_SYNC_LOCAL,       /* the database failed */
	DOT_SYNC_CANCELLED,   /* the worker was stopped */
};

struct dot_sync_report {
	enum dot_sync_outcome outcome;
	int sent; /* events sent (resends included) */
	int accepted, duplicate, conflict, rejected;
	int64_t pending;   /* entries still waiting after the run */
	int64_t conflicts; /* conflict entries in the journal */
	int roster_items, roster_added, roster_updated, roster_skipped;
	int remote_set, remote_cleared;
	int requests; /* HTTP requests made, retries included */
	int retries;
};

/*
 * Progress callback: a translated one-line message ("pushed 500 of
 * 10000 events"), called from the thread running the sync.
 */
typedef void (*dot_sync_progress_fn)(const char *msg, void *data);

/*
 * One run: push every pending entry (batches of cfg->batch, seq order),
 * then pull the roster and the assignments feeds from their stored
 * cursors. Pulled people go through dot_app_import() (the import rules);
 * pulled assignments of other stations fill remote_assignments. On
 * success sync.last_success is set and sync.last_error cleared; on
 * failure sync.last_error is set. cfg must be complete (see
 * dot_sync_config_load). progress may be NULL.
 *
 * Returns 0 (rep->outcome DOT_SYNC_OK), DOT_ERUNTIME (network, upstream,
 * database), DOT_ERULE (token refused by its mode) or DOT_EUSAGE
 * (configuration), with *cause; rep is always filled.
 */
int dot_sync_run(struct dot_app *app, const struct dot_sync_config *cfg,
		 dot_sync_progress_fn progress, void *data,
		 struct dot_sync_report *rep, char **cause);

/* ---- background worker (the station)
 * ------------------------------------------- */

struct dot_sync_worker;

enum dot_sync_state {
	DOT_SYNC_IDLE,           /* up to date, or waiting for the next run */
	DOT_SYNC_RUNNING,        /* a run is in progress */
	DOT_SYNC_BACKING_OFF,    /* the last run failed: waiting to retry */
	DOT_SYNC_NOT_CONFIGURED, /* no upstream or token in the settings */
	DOT_SYNC_STOPPED,        /* auth refused: needs the operator */
};

/* A snapshot for the station's header. Plain data, copy freely. */
struct dot_sync_status {
	enum dot_sync_state state;
	int64_t pending;       /* entries waiting for the upstream */
	int64_t conflicts;     /* entries the upstream answered conflict */
	char last_success[32]; /* ISO-8601 or "" */
	char last_error[256];  /* translated, "" when the last run was ok */
	enum dot_sync_outcome last_outcome; /* of the last run ended */
	long retry_in_ms;   /* BACKING_OFF: time until the next try */
	char progress[128]; /* RUNNING: the latest progress line */
};

/*
 * Start the worker on the database at db_path. It opens its own
 * connection (never share the UI's) and runs in its own thread. cfg may
 * be NULL (defaults); its strings left NULL are read from the settings at
 * every run, so `dotation sync --upstream ... --token-file ...` run once
 * configures the station. A missing configuration is not an error: the
 * state is DOT_SYNC_NOT_CONFIGURED until the settings appear.
 *
 * The worker runs a sync when entries are pending (it notices new ones
 * within about 2 s, at once after dot_sync_worker_kick), and pulls every
 * cfg->interval_ms. After a failure it waits with exponential backoff and
 * full jitter (or the upstream's Retry-After); after 401/403 it stops
 * trying until kicked.
 *
 * Returns 0 and *out, or DOT_ERUNTIME with *cause (thread or descriptor
 * creation failed). Call from the UI thread before it starts polling.
 */
int dot_sync_worker_start(const char *db_path,
			  const struct dot_sync_config *cfg,
			  struct dot_sync_worker **out, char **cause);

/*
 * A descriptor that becomes readable whenever the status changed (add it
 * to poll() with POLLIN). dot_sync_worker_status() drains it. Borrowed:
 * valid until dot_sync_worker_stop().
 */
int dot_sync_worker_fd(const struct dot_sync_worker *w);

/*
 * Copy the current status into *s and drain the descriptor. Never blocks
 * on the network (takes a mutex the worker holds only to copy a struct).
 */
void dot_sync_worker_status(struct dot_sync_worker *w,
			    struct dot_sync_status *s);

/*
 * Ask for a run as soon as possible: after a handover, or when the
 * operator asks for "sync now" (also clears DOT_SYNC_STOPPED and any
 * backoff). Returns at once.
 */
void dot_sync_worker_kick(struct dot_sync_worker *w);

/*
 * Stop the worker: a request in flight is aborted (within about one
 * second), nothing half-done is marked, the thread is joined and
 * everything freed. NULL does nothing.
 */
void dot_sync_worker_stop(struct dot_sync_worker *w);

/* A translated word for a state ("up to date", "syncing"...). */
const char *dot_sync_state_name(enum dot_sync_state s);

/*
 * A few translated words for how a run ended, short enough for the
 * station's header ("server unreachable", "token refused"...); "" for
 * DOT_SYNC_OK. The full reason is in last_error.
 */
const char *dot_sync_outcome_name(enum dot_sync_outcome o);

#endif
