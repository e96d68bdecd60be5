/*
 * Internals of the sync module shared by its files and its unit test:
 * the HTTP layer with its retry policy, and the v1 protocol documents
 * (request bodies built, answers parsed and validated).
 */
#ifndef DOTATION_SYNC_INT_H
#define DOTATION_SYNC_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "dotation/store.h"
#include "dotation/sync.h"

/* ---- HTTP -------------------------------------------------------------------
 */

struct sync_http;

/*
 * Cancellation and sleeping for the retry loop: stop (may be NULL) aborts
 * requests and waits when set; wake_fd (or -1), when readable, cuts a
 * wait short so that the worker reacts to stop at once.
 */
struct sync_cancel {
	const atomic_bool *stop;
	int wake_fd;
};

/*
 * A handle on the upstream: one curl easy handle reused (keep-alive), the
 * token read from the token file. Returns 0, DOT_EUSAGE (bad URL),
 * DOT_ERULE (token file mode) or DOT_ERUNTIME.
 */
int sync_http_open(const struct dot_sync_config *cfg,
		   const struct sync_cancel *cancel, struct sync_http **out,
		   char **cause);
void sync_http_free(struct sync_http *h);

/*
 * Check an answer body before it is accepted: 0 when good, else nonzero
 * with *why (the request is then retried like a 5xx).
 */
typedef int (*sync_check_fn)(const char *body, size_t len, void *arg,
			     char **why);

/*
 * One request with the retry policy: 5xx, 408, timeouts, broken
 * connections, malformed or oversized answers are retried with
 * exponential backoff and full jitter; 429 and 503 wait for Retry-After
 * when given; 401/403 and other 4xx are not retried. path is appended to
 * the upstream ("/v1/events"), body NULL for GET. check (may be NULL)
 * validates a 200 body. Returns the outcome (DOT_SYNC_OK) with *cause
 * otherwise; counts requests and retries in rep.
 */
enum dot_sync_outcome sync_http_request(struct sync_http *h, const char *path,
					const char *body, size_t len,
					sync_check_fn check, void *arg,
					struct dot_sync_report *rep,
					char **cause);

/* The upstream's Retry-After of the last failed run, in ms (0: none). */
long sync_http_retry_after(const struct sync_http *h);

/* Wait up to ms, cut short by cancellation; false when cancelled. */
bool sync_sleep(const struct sync_cancel *c, long ms);

/* A full-jitter backoff delay for attempt (0-based): [0, min(cap, b*2^n)]. */
long sync_backoff_ms(long base, long cap, int attempt);

/* ---- protocol v1
 * -------------------------------------------------------------- */

/*
 * The body of POST /v1/events for entries v[0..n). Returns a new string
 * and its length in *len.
 */
char *sync_events_body(const char *uai, const char *station,
		       const struct dot_journal_entry *v, size_t n,
		       size_t *len);

/* Parsed results of a push; marks borrow from root. */
struct sync_results {
	json_t *root;
	struct dot_sync_mark *v;
	size_t n;
	size_t missing; /* events of the batch the answer does not name */
};

/*
 * Parse and validate a push answer against the batch it answers: an
 * object with a "results" array whose items each name a uuid of the
 * batch and a known status. Anything else is refused as a whole (0 or
 * -1 with *why), so that nothing is marked from a doubtful answer.
 */
int sync_parse_results(const char *body, size_t len,
		       const struct dot_journal_entry *batch, size_t n,
		       struct sync_results *out, char **why);
void sync_results_release(struct sync_results *r);

/* A parsed page of a pull feed. */
struct sync_feed {
	json_t *root;
	json_t *items; /* borrowed from root: an array */
	char *cursor;  /* NULL when the answer has none (null) */
};

/*
 * Parse {"items":[...], "cursor": string|integer|null}; 0 or -1 with
 * *why.
 */
int sync_parse_feed(const char *body, size_t len, struct sync_feed *out,
		    char **why);
void sync_feed_release(struct sync_feed *f);

/* A roster item turned into an import row, with its own buffers. */
struct sync_person {
	struct dot_person_in in;
	char birth[11];
	char ine[12]; /* a national INE, upper-cased */
	bool ine_odd; /* in.ine is another shape, kept as given (roster) */
};

/*
 * Turn roster item into a row: last_name and first_name required,
 * birth_date YYYY-MM-DD or DD/MM/YYYY or null, ine checked when given,
 * profile one of eleve/prof/personnel (default eleve), active default
 * true. Strings borrow from item. 0, or -1 with *why.
 */
int sync_roster_item(json_t *item, int index, struct sync_person *out,
		     char **why);

/* An assignments item: a holding (active) or its release. */
struct sync_holding {
	struct dot_remote_assignment r;
	char serial[64];
	bool active;
};

/* Turn an assignments item into a holding. 0, or -1 with *why. */
int sync_assignment_item(json_t *item, struct sync_holding *out, char **why);

/* ---- runs
 * ------------------------------------------------------------------------ */

/* curl_global_init once per process, before any thread uses curl. */
void sync_global_init(void);

/*
 * dot_sync_run with cancellation (the worker); *retry_after_ms receives
 * the upstream's last Retry-After (0: none) when not NULL.
 */
int sync_run(struct dot_app *app, const struct dot_sync_config *cfg,
	     const struct sync_cancel *cancel, dot_sync_progress_fn progress,
	     void *data, struct dot_sync_report *rep, long *retry_after_ms,
	     char **cause);

#endif
