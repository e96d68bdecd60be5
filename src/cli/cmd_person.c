/*
 * person add: a newcomer typed in by hand, checked as an import row and
 * recorded in one "person-add" journal entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/roster.h"

int
cmd_person(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_roster_person in = {0};
	const struct cli_option opts[] = {
		CLI_STRING("last", &in.last_name, N_("NAME"),
			   N_("the last name (required)")),
		CLI_STRING("first", &in.first_name, N_("NAME"),
			   N_("the first name (required)")),
		CLI_STRING("birth", &in.birth_date, N_("DATE"),
			   N_("the birth date, DD/MM/YYYY or YYYY-MM-DD")),
		CLI_STRING("class", &in.class_name, N_("C"),
			   N_("the class (none for staff)")),
		CLI_CHOICE("profile", &in.profile, "eleve|prof|personnel",
			   N_("eleve (default), prof or personnel")),
		CLI_STRING("ine", &in.ine, N_("INE"),
			   N_("the national student identifier")),
		CLI_END,
	};
	struct dot_roster *r = NULL;
	struct dot_app *app;
	char *cause = NULL, *cls = NULL;
	int64_t id = 0, seq = 0;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(argv[0], "add") != 0 || !in.last_name || !in.first_name)
		return cli_usage(cli->cmd, opts, false);
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	/* the class as the roster spells it, whatever the case typed */
	rc = cli_class_name(app, &in.class_name, &cls);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	rc = dot_roster_person(&in, &r, &cause);
	if (rc == 0)
		rc = dot_app_person_add(app, &r->rows[0], &id, &seq, &cause);
	if (rc == 0)
		printf(_("%s %s added (no. %lld, journal entry %lld)\n"),
		       r->rows[0].last_name, r->rows[0].first_name,
		       (long long)id, (long long)seq);
	dot_roster_free(r);
	free(cls);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
