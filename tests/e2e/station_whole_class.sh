#!/usr/bin/env bash
# A whole class run by the scanner alone: the charters of 2NDE 2 were
# collected beforehand, the station opens on the class, and the fake USB
# scanner (umockdev) scans 25 labels one after the other with no key
# pressed in between. Each goes to the next student in alphabetical order
# (scan-and-advance), the class ends 25/25, the station says the class is
# complete, and a 26th scan is refused rather than given to someone served.
. "$(dirname "$0")/lib.bash"

demo_db
"$DOTATION_BIN" people --class "2NDE 2" --format json >"$T/class.json"
ids=$(python3 -c 'import json, sys
print(" ".join(str(p["id"]) for p in json.load(open(sys.argv[1]))))' \
	"$T/class.json")
n=$(wc -w <<<"$ids")
[ "$n" = 25 ] || fail "2NDE 2 should have 25 students, has $n"
for id in $ids; do
	"$DOTATION_BIN" charter "$id" >/dev/null
done

# 26 scans, three a second from t = 2 s (the station is up by then), as a
# US-layout USB scanner types them, Enter at the end.
python3 - "$DOTATION_SRC/tests/fixtures/scan" "$T/class.events" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location(
    "fixtures", sys.argv[1] + "/make-fixtures.py")
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)
r = fx.Rec("Honeywell Imaging & Mobility 1900", 0x0c2e, 0x0b61)
for k in range(26):
    r.sec, r.usec = 2 + k // 3, (100000, 400000, 700000)[k % 3]
    r.type_us("5CG%07d\n" % (k + 1))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(r.lines) + "\n")
PY

scanner_station st "$T/class.events" -- station --queue usb \
	--class "2NDE 2" --scanner /dev/input/event7 --layout us
wait_for "Classe 2NDE 2"
wait_for "5CG0000025" 20
wait_for "classe 2NDE 2 terminée : plus personne à équiper" 5
wait_for "Remis ██████████████████████████████ 25/25"
# the 26th label: refused, given to nobody
wait_for "✘ 5CG0000026 : la classe 2NDE 2 est terminée, plus personne à équiper" 5
screen | grep -q 'lecteur : clavier' && fail "the station fell back to the keyboard"

"$DOTATION_BIN" people --class "2NDE 2" --format json >"$T/after.json"
python3 - "$T/after.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
got = [p["serial"] for p in d]
want = ["5CG%07d" % (k + 1) for k in range(25)]
assert got == want, "serials not in roll-call order:\n%r" % got
PY
held=$("$DOTATION_BIN" people --format json | python3 -c '
import json, sys
print(sum(1 for p in json.load(sys.stdin) if p["serial"] == "5CG0000026"))')
[ "$held" = 0 ] || fail "the 26th label was handed over"
echo "station_whole_class: ok"
