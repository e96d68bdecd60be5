/*
 * cli: the command line. One file per command, one table that lists them
 * (commands.c). Commands parse their own options, call the app module and
 * return an exit code: 0 success, 1 runtime failure, 2 usage, 3 refused
 * by a rule (DESIGN.md).
 */
#ifndef DOTATION_CLI_H
#define DOTATION_CLI_H

#include <stdbool.h>
#include <stdint.h>

struct dot_app;

struct dot_cli {
	const char *prog;     /* "dotation" */
	char *db_path;        /* resolved: --db, $DOTATION_DB, XDG default */
	const char *lang;     /* --lang, or NULL */
};

struct dot_cmd {
	const char *name;
	int (*run)(struct dot_cli *cli, int argc, char **argv);
	const char *usage;    /* N_(): "dotation assign PERSON SERIAL ..." */
	const char *summary;  /* N_(): one line */
};

/* The command table, ended by a zeroed entry. */
extern const struct dot_cmd dot_cmds[];

/* Print "dotation: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the usage of cmd to stderr (or stdout when help); returns 2 (0). */
int cli_usage(const struct dot_cmd *cmd, bool help);

/* Find a command by name, NULL when unknown. */
const struct dot_cmd *cli_find(const char *name);

/*
 * Open the app on cli->db_path; prints the error and returns NULL on
 * failure (the caller exits 1).
 */
struct dot_app *cli_open_app(struct dot_cli *cli);

/*
 * Resolve PERSON (local id, INE or external id) in app; prints the error
 * and returns nonzero when unknown.
 */
int cli_resolve_person(struct dot_app *app, const char *key, int64_t *id);

/*
 * Report rc with cause (if any) on stderr and return the exit code; frees
 * cause.
 */
int cli_finish(int rc, char *cause);

/* Commands. */
int cmd_init(struct dot_cli *cli, int argc, char **argv);
int cmd_import(struct dot_cli *cli, int argc, char **argv);
int cmd_people(struct dot_cli *cli, int argc, char **argv);
int cmd_charter(struct dot_cli *cli, int argc, char **argv);
int cmd_assign(struct dot_cli *cli, int argc, char **argv);
int cmd_undo(struct dot_cli *cli, int argc, char **argv);
int cmd_check_serial(struct dot_cli *cli, int argc, char **argv);
int cmd_status(struct dot_cli *cli, int argc, char **argv);
int cmd_report(struct dot_cli *cli, int argc, char **argv);
int cmd_export(struct dot_cli *cli, int argc, char **argv);
int cmd_sync(struct dot_cli *cli, int argc, char **argv);
int cmd_scan_decode(struct dot_cli *cli, int argc, char **argv);
int cmd_scanners(struct dot_cli *cli, int argc, char **argv);
int cmd_station(struct dot_cli *cli, int argc, char **argv);

#endif
