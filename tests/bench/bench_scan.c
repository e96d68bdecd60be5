/*
 * Benchmark of the scan decoder: throughput in events per second and the
 * latency from a scan's last key event (Enter) to the validated serial in
 * the callback, for the US, AZERTY and auto layouts. The baseline,
 * measured in the same run, is a hand-written US lookup table over the
 * same events: the least work any decoder must do. Prints figures.
 */
#include <linux/input-event-codes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/scan.h"

#define SCANS 20000

static struct dot_scan_event *evs;
static size_t nev;
static size_t *enter_at; /* index of each scan's Enter press */
static uint64_t t_us = 1000000;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
push(uint16_t type, uint16_t code, int32_t value)
{
	evs[nev++] = (struct dot_scan_event){t_us, type, code, value};
	if (type == EV_SYN)
		t_us += 1000;
}

static void
key(uint16_t code, int32_t value)
{
	push(EV_MSC, MSC_SCAN, 0x70000 + code);
	push(EV_KEY, code, value);
	push(EV_SYN, SYN_REPORT, 0);
}

/* A 10-character serial: 3 letters with Shift, 7 digits (with Shift
 * when azerty), then Enter. */
static void
build(bool azerty)
{
	static const uint16_t letters[] = {KEY_C, KEY_N, KEY_F, KEY_R, KEY_H};
	static const uint16_t digits[] = {KEY_1, KEY_2, KEY_3, KEY_4, KEY_5,
					  KEY_6, KEY_7, KEY_8, KEY_9, KEY_0};
	size_t s, i;

	nev = 0;
	for (s = 0; s < SCANS; s++) {
		for (i = 0; i < 10; i++) {
			bool shift = i < 3 || azerty;
			uint16_t k = i < 3 ? letters[(s + i) % 5]
					   : digits[(s * 7 + i) % 10];

			if (shift)
				key(KEY_LEFTSHIFT, 1);
			key(k, 1);
			key(k, 0);
			if (shift)
				key(KEY_LEFTSHIFT, 0);
		}
		enter_at[s] = nev + 1;
		key(KEY_ENTER, 1);
		key(KEY_ENTER, 0);
	}
}

struct lat {
	double start;
	double *v;
	size_t n, ok;
};

static void
on_scan(const struct dot_scan_result *res, void *data)
{
	struct lat *l = data;

	l->v[l->n++] = now_s() - l->start;
	if (res->reason == DOT_SERIAL_OK)
		l->ok++;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The baseline: a fixed US table, Shift tracked by hand, Enter ends. */
static size_t
baseline(void)
{
	static char table[KEY_CNT];
	char buf[64];
	size_t i, n = 0, scans = 0;
	bool shift = false;

	table[KEY_1] = '1';
	table[KEY_2] = '2';
	table[KEY_3] = '3';
	table[KEY_4] = '4';
	table[KEY_5] = '5';
	table[KEY_6] = '6';
	table[KEY_7] = '7';
	table[KEY_8] = '8';
	table[KEY_9] = '9';
	table[KEY_0] = '0';
	table[KEY_C] = 'c';
	table[KEY_N] = 'n';
	table[KEY_F] = 'f';
	table[KEY_R] = 'r';
	table[KEY_H] = 'h';
	for (i = 0; i < nev; i++) {
		const struct dot_scan_event *e = &evs[i];

		if (e->type != EV_KEY)
			continue;
		if (e->code == KEY_LEFTSHIFT) {
			shift = e->value != 0;
		} else if (e->value == 1 && e->code == KEY_ENTER) {
			buf[n] = '\0';
			scans += n == 10 && buf[0] != '0';
			n = 0;
		} else if (e->value == 1 && table[e->code] && n < 63) {
			char c = table[e->code];

			buf[n++] = shift && c >= 'a' ? (char)(c - 32) : c;
		}
	}
	return scans;
}

static void
run(const char *layout, bool azerty, double base_eps)
{
	struct dot_scan_opts o = {.layout = layout};
	struct lat l = {0};
	struct dot_scan_decoder *d;
	double t0, t1, eps;
	size_t i, s = 0;

	build(azerty);
	l.v = calloc(SCANS, sizeof(double));
	d = dot_scan_decoder_new(&o, on_scan, &l, NULL);
	/* throughput: all events, no clock reads in the way */
	l.start = 0;
	t0 = now_s();
	for (i = 0; i < nev; i++)
		dot_scan_decoder_feed(d, &evs[i]);
	t1 = now_s();
	eps = (double)nev / (t1 - t0);
	dot_scan_decoder_free(d);

	/* latency: the clock read just before each Enter press */
	memset(&l, 0, sizeof(l));
	l.v = calloc(SCANS, sizeof(double));
	d = dot_scan_decoder_new(&o, on_scan, &l, NULL);
	for (i = 0; i < nev; i++) {
		if (s < SCANS && i == enter_at[s]) {
			l.start = now_s();
			s++;
		}
		dot_scan_decoder_feed(d, &evs[i]);
	}
	qsort(l.v, l.n, sizeof(double), cmp_d);
	printf("%-5s %10.0f events/s (%.1fx the lookup-table baseline)  "
	       "%zu/%d scans ok  latency median %.2f us  p99 %.2f us  "
	       "max %.2f us\n",
	       layout, eps, base_eps / eps, l.ok, SCANS, l.v[l.n / 2] * 1e6,
	       l.v[l.n * 99 / 100] * 1e6, l.v[l.n - 1] * 1e6);
	dot_scan_decoder_free(d);
	free(l.v);
}

int
main(void)
{
	double t0, t1, base_eps;
	size_t scans;

	evs = calloc((size_t)SCANS * 130, sizeof(*evs));
	enter_at = calloc(SCANS, sizeof(*enter_at));
	build(false);
	t0 = now_s();
	scans = baseline();
	t1 = now_s();
	base_eps = (double)nev / (t1 - t0);
	printf("%d scans of 10 characters, %zu events each\n", SCANS,
	       nev / SCANS);
	printf("base  %10.0f events/s (lookup table, %zu scans)\n", base_eps,
	       scans);
	run("us", false, base_eps);
	run("fr", true, base_eps);
	run("auto", true, base_eps);
	printf("goal: latency under 100 us per scan\n");
	free(evs);
	free(enter_at);
	return 0;
}
