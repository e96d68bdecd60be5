/*
 * app: the use cases. Every business rule lives here once and is called by
 * both the command line and the station: assign a device, record a
 * charter, mark an absence, undo, import a roster. Each use case is one
 * transaction that updates the current state and appends exactly one
 * journal entry; it is acknowledged (returns 0) only after the commit.
 */
#ifndef DOTATION_APP_H
#define DOTATION_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "dotation/store.h"

struct dot_app;

/*
 * Open the database at path for use cases. The operator defaults to
 * $DOTATION_OPERATOR, then the login name; the queue to "". Returns 0 and
 * *out, or DOT_ERUNTIME with *cause.
 */
int dot_app_open(const char *path, struct dot_app **out, char **cause);

/*
 * The same in a store mode: DOT_STORE_CREATE (what dot_app_open does),
 * DOT_STORE_WRITE (the file must exist) or DOT_STORE_READ (read-only
 * views: a use case that writes then fails with DOT_ERUNTIME).
 */
int dot_app_open_mode(const char *path, enum dot_store_mode mode,
		      struct dot_app **out, char **cause);

/* NULL does nothing. */
void dot_app_free(struct dot_app *app);

/* The store, for read-only view queries. Borrowed. */
struct dot_store *dot_app_store(struct dot_app *app);

/* Who and where, recorded in every journal entry. Copied. */
void dot_app_set_operator(struct dot_app *app, const char *operator_name);
void dot_app_set_queue(struct dot_app *app, const char *queue);
const char *dot_app_queue(const struct dot_app *app);

/*
 * Set the establishment (UAI verified: DOT_ERULE when its check letter
 * is wrong) and the station name (default: the host name).
 */
int dot_app_init(struct dot_app *app, const char *uai, const char *name,
		 const char *station, char **cause);

/* ---- roster ---------------------------------------------------------------- */

struct dot_import_opts {
	bool dry_run;       /* compute the summary, write nothing */
	bool full;          /* people absent from rows become inactive */
	const char *source; /* file name, for the journal */
	int skipped;        /* invalid rows the parser left out of rows */
	bool skip_invalid;  /* the user accepts to import without them */
	/*
	 * A sync pull: the feed's cursor (setting key = value) is written in
	 * the same transaction as the rows, even when they change nothing;
	 * no_journal leaves the journal entry to dot_app_import_record, one
	 * per pull rather than one per page.
	 */
	const char *setting_key, *setting_value;
	bool no_journal;
};

struct dot_import_summary {
	int added, updated, unchanged, deactivated, skipped;
};

/*
 * The import policy, checked by dot_app_import before anything is
 * written: a roster with invalid rows is all-or-nothing unless
 * skip_invalid (a school must not end up with half a class because of
 * one bad birth date), and never with full (the people on the invalid
 * rows would be deactivated). Returns 0, or DOT_ERULE with *cause saying
 * what to do. opts may be NULL (nothing to refuse).
 */
int dot_app_import_check(const struct dot_import_opts *opts, char **cause);

/*
 * Upsert rows (already validated) in one transaction: match by external
 * id, else INE, else (last name, first name, birth date). Nothing is ever
 * deleted. Returns 0, or DOT_ERULE (the policy of dot_app_import_check,
 * two rows naming the same person) / DOT_ERUNTIME with *cause; on error
 * nothing is written.
 */
int dot_app_import(struct dot_app *app, const struct dot_person_in *rows,
		   size_t n, const struct dot_import_opts *opts,
		   struct dot_import_summary *sum, char **cause);

/*
 * The same import fed in parts (the pages of a sync pull, inserted while
 * the next one is fetched): _start opens the transaction (hint: the rows
 * expected, for the page cache and a first import's bulk path; opts is
 * read again by _end and must live until then), _add upserts rows (their
 * strings may be freed once it returns), _end checks, finishes and
 * commits as dot_app_import does and frees run, _abort (after a failed
 * _add, or to give up) rolls back and frees run. On error, nothing is
 * written.
 */
struct dot_import_run;
int dot_app_import_start(struct dot_app *app,
			 const struct dot_import_opts *opts, size_t hint,
			 struct dot_import_run **run, char **cause);
int dot_app_import_add(struct dot_import_run *run,
		       const struct dot_person_in *rows, size_t n,
		       char **cause);
int dot_app_import_end(struct dot_import_run *run,
		       struct dot_import_summary *sum, char **cause);
void dot_app_import_abort(struct dot_import_run *run);

/*
 * Append the one "import" journal entry of imports made with no_journal
 * (the pages of a sync pull), with their summed summary; nothing when
 * they added, updated and deactivated nobody. Its own transaction.
 */
int dot_app_import_record(struct dot_app *app, const char *source,
			  const struct dot_import_summary *sum, char **cause);

/* ---- distribution ---------------------------------------------------------- */

/* Record (withdraw false) or withdraw the signed charter of person. */
int dot_app_charter(struct dot_app *app, int64_t person, bool withdraw,
		    int64_t *seq, char **cause);

struct dot_assign_opts {
	bool microsd;
	bool has_case;
	/*
	 * Catch-up of archived charters: the charter is in the operator's
	 * hand, so it is recorded together with the handover.
	 */
	bool record_charter;
};

struct dot_assign_result {
	int64_t seq;     /* the journal entry */
	char serial[64]; /* normalised */
	char name[256];  /* "LAST First (CLASS)" */
};

/*
 * The accessories handed over by default on this queue, as the station
 * sets them in F9 (settings station.QUEUE.microsd and .case): both unless
 * turned off. The command line's assign uses them when given no
 * accessory option. Returns 0, or DOT_ERUNTIME (with *cause) when the
 * settings cannot be read.
 */
int dot_app_default_accessories(struct dot_app *app, bool *microsd,
				bool *has_case, char **cause);

/*
 * Hand over serial to person as a cession. Refused (DOT_ERULE, *cause
 * says why and what to do) when: the serial is invalid; the person is
 * unknown or inactive; no charter is recorded (unless record_charter);
 * the serial is held by someone (named), here or at another station; the
 * person already holds a device. Returns 0 after the commit.
 */
int dot_app_assign(struct dot_app *app, int64_t person, const char *serial,
		   const struct dot_assign_opts *opts,
		   struct dot_assign_result *res, char **cause);

/*
 * Correct a handover: the device serial, held here by someone, goes to
 * person instead, with the same kind, date and accessories, in one
 * "reassign" journal entry that names both people. Refused (DOT_ERULE,
 * nothing written) when nobody here holds serial, person already holds
 * a device (that one included), is inactive, or has no charter (unless
 * record_charter: then it is recorded with the correction) or, for a
 * loan, no loan agreement. Allowed after an attestation: the cession
 * stays on it and the next attestation lists the correction.
 */
int dot_app_reassign(struct dot_app *app, const char *serial, int64_t person,
		     bool record_charter, struct dot_assign_result *res,
		     char **cause);

/*
 * Add a newcomer: row (checked as an import row: dot_roster_person) goes
 * into the roster in one "person-add" journal entry, so that a later
 * import matches them instead of duplicating them. Refused (DOT_ERULE,
 * nothing written) when someone with the same identifiers, or the same
 * names and birth date, is known already (named, with their number).
 * Returns 0 and *id (may be NULL), *seq (may be NULL).
 */
int dot_app_person_add(struct dot_app *app, const struct dot_person_in *row,
		       int64_t *id, int64_t *seq, char **cause);

/* Mark person absent today (or not). */
int dot_app_absent(struct dot_app *app, int64_t person, bool absent,
		   int64_t *seq, char **cause);

/*
 * Compensate journal entry seq with an "undo" entry: an assignment is
 * ended and its device goes back to stock, a charter withdrawn or
 * restored, an absence cleared. Refused (DOT_ERULE) for an entry already
 * undone, an undo, an import, or an assignment superseded since.
 */
int dot_app_undo(struct dot_app *app, int64_t seq, int64_t *undo_seq,
		 char **cause);

/*
 * The last entry this queue may undo (the newest of its own assign,
 * charter, absent, loan or loan-agreement entries not undone yet) into
 * *seq, 0 when none.
 * Returns 0 or DOT_ERUNTIME (with *cause). dot_app_undo() may still
 * refuse it (an attestation covers it).
 */
int dot_app_last_undoable(struct dot_app *app, int64_t *seq, char **cause);

/* "LAST First (CLASS)" for a person; caller frees. */
char *dot_app_person_label(const struct dot_person *p);

/*
 * The same guards as dot_app_undo() without writing anything: 0 when
 * dot_app_undo(seq) would be accepted now, else its refusal (DOT_ERULE
 * with *cause: already undone, covered by an attestation ...) or
 * DOT_ERUNTIME. It runs the undo in a transaction and rolls it back, so
 * the two can never disagree.
 */
int dot_app_undo_check(struct dot_app *app, int64_t seq, char **cause);

/* ---- the roll call (src/app/roll.c) ------------------------------------ */

/*
 * Where a person stands on the roll call. The one definition of "to
 * equip", "absent" and "equipped" that the station, the class picker,
 * `status`, `people` and the still-to-equip report all read:
 * - equipped: holds a device, a cession or a loan alike;
 * - absent: marked absent today and still without a device (equipping
 *   an absent person clears the mark everywhere);
 * - waiting: active, without a device, not absent: still to call today;
 * - inactive: no longer on the roster, counted nowhere.
 * "To equip" (the station's "restantes", status's to_equip) is waiting
 * plus absent.
 */
enum dot_roll_state {
	DOT_ROLL_WAITING,
	DOT_ROLL_ABSENT,
	DOT_ROLL_EQUIPPED,
	DOT_ROLL_INACTIVE,
};

/* The state of p (p->absent is "marked absent today"). */
enum dot_roll_state dot_roll_state_of(const struct dot_person *p);

/* True when p is still to equip: waiting or absent. */
bool dot_roll_to_equip(const struct dot_person *p);

/*
 * True when p's handover is "to correct" ("à corriger"): p holds a device
 * here that the upstream says another station or establishment holds (a
 * conflict this station lost, or a Region decision against it;
 * docs/sync-protocol.md 4). p stays equipped: the device is in hand.
 */
bool dot_roll_to_correct(const struct dot_person *p);

/* Counts over a set of people; every field counts active people only. */
struct dot_roll_counts {
	int64_t people;   /* active people */
	int64_t charters; /* with a charter recorded */
	int64_t equipped; /* holding a device (cessions + loans) */
	int64_t cessions, loans;
	int64_t to_equip;   /* without a device, absents included */
	int64_t absent;     /* absent today and without a device */
	int64_t waiting;    /* to_equip - absent: still to call today */
	int64_t to_correct; /* equipped, the serial held elsewhere upstream */
};

/* Add (sign 1) or remove (sign -1) p from c. */
void dot_roll_counts_add(struct dot_roll_counts *c, const struct dot_person *p,
			 int sign);

/*
 * A roll call: the people of one class (or of a search) in roll-call
 * order with their state and counts, kept up to date by the use cases
 * run through it. After a committed handover only that person's row is
 * read again (one indexed read): the station never re-runs a
 * whole-database query after a scan. Other stations' work comes in
 * through dot_roll_refresh().
 */
struct dot_roll;

#define DOT_ROLL_NONE ((size_t)-1)

/*
 * Open the roll call of class_name ("" for the staff without a class),
 * active people of the profiles in profiles (DOT_PROFILE_BIT()s, 0: all),
 * alphabetical. Returns 0 and
 * *out (free with dot_roll_free), or DOT_ERUNTIME with *cause. app must
 * outlive the roll.
 */
int dot_roll_open_class(struct dot_app *app, const char *class_name,
			unsigned profiles, struct dot_roll **out, char **cause);

/*
 * Open the people a name search finds (accent- and case-insensitive,
 * best match first, at most limit, 0: no limit), active ones only.
 */
int dot_roll_open_search(struct dot_app *app, const char *text, int limit,
			 struct dot_roll **out, char **cause);

/* NULL does nothing. */
void dot_roll_free(struct dot_roll *r);

/* The class of a class roll, NULL for a search. Borrowed. */
const char *dot_roll_class(const struct dot_roll *r);

/* Number of rows. */
size_t dot_roll_size(const struct dot_roll *r);

/*
 * Row i's person, NULL when i is out of range. Borrowed: valid until the
 * next call that changes the roll (a use case, a refresh, a free).
 */
const struct dot_person *dot_roll_person(const struct dot_roll *r, size_t i);

/* Row i's state (DOT_ROLL_INACTIVE when i is out of range). */
enum dot_roll_state dot_roll_row_state(const struct dot_roll *r, size_t i);

/*
 * True when another row of this roll has the same last and first names
 * (folded): the views then show the birth date (and the INE on the
 * certified list) to tell them apart.
 */
bool dot_roll_homonym(const struct dot_roll *r, size_t i);

/* The counts of the rows. Borrowed, lives as long as r. */
const struct dot_roll_counts *dot_roll_counts(const struct dot_roll *r);

/* The row of person id, DOT_ROLL_NONE when not on this roll. */
size_t dot_roll_find(const struct dot_roll *r, int64_t id);

/*
 * The next person to call after row from: the first waiting row after
 * it, wrapping around (from itself last); from DOT_ROLL_NONE starts at
 * the top. DOT_ROLL_NONE when nobody is waiting.
 */
size_t dot_roll_next(const struct dot_roll *r, size_t from);

/*
 * True when nobody is waiting any more. The class may still have
 * absents to equip later: dot_roll_counts(r)->absent says how many, and
 * the end of a class says so instead of "done".
 */
bool dot_roll_done(const struct dot_roll *r);

/*
 * The use cases, run on row i's person, then that row and the counts
 * updated. Same returns as dot_app_assign(), dot_app_paper() (the
 * charter, or in the loan model the loan agreement), dot_app_absent(); on a
 * refusal the roll is unchanged. A failure to read the row back after the commit
 * returns DOT_ERUNTIME (the action itself is committed: res/seq are filled).
 */
int dot_roll_assign(struct dot_roll *r, size_t i, const char *serial,
		    const struct dot_assign_opts *opts,
		    struct dot_assign_result *res, char **cause);
int dot_roll_charter(struct dot_roll *r, size_t i, bool withdraw, int64_t *seq,
		     char **cause);
int dot_roll_absent(struct dot_roll *r, size_t i, bool absent, int64_t *seq,
		    char **cause);

/* The undo candidate of the roll's queue (dot_app_last_undoable). */
struct dot_undo_candidate {
	int64_t seq; /* 0: nothing to undo on this queue */
	enum dot_journal_type type;
	int64_t person_id;           /* 0 when none */
	char serial[DOT_SERIAL_BUF]; /* "" when none */
	bool allowed; /* dot_app_undo(seq) would be accepted now */
	char *why;    /* when !allowed: the refusal, translated */
};

void dot_undo_candidate_release(struct dot_undo_candidate *c);

/*
 * Fill c with the newest entry of the queue that may be undone and
 * whether dot_app_undo() accepts it now (its own guards: dot_app_undo_check).
 * Returns 0 (c->seq 0 when nothing) or DOT_ERUNTIME with *cause.
 */
int dot_roll_undo_candidate(struct dot_roll *r, struct dot_undo_candidate *c,
			    char **cause);

/* dot_app_undo(seq), then the row of its person updated if on this roll. */
int dot_roll_undo(struct dot_roll *r, int64_t seq, int64_t *undo_seq,
		  char **cause);

/*
 * Person id changed by a use case run outside the roll (a loan, a
 * return ...): read that row again. A person not on the roll is ignored.
 * Returns 0 or DOT_ERUNTIME.
 */
int dot_roll_person_changed(struct dot_roll *r, int64_t id, char **cause);

/*
 * Other stations' work: when the database changed since the roll last
 * read it (PRAGMA data_version, one cheap read), read the rows again
 * (one query for this class). *changed (may be NULL) says whether it did.
 * Call it on a timer, not after each scan.
 */
int dot_roll_refresh(struct dot_roll *r, bool *changed, char **cause);

/* ---- counts for the class picker, `status` and the reports ------------- */

/* One class with its counts (dot_roll_counts over its active people). */
struct dot_class_progress {
	char *class_name; /* "" for the staff without a class */
	int64_t people, charters, handed_over, absent, to_equip;
};

struct dot_class_list {
	struct dot_class_progress *v;
	size_t n;
};

void dot_class_list_release(struct dot_class_list *l);

/*
 * Every class with active people of profiles (0: all), in class order,
 * with the roll call's counts. Returns 0 or DOT_ERUNTIME.
 */
int dot_app_classes(struct dot_app *app, unsigned profiles,
		    struct dot_class_list *out, char **cause);

/*
 * The store's counts (journal, sync, devices) with the people counted by
 * the roll call's rules (to_equip, absent_today ...). Returns 0 or
 * DOT_ERUNTIME.
 */
int dot_app_status(struct dot_app *app, struct dot_status *s, char **cause);

/*
 * The people still to equip (waiting or absent), of class_name (NULL:
 * all), in class then alphabetical order: the
 * still-to-equip report's rows. Returns 0 and *out, or DOT_ERUNTIME.
 */
int dot_app_to_equip(struct dot_app *app, const char *class_name,
		     unsigned profiles, struct dot_person_list *out,
		     char **cause);

/* ---- attestation of cession (src/app/attestation.c) --------------------- */

/* The operator recorded in journal entries. Borrowed. */
const char *dot_app_operator(const struct dot_app *app);

/*
 * Computes the fingerprint of the rows an attestation covers (the report
 * module's dot_report_fingerprint); returns a new string, NULL for none.
 * Passed in so that app does not depend on the documents.
 */
typedef char *(*dot_fingerprint_fn)(const struct dot_assignment_rows *rows);

/*
 * Issue the next attestation of cession for the period [from, to] (both
 * required, YYYY-MM-DD or DD/MM/YYYY): in one transaction, number it
 * (n° 1, 2 ...), mark as covered by it every open cession handed over in
 * the period that no earlier attestation covers, record its fingerprint
 * (fp may be NULL) and append one "attestation" journal entry. Returns 0
 * and *out after the commit (*seq: the journal entry, may be NULL);
 * DOT_EUSAGE for a missing, invalid or reversed date; DOT_ERULE when no
 * cession is left to cover (nothing is recorded); DOT_ERUNTIME.
 */
/*
 * The period to propose for the next attestation: from the day after
 * the last attestation's end, or the day of the first cession no
 * attestation covers when that is earlier (a second attestation the
 * same day, a cession dated back; before the first attestation: that
 * day, today when there is none) to today (or that from, when later). from and
 * to get YYYY-MM-DD. Returns 0 or DOT_ERUNTIME.
 */
int dot_app_attestation_period(struct dot_app *app, char from[11], char to[11],
			       char **cause);

int dot_app_attestation_issue(struct dot_app *app, const char *from,
			      const char *to, dot_fingerprint_fn fp,
			      struct dot_attestation *out, int64_t *seq,
			      char **cause);

/* ---- end of attestation section ------------------------------------------ */

/* ---- the whole year: stock, loans, out of service (src/app/year.c) ------ */

/*
 * Establishment settings of the whole year, with their defaults:
 *   handover.model        "cession" (Région Sud: the roll call cedes the
 *                         device under the charter) or "loan" (Normandie:
 *                         the roll call lends it until loan.until under
 *                         the loan agreement); default "cession"
 *   loan.until            YYYY-MM-DD, the end date of roll-call loans
 *   replacements.max      replacements per person without --force
 *                         (0: no limit); default 1
 *   lost.report_required  "yes" or "no": a lost or stolen device needs
 *                         the police report's reference; default "yes"
 *                         in the loan model, else "no"
 */

/*
 * The effective value of a whole-year setting key (its default when
 * unset) into *value; caller frees. Returns 0, DOT_EUSAGE for another
 * key, or DOT_ERUNTIME (with *cause) when the settings cannot be read.
 */
int dot_app_setting(struct dot_app *app, const char *key, char **value,
		    char **cause);

/*
 * *loan = true when the establishment lends at the roll call (model
 * "loan"). Returns 0, or DOT_ERUNTIME (with *cause) when the setting
 * cannot be read: no caller may take that for the cession model.
 */
int dot_app_loan_model(struct dot_app *app, bool *loan, char **cause);

/*
 * Set a whole-year setting after checking its value (DOT_EUSAGE for an
 * unknown key, DOT_ERULE for a bad value); one "setting" journal entry.
 */
int dot_app_setting_set(struct dot_app *app, const char *key, const char *value,
			int64_t *seq, char **cause);

/*
 * Receive serials into stock, all or nothing: refused (DOT_ERULE, every
 * reason listed, nothing written) when one is invalid, given twice or
 * already known. One "stock" journal entry. *seq may be NULL.
 */
int dot_app_stock_add(struct dot_app *app, const char *const *serials, size_t n,
		      int64_t *seq, char **cause);

/*
 * Record (or withdraw) the loan agreement ("convention de prêt") of
 * person: a paper of its own, neither a charter of cession nor the
 * reverse. Withdrawing is refused while person holds a loan.
 */
int dot_app_loan_agreement(struct dot_app *app, int64_t person, bool withdraw,
			   int64_t *seq, char **cause);

struct dot_loan_opts {
	const char *from;      /* start date, NULL: today (a paper loan may
				* be recorded after the fact) */
	const char *until;     /* due date; NULL only at the roll call of
				* the loan model (then loan.until) */
	const char *condition; /* the "fiche état du matériel", or NULL */
	bool microsd, has_case;
	/* the roll call: an unknown serial is received on the spot */
	bool roll_call;
	/* catch-up: the agreement is in hand and recorded with the loan */
	bool record_agreement;
};

/*
 * Lend serial to person. Refused (DOT_ERULE, nothing written) for an
 * invalid serial or date, until before from, an unknown or inactive
 * person, no loan agreement, a device that is not free (held here or
 * elsewhere, out of service, lost, or unknown outside the roll call), or
 * a person who already holds one. The device becomes loan-only. One
 * "loan" journal entry.
 */
int dot_app_loan(struct dot_app *app, int64_t person, const char *serial,
		 const struct dot_loan_opts *opts,
		 struct dot_assign_result *res, char **cause);

/* A device's state in the user's words ("in stock", "on loan" ...). */
const char *dot_app_device_status_label(enum dot_device_status status);

/*
 * The reminder the operator must act on before a return: reset the
 * device in front of its user (the account lock of a factory reset).
 */
const char *dot_app_return_reminder(void);

/*
 * Whether serial is on loan (a read: nothing written). Returns 0 and, in
 * res (may be NULL), the serial and its borrower; DOT_ERULE with the
 * reason of a refused return otherwise.
 */
int dot_app_on_loan(struct dot_app *app, const char *serial,
		    struct dot_assign_result *res, char **cause);

/*
 * Take serial back from its borrower: the loan ends with the condition
 * on return, the device goes back to stock, loan-only. Refused
 * (DOT_ERULE) when serial is not on loan, or when reset_done is false
 * (the reminder was not confirmed). One "return" journal entry.
 */
int dot_app_return(struct dot_app *app, const char *serial,
		   const char *condition, bool reset_done,
		   struct dot_assign_result *res, char **cause);

struct dot_hs_opts {
	bool lost;           /* stolen or lost, else out of service */
	const char *reason;  /* required */
	const char *report;  /* lost: the police report's reference */
	const char *replace; /* the replacement's serial, or NULL */
	bool force;          /* past replacements.max */
};

struct dot_hs_result {
	int64_t seq;
	char serial[64], replacement[64];
	char name[256];       /* the holder, "" when none */
	int64_t replacements; /* the holder's, this one included */
};

/*
 * Declare serial out of service (or lost) and, with a replacement, hand
 * the replacement to the same person with the same kind (cession or loan,
 * same due date; the charter or agreement carries over), in one "hs" or
 * "lost" journal entry. Refused (DOT_ERULE, nothing written): unknown or
 * already out-of-service serial; lost without a report when
 * lost.report_required; a replacement that is not free (or loan-only for
 * a cession) or without a holder; past replacements.max without force.
 */
int dot_app_out_of_service(struct dot_app *app, const char *serial,
			   const struct dot_hs_opts *opts,
			   struct dot_hs_result *res, char **cause);

/*
 * The paper the roll call requires before a handover: the charter of
 * cession, or in the loan model the loan agreement. dot_app_paper records
 * (or withdraws) it for person, as dot_app_charter or
 * dot_app_loan_agreement would.
 */
int dot_app_paper(struct dot_app *app, int64_t person, bool withdraw,
		  int64_t *seq, char **cause);

/*
 * For the screens of the roll call: in the loan model, the charter_at of
 * each person of l is replaced by their loan agreement's time, so that
 * "charter" columns and counts show the paper this establishment
 * requires. Does nothing in the cession model. Returns 0, or DOT_ERUNTIME
 * (with *cause) when the model cannot be read.
 */
int dot_app_paper_view(struct dot_app *app, struct dot_person *v, size_t n,
		       char **cause);

/* ---- end of the whole-year section ---------------------------------------- */

#endif
