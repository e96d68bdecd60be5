/*
 * return: take a lent device back into stock. The operator must first
 * reset the device in front of its user (the account lock of a factory
 * reset): the command reminds them and asks; --reset-done confirms it
 * without a question (scripts, CI with no standard input).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* Remind, ask on the terminal; true for a yes. */
static bool
confirm_reset(const struct dot_assign_result *loan)
{
	char line[64];

	fprintf(stderr, "%s (%s): %s\n", loan->serial, loan->name,
		dot_app_return_reminder());
	fprintf(stderr, "%s ",
		_("Was the device reset in front of its user? "
		  "[y/N]"));
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y' || line[0] == 'o' ||
	       line[0] == 'O';
}

int
cmd_return(struct dot_cli *cli, int argc, char **argv)
{
	const char *condition = NULL;
	bool reset_done = false;
	const struct cli_option opts[] = {
		CLI_STRING("condition", &condition, N_("T"),
			   N_("the device's condition on return (fiche état "
			      "du matériel)")),
		CLI_BOOL("reset-done", &reset_done,
			 N_("the device was reset in front of its user: do "
			    "not ask")),
		CLI_END,
	};
	struct dot_assign_result res;
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	/*
	 * The question only makes sense for a device on loan: a wrong
	 * serial is refused before it. Without a terminal (scripts) there
	 * is no question: the refusal says to give --reset-done.
	 */
	if (!reset_done && isatty(STDIN_FILENO)) {
		rc = dot_app_on_loan(app, argv[0], &res, &cause);
		if (rc == 0 && !confirm_reset(&res)) {
			cli_error(_("nothing recorded: reset the device in "
				    "front of its user, then return it "
				    "again"));
			dot_app_free(app);
			return DOT_EXIT_RULE;
		}
		if (rc) {
			dot_app_free(app);
			return cli_finish(rc, cause);
		}
		reset_done = true;
	}
	rc = dot_app_return(app, argv[0], condition, reset_done, &res, &cause);
	if (rc == 0)
		printf(_("%s returned by %s, back in stock for loans only "
			 "(journal entry %lld)\n"),
		       res.serial, res.name, (long long)res.seq);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
