/*
 * station: the full-screen station of one distribution queue (src/tui).
 */
#include <getopt.h>
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
	static const struct option opts[] = {
		{"queue", required_argument, NULL, 'q'},
		{"class", required_argument, NULL, 'c'},
		{"scanner", required_argument, NULL, 's'},
		{"layout", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("station");
	struct dot_tui_opts to = {.queue = "1"};
	const char *op = getenv("DOTATION_OPERATOR");
	struct passwd *pw;
	struct dot_app *app;
	char *cause = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			to.queue = optarg;
			break;
		case 'c':
			to.class_name = optarg;
			break;
		case 's':
			to.scanner = optarg;
			break;
		case 'l':
			to.layout = optarg;
			break;
		case 'h':
			return cli_usage(self, true);
		default:
			return cli_usage(self, false);
		}
	}
	if (optind != argc || !*to.queue)
		return cli_usage(self, false);
	if (!op || !*op) {
		pw = getpwuid(getuid());
		op = pw ? pw->pw_name : "";
	}
	to.operator_name = op;
	app = cli_open_app(cli);
	if (!app)
		return 1;
	dot_app_set_queue(app, to.queue);
	dot_app_set_operator(app, op);
	rc = dot_tui_run(app, &to, &cause);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
