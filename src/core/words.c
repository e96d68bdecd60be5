/*
 * The domain's words and their one text form each: profiles, handover
 * kinds, device states, journal entry types, push states, setting keys. The
 * keywords are contracts (the database, the journal pushed upstream, the JSON
 * outputs): change none, append new ones.
 */
#include <string.h>

#include "dotation/core.h"

static const char *const profiles[DOT_PROFILE_N] = {
	[DOT_PROFILE_ELEVE] = "eleve",
	[DOT_PROFILE_PROF] = "prof",
	[DOT_PROFILE_PERSONNEL] = "personnel",
};

static const char *const kinds[DOT_HANDOVER_N] = {
	[DOT_HANDOVER_CESSION] = "cession",
	[DOT_HANDOVER_LOAN] = "loan",
};

static const char *const devices[DOT_DEVICE_N] = {
	[DOT_DEVICE_STOCK] = "stock",   [DOT_DEVICE_CEDED] = "ceded",
	[DOT_DEVICE_LOANED] = "loaned", [DOT_DEVICE_HS] = "hs",
	[DOT_DEVICE_LOST] = "lost",
};

static const char *const journal_types[DOT_JOURNAL_N] = {
	[DOT_JOURNAL_INIT] = "init",
	[DOT_JOURNAL_IMPORT] = "import",
	[DOT_JOURNAL_CHARTER] = "charter",
	[DOT_JOURNAL_CHARTER_WITHDRAW] = "charter-withdraw",
	[DOT_JOURNAL_ASSIGN] = "assign",
	[DOT_JOURNAL_UNDO] = "undo",
	[DOT_JOURNAL_ABSENT] = "absent",
	[DOT_JOURNAL_ATTESTATION] = "attestation",
	[DOT_JOURNAL_STOCK] = "stock",
	[DOT_JOURNAL_LOAN] = "loan",
	[DOT_JOURNAL_RETURN] = "return",
	[DOT_JOURNAL_HS] = "hs",
	[DOT_JOURNAL_LOST] = "lost",
	[DOT_JOURNAL_REASSIGN] = "reassign",
	[DOT_JOURNAL_PERSON_ADD] = "person-add",
	[DOT_JOURNAL_LOAN_AGREEMENT] = "loan-agreement",
	[DOT_JOURNAL_LOAN_AGREEMENT_WITHDRAW] = "loan-agreement-withdraw",
	[DOT_JOURNAL_SETTING] = "setting",
};

static const char *const push_states[DOT_PUSH_N] = {
	[DOT_PUSH_PENDING] = "pending",     [DOT_PUSH_ACCEPTED] = "accepted",
	[DOT_PUSH_DUPLICATE] = "duplicate", [DOT_PUSH_CONFLICT] = "conflict",
	[DOT_PUSH_REJECTED] = "rejected",
};

static const char *const settings[DOT_SETTING_N] = {
	[DOT_SETTING_UAI] = "uai",
	[DOT_SETTING_NAME] = "name",
	[DOT_SETTING_STATION] = "station",
	[DOT_SETTING_PLACE] = "place",
	[DOT_SETTING_SYNC_UPSTREAM] = "sync.upstream",
	[DOT_SETTING_SYNC_TOKEN_FILE] = "sync.token_file",
	[DOT_SETTING_SYNC_CACERT] = "sync.cacert",
	[DOT_SETTING_SYNC_LAST_SUCCESS] = "sync.last_success",
	[DOT_SETTING_SYNC_LAST_ERROR] = "sync.last_error",
	[DOT_SETTING_SYNC_LAST_ERROR_AT] = "sync.last_error_at",
	[DOT_SETTING_HANDOVER_MODEL] = "handover.model",
	[DOT_SETTING_LOAN_UNTIL] = "loan.until",
	[DOT_SETTING_REPLACEMENTS_MAX] = "replacements.max",
	[DOT_SETTING_LOST_REPORT] = "lost.report_required",
};

static const char *const queue_settings[DOT_QSETTING_N] = {
	[DOT_QSETTING_MICROSD] = "microsd",
	[DOT_QSETTING_CASE] = "case",
	[DOT_QSETTING_SOUND] = "sound",
	[DOT_QSETTING_OPERATOR] = "operator",
};

static const char *const feeds[DOT_FEED_N] = {
	[DOT_FEED_ROSTER] = "roster",
	[DOT_FEED_ASSIGNMENTS] = "assignments",
};

static const char *const cursors[DOT_FEED_N] = {
	[DOT_FEED_ROSTER] = "sync.cursor.roster",
	[DOT_FEED_ASSIGNMENTS] = "sync.cursor.assignments",
};

static const char *
word_name(const char *const *table, int n, int v)
{
	return v >= 0 && v < n ? table[v] : NULL;
}

/* The index of s in table, or -1. */
static int
word_find(const char *const *table, int n, const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (table[i] && strcmp(table[i], s) == 0)
			return i;
	return -1;
}

/* One name()/parse() pair per table. */
#define WORDS(type, prefix, table, n)                                          \
	const char *prefix##_name(type v)                                      \
	{                                                                      \
		return word_name(table, n, (int)v);                            \
	}                                                                      \
	int prefix##_parse(const char *s, type *out)                           \
	{                                                                      \
		int i = word_find(table, n, s);                                \
                                                                               \
		if (i < 0)                                                     \
			return DOT_ENOTFOUND;                                  \
		*out = (type)i;                                                \
		return 0;                                                      \
	}

WORDS(enum dot_profile, dot_profile, profiles, DOT_PROFILE_N)
WORDS(enum dot_handover_kind, dot_handover_kind, kinds, DOT_HANDOVER_N)
WORDS(enum dot_device_status, dot_device_status, devices, DOT_DEVICE_N)
WORDS(enum dot_journal_type, dot_journal_type, journal_types, DOT_JOURNAL_N)
WORDS(enum dot_push_state, dot_push_state, push_states, DOT_PUSH_N)
WORDS(enum dot_setting, dot_setting, settings, DOT_SETTING_N)
WORDS(enum dot_queue_setting, dot_queue_setting, queue_settings, DOT_QSETTING_N)

char *
dot_queue_setting_key(const char *queue, enum dot_queue_setting k)
{
	const char *n = dot_queue_setting_name(k);

	return dot_xasprintf("station.%s.%s", queue ? queue : "", n ? n : "?");
}

const char *
dot_sync_feed_name(enum dot_sync_feed f)
{
	return word_name(feeds, DOT_FEED_N, (int)f);
}

const char *
dot_sync_cursor_key(enum dot_sync_feed f)
{
	return word_name(cursors, DOT_FEED_N, (int)f);
}
