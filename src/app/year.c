/*
 * The whole year after the distribution day: the stock under the head's
 * responsibility, loans under their own agreement with a due date and a
 * return that ends with a reset in front of the user, devices out of
 * service, stolen or lost and their replacement, and the establishment's
 * model (Région Sud cedes at the roll call, Normandie lends). Each use
 * case is one transaction and one journal entry, like the roll call's,
 * and each can be undone by a compensating "undo" entry (app_year_undo).
 *
 * The rules come from the users' documents (shared/seeds): "les
 * tablettes ayant fait l'objet d'un prêt seront destinées à des prêts
 * uniquement"; "il est impératif de réinitialiser la tablette en présence
 * de l'utilisateur"; "ce remplacement ne pourra être envisagé qu'une
 * seule fois"; theft or loss needs "une déclaration auprès du
 * commissariat de police".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* ---- settings -------------------------------------------------------------- */

/* The settings a user may change (dot_app_setting_set), into *k. */
static bool
user_setting(const char *key, enum dot_setting *k)
{
	if (dot_setting_parse(key, k) != 0)
		return false;
	return *k == DOT_SETTING_HANDOVER_MODEL ||
	       *k == DOT_SETTING_LOAN_UNTIL ||
	       *k == DOT_SETTING_REPLACEMENTS_MAX ||
	       *k == DOT_SETTING_LOST_REPORT;
}

int
dot_app_setting(struct dot_app *app, const char *key, char **value,
		char **cause)
{
	struct dot_store *st = dot_app_store(app);
	enum dot_setting k;
	bool loan;
	int rc;

	*value = NULL;
	if (!user_setting(key, &k))
		return DOT_EUSAGE;
	rc = dot_store_setting_get(st, k, value, cause);
	if (rc || *value)
		return rc;
	if (k == DOT_SETTING_HANDOVER_MODEL)
		*value = dot_xstrdup(
			dot_handover_kind_name(DOT_HANDOVER_CESSION));
	else if (k == DOT_SETTING_REPLACEMENTS_MAX)
		*value = dot_xstrdup("1");
	else if (k == DOT_SETTING_LOST_REPORT) {
		rc = dot_app_loan_model(app, &loan, cause);
		if (rc == 0)
			*value = dot_xstrdup(loan ? "yes" : "no");
	} else
		*value = dot_xstrdup("");
	return rc;
}

int
dot_app_loan_model(struct dot_app *app, bool *loan, char **cause)
{
	enum dot_handover_kind k = DOT_HANDOVER_CESSION;
	char *v = NULL;
	int rc = dot_store_setting_get(dot_app_store(app),
				       DOT_SETTING_HANDOVER_MODEL, &v, cause);

	if (rc == 0 && v)
		dot_handover_kind_parse(v, &k);
	free(v);
	*loan = rc == 0 && k == DOT_HANDOVER_LOAN;
	return rc;
}

/* Parse a non-negative count; false when s is not one. */
static bool
parse_count(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 1000)
		return false;
	*out = v;
	return true;
}

int
dot_app_setting_set(struct dot_app *app, const char *key, const char *value,
		    int64_t *seq, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_SETTING};
	char iso[11], buf[16], *qk, *qv, *data;
	const char *v = value;
	enum dot_handover_kind model;
	enum dot_setting k;
	long n;
	int rc;

	if (!user_setting(key, &k)) {
		return dot_fail(cause, DOT_EUSAGE,
				_("unknown setting '%s': handover.model, "
				  "loan.until, replacements.max or "
				  "lost.report_required"),
				key);
	} else if (k == DOT_SETTING_HANDOVER_MODEL) {
		if (dot_handover_kind_parse(value, &model) != 0)
			return dot_fail(cause, DOT_ERULE,
					_("model '%s': give cession (the "
					  "device becomes the student's) or "
					  "loan (it is lent until the end of "
					  "schooling)"),
					value);
	} else if (k == DOT_SETTING_LOAN_UNTIL) {
		if (!dot_date_parse(value, iso))
			return dot_fail(cause, DOT_ERULE,
					_("'%s' is not a calendar date: give "
					  "YYYY-MM-DD or DD/MM/YYYY"),
					value);
		v = iso;
	} else if (k == DOT_SETTING_REPLACEMENTS_MAX) {
		if (!parse_count(value, &n))
			return dot_fail(cause, DOT_ERULE,
					_("'%s' is not a number of "
					  "replacements: give 0 (no limit), "
					  "1, 2..."),
					value);
		snprintf(buf, sizeof(buf), "%ld", n);
		v = buf;
	} else if (k == DOT_SETTING_LOST_REPORT) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return dot_fail(cause, DOT_ERULE,
					_("'%s': give yes or no"), value);
	}
	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	rc = dot_store_setting_set(st, k, v, cause);
	if (rc) {
		dot_store_rollback(st);
		return rc;
	}
	qk = dot_json_quote(key);
	qv = dot_json_quote(v);
	data = dot_xasprintf("{\"key\":%s,\"value\":%s}", qk, qv);
	j.data = data;
	rc = app_record(app, &j, seq, cause);
	free(qk);
	free(qv);
	free(data);
	return rc;
}

/* ---- small helpers
 * ----------------------------------------------------------- */

const char *
dot_app_device_status_label(enum dot_device_status status)
{
	switch (status) {
	case DOT_DEVICE_STOCK:
		return _("in stock");
	case DOT_DEVICE_CEDED:
		return _("ceded");
	case DOT_DEVICE_LOANED:
		return _("on loan");
	case DOT_DEVICE_HS:
		return _("out of service");
	case DOT_DEVICE_LOST:
		return _("stolen or lost");
	default:
		return dot_device_status_name(status);
	}
}

/* Check and normalise a serial; DOT_ERULE with the reason otherwise. */
static int
check_serial(const char *raw, char sn[DOT_SERIAL_BUF], char **cause)
{
	enum dot_serial_reason r =
		dot_serial_check(raw, NULL, sn, DOT_SERIAL_BUF);

	if (r != DOT_SERIAL_OK)
		return dot_fail(cause, DOT_ERULE, "%s: %s", raw,
				dot_serial_reason_message(r));
	return 0;
}

/*
 * The string member key of a flat JSON object we wrote ourselves, into
 * out (n bytes); "" when absent or null. Our own strings never contain a
 * quote after the key name unescaped, so the pattern cannot match inside
 * a person's name.
 */
static void
json_str(const char *json, const char *key, char *out, size_t n)
{
	char *pat = dot_xasprintf("\"%s\":\"", key);
	const char *p = json ? strstr(json, pat) : NULL;
	size_t i = 0;

	out[0] = '\0';
	if (p) {
		p += strlen(pat);
		while (*p && *p != '"' && i + 1 < n)
			out[i++] = *p++;
		out[i] = '\0';
	}
	free(pat);
}

/* The integer member key (0 when absent). */
static int64_t
json_int(const char *json, const char *key)
{
	char *pat = dot_xasprintf("\"%s\":", key);
	const char *p = json ? strstr(json, pat) : NULL;
	int64_t v = 0;

	if (p)
		v = strtoll(p + strlen(pat), NULL, 10);
	free(pat);
	return v;
}

static bool
json_flag(const char *json, const char *key)
{
	char *pat = dot_xasprintf("\"%s\":true", key);
	bool yes = json && strstr(json, pat) != NULL;

	free(pat);
	return yes;
}

static const char *
jbool(bool b)
{
	return b ? "true" : "false";
}

int
app_device_free(struct dot_app *app, const char *sn,
		enum dot_handover_kind kind, bool allow_unknown, bool *known,
		bool *loan_only, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_device d;
	struct dot_holder h;
	int rc;

	if (known)
		*known = false;
	if (loan_only)
		*loan_only = false;
	rc = dot_store_serial_holder(st, sn, &h, cause);
	if (rc)
		return DOT_ERUNTIME;
	if (h.assignment_id || h.remote) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("serial %s is already held by %s (since %s, "
				"station %s): check the label"),
			      sn, h.name, h.since ? h.since : "?",
			      h.station ? h.station : "?");
		dot_holder_release(&h);
		return rc;
	}
	dot_holder_release(&h);
	rc = dot_store_device_get(st, sn, &d, cause);
	if (rc == DOT_ENOTFOUND) {
		if (allow_unknown)
			return 0;
		if (dot_i18n_station())
			return dot_fail(cause, DOT_ERULE,
					_("device %s is not in stock: receive "
					  "it first at the devices desk (F11, "
					  "reception)"),
					sn);
		return dot_fail(cause, DOT_ERULE,
				_("device %s is not in stock: receive it "
				  "first with 'dotation stock add %s'"),
				sn, sn);
	}
	if (rc)
		return rc;
	if (known)
		*known = true;
	if (loan_only)
		*loan_only = d.loan_only;
	if (d.status == DOT_DEVICE_HS)
		rc = dot_fail(cause, DOT_ERULE,
			      _("device %s is declared out of service: take "
				"another device"),
			      sn);
	else if (d.status == DOT_DEVICE_LOST)
		rc = dot_fail(cause, DOT_ERULE,
			      _("device %s is declared stolen or lost: take "
				"another device"),
			      sn);
	else if (d.status != DOT_DEVICE_STOCK)
		rc = dot_fail(cause, DOT_ERULE,
			      _("device %s is not free (%s): take a device "
				"from the stock"),
			      sn, dot_app_device_status_label(d.status));
	else if (d.loan_only && kind == DOT_HANDOVER_CESSION)
		rc = dot_fail(cause, DOT_ERULE,
			      _("device %s has been lent: it is for loans "
				"only and cannot be ceded; take a device that "
				"was never lent"),
			      sn);
	dot_device_release(&d);
	return rc;
}

/* ---- stock
 * ------------------------------------------------------------------- */

int
dot_app_stock_add(struct dot_app *app, const char *const *serials, size_t n,
		  int64_t *seq, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_STOCK};
	char sn[DOT_SERIAL_BUF], *list = NULL, *errs = NULL, *tmp, *data;
	size_t i, k;
	int rc, bad = 0;

	if (n == 0)
		return dot_fail(cause, DOT_EUSAGE,
				_("give the serials to receive"));
	/* Every invalid serial is named at once: the delivery is at hand. */
	for (i = 0; i < n; i++) {
		enum dot_serial_reason r =
			dot_serial_check(serials[i], NULL, sn, sizeof(sn));

		if (r == DOT_SERIAL_OK)
			continue;
		tmp = dot_xasprintf("%s%s%s: %s", errs ? errs : "",
				    errs ? "\n" : "", serials[i],
				    dot_serial_reason_message(r));
		free(errs);
		errs = tmp;
		bad++;
	}
	if (bad) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s\nnothing was received: correct the serials "
				"above and give the whole delivery again"),
			      errs);
		free(errs);
		return rc;
	}
	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		char *q;

		dot_serial_check(serials[i], NULL, sn, sizeof(sn));
		for (k = 0; k < i; k++) {
			char other[DOT_SERIAL_BUF];

			dot_serial_check(serials[k], NULL, other,
					 sizeof(other));
			if (strcmp(other, sn) == 0)
				break;
		}
		if (k < i) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("serial %s is given twice: nothing was "
					"received; give each box once"),
				      sn);
			goto fail;
		}
		rc = dot_store_device_receive(st, sn, cause);
		if (rc == DOT_ERULE) {
			struct dot_device d;

			if (dot_store_device_get(st, sn, &d, NULL) == 0) {
				rc = dot_fail(cause, DOT_ERULE,
					      _("device %s is already known "
						"(%s): nothing was received; "
						"remove it from the list"),
					      sn,
					      dot_app_device_status_label(
						      d.status));
				dot_device_release(&d);
			}
		}
		if (rc)
			goto fail;
		q = dot_xasprintf("%s%s\"%s\"", list ? list : "",
				  list ? "," : "", sn);
		free(list);
		list = q;
	}
	data = dot_xasprintf("{\"serials\":[%s],\"count\":%zu}", list, n);
	j.data = data;
	rc = app_record(app, &j, seq, cause);
	free(data);
	free(list);
	return rc;
fail:
	dot_store_rollback(st);
	free(list);
	return rc;
}

/* ---- loan agreement
 * ----------------------------------------------------------- */

int
dot_app_loan_agreement(struct dot_app *app, int64_t person, bool withdraw,
		       int64_t *seq, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.person_id = person};
	struct dot_person p;
	char now[32], *label = NULL, *pj = NULL, *data = NULL;
	int rc;

	rc = app_begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	rc = DOT_ERULE;
	if (!withdraw && p.loan_agreement_at) {
		dot_fail(cause, rc,
			 _("the loan agreement of %s is already recorded "
			   "(%.10s)"),
			 label, p.loan_agreement_at);
		goto fail;
	}
	if (withdraw && !p.loan_agreement_at) {
		dot_fail(cause, rc, _("no loan agreement is recorded for %s"),
			 label);
		goto fail;
	}
	if (withdraw && p.serial && p.kind == DOT_HANDOVER_LOAN) {
		dot_fail(cause, rc,
			 dot_i18n_station()
				 ? _("%s has device %s on loan: take it back "
				     "(F11, return) before withdrawing the "
				     "agreement")
				 : _("%s has device %s on loan: take it back "
				     "('dotation return') before withdrawing "
				     "the agreement"),
			 label, p.serial);
		goto fail;
	}
	if (!withdraw && !p.active) {
		dot_fail(cause, rc,
			 _("%s is no longer on the roster (inactive)"), label);
		goto fail;
	}
	dot_time_now_iso(now);
	rc = dot_store_person_set_loan_agreement(st, person,
						 withdraw ? NULL : now, cause);
	if (rc)
		goto fail;
	pj = app_person_json(&p);
	data = dot_xasprintf("{\"person\":%s}", pj);
	j.type = withdraw ? DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW
			  : DOT_JOURNAL_LOAN_AGREEMENT;
	j.data = data;
	rc = app_record(app, &j, seq, cause);
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(label);
	free(pj);
	free(data);
	dot_person_release(&p);
	return rc;
}

int
dot_app_paper(struct dot_app *app, int64_t person, bool withdraw, int64_t *seq,
	      char **cause)
{
	bool loan;
	int rc = dot_app_loan_model(app, &loan, cause);

	if (rc)
		return rc;
	if (loan)
		return dot_app_loan_agreement(app, person, withdraw, seq,
					      cause);
	return dot_app_charter(app, person, withdraw, seq, cause);
}

int
dot_app_paper_view(struct dot_app *app, struct dot_person *v, size_t n,
		   char **cause)
{
	bool loan;
	size_t i;
	int rc;

	if (!n)
		return 0;
	rc = dot_app_loan_model(app, &loan, cause);
	if (rc || !loan)
		return rc;
	for (i = 0; i < n; i++) {
		free(v[i].charter_at);
		v[i].charter_at = v[i].loan_agreement_at
					  ? dot_xstrdup(v[i].loan_agreement_at)
					  : NULL;
	}
	return 0;
}

/* ---- loan
 * ----------------------------------------------------------------------- */

/* A date option: DOT_ERULE unless a calendar date. */
static int
check_date(const char *what, const char *s, char iso[11], char **cause)
{
	if (!dot_date_parse(s, iso))
		return dot_fail(cause, DOT_ERULE,
				_("%s '%s' is not a calendar date: give "
				  "YYYY-MM-DD or DD/MM/YYYY"),
				what, s);
	return 0;
}

int
dot_app_loan(struct dot_app *app, int64_t person, const char *serial,
	     const struct dot_loan_opts *opts, struct dot_assign_result *res,
	     char **cause)
{
	static const struct dot_loan_opts defaults;
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_LOAN,
				   .person_id = person};
	struct dot_assignment_in a = {.person_id = person,
				      .kind = DOT_HANDOVER_LOAN};
	char sn[DOT_SERIAL_BUF], from[11], until[11], now[32];
	char *label = NULL, *pj = NULL, *data = NULL, *qc = NULL;
	char *deflt = NULL;
	struct dot_person p;
	bool known = false, was_loan_only = false, agreement_now = false;
	int rc;

	if (!opts)
		opts = &defaults;
	memset(&p, 0, sizeof(p));
	rc = check_serial(serial, sn, cause);
	if (rc)
		return rc;
	if (opts->from) {
		if ((rc = check_date("--from", opts->from, from, cause)))
			return rc;
	} else {
		dot_date_today(from);
	}
	if (!opts->until && opts->roll_call) {
		const char *no_until_station =
			_("no end date for loans: it is set once for the "
			  "establishment (the end of schooling) by whoever "
			  "set up the station");
		const char *no_until =
			_("no end date for loans: set it once with 'dotation "
			  "setting loan.until YYYY-MM-DD' (the end of "
			  "schooling)");

		if (dot_store_setting_get(st, DOT_SETTING_LOAN_UNTIL, &deflt,
					  cause))
			return DOT_ERUNTIME;
		if (!deflt)
			return dot_fail(cause, DOT_ERULE, "%s",
					dot_i18n_station() ? no_until_station
							   : no_until);
	}
	if (!opts->until && !deflt)
		return dot_fail(cause, DOT_EUSAGE,
				_("a loan needs its end date: --until "
				  "YYYY-MM-DD"));
	rc = check_date("--until", opts->until ? opts->until : deflt, until,
			cause);
	free(deflt);
	if (rc)
		return rc;
	if (strcmp(until, from) < 0 && dot_i18n_station())
		return dot_fail(cause, DOT_ERULE,
				_("the loan would end (%s) before it starts "
				  "(%s): the establishment's end date for "
				  "loans is to be set again by whoever set up "
				  "the station"),
				until, from);
	if (strcmp(until, from) < 0)
		return dot_fail(cause, DOT_ERULE,
				_("the loan ends (%s) before it starts (%s): "
				  "check --until and --from"),
				until, from);
	rc = app_begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	rc = DOT_ERULE;
	if (!p.active) {
		dot_fail(cause, rc,
			 _("%s is no longer on the roster (inactive): no "
			   "device can be lent"),
			 label);
		goto fail;
	}
	if (!p.loan_agreement_at && !opts->record_agreement) {
		if (dot_i18n_station())
			dot_fail(
				cause, rc,
				_("no loan agreement recorded for %s (a "
				  "charter of cession is not one): collect the "
				  "signed agreement, record it (F4), then scan "
				  "again"),
				label);
		else
			dot_fail(
				cause, rc,
				_("no loan agreement recorded for %s (a "
				  "charter of cession is not one): collect the "
				  "signed agreement, record it with 'dotation "
				  "charter %lld --loan', then lend again"),
				label, (long long)person);
		goto fail;
	}
	if (p.serial && strcmp(p.serial, sn) == 0) {
		dot_fail(cause, rc, _("%s already holds %s"), label, sn);
		goto fail;
	}
	rc = app_device_free(app, sn, DOT_HANDOVER_LOAN, opts->roll_call,
			     &known, &was_loan_only, cause);
	if (rc)
		goto fail;
	if (p.serial) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s already holds device %s: one device per "
				"person (take it back first)"),
			      label, p.serial);
		goto fail;
	}
	if (!p.loan_agreement_at) {
		dot_time_now_iso(now);
		rc = dot_store_person_set_loan_agreement(st, person, now,
							 cause);
		if (rc)
			goto fail;
		agreement_now = true;
	}
	rc = dot_store_device_set(st, sn, DOT_DEVICE_LOANED, NULL, cause);
	if (rc == 0) {
		struct dot_device_change c = {.status = DOT_DEVICE_LOANED,
					      .loan_only = true};

		rc = dot_store_device_change(st, sn, &c, cause);
	}
	if (rc)
		goto fail;
	a.serial = sn;
	a.microsd = opts->microsd;
	a.has_case = opts->has_case;
	a.start_date = from;
	a.due_date = until;
	a.condition = opts->condition;
	a.queue = dot_app_queue(app);
	a.operator_name = dot_app_operator(app);
	rc = dot_store_assignment_add(st, &a, &j.assignment_id, cause);
	if (rc)
		goto fail;
	pj = app_person_json(&p);
	qc = dot_json_quote(opts->condition);
	data = dot_xasprintf(
		"{\"serial\":\"%s\",\"kind\":\"loan\",\"date\":\"%s\","
		"\"from\":\"%s\",\"until\":\"%s\",\"condition\":%s,"
		"\"microsd\":%s,\"case\":%s,\"agreement\":%s,"
		"\"received\":%s,\"loan_only_before\":%s,\"person\":%s}",
		sn, from, from, until, qc, jbool(opts->microsd),
		jbool(opts->has_case), jbool(agreement_now), jbool(!known),
		jbool(was_loan_only), pj);
	j.serial = sn;
	j.data = data;
	rc = app_record_result(app, &j, sn, label, res, cause);
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(label);
	free(pj);
	free(qc);
	free(data);
	dot_person_release(&p);
	return rc;
}

/* ---- return
 * ------------------------------------------------------------------- */

const char *
dot_app_return_reminder(void)
{
	return _("reset the device in front of its user now: they remove "
		 "their account, then the factory reset (a reset without "
		 "them locks the device to their account); fill in the "
		 "condition sheet with them");
}

/*
 * Inside a transaction: load the device sn and its borrower, refusing a
 * device that is not on loan. *label is the borrower's (caller frees).
 */
static int
load_loan(struct dot_store *st, const char *sn, struct dot_device *d,
	  struct dot_person *p, char **label, char **cause)
{
	int rc;

	memset(p, 0, sizeof(*p));
	*label = NULL;
	rc = dot_store_device_get(st, sn, d, cause);
	if (rc == DOT_ENOTFOUND)
		return dot_fail(cause, DOT_ERULE,
				_("device %s is unknown here: it is not on "
				  "loan; check the label"),
				sn);
	if (rc)
		return rc;
	if ((!d->assignment_id || d->kind != DOT_HANDOVER_LOAN) &&
	    !d->holder_name && dot_i18n_station())
		return dot_fail(cause, DOT_ERULE,
				_("device %s is not on loan (%s): nothing to "
				  "return; the desk (F11) lists the loans to "
				  "get back"),
				sn, dot_app_device_status_label(d->status));
	if (!d->assignment_id || d->kind != DOT_HANDOVER_LOAN)
		return dot_fail(cause, DOT_ERULE,
				d->holder_name
					? _("device %s is not on loan: %s owns "
					    "it (cession); nothing to return")
					: _("device %s is not on loan (%s): "
					    "nothing to return; 'dotation "
					    "loans' lists the loans"),
				sn,
				d->holder_name ? d->holder_name
					       : dot_app_device_status_label(
							 d->status));
	rc = dot_store_person_get(st, d->holder, p, cause);
	if (rc == 0)
		*label = dot_app_person_label(p);
	return rc;
}

int
dot_app_on_loan(struct dot_app *app, const char *serial,
		struct dot_assign_result *res, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	char sn[DOT_SERIAL_BUF], *label = NULL;
	struct dot_device d;
	struct dot_person p;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = check_serial(serial, sn, cause);
	if (rc)
		return rc;
	rc = load_loan(st, sn, &d, &p, &label, cause);
	if (rc == 0 && res) {
		snprintf(res->serial, sizeof(res->serial), "%s", sn);
		snprintf(res->name, sizeof(res->name), "%s", label);
	}
	free(label);
	dot_device_release(&d);
	dot_person_release(&p);
	return rc;
}

int
dot_app_return(struct dot_app *app, const char *serial, const char *condition,
	       bool reset_done, struct dot_assign_result *res, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = DOT_JOURNAL_RETURN};
	struct dot_device_change c = {.status = DOT_DEVICE_STOCK,
				      .loan_only = true};
	char sn[DOT_SERIAL_BUF], *pj = NULL, *data = NULL, *qc = NULL;
	char *label = NULL;
	struct dot_device d;
	struct dot_person p;
	int rc;

	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	rc = check_serial(serial, sn, cause);
	if (rc)
		return rc;
	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	rc = load_loan(st, sn, &d, &p, &label, cause);
	if (rc)
		goto fail;
	if (!reset_done) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s: %s; then confirm it was done "
				"(--reset-done)"),
			      label, dot_app_return_reminder());
		goto fail;
	}
	rc = dot_store_assignment_close(st, d.assignment_id, "return",
					condition, cause);
	if (rc == 0)
		rc = dot_store_device_change(st, sn, &c, cause);
	if (rc)
		goto fail;
	pj = app_person_json(&p);
	qc = dot_json_quote(condition);
	data = dot_xasprintf("{\"serial\":\"%s\",\"kind\":\"loan\","
			     "\"from\":\"%s\",\"until\":%s%s%s,"
			     "\"condition\":%s,\"reset\":true,\"person\":%s}",
			     sn, d.from, d.until ? "\"" : "",
			     d.until ? d.until : "null", d.until ? "\"" : "",
			     qc, pj);
	j.person_id = d.holder;
	j.serial = sn;
	j.assignment_id = d.assignment_id;
	j.data = data;
	rc = app_record_result(app, &j, sn, label, res, cause);
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(label);
	free(pj);
	free(qc);
	free(data);
	dot_device_release(&d);
	dot_person_release(&p);
	return rc;
}

/* ---- out of service, stolen or lost
 * ------------------------------------------- */

/* Refuse a second replacement where the setting limits them. */
static int
check_replacement_limit(struct dot_app *app, int64_t person, const char *label,
			bool force, int64_t *count, char **cause)
{
	char *v = NULL;
	long max = 1;
	int64_t n;

	if (dot_app_setting(app, dot_setting_name(DOT_SETTING_REPLACEMENTS_MAX),
			    &v, cause))
		return DOT_ERUNTIME;
	if (!parse_count(v, &max))
		max = 1;
	free(v);
	n = dot_store_person_replacements(dot_app_store(app), person);
	if (n < 0)
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot count the replacements"));
	*count = n;
	if (max > 0 && n >= max && !force && dot_i18n_station())
		return dot_fail(cause, DOT_ERULE,
				_("%s has already received a replacement "
				  "(%lld so far; the establishment allows %ld "
				  "per person): another one only on the head's "
				  "decision, recorded by whoever manages the "
				  "devices"),
				label, (long long)n, max);
	if (max > 0 && n >= max && !force)
		return dot_fail(cause, DOT_ERULE,
				_("%s has already received a replacement "
				  "(%lld so far; the establishment allows %ld "
				  "per person): give --force if the head "
				  "decided on another one"),
				label, (long long)n, max);
	return 0;
}

int
dot_app_out_of_service(struct dot_app *app, const char *serial,
		       const struct dot_hs_opts *o, struct dot_hs_result *res,
		       char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_journal_in j = {.type = o->lost ? DOT_JOURNAL_LOST
						   : DOT_JOURNAL_HS};
	struct dot_assignment_in a = {0};
	char sn[DOT_SERIAL_BUF], nsn[DOT_SERIAL_BUF], today[11];
	char *label = NULL, *pj = NULL, *data = NULL, *qr = NULL, *qf = NULL;
	char *rep = NULL, *need = NULL;
	struct dot_device d;
	struct dot_person p;
	bool known = false, new_loan_only = false;
	int64_t count = 0, new_id = 0;
	int rc;

	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	nsn[0] = '\0';
	if (res)
		memset(res, 0, sizeof(*res));
	rc = check_serial(serial, sn, cause);
	if (rc)
		return rc;
	if (o->replace && (rc = check_serial(o->replace, nsn, cause)))
		return rc;
	if (!o->reason || !*o->reason)
		return dot_fail(cause, DOT_EUSAGE, _("say why: --reason TEXT"));
	if (o->replace && strcmp(sn, nsn) == 0)
		return dot_fail(cause, DOT_ERULE,
				_("a device cannot replace itself: give the "
				  "new device's serial to --replace"));
	if (dot_app_setting(app, dot_setting_name(DOT_SETTING_LOST_REPORT),
			    &need, cause))
		return DOT_ERUNTIME;
	if (o->lost && (!o->report || !*o->report) &&
	    strcmp(need, "yes") == 0) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("a stolen or lost device needs the police "
				"report (déclaration de vol ou de perte): give "
				"its reference with --report REF"));
		free(need);
		return rc;
	}
	free(need);
	rc = dot_store_begin(st, cause);
	if (rc)
		return rc;
	rc = dot_store_device_get(st, sn, &d, cause);
	if (rc == DOT_ENOTFOUND)
		rc = dot_fail(cause, DOT_ERULE,
			      dot_i18n_station()
				      ? _("device %s is unknown here: check "
					  "the label (the devices desk, F11, "
					  "receives new ones into stock)")
				      : _("device %s is unknown here: check "
					  "the label ('dotation devices' "
					  "lists the devices)"),
			      sn);
	if (rc)
		goto fail;
	rc = DOT_ERULE;
	if (d.status == DOT_DEVICE_HS || d.status == DOT_DEVICE_LOST) {
		dot_fail(cause, rc, _("device %s is already declared %s%s%s"),
			 sn, dot_app_device_status_label(d.status),
			 d.replaced_by ? _(", replaced by ") : "",
			 d.replaced_by ? d.replaced_by : "");
		goto fail;
	}
	if (d.holder) {
		rc = dot_store_person_get(st, d.holder, &p, cause);
		if (rc)
			goto fail;
		label = dot_app_person_label(&p);
	}
	if (o->replace) {
		if (!d.holder) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("nobody holds %s: there is no one to "
					"give a replacement to; declare it "
					"without --replace"),
				      sn);
			goto fail;
		}
		rc = check_replacement_limit(app, d.holder, label, o->force,
					     &count, cause);
		if (rc)
			goto fail;
		rc = app_device_free(app, nsn, d.kind, true, &known,
				     &new_loan_only, cause);
		if (rc)
			goto fail;
	}
	/* The old handover ends; the device keeps its loan-only mark. */
	if (d.assignment_id) {
		rc = dot_store_assignment_close(st, d.assignment_id, "hs", NULL,
						cause);
		if (rc)
			goto fail;
	}
	{
		struct dot_device_change c = {
			.status = o->lost ? DOT_DEVICE_LOST : DOT_DEVICE_HS,
			.loan_only = d.loan_only,
			.reason = o->reason,
			.report_ref = o->report,
			.replaced_by = o->replace ? nsn : NULL,
		};

		rc = dot_store_device_change(st, sn, &c, cause);
		if (rc)
			goto fail;
	}
	if (o->replace) {
		bool loan = d.kind == DOT_HANDOVER_LOAN;

		rc = dot_store_device_set(st, nsn,
					  loan ? DOT_DEVICE_LOANED
					       : DOT_DEVICE_CEDED,
					  NULL, cause);
		if (rc == 0 && loan) {
			struct dot_device_change c = {.status =
							      DOT_DEVICE_LOANED,
						      .loan_only = true};

			rc = dot_store_device_change(st, nsn, &c, cause);
		}
		if (rc)
			goto fail;
		dot_date_today(today);
		a.person_id = d.holder;
		a.serial = nsn;
		a.kind = d.kind;
		a.start_date = today;
		a.due_date = d.until;
		a.replaces = d.assignment_id;
		a.queue = dot_app_queue(app);
		a.operator_name = dot_app_operator(app);
		rc = dot_store_assignment_add(st, &a, &new_id, cause);
		if (rc)
			goto fail;
		count++;
		rep = dot_xasprintf(
			"{\"serial\":\"%s\",\"assignment\":%lld,"
			"\"kind\":\"%s\",\"date\":\"%s\",\"until\":%s%s%s,"
			"\"received\":%s,\"loan_only_before\":%s,"
			"\"charter\":\"carried over\"}",
			nsn, (long long)new_id, dot_handover_kind_name(d.kind),
			today, d.until ? "\"" : "", d.until ? d.until : "null",
			d.until ? "\"" : "", jbool(!known),
			jbool(new_loan_only));
	}
	pj = d.holder ? app_person_json(&p) : dot_xstrdup("null");
	qr = dot_json_quote(o->reason);
	qf = dot_json_quote(o->report);
	data = dot_xasprintf(
		"{\"serial\":\"%s\",\"status_before\":\"%s\","
		"\"assignment\":%lld,\"kind\":%s%s%s,\"reason\":%s,"
		"\"report\":%s,\"force\":%s,\"replacement\":%s,"
		"\"person\":%s}",
		sn, dot_device_status_name(d.status),
		(long long)d.assignment_id, d.assignment_id ? "\"" : "",
		d.assignment_id ? dot_handover_kind_name(d.kind) : "null",
		d.assignment_id ? "\"" : "", qr, qf, jbool(o->force),
		rep ? rep : "null", pj);
	j.person_id = d.holder;
	j.serial = sn;
	j.assignment_id = d.assignment_id;
	j.data = data;
	rc = app_record(app, &j, res ? &res->seq : NULL, cause);
	if (rc == 0 && res) {
		snprintf(res->serial, sizeof(res->serial), "%s", sn);
		snprintf(res->replacement, sizeof(res->replacement), "%s", nsn);
		snprintf(res->name, sizeof(res->name), "%s",
			 label ? label : "");
		res->replacements = count;
	}
	goto out;
fail:
	dot_store_rollback(st);
out:
	free(label);
	free(pj);
	free(qr);
	free(qf);
	free(rep);
	free(data);
	dot_device_release(&d);
	dot_person_release(&p);
	return rc;
}

/* ---- undo
 * ---------------------------------------------------------------------- */

bool
app_year_undoable(enum dot_journal_type type)
{
	return type == DOT_JOURNAL_STOCK || type == DOT_JOURNAL_LOAN ||
	       type == DOT_JOURNAL_RETURN || type == DOT_JOURNAL_HS ||
	       type == DOT_JOURNAL_LOST || type == DOT_JOURNAL_LOAN_AGREEMENT ||
	       type == DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW;
}

/* Undo a stock reception: forget each serial, if none was used since. */
static int
undo_stock(struct dot_store *st, const char *data, char **cause)
{
	const char *p = data ? strstr(data, "\"serials\":[") : NULL;
	char sn[DOT_SERIAL_BUF];
	int rc;

	if (!p)
		return 0;
	p += strlen("\"serials\":[");
	while (*p == '"') {
		size_t i = 0;

		p++;
		while (*p && *p != '"' && i + 1 < sizeof(sn))
			sn[i++] = *p++;
		sn[i] = '\0';
		if (*p == '"')
			p++;
		rc = dot_store_device_forget(st, sn, cause);
		if (rc == DOT_ERULE)
			return dot_fail(cause, rc,
					_("device %s was handed over or "
					  "declared since its reception: the "
					  "reception can no longer be undone"),
					sn);
		if (rc)
			return rc;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * Give a device back to the stock with the loan-only mark it had before an
 * entry made it busy. One received on the spot stays in stock, as after
 * the undo of a cession: its handover row keeps it in the history.
 */
static int
device_back(struct dot_store *st, const char *sn, bool loan_only, char **cause)
{
	struct dot_device_change c = {.status = DOT_DEVICE_STOCK,
				      .loan_only = loan_only};

	return dot_store_device_change(st, sn, &c, cause);
}

static int
undo_hs(struct dot_store *st, const struct dot_journal_entry *e, char **cause)
{
	const char *rep = e->data ? strstr(e->data, "\"replacement\":{") : NULL;
	char before[16], kind[16], nsn[DOT_SERIAL_BUF];
	int64_t old_id = e->assignment_id;
	struct dot_device d;
	struct dot_device_change c = {0};
	int rc;

	json_str(e->data, "status_before", before, sizeof(before));
	json_str(e->data, "kind", kind, sizeof(kind));
	if (rep) {
		int64_t new_id = json_int(rep, "assignment");

		json_str(rep, "serial", nsn, sizeof(nsn));
		rc = dot_store_assignment_close(st, new_id, "undo", NULL,
						cause);
		if (rc == DOT_ERULE)
			return dot_fail(cause, rc,
					_("the replacement %s was returned or "
					  "replaced since: this entry can no "
					  "longer be undone"),
					nsn);
		if (rc == 0)
			rc = device_back(st, nsn,
					 json_flag(rep, "loan_only_before"),
					 cause);
		if (rc)
			return rc;
	}
	rc = dot_store_device_get(st, e->serial, &d, cause);
	if (rc)
		return rc == DOT_ENOTFOUND ? DOT_ERUNTIME : rc;
	c.status = DOT_DEVICE_STOCK;
	dot_device_status_parse(before, &c.status);
	c.loan_only = d.loan_only;
	dot_device_release(&d);
	rc = dot_store_device_change(st, e->serial, &c, cause);
	if (rc == 0 && old_id)
		rc = dot_store_assignment_reopen(st, old_id, cause);
	return rc;
}

int
app_year_undo(struct dot_app *app, const struct dot_journal_entry *e,
	      char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_device_change c = {.status = DOT_DEVICE_LOANED,
				      .loan_only = true};
	struct dot_person p;
	char now[32];
	int rc;

	if (e->type == DOT_JOURNAL_STOCK)
		return undo_stock(st, e->data, cause);
	if (e->type == DOT_JOURNAL_LOAN) {
		rc = dot_store_assignment_close(st, e->assignment_id, "undo",
						NULL, cause);
		if (rc == DOT_ERULE)
			return dot_fail(cause, rc,
					_("entry %lld can no longer be undone: "
					  "the device was returned or "
					  "replaced since"),
					(long long)e->seq);
		if (rc == 0)
			rc = device_back(st, e->serial,
					 json_flag(e->data, "loan_only_before"),
					 cause);
		if (rc == 0 && json_flag(e->data, "agreement"))
			rc = dot_store_person_set_loan_agreement(st,
								 e->person_id,
								 NULL, cause);
		return rc;
	}
	if (e->type == DOT_JOURNAL_RETURN) {
		rc = dot_store_assignment_reopen(st, e->assignment_id, cause);
		if (rc == DOT_ERULE)
			return dot_fail(cause, rc,
					_("device %s was handed over again "
					  "since its return: this entry can no "
					  "longer be undone"),
					e->serial);
		if (rc == 0)
			rc = dot_store_device_change(st, e->serial, &c, cause);
		return rc;
	}
	if (e->type == DOT_JOURNAL_HS || e->type == DOT_JOURNAL_LOST)
		return undo_hs(st, e, cause);
	/* The loan agreement, recorded or withdrawn. */
	rc = dot_store_person_get(st, e->person_id, &p, cause);
	if (rc)
		return rc;
	if (e->type == DOT_JOURNAL_LOAN_AGREEMENT && p.serial &&
	    p.kind == DOT_HANDOVER_LOAN) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s %s has device %s on loan: undo or return "
				"that loan first"),
			      p.last_name, p.first_name, p.serial);
	} else {
		dot_time_now_iso(now);
		rc = dot_store_person_set_loan_agreement(
			st, e->person_id,
			e->type == DOT_JOURNAL_LOAN_AGREEMENT ? NULL : now,
			cause);
	}
	dot_person_release(&p);
	return rc;
}
