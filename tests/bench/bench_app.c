/*
 * Benchmark of one handover: dot_app_assign() (a durable transaction with
 * its checks and its journal entry) beside a raw single-row durable SQLite
 * insert (WAL, synchronous=FULL, one transaction per row), measured in
 * the same run on the same disk. Prints figures, asserts nothing.
 *
 * usage: bench_app DIR [N]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "dotation/app.h"
#include "dotation/core.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	printf("%-34s p50 %7.3f ms  p99 %7.3f ms\n", what, v[n / 2],
	       v[(int)(n * 0.99)]);
}

int
main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 500, i;
	double *raw = calloc((size_t)n, sizeof(double));
	double *app_t = calloc((size_t)n, sizeof(double));
	char *p_raw, *p_app, sn[32], *cause = NULL;
	struct dot_app *app;
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t *ids = calloc((size_t)n, sizeof(int64_t));

	if (argc < 2) {
		fprintf(stderr, "usage: bench_app DIR [N]\n");
		return 2;
	}
	p_raw = dot_xasprintf("%s/raw.db", argv[1]);
	p_app = dot_xasprintf("%s/app.db", argv[1]);

	/* Baseline: the cheapest durable write SQLite offers here. */
	sqlite3_open(p_raw, &db);
	sqlite3_exec(db,
		     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		     "CREATE TABLE t(id INTEGER PRIMARY KEY, serial TEXT,"
		     " person INTEGER)",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t(serial, person) VALUES (?1, ?2)",
			   -1, &s, NULL);

	/* The app: n people with a charter, ready for a handover. */
	if (dot_app_open(p_app, &app, &cause) != 0 ||
	    dot_app_init(app, "0750654D", "Bench", "bench", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct dot_person_in r = {.line = i + 1,
					  .profile = DOT_PROFILE_ELEVE,
					  .class_name = "2NDE 1",
					  .active = true};
		struct dot_import_summary sum;
		char last[32];

		snprintf(last, sizeof(last), "NOM%06d", i);
		r.last_name = last;
		r.first_name = "Prénom";
		dot_app_import(app, &r, 1, NULL, &sum, NULL);
		dot_store_person_match(dot_app_store(app), &r, &ids[i], NULL);
		dot_app_charter(app, ids[i], false, NULL, NULL);
	}

	/* Interleave the two so that disk conditions are shared. */
	for (i = 0; i < n; i++) {
		double t0;

		snprintf(sn, sizeof(sn), "SN%08d", i);
		t0 = now_ms();
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(s, 1, sn, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, i);
		sqlite3_step(s);
		sqlite3_reset(s);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		raw[i] = now_ms() - t0;

		t0 = now_ms();
		if (dot_app_assign(app, ids[i], sn, NULL, NULL, &cause) != 0) {
			fprintf(stderr, "assign: %s\n", cause);
			return 1;
		}
		app_t[i] = now_ms() - t0;
	}
	printf("handovers: %d, each one durable transaction\n", n);
	report("raw durable SQLite insert", raw, n);
	report("dotation assign (checks+journal)", app_t, n);
	printf("ratio p50: %.2fx (goal <= 3x)\n", app_t[n / 2] / raw[n / 2]);
	sqlite3_finalize(s);
	sqlite3_close(db);
	dot_app_free(app);
	return 0;
}
