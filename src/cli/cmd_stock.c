/*
 * stock add: receive a delivery into stock. All or nothing: one invalid,
 * repeated or already known serial and nothing of the delivery is written.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_stock(struct dot_cli *cli, int argc, char **argv)
{
	const struct cli_option opts[] = {CLI_END};
	struct dot_app *app;
	char *cause = NULL;
	int64_t seq = 0;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(argv[0], "add") != 0)
		return cli_usage(cli->cmd, opts, false);
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = dot_app_stock_add(app, (const char *const *)argv + 1,
			       (size_t)argc - 1, &seq, &cause);
	if (rc == 0)
		printf(_("devices received into stock: %d (journal entry "
			 "%lld)\n"),
		       argc - 1, (long long)seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
