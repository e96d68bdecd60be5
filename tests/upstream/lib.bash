# Shared set-up for the tests/e2e/sync_*.sh scripts (sourced, not run):
# a temporary directory, a CA and server certificate made by openssl, a
# private token file, the loopback upstream (upstream.py) over TLS, and
# stations initialised with the real binary. It builds on
# tests/e2e/lib.bash; everything started here is stopped when the test ends.

: "${DOTATION_BIN:?DOTATION_BIN must point at the dotation binary}"
: "${DOTATION_SRC:?DOTATION_SRC must point at the source tree}"
# $T, at_exit, the station in tmux, a private cupsd...
. "$DOTATION_SRC/tests/e2e/lib.bash"
export DOTATION_LANG=en
HELPER=${DOTATION_SYNC_HELPER:-$(dirname "$DOTATION_BIN")/../sync/dotation-sync-helper}
UPSTREAM_PY=$DOTATION_SRC/tests/upstream/upstream.py
# Short backoff so that fault tests take seconds, not minutes.
export DOTATION_SYNC_BACKOFF_MS=${DOTATION_SYNC_BACKOFF_MS:-20}
export DOTATION_SYNC_BACKOFF_MAX_MS=${DOTATION_SYNC_BACKOFF_MAX_MS:-200}
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

PIDS=()
at_exit 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done'

"$DOTATION_SRC/tests/upstream/mkcerts.sh" "$T"
TOKEN=tok-$RANDOM$RANDOM
ADMIN=adm-$RANDOM$RANDOM
printf '%s\n' "$TOKEN" >"$T/token"
chmod 600 "$T/token"

# start_upstream [upstream.py options...]: sets UPSTREAM, UPSTREAM_PID and
# UPSTREAM_DB (its store; --db FILE given again wins, as with argparse).
start_upstream() {
	UPSTREAM_DB=$T/upstream-$RANDOM.db
	rm -f "$T/port"
	python3 "$UPSTREAM_PY" --cert "$T/server.pem" --key "$T/server.key" \
		--db "$UPSTREAM_DB" --token "$TOKEN=0750654D,0130001F" \
		--admin-token "$ADMIN" --port-file "$T/port" --log "$T/upstream.log" \
		"$@" >"$T/upstream.out" 2>"$T/upstream.err" &
	UPSTREAM_PID=$!
	PIDS+=("$UPSTREAM_PID")
	for _ in $(seq 100); do
		[ -s "$T/port" ] && break
		sleep 0.05
	done
	[ -s "$T/port" ] || fail "the test upstream did not start"
	UPSTREAM=https://127.0.0.1:$(cat "$T/port")
}

# admin METHOD PATH [JSON]: the upstream's test-only admin endpoints.
admin() {
	local m=$1 p=$2
	shift 2
	curl -sS --fail --cacert "$T/ca.pem" -X "$m" \
		-H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
		${1:+--data "$1"} "$UPSTREAM$p"
}

# json EXPR < doc: evaluate a Python expression over the JSON document d.
json() {
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# station DB NAME [UAI]: a fresh station with the demo roster.
station() {
	local db=$1 name=$2 uai=${3:-0750654D}
	"$DOTATION_BIN" --db "$db" init --uai "$uai" --name "Lycée test" \
		--station "$name" >/dev/null
	"$DOTATION_BIN" --db "$db" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
}

# sync DB [options]: dotation sync --once against the test upstream.
sync_once() {
	local db=$1
	shift
	"$DOTATION_BIN" --db "$db" sync --once --upstream "$UPSTREAM" \
		--token-file "$T/token" --cacert "$T/ca.pem" "$@"
}

# status DB EXPR: evaluate EXPR over `dotation status --format json`.
status() {
	"$DOTATION_BIN" --db "$1" status --format json | json "$2"
}
