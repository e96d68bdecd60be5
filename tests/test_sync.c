/*
 * Unit tests of the sync module on real SQLite files in a temporary
 * directory: the outbox and its marks, remote holders refusing a serial,
 * the parsing and validation of answers (a doubtful answer marks
 * nothing), the token file rules, the backoff range, and the background
 * worker against the real loopback upstream (tests/upstream) answering
 * slowly: the UI-facing calls never wait, and stop aborts the request.
 */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/sync/sync_int.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/sync.h"

#define UPSTREAM_DIR DOT_FIXTURES "/../upstream"

static char tmpdir[64];

static void
path_in(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_sync.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("DOTATION_LANG", "en", 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A station with three people, each with a charter: three entries. */
static struct dot_app *
make_station(const char *name)
{
	struct dot_person_in rows[3] = {
		{.line = 1,
		 .ext_id = "X1",
		 .last_name = "Alpha",
		 .first_name = "Anne",
		 .class_name = "2NDE 1",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
		{.line = 2,
		 .ext_id = "X2",
		 .last_name = "Bravo",
		 .first_name = "Basile",
		 .class_name = "2NDE 1",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
		{.line = 3,
		 .ext_id = "X3",
		 .last_name = "Charlie",
		 .first_name = "Chloé",
		 .class_name = "2NDE 2",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
	};
	struct dot_import_summary sum;
	struct dot_app *app = NULL;
	char path[128], *cause = NULL;
	int64_t id;
	int i;

	path_in(path, sizeof(path), name);
	assert_int_equal(dot_app_open(path, &app, &cause), 0);
	assert_int_equal(dot_app_init(app, "0750654D", "Lycée", "cdi-1",
				      &cause),
			 0);
	assert_int_equal(dot_app_import(app, rows, 3, NULL, &sum, &cause), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(dot_store_person_resolve(dot_app_store(app),
							  rows[i].ext_id, &id,
							  NULL),
				 0);
		assert_int_equal(dot_app_charter(app, id, false, NULL, &cause),
				 0);
	}
	free(cause);
	return app;
}

static void
test_outbox_marks(void **state)
{
	struct dot_app *app = make_station("outbox.db");
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_list l, again;
	struct dot_sync_mark m[4];
	struct dot_status s;
	char *cause = NULL;
	int64_t pending, conflicts;
	int marked;

	(void)state;
	/* init, import, three charters: five entries in seq order. */
	assert_int_equal(dot_store_sync_pending(st, 0, 500, &l, &cause), 0);
	assert_int_equal(l.n, 5);
	assert_true(l.v[0].seq < l.v[1].seq && l.v[3].seq < l.v[4].seq);
	assert_int_equal(l.v[2].type, DOT_JOURNAL_CHARTER);
	assert_non_null(l.v[2].data);
	assert_int_equal(dot_store_sync_pending(st, l.v[1].seq, 2, &again,
						&cause),
			 0);
	assert_int_equal(again.n, 2);
	assert_int_equal(again.v[0].seq, l.v[2].seq);
	dot_journal_list_release(&again);

	m[0] = (struct dot_sync_mark){l.v[0].uuid, DOT_PUSH_ACCEPTED, NULL};
	m[1] = (struct dot_sync_mark){l.v[1].uuid, DOT_PUSH_DUPLICATE, NULL};
	m[2] = (struct dot_sync_mark){l.v[2].uuid, DOT_PUSH_CONFLICT,
				      "serial held elsewhere"};
	m[3] = (struct dot_sync_mark){l.v[3].uuid, DOT_PUSH_REJECTED,
				      "bad data"};
	assert_int_equal(dot_store_sync_mark(st, m, 4, &marked, &cause), 0);
	assert_int_equal(marked, 4);
	assert_int_equal(dot_store_sync_counts(st, &pending, &conflicts,
					       &cause),
			 0);
	/* The rejected entry and the unanswered one stay to be pushed. */
	assert_int_equal(pending, 2);
	assert_int_equal(conflicts, 1);
	assert_int_equal(dot_store_status(st, &s, &cause), 0);
	assert_int_equal(s.pending, 2);
	assert_int_equal(s.conflicts, 1);
	assert_int_equal(dot_store_sync_pending(st, 0, 500, &again, &cause), 0);
	assert_int_equal(again.n, 2);
	assert_int_equal(again.v[0].push_state, DOT_PUSH_REJECTED);
	assert_string_equal(again.v[0].push_detail, "bad data");
	dot_journal_list_release(&again);

	/* A late "duplicate" never turns a conflict into done-and-silent. */
	m[0] = (struct dot_sync_mark){l.v[2].uuid, DOT_PUSH_DUPLICATE, NULL};
	assert_int_equal(dot_store_sync_mark(st, m, 1, &marked, &cause), 0);
	assert_int_equal(marked, 0);
	assert_int_equal(dot_store_sync_conflicts(st, 0, &again, &cause), 0);
	assert_int_equal(again.n, 1);
	assert_string_equal(again.v[0].push_detail, "serial held elsewhere");
	dot_journal_list_release(&again);

	/* "pending" is no answer: refused before anything is written. */
	m[0] = (struct dot_sync_mark){l.v[4].uuid, DOT_PUSH_ACCEPTED, NULL};
	m[1] = (struct dot_sync_mark){l.v[3].uuid, DOT_PUSH_PENDING, NULL};
	assert_int_equal(dot_store_sync_mark(st, m, 2, &marked, &cause),
			 DOT_ERUNTIME);
	assert_int_equal(dot_store_sync_counts(st, &pending, NULL, &cause), 0);
	assert_int_equal(pending, 2);
	dot_journal_list_release(&l);
	dot_app_free(app);
	free(cause);
}

static void
test_remote_holder_refuses(void **state)
{
	struct dot_app *app = make_station("remote.db");
	struct dot_store *st = dot_app_store(app);
	struct dot_remote_assignment r = {.serial = "TAB123456",
					  .holder = "DELTA Dora (1ERE 3)",
					  .station = "cdi-2",
					  .uai = "0750654D",
					  .kind = DOT_HANDOVER_CESSION,
					  .at = "2026-09-01T10:00:00.000Z"};
	struct dot_assign_result res;
	struct dot_holder h;
	char *cause = NULL;
	int64_t id;

	(void)state;
	assert_int_equal(dot_store_remote_upsert(st, &r, &cause), 0);
	assert_int_equal(dot_store_serial_holder(st, "TAB123456", &h, &cause),
			 0);
	assert_true(h.remote);
	assert_string_equal(h.station, "cdi-2");
	dot_holder_release(&h);
	assert_int_equal(dot_store_person_resolve(st, "X1", &id, NULL), 0);
	assert_int_equal(dot_app_assign(app, id, "tab123456", NULL, &res,
					&cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "DELTA Dora"));
	assert_non_null(strstr(cause, "cdi-2"));
	assert_int_equal(dot_store_remote_delete(st, "TAB123456", &cause), 0);
	assert_int_equal(dot_app_assign(app, id, "TAB123456", NULL, &res,
					&cause),
			 0);
	dot_app_free(app);
	free(cause);
}

static void
test_parse_results(void **state)
{
	struct dot_journal_entry b[2] = {
		{.uuid = "11111111-1111-4111-8111-111111111111"},
		{.uuid = "22222222-2222-4222-8222-222222222222"},
	};
	struct sync_results r;
	char *why = NULL;
	const char *ok =
		"{\"results\":[{\"uuid\":\"22222222-2222-4222-8222-2222222222"
		"22\",\"status\":\"conflict\",\"detail\":\"held\"},{\"uuid\":"
		"\"11111111-1111-4111-8111-111111111111\",\"status\":"
		"\"accepted\",\"detail\":null}]}";
	const char *bad[] = {
		"{\"results\":[",
		"[]",
		"{\"results\":{}}",
		"{\"results\":[{\"uuid\":\"33333333-3333-4333-8333-3333333333"
		"33\",\"status\":\"accepted\"}]}",
		"{\"results\":[{\"uuid\":\"11111111-1111-4111-8111-1111111111"
		"11\",\"status\":\"done\"}]}",
		"{\"results\":[{\"uuid\":\"11111111-1111-4111-8111-1111111111"
		"11\",\"status\":\"accepted\"},{\"uuid\":\"11111111-1111-4111-"
		"8111-111111111111\",\"status\":\"accepted\"}]}",
		"{\"results\":[{\"uuid\":\"11111111-1111-4111-8111-1111111111"
		"11\",\"status\":\"accepted\",\"detail\":3}]}",
	};
	size_t i;

	(void)state;
	assert_int_equal(sync_parse_results(ok, strlen(ok), b, 2, &r, &why), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.missing, 0);
	assert_int_equal(r.v[0].state, DOT_PUSH_CONFLICT);
	assert_string_equal(r.v[0].detail, "held");
	assert_null(r.v[1].detail);
	sync_results_release(&r);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(sync_parse_results(bad[i], strlen(bad[i]), b,
						    2, &r, &why),
				 -1);
		assert_non_null(why);
		assert_null(r.root);
	}
	free(why);
}

static void
test_events_body_is_json(void **state)
{
	struct dot_journal_entry e =
		{.seq = 7,
		 .uuid = "11111111-1111-4111-8111-111111111111",
		 .at = "2026-09-01T10:00:00.000Z",
		 .type = DOT_JOURNAL_ASSIGN,
		 .operator_name = "Mme \"Q\"",
		 .queue = "",
		 .data = "{\"serial\":\"ABC123\"}"};
	json_error_t err;
	json_t *root, *ev;
	size_t len;
	char *body;

	(void)state;
	body = sync_events_body("0750654D", "cdi-1", &e, 1, &len);
	root = json_loadb(body, len, 0, &err);
	assert_non_null(root);
	ev = json_array_get(json_object_get(root, "events"), 0);
	assert_int_equal(json_integer_value(json_object_get(ev, "seq")), 7);
	assert_string_equal(json_string_value(json_object_get(ev, "operator")),
			    "Mme \"Q\"");
	assert_string_equal(json_string_value(
				    json_object_get(json_object_get(ev, "data"),
						    "serial")),
			    "ABC123");
	assert_string_equal(json_string_value(json_object_get(root, "uai")),
			    "0750654D");
	json_decref(root);
	free(body);
}

static void
test_feed_items(void **state)
{
	const char *doc =
		"{\"items\":[{\"last_name\":\"Écho\",\"first_name\":\"Émile\","
		"\"birth_date\":\"01/02/2009\",\"ine\":\"0001a00001h\"},"
		"{\"first_name\":\"X\"},{\"last_name\":\"A\",\"first_name\":"
		"\"B\",\"profile\":\"boss\"}],\"cursor\":42}";
	struct sync_feed f;
	struct sync_person p;
	struct sync_holding h;
	char *why = NULL;
	json_t *a;

	(void)state;
	assert_int_equal(sync_parse_feed(doc, strlen(doc), &f, &why), 0);
	assert_string_equal(f.cursor, "42");
	assert_int_equal(sync_roster_item(json_array_get(f.items, 0), 0, &p,
					  &why),
			 0);
	assert_string_equal(p.in.birth_date, "2009-02-01");
	assert_string_equal(p.in.ine, "0001A00001H");
	assert_int_equal(p.in.profile, DOT_PROFILE_ELEVE);
	assert_true(p.in.active);
	assert_int_equal(sync_roster_item(json_array_get(f.items, 1), 1, &p,
					  &why),
			 -1);
	assert_int_equal(sync_roster_item(json_array_get(f.items, 2), 2, &p,
					  &why),
			 -1);
	sync_feed_release(&f);
	/* the upstream's names follow the import's rule */
	{
		static const char *bad[] = {
			"{\"items\":[{\"last_name\":\"Ev\\u202eil\","
			"\"first_name\":\"A\"}],\"cursor\":1}",
			"{\"items\":[{\"last_name\":\"A\",\"first_name\":"
			"\"\\u001b[2J\"}],\"cursor\":1}",
			"{\"items\":[{\"last_name\":\"A\",\"first_name\":"
			"\"B\",\"class\":\"2NDE\\u0085\"}],\"cursor\":1}",
		};
		char doc2[400], longname[260];
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_int_equal(sync_parse_feed(bad[i], strlen(bad[i]),
							 &f, &why),
					 0);
			assert_int_equal(sync_roster_item(json_array_get(f.items,
									 0),
							  0, &p, &why),
					 -1);
			sync_feed_release(&f);
		}
		memset(longname, 'e', 201);
		longname[201] = '\0';
		snprintf(doc2, sizeof(doc2),
			 "{\"items\":[{\"last_name\":\"%s\",\"first_name\":"
			 "\"B\"}],\"cursor\":1}",
			 longname);
		assert_int_equal(sync_parse_feed(doc2, strlen(doc2), &f, &why),
				 0);
		assert_int_equal(sync_roster_item(json_array_get(f.items, 0), 0,
						  &p, &why),
				 -1);
		sync_feed_release(&f);
		longname[200] = '\0';
		snprintf(doc2, sizeof(doc2),
			 "{\"items\":[{\"last_name\":\"%s\",\"first_name\":"
			 "\"B\"}],\"cursor\":1}",
			 longname);
		assert_int_equal(sync_parse_feed(doc2, strlen(doc2), &f, &why),
				 0);
		assert_int_equal(sync_roster_item(json_array_get(f.items, 0), 0,
						  &p, &why),
				 0);
		sync_feed_release(&f);
	}
	assert_int_equal(sync_parse_feed("{\"cursor\":\"1\"}", 14, &f, &why),
			 -1);
	assert_int_equal(sync_parse_feed("{\"items\":[],\"cursor\":[]}", 24, &f,
					 &why),
			 -1);

	a = json_pack("{s:s, s:s, s:s, s:b}", "serial", " tab9999x ", "holder",
		      "Z", "station", "s2", "active", 1);
	assert_int_equal(sync_assignment_item(a, &h, &why), 0);
	assert_string_equal(h.r.serial, "TAB9999X");
	json_decref(a);
	a = json_pack("{s:s, s:b}", "serial", "TAB0OO", "active", 0);
	assert_int_equal(sync_assignment_item(a, &h, &why), -1);
	json_decref(a);
	free(why);
}

static void
test_token_file_mode(void **state)
{
	char path[128], *token = NULL, *cause = NULL;
	FILE *f;

	(void)state;
	path_in(path, sizeof(path), "token");
	f = fopen(path, "w");
	fputs("  abc.def-123 \n", f);
	fclose(f);
	chmod(path, 0644);
	assert_int_equal(dot_sync_read_token(path, &token, &cause), DOT_ERULE);
	assert_null(token);
	assert_non_null(strstr(cause, "chmod 600"));
	chmod(path, 0600);
	assert_int_equal(dot_sync_read_token(path, &token, &cause), 0);
	assert_string_equal(token, "abc.def-123");
	free(token);
	f = fopen(path, "w");
	fclose(f);
	assert_int_equal(dot_sync_read_token(path, &token, &cause),
			 DOT_ERUNTIME);
	free(cause);
}

static void
test_backoff_full_jitter(void **state)
{
	long seen_low = 0, seen_high = 0, v;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		v = sync_backoff_ms(100, 5000, 3); /* ceiling 800 */
		assert_true(v >= 0 && v <= 800);
		seen_low += v < 200;
		seen_high += v > 600;
	}
	assert_true(seen_low > 100 && seen_high > 100);
	for (i = 0; i < 200; i++)
		assert_true(sync_backoff_ms(100, 5000, 30) <= 5000);
	assert_int_equal(sync_backoff_ms(0, 5000, 3), 0);
}

/* ---- the worker against the real upstream ---------------------------------- */

static pid_t upstream_pid;

static char *
start_upstream(const char *extra)
{
	char cmd[1024], portfile[128], dbp[128];
	char *argv[20];
	int argc = 0, i;
	FILE *f;
	int port = 0;

	snprintf(cmd, sizeof(cmd), "%s/mkcerts.sh %s", UPSTREAM_DIR, tmpdir);
	assert_int_equal(system(cmd), 0);
	path_in(portfile, sizeof(portfile), "port");
	path_in(dbp, sizeof(dbp), "upstream.db");
	unlink(portfile);
	snprintf(cmd, sizeof(cmd), "%s/upstream.py", UPSTREAM_DIR);
	argv[argc++] = "python3";
	argv[argc++] = cmd;
	argv[argc++] = "--cert";
	argv[argc++] = dot_xasprintf("%s/server.pem", tmpdir);
	argv[argc++] = "--key";
	argv[argc++] = dot_xasprintf("%s/server.key", tmpdir);
	argv[argc++] = "--db";
	argv[argc++] = dbp;
	argv[argc++] = "--token";
	argv[argc++] = "unit-token=0750654D";
	argv[argc++] = "--port-file";
	argv[argc++] = portfile;
	if (extra)
		argv[argc++] = (char *)extra;
	argv[argc] = NULL;
	upstream_pid = fork();
	if (upstream_pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execvp("python3", argv);
		_exit(127);
	}
	for (i = 0; i < 200 && !port; i++) {
		f = fopen(portfile, "r");
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (!port)
			usleep(50000);
	}
	assert_true(port > 0);
	free(argv[3]);
	free(argv[5]);
	return dot_xasprintf("https://127.0.0.1:%d", port);
}

static void
stop_upstream(void)
{
	if (upstream_pid > 0) {
		kill(upstream_pid, SIGTERM);
		waitpid(upstream_pid, NULL, 0);
		upstream_pid = 0;
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Poll the worker's fd until pred holds or timeout seconds pass. */
static bool
wait_for(struct dot_sync_worker *w,
	 bool (*pred)(const struct dot_sync_status *), double timeout,
	 struct dot_sync_status *s)
{
	double end = now_s() + timeout;

	dot_sync_worker_status(w, s);
	while (!pred(s) && now_s() < end) {
		struct pollfd p = {.fd = dot_sync_worker_fd(w),
				   .events = POLLIN};

		poll(&p, 1, 100);
		dot_sync_worker_status(w, s);
	}
	return pred(s);
}

static bool
is_running(const struct dot_sync_status *s)
{
	return s->state == DOT_SYNC_RUNNING;
}

static bool
is_synced(const struct dot_sync_status *s)
{
	return s->state == DOT_SYNC_IDLE && s->pending == 0 &&
	       s->last_success[0];
}

static void
worker_config(struct dot_sync_config *cfg, const char *url)
{
	FILE *f;

	dot_sync_config_init(cfg);
	cfg->upstream = dot_xstrdup(url);
	cfg->token_file = dot_xasprintf("%s/unit.token", tmpdir);
	cfg->cacert = dot_xasprintf("%s/ca.pem", tmpdir);
	cfg->backoff_base_ms = 20;
	cfg->backoff_max_ms = 100;
	f = fopen(cfg->token_file, "w");
	fputs("unit-token\n", f);
	fclose(f);
	chmod(cfg->token_file, 0600);
}

static void
test_worker_slow_upstream(void **state)
{
	struct dot_app *app = make_station("worker.db");
	struct dot_sync_worker *w = NULL;
	struct dot_sync_config cfg;
	struct dot_sync_status s;
	char db[128], *url, *cause = NULL;
	double t0, worst = 0;
	int64_t pending;
	int i;

	(void)state;
	path_in(db, sizeof(db), "worker.db");
	/* Every answer of this upstream takes 2 s. */
	url = start_upstream("--always-slow");
	worker_config(&cfg, url);
	assert_int_equal(dot_sync_worker_start(db, &cfg, &w, &cause), 0);
	dot_sync_worker_kick(w);
	assert_true(wait_for(w, is_running, 5, &s));
	/* The request is in flight for 2 s: the UI's calls return at once
	 * (each is a mutex and a struct copy; worst case printed). */
	for (i = 0; i < 100; i++) {
		t0 = now_s();
		dot_sync_worker_status(w, &s);
		dot_sync_worker_kick(w);
		if (now_s() - t0 > worst)
			worst = now_s() - t0;
	}
	assert_int_equal(s.state, DOT_SYNC_RUNNING);
	print_message("worst UI call while a slow request runs: %.3f ms\n",
		      worst * 1000);
	/* Stop aborts the request in flight; nothing is marked. */
	t0 = now_s();
	dot_sync_worker_stop(w);
	print_message("stop took %.3f s with a request in flight\n",
		      now_s() - t0);
	assert_true(now_s() - t0 < 1.9);
	assert_int_equal(dot_store_sync_counts(dot_app_store(app), &pending,
					       NULL, &cause),
			 0);
	assert_int_equal(pending, 5);
	stop_upstream();
	dot_sync_config_release(&cfg);
	free(url);

	/* A normal upstream: the worker empties the outbox by itself, and
	 * new entries from another connection are pushed without a kick. */
	url = start_upstream(NULL);
	worker_config(&cfg, url);
	assert_int_equal(dot_sync_worker_start(db, &cfg, &w, &cause), 0);
	assert_true(wait_for(w, is_synced, 10, &s));
	assert_int_equal(s.conflicts, 0);
	assert_int_equal(dot_app_absent(app, 1, true, NULL, &cause), 0);
	assert_true(wait_for(w, is_running, 5, &s) || s.pending == 0);
	assert_true(wait_for(w, is_synced, 10, &s));
	dot_sync_worker_stop(w);
	assert_int_equal(dot_store_sync_counts(dot_app_store(app), &pending,
					       NULL, &cause),
			 0);
	assert_int_equal(pending, 0);
	stop_upstream();
	dot_sync_config_release(&cfg);
	free(url);
	dot_app_free(app);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outbox_marks),
		cmocka_unit_test(test_remote_holder_refuses),
		cmocka_unit_test(test_parse_results),
		cmocka_unit_test(test_events_body_is_json),
		cmocka_unit_test(test_feed_items),
		cmocka_unit_test(test_token_file_mode),
		cmocka_unit_test(test_backoff_full_jitter),
		cmocka_unit_test(test_worker_slow_upstream),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
