#!/usr/bin/env bash
# Sync through a school proxy: tinyproxy on loopback with basic
# authentication. The proxy and its credentials come from https_proxy
# (as on the school's machines); no_proxy bypasses it; wrong credentials
# are reported as such; the TLS session stays end to end (the client
# still verifies the upstream's certificate through the tunnel).
set -euo pipefail
. "$DOTATION_SRC/tests/upstream/lib.bash"
D=$DOTATION_BIN
command -v tinyproxy >/dev/null || fail "tinyproxy is not installed (scripts/bootstrap)"

start_upstream
uport=$(cat "$T/port")
pport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$T/tinyproxy.conf" <<CONF
Port $pport
Listen 127.0.0.1
Timeout 30
MaxClients 20
Allow 127.0.0.1
ConnectPort $uport
BasicAuth dotation s3cret
LogLevel Connect
LogFile "$T/tinyproxy.log"
PidFile "$T/tinyproxy.pid"
CONF
tinyproxy -d -c "$T/tinyproxy.conf" >"$T/tinyproxy.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $pport), 0.2)" 2>/dev/null && break
	sleep 0.05
done

station "$T/a.db" cdi-1
"$HELPER" gen "$T/a.db" 10 >/dev/null

# Through the proxy, with its credentials in the URL.
https_proxy=http://dotation:s3cret@127.0.0.1:$pport sync_once "$T/a.db" >"$T/ok.out" 2>"$T/ok.log" ||
	fail "sync through the proxy failed: $(cat "$T/ok.log")"
grep -q "(12 accepted" "$T/ok.out" || fail "through the proxy: $(cat "$T/ok.out")"
grep -q "CONNECT.*127.0.0.1:$uport" "$T/tinyproxy.log" || fail "the proxy did not see the CONNECT"
rm "$T/ok.log"

# Wrong credentials: refused by the proxy, said so, nothing marked.
"$HELPER" gen "$T/a.db" 4 >/dev/null
rc=0
https_proxy=http://dotation:wrong@127.0.0.1:$pport sync_once "$T/a.db" >/dev/null 2>"$T/auth.err" || rc=$?
[ $rc -eq 1 ] || fail "wrong proxy password: expected exit 1, got $rc"
grep -q "proxy refused our credentials (407)" "$T/auth.err" || fail "407 not explained: $(cat "$T/auth.err")"
[ "$(status "$T/a.db" "d['pending']")" -eq 4 ] || fail "wrong proxy password marked entries"
rm "$T/auth.err"

# no_proxy bypasses the proxy: a dead proxy does not matter then.
connects=$(grep -c CONNECT "$T/tinyproxy.log" || true)
https_proxy=http://127.0.0.1:1 no_proxy=127.0.0.1 sync_once "$T/a.db" >"$T/np.out" 2>"$T/np.log" ||
	fail "no_proxy did not bypass the proxy: $(cat "$T/np.log")"
grep -q "(4 accepted" "$T/np.out" || fail "no_proxy: $(cat "$T/np.out")"
[ "$(grep -c CONNECT "$T/tinyproxy.log" || true)" -eq "$connects" ] || fail "no_proxy still went through the proxy"
rm "$T/np.log"

# A proxy that is down: unreachable, exit 1.
rc=0
DOTATION_SYNC_ATTEMPTS=2 https_proxy=http://127.0.0.1:1 sync_once "$T/a.db" >/dev/null 2>"$T/down.err" || rc=$?
[ $rc -eq 1 ] || fail "dead proxy: expected exit 1, got $rc"
rm "$T/down.err"
echo "sync_proxy: ok"
