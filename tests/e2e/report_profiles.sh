#!/usr/bin/env bash
# Teachers and staff have their own documents ("La distribution aux
# professeurs adopte le même processus"): --profile gives the certified
# list and the still-to-equip list of one profile only, said in the
# heading; the other documents refuse it.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
# two members of staff besides the demo's students and teachers
printf 'Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant\nMarchand;Odile;;;Personnel;;pers00001\nRoche;Yves;;;Personnel;;pers00002\n' >"$T/staff.csv"
"$BIN" import "$T/staff.csv" >/dev/null
ids() { "$BIN" people "$@" --format json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))'; }
read -r -a profs <<<"$(ids --profile prof)"
read -r -a staff <<<"$(ids --profile personnel)"
read -r -a pupils <<<"$(ids --class "2NDE 1")"
[ "${#profs[@]}" -ge 2 ] && [ "${#staff[@]}" -ge 1 ] || fail "the demo roster has no teachers or staff"
run 0 assign --with-charter "${profs[0]}" R9KT30PR0001
run 0 assign --with-charter "${profs[1]}" R9KT30PR0002
run 0 assign --with-charter "${staff[0]}" R9KT30ST0001
run 0 assign --with-charter "${pupils[0]}" R9KT30EL0001

run 0 report certified --profile prof --out "$T/prof.pdf"
contains "$T/out" "2 cessions"
pdftotext -layout "$T/prof.pdf" "$T/prof.txt"
contains "$T/prof.txt" "R9KT30PR0001"
contains "$T/prof.txt" "R9KT30PR0002"
contains "$T/prof.txt" "Enseignant"
! grep -q "R9KT30EL0001\|R9KT30ST0001" "$T/prof.txt" || fail "the teachers' list holds a student's or a staff member's device"

run 0 report missing --profile personnel --out "$T/staff.pdf"
pdftotext -layout "$T/staff.pdf" "$T/staff.txt"
contains "$T/staff.txt" "Personnel"
n_staff=$((${#staff[@]} - 1))
contains "$T/out" "$n_staff personne"
grep -q "2NDE 1" "$T/staff.txt" && fail "the staff's still-to-equip list names a class of students"

# the whole list still holds everyone
run 0 report certified --out "$T/all.pdf"
pdftotext -layout "$T/all.pdf" "$T/all.txt"
contains "$T/all.txt" "R9KT30EL0001"
contains "$T/all.txt" "R9KT30ST0001"

run 2 report attestation --profile prof --from 2020-01-01 --to 2030-01-01 --out "$T/x.pdf"
contains "$T/err" "--profile"
[ ! -e "$T/x.pdf" ] || fail "a refused --profile wrote a document"
echo "report_profiles: ok"
