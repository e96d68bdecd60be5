/*
 * Establishment (UAI) and student (INE) identifiers. The UAI carries a
 * check letter we verify; the INE has no public check character, so only
 * its shape is checked.
 */
#include <ctype.h>
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
