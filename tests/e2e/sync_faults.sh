#!/usr/bin/env bash
# 10,000 journal entries pushed through random faults (5xx, 429/503 with
# Retry-After, slow answers, connections dropped before and after the
# upstream stored the batch, malformed and huge answers) end with the
# upstream holding each entry exactly once and nothing pending here.
set -euo pipefail
. "$DOTATION_SRC/tests/upstream/lib.bash"
D=$DOTATION_BIN

start_upstream --fault-rate 0.35 --seed "${SYNC_FAULT_SEED:-20261121}" \
	--slow-seconds 0.3 --huge-bytes 2000000
station "$T/a.db" cdi-1
"$HELPER" gen "$T/a.db" 9998 >/dev/null
total=$(status "$T/a.db" "d['journal_entries']")
[ "$total" -ge 10000 ] || fail "expected 10000 entries, made $total"

# A run gives up after its attempts (exit 1): the station simply runs the
# next one, as the worker does. Each run sends only what is still pending.
export DOTATION_SYNC_ATTEMPTS=4 DOTATION_SYNC_MAX_ANSWER=1048576
runs=0
while :; do
	runs=$((runs + 1))
	[ $runs -le 40 ] || fail "still pending after 40 runs"
	if sync_once "$T/a.db" >"$T/run.out" 2>"$T/run.log"; then
		[ "$(status "$T/a.db" "d['pending']")" -eq 0 ] && break
	fi
done

stats=$(admin GET /admin/stats)
events=$(echo "$stats" | json "d['events']")
distinct=$(echo "$stats" | json "d['distinct_uuids']")
faults=$(echo "$stats" | json "sum(d['faults'].values())")
dups=$(echo "$stats" | json "d['duplicates_answered']")
echo "runs=$runs upstream events=$events distinct=$distinct faults=$faults duplicates answered=$dups"
[ "$events" -eq "$total" ] || fail "upstream holds $events events, the journal has $total"
[ "$distinct" -eq "$total" ] || fail "upstream holds $distinct distinct uuids for $total entries"
[ "$faults" -gt 0 ] || fail "no fault was injected: the test proved nothing"
[ "$dups" -gt 0 ] || fail "no lost ack happened: the test proved nothing"

# Same uuids on both sides, each once, and every entry marked accepted
# (a duplicate answer means an earlier, lost, acceptance).
sqlite3 -readonly "$T/a.db" "SELECT uuid FROM journal ORDER BY uuid" >"$T/local.uuids"
admin GET /admin/events | python3 -c 'import json,sys; [print(e["uuid"]) for e in sorted(json.load(sys.stdin), key=lambda e: e["uuid"])]' >"$T/upstream.uuids"
cmp -s "$T/local.uuids" "$T/upstream.uuids" || fail "uuids differ between the journal and the upstream"
left=$(sqlite3 -readonly "$T/a.db" "SELECT count(*) FROM journal WHERE push_state NOT IN ('accepted', 'duplicate')")
[ "$left" -eq 0 ] || fail "$left entries not done"
echo "sync_faults: ok"
