/*
 * station: the full-screen station of one distribution queue (src/tui).
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/tui.h"

int
cmd_station(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_tui_opts to = {.queue = "1"};
	const struct cli_option opts[] = {
		CLI_STRING("queue", &to.queue, N_("NAME"),
			   N_("this distribution queue's name (default: 1)")),
		CLI_STRING("class", &to.class_name, N_("C"),
			   N_("open the roll call of class C")),
		CLI_STRING("scanner", &to.scanner, "auto|none|PATH",
			   N_("which scanner to read (default: auto)")),
		CLI_STRING("layout", &to.layout, N_("L"),
			   N_("the scanner's keyboard layout: auto, us, "
			      "fr ...")),
		CLI_BOOL("catchup", &to.catchup,
			 N_("catch-up mode for this run: the charter is "
			    "recorded with the scan")),
		CLI_END,
	};
	const char *op = getenv("DOTATION_OPERATOR");
	struct passwd *pw;
	struct dot_app *app;
	char *cause = NULL, *cls = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	/* ncurses draws the terminal and escapes what it shows itself */
	cli_term_release();
	if (!*to.queue)
		return cli_usage(cli->cmd, opts, false);
	if (!op || !*op) {
		pw = getpwuid(getuid());
		op = pw ? pw->pw_name : "";
	}
	to.operator_name = op;
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	dot_app_set_queue(app, to.queue);
	dot_app_set_operator(app, op);
	if (cli_class_name(app, &to.class_name, &cls) != DOT_EXIT_OK) {
		dot_app_free(app);
		return DOT_EXIT_RUNTIME;
	}
	rc = dot_tui_run(app, &to, &cause);
	dot_app_free(app);
	free(cls);
	return cli_finish(rc, cause);
}
