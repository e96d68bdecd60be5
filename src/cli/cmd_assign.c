/*
 * assign: hand over a device to PERSON as a cession.
 */
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_assign(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_assign_opts ao = {0};
	bool none = false;
	const struct cli_option opts[] = {
		CLI_BOOL("microsd", &ao.microsd,
			 N_("a microSD card is handed over with the device")),
		CLI_BOOL("case", &ao.has_case,
			 N_("a case is handed over with the device")),
		CLI_BOOL("no-accessories", &none,
			 N_("neither microSD card nor case (without any "
			    "accessory option: the station's defaults, F9)")),
		CLI_BOOL("with-charter", &ao.record_charter,
			 N_("record the signed charter at the same time "
			    "(catch-up of archived charters)")),
		CLI_END,
	};
	struct dot_assign_result res;
	struct dot_app *app;
	char *cause = NULL;
	int64_t id;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	/* like the station: its default accessories unless told */
	if (!ao.microsd && !ao.has_case && !none &&
	    dot_app_default_accessories(app, &ao.microsd, &ao.has_case,
					&cause) != 0) {
		dot_app_free(app);
		return cli_finish(DOT_ERUNTIME, cause);
	}
	rc = cli_resolve_person(app, argv[0], &id);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	rc = dot_app_assign(app, id, argv[1], &ao, &res, &cause);
	if (rc == 0)
		printf(_("%s handed over to %s (journal entry %lld)\n"),
		       res.serial, res.name, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
