#!/usr/bin/env bash
# Rosters as schools really have them (issue 15) and hostile roster files
# (issue 13), through the real `dotation import`: warnings are printed and
# the import goes on, refusals name the line or element and change
# nothing, and the database never holds a control or bidi character.
. "$(dirname "$0")/lib.bash"

fx=$DOTATION_SRC/tests/fixtures/roster
"$DOTATION_BIN" init --uai 0750654D --name "Lycée Test" --station t1 >/dev/null
people() { "$DOTATION_BIN" people --all --format json; }
json() { people | python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

# ID_NATIONAL of other shapes: warned, kept; the one unidentifiable
# student blocks the all-or-nothing import, and only him with
# --skip-invalid.
before=$(dump)
run 3 import "$fx/siecle-identifiers.xml"
contains "$T/err" "ligne 38 : ELEVE sans ELEVE_ID : ni ELEVE_ID, ni ID_NATIONAL, ni DATE_NAISS"
contains "$T/err" "attention : ligne 21 : ELEVE_ID 5103 (CARON Hugo) : INE « INE-2024-77 » de forme inattendue"
[ "$(dump)" = "$before" ] || fail "a refused import changed the database"
run 0 import --skip-invalid "$fx/siecle-identifiers.xml"
contains "$T/out" "ajoutés 5"
json 'm={p["last_name"]:p for p in d}; assert m["CARON"]["ine"]=="INE-2024-77" and m["BERGER"]["ine"]=="12345678901" and m["DUMAS"]["ine"] is None and m["ESTEVE"]["ine"]=="9876543210Z", m'

# Structures: a group-only student and an Inactifs one, each said.
run 0 import "$fx/siecle-structures.xml"
contains "$T/err" "ELEVE_ID 5202 (HUET Noé) : seulement dans des groupes"
contains "$T/err" "ELEVE_ID 5203 (ISNARD Zoé) : dans la division « Inactifs »"
json 'm={p["last_name"]:p for p in d}; assert m["ISNARD"]["active"] is False and m["HUET"]["active"] and m["GIRAUD"]["class"]=="TLE 2", m'

# UTF-8 under an ISO-8859-15 declaration: Grégory, not GrÃ©gory.
run 0 import "$fx/siecle-utf8-under-latin9.xml"
contains "$T/err" "le fichier annonce l'encodage ISO-8859-15 mais est écrit en UTF-8"
json 'assert any(p["first_name"]=="Grégory" for p in d), d'

# Truncated, unknown encoding: refused, named, nothing changed.
before=$(dump)
run 3 import "$fx/siecle-truncated.xml"
contains "$T/err" "est tronqué : il s'arrête ligne 18 dans l'élément <PRENOM>"
run 3 import "$fx/siecle-unknown-encoding.xml"
contains "$T/err" "encodage inconnu « ISO-8859-99 »"
[ "$(dump)" = "$before" ] || fail "a refused file changed the database"

# Marked headers and the usage name.
run 0 import "$fx/csv-marked-headers.csv"
json 'assert any(p["last_name"]=="DURAND-MARTIN" and p["first_name"]=="Zoé" for p in d), d'

# Control and bidi characters: refused per line, never stored.
run 3 import "$fx/csv-control-chars.csv"
contains "$T/err" "ligne 4 : le champ « prénom » contient un caractère de contrôle ou de sens d'écriture (U+202E)"
run 0 import --skip-invalid "$fx/csv-control-chars.csv"
people >"$T/people.json"
if python3 -c 'import sys,re; t=open(sys.argv[1],encoding="utf-8").read(); sys.exit(0 if re.search("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t.replace("\n","")) else 1)' "$T/people.json"; then
	fail "a control or bidi character reached the database"
fi

# One stray byte in a UTF-8 CSV: its line named, the others imported.
run 3 import "$fx/csv-one-latin1-byte.csv"
contains "$T/err" "ligne 4 : l'octet 0xE7 n'est pas en UTF-8 comme le reste du fichier"

# 200,000 attributes: refused at once (this took minutes before).
python3 - "$T/bomb.xml" <<'PY'
import sys
a = " ".join('a%d="%d"' % (i, i) for i in range(200000))
open(sys.argv[1], "w").write('<?xml version="1.0"?>\n<BEE_ELEVES><DONNEES><ELEVES>\n<ELEVE ELEVE_ID="1" %s><NOM>A</NOM><PRENOM>B</PRENOM></ELEVE></ELEVES></DONNEES></BEE_ELEVES>\n' % a)
PY
rc=0
timeout 60 "$DOTATION_BIN" import "$T/bomb.xml" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "the attribute bomb gave exit $rc, expected 3 at once"
contains "$T/err" "ligne 3 : l'élément <ELEVE> a plus de 64 attributs"
echo "roster_import: ok"
