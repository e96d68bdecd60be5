#!/usr/bin/env bash
# The command-line contracts of DESIGN.md that the foundation issue names:
# init, import (CSV and SIECLE, --dry-run, --skip-invalid, --full), people
# (json fields, search), charter, assign, undo, status (json fields), exit
# codes, 0600 files and an append-only journal.
. "$(dirname "$0")/lib.bash"

json() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1"; }

run 0 init --uai 0750654d --name "Lycée Jean Moulin" --station cdi-1
[ "$(stat -c %a "$DOTATION_DB")" = 600 ] || fail "database is not 0600"
run 3 init --uai 0750654E --name "X"
contains "$T/err" "0750654E"
run 2 init --uai 0750654D

# --dry-run writes nothing; the summary says what would happen.
run 0 import --dry-run "$DOTATION_SRC/data/demo-roster.csv"
contains "$T/out" "ajoutés 160"
contains "$T/out" "simulation"
run 0 status --format json
json 'assert d["people"] == 0, d'

run 0 import "$DOTATION_SRC/data/demo-roster.csv"
contains "$T/out" "ajoutés 160, mis à jour 0, désactivés 0, ignorés 0"
run 0 import "$DOTATION_SRC/data/demo-roster.csv"
contains "$T/out" "ajoutés 0, mis à jour 0"

run 0 people --format json
json '
assert len(d) == 160, len(d)
need = {"id","last_name","first_name","birth_date","class","profile","ine","active","charter","serial"}
for p in d:
    assert need <= set(p), set(p) ^ need
    assert p["profile"] in ("eleve","prof","personnel")
    assert p["active"] is True and p["charter"] is False and p["serial"] is None
    assert p["birth_date"] is None or len(p["birth_date"]) == 10
assert sum(p["profile"] == "prof" for p in d) == 10
'
# Accent- and case-insensitive search; "lefevre" finds Lefèvre.
run 0 people --search "LEFEVRE" --format json
json 'assert d and all("lef" in p["last_name"].lower() for p in d), d'
run 0 people --search "noemie n'diaye" --format json
json 'assert len(d) == 1 and d[0]["last_name"] == "N'"'"'Diaye", d'
pid=$(json 'print(d[0]["id"])')
ine=$(json 'print(d[0]["ine"])')
run 0 people --class "2NDE 1" --format csv
contains "$T/out" "id;nom;prenom;date_naissance;classe"

# Charter, assign by INE, undo; the journal keeps every step.
run 3 assign "$ine" R9KT30ABCDE
contains "$T/err" "aucune charte"
run 0 charter "$ine"
run 3 charter "$pid"
contains "$T/err" "déjà enregistrée"
run 0 assign "$ine" r9kt30abcde --microsd --case
contains "$T/out" "R9KT30ABCDE remis à N'Diaye Noémie"
seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
run 0 people --search ndiaye --format json
json 'p=d[0]; assert p["serial"] == "R9KT30ABCDE" and p["charter"] and p["microsd"] and p["case"], p'
run 3 charter --undo "$pid"
contains "$T/err" "R9KT30ABCDE"
run 0 undo "$seq"
run 3 undo "$seq"
run 3 undo 99999
run 0 people --search ndiaye --format json
json 'assert d[0]["serial"] is None, d'

run 0 status --format json
json '
need = {"people","handed_over","journal_entries","pending","last_sync"}
assert need <= set(d), d
assert d["people"] == 160 and d["handed_over"] == 0, d
assert d["journal_entries"] == 5 and d["pending"] == 5 and d["last_sync"] is None, d
'
run 0 status
contains "$T/out" "Lycée Jean Moulin 0750654D"

# The journal cannot be rewritten, even with the sqlite3 shell.
if sqlite3 "$DOTATION_DB" "DELETE FROM journal" 2>"$T/err"; then
	fail "journal rows could be deleted"
fi
contains "$T/err" "append-only"
if sqlite3 "$DOTATION_DB" "UPDATE journal SET type = 'x'" 2>"$T/err"; then
	fail "journal rows could be changed"
fi

# --skip-invalid imports the rest and lists what it skipped.
printf 'Nom;Prénom;Date de naissance;Classe;Identifiant\nDurand;Ana;31/02/2009;2NDE 1;N1\nVidal;Jo;01/02/2009;2NDE 1;N2\n' >"$T/bad.csv"
run 3 import "$T/bad.csv"
run 0 import --skip-invalid "$T/bad.csv"
contains "$T/err" "ligne 2"
contains "$T/out" "ajoutés 1, mis à jour 0, désactivés 0, ignorés 1"

# --full: people missing from the file become inactive, never deleted.
run 0 import --full "$DOTATION_SRC/data/demo-roster.csv"
contains "$T/out" "désactivés 1"
run 0 people --all --search vidal --format json
json 'assert len(d) == 1 and d[0]["active"] is False, d'

# SIECLE export (ISO-8859-15): a student who left is inactive.
run 0 import --skip-invalid "$DOTATION_SRC/tests/fixtures/roster/ElevesSansAdresses.xml"
contains "$T/err" "4005"
run 0 people --all --search "lefevre eloise" --format json
json 'assert len(d) == 1 and d[0]["last_name"] == "LEFÈVRE" and d[0]["ine"] == "1234567890A", d'
run 0 people --all --search "zoe" --format json
json 'assert any(p["active"] is False for p in d), d'

run 0 --version
run 0 assign --help
contains "$T/out" "usage"
echo "cli_contracts: ok"
