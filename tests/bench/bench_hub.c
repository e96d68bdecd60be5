/*
 * The client half of scripts/bench-hub: simulated stations pushing their
 * journals to a dotation-hub over TLS, as protocol v1 says (batches in
 * seq order, one kept-alive connection per station, the TLS certificate
 * verified against the test CA), many stations at once through libcurl's
 * multi interface so that the client is not what is measured.
 *
 *   bench_hub URL CAFILE SCHOOLS_FILE STATIONS EVENTS BATCH CONCURRENCY
 *             [RATE [FIRST [REUSE]]]
 *
 * SCHOOLS_FILE has one UAI a line; station i belongs to school
 * i / (STATIONS / schools), is named st-i and holds the token benchtok-i.
 * Each station sends EVENTS events (a charter then an assign of a serial
 * of its own, per person) in batches of BATCH. Prints one line of
 * key=value figures: events, seconds, events/s, batch latency p50, p99
 * and max in milliseconds, failed batches.
 *
 * Without RATE (or 0) the run is closed-loop: CONCURRENCY stations at once,
 * each sending its next batch as soon as the last is answered, so that the
 * hub is saturated (its throughput; the latency then is mostly the time a
 * batch waits its turn). With RATE (events per second offered) it is
 * open-loop: batch k is due at k * BATCH / RATE seconds from the start,
 * whatever the answers, station k % STATIONS sending its batch
 * k / STATIONS (so stations take turns, each one batch every
 * STATIONS * BATCH / RATE seconds), on a new TLS connection as a station
 * syncing now and then would, or with REUSE 1 on a kept-alive connection
 * of a pool (as behind a load balancer that keeps them). A station whose
 * previous batch is still unanswered when its next is due sends it on that
 * answer, and every latency counts from the time the batch was due, not from
 * when it left: a hub that falls behind shows it (no coordinated omission).
 * Also printed: offered_per_s, and late (batches that left after their time
 * because the station was still waiting). FIRST (default 0): the index of
 * each station's first event, so that a second run sends new events.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

struct station {
	int id, batch, nbatches;
	char uai[16];
	CURL *easy;
	struct curl_slist *headers;
	char *body;
	char *answer;
	size_t alen;
	double t0;
};

static const char *url, *cafile;
static int events_per, batch_size, first_event, reuse;
static double *lat;
static int nlat, failed;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct station *s = arg;

	s->answer = realloc(s->answer, s->alen + size * n + 1);
	memcpy(s->answer + s->alen, p, size * n);
	s->alen += size * n;
	s->answer[s->alen] = '\0';
	return size * n;
}

static char *
make_batch(struct station *s)
{
	size_t cap = (size_t)batch_size * 600 + 256, n = 0;
	char *b = malloc(cap);
	int j, first = first_event + s->batch * batch_size;
	int end = first_event + events_per;
	int last = first + batch_size < end ? first + batch_size : end;

	n += (size_t)
		snprintf(b + n, cap - n,
			 "{\"uai\":\"%s\",\"station\":\"st-%d\",\"events\":[",
			 s->uai, s->id);
	for (j = first; j < last; j++) {
		int person = j / 2;
		bool assign = j % 2;

		n += (size_t)snprintf(
			b + n, cap - n,
			"%s{\"uuid\":\"%08x-%04x-4%03x-8%03x-%012x\",\"seq\":%"
			"d,"
			"\"at\":\"2026-09-03T08:%02d:%02d.000Z\",\"type\":\"%"
			"s\","
			"\"operator\":\"bench\",\"queue\":\"A\",\"data\":{"
			"\"person\":{\"id\":%d,\"ext_id\":\"S%d-%d\",\"ine\":"
			"null,"
			"\"last_name\":\"Nom%d\",\"first_name\":\"Prénom%d\","
			"\"birth_date\":\"2009-06-02\",\"class\":\"2NDE %d\","
			"\"profile\":\"eleve\"}",
			j > first ? "," : "", (unsigned)s->id,
			(unsigned)j & 0xffff, (unsigned)(j >> 16) & 0xfff, 0u,
			(unsigned)j, j + 1, (j / 60) % 60, j % 60,
			assign ? "assign" : "charter", person + 1, s->id,
			person, person, person, person % 10 + 1);
		if (assign)
			n += (size_t)
				snprintf(b + n, cap - n,
					 ",\"serial\":\"BN%05d%05d\","
					 "\"kind\":\"cession\",\"date\":"
					 "\"2026-09-03\",\"microsd\":true,"
					 "\"case\":false,\"charter\":false",
					 s->id, person);
		n += (size_t)snprintf(b + n, cap - n, "}}");
	}
	snprintf(b + n, cap - n, "]}");
	return b;
}

static void
start_batch(CURLM *m, struct station *s)
{
	free(s->body);
	s->body = make_batch(s);
	s->alen = 0;
	curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body);
	s->t0 = now();
	curl_multi_add_handle(m, s->easy);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
check_answer(CURLMsg *msg, struct station *s)
{
	long code = 0;
	int accepted = 0;
	const char *p;

	curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
	for (p = s->answer; p && (p = strstr(p, "\"accepted\"")); p++)
		accepted++;
	if (msg->data.result != CURLE_OK || code != 200 || accepted == 0) {
		failed++;
		if (failed < 5)
			fprintf(stderr,
				"bench_hub: batch failed: %s, HTTP %ld: "
				"%.200s\n",
				curl_easy_strerror(msg->data.result), code,
				s->answer ? s->answer : "");
	}
}

/* Open loop: a new connection for batch s->batch of s, due at due. */
static void
open_send(CURLM *m, struct station *s, double due)
{
	s->easy = curl_easy_init();
	curl_easy_setopt(s->easy, CURLOPT_URL, url);
	curl_easy_setopt(s->easy, CURLOPT_CAINFO, cafile);
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	curl_easy_setopt(s->easy, CURLOPT_TIMEOUT, 120L);
	if (!reuse)
		curl_easy_setopt(s->easy, CURLOPT_FORBID_REUSE, 1L);
	start_batch(m, s);
	s->t0 = due; /* latency from the time it was due */
}

static int
open_loop(CURLM *m, struct station *st, int stations, double rate)
{
	int nb = (events_per + batch_size - 1) / batch_size;
	long total = (long)nb * stations, k = 0, answered = 0;
	double gap = batch_size / rate, t0, t1, w;
	int late = 0, running = 0, most = 0;

	if (reuse)
		curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 256L);
	t0 = now();
	while (answered < total) {
		CURLMsg *msg;
		int left;

		/* every batch whose time has come leaves, answers or not */
		for (; k < total && t0 + k * gap <= now(); k++) {
			struct station *s = &st[k % stations];

			if (!s->easy) {
				open_send(m, s, t0 + k * gap);
				if (++running > most)
					most = running;
			}
			/* busy: it leaves on the answer, below */
		}
		curl_multi_perform(m, &left);
		while ((msg = curl_multi_info_read(m, &left))) {
			struct station *s;
			double due;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&s);
			curl_multi_remove_handle(m, s->easy);
			lat[nlat++] = (now() - s->t0) * 1000;
			check_answer(msg, s);
			curl_easy_cleanup(s->easy);
			s->easy = NULL;
			running--;
			answered++;
			s->batch++;
			due = t0 + ((double)s->batch * stations + s->id) * gap;
			if (s->batch < nb && due <= now() &&
			    (long)s->batch * stations + s->id < k) {
				late++;
				open_send(m, s, due);
				running++;
			}
		}
		w = (t0 + k * gap - now()) * 1000;
		curl_multi_poll(m, NULL, 0,
				k < total ? (w < 1     ? 0
					     : w > 100 ? 100
						       : (int)w)
					  : 100,
				NULL);
	}
	t1 = now();
	qsort(lat, (size_t)nlat, sizeof(double), cmp);
	printf("events=%ld seconds=%.3f events_per_s=%.0f "
	       "offered_per_s=%.0f batches=%d p50_ms=%.1f p99_ms=%.1f "
	       "max_ms=%.1f failed=%d late=%d most_in_flight=%d\n",
	       (long)stations * events_per, t1 - t0,
	       stations * (double)events_per / (t1 - t0), rate, nlat,
	       lat[nlat / 2], lat[(int)(nlat * 0.99)], lat[nlat - 1], failed,
	       late, most);
	curl_multi_cleanup(m);
	return failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	char uais[4096][16];
	int nuais = 0, stations, conc, next = 0, running = 0, i, done = 0;
	struct station *st;
	double t0, t1, rate;
	FILE *f;
	CURLM *m;

	if (argc < 8 || argc > 11) {
		fprintf(stderr,
			"usage: bench_hub URL CAFILE SCHOOLS_FILE STATIONS "
			"EVENTS BATCH CONCURRENCY [RATE [FIRST [REUSE]]]\n");
		return 2;
	}
	url = argv[1];
	cafile = argv[2];
	stations = atoi(argv[4]);
	events_per = atoi(argv[5]);
	batch_size = atoi(argv[6]);
	conc = atoi(argv[7]);
	rate = argc > 8 ? atof(argv[8]) : 0;
	first_event = argc > 9 ? atoi(argv[9]) : 0;
	reuse = argc > 10 ? atoi(argv[10]) : 0;
	if (!(f = fopen(argv[3], "r")))
		return perror(argv[3]), 1;
	while (nuais < 4096 && fscanf(f, "%15s", uais[nuais]) == 1)
		nuais++;
	fclose(f);
	if (nuais == 0 || stations < nuais)
		return fprintf(stderr, "bench_hub: bad schools file\n"), 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m = curl_multi_init();
	st = calloc((size_t)stations, sizeof(*st));
	lat = calloc((size_t)stations * (size_t)(events_per / batch_size + 2),
		     sizeof(double));
	for (i = 0; i < stations; i++) {
		char auth[128];

		st[i].id = i;
		st[i].nbatches = (events_per + batch_size - 1) / batch_size;
		snprintf(st[i].uai, sizeof(st[i].uai), "%s",
			 uais[i / (stations / nuais) < nuais
				      ? i / (stations / nuais)
				      : nuais - 1]);
		snprintf(auth, sizeof(auth),
			 "Authorization: Bearer benchtok-%d", i);
		st[i].headers = curl_slist_append(NULL, auth);
		st[i].headers =
			curl_slist_append(st[i].headers,
					  "Content-Type: application/json");
		st[i].headers = curl_slist_append(st[i].headers, "Expect:");
	}
	if (rate > 0)
		return open_loop(m, st, stations, rate);
	t0 = now();
	while (done < stations) {
		CURLMsg *msg;
		int left;

		while (running < conc && next < stations) {
			struct station *s = &st[next++];

			s->easy = curl_easy_init();
			curl_easy_setopt(s->easy, CURLOPT_URL, url);
			curl_easy_setopt(s->easy, CURLOPT_CAINFO, cafile);
			curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER,
					 s->headers);
			curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION,
					 on_data);
			curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s);
			curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
			curl_easy_setopt(s->easy, CURLOPT_TIMEOUT, 120L);
			start_batch(m, s);
			running++;
		}
		curl_multi_perform(m, &left);
		while ((msg = curl_multi_info_read(m, &left))) {
			struct station *s;
			long code = 0;
			int accepted = 0;
			const char *p;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&s);
			curl_easy_getinfo(msg->easy_handle,
					  CURLINFO_RESPONSE_CODE, &code);
			curl_multi_remove_handle(m, s->easy);
			lat[nlat++] = (now() - s->t0) * 1000;
			for (p = s->answer;
			     p && (p = strstr(p, "\"accepted\"")); p++)
				accepted++;
			if (msg->data.result != CURLE_OK || code != 200 ||
			    accepted == 0) {
				failed++;
				if (failed < 5)
					fprintf(stderr,
						"bench_hub: batch failed: %s, "
						"HTTP %ld: %.200s\n",
						curl_easy_strerror(
							msg->data.result),
						code,
						s->answer ? s->answer : "");
			}
			if (++s->batch < s->nbatches) {
				start_batch(m, s);
			} else {
				curl_easy_cleanup(s->easy);
				running--;
				done++;
			}
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	t1 = now();
	qsort(lat, (size_t)nlat, sizeof(double), cmp);
	printf("events=%ld seconds=%.3f events_per_s=%.0f batches=%d "
	       "p50_ms=%.1f "
	       "p99_ms=%.1f max_ms=%.1f failed=%d\n",
	       (long)stations * events_per, t1 - t0,
	       stations * (double)events_per / (t1 - t0), nlat, lat[nlat / 2],
	       lat[(int)(nlat * 0.99)], lat[nlat - 1], failed);
	curl_multi_cleanup(m);
	return failed ? 1 : 0;
}
