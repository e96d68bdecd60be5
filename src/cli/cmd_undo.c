/*
 * undo: compensate journal entry SEQ with an undo entry (never a delete).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_undo(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_app *app;
	char *cause = NULL, *end;
	long long seq;
	int64_t useq = 0;
	int rc;

	rc = cli_parse(cli, NULL, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	errno = 0;
	seq = strtoll(argv[0], &end, 10);
	if (errno || *end || seq <= 0) {
		cli_error(_("'%s' is not a journal entry number"), argv[0]);
		return DOT_EXIT_USAGE;
	}
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = dot_app_undo(app, seq, &useq, &cause);
	if (rc == 0)
		printf(_("entry %lld undone (journal entry %lld)\n"), seq,
		       (long long)useq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
