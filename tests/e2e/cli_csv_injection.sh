#!/usr/bin/env bash
# issue 13, defect 2: names made to be run as spreadsheet formulas are
# written as text by every CSV output ("export csv", "people --format
# csv"): a cell that starts with = + - @, a tab or a CR gets a leading
# single quote (OWASP), and the files stay valid CSV.
. "$(dirname "$0")/lib.bash"

run 0 init --uai 0750654D --name "Lycée Test"
python3 - "$T/evil.csv" <<'PY'
import sys
rows = [("=cmd|' /C calc'!A0", "Ana"), ("+SUM(1+1)", "Bob"), ("-2+3", "Cy"),
        ("@SUM(A1)", "Di"), ('=HYPERLINK("http://x.invalid";"clic")', "Ed"),
        ("Martin", "=1+1"), ("Durand", "Jo")]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("Nom;Prénom;Date de naissance;Classe;Identifiant\n")
    for i, (last, first) in enumerate(rows):
        q = lambda s: '"' + s.replace('"', '""') + '"'
        f.write("%s;%s;01/02/2009;2NDE 1;EV%02d\n" % (q(last), q(first), i))
PY
run 0 import "$T/evil.csv"
contains "$T/out" "ajoutés 7"
for i in 00 01 02 03 04 05; do
	id=$("$DOTATION_BIN" people --search "" --format json | python3 -c "
import json,sys
print([p['id'] for p in json.load(sys.stdin) if p['ext_id'] == 'EV$i'][0])")
	run 0 assign --with-charter "$id" "R9KT30ABC${i}X"
done

check() { # FILE: every cell is safe, the names survive behind the quote
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""),
                       delimiter=";"))
bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
assert not bad, "cells a spreadsheet would run: %r" % bad
cells = {c for r in rows for c in r}
for want in ("'=cmd|' /C calc'!A0", "'+SUM(1+1)", "'-2+3", "'@SUM(A1)",
             "'=HYPERLINK(\"http://x.invalid\";\"clic\")", "'=1+1"):
    assert want in cells, "missing %r in %s" % (want, sys.argv[1])
assert "Durand" in cells or "Martin" in cells
width = {len(r) for r in rows}
assert len(width) == 1, "rows of different widths: %r" % width
PY
}
run 0 people --format csv
cp "$T/out" "$T/people.csv"
check "$T/people.csv" || fail "people --format csv"
run 0 export csv --out "$T/export.csv"
check "$T/export.csv" || fail "export csv"
run 0 export csv --excel --out "$T/excel.csv"
check "$T/excel.csv" || fail "export csv --excel"
# JSON and the table keep the names as they are.
run 0 people --format json
contains "$T/out" '"last_name":"+SUM(1+1)"'
echo "cli_csv_injection: ok"
