/*
 * Unit tests of the report module on a real SQLite store in a temporary
 * directory, with the real poppler tools reading the PDFs back: SHA-256
 * against the FIPS 180-4 vectors, the fingerprint's independence from the
 * print order, refusals (no cession, bad font, bad date), and 3,000
 * beneficiaries: the page count pdfinfo sees, "page X / Y" and the table
 * header on every page, every serial and every row number exactly once.
 * The people and handovers are written with the store's own functions in
 * one transaction: the CLI path (one process per handover) is covered by
 * tests/e2e/report_*.sh.
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
#include "dotation/i18n.h"
#include "dotation/report.h"
#include "dotation/store.h"

struct fx {
	char dir[64];
	char db[128];
	char pdf[128];
	struct dot_store *st;
};

static int
setup(void **state)
{
	struct fx *f = dot_xcalloc(1, sizeof(*f));
	char *cause = NULL;

	strcpy(f->dir, "/tmp/dot-report-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->pdf, sizeof(f->pdf), "%s/out.pdf", f->dir);
	assert_int_equal(dot_store_open(f->db, &f->st, &cause), 0);
	assert_int_equal(dot_store_setting_set(f->st, DOT_SETTING_NAME,
					       "Lycée Émile-Zola", &cause),
			 0);
	assert_int_equal(dot_store_setting_set(f->st, DOT_SETTING_UAI,
					       "0750654D", &cause),
			 0);
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
hex(const unsigned char *h, char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void
sha256_vectors(void **state)
{
	unsigned char h[32];
	char x[65], *million;

	dot_report_sha256("abc", 3, h);
	hex(h, x);
	assert_string_equal(x, "ba7816bf8f01cfea414140de5dae2223"
			       "b00361a396177a9cb410ff61f20015ad");
	dot_report_sha256("", 0, h);
	hex(h, x);
	assert_string_equal(x, "e3b0c44298fc1c149afbf4c8996fb924"
			       "27ae41e4649b934ca495991b7852b855");
	/* 56 bytes: the padding needs a second block */
	dot_report_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnop"
			  "nopq",
			  56, h);
	hex(h, x);
	assert_string_equal(x, "248d6a61d20638b8e5c026930c3e6039"
			       "a33ce45964ff2167f6ecedd419db06c1");
	million = dot_xmalloc(1000000);
	memset(million, 'a', 1000000);
	dot_report_sha256(million, 1000000, h);
	free(million);
	hex(h, x);
	assert_string_equal(x, "cdc76e5c9914fb9281a1c7e284d73e67"
			       "f1809a48a497200e046d39ccc7112cd0");
}

static void
row_set(struct dot_assignment_row *r, const char *serial, const char *last,
	const char *first, const char *cls, bool microsd)
{
	memset(r, 0, sizeof(*r));
	r->serial = dot_xstrdup(serial);
	r->last_name = dot_xstrdup(last);
	r->first_name = dot_xstrdup(first);
	r->class_name = dot_xstrdup(cls);
	r->profile = DOT_PROFILE_ELEVE;
	r->start_date = dot_xstrdup("2025-09-02");
	r->microsd = microsd;
}

static void
fingerprint_order_free(void **state)
{
	struct dot_assignment_rows a = {0}, b = {0};
	char *fa, *fb, *fc;
	unsigned char h[32];
	char want[65];

	a.n = b.n = 2;
	a.v = dot_xcalloc(2, sizeof(*a.v));
	b.v = dot_xcalloc(2, sizeof(*b.v));
	row_set(&a.v[0], "HAKV0001", "Hervé", "Héloïse", "2NDE 1", true);
	row_set(&a.v[1], "HAKV0002", "Œhler", "Noël", "2NDE 1", false);
	row_set(&b.v[0], "HAKV0002", "Œhler", "Noël", "2NDE 1", false);
	row_set(&b.v[1], "HAKV0001", "Hervé", "Héloïse", "2NDE 1", true);
	fa = dot_report_fingerprint(&a);
	fb = dot_report_fingerprint(&b);
	assert_string_equal(fa, fb);
	/* the documented recipe: sorted "SERIAL;...;CASE\n" lines */
	{
		const char *sorted = "HAKV0001;Hervé;Héloïse;2NDE 1;eleve;"
				     "2025-09-02;1;0\n"
				     "HAKV0002;Œhler;Noël;2NDE 1;eleve;"
				     "2025-09-02;0;0\n";

		dot_report_sha256(sorted, strlen(sorted), h);
		hex(h, want);
		assert_string_equal(fa, want);
	}
	b.v[0].microsd = true;
	fc = dot_report_fingerprint(&b);
	assert_string_not_equal(fa, fc);
	free(fa);
	free(fb);
	free(fc);
	dot_assignment_rows_release(&a);
	dot_assignment_rows_release(&b);
}

static void
refusals(void **state)
{
	struct fx *f = *state;
	struct dot_report_opts o = {0};
	struct dot_person_list none = {0};
	char *cause = NULL;

	/* nothing handed over yet */
	assert_int_equal(dot_report_certified(f->st, &o, f->pdf, NULL, &cause),
			 DOT_ERULE);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_not_equal(access(f->pdf, F_OK), 0);

	o.from = "2025-13-01";
	assert_int_equal(dot_report_certified(f->st, &o, f->pdf, NULL, &cause),
			 DOT_EUSAGE);
	free(cause);
	cause = NULL;

	o.from = NULL;
	o.font_path = "/nonexistent/DejaVuSans.ttf";
	assert_int_equal(dot_report_missing(f->st, &none, &o, f->pdf, NULL,
					    &cause),
			 DOT_ERUNTIME);
	assert_non_null(strstr(cause, "/nonexistent/DejaVuSans.ttf"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(access(f->pdf, F_OK), 0);

	/* no attestation issued yet */
	o.font_path = NULL;
	assert_int_equal(dot_report_attestation(f->st, 0, false, &o, f->pdf,
						NULL, &cause),
			 DOT_ERULE);
	free(cause);
}

/* Run cmd, return its standard output (caller frees). */
static char *
capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t cap = 1 << 16, n = 0, r;
	char *s = dot_xmalloc(cap);

	assert_non_null(p);
	while ((r = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += r;
		if (n + 1 == cap)
			s = dot_xrealloc(s, cap *= 2);
	}
	s[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return s;
}

static void
three_thousand(void **state)
{
	static const char *classes[] = {"2NDE 1", "2NDE 2", "1ERE 1",
					"1ERE 2", "TLE 1",  "TLE 2"};
	struct fx *f = *state;
	struct dot_report_opts o = {0};
	struct dot_report_info info;
	char *cause = NULL, *cmd, *text, *page, *next, *s;
	int i, npages, p, seen_rows = 0;
	char *seen = dot_xcalloc(3001, 1);
	struct stat sb;

	assert_int_equal(dot_store_begin(f->st, &cause), 0);
	for (i = 1; i <= 3000; i++) {
		char last[32], first[32], serial[24], ext[16];
		struct dot_person_in in = {0};
		struct dot_assignment_in a = {0};
		int64_t id, aid;
		bool changed;

		snprintf(last, sizeof(last), "Élève%04d", i);
		snprintf(first, sizeof(first), "Prénom%04d", i);
		snprintf(serial, sizeof(serial), "SN%08d", i);
		snprintf(ext, sizeof(ext), "E%05d", i);
		in.ext_id = ext;
		in.last_name = last;
		in.first_name = first;
		in.class_name = classes[i % 6];
		in.profile = DOT_PROFILE_ELEVE;
		in.active = true;
		assert_int_equal(dot_store_person_upsert(f->st, 0, &in, &id,
							 &changed, &cause),
				 0);
		assert_int_equal(dot_store_device_set(f->st, serial,
						      DOT_DEVICE_CEDED, NULL,
						      &cause),
				 0);
		a.person_id = id;
		a.serial = serial;
		a.kind = DOT_HANDOVER_CESSION;
		a.start_date = "2025-09-03";
		a.microsd = i % 2;
		assert_int_equal(dot_store_assignment_add(f->st, &a, &aid,
							  &cause),
				 0);
	}
	assert_int_equal(dot_store_commit(f->st, &cause), 0);

	assert_int_equal(dot_report_certified(f->st, &o, f->pdf, &info, &cause),
			 0);
	assert_int_equal(info.rows, 3000);
	assert_int_equal(stat(f->pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	cmd = dot_xasprintf("pdfinfo '%s' 2>/dev/null | sed -n "
			    "'s/^Pages: *//p'",
			    f->pdf);
	text = capture(cmd);
	free(cmd);
	npages = atoi(text);
	free(text);
	assert_int_equal(npages, info.pages);
	/* 22-point rows on a landscape page: 15 to 22 rows a page */
	assert_true(npages >= 3000 / 22 && npages <= 3000 / 15 + 2);

	cmd = dot_xasprintf("pdftotext -layout '%s' - 2>/dev/null", f->pdf);
	text = capture(cmd);
	free(cmd);
	assert_non_null(strstr(text, "Certifié exact"));
	page = text;
	for (p = 1; p <= npages; p++) {
		char want[64];

		next = strchr(page, '\f');
		if (next)
			*next = '\0';
		snprintf(want, sizeof(want), "page %d / %d", p, npages);
		if (!strstr(page, want))
			fail_msg("page %d lacks '%s'", p, want);
		/* the table header on every page that carries rows */
		if (strstr(page, "SN0") &&
		    (!strstr(page, "Remis le") || !strstr(page, "N° de série")))
			fail_msg("page %d lacks the table header", p);
		for (s = page; (s = strstr(s, "SN")) != NULL; s += 10) {
			int n = atoi(s + 2);

			if (strlen(s) < 10 || n < 1 || n > 3000)
				continue;
			if (seen[n])
				fail_msg("serial SN%08d printed twice", n);
			seen[n] = 1;
			seen_rows++;
		}
		page = next ? next + 1 : page + strlen(page);
	}
	assert_int_equal(seen_rows, 3000);
	free(text);
	free(seen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test(fingerprint_order_free),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(three_thousand, setup,
						teardown),
	};

	/* the documents are in French, as the Region reads them */
	dot_i18n_init("fr");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
