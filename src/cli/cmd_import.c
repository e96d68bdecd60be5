/*
 * import: load a roster (CSV or SIECLE XML). All-or-nothing unless
 * --skip-invalid: a school must not end up with half a class because of
 * one bad birth date.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/roster.h"

static void
progress(size_t done, size_t total, void *data)
{
	(void)data;
	fprintf(stderr, "\r%s %3d %%", _("reading the roster:"),
		total ? (int)(done * 100 / total) : 100);
	if (done == total)
		fputc('\n', stderr);
}

int
cmd_import(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"skip-invalid", no_argument, NULL, 's'},
		{"full", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("import");
	struct dot_roster_opts ro = {0};
	struct dot_import_opts io = {0};
	struct dot_import_summary sum;
	struct dot_roster *r = NULL;
	struct dot_app *app = NULL;
	bool skip_invalid = false;
	char *cause = NULL;
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			io.dry_run = true;
			break;
		case 's':
			skip_invalid = true;
			break;
		case 'f':
			io.full = true;
			break;
		case 'h':
			return cli_usage(self, true);
		default:
			return cli_usage(self, false);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(self, false);
	if (isatty(STDERR_FILENO))
		ro.progress = progress;
	rc = dot_roster_parse_file(argv[optind], &ro, &r, &cause);
	if (rc)
		return cli_finish(rc, cause);
	for (i = 0; i < r->nerrors; i++) {
		char *t = dot_roster_error_text(&r->errors[i]);

		fprintf(stderr, "%s: %s\n", argv[optind], t);
		free(t);
	}
	if (r->ninvalid && !skip_invalid) {
		cli_error(_("invalid rows: %zu; nothing was imported: correct "
			    "the file, or import the valid rows with "
			    "--skip-invalid"), r->ninvalid);
		dot_roster_free(r);
		return 3;
	}
	if (io.full && r->ninvalid) {
		cli_error(_("--full with invalid rows would deactivate the "
			    "people on those rows: correct the file first"));
		dot_roster_free(r);
		return 3;
	}
	app = cli_open_app(cli);
	if (!app) {
		dot_roster_free(r);
		return 1;
	}
	io.source = argv[optind];
	io.skipped = (int)r->ninvalid;
	rc = dot_app_import(app, r->rows, r->nrows, &io, &sum, &cause);
	if (rc == 0) {
		printf(_("added %d, updated %d, deactivated %d, skipped %d"),
		       sum.added, sum.updated, sum.deactivated, sum.skipped);
		if (io.dry_run)
			printf(" %s", _("(dry run: nothing was written)"));
		putchar('\n');
	}
	dot_roster_free(r);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
