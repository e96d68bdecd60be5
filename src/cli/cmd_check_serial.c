/*
 * check-serial: validate serials the way a scan is validated, one line
 * each, in the scan-decode format: "ok<TAB>SERIAL" or
 * "rejected<TAB>REASON<TAB>RAW". Exits 3 when any is rejected.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_check_serial(struct dot_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct dot_cmd *self = cli_find("check-serial");
	int c, i, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_usage(self, true);
		return cli_usage(self, false);
	}
	if (optind >= argc)
		return cli_usage(self, false);
	for (i = optind; i < argc; i++) {
		char out[DOT_SERIAL_BUF];
		enum dot_serial_reason r;

		r = dot_serial_check(argv[i], NULL, out, sizeof(out));
		if (r == DOT_SERIAL_OK) {
			printf("ok\t%s\n", out);
		} else {
			printf("rejected\t%s\t%s\n", dot_serial_reason_key(r),
			       argv[i]);
			fprintf(stderr, "%s: %s\n", argv[i],
				dot_serial_reason_message(r));
			rc = 3;
		}
	}
	return rc;
}
