/*
 * Fuzz target for the roster parser: any bytes a school could hand us
 * (CSV in any encoding, SIECLE XML, or garbage) must end in rows and
 * errors or a clean refusal, never a crash, a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dotation/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct dot_roster_opts opts = {.today = "2024-09-02"};
	struct dot_roster *r = NULL;
	char *cause = NULL;
	size_t i;

	if (dot_roster_parse_buffer((const char *)data, size, "fuzz", &opts, &r,
				    &cause) == 0) {
		/* touch every string: they must stay valid until free */
		for (i = 0; i < r->nrows; i++) {
			const struct dot_person_in *p = &r->rows[i];

			if (!p->last_name[0] || !p->first_name[0] ||
			    p->profile >= DOT_PROFILE_N || !p->class_name)
				abort();
		}
		for (i = 0; i < r->nerrors; i++)
			free(dot_roster_error_text(&r->errors[i]));
		for (i = 0; i < r->nwarnings; i++)
			free(dot_roster_error_text(&r->warnings[i]));
	}
	dot_roster_free(r);
	free(cause);
	return 0;
}
