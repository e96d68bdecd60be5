/*
 * Allocation and error helpers. Allocation failure is not recoverable in
 * a station that must never lose a scan half-recorded: we restore the
 * terminal through the fatal hook and abort (htop's fail()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "dotation/core.h"

static void (*fatal_hook)(void);

void
dot_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static void
fail_oom(void)
{
	if (fatal_hook)
		fatal_hook();
	fputs("dotation: out of memory\n", stderr);
	abort();
}

int
dot_rc_exit(int rc)
{
	switch (rc >= 0 ? DOT_OK : rc) {
	case DOT_OK:
		return DOT_EXIT_OK;
	case DOT_EUSAGE:
		return DOT_EXIT_USAGE;
	case DOT_ERULE:
	case DOT_ENOTFOUND:
		return DOT_EXIT_RULE;
	default:
		return DOT_EXIT_RUNTIME;
	}
}

void *
dot_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		fail_oom();
	return p;
}

void *
dot_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		fail_oom();
	return p;
}

void *
dot_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fail_oom();
	return p;
}

char *
dot_xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		fail_oom();
	return d;
}

char *
dot_xstrndup(const char *s, size_t n)
{
	char *d = strndup(s ? s : "", n);

	if (!d)
		fail_oom();
	return d;
}

char *
dot_xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		fail_oom();
	return s;
}

char *
dot_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = dot_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int
dot_fail(char **cause, int rc, const char *fmt, ...)
{
	va_list ap;

	if (cause) {
		va_start(ap, fmt);
		free(*cause);
		*cause = dot_xvasprintf(fmt, ap);
		va_end(ap);
	}
	return rc;
}

char *
dot_trim(char *s)
{
	char *b = s, *e;

	while (*b && isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	memmove(s, b, (size_t)(e - b));
	s[e - b] = '\0';
	return s;
}

char *
dot_json_quote(const char *s)
{
	const unsigned char *p;
	size_t n = 3;
	char *out, *o;

	if (!s)
		return dot_xstrdup("null");
	for (p = (const unsigned char *)s; *p; p++)
		n += *p < 0x20 || *p == '"' || *p == '\\' ? 6 : 1;
	out = o = dot_xmalloc(n);
	*o++ = '"';
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			*o++ = '\\';
			*o++ = (char)*p;
		} else if (*p < 0x20) {
			o += sprintf(o, "\\u%04x", *p);
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	*o = '\0';
	return out;
}
