#!/usr/bin/env bash
# The station's header tells the sync state as it changes, against the
# loopback upstream over real TLS: entries waiting, last success, the
# worker's state; a scan is pushed by the background worker right after
# its commit; with the upstream gone (dead network) the scan is still
# recorded, the header counts it as waiting and says why; when the
# upstream is back the entry goes up exactly once.
. "$DOTATION_SRC/tests/upstream/lib.bash"
export TZ=UTC

start_upstream
port=${UPSTREAM##*:}
updb=$UPSTREAM_DB
station "$DOTATION_DB" cdi
# the first two students of 2NDE 1 signed their charters
read -r id1 id2 < <("$DOTATION_BIN" people --class "2NDE 1" --format json |
	json '" ".join(str(p["id"]) for p in d[:2])')
"$DOTATION_BIN" charter "$id1" >/dev/null
"$DOTATION_BIN" charter "$id2" >/dev/null
# remembers the upstream for the station, and pushes what is there
sync_once "$DOTATION_DB" >/dev/null 2>"$T/first-sync.err" ||
	fail "the first sync failed"
[ "$(status "$DOTATION_DB" "d['pending']")" = 0 ] || fail "entries left after the first sync"
events0=$(admin GET /admin/stats | json "d['events']")

# ---- online: the header says so, a scan goes up at once --------------------
station_start st DOTATION_SYNC_INTERVAL_MS=60000 -- --lang fr station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
wait_for "synchro : à jour, dernière " 10
screen | grep -q "dernière jamais" && fail "the header does not show the last success"
keys R9KT30SYNC1 Enter
wait_for "✔ R9KT30SYNC1 → "
# pushed by the worker, not by the 60 s interval: the kick after commit
for _ in $(seq 100); do
	[ "$(admin GET /admin/stats | json "d['events']")" -gt "$events0" ] && break
	sleep 0.05
done
admin GET /admin/events | json '[e["type"] for e in d]' | grep -q "assign" ||
	fail "the handover did not reach the upstream within 5 s"
wait_for "synchro : à jour" 5

# ---- dead network: recorded anyway, counted as waiting, the reason shown ----
kill "$UPSTREAM_PID"
wait "$UPSTREAM_PID" 2>/dev/null || true
keys R9KT30SYNC2 Enter
wait_for "✔ R9KT30SYNC2 → "
wait_for "synchro : 1 à envoyer" 10
wait_for "· hors ligne" 10
# F8 gives the whole reason and says nothing is lost
keys F8
wait_for "la synchronisation échoue (dernière réussite : $(date -u +%d/%m)"
wait_for "chaque remise reste enregistrée sur cet ordinateur"
screen | grep -q "127.0.0.1:$port" || fail "F8 does not give the reason in full"
keys Escape
wait_for "Classe 2NDE 1"
serial=$("$DOTATION_BIN" people --format json |
	json '[p["id"] for p in d if p["serial"] == "R9KT30SYNC2"]')
[ "$serial" = "[$id2]" ] || fail "the scan made offline is not recorded ($serial)"

# ---- the upstream is back (same port, same store): the entry goes up once ----
start_upstream --port "$port" --db "$updb"
wait_for "synchro : à jour" 15
wait_gone "hors ligne" 5
admin GET /admin/stats >"$T/stats.json"
python3 - "$T/stats.json" "$events0" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
base = int(sys.argv[2])
assert s["events"] == s["distinct_uuids"], "an event was stored twice: %r" % s
assert s["events"] >= base + 2, "the two handovers are not upstream: %r" % s
PY
n=$(admin GET /admin/events | json 'sum(1 for e in d if e["type"] == "assign")')
[ "$n" = 2 ] || fail "expected 2 handovers upstream, got $n"
[ "$(status "$DOTATION_DB" "d['pending']")" = 0 ] || fail "entries still pending"

keys F10
wait_for "STATION-EXITED 0"
echo "station_sync: ok"
