/*
 * Fuzz target for the identifier rules of core: serial numbers (with
 * bounds from the input), UAI, INE and dates. Besides not crashing, each
 * accepted value must obey its contract and be a fixed point: checking the
 * normalised output again accepts it unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_serial(const char *s, int min, int max)
{
	struct dot_serial_rules rules = {.min_len = min, .max_len = max};
	char out[DOT_SERIAL_BUF], again[DOT_SERIAL_BUF], small[8];
	enum dot_serial_reason r;
	size_t i, n;

	r = dot_serial_check(s, &rules, out, sizeof(out));
	if (strlen(out) >= sizeof(out) || r > DOT_SERIAL_INCOMPLETE)
		abort();
	(void)dot_serial_check(s, &rules, small, sizeof(small));
	if (strlen(small) >= sizeof(small))
		abort();
	if (r != DOT_SERIAL_OK)
		return;
	n = strlen(out);
	if ((int)n < min || (int)n > max)
		abort();
	for (i = 0; i < n; i++)
		if (!((out[i] >= '0' && out[i] <= '9') ||
		      (out[i] >= 'A' && out[i] <= 'Z')) ||
		    out[i] == 'O')
			abort();
	if (dot_serial_check(out, &rules, again, sizeof(again)) !=
		    DOT_SERIAL_OK ||
	    strcmp(out, again) != 0)
		abort();
	(void)dot_serial_reason_key(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, uai[9], again9[9], ine[12], again12[12], iso[11], iso2[11];
	int min, max;

	if (size < 2)
		return 0;
	min = data[0] % 24;
	max = min + data[1] % 24;
	s = malloc(size - 1);
	if (!s)
		return 0;
	memcpy(s, data + 2, size - 2);
	s[size - 2] = '\0';

	check_serial(s, min, max);
	check_serial(s, DOT_SERIAL_MIN, DOT_SERIAL_MAX);

	if (dot_uai_check(s, uai)) {
		if (strlen(uai) != 8 || !dot_uai_check(uai, again9) ||
		    strcmp(uai, again9) != 0)
			abort();
	}
	if (dot_ine_check(s, ine)) {
		if (strlen(ine) != 11 || !dot_ine_check(ine, again12) ||
		    strcmp(ine, again12) != 0)
			abort();
	}
	if (dot_date_parse(s, iso)) {
		if (strlen(iso) != 10 || !dot_date_parse(iso, iso2) ||
		    strcmp(iso, iso2) != 0)
			abort();
	}
	if (dot_utf8_valid(s, strlen(s)))
		free(dot_fold(s));
	free(s);
	return 0;
}
