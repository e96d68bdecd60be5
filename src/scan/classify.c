/*
 * Scanner burst or person typing. When no scanner device can be opened,
 * the scanner types into the terminal like a keyboard and the station
 * sees only characters. Their timing tells them apart: a scanner types
 * a whole serial in a few milliseconds (a slow one about 40 ms a key,
 * very steadily), a fast typist needs about a hundred milliseconds a key
 * and never keeps an even pace.
 */
#include <stdlib.h>

#include "dotation/scan.h"

#define BURST_MIN_CHARS 4
#define BURST_MEDIAN_US 20000
#define BURST_MAX_GAP_US 80000
/*
 * Slow scanners (some Bluetooth and cheap USB models) type about one
 * character every 40 ms. No person keeps every gap of six keys or more
 * under 80 ms with a median at 60 ms or less (that is over 200 words a
 * minute, sustained): such a steady run is a scanner too.
 */
#define SLOW_MIN_CHARS 6
#define SLOW_MEDIAN_US 60000

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

enum dot_scan_origin
dot_scan_classify(const uint64_t *times_us, size_t n)
{
	uint64_t gaps[64], max = 0;
	size_t i, ng;

	if (!times_us || n < BURST_MIN_CHARS)
		return DOT_SCAN_UNSURE;
	/* a line longer than any serial: the last 65 keys tell enough */
	if (n > 65) {
		times_us += n - 65;
		n = 65;
	}
	ng = n - 1;
	for (i = 0; i < ng; i++) {
		uint64_t a = times_us[i], b = times_us[i + 1];

		gaps[i] = b > a ? b - a : 0;
		if (gaps[i] > max)
			max = gaps[i];
	}
	if (max > BURST_MAX_GAP_US)
		return DOT_SCAN_TYPED;
	qsort(gaps, ng, sizeof(gaps[0]), cmp_u64);
	if (gaps[ng / 2] <= BURST_MEDIAN_US)
		return DOT_SCAN_BURST;
	if (n >= SLOW_MIN_CHARS && gaps[ng / 2] <= SLOW_MEDIAN_US)
		return DOT_SCAN_BURST;
	return DOT_SCAN_TYPED;
}
