/*
 * report: the end-of-day documents. "certified" (the certified list of
 * beneficiaries), "attestation" (issue the next attestation of cession for
 * a period, or print an issued one again with --number) and "missing" (who
 * is still to equip), "loans" (the loans to get back: overdue, or
 * the borrower left) and "charters" (the charter cover sheets: a label
 * per person with their person code as a barcode). Each writes a PDF to --out
 * and/or sends it to CUPS with --print [PRINTER].
 */
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

enum report_kind { R_CERTIFIED, R_ATTESTATION, R_MISSING, R_LOANS, R_CHARTERS };

struct report_args {
	enum report_kind kind;
	struct dot_report_opts o;
	const char *out;
	bool print;
	const char *printer;
	const char *profile; /* --profile, or NULL */
	int64_t number;      /* attestation reprint, -1: issue a new one */
	FILE *msg;           /* stdout, or stderr when the PDF goes there */
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
opt_number(const struct cli_option *opt, const char *arg)
{
	struct report_args *a = opt->value;
	char *end;

	a->number = strtoll(arg, &end, 10);
	if (end == arg || *end || a->number < 0) {
		cli_error(_("invalid attestation number '%s': give 1, 2 ... "
			    "or 0 for the latest"),
			  arg);
		return DOT_EXIT_USAGE;
	}
	return 0;
}

static int
opt_print(const struct cli_option *opt, const char *arg)
{
	struct report_args *a = opt->value;

	a->print = true;
	a->printer = arg;
	return 0;
}

static int
parse(struct dot_cli *cli, struct report_args *a, int argc, char **argv)
{
	const struct cli_option opts[] = {
		{.kind = CLI_OPT_STRING,
		 .name = "out",
		 .short_name = 'o',
		 .value = &a->out,
		 .argh = N_("F.pdf"),
		 .help = N_("write the PDF to F.pdf (mode 0600)")},
		{.kind = CLI_OPT_CALLBACK,
		 .name = "print",
		 .value = a,
		 .argh = N_("PRINTER"),
		 .optional_arg = true,
		 .cb = opt_print,
		 .help = N_("send it to PRINTER through CUPS (default: the "
			    "default printer)")},
		CLI_STRING("class", &a->o.class_name, N_("C"),
			   N_("only class C")),
		CLI_CHOICE("profile", &a->profile, "eleve|prof|personnel",
			   N_("certified and missing lists: only one profile "
			      "(eleve, prof or personnel)")),
		CLI_STRING("from", &a->o.from, N_("D"),
			   N_("first day of the period (YYYY-MM-DD)")),
		CLI_STRING("to", &a->o.to, N_("D"),
			   N_("last day of the period (YYYY-MM-DD)")),
		CLI_CALLBACK("number", a, N_("N"), opt_number,
			     N_("attestation: print issued number N again (0: "
				"the latest)")),
		CLI_STRING("place", &a->o.place, N_("P"),
			   N_("the place written above the signature")),
		CLI_STRING("font", &a->o.font_path, N_("F.ttf"),
			   N_("the TrueType font of the document")),
		CLI_BOOL("no-barcodes", &a->o.no_barcodes,
			 N_("no barcodes beside the serials")),
		CLI_END,
	};
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	/* "--print PRINTER": the printer as the one operand left */
	if (argc == 1 && a->print && !a->printer)
		a->printer = argv[0];
	else if (argc != 0)
		return cli_usage(cli->cmd, opts, false);
	if (!a->out && !a->print) {
		cli_error(_("say where the document goes: --out FILE.pdf, "
			    "--print [PRINTER], or both"));
		return DOT_EXIT_USAGE;
	}
	if (a->kind != R_ATTESTATION && a->number >= 0) {
		cli_error(_("--number applies to 'report attestation' only"));
		return DOT_EXIT_USAGE;
	}
	if (a->kind == R_ATTESTATION && a->o.class_name) {
		cli_error(_("an attestation covers every class: drop "
			    "--class"));
		return DOT_EXIT_USAGE;
	}
	if (a->profile && a->kind != R_CERTIFIED && a->kind != R_MISSING) {
		cli_error(_("--profile applies to 'report certified' and "
			    "'report missing' only"));
		return DOT_EXIT_USAGE;
	}
	a->o.profiles = a->profile ? cli_profile_bits(a->profile) : 0;
	if ((a->kind == R_MISSING || a->kind == R_CHARTERS) &&
	    (a->o.from || a->o.to)) {
		cli_error(_("the list of people still to equip is for today: "
			    "drop --from and --to"));
		return DOT_EXIT_USAGE;
	}
	return CLI_GO_ON;
}

static int
build(struct dot_app *app, struct report_args *a, const char *path,
      struct dot_report_info *info, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_attestation att;
	char d1[11], d2[11];
	bool reprint = a->number >= 0;
	int rc;

	switch (a->kind) {
	case R_CERTIFIED:
		return dot_report_certified(st, &a->o, path, info, cause);
	case R_MISSING: {
		struct dot_person_list l;

		rc = dot_app_to_equip(app, a->o.class_name, a->o.profiles, &l,
				      cause);
		if (rc == 0)
			rc = dot_report_missing(st, &l, &a->o, path, info,
						cause);
		dot_person_list_release(&l);
		return rc;
	}
	case R_LOANS:
		return dot_report_loans(st, &a->o, path, info, cause);
	case R_CHARTERS:
		return dot_report_charters(st, &a->o, path, info, cause);
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
	/* dates as the French read them: 03/09/2026 */
	snprintf(d1, sizeof(d1), "%.2s/%.2s/%.4s", att.from_date + 8,
		 att.from_date + 5, att.from_date);
	snprintf(d2, sizeof(d2), "%.2s/%.2s/%.4s", att.to_date + 8,
		 att.to_date + 5, att.to_date);
	fprintf(a->msg,
		dngettext("dotation",
			  "attestation no. %lld recorded: %lld cession from "
			  "%s to %s\n",
			  "attestation no. %lld recorded: %lld cessions from "
			  "%s to %s\n",
			  (unsigned long)att.cessions),
		(long long)att.number, (long long)att.cessions, d1, d2);
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
run(struct dot_cli *cli, enum report_kind kind, int argc, char **argv)
{
	struct report_args a = {.kind = kind, .number = -1};
	struct dot_report_info info;
	struct dot_app *app = NULL;
	char *cause = NULL, *tmp = NULL, *job = NULL, *cls = NULL, sfp[20];
	const char *path;
	FILE *msg;
	int rc;

	rc = parse(cli, &a, argc, argv);
	if (rc != CLI_GO_ON)
		return rc;
	/* before anything is built or an attestation recorded */
	if (a.out && dot_outfile_check(a.out, &cause) != 0)
		return cli_finish(DOT_ERULE, cause);
	/* the PDF goes to the standard output: the messages do not */
	msg = a.out && strcmp(a.out, "-") == 0 ? stderr : stdout;
	a.msg = msg;
	/* only issuing an attestation writes */
	app = cli_open_app_mode(cli, kind == R_ATTESTATION && a.number < 0
					     ? DOT_STORE_WRITE
					     : DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	if (cli_class_name(app, &a.o.class_name, &cls) != DOT_EXIT_OK) {
		dot_app_free(app);
		return DOT_EXIT_RUNTIME;
	}
	/* who prepared it, in the footers */
	a.o.operator_name = dot_app_operator(app);
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
		char pages[48];
		unsigned long n = (unsigned long)info.rows;

		snprintf(pages, sizeof(pages),
			 dngettext("dotation", "%d page", "%d pages",
				   (unsigned long)info.pages),
			 info.pages);
		if (kind == R_MISSING)
			fprintf(msg,
				dngettext("dotation",
					  "wrote '%s': %zu person still to "
					  "equip, %s\n",
					  "wrote '%s': %zu people still to "
					  "equip, %s\n",
					  n),
				a.out, info.rows, pages);
		else if (kind == R_CHARTERS)
			fprintf(msg,
				dngettext("dotation",
					  "wrote '%s': %zu charter cover "
					  "sheet, %s\n",
					  "wrote '%s': %zu charter cover "
					  "sheets, %s\n",
					  n),
				a.out, info.rows, pages);
		else if (kind == R_LOANS)
			fprintf(msg,
				dngettext("dotation",
					  "wrote '%s': %zu loan to get back, "
					  "%s\n",
					  "wrote '%s': %zu loans to get back, "
					  "%s\n",
					  n),
				a.out, info.rows, pages);
		else
			fprintf(msg,
				dngettext("dotation",
					  "wrote '%s': %zu cession, %s, "
					  "fingerprint %s\n",
					  "wrote '%s': %zu cessions, %s, "
					  "fingerprint %s\n",
					  n),
				a.out, info.rows, pages, sfp);
	}
	if (info.fingerprint_changed)
		cli_error(_("warning: the rows of attestation no. %lld no "
			    "longer give the fingerprint recorded when it "
			    "was issued (a name corrected or a cession "
			    "undone since): the duplicate shows today's "
			    "data"),
			  (long long)info.number);
	if (a.print) {
		rc = dot_report_print(path, a.printer, &job, &cause, NULL);
		if (rc && a.out) {
			char *more = dot_xasprintf(
				_("%s (the document is saved in '%s')"), cause,
				a.out);

			free(cause);
			cause = more;
		} else if (rc) {
			char *more = dot_xasprintf(
				_("%s (nothing was kept: give --out FILE.pdf "
				  "to save the document)"),
				cause);

			free(cause);
			cause = more;
		}
		if (rc == 0)
			fprintf(msg, _("sent to %s (print job %s)\n"),
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
	free(cls);
	dot_app_free(app);
	return cli_finish(rc, cause);
}

int
cmd_report(struct dot_cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		enum report_kind kind;
	} kinds[] = {
		{"certified", R_CERTIFIED}, {"attestation", R_ATTESTATION},
		{"missing", R_MISSING},     {"loans", R_LOANS},
		{"charters", R_CHARTERS},
	};
	size_t i;

	if (argc < 2)
		return cli_usage(cli->cmd, NULL, false);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		/* the options are the same for every document */
		struct report_args a = {.kind = R_CERTIFIED, .number = -1};
		char *help[] = {argv[1], argv[1], NULL};

		return parse(cli, &a, 2, help);
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(argv[1], kinds[i].name) == 0)
			return run(cli, kinds[i].kind, argc - 1, argv + 1);
	cli_error(_("unknown document '%s': certified, attestation, missing, "
		    "loans or charters"),
		  argv[1]);
	return DOT_EXIT_USAGE;
}
