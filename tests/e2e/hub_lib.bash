# Shared set-up for the tests/e2e/hub_*.sh scripts (sourced, not run): a
# throw-away PostgreSQL cluster started by the test itself as an
# unprivileged user (PostgreSQL refuses root, and CI runs as root), a CA
# and server certificate, and real dotation-hub processes over TLS on
# loopback. Everything started here is stopped when the test ends.
. "$DOTATION_SRC/tests/upstream/lib.bash"
HUB=${DOTATION_HUB_BIN:-$(dirname "$DOTATION_BIN")/../hub/dotation-hub}
[ -x "$HUB" ] || fail "no dotation-hub binary at $HUB"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || fail "PostgreSQL server binaries not found (scripts/bootstrap installs postgresql)"

# The cluster's files belong to an unprivileged user: postgres (Debian's
# package creates it) when we are root, else whoever runs the test.
if [ "$(id -u)" -eq 0 ]; then
	PG_OS_USER=postgres
	id "$PG_OS_USER" >/dev/null 2>&1 || PG_OS_USER=nobody
	as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }
else
	as_pg() { "$@"; }
fi

# start_pg [postgres -c options...]: initdb + pg_ctl in a private directory,
# listening only on a Unix socket there. Sets PG (a libpq conninfo).
start_pg() {
	PGD=$(mktemp -d /tmp/dotation-pg.XXXXXX)
	chmod 700 "$PGD"
	[ "$(id -u)" -ne 0 ] || chown "$PG_OS_USER" "$PGD"
	as_pg "$PGBIN/initdb" -D "$PGD/data" -U hub --auth=trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$T/initdb.log" 2>&1 ||
		{ cat "$T/initdb.log" >&2; fail "initdb failed"; }
	PG_OPTS="-k $PGD -c listen_addresses='' -p 5432 -c max_connections=200 $*"
	pg_start
	at_exit 'pg_stop; rm -rf "$PGD"'
	PG="host=$PGD port=5432 user=hub dbname=postgres"
	export DOTATION_HUB_PG=$PG
}
pg_start() {
	as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -o "$PG_OPTS" -w -t 60 \
		start >/dev/null || { cat "$PGD/log" >&2; fail "PostgreSQL did not start"; }
}
pg_stop() {
	as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -m fast -w stop >/dev/null 2>&1 || true
}

# sql QUERY [VAR=value...]: one value (or rows, |-separated) from the hub's database.
sql() {
	local q=$1 v=()
	shift
	for a in "$@"; do v+=(-v "$a"); done
	printf "%s\n" "$q" | psql "$PG" -X -q -At -v ON_ERROR_STOP=1 "${v[@]}" -f -
}

# start_hub NAME [serve options...]: a dotation-hub serve on a free
# loopback port; sets HUB_URL_<NAME> (the /api base), HUB_PID_<NAME>.
start_hub() {
	local n=$1 port
	shift
	: >"$T/hub-$n.out"
	"$HUB" serve --pg "$PG" --listen 127.0.0.1:0 --cert "$T/server.pem" \
		--key "$T/server.key" "$@" >"$T/hub-$n.out" 2>"$T/hub-$n.err" &
	eval "HUB_PID_$n=$!"
	PIDS+=("$!")
	for _ in $(seq 200); do
		grep -q '^listening on' "$T/hub-$n.out" && break
		kill -0 "$!" 2>/dev/null || fail "dotation-hub serve exited: $(cat "$T/hub-$n.err")"
		sleep 0.05
	done
	port=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/hub-$n.out")
	[ -n "$port" ] || fail "dotation-hub serve did not start"
	eval "HUB_PORT_$n=$port"
	eval "HUB_URL_$n=https://127.0.0.1:$port/api"
}
stop_hub() {
	local pid
	eval "pid=\$HUB_PID_$1"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# hub_station DB NAME UAI TOKENFILE: a station initialised for UAI whose
# sync goes to $HUB_URL_a with TOKENFILE (no roster: callers import one).
hub_station() {
	"$DOTATION_BIN" --db "$1" init --uai "$3" --name "Lycée" --station "$2" >/dev/null
}
# hsync DB TOKENFILE [URL] [options]: dotation sync --once against a hub.
hsync() {
	local db=$1 tok=$2 url=${3:-$HUB_URL_a}
	shift 3 2>/dev/null || shift $#
	"$DOTATION_BIN" --db "$db" sync --once --upstream "$url" \
		--token-file "$tok" --cacert "$T/ca.pem" "$@"
}

# api METHOD PATH TOKENFILE [curl args...]: a raw request; prints the
# HTTP status, keeps the body in $T/api.body.
api() {
	local m=$1 p=$2 tok=$3
	shift 3
	curl -sS --cacert "$T/ca.pem" -X "$m" -o "$T/api.body" -w '%{http_code}\n' \
		-H "Authorization: Bearer $(cat "$tok")" -H 'Content-Type: application/json' \
		"$@" "${HUB_URL_a}$p"
}
