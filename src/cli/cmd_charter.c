/*
 * charter: record (or withdraw with --undo) the signed charter of PERSON,
 * or with --loan the loan agreement ("convention de prêt"), a paper of
 * its own.
 */
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
	bool undo = false, loan = false;
	const struct cli_option opts[] = {
		CLI_BOOL("undo", &undo, N_("withdraw the charter instead")),
		CLI_BOOL("loan", &loan,
			 N_("the loan agreement (convention de prêt), not "
			    "the charter of cession")),
		CLI_END,
	};
	struct dot_app *app;
	char *cause = NULL;
	int64_t id, seq = 0;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = cli_resolve_person(app, argv[0], &id);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	if (loan) {
		rc = dot_app_loan_agreement(app, id, undo, &seq, &cause);
		if (rc == 0)
			printf(undo ? _("loan agreement withdrawn (journal "
					"entry %lld)\n")
				    : _("loan agreement recorded (journal "
					"entry "
					"%lld)\n"),
			       (long long)seq);
	} else {
		rc = dot_app_charter(app, id, undo, &seq, &cause);
		if (rc == 0)
			printf(undo ? _("charter withdrawn (journal entry "
					"%lld)\n")
				    : _("charter recorded (journal entry "
					"%lld)\n"),
			       (long long)seq);
	}
	dot_app_free(app);
	return cli_finish(rc, cause);
}
