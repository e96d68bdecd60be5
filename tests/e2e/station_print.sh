#!/usr/bin/env bash
# End of day from the station (F8): the certified list printed through
# CUPS (a private cupsd with a raw queue as the default destination,
# preselected): the job completes, CUPS receives byte for byte the PDF
# kept in the documents folder, and that PDF lists the day's handovers.
# With no scheduler to talk to, no printer is preselected; asked to print
# on the default one anyway, the station says why in French (lp's own
# words in a detail line only), keeps the PDF and tells where it is;
# nothing recorded is touched.
. "$(dirname "$0")/lib.bash"
command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"

demo_db
n=0
for id in $("$DOTATION_BIN" people --class "2NDE 1" --format csv |
	tail -n +2 | cut -d';' -f1 | sed -n 1,3p); do
	n=$((n + 1))
	run 0 assign "$id" "R9KT30PRNT$n" --with-charter
done
mkdir -m 700 "$T/docs"
export DOTATION_DOCS_DIR="$T/docs"
dump >"$T/before.sql"

# ---- no print scheduler: the PDF is kept and the message says where --------
station_start nocups CUPS_SERVER="$T/no-cups.sock" -- station --queue A \
	--class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1" 5 nocups
keys_to nocups F8
wait_for "Fin de journée" 5 nocups
wait_for "imprimante (←/→ change) : aucune : enregistrer seulement" 10 nocups
for _ in 1 2 3 4 5 6 7 8; do keys_to nocups Down; done
keys_to nocups Right
wait_for "imprimante (←/→ change) : l'imprimante par défaut" 5 nocups
for _ in 1 2 3 4 5 6 7 8; do keys_to nocups Up; done
keys_to nocups Enter
wait_for "$T/docs/liste-certifiee-" 10 nocups
pdf=$(ls "$T/docs"/liste-certifiee-*.pdf)
[ -s "$pdf" ] || fail "the PDF was not kept when printing failed"
screen nocups | grep -q "✘" || fail "a failed print is not shown as a refusal"
wait_for "aucune imprimante n'est choisie par défaut" 5 nocups
wait_for "lp : lp: Error - No default destination" 5 nocups
screen nocups | sed -n 1,6p | grep -q "No default destination" &&
	fail "lp's English text is in the last-action line"
keys_to nocups Escape F10
wait_for "STATION-EXITED 0" 5 nocups
dump | cmp -s - "$T/before.sql" || fail "a failed print changed the database"
rm -f "$T/docs"/*

if ! have_cupsd; then
	echo "station_print: no cupsd (or not root), real printing skipped"
	echo "station_print: ok"
	exit 0
fi

# ---- a real (private) CUPS: printed, the job holds the kept PDF ------------
private_cupsd
station_start st CUPS_SERVER="$CUPS_SERVER" -- station --queue A \
	--class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F8
wait_for "Fin de journée"
wait_for "imprimante (←/→ change) : dotation-e2e, celle par défaut" 10
keys Enter
wait_for "envoyé à l'imprimante dotation-e2e (travail dotation-e2e-" 10
job=$(screen | grep -o "dotation-e2e-[0-9]\+" | sed -n 1p)
pdf=$(ls "$T/docs"/liste-certifiee-*.pdf)
screen | tr -d '\n' | grep -qF "$pdf" || fail "the message does not say where the PDF is"
[ "$(stat -c %a "$pdf")" = 600 ] || fail "the kept PDF is not private (mode $(stat -c %a "$pdf"))"
wait_job "$job"
cmp "$(spooled "$job")" "$pdf" || fail "CUPS did not receive the PDF the station kept"
pdftotext -layout "$pdf" - >"$T/list.txt"
for n in 1 2 3; do
	contains "$T/list.txt" "R9KT30PRNT$n"
done
keys F10
wait_for "STATION-EXITED 0"
echo "station_print: ok"
