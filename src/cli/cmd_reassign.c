/*
 * reassign: correct a handover, the device SERIAL goes to PERSON instead
 * of the one who holds it (one "reassign" journal entry).
 */
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_reassign(struct dot_cli *cli, int argc, char **argv)
{
	bool with_charter = false;
	const struct cli_option opts[] = {
		CLI_BOOL("with-charter", &with_charter,
			 N_("record PERSON's signed charter with the "
			    "correction (it is in your hand)")),
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
	rc = cli_resolve_person(app, argv[1], &id);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	rc = dot_app_reassign(app, argv[0], id, with_charter, &res, &cause);
	if (rc == 0)
		printf(_("%s now held by %s (journal entry %lld)\n"),
		       res.serial, res.name, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
