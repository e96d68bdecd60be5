/*
 * Name folding. Operators type "lefevre" for Lefèvre and "oconnor" for
 * O'Connor; rosters disagree on accents and hyphens between years. Folding
 * maps Latin letters to their ASCII base so that names compare and match
 * the way a person reads them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"

/* U+00C0..U+00FF, '|'-separated so that ligatures can expand. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a",  "a",  "ae", "c", "e", "e", "e",  "e", "i",
	"i", "i", "i", "d", "n",  "o",  "o",  "o", "o", "o", " ",  "o", "u",
	"u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
	"c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o", "o",
	"o", "o", "o", " ", "o",  "u",  "u",  "u", "u", "y", "th", "y",
};

/* U+0100..U+017F by ranges. */
static const struct {
	unsigned lo, hi;
	const char *s;
} latin_ext[] = {
	{0x100, 0x105, "a"}, {0x106, 0x10d, "c"},  {0x10e, 0x111, "d"},
	{0x112, 0x11b, "e"}, {0x11c, 0x123, "g"},  {0x124, 0x127, "h"},
	{0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
	{0x136, 0x138, "k"}, {0x139, 0x142, "l"},  {0x143, 0x14b, "n"},
	{0x14c, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
	{0x15a, 0x161, "s"}, {0x162, 0x167, "t"},  {0x168, 0x173, "u"},
	{0x174, 0x175, "w"}, {0x176, 0x178, "y"},  {0x179, 0x17e, "z"},
	{0x17f, 0x17f, "s"},
};

/* Decode one UTF-8 sequence; returns its length, 0 when invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
dot_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;
	unsigned cp;

	while (i < len) {
		l = utf8_decode(p + i, len - i, &cp);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

static const char *
fold_cp(unsigned cp)
{
	size_t i;

	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	for (i = 0; i < sizeof(latin_ext) / sizeof(latin_ext[0]); i++)
		if (cp >= latin_ext[i].lo && cp <= latin_ext[i].hi)
			return latin_ext[i].s;
	if (cp == 0xa0 || cp == 0x2018 || cp == 0x2019 || cp == 0x2010 ||
	    cp == 0x2011 || cp == 0x2013 || cp == 0x202f)
		return " ";
	return NULL;
}

char *
dot_fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, o = 0, l;
	char *out = dot_xmalloc(n * 2 + 1);
	bool space = true; /* drop leading separators */
	unsigned cp;

	while (i < n) {
		const char *rep;

		l = utf8_decode(p + i, n - i, &cp);
		if (!l) { /* invalid byte: skip it */
			i++;
			continue;
		}
		if (cp < 0x80) {
			if (isspace((int)cp) || cp == '-' || cp == '\'' ||
			    cp == '_') {
				rep = " ";
			} else {
				out[o++] = (char)tolower((int)cp);
				space = false;
				i += l;
				continue;
			}
		} else {
			rep = fold_cp(cp);
		}
		if (rep && rep[0] == ' ') {
			if (!space)
				out[o++] = ' ';
			space = true;
		} else if (rep) {
			size_t rl = strlen(rep);

			memcpy(out + o, rep, rl);
			o += rl;
			space = false;
		} else {
			memcpy(out + o, p + i, l);
			o += l;
			space = false;
		}
		i += l;
	}
	if (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

char *
dot_person_identity_key(const char *last_name, const char *first_name,
			const char *birth_date)
{
	char *l = dot_fold(last_name ? last_name : "");
	char *f = dot_fold(first_name ? first_name : "");
	char *k = dot_person_identity_key_folded(l, f, birth_date);

	free(l);
	free(f);
	return k;
}

char *
dot_person_identity_key_folded(const char *last_folded,
			       const char *first_folded, const char *birth_date)
{
	size_t ll = strlen(last_folded), fl = strlen(first_folded);
	size_t bl = birth_date ? strlen(birth_date) : 0;
	char *k = dot_xmalloc(ll + fl + bl + 3);

	memcpy(k, last_folded, ll);
	k[ll] = '|';
	memcpy(k + ll + 1, first_folded, fl);
	k[ll + 1 + fl] = '|';
	memcpy(k + ll + fl + 2, birth_date ? birth_date : "", bl + 1);
	return k;
}

bool
dot_text_unsafe_cp(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

unsigned
dot_text_unsafe_first(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, l;
	unsigned cp;

	while (i < n) {
		l = utf8_decode(p + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		if (dot_text_unsafe_cp(cp))
			return cp;
		i += l;
	}
	return 0;
}

char *
dot_term_escape(const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, l, o = 0;
	char *out = dot_xmalloc(n * 6 + 1); /* a byte becomes at most \xHH */
	unsigned cp;

	while (i < n) {
		l = utf8_decode(p + i, n - i, &cp);
		if (!l) { /* not UTF-8: show the byte, never send it */
			o += (size_t)sprintf(out + o, "\\x%02x", p[i]);
			i++;
			continue;
		}
		if (dot_text_unsafe_cp(cp) &&
		    !(keep_newlines && (cp == '\n' || cp == '\t')))
			o += (size_t)sprintf(out + o,
					     cp < 0x80 ? "\\x%02x" : "\\u%04x",
					     cp);
		else {
			memcpy(out + o, p + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

char *
dot_person_label(const char *last_name, const char *first_name,
		 const char *class_name)
{
	if (class_name && *class_name)
		return dot_xasprintf("%s %s (%s)", last_name ? last_name : "",
				     first_name ? first_name : "", class_name);
	return dot_xasprintf("%s %s", last_name ? last_name : "",
			     first_name ? first_name : "");
}
