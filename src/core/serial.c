/*
 * Serial numbers. Device serials are printed as barcodes on the box and
 * never contain the letter O: an O is always a person typing the letter
 * instead of the digit 0, so it gets its own reason and a message that
 * says which key to press.
 */
#include <ctype.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"

const struct dot_serial_rules dot_serial_default_rules = {
	.min_len = DOT_SERIAL_MIN,
	.max_len = DOT_SERIAL_MAX,
};

enum dot_serial_reason
dot_serial_check(const char *raw, const struct dot_serial_rules *rules,
		 char *out, size_t outsz)
{
	const char *b = raw ? raw : "", *e;
	bool has_o = false, bad = false;
	size_t len, i, n = 0;

	if (!rules)
		rules = &dot_serial_default_rules;
	while (*b && isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	len = (size_t)(e - b);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)b[i];
		unsigned char u = (unsigned char)toupper(c);

		if (u == 'O')
			has_o = true;
		else if (!((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z')))
			bad = true;
		if (out && n + 1 < outsz)
			out[n++] = (char)(c < 0x80 ? u : c);
	}
	if (out && outsz)
		out[n] = '\0';

	if (has_o)
		return DOT_SERIAL_LETTER_O;
	if (bad)
		return DOT_SERIAL_BAD_CHAR;
	if ((int)len < rules->min_len)
		return DOT_SERIAL_TOO_SHORT;
	if ((int)len > rules->max_len)
		return DOT_SERIAL_TOO_LONG;
	return DOT_SERIAL_OK;
}

const char *
dot_serial_reason_key(enum dot_serial_reason r)
{
	switch (r) {
	case DOT_SERIAL_OK:
		return "ok";
	case DOT_SERIAL_LETTER_O:
		return "letter-o";
	case DOT_SERIAL_BAD_CHAR:
		return "bad-char";
	case DOT_SERIAL_TOO_SHORT:
		return "too-short";
	case DOT_SERIAL_TOO_LONG:
		return "too-long";
	case DOT_SERIAL_INCOMPLETE:
		return "incomplete";
	}
	return "?";
}

const char *
dot_serial_reason_message(enum dot_serial_reason r)
{
	switch (r) {
	case DOT_SERIAL_OK:
		return _("valid serial");
	case DOT_SERIAL_LETTER_O:
		return _("serial numbers never contain the letter O: type the "
			 "digit 0");
	case DOT_SERIAL_BAD_CHAR:
		return _("a serial number has only digits and capital letters: "
			 "scan the label again");
	case DOT_SERIAL_TOO_SHORT:
		return _("serial number too short: scan the whole label again");
	case DOT_SERIAL_TOO_LONG:
		return _("serial number too long: check that two labels were "
			 "not scanned together");
	case DOT_SERIAL_INCOMPLETE:
		return _("incomplete scan (scanner disconnected or events "
			 "lost): scan the label again");
	}
	return "?";
}
