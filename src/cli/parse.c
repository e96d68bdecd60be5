/*
 * Option parsing from one table per command, in the manner of git's
 * parse-options: each option says its name, kind, target and help line,
 * and this file turns the table into getopt_long's arrays, stores the
 * values, checks the operand count that the command table declares and
 * prints --help. A command's prologue is its table and one call.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/i18n.h"

/* More than any command has: a longer table is a programming error. */
#define CLI_MAX_OPTIONS 40

/* The value getopt_long returns for option i of the table. */
#define OPT_VAL(i) (256 + (i))

/* Terminal columns of a UTF-8 string (one per code point). */
static int
columns(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
print_option(FILE *f, const struct cli_option *o)
{
	char left[160];
	int w;

	if (o->short_name)
		w = snprintf(left, sizeof(left), "  -%c, --%s", o->short_name,
			     o->name);
	else
		w = snprintf(left, sizeof(left), "      --%s", o->name);
	if (o->argh && w > 0 && (size_t)w < sizeof(left)) {
		const char *a =
			o->kind == CLI_OPT_CHOICE ? o->argh : _(o->argh);

		snprintf(left + w, sizeof(left) - (size_t)w,
			 o->optional_arg ? "[=%s]" : " %s", a);
	}
	w = columns(left);
	fputs(left, f);
	if (!o->help) {
		fputc('\n', f);
		return;
	}
	if (w >= 28)
		fprintf(f, "\n%28s", "");
	else
		fprintf(f, "%*s", 28 - w, "");
	fprintf(f, "%s\n", _(o->help));
}

int
cli_usage(const struct dot_cmd *cmd, const struct cli_option *opts, bool help)
{
	static const struct cli_option help_opt = {
		.kind = CLI_OPT_BOOL,
		.name = "help",
		.short_name = 'h',
		.help = N_("show this help"),
	};
	const struct cli_option *o;
	FILE *f = help ? stdout : stderr;

	fprintf(f, "%s %s\n", _("usage:"), _(cmd->usage));
	if (!help)
		return DOT_EXIT_USAGE;
	fprintf(f, "\n%s\n\n%s\n", _(cmd->summary), _("options:"));
	for (o = opts; o && o->kind != CLI_OPT_END; o++)
		print_option(f, o);
	print_option(f, &help_opt);
	return DOT_EXIT_OK;
}

static int
bad_value(struct dot_cli *cli, const struct cli_option *opts,
	  const struct cli_option *o, const char *arg)
{
	if (!o->bad)
		return cli_usage(cli->cmd, opts, false);
	cli_error(_(o->bad), arg);
	return DOT_EXIT_USAGE;
}

/* One of "a|b|c". */
static bool
is_choice(const char *choices, const char *arg)
{
	size_t n = strlen(arg);
	const char *p = choices, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if ((bar ? (size_t)(bar - p) : strlen(p)) == n &&
		    strncmp(p, arg, n) == 0 && n > 0)
			return true;
		if (!bar)
			return false;
		p = bar + 1;
	}
}

static int
store_value(struct dot_cli *cli, const struct cli_option *opts,
	    const struct cli_option *o, const char *arg)
{
	long v;
	char *end;

	switch (o->kind) {
	case CLI_OPT_BOOL:
		*(bool *)o->value = true;
		return CLI_GO_ON;
	case CLI_OPT_STRING:
		*(const char **)o->value = arg;
		return CLI_GO_ON;
	case CLI_OPT_CHOICE:
		if (!is_choice(o->argh, arg))
			return bad_value(cli, opts, o, arg);
		*(const char **)o->value = arg;
		return CLI_GO_ON;
	case CLI_OPT_INT:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < o->min || v > o->max)
			return bad_value(cli, opts, o, arg);
		*(int *)o->value = (int)v;
		return CLI_GO_ON;
	case CLI_OPT_CALLBACK: {
		int rc = o->cb(o, arg);

		return rc ? rc : CLI_GO_ON;
	}
	case CLI_OPT_END:
		break;
	}
	abort();
}

int
cli_parse(struct dot_cli *cli, const struct cli_option *opts, int *argc,
	  char ***argv)
{
	struct option lo[CLI_MAX_OPTIONS + 2];
	char shorts[2 * CLI_MAX_OPTIONS + 4] = "h";
	const struct dot_cmd *cmd = cli->cmd;
	size_t ns = 1;
	int i, n, c, rc, operands;

	for (n = 0; opts && opts[n].kind != CLI_OPT_END; n++) {
		const struct cli_option *o = &opts[n];

		if (n == CLI_MAX_OPTIONS)
			abort();
		lo[n].name = o->name;
		lo[n].has_arg = o->kind == CLI_OPT_BOOL ? no_argument
				: o->optional_arg       ? optional_argument
							: required_argument;
		lo[n].flag = NULL;
		lo[n].val = o->short_name ? o->short_name : OPT_VAL(n);
		if (o->short_name) {
			shorts[ns++] = o->short_name;
			if (o->kind != CLI_OPT_BOOL)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	lo[n] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n + 1] = (struct option){NULL, 0, NULL, 0};
	optind = 0; /* a full reset: main's getopt_long ran before */
	while ((c = getopt_long(*argc, *argv, shorts, lo, NULL)) != -1) {
		if (c == 'h')
			return cli_usage(cmd, opts, true);
		for (i = 0; i < n; i++)
			if (lo[i].val == c)
				break;
		if (i == n) /* getopt_long said what was wrong */
			return cli_usage(cmd, opts, false);
		rc = store_value(cli, opts, &opts[i], optarg);
		if (rc != CLI_GO_ON)
			return rc;
	}
	operands = *argc - optind;
	if (operands < cmd->min_args ||
	    (cmd->max_args != CLI_ANY && operands > cmd->max_args))
		return cli_usage(cmd, opts, false);
	*argv += optind;
	*argc = operands;
	return CLI_GO_ON;
}
