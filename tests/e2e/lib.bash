# Shared helpers for the end-to-end scripts: a private temporary
# directory, the binary under test, and assertions that say what failed.
# Source it from a test: . "$(dirname "$0")/lib.bash"
set -euo pipefail

: "${DOTATION_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${DOTATION_BIN:=$DOTATION_SRC/build/src/cli/dotation}"
: "${DOTATION_LOCALEDIR:=$(dirname "$(dirname "$(dirname "$DOTATION_BIN")")")/locale}"
: "${DOTATION_DATADIR:=$DOTATION_SRC/data}"
export DOTATION_LOCALEDIR DOTATION_DATADIR
unset DOTATION_LANG LANGUAGE
export LC_ALL=C.UTF-8

T=$(mktemp -d /tmp/dotation-e2e.XXXXXX)
export DOTATION_DB="$T/dotation.db"
export DOTATION_OPERATOR="e2e"

# at_exit COMMAND: run COMMAND (eval'd) when the test ends, before the
# tmux server is stopped and $T removed; last registered runs first.
_AT_EXIT=()
at_exit() { _AT_EXIT=("$1" "${_AT_EXIT[@]}"); }
_on_exit() {
	local c
	for c in "${_AT_EXIT[@]}"; do eval "$c" || true; done
	[ ! -S "$T/tmux.sock" ] || tm kill-server 2>/dev/null || true
	rm -rf "$T"
}
trap _on_exit EXIT
# A command that stops the script under set -e says which one, where: a
# failure with no message in a parallel run cannot be investigated.
_on_err() {
	local rc=$1
	fail "$(basename "$0"):$2: exit $rc from: $3"
}
trap '_on_err $? $LINENO "$BASH_COMMAND"' ERR

# fail MESSAGE: say what failed, then the end of every $T/*.err and every
# station screen still up.
fail() {
	local f s
	echo "FAIL: $*" >&2
	for f in "$T"/*.err; do
		[ -s "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
	done
	if [ -S "$T/tmux.sock" ]; then
		for s in $(tm list-sessions -F "#S" 2>/dev/null | grep -vx _keep); do
			echo "--- screen of $s ---" >&2
			tm capture-pane -p -t "$s" >&2 2>/dev/null || true
		done
	fi
	exit 1
}

# run EXPECTED_EXIT CMD...: run the binary, keep stdout/stderr in $T/out
# and $T/err, fail unless it exits with EXPECTED_EXIT.
run() {
	local want=$1 rc=0
	shift
	"$DOTATION_BIN" "$@" >"$T/out" 2>"$T/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "--- stdout" >&2; cat "$T/out" >&2
		echo "--- stderr" >&2; cat "$T/err" >&2
		fail "'dotation $*' exited $rc, expected $want"
	fi
}

# contains FILE TEXT: fail unless FILE contains TEXT.
contains() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "expected '$2' in $(basename "$1")"
	}
}

# dump: the database content, for before/after comparisons.
dump() {
	sqlite3 "$DOTATION_DB" .dump
}

# person_field LAST FIRST FIELD: FIELD of that person in `dotation people
# --format json` (the database, not the screen); "null", or "missing".
person_field() {
	"$DOTATION_BIN" people --format json | python3 -c '
import json, sys
last, first, f = sys.argv[1:4]
for p in json.load(sys.stdin):
    if p["last_name"] == last and p["first_name"] == first:
        v = p[f]
        print("null" if v is None else v)
        break
else:
    print("missing")' "$1" "$2" "$3"
}

demo_db() {
	"$DOTATION_BIN" init --uai 0750654D --name "Lycée Test" \
		--station test-1 >/dev/null
	"$DOTATION_BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
}

# ---- the station in tmux ------------------------------------------------------
# One private tmux server per test ($T/tmux.sock); sessions have names,
# "st" unless told otherwise.
tm() { tmux -u -S "$T/tmux.sock" -f /dev/null "$@"; }

# station_start SESSION [VAR=value...] -- ARGS...: run `dotation ARGS` in
# a new W x H (default 120x40) session, TERM=$STTERM (default screen), with
# the test's database, locale and operator plus the VAR=value given. When
# the program ends the pane shows "STATION-EXITED <code>". $DOTATION_WRAP,
# when set, is a command line put in front of the program (umockdev-run).
station_start() {
	local s=$1 envs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	# A session that outlives every station: killing the last station's
	# session would stop the server, and a new-session racing that exit
	# fails with "server exited unexpectedly".
	tm has-session -t _keep 2>/dev/null || tm new-session -d -s _keep "sleep 3600"
	tm new-session -d -s "$s" -x "${W:-120}" -y "${H:-40}" \
		"$(printf '%q ' env DOTATION_DB="$DOTATION_DB" \
			DOTATION_LOCALEDIR="$DOTATION_LOCALEDIR" \
			DOTATION_DATADIR="$DOTATION_DATADIR" \
			DOTATION_OPERATOR="$DOTATION_OPERATOR" \
			TERM="${STTERM:-screen}" "${envs[@]}" \
			${DOTATION_WRAP:-} "$DOTATION_BIN" "$@")\
; echo STATION-EXITED \$?; sleep 600"
}

# scanner_station SESSION EVENTS [VAR=value...] -- ARGS...: like
# station_start, under umockdev-run with the recorded Honeywell USB scanner
# at /dev/input/event7 replaying EVENTS (evemu "E:" lines); pass
# --scanner /dev/input/event7 in ARGS.
scanner_station() {
	local s=$1 ev=$2 um=$DOTATION_SRC/tests/fixtures/scan/umockdev
	shift 2
	command -v umockdev-run >/dev/null ||
		fail "umockdev-run is missing (scripts/bootstrap)"
	DOTATION_WRAP="umockdev-run -d $um/scanner.umockdev \
-i /dev/input/event7=$um/scanner.ioctl -e /dev/input/event7=$ev --" \
		station_start "$s" "$@"
}

# screen [SESSION]: what the session shows now. Never fails: in
# `screen | grep -q X` grep may leave at the first match and tmux then dies
# of SIGPIPE, which pipefail would turn into a false failure.
screen() { tm capture-pane -p -t "${1:-st}" || true; }

# keys_to SESSION KEY...: tmux send-keys; keys KEY...: to "st".
keys_to() {
	local s=$1
	shift
	tm send-keys -t "$s" "$@"
}
keys() { keys_to st "$@"; }

# _poll_screen yes|no TEXT SECONDS SESSION: poll (every 50 ms) until TEXT
# is (yes) or is not (no) on the screen; fail after SECONDS.
_poll_screen() {
	local want=$1 text=$2 limit=$3 s=$4 i=0 shown
	while :; do
		shown=no
		screen "$s" | grep -qF -- "$text" && shown=yes
		[ "$shown" = "$want" ] && return 0
		i=$((i + 1))
		if [ $i -gt $((limit * 20)) ]; then
			[ "$want" = yes ] && fail "$s: waited ${limit}s for: $text"
			fail "$s: still on screen after ${limit}s: $text"
		fi
		sleep 0.05
	done
}

# wait_for TEXT [SECONDS] [SESSION]: poll the screen until TEXT shows.
wait_for() { _poll_screen yes "$1" "${2:-5}" "${3:-st}"; }

# wait_gone TEXT [SECONDS] [SESSION]: poll until TEXT is off the screen.
wait_gone() { _poll_screen no "$1" "${2:-5}" "${3:-st}"; }

# type_slowly TEXT [SESSION]: TEXT as a person types it (gaps far above a
# scanner's).
type_slowly() {
	local t=$1 i
	for ((i = 0; i < ${#t}; i++)); do
		keys_to "${2:-st}" -l "${t:i:1}"
		sleep 0.15
	done
}

# slow_scan TEXT [SESSION]: a slow scanner typing into the terminal, one
# character every 40 ms, then Enter. tmux itself waits between the keys,
# so the gaps do not depend on this shell's speed.
slow_scan() {
	local t=$1 i args=()
	for ((i = 0; i < ${#t}; i++)); do
		args+=(send-keys -t "${2:-st}" -l "${t:i:1}" \; run-shell -d 0.04 \;)
	done
	tm "${args[@]}" send-keys -t "${2:-st}" Enter
}

# ---- a private CUPS ------------------------------------------------------------
# have_cupsd: true when this run may start its own cupsd (root, cupsd and
# the lp user installed by scripts/bootstrap).
have_cupsd() {
	[ "$(id -u)" = 0 ] && command -v cupsd >/dev/null && command -v lp >/dev/null &&
		id lp >/dev/null 2>&1
}

# private_cupsd: a cupsd of this test alone on a Unix socket under $T, with
# a raw queue "dotation-e2e" (the default destination) that keeps every
# job's document; exports CUPS_SERVER. Stopped when the test ends.
private_cupsd() {
	local C="$T/cups"
	mkdir -p "$C/spool" "$C/cache" "$C/state" "$C/log" "$C/ppd"
	chmod 755 "$T" "$C"
	chown -R lp:lp "$C/spool" "$C/cache" "$C/state" "$C/log"
	cat >"$C/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel warn
PreserveJobFiles Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
CONF
	cat >"$C/cups-files.conf" <<CONF
FileDevice Yes
ServerRoot $C
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/spool
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
User lp
Group lp
CONF
	cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" &
	CUPSD_PID=$!
	# cupsd may still write its spool: stop it and wait before $T goes
	at_exit 'kill $CUPSD_PID 2>/dev/null; wait $CUPSD_PID 2>/dev/null'
	export CUPS_SERVER="$C/cups.sock"
	for _ in $(seq 100); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
	lpstat -r >/dev/null 2>&1 ||
		fail "the private cupsd did not start: $(cat "$C/log/error_log" 2>/dev/null)"
	# a cupsd that answers lpstat may still refuse its first admin
	# request on a loaded machine ("Bad file descriptor"): retry a while
	_lpadmin_retry "cannot create the test queue" \
		-p dotation-e2e -E -v "file:///dev/null" -m raw
	_lpadmin_retry "cannot make the test queue the default" -d dotation-e2e
}

_lpadmin_retry() {
	local what=$1
	shift
	for _ in $(seq 50); do
		lpadmin "$@" 2>"$T/lpadmin.err" && return 0
		sleep 0.2
	done
	fail "$what: $(cat "$T/lpadmin.err")"
}

# wait_job JOB: wait (10 s at most) until CUPS job "queue-N" completed.
wait_job() {
	local job=$1 q=${1%-*}
	for _ in $(seq 100); do
		lpstat -W completed -o "$q" | grep -q "^$job " && return 0
		sleep 0.1
	done
	fail "print job $job did not complete: $(lpstat -W all -o "$q" 2>&1;
		tail -n 5 "$T/cups/log/error_log" 2>/dev/null)"
}

# spooled JOB: the document CUPS kept for job "queue-N".
spooled() { printf '%s/cups/spool/d%05d-001' "$T" "${1##*-}"; }
