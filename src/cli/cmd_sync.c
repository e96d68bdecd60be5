/*
 * sync: push the journal upstream and pull the roster and the other
 * stations' assignments (protocol v1, docs/sync-protocol.md).
 *
 * --upstream, --token-file and --cacert are remembered in the database
 * (settings sync.upstream, sync.token_file, sync.cacert) so that later
 * runs and the station's background sync use them without options.
 * With --once: one run, progress on stderr, a summary line on stdout,
 * exit 1 when the upstream cannot be reached. Without: runs in the
 * foreground through the same worker the station uses until interrupted.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/sync.h"

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
progress(const char *msg, void *data)
{
	(void)data;
	fprintf(stderr, "dotation: %s\n", msg);
}

/* Conflicts and rejections need the operator: name the entries. */
static void
show_problems(struct dot_store *st, const struct dot_sync_report *rep)
{
	struct dot_journal_list l;
	size_t i;
	int shown = 0;

	if (rep->conflict > 0 &&
	    dot_store_sync_conflicts(st, 10, &l, NULL) == 0) {
		for (i = 0; i < l.n; i++)
			cli_error(_("conflict on entry %lld (%s %s): %s: undo "
				    "it here and check the device"),
				  (long long)l.v[i].seq,
				  dot_journal_type_name(l.v[i].type),
				  l.v[i].serial ? l.v[i].serial : "",
				  l.v[i].push_detail ? l.v[i].push_detail
						     : "?");
		dot_journal_list_release(&l);
	}
	if (rep->rejected > 0 &&
	    dot_store_sync_pending(st, 0, 500, &l, NULL) == 0) {
		for (i = 0; i < l.n && shown < 10; i++) {
			if (l.v[i].push_state != DOT_PUSH_REJECTED)
				continue;
			cli_error(_("entry %lld (%s) rejected by the upstream: "
				    "%s"),
				  (long long)l.v[i].seq,
				  dot_journal_type_name(l.v[i].type),
				  l.v[i].push_detail ? l.v[i].push_detail
						     : "?");
			shown++;
		}
		dot_journal_list_release(&l);
	}
}

static int
run_once(struct dot_app *app, struct dot_sync_config *cfg)
{
	struct dot_sync_report rep;
	char *cause = NULL;
	int rc;

	rc = dot_sync_run(app, cfg, progress, NULL, &rep, &cause);
	show_problems(dot_app_store(app), &rep);
	/* Nothing was attempted: the error alone says what to fix. */
	if (rep.outcome == DOT_SYNC_CONFIG)
		return cli_finish(rc, cause);
	printf(_("sent %d events (%d accepted, %d duplicate, %d conflict, "
		 "%d rejected); pulled %d roster changes (%d added, %d "
		 "updated), %d assignments elsewhere; %lld pending, %lld "
		 "conflicts"),
	       rep.sent, rep.accepted, rep.duplicate, rep.conflict,
	       rep.rejected, rep.roster_items, rep.roster_added,
	       rep.roster_updated, rep.remote_set, (long long)rep.pending,
	       (long long)rep.conflicts);
	putchar('\n');
	fflush(stdout);
	return cli_finish(rc, cause);
}

static int
run_forever(const char *db_path, struct dot_sync_config *cfg)
{
	struct dot_sync_worker *w = NULL;
	struct sigaction sa;
	struct dot_sync_status prev, s;
	char *cause = NULL;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = dot_sync_worker_start(db_path, cfg, &w, &cause);
	if (rc)
		return cli_finish(rc, cause);
	memset(&prev, 0, sizeof(prev));
	prev.state = (enum dot_sync_state) - 1;
	while (!interrupted) {
		struct pollfd pfd = {.fd = dot_sync_worker_fd(w),
				     .events = POLLIN};

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		dot_sync_worker_status(w, &s);
		if (s.progress[0] && strcmp(s.progress, prev.progress))
			progress(s.progress, NULL);
		if (s.state != prev.state ||
		    strcmp(s.last_error, prev.last_error)) {
			if (s.last_error[0])
				cli_error("%s: %s",
					  dot_sync_state_name(s.state),
					  s.last_error);
			else
				fprintf(stderr, "dotation: %s (%lld %s)\n",
					dot_sync_state_name(s.state),
					(long long)s.pending, _("pending"));
		}
		prev = s;
	}
	dot_sync_worker_stop(w);
	return DOT_EXIT_OK;
}

int
cmd_sync(struct dot_cli *cli, int argc, char **argv)
{
	const char *upstream = NULL, *token_file = NULL, *cacert = NULL;
	bool once = false;
	const struct cli_option opts[] = {
		CLI_BOOL("once", &once,
			 N_("one run, then exit (1 when the upstream cannot "
			    "be reached)")),
		CLI_STRING("upstream", &upstream, N_("URL"),
			   N_("the upstream's https URL (remembered)")),
		CLI_STRING("token-file", &token_file, N_("F"),
			   N_("the file (mode 0600) that holds the bearer "
			      "token (remembered)")),
		CLI_STRING("cacert", &cacert, N_("F"),
			   N_("the CA certificates that the upstream's is "
			      "checked against (remembered)")),
		CLI_END,
	};
	struct dot_sync_config cfg, given;
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	dot_sync_config_init(&cfg);
	memset(&given, 0, sizeof(given));
	given.upstream = upstream ? dot_xstrdup(upstream) : NULL;
	given.token_file = token_file ? dot_xstrdup(token_file) : NULL;
	given.cacert = cacert ? dot_xstrdup(cacert) : NULL;
	app = cli_open_app(cli);
	if (!app) {
		dot_sync_config_release(&given);
		return DOT_EXIT_RUNTIME;
	}
	dot_app_set_operator(app, "sync");
	rc = dot_sync_config_save(dot_app_store(app), &given, &cause);
	cfg.upstream = given.upstream;
	cfg.token_file = given.token_file;
	cfg.cacert = given.cacert;
	if (rc == 0)
		rc = dot_sync_config_load(dot_app_store(app), &cfg, &cause);
	if (rc) {
		dot_app_free(app);
		dot_sync_config_release(&cfg);
		return cli_finish(rc, cause);
	}
	if (once) {
		rc = run_once(app, &cfg);
		dot_app_free(app);
	} else {
		dot_app_free(app);
		rc = run_forever(cli->db_path, &cfg);
	}
	dot_sync_config_release(&cfg);
	return rc;
}
