/*
 * The CSV export: every assignment, ended ones included, one row each, in
 * the order recorded. The first eight columns are exactly the fields of
 * the documents' fingerprint, so that the Region (or anyone) can recompute
 * it from this file with standard tools (docs/documents.md).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

static const char *const header[] = {
	"numero_serie", "nom",         "prenom",      "classe",  "profil",
	"remis_le",     "microsd",     "etui",        "type",    "fin_le",
	"motif_fin",    "echeance",    "attestation", "station", "file",
	"operateur",    "id_personne", "ine",
};

#define NFIELDS (sizeof(header) / sizeof(header[0]))

void
dot_report_csv_cell(FILE *out, const char *s)
{
	/* a spreadsheet would read these as the start of a formula */
	bool formula = s && *s && strchr("=+-@\t\r", *s);
	bool quote = s && strpbrk(s, ";\"\r\n");
	const char *p;

	if (!s)
		return;
	if (quote)
		putc('"', out);
	if (formula)
		putc('\'', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	if (quote)
		putc('"', out);
}

struct export
{
	FILE *out;
	const char *eol;
	size_t n;
};

/* One row of the export, written as it comes from the store. */
static int
export_row(struct dot_assignment_row *r, void *data)
{
	struct export *x = data;
	char att[24] = "", pid[24];
	const char *v[NFIELDS];
	size_t k;

	if (r->attestation_number)
		snprintf(att, sizeof(att), "%lld",
			 (long long)r->attestation_number);
	snprintf(pid, sizeof(pid), "%lld", (long long)r->person_id);
	v[0] = r->serial;
	v[1] = r->last_name;
	v[2] = r->first_name;
	v[3] = r->class_name;
	v[4] = dot_profile_name(r->profile);
	v[5] = r->start_date;
	v[6] = r->microsd ? "1" : "0";
	v[7] = r->has_case ? "1" : "0";
	v[8] = dot_handover_kind_name(r->kind);
	v[9] = r->end_date;
	v[10] = r->end_reason;
	v[11] = r->due_date;
	v[12] = att;
	v[13] = r->station;
	v[14] = r->queue;
	v[15] = r->operator_name;
	v[16] = pid;
	v[17] = r->ine;
	for (k = 0; k < NFIELDS; k++) {
		dot_report_csv_cell(x->out, v[k]);
		fputs(k + 1 < NFIELDS ? ";" : x->eol, x->out);
	}
	x->n++;
	return 0;
}

/*
 * Rows are written as the store reads them (dot_store_assignment_each):
 * memory stays flat in the number of handovers.
 */
int
dot_report_export_csv(struct dot_store *st, FILE *out, bool excel,
		      size_t *count, char **cause)
{
	/* an undone handover never happened: status does not count it */
	struct dot_assignment_filter f = {.order = DOT_ORDER_ID,
					  .without_undone = true};
	struct export x = {out, excel ? "\r\n" : "\n", 0};
	size_t k;
	int rc, e;

	if (count)
		*count = 0;
	/* French Excel reads UTF-8 only when the file starts with a BOM */
	if (excel)
		fputs("\xef\xbb\xbf", out);
	for (k = 0; k < NFIELDS; k++) {
		fputs(header[k], out);
		fputs(k + 1 < NFIELDS ? ";" : x.eol, out);
	}
	rc = dot_store_assignment_each(st, &f, export_row, &x, cause);
	if (rc)
		return rc;
	if (count)
		*count = x.n;
	if (fflush(out) != 0 || ferror(out)) {
		e = errno;
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot write the CSV export: %s"),
				strerror(e));
	}
	return 0;
}
