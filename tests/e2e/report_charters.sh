#!/usr/bin/env bash
# Charter cover sheets: `report charters [--class C]` prints one label per
# active person (name, class, birth date for a namesake of the class) with
# the person code as a Code 128. The round trip is real: the PDF rendered
# by pdftoppm, read back by zbarimg, gives exactly the class's person
# codes, and one code read off the paper, scanned in the station, selects
# that person; the next scan is their device.
. "$(dirname "$0")/lib.bash"
for t in pdftotext pdfinfo pdftoppm zbarimg; do
	command -v $t >/dev/null || fail "$t is missing (scripts/bootstrap)"
done
export TZ=UTC
demo_db

run 0 report charters --class "2nde 1" --out "$T/c.pdf"
grep -q "25 feuilles de garde" "$T/out" || fail "the count is not said: $(cat "$T/out")"
[ "$(stat -c %a "$T/c.pdf")" = 600 ] || fail "the PDF is not private"
[ "$(pdfinfo "$T/c.pdf" | awk '/^Pages:/{print $2}')" = 2 ] ||
	fail "25 labels, 14 a page, should take 2 pages"
pdftotext -layout "$T/c.pdf" - | tr -s ' \n' ' ' >"$T/c.txt"
contains "$T/c.txt" "Feuilles de garde des chartes"
contains "$T/c.txt" "DUMONT"
contains "$T/c.txt" "Aïcha"
contains "$T/c.txt" "Classe : 2NDE 1"
# the two Bernard Éloïse of 2NDE 1 are told apart by their birth date
contains "$T/c.txt" "Éloïse (né(e) le 24/09/2009)"
contains "$T/c.txt" "Éloïse (né(e) le 25/12/2009)"

# ---- the barcodes, read off the rendered pages ------------------------------
pdftoppm -r 150 -png "$T/c.pdf" "$T/page"
zbarimg -q --raw -Sdisable -Scode128.enable "$T"/page-*.png 2>/dev/null |
	sort >"$T/read.txt"
"$DOTATION_BIN" people --class "2NDE 1" --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    print("O%07d" % p["id"])' | sort >"$T/want.txt"
[ "$(wc -l <"$T/want.txt")" = 25 ] || fail "the class does not hold 25 people"
diff "$T/want.txt" "$T/read.txt" >&2 ||
	fail "the barcodes read back are not the class's person codes"

# ---- a code read off the paper selects its person in the station -----------
code=$(grep -m1 -A0 . "$T/read.txt")
id=$((10#${code#O}))
name=$("$DOTATION_BIN" people --class "2NDE 1" --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p["id"] == int(sys.argv[1]): print(p["last_name"], p["first_name"])' "$id")
run 0 charter "$id"
station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys "$code" Enter
wait_for "$name (2NDE 1) sélectionné(e)"
keys R9KT30CHRT01 Enter
wait_for "✔ R9KT30CHRT01 → $name"
keys F10
wait_for "STATION-EXITED 0"
serial=$("$DOTATION_BIN" people --class "2NDE 1" --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p["id"] == int(sys.argv[1]): print(p["serial"])' "$id")
[ "$serial" = R9KT30CHRT01 ] || fail "the device did not go to the person of the code"

# ---- everyone, and what is refused ------------------------------------------
run 0 report charters --out "$T/all.pdf"
[ "$(pdfinfo "$T/all.pdf" | awk '/^Pages:/{print $2}')" = 12 ] ||
	fail "160 people should take 12 pages"
run 2 report charters --from 2026-01-01 --out "$T/x.pdf"
run 3 report charters --class "NO SUCH" --out "$T/x.pdf"
[ ! -e "$T/x.pdf" ] || fail "a refused document was written"
echo "report_charters: ok"
