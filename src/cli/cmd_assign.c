/*
 * assign: hand over a device to PERSON as a cession.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_assign(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"microsd", no_argument, NULL, 'm'},
		{"case", no_argument, NULL, 'c'},
		{"with-charter", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("assign");
	struct dot_assign_opts ao = {0};
	struct dot_assign_result res;
	struct dot_app *app;
	char *cause = NULL;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			ao.microsd = true;
			break;
		case 'c':
			ao.has_case = true;
			break;
		case 'w':
			ao.record_charter = true;
			break;
		case 'h':
			return cli_usage(self, true);
		default:
			return cli_usage(self, false);
		}
	}
	if (optind + 2 != argc)
		return cli_usage(self, false);
	app = cli_open_app(cli);
	if (!app)
		return 1;
	if (cli_resolve_person(app, argv[optind], &id) != 0) {
		dot_app_free(app);
		return 3;
	}
	rc = dot_app_assign(app, id, argv[optind + 1], &ao, &res, &cause);
	if (rc == 0)
		printf(_("%s handed over to %s (journal entry %lld)\n"),
		       res.serial, res.name, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
