/*
 * setting: show the whole year's settings, or change one (checked by the
 * app, recorded in the journal): the establishment's model, the end date
 * of roll-call loans, the replacements allowed per person, whether a lost
 * device needs the police report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

static const char *const keys[] = {
	"handover.model",
	"loan.until",
	"replacements.max",
	"lost.report_required",
};

int
cmd_setting(struct dot_cli *cli, int argc, char **argv)
{
	const struct cli_option opts[] = {CLI_END};
	struct dot_app *app;
	char *cause = NULL, *v;
	int64_t seq = 0;
	size_t i;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	if (argc == 2) {
		rc = dot_app_setting_set(app, argv[0], argv[1], &seq, &cause);
		if (rc == 0)
			printf(_("%s = %s (journal entry %lld)\n"), argv[0],
			       argv[1], (long long)seq);
		dot_app_free(app);
		return cli_finish(rc, cause);
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (argc == 1 && strcmp(argv[0], keys[i]) != 0)
			continue;
		rc = dot_app_setting(app, keys[i], &v, &cause);
		if (rc) {
			dot_app_free(app);
			return cli_finish(rc, cause);
		}
		if (argc == 1)
			printf("%s\n", v ? v : "");
		else
			printf("%s=%s\n", keys[i], v ? v : "");
		free(v);
		if (argc == 1) {
			dot_app_free(app);
			return DOT_EXIT_OK;
		}
	}
	dot_app_free(app);
	if (argc == 1) {
		cli_error(_("unknown setting '%s': handover.model, loan.until, "
			    "replacements.max or lost.report_required"),
			  argv[0]);
		return DOT_EXIT_USAGE;
	}
	return DOT_EXIT_OK;
}
