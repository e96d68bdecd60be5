#!/usr/bin/env bash
# A roster pull over several pages: into an empty station it is one first
# import (one journal entry, the last cursor, the search index built);
# into a station that has people, each page is applied with its cursor in
# its transaction and the whole pull is still one journal entry; a second
# pull moves on from the cursor. Into an empty station the rows go in as
# the pages come; a feed that names one person twice is then imported one
# change at a time, the later one winning, still as one pull.
. "$DOTATION_SRC/tests/upstream/lib.bash"

start_upstream --page-size 100
# items FROM TO [CLASS]: roster items E<n> for n in [FROM, TO).
items() {
	python3 - "$@" <<'PY'
import json, sys
a, b = int(sys.argv[1]), int(sys.argv[2])
cls = sys.argv[3] if len(sys.argv) > 3 else "2NDE 1"
print(json.dumps({"uai": "0750654D", "items": [
    {"ext_id": "E%07d" % n, "last_name": "Nom%d" % n,
     "first_name": "Élodie%d" % n, "birth_date": "2009-01-%02d" % (n % 28 + 1),
     "class": cls, "profile": "eleve", "active": True} for n in range(a, b)]}))
PY
}
sql() { sqlite3 -batch "$1" "$2"; }
imports() { sql "$1" "SELECT count(*) FROM journal WHERE type = 'import'"; }
gets() { grep -c '"path": "/v1/roster"' "$T/upstream.log"; }

admin POST /admin/roster "$(items 0 450)" >/dev/null

# An empty station: init only.
"$DOTATION_BIN" --db "$T/a.db" init --uai 0750654D --name "Lycée test" --station a >/dev/null
sync_once "$T/a.db" >"$T/a.out" 2>"$T/a.err" || fail "first pull failed: $(cat "$T/a.err")"
[ "$(gets)" -ge 5 ] || fail "the pull did not take several pages: $(gets)"
[ "$(status "$T/a.db" "d['people']")" = 450 ] || fail "first pull: $(status "$T/a.db" "d['people']") people"
[ "$(imports "$T/a.db")" = 1 ] || fail "first pull: $(imports "$T/a.db") import entries"
sql "$T/a.db" "SELECT data FROM journal WHERE type = 'import'" | grep -q '"source":"upstream","added":450' ||
	fail "the import entry: $(sql "$T/a.db" "SELECT data FROM journal WHERE type = 'import'")"
[ "$(sql "$T/a.db" "SELECT value FROM settings WHERE key = 'sync.cursor.roster'")" = 450 ] ||
	fail "cursor after the first pull: $(sql "$T/a.db" "SELECT value FROM settings WHERE key = 'sync.cursor.roster'")"
sql "$T/a.db" "INSERT INTO people_fts(people_fts) VALUES ('integrity-check')" ||
	fail "the search index does not match the pulled people"
"$DOTATION_BIN" --db "$T/a.db" people --search elodie12 --format json >"$T/s.json"
python3 -c "import json; d=json.load(open('$T/s.json')); assert sorted(p['last_name'] for p in d) == ['Nom12'] + ['Nom12%d' % i for i in range(10)], d"

# The next pull, into a roster that has people: 200 updates, 50 new,
# over three pages; one more journal entry, the cursor at the end.
admin POST /admin/roster "$(items 250 500 "1ERE 2")" >/dev/null
sync_once "$T/a.db" >"$T/a2.out" 2>"$T/a2.err" || fail "second pull failed: $(cat "$T/a2.err")"
grep -q "pulled 250 roster changes (50 added, 200 updated)" "$T/a2.out" || fail "second pull: $(cat "$T/a2.out")"
[ "$(status "$T/a.db" "d['people']")" = 500 ] || fail "second pull: $(status "$T/a.db" "d['people']") people"
[ "$(imports "$T/a.db")" = 2 ] || fail "second pull: $(imports "$T/a.db") import entries, not 2"
[ "$(sql "$T/a.db" "SELECT value FROM settings WHERE key = 'sync.cursor.roster'")" = 700 ] ||
	fail "cursor after the second pull"
[ "$(sql "$T/a.db" "SELECT count(*) FROM people WHERE class = '1ERE 2'")" = 250 ] ||
	fail "the updates were not applied"
# Nothing new: no entry, no change.
sync_once "$T/a.db" >/dev/null 2>&1 || fail "third pull failed"
[ "$(imports "$T/a.db")" = 2 ] || fail "an empty pull wrote an import entry"

# A station with the demo roster pulls all 700 changes over 7 pages: one
# entry for the pull.
station "$T/b.db" b
before=$(imports "$T/b.db")
sync_once "$T/b.db" >"$T/b.out" 2>"$T/b.err" || fail "pull into b failed: $(cat "$T/b.err")"
[ "$(imports "$T/b.db")" = $((before + 1)) ] || fail "pull into b: $(imports "$T/b.db") import entries"
[ "$(status "$T/b.db" "d['people']")" = 660 ] || fail "pull into b: $(status "$T/b.db" "d['people']") people"

# An empty station, a feed that changes one person twice (E0000003, then
# E0000003 again in another class, two pages later).
admin POST /admin/roster "$(items 3 4 "TLE 9")" >/dev/null
"$DOTATION_BIN" --db "$T/c.db" init --uai 0750654D --name "Lycée test" --station c >/dev/null
sync_once "$T/c.db" >"$T/c.out" 2>"$T/c.err" || fail "pull into c failed: $(cat "$T/c.err")"
[ "$(status "$T/c.db" "d['people']")" = 500 ] || fail "pull into c: $(status "$T/c.db" "d['people']") people"
[ "$(sql "$T/c.db" "SELECT class FROM people WHERE ext_id = 'E0000003'")" = "TLE 9" ] ||
	fail "the later change of E0000003 did not win: $(sql "$T/c.db" "SELECT class FROM people WHERE ext_id = 'E0000003'")"
[ "$(imports "$T/c.db")" = 1 ] || fail "pull into c: $(imports "$T/c.db") import entries"
[ "$(sql "$T/c.db" "SELECT value FROM settings WHERE key = 'sync.cursor.roster'")" = 701 ] ||
	fail "cursor after the pull into c: $(sql "$T/c.db" "SELECT value FROM settings WHERE key = 'sync.cursor.roster'")"
sql "$T/c.db" "INSERT INTO people_fts(people_fts) VALUES ('integrity-check')" ||
	fail "the search index does not match the people pulled into c"
echo "ok"
