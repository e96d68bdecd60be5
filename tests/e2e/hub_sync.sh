#!/usr/bin/env bash
# Real stations (`dotation sync`) against a real dotation-hub over TLS on
# loopback, on a throw-away PostgreSQL cluster: the administration
# commands and their refusals; two schools hand out the same serial and
# exactly one holds it, the other gets the conflict naming class and
# school but no name; a Region account resolves it (CSRF token required,
# a school account refused) and the decision reaches the other stations
# through the assignments feed; a station with an empty roster pulls its school's
# roster; another station of the school refuses a serial held at the
# first; idempotence (a resent batch is "duplicate"); bad input (wrong
# token, another school's token, a 10 MB body, malformed JSON, a serial
# with the letter O, an event of another establishment) each with its
# status and nothing stored; a revoked token; unknown types stored; and
# a hub restarted with events waiting stores each of them once.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D B=0130001F

start_pg
"$HUB" migrate >"$T/m1.out"
grep -q "schema migrated" "$T/m1.out" || fail "first migrate: $(cat "$T/m1.out")"
"$HUB" migrate >"$T/m2.out"
grep -q "already" "$T/m2.out" || fail "second migrate not idempotent: $(cat "$T/m2.out")"

# --- administration ------------------------------------------------------------------
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" school add --uai $B --name "Lycée Briand" >/dev/null
rc=0; "$HUB" school add --uai 0750654E --name "Faux" 2>"$T/uai.err" || rc=$?
[ $rc -eq 3 ] || fail "wrong UAI check letter: expected exit 3, got $rc"
grep -q "0750654E" "$T/uai.err" || fail "UAI refusal does not quote it"
rm "$T/uai.err"
rc=0; "$HUB" token add --uai 0690001B --station x --out "$T/tx" 2>/dev/null || rc=$?
[ $rc -eq 3 ] || fail "token for an unknown school: expected exit 3, got $rc"
rc=0; "$HUB" school add --uai $A 2>/dev/null || rc=$?
[ $rc -eq 2 ] || fail "missing --name: expected exit 2, got $rc"
[ "$(sql "SELECT count(*) FROM schools")" -eq 2 ] || fail "a refused school was stored"

for s in a1:$A:cdi-1 a2:$A:cdi-2 b1:$B:cdi-1; do
	IFS=: read -r f u n <<<"$s"
	"$HUB" token add --uai "$u" --station "$n" --out "$T/tok-$f" >/dev/null
	[ "$(stat -c %a "$T/tok-$f")" = 600 ] || fail "token file $f is not 0600"
done
tok=$(cat "$T/tok-a1")
[ ${#tok} -ge 43 ] || fail "token too short: ${#tok} characters"
[ "$(sql "SELECT count(*) FROM tokens WHERE position(convert_to(:'t', 'UTF8') IN hash) > 0 OR encode(hash, 'hex') = :'t'" t="$tok")" -eq 0 ] ||
	fail "the token itself is stored"
[ "$(sql "SELECT encode(hash, 'hex') FROM tokens WHERE station = 'cdi-1' AND uai = '$A'")" = \
	"$(printf '%s' "$tok" | sha256sum | cut -d' ' -f1)" ] || fail "stored token hash is not SHA-256 of the token"

# Roster import: all or nothing, the station's rules.
printf 'Nom;Prénom;Date de naissance;Classe\nBon;Élève;01/02/2009;2NDE 1\nMauvais;Date;31/02/2009;2NDE 1\n' >"$T/bad.csv"
rc=0; "$HUB" roster import --uai $A "$T/bad.csv" 2>"$T/roster.err" || rc=$?
[ $rc -eq 3 ] || fail "invalid roster: expected exit 3, got $rc"
grep -q "line 3" "$T/roster.err" || fail "roster refusal does not cite the line: $(cat "$T/roster.err")"
rm "$T/roster.err"
[ "$(sql "SELECT count(*) FROM people")" -eq 0 ] || fail "an invalid roster stored people"
"$HUB" roster import --uai $A "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
[ "$(sql "SELECT count(*) FROM people WHERE uai = '$A'")" -eq 160 ] || fail "roster import did not store 160 people"

start_hub a

# --- two schools hand out the same serial: exactly one holds it --------------------
hub_station "$T/a1.db" cdi-1 $A && $D --db "$T/a1.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
hub_station "$T/b1.db" cdi-1 $B && $D --db "$T/b1.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
$D --db "$T/a1.db" assign E1000001 TAB123456 --with-charter >/dev/null
$D --db "$T/b1.db" assign E1000002 TAB123456 --with-charter >/dev/null
hsync "$T/a1.db" "$T/tok-a1" >"$T/a1.out" 2>"$T/a1.log" || fail "station a1 sync failed"
grep -q "0 conflict, 0 rejected" "$T/a1.out" || fail "a1: $(cat "$T/a1.out")"
hsync "$T/b1.db" "$T/tok-b1" >"$T/b1.out" 2>"$T/b1.log" || fail "station b1 sync failed"
grep -q "1 conflict" "$T/b1.out" || fail "b1 did not get the conflict: $(cat "$T/b1.out")"
[ "$(status "$T/b1.db" "d['conflicts']")" -eq 1 ] || fail "b1 status does not count the conflict"
[ "$(status "$T/b1.db" "d['pending']")" -eq 0 ] || fail "b1: conflict left pending"
[ "$(sql "SELECT uai || ' ' || station FROM holdings WHERE serial = 'TAB123456' AND active")" = "$A cdi-1" ] ||
	fail "TAB123456 is not held by $A cdi-1 alone"
det=$(sql "SELECT detail FROM events WHERE status = 'conflict'")
case "$det" in *"2NDE 1"*"Lycée Arago"*"$A"*) ;; *) fail "conflict detail lacks class and school: $det" ;; esac
case "$det" in *Clément*|*Laëtitia*) fail "conflict detail names another school's student: $det" ;; esac
grep -q "Lycée Arago" "$T/b1.log" || fail "the station does not show the conflict detail"

# --- an empty station pulls its school's roster; a held serial is refused ---------
hub_station "$T/a2.db" cdi-2 $A
[ "$(status "$T/a2.db" "d['people']")" -eq 0 ] || fail "a2 should start empty"
hsync "$T/a2.db" "$T/tok-a2" >"$T/a2.out" 2>"$T/a2.log" || fail "station a2 sync failed"
[ "$(status "$T/a2.db" "d['people']")" -eq 160 ] || fail "a2 did not pull the roster: $(cat "$T/a2.out")"
$D --db "$T/a2.db" people --search "clement laetitia" --format json | json "d[0]['class']" | grep -qx "2NDE 1" ||
	fail "pulled person not found"
rc=0; $D --db "$T/a2.db" assign E1000003 TAB123456 --with-charter >/dev/null 2>"$T/held.err" || rc=$?
[ $rc -eq 3 ] || fail "serial held at cdi-1: expected exit 3 at cdi-2, got $rc"
grep -q "cdi-1" "$T/held.err" || fail "refusal does not name the holding station"
rm "$T/held.err"
hsync "$T/a2.db" "$T/tok-a2" >"$T/a2b.out" 2>&1 || fail "a2 second sync failed"
grep -q "pulled 0 roster changes" "$T/a2b.out" || fail "roster cursor not kept: $(cat "$T/a2b.out")"

# --- the Region resolves the conflict: the second school keeps the serial ------
printf 'region-secret-1\n' | "$HUB" user add --login region >/dev/null
printf 'arago-secret-1\n' | "$HUB" user add --login arago --uai $A >/dev/null
BASE=https://127.0.0.1:$HUB_PORT_a
web() { curl -sS --cacert "$T/ca.pem" -o "$T/page" -w '%{http_code}' "$@"; }
[ "$(web -c "$T/jar" -d login=region -d password=region-secret-1 "$BASE/login")" = 303 ] || fail "Region login"
[ "$(web -b "$T/jar" "$BASE/conflicts")" = 200 ] || fail "conflicts page"
grep -q TAB123456 "$T/page" || fail "the conflict is not listed"
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$T/page" | head -n 1 | cut -d'"' -f4)
event=$(grep -o 'name="event" value="[^"]*"' "$T/page" | head -n 1 | cut -d'"' -f4)
[ "$(web -b "$T/jar" -d "event=$event" -d winner=claimant "$BASE/conflicts/resolve")" = 403 ] ||
	fail "a decision without the CSRF token was not refused"
[ "$(web -c "$T/jar-s" -d login=arago -d password=arago-secret-1 "$BASE/login")" = 303 ] || fail "school login"
scsrf=$(web -b "$T/jar-s" "$BASE/conflicts" >/dev/null; grep -o 'name="csrf" value="[0-9a-f]*"' "$T/page" | head -n 1 | cut -d'"' -f4)
[ "$(web -b "$T/jar-s" -d "csrf=$scsrf" -d "event=$event" -d winner=claimant "$BASE/conflicts/resolve")" = 403 ] ||
	fail "a school account resolved a conflict"
[ "$(sql "SELECT uai FROM holdings WHERE serial = 'TAB123456' AND active")" = $A ] || fail "a refused decision moved the serial"
[ "$(web -b "$T/jar" -d "csrf=$csrf" -d "event=$event" -d winner=claimant "$BASE/conflicts/resolve")" = 303 ] ||
	fail "the Region's decision was refused"
[ "$(sql "SELECT uai || ' ' || station FROM holdings WHERE serial = 'TAB123456' AND active")" = "$B cdi-1" ] ||
	fail "the decision did not give TAB123456 to $B"
[ "$(sql "SELECT winner || ' ' || resolved_by FROM conflicts WHERE event_uuid = '$event'")" = "claimant region" ] ||
	fail "the decision is not recorded"
web -b "$T/jar" "$BASE/conflicts" >/dev/null
grep -q TAB123456 "$T/page" && fail "a resolved conflict is still listed"
# The decision goes out through the assignments feed: cdi-2 now names the
# second school as the holder.
hsync "$T/a2.db" "$T/tok-a2" >/dev/null 2>&1 || fail "a2 sync after the decision"
rc=0; $D --db "$T/a2.db" assign E1000004 TAB123456 --with-charter >/dev/null 2>"$T/moved.err" || rc=$?
[ $rc -eq 3 ] || fail "serial given to $B: expected exit 3 at cdi-2, got $rc"
grep -q "Lycée Briand" "$T/moved.err" || fail "the feed did not carry the decision: $(cat "$T/moved.err")"
rm "$T/moved.err"

# --- idempotence: the same batch again is answered duplicate ------------------------
ev() { # ev UUID SERIAL [UAI-member]
	printf '{"uuid":"%s","seq":%d,"at":"2026-09-03T08:00:00.000Z","type":"assign","operator":"t","data":{"person":{"ext_id":"E1000010","last_name":"X","first_name":"Y","class":"2NDE 1"},"serial":"%s","kind":"cession","date":"2026-09-03"}%s}' \
		"$1" "$((RANDOM + 1))" "$2" "${3:-}"
}
body() { printf '{"uai":"%s","station":"%s","events":[%s]}' "$1" "$2" "$3"; }
U1=11111111-1111-4111-8111-111111111111
body $A cdi-1 "$(ev $U1 TAB900001)" >"$T/one.json"
[ "$(api POST /v1/events "$T/tok-a1" --data-binary @"$T/one.json")" = 200 ] || fail "push: $(cat "$T/api.body")"
cp "$T/api.body" "$T/r1"
grep -q '"accepted"' "$T/r1" || fail "first push not accepted: $(cat "$T/r1")"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/one.json" >/dev/null && cp "$T/api.body" "$T/r2"
grep -q '"duplicate"' "$T/r2" || fail "resend not duplicate: $(cat "$T/r2")"
[ "$(sql "SELECT count(*) FROM events WHERE uuid = '$U1'")" -eq 1 ] || fail "resend stored twice"
[ "$(sql "SELECT count(*) FROM assignment_changes WHERE serial = 'TAB900001'")" -eq 1 ] || fail "resend applied twice"
# A resent conflict is answered conflict again, with the same detail.
U2=22222222-2222-4222-8222-222222222222
body $B cdi-1 "$(ev $U2 TAB900001)" >"$T/c.json"
api POST /v1/events "$T/tok-b1" --data-binary @"$T/c.json" >/dev/null && cp "$T/api.body" "$T/c1"
api POST /v1/events "$T/tok-b1" --data-binary @"$T/c.json" >/dev/null && cp "$T/api.body" "$T/c2"
grep -q '"conflict"' "$T/c2" || fail "resent conflict: $(cat "$T/c2")"
[ "$(cat "$T/c1")" = "$(cat "$T/c2")" ] || fail "resent conflict has another answer"
# Unknown types are stored, not rejected.
U3=33333333-3333-4333-8333-333333333333
body $A cdi-1 "{\"uuid\":\"$U3\",\"seq\":9,\"at\":\"2026-09-03T09:00:00Z\",\"type\":\"future-thing\",\"data\":{\"x\":1}}" >"$T/u.json"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/u.json" >/dev/null
grep -q '"accepted"' "$T/api.body" || fail "unknown type not accepted"
[ "$(sql "SELECT data->>'x' FROM events WHERE uuid = '$U3'")" = 1 ] || fail "unknown type not stored"

# --- the whole year: hs with a replacement, both changes or neither -------------
# (raw events as docs/sync-protocol.md 2.1 gives them)
hs() { # hs UUID OLD NEW
	printf '{"uuid":"%s","seq":%d,"at":"2026-09-04T08:00:00.000Z","type":"hs","operator":"t","data":{"serial":"%s","status_before":"ceded","assignment":1,"kind":"cession","reason":"x","report":null,"force":false,"replacement":{"serial":"%s","assignment":2,"kind":"cession","date":"2026-09-04","until":null,"received":true,"loan_only_before":false,"charter":"carried over"},"person":{"ext_id":"E1000010","last_name":"X","first_name":"Y","class":"2NDE 1"}}}' \
		"$1" "$((RANDOM + 1))" "$2" "$3"
}
body $A cdi-1 "$(ev 55555555-5555-4555-8555-555555555501 TAB500001),$(hs 55555555-5555-4555-8555-555555555502 TAB500001 TAB500002)" >"$T/hs1.json"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/hs1.json" >/dev/null
[ "$(grep -o '"accepted"' "$T/api.body" | wc -l)" -eq 2 ] || fail "assign + hs: $(cat "$T/api.body")"
[ "$(sql "SELECT count(*) FROM holdings WHERE serial = 'TAB500001' AND active")" -eq 0 ] || fail "hs did not release the old serial"
[ "$(sql "SELECT uai || ' ' || pkey FROM holdings WHERE serial = 'TAB500002' AND active")" = "$A x:E1000010" ] ||
	fail "the replacement is not held by the same person"
body $B cdi-1 "$(ev 55555555-5555-4555-8555-555555555503 TAB600001)" >"$T/hs2.json"
api POST /v1/events "$T/tok-b1" --data-binary @"$T/hs2.json" >/dev/null
body $A cdi-1 "$(hs 55555555-5555-4555-8555-555555555504 TAB500002 TAB600001)" >"$T/hs3.json"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/hs3.json" >/dev/null
grep -q '"conflict"' "$T/api.body" || fail "a replacement held elsewhere is not a conflict: $(cat "$T/api.body")"
[ "$(sql "SELECT uai FROM holdings WHERE serial = 'TAB500002' AND active")" = $A ] || fail "a conflicting hs released the old serial"
[ "$(sql "SELECT uai FROM holdings WHERE serial = 'TAB600001' AND active")" = $B ] || fail "a conflicting hs took the replacement"

# --- bad input: each its status, nothing stored ---------------------------------------
n0=$(sql "SELECT count(*) FROM events")
U4=44444444-4444-4444-8444-444444444444
printf 'not-a-token\n' >"$T/tok-bad" && chmod 600 "$T/tok-bad"
body $A cdi-1 "$(ev $U4 TAB900002)" >"$T/b.json"
[ "$(api POST /v1/events "$T/tok-bad" --data-binary @"$T/b.json")" = 401 ] || fail "wrong token not 401"
[ "$(api POST /v1/events "$T/tok-b1" --data-binary @"$T/b.json")" = 403 ] || fail "another school's token not 403"
body $A cdi-2 "$(ev $U4 TAB900002)" >"$T/b2.json"
[ "$(api POST /v1/events "$T/tok-a1" --data-binary @"$T/b2.json")" = 403 ] || fail "another station's name not 403"
[ "$(api GET "/v1/roster?uai=$A" "$T/tok-b1")" = 403 ] || fail "roster of another school not 403"
head -c 10485760 /dev/zero | tr '\0' 'x' >"$T/big.json"
code=$(api POST /v1/events "$T/tok-a1" --data-binary @"$T/big.json" 2>"$T/big.err" || true)
[ "$code" = 413 ] || fail "10 MB body: got '$code' $(head -c 300 "$T/api.body")"
rm -f "$T/big.err" "$T/big.json"
printf '{"uai":"%s","station":"cdi-1","events":[{"uuid":' $A >"$T/mal.json"
[ "$(api POST /v1/events "$T/tok-a1" --data-binary @"$T/mal.json")" = 400 ] || fail "malformed JSON not 400"
body $A cdi-1 "$(ev $U4 TABO00002)" >"$T/o.json"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/o.json" >/dev/null
grep -q '"rejected"' "$T/api.body" || fail "serial with O not rejected: $(cat "$T/api.body")"
grep -q 'letter-o' "$T/api.body" || fail "serial with O: reason not given"
body $A cdi-1 "$(ev $U4 TAB900002 ',"uai":"0130001F"')" >"$T/x.json"
api POST /v1/events "$T/tok-a1" --data-binary @"$T/x.json" >/dev/null
grep -q '"rejected"' "$T/api.body" || fail "event of another UAI not rejected"
many=$(python3 -c 'print(",".join(["{\"uuid\":\"x\"}"] * 501))')
body $A cdi-1 "$many" >"$T/many.json"
[ "$(api POST /v1/events "$T/tok-a1" --data-binary @"$T/many.json")" = 413 ] || fail "501 events not 413"
[ "$(sql "SELECT count(*) FROM events")" -eq "$n0" ] || fail "bad input stored events"
[ "$(sql "SELECT count(*) FROM holdings WHERE serial = 'TAB900002'")" -eq 0 ] || fail "bad input stored a holding"

# --- a revoked token is refused -----------------------------------------------------------
"$HUB" token add --uai $B --station old --out "$T/tok-old" >/dev/null
"$HUB" token revoke --uai $B --station old >/dev/null
[ "$(api GET "/v1/roster?uai=$B" "$T/tok-old")" = 401 ] || fail "revoked token not 401"

# --- the hub restarted while events wait: each stored once -------------------------------
"$HELPER" gen "$T/a1.db" 600 HR >/dev/null
stop_hub a
pending=$(status "$T/a1.db" "d['pending']")
rc=0; DOTATION_SYNC_ATTEMPTS=2 hsync "$T/a1.db" "$T/tok-a1" >/dev/null 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "sync to a stopped hub: expected exit 1, got $rc"
[ "$(status "$T/a1.db" "d['pending']")" -eq "$pending" ] || fail "a stopped hub marked entries"
start_hub a
hsync "$T/a1.db" "$T/tok-a1" >"$T/after.out" 2>&1 || fail "sync after restart failed"
[ "$(status "$T/a1.db" "d['pending']")" -eq 0 ] || fail "entries pending after the restart"
local_n=$(sqlite3 -readonly "$T/a1.db" "SELECT count(*) FROM journal")
hub_n=$(sql "SELECT count(*) FROM events WHERE uai = '$A' AND station = 'cdi-1' AND operator IS DISTINCT FROM 't' AND type <> 'future-thing'")
[ "$hub_n" -eq "$local_n" ] || fail "hub holds $hub_n events of cdi-1, the station journaled $local_n"
[ -n "$(sql "SELECT last_seen FROM stations WHERE uai = '$A' AND station = 'cdi-1'")" ] || fail "last sync not recorded"
echo "hub_sync: ok"
