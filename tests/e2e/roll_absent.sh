#!/usr/bin/env bash
# "Absent" and "to equip" defined once (app/roll.c) and read the same by
# `status`, `people` and the still-to-equip report: an absent student
# still counts to equip; once equipped (a cession or a loan alike) they are
# absent nowhere any more.
. "$(dirname "$0")/lib.bash"

json() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1"; }

run 0 init --uai 0750654D --name "Lycée Test"
printf 'Nom;Prénom;Classe\nARNAUD;Alice;1ERE 1\nBERNARD;Bruno;1ERE 1\nCLEMENT;Chloé;1ERE 1\n' > "$T/r.csv"
run 0 import "$T/r.csv"
run 0 charter 1
run 0 assign 1 TAB0000001
# Bruno and Chloé were marked absent today (the station's F5 writes this row)
today=$(date +%F)
sqlite3 "$DOTATION_DB" "INSERT INTO absences VALUES (2, '$today'), (3, '$today')"

run 0 status --format json
json 'assert d["to_equip"] == 2 and d["absent_today"] == 2 and d["handed_over"] == 1, d'
run 0 report missing --out "$T/m.pdf"
pdftotext "$T/m.pdf" "$T/m.txt"
contains "$T/m.txt" "BERNARD"
contains "$T/m.txt" "CLEMENT"
if grep -q "ARNAUD" "$T/m.txt"; then fail "an equipped student is listed as still to equip"; fi

# Bruno comes after all and is equipped: no longer absent, anywhere.
run 0 charter 2
run 0 assign 2 TAB0000002
run 0 people --format json
json '
b = [p for p in d if p["last_name"] == "BERNARD"][0]
assert b["serial"] == "TAB0000002" and b["absent"] is False, b
c = [p for p in d if p["last_name"] == "CLEMENT"][0]
assert c["absent"] is True, c
'
run 0 status --format json
json 'assert d["to_equip"] == 1 and d["absent_today"] == 1, d'
run 0 report missing --out "$T/m.pdf"
pdftotext "$T/m.pdf" "$T/m.txt"
if grep -q "BERNARD" "$T/m.txt"; then fail "an equipped absent is still to equip"; fi
contains "$T/m.txt" "CLEMENT"
