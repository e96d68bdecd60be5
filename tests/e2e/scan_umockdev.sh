#!/usr/bin/env bash
# The real libevdev path, on fake devices (umockdev: this machine and CI
# have no /dev/input and no uinput). The device description, ioctl
# answers and events are the project's own (tests/fixtures/scan).
#  1. `dotation scanners` lists the scanner and the keyboard, tells them
#     apart, and says both can be opened;
#  2. `dotation scanners --listen` finds the scanner, grabs it, decodes
#     its scans;
#  3. hot-plug: a scanner unplugged is dropped, a scanner plugged in while
#     listening is grabbed, and the first one plugged back is grabbed again
#     within a second. (Scans from a node plugged in later are not checked:
#     umockdev writes its events into a pty from the start, and a pty read
#     can split an event, which libevdev reports as -EINVAL.)
set -euo pipefail
BIN=${DOTATION_BIN:?} SRC=${DOTATION_SRC:?}
FIX=$SRC/tests/fixtures/scan
UM=$FIX/umockdev
export DOTATION_LOCALEDIR=${DOTATION_LOCALEDIR:-}
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v umockdev-run >/dev/null; then
	echo "SKIP: umockdev-run not installed (scripts/bootstrap)" >&2
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# umockdev wants bare "E:" lines; a second scanner at event8 whose events
# start at 3.1 s, after it is plugged in
grep '^E:' "$FIX/us.evemu" >"$tmp/us.events"
grep '^E:' "$FIX/azerty.evemu" |
	awk '{ split($2, t, "."); $2 = (t[1] + 3) "." t[2]; print }' \
	>"$tmp/azerty.events"
sed 's/event7/event8/g; s/input21/input22/g; s/0B61\.0004/0B61.0005/;
     s/MINOR=71/MINOR=72/; s/dev=13:71/dev=13:72/' \
	"$UM/scanner.umockdev" >"$tmp/scanner8.umockdev"

mock() { # umockdev-run with both devices, then the command
	umockdev-run -d "$UM/scanner.umockdev" -d "$UM/keyboard.umockdev" \
		-d "$tmp/scanner8.umockdev" \
		-i /dev/input/event7="$UM/scanner.ioctl" \
		-i /dev/input/event8="$UM/scanner.ioctl" \
		-i /dev/input/event3="$UM/keyboard.ioctl" \
		-e /dev/input/event7="$tmp/us.events" \
		-e /dev/input/event8="$tmp/azerty.events" -- "$@"
}

# 1. the listing
mock "$BIN" --lang en scanners >"$tmp/list" 2>"$tmp/list.err" ||
	fail "scanners: exit $?: $(cat "$tmp/list.err")"
grep -q $'^/dev/input/event7\t0c2e:0b61\tscanner\tok\tHoneywell Imaging & Mobility 1900$' "$tmp/list" ||
	fail "scanner not listed: $(cat "$tmp/list")"
grep -q $'^/dev/input/event3\t0001:0001\tother\tok\tAT Translated Set 2 keyboard$' "$tmp/list" ||
	fail "keyboard not listed: $(cat "$tmp/list")"
mock "$BIN" --lang fr scanners | grep -q $'event7\t0c2e:0b61\tdouchette' ||
	fail "French listing"

# 2 and 3: listen, unplug event7, plug event8, plug event7 back
cat >"$tmp/plug.sh" <<'SH'
set -eu
D=$UMOCKDEV_DIR/dev/input
mv "$D/event8" "$UMOCKDEV_DIR/event8.away"
UMOCKDEV_DEBUG=ioctl "$BIN" --lang en scanners --listen \
	--timeout 4 >"$TMP/out" 2>"$TMP/err" &
pid=$!
# the US scanner's two scans come at 0.1 s and 1.1 s
for i in $(seq 50); do
	[ "$(grep -c '^ok' "$TMP/out" || true)" -ge 2 ] && break
	sleep 0.1
done
mv "$UMOCKDEV_DIR/event8.away" "$D/event8"
sleep 0.3
mv "$D/event7" "$UMOCKDEV_DIR/event7.away"
sleep 0.3
mv "$UMOCKDEV_DIR/event7.away" "$D/event7"
plugged=$(date +%s%N)
for i in $(seq 10); do
	n=$(grep -c 'event7) ready, grabbed' "$TMP/err" || true)
	[ "$n" -ge 2 ] && grep -q 'event8) ready, grabbed' "$TMP/err" && break
	sleep 0.1
done
echo $(( ($(date +%s%N) - plugged) / 1000000 )) >"$TMP/regrab_ms"
rc=0
wait $pid || rc=$?
echo $rc >"$TMP/rc"
SH
BIN=$BIN TMP=$tmp mock bash "$tmp/plug.sh" || fail "plug script"
grep -v '^ioctl\|^ *ioctl_tree\|^  *->' "$tmp/err" >"$tmp/messages" || true
[ "$(cat "$tmp/rc")" = 0 ] || fail "listen exit $(cat "$tmp/rc"): $(cat "$tmp/messages")"
printf 'ok\t5CD1234XYZ\nok\tPF3K9ZTB\n' | diff -u - <(head -2 "$tmp/out") ||
	fail "listened scans"
# EVIOCGRAB (0x40044590) was issued and succeeded
grep -q 'request 40044590: emulated, result 0' "$tmp/err" || fail "no grab"
grep -q 'event7) ready, grabbed' "$tmp/messages" || fail "event7 not grabbed"
grep -q 'event7) gone' "$tmp/messages" || fail "unplug not seen"
grep -q 'event8) ready, grabbed' "$tmp/messages" || fail "hot-plug not seen"
[ "$(grep -c 'event7) ready, grabbed' "$tmp/messages")" = 2 ] ||
	fail "event7 not grabbed again: $(cat "$tmp/messages")"
[ "$(cat "$tmp/regrab_ms")" -lt 1000 ] ||
	fail "replugged scanner grabbed after $(cat "$tmp/regrab_ms") ms"
echo "scan_umockdev: ok"
