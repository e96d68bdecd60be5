#!/usr/bin/env bash
# The attestation's words follow its rank, not dates: n° 1 is the
# attestation of the distribution period, every later one the attestation
# "pour les cessions ultérieures", and neither claims that the cessions
# after its last day go into the next one (two issued the same day are
# both right: the second holds only what the first does not). Counts read
# right in the singular. Checked on the PDF text (pdftotext).
. "$(dirname "$0")/lib.bash"
command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"
demo_db
day=2026-09-03
ids=$("$DOTATION_BIN" people --class "2NDE 1" --format csv | tail -n +2 | cut -d';' -f1 | sed -n 1,3p)
set -- $ids
DOTATION_TODAY=$day run 0 assign "$1" RANK000001 --with-charter
DOTATION_TODAY=$day run 0 assign "$2" RANK000002 --with-charter
text() { pdftotext "$1" - | tr -s ' \n' ' '; }

# n° 1, in the morning
DOTATION_TODAY=$day run 0 report attestation --from $day --to $day --out "$T/a1.pdf"
text "$T/a1.pdf" >"$T/a1.txt"
contains "$T/a1.txt" "Attestation de cession n° 1 de la période de distribution"
contains "$T/a1.txt" "2 équipements (tablette et accessoires) ont été cédés pendant la période de distribution, du 03/09/2026 au 03/09/2026"
contains "$T/a1.txt" "Cette attestation de la période de distribution"
if grep -q "postérieures au\|ultérieures :" "$T/a1.txt"; then
	fail "n° 1 speaks of the cessions after its last day"
fi

# a cession later the same day: n° 2, the same day, for the later cessions
DOTATION_TODAY=$day run 0 assign "$3" RANK000003 --with-charter
DOTATION_TODAY=$day run 0 report attestation --from $day --to $day --out "$T/a2.pdf"
# one cession is one, in French dates
contains "$T/out" "attestation n° 2 enregistrée : 1 cession du 03/09/2026 au 03/09/2026"
text "$T/a2.pdf" >"$T/a2.txt"
contains "$T/a2.txt" "Certifié exact : 1 cession, du 03/09/2026 au 03/09/2026."
contains "$T/a2.txt" "Attestation de cession n° 2 pour les cessions ultérieures"
contains "$T/a2.txt" "Cessions ultérieures : du 03/09/2026 au 03/09/2026"
contains "$T/a2.txt" "1 équipement (tablette et accessoires) a été cédé entre le 03/09/2026 et le 03/09/2026 au bénéficiaire indiqué"
contains "$T/a2.txt" "aucune attestation antérieure (n° 1 à 1)"
contains "$T/a2.txt" RANK000003
if grep -q "RANK000001\|RANK000002\|période de distribution" "$T/a2.txt"; then
	fail "n° 2 repeats n° 1's cessions or calls itself the distribution period's"
fi
# n° 1 printed again is still what it was: its two cessions, no warning
run 0 report attestation --number 1 --out "$T/a1b.pdf"
[ ! -s "$T/err" ] || fail "reprinting n° 1 after n° 2 warns: $(cat "$T/err")"
text "$T/a1b.pdf" >"$T/a1b.txt"
contains "$T/a1b.txt" "Nombre de cessions attestées : 2"
if grep -q RANK000003 "$T/a1b.txt"; then fail "n° 1 now lists n° 2's cession"; fi
echo "report_attestation_rank: ok"
