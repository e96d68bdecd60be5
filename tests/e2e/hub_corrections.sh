#!/usr/bin/env bash
# The operator's corrections reach the hub and are applied there
# (docs/sync-protocol.md 2.1), from a real station through `dotation sync`
# to a real dotation-hub on a throw-away PostgreSQL: a `reassign` moves the
# hub's holding of the serial from the wrong person to the right one (same
# kind, same day, the charter it recorded counted), a `person add` is a new
# person of the school; the dashboard's CSV exports (the Region's counts,
# the school's people and classes) follow.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok" >/dev/null
"$HUB" roster import --uai $A "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
start_hub a
hub_station "$T/a.db" cdi-1 $A
$D --db "$T/a.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
st() { $D --db "$T/a.db" "$@" >/dev/null; }
up() { hsync "$T/a.db" "$T/tok" >"$T/sync.out" 2>&1 || fail "sync failed: $(cat "$T/sync.out")"; }
held() { sql "SELECT pkey || ' ' || kind || ' ' || holder_name FROM holdings WHERE serial = '$1' AND active"; }

printf 'region-secret-1\n' | "$HUB" user add --login region >/dev/null
BASE=https://127.0.0.1:$HUB_PORT_a
web() { curl -sS --cacert "$T/ca.pem" -o "$T/page" -w '%{http_code}' "$@"; }
[ "$(web -c "$T/jar" -d login=region -d password=region-secret-1 "$BASE/login")" = 303 ] || fail "Region login"
# cell URL KEYCOLUMN KEY COLUMN: one cell of a dashboard CSV export
cell() {
	[ "$(web -b "$T/jar" "$BASE$1")" = 200 ] || fail "GET $1: $(cat "$T/page")"
	python3 - "$T/page" "$2" "$3" "$4" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter=";"))
k, v = rows[0].index(sys.argv[2]), rows[0].index(sys.argv[4])
print("".join(r[v] for r in rows[1:] if r[k] == sys.argv[3]))
PY
}

st assign E1000000 TABY000002 --with-charter
up
[ "$(held TABY000002)" = "x:E1000000 cession Hervé Héloïse" ] || fail "handover: $(held TABY000002)"
day=$(sql "SELECT at FROM holdings WHERE serial = 'TABY000002' AND active")
students=$(cell /schools.csv UAI $A Students)
charters=$(cell /schools.csv UAI $A "Charters signed")
class_people=$(cell /schools/$A/classes.csv Class "2NDE 1" People)

# --- the device was given to the wrong student; a newcomer arrives ---------------
st reassign TABY000002 E1000002 --with-charter
st person add --last Nouveau --first Nina --class "2NDE 1" --birth 03/04/2009
up
grep -q "0 rejected" "$T/sync.out" || fail "events rejected: $(cat "$T/sync.out")"
[ "$(held TABY000002)" = "x:E1000002 cession N'Diaye Noémie" ] ||
	fail "reassign: the holding did not move ($(held TABY000002))"
[ "$(sql "SELECT count(*) FROM holdings WHERE serial = 'TABY000002' AND active")" = 1 ] ||
	fail "reassign: more than one holder"
[ "$(sql "SELECT at FROM holdings WHERE serial = 'TABY000002' AND active")" = "$day" ] ||
	fail "reassign: the handover's day was not kept"
[ "$(sql "SELECT charter FROM people WHERE uai = '$A' AND ext_id = 'E1000002'")" = t ] ||
	fail "reassign: the charter it recorded is not applied"
[ "$(sql "SELECT status FROM devices WHERE serial = 'TABY000002'")" = ceded ] ||
	fail "reassign: device $(sql "SELECT status FROM devices WHERE serial = 'TABY000002'")"
# the other stations of the school see the new holder in the assignments feed
[ "$(sql "SELECT holder_name FROM assignment_changes WHERE serial = 'TABY000002' ORDER BY id DESC LIMIT 1")" = "N'Diaye Noémie" ] ||
	fail "reassign: the assignments feed does not carry the new holder"
[ "$(sql "SELECT class || ' ' || profile || ' ' || coalesce(birth_date, '-') FROM people WHERE uai = '$A' AND last_name = 'Nouveau' AND first_name = 'Nina'")" = "2NDE 1 eleve 2009-04-03" ] ||
	fail "person add: not in the school's people ($(sql "SELECT * FROM people WHERE last_name = 'Nouveau'"))"

# the dashboard follows: the serial is on the right row, the newcomer is counted
[ "$(cell "/schools/$A/people.csv?q=" "Last name" "N'Diaye" Serial)" = TABY000002 ] ||
	fail "dashboard: the right student does not hold the serial"
[ -z "$(cell "/schools/$A/people.csv?q=" "Last name" "Hervé" Serial)" ] ||
	fail "dashboard: the wrong student still holds the serial"
[ "$(cell "/schools/$A/people.csv?q=" "Last name" Nouveau Class)" = "2NDE 1" ] ||
	fail "dashboard: the newcomer is not listed"
[ "$(cell /schools.csv UAI $A Students)" = $((students + 1)) ] || fail "dashboard: students"
[ "$(cell /schools.csv UAI $A "Charters signed")" = $((charters + 1)) ] || fail "dashboard: charters"
[ "$(cell /schools.csv UAI $A "Handed over")" = 1 ] || fail "dashboard: a correction counted as a new handover"
[ "$(cell /schools/$A/classes.csv Class "2NDE 1" People)" = $((class_people + 1)) ] || fail "dashboard: class"
[ "$(cell /schools/$A/classes.csv Class "2NDE 1" "Handed over")" = 1 ] || fail "dashboard: class handed over"
[ "$(sql "SELECT count(*) FROM events WHERE status = 'conflict'")" -eq 0 ] || fail "unexpected conflicts"
echo "hub_corrections: ok"
