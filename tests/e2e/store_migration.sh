#!/usr/bin/env bash
# A database made by schema 2 (tests/fixtures/store/schema-v2.sql, as the
# schools have them) upgrades on first open: every row kept, the IN-list
# CHECKs rewritten as comparisons (migrations 3 and 4) and still refusing what
# they refused, the indexes, the triggers of the append-only journal,
# application_id, the journal's next sequence number and the search index
# all kept (but the match key's index, which migration 6 drops); opening
# it again changes nothing.
. "$(dirname "$0")/lib.bash"

sql() { sqlite3 -batch "$DOTATION_DB" "$@"; }
sqlite3 -batch "$DOTATION_DB" <"$DOTATION_SRC/tests/fixtures/store/schema-v2.sql"
chmod 600 "$DOTATION_DB"
[ "$(sql 'PRAGMA user_version')" = 2 ] || fail "the fixture is not schema 2"

tables="settings people absences devices attestations assignments
	remote_assignments journal sqlite_sequence"
# rows: every table's rows, columns of schema 2 only, in a fixed order.
rows() {
	local t cols
	for t in $tables; do
		cols=$(sqlite3 -batch "$T/v2.db" \
			"SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
		# migration 3 renamed the devices' state 'assigned' to 'ceded'
		[ "$t" != devices ] ||
			cols=${cols/status/"replace(status, 'assigned', 'ceded')"}
		echo "== $t"
		sql "SELECT $cols FROM $t ORDER BY 1, 2"
	done
}
objects() { sql "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY 1, 2"; }
cp "$DOTATION_DB" "$T/v2.db"
rows >"$T/rows.before"
objects >"$T/objects.before"
[ "$(grep -c . "$T/rows.before")" -gt 40 ] || fail "the fixture has too few rows"

run 0 status --format json
[ "$(sql 'PRAGMA user_version')" -ge 3 ] || fail "not upgraded: $(sql 'PRAGMA user_version')"
[ "$(sql 'PRAGMA application_id')" = 1146049585 ] || fail "application_id lost"
[ "$(stat -c %a "$DOTATION_DB")" = 600 ] || fail "database is no longer 0600"
rows >"$T/rows.after"
diff -u "$T/rows.before" "$T/rows.after" >&2 || fail "the upgrade changed rows"
objects >"$T/objects.after"
# (migration 6 drops people_match on purpose: matching reads people_sort)
comm -23 "$T/objects.before" "$T/objects.after" | grep -vx 'index|people_match' >"$T/lost" || true
[ ! -s "$T/lost" ] || fail "objects lost by the upgrade: $(cat "$T/lost")"
grep -q "index.journal_conflict" "$T/objects.after" || fail "no journal_conflict index"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check: $(sql 'PRAGMA integrity_check')"
[ -z "$(sql 'PRAGMA foreign_key_check')" ] || fail "dangling references after the upgrade"
sql "INSERT INTO people_fts(people_fts) VALUES ('integrity-check')" ||
	fail "the search index no longer matches the people"

# No CHECK of a table is an IN-list any more (the one partial index that
# keeps a two-value IN is an index, not a table).
[ -z "$(sql "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'")" ] ||
	fail "IN-list CHECKs left: $(sql "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'")"

# The rewritten CHECKs refuse what the old ones refused, and accept the rest.
refused() {
	if sql "$1" 2>"$T/sqlerr"; then fail "accepted: $1"; fi
	grep -q "$2" "$T/sqlerr" || fail "refused for another reason: $(cat "$T/sqlerr")"
}
refused "UPDATE people SET profile = 'eleves' WHERE id = 1" "CHECK constraint failed"
refused "UPDATE devices SET status = 'broken'" "CHECK constraint failed"
refused "UPDATE assignments SET end_reason = 'stolen' WHERE id = 1" "CHECK constraint failed"
refused "UPDATE assignments SET kind = 'gift' WHERE id = 1" "CHECK constraint failed"
refused "UPDATE journal SET push_state = 'sent' WHERE seq = 1" "CHECK constraint failed"
cp "$DOTATION_DB" "$T/scratch.db"
sqlite3 -batch "$T/scratch.db" "UPDATE people SET profile = 'personnel' WHERE id = 1;
	UPDATE journal SET push_state = 'rejected' WHERE seq = 1" ||
	fail "a valid value was refused"

# The journal and the people stay append-only, even for the sqlite3 shell.
refused "DELETE FROM journal WHERE seq = 1" "append-only"
refused "UPDATE journal SET data = '{}' WHERE seq = 1" "append-only"
refused "DELETE FROM people WHERE id = 1" "never deleted"
# Foreign keys are on again for the program: a handover of an unknown
# person is refused, a handover of a known one recorded.
run 3 assign 999 R9KT0000999 --with-charter

# The next entry follows the last one of schema 2, and the search index
# still finds accented names typed without accents.
last=$(sql "SELECT max(seq) FROM journal")
run 0 charter 6
contains "$T/out" "entrée $((last + 1)) du journal"
run 0 people --search heloise --format json
python3 -c "import json; d=json.load(open('$T/out')); assert [p['first_name'] for p in d] == ['Héloïse'], d"
run 0 assign 6 R9KT0000006
run 0 status --format json
python3 -c "
import json; d=json.load(open('$T/out'))
assert d['handed_over'] == 4 and d['conflicts'] == 1, d
assert d['journal_entries'] == $last + 2, d"

# A second opening is a no-op.
sql .dump >"$T/dump1"
run 0 status
sql .dump >"$T/dump2"
cmp -s "$T/dump1" "$T/dump2" || fail "reopening changed the database"
echo "ok"
