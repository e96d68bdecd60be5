/*
 * The roll call, the view model between the store and every screen or
 * document that asks "who is still to equip": the one home of "to
 * equip", "absent", "next", "done" and of the counts built on them (as
 * ncdu's dirlist sits between the scan and the browser). A roll keeps the
 * rows of one class (or of a search) in memory; a use case run through
 * it reads back only the person it changed, so the station's scan path
 * does not grow with the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

struct dot_roll {
	struct dot_app *app;
	char *class_name;  /* NULL for a search */
	unsigned profiles; /* class rolls */
	char *search;      /* search rolls */
	int limit;
	struct dot_person_list people;
	bool *homonym; /* per row */
	struct dot_roll_counts counts;
	int64_t data_version;
};

/* ---- the rules ------------------------------------------------------------ */

enum dot_roll_state
dot_roll_state_of(const struct dot_person *p)
{
	if (!p->active)
		return DOT_ROLL_INACTIVE;
	if (p->serial)
		return DOT_ROLL_EQUIPPED;
	if (p->absent)
		return DOT_ROLL_ABSENT;
	return DOT_ROLL_WAITING;
}

bool
dot_roll_to_equip(const struct dot_person *p)
{
	enum dot_roll_state s = dot_roll_state_of(p);

	return s == DOT_ROLL_WAITING || s == DOT_ROLL_ABSENT;
}

bool
dot_roll_to_correct(const struct dot_person *p)
{
	return p->serial && p->remote_station;
}

void
dot_roll_counts_add(struct dot_roll_counts *c, const struct dot_person *p,
		    int sign)
{
	enum dot_roll_state s = dot_roll_state_of(p);

	if (s == DOT_ROLL_INACTIVE)
		return;
	c->people += sign;
	c->charters += p->charter_at ? sign : 0;
	if (s == DOT_ROLL_EQUIPPED) {
		c->equipped += sign;
		c->to_correct += dot_roll_to_correct(p) ? sign : 0;
		if (p->kind == DOT_HANDOVER_LOAN)
			c->loans += sign;
		else
			c->cessions += sign;
	} else {
		c->to_equip += sign;
		if (s == DOT_ROLL_ABSENT)
			c->absent += sign;
		else
			c->waiting += sign;
	}
}

/* ---- loading -------------------------------------------------------------- */

struct name_row {
	char *key; /* folded "last|first" */
	size_t row;
};

static int
cmp_name_row(const void *a, const void *b)
{
	const struct name_row *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* Mark the rows whose folded names another row shares. */
static void
find_homonyms(struct dot_roll *r)
{
	size_t n = r->people.n, i;
	struct name_row *v = dot_xcalloc(n ? n : 1, sizeof(*v));

	free(r->homonym);
	r->homonym = dot_xcalloc(n ? n : 1, sizeof(*r->homonym));
	for (i = 0; i < n; i++) {
		v[i].key = dot_person_identity_key(r->people.v[i].last_name,
						   r->people.v[i].first_name,
						   NULL);
		v[i].row = i;
	}
	qsort(v, n, sizeof(*v), cmp_name_row);
	for (i = 1; i < n; i++)
		if (strcmp(v[i].key, v[i - 1].key) == 0)
			r->homonym[v[i].row] = r->homonym[v[i - 1].row] = true;
	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

static void
recount(struct dot_roll *r)
{
	size_t i;

	memset(&r->counts, 0, sizeof(r->counts));
	for (i = 0; i < r->people.n; i++)
		dot_roll_counts_add(&r->counts, &r->people.v[i], 1);
}

/* Read the rows (again); on failure the roll keeps its old rows. */
static int
load(struct dot_roll *r, char **cause)
{
	struct dot_store *st = dot_app_store(r->app);
	struct dot_people_filter f = {0};
	struct dot_person_list l;
	int64_t version = dot_store_data_version(st);
	int rc;

	f.class_name = r->class_name;
	f.profiles = r->profiles;
	f.search = r->search;
	f.limit = r->limit;
	rc = dot_store_people(st, &f, &l, cause);
	if (rc)
		return rc;
	/* the paper the establishment's model requires (charter or loan) */
	rc = dot_app_paper_view(r->app, l.v, l.n, cause);
	if (rc) {
		dot_person_list_release(&l);
		return rc;
	}
	dot_person_list_release(&r->people);
	r->people = l;
	r->data_version = version;
	find_homonyms(r);
	recount(r);
	return 0;
}

static int
roll_open(struct dot_app *app, const char *class_name, unsigned profiles,
	  const char *search, int limit, struct dot_roll **out, char **cause)
{
	struct dot_roll *r = dot_xcalloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	r->app = app;
	r->class_name = class_name ? dot_xstrdup(class_name) : NULL;
	r->profiles = profiles;
	r->search = search ? dot_xstrdup(search) : NULL;
	r->limit = limit;
	rc = load(r, cause);
	if (rc) {
		dot_roll_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
dot_roll_open_class(struct dot_app *app, const char *class_name,
		    unsigned profiles, struct dot_roll **out, char **cause)
{
	return roll_open(app, class_name ? class_name : "", profiles, NULL, 0,
			 out, cause);
}

int
dot_roll_open_search(struct dot_app *app, const char *text, int limit,
		     struct dot_roll **out, char **cause)
{
	return roll_open(app, NULL, 0, text ? text : "", limit, out, cause);
}

void
dot_roll_free(struct dot_roll *r)
{
	if (!r)
		return;
	dot_person_list_release(&r->people);
	free(r->homonym);
	free(r->class_name);
	free(r->search);
	free(r);
}

/* ---- reading -------------------------------------------------------------- */

const char *
dot_roll_class(const struct dot_roll *r)
{
	return r->class_name;
}

size_t
dot_roll_size(const struct dot_roll *r)
{
	return r->people.n;
}

const struct dot_person *
dot_roll_person(const struct dot_roll *r, size_t i)
{
	return i < r->people.n ? &r->people.v[i] : NULL;
}

enum dot_roll_state
dot_roll_row_state(const struct dot_roll *r, size_t i)
{
	return i < r->people.n ? dot_roll_state_of(&r->people.v[i])
			       : DOT_ROLL_INACTIVE;
}

bool
dot_roll_homonym(const struct dot_roll *r, size_t i)
{
	return i < r->people.n && r->homonym[i];
}

const struct dot_roll_counts *
dot_roll_counts(const struct dot_roll *r)
{
	return &r->counts;
}

size_t
dot_roll_find(const struct dot_roll *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->people.n; i++)
		if (r->people.v[i].id == id)
			return i;
	return DOT_ROLL_NONE;
}

size_t
dot_roll_next(const struct dot_roll *r, size_t from)
{
	size_t n = r->people.n, k, i;

	if (!n || r->counts.waiting == 0)
		return DOT_ROLL_NONE;
	if (from >= n) {
		from = n - 1; /* so that row 0 comes first */
	}
	for (k = 1; k <= n; k++) {
		i = (from + k) % n;
		if (dot_roll_state_of(&r->people.v[i]) == DOT_ROLL_WAITING)
			return i;
	}
	return DOT_ROLL_NONE;
}

bool
dot_roll_done(const struct dot_roll *r)
{
	return r->counts.waiting == 0;
}

/* ---- changes -------------------------------------------------------------- */

/* Read row i's person again and move the counts with it. */
static int
reread(struct dot_roll *r, size_t i, char **cause)
{
	struct dot_person p;
	int rc;

	rc = dot_store_person_get(dot_app_store(r->app), r->people.v[i].id, &p,
				  cause);
	if (rc)
		return rc == DOT_ERULE ? DOT_ERUNTIME : rc;
	rc = dot_app_paper_view(r->app, &p, 1, cause);
	if (rc) {
		dot_person_release(&p);
		return rc;
	}
	dot_roll_counts_add(&r->counts, &r->people.v[i], -1);
	dot_person_release(&r->people.v[i]);
	r->people.v[i] = p;
	dot_roll_counts_add(&r->counts, &r->people.v[i], 1);
	return 0;
}

int
dot_roll_person_changed(struct dot_roll *r, int64_t id, char **cause)
{
	size_t i = dot_roll_find(r, id);

	return i == DOT_ROLL_NONE ? 0 : reread(r, i, cause);
}

static int
row_ok(const struct dot_roll *r, size_t i, char **cause)
{
	if (i < r->people.n)
		return 0;
	return dot_fail(cause, DOT_EUSAGE, _("nobody is selected"));
}

int
dot_roll_assign(struct dot_roll *r, size_t i, const char *serial,
		const struct dot_assign_opts *opts,
		struct dot_assign_result *res, char **cause)
{
	int rc = row_ok(r, i, cause);

	if (rc == 0)
		rc = dot_app_assign(r->app, r->people.v[i].id, serial, opts,
				    res, cause);
	return rc ? rc : reread(r, i, cause);
}

int
dot_roll_charter(struct dot_roll *r, size_t i, bool withdraw, int64_t *seq,
		 char **cause)
{
	int rc = row_ok(r, i, cause);

	/* the paper of the establishment's model: charter or loan agreement */
	if (rc == 0)
		rc = dot_app_paper(r->app, r->people.v[i].id, withdraw, seq,
				   cause);
	return rc ? rc : reread(r, i, cause);
}

int
dot_roll_absent(struct dot_roll *r, size_t i, bool absent, int64_t *seq,
		char **cause)
{
	int rc = row_ok(r, i, cause);

	if (rc == 0)
		rc = dot_app_absent(r->app, r->people.v[i].id, absent, seq,
				    cause);
	return rc ? rc : reread(r, i, cause);
}

void
dot_undo_candidate_release(struct dot_undo_candidate *c)
{
	if (!c)
		return;
	free(c->why);
	memset(c, 0, sizeof(*c));
}

int
dot_roll_undo_candidate(struct dot_roll *r, struct dot_undo_candidate *c,
			char **cause)
{
	struct dot_store *st = dot_app_store(r->app);
	struct dot_journal_entry e;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = dot_app_last_undoable(r->app, &c->seq, cause);
	if (rc || !c->seq)
		return rc;
	rc = dot_store_journal_get(st, c->seq, &e, cause);
	if (rc)
		return rc == DOT_ERULE ? DOT_ERUNTIME : rc;
	c->type = e.type;
	c->person_id = e.person_id;
	snprintf(c->serial, sizeof(c->serial), "%s", e.serial ? e.serial : "");
	dot_journal_entry_release(&e);
	rc = dot_app_undo_check(r->app, c->seq, &c->why);
	if (rc == DOT_ERUNTIME) {
		/* could not tell: say so rather than offer it */
		if (cause)
			*cause = c->why;
		else
			free(c->why);
		c->why = NULL;
		return rc;
	}
	c->allowed = rc == 0;
	return 0;
}

int
dot_roll_undo(struct dot_roll *r, int64_t seq, int64_t *undo_seq, char **cause)
{
	struct dot_journal_entry e;
	int64_t person = 0;
	int rc;

	/*
	 * Whose row the undo changes. An entry that is not there is
	 * dot_app_undo's to refuse; one that cannot be read would leave a
	 * row showing what is no longer true: refuse before undoing.
	 */
	rc = dot_store_journal_get(dot_app_store(r->app), seq, &e, cause);
	if (rc == 0) {
		person = e.person_id;
		dot_journal_entry_release(&e);
	} else if (rc != DOT_ERULE) {
		return rc;
	}
	rc = dot_app_undo(r->app, seq, undo_seq, cause);
	if (rc == 0 && person)
		rc = dot_roll_person_changed(r, person, cause);
	return rc;
}

int
dot_roll_refresh(struct dot_roll *r, bool *changed, char **cause)
{
	int64_t v = dot_store_data_version(dot_app_store(r->app));
	int rc;

	if (changed)
		*changed = false;
	if (v == r->data_version)
		return 0;
	rc = load(r, cause);
	if (rc == 0 && changed)
		*changed = true;
	return rc;
}

/* ---- whole-database counts ------------------------------------------------ */

void
dot_class_list_release(struct dot_class_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].class_name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
dot_app_classes(struct dot_app *app, unsigned profiles,
		struct dot_class_list *out, char **cause)
{
	struct dot_people_filter f = {.profiles = profiles};
	struct dot_person_list l;
	size_t i, cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	rc = dot_store_people(dot_app_store(app), &f, &l, cause);
	if (rc)
		return rc;
	/* people come in class order: one class after the other */
	for (i = 0; i < l.n; i++) {
		const struct dot_person *p = &l.v[i];
		struct dot_roll_counts c = {0};
		struct dot_class_progress *g;

		if (dot_roll_state_of(p) == DOT_ROLL_INACTIVE)
			continue;
		if (!out->n ||
		    strcmp(out->v[out->n - 1].class_name, p->class_name)) {
			if (out->n == cap) {
				cap = cap ? cap * 2 : 16;
				out->v = dot_xrealloc(out->v,
						      cap * sizeof(*out->v));
			}
			g = &out->v[out->n++];
			memset(g, 0, sizeof(*g));
			g->class_name = dot_xstrdup(p->class_name);
		}
		g = &out->v[out->n - 1];
		dot_roll_counts_add(&c, p, 1);
		g->people += c.people;
		g->charters += c.charters;
		g->handed_over += c.equipped;
		g->absent += c.absent;
		g->to_equip += c.to_equip;
	}
	dot_person_list_release(&l);
	return 0;
}

/* Count p (sign 1) or take it back (-1), people and profiles alike. */
static void
tally(struct app_counts *k, const struct dot_person *p, int sign)
{
	dot_roll_counts_add(&k->c, p, sign);
	if (dot_roll_state_of(p) == DOT_ROLL_INACTIVE)
		return;
	if (p->profile == DOT_PROFILE_ELEVE)
		k->students += sign;
	else
		k->staff += sign;
}

static int
tally_one(struct dot_person *p, void *data)
{
	tally(data, p, 1);
	return 0;
}

void
app_counts_before(struct dot_app *app, const struct dot_person *p)
{
	struct app_counts *k = app_counts(app);
	char *cause = NULL;

	dot_person_release(&k->before);
	/* a copy of our own: the use case releases p */
	if (k->valid && dot_store_person_get(dot_app_store(app), p->id,
					     &k->before, &cause) != 0) {
		k->valid = false;
		free(cause);
	}
	k->changes_before = dot_store_changes(dot_app_store(app));
}

void
app_counts_after(struct dot_app *app, enum dot_journal_type type,
		 int64_t person, bool committed)
{
	const uint32_t one_person =
		DOT_JOURNAL_BIT(DOT_JOURNAL_CHARTER) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_CHARTER_WITHDRAW) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_ASSIGN) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_ABSENT) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN_AGREEMENT) |
		DOT_JOURNAL_BIT(DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW);
	struct app_counts *k = app_counts(app);
	struct dot_store *st = dot_app_store(app);
	struct dot_person after;
	char *cause = NULL;

	if (!k->valid || !k->before.id || k->before.id != person ||
	    !(one_person & DOT_JOURNAL_BIT(type)) ||
	    k->changes_before != k->changes) {
		/* a write the counts do not follow: count again */
		k->valid = k->valid && !committed &&
			   dot_store_changes(st) == k->changes;
	} else if (committed) {
		if (dot_store_person_get(st, person, &after, &cause) == 0) {
			tally(k, &k->before, -1);
			tally(k, &after, 1);
			k->changes = dot_store_changes(st);
		} else {
			k->valid = false;
			free(cause);
		}
		dot_person_release(&after);
	}
	dot_person_release(&k->before);
}

/*
 * The counts of dot_status: the journal's from the store (its indexes
 * answer), the people's from the roll-call rules, kept between calls
 * (struct app_counts) and else counted in one pass that keeps no row.
 */
int
dot_app_status(struct dot_app *app, struct dot_status *s, char **cause)
{
	struct dot_store *st = dot_app_store(app);
	struct app_counts *k = app_counts(app);
	struct dot_people_filter f = {0};
	int64_t dv = dot_store_data_version(st);
	char today[11];
	int rc;

	rc = dot_store_status(st, s, cause);
	if (rc)
		return rc;
	dot_date_today(today);
	if (!k->valid || k->data_version != dv || strcmp(k->day, today) ||
	    k->changes != dot_store_changes(st)) {
		memset(&k->c, 0, sizeof(k->c));
		k->students = k->staff = 0;
		k->valid = false;
		rc = dot_store_people_each(st, &f, tally_one, k, cause);
		if (rc)
			return rc;
		k->valid = true;
		k->data_version = dv;
		k->changes = dot_store_changes(st);
		memcpy(k->day, today, sizeof(today));
	}
	s->students = k->students;
	s->staff = k->staff;
	s->people = k->c.people;
	s->charters = k->c.charters;
	s->handed_over = k->c.equipped;
	s->cessions = k->c.cessions;
	s->loans = k->c.loans;
	s->to_equip = k->c.to_equip;
	s->absent_today = k->c.absent;
	return 0;
}

int
dot_app_to_equip(struct dot_app *app, const char *class_name, unsigned profiles,
		 struct dot_person_list *out, char **cause)
{
	struct dot_people_filter f = {.class_name = class_name,
				      .profiles = profiles};
	size_t i, k = 0;
	int rc;

	rc = dot_store_people(dot_app_store(app), &f, out, cause);
	if (rc)
		return rc;
	for (i = 0; i < out->n; i++) {
		if (dot_roll_to_equip(&out->v[i]))
			out->v[k++] = out->v[i];
		else
			dot_person_release(&out->v[i]);
	}
	out->n = k;
	return 0;
}
