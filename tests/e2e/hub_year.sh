#!/usr/bin/env bash
# The whole year reaches the hub and is applied there (docs/sync-protocol.md
# 2.1), from a real station through `dotation sync` to a real dotation-hub
# on a throw-away PostgreSQL: stock receptions are devices in stock, loan
# agreements and settings are the school's; a return, an out-of-service
# and a loss release the holding, and their undo gives it back to the same
# person (the replacement released and back in stock); the undo of a
# reception removes it. The dashboard's counts (stock, loans, agreements,
# out of service) follow the devices, not the events.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok" >/dev/null
start_hub a
hub_station "$T/a.db" cdi-1 $A
$D --db "$T/a.db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
st() { $D --db "$T/a.db" "$@" >/dev/null; }
up() { hsync "$T/a.db" "$T/tok" >"$T/sync.out" 2>&1 || fail "sync failed: $(cat "$T/sync.out")"; }
last_seq() { sqlite3 -readonly "$T/a.db" "SELECT max(seq) FROM journal WHERE type = '$1'"; }
dev() { sql "SELECT status || CASE WHEN loan_only THEN ' loan-only' ELSE '' END FROM devices WHERE serial = '$1'"; }
held() { sql "SELECT pkey || ' ' || kind FROM holdings WHERE serial = '$1' AND active"; }

st stock add TABY000001 TABY000002 TABY000003 TABY000004 TABY000005 TABY000006
st charter E1000001 --loan
st loan E1000001 TABY000001 --until 2027-06-30
st assign E1000000 TABY000002 --with-charter
st setting loan.until 2027-06-30
up
[ "$(dev TABY000001)" = "loaned loan-only" ] || fail "loaned device: $(dev TABY000001)"
[ "$(dev TABY000002)" = "ceded" ] || fail "ceded device: $(dev TABY000002)"
[ "$(sql "SELECT count(*) FROM devices WHERE uai = '$A' AND status = 'stock'")" -eq 4 ] ||
	fail "stock on the hub: $(sql "SELECT serial, status FROM devices")"
[ "$(sql "SELECT loan_agreement FROM people WHERE uai = '$A' AND ext_id = 'E1000001'")" = t ] ||
	fail "the loan agreement is not applied"
[ "$(sql "SELECT value FROM school_settings WHERE uai = '$A' AND key = 'loan.until'")" = 2027-06-30 ] ||
	fail "the setting is not applied"

# --- return, then its undo: the same person holds it again, on loan --------------
st return TABY000001 --reset-done
up
[ -z "$(held TABY000001)" ] || fail "return did not release: $(held TABY000001)"
[ "$(dev TABY000001)" = "stock loan-only" ] || fail "returned device: $(dev TABY000001)"
st undo "$(last_seq return)"
up
[ "$(held TABY000001)" = "x:E1000001 loan" ] || fail "undo of return: holding not restored ($(held TABY000001))"
[ "$(dev TABY000001)" = "loaned loan-only" ] || fail "undo of return: device $(dev TABY000001)"

# --- out of service with a replacement, then its undo ----------------------------
st hs TABY000002 --reason "écran cassé" --replace TABY000003
up
[ -z "$(held TABY000002)" ] || fail "hs did not release the old serial"
[ "$(held TABY000003)" = "x:E1000000 cession" ] || fail "replacement not held: $(held TABY000003)"
[ "$(dev TABY000002)" = hs ] || fail "hs device: $(dev TABY000002)"
st undo "$(last_seq hs)"
up
[ "$(held TABY000002)" = "x:E1000000 cession" ] || fail "undo of hs: old holding not restored ($(held TABY000002))"
[ -z "$(held TABY000003)" ] || fail "undo of hs: the replacement is still held"
[ "$(dev TABY000002)" = ceded ] || fail "undo of hs: device $(dev TABY000002)"
[ "$(dev TABY000003)" = stock ] || fail "undo of hs: replacement $(dev TABY000003)"

# --- lost, then its undo -----------------------------------------------------------
st lost TABY000002 --reason "volée" --report "PV-1" --replace TABY000004
up
[ "$(dev TABY000002)" = lost ] || fail "lost device: $(dev TABY000002)"
[ "$(held TABY000004)" = "x:E1000000 cession" ] || fail "lost: replacement not held"
# the dashboard counts follow the devices
printf 'region-secret-1\n' | "$HUB" user add --login region >/dev/null
BASE=https://127.0.0.1:$HUB_PORT_a
web() { curl -sS --cacert "$T/ca.pem" -o "$T/page" -w '%{http_code}' "$@"; }
[ "$(web -c "$T/jar" -d login=region -d password=region-secret-1 "$BASE/login")" = 303 ] || fail "Region login"
count() { # count HEADER: the value of that column for the school in the CSV
	web -b "$T/jar" "$BASE/schools.csv" >/dev/null
	python3 - "$T/page" "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter=";"))
print(rows[1][rows[0].index(sys.argv[2])])
PY
}
[ "$(count "Out of service or lost")" = 1 ] || fail "dashboard: out of service $(count "Out of service or lost")"
[ "$(count "Loans")" = 1 ] || fail "dashboard: loans"
[ "$(count "In stock")" = 3 ] || fail "dashboard: stock $(count "In stock")"
[ "$(count "Loan agreements")" = 1 ] || fail "dashboard: loan agreements"
st undo "$(last_seq lost)"
up
[ "$(held TABY000002)" = "x:E1000000 cession" ] || fail "undo of lost: old holding not restored"
[ -z "$(held TABY000004)" ] || fail "undo of lost: the replacement is still held"
[ "$(dev TABY000002)" = ceded ] || fail "undo of lost: device $(dev TABY000002)"
[ "$(count "Out of service or lost")" = 0 ] || fail "dashboard: an undone loss still counted"

# --- a reception undone leaves the stock ------------------------------------------
st stock add TABY000007
up
[ "$(dev TABY000007)" = stock ] || fail "new reception: $(dev TABY000007)"
st undo "$(last_seq stock)"
up
[ -z "$(dev TABY000007)" ] || fail "undo of stock: still on the hub ($(dev TABY000007))"
grep -q "0 rejected" "$T/sync.out" || fail "events rejected: $(cat "$T/sync.out")"
[ "$(sql "SELECT count(*) FROM events WHERE status = 'conflict'")" -eq 0 ] || fail "unexpected conflicts"
echo "hub_year: ok"
