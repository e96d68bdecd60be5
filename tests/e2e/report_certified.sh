#!/usr/bin/env bash
# The certified list of beneficiaries, as a school would make it: a roster
# with every French character, charters and handovers through the CLI, one
# handover undone, then the PDF read back with poppler: every name with its
# accents and every serial (never the undone one), the barcodes decoded by
# zbarimg from a 300 dpi render, the fingerprint recomputed from the CSV
# export with the documented recipe, 60-character names kept inside their
# cells, metadata, file mode. Then the still-to-equip list, the CSV export
# and the refusals (no font, nothing to list, no destination).
. "$(dirname "$0")/lib.bash"

for tool in pdftotext pdfinfo pdftoppm zbarimg python3; do
	command -v "$tool" >/dev/null || fail "$tool is missing (scripts/bootstrap)"
done

LONG_LAST="de La Tour d’Auvergne-Lauraguais de Saint-Exupéry-Montmorins"
LONG_FIRST="Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaf"
python3 - "$LONG_LAST" "$LONG_FIRST" <<'PY'
import sys
for s in sys.argv[1:]:
    assert len(s) == 60, (len(s), s)
PY

cat >"$T/roster.csv" <<EOF
Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant
Œhler;Noël;06/03/2009;2NDE 1;Élève;;E001
D’Argentré;François;02/06/2009;2NDE 1;Élève;;E002
Crèvecœur;Anaïs;07/03/2009;2NDE 1;Élève;;E003
Çelik;Jérôme;24/09/2009;2NDE 1;Élève;;E004
Côté;Gaëlle;11/01/2009;2NDE 1;Élève;;E005
Pêcheur;Bénédicte;12/12/2008;1ERE 2;Élève;;E006
Lefèvre;Héloïse;01/02/2008;1ERE 2;Élève;;E007
$LONG_LAST;Zoé;03/04/2008;1ERE 2;Élève;;E008
Martin;$LONG_FIRST;05/06/2008;1ERE 2;Élève;;E009
Àlvarez;Maël;07/08/2008;1ERE 2;Élève;;E010
Absent;Ïsaac;09/10/2008;1ERE 2;Élève;;E011
Rivière;Frédéric;;;Enseignant;;P001
EOF

run 0 init --uai 0750654D --name "Lycée Émile-Zola « Les Œillets »" \
	--station poste-1
run 0 import "$T/roster.csv"

# Hand over to everyone but E011; serials of different lengths, one of 20.
declare -A SERIAL=(
	[E001]=HAKV4P7Q9R [E002]=HAKV4P7Q9S [E003]=123456789012
	[E004]=HAKV4P7Q9T [E005]=ABCDEFGHJKLMNPQRSTUV [E006]=9X8Y7Z6W5V
	[E007]=HAKV4P7Q9U [E008]=HAKV4P7Q9V [E009]=HAKV4P7Q9W
	[E010]=HAKV4P7Q9X [P001]=PRF0000001
)
for id in "${!SERIAL[@]}"; do
	run 0 charter "$id"
	run 0 assign "$id" "${SERIAL[$id]}" --microsd --case
done
# A handover made by mistake, then undone: it must not be listed.
run 0 assign E011 UND0NE0001 --with-charter
seq=$(grep -o '[0-9]\+' "$T/out" | tail -1)
run 0 undo "$seq"

run 0 report certified --out "$T/c.pdf" --place "Marseille"
contains "$T/out" "11 cessions"
[ "$(stat -c %a "$T/c.pdf")" = 600 ] || fail "the PDF is not mode 0600"

pdftotext "$T/c.pdf" "$T/c.txt" 2>/dev/null
pdftotext -raw "$T/c.pdf" "$T/raw.txt" 2>/dev/null
tail -n +2 "$T/roster.csv" | while IFS=';' read -r last first _ _ _ _ id; do
	[ "$id" = E011 ] && continue
	if [ "$id" != E008 ]; then
		contains "$T/raw.txt" "$last"
	fi
	if [ "$id" != E009 ]; then
		contains "$T/raw.txt" "$first"
	fi
done
for id in "${!SERIAL[@]}"; do
	contains "$T/c.txt" "${SERIAL[$id]}"
done
! grep -q UND0NE0001 "$T/c.txt" || fail "an undone handover is listed"
! grep -q "Ïsaac" "$T/c.txt" || fail "a person whose handover was undone is listed"
for text in "Liste certifiée des bénéficiaires" "Lycée Émile-Zola « Les Œillets » — UAI 0750654D" \
	"Certifié exact" "Fait à Marseille, le" "Cachet de l’établissement" \
	"Sous-total 2NDE 1 : 5 bénéficiaires" "Total : 11 bénéficiaires" \
	"Personnels (sans classe)" "Enseignant"; do
	contains "$T/c.txt" "$text"
done

# Metadata
pdfinfo "$T/c.pdf" >"$T/info" 2>/dev/null
contains "$T/info" "Title:           Liste certifiée des bénéficiaires — Lycée Émile-Zola"
contains "$T/info" "Author:          Lycée Émile-Zola « Les Œillets »"
grep -q "^CreationDate: " "$T/info" || fail "no creation date in the metadata"
pages=$(sed -n 's/^Pages: *//p' "$T/info")
contains "$T/out" "$pages pages"
for i in $(seq 1 "$pages"); do
	contains "$T/c.txt" "page $i / $pages"
done

# The barcodes decode back to exactly the serials listed.
pdftoppm -r 300 -png "$T/c.pdf" "$T/page" 2>/dev/null
# (zbarimg exits 4 for a page without barcodes: the diff is the verdict)
{ zbarimg -q --raw "$T"/page*.png || true; } | sort >"$T/decoded"
printf '%s\n' "${SERIAL[@]}" | sort >"$T/serials"
diff "$T/serials" "$T/decoded" >&2 || fail "the barcodes do not decode to the serials"

# The fingerprint: the short form printed and announced, the full one in
# the closing block, and the same value recomputed from the CSV export.
full=$(grep -o "Empreinte SHA-256 des lignes : [0-9a-f]\{64\}" "$T/c.txt" | grep -o "[0-9a-f]\{64\}")
[ -n "$full" ] || fail "no full fingerprint in the closing block"
contains "$T/out" "empreinte ${full:0:16}"
contains "$T/c.txt" "Empreinte ${full:0:4} ${full:4:4} ${full:8:4} ${full:12:4}"
run 0 export csv --out "$T/all.csv"
recomputed=$(tail -n +2 "$T/all.csv" | tr -d '\r' |
	awk -F';' '$9 == "cession" && $10 == ""' | cut -d';' -f1-8 |
	LC_ALL=C sort | sha256sum | cut -d' ' -f1)
[ "$recomputed" = "$full" ] || fail "fingerprint $full, recomputed from the CSV $recomputed"

# 60-character names stay inside their cells (word boxes, in points).
pdftotext -bbox "$T/c.pdf" "$T/bbox.html" 2>/dev/null
python3 - "$T/bbox.html" "${SERIAL[E008]}" "${SERIAL[E009]}" <<'PY' || fail "a long name overflows its cell"
import html, re, sys
words = [(float(a), float(b), float(c), float(d), html.unescape(w))
         for a, b, c, d, w in re.findall(
             r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
             open(sys.argv[1], encoding="utf-8").read())]
def first(text):
    return next(w for w in words if w[4] == text)
# column starts from the header (each cell has 3 points of padding)
head = first("Prénom")
klass = next(w for w in words if w[4] == "Classe" and abs(w[1] - head[1]) < 2)
x_first, x_class = head[0] - 3, klass[0] - 3
def row_words(serial):
    s = first(serial)
    yc = (s[1] + s[3]) / 2
    return [w for w in words if abs((w[1] + w[3]) / 2 - yc) < 11]
bad = []
# the long last name: every word left of the first-name column
row = row_words(sys.argv[2])
name = [w for w in row if w[0] < x_first]
if not any("Auvergne" in w[4] for w in name):
    bad.append("the long last name is not printed")
bad += ["%r ends at %.1f past %.1f" % (w[4], w[2], x_first)
        for w in name if w[2] > x_first + 0.5]
# the long first name: cut with an ellipsis before the class column
row = row_words(sys.argv[3])
name = [w for w in row if x_first - 1 < w[0] < x_class]
if not any(w[4].startswith("Wolfeschlegel") and w[4].endswith("…") for w in name):
    bad.append("the long first name is not cut with an ellipsis: %r" % [w[4] for w in name])
bad += ["%r ends at %.1f past %.1f" % (w[4], w[2], x_class)
        for w in name if w[2] > x_class + 0.5]
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# One class only
run 0 report certified --class "1ERE 2" --out "$T/one.pdf" --no-barcodes
pdftotext "$T/one.pdf" "$T/one.txt" 2>/dev/null
contains "$T/one.txt" "Classe : 1ERE 2"
contains "$T/one.txt" "${SERIAL[E006]}"
! grep -q "${SERIAL[E001]}" "$T/one.txt" || fail "--class lists another class"
run 3 report certified --class "NOPE" --out "$T/none.pdf"
contains "$T/err" "NOPE"

# Still to equip: the one whose handover was undone, not the others.
run 0 report missing --out "$T/m.pdf"
pdftotext "$T/m.pdf" "$T/m.txt" 2>/dev/null
contains "$T/m.txt" "Ïsaac"
contains "$T/m.txt" "Reste à équiper"
! grep -q "Œhler" "$T/m.txt" || fail "an equipped student is listed as still to equip"

# CSV: one row per assignment, Excel flavour; an undone handover never
# happened, so it is not exported (status does not count it either).
[ "$(tail -n +2 "$T/all.csv" | wc -l)" = 11 ] || fail "the CSV export does not have 11 assignments"
! grep -q ";undo;" "$T/all.csv" || fail "the undone assignment is in the export"
[ "$(stat -c %a "$T/all.csv")" = 600 ] || fail "the CSV is not mode 0600"
run 0 export csv --excel --out "$T/x.csv"
[ "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--excel: no BOM"
head -1 "$T/x.csv" | grep -q $'\r$' || fail "--excel: no CRLF"
"$DOTATION_BIN" export csv | sed -n 1p | grep -q "^numero_serie;nom;prenom;classe;profil;remis_le;microsd;etui;type" ||
	fail "export to stdout: wrong header"

# Refusals
run 1 report certified --out "$T/f.pdf" --font /nonexistent/DejaVuSans.ttf
contains "$T/err" "/nonexistent/DejaVuSans.ttf"
contains "$T/err" "fonts-dejavu-core"
[ ! -e "$T/f.pdf" ] || fail "a PDF was written without its font"
DOTATION_FONT=/nonexistent/Other.ttf run 1 report certified --out "$T/f.pdf"
contains "$T/err" "/nonexistent/Other.ttf"
run 2 report certified
run 2 report nosuchdocument --out "$T/f.pdf"
run 2 report certified --from 2025-09-30 --to 2025-09-01 --out "$T/f.pdf"
DOTATION_DB="$T/empty.db" run 0 init --uai 0750654D --name "Lycée Vide"
DOTATION_DB="$T/empty.db" run 3 report certified --out "$T/f.pdf"
[ ! -e "$T/f.pdf" ] || fail "an empty certified list was written"

echo "report_certified: ok"
