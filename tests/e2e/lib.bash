# Shared helpers for the end-to-end scripts: a private temporary
# directory, the binary under test, and assertions that say what failed.
# Source it from a test: . "$(dirname "$0")/lib.bash"
set -euo pipefail

: "${DOTATION_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${DOTATION_BIN:=$DOTATION_SRC/build/src/cli/dotation}"
: "${DOTATION_LOCALEDIR:=$(dirname "$(dirname "$(dirname "$DOTATION_BIN")")")/locale}"
export DOTATION_LOCALEDIR
unset DOTATION_LANG LANGUAGE
export LC_ALL=C.UTF-8

T=$(mktemp -d /tmp/dotation-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
export DOTATION_DB="$T/dotation.db"
export DOTATION_OPERATOR="e2e"

fail() {
	echo "FAIL: $*" >&2
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

demo_db() {
	"$DOTATION_BIN" init --uai 0750654D --name "Lycée Test" \
		--station test-1 >/dev/null
	"$DOTATION_BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
}
