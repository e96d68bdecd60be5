/*
 * Pure helpers of the station: progress bars and the French date formats
 * the roll call shows. (Who is next, to equip or absent is the roll call
 * model's rule: app/roll.c.) No terminal here, so
 * the unit tests exercise them directly.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dotation/tui.h"

void
dot_tui_bar(char *out, size_t outsz, int width, int64_t done, int64_t total,
	    bool unicode)
{
	const char *full = unicode ? "\xe2\x96\x88" : "#";  /* █ */
	const char *empty = unicode ? "\xe2\x96\x91" : "-"; /* ░ */
	size_t len = 0, k;
	int i, filled;

	if (!outsz)
		return;
	out[0] = '\0';
	if (width <= 0)
		return;
	if (total <= 0 || done <= 0)
		filled = 0;
	else if (done >= total)
		filled = width;
	else
		/* never show a full bar before the class is done */
		filled = (int)((done * width) / total);
	for (i = 0; i < width; i++) {
		const char *c = i < filled ? full : empty;

		k = strlen(c);
		if (len + k + 1 > outsz)
			break;
		memcpy(out + len, c, k);
		len += k;
	}
	out[len] = '\0';
}

void
dot_tui_local_time(const char *iso, char *out, size_t outsz)
{
	struct tm tm, lt;
	time_t t;

	if (!outsz)
		return;
	memset(&tm, 0, sizeof(tm));
	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(out, outsz, "%s", iso ? iso : "");
		return;
	}
	t = timegm(&tm);
	if (!localtime_r(&t, &lt)) {
		snprintf(out, outsz, "%s", iso);
		return;
	}
	strftime(out, outsz, "%d/%m %H:%M", &lt);
}

void
dot_tui_date_fr(const char *iso, char *out, size_t outsz)
{
	if (!outsz)
		return;
	if (!iso || strlen(iso) < 10 || iso[4] != '-') {
		snprintf(out, outsz, "%s", iso ? iso : "");
		return;
	}
	snprintf(out, outsz, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}
