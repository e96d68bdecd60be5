/*
 * scanners: the diagnostics an operator runs when the station sees no
 * scanner. Every input device with its name, USB id and path, whether it
 * looks like a scanner, whether it can be opened, and when it cannot,
 * why and what to do. With --listen it reads the scanners the station
 * would read (grabbed, hot-plug followed) and prints each scan as
 * scan-decode does: "scan something to test the scanner".
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/scan.h"

struct listen {
	int scans;
	int rejected;
	struct dot_scan_set *set; /* NULL while the set starts */
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	stop = 1;
}

static void
on_scan(const struct dot_scan_result *res, void *data)
{
	struct listen *l = data;
	const char *s;

	l->scans++;
	if (res->reason == DOT_SERIAL_OK) {
		printf("ok\t%s\n", res->serial);
	} else {
		l->rejected++;
		printf("rejected\t%s\t", dot_serial_reason_key(res->reason));
		for (s = res->raw; *s; s++)
			putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
		putchar('\n');
	}
	fflush(stdout);
}

static void
say_device(struct dot_scan_set *set, const char *path)
{
	size_t i;

	for (i = 0; i < dot_scan_set_count(set); i++) {
		if (strcmp(dot_scan_set_path(set, i), path) != 0)
			continue;
		fprintf(stderr,
			dot_scan_set_grabbed(set, i)
				? _("scanner '%s' (%s) ready, grabbed")
				: _("scanner '%s' (%s) ready"),
			dot_scan_set_name(set, i), path);
		fputc('\n', stderr);
	}
}

static void
on_device(const char *path, const char *name, bool present, void *data)
{
	struct listen *l = data;

	if (!present) {
		fprintf(stderr, _("scanner '%s' (%s) gone"), name, path);
		fputc('\n', stderr);
	} else if (l->set) {
		say_device(l->set, path);
	}
}

/*
 * Read scanners until count scans (0: no limit), seconds elapsed (0: no
 * limit) or a signal. Returns the exit code.
 */
static int
listen_scanners(const char *dir, const char *device, const char *layout,
		int count, int seconds)
{
	struct dot_scan_set_opts o = {
		.input_dir = dir,
		.device = device,
		.scan = {.layout = layout},
		.cb = on_scan,
		.on_device = on_device,
	};
	struct listen l = {0, 0, NULL};
	size_t i;
	struct dot_scan_set *set;
	struct timespec start, now;
	char *cause = NULL;

	o.data = &l;
	set = dot_scan_set_new(&o, &cause);
	if (!set)
		return cli_finish(DOT_ERUNTIME, cause);
	l.set = set;
	for (i = 0; i < dot_scan_set_count(set); i++)
		say_device(set, dot_scan_set_path(set, i));
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (dot_scan_set_count(set) == 0)
		fprintf(stderr, "%s\n",
			_("no scanner yet: plug one in, or "
			  "run 'dotation scanners' to see why "
			  "none can be used"));
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop && (count == 0 || l.scans < count)) {
		struct pollfd fds[32];
		int timeout = dot_scan_set_next_timeout_ms(set);
		size_t n = dot_scan_set_pollfds(set, fds, 32);
		long left;

		if (seconds > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = (seconds - (now.tv_sec - start.tv_sec)) * 1000L -
			       (now.tv_nsec - start.tv_nsec) / 1000000L;
			if (left <= 0)
				break;
			if (timeout < 0 || timeout > left)
				timeout = (int)left;
		}
		if (poll(fds, n > 32 ? 32 : n, timeout) < 0 && errno != EINTR)
			break;
		dot_scan_set_dispatch(set);
	}
	dot_scan_set_free(set);
	if (count > 0 && l.scans < count)
		return DOT_EXIT_RUNTIME;
	return l.rejected ? DOT_EXIT_RULE : DOT_EXIT_OK;
}

int
cmd_scanners(struct dot_cli *cli, int argc, char **argv)
{
	const char *dir = getenv("DOTATION_INPUT_DIR");
	const char *device = NULL, *layout = "auto";
	int count = 0, seconds = 0;
	bool listen = false;
	const struct cli_option opts[] = {
		CLI_STRING("input-dir", &dir, N_("DIR"),
			   N_("where the input devices are (default: "
			      "/dev/input)")),
		CLI_BOOL("listen", &listen,
			 N_("print what the scanners read, as scan-decode "
			    "does")),
		CLI_STRING("scanner", &device, "auto|PATH|VVVV:PPPP",
			   N_("with --listen: which scanner to read")),
		CLI_STRING("layout", &layout, N_("L"),
			   N_("with --listen: the scanner's keyboard layout")),
		CLI_INT("count", &count, N_("N"), 0, 1000000, NULL,
			N_("with --listen: stop after N scans")),
		CLI_INT("timeout", &seconds, N_("S"), 0, 86400, NULL,
			N_("with --listen: stop after S seconds")),
		CLI_END,
	};
	struct dot_scan_info *v;
	size_t i, n, usable = 0, scanners = 0;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (listen)
		return listen_scanners(dir && *dir ? dir : NULL, device, layout,
				       count, seconds);
	rc = dot_scan_list(dir && *dir ? dir : NULL, NULL, &v, &n, &cause);
	if (rc != 0)
		return cli_finish(rc, cause);
	for (i = 0; i < n; i++) {
		const char *kind = v[i].scanner ? _("scanner") : _("other");
		const char *state = v[i].busy       ? _("busy")
				    : v[i].can_open ? _("ok")
						    : _("cannot open");

		printf("%s\t%04x:%04x\t%s\t%s\t%s\n", v[i].path, v[i].vendor,
		       v[i].product, kind, state, v[i].name);
		if (v[i].err)
			printf("\t%s\n", dot_scan_open_fix(v[i].err));
		if (v[i].scanner) {
			scanners++;
			if (v[i].can_open && !v[i].busy)
				usable++;
		}
	}
	if (n == 0)
		fprintf(stderr, "%s\n",
			_("no input device: plug the scanner in, then run "
			  "'dotation scanners' again"));
	else if (scanners == 0)
		fprintf(stderr, "%s\n",
			_("no device looks like a scanner: if yours is listed, "
			  "choose it in the station settings (F9) or with "
			  "'dotation station --scanner PATH'"));
	else if (usable == 0)
		fprintf(stderr, "%s\n",
			_("no scanner can be used yet: see the fix under each "
			  "one above"));
	dot_scan_info_free(v, n);
	return DOT_EXIT_OK;
}
