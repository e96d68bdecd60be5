/*
 * A helper for the sync tests and scripts/bench-sync, linking the real
 * modules (no mocks):
 *
 *   dotation-sync-helper gen DB N [PREFIX]
 *       append at least N journal entries through the real use cases
 *       (charter, assign, undo), as `dotation charter/assign/undo` would,
 *       only without starting a process per event;
 *   dotation-sync-helper ui-latency DB SECONDS [worker]
 *       run a UI-like poll loop fed by a "keystroke" every 10 ms and print
 *       the latency of their handling, with the sync worker running
 *       against the configured upstream or not.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/sync.h"

static int
gen(const char *db, long n, const char *prefix)
{
	struct dot_people_filter f = {0};
	struct dot_person_list people;
	struct dot_app *app;
	char *cause = NULL;
	long made = 0, counter = 0;
	size_t i;

	if (dot_app_open(db, &app, &cause)) {
		fprintf(stderr, "gen: %s\n", cause);
		return 1;
	}
	if (dot_store_people(dot_app_store(app), &f, &people, &cause)) {
		fprintf(stderr, "gen: %s\n", cause);
		return 1;
	}
	if (people.n == 0) {
		fprintf(stderr, "gen: no people: import a roster first\n");
		return 1;
	}
	for (i = 0; i < people.n && made < n; i++) {
		if (people.v[i].charter_at)
			continue;
		if (dot_app_charter(app, people.v[i].id, false, NULL, &cause)) {
			fprintf(stderr, "gen: charter: %s\n", cause);
			return 1;
		}
		made++;
	}
	while (made < n) {
		for (i = 0; i < people.n && made < n; i++) {
			struct dot_assign_result res;
			char serial[32];
			int64_t useq;

			if (people.v[i].serial)
				continue;
			/* Digits only after the prefix: never a letter O. */
			snprintf(serial, sizeof(serial), "%s%08ld", prefix,
				 ++counter);
			if (dot_app_assign(app, people.v[i].id, serial, NULL,
					   &res, &cause)) {
				fprintf(stderr, "gen: assign: %s\n", cause);
				return 1;
			}
			made++;
			if (made >= n)
				break;
			if (dot_app_undo(app, res.seq, &useq, &cause)) {
				fprintf(stderr, "gen: undo: %s\n", cause);
				return 1;
			}
			made++;
		}
	}
	printf("%ld\n", made);
	dot_person_list_release(&people);
	dot_app_free(app);
	free(cause);
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct feeder {
	int fd;
	double seconds;
};

static void *
feed(void *data)
{
	struct feeder *f = data;
	double end = now_s() + f->seconds;
	struct timespec ten = {0, 10 * 1000 * 1000};

	while (now_s() < end) {
		double t = now_s();

		if (write(f->fd, &t, sizeof(t)) != sizeof(t))
			break;
		nanosleep(&ten, NULL);
	}
	close(f->fd);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
ui_latency(const char *db, double seconds, bool with_worker)
{
	struct dot_sync_worker *w = NULL;
	struct dot_sync_status s;
	struct feeder f = {.seconds = seconds};
	double *lat = NULL, sum = 0;
	size_t n = 0, cap = 0;
	int fds[2], running = 0, updates = 0;
	char *cause = NULL;
	pthread_t th;

	if (pipe(fds))
		return 1;
	if (with_worker) {
		if (dot_sync_worker_start(db, NULL, &w, &cause)) {
			fprintf(stderr, "ui-latency: %s\n", cause);
			return 1;
		}
		dot_sync_worker_kick(w);
	}
	f.fd = fds[1];
	pthread_create(&th, NULL, feed, &f);
	for (;;) {
		struct pollfd p[2] = {{.fd = fds[0], .events = POLLIN},
				      {.fd = w ? dot_sync_worker_fd(w) : -1,
				       .events = POLLIN}};
		double t;
		ssize_t r;

		if (poll(p, 2, -1) <= 0)
			continue;
		if (p[1].revents & POLLIN) {
			dot_sync_worker_status(w, &s);
			updates++;
			running += s.state == DOT_SYNC_RUNNING;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		r = read(fds[0], &t, sizeof(t));
		if (r <= 0)
			break;
		/* What a keystroke costs the UI: read the header status. */
		if (w)
			dot_sync_worker_status(w, &s);
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			lat = realloc(lat, cap * sizeof(*lat));
		}
		lat[n] = (now_s() - t) * 1000.0;
		sum += lat[n++];
	}
	pthread_join(th, NULL);
	if (w) {
		dot_sync_worker_status(w, &s);
		printf("worker: state=%s pending=%lld last_success=%s "
		       "updates=%d running_seen=%d\n",
		       dot_sync_state_name(s.state), (long long)s.pending,
		       s.last_success[0] ? s.last_success : "-", updates,
		       running);
		dot_sync_worker_stop(w);
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	if (n)
		printf("keystrokes=%zu mean_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
		       n, sum / (double)n, lat[(size_t)((double)n * 0.99)],
		       lat[n - 1]);
	free(lat);
	close(fds[0]);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], atol(argv[3]), argc > 4 ? argv[4] : "SN");
	if (argc >= 4 && strcmp(argv[1], "ui-latency") == 0)
		return ui_latency(argv[2], atof(argv[3]),
				  argc > 4 && strcmp(argv[4], "worker") == 0);
	fprintf(stderr, "usage: dotation-sync-helper gen DB N [PREFIX] | "
			"ui-latency DB SECONDS [worker]\n");
	return 2;
}
