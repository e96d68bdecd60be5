/*
 * status: counts, pending journal entries, last sync.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_status(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("status");
	const char *format = "table";
	struct dot_status s;
	struct dot_app *app;
	char *cause = NULL, *uai, *name;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'h')
			return cli_usage(self, true);
		else
			return cli_usage(self, false);
	}
	if (optind != argc ||
	    (strcmp(format, "table") && strcmp(format, "json"))) {
		return cli_usage(self, false);
	}
	app = cli_open_app(cli);
	if (!app)
		return 1;
	rc = dot_store_status(dot_app_store(app), &s, &cause);
	if (rc) {
		dot_app_free(app);
		return cli_finish(rc, cause);
	}
	uai = dot_store_setting_get(dot_app_store(app), "uai");
	name = dot_store_setting_get(dot_app_store(app), "name");
	if (strcmp(format, "json") == 0) {
		char *qu = dot_json_quote(uai), *qn = dot_json_quote(name);
		char *ql = dot_json_quote(s.last_sync[0] ? s.last_sync : NULL);

		printf("{\"uai\":%s,\"name\":%s,\"people\":%lld,"
		       "\"students\":%lld,\"staff\":%lld,\"charters\":%lld,"
		       "\"handed_over\":%lld,\"cessions\":%lld,\"loans\":%lld,"
		       "\"absent_today\":%lld,\"devices_in_stock\":%lld,"
		       "\"journal_entries\":%lld,\"pending\":%lld,"
		       "\"conflicts\":%lld,\"last_sync\":%s}\n",
		       qu, qn, (long long)s.people, (long long)s.students,
		       (long long)s.staff, (long long)s.charters,
		       (long long)s.handed_over, (long long)s.cessions,
		       (long long)s.loans, (long long)s.absent_today,
		       (long long)s.devices_stock,
		       (long long)s.journal_entries, (long long)s.pending,
		       (long long)s.conflicts, ql);
		free(qu);
		free(qn);
		free(ql);
	} else {
		printf("%-28s %s %s\n", _("establishment:"),
		       name ? name : _("(not set: run 'dotation init')"),
		       uai ? uai : "");
		printf("%-28s %lld (%lld %s, %lld %s)\n", _("people:"),
		       (long long)s.people, (long long)s.students,
		       _("students"), (long long)s.staff, _("staff"));
		printf("%-28s %lld\n", _("charters recorded:"),
		       (long long)s.charters);
		printf("%-28s %lld (%lld %s, %lld %s)\n", _("devices handed over:"),
		       (long long)s.handed_over, (long long)s.cessions,
		       _("cessions"), (long long)s.loans, _("loans"));
		printf("%-28s %lld\n", _("absent today:"),
		       (long long)s.absent_today);
		printf("%-28s %lld\n", _("journal entries:"),
		       (long long)s.journal_entries);
		printf("%-28s %lld\n", _("waiting for sync:"),
		       (long long)s.pending);
		printf("%-28s %s\n", _("last sync:"),
		       s.last_sync[0] ? s.last_sync : _("never"));
	}
	free(uai);
	free(name);
	dot_app_free(app);
	return 0;
}
