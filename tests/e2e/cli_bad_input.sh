#!/usr/bin/env bash
# Every bad input of the foundation issue gives its clear message and exit
# code, and leaves the database exactly as it was (compared as a dump).
. "$(dirname "$0")/lib.bash"

demo_db
id=$("$DOTATION_BIN" people --search "N'Diaye Noémie" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
other=$("$DOTATION_BIN" people --search "Bernard Éloïse" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run 0 charter "$id"
run 0 assign "$id" R9KT30ABCDE
run 0 charter "$other"
before=$(dump)

check_unchanged() {
	[ "$(dump)" = "$before" ] || fail "database changed after: $1"
}

# name | file content generator | expected exit | expected message part
roster() {
	local name=$1 want=$2 msg=$3
	run "$want" import "$T/$name"
	contains "$T/err" "$msg"
	check_unchanged "import $name"
}

: >"$T/empty.csv"
roster empty.csv 3 "vide"

printf 'Nom;Prénom;Classe\n' >"$T/header.csv"
roster header.csv 3 "aucune"

printf 'foo;bar;baz\n1;2;3\n' >"$T/unknown.csv"
roster unknown.csv 3 "Nom"

head -c 4096 /dev/urandom >"$T/garbage.csv"
printf '\0' >>"$T/garbage.csv"
roster garbage.csv 3 "texte"

printf 'Nom;Prénom;Date de naissance;Classe\nDurand;Ana;01/02/2009;2NDE 1\nDurand;Ana;01/02/2009;2NDE 1\n' >"$T/dup.csv"
roster dup.csv 3 "ligne 3"

printf 'Nom;Prénom;Date de naissance;Classe\nDurand;Ana;31/02/2009;2NDE 1\nVidal;Jo;01/02/2009;2NDE 1\n' >"$T/date.csv"
roster date.csv 3 "31/02/2009"
contains "$T/err" "ligne 2"
contains "$T/err" "--skip-invalid"

# 50 MB: a whole file parsed, one bad row at its end, nothing written.
python3 - "$T/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("Nom;Prénom;Date de naissance;Classe;Identifiant\n")
    row = 0
    while f.tell() < 50 * 1024 * 1024:
        f.write("Élève%07d;Prénom-Composé;01/02/2009;2NDE %d;BIG%07d\n"
                % (row, row % 9, row))
        row += 1
    f.write("Dernier;Rang;99/99/2009;2NDE 1;LAST\n")
PY
roster big.csv 3 "99/99/2009"

# Serials and people.
run 3 assign "$other" R9KTO0ABCDE
contains "$T/err" "lettre O"
contains "$T/err" "chiffre 0"
check_unchanged "serial with O"
run 3 assign "$other" r9kto0abcde
contains "$T/err" "lettre O"
check_unchanged "serial with o"
run 3 assign "$other" "R9KT 30ABCDE"
contains "$T/err" "chiffres et des lettres majuscules"
check_unchanged "serial with a space"
run 3 assign 99999 R9KT30ABCDF
contains "$T/err" "personne inconnue"
check_unchanged "unknown person"
run 3 assign "$other" r9kt30abcde
contains "$T/err" "N'Diaye Noémie"
check_unchanged "duplicate serial"
run 3 check-serial R9KTO0ABCDE
contains "$T/out" "rejected	letter-o	R9KTO0ABCDE"

# Usage errors exit 2 and change nothing.
run 2 assign "$other"
run 2 undo notanumber
run 2 --lang xx status
run 2 frobnicate
check_unchanged "usage errors"

# English is available.
run 3 --lang en assign "$other" R9KTO0ABCDE
contains "$T/err" "never contain the letter O"
echo "cli_bad_input: ok"
