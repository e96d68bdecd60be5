/*
 * One sync run: push the outbox, then pull the two feeds. The order
 * matters: our own events go up first so that the upstream decides
 * conflicts on what we did before we learn what others did.
 *
 * Exactly once rests on three rules: an entry is marked only from a
 * validated 200 answer naming its uuid; marks are written in one
 * transaction per batch; anything else leaves the entry pending and it is
 * resent with the same uuid, which the upstream answers "duplicate".
 * Cursors advance only after the page they follow is applied.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"
#include "sync_int.h"

/* A bound on pages per feed and run, against a server that never ends. */
#define MAX_PAGES 10000

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void
global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
sync_global_init(void)
{
	pthread_once(&global_once, global_init);
}

struct run {
	struct dot_app *app;
	struct dot_store *st;
	const struct dot_sync_config *cfg;
	struct sync_http *http;
	dot_sync_progress_fn progress;
	void *pdata;
	struct dot_sync_report *rep;
	char *uai, *station;
};

static void say(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(struct run *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!r->progress)
		return;
	va_start(ap, fmt);
	msg = dot_xvasprintf(fmt, ap);
	va_end(ap);
	r->progress(msg, r->pdata);
	free(msg);
}

/* Percent-encode s for a query string (RFC 3986 unreserved kept). */
static char *
escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = dot_xmalloc(strlen(s) * 3 + 1), *p = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

/* ---- push
 * --------------------------------------------------------------------- */

struct results_arg {
	const struct dot_journal_entry *batch;
	size_t n;
	struct sync_results res;
};

static int
check_results(const char *body, size_t len, void *data, char **why)
{
	struct results_arg *a = data;

	sync_results_release(&a->res);
	return sync_parse_results(body, len, a->batch, a->n, &a->res, why);
}

static enum dot_sync_outcome
push(struct run *r, char **cause)
{
	struct dot_sync_report *rep = r->rep;
	int64_t after = 0, total = 0;
	enum dot_sync_outcome oc = DOT_SYNC_OK;
	int done = 0;

	if (dot_store_sync_counts(r->st, &total, NULL, cause))
		return DOT_SYNC_LOCAL;
	if (total)
		say(r, _("pushing %lld journal entries"), (long long)total);
	for (;;) {
		struct dot_journal_list l;
		struct results_arg a = {0};
		char *body;
		size_t len, i;
		int marked;

		if (dot_store_sync_pending(r->st, after, r->cfg->batch, &l,
					   cause))
			return DOT_SYNC_LOCAL;
		if (l.n == 0)
			break;
		body = sync_events_body(r->uai, r->station, l.v, l.n, &len);
		a.batch = l.v;
		a.n = l.n;
		oc = sync_http_request(r->http, "/v1/events", body, len,
				       check_results, &a, rep, cause);
		free(body);
		if (oc == DOT_SYNC_OK) {
			rep->sent += (int)l.n;
			if (dot_store_sync_mark(r->st, a.res.v, a.res.n,
						&marked, cause))
				oc = DOT_SYNC_LOCAL;
		}
		if (oc == DOT_SYNC_OK) {
			for (i = 0; i < a.res.n; i++) {
				switch (a.res.v[i].state) {
				case DOT_PUSH_ACCEPTED:
					rep->accepted++;
					break;
				case DOT_PUSH_DUPLICATE:
					rep->duplicate++;
					break;
				case DOT_PUSH_CONFLICT:
					rep->conflict++;
					break;
				default: /* proto.c admits no other */
					rep->rejected++;
					break;
				}
			}
			if (a.res.missing)
				say(r,
				    _("the upstream did not answer for %zu "
				      "events: they stay pending"),
				    a.res.missing);
			after = l.v[l.n - 1].seq;
			done += (int)l.n;
			say(r, _("pushed %d of %lld entries"), done,
			    (long long)(total > done ? total : done));
		}
		sync_results_release(&a.res);
		dot_journal_list_release(&l);
		if (oc != DOT_SYNC_OK)
			return oc;
	}
	return DOT_SYNC_OK;
}

/* ---- pull
 * ----------------------------------------------------------------------- */

static int
check_feed(const char *body, size_t len, void *data, char **why)
{
	struct sync_feed *f = data;

	sync_feed_release(f);
	return sync_parse_feed(body, len, f, why);
}

/*
 * The roster rows of a pull. Into a non-empty roster each page is one
 * transaction with its cursor (no journal entry of its own: the pull
 * records one at its end). Into an empty roster the pages are gathered
 * (their strings copied out of the JSON) and imported at the end as one
 * first import, the way a roster file is.
 */
struct roster_pull {
	bool gather;
	struct sync_person *rows; /* gathered rows, strings owned */
	size_t n, cap;
	struct dot_import_summary total;
	const char *key; /* the cursor's setting */
	/*
	 * Gathering, the rows also go into the first import as they come
	 * (run), while the next page is fetched; the gathered copies serve
	 * only when that import fails on a rule (then redone as before).
	 */
	struct dot_import_run *run;
	struct dot_import_opts opts; /* run's */
	bool run_failed;
};

static void
roster_pull_release(struct roster_pull *p)
{
	size_t i;

	dot_app_import_abort(p->run);
	for (i = 0; i < p->n; i++) {
		free((char *)p->rows[i].in.ext_id);
		free((char *)p->rows[i].in.last_name);
		free((char *)p->rows[i].in.first_name);
		free((char *)p->rows[i].in.class_name);
		if (p->rows[i].ine_odd)
			free((char *)p->rows[i].in.ine);
	}
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

static char *
dup_or_null(const char *s)
{
	return s ? dot_xstrdup(s) : NULL;
}

/* Keep a copy of row; its birth and INE point into it once gathered. */
static void
gather(struct roster_pull *p, const struct sync_person *row)
{
	struct sync_person *c;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->rows = dot_xrealloc(p->rows, p->cap * sizeof(*p->rows));
	}
	c = &p->rows[p->n++];
	*c = *row;
	c->in.ext_id = dup_or_null(row->in.ext_id);
	c->in.last_name = dup_or_null(row->in.last_name);
	c->in.first_name = dup_or_null(row->in.first_name);
	c->in.class_name = dup_or_null(row->in.class_name);
	if (row->ine_odd)
		c->in.ine = dup_or_null(row->in.ine);
	c->in.line = (int)p->n;
}

static void
add_sum(struct run *r, struct roster_pull *p,
	const struct dot_import_summary *sum)
{
	r->rep->roster_added += sum->added;
	r->rep->roster_updated += sum->updated;
	p->total.added += sum->added;
	p->total.updated += sum->updated;
	p->total.deactivated += sum->deactivated;
}

/* The import rows of rows (birth and INE from their own buffers). */
static struct dot_person_in *
person_ins(struct sync_person *rows, size_t n)
{
	struct dot_person_in *in = dot_xcalloc(n ? n : 1, sizeof(*in));
	size_t i;

	for (i = 0; i < n; i++) {
		in[i] = rows[i].in;
		if (rows[i].in.birth_date)
			in[i].birth_date = rows[i].birth;
		if (rows[i].in.ine && !rows[i].ine_odd)
			in[i].ine = rows[i].ine;
	}
	return in;
}

/*
 * Import rows and write the cursor in the same transaction; two rows
 * naming one person fall back to one at a time (the later change of a
 * person wins, as it would upstream), then the cursor alone.
 */
static int
import_rows(struct run *r, struct roster_pull *p, struct sync_person *rows,
	    size_t n, const char *cursor, bool journal, char **cause)
{
	struct dot_person_in *in = person_ins(rows, n);
	struct dot_import_opts opts = {.source = "upstream",
				       .setting_key = cursor ? p->key : NULL,
				       .setting_value = cursor,
				       .no_journal = !journal};
	struct dot_import_summary sum;
	size_t i;
	int rc;

	rc = dot_app_import(r->app, in, n, &opts, &sum, cause);
	if (rc == 0) {
		add_sum(r, p, &sum);
	} else if (rc == DOT_ERULE) {
		free(*cause);
		*cause = NULL;
		opts.setting_key = opts.setting_value = NULL;
		opts.no_journal = true;
		for (i = 0, rc = 0; i < n && rc == 0; i++) {
			rc = dot_app_import(r->app, &in[i], 1, &opts, &sum,
					    cause);
			add_sum(r, p, &sum);
		}
		if (rc == 0 && cursor)
			rc = dot_store_setting_set_key(r->st, p->key, cursor,
						       cause);
		if (rc == 0 && journal)
			rc = dot_app_import_record(r->app, "upstream",
						   &p->total, cause);
	}
	free(in);
	return rc;
}

/*
 * The gathered rows from first on into the first import under way (begun
 * at the first page). A failure leaves it to finish_roster, which imports
 * the gathered rows as before.
 */
static void
run_rows(struct run *r, struct roster_pull *p, size_t first)
{
	struct dot_person_in *in;
	char *why = NULL;

	if (p->run_failed)
		return;
	if (!p->run) {
		p->opts.source = "upstream";
		/* many rows may come: the page cache and the bulk path */
		if (dot_app_import_start(r->app, &p->opts, (size_t)1 << 20,
					 &p->run, &why) != 0) {
			p->run_failed = true;
			free(why);
			return;
		}
	}
	in = person_ins(p->rows + first, p->n - first);
	if (dot_app_import_add(p->run, in, p->n - first, &why) != 0) {
		dot_app_import_abort(p->run);
		p->run = NULL;
		p->run_failed = true;
		free(why);
	}
	free(in);
}

/* One page of the roster feed: rows imported (or gathered), cursor kept. */
static int
apply_roster(struct run *r, struct roster_pull *p, json_t *items,
	     const char *cursor, char **cause)
{
	size_t n = json_array_size(items), i, k = 0, first = p->n;
	struct sync_person *rows = dot_xcalloc(n ? n : 1, sizeof(*rows));
	json_t *item;
	int rc = 0;

	json_array_foreach(items, i, item)
	{
		char *why = NULL;

		if (sync_roster_item(item, (int)i, &rows[k], &why) == 0) {
			if (p->gather)
				gather(p, &rows[k]);
			else
				k++;
		} else {
			/* Skipped rather than blocking the feed forever;
			 * the message names the item, not the person. */
			r->rep->roster_skipped++;
			say(r, _("roster change skipped: %s"), why);
		}
		free(why);
	}
	if (!p->gather && (k || cursor))
		rc = import_rows(r, p, rows, k, cursor, false, cause);
	if (p->gather && p->n > first)
		run_rows(r, p, first);
	free(rows);
	return rc;
}

/*
 * The end of a roster pull: the gathered first import, with the last
 * cursor applied (even after a failed page, what came before is kept),
 * or the one journal entry of the pages imported.
 */
static int
finish_roster(struct run *r, struct roster_pull *p, const char *cursor,
	      char **cause)
{
	if (p->gather && p->run) {
		struct dot_import_summary sum;
		int rc;

		p->opts.setting_key = cursor ? p->key : NULL;
		p->opts.setting_value = cursor;
		rc = dot_app_import_end(p->run, &sum, cause);
		p->run = NULL;
		if (rc != DOT_ERULE) {
			if (rc == 0)
				add_sum(r, p, &sum);
			return rc;
		}
		/* two rows naming one person: as before, one at a time */
		free(*cause);
		*cause = NULL;
	}
	if (p->gather && p->n)
		return import_rows(r, p, p->rows, p->n, cursor, true, cause);
	if (p->gather && cursor)
		return dot_store_setting_set_key(r->st, p->key, cursor, cause);
	return dot_app_import_record(r->app, "upstream", &p->total, cause);
}

static int
apply_assignments(struct run *r, json_t *items, const char *key,
		  const char *cursor, char **cause)
{
	json_t *item;
	size_t i;

	if (dot_store_begin(r->st, cause))
		return DOT_ERUNTIME;
	json_array_foreach(items, i, item)
	{
		struct sync_holding h;
		char *why = NULL;
		int rc;

		if (sync_assignment_item(item, &h, &why) != 0) {
			say(r, _("assignment change skipped: %s"), why);
			free(why);
			continue;
		}
		/* Our own handovers are in our own tables already. */
		if (h.r.station && strcmp(h.r.station, r->station) == 0 &&
		    (!h.r.uai || strcmp(h.r.uai, r->uai) == 0))
			continue;
		if (h.active) {
			rc = dot_store_remote_upsert(r->st, &h.r, cause);
			r->rep->remote_set++;
		} else {
			rc = dot_store_remote_delete(r->st, h.serial, cause);
			r->rep->remote_cleared++;
		}
		if (rc)
			goto fail;
	}
	if (cursor && dot_store_setting_set_key(r->st, key, cursor, cause))
		goto fail;
	return dot_store_commit(r->st, cause);
fail:
	dot_store_rollback(r->st);
	return DOT_ERUNTIME;
}

/*
 * A pull into an empty roster fetches its pages in a thread of its own
 * (the request, the wait for the answer, the JSON), a few pages ahead,
 * while this thread inserts the rows of the pages already there: the
 * pull then costs its requests plus the end of one first import, not
 * the requests plus the whole import.
 */
#define FETCH_AHEAD 4

struct fetched {
	struct sync_feed f;
	enum dot_sync_outcome oc;
	char *cause;
	bool last; /* nothing follows it */
};

struct fetcher {
	struct run *r;
	const char *feed, *quai;
	char *cursor; /* the fetching thread's */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct fetched q[FETCH_AHEAD];
	size_t head, count;
	bool done, stop;
};

static void *
fetch_pages(void *data)
{
	struct fetcher *fe = data;
	int page;

	for (page = 0; page < MAX_PAGES; page++) {
		struct fetched x = {0};
		char *qc = fe->cursor ? escape(fe->cursor) : NULL;
		char *path =
			qc ? dot_xasprintf("/v1/%s?uai=%s&since=%s", fe->feed,
					   fe->quai, qc)
			   : dot_xasprintf("/v1/%s?uai=%s", fe->feed, fe->quai);
		bool stop;

		free(qc);
		x.oc = sync_http_request(fe->r->http, path, NULL, 0, check_feed,
					 &x.f, fe->r->rep, &x.cause);
		free(path);
		if (x.oc == DOT_SYNC_OK) {
			/* An empty page, or a cursor that does not move. */
			x.last = json_array_size(x.f.items) == 0 ||
				 !x.f.cursor ||
				 (fe->cursor &&
				  strcmp(fe->cursor, x.f.cursor) == 0);
			if (x.f.cursor) {
				free(fe->cursor);
				fe->cursor = dot_xstrdup(x.f.cursor);
			}
		} else {
			sync_feed_release(&x.f);
			x.last = true;
		}
		pthread_mutex_lock(&fe->mu);
		while (fe->count == FETCH_AHEAD && !fe->stop)
			pthread_cond_wait(&fe->cv, &fe->mu);
		stop = fe->stop;
		if (!stop) {
			fe->q[(fe->head + fe->count) % FETCH_AHEAD] = x;
			fe->count++;
			pthread_cond_broadcast(&fe->cv);
		}
		pthread_mutex_unlock(&fe->mu);
		if (stop) {
			sync_feed_release(&x.f);
			free(x.cause);
			break;
		}
		if (x.last)
			break;
	}
	pthread_mutex_lock(&fe->mu);
	fe->done = true;
	pthread_cond_broadcast(&fe->cv);
	pthread_mutex_unlock(&fe->mu);
	return NULL;
}

/* The next fetched page into *x; false when there is none any more. */
static bool
fetch_next(struct fetcher *fe, struct fetched *x)
{
	bool got;

	pthread_mutex_lock(&fe->mu);
	while (fe->count == 0 && !fe->done)
		pthread_cond_wait(&fe->cv, &fe->mu);
	got = fe->count > 0;
	if (got) {
		*x = fe->q[fe->head];
		fe->head = (fe->head + 1) % FETCH_AHEAD;
		fe->count--;
		pthread_cond_broadcast(&fe->cv);
	}
	pthread_mutex_unlock(&fe->mu);
	return got;
}

/* Stop the fetching thread (after its request under way) and wait. */
static void
fetch_stop(struct fetcher *fe)
{
	struct fetched x;

	pthread_mutex_lock(&fe->mu);
	fe->stop = true;
	pthread_cond_broadcast(&fe->cv);
	pthread_mutex_unlock(&fe->mu);
	pthread_join(fe->thread, NULL);
	while (fetch_next(fe, &x)) {
		sync_feed_release(&x.f);
		free(x.cause);
	}
	pthread_cond_destroy(&fe->cv);
	pthread_mutex_destroy(&fe->mu);
	free(fe->cursor);
}

/*
 * The pages of a pull into an empty roster, as pull()'s loop, into *oc;
 * false when no thread could be started (pull() then fetches them).
 */
static bool
pull_gathered(struct run *r, struct roster_pull *rp, const char *feed,
	      const char *quai, char **cursor, int *count,
	      enum dot_sync_outcome *oc, char **cause)
{
	struct fetcher fe = {.r = r, .feed = feed, .quai = quai};
	struct fetched x;

	fe.cursor = *cursor ? dot_xstrdup(*cursor) : NULL;
	pthread_mutex_init(&fe.mu, NULL);
	pthread_cond_init(&fe.cv, NULL);
	if (pthread_create(&fe.thread, NULL, fetch_pages, &fe) != 0) {
		pthread_cond_destroy(&fe.cv);
		pthread_mutex_destroy(&fe.mu);
		free(fe.cursor);
		return false;
	}
	while (fetch_next(&fe, &x)) {
		size_t n;

		if (x.oc != DOT_SYNC_OK) {
			*oc = x.oc;
			*cause = x.cause;
			break;
		}
		n = json_array_size(x.f.items);
		r->rep->roster_items += (int)n;
		if (apply_roster(r, rp, x.f.items, x.f.cursor, cause)) {
			*oc = DOT_SYNC_LOCAL;
			sync_feed_release(&x.f);
			break;
		}
		*count += (int)n;
		if (x.f.cursor) {
			free(*cursor);
			*cursor = dot_xstrdup(x.f.cursor);
		}
		sync_feed_release(&x.f);
		if (x.last)
			break;
	}
	fetch_stop(&fe);
	return true;
}

static enum dot_sync_outcome
pull(struct run *r, enum dot_sync_feed which, char **cause)
{
	const char *feed = dot_sync_feed_name(which);
	const char *key = dot_sync_cursor_key(which);
	char *cursor = NULL, *quai;
	enum dot_sync_outcome oc = DOT_SYNC_OK;
	bool roster = which == DOT_FEED_ROSTER;
	struct roster_pull rp = {.key = key};
	int64_t known = 0;
	int page, count = 0;
	bool threaded;

	/* An unreadable cursor is not "pull from the start". */
	if (dot_store_setting_get_key(r->st, key, &cursor, cause))
		return DOT_SYNC_LOCAL;
	quai = escape(r->uai);

	/* An unknown count is not "empty": pull page by page then. */
	rp.gather = roster &&
		    dot_store_people_count(r->st, &known, NULL) == 0 &&
		    known == 0;

	threaded = rp.gather && pull_gathered(r, &rp, feed, quai, &cursor,
					      &count, &oc, cause);
	for (page = 0; page < MAX_PAGES && !threaded; page++) {
		struct sync_feed f = {0};
		char *qc = cursor ? escape(cursor) : NULL;
		char *path = qc ? dot_xasprintf("/v1/%s?uai=%s&since=%s", feed,
						quai, qc)
				: dot_xasprintf("/v1/%s?uai=%s", feed, quai);
		size_t n;
		bool last;
		int rc;

		free(qc);
		oc = sync_http_request(r->http, path, NULL, 0, check_feed, &f,
				       r->rep, cause);
		free(path);
		if (oc != DOT_SYNC_OK) {
			sync_feed_release(&f);
			break;
		}
		n = json_array_size(f.items);
		if (roster) {
			r->rep->roster_items += (int)n;
			rc = apply_roster(r, &rp, f.items, f.cursor, cause);
		} else {
			rc = apply_assignments(r, f.items, key, f.cursor,
					       cause);
		}
		if (rc) {
			oc = DOT_SYNC_LOCAL;
			sync_feed_release(&f);
			break;
		}
		count += (int)n;
		/* An empty page, or a cursor that does not move, ends it. */
		last = n == 0 || !f.cursor ||
		       (cursor && strcmp(cursor, f.cursor) == 0);
		if (f.cursor) {
			free(cursor);
			cursor = dot_xstrdup(f.cursor);
		}
		sync_feed_release(&f);
		if (last)
			break;
	}
	if (roster) {
		/* A failed page keeps the pages before it. */
		char *why = NULL;

		if (finish_roster(r, &rp, cursor, &why) && oc == DOT_SYNC_OK) {
			oc = DOT_SYNC_LOCAL;
			*cause = why;
			why = NULL;
		}
		free(why);
	}
	roster_pull_release(&rp);
	if (oc == DOT_SYNC_OK && count)
		say(r,
		    roster ? _("pulled %d roster changes")
			   : _("pulled %d assignment changes"),
		    count);
	free(cursor);
	free(quai);
	return oc;
}

/* ---- a run
 * ------------------------------------------------------------------- */

static int
outcome_rc(enum dot_sync_outcome oc, int open_rc)
{
	switch (oc) {
	case DOT_SYNC_OK:
		return 0;
	case DOT_SYNC_CONFIG:
		return open_rc ? open_rc : DOT_EUSAGE;
	default:
		return DOT_ERUNTIME;
	}
}

int
sync_run(struct dot_app *app, const struct dot_sync_config *cfg,
	 const struct sync_cancel *cancel, dot_sync_progress_fn progress,
	 void *data, struct dot_sync_report *rep, long *retry_after_ms,
	 char **cause)
{
	struct run r = {.app = app,
			.st = dot_app_store(app),
			.cfg = cfg,
			.progress = progress,
			.pdata = data,
			.rep = rep};
	enum dot_sync_outcome oc = DOT_SYNC_OK;
	char now[32];
	int open_rc = 0;

	memset(rep, 0, sizeof(*rep));
	if (retry_after_ms)
		*retry_after_ms = 0;
	sync_global_init();
	if (dot_store_setting_get(r.st, DOT_SETTING_UAI, &r.uai, cause) ||
	    !(r.station = dot_store_sync_station(r.st, cause))) {
		oc = DOT_SYNC_LOCAL;
		goto out;
	}
	if (!r.uai) {
		oc = DOT_SYNC_CONFIG;
		dot_fail(cause, DOT_EUSAGE, "%s",
			 dot_i18n_station()
				 ? _("the establishment is not set on this "
				     "station: whoever set it up sets it first")
				 : _("the establishment is not set: run "
				     "'dotation init --uai UAI --name NAME' "
				     "first"));
		goto out;
	}
	open_rc = sync_http_open(cfg, cancel, &r.http, cause);
	if (open_rc) {
		oc = DOT_SYNC_CONFIG;
		goto out;
	}
	oc = push(&r, cause);
	if (oc == DOT_SYNC_OK)
		oc = pull(&r, DOT_FEED_ROSTER, cause);
	if (oc == DOT_SYNC_OK)
		oc = pull(&r, DOT_FEED_ASSIGNMENTS, cause);
	if (retry_after_ms && r.http)
		*retry_after_ms = sync_http_retry_after(r.http);
out:
	rep->outcome = oc;
	dot_store_sync_counts(r.st, &rep->pending, &rep->conflicts, NULL);
	dot_time_now_iso(now);
	if (oc == DOT_SYNC_OK) {
		dot_store_setting_set(r.st, DOT_SETTING_SYNC_LAST_SUCCESS, now,
				      NULL);
		dot_store_setting_set(r.st, DOT_SETTING_SYNC_LAST_ERROR, NULL,
				      NULL);
		dot_store_setting_set(r.st, DOT_SETTING_SYNC_LAST_ERROR_AT,
				      NULL, NULL);
	} else if (oc != DOT_SYNC_CANCELLED && cause && *cause) {
		dot_store_setting_set(r.st, DOT_SETTING_SYNC_LAST_ERROR, *cause,
				      NULL);
		dot_store_setting_set(r.st, DOT_SETTING_SYNC_LAST_ERROR_AT, now,
				      NULL);
	}
	sync_http_free(r.http);
	free(r.uai);
	free(r.station);
	return outcome_rc(oc, open_rc);
}

int
dot_sync_run(struct dot_app *app, const struct dot_sync_config *cfg,
	     dot_sync_progress_fn progress, void *data,
	     struct dot_sync_report *rep, char **cause)
{
	return sync_run(app, cfg, NULL, progress, data, rep, NULL, cause);
}
