/*
 * Terminal output that cannot be hijacked. A name in a roster, a device
 * name a USB gadget chose, an upstream's error detail: any of them may
 * hold an escape sequence (clear the screen, set the window title, fake a
 * prompt), a C1 control or a right-to-left override that makes a terminal
 * show something else than what was written. When stdout or stderr is a
 * terminal, main() puts this filter in front of it: every command's output
 * goes through dot_term_escape's rule, in one place, so a command added
 * later is covered without thinking about it. Pipes and files get the
 * bytes unchanged (the JSON and CSV contracts), and the station, which
 * draws the terminal itself, is left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dotation/core.h"

struct term_filter {
	int fd;
	char carry[4]; /* the start of a UTF-8 sequence cut by a write */
	size_t ncarry;
};

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* How many bytes a UTF-8 sequence starting with c should have; 1 if none. */
static size_t
seq_len(unsigned char c)
{
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Escape buf[0..n) and write it; a cut sequence at the end is kept. */
static int
filter(struct term_filter *t, const char *buf, size_t n, bool final)
{
	size_t cut = n, want, k;
	char *esc, *in;
	int rc;

	/* Keep back a sequence that the next write completes. */
	for (k = n; k > 0 && k + 4 > n; k--) {
		unsigned char c = (unsigned char)buf[k - 1];

		if ((c & 0xc0) == 0x80)
			continue;
		want = seq_len(c);
		if (want > 1 && n - (k - 1) < want && !final)
			cut = k - 1;
		break;
	}
	in = dot_xstrndup(buf, cut);
	/* a NUL byte would end the string: show it, then go on */
	esc = dot_term_escape(in, true);
	rc = write_all(t->fd, esc, strlen(esc));
	if (rc == 0 && strlen(in) < cut) {
		free(esc);
		free(in);
		if (write_all(t->fd, "\\x00", 4) != 0)
			return -1;
		k = strlen(buf) + 1;
		return filter(t, buf + k, n - k, final);
	}
	free(esc);
	free(in);
	t->ncarry = n - cut;
	memcpy(t->carry, buf + cut, t->ncarry);
	return rc;
}

static ssize_t
term_write(void *cookie, const char *buf, size_t n)
{
	struct term_filter *t = cookie;
	char *all;
	size_t len = t->ncarry + n;
	int rc;

	all = dot_xmalloc(len ? len : 1);
	memcpy(all, t->carry, t->ncarry);
	memcpy(all + t->ncarry, buf, n);
	t->ncarry = 0;
	rc = filter(t, all, len, false);
	free(all);
	return rc == 0 ? (ssize_t)n : -1;
}

static int
term_close(void *cookie)
{
	struct term_filter *t = cookie;
	int rc = 0;

	if (t->ncarry)
		rc = filter(t, t->carry, t->ncarry, true);
	free(t);
	return rc;
}

static FILE *raw_stdout, *raw_stderr;

/* Replace *stream (stdout or stderr, on fd) by its filtered twin. */
static void
wrap(FILE **stream, FILE **raw, int fd, int mode)
{
	static const cookie_io_functions_t io = {
		.write = term_write,
		.close = term_close,
	};
	struct term_filter *t;
	FILE *f;

	if (!isatty(fd))
		return;
	t = dot_xcalloc(1, sizeof(*t));
	t->fd = fd;
	f = fopencookie(t, "w", io);
	if (!f) {
		free(t);
		return;
	}
	fflush(*stream);
	setvbuf(f, NULL, mode, BUFSIZ);
	*raw = *stream;
	*stream = f;
}

static void
unwrap(FILE **stream, FILE **raw)
{
	if (!*raw)
		return;
	fclose(*stream);
	*stream = *raw;
	*raw = NULL;
}

void
cli_term_protect(void)
{
	wrap(&stdout, &raw_stdout, STDOUT_FILENO, _IOLBF);
	wrap(&stderr, &raw_stderr, STDERR_FILENO, _IONBF);
}

void
cli_term_release(void)
{
	unwrap(&stdout, &raw_stdout);
	unwrap(&stderr, &raw_stderr);
}
