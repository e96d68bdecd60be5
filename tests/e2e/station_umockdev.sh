#!/usr/bin/env bash
# A fake USB scanner (umockdev: the real libevdev path, this machine has no
# /dev/input) feeding a running station in tmux: the station grabs it, and
# its two scans go to the two first students of the class, one after the
# other (scan-and-advance), recorded in the database.
. "$(dirname "$0")/lib.bash"

FIX=$DOTATION_SRC/tests/fixtures/scan
command -v tmux >/dev/null || fail "tmux missing: scripts/bootstrap"

demo_db
# The two first students of 2NDE 1 have signed charters.
"$DOTATION_BIN" people --class "2NDE 1" --format json >"$T/class.json"
read -r first second < <(python3 -c '
import json; d = json.load(open("'"$T/class.json"'"))
print(d[0]["id"], d[1]["id"])')
"$DOTATION_BIN" charter "$first" >/dev/null
"$DOTATION_BIN" charter "$second" >/dev/null

# The recorded US scanner scans 5CD1234XYZ then PF3K9ZTB; shift them 2 s
# later so that the station is up before they come.
grep '^E:' "$FIX/us.evemu" |
	awk '{ split($2, t, "."); $2 = (t[1] + 2) "." t[2]; print }' >"$T/us.events"

scanner_station st "$T/us.events" -- station --queue usb --class "2NDE 1" \
	--scanner /dev/input/event7 --layout us
wait_for PF3K9ZTB 10
screen >"$T/screen"
[ -z "${SHOW_SCREEN:-}" ] || cat "$T/screen"
grep -q '5CD1234XYZ' "$T/screen" || fail "first scan not shown"
grep -q '✔ PF3K9ZTB' "$T/screen" || fail "second scan not acknowledged"
# The header says the scanner is grabbed, not the keyboard fallback.
grep -q 'lecteur : clavier' "$T/screen" && fail "station fell back to the keyboard"

"$DOTATION_BIN" people --class "2NDE 1" --format json >"$T/after.json"
python3 - "$T/after.json" "$first" "$second" <<'PY'
import json, sys
d = {p["id"]: p for p in json.load(open(sys.argv[1]))}
a, b = int(sys.argv[2]), int(sys.argv[3])
assert d[a]["serial"] == "5CD1234XYZ", d[a]
assert d[b]["serial"] == "PF3K9ZTB", d[b]
assert sum(p["serial"] is not None for p in d.values()) == 2
PY
echo "station_umockdev: ok"
