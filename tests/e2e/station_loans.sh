#!/usr/bin/env bash
# The station shows the loans to get back (F8) and makes their document: a
# loan recorded after the fact, already overdue, and a teacher who left the
# roster with a lent device are counted on the end-of-day screen, and the
# PDF made from F8 lists both, with why.
. "$(dirname "$0")/lib.bash"

command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"
demo_db
export DOTATION_DOCS_DIR="$T/docs"
mkdir -p "$DOTATION_DOCS_DIR"
run 0 stock add LEND000001 LEND000002
run 0 charter E1000001 --loan
run 0 loan E1000001 LEND000001 --from 2026-09-01 --until 2026-10-15
run 0 charter prof00002 --loan
run 0 loan prof00002 LEND000002 --until 2099-06-30
head -1 "$DOTATION_SRC/data/demo-roster.csv" >"$T/r.csv"
grep -v ';prof00002$' "$DOTATION_SRC/data/demo-roster.csv" | tail -n +2 >>"$T/r.csv"
run 0 import --full "$T/r.csv"

station_start st DOTATION_TODAY=2026-11-02 -- station --queue A --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys F8
wait_for "Fin de journée"
wait_for "prêts à récupérer : 1 en retard, 1 dont l'emprunteur est parti"
wait_for "enregistrer les prêts à récupérer"
keys Down Down Down Down Enter
wait_for "$T/docs/prets-a-recuperer-2026-11-02.pdf" 10
pdf=$T/docs/prets-a-recuperer-2026-11-02.pdf
[ "$(stat -c %a "$pdf")" = 600 ] || fail "the document is not 0600"
pdftotext -layout "$pdf" "$T/loans.txt" 2>/dev/null
grep -q "LEND000001.*Clément Laëtitia.*en retard" "$T/loans.txt" ||
	fail "the overdue loan is not listed"
grep -q "LEND000002.*Dupré Marie-Ève.*a quitté" "$T/loans.txt" ||
	fail "the loan of the teacher who left is not listed"
contains "$T/loans.txt" "Total : 2 prêts à récupérer"
keys Escape F10
wait_for "STATION-EXITED 0"
echo "station_loans: ok"
