/*
 * dotation-hub's entry point: one table of commands (git's builtin
 * table), one table of options they share, exit codes as the station's
 * (0 ok, 1 runtime, 2 usage, 3 refused by a rule).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/hub.h"
#include "dotation/i18n.h"

struct args {
	const char *pg, *uai, *name, *station, *out, *login, *listen, *cert,
		*key, *file;
	int threads;
	unsigned given; /* bit per option, to refuse those a command ignores */
};

enum {
	O_PG = 1,
	O_UAI = 2,
	O_NAME = 4,
	O_STATION = 8,
	O_OUT = 16,
	O_LOGIN = 32,
	O_LISTEN = 64,
	O_CERT = 128,
	O_KEY = 256,
	O_THREADS = 512
};

struct cmd {
	const char *name;
	int (*fn)(struct args *a, char **msg, char **cause);
	unsigned required, allowed;
	bool file; /* takes one FILE argument */
	const char *usage;
};

static int
cmd_migrate(struct args *a, char **msg, char **cause)
{
	return dot_hub_migrate(a->pg, msg, cause);
}

static int
cmd_school_add(struct args *a, char **msg, char **cause)
{
	int rc = dot_hub_school_add(a->pg, a->uai, a->name, cause);

	if (rc == 0)
		*msg = dot_xasprintf(_("school %s added"), a->uai);
	return rc;
}

static int
cmd_token_add(struct args *a, char **msg, char **cause)
{
	int rc = dot_hub_token_add(a->pg, a->uai, a->station, a->out, cause);

	if (rc == 0)
		*msg = dot_xasprintf(
			_("token for station %s of %s written to '%s'"),
			a->station, a->uai, a->out);
	return rc;
}

static int
cmd_token_revoke(struct args *a, char **msg, char **cause)
{
	long n = 0;
	int rc = dot_hub_token_revoke(a->pg, a->uai, a->station, &n, cause);

	if (rc == 0)
		*msg = dot_xasprintf(_("%ld tokens of station %s revoked"), n,
				     a->station);
	return rc;
}

static int
cmd_user_add(struct args *a, char **msg, char **cause)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "%s", _("password: "));
	n = getline(&line, &cap, stdin);
	if (n <= 0) {
		free(line);
		return dot_fail(cause, DOT_EUSAGE,
				_("no password on standard input"));
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	rc = dot_hub_user_add(a->pg, a->login, a->uai, line, cause);
	explicit_bzero(line, cap);
	free(line);
	if (rc == 0)
		*msg = a->uai ? dot_xasprintf(
					_("account %s added for school %s"),
					a->login, a->uai)
			      : dot_xasprintf(_("Region account %s added"),
					      a->login);
	return rc;
}

static int
cmd_roster_import(struct args *a, char **msg, char **cause)
{
	return dot_hub_roster_import(a->pg, a->uai, a->file, msg, cause);
}

static int
cmd_serve(struct args *a, char **msg, char **cause)
{
	struct dot_hub_serve_opts o = {.conninfo = a->pg,
				       .listen = a->listen,
				       .cert = a->cert,
				       .key = a->key,
				       .threads = a->threads};

	return dot_hub_serve(&o, cause);
}

static const struct cmd cmds[] = {
	{"migrate", cmd_migrate, O_PG, O_PG, false, "migrate --pg CONNINFO"},
	{"school add", cmd_school_add, O_PG | O_UAI | O_NAME,
	 O_PG | O_UAI | O_NAME, false,
	 "school add --pg CONNINFO --uai UAI --name NAME"},
	{"token add", cmd_token_add, O_PG | O_UAI | O_STATION | O_OUT,
	 O_PG | O_UAI | O_STATION | O_OUT, false,
	 "token add --pg CONNINFO --uai UAI --station NAME --out FILE"},
	{"token revoke", cmd_token_revoke, O_PG | O_UAI | O_STATION,
	 O_PG | O_UAI | O_STATION, false,
	 "token revoke --pg CONNINFO --uai UAI --station NAME"},
	{"user add", cmd_user_add, O_PG | O_LOGIN, O_PG | O_LOGIN | O_UAI,
	 false, "user add --pg CONNINFO --login LOGIN [--uai UAI] < PASSWORD"},
	{"roster import", cmd_roster_import, O_PG | O_UAI, O_PG | O_UAI, true,
	 "roster import --pg CONNINFO --uai UAI FILE"},
	{"serve", cmd_serve, O_PG | O_LISTEN | O_CERT | O_KEY,
	 O_PG | O_LISTEN | O_CERT | O_KEY | O_THREADS, false,
	 "serve --pg CONNINFO --listen ADDR:PORT --cert PEM --key PEM "
	 "[--threads N]"},
	{NULL, NULL, 0, 0, false, NULL},
};

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "%s\n", _("usage:"));
	for (c = cmds; c->name; c++)
		fprintf(f, "  dotation-hub %s\n", c->usage);
	fprintf(f, "%s\n", _("CONNINFO may also come from $DOTATION_HUB_PG."));
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"pg", required_argument, NULL, O_PG},
		{"uai", required_argument, NULL, O_UAI},
		{"name", required_argument, NULL, O_NAME},
		{"station", required_argument, NULL, O_STATION},
		{"out", required_argument, NULL, O_OUT},
		{"login", required_argument, NULL, O_LOGIN},
		{"listen", required_argument, NULL, O_LISTEN},
		{"cert", required_argument, NULL, O_CERT},
		{"key", required_argument, NULL, O_KEY},
		{"threads", required_argument, NULL, O_THREADS},
		{"lang", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {.pg = getenv("DOTATION_HUB_PG")};
	const struct cmd *cmd = NULL, *c;
	const char *lang = NULL;
	char *msg = NULL, *cause = NULL, *name;
	int i, o, words = 1, rc;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			lang = argv[i + 1];
	if (dot_i18n_init(lang) != 0) {
		fprintf(stderr, "dotation-hub: --lang expects fr or en\n");
		return 2;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (c = cmds; c->name && !cmd; c++) {
		name = argc > 2 ? dot_xasprintf("%s %s", argv[1], argv[2])
				: dot_xstrdup(argv[1]);
		if (strcmp(c->name, argv[1]) == 0) {
			cmd = c;
			words = 1;
		} else if (strcmp(c->name, name) == 0) {
			cmd = c;
			words = 2;
		}
		free(name);
	}
	if (!cmd) {
		fprintf(stderr, _("dotation-hub: unknown command '%s'\n"),
			argv[1]);
		usage(stderr);
		return 2;
	}
	optind = 1 + words;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case O_PG:
			a.pg = optarg;
			break;
		case O_UAI:
			a.uai = optarg;
			break;
		case O_NAME:
			a.name = optarg;
			break;
		case O_STATION:
			a.station = optarg;
			break;
		case O_OUT:
			a.out = optarg;
			break;
		case O_LOGIN:
			a.login = optarg;
			break;
		case O_LISTEN:
			a.listen = optarg;
			break;
		case O_CERT:
			a.cert = optarg;
			break;
		case O_KEY:
			a.key = optarg;
			break;
		case O_THREADS:
			a.threads = atoi(optarg);
			break;
		case 'l':
			continue;
		case 'h':
			printf("%s dotation-hub %s\n", _("usage:"), cmd->usage);
			return 0;
		default:
			fprintf(stderr, "%s dotation-hub %s\n", _("usage:"),
				cmd->usage);
			return 2;
		}
		if (o != 'l')
			a.given |= (unsigned)o;
	}
	if (a.pg)
		a.given |= O_PG;
	if ((a.given & cmd->required) != cmd->required ||
	    (a.given & ~cmd->allowed) || (cmd->file != (optind + 1 == argc)) ||
	    (!cmd->file && optind != argc)) {
		fprintf(stderr, "%s dotation-hub %s\n", _("usage:"),
			cmd->usage);
		return 2;
	}
	if (cmd->file)
		a.file = argv[optind];
	rc = cmd->fn(&a, &msg, &cause);
	if (rc == 0 && msg)
		printf("%s\n", msg);
	if (rc != 0 && cause)
		fprintf(stderr, "dotation-hub: %s\n", cause);
	free(msg);
	free(cause);
	return dot_rc_exit(rc);
}
