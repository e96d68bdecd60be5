/*
 * export: the assignments as CSV, for a spreadsheet or for the Region to
 * check a document's fingerprint. "dotation export csv [--out F] [--excel]".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/report.h"

int
cmd_export(struct dot_cli *cli, int argc, char **argv)
{
	const char *out_path = NULL;
	bool excel = false;
	const struct cli_option opts[] = {
		{.kind = CLI_OPT_STRING,
		 .name = "out",
		 .short_name = 'o',
		 .value = &out_path,
		 .argh = N_("FILE"),
		 .help = N_("write to FILE (mode 0600) instead of the "
			    "standard output; - is the standard output")},
		CLI_BOOL("excel", &excel,
			 N_("add the BOM and CRLF line ends that French "
			    "Excel needs")),
		CLI_END,
	};
	struct dot_outfile of = {.fd = -1};
	struct dot_app *app;
	char *cause = NULL;
	FILE *out = stdout;
	size_t rows = 0;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(argv[0], "csv") != 0)
		return cli_usage(cli->cmd, opts, false);
	if (out_path && dot_outfile_check(out_path, &cause) != 0)
		return cli_finish(DOT_ERULE, cause);
	app = cli_open_app_mode(cli, DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	if (out_path && strcmp(out_path, "-") != 0) {
		int fd;

		rc = dot_outfile_open(&of, out_path, &cause);
		fd = rc == 0 ? dup(of.fd) : -1;
		if (rc == 0 && (fd < 0 || !(out = fdopen(fd, "w")))) {
			if (fd >= 0)
				close(fd);
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot write '%s': %s"), out_path,
				      strerror(errno));
			dot_outfile_abort(&of);
		}
		if (rc)
			goto done;
	}
	rc = dot_report_export_csv(dot_app_store(app), out, excel, &rows,
				   &cause);
	if (out != stdout) {
		/* out writes a duplicate of the temporary file's descriptor */
		if (fclose(out) != 0 && rc == 0)
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot write '%s': %s"), out_path,
				      strerror(errno));
		if (rc == 0)
			rc = dot_outfile_commit(&of, &cause);
		else
			dot_outfile_abort(&of);
		if (rc == 0)
			fprintf(stderr, _("wrote '%s': %zu assignments\n"),
				out_path, rows);
	}
done:
	dot_app_free(app);
	return cli_finish(rc, cause);
}
