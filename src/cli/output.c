/*
 * Output helpers shared by the listing commands (people, devices, loans):
 * table cells measured in terminal columns, CSV fields quoted for a
 * spreadsheet (and never read as a formula: dot_report_csv_cell).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dotation/report.h"

void
cli_print_cell(const char *s, int width)
{
	int cols = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *start = p;

	while (*p && cols < width) {
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
		cols++;
	}
	fwrite(start, 1, (size_t)(p - start), stdout);
	printf("%*s", width - cols + 1, "");
}

void
cli_csv_field(const char *s, bool last)
{
	dot_report_csv_cell(stdout, s);
	putchar(last ? '\n' : ';');
}
