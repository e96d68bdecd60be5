#!/usr/bin/env bash
# Two people of a class with the same name are told apart in the
# documents: birth date and INE on the certified list, birth date on the
# still-to-equip list; a name shared with nobody is printed as is.
. "$(dirname "$0")/lib.bash"

run 0 init --uai 0750654D --name "Lycée Test"
printf 'Nom;Prénom;Classe;Date de naissance;INE\nBernard;Éloïse;2NDE 1;01/01/2009;1234567890A\nBERNARD;Eloise;2NDE 1;05/05/2009;1234567891B\nBernard;Paul;2NDE 1;06/06/2009;\nDurand;Zoé;2NDE 1;06/06/2009;\nDURAND;Zoe;2NDE 1;07/07/2009;\n' > "$T/r.csv"
run 0 import "$T/r.csv"
for i in 1 2 3; do
	run 0 charter $i
	run 0 assign $i TAB000000$i
done
run 0 report certified --out "$T/c.pdf"
pdftotext -layout "$T/c.pdf" "$T/c.txt"
tr -s ' \n' ' ' < "$T/c.txt" > "$T/c1.txt"
# a long first-name cell wraps onto two lines of the row
contains "$T/c1.txt" "Éloïse (né(e) le 01/01/2009"
contains "$T/c1.txt" "· INE 1234567890A)"
contains "$T/c1.txt" "Eloise (né(e) le 05/05/2009"
contains "$T/c1.txt" "· INE 1234567891B)"
if grep -q "Paul (né" "$T/c1.txt"; then fail "a name nobody shares got a birth date"; fi
run 0 report missing --out "$T/m.pdf"
pdftotext -layout "$T/m.pdf" "$T/m.txt"
tr -s ' \n' ' ' < "$T/m.txt" > "$T/m1.txt"
contains "$T/m1.txt" "Zoé (né(e) le 06/06/2009)"
contains "$T/m1.txt" "Zoe (né(e) le 07/07/2009)"
