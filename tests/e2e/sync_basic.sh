#!/usr/bin/env bash
# Sync against the loopback upstream over real TLS: configuration and
# refusals (token file mode, http://, unknown CA, wrong token, 4xx),
# unreachable upstream, answers that must mark nothing (malformed, huge,
# connection dropped after the upstream stored the batch) followed by a
# resend answered "duplicate", Retry-After honoured, the roster pulled
# through the import rules, and a serial held at another station refused.
set -euo pipefail
. "$DOTATION_SRC/tests/upstream/lib.bash"
D=$DOTATION_BIN

start_upstream
station "$T/a.db" cdi-1
"$HELPER" gen "$T/a.db" 40 >/dev/null
pending0=$(status "$T/a.db" "d['pending']")
[ "$pending0" -eq 42 ] || fail "expected 42 pending entries, got $pending0"

# --- refusals before any network ---------------------------------------------
cp "$T/token" "$T/token-open" && chmod 644 "$T/token-open"
rc=0
$D --db "$T/a.db" sync --once --upstream "$UPSTREAM" --token-file "$T/token-open" \
	--cacert "$T/ca.pem" >/dev/null 2>"$T/mode.err" || rc=$?
[ $rc -eq 3 ] || fail "token file mode 0644: expected exit 3, got $rc"
grep -q "chmod 600 $T/token-open" "$T/mode.err" || fail "mode message does not say chmod 600"
rm "$T/mode.err"

rc=0
$D --db "$T/a.db" sync --once --upstream "http://127.0.0.1:1" --token-file "$T/token" \
	>/dev/null 2>"$T/http.err" || rc=$?
[ $rc -eq 2 ] || fail "http:// upstream: expected exit 2, got $rc"
grep -q "https://" "$T/http.err" || fail "http:// refusal does not mention https"
rm "$T/http.err"

# --- unreachable: exit 1, nothing marked ------------------------------------------
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rc=0
DOTATION_SYNC_ATTEMPTS=2 $D --db "$T/a.db" sync --once --upstream "https://127.0.0.1:$closed" \
	--token-file "$T/token" --cacert "$T/ca.pem" >/dev/null 2>"$T/down.err" || rc=$?
[ $rc -eq 1 ] || fail "unreachable upstream: expected exit 1, got $rc"
grep -q "cannot reach the upstream" "$T/down.err" || fail "unreachable: no clear message"
[ "$(status "$T/a.db" "d['pending']")" -eq 42 ] || fail "unreachable run changed pending"
[ "$(status "$T/a.db" "d['last_sync']")" = None ] || fail "unreachable run set last_sync"
rm "$T/down.err"

# --- a CA we do not trust: refused, TLS verification is on ----------------------
rc=0
sync_once "$T/a.db" --cacert "$T/other.pem" >/dev/null 2>"$T/ca.err" || rc=$?
[ $rc -eq 1 ] || fail "untrusted certificate: expected exit 1, got $rc"
grep -q "trusted TLS connection" "$T/ca.err" || fail "untrusted certificate: no TLS message"
[ "$(admin GET /admin/stats | json "d['requests']")" -eq 0 ] || fail "a request got through an untrusted TLS connection"
rm "$T/ca.err"

# --- wrong token: 401, not retried ------------------------------------------------
printf 'not-the-token\n' >"$T/badtoken" && chmod 600 "$T/badtoken"
rc=0
sync_once "$T/a.db" --token-file "$T/badtoken" >/dev/null 2>"$T/401.err" || rc=$?
[ $rc -eq 1 ] || fail "wrong token: expected exit 1, got $rc"
grep -q "refused the token (HTTP 401)" "$T/401.err" || fail "401: message does not say so"
[ "$(admin GET /admin/stats | json "d['requests']")" -eq 1 ] || fail "401 was retried"
rm "$T/401.err"

# --- another 4xx: not retried ---------------------------------------------------------
rc=0
"$D" --db "$T/a.db" sync --once --upstream "$UPSTREAM/wrong-base" --token-file "$T/token" \
	--cacert "$T/ca.pem" >/dev/null 2>"$T/404.err" || rc=$?
[ $rc -eq 1 ] || fail "404: expected exit 1, got $rc"
grep -q "HTTP 404" "$T/404.err" || fail "404: message does not say so"
[ "$(admin GET /admin/stats | json "d['requests']")" -eq 2 ] || fail "404 was retried"
rm "$T/404.err"

# --- answers that must mark nothing, then the resend is a duplicate -----------------
for fault in malformed huge drop_after; do
	"$HELPER" gen "$T/a.db" 6 >/dev/null
	before=$(status "$T/a.db" "d['pending']")
	admin POST /admin/faults "{\"queue\":[\"$fault\"]}" >/dev/null
	rc=0
	DOTATION_SYNC_ATTEMPTS=1 DOTATION_SYNC_MAX_ANSWER=1048576 sync_once "$T/a.db" \
		>/dev/null 2>"$T/$fault.err" || rc=$?
	[ $rc -eq 1 ] || fail "$fault: expected exit 1, got $rc"
	[ "$(status "$T/a.db" "d['pending']")" -eq "$before" ] || fail "$fault: entries were marked done"
	stored=$(admin GET /admin/stats | json "d['events']")
	sync_once "$T/a.db" >"$T/$fault.out" 2>"$T/$fault.err" || fail "$fault: resend failed"
	grep -q "(0 accepted, $before duplicate" "$T/$fault.out" ||
		fail "$fault: resend not answered duplicate: $(cat "$T/$fault.out")"
	[ "$(status "$T/a.db" "d['pending']")" -eq 0 ] || fail "$fault: entries still pending after resend"
	[ "$(admin GET /admin/stats | json "d['events']")" -eq "$stored" ] || fail "$fault: the resend was counted twice"
	rm -f "$T/$fault.err"
done

# --- 5xx, dropped connections and Retry-After are retried ------------------------
"$HELPER" gen "$T/a.db" 4 >/dev/null
admin POST /admin/faults '{"queue":["500","drop_before","429","502","503"]}' >/dev/null
: >"$T/upstream.log"
sync_once "$T/a.db" >"$T/retry.out" 2>"$T/retry.err" || fail "retries did not get through"
grep -q "(4 accepted" "$T/retry.out" || fail "after retries: $(cat "$T/retry.out")"
python3 - "$T/upstream.log" <<'PY' || fail "Retry-After not honoured"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for i, r in enumerate(rows[:-1]):
    if r.get("fault") in ("429", "503"):
        gap = rows[i + 1]["t"] - r["t"]
        if gap < 0.95:
            sys.exit("request %d came %.3f s after a %s with Retry-After: 1" % (i + 1, gap, r["fault"]))
PY

# --- roster pulled through the import rules ----------------------------------------
admin POST /admin/roster '{"uai":"0750654D","items":[
 {"ext_id":"E9000001","ine":"0001A09999Z","last_name":"Nouvel","first_name":"Arrivée","birth_date":"2009-04-01","class":"2NDE 1","profile":"eleve","active":true},
 {"ext_id":"E1000001","last_name":"Clément","first_name":"Laëtitia","birth_date":"2009-06-02","class":"1ERE 2","profile":"eleve"},
 {"ext_id":"E9000002","last_name":"Sans","first_name":"Date","birth_date":"31/02/2009"}]}' >/dev/null
people0=$(status "$T/a.db" "d['people']")
sync_once "$T/a.db" >"$T/roster.out" 2>"$T/roster.err" || fail "roster pull failed"
grep -q "pulled 3 roster changes (1 added, 1 updated)" "$T/roster.out" || fail "roster: $(cat "$T/roster.out")"
grep -q "roster change skipped" "$T/roster.err" || fail "invalid roster item not reported"
[ "$(status "$T/a.db" "d['people']")" -eq $((people0 + 1)) ] || fail "new student not added"
$D --db "$T/a.db" people --search "nouvel arrivee" --format json | json "d[0]['class']" | grep -qx "2NDE 1" ||
	fail "pulled student not found by accent-insensitive search"
$D --db "$T/a.db" people --search "clement laetitia" --format json | json "d[0]['class']" | grep -qx "1ERE 2" ||
	fail "pulled update not applied"
sync_once "$T/a.db" >"$T/roster2.out" 2>/dev/null
grep -q "pulled 0 roster changes" "$T/roster2.out" || fail "roster cursor not kept: $(cat "$T/roster2.out")"

# --- a serial held at another station is refused here ------------------------------
station "$T/b.db" cdi-2
$D --db "$T/b.db" assign E1000010 TAB777001 --with-charter >/dev/null
sync_once "$T/b.db" >/dev/null 2>&1 || fail "station b sync failed"
sync_once "$T/a.db" >"$T/pull.out" 2>/dev/null || fail "station a sync failed"
grep -q "1 assignments elsewhere" "$T/pull.out" || fail "assignment not pulled: $(cat "$T/pull.out")"
rc=0
$D --db "$T/a.db" assign E1000020 TAB777001 --with-charter >/dev/null 2>"$T/held.err" || rc=$?
[ $rc -eq 3 ] || fail "serial held at cdi-2: expected exit 3, got $rc"
grep -q "cdi-2" "$T/held.err" || fail "refusal does not name the station: $(cat "$T/held.err")"
grep -q "(2NDE 1)" "$T/held.err" || fail "refusal does not name the holder: $(cat "$T/held.err")"
rm "$T/held.err"
# Released upstream (undo at cdi-2): usable here after the next pull.
seq=$(sqlite3 -readonly "$T/b.db" "SELECT max(seq) FROM journal WHERE type = 'assign'")
$D --db "$T/b.db" undo "$seq" >/dev/null
sync_once "$T/b.db" >/dev/null 2>&1
sync_once "$T/a.db" >/dev/null 2>&1
$D --db "$T/a.db" assign E1000020 TAB777001 --with-charter >/dev/null ||
	fail "serial released at cdi-2 still refused here"

# --- 403: a token not valid for this establishment ---------------------------------
station "$T/c.db" cdi-9 0690001B
rc=0
sync_once "$T/c.db" >/dev/null 2>"$T/403.err" || rc=$?
[ $rc -eq 1 ] || fail "403: expected exit 1, got $rc"
grep -q "HTTP 403" "$T/403.err" || fail "403 not reported"
rm "$T/403.err"
echo "sync_basic: ok"
