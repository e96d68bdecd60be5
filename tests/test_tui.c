/*
 * Unit tests of the station's pure pieces: the keystroke line that tells
 * a scanner burst from a person typing (and refuses a typed letter O),
 * the scan-and-advance rule, progress bars and date formats.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dotation/tui.h"

#define MS 1000u

/* Feed text with gap_us between characters, starting at t0. */
static uint64_t
feed(struct dot_tui_line *l, const char *text, uint64_t t0, uint64_t gap_us)
{
	uint64_t t = t0;

	for (; *text; text++) {
		dot_tui_line_feed(l, (wchar_t)(unsigned char)*text, t);
		t += gap_us;
	}
	return t - gap_us;
}

static void
burst_is_a_scan(void **state)
{
	struct dot_tui_line l = {0};
	char serial[128], prefix[128];

	(void)state;
	dot_tui_line_clear(&l);
	feed(&l, "R9KT30ABCDE", 1000 * MS, 2 * MS);
	assert_true(dot_tui_line_is_burst(&l));
	assert_true(dot_tui_line_frame(&l, serial, sizeof(serial), prefix,
				       sizeof(prefix)));
	assert_string_equal(serial, "R9KT30ABCDE");
	assert_string_equal(prefix, "");
}

static void
slow_typing_is_manual(void **state)
{
	struct dot_tui_line l = {0};
	char serial[128], prefix[128];

	(void)state;
	dot_tui_line_clear(&l);
	feed(&l, "R9KT30", 1000 * MS, 150 * MS);
	assert_false(dot_tui_line_is_burst(&l));
	assert_false(dot_tui_line_frame(&l, serial, sizeof(serial), prefix,
					sizeof(prefix)));
	assert_string_equal(serial, "R9KT30");
	/* slow typing never ends by silence: it waits for Enter */
	assert_false(dot_tui_line_idle_burst(&l, 10000 * MS));
}

static void
burst_after_typed_name_keeps_prefix(void **state)
{
	struct dot_tui_line l = {0};
	char serial[128], prefix[128];
	uint64_t t;

	(void)state;
	dot_tui_line_clear(&l);
	t = feed(&l, "lefevre", 1000 * MS, 120 * MS);
	feed(&l, "R9KT30ABCDF", t + 500 * MS, 0);
	assert_true(dot_tui_line_frame(&l, serial, sizeof(serial), prefix,
				       sizeof(prefix)));
	assert_string_equal(serial, "R9KT30ABCDF");
	assert_string_equal(prefix, "lefevre");
	/* the name typed before stays, and is not a burst afterwards */
	dot_tui_line_drop_run(&l);
	dot_tui_line_text(&l, serial, sizeof(serial));
	assert_string_equal(serial, "lefevre");
	assert_false(dot_tui_line_idle_burst(&l, t + 10000 * MS));
}

static void
search_text_keeps_letter_o(void **state)
{
	struct dot_tui_line l = {0};
	char text[128];

	(void)state;
	dot_tui_line_clear(&l);
	l.free_text = true;
	assert_int_equal(dot_tui_line_feed(&l, L'o', 1000 * MS),
			 DOT_TUI_FEED_OK);
	feed(&l, "ceane", 1200 * MS, 200 * MS);
	dot_tui_line_text(&l, text, sizeof(text));
	assert_string_equal(text, "oceane");
	dot_tui_line_clear(&l);
	assert_true(l.free_text);
}

static void
typed_letter_o_refused_at_keystroke(void **state)
{
	struct dot_tui_line l = {0};
	char text[128], prefix[128];

	(void)state;
	dot_tui_line_clear(&l);
	feed(&l, "R9K", 1000 * MS, 200 * MS);
	assert_int_equal(dot_tui_line_feed(&l, L'O', 2000 * MS),
			 DOT_TUI_FEED_LETTER_O);
	dot_tui_line_text(&l, text, sizeof(text));
	assert_string_equal(text, "R9K");
	/* a quick next key does not bring the O back */
	feed(&l, "0T", 2010 * MS, 200 * MS);
	dot_tui_line_text(&l, text, sizeof(text));
	assert_string_equal(text, "R9K0T");
	assert_false(dot_tui_line_frame(&l, text, sizeof(text), prefix,
					sizeof(prefix)));
	assert_string_equal(text, "R9K0T");
}

static void
burst_with_letter_o_is_kept_whole(void **state)
{
	struct dot_tui_line l = {0};
	char serial[128], prefix[128];

	(void)state;
	dot_tui_line_clear(&l);
	/* the O starts the burst: flagged, then kept since the run goes on */
	assert_int_equal(dot_tui_line_feed(&l, L'O', 1000 * MS),
			 DOT_TUI_FEED_LETTER_O);
	feed(&l, "R9KT30ABCDE", 1001 * MS, 1 * MS);
	assert_true(dot_tui_line_frame(&l, serial, sizeof(serial), prefix,
				       sizeof(prefix)));
	assert_string_equal(serial, "OR9KT30ABCDE");
	/* an O inside a burst is never dropped either */
	dot_tui_line_clear(&l);
	feed(&l, "R9KTO0ABCDE", 1000 * MS, 1 * MS);
	assert_true(dot_tui_line_frame(&l, serial, sizeof(serial), prefix,
				       sizeof(prefix)));
	assert_string_equal(serial, "R9KTO0ABCDE");
}

static void
idle_gap_ends_a_burst(void **state)
{
	struct dot_tui_line l = {0};
	uint64_t t;

	(void)state;
	dot_tui_line_clear(&l);
	t = feed(&l, "R9KT30ABCDE", 1000 * MS, 3 * MS);
	assert_false(dot_tui_line_idle_burst(&l, t + DOT_TUI_IDLE_US / 2));
	assert_true(dot_tui_line_idle_burst(&l, t + DOT_TUI_IDLE_US));
}

static void
backspace_removes_typed_chars(void **state)
{
	struct dot_tui_line l = {0};
	char text[128];

	(void)state;
	dot_tui_line_clear(&l);
	feed(&l, "ABC", 1000 * MS, 200 * MS);
	dot_tui_line_feed(&l, L'o', 2000 * MS);
	dot_tui_line_backspace(&l);
	dot_tui_line_text(&l, text, sizeof(text));
	assert_string_equal(text, "AB");
	dot_tui_line_backspace(&l);
	dot_tui_line_backspace(&l);
	dot_tui_line_backspace(&l);
	assert_int_equal(l.n, 0);
}

static void
accented_text(void **state)
{
	struct dot_tui_line l = {0};
	char text[128];

	(void)state;
	dot_tui_line_clear(&l);
	dot_tui_line_feed(&l, L'L', 0);
	dot_tui_line_feed(&l, L'\u00e8', 200 * MS);
	dot_tui_line_text(&l, text, sizeof(text));
	assert_string_equal(text, "L\xc3\xa8");
}

static void
bars_and_dates(void **state)
{
	char b[128];

	(void)state;
	dot_tui_bar(b, sizeof(b), 10, 5, 10, false);
	assert_string_equal(b, "#####-----");
	dot_tui_bar(b, sizeof(b), 4, 24, 25, false);
	assert_string_equal(b, "###-");
	dot_tui_bar(b, sizeof(b), 4, 25, 25, false);
	assert_string_equal(b, "####");
	dot_tui_bar(b, sizeof(b), 3, 0, 0, false);
	assert_string_equal(b, "---");
	dot_tui_bar(b, sizeof(b), 2, 1, 2, true);
	assert_string_equal(b, "\xe2\x96\x88\xe2\x96\x91");
	dot_tui_date_fr("2009-03-06", b, sizeof(b));
	assert_string_equal(b, "06/03/2009");
	dot_tui_date_fr(NULL, b, sizeof(b));
	assert_string_equal(b, "");
	setenv("TZ", "UTC", 1);
	dot_tui_local_time("2025-09-02T08:15:03.120Z", b, sizeof(b));
	assert_string_equal(b, "02/09 08:15");
	dot_tui_local_time("garbage", b, sizeof(b));
	assert_string_equal(b, "garbage");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(burst_is_a_scan),
		cmocka_unit_test(slow_typing_is_manual),
		cmocka_unit_test(burst_after_typed_name_keeps_prefix),
		cmocka_unit_test(search_text_keeps_letter_o),
		cmocka_unit_test(typed_letter_o_refused_at_keystroke),
		cmocka_unit_test(burst_with_letter_o_is_kept_whole),
		cmocka_unit_test(idle_gap_ends_a_burst),
		cmocka_unit_test(backspace_removes_typed_chars),
		cmocka_unit_test(accented_text),
		cmocka_unit_test(bars_and_dates),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
