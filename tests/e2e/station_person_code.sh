#!/usr/bin/env bash
# Scan the person, then the device: on the roll call, a scanned person
# code (the letter O, which no serial holds, then the person's number on
# 7 digits, as the charter cover sheets print it) or
# a student card's INE selects that person out of the alphabetical order,
# and the next scan is their device. A letter O typed by a person is still
# refused at the keystroke. The database says who holds what.
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
id_of() { "$DOTATION_BIN" people --class "2NDE 1" --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p["last_name"] == sys.argv[1] and p["first_name"] == sys.argv[2]:
        print(p["id"]); break' "$1" "$2"; }
ine_of() { person_field "$1" "$2" ine; }
# the archived charters of two students far down the list
dumont=$(id_of DUMONT Aïcha)
perrin=$(id_of Perrin Ibrahim)
"$DOTATION_BIN" charter "$dumont" >/dev/null
"$DOTATION_BIN" charter "$perrin" >/dev/null

station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"
screen | grep -q '^>ABDELKADER ' || fail "cursor is not on the first student"

# ---- a person code, then the device -----------------------------------------
keys "$(printf "O%07d" "$dumont")" Enter
wait_for "DUMONT Aïcha (2NDE 1) sélectionné(e) : scannez son appareil"
screen | grep -q '^>DUMONT  *Aïcha' || fail "the person code did not move the cursor"
screen | grep -qF "lettre O" && fail "the person code was refused as a serial"
keys R9KT30PCD001 Enter
wait_for "✔ R9KT30PCD001 → DUMONT Aïcha (2NDE 1)"
[ "$(person_field DUMONT Aïcha serial)" = R9KT30PCD001 ] ||
	fail "the device after the person code is not recorded for them"
[ "$(person_field ABDELKADER Léa serial)" = null ] ||
	fail "the first student got a device"

# ---- a student card's INE, then the device ----------------------------------
ine=$(ine_of Perrin Ibrahim)
keys "$ine" Enter
wait_for "Perrin Ibrahim (2NDE 1) sélectionné(e)"
keys R9KT30PCD002 Enter
wait_for "✔ R9KT30PCD002 → Perrin Ibrahim (2NDE 1)"
[ "$(person_field Perrin Ibrahim serial)" = R9KT30PCD002 ] ||
	fail "the device after the INE is not recorded for them"

# ---- a letter O typed by hand is still refused at the keystroke -------------
keys Home
type_slowly "R9K"
keys -l O
wait_for "les numéros de série ne contiennent jamais la lettre O"
keys Escape
keys F10
wait_for "STATION-EXITED 0"
echo "station_person_code: ok"
