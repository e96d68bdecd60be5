/*
 * Dates. Rosters come with DD/MM/YYYY (SIECLE, spreadsheets) or ISO dates;
 * we keep ISO everywhere and accept only dates that exist.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "dotation/core.h"
#include "dotation/i18n.h"

static bool
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

bool
dot_date_parse(const char *s, char iso[11])
{
	char buf[16];
	size_t len;
	int y, m, d;

	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len != 10)
		return false;
	memcpy(buf, s, 10);
	buf[10] = '\0';
	if (buf[2] == '/' && buf[5] == '/') {
		if (!digits(buf, 2, &d) || !digits(buf + 3, 2, &m) ||
		    !digits(buf + 6, 4, &y))
			return false;
	} else if (buf[4] == '-' && buf[7] == '-') {
		if (!digits(buf, 4, &y) || !digits(buf + 5, 2, &m) ||
		    !digits(buf + 8, 2, &d))
			return false;
	} else {
		return false;
	}
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return false;
	if (iso) {
		/* y, m, d are range-checked above: exactly 10 characters. */
		iso[0] = (char)('0' + y / 1000);
		iso[1] = (char)('0' + y / 100 % 10);
		iso[2] = (char)('0' + y / 10 % 10);
		iso[3] = (char)('0' + y % 10);
		iso[4] = '-';
		iso[5] = (char)('0' + m / 10);
		iso[6] = (char)('0' + m % 10);
		iso[7] = '-';
		iso[8] = (char)('0' + d / 10);
		iso[9] = (char)('0' + d % 10);
		iso[10] = '\0';
	}
	return true;
}

void
dot_date_today(char iso[11])
{
	time_t t = time(NULL);
	const char *fixed = getenv("DOTATION_TODAY");
	struct tm tm;

	/*
	 * DOTATION_TODAY=YYYY-MM-DD pins "today": end-to-end tests need
	 * handovers on chosen days (attestation periods), and a demo or a
	 * training session may replay a distribution day.
	 */
	if (fixed && dot_date_parse(fixed, iso))
		return;
	localtime_r(&t, &tm);
	strftime(iso, 11, "%Y-%m-%d", &tm);
}

void
dot_time_now_iso(char out[32])
{
	struct timeval tv;
	struct tm tm;
	char b[24];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03dZ", b, (int)(tv.tv_usec / 1000) % 1000);
}

int
dot_date_period(const char *from, const char *to, char from_iso[11],
		char to_iso[11], char **cause)
{
	from_iso[0] = to_iso[0] = '\0';
	if (from && *from && !dot_date_parse(from, from_iso))
		return dot_fail(cause, DOT_EUSAGE,
				_("invalid date '%s': write YYYY-MM-DD or "
				  "DD/MM/YYYY"),
				from);
	if (to && *to && !dot_date_parse(to, to_iso))
		return dot_fail(cause, DOT_EUSAGE,
				_("invalid date '%s': write YYYY-MM-DD or "
				  "DD/MM/YYYY"),
				to);
	if (from_iso[0] && to_iso[0] && strcmp(from_iso, to_iso) > 0)
		return dot_fail(cause, DOT_EUSAGE,
				_("the period ends (%s) before it starts "
				  "(%s): swap --from and --to"),
				to_iso, from_iso);
	return 0;
}
