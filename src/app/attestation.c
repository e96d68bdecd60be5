/*
 * The attestation of cession is a state change, not only a document: the
 * Region is told "these cessions, in this period", and the next attestation
 * must hold only the cessions that came after. So issuing one numbers it,
 * marks the cessions it covers and journals it, in one transaction; the
 * PDF is then drawn (and may be drawn again) from what was recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* The journal payload: enough for the upstream to know what was attested. */
static char *
attestation_json(const struct dot_attestation *a,
		 const struct dot_assignment_rows *rows)
{
	size_t i, cap = 128 + rows->n * 32, len = 0;
	char *out = dot_xmalloc(cap), *fp;
	int n;

	fp = dot_json_quote(a->fingerprint[0] ? a->fingerprint : NULL);
	n = snprintf(out, cap,
		     "{\"number\":%lld,\"from\":\"%s\",\"to\":\"%s\","
		     "\"cessions\":%lld,\"fingerprint\":%s,\"serials\":[",
		     (long long)a->number, a->from_date, a->to_date,
		     (long long)a->cessions, fp);
	free(fp);
	len = (size_t)n;
	for (i = 0; i < rows->n; i++) {
		char *q = dot_json_quote(rows->v[i].serial);
		size_t ql = strlen(q);

		if (len + ql + 4 > cap) {
			cap = (len + ql + 4) * 2;
			out = dot_xrealloc(out, cap);
		}
		if (i)
			out[len++] = ',';
		memcpy(out + len, q, ql);
		len += ql;
		free(q);
	}
	if (len + 3 > cap)
		out = dot_xrealloc(out, len + 3);
	memcpy(out + len, "]}", 3);
	return out;
}

int
dot_app_attestation_issue(struct dot_app *app, const char *from, const char *to,
			  dot_fingerprint_fn fp, struct dot_attestation *out,
			  int64_t *seq, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_ATTESTATION};
	struct dot_assignment_filter f = {0};
	struct dot_assignment_rows rows = {0};
	char d1[11], d2[11], *data = NULL, *sum = NULL;
	int64_t count;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!from || !*from || !to || !*to)
		return dot_fail(cause, DOT_EUSAGE,
				_("an attestation covers a period: give both "
				  "--from and --to (YYYY-MM-DD)"));
	rc = dot_date_period(from, to, d1, d2, cause);
	if (rc)
		return rc;

	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	rc = dot_store_attestation_add(st, d1, d2, out, cause);
	if (rc)
		goto fail;
	rc = dot_store_attestation_cover(st, out->id, d1, d2, &count, cause);
	if (rc)
		goto fail;
	if (count == 0 && dot_i18n_station()) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("no cession to attest between %s and %s: "
				"none was handed over in that period, or an "
				"earlier attestation already covers them: "
				"nothing was issued"),
			      d1, d2);
		goto fail;
	}
	if (count == 0) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("no cession to attest between %s and %s: "
				"none was handed over in that period, or an "
				"earlier attestation already covers them "
				"(print it again with --number N)"),
			      d1, d2);
		goto fail;
	}
	out->cessions = count;
	f.attestation_id = out->id;
	rc = dot_store_assignment_rows(st, &f, &rows, cause);
	if (rc)
		goto fail;
	if (fp && (sum = fp(&rows)) != NULL)
		snprintf(out->fingerprint, sizeof(out->fingerprint), "%s", sum);
	rc = dot_store_attestation_finish(st, out->id, count,
					  out->fingerprint[0] ? out->fingerprint
							      : NULL,
					  cause);
	if (rc)
		goto fail;
	data = attestation_json(out, &rows);
	j.operator_name = dot_app_operator(app);
	j.queue = dot_app_queue(app);
	j.data = data;
	rc = dot_store_journal_append(st, &j, seq, cause);
	if (rc)
		goto fail;
	rc = dot_store_commit(st, cause);
	if (rc)
		goto fail;
	goto out;
fail:
	dot_store_rollback(st);
	memset(out, 0, sizeof(*out));
out:
	dot_assignment_rows_release(&rows);
	free(data);
	free(sum);
	return rc;
}

/* The day after iso (YYYY-MM-DD), into out. */
static void
day_after(const char *iso, char out[11])
{
	struct tm tm = {0};
	time_t t;

	tm.tm_year = atoi(iso) - 1900;
	tm.tm_mon = atoi(iso + 5) - 1;
	tm.tm_mday = atoi(iso + 8) + 1;
	tm.tm_hour = 12; /* no daylight-saving edge */
	t = mktime(&tm);
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
dot_app_attestation_period(struct dot_app *app, char from[11], char to[11],
			   char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_assignment_filter f = {.kinds = DOT_HANDOVER_BIT(
						  DOT_HANDOVER_CESSION),
					  .open_only = true,
					  .uncovered_only = true,
					  .order = DOT_ORDER_ID};
	struct dot_assignment_rows rows;
	struct dot_attestation last;
	size_t i;
	int rc;

	dot_date_today(to);
	snprintf(from, 11, "%s", to);
	rc = dot_store_attestation_get(st, 0, &last, cause);
	if (rc == 0) {
		day_after(last.to_date, from);
	} else if (rc == DOT_ERULE) {
		if (cause) { /* no attestation yet: not an error */
			free(*cause);
			*cause = NULL;
		}
	} else {
		return rc;
	}
	/*
	 * A cession no attestation covers yet starts the period even when
	 * it is not after the last one's end: one recorded later that day
	 * (two attestations the same day) or dated back (catch-up).
	 */
	rc = dot_store_assignment_rows(st, &f, &rows, cause);
	if (rc)
		return rc;
	for (i = 0; i < rows.n; i++)
		if (strcmp(rows.v[i].start_date, from) < 0)
			snprintf(from, 11, "%s", rows.v[i].start_date);
	dot_assignment_rows_release(&rows);
	if (strcmp(from, to) > 0)
		snprintf(to, 11, "%s", from);
	return 0;
}
