/*
 * undo: compensate journal entry SEQ with an undo entry (never a delete).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_undo(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("undo");
	struct dot_app *app;
	char *cause = NULL, *end;
	long long seq;
	int64_t useq = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_usage(self, true);
		return cli_usage(self, false);
	}
	if (optind + 1 != argc)
		return cli_usage(self, false);
	errno = 0;
	seq = strtoll(argv[optind], &end, 10);
	if (errno || *end || seq <= 0) {
		cli_error(_("'%s' is not a journal entry number"),
			  argv[optind]);
		return 2;
	}
	app = cli_open_app(cli);
	if (!app)
		return 1;
	rc = dot_app_undo(app, seq, &useq, &cause);
	if (rc == 0)
		printf(_("entry %lld undone (journal entry %lld)\n"), seq,
		       (long long)useq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
