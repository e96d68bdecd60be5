/*
 * End of day (F8): the day's counts, the sync in full, and the documents.
 * A document (PDF, printing) is made on a worker thread (job.c) with its
 * own database connection: the loop keeps reading keys and scans and the
 * screen says "préparation…" until the worker reports back.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dotation/i18n.h"
#include "dotation/report.h"
#include "tui_int.h"

/* The documents of F8, in menu order. */
static const struct {
	enum tui_doc what;
	const char *label;
} docs[DOC_COUNT] = {
	{DOC_CERTIFIED, N_("save the certified list (PDF, whole "
			   "establishment)")},
	{DOC_PRINT_CERTIFIED, N_("print the certified list")},
	{DOC_CERTIFIED_CLASS, N_("save the certified list of the class on "
				 "screen")},
	{DOC_MISSING, N_("save the list of people still to equip")},
	{DOC_LOANS, N_("save the loans to get back (overdue, borrower "
		       "gone)")},
};

/* What the worker needs, copied: it never touches the station's state. */
struct doc_work {
	enum tui_doc what;
	char *db_path, *class_name;
	int rc;
	char msg[768];
};

/* $XDG_CONFIG_HOME/user-dirs.dirs's XDG_DOCUMENTS_DIR, or NULL. */
static char *
xdg_documents(const char *home)
{
	const char *cfg = getenv("XDG_CONFIG_HOME");
	char *path, line[1024], *dir = NULL;
	FILE *f;

	path = cfg && *cfg ? dot_xasprintf("%s/user-dirs.dirs", cfg)
			   : dot_xasprintf("%s/.config/user-dirs.dirs", home);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	while (!dir && fgets(line, sizeof(line), f)) {
		char *v, *end;

		if (strncmp(line, "XDG_DOCUMENTS_DIR=\"", 19) != 0)
			continue;
		v = line + 19;
		end = strchr(v, '"');
		if (!end)
			break;
		*end = '\0';
		if (strncmp(v, "$HOME", 5) == 0)
			dir = dot_xasprintf("%s%s", home, v + 5);
		else if (v[0] == '/')
			dir = dot_xstrdup(v);
	}
	fclose(f);
	return dir;
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Where documents go: $DOTATION_DOCS_DIR, the XDG documents folder
 * (xdg-user-dir DOCUMENTS), ~/Documents, else the home folder.
 */
static char *
docs_dir(void)
{
	const char *d = getenv("DOTATION_DOCS_DIR");
	const char *home = getenv("HOME");
	char *p;

	if (d && *d)
		return dot_xstrdup(d);
	if (!home || !*home)
		home = ".";
	p = xdg_documents(home);
	if (is_dir(p))
		return p;
	free(p);
	p = dot_xasprintf("%s/Documents", home);
	if (is_dir(p))
		return p;
	free(p);
	return dot_xstrdup(home);
}

/* On the worker thread: make the document, say how it went in w->msg. */
static void
make_doc(struct dot_app *app, struct doc_work *w)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_report_opts o;
	struct dot_report_info info;
	char today[11], *dir = docs_dir(), *path, *cause = NULL, *job = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&info, 0, sizeof(info));
	dot_date_today(today);
	if (w->what == DOC_MISSING) {
		path = dot_xasprintf("%s/reste-a-equiper-%s.pdf", dir, today);
		struct dot_person_list l;

		/* who is to equip is the roll call's rule (app/roll.c) */
		rc = dot_app_to_equip(app, NULL, &l, &cause);
		if (rc == 0)
			rc = dot_report_missing(st, &l, &o, path, &info,
						&cause);
		dot_person_list_release(&l);
	} else if (w->what == DOC_LOANS) {
		path = dot_xasprintf("%s/prets-a-recuperer-%s.pdf", dir, today);
		rc = dot_report_loans(st, &o, path, &info, &cause);
	} else {
		if (w->what == DOC_CERTIFIED_CLASS && w->class_name)
			o.class_name = w->class_name;
		path = o.class_name
			       ? dot_xasprintf("%s/liste-certifiee-%s-%s.pdf",
					       dir, o.class_name, today)
			       : dot_xasprintf("%s/liste-certifiee-%s.pdf", dir,
					       today);
		/* a class name may hold spaces: keep the file name simple */
		for (char *c = path + strlen(dir) + 1; *c; c++)
			if (*c == ' ' || *c == '/')
				*c = '_';
		rc = dot_report_certified(st, &o, path, &info, &cause);
	}
	if (rc == 0 && w->what == DOC_PRINT_CERTIFIED) {
		rc = dot_report_print(path, NULL, &job, &cause);
		if (rc != 0) {
			/* the PDF is there: say where, it can be printed later */
			char *more =
				dot_xasprintf(_("%s; the list is saved: %s"),
					      cause, path);

			free(cause);
			cause = more;
		} else {
			snprintf(w->msg, sizeof(w->msg),
				 _("sent to the printer (job %s): %s"),
				 job ? job : "lp", path);
		}
	} else if (rc == 0) {
		snprintf(w->msg, sizeof(w->msg),
			 _("saved: %s (%d pages, %zu rows)"), path, info.pages,
			 info.rows);
	}
	if (rc != 0)
		snprintf(w->msg, sizeof(w->msg), "%s",
			 cause ? cause : _("failed"));
	w->rc = rc;
	free(job);
	free(cause);
	free(path);
	free(dir);
}

static void
doc_job(void *arg)
{
	struct doc_work *w = arg;
	struct dot_app *app = NULL;
	char *cause = NULL;

	if (dot_app_open_mode(w->db_path, DOT_STORE_READ, &app, &cause) != 0) {
		snprintf(w->msg, sizeof(w->msg), "%s",
			 cause ? cause : _("failed"));
		w->rc = DOT_ERUNTIME;
		free(cause);
		return;
	}
	make_doc(app, w);
	dot_app_free(app);
}

static void
work_free(struct doc_work *w)
{
	if (!w)
		return;
	free(w->db_path);
	free(w->class_name);
	free(w);
}

static void
doc_start(struct station *s, enum tui_doc what)
{
	struct doc_work *w;
	char *cause = NULL;

	if (s->job) {
		tui_refuse(s, _("a document is being prepared: wait for it"));
		return;
	}
	w = dot_xcalloc(1, sizeof(*w));
	w->what = what;
	w->db_path = dot_xstrdup(dot_store_path(s->st));
	w->class_name = s->class_name && *s->class_name
				? dot_xstrdup(s->class_name)
				: NULL;
	s->job = tui_job_start(doc_job, w, &cause);
	if (!s->job) {
		tui_refuse(s, cause);
		free(cause);
		work_free(w);
		return;
	}
	s->job_work = w;
	snprintf(s->day_msg, sizeof(s->day_msg), "%s",
		 _("preparing the document…"));
	tui_info(s, "%s", s->day_msg);
}

void
tui_day_dispatch(struct station *s)
{
	struct doc_work *w = s->job_work;

	tui_job_finish(s->job);
	s->job = NULL;
	s->job_work = NULL;
	if (!w)
		return;
	snprintf(s->day_msg, sizeof(s->day_msg), "%s", w->msg);
	if (w->rc == 0)
		tui_say(s, LAST_OK, "%s", w->msg);
	else
		tui_refuse(s, w->msg);
	work_free(w);
}

void
tui_day_stop(struct station *s)
{
	if (s->job)
		tui_day_dispatch(s); /* waits for the document to be written */
}

/*
 * The sync in full, from row y: when it last worked and, when it fails,
 * why and that nothing is lost. Returns the rows used.
 */
static int
draw_day_sync(struct station *s, int y)
{
	char when[32], buf[512];
	int n = 0, w = COLS - 4;

	if (!s->sync)
		return tui_wrap(y, 2, w, 3,
				_("no sync server configured: everything stays "
				  "recorded on this computer, nothing is lost"),
				NORM);
	tui_last_sync_when(s, false, when, sizeof(when));
	if (!s->sync_state[0]) {
		snprintf(buf, sizeof(buf), _("last sync: %s"), when);
		return tui_wrap(y, 2, w, 1, buf, NORM);
	}
	snprintf(buf, sizeof(buf), _("sync failed (last success: %s):"), when);
	n += tui_wrap(y + n, 2, w, 1, buf, tui_attr(s, C_WARN));
	n += tui_wrap(y + n, 4, w - 2, 3, s->sync_error, tui_attr(s, C_WARN));
	n += tui_wrap(y + n, 2, w, 2,
		      _("every handover stays recorded on this computer and "
			"goes up by itself as soon as the server answers"),
		      NORM);
	return n;
}

void
tui_load_day(struct station *s)
{
	struct dot_loan_filter f = {.due_back_only = true};
	struct dot_loan_list l;
	size_t i;

	s->loans_overdue = s->loans_gone = 0;
	if (dot_store_loans(s->st, &f, &l, NULL) != 0)
		return;
	for (i = 0; i < l.n; i++) {
		if (!l.v[i].active)
			s->loans_gone++;
		else
			s->loans_overdue++;
	}
	dot_loan_list_release(&l);
}

static void
draw_day(struct station *s, int body, int rows)
{
	const struct dot_status *t = &s->status;
	char buf[512];
	int y = body + 2, end = body + rows;
	size_t i;

	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("End of day"));
	snprintf(buf, sizeof(buf),
		 _("%lld people, %lld charters, %lld devices handed over "
		   "(%lld cessions, %lld loans), %lld absent today"),
		 (long long)t->people, (long long)t->charters,
		 (long long)t->handed_over, (long long)t->cessions,
		 (long long)t->loans, (long long)t->absent_today);
	y += tui_wrap(y, 2, COLS - 4, 2, buf, NORM);
	snprintf(buf, sizeof(buf),
		 _("%lld journal entries, %lld waiting for sync"),
		 (long long)t->journal_entries, (long long)t->pending);
	y += tui_wrap(y, 2, COLS - 4, 1, buf, NORM);
	if (s->loans_overdue || s->loans_gone) {
		snprintf(buf, sizeof(buf),
			 _("loans to get back: %zu overdue, %zu whose borrower "
			   "left (document below)"),
			 s->loans_overdue, s->loans_gone);
		y += tui_wrap(y, 2, COLS - 4, 1, buf, tui_attr(s, C_WARN));
	}
	y += draw_day_sync(s, y) + 1;
	tui_putf(y++, 2, COLS - 2, NORM, true, "%s",
		 _("↑/↓ choose, Enter makes the document:"));
	for (i = 0; i < DOC_COUNT && y < end; i++) {
		int a = i == s->daycur ? tui_attr(s, C_SELECTED) : NORM;

		tui_putf(y++, 2, COLS - 4, a, true, " %s ", _(docs[i].label));
	}
	/* a blank row before the outcome, unless rows are short */
	if (end - y > 4)
		y++;
	if (s->day_msg[0] && y < end)
		tui_wrap(y, 2, COLS - 4, end - y, s->day_msg, A_BOLD);
}

static int
key_day(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	(void)ch;
	(void)t;
	switch (a) {
	case ACT_UP:
		if (s->daycur > 0)
			s->daycur--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->daycur + 1 < DOC_COUNT)
			s->daycur++;
		return R_REDRAW;
	case ACT_ENTER:
		doc_start(s, docs[s->daycur].what);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_DAY:
		tui_home(s);
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_day_screen = {
	.draw = draw_day,
	.key = key_day,
	.takes_text = false,
};
