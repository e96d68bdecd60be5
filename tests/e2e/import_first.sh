#!/usr/bin/env bash
# A first import (into an empty roster) writes the rows into bare tables
# and builds the people's indexes and the search index at its end: after
# it the database has every index a row-by-row import gives, the search
# index matches the rows exactly, and a rolled-back first import (a dry
# run) leaves the indexes in place.
. "$(dirname "$0")/lib.bash"

sql() { sqlite3 -batch "$DOTATION_DB" "$@"; }
indexes() { sql "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'people' ORDER BY name"; }
run 0 init --uai 0750654D --name "Lycée Test" --station t-1
indexes >"$T/indexes.schema"
grep -q people_sort "$T/indexes.schema" || fail "no people_sort index in the schema"

run 0 import --dry-run "$DOTATION_SRC/data/demo-roster.csv"
indexes >"$T/indexes.dry"
diff -u "$T/indexes.schema" "$T/indexes.dry" >&2 || fail "a dry first import lost indexes"

run 0 import "$DOTATION_SRC/data/demo-roster.csv"
contains "$T/out" "ajoutés 160"
indexes >"$T/indexes.after"
diff -u "$T/indexes.schema" "$T/indexes.after" >&2 || fail "the first import lost indexes"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the first import"
sql "INSERT INTO people_fts(people_fts) VALUES ('integrity-check')" ||
	fail "the search index does not match the rows"
[ "$(sql "SELECT count(*) FROM people_fts WHERE people_fts MATCH 'heloise'")" -ge 1 ] ||
	fail "the search index is empty"

# Search by first name (full text) and by last-name prefix (index), and a
# later import updates the index row by row again.
run 0 people --search "HELOISE" --format json
python3 -c "import json; d=json.load(open('$T/out')); assert any(p['first_name'] == 'Héloïse' for p in d), d"
sed 's/^Hervé;Héloïse;/Hervé;Anaïs;/' "$DOTATION_SRC/data/demo-roster.csv" >"$T/renamed.csv"
run 0 import "$T/renamed.csv"
contains "$T/out" "mis à jour 1"
run 0 people --search "anais herve" --format json
python3 -c "import json; d=json.load(open('$T/out')); assert [p['first_name'] for p in d] == ['Anaïs'], d"
sql "INSERT INTO people_fts(people_fts) VALUES ('integrity-check')" ||
	fail "the search index does not match the rows after an update"
echo "ok"
