#!/usr/bin/env bash
# scan-decode turns recordings of US, AZERTY, keypad, Alt-code and
# suffix-less scanners into the right serials, and never accepts the
# tail of a scan cut by lost events.
set -euo pipefail
BIN=${DOTATION_BIN:?} SRC=${DOTATION_SRC:?}
FIX=$SRC/tests/fixtures/scan
export DOTATION_LOCALEDIR=${DOTATION_LOCALEDIR:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

check() { # FILE EXPECTED-RC EXPECTED-OUTPUT [OPTIONS...]
	local file=$1 want_rc=$2 want=$3 rc=0
	shift 3
	"$BIN" scan-decode "$@" "$FIX/$file" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" = "$want_rc" ] || fail "$file $*: exit $rc, expected $want_rc: $(cat "$tmp/err")"
	printf '%b' "$want" | diff -u - "$tmp/out" || fail "$file $*: output"
}

check us.evemu 0 'ok\t5CD1234XYZ\nok\tPF3K9ZTB\n'
check us.evemu 0 'ok\t5CD1234XYZ\nok\tPF3K9ZTB\n' --layout us
check azerty.evemu 0 'ok\tR52N90AZQW\nok\tMW2Q7A8B\n'
check azerty.evemu 0 'ok\tR52N90AZQW\nok\tMW2Q7A8B\n' --layout fr
check azerty.evemu 0 'ok\tR52N90AZQW\nok\tMW2Q7A8B\n' --layout be
# the wrong layout gives symbols: rejected, never a wrong serial
check azerty.evemu 3 'rejected\tbad-char\tR%@N()QWAZ\nrejected\tbad-char\t:Z@A&Q*B\n' --layout us
check keypad.evemu 0 'ok\t350123456789012\n'
check keypad.evemu 0 'ok\t350123456789012\n' --layout de
check altcode.evemu 0 'ok\tDMPXK2Q8HJ\n'
check altcode.evemu 0 'ok\tDMPXK2Q8HJ\n' --layout fr
check nosuffix.evemu 0 'ok\tC02XK1ABJG5H\nok\t8CG4471Z2R\n'
check cut.evemu 3 'rejected\tincomplete\tF9KLM23567\nok\tF9KLM234567\n'

# stdin, usage and errors
"$BIN" scan-decode - <"$FIX/us.evemu" | grep -q '^ok	PF3K9ZTB$' || fail "stdin"
rc=0; "$BIN" scan-decode >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "no file: exit $rc"
rc=0; "$BIN" scan-decode --layout klingon "$FIX/us.evemu" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] || fail "bad layout: exit $rc"
grep -q klingon "$tmp/err" || fail "bad layout message"
rc=0; "$BIN" scan-decode "$tmp/missing.evemu" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "missing file: exit $rc"
printf 'N: x\nE: 0.100000 0001 zz 1\n' >"$tmp/bad.evemu"
rc=0; "$BIN" --lang fr scan-decode "$tmp/bad.evemu" 2>"$tmp/err" || rc=$?
[ "$rc" = 3 ] || fail "malformed: exit $rc, expected 3 (refused input)"
grep -q 'ligne 2' "$tmp/err" || fail "malformed message not French: $(cat "$tmp/err")"
# Random bytes are refused (3) with what to do, not read as "no scan" (0).
head -c 4096 /dev/urandom >"$tmp/random.evemu"
rc=0; "$BIN" --lang fr scan-decode "$tmp/random.evemu" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" = 3 ] || fail "random bytes: exit $rc, expected 3"
grep -q 'evemu-record' "$tmp/err" || fail "random bytes: no clear message: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "random bytes gave scans: $(cat "$tmp/out")"
# A text file is not a recording either.
printf 'Nom;Prénom\nDurand;Ana\n' >"$tmp/text.evemu"
rc=0; "$BIN" scan-decode "$tmp/text.evemu" >/dev/null 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "text file: exit $rc, expected 3"
# A recording with a header and no event is no scan: exit 0, said so.
printf '# EVEMU 1.3\nN: Honeywell\nI: 0003 0c2e 0b61 0111\n' >"$tmp/empty.evemu"
rc=0; "$BIN" --lang fr scan-decode "$tmp/empty.evemu" >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" = 0 ] || fail "empty recording: exit $rc"
echo "scan_decode: ok"
