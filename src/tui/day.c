/*
 * End of day (F8): the day's counts, the sync in full, and every document
 * of the day: the certified list (everyone or the class on screen), the
 * next attestation of cession (its period proposed, editable), the people
 * still to equip, the loans to get back, the charter cover sheets and the
 * CSV export. Each is saved in the documents folder and, when a printer
 * is chosen (CUPS's default one preselected), printed.
 *
 * A document (PDF, printing) is made on a worker thread (job.c) with its
 * own database connection: the loop keeps reading keys and scans and the
 * screen says "préparation…" until the worker reports back. The printers
 * are listed the same way when F8 opens.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotation/i18n.h"
#include "dotation/report.h"
#include "tui_int.h"

/* Where documents go when chosen in the station (a database setting). */
#define DOCS_DIR_KEY "station.documents_dir"

/* The documents of F8, in menu order (enum tui_doc). */
static const char *const labels[DOC_COUNT] = {
	[DOC_CERTIFIED] = N_("save the certified list (PDF, whole "
			     "establishment)"),
	[DOC_CERTIFIED_CLASS] = N_("save the certified list of the class on "
				   "screen"),
	[DOC_ATTESTATION] = NULL, /* says its number and period */
	[DOC_MISSING] = N_("save the list of people still to equip"),
	[DOC_LOANS] = N_("save the loans to get back (overdue, borrower "
			 "gone)"),
	[DOC_CHARTERS_CLASS] = N_("save the charter cover sheets of the class "
				  "on screen"),
	[DOC_CHARTERS] = N_("save the charter cover sheets of everyone"),
	[DOC_CSV] = N_("save the export of every handover (CSV)"),
};

/* The menu: the documents, then the printer. */
#define ROW_PRINTER DOC_COUNT

/* What the worker needs, copied: it never touches the station's state. */
struct doc_work {
	enum tui_doc what;
	char *db_path, *class_name, *dir, *operator_name;
	char *printer;       /* NULL: do not print; "": the default printer */
	char *printer_label; /* how the message names it */
	char from[11], to[11];
	int rc;
	char msg[768];
	char detail[512];
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
	/* xdg-user-dir's answer when none is set: the home, never ours */
	if (dir && strcmp(dir, home) == 0) {
		free(dir);
		dir = NULL;
	}
	return dir;
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *
home_dir(void)
{
	const char *home = getenv("HOME");

	return home && *home ? home : NULL;
}

/*
 * Where documents go: $DOTATION_DOCS_DIR, the folder chosen in the
 * station, the XDG documents folder (what xdg-user-dir DOCUMENTS reads),
 * ~/Documents; NULL when none exists: the station then asks, it never
 * falls back to the home folder.
 */
static char *
docs_dir(struct station *s)
{
	const char *d = getenv("DOTATION_DOCS_DIR"), *home = home_dir();
	char *p;

	if (d && *d)
		return dot_xstrdup(d);
	if (!s->docs_dir && dot_store_setting_get_key(s->st, DOCS_DIR_KEY,
						      &s->docs_dir, NULL) != 0)
		s->docs_dir = NULL; /* unreadable: the usual folders, or ask */
	if (is_dir(s->docs_dir))
		return dot_xstrdup(s->docs_dir);
	if (!home)
		return NULL;
	p = xdg_documents(home);
	if (is_dir(p))
		return p;
	free(p);
	p = dot_xasprintf("%s/Documents", home);
	if (is_dir(p))
		return p;
	free(p);
	return NULL;
}

/* A class name in a file name: no space, no slash. */
static char *
file_name(const char *dir, const char *stem, const char *cls, const char *today,
	  const char *ext)
{
	char *path = cls ? dot_xasprintf("%s/%s-%s-%s.%s", dir, stem, cls,
					 today, ext)
			 : dot_xasprintf("%s/%s-%s.%s", dir, stem, today, ext);

	for (char *c = path + strlen(dir) + 1; *c; c++)
		if (*c == ' ' || *c == '/')
			*c = '_';
	return path;
}

/* The CSV export into path, through a private temporary file. */
static int
make_csv(struct dot_store *st, const char *path, size_t *rows, char **cause)
{
	struct dot_outfile of;
	FILE *out;
	int rc, fd;

	rc = dot_outfile_open(&of, path, cause);
	if (rc)
		return rc;
	fd = dup(of.fd);
	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		dot_outfile_abort(&of);
		return dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
				path, strerror(errno));
	}
	/* French spreadsheets open it right with the byte order mark */
	rc = dot_report_export_csv(st, out, true, rows, cause);
	if (fclose(out) != 0 && rc == 0)
		rc = dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
			      path, strerror(errno));
	if (rc == 0)
		rc = dot_outfile_commit(&of, cause);
	else
		dot_outfile_abort(&of);
	return rc;
}

/* "saved: PATH (N pages)" and the like, into w->msg. */
static void
say_saved(struct doc_work *w, const char *path,
	  const struct dot_report_info *info, size_t rows)
{
	char pages[64];

	if (w->what == DOC_CSV) {
		snprintf(w->msg, sizeof(w->msg),
			 dngettext("dotation", "saved: %s (%zu handover)",
				   "saved: %s (%zu handovers)", rows),
			 path, rows);
		return;
	}
	snprintf(pages, sizeof(pages),
		 dngettext("dotation", "%d page", "%d pages", info->pages),
		 info->pages);
	if (w->what == DOC_ATTESTATION)
		snprintf(w->msg, sizeof(w->msg),
			 _("attestation no. %lld issued and saved: %s (%s)"),
			 (long long)info->number, path, pages);
	else
		snprintf(w->msg, sizeof(w->msg), _("saved: %s (%s)"), path,
			 pages);
}

/* On the worker thread: make the document, say how it went in w->msg. */
static void
make_doc(struct dot_app *app, struct doc_work *w)
{
	struct dot_store *st = dot_app_store(app);
	struct dot_report_opts o;
	struct dot_report_info info;
	char today[11], *path = NULL, *cause = NULL, *job = NULL;
	char *detail = NULL;
	size_t rows = 0;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&info, 0, sizeof(info));
	o.operator_name = w->operator_name;
	dot_date_today(today);
	switch (w->what) {
	case DOC_MISSING: {
		struct dot_person_list l;

		path = file_name(w->dir, "reste-a-equiper", NULL, today, "pdf");
		/* who is to equip is the roll call's rule (app/roll.c) */
		rc = dot_app_to_equip(app, NULL, 0, &l, &cause);
		if (rc == 0)
			rc = dot_report_missing(st, &l, &o, path, &info,
						&cause);
		dot_person_list_release(&l);
		break;
	}
	case DOC_LOANS:
		path = file_name(w->dir, "prets-a-recuperer", NULL, today,
				 "pdf");
		rc = dot_report_loans(st, &o, path, &info, &cause);
		break;
	case DOC_ATTESTATION: {
		struct dot_attestation att;

		rc = dot_app_attestation_issue(app, w->from, w->to,
					       dot_report_fingerprint, &att,
					       NULL, &cause);
		if (rc)
			break;
		{
			char stem[64];

			snprintf(stem, sizeof(stem),
				 "attestation-cession-n%lld",
				 (long long)att.number);
			path = file_name(w->dir, stem, NULL, today, "pdf");
		}
		rc = dot_report_attestation(st, att.number, false, &o, path,
					    &info, &cause);
		if (rc) {
			/* recorded: F8 cannot lose it, the CLI reprints it */
			char *more = dot_xasprintf(
				_("%s (attestation no. %lld is recorded)"),
				cause ? cause : "", (long long)att.number);

			free(cause);
			cause = more;
		}
		break;
	}
	case DOC_CHARTERS:
	case DOC_CHARTERS_CLASS:
		o.class_name =
			w->what == DOC_CHARTERS_CLASS ? w->class_name : NULL;
		path = file_name(w->dir, "feuilles-de-garde", o.class_name,
				 today, "pdf");
		rc = dot_report_charters(st, &o, path, &info, &cause);
		break;
	case DOC_CSV:
		path = file_name(w->dir, "remises", NULL, today, "csv");
		rc = make_csv(st, path, &rows, &cause);
		break;
	default:
		o.class_name =
			w->what == DOC_CERTIFIED_CLASS ? w->class_name : NULL;
		path = file_name(w->dir, "liste-certifiee", o.class_name, today,
				 "pdf");
		rc = dot_report_certified(st, &o, path, &info, &cause);
		break;
	}
	if (rc == 0)
		say_saved(w, path, &info, rows);
	if (rc == 0 && w->printer && w->what != DOC_CSV) {
		rc = dot_report_print(path, w->printer, &job, &cause, &detail);
		if (rc != 0) {
			/* the PDF is there: say where, it can be printed later */
			char *more = dot_xasprintf(
				_("%s; the document is saved: %s"), cause,
				path);

			free(cause);
			cause = more;
		} else {
			snprintf(w->msg, sizeof(w->msg),
				 _("sent to the printer %s (job %s): %s"),
				 w->printer_label, job ? job : "lp", path);
		}
	}
	if (rc != 0)
		snprintf(w->msg, sizeof(w->msg), "%s",
			 cause ? cause : _("failed"));
	if (detail)
		snprintf(w->detail, sizeof(w->detail), "lp : %s", detail);
	w->rc = rc;
	free(detail);
	free(job);
	free(cause);
	free(path);
}

static void
doc_job(void *arg)
{
	struct doc_work *w = arg;
	struct dot_app *app = NULL;
	char *cause = NULL;

	/* only issuing an attestation writes */
	if (dot_app_open_mode(w->db_path,
			      w->what == DOC_ATTESTATION ? DOT_STORE_WRITE
							 : DOT_STORE_READ,
			      &app, &cause) != 0) {
		snprintf(w->msg, sizeof(w->msg), "%s",
			 cause ? cause : _("failed"));
		w->rc = DOT_ERUNTIME;
		free(cause);
		return;
	}
	if (w->operator_name)
		dot_app_set_operator(app, w->operator_name);
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
	free(w->dir);
	free(w->operator_name);
	free(w->printer);
	free(w->printer_label);
	free(w);
}

/*
 * The printer chosen (index 0: none, 1: CUPS's default, then the other
 * printers in CUPS's order): NULL none, "" the default, else its name;
 * *label says it.
 */
static const char *
chosen_printer(struct station *s, const char **label)
{
	size_t k, seen = 0;

	if (s->printer_idx == 1) {
		*label = s->printers.def ? s->printers.def
					 : _("the default printer");
		return "";
	}
	for (k = 0; s->printer_idx > 1 && k < s->printers.n; k++) {
		if (s->printers.def &&
		    strcmp(s->printers.v[k], s->printers.def) == 0)
			continue;
		if (seen++ == s->printer_idx - 2) {
			*label = s->printers.v[k];
			return s->printers.v[k];
		}
	}
	s->printer_idx = 0;
	*label = _("none: save only");
	return NULL;
}

/* How many printer choices: none, the default, the others. */
static size_t
printer_choices(const struct station *s)
{
	size_t k, n = 2;

	for (k = 0; k < s->printers.n; k++)
		if (!s->printers.def ||
		    strcmp(s->printers.v[k], s->printers.def) != 0)
			n++;
	return n;
}

static void
doc_start(struct station *s, enum tui_doc what)
{
	struct doc_work *w;
	const char *label, *printer;
	char *cause = NULL, *dir;

	if (s->job) {
		tui_refuse(s, _("a document is being prepared: wait for it"));
		return;
	}
	if ((what == DOC_CERTIFIED_CLASS || what == DOC_CHARTERS_CLASS) &&
	    !(s->class_name && *s->class_name)) {
		tui_refuse(s, _("no class on screen: choose one (F2), then "
				"come back (F8)"));
		return;
	}
	dir = docs_dir(s);
	if (!dir) {
		const char *home = home_dir();
		char *initial = home ? dot_xasprintf("%s/Documents", home)
				     : dot_xstrdup("");

		s->day_pending = what;
		tui_prompt_open(s, PROMPT_DOCS_DIR,
				_("There is no documents folder on this "
				  "computer. Folder where the documents go "
				  "(created if it does not exist):"),
				initial);
		free(initial);
		return;
	}
	w = dot_xcalloc(1, sizeof(*w));
	w->what = what;
	w->dir = dir;
	w->db_path = dot_xstrdup(dot_store_path(s->st));
	w->class_name = s->class_name && *s->class_name
				? dot_xstrdup(s->class_name)
				: NULL;
	w->operator_name = s->operator_name && *s->operator_name
				   ? dot_xstrdup(s->operator_name)
				   : NULL;
	printer = chosen_printer(s, &label);
	w->printer = printer ? dot_xstrdup(printer) : NULL;
	w->printer_label = dot_xstrdup(label);
	snprintf(w->from, sizeof(w->from), "%s", s->att_from);
	snprintf(w->to, sizeof(w->to), "%s", s->att_to);
	s->job = tui_job_start(doc_job, w, &cause);
	if (!s->job) {
		tui_refuse(s, cause);
		free(cause);
		work_free(w);
		return;
	}
	s->job_work = w;
	s->day_detail[0] = '\0';
	snprintf(s->day_msg, sizeof(s->day_msg), "%s",
		 _("preparing the document…"));
	tui_info(s, "%s", s->day_msg);
}

/* mkdir -p, each new folder private. */
static int
make_dirs(const char *path)
{
	char *p = dot_xstrdup(path), *c;
	int rc = 0;

	for (c = p + 1; rc == 0; c++) {
		if (*c != '/' && *c != '\0')
			continue;
		char keep = *c;

		*c = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*c = keep;
		if (!keep)
			break;
	}
	free(p);
	return rc == 0 && is_dir(path) ? 0 : -1;
}

/* The documents folder typed: ~ is the home folder. */
static void
docs_dir_chosen(struct station *s, const char *text)
{
	const char *home = home_dir();
	char *path, *cause = NULL;

	while (*text == ' ')
		text++;
	if (!*text) {
		tui_refuse(s, _("no folder given: nothing was saved"));
		return;
	}
	path = text[0] == '~' && home ? dot_xasprintf("%s%s", home, text + 1)
				      : dot_xstrdup(text);
	if (path[0] != '/') {
		tui_refuse(s, _("give the whole folder path, starting with / "
				"or ~"));
		free(path);
		return;
	}
	if (make_dirs(path) != 0) {
		char msg[768];

		snprintf(msg, sizeof(msg), _("cannot create the folder %s: %s"),
			 path, strerror(errno));
		tui_refuse(s, msg);
		free(path);
		return;
	}
	if (dot_store_setting_set_key(s->st, DOCS_DIR_KEY, path, &cause) != 0) {
		tui_refuse(s, cause ? cause : _("cannot save the setting"));
		free(cause);
	}
	free(s->docs_dir);
	s->docs_dir = path;
	doc_start(s, s->day_pending);
}

/* "DD/MM/YYYY" of an ISO date, for a prompt. */
static void
fr_date(const char *iso, char out[11])
{
	if (strlen(iso) == 10)
		snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 11, "%s", iso);
}

void
tui_day_prompt_done(struct station *s, enum prompt_what what, const char *text)
{
	char iso[11], d1[11], d2[11], fr[11], *cause = NULL;

	switch (what) {
	case PROMPT_DOCS_DIR:
		docs_dir_chosen(s, text);
		return;
	case PROMPT_ATT_FROM:
	case PROMPT_ATT_TO:
		if (!dot_date_parse(text, iso)) {
			char msg[512];

			snprintf(msg, sizeof(msg),
				 _("%s is not a date: write it as 03/09/2026"),
				 text);
			tui_refuse(s, msg);
			fr_date(what == PROMPT_ATT_FROM ? s->att_from
							: s->att_to,
				fr);
			tui_prompt_open(s, what, s->prompt.label, fr);
			return;
		}
		if (what == PROMPT_ATT_FROM) {
			snprintf(s->att_from, sizeof(s->att_from), "%s", iso);
			fr_date(s->att_to, fr);
			tui_prompt_open(s, PROMPT_ATT_TO,
					_("Last day of the attestation's "
					  "period (DD/MM/YYYY):"),
					fr);
			return;
		}
		if (dot_date_period(s->att_from, iso, d1, d2, &cause) != 0) {
			tui_refuse(s, cause ? cause : _("failed"));
			free(cause);
			return;
		}
		snprintf(s->att_to, sizeof(s->att_to), "%s", iso);
		doc_start(s, DOC_ATTESTATION);
		return;
	default:
		return;
	}
}

static void
printers_job(void *arg)
{
	struct dot_printer_list *l = arg;

	if (dot_report_printers(l, NULL) != 0)
		memset(l, 0, sizeof(*l));
}

void
tui_day_printers_done(struct station *s)
{
	tui_job_finish(s->pjob);
	s->pjob = NULL;
	if (!s->pwork)
		return;
	const char *label, *was = NULL;
	char *keep = NULL;
	size_t n, i;

	if (s->printers_known) {
		was = chosen_printer(s, &label);
		keep = was ? dot_xstrdup(was) : NULL;
	}
	dot_printer_list_release(&s->printers);
	s->printers = *s->pwork;
	free(s->pwork);
	s->pwork = NULL;
	/* CUPS's default printer preselected; none when there is none */
	if (!s->printers_known) {
		s->printer_idx = s->printers.def ? 1 : 0;
	} else if (keep) {
		/* listed again (F8 reopened): the choice made stays */
		n = printer_choices(s);
		for (i = 0; i < n; i++) {
			s->printer_idx = i;
			if ((was = chosen_printer(s, &label)) &&
			    strcmp(was, keep) == 0)
				break;
		}
		if (i == n)
			s->printer_idx = s->printers.def ? 1 : 0;
	}
	free(keep);
	s->printers_known = true;
	s->dirty = true;
}

/* List the printers off the loop (once per F8 opening). */
static void
printers_start(struct station *s)
{
	if (s->pjob)
		return;
	s->pwork = dot_xcalloc(1, sizeof(*s->pwork));
	s->pjob = tui_job_start(printers_job, s->pwork, NULL);
	if (!s->pjob) {
		free(s->pwork);
		s->pwork = NULL;
		s->printers_known = true;
	}
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
	snprintf(s->day_detail, sizeof(s->day_detail), "%s", w->detail);
	if (w->rc == 0)
		tui_say(s, LAST_OK, "%s", w->msg);
	else
		tui_refuse(s, w->msg);
	if (w->what == DOC_ATTESTATION && s->screen == SCR_DAY)
		tui_load_day(s); /* the next one's number and period */
	work_free(w);
}

void
tui_day_stop(struct station *s)
{
	if (s->job)
		tui_day_dispatch(s); /* waits for the document to be written */
	if (s->pjob)
		tui_day_printers_done(s);
	dot_printer_list_release(&s->printers);
	free(s->docs_dir);
	s->docs_dir = NULL;
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
	struct dot_attestation last;
	size_t i;

	s->loans_overdue = s->loans_gone = 0;
	if (dot_store_loans(s->st, &f, &l, NULL) == 0) {
		for (i = 0; i < l.n; i++) {
			if (!l.v[i].active)
				s->loans_gone++;
			else
				s->loans_overdue++;
		}
		dot_loan_list_release(&l);
	}
	if (dot_app_attestation_period(s->app, s->att_from, s->att_to, NULL) !=
	    0)
		dot_date_today(s->att_from), dot_date_today(s->att_to);
	s->att_next = dot_store_attestation_get(s->st, 0, &last, NULL) == 0
			      ? last.number + 1
			      : 1;
	printers_start(s);
}

static void
draw_day(struct station *s, int body, int rows)
{
	const struct dot_status *t = &s->status;
	char buf[512], d1[11], d2[11];
	int y = body + 2, end = body + rows;
	const char *plabel;
	size_t i;

	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("End of day"));
	/* a question asked: on top, in the room of the counts (80x24) */
	if (s->prompt.what != PROMPT_NONE) {
		y += tui_draw_prompt(s, y) + 1;
		goto menu;
	}
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
	y += draw_day_sync(s, y);
	if (rows > 24)
		y++;
menu:
	tui_putf(y++, 2, COLS - 2, NORM, true, "%s",
		 _("↑/↓ choose, Enter saves (and prints on the printer "
		   "chosen):"));
	fr_date(s->att_from, d1);
	fr_date(s->att_to, d2);
	for (i = 0; i <= ROW_PRINTER && y < end; i++) {
		int a = i == s->daycur ? tui_attr(s, C_SELECTED) : NORM;

		if (i == DOC_ATTESTATION) {
			snprintf(buf, sizeof(buf),
				 COLS >= 100
					 ? _("issue the attestation of cession "
					     "no. %lld, from %s to %s (Enter: "
					     "check the period)")
					 : _("issue attestation no. %lld, from "
					     "%s to %s"),
				 (long long)s->att_next, d1, d2);
		} else if (i == ROW_PRINTER) {
			if (!s->printers_known)
				snprintf(buf, sizeof(buf), "%s",
					 _("printer: looking for the "
					   "printers…"));
			else if (chosen_printer(s, &plabel),
				 s->printer_idx == 1)
				snprintf(buf, sizeof(buf),
					 _("printer (←/→ changes): %s, the "
					   "default one"),
					 plabel);
			else
				snprintf(buf, sizeof(buf),
					 _("printer (←/→ changes): %s"),
					 plabel);
		} else {
			snprintf(buf, sizeof(buf), "%s", _(labels[i]));
		}
		tui_putf(y++, 2, COLS - 4, a, true, " %s ", buf);
	}
	if (s->prompt.what != PROMPT_NONE)
		return;
	if (s->day_msg[0] && y < end)
		y += tui_wrap(y, 2, COLS - 4,
			      end - y - (s->day_detail[0] ? 1 : 0), s->day_msg,
			      A_BOLD);
	/* the print service's own words, kept for whoever fixes it */
	if (s->day_detail[0] && y < end)
		tui_wrap(y, 4, COLS - 6, end - y, s->day_detail,
			 tui_attr(s, C_DIM));
}

static void
printer_move(struct station *s, int by)
{
	size_t n = printer_choices(s);

	if (!s->printers_known)
		return;
	s->printer_idx = (s->printer_idx + n + (size_t)(by + 1) - 1) % n;
}

static int
key_day(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	char fr[11];

	(void)ch;
	(void)t;
	switch (a) {
	case ACT_UP:
		if (s->daycur > 0)
			s->daycur--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->daycur < ROW_PRINTER)
			s->daycur++;
		return R_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (s->daycur == ROW_PRINTER)
			printer_move(s, a == ACT_LEFT ? -1 : 1);
		return R_REDRAW;
	case ACT_ENTER:
		if (s->daycur == ROW_PRINTER) {
			printer_move(s, 1);
		} else if (s->daycur == DOC_ATTESTATION) {
			fr_date(s->att_from, fr);
			tui_prompt_open(s, PROMPT_ATT_FROM,
					_("First day of the attestation's "
					  "period (DD/MM/YYYY):"),
					fr);
		} else {
			doc_start(s, (enum tui_doc)s->daycur);
		}
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
