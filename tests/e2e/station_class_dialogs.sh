#!/usr/bin/env bash
# A whole class of 25 at one station, as on distribution day, with a
# dialog opened in the middle of the scans: every fifth student the undo
# question (F6), the charter-withdrawal question (second F4), the class
# picker (F2, the scan refused, scanned again) or the settings (F9, the
# same). At the end the database holds exactly 25 charters and 25
# handovers in roll-call order, no undo and no withdrawal, and is sound.
. "$(dirname "$0")/lib.bash"
demo_db
jcount() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = '$1'"; }
before=$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal")

station_start st -- station --queue D --class "2NDE 2" --scanner none
wait_for "Classe 2NDE 2 · 25 personnes"
for k in $(seq 1 25); do
	sn=$(printf "5CG%07d" "$k")
	keys F4
	wait_for "charte enregistrée"
	case $((k % 5)) in
	1) keys F6; wait_for "o : oui · n : non" ;;
	2) keys F4; wait_for "retirer la charte" ;;
	3) keys F2; wait_for "Choisir une classe"
	   keys "$sn" Enter; wait_for "question annulée : scannez à nouveau" ;;
	4) keys F9; wait_for "Réglages de cette file"
	   keys "$sn" Enter; wait_for "question annulée : scannez à nouveau" ;;
	esac
	keys "$sn" Enter
	wait_for "✔ $sn →"
done
wait_for "classe 2NDE 2 terminée"
keys F10
wait_for "STATION-EXITED 0"

[ "$(jcount assign)" = 25 ] || fail "$(jcount assign) handovers recorded, expected 25"
[ "$(jcount charter)" = 25 ] || fail "$(jcount charter) charters recorded, expected 25"
[ "$(jcount undo)" = 0 ] || fail "a scan answered the undo question"
[ "$(jcount charter-withdraw)" = 0 ] || fail "a scan withdrew a charter"
[ "$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal")" = $((before + 50)) ] ||
	fail "other journal entries than the 50 expected"
[ "$(sqlite3 "$DOTATION_DB" "PRAGMA integrity_check")" = ok ] || fail "integrity check"
"$DOTATION_BIN" people --class "2NDE 2" --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
got = [p["serial"] for p in d]
want = ["5CG%07d" % (k + 1) for k in range(25)]
assert got == want, "serials not in roll-call order:\n%r" % got
assert all(p["charter"] for p in d), "a charter is missing"
' || fail "the class is not equipped in roll-call order"
echo "station_class_dialogs: ok"
