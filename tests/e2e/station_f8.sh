#!/usr/bin/env bash
# Every end-of-day document from F8, saved (0600) in the documents folder
# and printed on a printer chosen from CUPS's list (a private cupsd with
# two raw queues; the default one preselected): the certified list (all,
# the class), the attestation (its period proposed, edited, numbered), the
# still-to-equip list, the loans, the charter cover sheets (the class,
# everyone) and the CSV export. CUPS receives byte for byte the PDF kept.
# The operator's name given once in F9 goes into the journal and onto the
# documents. A printer that refuses jobs: our French words, lp's own in a
# detail line, the PDF kept.
. "$(dirname "$0")/lib.bash"
for t in pdftotext pdfinfo; do
	command -v $t >/dev/null || fail "$t is missing (scripts/bootstrap)"
done
have_cupsd || { echo "station_f8: no cupsd (or not root): skipped"; exit 0; }
export TZ=UTC
demo_db
n=0
for id in $("$DOTATION_BIN" people --class "2NDE 1" --format csv |
	tail -n +2 | cut -d';' -f1 | sed -n 1,3p); do
	n=$((n + 1))
	run 0 assign "$id" "R9KT30F8D$n" --with-charter
done
today=$(date +%Y-%m-%d)
fr_today=$(date +%d/%m/%Y)
mkdir -m 700 "$T/docs"
export DOTATION_DOCS_DIR="$T/docs"
private_cupsd
_lpadmin_retry "cannot create the second queue" -p dotation-f8b -E \
	-v "file:///dev/null" -m raw

station_start st CUPS_SERVER="$CUPS_SERVER" -- station --queue A \
	--class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"

# ---- the operator's name, once, in F9 --------------------------------------
keys F9
wait_for "Réglages de cette file"
keys Down Down Down Down
wait_for "opérateur"
keys Enter
wait_for "Nom de l'opérateur de cette file"
keys C-u
keys -l "Mme Durand"
keys Enter
wait_for "opérateur : Mme Durand"
keys Escape
wait_for "Classe 2NDE 1"

# ---- F8: the printers, the default one preselected --------------------------
keys F8
wait_for "Fin de journée"
wait_for "imprimante (←/→ change) : dotation-e2e, celle par défaut" 10
wait_for "émettre l'attestation de cession n° 1, du $fr_today au $fr_today"

# doc ROW EXPECTED-FILE: Enter on menu row ROW (0 the first), wait for it
# printed, check the PDF kept is the one CUPS received
row=0
goto() {
	while [ $row -lt $1 ]; do keys Down; row=$((row + 1)); done
	while [ $row -gt $1 ]; do keys Up; row=$((row - 1)); done
}
printed() { # FILE QUEUE
	local f=$T/docs/$1 job
	wait_for "$f" 15
	screen | grep -q "envoyé à l'imprimante $2 (travail $2-[0-9]*)" ||
		fail "$1 was not printed on $2: $(screen)"
	job=$(screen | grep -o "travail $2-[0-9]\+" | sed -n 1p)
	job=${job#travail }
	[ "$(stat -c %a "$f")" = 600 ] || fail "$1 is not private"
	wait_job "$job"
	cmp "$(spooled "$job")" "$f" || fail "CUPS did not receive $1 as kept"
}

goto 0
keys Enter
printed "liste-certifiee-$today.pdf" dotation-e2e
pdftotext -layout "$T/docs/liste-certifiee-$today.pdf" - >"$T/c.txt"
for i in 1 2 3; do contains "$T/c.txt" "R9KT30F8D$i"; done
contains "$T/c.txt" "établi par Mme Durand"

# another printer from the list, for the rest
goto 8
keys Right
wait_for "imprimante (←/→ change) : dotation-f8b"
goto 1
keys Enter
printed "liste-certifiee-2NDE_1-$today.pdf" dotation-f8b

# the attestation: the period proposed, edited (a wrong date first)
goto 2
keys Enter
wait_for "Premier jour de la période de l'attestation"
keys C-u
keys -l "32/13/2026"
keys Enter
wait_for "32/13/2026 n'est pas une date"
keys C-u
keys -l "$fr_today"
keys Enter
wait_for "Dernier jour de la période de l'attestation"
keys Enter
printed "attestation-cession-n1-$today.pdf" dotation-f8b
pdftotext -layout "$T/docs/attestation-cession-n1-$today.pdf" - |
	tr -s ' \n' ' ' >"$T/a.txt"
contains "$T/a.txt" "Attestation de cession n° 1 de la période de distribution"
contains "$T/a.txt" "Nombre de cessions attestées : 3"
# the next one is proposed with the next number; a cession later today
# starts its period today: two attestations the same day
wait_for "émettre l'attestation de cession n° 2"
other=$("$DOTATION_BIN" people --class "2NDE 2" --format csv | tail -n +2 | cut -d';' -f1 | sed -n 1p)
run 0 assign "$other" R9KT30F8D4 --with-charter
keys Escape
wait_for "Classe 2NDE 1"
keys F8
wait_for "émettre l'attestation de cession n° 2, du $fr_today au $fr_today"
keys Enter
wait_for "Premier jour de la période de l'attestation"
keys Enter
wait_for "Dernier jour de la période de l'attestation"
keys Enter
printed "attestation-cession-n2-$today.pdf" dotation-f8b
pdftotext -layout "$T/docs/attestation-cession-n2-$today.pdf" - |
	tr -s ' \n' ' ' >"$T/a2.txt"
contains "$T/a2.txt" "Attestation de cession n° 2 pour les cessions ultérieures"
contains "$T/a2.txt" "R9KT30F8D4"
if grep -q "R9KT30F8D1" "$T/a2.txt"; then fail "n° 2 repeats n° 1's cessions"; fi

goto 3
keys Enter
printed "reste-a-equiper-$today.pdf" dotation-f8b
pdftotext -layout "$T/docs/reste-a-equiper-$today.pdf" - >"$T/m.txt"
contains "$T/m.txt" "Reste à équiper"

goto 4
keys Enter
printed "prets-a-recuperer-$today.pdf" dotation-f8b

goto 5
keys Enter
printed "feuilles-de-garde-2NDE_1-$today.pdf" dotation-f8b
[ "$(pdfinfo "$T/docs/feuilles-de-garde-2NDE_1-$today.pdf" |
	awk '/^Pages:/{print $2}')" = 2 ] || fail "25 cover sheets should take 2 pages"

goto 6
keys Enter
printed "feuilles-de-garde-$today.pdf" dotation-f8b
[ "$(pdfinfo "$T/docs/feuilles-de-garde-$today.pdf" |
	awk '/^Pages:/{print $2}')" = 12 ] || fail "160 cover sheets should take 12 pages"

# the CSV is saved, never printed
goto 7
keys Enter
wait_for "enregistré : $T/docs/remises-$today.csv (4 remises)" 10
[ "$(stat -c %a "$T/docs/remises-$today.csv")" = 600 ] || fail "the CSV is not private"
[ "$(grep -c R9KT30F8D "$T/docs/remises-$today.csv")" = 4 ] ||
	fail "the CSV does not hold the 4 handovers"

# ---- a printer that refuses jobs: French words, lp's own below -------------
cupsreject dotation-f8b
goto 3
keys Enter
wait_for "l'imprimante dotation-f8b n'accepte pas de documents en ce moment" 15
wait_for "le document est enregistré : $T/docs/reste-a-equiper-$today.pdf"
wait_for "lp : lp: Destination \"dotation-f8b\" is not accepting jobs"
# lp's English never in the big line above
screen | sed -n 1,6p | grep -q "not accepting" &&
	fail "lp's English text is in the last-action line"

# ---- the operator's name in the journal --------------------------------------
keys Escape
wait_for "Classe 2NDE 1"
keys Down Down Down Down Down F4
wait_for "charte enregistrée"
op=$(sqlite3 "$DOTATION_DB" "SELECT operator FROM journal ORDER BY seq DESC LIMIT 1")
[ "$op" = "Mme Durand" ] || fail "the journal names '$op', not the operator set in F9"
keys F10
wait_for "STATION-EXITED 0"

# kept for the next run
tm kill-session -t st
station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F9
wait_for "Mme Durand"
keys Escape F10
wait_for "STATION-EXITED 0"
echo "station_f8: ok"
