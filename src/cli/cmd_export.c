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
		{.kind = CLI_OPT_STRING, .name = "out", .short_name = 'o',
		 .value = &out_path, .argh = N_("FILE"),
		 .help = N_("write to FILE (mode 0600) instead of the "
			    "standard output; - is the standard output")},
		CLI_BOOL("excel", &excel,
			 N_("add the BOM and CRLF line ends that French "
			    "Excel needs")),
		CLI_END,
	};
	struct dot_app *app;
	char *cause = NULL, *tmp = NULL;
	FILE *out = stdout;
	size_t rows = 0;
	int rc, fd, e;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(argv[0], "csv") != 0)
		return cli_usage(cli->cmd, opts, false);
	app = cli_open_app(cli);
	if (!app)
		return DOT_EXIT_RUNTIME;
	if (out_path && strcmp(out_path, "-") != 0) {
		/* personal data of minors: 0600, replaced atomically */
		tmp = dot_xasprintf("%s.XXXXXX", out_path);
		fd = mkstemp(tmp);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			e = errno;
			if (fd >= 0)
				close(fd);
			free(tmp);
			tmp = NULL;
			out = NULL;
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot write '%s': %s"), out_path,
				      strerror(e));
			goto done;
		}
		fchmod(fd, 0600);
	}
	rc = dot_report_export_csv(dot_app_store(app), out, excel, &rows,
				   &cause);
	if (tmp) {
		if (fclose(out) != 0 && rc == 0)
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot write '%s': %s"), out_path,
				      strerror(errno));
		if (rc == 0 && rename(tmp, out_path) != 0)
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot write '%s': %s"), out_path,
				      strerror(errno));
		if (rc)
			unlink(tmp);
		else
			fprintf(stderr, _("wrote '%s': %zu assignments\n"),
				out_path, rows);
	}
done:
	free(tmp);
	dot_app_free(app);
	return cli_finish(rc, cause);
}
