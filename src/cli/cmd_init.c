/*
 * init: set the establishment (UAI, name) and this station's name.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_init(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"uai", required_argument, NULL, 'u'},
		{"name", required_argument, NULL, 'n'},
		{"station", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("init");
	const char *uai = NULL, *name = NULL, *station = NULL;
	struct dot_app *app;
	char *cause = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uai = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 's':
			station = optarg;
			break;
		case 'h':
			return cli_usage(self, true);
		default:
			return cli_usage(self, false);
		}
	}
	if (!uai || !name || optind != argc)
		return cli_usage(self, false);
	app = cli_open_app(cli);
	if (!app)
		return 1;
	rc = dot_app_init(app, uai, name, station, &cause);
	if (rc == 0)
		printf(_("establishment %s recorded\n"), name);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
