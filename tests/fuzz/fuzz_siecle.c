/*
 * Fuzz target for the SIECLE reader (libxml2's xmlTextReader behind it).
 * Input that does not start with '<' gets a SIECLE prologue, so that the
 * fuzzer goes straight to ELEVE and STRUCTURES_ELEVE elements; the seed
 * corpus holds real-shaped exports and attribute, depth and entity bombs,
 * which must all end quickly in rows or a refusal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/roster.h"

#define PROLOGUE                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<BEE_ELEVES VERSION=\"3.1\"><DONNEES><ELEVES>\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct dot_roster_opts opts = {.today = "2024-09-02"};
	struct dot_roster *r = NULL;
	char *cause = NULL, *buf;
	size_t i, n = 0;

	buf = malloc(sizeof(PROLOGUE) + size);
	if (!buf)
		return 0;
	if (!size || data[0] != '<') {
		memcpy(buf, PROLOGUE, sizeof(PROLOGUE) - 1);
		n = sizeof(PROLOGUE) - 1;
	}
	memcpy(buf + n, data, size);
	n += size;
	if (dot_roster_parse_buffer(buf, n, "fuzz.xml", &opts, &r, &cause) ==
	    0) {
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
	free(buf);
	return 0;
}
