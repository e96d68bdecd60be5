/*
 * People: the roster as the station shows it, with each person's charter,
 * absence and current device joined in, and the upsert used by roster
 * imports and sync pulls. People are never deleted: someone who left may
 * still hold a device, so they are only marked inactive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "store_int.h"

/* Columns of a person row; ?1 is today's date (absences). */
#define PERSON_COLS                                                            \
	"p.id, p.ext_id, p.ine, p.last_name, p.first_name, p.birth_date,"      \
	" p.class, p.profile, p.active, p.charter_at,"                         \
	" EXISTS(SELECT 1 FROM absences a WHERE a.person_id = p.id"            \
	"        AND a.day = ?1),"                                             \
	" s.serial, s.kind, s.start_date, s.due_date, s.microsd, s.has_case,"  \
	" p.loan_agreement_at,"                                                \
	" r.holder, r.station, r.uai, r.at,"                                   \
	" CASE WHEN r.serial IS NULL THEN 0 ELSE coalesce((SELECT max(j.seq)"  \
	"  FROM journal j WHERE j.assignment_id = s.id"                        \
	"  AND (j.type = 'assign' OR j.type = 'loan')), 0) END"
/* remote_assignments: the sync's view of serials held elsewhere */
#define PERSON_FROM                                                            \
	" FROM people p LEFT JOIN assignments s"                               \
	" ON s.person_id = p.id AND s.open"                                    \
	" LEFT JOIN remote_assignments r ON r.serial = s.serial"

void
dot_person_release(struct dot_person *p)
{
	if (!p)
		return;
	free(p->ext_id);
	free(p->ine);
	free(p->last_name);
	free(p->first_name);
	free(p->birth_date);
	free(p->class_name);
	free(p->charter_at);
	free(p->serial);
	free(p->handed_at);
	free(p->due_date);
	free(p->loan_agreement_at);
	free(p->remote_holder);
	free(p->remote_station);
	free(p->remote_uai);
	free(p->remote_at);
	memset(p, 0, sizeof(*p));
}

void
dot_person_list_release(struct dot_person_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		dot_person_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
person_from_row(sqlite3_stmt *s, struct dot_person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->ext_id = store_col_dup(s, 1);
	p->ine = store_col_dup(s, 2);
	p->last_name = store_col_dup(s, 3);
	p->first_name = store_col_dup(s, 4);
	p->birth_date = store_col_dup(s, 5);
	p->class_name = store_col_dup(s, 6);
	p->profile = store_col_profile(s, 7);
	p->active = sqlite3_column_int(s, 8) != 0;
	p->charter_at = store_col_dup(s, 9);
	p->absent = sqlite3_column_int(s, 10) != 0;
	p->serial = store_col_dup(s, 11);
	p->kind = store_col_kind(s, 12);
	p->handed_at = store_col_dup(s, 13);
	p->due_date = store_col_dup(s, 14);
	p->microsd = sqlite3_column_int(s, 15) != 0;
	p->has_case = sqlite3_column_int(s, 16) != 0;
	p->loan_agreement_at = store_col_dup(s, 17);
	p->remote_holder = store_col_dup(s, 18);
	p->remote_station = store_col_dup(s, 19);
	p->remote_uai = store_col_dup(s, 20);
	p->remote_at = store_col_dup(s, 21);
	p->handover_seq = sqlite3_column_int64(s, 22);
}

/*
 * Turn what the operator typed into an FTS5 query: each folded word
 * becomes a quoted prefix term, all required. NULL when nothing is left.
 */
static char *
fts_query(const char *text)
{
	char *folded = dot_fold(text), *w, *save = NULL;
	size_t cap = strlen(folded) * 2 + 16, len = 0;
	char *q = dot_xmalloc(cap);

	q[0] = '\0';
	for (w = strtok_r(folded, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		char *p;

		/* Double quotes cannot appear in a folded word we keep. */
		for (p = w; *p; p++)
			if (*p == '"')
				*p = ' ';
		len += (size_t)snprintf(q + len, cap - len, "%s\"%s\"*",
					len ? " " : "", w);
	}
	free(folded);
	if (!len) {
		free(q);
		return NULL;
	}
	return q;
}

/* The walk of one or two chained queries. */
struct walk {
	dot_person_fn fn;
	void *data;
	int64_t *seen; /* ids given by the first query (search), or NULL */
	size_t nseen, given;
	bool record; /* record ids in seen */
};

/*
 * Run a people query built from f. prefix (a folded word) selects by
 * last-name prefix on the people_sort index, in alphabetical order;
 * otherwise match (an FTS5 query) selects by any name word, best first.
 * Rows whose id the walk has seen already are skipped, so that the two
 * can be chained; at most f->limit rows in all. Each row is handed to
 * w->fn and released: memory does not grow with the rows.
 */
static int
people_query(struct dot_store *st, const struct dot_people_filter *f,
	     const char *prefix, const char *match, struct walk *w,
	     char **cause)
{
	char today[11], *sql, *hi = NULL;
	sqlite3_stmt *s = NULL;
	size_t have = w->nseen, i;
	int rc = 0, step;

	dot_date_today(today);
	sql = dot_xasprintf("SELECT " PERSON_COLS PERSON_FROM
			    "%s WHERE 1 %s %s %s %s %s ORDER BY %s%s",
			    match ? " JOIN people_fts f ON f.rowid = p.id" : "",
			    match ? "AND people_fts MATCH ?2" : "",
			    prefix ? "AND p.sort_key >= ?2 AND p.sort_key < ?6"
				   : "",
			    f->class_name ? "AND p.class = ?3" : "",
			    f->profiles
				    ? "AND (p.profile = ?7 OR p.profile = ?8"
				      " OR p.profile = ?9)"
				    : "",
			    f->include_inactive ? "" : "AND p.active",
			    prefix || (match && f->alphabetical)
				    ? "p.sort_key, p.class"
			    : match ? "f.rank, p.class, p.sort_key"
				    : "p.class, p.sort_key",
			    f->limit > 0 ? " LIMIT ?5" : "");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = store_err(st, cause, _("cannot list people"));
		goto out;
	}
	sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
	if (match)
		sqlite3_bind_text(s, 2, match, -1, SQLITE_STATIC);
	if (prefix) {
		/* [prefix, prefix with its last byte + 1): a range scan. */
		hi = dot_xstrdup(prefix);
		hi[strlen(hi) - 1]++;
		sqlite3_bind_text(s, 2, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, hi, -1, SQLITE_STATIC);
	}
	if (f->class_name)
		sqlite3_bind_text(s, 3, f->class_name, -1, SQLITE_STATIC);
	store_bind_profiles(s, 7, f->profiles);
	if (f->limit > 0)
		sqlite3_bind_int(s, 5, f->limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		struct dot_person p;
		bool dup = false;

		if (f->limit > 0 && w->given >= (size_t)f->limit)
			break;
		for (i = 0; i < have && !dup; i++)
			dup = w->seen[i] == id;
		if (dup)
			continue;
		if (w->record) {
			w->seen = dot_xrealloc(w->seen, (w->nseen +
							 1) * sizeof(*w->seen));
			w->seen[w->nseen++] = id;
		}
		person_from_row(s, &p);
		w->given++;
		rc = w->fn(&p, w->data);
		dot_person_release(&p);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_err(st, cause, _("cannot list people"));
out:
	sqlite3_finalize(s);
	free(sql);
	free(hi);
	return rc;
}

int
dot_store_people_each(struct dot_store *st, const struct dot_people_filter *f,
		      dot_person_fn fn, void *data, char **cause)
{
	static const struct dot_people_filter none;
	struct walk w = {.fn = fn, .data = data};
	char *match = NULL, *word = NULL;
	int rc;

	if (!f)
		f = &none;
	if (f->search && *f->search) {
		match = fts_query(f->search);
		if (!match)
			return 0;
		word = dot_fold(f->search);
	}
	/*
	 * A one-word search with a limit is what the station sends at each
	 * keystroke: last names starting with the word come first, read in
	 * order from an index; only when they do not fill the page is the
	 * full-text index asked for first names and inner words.
	 */
	if (word && f->limit > 0 && !strchr(word, ' ')) {
		w.record = true;
		rc = people_query(st, f, word, NULL, &w, cause);
		w.record = false;
		if (rc == 0 && w.given < (size_t)f->limit)
			rc = people_query(st, f, NULL, match, &w, cause);
	} else {
		rc = people_query(st, f, NULL, match, &w, cause);
	}
	free(w.seen);
	free(match);
	free(word);
	return rc;
}

/* dot_store_people's walker: keep each person in the list. */
static int
collect(struct dot_person *p, void *data)
{
	struct {
		struct dot_person_list *out;
		size_t cap;
	} *c = data;

	if (c->out->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->out->v = dot_xrealloc(c->out->v, c->cap * sizeof(*p));
	}
	c->out->v[c->out->n++] = *p;
	memset(p, 0, sizeof(*p)); /* now owned by the list */
	return 0;
}

int
dot_store_people(struct dot_store *st, const struct dot_people_filter *f,
		 struct dot_person_list *out, char **cause)
{
	struct {
		struct dot_person_list *out;
		size_t cap;
	} c = {out, 0};
	int rc;

	out->v = NULL;
	out->n = 0;
	rc = dot_store_people_each(st, f, collect, &c, cause);
	if (rc)
		dot_person_list_release(out);
	return rc;
}

int
dot_store_person_get(struct dot_store *st, int64_t id, struct dot_person *out,
		     char **cause)
{
	static const char sql[] =
		"SELECT " PERSON_COLS PERSON_FROM " WHERE p.id = ?2";
	sqlite3_stmt *s = store_prep(st, sql);
	char today[11];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return store_err(st, cause, _("cannot read the person"));
	dot_date_today(today);
	sqlite3_bind_text(s, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		person_from_row(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot read the person"));
	return dot_fail(cause, DOT_ERULE, _("unknown person #%lld"),
			(long long)id);
}

/*
 * Step s (its parameters bound) for one id: 0 and *id, DOT_ENOTFOUND
 * (*id 0), or DOT_ERUNTIME with *cause. Resets s.
 */
static int
step_id(struct dot_store *st, sqlite3_stmt *s, int64_t *id, char **cause)
{
	int rc = sqlite3_step(s);

	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return DOT_ENOTFOUND;
	return store_err(st, cause, _("cannot look the person up"));
}

/* The id of the person sql (with ?1 = key) selects; as step_id(). */
static int
lookup_id(struct dot_store *st, const char *sql, const char *key, int64_t *id,
	  char **cause)
{
	sqlite3_stmt *s = store_prep(st, sql);

	*id = 0;
	if (!s)
		return store_err(st, cause, _("cannot look the person up"));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	return step_id(st, s, id, cause);
}

int
dot_store_person_resolve(struct dot_store *st, const char *key, int64_t *id,
			 char **cause)
{
	static const char by_id[] = "SELECT id FROM people WHERE id = ?1";
	static const char by_ine[] = "SELECT id FROM people WHERE ine = ?1";
	static const char by_ext[] = "SELECT id FROM people WHERE ext_id = ?1";
	char ine[12];
	const char *p;
	bool digits = *key != '\0';
	int rc = DOT_ENOTFOUND;

	*id = 0;
	for (p = key; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	if (digits && strlen(key) < 10)
		rc = lookup_id(st, by_id, key, id, cause);
	if (rc == DOT_ENOTFOUND && dot_ine_check(key, ine))
		rc = lookup_id(st, by_ine, ine, id, cause);
	if (rc == DOT_ENOTFOUND)
		rc = lookup_id(st, by_ext, key, id, cause);
	return rc;
}

/*
 * The folded keys of a record: match (last|first|birth), sort
 * ("last\x01first") and search text ("lefevre jean baptiste
 * jeanbaptiste": words plus joined forms). Each name is folded once: an
 * import computes these for every row.
 */
struct name_keys {
	char *match, *sort, *search; /* in one allocation, at match */
};

/* Append s without its spaces at p; returns the end. */
static char *
put_joined(char *p, const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			*p++ = *s;
	return p;
}

static void
name_keys_make(const struct dot_person_in *r, struct name_keys *k)
{
	char *l = dot_fold(r->last_name), *f = dot_fold(r->first_name);
	const char *b = r->birth_date ? r->birth_date : "";
	size_t ll = strlen(l), fl = strlen(f), bl = strlen(b);
	char *p;

	/* match "l|f|b", sort "l\x01f", search "l f[ lj][ fj]" */
	k->match = p = dot_xmalloc((ll + fl + bl + 3) + (ll + fl + 2) +
				   2 * (ll + fl) + 4);
	memcpy(p, l, ll);
	p[ll] = '|';
	memcpy(p + ll + 1, f, fl);
	p[ll + 1 + fl] = '|';
	memcpy(p + ll + fl + 2, b, bl + 1);
	k->sort = p += ll + fl + bl + 3;
	memcpy(p, l, ll);
	p[ll] = '\x01';
	memcpy(p + ll + 1, f, fl + 1);
	k->search = p += ll + fl + 2;
	memcpy(p, l, ll);
	p[ll] = ' ';
	memcpy(p + ll + 1, f, fl);
	p += ll + 1 + fl;
	if (strchr(l, ' ')) {
		*p++ = ' ';
		p = put_joined(p, l);
	}
	if (strchr(f, ' ')) {
		*p++ = ' ';
		p = put_joined(p, f);
	}
	*p = '\0';
	free(l);
	free(f);
}

static void
name_keys_release(struct name_keys *k)
{
	free(k->match);
}

/*
 * A first import writes the rows into bare tables and builds what serves
 * reads once at the end, as sqlite3 .import then CREATE INDEX would: the
 * people's secondary indexes (their SQL read back from the schema, so
 * that a later migration's index is rebuilt too) and the search index.
 * Unique identifiers keep their indexes: they refuse duplicates as rows
 * come. Everything happens inside the import's transaction, so a rollback
 * puts the indexes back.
 */
int
dot_store_people_bulk_begin(struct dot_store *st, char **cause)
{
	static const char sel[] =
		"SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
		" AND tbl_name = 'people' AND sql IS NOT NULL";
	sqlite3_stmt *s = store_prep(st, sel);
	char *drop;
	size_t i;
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the person"));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->bulk.index_sql =
			dot_xrealloc(st->bulk.index_sql,
				     (st->bulk.n + 1) *
					     sizeof(*st->bulk.index_sql));
		st->bulk.index_sql[st->bulk.n] =
			dot_xasprintf("%s\t%s", sqlite3_column_text(s, 0),
				      sqlite3_column_text(s, 1));
		st->bulk.n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	for (i = 0; i < st->bulk.n; i++) {
		*strchr(st->bulk.index_sql[i], '\t') = '\0';
		drop = dot_xasprintf("DROP INDEX \"%s\"",
				     st->bulk.index_sql[i]);
		rc = sqlite3_exec(st->db, drop, NULL, NULL, NULL);
		free(drop);
		if (rc != SQLITE_OK)
			goto fail;
	}
	dot_time_now_iso(st->bulk.now);
	st->bulk.on = true;
	return 0;
fail:
	rc = store_err(st, cause, _("cannot record the person"));
	store_bulk_release(st);
	return rc;
}

int
dot_store_people_bulk_end(struct dot_store *st, char **cause)
{
	size_t i;
	int rc = 0;

	if (!st->bulk.on)
		return 0;
	for (i = 0; i < st->bulk.n && !rc; i++) {
		const char *sql = st->bulk.index_sql[i];

		if (sqlite3_exec(st->db, sql + strlen(sql) + 1, NULL, NULL,
				 NULL) != SQLITE_OK)
			rc = store_err(st, cause,
				       _("cannot record the person"));
	}
	if (!rc && sqlite3_exec(st->db,
				"INSERT INTO people_fts(people_fts)"
				" VALUES ('rebuild')",
				NULL, NULL, NULL) != SQLITE_OK)
		rc = store_err(st, cause, _("cannot index the name"));
	store_bulk_release(st);
	return rc;
}

void
store_bulk_release(struct dot_store *st)
{
	size_t i;

	for (i = 0; i < st->bulk.n; i++)
		free(st->bulk.index_sql[i]);
	free(st->bulk.index_sql);
	memset(&st->bulk, 0, sizeof(st->bulk));
}

int
dot_store_people_count(struct dot_store *st, int64_t *n, char **cause)
{
	sqlite3_stmt *s = store_prep(st, "SELECT count(*) FROM people");

	*n = 0;
	if (!s || sqlite3_step(s) != SQLITE_ROW) {
		if (s)
			sqlite3_reset(s);
		return store_err(st, cause, _("cannot count the people"));
	}
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/*
 * Matching never crosses a known identifier: a row with its own external
 * id or INE does not merge into a person who has a different one, even
 * with the same name and birth date (namesakes exist in a region).
 */
int
dot_store_person_match(struct dot_store *st, const struct dot_person_in *rec,
		       int64_t *id, char **cause)
{
	static const char by_ext[] = "SELECT id FROM people WHERE ext_id = ?1";
	static const char by_ine[] =
		"SELECT id FROM people WHERE ine = ?1"
		" AND (?2 IS NULL OR ext_id IS NULL OR ext_id = ?2)";
	/*
	 * By the name index: the match key holds the sort key's folded
	 * names (and the birth date), so the people it selects are among
	 * those with the same sort key.
	 */
	static const char by_key[] =
		"SELECT id FROM people WHERE sort_key = ?4 AND match_key = ?1"
		" AND (?2 IS NULL OR ext_id IS NULL OR ext_id = ?2)"
		" AND (?3 IS NULL OR ine IS NULL OR ine = ?3)"
		" ORDER BY active DESC, id LIMIT 1";
	const char *ext = rec->ext_id && *rec->ext_id ? rec->ext_id : NULL;
	const char *ine = rec->ine && *rec->ine ? rec->ine : NULL;
	sqlite3_stmt *s;
	struct name_keys k;
	int rc = DOT_ENOTFOUND;

	*id = 0;
	if (ext)
		rc = lookup_id(st, by_ext, ext, id, cause);
	if (rc != DOT_ENOTFOUND)
		return rc;
	if (ine) {
		s = store_prep(st, by_ine);
		if (!s)
			return store_err(st, cause,
					 _("cannot look the person up"));
		sqlite3_bind_text(s, 1, ine, -1, SQLITE_STATIC);
		store_bind_text(s, 2, ext);
		rc = step_id(st, s, id, cause);
		if (rc != DOT_ENOTFOUND)
			return rc;
	}
	s = store_prep(st, by_key);
	if (!s)
		return store_err(st, cause, _("cannot look the person up"));
	name_keys_make(rec, &k);
	sqlite3_bind_text(s, 1, k.match, -1, SQLITE_STATIC);
	store_bind_text(s, 2, ext);
	store_bind_text(s, 3, ine);
	sqlite3_bind_text(s, 4, k.sort, -1, SQLITE_STATIC);
	rc = step_id(st, s, id, cause);
	name_keys_release(&k);
	return rc;
}

/*
 * The indexed text of person id into *text (NULL when unknown; caller
 * frees). Returns 0 or DOT_ERUNTIME: a text that cannot be read is not
 * "none", after which the old name would stay in the search index.
 */
static int
search_text_of(struct dot_store *st, int64_t id, char **text, char **cause)
{
	static const char sql[] =
		"SELECT search_text FROM people WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	*text = NULL;
	if (!s)
		return store_err(st, cause, _("cannot record the person"));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*text = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the person"));
	return 0;
}

/* Replace old_text (NULL: none) by text in the search index for id. */
static int
fts_index(struct dot_store *st, int64_t id, const char *old_text,
	  const char *text, char **cause)
{
	static const char del[] =
		"INSERT INTO people_fts(people_fts, rowid, search_text)"
		" VALUES ('delete', ?1, ?2)";
	static const char ins[] =
		"INSERT INTO people_fts(rowid, search_text) VALUES (?1, ?2)";
	sqlite3_stmt *s;

	if (old_text) {
		if (strcmp(old_text, text) == 0)
			return 0;
		s = store_prep(st, del);
		if (!s)
			return store_err(st, cause, _("cannot index the name"));
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, old_text, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_err(st, cause, _("cannot index the name"));
		}
		sqlite3_reset(s);
	}
	s = store_prep(st, ins);
	if (!s)
		return store_err(st, cause, _("cannot index the name"));
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, cause, _("cannot index the name"));
	}
	sqlite3_reset(s);
	return 0;
}

int
dot_store_person_upsert(struct dot_store *st, int64_t id,
			const struct dot_person_in *r, int64_t *out_id,
			bool *changed, char **cause)
{
	static const char ins[] =
		"INSERT INTO people(ext_id, ine, last_name, first_name,"
		" birth_date, class, profile, active, match_key, sort_key,"
		" search_text, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	/* Known identifiers are kept when the new record lacks them. */
	static const char upd[] =
		"UPDATE people SET ext_id = coalesce(?1, ext_id),"
		" ine = coalesce(?2, ine), last_name = ?3, first_name = ?4,"
		" birth_date = coalesce(?5, birth_date), class = ?6,"
		" profile = ?7, active = ?8, match_key = ?9, sort_key = ?10,"
		" search_text = ?11, updated_at = ?12"
		" WHERE id = ?13 AND (ext_id IS NOT coalesce(?1, ext_id)"
		" OR ine IS NOT coalesce(?2, ine) OR last_name IS NOT ?3"
		" OR first_name IS NOT ?4"
		" OR birth_date IS NOT coalesce(?5, birth_date)"
		" OR class IS NOT ?6 OR profile IS NOT ?7 OR active IS NOT ?8)";
	sqlite3_stmt *s;
	struct name_keys k;
	char *old_text = NULL;
	char now[32];
	int rc;

	if (id && (rc = search_text_of(st, id, &old_text, cause)))
		return rc;
	name_keys_make(r, &k);

	s = store_prep(st, id ? upd : ins);
	if (!s) {
		rc = store_err(st, cause, _("cannot record the person"));
		goto out;
	}
	/* A first import's rows all carry its start time. */
	if (st->bulk.on)
		memcpy(now, st->bulk.now, sizeof(now));
	else
		dot_time_now_iso(now);
	store_bind_text(s, 1, r->ext_id);
	store_bind_text(s, 2, r->ine);
	sqlite3_bind_text(s, 3, r->last_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->first_name ? r->first_name : "", -1,
			  SQLITE_STATIC);
	store_bind_text(s, 5, r->birth_date);
	sqlite3_bind_text(s, 6, r->class_name ? r->class_name : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 7, dot_profile_name(r->profile), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 8, r->active);
	sqlite3_bind_text(s, 9, k.match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, k.sort, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, k.search, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, now, -1, SQLITE_STATIC);
	if (id)
		sqlite3_bind_int64(s, 13, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(st->db) & 0xff) ==
		    SQLITE_CONSTRAINT)
			rc = dot_fail(cause, DOT_ERULE,
				      _("line %d: %s %s has the INE or "
					"identifier of another person"),
				      r->line, r->last_name,
				      r->first_name ? r->first_name : "");
		else
			rc = store_err(st, cause,
				       _("cannot record the person"));
		sqlite3_reset(s);
		goto out;
	}
	{
		bool did = sqlite3_changes(st->db) > 0;
		int64_t pid = id ? id : sqlite3_last_insert_rowid(st->db);

		sqlite3_reset(s);
		if (changed)
			*changed = did;
		if (out_id)
			*out_id = pid;
		/* A bulk import indexes every name at its end. */
		rc = did && !st->bulk.on
			     ? fts_index(st, pid, id ? old_text : NULL,
					 k.search, cause)
			     : 0;
	}
out:
	free(old_text);
	name_keys_release(&k);
	return rc;
}

int
dot_store_people_deactivate_except(struct dot_store *st, const int64_t *keep,
				   size_t n, char **cause)
{
	static const char sel[] = "SELECT id FROM people WHERE active";
	static const char off[] =
		"UPDATE people SET active = 0, updated_at = ?2 WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sel);
	int64_t *ids = NULL;
	size_t nid = 0, cap = 0, i;
	char now[32];
	int count = 0;

	if (!s)
		return store_err(st, cause, _("cannot deactivate people"));
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		size_t lo = 0, hi = n;

		while (lo < hi) { /* keep is sorted */
			size_t mid = (lo + hi) / 2;

			if (keep[mid] < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && keep[lo] == id)
			continue;
		if (nid == cap) {
			cap = cap ? cap * 2 : 64;
			ids = dot_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[nid++] = id;
	}
	sqlite3_reset(s);
	dot_time_now_iso(now);
	for (i = 0; i < nid; i++) {
		s = store_prep(st, off);
		if (!s)
			goto fail;
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(s);
		count++;
	}
	free(ids);
	return count;
fail:
	free(ids);
	return store_err(st, cause, _("cannot deactivate people"));
}

int
dot_store_person_set_charter(struct dot_store *st, int64_t id, const char *at,
			     char **cause)
{
	static const char sql[] =
		"UPDATE people SET charter_at = ?2 WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the charter"));
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, at);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the charter"));
	return 0;
}

int
dot_store_person_set_absent(struct dot_store *st, int64_t id, const char *day,
			    bool absent, char **cause)
{
	static const char ins[] = "INSERT OR IGNORE INTO absences(person_id, "
				  "day) VALUES (?1, ?2)";
	static const char del[] =
		"DELETE FROM absences WHERE person_id = ?1 AND day = ?2";
	sqlite3_stmt *s = store_prep(st, absent ? ins : del);
	int rc;

	if (!s)
		return store_err(st, cause, _("cannot record the absence"));
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, cause, _("cannot record the absence"));
	return 0;
}

int
dot_store_class_find(struct dot_store *st, const char *name, char **out,
		     char **cause)
{
	static const char sql[] =
		"SELECT class FROM people WHERE class = ?1 COLLATE NOCASE"
		" ORDER BY class = ?1 DESC, active DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql);
	int rc;

	*out = NULL;
	if (!s)
		return store_err(st, cause, _("cannot list the classes"));
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return DOT_ENOTFOUND;
	return store_err(st, cause, _("cannot list the classes"));
}
