/*
 * Unit tests of the store: file creation and mode, schema identity, a
 * foreign file refused untouched, upsert and matching, accent-insensitive
 * search, holders and the one-open-handover-per-serial guarantee.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "dotation/core.h"
#include "dotation/store.h"

struct fx {
	char dir[64];
	char path[128];
	struct dot_store *st;
};

static int
setup(void **state)
{
	struct fx *f = dot_xcalloc(1, sizeof(*f));
	char *cause = NULL;

	strcpy(f->dir, "/tmp/dot-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sub/dir/t.db", f->dir);
	assert_int_equal(dot_store_open(f->path, &f->st, &cause), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd;

	dot_store_free(f->st);
	cmd = dot_xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static void
file_is_private(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	char *wal = dot_xasprintf("%s-wal", f->path);
	char *dir = dot_xasprintf("%s/sub", f->dir);

	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	/* Write something so that the WAL exists, then check its mode. */
	assert_int_equal(dot_store_setting_set_key(f->st, "k", "v", NULL), 0);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0077, 0);
	free(wal);
	free(dir);
}

static void
foreign_file_refused_untouched(void **state)
{
	struct fx *f = *state;
	char *p = dot_xasprintf("%s/notes.txt", f->dir);
	char *cause = NULL, buf[64] = {0};
	struct dot_store *st = NULL;
	FILE *fp = fopen(p, "w");

	fputs("this is a text file, not a database\n", fp);
	fclose(fp);
	assert_int_equal(dot_store_open(p, &st, &cause), DOT_ERUNTIME);
	assert_null(st);
	assert_non_null(strstr(cause, "--db"));
	fp = fopen(p, "r");
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "this is a text file, not a database\n");
	free(cause);
	free(p);
}

static void
reopen_keeps_data(void **state)
{
	struct fx *f = *state;
	char *v, *cause = NULL;

	assert_int_equal(dot_store_setting_set(f->st, DOT_SETTING_UAI,
					       "0750654D", NULL),
			 0);
	dot_store_free(f->st);
	assert_int_equal(dot_store_open(f->path, &f->st, &cause), 0);
	assert_int_equal(dot_store_setting_get(f->st, DOT_SETTING_UAI, &v,
					       &cause),
			 0);
	assert_string_equal(v, "0750654D");
	free(v);
}

static void
open_modes(void **state)
{
	struct fx *f = *state;
	char *p = dot_xasprintf("%s/missing.db", f->dir);
	struct dot_store *st = NULL;
	char *cause = NULL, *v;

	/* only CREATE creates */
	assert_int_equal(dot_store_open_mode(p, DOT_STORE_READ, &st, &cause),
			 DOT_ERUNTIME);
	assert_non_null(strstr(cause, "dotation init"));
	free(cause);
	cause = NULL;
	assert_int_equal(dot_store_open_mode(p, DOT_STORE_WRITE, &st, &cause),
			 DOT_ERUNTIME);
	free(cause);
	cause = NULL;
	assert_int_not_equal(access(p, F_OK), 0);
	/* a reading handle reads, and refuses to write */
	assert_int_equal(dot_store_setting_set(f->st, DOT_SETTING_UAI,
					       "0750654D", NULL),
			 0);
	assert_int_equal(dot_store_open_mode(f->path, DOT_STORE_READ, &st,
					     &cause),
			 0);
	assert_true(dot_store_readonly(st));
	assert_int_equal(dot_store_setting_get(st, DOT_SETTING_UAI, &v, &cause),
			 0);
	assert_string_equal(v, "0750654D");
	free(v);
	assert_int_not_equal(dot_store_setting_set(st, DOT_SETTING_UAI, "x",
						   NULL),
			     0);
	assert_int_not_equal(dot_store_begin(st, NULL), 0);
	dot_store_free(st);
	assert_false(dot_store_readonly(f->st));
	free(p);
}

static void
relative_path_in_cwd(void **state)
{
	struct fx *f = *state;
	struct dot_store *st = NULL;
	char cwd[512], *cause = NULL;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(dot_store_open("rel.db", &st, &cause), 0);
	dot_store_free(st);
	assert_int_equal(dot_store_open("./a/b.db", &st, &cause), 0);
	dot_store_free(st);
	assert_int_equal(access("a/b.db", R_OK), 0);
	assert_int_equal(chdir(cwd), 0);
}

static int64_t
add(struct dot_store *st, const char *ext, const char *ine, const char *last,
    const char *first, const char *birth, const char *cls)
{
	struct dot_person_in r = {
		.line = 1,
		.ext_id = ext,
		.ine = ine,
		.last_name = last,
		.first_name = first,
		.birth_date = birth,
		.class_name = cls,
		.profile = DOT_PROFILE_ELEVE,
		.active = true,
	};
	int64_t id = 0;

	assert_int_equal(dot_store_begin(st, NULL), 0);
	assert_int_equal(dot_store_person_upsert(st, 0, &r, &id, NULL, NULL),
			 0);
	assert_int_equal(dot_store_commit(st, NULL), 0);
	return id;
}

static void
match_by_ext_ine_then_name(void **state)
{
	struct fx *f = *state;
	int64_t a = add(f->st, "E1", NULL, "Lefèvre", "Éloïse", "2009-03-01",
			"2NDE 3");
	int64_t b = add(f->st, NULL, "1234567890A", "Martin", "Léo", NULL,
			"2NDE 1");
	struct dot_person_in q = {.last_name = "LEFEVRE",
				  .first_name = "eloise",
				  .birth_date = "2009-03-01"};
	int64_t id;

	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL), 0);
	assert_int_equal(id, a); /* folded names + birth date */
	q.birth_date = "2009-03-02";
	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL),
			 DOT_ENOTFOUND);
	assert_int_equal(id, 0);
	q.ine = "1234567890A";
	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL), 0);
	assert_int_equal(id, b);
	q.ext_id = "E1";
	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL), 0);
	assert_int_equal(id, a); /* external id first */
	/* A namesake with another identifier is another person. */
	q.ext_id = "E2";
	q.ine = NULL;
	q.birth_date = "2009-03-01";
	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL),
			 DOT_ENOTFOUND);
	assert_int_equal(id, 0);
	q.ext_id = NULL;
	assert_int_equal(dot_store_person_match(f->st, &q, &id, NULL), 0);
	assert_int_equal(id, a);
	assert_int_equal(dot_store_person_resolve(f->st, "E1", &id, NULL), 0);
	assert_int_equal(id, a);
	assert_int_equal(dot_store_person_resolve(f->st, "1234567890a", &id,
						  NULL),
			 0);
	assert_int_equal(id, b);
	assert_int_equal(dot_store_person_resolve(f->st, "nobody", &id, NULL),
			 DOT_ENOTFOUND);
}

static void
search_ignores_accents_and_case(void **state)
{
	struct fx *f = *state;
	struct dot_people_filter flt = {.search = "lefevre"};
	struct dot_person_list l;

	add(f->st, NULL, NULL, "Lefèvre", "Éloïse", NULL, "2NDE 3");
	add(f->st, NULL, NULL, "N'Diaye", "Jean-Baptiste", NULL, "2NDE 3");
	add(f->st, NULL, NULL, "Martin", "Zoé", NULL, "2NDE 1");
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].last_name, "Lefèvre");
	dot_person_list_release(&l);
	flt.search = "ELOI";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	dot_person_list_release(&l);
	flt.search = "ndiaye";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].first_name, "Jean-Baptiste");
	dot_person_list_release(&l);
	flt.search = "jean bapt";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	dot_person_list_release(&l);
	flt.search = "\"*)(";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	dot_person_list_release(&l);
	flt.search = NULL;
	flt.class_name = "2NDE 3";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 2);
	/* Alphabetical, accents folded: Lefèvre before N'Diaye. */
	assert_string_equal(l.v[0].last_name, "Lefèvre");
	dot_person_list_release(&l);
}

static void
keystroke_search_uses_names_then_words(void **state)
{
	struct fx *f = *state;
	struct dot_people_filter flt = {.search = "le", .limit = 10};
	struct dot_person_list l;

	add(f->st, NULL, NULL, "Lefèvre", "Éloïse", NULL, "2NDE 3");
	add(f->st, NULL, NULL, "LE GOFF", "Anne", NULL, "2NDE 1");
	add(f->st, NULL, NULL, "Martin", "Léa", NULL, "2NDE 1");
	add(f->st, NULL, NULL, "Abel", "Zoé", NULL, "2NDE 1");
	/* Last names first, alphabetically, then first names; once each. */
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].last_name, "LE GOFF");
	assert_string_equal(l.v[1].last_name, "Lefèvre");
	assert_string_equal(l.v[2].last_name, "Martin");
	dot_person_list_release(&l);
	/* The limit holds across both. */
	flt.limit = 2;
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 2);
	dot_person_list_release(&l);
	/* Accents folded on the index path too. */
	flt.search = "LÉF";
	flt.limit = 10;
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].last_name, "Lefèvre");
	dot_person_list_release(&l);
	flt.search = "zo";
	assert_int_equal(dot_store_people(f->st, &flt, &l, NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].last_name, "Abel");
	dot_person_list_release(&l);
}

static void
one_open_handover_per_serial(void **state)
{
	struct fx *f = *state;
	int64_t a = add(f->st, NULL, NULL, "A", "a", NULL, "C");
	int64_t b = add(f->st, NULL, NULL, "B", "b", NULL, "C");
	struct dot_assignment_in in = {.person_id = a,
				       .serial = "SN123456",
				       .kind = DOT_HANDOVER_CESSION,
				       .start_date = "2026-09-01"};
	struct dot_holder h;
	int64_t id1, id2, got;
	char *cause = NULL;

	assert_int_equal(dot_store_begin(f->st, NULL), 0);
	assert_int_equal(dot_store_device_set(f->st, "SN123456",
					      DOT_DEVICE_CEDED, NULL, NULL),
			 0);
	assert_int_equal(dot_store_assignment_add(f->st, &in, &id1, NULL), 0);
	in.person_id = b;
	/* The database itself refuses a second open holder. */
	assert_int_equal(dot_store_assignment_add(f->st, &in, &id2, &cause),
			 DOT_ERULE);
	free(cause);
	assert_int_equal(dot_store_commit(f->st, NULL), 0);
	assert_int_equal(dot_store_serial_holder(f->st, "SN123456", &h, NULL),
			 0);
	assert_int_equal(h.person_id, a);
	assert_string_equal(h.name, "A a (C)");
	dot_holder_release(&h);
	assert_int_equal(dot_store_person_assignment(f->st, a, &got, NULL), 0);
	assert_int_equal(got, id1);
	assert_int_equal(dot_store_begin(f->st, NULL), 0);
	assert_int_equal(dot_store_assignment_end(f->st, id1, "undo",
						  DOT_DEVICE_STOCK, NULL),
			 0);
	assert_int_equal(dot_store_assignment_add(f->st, &in, &id2, NULL), 0);
	assert_int_equal(dot_store_commit(f->st, NULL), 0);
	assert_int_equal(dot_store_person_assignment(f->st, a, &got, NULL), 0);
	assert_int_equal(got, 0);
	assert_int_equal(dot_store_person_assignment(f->st, b, &got, NULL), 0);
	assert_int_equal(got, id2);
}

static void
journal_entries_are_numbered(void **state)
{
	struct fx *f = *state;
	struct dot_journal_in j = {.type = DOT_JOURNAL_IMPORT,
				   .data = "{\"x\":1}"};
	struct dot_journal_entry e;
	int64_t s1, s2;

	assert_int_equal(dot_store_begin(f->st, NULL), 0);
	assert_int_equal(dot_store_journal_append(f->st, &j, &s1, NULL), 0);
	assert_int_equal(dot_store_journal_append(f->st, &j, &s2, NULL), 0);
	assert_int_equal(dot_store_commit(f->st, NULL), 0);
	assert_int_equal(s2, s1 + 1);
	assert_int_equal(dot_store_journal_get(f->st, s1, &e, NULL), 0);
	assert_int_equal(strlen(e.uuid), 36);
	assert_int_equal(e.uuid[14], '4');
	assert_int_equal(e.push_state, DOT_PUSH_PENDING);
	assert_string_equal(e.data, "{\"x\":1}");
	dot_journal_entry_release(&e);
	assert_int_equal(dot_store_journal_get(f->st, 999, &e, NULL),
			 DOT_ERULE);
}

static void
rollback_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct dot_journal_in j = {.type = DOT_JOURNAL_IMPORT};
	struct dot_status s;

	assert_int_equal(dot_store_begin(f->st, NULL), 0);
	assert_int_equal(dot_store_journal_append(f->st, &j, NULL, NULL), 0);
	dot_store_rollback(f->st);
	assert_int_equal(dot_store_status(f->st, &s, NULL), 0);
	assert_int_equal(s.journal_entries, 0);
}

/*
 * The station's checkpointer copies the WAL back from its own thread:
 * within a couple of its half-second rounds after writes, and once more
 * when stopped; everything written stays readable.
 */
static void
checkpointer_copies_wal_back(void **state)
{
	struct fx *f = *state;
	struct dot_journal_in j = {.type = DOT_JOURNAL_IMPORT,
				   .data = "{\"x\":1}"};
	struct dot_checkpointer *c = NULL;
	struct dot_status s;
	char *cause = NULL;
	int i;

	assert_int_equal(dot_store_checkpointer_start(f->st, &c, &cause), 0);
	for (i = 0; i < 50; i++) {
		assert_int_equal(dot_store_begin(f->st, NULL), 0);
		assert_int_equal(dot_store_journal_append(f->st, &j, NULL,
							  NULL),
				 0);
		assert_int_equal(dot_store_commit(f->st, NULL), 0);
	}
	for (i = 0; i < 300 && dot_checkpointer_runs(c) == 0; i++)
		usleep(10000);
	assert_true(dot_checkpointer_runs(c) > 0);
	dot_checkpointer_stop(c);
	dot_store_free(f->st);
	assert_int_equal(dot_store_open(f->path, &f->st, &cause), 0);
	assert_int_equal(dot_store_status(f->st, &s, NULL), 0);
	assert_int_equal(s.journal_entries, 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(file_is_private, setup,
						teardown),
		cmocka_unit_test_setup_teardown(foreign_file_refused_untouched,
						setup, teardown),
		cmocka_unit_test_setup_teardown(open_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(relative_path_in_cwd, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reopen_keeps_data, setup,
						teardown),
		cmocka_unit_test_setup_teardown(match_by_ext_ine_then_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(search_ignores_accents_and_case,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			keystroke_search_uses_names_then_words, setup,
			teardown),
		cmocka_unit_test_setup_teardown(one_open_handover_per_serial,
						setup, teardown),
		cmocka_unit_test_setup_teardown(journal_entries_are_numbered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(checkpointer_copies_wal_back,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
