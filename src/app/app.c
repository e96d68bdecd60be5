/*
 * The use cases. Each one opens a write transaction, checks its rules
 * against the state inside that transaction (so two queues cannot both
 * pass the check), changes the state, appends one journal entry, and
 * commits. Callers acknowledge the operator only when we return 0.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_int.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

struct dot_app {
	struct dot_store *st;
	char *operator_name;
	char *queue;
	struct app_counts counts;
};

struct app_counts *
app_counts(struct dot_app *app)
{
	return &app->counts;
}

int
dot_app_open(const char *path, struct dot_app **out, char **cause)
{
	return dot_app_open_mode(path, DOT_STORE_CREATE, out, cause);
}

int
dot_app_open_mode(const char *path, enum dot_store_mode mode,
		  struct dot_app **out, char **cause)
{
	struct dot_app *app;
	const char *op = getenv("DOTATION_OPERATOR");
	struct passwd *pw;
	int rc;

	*out = NULL;
	app = dot_xcalloc(1, sizeof(*app));
	rc = dot_store_open_mode(path, mode, &app->st, cause);
	if (rc) {
		free(app);
		return rc;
	}
	if (!op || !*op) {
		pw = getpwuid(getuid());
		op = pw ? pw->pw_name : "";
	}
	app->operator_name = dot_xstrdup(op);
	app->queue = dot_xstrdup("");
	*out = app;
	return 0;
}

void
dot_app_free(struct dot_app *app)
{
	if (!app)
		return;
	dot_store_free(app->st);
	dot_person_release(&app->counts.before);
	free(app->operator_name);
	free(app->queue);
	free(app);
}

struct dot_store *
dot_app_store(struct dot_app *app)
{
	return app->st;
}

void
dot_app_set_operator(struct dot_app *app, const char *operator_name)
{
	free(app->operator_name);
	app->operator_name = dot_xstrdup(operator_name);
}

void
dot_app_set_queue(struct dot_app *app, const char *queue)
{
	free(app->queue);
	app->queue = dot_xstrdup(queue);
}

const char *
dot_app_queue(const struct dot_app *app)
{
	return app->queue;
}

char *
dot_app_person_label(const struct dot_person *p)
{
	return dot_person_label(p->last_name, p->first_name, p->class_name);
}

/* Append the journal entry and commit; rolls back on failure. */
static int
record(struct dot_app *app, struct dot_journal_in *j, int64_t *seq,
       char **cause)
{
	int rc;

	j->operator_name = app->operator_name;
	j->queue = app->queue;
	rc = dot_store_journal_append(app->st, j, seq, cause);
	if (rc == 0)
		rc = dot_store_commit(app->st, cause);
	if (rc)
		dot_store_rollback(app->st);
	app_counts_after(app, j->type, j->person_id, rc == 0);
	return rc;
}

/* The identity of a person as the journal carries it upstream. */
static char *
person_json(const struct dot_person *p)
{
	char *e = dot_json_quote(p->ext_id), *i = dot_json_quote(p->ine);
	char *l = dot_json_quote(p->last_name);
	char *f = dot_json_quote(p->first_name);
	char *b = dot_json_quote(p->birth_date);
	char *c = dot_json_quote(p->class_name);
	char *r = dot_json_quote(dot_profile_name(p->profile));
	char *out = dot_xasprintf(
		"{\"id\":%lld,\"ext_id\":%s,\"ine\":%s,\"last_name\":%s,"
		"\"first_name\":%s,\"birth_date\":%s,\"class\":%s,"
		"\"profile\":%s}",
		(long long)p->id, e, i, l, f, b, c, r);

	free(e);
	free(i);
	free(l);
	free(f);
	free(b);
	free(c);
	free(r);
	return out;
}

int
dot_app_init(struct dot_app *app, const char *uai, const char *name,
	     const char *station, char **cause)
{
	struct dot_journal_in j = {.type = DOT_JOURNAL_INIT};
	char code[9], host[256], *qu, *qn, *qs, *data;
	int rc;

	if (!dot_uai_check(uai, code))
		return dot_fail(cause, DOT_ERULE,
				_("invalid UAI '%s': 7 digits and a check "
				  "letter, as on the establishment's "
				  "documents (e.g. 0750654D)"),
				uai);
	if (!name || !*name)
		return dot_fail(cause, DOT_EUSAGE,
				_("the establishment needs a name: --name"));
	if (!station || !*station) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "station");
		host[sizeof(host) - 1] = '\0';
		station = host;
	}
	rc = dot_store_begin(app->st, cause);
	if (rc)
		return rc;
	if ((rc = dot_store_setting_set(app->st, DOT_SETTING_UAI, code,
					cause)) ||
	    (rc = dot_store_setting_set(app->st, DOT_SETTING_NAME, name,
					cause)) ||
	    (rc = dot_store_setting_set(app->st, DOT_SETTING_STATION, station,
					cause))) {
		dot_store_rollback(app->st);
		return rc;
	}
	qu = dot_json_quote(code);
	qn = dot_json_quote(name);
	qs = dot_json_quote(station);
	data = dot_xasprintf("{\"uai\":%s,\"name\":%s,\"station\":%s}", qu, qn,
			     qs);
	j.data = data;
	rc = record(app, &j, NULL, cause);
	free(qu);
	free(qn);
	free(qs);
	free(data);
	return rc;
}

/* A person id and the roster line that named it. */
struct row_id {
	int64_t id;
	int line;
};

static int
cmp_row_id(const void *a, const void *b)
{
	const struct row_id *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

int
dot_app_import_check(const struct dot_import_opts *opts, char **cause)
{
	if (!opts || opts->skipped <= 0)
		return 0;
	if (!opts->skip_invalid)
		return dot_fail(cause, DOT_ERULE,
				_("invalid rows: %zu; nothing was imported: "
				  "correct the file, or import the valid rows "
				  "with --skip-invalid"),
				(size_t)opts->skipped);
	if (opts->full)
		return dot_fail(cause, DOT_ERULE,
				_("--full with invalid rows would deactivate "
				  "the people on those rows: correct the file "
				  "first"));
	return 0;
}

/* Append the "import" entry of sum and commit (the import's transaction). */
static int
import_entry(struct dot_app *app, const char *source,
	     const struct dot_import_summary *sum, char **cause)
{
	struct dot_journal_in j = {.type = DOT_JOURNAL_IMPORT};
	char *src = dot_json_quote(source);
	char *data = dot_xasprintf("{\"source\":%s,\"added\":%d,"
				   "\"updated\":%d,\"deactivated\":%d,"
				   "\"skipped\":%d}",
				   src, sum->added, sum->updated,
				   sum->deactivated, sum->skipped);
	int rc;

	j.data = data;
	rc = record(app, &j, NULL, cause);
	free(src);
	free(data);
	return rc;
}

int
dot_app_import_record(struct dot_app *app, const char *source,
		      const struct dot_import_summary *sum, char **cause)
{
	int rc;

	if (sum->added + sum->updated + sum->deactivated == 0)
		return 0;
	rc = dot_store_begin(app->st, cause);
	return rc ? rc : import_entry(app, source, sum, cause);
}

/*
 * An import under way: its transaction is open, its rows' person ids kept
 * for the duplicate check and the deactivation at its end.
 */
struct dot_import_run {
	struct dot_app *app;
	const struct dot_import_opts *opts;
	struct dot_import_summary sum;
	struct row_id *rid;
	size_t n, cap;
	bool first;
};

int
dot_app_import_start(struct dot_app *app, const struct dot_import_opts *opts,
		     size_t hint, struct dot_import_run **out, char **cause)
{
	struct dot_import_run *run;
	int64_t known;
	int rc;

	*out = NULL;
	rc = dot_app_import_check(opts, cause);
	if (rc)
		return rc;
	run = dot_xcalloc(1, sizeof(*run));
	run->app = app;
	run->opts = opts;
	run->sum.skipped = opts ? opts->skipped : 0;
	dot_store_set_cache_kb(app->st, hint > 1000 ? 65536 : 0);
	rc = dot_store_begin(app->st, cause);
	if (rc)
		goto out;
	/*
	 * Into an empty roster every row is new: no lookups (a region's
	 * first import). Two rows for one person are then caught by the
	 * parser's duplicate check and the unique identifiers.
	 */
	rc = dot_store_people_count(app->st, &known, cause);
	if (rc)
		goto fail;
	run->first = known == 0;
	if (run->first && hint > 1 &&
	    (rc = dot_store_people_bulk_begin(app->st, cause)))
		goto fail;
	*out = run;
	return 0;
fail:
	dot_store_rollback(app->st);
out:
	dot_store_set_cache_kb(app->st, 0);
	free(run);
	return rc;
}

void
dot_app_import_abort(struct dot_import_run *run)
{
	if (!run)
		return;
	dot_store_rollback(run->app->st);
	dot_store_set_cache_kb(run->app->st, 0);
	free(run->rid);
	free(run);
}

int
dot_app_import_add(struct dot_import_run *run, const struct dot_person_in *rows,
		   size_t n, char **cause)
{
	struct dot_app *app = run->app;
	size_t i;
	int rc;

	if (run->n + n > run->cap) {
		run->cap =
			run->n + n > 2 * run->cap ? run->n + n : 2 * run->cap;
		run->rid = dot_xrealloc(run->rid, run->cap * sizeof(*run->rid));
	}
	for (i = 0; i < n; i++) {
		int64_t id = 0, newid = 0;
		bool changed = false;

		if (!run->first) {
			/*
			 * A failed lookup is not "a new person": importing
			 * on would create a duplicate.
			 */
			rc = dot_store_person_match(app->st, &rows[i], &id,
						    cause);
			if (rc == DOT_ENOTFOUND)
				rc = 0;
			if (rc)
				return rc;
		}
		rc = dot_store_person_upsert(app->st, id, &rows[i], &newid,
					     &changed, cause);
		if (rc)
			return rc;
		if (!id)
			run->sum.added++;
		else if (changed)
			run->sum.updated++;
		else
			run->sum.unchanged++;
		run->rid[run->n].id = newid;
		run->rid[run->n].line = rows[i].line;
		run->n++;
	}
	return 0;
}

int
dot_app_import_end(struct dot_import_run *run, struct dot_import_summary *sum,
		   char **cause)
{
	struct dot_app *app = run->app;
	const struct dot_import_opts *opts = run->opts;
	struct row_id *rid = run->rid;
	size_t n = run->n, i;
	int64_t *ids = dot_xcalloc(n ? n : 1, sizeof(*ids));
	bool cursor = opts && opts->setting_key;
	bool wrote;
	int rc;

	/*
	 * Two rows landing on one person would silently merge them: sort
	 * (person, line) pairs and name the first two lines that collide.
	 */
	if (n)
		qsort(rid, n, sizeof(*rid), cmp_row_id);
	for (i = 0; i < n; i++) {
		if (i && rid[i].id == rid[i - 1].id) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("lines %d and %d describe the same "
					"person: remove one"),
				      rid[i - 1].line, rid[i].line);
			goto fail;
		}
		ids[i] = rid[i].id;
	}
	if (run->first && !(opts && opts->dry_run) &&
	    (rc = dot_store_people_bulk_end(app->st, cause)))
		goto fail;
	if (opts && opts->full) {
		rc = dot_store_people_deactivate_except(app->st, ids, n, cause);
		if (rc < 0)
			goto fail;
		run->sum.deactivated = rc;
	}
	*sum = run->sum;
	wrote = sum->added + sum->updated + sum->deactivated > 0;
	if ((opts && opts->dry_run) || (!wrote && !cursor)) {
		dot_store_rollback(app->st);
		rc = 0;
		goto out;
	}
	if (cursor &&
	    (rc = dot_store_setting_set_key(app->st, opts->setting_key,
					    opts->setting_value, cause)))
		goto fail;
	if (!wrote || (opts && opts->no_journal)) {
		rc = dot_store_commit(app->st, cause);
		goto out;
	}
	rc = import_entry(app, opts ? opts->source : NULL, sum, cause);
	goto out;
fail:
	dot_store_rollback(app->st);
out:
	dot_store_set_cache_kb(app->st, 0);
	free(ids);
	free(run->rid);
	free(run);
	return rc;
}

int
dot_app_import(struct dot_app *app, const struct dot_person_in *rows, size_t n,
	       const struct dot_import_opts *opts,
	       struct dot_import_summary *sum, char **cause)
{
	struct dot_import_run *run;
	int rc;

	memset(sum, 0, sizeof(*sum));
	rc = dot_app_import_start(app, opts, n, &run, cause);
	if (rc == 0 && (rc = dot_app_import_add(run, rows, n, cause)) != 0)
		dot_app_import_abort(run);
	else if (rc == 0)
		rc = dot_app_import_end(run, sum, cause);
	if (rc)
		memset(sum, 0, sizeof(*sum));
	return rc;
}

/* Load person inside the transaction; refuses unknown people. */
static int
load_person(struct dot_app *app, int64_t id, struct dot_person *p, char **cause)
{
	int rc = dot_store_person_get(app->st, id, p, cause);

	if (rc == DOT_ERULE)
		dot_fail(cause, DOT_ERULE,
			 dot_i18n_station()
				 ? _("unknown person '%lld': find them by name "
				     "(F3)")
				 : _("unknown person '%lld': check the roster "
				     "with 'dotation people --search NAME'"),
			 (long long)id);
	return rc;
}

/*
 * Open the write transaction and load person with its label: the start of
 * every use case about one person. On failure the transaction is rolled
 * back and *p is empty, so the caller just returns rc.
 */
static int
begin_person(struct dot_app *app, int64_t id, struct dot_person *p,
	     char **label, char **cause)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = dot_store_begin(app->st, cause);
	if (rc)
		return rc;
	rc = load_person(app, id, p, cause);
	if (rc) {
		dot_store_rollback(app->st);
		return rc;
	}
	app_counts_before(app, p);
	*label = dot_app_person_label(p);
	return 0;
}

int
dot_app_charter(struct dot_app *app, int64_t person, bool withdraw,
		int64_t *seq, char **cause)
{
	struct dot_journal_in j = {.person_id = person};
	struct dot_person p;
	char now[32], *label = NULL, *pj = NULL, *data = NULL;
	int rc;

	rc = begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	if (!withdraw && p.charter_at) {
		rc = dot_fail(
			cause, DOT_ERULE,
			_("the charter of %s is already recorded (%.10s)"),
			label, p.charter_at);
		goto fail;
	}
	if (withdraw && !p.charter_at) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("no charter is recorded for %s"), label);
		goto fail;
	}
	if (withdraw && p.serial) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s holds device %s: undo the handover "
				"before withdrawing the charter"),
			      label, p.serial);
		goto fail;
	}
	if (!withdraw && !p.active) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("%s is no longer on the roster (inactive)"),
			      label);
		goto fail;
	}
	dot_time_now_iso(now);
	rc = dot_store_person_set_charter(app->st, person,
					  withdraw ? NULL : now, cause);
	if (rc)
		goto fail;
	pj = person_json(&p);
	data = dot_xasprintf("{\"person\":%s}", pj);
	j.type = withdraw ? DOT_JOURNAL_CHARTER_WITHDRAW : DOT_JOURNAL_CHARTER;
	j.data = data;
	rc = record(app, &j, seq, cause);
	goto out;
fail:
	dot_store_rollback(app->st);
out:
	free(label);
	free(pj);
	free(data);
	dot_person_release(&p);
	return rc;
}

/*
 * A per-queue boolean setting into *on: "1", "on" or absent (def) mean
 * yes. Returns 0 or DOT_ERUNTIME (with *cause) when it cannot be read.
 */
static int
queue_flag(struct dot_app *app, enum dot_queue_setting k, bool def, bool *on,
	   char **cause)
{
	char *key = dot_queue_setting_key(app->queue, k);
	char *v = NULL;
	int rc = dot_store_setting_get_key(app->st, key, &v, cause);

	*on = def;
	if (rc == 0 && v)
		*on = strcmp(v, "1") == 0 || strcmp(v, "on") == 0;
	free(v);
	free(key);
	return rc;
}

int
dot_app_default_accessories(struct dot_app *app, bool *microsd, bool *has_case,
			    char **cause)
{
	int rc = queue_flag(app, DOT_QSETTING_MICROSD, true, microsd, cause);

	if (rc == 0)
		rc = queue_flag(app, DOT_QSETTING_CASE, true, has_case, cause);
	return rc;
}

int
dot_app_assign(struct dot_app *app, int64_t person, const char *serial,
	       const struct dot_assign_opts *opts,
	       struct dot_assign_result *res, char **cause)
{
	static const struct dot_assign_opts defaults;
	struct dot_journal_in j = {.type = DOT_JOURNAL_ASSIGN,
				   .person_id = person};
	struct dot_assignment_in a = {.person_id = person,
				      .kind = DOT_HANDOVER_CESSION};
	char sn[DOT_SERIAL_BUF], today[11], now[32];
	char *label = NULL, *pj = NULL, *data = NULL;
	struct dot_person p;
	struct dot_holder h;
	enum dot_serial_reason r;
	bool charter_now = false, loan = false;
	int rc;

	memset(&h, 0, sizeof(h));
	if (!opts)
		opts = &defaults;
	/* a failed read must not hand over a cession where loans are the rule */
	rc = dot_app_loan_model(app, &loan, cause);
	if (rc)
		return rc;
	if (loan) {
		/* Normandie: the roll-call scan lends until loan.until. */
		struct dot_loan_opts lo = {
			.microsd = opts->microsd,
			.has_case = opts->has_case,
			.roll_call = true,
			.record_agreement = opts->record_charter,
		};

		return dot_app_loan(app, person, serial, &lo, res, cause);
	}
	r = dot_serial_check(serial, NULL, sn, sizeof(sn));
	if (r != DOT_SERIAL_OK)
		return dot_fail(cause, DOT_ERULE, "%s: %s", serial,
				dot_serial_reason_message(r));
	rc = begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	rc = DOT_ERULE;
	if (!p.active) {
		dot_fail(cause, rc,
			 _("%s is no longer on the roster (inactive): no "
			   "device can be handed over"),
			 label);
		goto fail;
	}
	if (!p.charter_at && !opts->record_charter) {
		dot_fail(cause, rc,
			 dot_i18n_station()
				 ? _("no signed charter recorded for %s: "
				     "collect "
				     "it, record it (F4), then scan again")
				 : _("no signed charter recorded for %s: "
				     "collect "
				     "it, record it ('dotation charter'), then "
				     "assign again"),
			 label);
		goto fail;
	}
	if (dot_store_serial_holder(app->st, sn, &h, cause) != 0) {
		rc = DOT_ERUNTIME;
		goto fail;
	}
	if (h.assignment_id && h.person_id == person) {
		dot_fail(cause, rc, _("%s already holds %s"), label, sn);
		goto fail;
	}
	if (h.assignment_id || h.remote) {
		dot_fail(cause, rc,
			 _("serial %s is already held by %s (since %s, "
			   "station %s): check the label"),
			 sn, h.name, h.since ? h.since : "?",
			 h.station ? h.station : "?");
		goto fail;
	}
	if (p.serial) {
		dot_fail(cause, rc,
			 _("%s already holds device %s: one device per "
			   "person (undo that handover first if it was a "
			   "mistake)"),
			 label, p.serial);
		goto fail;
	}
	rc = app_device_free(app, sn, DOT_HANDOVER_CESSION, true, NULL, NULL,
			     cause);
	if (rc)
		goto fail;
	if (!p.charter_at) {
		dot_time_now_iso(now);
		rc = dot_store_person_set_charter(app->st, person, now, cause);
		if (rc)
			goto fail;
		charter_now = true;
	}
	rc = dot_store_device_set(app->st, sn, DOT_DEVICE_CEDED, NULL, cause);
	if (rc)
		goto fail;
	dot_date_today(today);
	a.serial = sn;
	a.microsd = opts->microsd;
	a.has_case = opts->has_case;
	a.start_date = today;
	a.queue = app->queue;
	a.operator_name = app->operator_name;
	rc = dot_store_assignment_add(app->st, &a, &j.assignment_id, cause);
	if (rc)
		goto fail;
	pj = person_json(&p);
	data = dot_xasprintf("{\"person\":%s,\"serial\":\"%s\","
			     "\"kind\":\"cession\",\"date\":\"%s\","
			     "\"microsd\":%s,\"case\":%s,\"charter\":%s}",
			     pj, sn, today, opts->microsd ? "true" : "false",
			     opts->has_case ? "true" : "false",
			     charter_now ? "true" : "false");
	j.serial = sn;
	j.data = data;
	rc = app_record_result(app, &j, sn, label, res, cause);
	goto out;
fail:
	dot_store_rollback(app->st);
out:
	free(label);
	free(pj);
	free(data);
	dot_holder_release(&h);
	dot_person_release(&p);
	return rc;
}

int
dot_app_absent(struct dot_app *app, int64_t person, bool absent, int64_t *seq,
	       char **cause)
{
	struct dot_journal_in j = {.type = DOT_JOURNAL_ABSENT,
				   .person_id = person};
	struct dot_person p;
	char today[11], *label = NULL, *pj = NULL, *data = NULL;
	int rc;

	rc = begin_person(app, person, &p, &label, cause);
	if (rc)
		return rc;
	if (p.absent == absent) {
		rc = dot_fail(cause, DOT_ERULE,
			      absent ? _("%s is already marked absent today")
				     : _("%s is not marked absent today"),
			      label);
		goto fail;
	}
	if (absent && p.serial) {
		rc = dot_fail(cause, DOT_ERULE, _("%s already holds device %s"),
			      label, p.serial);
		goto fail;
	}
	dot_date_today(today);
	rc = dot_store_person_set_absent(app->st, person, today, absent, cause);
	if (rc)
		goto fail;
	pj = person_json(&p);
	data = dot_xasprintf("{\"person\":%s,\"day\":\"%s\",\"absent\":%s}", pj,
			     today, absent ? "true" : "false");
	j.data = data;
	rc = record(app, &j, seq, cause);
	goto out;
fail:
	dot_store_rollback(app->st);
out:
	free(label);
	free(pj);
	free(data);
	dot_person_release(&p);
	return rc;
}

/* Read a boolean member of a flat JSON object we wrote ourselves. */
static bool
json_true(const char *json, const char *key)
{
	char *pat = dot_xasprintf("\"%s\":true", key);
	bool yes = json && strstr(json, pat) != NULL;

	free(pat);
	return yes;
}

/* The "day" member of an absent entry, into day (11 bytes). */
static void
json_day(const char *json, char day[11])
{
	const char *p = json ? strstr(json, "\"day\":\"") : NULL;

	day[0] = '\0';
	if (p)
		snprintf(day, 11, "%.10s", p + 7);
}

/*
 * Undo entry seq; dry: check every guard, change nothing (the work is
 * done in the transaction and rolled back), return 0 when it would pass.
 */
static int
undo_run(struct dot_app *app, int64_t seq, bool dry, int64_t *undo_seq,
	 char **cause)
{
	struct dot_journal_in j = {.type = DOT_JOURNAL_UNDO, .ref_seq = seq};
	struct dot_journal_entry e;
	struct dot_person p;
	char now[32], day[11], *data = NULL, *pj = NULL;
	int64_t att;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = dot_store_begin(app->st, cause);
	if (rc)
		return rc;
	rc = dot_store_journal_get(app->st, seq, &e, cause);
	if (rc)
		goto fail;
	rc = DOT_ERULE;
	if (e.undone_by) {
		dot_fail(cause, rc, _("entry %lld is already undone (by %lld)"),
			 (long long)seq, (long long)e.undone_by);
		goto fail;
	}
	if (e.person_id && load_person(app, e.person_id, &p, cause) != 0)
		goto fail;
	/*
	 * An undo is allowed after an attestation (issuing a PDF is not a
	 * signature); the next attestation lists it in its rectifications,
	 * so the issued paper is never silently contradicted.
	 */
	if (e.type == DOT_JOURNAL_ASSIGN &&
	    dot_store_assignment_attestation(app->st, e.assignment_id, &att,
					     cause) != 0) {
		/* unknown is not "not covered": refuse rather than guess */
		rc = DOT_ERUNTIME;
		goto fail;
	} else if (e.type == DOT_JOURNAL_ASSIGN) {
		rc = dot_store_assignment_end(app->st, e.assignment_id, "undo",
					      DOT_DEVICE_STOCK, cause);
		if (rc == DOT_ERULE)
			dot_fail(cause, rc,
				 _("entry %lld can no longer be undone: the "
				   "device was returned or replaced since"),
				 (long long)seq);
		if (rc == 0 && json_true(e.data, "charter"))
			rc = dot_store_person_set_charter(app->st, e.person_id,
							  NULL, cause);
	} else if (e.type == DOT_JOURNAL_CHARTER) {
		if (p.serial) {
			dot_fail(cause, rc,
				 _("%s %s holds device %s: undo that handover "
				   "first"),
				 p.last_name, p.first_name, p.serial);
			goto fail;
		}
		rc = dot_store_person_set_charter(app->st, e.person_id, NULL,
						  cause);
	} else if (e.type == DOT_JOURNAL_CHARTER_WITHDRAW) {
		dot_time_now_iso(now);
		rc = dot_store_person_set_charter(app->st, e.person_id, now,
						  cause);
	} else if (e.type == DOT_JOURNAL_ABSENT) {
		json_day(e.data, day);
		rc = dot_store_person_set_absent(app->st, e.person_id, day,
						 !json_true(e.data, "absent"),
						 cause);
	} else if (app_year_undoable(e.type)) {
		rc = app_year_undo(app, &e, cause);
	} else {
		dot_fail(cause, rc,
			 _("entry %lld (%s) cannot be undone: only handovers, "
			   "charters and absences can"),
			 (long long)seq, dot_journal_type_name(e.type));
		goto fail;
	}
	if (rc)
		goto fail;
	pj = e.person_id ? person_json(&p) : dot_xstrdup("null");
	data = dot_xasprintf(
		"{\"undoes\":{\"seq\":%lld,\"uuid\":\"%s\","
		"\"type\":\"%s\"},\"person\":%s,\"serial\":%s%s%s}",
		(long long)seq, e.uuid, dot_journal_type_name(e.type), pj,
		e.serial ? "\"" : "", e.serial ? e.serial : "null",
		e.serial ? "\"" : "");
	j.person_id = e.person_id;
	j.serial = e.serial;
	j.assignment_id = e.assignment_id;
	j.data = data;
	if (dry) {
		dot_store_rollback(app->st);
		rc = 0;
		goto out;
	}
	rc = record(app, &j, undo_seq, cause);
	goto out;
fail:
	dot_store_rollback(app->st);
out:
	free(data);
	free(pj);
	dot_journal_entry_release(&e);
	dot_person_release(&p);
	return rc;
}

int
dot_app_undo(struct dot_app *app, int64_t seq, int64_t *undo_seq, char **cause)
{
	return undo_run(app, seq, false, undo_seq, cause);
}

int
dot_app_undo_check(struct dot_app *app, int64_t seq, char **cause)
{
	return undo_run(app, seq, true, NULL, cause);
}

/* What an operator may undo from a queue: their own actions on people. */
static const uint32_t undoable_types =
	DOT_JOURNAL_BIT(DOT_JOURNAL_ASSIGN) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_CHARTER) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_CHARTER_WITHDRAW) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_ABSENT) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN_AGREEMENT) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_STOCK) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_RETURN) | DOT_JOURNAL_BIT(DOT_JOURNAL_HS) |
	DOT_JOURNAL_BIT(DOT_JOURNAL_LOST);

int
dot_app_last_undoable(struct dot_app *app, int64_t *seq, char **cause)
{
	return dot_store_journal_last_of(app->st, app->queue, undoable_types,
					 seq, cause);
}

const char *
dot_app_operator(const struct dot_app *app)
{
	return app->operator_name;
}

int
app_record(struct dot_app *app, struct dot_journal_in *j, int64_t *seq,
	   char **cause)
{
	return record(app, j, seq, cause);
}

int
app_record_result(struct dot_app *app, struct dot_journal_in *j, const char *sn,
		  const char *label, struct dot_assign_result *res,
		  char **cause)
{
	int rc = record(app, j, res ? &res->seq : NULL, cause);

	if (rc == 0 && res) {
		snprintf(res->serial, sizeof(res->serial), "%s", sn);
		snprintf(res->name, sizeof(res->name), "%s",
			 label ? label : "");
	}
	return rc;
}

char *
app_person_json(const struct dot_person *p)
{
	return person_json(p);
}

int
app_begin_person(struct dot_app *app, int64_t id, struct dot_person *p,
		 char **label, char **cause)
{
	return begin_person(app, id, p, label, cause);
}
