#!/usr/bin/env bash
# A loan at the devices desk (F11), scan first: the device scanned, the
# borrower chosen by typing part of a name or by scanning their card, the
# loan agreement ("convention de prêt") checked and recorded on the spot,
# the due date and the condition note ("fiche état du matériel") typed,
# then one o/n question. Refusals (a held device, an unknown one, an
# impossible date, the agreement refused) write nothing: the database is
# compared. A scan while the question is open cancels it and starts over,
# Enter alone never answers it. F6 undoes the loan. A teacher borrows the
# same way (Région Sud: a temporary loan beside the cessions).
. "$(dirname "$0")/lib.bash"

demo_db
run 0 stock add LEND000001 LEND000002
run 0 charter E1000002
run 0 assign E1000002 CEDE000001
me=$("$DOTATION_BIN" people --format json | python3 -c '
import json, sys
print([p["id"] for p in json.load(sys.stdin) if p["last_name"] == "Clément"][0])')

station_start st DOTATION_TODAY=2026-11-02 -- station --queue A \
	--scanner none --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys F11
wait_for "Appareils : réception, prêts, restitutions, hors service"
keys Tab
wait_for "scannez l'appareil à prêter"

# Refused: a device held by someone, a device never received.
dump >"$T/before"
keys CEDE000001 Enter
wait_for "CEDE000001 est détenu par N'Diaye Noémie (2NDE 1) : il n'est pas libre"
keys UNKN000001 Enter
wait_for "l'appareil UNKN000001 est inconnu ici : réceptionnez-le d'abord"

# The device, then the borrower by name: no agreement yet, the question.
keys LEND000001 Enter
wait_for "LEND000001 : qui l'emprunte ?"
type_slowly "clem"
wait_for "Laëtitia"
keys Enter
wait_for "aucune convention de prêt enregistrée pour Clément Laëtitia (2NDE 1)"
# Enter alone never answers; a scan cancels the question and starts over.
keys Enter
sleep 0.3
wait_for "aucune convention de prêt enregistrée pour Clément Laëtitia"
keys LEND000001 Enter
wait_gone "aucune convention de prêt enregistrée"
wait_for "LEND000001 : qui l'emprunte ?"
# No answers no: nothing recorded, the flow abandoned.
keys E1000001 Enter
wait_for "aucune convention de prêt enregistrée pour Clément Laëtitia"
keys -l n
wait_for "annulé"
wait_for "scannez l'appareil à prêter"
dump >"$T/after"
cmp -s "$T/before" "$T/after" || {
	diff "$T/before" "$T/after" >&2
	fail "a refused or cancelled loan changed the database"
}

# The borrower's card scanned (their external id), the agreement recorded.
keys LEND000001 Enter
wait_for "LEND000001 : qui l'emprunte ?"
keys E1000001 Enter
wait_for "aucune convention de prêt enregistrée pour Clément Laëtitia"
keys -l o
wait_for "convention de prêt enregistrée : Clément Laëtitia (2NDE 1) : tapez la date de retour"
[ "$(person_field Clément Laëtitia charter)" = False ] ||
	fail "the loan agreement was recorded as a charter of cession"
n=$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = 'loan-agreement'")
[ "$n" = 1 ] || fail "the loan agreement was not recorded once ($n)"
# An impossible date is refused, the step stays.
type_slowly "31/02/2027"
keys Enter
wait_for "31/02/2027 n'est pas une date du calendrier"
type_slowly "15/12/2026"
keys Enter
wait_for "état de l'appareil"
type_slowly "rayure au dos"
keys Enter
wait_for "prêter LEND000001 à Clément Laëtitia (2NDE 1) jusqu'au 15/12/2026 (état : rayure au dos) ?"
n=$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = 'loan'")
[ "$n" = 0 ] || fail "the loan was recorded before the question was answered"
keys -l o
wait_for "LEND000001 prêté à Clément Laëtitia (2NDE 1) jusqu'au 15/12/2026"
run 0 loans --format json
python3 -c "
import json
x = json.load(open('$T/out'))
assert len(x) == 1, x
l = x[0]
assert l['serial'] == 'LEND000001' and l['person'] == $me, l
assert l['from'] == '2026-11-02' and l['until'] == '2026-12-15', l
assert l['overdue'] is False and l['condition'] == 'rayure au dos', l
"

# F6 undoes the loan: the device back in stock, the agreement kept.
keys F6
wait_for "annuler : prêt de LEND000001"
keys -l o
wait_for "annulé"
run 0 devices --status loaned --format json
[ "$(cat "$T/out")" = "[]" ] || fail "the undone loan still holds the device"

# A teacher borrows the same way, found by name; a due date typed as ISO.
run 0 charter prof00001 --loan
keys F11
wait_for "scannez l'appareil à prêter"
keys LEND000002 Enter
wait_for "LEND000002 : qui l'emprunte ?"
type_slowly "lefevre hel"
wait_for "Hélène"
keys Enter
wait_for "Lefèvre Hélène emprunte LEND000002 : tapez la date de retour"
type_slowly "2027-06-30"
keys Enter
wait_for "état de l'appareil"
keys Enter
wait_for "jusqu'au 30/06/2027 (état : non noté) ?"
keys -l o
wait_for "LEND000002 prêté à Lefèvre Hélène"
keys Escape Escape F10
wait_for "STATION-EXITED 0"

run 0 devices --format json
python3 -c "
import json
x = {e['serial']: e for e in json.load(open('$T/out'))}
assert x['LEND000001']['status'] == 'stock' and x['LEND000001']['holder'] is None, x['LEND000001']
assert x['LEND000002']['status'] == 'loaned' and x['LEND000002']['kind'] == 'loan', x['LEND000002']
assert x['LEND000002']['until'] == '2027-06-30' and x['LEND000002']['loan_only'], x['LEND000002']
assert 'UNKN000001' not in x
"
n=$(sqlite3 "$DOTATION_DB" "SELECT group_concat(type, ' ') FROM (SELECT type
	FROM journal WHERE seq > (SELECT max(seq) FROM journal WHERE type = 'assign')
	ORDER BY seq)")
[ "$n" = "loan-agreement loan undo loan-agreement loan" ] ||
	fail "the desk wrote '$n'"
echo "station_desk_loan: ok"
