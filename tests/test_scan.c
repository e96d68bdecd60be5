/*
 * Unit tests of the scan module: the decoder and framer on event
 * sequences built here (US and AZERTY layouts, keypad and Alt codes,
 * locks, repeats, cut scans, garbage), the evemu reader, the classifier
 * and the device set on a directory with no device.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/input-event-codes.h>

#include <cmocka.h>

#include "dotation/scan.h"

/* ---- event builder and result collector ------------------------------- */

#define MAXEV 4096
#define MAXRES 16

struct seq {
	struct dot_scan_event ev[MAXEV];
	size_t n;
	uint64_t t;    /* next event time, us */
	uint64_t step; /* between events, us */
};

struct got {
	struct dot_scan_result res[MAXRES];
	char layouts[MAXRES][32];
	int n;
};

static void
collect(const struct dot_scan_result *res, void *data)
{
	struct got *g = data;

	assert_true(g->n < MAXRES);
	g->res[g->n] = *res;
	snprintf(g->layouts[g->n], sizeof(g->layouts[0]), "%s", res->layout);
	g->n++;
}

static void
seq_init(struct seq *s)
{
	s->n = 0;
	s->t = 1000000;
	s->step = 1000;
}

static void
ev(struct seq *s, uint16_t type, uint16_t code, int32_t value)
{
	assert_true(s->n < MAXEV);
	s->ev[s->n].time_us = s->t;
	s->ev[s->n].type = type;
	s->ev[s->n].code = code;
	s->ev[s->n].value = value;
	s->n++;
	if (type == EV_SYN)
		s->t += s->step;
}

static void
key(struct seq *s, uint16_t code, int32_t value)
{
	ev(s, EV_MSC, MSC_SCAN, 0x70000 + code);
	ev(s, EV_KEY, code, value);
	ev(s, EV_SYN, SYN_REPORT, 0);
}

static void
tap(struct seq *s, uint16_t code)
{
	key(s, code, 1);
	key(s, code, 0);
}

static void
shifted(struct seq *s, uint16_t code)
{
	key(s, KEY_LEFTSHIFT, 1);
	tap(s, code);
	key(s, KEY_LEFTSHIFT, 0);
}

static uint16_t
letter_code(char c, bool azerty)
{
	static const uint16_t letters[26] = {
		KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
		KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
		KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
	};

	if (azerty) {
		switch (c) {
		case 'A':
			return KEY_Q;
		case 'Q':
			return KEY_A;
		case 'Z':
			return KEY_W;
		case 'W':
			return KEY_Z;
		case 'M':
			return KEY_SEMICOLON;
		}
	}
	return letters[c - 'A'];
}

static uint16_t
digit_code(char c)
{
	static const uint16_t digits[10] = {
		KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
		KEY_5, KEY_6, KEY_7, KEY_8, KEY_9,
	};

	return digits[c - '0'];
}

/* Type text as a US scanner (upper-case letters with Shift). */
static void
type_us(struct seq *s, const char *text)
{
	for (; *text; text++) {
		if (*text >= 'A' && *text <= 'Z')
			shifted(s, letter_code(*text, false));
		else if (*text >= 'a' && *text <= 'z')
			tap(s, letter_code((char)(*text - 32), false));
		else if (*text >= '0' && *text <= '9')
			tap(s, digit_code(*text));
		else if (*text == '\n')
			tap(s, KEY_ENTER);
		else if (*text == '\t')
			tap(s, KEY_TAB);
		else if (*text == '-')
			tap(s, KEY_MINUS);
		else if (*text == ' ')
			tap(s, KEY_SPACE);
		else
			fail_msg("no US key for '%c'", *text);
	}
}

/* Type text as an AZERTY scanner: digits need Shift there. */
static void
type_fr(struct seq *s, const char *text)
{
	for (; *text; text++) {
		if (*text >= 'A' && *text <= 'Z')
			shifted(s, letter_code(*text, true));
		else if (*text >= '0' && *text <= '9')
			shifted(s, digit_code(*text));
		else if (*text == '\n')
			tap(s, KEY_ENTER);
		else
			fail_msg("no AZERTY key for '%c'", *text);
	}
}

static void
type_keypad(struct seq *s, const char *digits)
{
	static const uint16_t kp[10] = {
		KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
		KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9,
	};

	for (; *digits; digits++)
		tap(s, kp[*digits - '0']);
}

/* Each character as Alt + its decimal code on the keypad. */
static void
type_altcode(struct seq *s, const char *text)
{
	for (; *text; text++) {
		char code[8];

		snprintf(code, sizeof(code), "0%d", (unsigned char)*text);
		key(s, KEY_LEFTALT, 1);
		type_keypad(s, code);
		key(s, KEY_LEFTALT, 0);
	}
}

static struct dot_scan_decoder *
decoder(const char *layout, struct got *g)
{
	struct dot_scan_opts o = {.layout = layout};
	struct dot_scan_decoder *d;
	char *cause = NULL;

	memset(g, 0, sizeof(*g));
	d = dot_scan_decoder_new(&o, collect, g, &cause);
	if (!d)
		fail_msg("decoder %s: %s", layout ? layout : "auto", cause);
	return d;
}

static void
feed(struct dot_scan_decoder *d, const struct seq *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		dot_scan_decoder_feed(d, &s->ev[i]);
}

static void
expect(const struct got *g, int i, enum dot_serial_reason r, const char *serial)
{
	assert_true(i < g->n);
	if (g->res[i].reason != r)
		fail_msg("scan %d: reason %s, expected %s (raw '%s')", i,
			 dot_serial_reason_key(g->res[i].reason),
			 dot_serial_reason_key(r), g->res[i].raw);
	if (serial)
		assert_string_equal(g->res[i].serial, serial);
}

/* ---- layouts ----------------------------------------------------------- */

static void
test_us_layout(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	type_us(&s, "ABC123456\n");
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_OK, "ABC123456");
	assert_int_equal(g.res[0].end, DOT_SCAN_END_SUFFIX);
	assert_string_equal(g.layouts[0], "us");
	dot_scan_decoder_free(d);
}

static void
test_fr_layout(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("fr", &g);

	seq_init(&s);
	type_fr(&s, "AZQW1234M567\n");
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_OK, "AZQW1234M567");
	dot_scan_decoder_free(d);
}

static void
test_fr_scanner_read_as_us(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	/* the wrong layout gives symbols: rejected, never a wrong serial */
	seq_init(&s);
	type_fr(&s, "AZ1234\n");
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_BAD_CHAR, NULL);
	assert_string_equal(g.res[0].raw, "QW!@#$");
	dot_scan_decoder_free(d);
}

static void
test_auto_layout(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("auto", &g);

	seq_init(&s);
	type_fr(&s, "AZQW1234\n");
	type_us(&s, "XY9876543\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "AZQW1234");
	assert_string_equal(g.layouts[0], "fr");
	expect(&g, 1, DOT_SERIAL_OK, "XY9876543");
	assert_string_equal(g.layouts[1], "us");
	dot_scan_decoder_free(d);
}

static void
test_auto_sticky(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder(NULL, &g);

	/* letters only are ambiguous: the last clear choice (AZERTY) holds,
	 * so the A typed on the Q key reads as A */
	seq_init(&s);
	type_fr(&s, "AB12345\n");
	type_fr(&s, "QAZWMN\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 1, DOT_SERIAL_OK, "QAZWMN");
	assert_string_equal(dot_scan_decoder_layout(d), "fr");
	dot_scan_decoder_free(d);
}

static void
test_other_layouts(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d;

	/* German QWERTZ: Y and Z swap, digits unshifted */
	d = decoder("de", &g);
	seq_init(&s);
	shifted(&s, KEY_Y);
	shifted(&s, KEY_Z);
	type_us(&s, "123456\n");
	feed(d, &s);
	expect(&g, 0, DOT_SERIAL_OK, "ZY123456");
	dot_scan_decoder_free(d);

	/* Belgian AZERTY: digits with Shift as in France */
	d = decoder("be", &g);
	seq_init(&s);
	type_fr(&s, "AB123456\n");
	feed(d, &s);
	expect(&g, 0, DOT_SERIAL_OK, "AB123456");
	dot_scan_decoder_free(d);

	/* Swiss French, a layout with a variant */
	d = decoder("ch(fr)", &g);
	seq_init(&s);
	shifted(&s, KEY_Y);
	type_us(&s, "987654\n");
	feed(d, &s);
	expect(&g, 0, DOT_SERIAL_OK, "Z987654");
	dot_scan_decoder_free(d);
}

static void
test_unknown_layout(void **state)
{
	struct dot_scan_opts o = {.layout = "klingon"};
	char *cause = NULL;

	assert_null(dot_scan_decoder_new(&o, collect, NULL, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "klingon"));
	free(cause);
	cause = NULL;
	o.layout = "us;rm -rf";
	assert_null(dot_scan_decoder_new(&o, collect, NULL, &cause));
	free(cause);
}

/* ---- layout-independent modes and locks -------------------------------- */

static void
test_keypad_digits(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("fr", &g);

	seq_init(&s);
	type_keypad(&s, "0123456789");
	tap(&s, KEY_KPENTER);
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_OK, "0123456789");
	dot_scan_decoder_free(d);
}

static void
test_keypad_numlock(void **state)
{
	struct dot_scan_opts o = {.layout = "us", .numlock_off = true};
	struct seq s;
	struct got g = {0};
	struct dot_scan_decoder *d =
		dot_scan_decoder_new(&o, collect, &g, NULL);

	/* Num Lock off: keypad keys are arrows, not digits */
	seq_init(&s);
	type_keypad(&s, "123456");
	tap(&s, KEY_ENTER);
	/* the scanner turns Num Lock on: digits again */
	tap(&s, KEY_NUMLOCK);
	type_keypad(&s, "123456");
	tap(&s, KEY_ENTER);
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_BAD_CHAR, NULL);
	expect(&g, 1, DOT_SERIAL_OK, "123456");
	dot_scan_decoder_free(d);
}

static void
test_alt_codes(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("fr", &g);

	seq_init(&s);
	type_altcode(&s, "AZ1234QW");
	type_altcode(&s, "\r");
	type_altcode(&s, "XO12345");
	tap(&s, KEY_ENTER);
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "AZ1234QW");
	expect(&g, 1, DOT_SERIAL_LETTER_O, NULL);
	dot_scan_decoder_free(d);
}

static void
test_alt_code_cut(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	/* the recording ends with Alt held: the last code never typed */
	seq_init(&s);
	type_altcode(&s, "ABCDEF1");
	key(&s, KEY_LEFTALT, 1);
	type_keypad(&s, "050");
	feed(d, &s);
	dot_scan_decoder_flush(d);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_INCOMPLETE, NULL);
	dot_scan_decoder_free(d);
}

static void
test_caps_lock(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	tap(&s, KEY_CAPSLOCK);
	type_us(&s, "abc123\n"); /* no Shift, Caps Lock: upper case */
	type_us(&s, "ABC456\n"); /* Shift and Caps Lock: lower case */
	tap(&s, KEY_CAPSLOCK);
	type_us(&s, "abc789\n");
	feed(d, &s);
	assert_int_equal(g.n, 3);
	expect(&g, 0, DOT_SERIAL_OK, "ABC123");
	assert_string_equal(g.res[0].raw, "ABC123");
	expect(&g, 1, DOT_SERIAL_OK, "ABC456");
	assert_string_equal(g.res[1].raw, "abc456");
	assert_string_equal(g.res[2].raw, "abc789");
	dot_scan_decoder_free(d);
}

static void
test_repeats_ignored(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	key(&s, KEY_LEFTSHIFT, 1);
	key(&s, KEY_A, 1);
	key(&s, KEY_A, 2);
	key(&s, KEY_A, 2);
	key(&s, KEY_A, 0);
	key(&s, KEY_LEFTSHIFT, 2);
	key(&s, KEY_LEFTSHIFT, 0);
	type_us(&s, "12345\n");
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_OK, "A12345");
	dot_scan_decoder_free(d);
}

/* ---- framing ------------------------------------------------------------ */

static void
test_suffixes(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	type_us(&s, "AAA111\tBBB222");
	tap(&s, KEY_KPENTER);
	type_us(&s, "\n\n"); /* empty frames: nothing */
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "AAA111");
	expect(&g, 1, DOT_SERIAL_OK, "BBB222");
	dot_scan_decoder_free(d);
}

static void
test_no_suffix_idle_gap(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);
	uint64_t deadline;

	seq_init(&s);
	type_us(&s, "NOSUF12345");
	feed(d, &s);
	assert_int_equal(g.n, 0);
	deadline = dot_scan_decoder_deadline(d);
	assert_true(deadline > 0);
	assert_false(dot_scan_decoder_tick(d, deadline - 1));
	assert_int_equal(g.n, 0);
	assert_true(dot_scan_decoder_tick(d, deadline));
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_LETTER_O, NULL);
	assert_int_equal(g.res[0].end, DOT_SCAN_END_IDLE);
	assert_int_equal(dot_scan_decoder_deadline(d), 0);

	/* two scans 200 ms apart in a recording: two frames */
	seq_init(&s);
	s.t = deadline + 1000000;
	type_us(&s, "XYZ12345");
	s.t += 200000;
	type_us(&s, "XYZ67890");
	feed(d, &s);
	dot_scan_decoder_flush(d);
	assert_int_equal(g.n, 3);
	expect(&g, 1, DOT_SERIAL_OK, "XYZ12345");
	expect(&g, 2, DOT_SERIAL_OK, "XYZ67890");
	dot_scan_decoder_free(d);
}

static void
test_suffix_scanner_stalls(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	/* once a scanner was seen ending with Enter, a silence in the middle
	 * of a scan is a cut: neither half is accepted, not even a tail long
	 * enough to be a serial (a loaded laptop or a slow USB hub) */
	seq_init(&s);
	type_us(&s, "FIRST12345\n");
	type_us(&s, "5CG");
	s.t += 300000;
	type_us(&s, "0000006\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "FIRST12345");
	expect(&g, 1, DOT_SERIAL_INCOMPLETE, NULL);
	assert_string_equal(g.res[1].raw, "5CG0000006");
	assert_int_equal(g.res[1].end, DOT_SCAN_END_CUT);
	/* a pause shorter than a stall inside a suffixed scan is still one
	 * scan (a laptop reading its events late) */
	seq_init(&s);
	s.t = 3000000;
	type_us(&s, "5CG");
	s.t += 100000;
	type_us(&s, "0000005\n");
	feed(d, &s);
	assert_int_equal(g.n, 3);
	expect(&g, 2, DOT_SERIAL_OK, "5CG0000005");
	g.n = 2;
	/* the next scan is whole again */
	seq_init(&s);
	s.t = 5000000;
	type_us(&s, "NEXT123456\n");
	feed(d, &s);
	assert_int_equal(g.n, 3);
	expect(&g, 2, DOT_SERIAL_OK, "NEXT123456");
	/* waiting for the suffix of a cut scan sets no idle deadline */
	seq_init(&s);
	s.t = 9000000;
	type_us(&s, "STALL1");
	feed(d, &s);
	assert_true(dot_scan_decoder_deadline(d) > 0);
	assert_false(dot_scan_decoder_tick(d, dot_scan_decoder_deadline(d)));
	assert_int_equal(dot_scan_decoder_deadline(d), 0);
	assert_int_equal(g.n, 3);
	dot_scan_decoder_free(d);
}

/*
 * Auto mode before the scanner has shown a suffix: its very first scan
 * may stall too. A short pause stays inside the scan; after a longer one
 * the tail that ends with the first Enter is never a serial of its own.
 */
static void
test_auto_first_scan_stalls(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	/* 100 ms inside the first scan: still one scan */
	seq_init(&s);
	type_us(&s, "5CG");
	s.t += 100000;
	type_us(&s, "0000005\n");
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_OK, "5CG0000005");
	dot_scan_decoder_free(d);

	/* 300 ms: the head ends by the silence, the tail is a cut */
	d = decoder("us", &g);
	seq_init(&s);
	type_us(&s, "5CG");
	s.t += 300000;
	type_us(&s, "0000006\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.res[0].raw, "5CG");
	assert_int_equal(g.res[0].end, DOT_SCAN_END_IDLE);
	expect(&g, 1, DOT_SERIAL_INCOMPLETE, NULL);
	assert_string_equal(g.res[1].raw, "0000006");
	assert_int_equal(g.res[1].end, DOT_SCAN_END_CUT);
	/* the next scan, well after, is whole */
	seq_init(&s);
	s.t = 5000000;
	type_us(&s, "NEXT123456\n");
	feed(d, &s);
	assert_int_equal(g.n, 3);
	expect(&g, 2, DOT_SERIAL_OK, "NEXT123456");
	dot_scan_decoder_free(d);

	/* a scanner without a suffix: a second apart, two scans */
	d = decoder("us", &g);
	seq_init(&s);
	type_us(&s, "ABC123");
	s.t += 1000000;
	type_us(&s, "DEF456");
	feed(d, &s);
	assert_true(dot_scan_decoder_tick(d, dot_scan_decoder_deadline(d)));
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "ABC123");
	expect(&g, 1, DOT_SERIAL_OK, "DEF456");
	dot_scan_decoder_free(d);
}

static void
test_syn_dropped(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	type_us(&s, "ABC123");
	key(&s, KEY_LEFTSHIFT, 1); /* Shift down, then events lost */
	ev(&s, EV_SYN, SYN_DROPPED, 0);
	ev(&s, EV_KEY, KEY_D, 1); /* garbage before the report */
	ev(&s, EV_SYN, SYN_REPORT, 0);
	type_us(&s, "456789\n"); /* the tail must not pass */
	type_us(&s, "GRAND12345\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_INCOMPLETE, NULL);
	assert_int_equal(g.res[0].end, DOT_SCAN_END_CUT);
	/* Shift was forgotten with the drop: digits are digits again */
	expect(&g, 1, DOT_SERIAL_OK, "GRAND12345");
	dot_scan_decoder_free(d);
}

static void
test_resync(void **state)
{
	struct seq s, t;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);
	uint16_t held[] = {KEY_LEFTSHIFT};

	seq_init(&s);
	type_us(&s, "ABC12");
	feed(d, &s);
	/* libevdev resynced: Shift is down now */
	dot_scan_decoder_resync(d, s.t, held, 1, false, true);
	seq_init(&t);
	t.t = s.t + 1000;
	tap(&t, KEY_A); /* Shift held: 'A' */
	key(&t, KEY_LEFTSHIFT, 0);
	type_us(&t, "3456\n");
	type_us(&t, "ABC999\n");
	feed(d, &t);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_INCOMPLETE, NULL);
	assert_string_equal(g.res[0].raw, "ABC12A3456");
	expect(&g, 1, DOT_SERIAL_OK, "ABC999");
	dot_scan_decoder_free(d);
}

static void
test_unplug(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	type_us(&s, "UNPLUG1234");
	feed(d, &s);
	dot_scan_decoder_unplug(d, s.t);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_INCOMPLETE, NULL);
	assert_int_equal(g.res[0].end, DOT_SCAN_END_CUT);
	dot_scan_decoder_flush(d);
	assert_int_equal(g.n, 1);
	/* nothing pending, nothing delivered */
	dot_scan_decoder_unplug(d, s.t + 10);
	assert_int_equal(g.n, 1);
	dot_scan_decoder_free(d);
}

static void
test_long_scan(void **state)
{
	char text[80];
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);
	int i;

	for (i = 0; i < 64; i++)
		text[i] = (char)(i % 2 ? '0' + i % 10 : 'A' + i % 14);
	text[64] = '\n';
	text[65] = '\0';
	seq_init(&s);
	type_us(&s, text);
	feed(d, &s);
	assert_int_equal(g.n, 1);
	expect(&g, 0, DOT_SERIAL_TOO_LONG, NULL);
	assert_int_equal(strlen(g.res[0].raw), 64);

	/* and far past the frame buffer: still one too-long frame */
	seq_init(&s);
	for (i = 0; i < 300; i++)
		tap(&s, KEY_1);
	tap(&s, KEY_ENTER);
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 1, DOT_SERIAL_TOO_LONG, NULL);
	dot_scan_decoder_free(d);
}

static void
test_garbage_keys(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("auto", &g);

	seq_init(&s);
	type_us(&s, "ABC");
	tap(&s, KEY_F1);
	type_us(&s, "123\n");
	type_us(&s, "DEF");
	tap(&s, KEY_ESC);
	type_us(&s, "456\n");
	ev(&s, EV_KEY, 0x2ff, 1); /* beyond any key: ignored */
	ev(&s, EV_KEY, 0xffff, 1);
	ev(&s, EV_REL, REL_X, 5);
	ev(&s, EV_KEY, KEY_B, 7);  /* no such value: ignored */
	key(&s, KEY_RIGHTCTRL, 1); /* modifiers alone type nothing */
	key(&s, KEY_RIGHTCTRL, 0);
	type_us(&s, "GHI789\n");
	type_us(&s, "AB-123 45\n");
	feed(d, &s);
	assert_int_equal(g.n, 4);
	expect(&g, 0, DOT_SERIAL_BAD_CHAR, NULL);
	expect(&g, 1, DOT_SERIAL_BAD_CHAR, NULL);
	expect(&g, 2, DOT_SERIAL_OK, "GHI789");
	expect(&g, 3, DOT_SERIAL_BAD_CHAR, NULL);
	dot_scan_decoder_free(d);
}

static void
test_letter_o_and_bounds(void **state)
{
	struct seq s;
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);

	seq_init(&s);
	type_us(&s, "AB0O12\nAB12\n");
	feed(d, &s);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_LETTER_O, NULL);
	expect(&g, 1, DOT_SERIAL_TOO_SHORT, NULL);
	dot_scan_decoder_free(d);
}

/* ---- evemu reader ------------------------------------------------------- */

static void
test_evemu_reader(void **state)
{
	static const char rec[] =
		"# EVEMU 1.3\n"
		"N: Test Barcode Scanner\n"
		"I: 0003 0c2e 0b61 0111\n"
		"B: 00 0b 00 00 00 00 00 00 00\n"
		"E: 0.000000 0004 0004 458788\t# EV_MSC / MSC_SCAN\n"
		"E: 0.000000 0001 0002 0001\t# EV_KEY / KEY_1 1\n"
		"E: 0.000000 0000 0000 0000\n"
		"E: 0.001000 0001 0002 0000\n"
		"E: 0.001000 0000 0000 0000\n"
		"E: 0.002 0001 0003 0001\n"
		"E: 0.002 0001 0003 0000\n"
		"E: 0.003000 0001 0004 1\n"
		"E: 0.003000 0001 0004 0\n"
		"E: 0.004000 0001 0005 1\r\n"
		"E: 0.004000 0001 0005 0\n"
		"E: 0.005000 0001 0006 1\n"
		"E: 0.005000 0001 0006 0\n"
		"E: 0.006000 0001 0007 1\n"
		"E: 0.006000 0001 0007 0\n"
		"E: 0.007000 0001 001c 1\n"
		"E: 0.007000 0001 001c 0\n"
		"E: 1.103000 0001 0002 1\n" /* no suffix at the end */
		"E: 1.104000 0001 0002 0\n";
	struct got g;
	struct dot_scan_decoder *d = decoder("us", &g);
	char *name = NULL, *cause = NULL;
	FILE *f = fmemopen((void *)rec, sizeof(rec) - 1, "r");

	assert_non_null(f);
	assert_int_equal(dot_scan_evemu_read(f, "rec", d, &name, &cause), 0);
	fclose(f);
	assert_string_equal(name, "Test Barcode Scanner");
	free(name);
	assert_int_equal(g.n, 2);
	expect(&g, 0, DOT_SERIAL_OK, "123456");
	assert_int_equal(g.res[0].time_us, 7000);
	expect(&g, 1, DOT_SERIAL_INCOMPLETE, NULL); /* suffix scanner */
	assert_int_equal(g.res[1].time_us, 1103000);
	assert_int_equal(dot_scan_decoder_events(d), 19);
	dot_scan_decoder_free(d);
}

static void
test_evemu_malformed(void **state)
{
	static const char *bad[] = {
		"E: x 0001 0002 1\n",
		"E: 0.1 zz 0002 1\n",
		"E: 0.1 0001 0002\n",
		"E: 0.1 10000 0002 1\n",
		"E: 0.1 0001 0002 1 junk\n",
		"E: 0.1 0001 0002 99999999999\n",
		"E:\n",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128];
		struct got g;
		struct dot_scan_decoder *d = decoder("us", &g);
		char *cause = NULL;
		FILE *f;

		snprintf(text, sizeof(text), "N: x\n\n%s", bad[i]);
		f = fmemopen(text, strlen(text), "r");
		assert_int_equal(dot_scan_evemu_read(f, "bad.evemu", d, NULL,
						     &cause),
				 DOT_ERULE);
		assert_non_null(strstr(cause, "line 3"));
		free(cause);
		fclose(f);
		dot_scan_decoder_free(d);
	}
}

static void
test_evemu_fixtures(void **state)
{
	static const struct {
		const char *file, *layout, *serial;
	} cases[] = {
		{"us.evemu", "auto", "5CD1234XYZ"},
		{"azerty.evemu", "auto", "R52N90AZQW"},
		{"azerty.evemu", "fr", "R52N90AZQW"},
		{"keypad.evemu", "auto", "350123456789012"},
		{"altcode.evemu", "auto", "DMPXK2Q8HJ"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[512], *cause = NULL;
		struct got g;
		struct dot_scan_decoder *d = decoder(cases[i].layout, &g);
		FILE *f;

		snprintf(path, sizeof(path), "%s/scan/%s", DOT_FIXTURES,
			 cases[i].file);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_int_equal(dot_scan_evemu_read(f, path, d, NULL, &cause),
				 0);
		fclose(f);
		assert_true(g.n >= 1);
		expect(&g, 0, DOT_SERIAL_OK, cases[i].serial);
		dot_scan_decoder_free(d);
	}
}

/* ---- classifier --------------------------------------------------------- */

static void
test_classify(void **state)
{
	uint64_t burst[12], typed[8], mixed[6], same[6], slow[11], fast[8];
	size_t i;

	for (i = 0; i < 12; i++)
		burst[i] = 5000000 + i * 4000; /* 4 ms a key */
	for (i = 0; i < 8; i++)
		typed[i] = 5000000 + i * 150000; /* 150 ms a key */
	for (i = 0; i < 6; i++)
		mixed[i] = 5000000 + i * 5000 + (i == 3 ? 200000 : 0);
	for (i = 0; i < 6; i++)
		same[i] = 42; /* one read() */
	for (i = 0; i < 11; i++)
		slow[i] = 5000000 + i * 40000; /* a slow scanner */
	for (i = 0; i < 8; i++)                /* a very fast typist */
		fast[i] = 5000000 + i * 70000 + (i % 2) * 25000;
	assert_int_equal(dot_scan_classify(burst, 12), DOT_SCAN_BURST);
	assert_int_equal(dot_scan_classify(typed, 8), DOT_SCAN_TYPED);
	assert_int_equal(dot_scan_classify(mixed, 6), DOT_SCAN_TYPED);
	assert_int_equal(dot_scan_classify(same, 6), DOT_SCAN_BURST);
	assert_int_equal(dot_scan_classify(burst, 3), DOT_SCAN_UNSURE);
	assert_int_equal(dot_scan_classify(slow, 11), DOT_SCAN_BURST);
	/* five slow keys are not enough to tell */
	assert_int_equal(dot_scan_classify(slow, 5), DOT_SCAN_TYPED);
	assert_int_equal(dot_scan_classify(fast, 8), DOT_SCAN_TYPED);
	assert_int_equal(dot_scan_classify(NULL, 0), DOT_SCAN_UNSURE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_us_layout),
		cmocka_unit_test(test_fr_layout),
		cmocka_unit_test(test_fr_scanner_read_as_us),
		cmocka_unit_test(test_auto_layout),
		cmocka_unit_test(test_auto_sticky),
		cmocka_unit_test(test_other_layouts),
		cmocka_unit_test(test_unknown_layout),
		cmocka_unit_test(test_keypad_digits),
		cmocka_unit_test(test_keypad_numlock),
		cmocka_unit_test(test_alt_codes),
		cmocka_unit_test(test_alt_code_cut),
		cmocka_unit_test(test_caps_lock),
		cmocka_unit_test(test_repeats_ignored),
		cmocka_unit_test(test_suffixes),
		cmocka_unit_test(test_no_suffix_idle_gap),
		cmocka_unit_test(test_suffix_scanner_stalls),
		cmocka_unit_test(test_auto_first_scan_stalls),
		cmocka_unit_test(test_syn_dropped),
		cmocka_unit_test(test_resync),
		cmocka_unit_test(test_unplug),
		cmocka_unit_test(test_long_scan),
		cmocka_unit_test(test_garbage_keys),
		cmocka_unit_test(test_letter_o_and_bounds),
		cmocka_unit_test(test_evemu_reader),
		cmocka_unit_test(test_evemu_malformed),
		cmocka_unit_test(test_evemu_fixtures),
		cmocka_unit_test(test_classify),
	};

	return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
