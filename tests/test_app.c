/*
 * Unit tests of the use cases: the charter gate, one holder per serial,
 * one device per person, undo as a compensating entry, imports that match
 * people instead of duplicating them, and several processes racing for
 * one serial on one database file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dotation/app.h"
#include "dotation/core.h"

struct fx {
	char dir[64];
	char path[128];
	struct dot_app *app;
	int64_t camille, leo, gone;
};

static int64_t
person(struct fx *f, const char *last, const char *first, bool active)
{
	struct dot_person_in r = {.line = 1,
				  .last_name = last,
				  .first_name = first,
				  .class_name = "2NDE 3",
				  .profile = DOT_PROFILE_ELEVE,
				  .active = active};
	struct dot_import_summary sum;
	struct dot_import_opts o = {0};
	int64_t id;

	assert_int_equal(dot_app_import(f->app, &r, 1, &o, &sum, NULL), 0);
	assert_int_equal(dot_store_person_match(dot_app_store(f->app), &r, &id,
						NULL),
			 0);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = dot_xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/dot-app-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	assert_int_equal(dot_app_open(f->path, &f->app, NULL), 0);
	assert_int_equal(dot_app_init(f->app, "0750654D", "Lycée Test", "cdi",
				      NULL),
			 0);
	f->camille = person(f, "DUPONT", "Camille", true);
	f->leo = person(f, "MARTIN", "Léo", true);
	f->gone = person(f, "PARTI", "Paul", false);
	*state = f;
	return 0;
}

static void unreadable_heal(void);

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = dot_xasprintf("rm -rf '%s'", f->dir);

	unreadable_heal();
	dot_app_free(f->app);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static int
assign(struct fx *f, int64_t who, const char *serial, char **cause)
{
	struct dot_assign_result res;

	return dot_app_assign(f->app, who, serial, NULL, &res, cause);
}

static int64_t
journal_count(struct fx *f)
{
	struct dot_status s;

	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	return s.journal_entries;
}

static void
no_charter_no_device(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	int64_t before = journal_count(f);

	assert_int_equal(assign(f, f->camille, "R9KT30ABCDE", &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "DUPONT Camille"));
	free(cause);
	assert_int_equal(journal_count(f), before);
	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	assert_int_equal(assign(f, f->camille, "R9KT30ABCDE", NULL), 0);
	assert_int_equal(journal_count(f), before + 2);
}

static void
catch_up_records_charter_with_scan(void **state)
{
	struct fx *f = *state;
	struct dot_assign_opts o = {.record_charter = true, .microsd = true};
	struct dot_assign_result res;
	struct dot_person p;

	assert_int_equal(dot_app_assign(f->app, f->leo, " r9kt30abcde ", &o,
					&res, NULL),
			 0);
	assert_string_equal(res.serial, "R9KT30ABCDE");
	assert_string_equal(res.name, "MARTIN Léo (2NDE 3)");
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->leo, &p,
					      NULL),
			 0);
	assert_non_null(p.charter_at);
	assert_string_equal(p.serial, "R9KT30ABCDE");
	assert_true(p.microsd);
	assert_false(p.has_case);
	dot_person_release(&p);
	/* Undoing the catch-up scan withdraws the charter it recorded. */
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, NULL), 0);
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->leo, &p,
					      NULL),
			 0);
	assert_null(p.charter_at);
	assert_null(p.serial);
	dot_person_release(&p);
}

static void
serial_has_one_holder(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;

	dot_app_charter(f->app, f->camille, false, NULL, NULL);
	dot_app_charter(f->app, f->leo, false, NULL, NULL);
	assert_int_equal(assign(f, f->camille, "R9KT30ABCDE", NULL), 0);
	assert_int_equal(assign(f, f->leo, "r9kt30abcde", &cause), DOT_ERULE);
	assert_non_null(strstr(cause, "DUPONT Camille (2NDE 3)"));
	free(cause);
	cause = NULL;
	/* One device per person. */
	assert_int_equal(assign(f, f->camille, "ZZ1234567", &cause), DOT_ERULE);
	assert_non_null(strstr(cause, "R9KT30ABCDE"));
	free(cause);
}

static void
refusals_name_the_reason(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	int64_t before;

	dot_app_charter(f->app, f->camille, false, NULL, NULL);
	before = journal_count(f);
	/* the reason itself, not a character the serial also contains */
	assert_int_equal(assign(f, f->camille, "R9KTO0ABCDE", &cause),
			 DOT_ERULE);
	assert_non_null(
		strstr(cause, dot_serial_reason_message(DOT_SERIAL_LETTER_O)));
	free(cause);
	cause = NULL;
	assert_int_equal(assign(f, f->camille, "R9KT 30ABCDE", &cause),
			 DOT_ERULE);
	assert_non_null(
		strstr(cause, dot_serial_reason_message(DOT_SERIAL_BAD_CHAR)));
	free(cause);
	cause = NULL;
	/* who, and why: inactive; unknown */
	assert_int_equal(assign(f, f->gone, "R9KT30ABCDE", &cause), DOT_ERULE);
	assert_non_null(strstr(cause, "PARTI"));
	assert_non_null(strstr(cause, "inactive"));
	free(cause);
	cause = NULL;
	assert_int_equal(assign(f, 9999, "R9KT30ABCDE", &cause), DOT_ERULE);
	assert_non_null(strstr(cause, "unknown person"));
	free(cause);
	assert_int_equal(journal_count(f), before);
}

static void
undo_is_a_compensating_entry(void **state)
{
	struct fx *f = *state;
	struct dot_assign_result res;
	struct dot_journal_entry e;
	int64_t useq, last;
	char *cause = NULL;

	dot_app_charter(f->app, f->camille, false, NULL, NULL);
	assert_int_equal(dot_app_assign(f->app, f->camille, "R9KT30ABCDE", NULL,
					&res, NULL),
			 0);
	assert_int_equal(dot_app_last_undoable(f->app, &last, NULL), 0);
	assert_int_equal(last, res.seq);
	assert_int_equal(dot_app_undo(f->app, res.seq, &useq, NULL), 0);
	assert_int_equal(useq, res.seq + 1);
	/* The original entry is still there, marked undone. */
	assert_int_equal(dot_store_journal_get(dot_app_store(f->app), res.seq,
					       &e, NULL),
			 0);
	assert_int_equal(e.type, DOT_JOURNAL_ASSIGN);
	assert_int_equal(e.undone_by, useq);
	dot_journal_entry_release(&e);
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, &cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
	assert_int_equal(dot_app_undo(f->app, useq, NULL, &cause), DOT_ERULE);
	free(cause);
	/* The serial is free again, for anyone. */
	dot_app_charter(f->app, f->leo, false, NULL, NULL);
	assert_int_equal(assign(f, f->leo, "R9KT30ABCDE", NULL), 0);
}

/*
 * An attestation is not a signature: a cession it covers can still be
 * undone or given to the right person, and the corrections are what the
 * next attestation lists (rectifications: serial, from whom, to whom).
 * The corrected handover stays on the first attestation as issued.
 */
static void
attested_cession_correction_is_a_rectification(void **state)
{
	struct fx *f = *state;
	struct dot_store *st = dot_app_store(f->app);
	struct dot_assign_result res;
	struct dot_attestation att;
	struct dot_rectification_list rl;
	struct dot_assignment_rows rows;
	struct dot_assignment_filter af = {0};
	struct dot_person p;
	char today[11], *cause = NULL;
	int64_t before, useq;

	dot_date_today(today);
	dot_app_charter(f->app, f->camille, false, NULL, NULL);
	assert_int_equal(dot_app_assign(f->app, f->camille, "R9KT30ABCDE", NULL,
					&res, NULL),
			 0);
	/* n° 1 is proposed from the first cession to today */
	{
		char from[11], to[11];

		assert_int_equal(dot_app_attestation_period(f->app, from, to,
							    NULL),
				 0);
		assert_string_equal(from, today);
		assert_string_equal(to, today);
	}
	assert_int_equal(dot_app_attestation_issue(f->app, today, today, NULL,
						   &att, NULL, &cause),
			 0);
	assert_int_equal(att.number, 1);
	assert_true(att.assignment_upto > 0 && att.journal_upto > 0);
	/*
	 * The laptop's clock ran ahead when n° 1 was issued and was set
	 * back since (or the correction comes in the same millisecond):
	 * what was issued is bounded by ids, never by the clock.
	 */
	{
		char *cmd = dot_xasprintf(
			"sqlite3 '%s' \"UPDATE attestations SET created_at ="
			" '2999-01-01T00:00:00.000Z'\"",
			f->path);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	/* to the right person: refused without a charter, nothing written */
	before = journal_count(f);
	assert_int_equal(dot_app_reassign(f->app, "R9KT30ABCDE", f->leo, false,
					  NULL, &cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
	assert_int_equal(journal_count(f), before);
	assert_int_equal(dot_app_reassign(f->app, "r9kt30abcde", f->leo, true,
					  &res, &cause),
			 0);
	assert_int_equal(dot_store_person_get(st, f->leo, &p, NULL), 0);
	assert_string_equal(p.serial, "R9KT30ABCDE");
	assert_non_null(p.charter_at);
	dot_person_release(&p);
	assert_int_equal(dot_store_person_get(st, f->camille, &p, NULL), 0);
	assert_null(p.serial);
	dot_person_release(&p);
	/* the serial held by nobody: nothing to correct */
	assert_int_equal(dot_app_reassign(f->app, "ZZZZ999999", f->camille,
					  true, NULL, &cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
	/* and undone after all: allowed, a second rectification */
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, &cause),
			 DOT_ERULE); /* a reassign is corrected, not undone */
	free(cause);
	cause = NULL;
	assert_int_equal(dot_app_last_undoable(f->app, &useq, NULL), 0);
	assert_int_equal(dot_store_rectifications(st, NULL, NULL, &rl, NULL),
			 0);
	assert_int_equal(rl.n, 1);
	assert_string_equal(rl.v[0].serial, "R9KT30ABCDE");
	assert_non_null(strstr(rl.v[0].from, "DUPONT"));
	assert_non_null(strstr(rl.v[0].to, "MARTIN"));
	assert_int_equal(rl.v[0].attestation, 1);
	dot_rectification_list_release(&rl);
	/* the correction came after n° 1: not on it, on the next one */
	assert_int_equal(dot_store_attestation_get(st, 1, &att, NULL), 0);
	assert_int_equal(dot_store_rectifications(st, NULL, &att, &rl, NULL),
			 0);
	assert_int_equal(rl.n, 0);
	dot_rectification_list_release(&rl);
	assert_int_equal(dot_store_rectifications(st, &att, NULL, &rl, NULL),
			 0);
	assert_int_equal(rl.n, 1);
	dot_rectification_list_release(&rl);
	/* the next period starts the day after the last one's end */
	{
		char from[11], to[11];

		assert_int_equal(dot_app_attestation_period(f->app, from, to,
							    NULL),
				 0);
		assert_true(strcmp(from, today) > 0);
		assert_string_equal(to, from);
	}
	/* attestation 1 as issued still names DUPONT, once */
	af.attestation_id = att.id;
	af.id_upto = att.assignment_upto;
	assert_int_equal(dot_store_assignment_rows(st, &af, &rows, NULL), 0);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.v[0].last_name, "DUPONT");
	dot_assignment_rows_release(&rows);
}

/* A newcomer is added once; a later import matches them. */
static void
person_add_then_import_matches(void **state)
{
	struct fx *f = *state;
	struct dot_person_in r = {.line = 1,
				  .last_name = "NOUVEAU",
				  .first_name = "Nina",
				  .birth_date = "2009-04-03",
				  .class_name = "2NDE 3",
				  .profile = DOT_PROFILE_ELEVE,
				  .active = true};
	struct dot_import_summary sum;
	char *cause = NULL;
	int64_t id = 0, seq = 0, before;

	assert_int_equal(dot_app_person_add(f->app, &r, &id, &seq, NULL), 0);
	assert_true(id > 0 && seq > 0);
	before = journal_count(f);
	assert_int_equal(dot_app_person_add(f->app, &r, NULL, NULL, &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "NOUVEAU"));
	free(cause);
	assert_int_equal(journal_count(f), before);
	r.last_name = "Nouveau";
	assert_int_equal(dot_app_import(f->app, &r, 1, NULL, &sum, NULL), 0);
	assert_int_equal(sum.added, 0);
}

/*
 * A disk that cannot read one page. The test process's default SQLite
 * VFS is the system's own with one change: while bad_to > 0, reading
 * the bytes [bad_from, bad_to) of a main database file fails with
 * SQLITE_IOERR_READ, as a bad sector does. Nothing of the app or the
 * store is replaced; everything else reads and writes the real file.
 *
 * A damaged page would not do: after SQLITE_CORRUPT inside a write
 * transaction SQLite refuses every later write of that transaction, so
 * a test whose lookup reads a corrupt page passes whether or not the
 * app checks the lookup. An I/O error instead rolls the transaction
 * back and lets the next statements run on their own: an app that went
 * on after a failed lookup would then really write its guess.
 */
static sqlite3_vfs *disk_vfs;
static sqlite3_vfs faulty_vfs;
static const sqlite3_io_methods *disk_io;
static sqlite3_io_methods faulty_io;
static sqlite3_int64 bad_from, bad_to;

static int
faulty_read(sqlite3_file *fl, void *buf, int amt, sqlite3_int64 off)
{
	if (bad_to > 0 && off < bad_to && off + amt > bad_from)
		return SQLITE_IOERR_READ;
	return disk_io->xRead(fl, buf, amt, off);
}

static int
faulty_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *fl,
	    int flags, int *out)
{
	int rc = disk_vfs->xOpen(disk_vfs, name, fl, flags, out);

	(void)vfs;
	if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_MAIN_DB) || !fl->pMethods)
		return rc;
	if (!disk_io) {
		disk_io = fl->pMethods;
		faulty_io = *disk_io;
		faulty_io.xRead = faulty_read;
	}
	if (fl->pMethods == disk_io)
		fl->pMethods = &faulty_io;
	return rc;
}

static void
faulty_disk_install(void)
{
	disk_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(disk_vfs);
	faulty_vfs = *disk_vfs;
	faulty_vfs.zName = "dot-test-faulty";
	faulty_vfs.pNext = NULL;
	faulty_vfs.xOpen = faulty_open;
	assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK);
}

/*
 * Close the app (the WAL goes back into the file, so that every page is
 * read from it), find with the sqlite3 shell the first leaf page of the
 * b-tree name (a table or an index: its lowest keys), make that page
 * unreadable and reopen. Whatever reads those keys then fails, while
 * the b-tree's other pages (where new rows land) still read and write.
 * unreadable_heal() makes the disk whole again.
 */
static void
unreadable_first_leaf(struct fx *f, const char *name)
{
	char *cmd = dot_xasprintf(
		"sqlite3 '%s' \"SELECT pageno, (SELECT page_size FROM"
		" pragma_page_size) FROM dbstat WHERE name = '%s' AND"
		" pagetype = 'leaf' ORDER BY path LIMIT 1\"",
		f->path, name);
	long page = 0, size = 0;
	FILE *p;

	dot_app_free(f->app);
	f->app = NULL;
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%ld|%ld", &page, &size), 2);
	pclose(p);
	free(cmd);
	assert_true(page > 1 && size >= 512);
	bad_from = (sqlite3_int64)(page - 1) * size;
	bad_to = bad_from + size;
	assert_int_equal(dot_app_open(f->path, &f->app, NULL), 0);
}

static void
unreadable_heal(void)
{
	bad_from = bad_to = 0;
}

static int64_t
people_count(struct fx *f)
{
	int64_t n = -1;

	assert_int_equal(dot_store_people_count(dot_app_store(f->app), &n,
						NULL),
			 0);
	return n;
}

/*
 * An attestation that cannot be read is not "no attestation": the undo
 * of a cession it covers is refused with a message, and nothing changes.
 */
static void
undo_refused_when_attestation_unreadable(void **state)
{
	struct fx *f = *state;
	struct dot_assign_result res;
	struct dot_attestation att;
	struct dot_person p;
	char today[11], *cause = NULL;

	dot_date_today(today);
	dot_app_charter(f->app, f->camille, false, NULL, NULL);
	assert_int_equal(dot_app_assign(f->app, f->camille, "R9KT30ABCDE", NULL,
					&res, NULL),
			 0);
	assert_int_equal(dot_app_attestation_issue(f->app, today, today, NULL,
						   &att, NULL, &cause),
			 0);
	unreadable_first_leaf(f, "attestations");
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, &cause),
			 DOT_ERUNTIME);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "attestation"));
	free(cause);
	unreadable_heal();
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->camille,
					      &p, NULL),
			 0);
	assert_non_null(p.serial); /* the cession is still there */
	assert_string_equal(p.serial, "R9KT30ABCDE");
	dot_person_release(&p);
}

/* 300 more people with long names: the people b-trees span many pages. */
static void
many_people(struct fx *f)
{
	static char names[300][96];
	struct dot_person_in rows[300];
	struct dot_import_summary sum;
	int i;

	for (i = 0; i < 300; i++) {
		snprintf(names[i], sizeof(names[i]),
			 "FAMILLE-AU-NOM-TRES-LONG-POUR-REMPLIR-%03d", i);
		rows[i] = (struct dot_person_in){
			.line = i + 1,
			.last_name = names[i],
			.first_name = "Prénom-Composé-Assez-Long",
			.birth_date = "2009-01-01",
			.class_name = "2NDE 9",
			.active = true};
	}
	assert_int_equal(dot_app_import(f->app, rows, 300, NULL, &sum, NULL),
			 0);
	assert_int_equal(sum.added, 300);
}

/*
 * A failed count of the people is not "an empty roster, a first import"
 * (which skips matching): the import is refused with a message instead
 * of adding a duplicate of someone known.
 */
static void
import_refused_when_count_fails(void **state)
{
	struct fx *f = *state;
	struct dot_import_summary sum;
	struct dot_person_in again;
	char *cause = NULL;
	int64_t before;

	many_people(f);
	before = people_count(f);
	/*
	 * The count reads the whole name index (people_sort); its first
	 * page holds DUPONT and the first FAMILLE rows, while MARTIN (and
	 * a new MARTIN row) is on its last page.
	 */
	unreadable_first_leaf(f, "people_sort");
	again = (struct dot_person_in){.line = 1,
				       .last_name = "MARTIN",
				       .first_name = "Léo",
				       .class_name = "2NDE 3",
				       .active = true};
	assert_int_equal(dot_app_import(f->app, &again, 1, NULL, &sum, &cause),
			 DOT_ERUNTIME);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "count"));
	free(cause);
	assert_int_equal(sum.added, 0);
	unreadable_heal();
	assert_int_equal(people_count(f), before);
}

/*
 * A failed match is not "a new person": the import is refused with a
 * message, and no second DUPONT Camille appears.
 */
static void
import_refused_when_match_fails(void **state)
{
	struct fx *f = *state;
	struct dot_import_summary sum;
	struct dot_person_in again;
	char *cause = NULL;
	int64_t before;

	many_people(f);
	before = people_count(f);
	/*
	 * The match finds DUPONT in the match index, then reads the row
	 * (its identifiers) from the table's first page, the one that
	 * fails; a new row would land on the table's last page.
	 */
	unreadable_first_leaf(f, "people");
	again = (struct dot_person_in){.line = 1,
				       .last_name = "DUPONT",
				       .first_name = "Camille",
				       .class_name = "2NDE 4",
				       .active = true};
	assert_int_equal(dot_app_import(f->app, &again, 1, NULL, &sum, &cause),
			 DOT_ERUNTIME);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "look the person up"));
	free(cause);
	assert_int_equal(sum.added, 0);
	unreadable_heal();
	assert_int_equal(people_count(f), before);
}

/*
 * A setting that cannot be read is not an unset one. In the loan model,
 * with the settings' first page unreadable (handover.model on it, the
 * station's own keys on later pages still readable), the lookup says
 * DOT_ERUNTIME with a cause, and a roll-call scan is refused instead of
 * being recorded as a cession (the default when the model is unset).
 */
static void
setting_unreadable_is_not_unset(void **state)
{
	struct fx *f = *state;
	struct dot_store *st = dot_app_store(f->app);
	struct dot_person p;
	char key[32], *v = NULL, *cause = NULL;
	char pad[200];
	int i;

	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	assert_int_equal(dot_app_setting_set(f->app, "handover.model", "loan",
					     NULL, NULL),
			 0);
	assert_int_equal(dot_app_setting_set(f->app, "loan.until", "2029-07-04",
					     NULL, NULL),
			 0);
	/* keys between "name" and "station": the table spans many pages */
	memset(pad, 'x', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "pad.%03d", i);
		assert_int_equal(dot_store_setting_set_key(st, key, pad, NULL),
				 0);
	}
	/* unset is 0 and NULL */
	assert_int_equal(dot_store_setting_get_key(st, "pad.none", &v, &cause),
			 0);
	assert_null(v);
	unreadable_first_leaf(f, "settings");
	st = dot_app_store(f->app);
	assert_int_equal(dot_store_setting_get(st, DOT_SETTING_HANDOVER_MODEL,
					       &v, &cause),
			 DOT_ERUNTIME);
	assert_null(v);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "settings"));
	free(cause);
	cause = NULL;
	/* a key on an intact page still reads */
	assert_int_equal(dot_store_setting_get_key(st, "pad.199", &v, NULL), 0);
	assert_non_null(v);
	free(v);
	assert_int_equal(assign(f, f->camille, "NRMD000001", &cause),
			 DOT_ERUNTIME);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "settings"));
	free(cause);
	unreadable_heal();
	assert_int_equal(dot_store_person_get(st, f->camille, &p, NULL), 0);
	assert_null(p.serial);
	dot_person_release(&p);
}

/* The status of a fresh app on the same file: every count taken anew. */
static void
assert_status_fresh(struct fx *f)
{
	struct dot_status got, want;
	struct dot_app *other;

	assert_int_equal(dot_app_status(f->app, &got, NULL), 0);
	assert_int_equal(dot_app_open(f->path, &other, NULL), 0);
	assert_int_equal(dot_app_status(other, &want, NULL), 0);
	dot_app_free(other);
	assert_int_equal(got.people, want.people);
	assert_int_equal(got.students, want.students);
	assert_int_equal(got.staff, want.staff);
	assert_int_equal(got.charters, want.charters);
	assert_int_equal(got.handed_over, want.handed_over);
	assert_int_equal(got.cessions, want.cessions);
	assert_int_equal(got.loans, want.loans);
	assert_int_equal(got.to_equip, want.to_equip);
	assert_int_equal(got.absent_today, want.absent_today);
	assert_int_equal(got.journal_entries, want.journal_entries);
	assert_int_equal(got.pending, want.pending);
}

/*
 * The counts dot_app_status keeps between calls (the station asks after
 * every scan) equal a fresh count after each kind of change: charter,
 * handover, absence, a refused handover, an undo, an import, and another
 * connection's handover.
 */
static void
status_counts_follow_every_change(void **state)
{
	struct fx *f = *state;
	struct dot_assign_result res;
	struct dot_app *other;
	char *cause = NULL;
	int64_t seq, pb;
	struct dot_status s;

	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	assert_int_equal(s.to_equip, 2);
	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	assert_status_fresh(f);
	assert_int_equal(assign(f, f->camille, "R9KT30ABCDE", NULL), 0);
	assert_status_fresh(f);
	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	assert_int_equal(s.handed_over, 1);
	assert_int_equal(s.to_equip, 1);
	assert_int_equal(dot_app_absent(f->app, f->leo, true, &seq, NULL), 0);
	assert_status_fresh(f);
	assert_int_equal(assign(f, f->leo, "R9KT30ABCDF", &cause), DOT_ERULE);
	free(cause);
	assert_status_fresh(f);
	assert_int_equal(dot_app_undo(f->app, seq, NULL, NULL), 0);
	assert_status_fresh(f);
	pb = person(f, "BERNARD", "Pia", true);
	assert_status_fresh(f);
	assert_int_equal(dot_app_open(f->path, &other, NULL), 0);
	assert_int_equal(dot_app_charter(other, pb, false, NULL, NULL), 0);
	assert_int_equal(dot_app_assign(other, pb, "R9KT30ABCDG", NULL, &res,
					NULL),
			 0);
	dot_app_free(other);
	assert_status_fresh(f);
	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	assert_int_equal(s.handed_over, 2);
}

static void
absent_and_back(void **state)
{
	struct fx *f = *state;
	struct dot_person p;
	int64_t seq;

	assert_int_equal(dot_app_absent(f->app, f->leo, true, &seq, NULL), 0);
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->leo, &p,
					      NULL),
			 0);
	assert_true(p.absent);
	dot_person_release(&p);
	assert_int_equal(dot_app_undo(f->app, seq, NULL, NULL), 0);
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->leo, &p,
					      NULL),
			 0);
	assert_false(p.absent);
	dot_person_release(&p);
}

static void
import_updates_instead_of_duplicating(void **state)
{
	struct fx *f = *state;
	struct dot_person_in rows[] = {
		{.line = 2,
		 .last_name = "Dupont",
		 .first_name = "camille",
		 .class_name = "1ERE 2",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
		{.line = 3,
		 .last_name = "NOUVEAU",
		 .first_name = "Nina",
		 .class_name = "1ERE 2",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
	};
	struct dot_import_opts o = {.full = true, .dry_run = true};
	struct dot_import_summary sum;
	struct dot_status s;

	assert_int_equal(dot_app_import(f->app, rows, 2, &o, &sum, NULL), 0);
	assert_int_equal(sum.added, 1);
	assert_int_equal(sum.updated, 1);
	assert_int_equal(sum.deactivated, 1); /* Léo is not in the file */
	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	assert_int_equal(s.people, 2); /* dry run: nothing written */
	o.dry_run = false;
	assert_int_equal(dot_app_import(f->app, rows, 2, &o, &sum, NULL), 0);
	assert_int_equal(dot_app_status(f->app, &s, NULL), 0);
	assert_int_equal(s.people, 2);
	/* Same file again: nothing to do, no journal entry. */
	s.journal_entries = journal_count(f);
	assert_int_equal(dot_app_import(f->app, rows, 2, &o, &sum, NULL), 0);
	assert_int_equal(sum.unchanged, 2);
	assert_int_equal(journal_count(f), s.journal_entries);
}

static void
import_refuses_two_rows_for_one_person(void **state)
{
	struct fx *f = *state;
	struct dot_person_in rows[] = {
		{.line = 2,
		 .last_name = "Dupont",
		 .first_name = "Camille",
		 .class_name = "1ERE 2",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
		{.line = 7,
		 .last_name = "DUPONT",
		 .first_name = "camille",
		 .class_name = "1ERE 3",
		 .profile = DOT_PROFILE_ELEVE,
		 .active = true},
	};
	struct dot_import_summary sum;
	char *cause = NULL;
	int64_t before = journal_count(f);

	assert_int_equal(dot_app_import(f->app, rows, 2, NULL, &sum, &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "2"));
	assert_non_null(strstr(cause, "7"));
	free(cause);
	assert_int_equal(journal_count(f), before);
}

/*
 * Eight processes, eight people, one serial: exactly one handover wins,
 * whatever the interleaving (BEGIN IMMEDIATE + the unique index).
 */
/*
 * Eight processes race for one serial, five times, released together by
 * a pipe once each has its database open. Exactly one wins each round
 * and every other one is refused by the rule (the serial is held),
 * never by a database error: each use case takes the write lock before
 * it reads (BEGIN IMMEDIATE). With a deferred transaction the losers
 * read an old snapshot and fail to upgrade it (SQLITE_BUSY).
 */
static void
processes_race_for_one_serial(void **state)
{
	struct fx *f = *state;
	enum { N = 8, ROUNDS = 5 };
	int64_t ids[N * ROUNDS];
	int i, round, status;
	char name[16];

	for (i = 0; i < N * ROUNDS; i++) {
		snprintf(name, sizeof(name), "RACE%d", i);
		ids[i] = person(f, name, "x", true);
		assert_int_equal(dot_app_charter(f->app, ids[i], false, NULL,
						 NULL),
				 0);
	}
	for (round = 0; round < ROUNDS; round++) {
		int go[2], wins = 0, refused = 0;
		char serial[16];

		snprintf(serial, sizeof(serial), "RACE12345%d", round);
		assert_int_equal(pipe(go), 0);
		for (i = 0; i < N; i++) {
			pid_t pid = fork();

			assert_true(pid >= 0);
			if (pid == 0) {
				struct dot_app *app;
				char c;
				int rc;

				close(go[1]);
				if (dot_app_open(f->path, &app, NULL) != 0)
					_exit(9);
				/* every process reads at once */
				if (read(go[0], &c, 1) != 0)
					_exit(9);
				rc = dot_app_assign(app, ids[round * N + i],
						    serial, NULL, NULL, NULL);
				_exit(rc == 0 ? 0 : rc == DOT_ERULE ? 3 : 1);
			}
		}
		close(go[0]);
		usleep(200000); /* let each child open its database */
		close(go[1]);
		for (i = 0; i < N; i++) {
			assert_true(wait(&status) > 0);
			assert_true(WIFEXITED(status));
			assert_int_not_equal(WEXITSTATUS(status), 9);
			wins += WEXITSTATUS(status) == 0;
			refused += WEXITSTATUS(status) == 3;
		}
		assert_int_equal(wins, 1);
		assert_int_equal(refused, N - 1);
	}
}

/* ---- the whole year (src/app/year.c) ----------------------------------------
 */

static struct dot_device
device(struct fx *f, const char *serial)
{
	struct dot_device d;

	assert_int_equal(dot_store_device_get(dot_app_store(f->app), serial, &d,
					      NULL),
			 0);
	return d;
}

static void
loan_needs_its_own_agreement(void **state)
{
	struct fx *f = *state;
	struct dot_loan_opts o = {.until = "2027-07-04", .condition = "neuf"};
	struct dot_assign_result res;
	const char *one[] = {"LEND000001"};
	struct dot_device d;
	char *cause = NULL;
	int64_t before;

	assert_int_equal(dot_app_stock_add(f->app, one, 1, NULL, NULL), 0);
	/* A charter of cession is not a loan agreement. */
	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	before = journal_count(f);
	assert_int_equal(dot_app_loan(f->app, f->camille, "LEND000001", &o,
				      &res, &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "--loan"));
	free(cause);
	cause = NULL;
	assert_int_equal(journal_count(f), before);
	assert_int_equal(dot_app_loan_agreement(f->app, f->camille, false, NULL,
						NULL),
			 0);
	assert_int_equal(dot_app_loan(f->app, f->camille, "LEND000001", &o,
				      &res, NULL),
			 0);
	d = device(f, "LEND000001");
	assert_int_equal(d.status, DOT_DEVICE_LOANED);
	assert_true(d.loan_only);
	assert_int_equal(d.holder, f->camille);
	assert_string_equal(d.until, "2027-07-04");
	dot_device_release(&d);
	/* The reverse: a loan agreement is not a charter of cession. */
	assert_int_equal(dot_app_loan_agreement(f->app, f->leo, false, NULL,
						NULL),
			 0);
	assert_int_equal(assign(f, f->leo, "CESS000001", &cause), DOT_ERULE);
	free(cause);
	cause = NULL;
}

static void
returned_device_is_for_loans_only(void **state)
{
	struct fx *f = *state;
	struct dot_loan_opts o = {.until = "2027-01-10"};
	struct dot_assign_result res;
	const char *one[] = {"LEND000002"};
	struct dot_device d;
	char *cause = NULL;
	int64_t before;

	assert_int_equal(dot_app_stock_add(f->app, one, 1, NULL, NULL), 0);
	assert_int_equal(dot_app_loan_agreement(f->app, f->leo, false, NULL,
						NULL),
			 0);
	assert_int_equal(dot_app_loan(f->app, f->leo, "LEND000002", &o, &res,
				      NULL),
			 0);
	before = journal_count(f);
	/* Not confirmed: the reminder, and nothing recorded. */
	assert_int_equal(dot_app_return(f->app, "LEND000002", NULL, false, &res,
					&cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "reset-done"));
	free(cause);
	cause = NULL;
	assert_int_equal(journal_count(f), before);
	assert_int_equal(dot_app_return(f->app, "LEND000002", "rayure", true,
					&res, NULL),
			 0);
	d = device(f, "LEND000002");
	assert_int_equal(d.status, DOT_DEVICE_STOCK);
	assert_true(d.loan_only);
	assert_int_equal(d.holder, 0);
	dot_device_release(&d);
	/* Not on loan any more. */
	assert_int_equal(dot_app_return(f->app, "LEND000002", NULL, true, &res,
					NULL),
			 DOT_ERULE);
	/* A lent device is never ceded. */
	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	assert_int_equal(assign(f, f->camille, "LEND000002", &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "loans only"));
	free(cause);
	cause = NULL;
	/* Undo of the return: lent again to the same person. */
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, NULL), 0);
	d = device(f, "LEND000002");
	assert_int_equal(d.status, DOT_DEVICE_LOANED);
	assert_int_equal(d.holder, f->leo);
	dot_device_release(&d);
}

static void
stock_reception_is_all_or_nothing(void **state)
{
	struct fx *f = *state;
	const char *bad[] = {"STCK000001", "STOCKO0002", "STCK000003"};
	const char *twice[] = {"STCK000001", "stck000001"};
	const char *good[] = {"STCK000001", "STCK000002"};
	struct dot_device_list l;
	char *cause = NULL;
	int64_t before = journal_count(f), seq;

	assert_int_equal(dot_app_stock_add(f->app, bad, 3, NULL, &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "STOCKO0002"));
	free(cause);
	cause = NULL;
	assert_int_equal(dot_app_stock_add(f->app, twice, 2, NULL, &cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
	assert_int_equal(journal_count(f), before);
	assert_int_equal(dot_store_devices(dot_app_store(f->app), 0, 0, &l,
					   NULL),
			 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(dot_app_stock_add(f->app, good, 2, &seq, NULL), 0);
	assert_int_equal(journal_count(f), before + 1);
	/* Already known: refused, nothing added. */
	assert_int_equal(dot_app_stock_add(f->app, good, 1, NULL, &cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
	assert_int_equal(dot_store_devices(dot_app_store(f->app),
					   DOT_DEVICE_BIT(DOT_DEVICE_STOCK), 0,
					   &l, NULL),
			 0);
	assert_int_equal(l.n, 2);
	dot_device_list_release(&l);
	assert_int_equal(dot_app_undo(f->app, seq, NULL, NULL), 0);
	assert_int_equal(dot_store_devices(dot_app_store(f->app), 0, 0, &l,
					   NULL),
			 0);
	assert_int_equal(l.n, 0);
	dot_device_list_release(&l);
}

static void
out_of_service_replacement_is_one_entry(void **state)
{
	struct fx *f = *state;
	struct dot_hs_opts o = {.reason = "écran cassé",
				.replace = "REPL000001"};
	const char *stock[] = {"REPL000001", "REPL000002", "REPL000003"};
	struct dot_hs_result res;
	struct dot_device d;
	struct dot_person p;
	char *cause = NULL;
	int64_t before;

	assert_int_equal(dot_app_stock_add(f->app, stock, 3, NULL, NULL), 0);
	assert_int_equal(dot_app_charter(f->app, f->camille, false, NULL, NULL),
			 0);
	assert_int_equal(assign(f, f->camille, "BRKN000001", NULL), 0);
	before = journal_count(f);
	assert_int_equal(dot_app_out_of_service(f->app, "BRKN000001", &o, &res,
						NULL),
			 0);
	assert_int_equal(journal_count(f), before + 1);
	assert_int_equal(res.replacements, 1);
	d = device(f, "BRKN000001");
	assert_int_equal(d.status, DOT_DEVICE_HS);
	assert_string_equal(d.replaced_by, "REPL000001");
	dot_device_release(&d);
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->camille,
					      &p, NULL),
			 0);
	assert_string_equal(p.serial, "REPL000001");
	assert_int_equal(p.kind, DOT_HANDOVER_CESSION);
	dot_person_release(&p);
	/* The second one is refused where the setting allows one... */
	o.replace = "REPL000002";
	assert_int_equal(dot_app_out_of_service(f->app, "REPL000001", &o, &res,
						&cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "--force"));
	free(cause);
	cause = NULL;
	assert_int_equal(journal_count(f), before + 1);
	/* ... unless forced. */
	o.force = true;
	assert_int_equal(dot_app_out_of_service(f->app, "REPL000001", &o, &res,
						NULL),
			 0);
	assert_int_equal(res.replacements, 2);
	/* Undo gives the first replacement back and frees the second. */
	assert_int_equal(dot_app_undo(f->app, res.seq, NULL, NULL), 0);
	d = device(f, "REPL000002");
	assert_int_equal(d.status, DOT_DEVICE_STOCK);
	dot_device_release(&d);
	d = device(f, "REPL000001");
	assert_int_equal(d.status, DOT_DEVICE_CEDED);
	assert_int_equal(d.holder, f->camille);
	dot_device_release(&d);
	/* A held serial never replaces. */
	o.replace = "REPL000001";
	assert_int_equal(dot_app_out_of_service(f->app, "REPL000003", &o, &res,
						&cause),
			 DOT_ERULE);
	free(cause);
	cause = NULL;
}

static void
loan_model_lends_at_roll_call(void **state)
{
	struct fx *f = *state;
	struct dot_hs_opts lost = {.lost = true, .reason = "volé"};
	struct dot_hs_result hres;
	struct dot_loan_list l;
	struct dot_person p;
	char *cause = NULL;

	assert_int_equal(dot_app_setting_set(f->app, "handover.model", "loan",
					     NULL, NULL),
			 0);
	assert_int_equal(dot_app_loan_agreement(f->app, f->camille, false, NULL,
						NULL),
			 0);
	/* No end date yet: say how to set it. */
	assert_int_equal(assign(f, f->camille, "NRMD000001", &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "loan.until"));
	free(cause);
	cause = NULL;
	assert_int_equal(dot_app_setting_set(f->app, "loan.until", "2029-07-04",
					     NULL, NULL),
			 0);
	assert_int_equal(assign(f, f->camille, "NRMD000001", NULL), 0);
	assert_int_equal(dot_store_person_get(dot_app_store(f->app), f->camille,
					      &p, NULL),
			 0);
	assert_int_equal(p.kind, DOT_HANDOVER_LOAN);
	assert_string_equal(p.due_date, "2029-07-04");
	dot_person_release(&p);
	/* Theft needs the police report in this model. */
	assert_int_equal(dot_app_out_of_service(f->app, "NRMD000001", &lost,
						&hres, &cause),
			 DOT_ERULE);
	assert_non_null(strstr(cause, "--report"));
	free(cause);
	cause = NULL;
	/* Leaving the roster with a loaned device: to return. */
	assert_int_equal(dot_store_people_deactivate_except(dot_app_store(
								    f->app),
							    &f->leo, 1, NULL),
			 1);
	{
		struct dot_loan_filter lf = {.to_return_only = true};

		assert_int_equal(dot_store_loans(dot_app_store(f->app), &lf, &l,
						 NULL),
				 0);
	}
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].person, f->camille);
	assert_false(l.v[0].active);
	dot_loan_list_release(&l);
}

/* A person of class cls, with a birth date so that homonyms differ. */
static int64_t
pupil(struct fx *f, const char *cls, const char *last, const char *first,
      const char *birth)
{
	struct dot_person_in r = {.line = 1,
				  .last_name = last,
				  .first_name = first,
				  .birth_date = birth,
				  .class_name = cls,
				  .profile = DOT_PROFILE_ELEVE,
				  .active = true};
	struct dot_import_summary sum;
	int64_t id;

	assert_int_equal(dot_app_import(f->app, &r, 1, NULL, &sum, NULL), 0);
	assert_int_equal(dot_store_person_match(dot_app_store(f->app), &r, &id,
						NULL),
			 0);
	return id;
}

/*
 * The roll call of a class with loans present: to equip, next, done,
 * an absent student then equipped, and the same counts in the class
 * picker and status.
 */
static void
roll_to_equip_next_done_absent(void **state)
{
	struct fx *f = *state;
	int64_t a = pupil(f, "1ERE 1", "ARNAUD", "Alice", "2008-01-01");
	int64_t b = pupil(f, "1ERE 1", "BERNARD", "Bruno", "2008-02-02");
	int64_t c = pupil(f, "1ERE 1", "CLEMENT", "Chloé", "2008-03-03");
	int64_t d = pupil(f, "1ERE 1", "DURAND", "Denis", "2008-04-04");
	struct dot_loan_opts lo = {.until = "2029-07-04", .roll_call = true};
	const struct dot_roll_counts *n;
	struct dot_assign_result res;
	struct dot_class_list cl;
	struct dot_status st;
	struct dot_roll *r;
	size_t i;

	assert_int_equal(dot_roll_open_class(f->app, "1ERE 1", 0, &r, NULL), 0);
	n = dot_roll_counts(r);
	assert_int_equal(dot_roll_size(r), 4);
	assert_int_equal(dot_roll_person(r, 0)->id, a);
	assert_int_equal(n->people, 4);
	assert_int_equal(n->to_equip, 4);
	assert_int_equal(dot_roll_next(r, DOT_ROLL_NONE), 0);
	assert_false(dot_roll_done(r));
	/* B absent: still to equip, no longer next */
	assert_int_equal(dot_roll_absent(r, 1, true, NULL, NULL), 0);
	assert_int_equal(dot_roll_row_state(r, 1), DOT_ROLL_ABSENT);
	assert_int_equal(n->absent, 1);
	assert_int_equal(n->to_equip, 4);
	assert_int_equal(n->waiting, 3);
	for (i = 0; i < 4; i++)
		if (i != 1)
			assert_int_equal(dot_roll_charter(r, i, false, NULL,
							  NULL),
					 0);
	assert_int_equal(n->charters, 3);
	assert_int_equal(dot_roll_assign(r, 0, "TAB0000001", NULL, &res, NULL),
			 0);
	assert_int_equal(dot_roll_row_state(r, 0), DOT_ROLL_EQUIPPED);
	assert_int_equal(n->to_equip, 3);
	assert_int_equal(dot_roll_next(r, 0), 2); /* B is skipped */
	/* D borrows a device (a loan equips as a cession does) */
	assert_int_equal(dot_app_loan_agreement(f->app, d, false, NULL, NULL),
			 0);
	assert_int_equal(dot_app_loan(f->app, d, "TAB0000004", &lo, &res, NULL),
			 0);
	assert_int_equal(dot_roll_person_changed(r, d, NULL), 0);
	assert_int_equal(dot_roll_row_state(r, 3), DOT_ROLL_EQUIPPED);
	assert_int_equal(n->loans, 1);
	assert_int_equal(dot_roll_next(r, 2), 2);
	assert_int_equal(dot_roll_assign(r, 2, "TAB0000003", NULL, &res, NULL),
			 0);
	/* nobody waits, but the class is not done: one absent is left */
	assert_true(dot_roll_done(r));
	assert_int_equal(dot_roll_next(r, 2), DOT_ROLL_NONE);
	assert_int_equal(n->absent, 1);
	assert_int_equal(n->to_equip, 1);
	assert_int_equal(dot_app_classes(f->app, 0, &cl, NULL), 0);
	for (i = 0; i < cl.n && strcmp(cl.v[i].class_name, "1ERE 1"); i++)
		;
	assert_true(i < cl.n);
	assert_int_equal(cl.v[i].absent, 1);
	assert_int_equal(cl.v[i].to_equip, 1);
	assert_int_equal(cl.v[i].handed_over, 3);
	dot_class_list_release(&cl);
	/* B comes after all: equipped, and absent nowhere any more */
	assert_int_equal(dot_roll_charter(r, 1, false, NULL, NULL), 0);
	assert_int_equal(dot_roll_assign(r, 1, "TAB0000002", NULL, &res, NULL),
			 0);
	assert_int_equal(dot_roll_row_state(r, 1), DOT_ROLL_EQUIPPED);
	assert_int_equal(n->absent, 0);
	assert_int_equal(n->to_equip, 0);
	assert_int_equal(n->equipped, 4);
	assert_int_equal(dot_app_classes(f->app, 0, &cl, NULL), 0);
	for (i = 0; i < cl.n && strcmp(cl.v[i].class_name, "1ERE 1"); i++)
		;
	assert_int_equal(cl.v[i].absent, 0);
	assert_int_equal(cl.v[i].to_equip, 0);
	dot_class_list_release(&cl);
	assert_int_equal(dot_app_status(f->app, &st, NULL), 0);
	assert_int_equal(st.absent_today, 0);
	assert_int_equal(st.to_equip, 2); /* DUPONT and MARTIN, 2NDE 3 */
	assert_int_equal(st.handed_over, 4);
	assert_int_equal(st.loans, 1);
	dot_roll_free(r);
	/* a fresh roll reads the same from the database */
	assert_int_equal(dot_roll_open_class(f->app, "1ERE 1", 0, &r, NULL), 0);
	assert_int_equal(dot_roll_counts(r)->equipped, 4);
	assert_int_equal(dot_roll_row_state(r, 1), DOT_ROLL_EQUIPPED);
	assert_true(dot_roll_done(r));
	(void)b;
	(void)c;
	dot_roll_free(r);
}

/*
 * The undo candidate uses dot_app_undo's own guards: a cession covered
 * by an attestation may be undone (the next attestation lists it); a
 * newer charter becomes the candidate and is undone through the roll,
 * its row updated.
 */
static void
roll_undo_candidate_after_attestation(void **state)
{
	struct fx *f = *state;
	struct dot_undo_candidate c;
	struct dot_assign_result res;
	struct dot_attestation att;
	struct dot_roll *r;
	char today[11];
	size_t k;

	dot_date_today(today);
	assert_int_equal(dot_roll_open_class(f->app, "2NDE 3", 0, &r, NULL), 0);
	k = dot_roll_find(r, f->camille);
	assert_int_not_equal(k, DOT_ROLL_NONE);
	assert_int_equal(dot_roll_charter(r, k, false, NULL, NULL), 0);
	assert_int_equal(dot_roll_assign(r, k, "TAB1000001", NULL, &res, NULL),
			 0);
	assert_int_equal(dot_roll_undo_candidate(r, &c, NULL), 0);
	assert_int_equal(c.seq, res.seq);
	assert_true(c.allowed);
	dot_undo_candidate_release(&c);
	assert_int_equal(dot_app_attestation_issue(f->app, today, today, NULL,
						   &att, NULL, NULL),
			 0);
	assert_int_equal(dot_roll_undo_candidate(r, &c, NULL), 0);
	assert_int_equal(c.seq, res.seq);
	assert_int_equal(c.type, DOT_JOURNAL_ASSIGN);
	assert_string_equal(c.serial, "TAB1000001");
	assert_true(c.allowed); /* issuing a PDF is not a signature */
	assert_null(c.why);
	dot_undo_candidate_release(&c);
	/* a newer entry (a charter) is the candidate, and may be undone */
	k = dot_roll_find(r, f->leo);
	assert_int_equal(dot_roll_charter(r, k, false, NULL, NULL), 0);
	assert_int_equal(dot_roll_counts(r)->charters, 2);
	assert_int_equal(dot_roll_undo_candidate(r, &c, NULL), 0);
	assert_int_equal(c.type, DOT_JOURNAL_CHARTER);
	assert_int_equal(c.person_id, f->leo);
	assert_true(c.allowed);
	assert_int_equal(dot_roll_undo(r, c.seq, NULL, NULL), 0);
	assert_null(dot_roll_person(r, k)->charter_at);
	assert_int_equal(dot_roll_counts(r)->charters, 1);
	dot_undo_candidate_release(&c);
	/* the check wrote nothing: the cession is still there */
	assert_int_equal(dot_roll_counts(r)->equipped, 1);
	dot_roll_free(r);
}

/* Two people of a class with the same name are told apart. */
static void
roll_marks_homonyms(void **state)
{
	struct fx *f = *state;
	struct dot_roll *r;

	pupil(f, "2NDE 1", "Bernard", "Éloïse", "2009-01-01");
	pupil(f, "2NDE 1", "BERNARD", "Eloise", "2009-05-05");
	pupil(f, "2NDE 1", "Bernard", "Paul", "2009-06-06");
	assert_int_equal(dot_roll_open_class(f->app, "2NDE 1", 0, &r, NULL), 0);
	assert_int_equal(dot_roll_size(r), 3);
	assert_true(dot_roll_homonym(r, 0));
	assert_true(dot_roll_homonym(r, 1));
	assert_false(dot_roll_homonym(r, 2));
	dot_roll_free(r);
}

int
main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(no_charter_no_device),
		T(catch_up_records_charter_with_scan),
		T(serial_has_one_holder),
		T(refusals_name_the_reason),
		T(undo_is_a_compensating_entry),
		T(attested_cession_correction_is_a_rectification),
		T(person_add_then_import_matches),
		T(status_counts_follow_every_change),
		T(absent_and_back),
		T(import_updates_instead_of_duplicating),
		T(import_refuses_two_rows_for_one_person),
		T(processes_race_for_one_serial),
		T(loan_needs_its_own_agreement),
		T(returned_device_is_for_loans_only),
		T(stock_reception_is_all_or_nothing),
		T(out_of_service_replacement_is_one_entry),
		T(loan_model_lends_at_roll_call),
		T(roll_to_equip_next_done_absent),
		T(roll_undo_candidate_after_attestation),
		T(roll_marks_homonyms),
		T(undo_refused_when_attestation_unreadable),
		T(import_refused_when_count_fails),
		T(import_refused_when_match_fails),
		T(setting_unreadable_is_not_unset),
	};

	faulty_disk_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
