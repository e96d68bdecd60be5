/*
 * charter: record (or withdraw with --undo) the signed charter of PERSON.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_charter(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"undo", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("charter");
	struct dot_app *app;
	bool undo = false;
	char *cause = NULL;
	int64_t id, seq = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'u')
			undo = true;
		else if (c == 'h')
			return cli_usage(self, true);
		else
			return cli_usage(self, false);
	}
	if (optind + 1 != argc)
		return cli_usage(self, false);
	app = cli_open_app(cli);
	if (!app)
		return 1;
	if (cli_resolve_person(app, argv[optind], &id) != 0) {
		dot_app_free(app);
		return 3;
	}
	rc = dot_app_charter(app, id, undo, &seq, &cause);
	if (rc == 0)
		printf(undo ? _("charter withdrawn (journal entry %lld)\n")
			    : _("charter recorded (journal entry %lld)\n"),
		       (long long)seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
