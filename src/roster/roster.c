/*
 * Roster entry points: read the file, recognise what it is (SIECLE XML,
 * CSV text in some encoding, or something a secretary picked by mistake:
 * a workbook, a PDF, binary data), bring CSV text to UTF-8, then hand it
 * to the right reader. Validation and duplicate detection live here too,
 * once for both formats, so that a CSV row and a SIECLE student obey the
 * same rules.
 *
 * Everything is linear in the size of the file: one read, one decoding
 * pass, one parsing pass, hash tables for duplicates. Strings are never
 * copied row by row for CSV: fields are cut in place in the decoded text.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "roster_int.h"

#define BLOCK_SIZE ((size_t)64 << 10)
#define TICK ((size_t)256 << 10) /* progress granularity in bytes */

struct roster_block {
	struct roster_block *next;
	size_t used, size;
	char data[];
};

/* n bytes from the roster's arena, uninitialised. */
static char *
arena_alloc(struct roster_impl *ri, size_t n)
{
	struct roster_block *b = ri->blocks;
	char *p;

	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		b = dot_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = ri->blocks;
		ri->blocks = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

char *
roster_strndup(struct roster_impl *ri, const char *s, size_t n)
{
	char *p = arena_alloc(ri, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- hash tables ------------------------------------------------------- */

uint32_t
roster_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	/* FNV's low bits cluster on near-identical keys (INEs, ids): mix */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

struct roster_entry *
roster_table_find(struct roster_table *t, const char *key, uint32_t h)
{
	size_t i;

	if (!t->cap)
		return NULL;
	for (i = h & (t->cap - 1); t->v[i].ent; i = (i + 1) & (t->cap - 1))
		if (t->v[i].hash == h &&
		    strcmp(t->e[t->v[i].ent - 1].key, key) == 0)
			return &t->e[t->v[i].ent - 1];
	return NULL;
}

void
roster_table_prefetch(const struct roster_table *t, uint32_t h)
{
	if (t->cap)
		__builtin_prefetch(&t->v[h & (t->cap - 1)]);
}

static void
slot_insert(struct roster_table *t, uint32_t h, uint32_t ent)
{
	size_t i = h & (t->cap - 1);

	while (t->v[i].ent)
		i = (i + 1) & (t->cap - 1);
	t->v[i].hash = h;
	t->v[i].ent = ent;
}

/* Give the table cap slots (a power of two) and re-insert entries. */
static void
table_resize(struct roster_table *t, size_t cap)
{
	size_t i;

	free(t->v);
	t->v = dot_xcalloc(cap, sizeof(*t->v));
	t->cap = cap;
	for (i = 0; i < t->n; i++)
		slot_insert(t, roster_hash(t->e[i].key), (uint32_t)i + 1);
}

void
roster_table_put(struct roster_table *t, const char *key, uint32_t h, int line,
		 const char *val)
{
	if ((t->n + 1) * 2 > t->cap)
		table_resize(t, t->cap ? t->cap * 2 : 256);
	if (t->n == t->cape) {
		t->cape = t->cape ? t->cape * 2 : 128;
		t->e = dot_xrealloc(t->e, t->cape * sizeof(*t->e));
	}
	t->e[t->n].key = key;
	t->e[t->n].line = line;
	t->e[t->n].val = val;
	t->n++;
	slot_insert(t, h, (uint32_t)t->n);
}

void
roster_table_release(struct roster_table *t)
{
	free(t->v);
	free(t->e);
	memset(t, 0, sizeof(*t));
}

static void
table_reserve(struct roster_table *t, size_t n)
{
	size_t cap = 256;

	while (cap < n * 2)
		cap *= 2;
	if (cap > t->cap)
		table_resize(t, cap);
	if (n > t->cape) {
		t->cape = n;
		t->e = dot_xrealloc(t->e, n * sizeof(*t->e));
	}
}

void
roster_reserve(struct roster_ctx *c, size_t n)
{
	struct roster_impl *ri = c->ri;

	if (n > DOT_ROSTER_MAX_ROWS)
		n = DOT_ROSTER_MAX_ROWS;
	if (n > ri->caprows) {
		ri->caprows = n;
		ri->pub.rows =
			dot_xrealloc(ri->pub.rows, n * sizeof(*ri->pub.rows));
	}
	table_reserve(&c->by_ext, n);
	table_reserve(&c->by_ine, n);
	table_reserve(&c->by_who, n);
}

/* ---- errors and progress ------------------------------------------------ */

const char *
roster_shown(const char *s, char buf[64])
{
	size_t n = strlen(s);

	if (n <= 40)
		return s;
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* do not cut a UTF-8 sequence */
	memcpy(buf, s, n);
	memcpy(buf + n, "\xe2\x80\xa6", 4); /* ellipsis */
	return buf;
}

static void
error_push(struct roster_impl *ri, int line, char *reason)
{
	struct dot_roster *r = &ri->pub;

	if (r->nerrors == ri->caperrors) {
		ri->caperrors = ri->caperrors ? ri->caperrors * 2 : 16;
		r->errors = dot_xrealloc(r->errors,
					 ri->caperrors * sizeof(*r->errors));
	}
	r->errors[r->nerrors].line = line;
	r->errors[r->nerrors].reason = reason;
	r->nerrors++;
}

static void
warning_push(struct roster_impl *ri, int line, char *reason)
{
	struct dot_roster *r = &ri->pub;

	if (r->nwarnings == ri->capwarnings) {
		ri->capwarnings = ri->capwarnings ? ri->capwarnings * 2 : 16;
		r->warnings =
			dot_xrealloc(r->warnings,
				     ri->capwarnings * sizeof(*r->warnings));
	}
	r->warnings[r->nwarnings].line = line;
	r->warnings[r->nwarnings].reason = reason;
	r->nwarnings++;
}

void
roster_warn(struct roster_ctx *c, int line, const char *fmt, ...)
{
	struct roster_impl *ri = c->ri;
	va_list ap;

	if (ri->pub.nwarnings >= DOT_ROSTER_MAX_ERRORS) {
		ri->wdropped++;
		return;
	}
	va_start(ap, fmt);
	warning_push(ri, line, dot_xvasprintf(fmt, ap));
	va_end(ap);
}

static void
error_v(struct roster_ctx *c, int line, const char *label, const char *fmt,
	va_list ap)
{
	struct roster_impl *ri = c->ri;
	char *reason;

	if (ri->pub.nerrors >= DOT_ROSTER_MAX_ERRORS) {
		ri->dropped++;
		return;
	}
	reason = dot_xvasprintf(fmt, ap);
	if (label) {
		char *full = dot_xasprintf("%s: %s", label, reason);

		free(reason);
		reason = full;
	}
	error_push(ri, line, reason);
}

void
roster_error(struct roster_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(c, line, NULL, fmt, ap);
	va_end(ap);
}

static void row_error(struct roster_ctx *c, int line, const char *label,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
row_error(struct roster_ctx *c, int line, const char *label, const char *fmt,
	  ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(c, line, label, fmt, ap);
	va_end(ap);
}

void
roster_progress(struct roster_ctx *c, size_t done)
{
	if (!c->opts || !c->opts->progress || done < c->next_tick)
		return;
	c->next_tick = done + TICK;
	c->opts->progress(done, c->total, c->opts->progress_data);
}

char *
dot_roster_error_text(const struct dot_roster_error *e)
{
	if (e->line <= 0)
		return dot_xstrdup(e->reason);
	return dot_xasprintf(_("line %d: %s"), e->line, e->reason);
}

/* ---- validation ---------------------------------------------------------- */

/* Trim ASCII white space and no-break spaces in place; NULL gives "". */
static char *
trim(char *s)
{
	char *e;

	if (!s)
		return (char *)"";
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xc2 &&
			 (unsigned char)s[1] == 0xa0)
			s += 2;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			      e[-1] == '\n'))
			e--;
		else if (e - s >= 2 && (unsigned char)e[-2] == 0xc2 &&
			 (unsigned char)e[-1] == 0xa0)
			e -= 2;
		else
			break;
	}
	*e = '\0';
	return s;
}

/* Letters and digits of the folded text: "Né(e) le" -> "neele". */
static char *
fold_key(const char *s)
{
	char *f = dot_fold(s), *r, *w;

	for (r = w = f; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9') ||
		    (unsigned char)*r >= 0x80)
			*w++ = *r;
	*w = '\0';
	return f;
}

/*
 * dot_date_parse() into iso, without its snprintf: 65,000 dates are a
 * visible part of the parse time otherwise.
 */
static bool
birth_iso(const char *s, char iso[11])
{
	if (strlen(s) != 10 || !dot_date_parse(s, NULL))
		return false;
	if (s[2] == '/') { /* DD/MM/YYYY (trimmed: exactly 10 bytes) */
		memcpy(iso, s + 6, 4);
		iso[4] = '-';
		memcpy(iso + 5, s + 3, 2);
		iso[7] = '-';
		memcpy(iso + 8, s, 2);
	} else {
		memcpy(iso, s, 10);
	}
	iso[10] = '\0';
	return true;
}

#define E DOT_PROFILE_ELEVE
#define T DOT_PROFILE_PROF
#define S DOT_PROFILE_PERSONNEL
/* What schools write in a profile cell (folded), and what it means. */
static const struct {
	const char *key;
	enum dot_profile profile;
} profiles[] = {
	{"eleve", E},
	{"eleves", E},
	{"elv", E},
	{"etudiant", E},
	{"etudiante", E},
	{"apprenti", E},
	{"apprentie", E},
	{"student", E},
	{"pupil", E},
	{"prof", T},
	{"professeur", T},
	{"professeure", T},
	{"enseignant", T},
	{"enseignante", T},
	{"ens", T},
	{"teacher", T},
	{"documentaliste", T},
	{"personnel", S},
	{"personnels", S},
	{"staff", S},
	{"agent", S},
	{"administratif", S},
	{"administration", S},
	{"direction", S},
	{"viescolaire", S},
	{"cpe", S},
	{"aed", S},
	{"surveillant", S},
};
#undef E
#undef T
#undef S

/* The profile a cell names into *out; false when unknown. */
static bool
profile_of(struct roster_ctx *c, const char *cell, enum dot_profile *out)
{
	char *k;
	size_t i;

	if (!*cell) {
		*out = DOT_PROFILE_ELEVE;
		return true;
	}
	if (c->last_profile && strcmp(c->last_profile, cell) == 0) {
		*out = c->last_known ? c->last_value : DOT_PROFILE_ELEVE;
		return c->last_known;
	}
	k = fold_key(cell);
	c->last_known = false;
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(k, profiles[i].key) == 0) {
			c->last_known = true;
			c->last_value = profiles[i].profile;
		}
	free(k);
	free(c->last_profile);
	c->last_profile = dot_xstrdup(cell);
	*out = c->last_known ? c->last_value : DOT_PROFILE_ELEVE;
	return c->last_known;
}

static void
row_push(struct roster_impl *ri, const struct dot_person_in *p)
{
	struct dot_roster *r = &ri->pub;

	if (r->nrows == ri->caprows) {
		ri->caprows = ri->caprows ? ri->caprows * 2 : 256;
		r->rows = dot_xrealloc(r->rows, ri->caprows * sizeof(*r->rows));
	}
	r->rows[r->nrows++] = *p;
}

/*
 * A line break or tab inside a field (a quoted CSV cell typed with
 * Alt+Enter, an XML text wrapped by an editor) is layout, not part of the
 * name: each run becomes one space, in place. Returns s.
 */
static char *
flatten(char *s)
{
	char *r, *w;

	if (!strpbrk(s, "\t\r\n"))
		return s;
	for (r = w = s; *r; r++) {
		if (*r == '\t' || *r == '\r' || *r == '\n') {
			if (w > s && w[-1] != ' ')
				*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

/* Characters (code points) of UTF-8 s. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

bool
dot_roster_text_ok(const char *s)
{
	return !s || (!dot_text_unsafe_first(s) &&
		      utf8_chars(s) <= DOT_ROSTER_MAX_FIELD);
}

enum dot_roster_ine
dot_roster_ine(const char *ine, char out[12])
{
	if (!ine || !*ine)
		return DOT_ROSTER_INE_NONE;
	if (!dot_roster_text_ok(ine))
		return DOT_ROSTER_INE_INVALID;
	return dot_ine_check(ine, out) ? DOT_ROSTER_INE_NATIONAL
				       : DOT_ROSTER_INE_ODD;
}

/*
 * Check one field for forbidden characters and length. Returns false
 * (with an error recorded) when it is unusable: its value is then never
 * echoed in another message, so that a hostile value does not reach the
 * terminal through the error that refuses it. what is the field's
 * msgid (N_), translated only for an error: an import checks seven
 * fields a row.
 */
static bool
field_ok(struct roster_ctx *c, int line, const char *label, const char *what,
	 const char *s)
{
	/* a control or text-direction character never enters a name */
	unsigned cp = dot_text_unsafe_first(s);
	size_t n;

	if (cp) {
		row_error(c, line, label,
			  _("the %s contains a control or text-direction "
			    "character (U+%04X): remove it"),
			  _(what), (unsigned)cp);
		return false;
	}
	n = utf8_chars(s);
	if (n > DOT_ROSTER_MAX_FIELD) {
		row_error(c, line, label,
			  _("the %s is %zu characters long (at most %d): "
			    "shorten it"),
			  _(what), n, DOT_ROSTER_MAX_FIELD);
		return false;
	}
	return true;
}

bool
roster_add(struct roster_ctx *c, int line, struct roster_raw *raw, bool active,
	   const char *label)
{
	struct dot_person_in p = {0};
	char *last = flatten(trim(raw->last));
	char *first = flatten(trim(raw->first));
	char *birth = trim(raw->birth), *ine = trim(raw->ine);
	char *ext = trim(raw->ext), *profile = flatten(trim(raw->profile));
	char *usage = flatten(trim(raw->usage));
	char *cls = flatten(trim(raw->class_name));
	char iso[11], up[12], q[64], *who = NULL;
	struct roster_entry *s;
	size_t before = c->ri->pub.nerrors + c->ri->dropped;
	uint32_t h_ext, h_ine, h_who;
	bool ine_shaped = true;

	/* "Nom d'usage" is the name the person goes by */
	if (*usage && field_ok(c, line, label, N_("usage name"), usage))
		last = usage;
	if (!*last)
		row_error(c, line, label,
			  _("missing last name: fill in the last name column"));
	else
		field_ok(c, line, label, N_("last name"), last);
	if (!*first)
		row_error(c, line, label,
			  _("missing first name: fill in the first name "
			    "column"));
	else
		field_ok(c, line, label, N_("first name"), first);
	if (*birth && field_ok(c, line, label, N_("birth date"), birth) &&
	    !birth_iso(birth, iso))
		row_error(c, line, label,
			  _("invalid birth date '%s' (expected DD/MM/YYYY)"),
			  roster_shown(birth, q));
	if (*cls)
		field_ok(c, line, label, N_("class"), cls);
	if (*ext)
		field_ok(c, line, label, N_("identifier"), ext);
	/* the INE rule is dot_roster_ine(); field_ok() says why one is unusable
	 */
	if (*ine) {
		enum dot_roster_ine k = dot_roster_ine(ine, up);

		if (k == DOT_ROSTER_INE_INVALID)
			field_ok(c, line, label, N_("INE"), ine);
		ine_shaped = k == DOT_ROSTER_INE_NATIONAL;
	}
	if (field_ok(c, line, label, N_("profile"), profile) &&
	    !profile_of(c, profile, &p.profile))
		row_error(c, line, label,
			  _("unknown profile '%s' (expected %s, %s or %s)"),
			  roster_shown(profile, q), "Élève", "Enseignant",
			  "Personnel");
	if (c->ri->pub.nerrors + c->ri->dropped != before)
		goto invalid;

	/* Valid: normalise in place (both fit: same or shorter length). */
	if (*birth)
		memcpy(birth, iso, sizeof(iso));
	if (*ine && ine_shaped)
		memcpy(ine, up, sizeof(up));
	if (*birth) {
		/* the store's identity of a person, in the roster's arena */
		char *k = dot_person_identity_key(last, first, birth);
		size_t n = strlen(k) + 1;

		who = arena_alloc(c->ri, n);
		memcpy(who, k, n);
		free(k);
	}

	/*
	 * Duplicates: the first occurrence wins, the next ones cite it. The
	 * three probes are random accesses in large tables: start loading
	 * them together rather than waiting for each in turn.
	 */
	h_ext = *ext ? roster_hash(ext) : 0;
	h_ine = *ine ? roster_hash(ine) : 0;
	h_who = who ? roster_hash(who) : 0;
	roster_table_prefetch(&c->by_ext, h_ext);
	roster_table_prefetch(&c->by_ine, h_ine);
	roster_table_prefetch(&c->by_who, h_who);
	if (*ext && (s = roster_table_find(&c->by_ext, ext, h_ext))) {
		row_error(c, line, label,
			  _("duplicate of line %d (same identifier '%s'): "
			    "remove one of the two rows"),
			  s->line, roster_shown(ext, q));
		goto invalid;
	}
	if (*ine && (s = roster_table_find(&c->by_ine, ine, h_ine))) {
		row_error(c, line, label,
			  _("duplicate of line %d (same INE '%s'): remove "
			    "one of the two rows"),
			  s->line, roster_shown(ine, q));
		goto invalid;
	}
	if (who && (s = roster_table_find(&c->by_who, who, h_who))) {
		row_error(c, line, label,
			  _("duplicate of line %d (same last name, first "
			    "name and birth date): remove one of the two "
			    "rows"),
			  s->line);
		goto invalid;
	}
	if (*ext)
		roster_table_put(&c->by_ext, ext, h_ext, line, NULL);
	if (*ine)
		roster_table_put(&c->by_ine, ine, h_ine, line, NULL);
	if (who)
		roster_table_put(&c->by_who, who, h_who, line, NULL);

	/*
	 * SIECLE's own key is ELEVE_ID, and real files carry identifiers
	 * of other shapes: such a row is imported with its INE as given,
	 * and the user told which student to check.
	 */
	if (*ine && !ine_shaped) {
		char q2[64], q3[64];

		if (label)
			roster_warn(c, line,
				    _("%s (%s %s): INE '%s' has an unexpected "
				      "shape (accepted: %s, %s, %s): imported "
				      "as given, check it in SIECLE"),
				    label, roster_shown(last, q),
				    roster_shown(first, q2),
				    roster_shown(ine, q3), "1234567890A",
				    "123456789AB", "1234A56789B");
		else
			roster_warn(c, line,
				    _("%s %s: INE '%s' has an unexpected shape "
				      "(accepted: %s, %s, %s): imported as "
				      "given, check it"),
				    roster_shown(last, q),
				    roster_shown(first, q2),
				    roster_shown(ine, q3), "1234567890A",
				    "123456789AB", "1234A56789B");
	}

	p.line = line;
	p.last_name = last;
	p.first_name = first;
	p.birth_date = *birth ? birth : NULL;
	p.ine = *ine ? ine : NULL;
	p.ext_id = *ext ? ext : NULL;
	p.class_name = cls;
	p.active = active;
	row_push(c->ri, &p);
	return true;

invalid:
	c->ri->pub.ninvalid++;
	return false;
}

/* ---- recognising the file ------------------------------------------------ */

static bool
has_prefix(const char *buf, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(buf, magic, n) == 0;
}

/* Fast UTF-8 check: ASCII runs are skipped eight bytes at a time. */
static bool
is_utf8(const char *s, size_t len)
{
	size_t i = 0, j;
	uint64_t w;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		/* validate one multi-byte sequence with the core rule */
		j = 2;
		if (((unsigned char)s[i] & 0xf0) == 0xe0)
			j = 3;
		else if (((unsigned char)s[i] & 0xf8) == 0xf0)
			j = 4;
		if (j > len - i || !dot_utf8_valid(s + i, j))
			return false;
		i += j;
	}
	return true;
}

/* Length of the valid UTF-8 sequence at s (len bytes left), 0 if none. */
static size_t
utf8_seq(const char *s, size_t len)
{
	unsigned char b = (unsigned char)s[0];
	size_t j;

	if (b < 0x80)
		return 1;
	if ((b & 0xe0) == 0xc0)
		j = 2;
	else if ((b & 0xf0) == 0xe0)
		j = 3;
	else if ((b & 0xf8) == 0xf0)
		j = 4;
	else
		return 0;
	return j <= len && dot_utf8_valid(s, j) ? j : 0;
}

/*
 * Text that is not valid UTF-8 is UTF-8 all the same when its valid
 * multi-byte sequences outnumber its stray bytes: one é typed in another
 * editor must not turn every "Ã©" of the file into mojibake. Then the
 * text is copied with each stray byte replaced by U+FFFD, and the lines
 * holding one are listed in c->bad so that their rows are refused, each
 * with its line. Returns NULL when the text is better read as
 * Windows-1252.
 */
static char *
from_mostly_utf8(struct roster_ctx *c, const char *s, size_t len,
		 size_t *outlen)
{
	size_t i, j, good = 0, stray = 0, cap = 0;
	char *out, *w;
	int line = 1;

	for (i = 0; i < len; i += j) {
		j = utf8_seq(s + i, len - i);
		if (!j) {
			stray++;
			j = 1;
		} else if (j > 1) {
			good++;
		}
	}
	if (good <= stray)
		return NULL;
	out = w = dot_xmalloc(len * 3 + 1);
	for (i = 0; i < len; i += j) {
		j = utf8_seq(s + i, len - i);
		if (j) {
			if (s[i] == '\n' ||
			    (s[i] == '\r' &&
			     (i + 1 >= len || s[i + 1] != '\n')))
				line++;
			memcpy(w, s + i, j);
			w += j;
			continue;
		}
		j = 1;
		if (!c->nbad || c->bad[c->nbad - 1].line != line) {
			if (c->nbad == cap) {
				cap = cap ? cap * 2 : 16;
				c->bad = dot_xrealloc(c->bad,
						      cap * sizeof(*c->bad));
			}
			c->bad[c->nbad].line = line;
			c->bad[c->nbad].byte = (unsigned char)s[i];
			c->nbad++;
		}
		memcpy(w, "\xef\xbf\xbd", 3);
		w += 3;
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

/* Windows-1252 0x80..0x9F; 0 where the code page defines nothing. */
static const unsigned short cp1252_c1[32] = {
	0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
	0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

/* Decode Windows-1252 to UTF-8; NULL when a byte is undefined there. */
static char *
from_cp1252(const char *s, size_t len, size_t *outlen)
{
	char *out = dot_xmalloc(len * 3 + 1), *w = out;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned c = (unsigned char)s[i];

		if (c < 0x80) {
			*w++ = (char)c;
			continue;
		}
		if (c < 0xa0) {
			c = cp1252_c1[c - 0x80];
			if (!c) {
				free(out);
				return NULL;
			}
		}
		if (c < 0x800) {
			*w++ = (char)(0xc0 | (c >> 6));
		} else {
			*w++ = (char)(0xe0 | (c >> 12));
			*w++ = (char)(0x80 | ((c >> 6) & 0x3f));
		}
		*w++ = (char)(0x80 | (c & 0x3f));
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

/* Convert UTF-16 (with its byte order mark) to UTF-8; NULL on failure. */
static char *
from_utf16(const char *s, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "UTF-16");
	size_t cap = len * 2 + 4, left = cap - 1;
	char *out, *w, *in = (char *)s;

	if (cd == (iconv_t)-1)
		return NULL;
	out = w = dot_xmalloc(cap);
	if (iconv(cd, &in, &len, &w, &left) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

/* Binary data: a NUL byte, or more than 1% of control characters. */
static bool
looks_binary(const char *s, size_t len)
{
	static const unsigned char ctl[256] = {
		/* every C0 control but \t \n \f \r */
		1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1,          1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, [0x7f] = 1,
	};
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n = 0;

	if (memchr(s, '\0', len))
		return true;
	for (i = 0; i < len; i++)
		n += ctl[p[i]];
	return n * 100 > len;
}

static void
ctx_release(struct roster_ctx *c)
{
	roster_table_release(&c->by_ext);
	roster_table_release(&c->by_ine);
	roster_table_release(&c->by_who);
	free(c->last_profile);
	free(c->bad);
}

static int
parse(struct roster_ctx *c, const char *buf, size_t len, char **cause)
{
	struct roster_impl *ri = c->ri;
	const char *name = c->name;
	size_t i, tlen;
	char *text;

	if (len > DOT_ROSTER_MAX_BYTES)
		return dot_fail(cause, DOT_ERULE,
				_("'%s' is too large (%zu MB, at most %zu MB): "
				  "is it really a list of people?"),
				name, len >> 20, DOT_ROSTER_MAX_BYTES >> 20);
	if (has_prefix(buf, len, "PK\x03\x04", 4) ||
	    has_prefix(buf, len, "\xd0\xcf\x11\xe0", 4))
		return dot_fail(cause, DOT_ERULE,
				_("'%s' is a spreadsheet workbook, not a CSV "
				  "file: open it in your spreadsheet and save "
				  "it as CSV (separator ';')"),
				name);
	if (has_prefix(buf, len, "%PDF", 4))
		return dot_fail(cause, DOT_ERULE,
				_("'%s' is a PDF document: import the CSV "
				  "file or the SIECLE export "
				  "ElevesSansAdresses.xml instead"),
				name);

	if (has_prefix(buf, len, "\xff\xfe", 2) ||
	    has_prefix(buf, len, "\xfe\xff", 2)) {
		text = from_utf16(buf, len, &tlen);
		ri->pub.encoding = "utf-16";
		if (!text || !is_utf8(text, tlen) || memchr(text, 0, tlen)) {
			free(text);
			goto binary;
		}
	} else {
		const char *p = buf;
		size_t n = len;

		ri->pub.encoding = "utf-8";
		if (has_prefix(buf, len, "\xef\xbb\xbf", 3)) {
			p += 3;
			n -= 3;
			ri->pub.encoding = "utf-8-bom";
		}
		for (i = 0; i < n; i++)
			if (!strchr(" \t\r\n\f", p[i]) || !p[i])
				break;
		if (i == n)
			return dot_fail(cause, DOT_ERULE,
					_("'%s' is empty: export the list "
					  "again (a CSV file with a header "
					  "line, or ElevesSansAdresses.xml "
					  "from SIECLE)"),
					name);
		if (looks_binary(p, n))
			goto binary;
		if (p[i] == '<') {
			c->total = len;
			ri->pub.format = "siecle";
			return roster_parse_siecle(c, buf, len, cause);
		}
		if (is_utf8(p, n)) {
			text = dot_xmalloc(n + 1);
			memcpy(text, p, n);
			text[n] = '\0';
			tlen = n;
		} else if ((text = from_mostly_utf8(c, p, n, &tlen))) {
			; /* UTF-8 with a few bad lines (c->bad) */
		} else {
			text = from_cp1252(p, n, &tlen);
			ri->pub.encoding = "windows-1252";
			if (!text)
				goto binary;
		}
	}
	ri->text = text;
	ri->pub.format = "csv";
	c->total = tlen;
	return roster_parse_csv(c, text, tlen, cause);

binary:
	return dot_fail(cause, DOT_ERULE,
			_("'%s' is not a text file: import a CSV file "
			  "(saved from a spreadsheet) or the SIECLE export "
			  "ElevesSansAdresses.xml"),
			name);
}

int
dot_roster_parse_buffer(const char *buf, size_t len, const char *name,
			const struct dot_roster_opts *opts,
			struct dot_roster **out, char **cause)
{
	struct roster_ctx c = {0};
	struct roster_impl *ri = dot_xcalloc(1, sizeof(*ri));
	int rc;

	*out = NULL;
	c.ri = ri;
	c.name = name ? name : "-";
	c.opts = opts;
	if (opts && opts->today && dot_date_parse(opts->today, c.today))
		;
	else
		dot_date_today(c.today);
	rc = parse(&c, buf ? buf : "", buf ? len : 0, cause);
	if (rc == 0 && ri->dropped)
		error_push(ri, 0,
			   dot_xasprintf(_("%zu more errors not "
					   "listed"),
					 ri->dropped));
	if (rc == 0 && ri->wdropped)
		warning_push(ri, 0,
			     dot_xasprintf(_("%zu more warnings not "
					     "listed"),
					   ri->wdropped));
	if (rc == 0 && opts && opts->progress)
		opts->progress(c.total, c.total, opts->progress_data);
	ctx_release(&c);
	if (rc != 0) {
		dot_roster_free(&ri->pub);
		return rc;
	}
	*out = &ri->pub;
	return 0;
}

int
dot_roster_parse_file(const char *path, const struct dot_roster_opts *opts,
		      struct dot_roster **out, char **cause)
{
	struct stat st;
	size_t len = 0, cap;
	char *buf;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return dot_fail(cause, DOT_ERUNTIME, _("cannot open '%s': %s"),
				path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot read '%s': it is a directory"), path);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size > DOT_ROSTER_MAX_BYTES) {
		close(fd);
		return dot_fail(cause, DOT_ERULE,
				_("'%s' is too large (%zu MB, at most %zu MB): "
				  "is it really a list of people?"),
				path, (size_t)st.st_size >> 20,
				DOT_ROSTER_MAX_BYTES >> 20);
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	buf = dot_xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > DOT_ROSTER_MAX_BYTES)
				break; /* parse() refuses it */
			cap *= 2;
			buf = dot_xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = dot_fail(cause, DOT_ERUNTIME,
				      _("cannot read '%s': %s"), path,
				      strerror(errno));
			close(fd);
			free(buf);
			return rc;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	rc = dot_roster_parse_buffer(buf, len, path, opts, out, cause);
	free(buf);
	return rc;
}

void
dot_roster_free(struct dot_roster *r)
{
	struct roster_impl *ri = (struct roster_impl *)r;
	struct roster_block *b, *next;
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i].reason);
	free(r->errors);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i].reason);
	free(r->warnings);
	free(r->rows);
	free(ri->text);
	for (b = ri->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(ri);
}

/* Append s to b (a CSV cell, quoted, quotes doubled). */
static void
cell(char **b, size_t *len, size_t *cap, const char *s, bool last)
{
	size_t need = 2 * strlen(s ? s : "") + 4;
	const char *p;

	if (*len + need >= *cap) {
		*cap = (*len + need) * 2;
		*b = dot_xrealloc(*b, *cap);
	}
	(*b)[(*len)++] = '"';
	for (p = s ? s : ""; *p; p++) {
		if (*p == '"')
			(*b)[(*len)++] = '"';
		(*b)[(*len)++] = *p;
	}
	(*b)[(*len)++] = '"';
	(*b)[(*len)++] = last ? '\n' : ';';
}

int
dot_roster_person(const struct dot_roster_person *p, struct dot_roster **out,
		  char **cause)
{
	static const char head[] =
		"Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant\n";
	size_t len = strlen(head), cap = len + 256;
	char *b = dot_xmalloc(cap);
	int rc;

	*out = NULL;
	memcpy(b, head, len);
	cell(&b, &len, &cap, p->last_name, false);
	cell(&b, &len, &cap, p->first_name, false);
	cell(&b, &len, &cap, p->birth_date, false);
	cell(&b, &len, &cap, p->class_name, false);
	cell(&b, &len, &cap, p->profile, false);
	cell(&b, &len, &cap, p->ine, false);
	cell(&b, &len, &cap, p->ext_id, true);
	/* the same parser as a file: the same rules and messages */
	rc = dot_roster_parse_buffer(b, len, "-", NULL, out, cause);
	free(b);
	if (rc)
		return rc;
	if ((*out)->nerrors || (*out)->nrows != 1) {
		rc = dot_fail(cause, DOT_ERULE, "%s",
			      (*out)->nerrors ? (*out)->errors[0].reason
					      : _("the person is not valid"));
		dot_roster_free(*out);
		*out = NULL;
	}
	return rc;
}
