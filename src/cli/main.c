/*
 * dotation's entry point: global options (--db, --lang, --help,
 * --version), then the command.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("dotation: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const struct dot_cmd *
cli_find(const char *name)
{
	const struct dot_cmd *c;

	for (c = dot_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

struct dot_app *
cli_open_app(struct dot_cli *cli)
{
	return cli_open_app_mode(cli, DOT_STORE_WRITE);
}

struct dot_app *
cli_open_app_mode(struct dot_cli *cli, enum dot_store_mode mode)
{
	struct dot_app *app = NULL;
	char *cause = NULL;

	if (dot_app_open_mode(cli->db_path, mode, &app, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return NULL;
	}
	return app;
}

int
cli_resolve_person(struct dot_app *app, const char *key, int64_t *id)
{
	char *cause = NULL;
	int rc = dot_store_person_resolve(dot_app_store(app), key, id, &cause);

	if (rc == 0)
		return DOT_EXIT_OK;
	if (rc != DOT_ENOTFOUND) {
		cli_error("%s", cause);
		free(cause);
		return DOT_EXIT_RUNTIME;
	}
	cli_error(_("unknown person '%s': give the number, the INE or the "
		    "identifier shown by 'dotation people --search NAME'"),
		  key);
	return DOT_EXIT_RULE;
}

int
cli_class_name(struct dot_app *app, const char **name, char **owned)
{
	char *cause = NULL;
	int rc;

	*owned = NULL;
	if (!*name)
		return DOT_EXIT_OK;
	rc = dot_store_class_find(dot_app_store(app), *name, owned, &cause);
	if (rc == 0)
		*name = *owned;
	if (rc == 0 || rc == DOT_ENOTFOUND)
		return DOT_EXIT_OK;
	cli_error("%s", cause);
	free(cause);
	return DOT_EXIT_RUNTIME;
}

unsigned
cli_profile_bits(const char *choice)
{
	enum dot_profile pr = DOT_PROFILE_ELEVE;

	if (!choice)
		return 0;
	dot_profile_parse(choice, &pr); /* a choice of the option's table */
	return DOT_PROFILE_BIT(pr);
}

int
cli_finish(int rc, char *cause)
{
	if (rc != 0 && cause)
		cli_error("%s", cause);
	free(cause);
	return dot_rc_exit(rc);
}

static char *
default_db_path(void)
{
	const char *env = getenv("DOTATION_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return dot_xstrdup(env);
	if (xdg && *xdg)
		return dot_xasprintf("%s/dotation/dotation.db", xdg);
	return dot_xasprintf("%s/.local/share/dotation/dotation.db",
			     home && *home ? home : ".");
}

static void
main_usage(FILE *f)
{
	const struct dot_cmd *c;

	fprintf(f, "%s dotation [--db PATH] [--lang fr|en] %s\n\n", _("usage:"),
		_("COMMAND [ARGS]"));
	fprintf(f, "%s\n", _("Commands:"));
	for (c = dot_cmds; c->name; c++)
		fprintf(f, "  %-14s %s\n", c->name, _(c->summary));
	fprintf(f, "\n%s\n",
		_("'dotation COMMAND --help' describes a "
		  "command."));
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"lang", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct dot_cli cli = {.prog = "dotation"};
	const struct dot_cmd *cmd;
	const char *db = NULL;
	int c, rc;

	/* Stop at the first non-option: the command parses its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'l':
			cli.lang = optarg;
			break;
		case 'h':
			dot_i18n_init(cli.lang);
			main_usage(stdout);
			return DOT_EXIT_OK;
		case 'V':
			printf("dotation %s\n", DOT_VERSION);
			return DOT_EXIT_OK;
		default:
			dot_i18n_init(cli.lang);
			main_usage(stderr);
			return DOT_EXIT_USAGE;
		}
	}
	if (dot_i18n_init(cli.lang) != 0) {
		dot_i18n_init("fr");
		cli_error(_("unknown language '%s': use fr or en"), cli.lang);
		return DOT_EXIT_USAGE;
	}
	if (optind >= argc) {
		main_usage(stderr);
		return DOT_EXIT_USAGE;
	}
	cmd = cli_find(argv[optind]);
	if (!cmd) {
		cli_error(_("unknown command '%s': 'dotation --help' lists "
			    "the commands"),
			  argv[optind]);
		return DOT_EXIT_USAGE;
	}
	cli.cmd = cmd;
	cli_term_protect();
	cli.db_path = db ? dot_xstrdup(db) : default_db_path();
	argc -= optind;
	argv += optind;
	rc = cmd->run(&cli, argc, argv);
	/* flush the filtered streams and give back the raw ones */
	cli_term_release();
	free(cli.db_path);
	return rc;
}
