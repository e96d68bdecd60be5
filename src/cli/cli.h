/*
 * cli: the command line. One file per command, one table that lists them
 * (commands.c). Each command declares its options in one table of struct
 * cli_option (git's parse-options): cli_parse() reads them, checks the
 * operand count of the command table and generates --help. Commands then
 * call the app module and return an exit code of enum dot_exit: 0 success,
 * 1 runtime failure, 2 usage, 3 refused by a rule (DESIGN.md).
 */
#ifndef DOTATION_CLI_H
#define DOTATION_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "dotation/core.h"
#include "dotation/store.h"

struct dot_app;
struct dot_cmd;

struct dot_cli {
	const char *prog; /* "dotation" */
	char *db_path;    /* resolved: --db, $DOTATION_DB, XDG default */
	const char *lang; /* --lang, or NULL */
	const struct dot_cmd *cmd; /* the command being run */
};

struct dot_cmd {
	const char *name;
	int (*run)(struct dot_cli *cli, int argc, char **argv);
	const char *usage;   /* N_(): "dotation assign PERSON SERIAL ..." */
	const char *summary; /* N_(): one line */
	int min_args;        /* operands after the options ... */
	int max_args;        /* ... CLI_ANY: no upper bound */
};

#define CLI_ANY (-1)

/* The command table, ended by a zeroed entry. */
extern const struct dot_cmd dot_cmds[];

/* ---- options (src/cli/parse.c) ------------------------------------------ */

enum cli_opt_kind {
	CLI_OPT_END = 0,
	CLI_OPT_BOOL,     /* bool *value = true */
	CLI_OPT_STRING,   /* const char **value = the argument (borrowed) */
	CLI_OPT_INT,      /* int *value, a decimal within [min, max] */
	CLI_OPT_CHOICE,   /* const char **value, one of argh's "a|b|c" */
	CLI_OPT_CALLBACK, /* cb(opt, argument or NULL) */
};

struct cli_option {
	enum cli_opt_kind kind;
	const char *name;  /* long name without "--" */
	char short_name;   /* 0: none */
	void *value;       /* where the result goes, per kind */
	const char *argh;  /* N_(): the argument's name in --help, NULL: none */
	const char *help;  /* N_(): one line for --help */
	bool optional_arg; /* the argument may be left out (--print) */
	int min, max;      /* CLI_OPT_INT bounds */
	/* CLI_OPT_INT: N_() message for a bad value, one %s (the value);
	 * NULL prints the usage. Either way the exit code is 2. */
	const char *bad;
	/* CLI_OPT_CALLBACK: 0 to go on, or an exit code to stop with. */
	int (*cb)(const struct cli_option *opt, const char *arg);
};

#define CLI_BOOL(l, v, h)                                                      \
	{                                                                      \
		.kind = CLI_OPT_BOOL, .name = (l), .value = (v), .help = (h)   \
	}
#define CLI_STRING(l, v, a, h)                                                 \
	{                                                                      \
		.kind = CLI_OPT_STRING, .name = (l), .value = (v),             \
		.argh = (a), .help = (h)                                       \
	}
#define CLI_CHOICE(l, v, choices, h)                                           \
	{                                                                      \
		.kind = CLI_OPT_CHOICE, .name = (l), .value = (v),             \
		.argh = (choices), .help = (h)                                 \
	}
#define CLI_INT(l, v, a, lo, hi, badmsg, h)                                    \
	{                                                                      \
		.kind = CLI_OPT_INT, .name = (l), .value = (v), .argh = (a),   \
		.min = (lo), .max = (hi), .bad = (badmsg), .help = (h)         \
	}
#define CLI_CALLBACK(l, v, a, fn, h)                                           \
	{                                                                      \
		.kind = CLI_OPT_CALLBACK, .name = (l), .value = (v),           \
		.argh = (a), .cb = (fn), .help = (h)                           \
	}
#define CLI_END                                                                \
	{                                                                      \
		.kind = CLI_OPT_END                                            \
	}

/* What cli_parse() returns when the command goes on. */
#define CLI_GO_ON (-1)

/*
 * Parse the options of cli->cmd from argc and argv (argv[0] is the command
 * or subcommand name, then options and operands in any order, "--" ends
 * the options). --help/-h is always there. On success argc and argv hold
 * only the operands and CLI_GO_ON is returned; otherwise the exit code the
 * command must return: DOT_EXIT_OK after --help (printed on stdout),
 * DOT_EXIT_USAGE after an unknown option, a bad value or a wrong operand
 * count (the usage printed on stderr), or a callback's code.
 */
int cli_parse(struct dot_cli *cli, const struct cli_option *opts, int *argc,
	      char ***argv);

/*
 * Print the usage of cmd: with help, on stdout, the summary and the
 * options of opts (may be NULL) and return DOT_EXIT_OK; otherwise the
 * usage line on stderr and return DOT_EXIT_USAGE.
 */
int cli_usage(const struct dot_cmd *cmd, const struct cli_option *opts,
	      bool help);

/* ---- helpers (src/cli/main.c) ------------------------------------------- */

/*
 * When stdout or stderr is a terminal, filter it so that control, C1 and
 * bidi-override characters are shown escaped (dot_term_escape) instead of
 * acting on the terminal (src/cli/term.c). main() calls it before every
 * command; a command that draws the terminal itself (the station) calls
 * cli_term_release() first to get the raw streams back.
 */
void cli_term_protect(void);
void cli_term_release(void);

/* Print "dotation: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Find a command by name, NULL when unknown. */
const struct dot_cmd *cli_find(const char *name);

/*
 * Open the app on cli->db_path for a command that writes: the database
 * must exist (only init creates one: cli_open_app_mode). Prints the error
 * and returns NULL on failure (the caller exits DOT_EXIT_RUNTIME).
 */
struct dot_app *cli_open_app(struct dot_cli *cli);

/*
 * The same in a store mode: DOT_STORE_READ for a command that only reads
 * (no write transaction, no migration: works on a read-only file system
 * and while another process writes), DOT_STORE_CREATE for init.
 */
struct dot_app *cli_open_app_mode(struct dot_cli *cli,
				  enum dot_store_mode mode);

/*
 * Resolve PERSON (local id, INE or external id) in app; prints the error
 * and returns DOT_EXIT_RULE when unknown, 0 when found.
 */
int cli_resolve_person(struct dot_app *app, const char *key, int64_t *id);

/*
 * Class names are typed without regard to case, as in the station: when
 * *name (may be NULL) designates a recorded class, point it at that
 * spelling, kept in *owned (caller frees). Returns DOT_EXIT_OK, or
 * DOT_EXIT_RUNTIME after saying why.
 */
int cli_class_name(struct dot_app *app, const char **name, char **owned);

/* The --profile choice (eleve|prof|personnel) as DOT_PROFILE_BIT()s, 0
 * for NULL: everybody. */
unsigned cli_profile_bits(const char *choice);

/*
 * Report rc with cause (if any) on stderr and return the exit code; frees
 * cause.
 */
int cli_finish(int rc, char *cause);

/* ---- output (src/cli/output.c) --------------------------------------------- */

/* Print s (NULL: "") padded to width terminal columns, cut if longer. */
void cli_print_cell(const char *s, int width);

/* Print s as one ';'-separated CSV field, then ';' or (last) a newline. */
void cli_csv_field(const char *s, bool last);

/* Commands. */
int cmd_init(struct dot_cli *cli, int argc, char **argv);
int cmd_import(struct dot_cli *cli, int argc, char **argv);
int cmd_people(struct dot_cli *cli, int argc, char **argv);
int cmd_charter(struct dot_cli *cli, int argc, char **argv);
int cmd_assign(struct dot_cli *cli, int argc, char **argv);
int cmd_undo(struct dot_cli *cli, int argc, char **argv);
int cmd_reassign(struct dot_cli *cli, int argc, char **argv);
int cmd_person(struct dot_cli *cli, int argc, char **argv);
int cmd_check_serial(struct dot_cli *cli, int argc, char **argv);
int cmd_status(struct dot_cli *cli, int argc, char **argv);
int cmd_report(struct dot_cli *cli, int argc, char **argv);
int cmd_export(struct dot_cli *cli, int argc, char **argv);
int cmd_sync(struct dot_cli *cli, int argc, char **argv);
int cmd_scan_decode(struct dot_cli *cli, int argc, char **argv);
int cmd_scanners(struct dot_cli *cli, int argc, char **argv);
int cmd_station(struct dot_cli *cli, int argc, char **argv);
int cmd_stock(struct dot_cli *cli, int argc, char **argv);
int cmd_devices(struct dot_cli *cli, int argc, char **argv);
int cmd_loan(struct dot_cli *cli, int argc, char **argv);
int cmd_return(struct dot_cli *cli, int argc, char **argv);
int cmd_loans(struct dot_cli *cli, int argc, char **argv);
int cmd_hs(struct dot_cli *cli, int argc, char **argv);
int cmd_lost(struct dot_cli *cli, int argc, char **argv);
int cmd_setting(struct dot_cli *cli, int argc, char **argv);

#endif
