/*
 * check-serial: validate serials the way a scan is validated, one line
 * each, in the scan-decode format: "ok<TAB>SERIAL" or
 * "rejected<TAB>REASON<TAB>RAW". Exits 3 when any is rejected.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

int
cmd_check_serial(struct dot_cli *cli, int argc, char **argv)
{
	int i, rc;

	rc = cli_parse(cli, NULL, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	rc = DOT_EXIT_OK;
	for (i = 0; i < argc; i++) {
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
			rc = DOT_EXIT_RULE;
		}
	}
	return rc;
}
