/*
 * report: the end-of-day documents. "certified" (the certified list of
 * beneficiaries), "attestation" (issue the next attestation of cession for
 * a period, or print an issued one again with --number) and "missing" (who
 * is still to equip). Each writes a PDF to --out and/or sends it to CUPS
 * with --print [PRINTER].
 */
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

enum report_kind { R_CERTIFIED, R_ATTESTATION, R_MISSING };

struct report_args {
	enum report_kind kind;
	struct dot_report_opts o;
	const char *out;
	bool print;
	const char *printer;
	int64_t number;   /* attestation reprint, -1: issue a new one */
};

/* A private temporary file for a PDF that is only printed. */
static char *
temp_pdf(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	path = dot_xasprintf("%s/dotation-XXXXXX.pdf",
			     dir && *dir ? dir : "/tmp");
	fd = mkstemps(path, 4);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

static int
parse(struct report_args *a, const struct dot_cmd *self, int argc,
      char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"class", required_argument, NULL, 'c'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"number", required_argument, NULL, 'n'},
		{"place", required_argument, NULL, 'p'},
		{"font", required_argument, NULL, 'F'},
		{"no-barcodes", no_argument, NULL, 'B'},
		{"print", optional_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->out = optarg;
			break;
		case 'c':
			a->o.class_name = optarg;
			break;
		case 'f':
			a->o.from = optarg;
			break;
		case 't':
			a->o.to = optarg;
			break;
		case 'n':
			a->number = strtoll(optarg, &end, 10);
			if (*end || a->number < 0) {
				cli_error(_("invalid attestation number '%s': "
					    "give 1, 2 ... or 0 for the "
					    "latest"), optarg);
				return 2;
			}
			break;
		case 'p':
			a->o.place = optarg;
			break;
		case 'F':
			a->o.font_path = optarg;
			break;
		case 'B':
			a->o.no_barcodes = true;
			break;
		case 'P':
			a->print = true;
			a->printer = optarg;
			break;
		case 'h':
			cli_usage(self, true);
			return -1;
		default:
			return cli_usage(self, false);
		}
	}
	/* "--print PRINTER": the printer as the one operand left */
	if (a->print && !a->printer && optind + 1 == argc)
		a->printer = argv[optind++];
	if (optind != argc)
		return cli_usage(self, false);
	if (!a->out && !a->print) {
		cli_error(_("say where the document goes: --out FILE.pdf, "
			    "--print [PRINTER], or both"));
		return 2;
	}
	if (a->kind != R_ATTESTATION && a->number >= 0) {
		cli_error(_("--number applies to 'report attestation' only"));
		return 2;
	}
	if (a->kind == R_ATTESTATION && a->o.class_name) {
		cli_error(_("an attestation covers every class: drop "
			    "--class"));
		return 2;
	}
	if (a->kind == R_MISSING && (a->o.from || a->o.to)) {
		cli_error(_("the list of people still to equip is for today: "
			    "drop --from and --to"));
		return 2;
	}
	return 0;
}

static int
build(struct dot_app *app, struct report_args *a, const char *path,
      struct dot_report_info *info, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_attestation att;
	bool reprint = a->number >= 0;
	int rc;

	switch (a->kind) {
	case R_CERTIFIED:
		return dot_report_certified(st, &a->o, path, info, cause);
	case R_MISSING:
		return dot_report_missing(st, &a->o, path, info, cause);
	case R_ATTESTATION:
		break;
	}
	if (reprint) {
		if (a->o.from || a->o.to) {
			return dot_fail(cause, DOT_EUSAGE,
					_("--number prints an issued "
					  "attestation again, with its own "
					  "period: drop --from and --to"));
		}
		return dot_report_attestation(st, a->number, true, &a->o, path,
					      info, cause);
	}
	rc = dot_app_attestation_issue(app, a->o.from, a->o.to,
				       dot_report_fingerprint, &att, NULL,
				       cause);
	if (rc)
		return rc;
	a->number = att.number;
	printf(_("attestation no. %lld recorded: %lld cessions from %s to "
		 "%s\n"),
	       (long long)att.number, (long long)att.cessions, att.from_date,
	       att.to_date);
	rc = dot_report_attestation(st, att.number, false, &a->o, path, info,
				    cause);
	if (rc) {
		char *more = dot_xasprintf(
			_("%s (attestation no. %lld is recorded: print it "
			  "with 'dotation report attestation --number %lld "
			  "--out FILE.pdf')"),
			*cause ? *cause : "", (long long)att.number,
			(long long)att.number);

		free(*cause);
		*cause = more;
	}
	return rc;
}

static int
run(struct dot_cli *cli, enum report_kind kind, const struct dot_cmd *self,
    int argc, char **argv)
{
	struct report_args a = {.kind = kind, .number = -1};
	struct dot_report_info info;
	struct dot_app *app = NULL;
	char *cause = NULL, *tmp = NULL, *job = NULL, sfp[20];
	const char *path;
	int rc;

	rc = parse(&a, self, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	app = cli_open_app(cli);
	if (!app)
		return 1;
	path = a.out;
	if (!path) {
		tmp = temp_pdf();
		if (!tmp) {
			rc = dot_fail(&cause, DOT_ERUNTIME,
				      _("cannot create a temporary file to "
					"print: give --out FILE.pdf"));
			goto out;
		}
		path = tmp;
	}
	rc = build(app, &a, path, &info, &cause);
	if (rc)
		goto out;
	snprintf(sfp, sizeof(sfp), "%.16s", info.fingerprint);
	if (a.out) {
		if (kind == R_MISSING)
			printf(_("wrote '%s': %zu people still to equip, %d "
				 "pages\n"), a.out, info.rows, info.pages);
		else
			printf(_("wrote '%s': %zu cessions, %d pages, "
				 "fingerprint %s\n"),
			       a.out, info.rows, info.pages, sfp);
	}
	if (info.fingerprint_changed)
		cli_error(_("warning: the rows of attestation no. %lld no "
			    "longer give the fingerprint recorded when it "
			    "was issued (a name corrected or a cession "
			    "undone since): the duplicate shows today's "
			    "data"), (long long)info.number);
	if (a.print) {
		rc = dot_report_print(path, a.printer, &job, &cause);
		if (rc && a.out) {
			char *more = dot_xasprintf(
				_("%s (the document is saved in '%s')"),
				cause, a.out);

			free(cause);
			cause = more;
		} else if (rc) {
			char *more = dot_xasprintf(
				_("%s (nothing was kept: give --out FILE.pdf "
				  "to save the document)"), cause);

			free(cause);
			cause = more;
		}
		if (rc == 0)
			printf(_("sent to %s (print job %s)\n"),
			       a.printer && *a.printer
				       ? a.printer
				       : _("the default printer"),
			       job && *job ? job : "lp");
	}
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(job);
	dot_app_free(app);
	return cli_finish(rc, cause);
}

int
cmd_report(struct dot_cli *cli, int argc, char **argv)
{
	const struct dot_cmd *self = cli_find("report");

	if (argc < 2)
		return cli_usage(self, false);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_usage(self, true);
	if (strcmp(argv[1], "certified") == 0)
		return run(cli, R_CERTIFIED, self, argc - 1, argv + 1);
	if (strcmp(argv[1], "attestation") == 0)
		return run(cli, R_ATTESTATION, self, argc - 1, argv + 1);
	if (strcmp(argv[1], "missing") == 0)
		return run(cli, R_MISSING, self, argc - 1, argv + 1);
	cli_error(_("unknown document '%s': certified, attestation or "
		    "missing"), argv[1]);
	return 2;
}
