/*
 * status: counts, pending journal entries, last sync.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* Print a label padded to a fixed width in characters, not bytes. */
static void
label(const char *l)
{
	const unsigned char *p;
	int cols = 0;

	for (p = (const unsigned char *)l; *p; p++)
		if ((*p & 0xc0) != 0x80)
			cols++;
	printf("%s%*s", l, cols < 34 ? 34 - cols : 1, "");
}

int
cmd_status(struct dot_cli *cli, int argc, char **argv)
{
	const char *format = "table";
	const struct cli_option opts[] = {
		CLI_CHOICE("format", &format, "table|json",
			   N_("output format (default: table)")),
		CLI_END,
	};
	struct dot_status s;
	struct dot_app *app;
	char *cause = NULL, *uai, *name, *err, *err_at;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app_mode(cli, DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	rc = dot_app_status(app, &s, &cause);
	if (rc) {
		dot_app_free(app);
		return cli_finish(rc, cause);
	}
	uai = name = err = err_at = NULL;
	{
		struct dot_store *st = dot_app_store(app);

		/* an unreadable setting is not "not set": say so, exit 1 */
		rc = dot_store_setting_get(st, DOT_SETTING_UAI, &uai, &cause);
		if (!rc)
			rc = dot_store_setting_get(st, DOT_SETTING_NAME, &name,
						   &cause);
		if (!rc)
			rc = dot_store_setting_get(st,
						   DOT_SETTING_SYNC_LAST_ERROR,
						   &err, &cause);
		if (!rc)
			rc = dot_store_setting_get(
				st, DOT_SETTING_SYNC_LAST_ERROR_AT, &err_at,
				&cause);
	}
	if (rc) {
		free(uai);
		free(name);
		free(err);
		dot_app_free(app);
		return cli_finish(rc, cause);
	}
	if (strcmp(format, "json") == 0) {
		char *qu = dot_json_quote(uai), *qn = dot_json_quote(name);
		char *ql = dot_json_quote(s.last_sync[0] ? s.last_sync : NULL);
		char *qe = dot_json_quote(err), *qa = dot_json_quote(err_at);

		printf("{\"uai\":%s,\"name\":%s,\"people\":%lld,"
		       "\"students\":%lld,\"staff\":%lld,\"charters\":%lld,"
		       "\"handed_over\":%lld,\"cessions\":%lld,\"loans\":%lld,"
		       "\"to_equip\":%lld,\"absent_today\":%lld,"
		       "\"devices_in_stock\":%lld,"
		       "\"journal_entries\":%lld,\"pending\":%lld,"
		       "\"conflicts\":%lld,\"to_correct\":%lld,"
		       "\"last_sync\":%s,"
		       "\"last_sync_error\":%s,\"last_sync_error_at\":%s}\n",
		       qu, qn, (long long)s.people, (long long)s.students,
		       (long long)s.staff, (long long)s.charters,
		       (long long)s.handed_over, (long long)s.cessions,
		       (long long)s.loans, (long long)s.to_equip,
		       (long long)s.absent_today, (long long)s.devices_stock,
		       (long long)s.journal_entries, (long long)s.pending,
		       (long long)s.conflicts, (long long)s.to_correct, ql, qe,
		       qa);
		free(qe);
		free(qa);
		free(qu);
		free(qn);
		free(ql);
	} else {
		label(_("establishment:"));
		printf("%s %s\n",
		       name ? name : _("(not set: run 'dotation init')"),
		       uai ? uai : "");
		label(_("people:"));
		printf("%lld (%lld %s, %lld %s)\n", (long long)s.people,
		       (long long)s.students, _("students"), (long long)s.staff,
		       _("staff"));
		label(_("charters recorded:"));
		printf("%lld\n", (long long)s.charters);
		label(_("devices handed over:"));
		printf("%lld (%lld %s, %lld %s)\n", (long long)s.handed_over,
		       (long long)s.cessions, _("cessions"), (long long)s.loans,
		       _("loans"));
		label(_("still to equip:"));
		printf("%lld\n", (long long)s.to_equip);
		label(_("absent today:"));
		printf("%lld\n", (long long)s.absent_today);
		label(_("journal entries:"));
		printf("%lld\n", (long long)s.journal_entries);
		label(_("waiting for sync:"));
		printf("%lld\n", (long long)s.pending);
		label(_("last sync:"));
		printf("%s\n", s.last_sync[0] ? s.last_sync : _("never"));
		if (s.conflicts) {
			label(_("sync conflicts:"));
			printf("%lld\n", (long long)s.conflicts);
		}
		if (s.to_correct) {
			/* held elsewhere upstream: the station shows each row */
			label(_("handovers to correct:"));
			printf("%lld\n", (long long)s.to_correct);
		}
		if (err) {
			label(_("last sync error:"));
			printf("%s (%s)\n", err, err_at ? err_at : "?");
		}
	}
	free(err);
	free(err_at);
	free(uai);
	free(name);
	dot_app_free(app);
	return DOT_EXIT_OK;
}
