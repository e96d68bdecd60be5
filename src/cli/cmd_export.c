/*
 * export: the assignments as CSV, for a spreadsheet or for the Region to
 * check a document's fingerprint. "dotation export csv [--out F] [--excel]".
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"excel", no_argument, NULL, 'x'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("export");
	const char *out_path = NULL;
	struct dot_app *app;
	char *cause = NULL, *tmp = NULL;
	bool excel = false;
	FILE *out = stdout;
	size_t rows = 0;
	int c, rc, fd, e;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out_path = optarg;
			break;
		case 'x':
			excel = true;
			break;
		case 'h':
			return cli_usage(self, true);
		default:
			return cli_usage(self, false);
		}
	}
	if (optind + 1 != argc || strcmp(argv[optind], "csv") != 0)
		return cli_usage(self, false);
	app = cli_open_app(cli);
	if (!app)
		return 1;
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
