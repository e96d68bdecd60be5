/*
 * scan-decode: replay an evemu-record file through the scanner decoder
 * and print its scans, one line each, in the check-serial format:
 * "ok<TAB>SERIAL" or "rejected<TAB>REASON<TAB>RAW". This is how a user's
 * recording of a misbehaving scanner is examined. Exits 3 when any scan
 * is rejected, 1 when the file cannot be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/scan.h"

struct decode_out {
	int scans;
	int rejected;
};

/* Tabs and newlines in raw text would break the line format. */
static void
print_raw(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void
on_scan(const struct dot_scan_result *res, void *data)
{
	struct decode_out *out = data;

	out->scans++;
	if (res->reason == DOT_SERIAL_OK) {
		printf("ok\t%s\n", res->serial);
		return;
	}
	out->rejected++;
	printf("rejected\t%s\t", dot_serial_reason_key(res->reason));
	print_raw(res->raw);
	putchar('\n');
}

int
cmd_scan_decode(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_scan_opts so = {.layout = "auto"};
	const struct cli_option opts[] = {
		CLI_STRING("layout", &so.layout, "auto|us|fr|be|ch|de...",
			   N_("the keyboard layout the scanner types in "
			      "(default: auto)")),
		CLI_INT("idle-ms", &so.idle_ms, N_("MS"), 1, 60000,
			N_("invalid --idle-ms '%s': give milliseconds, 1 to "
			   "60000"),
			N_("the pause that ends a scan without Enter")),
		CLI_END,
	};
	struct decode_out out = {0, 0};
	struct dot_scan_decoder *d;
	char *cause = NULL;
	const char *path;
	FILE *f;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	path = argv[0];
	d = dot_scan_decoder_new(&so, on_scan, &out, &cause);
	if (!d)
		return cli_finish(DOT_EUSAGE, cause);
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else {
		f = fopen(path, "r");
		if (!f) {
			cli_error(_("cannot open '%s': %s"), path,
				  strerror(errno));
			dot_scan_decoder_free(d);
			return DOT_EXIT_RUNTIME;
		}
	}
	rc = dot_scan_evemu_read(f, path, d, NULL, &cause);
	if (f != stdin)
		fclose(f);
	dot_scan_decoder_free(d);
	fflush(stdout);
	if (rc != 0)
		return cli_finish(rc, cause);
	if (out.scans == 0)
		cli_error(_("no scan in '%s': is it an evemu-record file of "
			    "the scanner?"),
			  path);
	return out.rejected ? DOT_EXIT_RULE : DOT_EXIT_OK;
}
