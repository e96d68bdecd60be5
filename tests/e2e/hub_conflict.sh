#!/usr/bin/env bash
# The station that loses a conflict shows it "à corriger" on its roll
# call (docs/sync-protocol.md 4): two real stations of two schools hand
# the same serial, one real dotation-hub (PostgreSQL, TLS on loopback)
# keeps the first; the second station's `status` counts the handover to
# correct and its roll call (tmux) marks the row with the holder's class,
# school and station and says what to do (F6 undoes that handover). The
# Region then gives the serial to the second school: that station's row
# is clean again and the first one's is to correct; F6 there undoes it.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
export TZ=UTC
D=$DOTATION_BIN
A=0750654D B=0130001F

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" school add --uai $B --name "Lycée Briand" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok-a" >/dev/null
"$HUB" token add --uai $B --station cdi-b --out "$T/tok-b" >/dev/null
start_hub a

hub_station "$T/a.db" cdi-1 $A && $D --db "$T/a.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
hub_station "$T/b.db" cdi-b $B && $D --db "$T/b.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
$D --db "$T/a.db" assign E1000001 TAB123456 --with-charter >/dev/null
$D --db "$T/b.db" assign E1000002 TAB123456 --with-charter >/dev/null
hsync "$T/a.db" "$T/tok-a" >/dev/null 2>&1 || fail "station a sync failed"
hsync "$T/b.db" "$T/tok-b" >"$T/b.out" 2>&1 || fail "station b sync failed"
grep -q "1 conflict" "$T/b.out" || fail "b did not get the conflict: $(cat "$T/b.out")"
[ "$(status "$T/b.db" "d['to_correct']")" -eq 1 ] || fail "b: status does not count the handover to correct"
[ "$(status "$T/a.db" "d['to_correct']")" -eq 0 ] || fail "a: the winner's handover counted to correct"
$D --db "$T/b.db" --lang fr status >"$T/b.status"
grep -q "remises à corriger : *1" "$T/b.status" || fail "b: status text lacks the count: $(cat "$T/b.status")"

# find_row SESSION: move the cursor down the roll call until the hint of
# a row to correct shows (the rows are in name order).
find_row() {
	keys_to "$1" Home
	for _ in $(seq 60); do
		screen "$1" | grep -qF "à corriger : le hub dit" && return 0
		keys_to "$1" Down
		sleep 0.1
	done
	fail "$1: no row to correct: $(screen "$1")"
}

# --- the losing station's roll call -------------------------------------------
DOTATION_DB=$T/b.db station_start sb DOTATION_SYNC_INTERVAL_MS=600000 -- --lang fr station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1" 10 sb
screen sb | grep "N'Diaye" | grep -q "à corriger" || fail "b: the row is not marked: $(screen sb)"
screen sb | grep "Clément" | grep -q "à corriger" && fail "b: another row is marked"
find_row sb
screen sb | tr -s ' \n' ' ' >"$T/sb.txt"
grep -q "TAB123456 est détenu par" "$T/sb.txt" || fail "b: the hint lacks the serial: $(cat "$T/sb.txt")"
grep -q "Lycée Arago" "$T/sb.txt" || fail "b: the hint does not name the holder's school"
grep -q "poste cdi-1, UAI $A" "$T/sb.txt" || fail "b: the hint does not name the station"
grep -q "F6 annule cette remise" "$T/sb.txt" || fail "b: the hint does not say what to do"
grep -q "Clément\|Laëtitia" "$T/sb.txt" && grep -q "détenu par Clément" "$T/sb.txt" &&
	fail "b: the hint names another school's student"
keys_to sb F10
tm kill-session -t sb 2>/dev/null || true

# --- the Region gives the serial to the second school -------------------------
printf 'region-secret-1\n' | "$HUB" user add --login region >/dev/null
BASE=https://127.0.0.1:$HUB_PORT_a
web() { curl -sS --cacert "$T/ca.pem" -o "$T/page" -w '%{http_code}' "$@"; }
[ "$(web -c "$T/jar" -d login=region -d password=region-secret-1 "$BASE/login")" = 303 ] || fail "Region login"
[ "$(web -b "$T/jar" "$BASE/conflicts")" = 200 ] || fail "conflicts page"
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$T/page" | head -n 1 | cut -d'"' -f4)
event=$(grep -o 'name="event" value="[^"]*"' "$T/page" | head -n 1 | cut -d'"' -f4)
[ "$(web -b "$T/jar" -d "csrf=$csrf" -d "event=$event" -d winner=claimant "$BASE/conflicts/resolve")" = 303 ] ||
	fail "the Region's decision was refused"
[ "$(sql "SELECT uai || ' ' || status FROM devices WHERE serial = 'TAB123456'")" = "$B ceded" ] ||
	fail "the decision did not give the device to $B: $(sql "SELECT uai, status FROM devices WHERE serial = 'TAB123456'")"
hsync "$T/b.db" "$T/tok-b" >/dev/null 2>&1 || fail "b sync after the decision"
hsync "$T/a.db" "$T/tok-a" >/dev/null 2>&1 || fail "a sync after the decision"
[ "$(status "$T/b.db" "d['to_correct']")" -eq 0 ] || fail "b: still to correct after winning"
[ "$(status "$T/a.db" "d['to_correct']")" -eq 1 ] || fail "a: the decision against it is not to correct"

DOTATION_DB=$T/a.db station_start sa DOTATION_SYNC_INTERVAL_MS=600000 -- --lang fr station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1" 10 sa
screen sa | grep "Clément" | grep -q "à corriger" || fail "a: the row is not marked: $(screen sa)"
# a later handover: F6 on the row to correct must not undo this one
$D --db "$T/a.db" charter E1000003 >/dev/null
keys_to sa Home
for _ in $(seq 60); do
	screen sa | grep -q "^>.*Bernard" && break
	keys_to sa Down
	sleep 0.1
done
screen sa | grep -q "^>.*Bernard" || fail "a: cannot select Bernard"
keys_to sa -l TAB777001
keys_to sa Enter
wait_for "TAB777001" 5 sa
find_row sa
screen sa | tr -s ' \n' ' ' | grep -q "Lycée Briand" || fail "a: the hint does not name the new holder's school"
# F6 on that row offers to undo this handover (not the queue's last action)
keys_to sa F6
wait_for "TAB123456" 5 sa
wait_for "o : oui" 5 sa
keys_to sa o
wait_for "annulé" 5 sa
wait_gone "à corriger" 5 sa
[ "$(status "$T/a.db" "d['to_correct']")" -eq 0 ] || fail "a: still to correct after F6"
[ "$(sqlite3 -readonly "$T/a.db" "SELECT count(*) FROM assignments WHERE serial = 'TAB123456' AND open")" -eq 0 ] ||
	fail "a: F6 did not undo the handover"
[ "$(sqlite3 -readonly "$T/a.db" "SELECT count(*) FROM assignments WHERE serial = 'TAB777001' AND open")" -eq 1 ] ||
	fail "a: F6 undid the queue's last handover, not the row's"
keys_to sa F10
echo "hub_conflict: ok"
