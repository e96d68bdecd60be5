/*
 * What the documents share: French formatting of dates and profiles, the
 * establishment settings, the fingerprint of the rows, and the closing
 * block the head of the school signs and stamps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

void
rfmt_date(const char *iso, char out[11])
{
	if (!iso || strlen(iso) < 10) {
		snprintf(out, 11, "%s", iso ? iso : "");
		return;
	}
	snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

char *
rscope(const struct dot_report_opts *o)
{
	char *s = dot_xstrdup(o->class_name ? o->class_name : _("all"));
	const char *sep = " · ";
	int k;

	for (k = 0; k < DOT_PROFILE_N; k++) {
		char *t;

		if (!(o->profiles & DOT_PROFILE_BIT(k)))
			continue;
		t = dot_xasprintf("%s%s%s", s, sep, rfmt_profile(k));
		free(s);
		s = t;
		sep = ", ";
	}
	return s;
}

const char *
rfmt_profile(enum dot_profile profile)
{
	switch (profile) {
	case DOT_PROFILE_ELEVE:
		return _("Student");
	case DOT_PROFILE_PROF:
		return _("Teacher");
	case DOT_PROFILE_PERSONNEL:
		return _("Staff");
	default:
		return "";
	}
}

int
rsetting(struct dot_store *st, enum dot_setting key, const char *dflt,
	 char **out, char **cause)
{
	int rc = dot_store_setting_get(st, key, out, cause);

	if (rc)
		return rc;
	if (!*out || !**out) {
		free(*out);
		*out = dot_xstrdup(dflt);
	}
	return 0;
}

int
rsigner(struct dot_store *st, const struct dot_report_opts *o, char **name,
	char **uai, char **place, char **cause)
{
	int rc;

	*name = *uai = *place = NULL;
	rc = rsetting(st, DOT_SETTING_NAME,
		      _("(establishment name not set: dotation init)"), name,
		      cause);
	if (!rc)
		rc = rsetting(st, DOT_SETTING_UAI, "?", uai, cause);
	if (!rc && o->place)
		*place = dot_xstrdup(o->place);
	else if (!rc)
		rc = rsetting(st, DOT_SETTING_PLACE, "", place, cause);
	return rc;
}

void
rfmt_short_fp(const char *fp, char out[20])
{
	if (!fp || strlen(fp) < 16) {
		snprintf(out, 20, "%s", fp ? fp : "");
		return;
	}
	snprintf(out, 20, "%.4s %.4s %.4s %.4s", fp, fp + 4, fp + 8, fp + 12);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
dot_report_fingerprint(const struct dot_assignment_rows *rows)
{
	char **lines = dot_xcalloc(rows->n ? rows->n : 1, sizeof(*lines));
	unsigned char h[32];
	char *buf, *out;
	size_t i, len = 0, off = 0;

	for (i = 0; i < rows->n; i++) {
		const struct dot_assignment_row *r = &rows->v[i];

		lines[i] = dot_xasprintf("%s;%s;%s;%s;%s;%s;%d;%d", r->serial,
					 r->last_name, r->first_name,
					 r->class_name,
					 dot_profile_name(r->profile),
					 r->start_date, r->microsd ? 1 : 0,
					 r->has_case ? 1 : 0);
		len += strlen(lines[i]) + 1;
	}
	/* bytewise order, as LC_ALL=C sort: independent of the print order */
	qsort(lines, rows->n, sizeof(*lines), cmp_str);
	buf = dot_xmalloc(len + 1);
	for (i = 0; i < rows->n; i++) {
		size_t l = strlen(lines[i]);

		memcpy(buf + off, lines[i], l);
		buf[off + l] = '\n';
		off += l + 1;
		free(lines[i]);
	}
	free(lines);
	dot_report_sha256(buf, off, h);
	free(buf);
	out = dot_xmalloc(65);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return out;
}

void
rdoc_signature_block(struct rdoc *d, const char *heading, const char *statement,
		     const char *place, const char *date,
		     const char *fingerprint)
{
	float l = rdoc_left(d), r = rdoc_right(d), w = r - l;
	float bw = (w - 30) / 2, bh = 90, y;
	char *s;

	/* the statement, place and boxes stay together on one page */
	rdoc_need(d, RDOC_SIGNATURE_H);
	rdoc_move(d, 14);
	rdoc_text(d, l, rdoc_y(d) - 12, 12, true, heading);
	rdoc_move(d, 20);
	rdoc_paragraph(d, l, w, 9.5f, false, statement);
	rdoc_move(d, 6);
	if (place && *place)
		s = dot_xasprintf(_("Done at %s, on %s"), place, date);
	else
		s = dot_xasprintf(_("Done at %s, on %s"),
				  "\xe2\x80\xa6\xe2\x80\xa6\xe2\x80\xa6\xe2\x80"
				  "\xa6\xe2\x80\xa6\xe2\x80\xa6\xe2\x80\xa6\xe2"
				  "\x80\xa6\xe2\x80\xa6\xe2\x80\xa6",
				  date);
	rdoc_text(d, l, rdoc_y(d) - 10, 10, false, s);
	free(s);
	rdoc_move(d, 20);
	y = rdoc_y(d) - bh;
	rdoc_box(d, l, y, bw, bh, 0.35f, false);
	rdoc_box(d, l + bw + 30, y, bw, bh, 0.35f, false);
	rdoc_text(d, l + 6, rdoc_y(d) - 12, 8.5f, false,
		  _("Stamp of the establishment"));
	rdoc_text(d, l + bw + 36, rdoc_y(d) - 12, 8.5f, false,
		  _("Signature of the head of the establishment "
		    "(name and title)"));
	rdoc_move(d, bh + 12);
	if (fingerprint && *fingerprint) {
		s = dot_xasprintf(_("SHA-256 fingerprint of the rows: %s"),
				  fingerprint);
		rdoc_text(d, l, rdoc_y(d) - 8, 7.5f, false, s);
		free(s);
		rdoc_move(d, 12);
	}
}

bool
rhomonyms(const char *class_a, const char *last_a, const char *first_a,
	  const char *class_b, const char *last_b, const char *first_b)
{
	char *a, *b;
	bool same;

	if (strcmp(class_a ? class_a : "", class_b ? class_b : "") != 0)
		return false;
	a = dot_person_identity_key(last_a, first_a, NULL);
	b = dot_person_identity_key(last_b, first_b, NULL);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

char *
rfmt_first_name(const char *first, bool homonym, const char *birth,
		const char *ine)
{
	char date[11];

	if (!homonym || (!birth && !ine))
		return dot_xstrdup(first ? first : "");
	rfmt_date(birth, date);
	if (birth && ine)
		return dot_xasprintf(_("%s (born %s · INE %s)"), first, date,
				     ine);
	if (birth)
		return dot_xasprintf(_("%s (born %s)"), first, date);
	return dot_xasprintf(_("%s (INE %s)"), first, ine);
}

bool
rperson_homonym(const struct dot_person_list *l, size_t i)
{
	const struct dot_person *p = &l->v[i];
	const struct dot_person *pr = i ? &l->v[i - 1] : NULL;
	const struct dot_person *nx = i + 1 < l->n ? &l->v[i + 1] : NULL;

	return (pr && rhomonyms(pr->class_name, pr->last_name, pr->first_name,
				p->class_name, p->last_name, p->first_name)) ||
	       (nx && rhomonyms(nx->class_name, nx->last_name, nx->first_name,
				p->class_name, p->last_name, p->first_name));
}

void
rfmt_today(char out[11])
{
	char iso[11];

	dot_date_today(iso);
	rfmt_date(iso, out);
}

int
rlist_begin(struct dot_store *st, const struct dot_report_opts *o,
	    const struct rlist_head *h, struct rdoc **out, char **name,
	    char **uai, char **cause)
{
	char ed[11], *title, *running, *foot, *s;
	struct rdoc *d = NULL;
	float x, w;
	int rc, k;

	*out = NULL;
	*name = *uai = NULL;
	rfmt_today(ed);
	rc = rsetting(st, DOT_SETTING_NAME,
		      _("(establishment name not set: dotation init)"), name,
		      cause);
	if (!rc)
		rc = rsetting(st, DOT_SETTING_UAI, "?", uai, cause);
	if (rc)
		return rc;
	title = dot_xasprintf("%s — %s (%s)", h->kind, *name, *uai);
	rc = rdoc_new(o, false, title, *name, &d, cause);
	free(title);
	if (rc)
		return rc;
	running = dot_xasprintf(_("%s — %s (UAI %s) — %s"), h->kind, *name,
				*uai, ed);
	foot = dot_xasprintf(_("%s — UAI %s — %s"), h->kind, *uai, ed);
	rdoc_set_running(d, running);
	rdoc_set_footer(d, foot, "");
	free(running);
	free(foot);
	rdoc_add_page(d);
	x = rdoc_left(d);
	w = rdoc_right(d) - x;
	rdoc_text(d, x, rdoc_y(d) - 15, 15, true, h->heading);
	rdoc_move(d, 22);
	s = dot_xasprintf(_("%s — UAI %s"), *name, *uai);
	rdoc_cell(d, x - 3, rdoc_y(d), w + 6, 16, 11.5f, true, s, RA_LEFT, 1);
	free(s);
	rdoc_move(d, 17);
	s = h->situation ? dot_xstrdup(h->situation)
			 : dot_xasprintf(_("Situation on %s"), ed);
	rdoc_text(d, x, rdoc_y(d) - 10, 10, false, s);
	free(s);
	rdoc_move(d, 16);
	rdoc_paragraph(d, x, w, 8.5f, false, h->intro);
	rdoc_move(d, 6);
	for (k = 0; k < h->ncols; k++) {
		h->cols[k] = h->cols_src[k];
		h->cols[k].title = _(h->cols_src[k].title);
	}
	rdoc_table(d, h->cols, h->ncols);
	*out = d;
	return 0;
}
