/*
 * Internals shared by the app's files: the journal write that ends every
 * use case, the person as the journal carries it, and the whole year's
 * hooks into the roll call's assign and undo. Nothing outside src/app
 * includes this.
 */
#ifndef DOTATION_APP_INT_H
#define DOTATION_APP_INT_H

#include "dotation/app.h"

/*
 * Append j (operator and queue filled in) inside the open transaction and
 * commit; on failure the transaction is rolled back.
 */
int app_record(struct dot_app *app, struct dot_journal_in *j, int64_t *seq,
	       char **cause);

/*
 * app_record(), then on success res (may be NULL) gets the entry, the
 * serial sn and the person's label: what assign, loan, return and
 * reassign answer.
 */
int app_record_result(struct dot_app *app, struct dot_journal_in *j,
		      const char *sn, const char *label,
		      struct dot_assign_result *res, char **cause);

/*
 * Open the write transaction and load person id with its label (caller
 * frees): the start of every use case about one person. On failure the
 * transaction is rolled back, *p is empty and rc says why.
 */
int app_begin_person(struct dot_app *app, int64_t id, struct dot_person *p,
		     char **label, char **cause);

/*
 * The roll-call counts of dot_app_status, kept between calls (roll.c):
 * counting them reads every person, which the station did after each
 * scan. A use case about one person adjusts them with that person's
 * state before and after its commit; any other write (seen in
 * dot_store_changes), another connection's commit (data_version) or a
 * new day makes the next call count again.
 */
struct app_counts {
	bool valid;
	struct dot_roll_counts c;
	int64_t students, staff;
	int64_t data_version, changes;
	char day[11];
	struct dot_person before; /* the person of the open use case */
	int64_t changes_before;
};

struct app_counts *app_counts(struct dot_app *app);
/* In the use case's transaction: p as it is before the change. */
void app_counts_before(struct dot_app *app, const struct dot_person *p);
/*
 * After the use case's commit (or failure, committed false), with its
 * journal entry's type: only the types that change one person's state
 * alone (charter, handover, absence, loan agreement) adjust the counts.
 */
void app_counts_after(struct dot_app *app, enum dot_journal_type type,
		      int64_t person, bool committed);

/* The identity of p as the journal carries it upstream; caller frees. */
char *app_person_json(const struct dot_person *p);

/*
 * Inside the open transaction: refuse (DOT_ERULE, *cause names the holder
 * or the state and says what to do) a device sn that cannot be handed
 * over as kind: held here or at another station,
 * out of service, lost, loan-only for a cession, or unknown when
 * !allow_unknown. *known tells whether the database knows sn and
 * *loan_only its flag. Returns 0 when it is free.
 */
int app_device_free(struct dot_app *app, const char *sn,
		    enum dot_handover_kind kind, bool allow_unknown,
		    bool *known, bool *loan_only, char **cause);

/* True for the journal types undone by app_year_undo(). */
bool app_year_undoable(enum dot_journal_type type);

/*
 * Inside the open transaction: reverse the state changes of entry e (a
 * whole-year type). Returns 0, DOT_ERULE with *cause when it can no
 * longer be undone, DOT_ERUNTIME.
 */
int app_year_undo(struct dot_app *app, const struct dot_journal_entry *e,
		  char **cause);

#endif
