/*
 * The schema and its migrations. Each migration is one SQL script run in
 * order inside one transaction; PRAGMA user_version records how far a
 * database has come. Never edit a released migration: append a new one.
 *
 * The journal is append-only (triggers refuse DELETE and any UPDATE but
 * the push state), so the audit trail cannot be rewritten by the program
 * or by a hurried fix with the sqlite3 shell.
 */
#include "store_int.h"

static const char migration_1[] =
	"CREATE TABLE settings("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE people("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"
	"  ine TEXT UNIQUE,"
	"  last_name TEXT NOT NULL,"
	"  first_name TEXT NOT NULL,"
	"  birth_date TEXT,"
	"  class TEXT NOT NULL DEFAULT '',"
	"  profile TEXT NOT NULL DEFAULT 'eleve'"
	"    CHECK (profile IN ('eleve', 'prof', 'personnel')),"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  charter_at TEXT,"
	"  match_key TEXT NOT NULL," /* folded last|first|birth */
	"  sort_key TEXT NOT NULL,"  /* folded 'last first' */
	"  search_text TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	");"
	"CREATE INDEX people_match ON people(match_key);"
	"CREATE INDEX people_class ON people(class, sort_key);"

	/*
	 * Accent-insensitive name search over an external-content index.
	 * The store keeps it up to date itself, not with triggers: a
	 * statement that fires a trigger opens a savepoint, and FTS5 flushes
	 * its pending terms at every savepoint, which made a 65,000-row
	 * import eight times slower.
	 */
	"CREATE VIRTUAL TABLE people_fts USING fts5("
	"  search_text, content='people', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');"
	"CREATE TRIGGER people_no_delete BEFORE DELETE ON people BEGIN"
	"  SELECT RAISE(ABORT, 'people are never deleted: deactivate them');"
	"END;"

	"CREATE TABLE absences("
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  day TEXT NOT NULL,"
	"  PRIMARY KEY (person_id, day)"
	") WITHOUT ROWID;"

	"CREATE TABLE devices("
	"  serial TEXT PRIMARY KEY,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('stock', 'assigned', 'loaned', 'hs')),"
	"  model TEXT,"
	"  received_at TEXT,"
	"  hs_reason TEXT,"
	"  replaced_by TEXT,"
	"  updated_at TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE attestations("
	"  id INTEGER PRIMARY KEY,"
	"  number INTEGER NOT NULL UNIQUE,"
	"  from_date TEXT NOT NULL,"
	"  to_date TEXT NOT NULL,"
	"  cessions INTEGER NOT NULL,"
	"  fingerprint TEXT,"
	"  created_at TEXT NOT NULL"
	");"

	/*
	 * One row per handover. A cession or a loan is open until it is
	 * undone, returned or replaced (out of service); the partial unique
	 * indexes make "one holder per serial, one device per person" a
	 * property of the database, whatever the number of queues.
	 */
	"CREATE TABLE assignments("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL REFERENCES devices(serial),"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('cession', 'loan')),"
	"  microsd INTEGER NOT NULL DEFAULT 0,"
	"  has_case INTEGER NOT NULL DEFAULT 0,"
	"  start_date TEXT NOT NULL,"
	"  due_date TEXT,"
	"  end_date TEXT,"
	"  end_reason TEXT CHECK (end_reason IN ('undo', 'return', 'hs')),"
	"  open INTEGER NOT NULL DEFAULT 1,"
	"  station TEXT NOT NULL,"
	"  queue TEXT NOT NULL DEFAULT '',"
	"  operator TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  attestation_id INTEGER REFERENCES attestations(id)"
	");"
	"CREATE UNIQUE INDEX assignments_serial_open ON assignments(serial)"
	"  WHERE open;"
	"CREATE UNIQUE INDEX assignments_person_open ON assignments(person_id)"
	"  WHERE open;"
	"CREATE INDEX assignments_start ON assignments(start_date);"

	/* Serials held at other stations or lycées, as last pulled. */
	"CREATE TABLE remote_assignments("
	"  serial TEXT PRIMARY KEY,"
	"  holder TEXT NOT NULL,"
	"  station TEXT NOT NULL,"
	"  uai TEXT,"
	"  kind TEXT NOT NULL DEFAULT 'cession',"
	"  at TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE journal("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  at TEXT NOT NULL,"
	"  station TEXT NOT NULL,"
	"  queue TEXT NOT NULL DEFAULT '',"
	"  operator TEXT NOT NULL DEFAULT '',"
	"  type TEXT NOT NULL,"
	"  person_id INTEGER,"
	"  serial TEXT,"
	"  ref_seq INTEGER,"
	"  assignment_id INTEGER,"
	"  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),"
	"  push_state TEXT NOT NULL DEFAULT 'pending' CHECK (push_state IN"
	"    ('pending', 'accepted', 'duplicate', 'conflict', 'rejected')),"
	"  push_detail TEXT,"
	"  pushed_at TEXT"
	");"
	"CREATE INDEX journal_person ON journal(person_id)"
	"  WHERE person_id IS NOT NULL;"
	"CREATE INDEX journal_ref ON journal(ref_seq) WHERE ref_seq IS NOT "
	"NULL;"
	"CREATE INDEX journal_unpushed ON journal(seq)"
	"  WHERE push_state IN ('pending', 'rejected');"
	"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN"
	"  SELECT RAISE(ABORT, 'the journal is append-only');"
	"END;"
	"CREATE TRIGGER journal_no_update BEFORE UPDATE OF seq, uuid, at,"
	"  station, queue, operator, type, person_id, serial, ref_seq,"
	"  assignment_id, data ON journal BEGIN"
	"  SELECT RAISE(ABORT, 'the journal is append-only');"
	"END;";

/*
 * Name search by last-name prefix walks this index in alphabetical order
 * and stops at the limit, instead of ranking thousands of FTS matches at
 * every keystroke (people.c).
 */
static const char migration_2[] =
	"CREATE INDEX people_sort ON people(sort_key);";

/*
 * The whole year. A device has one of five states and, once it
 * has been lent, stays for loans only ("les tablettes ayant fait l'objet
 * d'un prêt seront destinées à des prêts uniquement"); a lost or stolen
 * one keeps the police report's reference. The CHECK on status changes,
 * so the table is rebuilt (migrate() runs with foreign keys off and checks
 * them before committing); the old word 'assigned' becomes 'ceded'.
 *
 * A loan has its "fiche état du matériel" when lent and when returned,
 * and a replacement names the handover it replaces (one replacement per
 * person, the Normandie rule). The loan agreement ("convention de prêt")
 * is a paper of its own, distinct from the charter of cession.
 */
static const char migration_3[] =
	"CREATE TABLE devices_new("
	"  serial TEXT PRIMARY KEY,"
	"  status TEXT NOT NULL"
	"    CHECK (status = 'stock' OR status = 'ceded' OR"
	"           status = 'loaned' OR status = 'hs' OR status = 'lost'),"
	"  loan_only INTEGER NOT NULL DEFAULT 0"
	"    CHECK (loan_only = 0 OR loan_only = 1),"
	"  model TEXT,"
	"  received_at TEXT,"
	"  hs_reason TEXT,"
	"  report_ref TEXT,"
	"  replaced_by TEXT,"
	"  updated_at TEXT NOT NULL"
	") WITHOUT ROWID;"
	"INSERT INTO devices_new(serial, status, loan_only, model, received_at,"
	"  hs_reason, replaced_by, updated_at)"
	"  SELECT d.serial,"
	"    CASE d.status WHEN 'assigned' THEN 'ceded' ELSE d.status END,"
	"    EXISTS(SELECT 1 FROM assignments a WHERE a.serial = d.serial"
	"           AND a.kind = 'loan'),"
	"    d.model, d.received_at, d.hs_reason, d.replaced_by, d.updated_at"
	"  FROM devices d;"
	"DROP TABLE devices;"
	"ALTER TABLE devices_new RENAME TO devices;"
	"CREATE INDEX devices_status ON devices(status);"

	"ALTER TABLE assignments ADD COLUMN condition_out TEXT;"
	"ALTER TABLE assignments ADD COLUMN condition_in TEXT;"
	"ALTER TABLE assignments ADD COLUMN replaces INTEGER"
	"  REFERENCES assignments(id);"
	"CREATE INDEX assignments_loans ON assignments(due_date)"
	"  WHERE open AND kind = 'loan';"

	"ALTER TABLE people ADD COLUMN loan_agreement_at TEXT;";

/*
 * The CHECKs of migration 1 as comparisons (migration 3 rebuilt devices
 * already). SQLite 3.40 codes a CHECK
 * "x IN (3 or more constants)" as a temporary b-tree built and dropped at
 * every single-row write: 17 % of a roster import, and the same on every
 * journal, handover and device write. SQLite cannot alter a CHECK, so each
 * table is rebuilt (new table, copy, drop, rename) with its data, indexes
 * and triggers; migrate() runs this with foreign keys off, as the rebuild
 * needs, and checks them before committing. journal_unpushed keeps its
 * two-value IN: SQLite codes two values as comparisons, and the outbox
 * queries use the index only while their WHERE reads like its own.
 * journal_conflict serves the status counts without scanning the journal.
 */
static const char migration_4[] =
	"CREATE TABLE people_new("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"
	"  ine TEXT UNIQUE,"
	"  last_name TEXT NOT NULL,"
	"  first_name TEXT NOT NULL,"
	"  birth_date TEXT,"
	"  class TEXT NOT NULL DEFAULT '',"
	"  profile TEXT NOT NULL DEFAULT 'eleve'"
	"    CHECK (profile = 'eleve' OR profile = 'prof'"
	"      OR profile = 'personnel'),"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  charter_at TEXT,"
	"  match_key TEXT NOT NULL,"
	"  sort_key TEXT NOT NULL,"
	"  search_text TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  loan_agreement_at TEXT"
	");"
	"INSERT INTO people_new SELECT * FROM people;"
	"DROP TABLE people;"
	"ALTER TABLE people_new RENAME TO people;"
	"CREATE INDEX people_match ON people(match_key);"
	"CREATE INDEX people_class ON people(class, sort_key);"
	"CREATE INDEX people_sort ON people(sort_key);"
	"CREATE TRIGGER people_no_delete BEFORE DELETE ON people BEGIN"
	"  SELECT RAISE(ABORT, 'people are never deleted: deactivate them');"
	"END;"

	"CREATE TABLE assignments_new("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL REFERENCES devices(serial),"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  kind TEXT NOT NULL CHECK (kind = 'cession' OR kind = 'loan'),"
	"  microsd INTEGER NOT NULL DEFAULT 0,"
	"  has_case INTEGER NOT NULL DEFAULT 0,"
	"  start_date TEXT NOT NULL,"
	"  due_date TEXT,"
	"  end_date TEXT,"
	"  end_reason TEXT CHECK (end_reason = 'undo' OR end_reason = 'return'"
	"    OR end_reason = 'hs'),"
	"  open INTEGER NOT NULL DEFAULT 1,"
	"  station TEXT NOT NULL,"
	"  queue TEXT NOT NULL DEFAULT '',"
	"  operator TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  attestation_id INTEGER REFERENCES attestations(id),"
	"  condition_out TEXT,"
	"  condition_in TEXT,"
	"  replaces INTEGER REFERENCES assignments(id)"
	");"
	"INSERT INTO assignments_new SELECT * FROM assignments;"
	"DROP TABLE assignments;"
	"ALTER TABLE assignments_new RENAME TO assignments;"
	"CREATE UNIQUE INDEX assignments_serial_open ON assignments(serial)"
	"  WHERE open;"
	"CREATE UNIQUE INDEX assignments_person_open ON assignments(person_id)"
	"  WHERE open;"
	"CREATE INDEX assignments_start ON assignments(start_date);"
	"CREATE INDEX assignments_loans ON assignments(due_date)"
	"  WHERE open AND kind = 'loan';"

	"CREATE TABLE journal_new("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  at TEXT NOT NULL,"
	"  station TEXT NOT NULL,"
	"  queue TEXT NOT NULL DEFAULT '',"
	"  operator TEXT NOT NULL DEFAULT '',"
	"  type TEXT NOT NULL,"
	"  person_id INTEGER,"
	"  serial TEXT,"
	"  ref_seq INTEGER,"
	"  assignment_id INTEGER,"
	"  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),"
	"  push_state TEXT NOT NULL DEFAULT 'pending' CHECK ("
	"    push_state = 'pending' OR push_state = 'accepted'"
	"    OR push_state = 'duplicate' OR push_state = 'conflict'"
	"    OR push_state = 'rejected'),"
	"  push_detail TEXT,"
	"  pushed_at TEXT"
	");"
	"INSERT INTO journal_new SELECT * FROM journal;"
	/* The next seq stays what it was, gaps included. */
	"UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence"
	"  WHERE name = 'journal') WHERE name = 'journal_new'"
	"  AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'journal');"
	"DROP TABLE journal;"
	"ALTER TABLE journal_new RENAME TO journal;"
	"CREATE INDEX journal_person ON journal(person_id)"
	"  WHERE person_id IS NOT NULL;"
	"CREATE INDEX journal_ref ON journal(ref_seq) WHERE ref_seq IS NOT "
	"NULL;"
	"CREATE INDEX journal_unpushed ON journal(seq)"
	"  WHERE push_state IN ('pending', 'rejected');"
	"CREATE INDEX journal_conflict ON journal(seq)"
	"  WHERE push_state = 'conflict';"
	"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN"
	"  SELECT RAISE(ABORT, 'the journal is append-only');"
	"END;"
	"CREATE TRIGGER journal_no_update BEFORE UPDATE OF seq, uuid, at,"
	"  station, queue, operator, type, person_id, serial, ref_seq,"
	"  assignment_id, data ON journal BEGIN"
	"  SELECT RAISE(ABORT, 'the journal is append-only');"
	"END;";

/*
 * What an attestation saw when it was issued: the last handover and the
 * last journal entry then. "The rows as issued" and "the corrections since
 * the previous attestation" are bounded by these ids, not by the clock: a
 * correction recorded in the same millisecond as the attestation is still
 * after it. NULL on attestations issued before: the clock bounds them.
 */
static const char migration_5[] =
	"ALTER TABLE attestations ADD COLUMN assignment_upto INTEGER;"
	"ALTER TABLE attestations ADD COLUMN journal_upto INTEGER;";

/*
 * Matching a person by name and birth date reads the people_sort index
 * (people.c): the match key index cost a first import a tenth of its
 * time and every later one an index update per row.
 */
static const char migration_6[] = "DROP INDEX people_match;";

const char *const dot_store_migrations[] = {
	migration_1, migration_2, migration_3,
	migration_4, migration_5, migration_6,
};

const int dot_store_nmigrations =
	(int)(sizeof(dot_store_migrations) / sizeof(dot_store_migrations[0]));
