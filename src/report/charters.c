/*
 * Charter cover sheets ("feuilles de garde des chartes"): one label per
 * person, fourteen to an A4 page (two columns, seven rows, cut along the
 * frames), to staple on the charter handed to the family. Each carries
 * the name, the class, the birth date when a namesake shares the class,
 * and the person code (dot_person_code_format) as a Code 128 barcode:
 * at the desk, scanning the label selects the person and the next scan
 * is their device, whatever the order the charters come back in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

#define LABEL_COLS 2
#define LABEL_ROWS 7
#define TITLE_H 18.0f
#define PAD 8.0f
#define BAR_H 34.0f

/* One label with its top-left corner at (x, top), w by h points. */
static void
label(struct rdoc *d, const struct dot_person *p, bool homonym, float x,
      float top, float w, float h, const char *school)
{
	char code[DOT_PERSON_CODE_BUF], *first, *line;
	float cw = w - 2 * PAD, y;
	const char *cls = p->class_name && *p->class_name
				  ? p->class_name
				  : rfmt_profile(p->profile);

	rdoc_box(d, x, top - h, w, h, 0.55f, false);
	dot_person_code_format(p->id, code);
	y = top - PAD;
	rdoc_cell(d, x + PAD - 3, y, cw + 6, 16, 13, true, p->last_name,
		  RA_LEFT, 1);
	y -= 16;
	first = rfmt_first_name(p->first_name, homonym, p->birth_date, NULL);
	rdoc_cell(d, x + PAD - 3, y, cw + 6, 14, 11, false, first, RA_LEFT, 1);
	free(first);
	y -= 15;
	line = dot_xasprintf(_("Class: %s"), cls);
	rdoc_cell(d, x + PAD - 3, y, cw + 6, 13, 10, true, line, RA_LEFT, 1);
	free(line);
	/* the barcode and its code in clear, at the bottom of the label */
	rdoc_barcode(d, x + PAD, top - h + PAD + 11, cw * 0.6f, BAR_H, code);
	rdoc_cell(d, x + PAD - 3, top - h + PAD + 10, cw * 0.6f + 6, 10, 8,
		  false, code, RA_CENTER, 0);
	rdoc_cell(d, x + PAD + cw * 0.6f, top - h + PAD + BAR_H + 11, cw * 0.4f,
		  24, 7, false, _("Staple on the cession charter"), RA_RIGHT,
		  2);
	rdoc_cell(d, x + PAD + cw * 0.6f, top - h + PAD + 10, cw * 0.4f, 10,
		  6.5f, false, school, RA_RIGHT, 1);
}

int
dot_report_charters(struct dot_store *st, const struct dot_report_opts *o,
		    const char *path, struct dot_report_info *info,
		    char **cause)
{
	static const struct dot_report_opts none;
	struct dot_people_filter f = {0};
	struct dot_person_list l = {0};
	char *name = NULL, *uai = NULL, *title = NULL, *running = NULL;
	char *foot = NULL;
	struct rdoc *d = NULL;
	float x0 = 0, top0 = 0, lw = 0, lh = 0;
	size_t i;
	int rc;

	if (!o)
		o = &none;
	if (info)
		memset(info, 0, sizeof(*info));
	f.class_name = o->class_name;
	rc = dot_store_people(st, &f, &l, cause);
	if (rc)
		return rc;
	if (l.n == 0) {
		rc = dot_fail(cause, DOT_ERULE,
			      o->class_name
				      ? _("nobody active in class %s: no "
					  "cover sheet to print")
				      : _("nobody active in the roster: no "
					  "cover sheet to print"),
			      o->class_name);
		goto out;
	}
	rc = rsetting(st, DOT_SETTING_NAME,
		      _("(establishment name not set: dotation init)"), &name,
		      cause);
	if (!rc)
		rc = rsetting(st, DOT_SETTING_UAI, "?", &uai, cause);
	if (rc)
		goto out;
	title = dot_xasprintf("%s — %s (%s)", _("Charter cover sheets"), name,
			      uai);
	rc = rdoc_new(o, false, title, name, &d, cause);
	if (rc)
		goto out;
	running = dot_xasprintf(_("Charter cover sheets — %s (UAI %s) — "
				  "class: %s"),
				name, uai,
				o->class_name ? o->class_name : _("all"));
	foot = dot_xasprintf(_("Charter cover sheets — UAI %s"), uai);
	rdoc_set_footer(d, foot, "");
	for (i = 0; i < l.n; i++) {
		const struct dot_person *p = &l.v[i];
		size_t k = i % (LABEL_COLS * LABEL_ROWS);

		if (k == 0) {
			rdoc_add_page(d);
			x0 = rdoc_left(d);
			/* the same heading on every page: labels get cut */
			rdoc_cell(d, x0 - 3, rdoc_y(d), rdoc_right(d) - x0 + 6,
				  TITLE_H - 4, 9, true, running, RA_LEFT, 1);
			top0 = rdoc_y(d) - TITLE_H;
			lw = (rdoc_right(d) - x0) / LABEL_COLS;
			lh = (top0 - (rdoc_y(d) - rdoc_room(d))) / LABEL_ROWS;
		}
		label(d, p, rperson_homonym(&l, i),
		      x0 + lw * (float)(k % LABEL_COLS),
		      top0 - lh * (float)(k / LABEL_COLS), lw, lh, name);
	}
	if (info)
		info->rows = l.n;
	rdoc_set_archive(d, "charters", name, uai, NULL);
	rc = rdoc_save(d, path, info ? &info->pages : NULL, cause);
out:
	rdoc_free(d);
	dot_person_list_release(&l);
	free(name);
	free(uai);
	free(title);
	free(running);
	free(foot);
	return rc;
}
