/*
 * init: set the establishment (UAI, name) and this station's name.
 */
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_init(struct dot_cli *cli, int argc, char **argv)
{
	const char *uai = NULL, *name = NULL, *station = NULL;
	const struct cli_option opts[] = {
		CLI_STRING("uai", &uai, N_("UAI"),
			   N_("the establishment's code: 7 digits and its "
			      "check letter")),
		CLI_STRING("name", &name, N_("NAME"),
			   N_("the establishment's name")),
		CLI_STRING("station", &station, N_("NAME"),
			   N_("this station's name (default: the host "
			      "name)")),
		CLI_END,
	};
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (!uai || !name)
		return cli_usage(cli->cmd, opts, false);
	app = cli_open_app_mode(cli, DOT_STORE_CREATE);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = dot_app_init(app, uai, name, station, &cause);
	if (rc == 0)
		printf(_("establishment %s recorded\n"), name);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
