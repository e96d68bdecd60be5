#!/usr/bin/env bash
# The operator's corrections from the command line (issue 16): reassign a
# wrong handover and undo one after an attestation was issued, the next
# attestation listing both as rectifications; person add, matched by a
# later import; class names without regard to case; export without the
# undone handovers; assign with the station's default accessories.
. "$(dirname "$0")/lib.bash"

json() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1"; }
today=$(date +%F)

run 0 init --uai 0750654D --name "Lycée Test"
printf 'Nom;Prénom;Classe;Date de naissance\nARNAUD;Alice;2NDE 1;01/01/2009\nBERNARD;Bruno;2NDE 1;02/02/2009\nCLEMENT;Chloé;2NDE 1;03/03/2009\n' > "$T/r.csv"
run 0 import "$T/r.csv"
run 0 charter 1
run 0 assign 1 TAB0000001
# like the station: microSD and case unless told otherwise
run 0 people --format json
run 0 export csv --out "$T/e.csv"
contains "$T/e.csv" "TAB0000001"
python3 - "$T/e.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
r = [x for x in rows if x["numero_serie"] == "TAB0000001"][0]
assert r["microsd"] == "1" and r["etui"] == "1", r
PY
run 0 report attestation --from "$today" --to "$today" --out "$T/a1.pdf"

# the device went to Bruno, not Alice: refused without his charter
run 3 reassign TAB0000001 2
contains "$T/err" "BERNARD"
run 0 reassign TAB0000001 2 --with-charter
run 3 reassign TAB9999999 3
run 0 people --class "2nde 1" --format json
json '
s = {p["last_name"]: p["serial"] for p in d}
assert s == {"ARNAUD": None, "BERNARD": "TAB0000001", "CLEMENT": None}, s
'
# a cession an attestation covered can still be undone
run 0 charter 3
run 0 assign 3 TAB0000003
run 0 report attestation --from "$today" --to "$today" --out "$T/a2.pdf"
seq=$(sqlite3 "$DOTATION_DB" "SELECT seq FROM journal WHERE type = 'assign' AND serial = 'TAB0000003'")
run 0 undo "$seq"
# a newcomer, then the roster again: matched, not duplicated
run 0 person add --last Nouveau --first Nina --class "2nde 1" --birth 03/04/2009
run 3 person add --last Nouveau --first Nina --class "2NDE 1" --birth 2009-04-03
run 3 person add --last Faux --first Fabien --birth 31/02/2009
printf 'Nom;Prénom;Classe;Date de naissance\nNOUVEAU;Nina;2NDE 1;03/04/2009\n' > "$T/r2.csv"
run 0 import "$T/r2.csv"
contains "$T/out" "ajoutés 0"
run 0 charter 4
run 0 assign 4 TAB0000004
run 0 report attestation --from "$today" --to "$today" --out "$T/a3.pdf"
pdftotext -layout "$T/a3.pdf" "$T/a3.txt"
contains "$T/a3.txt" "pour les cessions ultérieures"
contains "$T/a3.txt" "Rectifications"
grep -q "TAB0000003.*CLEMENT Chloé (2NDE 1).*personne (remise annulée)" "$T/a3.txt" ||
	fail "the undo after attestation 2 is not rectified in attestation 3"
if grep -q "ARNAUD" "$T/a3.txt"; then fail "a correction listed twice"; fi
pdftotext -layout "$T/a2.pdf" "$T/a2.txt"
grep -q "TAB0000001.*ARNAUD Alice (2NDE 1).*BERNARD Bruno (2NDE 1)" "$T/a2.txt" ||
	fail "the reassignment is not rectified in attestation 2"
pdftotext -layout "$T/a1.pdf" "$T/a1.txt"
contains "$T/a1.txt" "Période de distribution"
# the undone handover is not exported; status agrees
run 0 export csv --out "$T/e.csv"
if grep -q "TAB0000003" "$T/e.csv"; then fail "export counts an undone handover"; fi
run 0 status --format json
json 'assert d["handed_over"] == 2, d'
