#!/usr/bin/env bash
# Attestations of cession over time: handovers on chosen days
# (DOTATION_TODAY), attestation n° 1 for a period, later cessions going into
# n° 2 only, a cession recorded late inside period 1 going into n° 3, the
# refusals (no dates, reversed dates, nothing left to attest) recording
# nothing, a reprint giving the same rows, and one journal entry each.
. "$(dirname "$0")/lib.bash"

command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"

cat >"$T/roster.csv" <<'EOF'
Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant
Aubért;Amélie;01/01/2009;2NDE 1;Élève;;A1
Bœuf;Bérénice;02/01/2009;2NDE 1;Élève;;A2
Cœur;Céline;03/01/2009;2NDE 2;Élève;;A3
Dupré;Dorothée;04/01/2009;2NDE 2;Élève;;A4
Éluard;Ève;05/01/2009;1ERE 1;Élève;;A5
Fénelon;Félix;06/01/2009;1ERE 1;Élève;;A6
EOF
run 0 init --uai 0750654D --name "Lycée Jean-Moulin" --station poste-1
run 0 import "$T/roster.csv"

hand() { # DAY PERSON SERIAL
	DOTATION_TODAY=$1 run 0 assign "$2" "$3" --with-charter
}
hand 2025-09-01 A1 SERA000001
hand 2025-09-01 A2 SERA000002
hand 2025-09-02 A3 SERA000003
hand 2025-09-08 A4 SERA000004
hand 2025-09-09 A5 SERA000005

journal() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = 'attestation'"; }
attestations() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM attestations"; }

# Both dates are required; a reversed period is a usage error.
run 2 report attestation --out "$T/a.pdf"
contains "$T/err" "--from"
run 2 report attestation --from 2025-09-01 --out "$T/a.pdf"
run 2 report attestation --from 2025-09-05 --to 2025-09-01 --out "$T/a.pdf"
run 2 report attestation --from 2025-02-30 --to 2025-09-01 --out "$T/a.pdf"
[ "$(attestations)" = 0 ] || fail "a refused attestation was recorded"

# n° 1: the first week
run 0 report attestation --from 2025-09-01 --to 2025-09-05 --out "$T/a1.pdf"
contains "$T/out" "n° 1"
contains "$T/out" "3 cessions"
pdftotext "$T/a1.pdf" "$T/a1.txt" 2>/dev/null
for text in "Attestation de cession n° 1" "Lycée Jean-Moulin — UAI 0750654D" \
	"du 01/09/2025 au 05/09/2025" "Nombre de cessions attestées : 3" \
	Aubért Amélie Bœuf Bérénice Cœur Céline SERA000001 SERA000002 SERA000003 \
	"Cachet de l’établissement" "page 1 / "; do
	contains "$T/a1.txt" "$text"
done
for absent in SERA000004 SERA000005 Dupré Éluard; do
	! grep -q "$absent" "$T/a1.txt" || fail "attestation 1 lists $absent, handed over after its end"
done

# The same period again: nothing left, refused, nothing recorded.
run 3 report attestation --from 2025-09-01 --to 2025-09-05 --out "$T/again.pdf"
contains "$T/err" "--number"
[ ! -e "$T/again.pdf" ] || fail "a refused attestation wrote a PDF"
[ "$(attestations)" = 1 ] && [ "$(journal)" = 1 ] || fail "a refused attestation was recorded"

# n° 2 over the whole month holds only the later cessions.
run 0 report attestation --from 2025-09-01 --to 2025-09-30 --out "$T/a2.pdf"
contains "$T/out" "n° 2"
contains "$T/out" "2 cessions"
pdftotext "$T/a2.pdf" "$T/a2.txt" 2>/dev/null
for text in "Attestation de cession n° 2" "Nombre de cessions attestées : 2" \
	Dupré Dorothée Éluard Ève SERA000004 SERA000005; do
	contains "$T/a2.txt" "$text"
done
for absent in SERA000001 SERA000002 SERA000003 Aubért; do
	! grep -q "$absent" "$T/a2.txt" || fail "attestation 2 repeats $absent from attestation 1"
done

# A charter caught up late, handed over on 3 September (inside period 1
# but after n° 1 was issued): it goes into n° 3, alone.
hand 2025-09-03 A6 SERA000006
run 0 report attestation --from 2025-09-01 --to 2025-09-30 --out "$T/a3.pdf"
contains "$T/out" "n° 3"
pdftotext "$T/a3.pdf" "$T/a3.txt" 2>/dev/null
contains "$T/a3.txt" SERA000006
contains "$T/a3.txt" "Nombre de cessions attestées : 1"
! grep -q SERA000001 "$T/a3.txt" || fail "attestation 3 repeats attestation 1"

# One journal entry per attestation, naming its serials.
[ "$(journal)" = 3 ] || fail "expected 3 attestation journal entries, got $(journal)"
sqlite3 "$DOTATION_DB" "SELECT data FROM journal WHERE type = 'attestation' ORDER BY seq LIMIT 1" >"$T/j1"
contains "$T/j1" '"number":1'
contains "$T/j1" '"SERA000003"'

# The CSV export says which attestation covers each cession.
run 0 export csv
awk -F';' '$1 == "SERA000002" && $13 == "1" { ok = 1 } END { exit !ok }' "$T/out" ||
	fail "the export does not show SERA000002 in attestation 1"
awk -F';' '$1 == "SERA000005" && $13 == "2" { ok = 1 } END { exit !ok }' "$T/out" ||
	fail "the export does not show SERA000005 in attestation 2"

# A reprint gives the same rows and fingerprint, marked as a duplicate,
# and records nothing.
run 0 report attestation --number 1 --out "$T/a1b.pdf"
pdftotext "$T/a1b.pdf" "$T/a1b.txt" 2>/dev/null
contains "$T/a1b.txt" "Duplicata"
fp1=$(grep -o "[0-9a-f]\{64\}" "$T/a1.txt")
fp1b=$(grep -o "[0-9a-f]\{64\}" "$T/a1b.txt")
[ -n "$fp1" ] && [ "$fp1" = "$fp1b" ] || fail "the reprint's fingerprint differs: $fp1 / $fp1b"
grep -o "SERA00000[0-9]" "$T/a1.txt" | sort >"$T/s1"
grep -o "SERA00000[0-9]" "$T/a1b.txt" | sort >"$T/s1b"
diff "$T/s1" "$T/s1b" >&2 || fail "the reprint lists other serials"
[ "$(attestations)" = 3 ] && [ "$(journal)" = 3 ] || fail "a reprint recorded something"
run 0 report attestation --number 0 --out "$T/last.pdf"
pdftotext "$T/last.pdf" - 2>/dev/null | grep -q "Attestation de cession n° 3" ||
	fail "--number 0 is not the latest attestation"
run 3 report attestation --number 7 --out "$T/a7.pdf"
run 2 report attestation --number 1 --from 2025-09-01 --to 2025-09-02 --out "$T/x.pdf"

echo "report_attestation: ok"
