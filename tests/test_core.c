/*
 * Unit tests of the pure rules: serials, UAI, INE, dates, name folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dotation/core.h"

static enum dot_serial_reason
check(const char *raw, char *out)
{
	static char buf[DOT_SERIAL_BUF];

	return dot_serial_check(raw, NULL, out ? out : buf, DOT_SERIAL_BUF);
}

static void
serial_valid_is_normalised(void **state)
{
	char out[DOT_SERIAL_BUF];

	assert_int_equal(check("  r9kt30abcde \t\n", out), DOT_SERIAL_OK);
	assert_string_equal(out, "R9KT30ABCDE");
	assert_int_equal(check("123456", NULL), DOT_SERIAL_OK);
	assert_int_equal(check("ABCDEFGHIJKLMNPQRSTU", NULL), DOT_SERIAL_OK);
}

static void
serial_letter_o_first(void **state)
{
	/* O wins over every other reason, upper or lower case. */
	assert_int_equal(check("R9KTO0ABCDE", NULL), DOT_SERIAL_LETTER_O);
	assert_int_equal(check("r9kto0abcde", NULL), DOT_SERIAL_LETTER_O);
	assert_int_equal(check("o", NULL), DOT_SERIAL_LETTER_O);
	assert_int_equal(check("O-1", NULL), DOT_SERIAL_LETTER_O);
	assert_int_equal(check("OOOOOOOOOOOOOOOOOOOOOOOOOOO", NULL),
			 DOT_SERIAL_LETTER_O);
	assert_string_equal(dot_serial_reason_key(DOT_SERIAL_LETTER_O),
			    "letter-o");
	assert_non_null(
		strstr(dot_serial_reason_message(DOT_SERIAL_LETTER_O), "0"));
}

static void
serial_precedence(void **state)
{
	/* bad-char before length: a short serial with a dash. */
	assert_int_equal(check("AB-1", NULL), DOT_SERIAL_BAD_CHAR);
	assert_int_equal(check("R9KT 30ABCDE", NULL), DOT_SERIAL_BAD_CHAR);
	assert_int_equal(check("R9KT30ÉBCDE", NULL), DOT_SERIAL_BAD_CHAR);
	assert_int_equal(check("ABC12", NULL), DOT_SERIAL_TOO_SHORT);
	assert_int_equal(check("", NULL), DOT_SERIAL_TOO_SHORT);
	assert_int_equal(check("   ", NULL), DOT_SERIAL_TOO_SHORT);
	assert_int_equal(check("ABCDEFGHIJKLMNPQRSTUV", NULL),
			 DOT_SERIAL_TOO_LONG);
	assert_string_equal(dot_serial_reason_key(DOT_SERIAL_BAD_CHAR),
			    "bad-char");
	assert_string_equal(dot_serial_reason_key(DOT_SERIAL_TOO_SHORT),
			    "too-short");
	assert_string_equal(dot_serial_reason_key(DOT_SERIAL_TOO_LONG),
			    "too-long");
}

static void
serial_configurable_bounds(void **state)
{
	struct dot_serial_rules r = {.min_len = 3, .max_len = 4};
	char out[DOT_SERIAL_BUF];

	assert_int_equal(dot_serial_check("ABC", &r, out, sizeof(out)),
			 DOT_SERIAL_OK);
	assert_int_equal(dot_serial_check("ABCDE", &r, out, sizeof(out)),
			 DOT_SERIAL_TOO_LONG);
}

static void
serial_long_input_truncates_safely(void **state)
{
	char out[8];
	char big[200];

	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(dot_serial_check(big, NULL, out, sizeof(out)),
			 DOT_SERIAL_TOO_LONG);
	assert_int_equal(strlen(out), 7);
}

static void
uai_check_letter(void **state)
{
	char out[9];

	assert_true(dot_uai_check("0750654D", out));
	assert_string_equal(out, "0750654D");
	assert_true(dot_uai_check("0750699C", out));
	assert_true(dot_uai_check("0750654d", out));
	assert_string_equal(out, "0750654D");
	assert_false(dot_uai_check("0750654E", out));
	assert_false(dot_uai_check("075065D", out));
	assert_false(dot_uai_check("0750654DD", out));
	assert_false(dot_uai_check("A750654D", out));
	assert_false(dot_uai_check("", out));
	assert_false(dot_uai_check(NULL, out));
}

static void
ine_shapes(void **state)
{
	char out[12];

	assert_true(dot_ine_check("1234567890A", out));
	assert_true(dot_ine_check("123456789ab", out));
	assert_string_equal(out, "123456789AB");
	assert_true(dot_ine_check("1234A56789K", out));
	assert_false(dot_ine_check("1234B56789K", out));
	assert_false(dot_ine_check("12345678901", out));
	assert_false(dot_ine_check("1234567890", out));
	assert_false(dot_ine_check("1234567890AB", out));
	assert_false(dot_ine_check("ABCDEFGHIJK", out));
}

/* The code a cover sheet prints is the code the station takes back. */
static void
person_codes_round_trip(void **state)
{
	char code[DOT_PERSON_CODE_BUF], key[32];
	int64_t id;

	(void)state;
	dot_person_code_format(42, code);
	assert_string_equal(code, "O0000042");
	assert_int_equal(dot_serial_check(code, NULL, key, sizeof(key)),
			 DOT_SERIAL_LETTER_O); /* never a serial */
	assert_int_equal(dot_person_code_parse(code, &id, key, sizeof(key)),
			 DOT_PSCAN_CODE);
	assert_int_equal(id, 42);
	dot_person_code_format(123456789, code);
	assert_int_equal(dot_person_code_parse(code, &id, key, sizeof(key)),
			 DOT_PSCAN_CODE);
	assert_int_equal(id, 123456789);
	assert_int_equal(dot_person_code_parse(" o0000007 ", &id, key,
					       sizeof(key)),
			 DOT_PSCAN_CODE);
	assert_int_equal(id, 7);
	/* digits alone may be a serial; O0 names nobody */
	assert_int_equal(dot_person_code_parse("0000042", &id, key,
					       sizeof(key)),
			 DOT_PSCAN_NONE);
	assert_int_equal(dot_person_code_parse("O0000000", &id, key,
					       sizeof(key)),
			 DOT_PSCAN_NONE);
	assert_int_equal(dot_person_code_parse("", &id, key, sizeof(key)),
			 DOT_PSCAN_NONE);
	/* an INE, an O followed by a letter: keys to look up */
	assert_int_equal(dot_person_code_parse("1234567890A", &id, key,
					       sizeof(key)),
			 DOT_PSCAN_KEY);
	assert_string_equal(key, "1234567890A");
	assert_int_equal(dot_person_code_parse("O12A", &id, key, sizeof(key)),
			 DOT_PSCAN_KEY);
	assert_int_equal(id, 0);
}

static void
dates_real_only(void **state)
{
	char iso[11];

	assert_true(dot_date_parse("29/02/2008", iso));
	assert_string_equal(iso, "2008-02-29");
	assert_true(dot_date_parse(" 2010-12-31 ", iso));
	assert_string_equal(iso, "2010-12-31");
	assert_true(dot_date_parse("29/02/2000", iso));
	assert_false(dot_date_parse("29/02/1900", iso));
	assert_false(dot_date_parse("29/02/2009", iso));
	assert_false(dot_date_parse("31/04/2010", iso));
	assert_false(dot_date_parse("00/01/2010", iso));
	assert_false(dot_date_parse("01/13/2010", iso));
	assert_false(dot_date_parse("2010-1-01", iso));
	assert_false(dot_date_parse("1/1/2010", iso));
	assert_false(dot_date_parse("2010/01/01", iso));
	assert_false(dot_date_parse("", iso));
}

static void
fold_names(void **state)
{
	struct {
		const char *in, *out;
	} t[] = {
		{"Lefèvre", "lefevre"},
		{"  ÉLOÏSE  ", "eloise"},
		{"N'Diaye", "n diaye"},
		{"N\xe2\x80\x99"
		 "Diaye",
		 "n diaye"},
		{"Jean-Baptiste", "jean baptiste"},
		{"Œdipe Çelik", "oedipe celik"},
		{"Straße", "strasse"},
		{"Łukasz Dvořák", "lukasz dvorak"},
		{"a  -  b", "a b"},
		{"", ""},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *f = dot_fold(t[i].in);

		assert_string_equal(f, t[i].out);
		free(f);
	}
}

static void
utf8_validation(void **state)
{
	assert_true(dot_utf8_valid("Lefèvre", strlen("Lefèvre")));
	assert_false(dot_utf8_valid("Lef\xe8vre", 8));
	assert_false(dot_utf8_valid("\xc0\x80", 2)); /* overlong */
}

static void
json_quote(void **state)
{
	char *q = dot_json_quote("a\"b\\c\n");

	assert_string_equal(q, "\"a\\\"b\\\\c\\u000a\"");
	free(q);
	q = dot_json_quote(NULL);
	assert_string_equal(q, "null");
	free(q);
}

static void
term_escape(void **state)
{
	static const struct {
		const char *in, *out;
		bool keep;
	} cases[] = {
		{"Lefèvre N'Diaye", "Lefèvre N'Diaye", false},
		{"a\x1b[2Jb", "a\\x1b[2Jb", false},
		{"\x1b]0;t\x07", "\\x1b]0;t\\x07", false},
		{"x\xc2\x9b"
		 "31m",
		 "x\\u009b31m", false}, /* C1 CSI */
		{"ab\xe2\x80\xae"
		 "cba",
		 "ab\\u202ecba", false}, /* RLO */
		{"\xe2\x81\xa6i\xe2\x81\xa9", "\\u2066i\\u2069", false},
		{"\xd8\x9c\xe2\x80\x8f", "\\u061c\\u200f", false},
		{"bad\xff\xc3", "bad\\xff\\xc3", false}, /* not UTF-8 */
		{"l1\nl2\tx\r", "l1\\x0al2\\x09x\\x0d", false},
		{"l1\nl2\tx\r", "l1\nl2\tx\\x0d", true},
		{"\x7f", "\\x7f", false},
	};
	size_t i;
	char *e;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = dot_term_escape(cases[i].in, cases[i].keep);
		assert_string_equal(e, cases[i].out);
		free(e);
	}
	e = dot_term_escape(NULL, false);
	assert_string_equal(e, "");
	free(e);
	assert_true(dot_text_unsafe_cp(0x202e));
	assert_false(dot_text_unsafe_cp(0xe9));
}

static void
trim_both_ends(void **state)
{
	char a[] = "  \t Lefèvre \r\n", b[] = "   ", c[] = "x";

	assert_string_equal(dot_trim(a), "Lefèvre");
	assert_string_equal(dot_trim(b), "");
	assert_string_equal(dot_trim(c), "x");
}

static void
exit_codes(void **state)
{
	assert_int_equal(dot_rc_exit(DOT_OK), 0);
	assert_int_equal(dot_rc_exit(DOT_ERUNTIME), 1);
	assert_int_equal(dot_rc_exit(DOT_EUSAGE), 2);
	assert_int_equal(dot_rc_exit(DOT_ERULE), 3);
}

/*
 * Every domain word reads back as itself, the contract keywords are the
 * ones DESIGN.md and the journal use, and anything else is "not found".
 */
static void
domain_words(void **state)
{
	static const char *const types[] = {
		"init",
		"import",
		"charter",
		"charter-withdraw",
		"assign",
		"undo",
		"absent",
		"attestation",
		"stock",
		"loan",
		"return",
		"hs",
		"lost",
		"reassign",
		"person-add",
		"loan-agreement",
		"loan-agreement-withdraw",
		"setting",
	};
	enum dot_journal_type t;
	enum dot_profile p = DOT_PROFILE_PROF;
	enum dot_device_status d;
	enum dot_handover_kind k;
	enum dot_setting st;
	char *key;
	int i;

	(void)state;
	assert_int_equal(DOT_JOURNAL_N, sizeof(types) / sizeof(types[0]));
	for (i = 0; i < DOT_JOURNAL_N; i++) {
		assert_string_equal(dot_journal_type_name(i), types[i]);
		assert_int_equal(dot_journal_type_parse(types[i], &t), 0);
		assert_int_equal(t, i);
	}
	assert_string_equal(dot_profile_name(DOT_PROFILE_ELEVE), "eleve");
	assert_string_equal(dot_profile_name(DOT_PROFILE_PERSONNEL),
			    "personnel");
	assert_int_equal(dot_profile_parse("Eleve", &p), DOT_ENOTFOUND);
	assert_int_equal(dot_profile_parse(NULL, &p), DOT_ENOTFOUND);
	assert_int_equal(p, DOT_PROFILE_PROF); /* untouched */
	assert_null(dot_profile_name(DOT_PROFILE_N));
	assert_int_equal(dot_handover_kind_parse("loan", &k), 0);
	assert_int_equal(k, DOT_HANDOVER_LOAN);
	assert_int_equal(dot_device_status_parse("ceded", &d), 0);
	assert_int_equal(d, DOT_DEVICE_CEDED);
	assert_int_equal(dot_device_status_parse("assigned", &d),
			 DOT_ENOTFOUND);
	assert_int_equal(dot_setting_parse("sync.last_success", &st), 0);
	assert_int_equal(st, DOT_SETTING_SYNC_LAST_SUCCESS);
	key = dot_queue_setting_key("A", DOT_QSETTING_MICROSD);
	assert_string_equal(key, "station.A.microsd");
	free(key);
	assert_string_equal(dot_sync_cursor_key(DOT_FEED_ROSTER),
			    "sync.cursor.roster");
	assert_int_equal(dot_rc_exit(DOT_ENOTFOUND), 3);
	key = dot_person_identity_key("Lefèvre", "Jean-Baptiste", NULL);
	assert_string_equal(key, "lefevre|jean baptiste|");
	free(key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serial_valid_is_normalised),
		cmocka_unit_test(serial_letter_o_first),
		cmocka_unit_test(serial_precedence),
		cmocka_unit_test(serial_configurable_bounds),
		cmocka_unit_test(serial_long_input_truncates_safely),
		cmocka_unit_test(uai_check_letter),
		cmocka_unit_test(ine_shapes),
		cmocka_unit_test(person_codes_round_trip),
		cmocka_unit_test(dates_real_only),
		cmocka_unit_test(fold_names),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(json_quote),
		cmocka_unit_test(term_escape),
		cmocka_unit_test(trim_both_ends),
		cmocka_unit_test(exit_codes),
		cmocka_unit_test(domain_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
