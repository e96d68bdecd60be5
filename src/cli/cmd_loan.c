/*
 * loan: lend a device to PERSON under the loan agreement, until a date;
 * a loan made on paper may be recorded afterwards with --from.
 */
#include <stdio.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_loan(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_loan_opts lo = {0};
	const struct cli_option opts[] = {
		CLI_STRING("until", &lo.until, N_("D"),
			   N_("the end of the loan (YYYY-MM-DD), required")),
		CLI_STRING("from", &lo.from, N_("D"),
			   N_("its start (default: today)")),
		CLI_STRING("condition", &lo.condition, N_("T"),
			   N_("the device's condition when lent (fiche état "
			      "du matériel)")),
		CLI_BOOL("microsd", &lo.microsd,
			 N_("a microSD card is lent with the device")),
		CLI_BOOL("case", &lo.has_case,
			 N_("a case is lent with the device")),
		CLI_BOOL("with-agreement", &lo.record_agreement,
			 N_("record the signed loan agreement at the same "
			    "time")),
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
	if (!lo.until) {
		cli_error(_("a loan needs its end date: --until YYYY-MM-DD"));
		return cli_usage(cli->cmd, opts, false);
	}
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = cli_resolve_person(app, argv[0], &id);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	rc = dot_app_loan(app, id, argv[1], &lo, &res, &cause);
	if (rc == 0)
		printf(_("%s lent to %s (journal entry %lld)\n"), res.serial,
		       res.name, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
