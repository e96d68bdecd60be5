/*
 * hs and lost: declare a device out of service, or stolen or lost, and
 * with --replace hand its holder the replacement in the same entry (same
 * kind, the charter or agreement carried over). One file for both: they
 * are one operation with one difference, the police report.
 */
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

static int
run(struct dot_cli *cli, int argc, char **argv, bool lost)
{
	struct dot_hs_opts o = {.lost = lost};
	const struct cli_option hs_opts[] = {
		CLI_STRING("reason", &o.reason, N_("TEXT"),
			   N_("what happened, required")),
		CLI_STRING("replace", &o.replace, N_("NEW"),
			   N_("give the holder device NEW instead")),
		CLI_BOOL("force", &o.force,
			 N_("a replacement past the establishment's limit")),
		CLI_END,
	};
	const struct cli_option lost_opts[] = {
		CLI_STRING("reason", &o.reason, N_("TEXT"),
			   N_("what happened, required")),
		CLI_STRING("report", &o.report, N_("REF"),
			   N_("the reference of the police report")),
		CLI_STRING("replace", &o.replace, N_("NEW"),
			   N_("give the holder device NEW instead")),
		CLI_BOOL("force", &o.force,
			 N_("a replacement past the establishment's limit")),
		CLI_END,
	};
	const struct cli_option *opts = lost ? lost_opts : hs_opts;
	struct dot_hs_result res;
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (!o.reason) {
		cli_error(_("say why: --reason TEXT"));
		return cli_usage(cli->cmd, opts, false);
	}
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = dot_app_out_of_service(app, argv[0], &o, &res, &cause);
	if (rc == 0 && res.replacement[0])
		printf(lost ? _("%s declared stolen or lost; %s now holds %s "
				"(replacement no. %lld, journal entry %lld)\n")
			    : _("%s declared out of service; %s now holds %s "
				"(replacement no. %lld, journal entry %lld)\n"),
		       res.serial, res.name, res.replacement,
		       (long long)res.replacements, (long long)res.seq);
	else if (rc == 0)
		printf(lost ? _("%s declared stolen or lost (journal entry "
				"%lld)\n")
			    : _("%s declared out of service (journal entry "
				"%lld)\n"),
		       res.serial, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}

int
cmd_hs(struct dot_cli *cli, int argc, char **argv)
{
	return run(cli, argc, argv, false);
}

int
cmd_lost(struct dot_cli *cli, int argc, char **argv)
{
	return run(cli, argc, argv, true);
}
