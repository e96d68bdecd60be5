#!/usr/bin/env bash
# issue 13, the proof kept in the project: scripts/crash-test with 5
# trials (a station in tmux and two command-line writers on one database,
# SIGKILLed at random moments; then state, journal, integrity and a sync
# checked). Every acknowledged handover must survive: "lost 0", exit 0.
# The 50-trial run is `scripts/crash-test 50`.
. "$(dirname "$0")/lib.bash"

command -v tmux >/dev/null || fail "tmux is not installed (scripts/bootstrap)"
DOTATION_BIN=$DOTATION_BIN "$DOTATION_SRC/scripts/crash-test" 5 >"$T/crash.out" 2>&1 ||
	{ cat "$T/crash.out" >&2; fail "scripts/crash-test 5 failed"; }
cat "$T/crash.out"
grep -q '^trials 5, acknowledged [1-9][0-9]*, lost 0$' "$T/crash.out" ||
	fail "crash-test did not report 0 lost over 5 trials"
echo "crash_test: ok"
