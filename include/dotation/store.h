/*
 * store: the only module that talks to SQLite. It owns the schema and its
 * migrations, the transactions, and the append-only journal that is both
 * the audit trail and the sync outbox. It enforces no business rule: the
 * app module decides, the store records. Every state change goes through
 * dot_store_begin() / dot_store_commit() and appends one journal entry.
 *
 * The database is shared by several station processes on one machine:
 * WAL mode, synchronous=FULL, a busy timeout, and BEGIN IMMEDIATE for
 * every write so that two queues can never hand out one serial twice.
 */
#ifndef DOTATION_STORE_H
#define DOTATION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "dotation/core.h"

struct dot_store;

#define DOT_STORE_APPLICATION_ID 0x444f5431 /* "DOT1" */

/*
 * dot_store_open_mode(path, DOT_STORE_CREATE, ...): open (creating when
 * missing, mode 0600, parent directory 0700) the database at path and
 * run pending migrations. Returns 0 and *out, or
 * DOT_ERUNTIME with a message in *cause (a file that is not a dotation
 * database is refused, never modified).
 */
int dot_store_open(const char *path, struct dot_store **out, char **cause);

/* How a command opens the database (only init creates one). */
enum dot_store_mode {
	/* create when missing (0600, parent 0700), then migrate: init */
	DOT_STORE_CREATE,
	/* the file must exist; migrate: every command that writes */
	DOT_STORE_WRITE,
	/*
	 * the file must exist; opened read-only, no transaction, no
	 * migration, so that it works on a read-only file system and while
	 * another process holds the write lock. A database of an older
	 * schema is the one exception: it is upgraded once, as a write.
	 */
	DOT_STORE_READ,
};

/*
 * Open the database at path in mode. Returns 0 and *out, or DOT_ERUNTIME
 * with a message in *cause that says what to do: the file does not exist
 * (CREATE aside), is not a dotation database (refused, never modified),
 * the disk is full, the file or file system cannot be read or written.
 */
int dot_store_open_mode(const char *path, enum dot_store_mode mode,
			struct dot_store **out, char **cause);

/* True when st was opened with DOT_STORE_READ. */
bool dot_store_readonly(const struct dot_store *st);

/* Close the database. NULL does nothing. */
void dot_store_free(struct dot_store *st);

/* The path given to dot_store_open(); borrowed, lives as long as st. */
const char *dot_store_path(const struct dot_store *st);

/* BEGIN IMMEDIATE (waits up to the busy timeout for other stations). */
int dot_store_begin(struct dot_store *st, char **cause);
int dot_store_commit(struct dot_store *st, char **cause);
/* Roll back the open transaction, if any. */
void dot_store_rollback(struct dot_store *st);

/*
 * How long a write waits for another process's write lock, in ms (10 s
 * by default). The station sets it short and retries from its loop, so
 * that its keyboard stays alive while another program writes.
 */
void dot_store_set_busy_timeout(struct dot_store *st, int ms);
/*
 * True when the last failure since dot_store_begin() was the database
 * being busy (another process holding the write lock): trying again
 * later may work. Anything else (a rule, a full disk) is false.
 */
bool dot_store_failed_busy(const struct dot_store *st);

/*
 * A counter bumped by every committed write from any process on the
 * database (PRAGMA data_version): the station polls it to see other
 * queues' handovers.
 */
int64_t dot_store_data_version(struct dot_store *st);

/*
 * Rows this connection has inserted, updated or deleted since it opened
 * (sqlite3_total_changes): a count kept elsewhere that knows every write
 * it follows can tell when something else was written.
 */
int64_t dot_store_changes(struct dot_store *st);

/*
 * Move st's WAL checkpoints out of its commits: st stops checkpointing
 * and a thread with its own connection checkpoints (PASSIVE) every half
 * second instead, so no commit of st ever also writes the database file.
 * For the station, whose scans must answer at once; st must outlive the
 * checkpointer. dot_checkpointer_stop() checkpoints one last time and gives
 * st back its automatic checkpoints; NULL does nothing.
 */
struct dot_checkpointer;
int dot_store_checkpointer_start(struct dot_store *st,
				 struct dot_checkpointer **out, char **cause);
void dot_checkpointer_stop(struct dot_checkpointer *c);
/* How many of its checkpoints copied pages back so far. */
unsigned long dot_checkpointer_runs(struct dot_checkpointer *c);

/* ---- settings (establishment, station, sync cursors) -------------------- */

/*
 * The value of key into *value (NULL when the key is unset; caller
 * frees). Returns 0, or DOT_ERUNTIME (with *cause, *value NULL) when the
 * database cannot answer: nobody may read that as "unset".
 */
int dot_store_setting_get(struct dot_store *st, enum dot_setting key,
			  char **value, char **cause);
/* Set key (inside or outside a transaction). value NULL deletes. */
int dot_store_setting_set(struct dot_store *st, enum dot_setting key,
			  const char *value, char **cause);
/*
 * The same for keys built at run time: dot_queue_setting_key(),
 * dot_sync_cursor_key().
 */
int dot_store_setting_get_key(struct dot_store *st, const char *key,
			      char **value, char **cause);
int dot_store_setting_set_key(struct dot_store *st, const char *key,
			      const char *value, char **cause);

/* ---- people -------------------------------------------------------------- */

/* A person as the interface shows them. Strings are owned by the struct. */
struct dot_person {
	int64_t id;
	char *ext_id; /* NULL when unknown */
	char *ine;    /* NULL when unknown */
	char *last_name;
	char *first_name;
	char *birth_date; /* YYYY-MM-DD or NULL */
	char *class_name; /* "" for staff without a class */
	enum dot_profile profile;
	bool active;
	char *charter_at; /* ISO time the charter was recorded, or NULL */
	bool absent;      /* marked absent today */
	/* current device (a cession or an open loan), NULL when none */
	char *serial;
	enum dot_handover_kind kind; /* meaningful when serial is set */
	char *handed_at;             /* YYYY-MM-DD */
	char *due_date;              /* loans: YYYY-MM-DD */
	bool microsd;
	bool has_case;
	char *loan_agreement_at; /* ISO time the loan agreement was recorded */
	/*
	 * The upstream's word on the current device (the sync's assignments
	 * feed): when another station or establishment holds serial there
	 * (a conflict lost, or decided against this station by the Region),
	 * who holds it, where and since when; NULL when nobody else does.
	 * handover_seq: the journal entry of this handover (0: unknown).
	 */
	char *remote_holder, *remote_station, *remote_uai, *remote_at;
	int64_t handover_seq;
};

void dot_person_release(struct dot_person *p);

struct dot_person_list {
	struct dot_person *v;
	size_t n;
};

void dot_person_list_release(struct dot_person_list *l);

struct dot_people_filter {
	const char *class_name; /* exact class, or NULL */
	unsigned profiles;      /* DOT_PROFILE_BIT()s; 0: any profile */
	const char *search;     /* accent/case-insensitive name prefix search */
	bool alphabetical;      /* search results by name, not best first */
	bool include_inactive;
	int limit; /* 0: no limit */
};

/*
 * People matching f (NULL: every active person), ordered by class, last
 * name, first name (search results: best match first). Returns 0 or
 * DOT_ERUNTIME.
 */
int dot_store_people(struct dot_store *st, const struct dot_people_filter *f,
		     struct dot_person_list *out, char **cause);

/*
 * The same people, one at a time: fn(p, data) for each, in the same
 * order, without keeping them (an export of a region's roster). p lives
 * for the call only; fn may take its strings by copying *p and zeroing
 * it. fn must not use the store. A non-zero return from fn stops the walk
 * and is returned; otherwise 0 or DOT_ERUNTIME.
 */
typedef int (*dot_person_fn)(struct dot_person *p, void *data);
int dot_store_people_each(struct dot_store *st,
			  const struct dot_people_filter *f, dot_person_fn fn,
			  void *data, char **cause);

/*
 * The class as recorded that name designates without regard to case
 * ("2nde 1" for "2NDE 1"; an exact spelling first), into *out (caller
 * frees). Returns 0, DOT_ENOTFOUND, or DOT_ERUNTIME with *cause.
 */
int dot_store_class_find(struct dot_store *st, const char *name, char **out,
			 char **cause);

/*
 * Person id; returns 0 and fills out, DOT_ERULE (with a message) when
 * there is none, DOT_ERUNTIME when the database cannot answer.
 */
int dot_store_person_get(struct dot_store *st, int64_t id,
			 struct dot_person *out, char **cause);

/*
 * Resolve what a user typed as PERSON: the local id (digits), the INE, or
 * the external id. Returns 0 and *id, DOT_ENOTFOUND when nobody has that
 * key, DOT_ERUNTIME (with *cause) when the database cannot answer.
 */
int dot_store_person_resolve(struct dot_store *st, const char *key, int64_t *id,
			     char **cause);

/* A person record to insert or update (roster import, sync pull). */
struct dot_person_in {
	int line; /* source line or element, for messages */
	const char *ext_id, *ine, *last_name, *first_name, *birth_date;
	const char *class_name;
	enum dot_profile profile;
	bool active;
};

/*
 * Find the person rec designates: by external id, else INE, else (folded
 * last name, folded first name, birth date). Returns 0 and *id,
 * DOT_ENOTFOUND (*id 0) when no one matches, DOT_ERUNTIME (with *cause)
 * when the database cannot answer: never read that as "nobody".
 */
int dot_store_person_match(struct dot_store *st,
			   const struct dot_person_in *rec, int64_t *id,
			   char **cause);

/*
 * Number of people (active or not) into *n: 0 means a first import.
 * Returns 0 or DOT_ERUNTIME (with *cause).
 */
int dot_store_people_count(struct dot_store *st, int64_t *n, char **cause);

/*
 * The page cache in kB (0: the default, a few MB). Writes of many rows
 * (an import) go faster with a large one; everything else reads rows one
 * at a time and needs little.
 */
void dot_store_set_cache_kb(struct dot_store *st, int kb);

/*
 * A first import, inside its transaction: _begin drops the people's
 * secondary indexes and stops indexing names row by row; _end rebuilds
 * the indexes and the search index (call it before committing). A
 * rollback undoes both. Return 0 or DOT_ERUNTIME.
 */
int dot_store_people_bulk_begin(struct dot_store *st, char **cause);
int dot_store_people_bulk_end(struct dot_store *st, char **cause);

/*
 * Insert (id 0) or update person id from rec, inside a transaction.
 * *changed tells whether an update changed anything. Returns 0 or
 * DOT_ERUNTIME.
 */
int dot_store_person_upsert(struct dot_store *st, int64_t id,
			    const struct dot_person_in *rec, int64_t *out_id,
			    bool *changed, char **cause);

/*
 * Mark inactive every active person whose id is not in keep (sorted).
 * Returns the number deactivated, or DOT_ERUNTIME.
 */
int dot_store_people_deactivate_except(struct dot_store *st,
				       const int64_t *keep, size_t n,
				       char **cause);

/* Charter time (ISO) for person, NULL to withdraw. */
int dot_store_person_set_charter(struct dot_store *st, int64_t id,
				 const char *at, char **cause);

/* Absent today (day YYYY-MM-DD) or not. */
int dot_store_person_set_absent(struct dot_store *st, int64_t id,
				const char *day, bool absent, char **cause);

/* ---- devices and assignments --------------------------------------------- */

struct dot_holder {
	int64_t assignment_id; /* 0: nobody holds it here */
	int64_t person_id;
	char *name; /* "LAST First (CLASS)" */
	enum dot_handover_kind kind;
	char *station;
	char *since; /* YYYY-MM-DD */
	bool remote; /* held according to another station (sync) */
};

void dot_holder_release(struct dot_holder *h);

/*
 * Who holds serial now, here or at another station as last pulled.
 * Returns 0; h->assignment_id == 0 and !h->remote when nobody does.
 */
int dot_store_serial_holder(struct dot_store *st, const char *serial,
			    struct dot_holder *h, char **cause);

/*
 * The status of device serial. Returns 0 and *out, DOT_ENOTFOUND when the
 * device is unknown here, DOT_ERUNTIME (with *cause).
 */
int dot_store_device_status(struct dot_store *st, const char *serial,
			    enum dot_device_status *out, char **cause);

/* Insert the device when unknown, set its status. */
int dot_store_device_set(struct dot_store *st, const char *serial,
			 enum dot_device_status status, const char *reason,
			 char **cause);

struct dot_assignment_in {
	int64_t person_id;
	const char *serial;
	enum dot_handover_kind kind;
	bool microsd, has_case;
	const char *start_date; /* YYYY-MM-DD */
	const char *due_date;   /* loans, else NULL */
	const char *queue, *operator_name;
	const char *condition; /* loans: the "fiche état du matériel", or NULL */
	int64_t replaces;      /* the handover this one replaces, or 0 */
};

/*
 * Assignment to covers what from covered: a corrected cession stays on
 * the attestation that counted it (the rectification says who has it).
 */
int dot_store_assignment_keep_attestation(struct dot_store *st, int64_t from,
					  int64_t to, char **cause);

/* Record an assignment; returns its id in *id. */
int dot_store_assignment_add(struct dot_store *st,
			     const struct dot_assignment_in *a, int64_t *id,
			     char **cause);

/*
 * End the open assignment id (reason "undo", "return", "hs"); the
 * device goes back to the given status.
 */
int dot_store_assignment_end(struct dot_store *st, int64_t id,
			     const char *reason,
			     enum dot_device_status device_status,
			     char **cause);

/*
 * The number of the attestation of cession that covers assignment id into
 * *number (0 when none does). Returns 0, or DOT_ERUNTIME (with *cause)
 * when the database cannot answer: then nobody may assume "not covered".
 */
int dot_store_assignment_attestation(struct dot_store *st, int64_t id,
				     int64_t *number, char **cause);

/*
 * The open assignment of a person into *id (0 when none). Returns 0 or
 * DOT_ERUNTIME (with *cause).
 */
int dot_store_person_assignment(struct dot_store *st, int64_t person_id,
				int64_t *id, char **cause);

/* ---- journal ------------------------------------------------------------ */

struct dot_journal_in {
	enum dot_journal_type type;
	const char *operator_name;
	const char *queue;
	int64_t person_id;     /* 0 when none */
	const char *serial;    /* NULL when none */
	int64_t ref_seq;       /* undo: the entry it compensates, else 0 */
	int64_t assignment_id; /* 0 when none */
	const char *data;      /* JSON object text */
};

/*
 * Append one entry inside the open transaction: uuid v4, next seq, time,
 * station from the settings. Returns 0 and *seq.
 */
int dot_store_journal_append(struct dot_store *st,
			     const struct dot_journal_in *j, int64_t *seq,
			     char **cause);

struct dot_journal_entry {
	int64_t seq;
	enum dot_journal_type type;
	char *uuid, *at, *station, *queue, *operator_name, *data;
	int64_t person_id, ref_seq, assignment_id;
	char *serial;
	enum dot_push_state push_state;
	char *push_detail; /* NULL or the upstream's detail */
	int64_t undone_by; /* seq of the undo entry, 0 when none */
};

void dot_journal_entry_release(struct dot_journal_entry *e);

/* Entry seq; DOT_ERULE when there is none. */
int dot_store_journal_get(struct dot_store *st, int64_t seq,
			  struct dot_journal_entry *e, char **cause);

struct dot_journal_list {
	struct dot_journal_entry *v;
	size_t n;
};

void dot_journal_list_release(struct dot_journal_list *l);

/*
 * Entries in seq order: those about person_id (0: all), with seq >
 * after_seq, at most limit (0: all).
 */
int dot_store_journal_list(struct dot_store *st, int64_t person_id,
			   int64_t after_seq, int limit,
			   struct dot_journal_list *out, char **cause);

/*
 * The newest entry of queue whose type is in types (DOT_JOURNAL_BIT()s)
 * and that no undo entry compensates yet, into *seq (0 when none).
 * Returns 0 or DOT_ERUNTIME (with *cause). Which types may be undone is
 * app's rule (dot_app_last_undoable), not the store's.
 */
int dot_store_journal_last_of(struct dot_store *st, const char *queue,
			      uint32_t types, int64_t *seq, char **cause);

/* ---- status ---------------------------------------------------------------- */

/*
 * The counts of `dotation status` and the station's header. The store
 * fills the journal, sync and device counts; the people's counts follow
 * the roll call's rules and are filled by dot_app_status() (app/roll.c).
 */
struct dot_status {
	int64_t people; /* active people */
	int64_t students, staff;
	int64_t charters;
	int64_t handed_over; /* open cessions and loans */
	int64_t cessions, loans;
	int64_t to_equip;     /* active without a device, absents included */
	int64_t absent_today; /* absent today and without a device */
	int64_t journal_entries;
	int64_t pending; /* not yet accepted upstream */
	int64_t conflicts;
	int64_t to_correct; /* handovers of serials held elsewhere upstream */
	int64_t devices_stock;
	char last_sync[32]; /* ISO-8601 or "" */
};

/*
 * The journal, sync and device counts into s (people counts zero: see
 * dot_app_status). Returns 0 or DOT_ERUNTIME.
 */
int dot_store_status(struct dot_store *st, struct dot_status *s, char **cause);

/* ---- report: rows for the documents and the export (src/store/report.c) - */

/* One assignment with its person, as the documents print it. */
struct dot_assignment_row {
	int64_t assignment_id;
	int64_t person_id;
	char *last_name, *first_name;
	char *class_name; /* "" for staff without a class */
	enum dot_profile profile;
	char *ine; /* NULL when unknown */
	char *serial;
	enum dot_handover_kind kind;
	char *start_date; /* YYYY-MM-DD: handed over */
	char *due_date;   /* loans, else NULL */
	char *end_date;   /* NULL while open */
	char *end_reason; /* "undo", "return", "hs" or NULL */
	char *station, *queue, *operator_name;
	bool microsd, has_case, open;
	int64_t attestation_number; /* 0: not covered by an attestation */
	char *birth_date;           /* YYYY-MM-DD or NULL */
};

struct dot_assignment_rows {
	struct dot_assignment_row *v;
	size_t n;
};

void dot_assignment_rows_release(struct dot_assignment_rows *l);

enum dot_assignment_order {
	DOT_ORDER_CLASS_NAME, /* class, then last and first name (folded) */
	DOT_ORDER_ID,         /* the order they were recorded */
};

/* Every field is optional: zero means "any". */
struct dot_assignment_filter {
	unsigned kinds;         /* DOT_HANDOVER_BIT()s; 0: any kind */
	bool open_only;         /* only devices still held */
	const char *class_name; /* exact class */
	const char *from, *to;  /* start_date bounds, inclusive, YYYY-MM-DD */
	int64_t attestation_id; /* > 0: covered by that attestation */
	bool uncovered_only;    /* not covered by any attestation */
	bool without_undone;    /* leave out handovers ended by an undo */
	const char *recorded_upto; /* ISO time: recorded then or before */
	int64_t id_upto;           /* > 0: handover id at most this */
	unsigned profiles;         /* DOT_PROFILE_BIT()s; 0: any profile */
	enum dot_assignment_order order;
};

/*
 * The same rows, one at a time: fn(r, data) for each, in the same order,
 * without keeping them (an export or a document of a region's size). r
 * lives for the call only; fn may take its strings by copying *r and
 * zeroing it, and may read the store. A non-zero return from fn stops the
 * walk and is returned; otherwise 0 or DOT_ERUNTIME.
 */
typedef int (*dot_assignment_fn)(struct dot_assignment_row *r, void *data);
int dot_store_assignment_each(struct dot_store *st,
			      const struct dot_assignment_filter *f,
			      dot_assignment_fn fn, void *data, char **cause);

/*
 * Assignments matching f (NULL: all), joined with their person. Returns 0
 * and out (release with dot_assignment_rows_release), or DOT_ERUNTIME.
 */
int dot_store_assignment_rows(struct dot_store *st,
			      const struct dot_assignment_filter *f,
			      struct dot_assignment_rows *out, char **cause);

struct dot_attestation {
	int64_t id;
	int64_t number; /* n° 1, 2 ... */
	char from_date[11], to_date[11];
	int64_t cessions;     /* how many it covers */
	char fingerprint[65]; /* SHA-256 hex of its rows, "" when unknown */
	char created_at[32];  /* ISO-8601 UTC */
	/* the last handover id and journal seq when issued (0: unknown) */
	int64_t assignment_upto, journal_upto;
};

/*
 * Insert attestation number max+1 for [from, to] (inside a transaction);
 * fills a->id, a->number and a->created_at. Returns 0 or DOT_ERUNTIME.
 */
int dot_store_attestation_add(struct dot_store *st, const char *from,
			      const char *to, struct dot_attestation *a,
			      char **cause);

/*
 * Mark as covered by attestation id every open cession started in
 * [from, to] that no attestation covers yet. *count receives how many.
 */
int dot_store_attestation_cover(struct dot_store *st, int64_t id,
				const char *from, const char *to,
				int64_t *count, char **cause);

/* Record the count and the fingerprint (NULL: none) of attestation id. */
int dot_store_attestation_finish(struct dot_store *st, int64_t id,
				 int64_t count, const char *fingerprint,
				 char **cause);

/*
 * Attestation number (0: the latest). Returns 0 and *a, DOT_ERULE when
 * there is none, DOT_ERUNTIME on a database error.
 */
int dot_store_attestation_get(struct dot_store *st, int64_t number,
			      struct dot_attestation *a, char **cause);

/*
 * A correction of a cession an attestation covered: its undo, or its
 * reassignment to another person (the journal's undo and reassign
 * entries whose handover an attestation covers).
 */
struct dot_rectification {
	int64_t seq; /* the correcting journal entry */
	char *serial;
	char *from;          /* "LAST First (CLASS)": who had it */
	char *to;            /* who has it now, NULL: nobody (undone) */
	char *date;          /* YYYY-MM-DD of the correction */
	int64_t attestation; /* the number of the attestation it corrects */
};

struct dot_rectification_list {
	struct dot_rectification *v;
	size_t n;
};

void dot_rectification_list_release(struct dot_rectification_list *l);

/*
 * The corrections recorded after attestation after was issued (NULL: from
 * the start) and up to when attestation upto was (NULL: now), in journal
 * order. Returns 0 or DOT_ERUNTIME.
 */
int dot_store_rectifications(struct dot_store *st,
			     const struct dot_attestation *after,
			     const struct dot_attestation *upto,
			     struct dot_rectification_list *out, char **cause);

/* ---- end of report section ------------------------------------------------ */

/* ---- sync: the outbox and what other stations hold ----------------------- */

/*
 * Journal entries not yet done upstream (push_state 'pending' or
 * 'rejected'), seq > after_seq, in seq order, at most limit (1..500).
 * Only seq, uuid, at, station, queue, operator_name, type, data, serial,
 * push_state and push_detail are filled. Returns 0 or DOT_ERUNTIME.
 */
int dot_store_sync_pending(struct dot_store *st, int64_t after_seq, int limit,
			   struct dot_journal_list *out, char **cause);

/* One per-event result of a push, as the upstream answered it. */
struct dot_sync_mark {
	const char *uuid;
	enum dot_push_state state; /* any but DOT_PUSH_PENDING */
	const char *detail;        /* NULL or the upstream's explanation */
};

/*
 * Record the results of one push in one transaction: accepted and
 * duplicate entries are done, conflict entries are done upstream and
 * counted as conflicts (dot_store_status), rejected entries stay to be
 * pushed again with their detail. Entries already done are never moved
 * back. *marked receives the number of entries updated (may be NULL).
 * Returns 0, or DOT_ERUNTIME with nothing written.
 */
int dot_store_sync_mark(struct dot_store *st, const struct dot_sync_mark *m,
			size_t n, int *marked, char **cause);

/*
 * Entries the upstream answered "conflict" for, newest first, at most
 * limit (0: all); push_detail says why. Returns 0 or DOT_ERUNTIME.
 */
int dot_store_sync_conflicts(struct dot_store *st, int limit,
			     struct dot_journal_list *out, char **cause);

/* Entries waiting for the upstream (pending or rejected) and conflicts. */
int dot_store_sync_counts(struct dot_store *st, int64_t *pending,
			  int64_t *conflicts, char **cause);

/* A serial another station holds, as pulled from the upstream. */
struct dot_remote_assignment {
	const char *serial; /* normalised */
	const char *holder; /* "LAST First (CLASS)" */
	const char *station;
	const char *uai; /* may be NULL */
	enum dot_handover_kind kind;
	const char *at; /* ISO-8601 */
};

/*
 * Insert or replace the remote holder of r->serial (inside or outside a
 * transaction). dot_store_serial_holder() then names it and the app
 * refuses the serial here. Returns 0 or DOT_ERUNTIME.
 */
int dot_store_remote_upsert(struct dot_store *st,
			    const struct dot_remote_assignment *r,
			    char **cause);

/*
 * This station's name as the journal records it (setting "station", else
 * the host name), or NULL (with *cause) when the setting cannot be read.
 * Caller frees.
 */
char *dot_store_sync_station(struct dot_store *st, char **cause);

/* Forget the remote holder of serial (released upstream). */
int dot_store_remote_delete(struct dot_store *st, const char *serial,
			    char **cause);

/* ---- the whole year: stock, loans, out of service (src/store/year.c) ---- */

/* A device with its open handover, if any. Strings owned by the struct. */
struct dot_device {
	char *serial;
	enum dot_device_status status;
	bool loan_only;              /* lent once: for loans only */
	int64_t assignment_id;       /* the open handover, 0 when none */
	int64_t holder;              /* its person, 0 when none */
	char *holder_name;           /* "LAST First (CLASS)", NULL when none */
	enum dot_handover_kind kind; /* meaningful when assignment_id */
	char *from, *until; /* its start and due dates, NULL when none */
	char *reason;       /* hs or lost: why */
	char *report_ref;   /* lost: the police report, or NULL */
	char *replaced_by;  /* hs or lost: the replacement's serial */
	char *received_at;  /* ISO time it entered the database */
};

void dot_device_release(struct dot_device *d);

struct dot_device_list {
	struct dot_device *v;
	size_t n;
};

void dot_device_list_release(struct dot_device_list *l);

/*
 * The device serial (normalised). Returns 0 and *out, DOT_ENOTFOUND when
 * the database does not know it (no message), DOT_ERUNTIME with *cause.
 */
int dot_store_device_get(struct dot_store *st, const char *serial,
			 struct dot_device *out, char **cause);

/*
 * Devices in serial order, those in one of statuses (DOT_DEVICE_BIT()s,
 * 0: all) and, when profiles is not 0, held by someone of one of those
 * profiles (DOT_PROFILE_BIT()s). Returns 0 or DOT_ERUNTIME.
 */
int dot_store_devices(struct dot_store *st, unsigned statuses,
		      unsigned profiles, struct dot_device_list *out,
		      char **cause);

/* Insert serial into stock; DOT_ERULE when it is already known. */
int dot_store_device_receive(struct dot_store *st, const char *serial,
			     char **cause);

/*
 * Forget serial, received by mistake: only a device in stock that was
 * never handed over. DOT_ERULE otherwise.
 */
int dot_store_device_forget(struct dot_store *st, const char *serial,
			    char **cause);

/* What dot_store_device_change() sets; NULL strings are cleared. */
struct dot_device_change {
	enum dot_device_status status;
	bool loan_only;
	const char *reason, *report_ref, *replaced_by;
};

/* Set every field of c on the known device serial (DOT_ERULE: unknown). */
int dot_store_device_change(struct dot_store *st, const char *serial,
			    const struct dot_device_change *c, char **cause);

/*
 * End the open assignment id with reason ("return", "hs", "undo") and the
 * condition on return (NULL: none); the device's state is the caller's.
 * DOT_ERULE when it is not open.
 */
int dot_store_assignment_close(struct dot_store *st, int64_t id,
			       const char *reason, const char *condition,
			       char **cause);

/*
 * Open the ended assignment id again (undo of a return or of an out of
 * service); DOT_ERULE when its serial or its person holds another since.
 */
int dot_store_assignment_reopen(struct dot_store *st, int64_t id, char **cause);

/* Replacements person received (not undone); < 0 on a database error. */
int64_t dot_store_person_replacements(struct dot_store *st, int64_t person);

/* Loan agreement time (ISO) for person, NULL to withdraw. */
int dot_store_person_set_loan_agreement(struct dot_store *st, int64_t id,
					const char *at, char **cause);

/* An open loan with its borrower. */
struct dot_loan {
	int64_t assignment_id, person;
	char *serial;
	char *name; /* "LAST First (CLASS)" */
	char *class_name;
	enum dot_profile profile;
	char *from, *until; /* YYYY-MM-DD; until NULL: no end date */
	char *condition;    /* when lent, or NULL */
	bool active;        /* the borrower is still on the roster */
	bool overdue;       /* until is before today */
};

struct dot_loan_list {
	struct dot_loan *v;
	size_t n;
};

void dot_loan_list_release(struct dot_loan_list *l);

struct dot_loan_filter {
	const char *today;   /* YYYY-MM-DD, for overdue */
	bool overdue_only;   /* until < today */
	bool to_return_only; /* the borrower left the roster (inactive) */
	bool due_back_only;  /* to get back: overdue or to return */
	unsigned profiles;   /* DOT_PROFILE_BIT()s; 0: every profile */
};

/* Open loans matching f, by due date then name. 0 or DOT_ERUNTIME. */
int dot_store_loans(struct dot_store *st, const struct dot_loan_filter *f,
		    struct dot_loan_list *out, char **cause);

/* ---- end of the whole-year section ---------------------------------------- */

#endif
