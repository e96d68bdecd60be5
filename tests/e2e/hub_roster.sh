#!/usr/bin/env bash
# One INE rule for every reader of a roster (dot_roster_ine): a roster
# with an INE of an unexpected shape is imported by `dotation-hub roster
# import` with the very warning `dotation import` gives (same words, exit
# 0), served by GET /v1/roster, and a station with an empty roster pulls
# that person through `dotation sync` with the INE as given (it used to
# skip the item as a "bad INE"). A handover to that person pushed back
# names the same person on the hub (no second copy), and an INE with a
# control character is refused by both.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok" >/dev/null
printf 'Nom;Prénom;Date de naissance;Classe;INE\nDupont;Marie;01/02/2009;2NDE 1;0001A00001H\nBizarre;Inès;03/04/2009;2NDE 1;12345X-Z\n' >"$T/roster.csv"

# --- the same warning, the same exit code --------------------------------------------
rc=0; "$HUB" roster import --lang fr --uai $A "$T/roster.csv" >"$T/hub.out" 2>"$T/hub.err" || rc=$?
[ $rc -eq 0 ] || fail "hub roster import with a warning: exit $rc ($(cat "$T/hub.err"))"
grep -q "12345X-Z" "$T/hub.err" || fail "the hub does not report the odd INE: $(cat "$T/hub.err")"
hub_station "$T/ref.db" ref $A
rc=0; $D --db "$T/ref.db" --lang fr import "$T/roster.csv" >/dev/null 2>"$T/station.err" || rc=$?
[ $rc -eq 0 ] || fail "station import: exit $rc"
diff "$T/station.err" "$T/hub.err" >&2 || fail "the hub's warning is not the station's"
[ "$(sql "SELECT ine FROM people WHERE uai = '$A' AND last_name = 'Bizarre'")" = "12345X-Z" ] ||
	fail "the odd INE is not stored as given"

# --- an empty station pulls that person ------------------------------------------------
start_hub a
hub_station "$T/a.db" cdi-1 $A
hsync "$T/a.db" "$T/tok" >"$T/sync.out" 2>"$T/sync.err" || fail "sync failed: $(cat "$T/sync.err")"
grep -qi "skipped" "$T/sync.err" && fail "the pull skipped an item: $(cat "$T/sync.err")"
[ "$(status "$T/a.db" "d['people']")" -eq 2 ] || fail "the station did not pull both people: $(cat "$T/sync.err")"
$D --db "$T/a.db" people --search bizarre --format json | json "d[0]['ine']" | grep -qx "12345X-Z" ||
	fail "the pulled INE is not the one given: $($D --db "$T/a.db" people --search bizarre --format json | tr -d "\n")"
# a handover to that person names the same person on the hub
n0=$(sql "SELECT count(*) FROM people WHERE uai = '$A'")
id=$($D --db "$T/a.db" people --search bizarre --format json | json "d[0]['id']")
$D --db "$T/a.db" assign "$id" TABR000001 --with-charter >/dev/null
hsync "$T/a.db" "$T/tok" >/dev/null 2>&1 || fail "second sync failed"
[ "$(sql "SELECT count(*) FROM people WHERE uai = '$A'")" -eq "$n0" ] ||
	fail "the hub made a second copy of the person with the odd INE"
[ "$(sql "SELECT p.last_name FROM holdings h JOIN people p USING (uai, pkey) WHERE h.serial = 'TABR000001' AND h.active")" = Bizarre ] ||
	fail "the handover is not held by the roster's person"

# --- an unusable INE is refused by both ------------------------------------------------
printf 'Nom;Prénom;Date de naissance;Classe;INE\nMauvais;Ine;03/04/2009;2NDE 1;12\033[31m34\n' >"$T/bad.csv"
rc=0; "$HUB" roster import --uai $A "$T/bad.csv" >/dev/null 2>&1 || rc=$?
[ $rc -eq 3 ] || fail "hub: an INE with a control character: exit $rc"
rc=0; $D --db "$T/ref.db" import "$T/bad.csv" >/dev/null 2>&1 || rc=$?
[ $rc -eq 3 ] || fail "station: an INE with a control character: exit $rc"
echo "hub_roster: ok"
