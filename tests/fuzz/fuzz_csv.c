/*
 * Fuzz target for the CSV reader. Odd first byte: the rest follows a
 * known header line, so the fuzzer spends its time in the row rules
 * (quotes, dates, INE, profiles, duplicates, field bounds); even: the
 * rest is the whole file, so encoding, separator and header detection
 * are exercised too. Input that would be taken for XML is left to
 * fuzz_siecle.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/roster.h"

#define HEADER "Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct dot_roster_opts opts = {.today = "2024-09-02"};
	struct dot_roster *r = NULL;
	char *cause = NULL, *buf;
	size_t i, n = 0;

	if (size < 1)
		return 0;
	buf = malloc(sizeof(HEADER) + size);
	if (!buf)
		return 0;
	if (data[0] & 1) {
		memcpy(buf, HEADER, sizeof(HEADER) - 1);
		n = sizeof(HEADER) - 1;
	}
	memcpy(buf + n, data + 1, size - 1);
	n += size - 1;
	if (dot_roster_parse_buffer(buf, n, "fuzz.csv", &opts, &r, &cause) ==
	    0) {
		for (i = 0; i < r->nrows; i++) {
			const struct dot_person_in *p = &r->rows[i];

			/* the contract: names present, every field bounded */
			if (!p->last_name[0] || !p->first_name[0] ||
			    p->profile >= DOT_PROFILE_N || !p->class_name ||
			    strlen(p->last_name) > 4 * 200 ||
			    strlen(p->first_name) > 4 * 200 ||
			    strlen(p->class_name) > 4 * 200)
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
