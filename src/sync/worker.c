/*
 * The background worker of the station: a thread with its own database
 * connection that keeps the upstream up to date while the operator scans.
 * The UI thread only ever takes a mutex to copy a small struct; it learns
 * about changes from an eventfd it polls with its other descriptors.
 *
 * When it runs: at start, when entries appear (a kick from the UI, or
 * another process's commit seen through PRAGMA data_version, checked
 * every 2 s), and every interval for the pull. After a failure it backs
 * off (full jitter, or Retry-After); after 401/403 or a token file that
 * is not private it stops until kicked: retrying cannot fix those.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "sync_int.h"

#define POLL_MS 2000
#define WORKER_BACKOFF_CAP_MS 300000

struct dot_sync_worker {
	char *db_path;
	struct dot_sync_config cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	struct dot_sync_status status; /* guarded by mu */
	int64_t next_ms;               /* monotonic time of the next run */
	int notify_fd;                 /* worker -> UI */
	int wake_fd;                   /* UI -> worker */
	atomic_bool stop;
	atomic_bool kicked;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
signal_fd(int fd)
{
	uint64_t one = 1;

	/* EAGAIN: the counter is already non-zero, which is all we need. */
	if (write(fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return;
}

static void
drain_fd(int fd)
{
	uint64_t v;

	while (read(fd, &v, sizeof(v)) > 0)
		;
}

/* Update the status under the lock and tell the UI. */
static void
publish(struct dot_sync_worker *w,
	void (*fn)(struct dot_sync_status *, const void *), const void *arg)
{
	pthread_mutex_lock(&w->mu);
	fn(&w->status, arg);
	pthread_mutex_unlock(&w->mu);
	signal_fd(w->notify_fd);
}

static void
set_progress(struct dot_sync_status *s, const void *arg)
{
	snprintf(s->progress, sizeof(s->progress), "%s", (const char *)arg);
}

static void
on_progress(const char *msg, void *data)
{
	publish(data, set_progress, msg);
}

struct counts {
	int64_t pending, conflicts;
};

static void
set_counts(struct dot_sync_status *s, const void *arg)
{
	const struct counts *c = arg;

	s->pending = c->pending;
	s->conflicts = c->conflicts;
}

static void
refresh_counts(struct dot_sync_worker *w, struct dot_store *st)
{
	struct counts c = {0, 0};
	bool changed;

	if (dot_store_sync_counts(st, &c.pending, &c.conflicts, NULL))
		return;
	pthread_mutex_lock(&w->mu);
	changed = c.pending != w->status.pending ||
		  c.conflicts != w->status.conflicts;
	pthread_mutex_unlock(&w->mu);
	if (changed)
		publish(w, set_counts, &c);
}

struct after_run {
	enum dot_sync_state state;
	enum dot_sync_outcome outcome;
	const char *error; /* NULL: clear */
	const char *last_success;
	long retry_in_ms;
};

static void
set_after(struct dot_sync_status *s, const void *arg)
{
	const struct after_run *a = arg;

	s->state = a->state;
	s->last_outcome = a->outcome;
	snprintf(s->last_error, sizeof(s->last_error), "%s",
		 a->error ? a->error : "");
	if (a->last_success)
		snprintf(s->last_success, sizeof(s->last_success), "%s",
			 a->last_success);
	s->retry_in_ms = a->retry_in_ms;
	s->progress[0] = '\0';
}

static void
set_running(struct dot_sync_status *s, const void *arg)
{
	(void)arg;
	s->state = DOT_SYNC_RUNNING;
	s->retry_in_ms = 0;
	s->progress[0] = '\0';
}

/* One run; returns the delay before the next one and sets the state. */
static int64_t
run_once(struct dot_sync_worker *w, struct dot_app *app, int *failures)
{
	struct dot_store *st = dot_app_store(app);
	struct sync_cancel cancel = {.stop = &w->stop, .wake_fd = w->wake_fd};
	struct dot_sync_config cfg;
	struct dot_sync_report rep;
	struct after_run a = {0};
	char *cause = NULL, *last = NULL;
	int64_t delay = w->cfg.interval_ms;
	long retry_after = 0;
	int rc;

	dot_sync_config_copy(&cfg, &w->cfg);
	rc = dot_sync_config_load(st, &cfg, &cause);
	if (rc) {
		/* an unreadable database is not "not configured": retry */
		a.state = rc == DOT_ERUNTIME ? DOT_SYNC_BACKING_OFF
					     : DOT_SYNC_NOT_CONFIGURED;
		a.outcome =
			rc == DOT_ERUNTIME ? DOT_SYNC_LOCAL : DOT_SYNC_CONFIG;
		a.error = cause;
		publish(w, set_after, &a);
		goto out;
	}
	publish(w, set_running, NULL);
	rc = sync_run(app, &cfg, &cancel, on_progress, w, &rep, &retry_after,
		      &cause);
	if (atomic_load(&w->stop))
		goto out;
	/* unreadable: the status keeps the last success it showed (NULL) */
	dot_store_setting_get(st, DOT_SETTING_SYNC_LAST_SUCCESS, &last, NULL);
	a.last_success = last;
	a.outcome = rep.outcome;
	if (rc == 0) {
		*failures = 0;
		a.state = DOT_SYNC_IDLE;
	} else if (rep.outcome == DOT_SYNC_AUTH || rc == DOT_ERULE ||
		   rep.outcome == DOT_SYNC_CONFIG) {
		/* Retrying cannot fix a refused token: wait for a kick. */
		a.state = DOT_SYNC_STOPPED;
		a.error = cause;
		delay = -1;
	} else {
		long base = cfg.backoff_base_ms > 0 ? cfg.backoff_base_ms : 1;

		a.state = DOT_SYNC_BACKING_OFF;
		a.error = cause;
		delay = retry_after > 0
				? retry_after
				: sync_backoff_ms(base, WORKER_BACKOFF_CAP_MS,
						  *failures + 2);
		if (delay < base)
			delay = base;
		(*failures)++;
		a.retry_in_ms = (long)delay;
	}
	publish(w, set_after, &a);
out:
	refresh_counts(w, st);
	dot_sync_config_release(&cfg);
	free(cause);
	free(last);
	return delay;
}

static struct dot_app *
open_app(struct dot_sync_worker *w)
{
	struct dot_app *app = NULL;
	char *cause = NULL;
	struct after_run a = {.state = DOT_SYNC_BACKING_OFF};

	if (dot_app_open(w->db_path, &app, &cause) == 0) {
		dot_app_set_operator(app, "sync");
		return app;
	}
	a.error = cause;
	a.retry_in_ms = POLL_MS;
	publish(w, set_after, &a);
	free(cause);
	return NULL;
}

static void *
worker_main(void *data)
{
	struct dot_sync_worker *w = data;
	struct dot_app *app = NULL;
	int64_t next = 0, last_dv = -1;
	int failures = 0;

	while (!atomic_load(&w->stop)) {
		struct pollfd pfd = {.fd = w->wake_fd, .events = POLLIN};
		enum dot_sync_state state;
		int64_t t = now_ms(), timeout, dv, pending;
		bool due;

		if (!app) {
			app = open_app(w);
			if (!app) {
				sync_sleep(&(struct sync_cancel){&w->stop,
								 w->wake_fd},
					   POLL_MS);
				continue;
			}
			{
				char *ls = NULL;
				struct after_run a = {.state = DOT_SYNC_IDLE};

				/* unreadable (NULL): shown as never, until a
				 * run */
				dot_store_setting_get(
					dot_app_store(app),
					DOT_SETTING_SYNC_LAST_SUCCESS, &ls,
					NULL);
				a.last_success = ls;

				publish(w, set_after, &a);
				free(ls);
			}
		}
		dv = dot_store_data_version(dot_app_store(app));
		if (dv != last_dv)
			refresh_counts(w, dot_app_store(app));
		pthread_mutex_lock(&w->mu);
		state = w->status.state;
		pending = w->status.pending;
		pthread_mutex_unlock(&w->mu);
		due = atomic_exchange(&w->kicked, false) ||
		      (next >= 0 && t >= next);
		/* New entries from another connection: push them now,
		 * unless backing off or stopped. */
		if (!due && dv != last_dv && pending > 0 &&
		    (state == DOT_SYNC_IDLE ||
		     state == DOT_SYNC_NOT_CONFIGURED))
			due = true;
		last_dv = dv;
		if (due) {
			int64_t delay = run_once(w, app, &failures);

			next = delay < 0 ? -1 : now_ms() + delay;
			pthread_mutex_lock(&w->mu);
			w->next_ms = next;
			pthread_mutex_unlock(&w->mu);
			last_dv = dot_store_data_version(dot_app_store(app));
			continue;
		}
		timeout = POLL_MS;
		if (next >= 0 && next - t < timeout)
			timeout = next - t > 0 ? next - t : 0;
		if (poll(&pfd, 1, (int)timeout) > 0)
			drain_fd(w->wake_fd);
	}
	dot_app_free(app);
	return NULL;
}

int
dot_sync_worker_start(const char *db_path, const struct dot_sync_config *cfg,
		      struct dot_sync_worker **out, char **cause)
{
	struct dot_sync_worker *w;
	int err;

	*out = NULL;
	sync_global_init();
	w = dot_xcalloc(1, sizeof(*w));
	w->db_path = dot_xstrdup(db_path);
	if (cfg) {
		dot_sync_config_copy(&w->cfg, cfg);
	} else {
		dot_sync_config_init(&w->cfg);
	}
	pthread_mutex_init(&w->mu, NULL);
	atomic_init(&w->stop, false);
	atomic_init(&w->kicked, false);
	w->status.state = DOT_SYNC_IDLE;
	w->notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->notify_fd < 0 || w->wake_fd < 0) {
		err = errno;
		goto fail;
	}
	err = pthread_create(&w->thread, NULL, worker_main, w);
	if (err)
		goto fail;
	*out = w;
	return 0;
fail:
	if (w->notify_fd >= 0)
		close(w->notify_fd);
	if (w->wake_fd >= 0)
		close(w->wake_fd);
	pthread_mutex_destroy(&w->mu);
	dot_sync_config_release(&w->cfg);
	free(w->db_path);
	free(w);
	return dot_fail(cause, DOT_ERUNTIME,
			_("cannot start the background sync: %s"),
			strerror(err));
}

int
dot_sync_worker_fd(const struct dot_sync_worker *w)
{
	return w->notify_fd;
}

void
dot_sync_worker_status(struct dot_sync_worker *w, struct dot_sync_status *s)
{
	int64_t next;

	drain_fd(w->notify_fd);
	pthread_mutex_lock(&w->mu);
	*s = w->status;
	next = w->next_ms;
	pthread_mutex_unlock(&w->mu);
	if (s->state == DOT_SYNC_BACKING_OFF && next > 0) {
		int64_t left = next - now_ms();

		s->retry_in_ms = left > 0 ? (long)left : 0;
	}
}

void
dot_sync_worker_kick(struct dot_sync_worker *w)
{
	atomic_store(&w->kicked, true);
	signal_fd(w->wake_fd);
}

void
dot_sync_worker_stop(struct dot_sync_worker *w)
{
	if (!w)
		return;
	atomic_store(&w->stop, true);
	signal_fd(w->wake_fd);
	pthread_join(w->thread, NULL);
	close(w->notify_fd);
	close(w->wake_fd);
	pthread_mutex_destroy(&w->mu);
	dot_sync_config_release(&w->cfg);
	free(w->db_path);
	free(w);
}

const char *
dot_sync_state_name(enum dot_sync_state s)
{
	switch (s) {
	case DOT_SYNC_IDLE:
		return _("up to date");
	case DOT_SYNC_RUNNING:
		return _("syncing");
	case DOT_SYNC_BACKING_OFF:
		return _("waiting to retry");
	case DOT_SYNC_NOT_CONFIGURED:
		return _("sync not configured");
	case DOT_SYNC_STOPPED:
		return _("sync stopped");
	}
	return "?";
}

const char *
dot_sync_outcome_name(enum dot_sync_outcome o)
{
	switch (o) {
	case DOT_SYNC_OK:
		return "";
	case DOT_SYNC_UNREACHABLE:
		return _("offline");
	case DOT_SYNC_AUTH:
		return _("token refused");
	case DOT_SYNC_REFUSED:
		return _("refused by the server");
	case DOT_SYNC_BAD_ANSWER:
		return _("bad answer from the server");
	case DOT_SYNC_CONFIG:
		return _("sync settings to fix");
	case DOT_SYNC_LOCAL:
		return _("local database error");
	case DOT_SYNC_CANCELLED:
		return _("stopped");
	}
	return "?";
}
