#!/usr/bin/env bash
# 10,000 journal entries from a real station reach a real hub exactly
# once through a lost acknowledgement (a proxy cuts the connection after
# the hub stored the batch), a 503 with Retry-After (PostgreSQL down under
# a running hub), and a hub killed mid-stream and restarted; then two hub
# processes on one database race stations of two schools handing out the
# same 30 serials: each serial has exactly one holder and one conflict.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D B=0130001F

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" school add --uai $B --name "Lycée Briand" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok-a" >/dev/null
"$HUB" token add --uai $B --station cdi-1 --out "$T/tok-b" >/dev/null
start_hub a

hub_station "$T/a.db" cdi-1 $A
$D --db "$T/a.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
"$HELPER" gen "$T/a.db" 9998 >/dev/null
total=$(status "$T/a.db" "d['journal_entries']")
[ "$total" -ge 10000 ] || fail "expected 10000 entries, made $total"
stored() { sql "SELECT count(*) FROM events WHERE uai = '$A' AND station = 'cdi-1'"; }

# --- a lost acknowledgement: stored, answer never heard, resent, once ---------
python3 "$DOTATION_SRC/tests/e2e/hub_proxy.py" "$T/proxy.port" "$HUB_PORT_a" 3 \
	2>"$T/proxy.log" &
PIDS+=("$!")
for _ in $(seq 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
PROXY=https://127.0.0.1:$(cat "$T/proxy.port")/api
DOTATION_SYNC_ATTEMPTS=8 hsync "$T/a.db" "$T/tok-a" "$PROXY" >"$T/lost.out" 2>"$T/lost.log" ||
	fail "sync through lost acknowledgements failed"
[ "$(grep -c 'dropped an answer' "$T/proxy.log")" -eq 3 ] || fail "the proxy did not drop 3 answers"
grep -q "duplicate" "$T/lost.out" || fail "no resent batch was answered duplicate: $(cat "$T/lost.out")"
[ "$(status "$T/a.db" "d['pending']")" -eq 0 ] || fail "entries pending after the lost acks"
[ "$(stored)" -eq "$total" ] || fail "hub holds $(stored) events, the station made $total"

# --- 503 with Retry-After while PostgreSQL is down ------------------------------
"$HELPER" gen "$T/a.db" 2000 P5 >/dev/null
total=$(status "$T/a.db" "d['journal_entries']")
pg_stop
code=$(curl -sS --cacert "$T/ca.pem" -o /dev/null -D "$T/503.h" -w '%{http_code}' \
	-H "Authorization: Bearer $(cat "$T/tok-a")" -d '{}' "$HUB_URL_a/v1/events")
[ "$code" = 503 ] || fail "PostgreSQL down: expected 503, got $code"
grep -qi '^retry-after: [0-9]' "$T/503.h" || fail "503 without Retry-After"
# The station's run meets the 503s, waits as told, and gets through once
# PostgreSQL is back.
DOTATION_SYNC_ATTEMPTS=8 hsync "$T/a.db" "$T/tok-a" >"$T/503.out" 2>"$T/503.log" &
sync_pid=$!
sleep 2
pg_start
wait $sync_pid || fail "sync across the 503s failed: $(tail -n 3 "$T/503.log")"
[ "$(status "$T/a.db" "d['pending']")" -eq 0 ] || fail "entries pending after the 503s"
[ "$(stored)" -eq "$total" ] || fail "after 503: hub holds $(stored) events, the station made $total"

# --- the hub killed mid-stream and restarted ----------------------------------------
"$HELPER" gen "$T/a.db" 3000 KR >/dev/null
total=$(status "$T/a.db" "d['journal_entries']")
before=$(stored)
DOTATION_SYNC_ATTEMPTS=3 hsync "$T/a.db" "$T/tok-a" >"$T/kill.out" 2>"$T/kill.log" &
sync_pid=$!
for _ in $(seq 400); do [ "$(stored)" -gt "$before" ] && break; sleep 0.05; done
eval "kill -9 \$HUB_PID_a"
wait $sync_pid 2>/dev/null || true
start_hub a
hsync "$T/a.db" "$T/tok-a" >"$T/kill2.out" 2>"$T/kill2.log" || fail "sync after the restart failed"
[ "$(status "$T/a.db" "d['pending']")" -eq 0 ] || fail "entries pending after the restart"
[ "$(stored)" -eq "$total" ] || fail "after restart: hub holds $(stored) events, the station made $total"
# Applied once: one feed row per accepted assign, one per release.
[ "$(sql "SELECT count(*) FROM assignment_changes WHERE station = 'cdi-1' AND uai = '$A' AND active")" -eq \
	"$(sql "SELECT count(*) FROM events WHERE uai = '$A' AND type = 'assign' AND status = 'accepted'")" ] ||
	fail "some assign was applied twice"
[ "$(sql "SELECT count(*) FROM holdings WHERE active AND uai = '$A'")" -eq "$(status "$T/a.db" "d['handed_over']")" ] ||
	fail "the hub's holdings differ from the station's"

# --- two hub processes on one database race the same serials -------------------
start_hub b
hub_station "$T/x.db" cdi-1 $A
hub_station "$T/y.db" cdi-1 $B
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok-x" >/dev/null
for db in x y; do
	$D --db "$T/$db.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
	ids=$($D --db "$T/$db.db" people --class "2NDE 2" --format json |
		json "' '.join(str(p['id']) for p in d)")
	i=0
	for id in $ids; do
		i=$((i + 1))
		[ $i -le 30 ] || break
		$D --db "$T/$db.db" assign "$id" "$(printf 'RACE%04d' $i)" --with-charter >/dev/null
	done
done
n=$(sql "SELECT count(*) FROM events WHERE type = 'assign' AND data->>'serial' LIKE 'RACE%'")
[ "$n" -eq 0 ] || fail "race serials stored before the race"
hsync "$T/x.db" "$T/tok-x" "$HUB_URL_a" >"$T/x.out" 2>"$T/x.log" &
px=$!
hsync "$T/y.db" "$T/tok-b" "$HUB_URL_b" >"$T/y.out" 2>"$T/y.log" &
py=$!
wait $px || fail "racing station x failed"
wait $py || fail "racing station y failed"
races=$(sql "SELECT count(DISTINCT data->>'serial') FROM events WHERE data->>'serial' LIKE 'RACE%'")
[ "$races" -gt 0 ] || fail "no race serial reached the hub"
[ "$(sql "SELECT count(*) FROM (SELECT serial FROM holdings WHERE active AND serial LIKE 'RACE%' GROUP BY serial HAVING count(*) = 1) s")" -eq "$races" ] ||
	fail "a race serial has no holder or two"
[ "$(sql "SELECT count(*) FROM events WHERE type = 'assign' AND data->>'serial' LIKE 'RACE%' AND status = 'conflict'")" -eq "$races" ] ||
	fail "each race serial should have exactly one conflict"
cx=$(status "$T/x.db" "d['conflicts']")
cy=$(status "$T/y.db" "d['conflicts']")
[ $((cx + cy)) -eq "$races" ] || fail "stations count $cx + $cy conflicts for $races raced serials"
echo "hub_faults: ok ($total events once; $races serials raced: $cx and $cy conflicts)"
