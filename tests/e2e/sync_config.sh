#!/usr/bin/env bash
# issue 13, defects 7 and 8: 'sync' checks its options before it saves
# them (a refused --upstream http://... keeps the working https upstream),
# saves the token and CA paths absolute (a relative --token-file works from
# another directory, as in the station's worker), and reads the token file
# safely: a FIFO is refused at once instead of blocking forever, a
# symbolic link, a 5,000-byte token and a control byte are refused (exit
# 3), nothing is sent to the upstream.
set -euo pipefail
. "$DOTATION_SRC/tests/upstream/lib.bash"
D=$DOTATION_BIN

start_upstream
station "$T/a.db" cdi-1
mkdir "$T/work" "$T/elsewhere"
cp "$T/token" "$T/work/token"
cp "$T/ca.pem" "$T/work/ca.pem"

# --- 7: relative paths saved absolute --------------------------------------------
(cd "$T/work" && "$D" --db "$T/a.db" sync --once --upstream "$UPSTREAM" \
	--token-file token --cacert ca.pem >"$T/first.out" 2>"$T/first.err") ||
	fail "first sync failed: $(cat "$T/first.err")"
saved=$(sqlite3 "$T/a.db" "SELECT value FROM settings WHERE key = 'sync.token_file'")
[ "$saved" = "$T/work/token" ] || fail "token path saved as '$saved'"
saved=$(sqlite3 "$T/a.db" "SELECT value FROM settings WHERE key = 'sync.cacert'")
[ "$saved" = "$T/work/ca.pem" ] || fail "CA path saved as '$saved'"
(cd "$T/elsewhere" && "$D" --db "$T/a.db" sync --once >/dev/null 2>"$T/else.err") ||
	fail "sync from another directory failed: $(cat "$T/else.err")"

# --- 7: a refused option is not saved ---------------------------------------------
before=$(sqlite3 "$T/a.db" "SELECT key, value FROM settings WHERE key LIKE 'sync.%' AND key NOT LIKE 'sync.last%' ORDER BY key")
rc=0
"$D" --db "$T/a.db" sync --once --upstream "http://127.0.0.1:1" >/dev/null 2>"$T/http.err" || rc=$?
[ $rc -eq 2 ] || fail "http:// upstream: expected exit 2, got $rc"
cp "$T/token" "$T/open-token" && chmod 644 "$T/open-token"
rc=0
"$D" --db "$T/a.db" sync --once --token-file "$T/open-token" >/dev/null 2>"$T/mode.err" || rc=$?
[ $rc -eq 3 ] || fail "token mode 0644: expected exit 3, got $rc"
after=$(sqlite3 "$T/a.db" "SELECT key, value FROM settings WHERE key LIKE 'sync.%' AND key NOT LIKE 'sync.last%' ORDER BY key")
[ "$before" = "$after" ] || fail "refused options were saved: $after"
"$D" --db "$T/a.db" sync --once >/dev/null 2>"$T/again.err" ||
	fail "the saved https upstream no longer works: $(cat "$T/again.err")"

# --- 8: token files that are not tokens ---------------------------------------------
requests=$(admin GET /admin/stats | json "d['requests']")
refused() { # WHAT FILE MESSAGE
	local rc=0
	timeout 20 "$D" --db "$T/a.db" sync --once --token-file "$2" \
		>/dev/null 2>"$T/tok.err" || rc=$?
	[ $rc -ne 124 ] || fail "$1: sync hung on the token file"
	[ $rc -eq 3 ] || fail "$1: expected exit 3, got $rc: $(cat "$T/tok.err")"
	grep -q "$3" "$T/tok.err" || fail "$1: message lacks '$3': $(cat "$T/tok.err")"
}
mkfifo -m 600 "$T/fifo"
refused FIFO "$T/fifo" "not a regular file"
ln -s "$T/token" "$T/link"
refused symlink "$T/link" "symbolic link"
python3 -c "print('a' * 5000)" >"$T/long" && chmod 600 "$T/long"
refused "5,000 bytes" "$T/long" "longer than 4096"
printf 'tok\001en\n' >"$T/ctl" && chmod 600 "$T/ctl"
refused "control byte" "$T/ctl" "control character"
printf 'tok en\n' >"$T/space" && chmod 600 "$T/space"
refused "inner space" "$T/space" "control character"
[ "$(admin GET /admin/stats | json "d['requests']")" -eq "$requests" ] ||
	fail "a refused token file still reached the upstream"
echo "sync_config: ok"
