/*
 * Corrections of the day's mistakes: a device given to the wrong person
 * moves to the right one in one compensating "reassign" entry that names
 * both, and a newcomer is added from the station or the command line in
 * one "person-add" entry, validated as an import row. A correction of a
 * cession that an attestation already covers is allowed: the paper is
 * never silently contradicted, the next attestation lists it in its
 * rectifications (dot_store_rectifications).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* The open handover of serial here: its row, as the documents read it. */
static int
open_handover(struct dot_store *st, const char *sn,
	      struct dot_assignment_row *out, char **cause)
{
	struct dot_holder h;
	struct dot_assignment_rows rows;
	struct dot_assignment_filter f = {.open_only = true,
					  .order = DOT_ORDER_ID};
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = dot_store_serial_holder(st, sn, &h, cause);
	if (rc)
		return rc;
	if (!h.assignment_id) {
		rc = dot_fail(cause, DOT_ERULE,
			      h.remote ? _("device %s is held at another "
					   "station (%s): correct it there")
				       : _("device %s is held by nobody here: "
					   "there is nothing to correct; hand "
					   "it over instead"),
			      sn, h.station ? h.station : "?");
		dot_holder_release(&h);
		return rc;
	}
	rc = dot_store_assignment_rows(st, &f, &rows, cause);
	for (i = 0; rc == 0 && i < rows.n; i++)
		if (rows.v[i].assignment_id == h.assignment_id) {
			*out = rows.v[i];
			memset(&rows.v[i], 0, sizeof(rows.v[i]));
			break;
		}
	if (rc == 0 && !out->assignment_id)
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot read the handover of %s"), sn);
	dot_assignment_rows_release(&rows);
	dot_holder_release(&h);
	return rc;
}

static void
row_release(struct dot_assignment_row *r)
{
	struct dot_assignment_rows one = {.v = dot_xmalloc(sizeof(*r)), .n = 1};

	one.v[0] = *r;
	dot_assignment_rows_release(&one);
	memset(r, 0, sizeof(*r));
}

int
dot_app_reassign(struct dot_app *app, const char *serial, int64_t person,
		 bool record_charter, struct dot_assign_result *res,
		 char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_REASSIGN,
				   .person_id = person};
	struct dot_assignment_in a = {.person_id = person};
	struct dot_assignment_row old;
	struct dot_person p, from;
	char sn[DOT_SERIAL_BUF], now[32], *label = NULL, *pj = NULL;
	char *fj = NULL, *data = NULL;
	enum dot_serial_reason r;
	bool charter_now = false;
	int64_t new_id = 0;
	int rc;

	memset(&old, 0, sizeof(old));
	memset(&from, 0, sizeof(from));
	r = dot_serial_check(serial, NULL, sn, sizeof(sn));
	if (r != DOT_SERIAL_OK)
		return dot_fail(cause, DOT_ERULE, "%s: %s", serial,
				dot_serial_reason_message(r));
	rc = app_begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	rc = open_handover(st, sn, &old, cause);
	if (rc)
		goto fail;
	rc = DOT_ERULE;
	if (old.person_id == person) {
		dot_fail(cause, rc, _("%s already holds %s"), label, sn);
		goto fail;
	}
	if (!p.active) {
		dot_fail(cause, rc,
			 _("%s is no longer on the roster (inactive): no "
			   "device can be handed over"),
			 label);
		goto fail;
	}
	if (p.serial) {
		dot_fail(cause, rc,
			 _("%s already holds device %s: one device per "
			   "person (correct that handover first)"),
			 label, p.serial);
		goto fail;
	}
	if (old.kind == DOT_HANDOVER_CESSION && !p.charter_at &&
	    !record_charter) {
		dot_fail(cause, rc,
			 dot_i18n_station()
				 ? _("no signed charter recorded for %s: "
				     "collect "
				     "it, record it (F4 on their row), then "
				     "correct again (F12)")
				 : _("no signed charter recorded for %s: "
				     "collect "
				     "it, record it, then correct again (or "
				     "give "
				     "--with-charter when it is in your hand)"),
			 label);
		goto fail;
	}
	if (old.kind == DOT_HANDOVER_LOAN && !p.loan_agreement_at) {
		dot_fail(cause, rc,
			 _("no loan agreement recorded for %s: record it "
			   "first"),
			 label);
		goto fail;
	}
	rc = dot_store_person_get(st, old.person_id, &from, cause);
	if (rc)
		goto fail;
	if (old.kind == DOT_HANDOVER_CESSION && !p.charter_at) {
		dot_time_now_iso(now);
		rc = dot_store_person_set_charter(st, person, now, cause);
		if (rc)
			goto fail;
		charter_now = true;
	}
	/* the wrong handover never happened; the right one did, that day */
	rc = dot_store_assignment_end(st, old.assignment_id, "undo",
				      old.kind == DOT_HANDOVER_LOAN
					      ? DOT_DEVICE_LOANED
					      : DOT_DEVICE_CEDED,
				      cause);
	if (rc)
		goto fail;
	a.serial = sn;
	a.kind = old.kind;
	a.microsd = old.microsd;
	a.has_case = old.has_case;
	a.start_date = old.start_date;
	a.due_date = old.due_date;
	a.queue = dot_app_queue(app);
	a.operator_name = dot_app_operator(app);
	rc = dot_store_assignment_add(st, &a, &new_id, cause);
	if (rc == 0 && old.attestation_number)
		rc = dot_store_assignment_keep_attestation(st,
							   old.assignment_id,
							   new_id, cause);
	if (rc)
		goto fail;
	pj = app_person_json(&p);
	fj = app_person_json(&from);
	data = dot_xasprintf(
		"{\"serial\":\"%s\",\"kind\":\"%s\",\"from\":%s,\"to\":%s,"
		"\"assignment\":%lld,\"new_assignment\":%lld,\"date\":\"%s\","
		"\"attestation\":%lld,\"charter\":%s}",
		sn, dot_handover_kind_name(old.kind), fj, pj,
		(long long)old.assignment_id, (long long)new_id, old.start_date,
		(long long)old.attestation_number,
		charter_now ? "true" : "false");
	j.serial = sn;
	j.assignment_id = old.assignment_id; /* the corrected handover */
	j.data = data;
	rc = app_record_result(app, &j, sn, label, res, cause);
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(label);
	free(pj);
	free(fj);
	free(data);
	row_release(&old);
	dot_person_release(&p);
	dot_person_release(&from);
	return rc;
}

int
dot_app_person_add(struct dot_app *app, const struct dot_person_in *row,
		   int64_t *id, int64_t *seq, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_PERSON_ADD};
	struct dot_person p;
	char *pj = NULL, *data = NULL, *label;
	int64_t known = 0, newid = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	rc = dot_store_person_match(st, row, &known, cause);
	if (rc == 0) {
		rc = dot_store_person_get(st, known, &p, cause);
		if (rc == 0) {
			label = dot_app_person_label(&p);
			rc = dot_fail(cause, DOT_ERULE,
				      _("%s is on the roster already (no. "
					"%lld): nothing was added"),
				      label, (long long)known);
			free(label);
		}
		goto fail;
	}
	if (rc != DOT_ENOTFOUND)
		goto fail;
	rc = dot_store_person_upsert(st, 0, row, &newid, NULL, cause);
	if (rc)
		goto fail;
	rc = dot_store_person_get(st, newid, &p, cause);
	if (rc)
		goto fail;
	pj = app_person_json(&p);
	data = dot_xasprintf("{\"person\":%s}", pj);
	j.person_id = newid;
	j.data = data;
	rc = app_record(app, &j, seq, cause);
	if (rc == 0 && id)
		*id = newid;
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(pj);
	free(data);
	dot_person_release(&p);
	return rc;
}
