/*
 * Establishment (UAI) and student (INE) identifiers. The UAI carries a
 * check letter we verify; the INE has no public check character, so only
 * its shape is checked.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dotation/core.h"

static void
upcopy(const char *s, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (char)toupper((unsigned char)s[i]);
	out[n] = '\0';
}

bool
dot_uai_check(const char *uai, char out[9])
{
	static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
	char u[9];
	long num = 0;
	int i;

	if (!uai || strlen(uai) != 8)
		return false;
	upcopy(uai, u, 8);
	for (i = 0; i < 7; i++) {
		if (!isdigit((unsigned char)u[i]))
			return false;
		num = num * 10 + (u[i] - '0');
	}
	if (u[7] != letters[num % 23])
		return false;
	if (out)
		memcpy(out, u, 9);
	return true;
}

/* Does s match a shape where 'd' is a digit, 'L' a letter, others exact? */
static bool
shape(const char *s, const char *pat)
{
	for (; *pat; s++, pat++) {
		if (*pat == 'd' && !isdigit((unsigned char)*s))
			return false;
		if (*pat == 'L' && !isupper((unsigned char)*s))
			return false;
		if (*pat != 'd' && *pat != 'L' && *s != *pat)
			return false;
	}
	return *s == '\0';
}

bool
dot_ine_check(const char *ine, char out[12])
{
	char u[12];

	if (!ine || strlen(ine) != 11)
		return false;
	upcopy(ine, u, 11);
	if (!shape(u, "ddddddddddL") && !shape(u, "dddddddddLL") &&
	    !shape(u, "ddddAdddddL"))
		return false;
	if (out)
		memcpy(out, u, 12);
	return true;
}

void
dot_person_code_format(int64_t id, char out[DOT_PERSON_CODE_BUF])
{
	snprintf(out, DOT_PERSON_CODE_BUF, "O%07" PRId64, id);
}

enum dot_person_scan
dot_person_code_parse(const char *text, int64_t *id, char *key, size_t keysz)
{
	const char *p;
	size_t n, digits;
	int64_t v = 0;

	*id = 0;
	if (keysz)
		key[0] = '\0';
	while (*text == ' ' || *text == '\t')
		text++;
	n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (n == 0)
		return DOT_PSCAN_NONE;
	if ((text[0] == 'O' || text[0] == 'o') && n >= 2 && n <= 19) {
		for (p = text + 1, digits = 0;
		     digits < n - 1 && isdigit((unsigned char)*p);
		     p++, digits++)
			v = v * 10 + (*p - '0');
		if (digits == n - 1) {
			if (v <= 0)
				return DOT_PSCAN_NONE;
			*id = v;
			return DOT_PSCAN_CODE;
		}
	}
	for (p = text; p < text + n && isdigit((unsigned char)*p); p++)
		;
	if (p == text + n || n >= keysz)
		return DOT_PSCAN_NONE;
	memcpy(key, text, n);
	key[n] = '\0';
	return DOT_PSCAN_KEY;
}
