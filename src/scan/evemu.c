/*
 * evemu recordings: the text format `evemu-record` writes, which users
 * can record on their own machine and send with a support request. Only
 * the device name and the event lines matter here; the capability lines
 * (B:, A:, P:...) describe the device and are skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "dotation/scan.h"

/*
 * "E: SEC.USEC TYPE CODE VALUE [# comment]": SEC and USEC decimal (USEC
 * is a fraction: "1.5" is 1.500000 s), TYPE and CODE hexadecimal, VALUE
 * signed decimal. Returns false when malformed.
 */
static bool
parse_event(const char *s, struct dot_scan_event *ev)
{
	unsigned long long sec = 0, usec = 0;
	unsigned long type, code;
	long value;
	int digits = 0;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (sec > 1000000000ull)
			return false;
		sec = sec * 10 + (unsigned)(*s - '0');
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++) {
			if (digits < 6) {
				usec = usec * 10 + (unsigned)(*s - '0');
				digits++;
			}
		}
	}
	for (; digits < 6; digits++)
		usec *= 10;
	if (*s != ' ' && *s != '\t')
		return false;
	errno = 0;
	type = strtoul(s, &end, 16);
	if (end == s || errno || type > 0xffff)
		return false;
	s = end;
	code = strtoul(s, &end, 16);
	if (end == s || errno || code > 0xffff)
		return false;
	s = end;
	value = strtol(s, &end, 10);
	if (end == s || errno || value > INT32_MAX || value < INT32_MIN)
		return false;
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (*end != '\0' && *end != '#')
		return false;
	ev->time_us = sec * 1000000ull + usec;
	ev->type = (uint16_t)type;
	ev->code = (uint16_t)code;
	ev->value = (int32_t)value;
	return true;
}

int
dot_scan_evemu_read(FILE *f, const char *name, struct dot_scan_decoder *d,
		    char **devname, char **cause)
{
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	ssize_t n;
	int rc = 0;

	if (devname)
		*devname = NULL;
	while ((n = getline(&line, &cap, f)) != -1) {
		struct dot_scan_event ev;

		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strncmp(line, "N:", 2) == 0 && devname && !*devname) {
			*devname = dot_xstrdup(line + 2);
			dot_trim(*devname);
			continue;
		}
		/*
		 * evemu-record writes comments ("# EVEMU 1.3"), header
		 * lines "X: ..." and events "E: ...". Anything else is not a
		 * recording (random bytes, a text file): refused, never read
		 * as "no scan in it".
		 */
		if (n == 0 || line[0] == '#')
			continue;
		if (!(line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':') ||
		    strlen(line) != (size_t)n) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' line %ld: not an evemu-record "
					"file: record the scanner with "
					"'evemu-record /dev/input/eventN > "
					"FILE' and give FILE"),
				      name, lineno);
			goto out;
		}
		if (strncmp(line, "E:", 2) != 0)
			continue;
		if (!parse_event(line + 2, &ev)) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' line %ld: not an evemu event "
					"line (E: SEC.USEC TYPE CODE VALUE)"),
				      name, lineno);
			goto out;
		}
		dot_scan_decoder_feed(d, &ev);
	}
	if (ferror(f)) {
		rc = dot_fail(cause, DOT_ERUNTIME, _("cannot read '%s': %s"),
			      name, strerror(errno));
		goto out;
	}
	dot_scan_decoder_flush(d);
out:
	free(line);
	return rc;
}
