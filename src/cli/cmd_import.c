/*
 * import: load a roster (CSV or SIECLE XML), print the parser's per-line
 * errors, and hand the rows to the app, whose policy decides
 * (dot_app_import_check: all-or-nothing unless --skip-invalid).
 */
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
	char line[160];
	int n;

	(void)data;
	/* the carriage return goes to the terminal itself, not through
	 * the filter that shows control characters (cli_term_protect) */
	fflush(stderr);
	n = snprintf(line, sizeof(line), "\r%s %3d %%%s",
		     _("reading the roster:"),
		     total ? (int)(done * 100 / total) : 100,
		     done == total ? "\n" : "");
	if (n > 0 &&
	    write(STDERR_FILENO, line,
		  (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		return;
}

/*
 * A departure with a lent device: the device must come back (a ceded one
 * stays theirs). Say how many are now to return, and where to see them.
 */
static void
say_to_return(struct dot_app *app)
{
	struct dot_loan_filter f = {.to_return_only = true};
	struct dot_loan_list l;

	if (dot_store_loans(dot_app_store(app), &f, &l, NULL) != 0)
		return;
	if (l.n)
		printf(_("lent devices to get back from people who left: %zu "
			 "('dotation loans --to-return' lists them)\n"),
		       l.n);
	dot_loan_list_release(&l);
}

int
cmd_import(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_import_opts io = {0};
	bool skip_invalid = false;
	const struct cli_option opts[] = {
		CLI_BOOL("dry-run", &io.dry_run,
			 N_("say what would change, write nothing")),
		CLI_BOOL("skip-invalid", &skip_invalid,
			 N_("import the valid rows, skip the invalid ones")),
		CLI_BOOL("full", &io.full,
			 N_("the file is the whole roster: people missing "
			    "from it become inactive")),
		CLI_END,
	};
	struct dot_roster_opts ro = {0};
	struct dot_import_summary sum;
	struct dot_roster *r = NULL;
	struct dot_app *app = NULL;
	char *cause = NULL;
	size_t i;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (isatty(STDERR_FILENO))
		ro.progress = progress;
	rc = dot_roster_parse_file(argv[0], &ro, &r, &cause);
	if (rc)
		return cli_finish(rc, cause);
	for (i = 0; i < r->nerrors; i++) {
		char *t = dot_roster_error_text(&r->errors[i]);

		fprintf(stderr, "%s: %s\n", argv[0], t);
		free(t);
	}
	for (i = 0; i < r->nwarnings; i++) {
		char *t = dot_roster_error_text(&r->warnings[i]);

		fprintf(stderr, _("%s: warning: %s\n"), argv[0], t);
		free(t);
	}
	io.source = argv[0];
	io.skipped = (int)r->ninvalid;
	io.skip_invalid = skip_invalid;
	/* Refuse before the database is even opened. */
	rc = dot_app_import_check(&io, &cause);
	if (rc == 0) {
		app = cli_open_app(cli);
		if (!app) {
			dot_roster_free(r);
			return DOT_EXIT_RUNTIME;
		}
		rc = dot_app_import(app, r->rows, r->nrows, &io, &sum, &cause);
	}
	if (rc == 0) {
		printf(_("added %d, updated %d, deactivated %d, skipped %d"),
		       sum.added, sum.updated, sum.deactivated, sum.skipped);
		if (io.dry_run)
			printf(" %s", _("(dry run: nothing was written)"));
		putchar('\n');
	}
	if (rc == 0 && app && sum.deactivated && !io.dry_run)
		say_to_return(app);
	dot_roster_free(r);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
