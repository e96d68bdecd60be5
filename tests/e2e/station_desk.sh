#!/usr/bin/env bash
# The devices desk of the station (F11), scan first: a delivery scanned
# into stock box by box (a bad label refused, nothing written for it); a
# lent device scanned back, the screen finding its borrower, its condition
# on return typed (the "fiche état du matériel" again), the reset asked for
# in front of them before anything is recorded; a broken ceded
# device scanned, the screen finding its holder, then its replacement
# scanned: one entry, the same holder; the loans to get back listed.
. "$(dirname "$0")/lib.bash"

demo_db
run 0 stock add LEND000001
run 0 charter E1000001 --loan
run 0 loan E1000001 LEND000001 --from 2026-09-01 --until 2026-10-15
run 0 charter E1000002
run 0 assign E1000002 CEDE000001

station_start st DOTATION_TODAY=2026-11-02 -- station --queue A \
	--scanner none --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys F11
wait_for "Appareils : réception, prêts, restitutions, hors service"
wait_for "prêts à récupérer (en retard, ou emprunteur parti) : 1"
wait_for "LEND000001"

# Reception: box by box.
keys DESK000001 Enter
wait_for "DESK000001 en stock (1 reçus)"
keys DESK0000O2 Enter
wait_for "lettre O"
keys DESK000002 Enter
wait_for "DESK000002 en stock (2 reçus)"

# Return of the loan: the borrower found, the reset asked, then recorded.
keys Tab
wait_for "scannez l'appareil à prêter"
keys Tab
wait_for "scannez l'appareil prêté"
keys LEND000001 Enter
wait_for "LEND000001, prêté à Clément Laëtitia (2NDE 1) : tapez son état au retour"
type_slowly "coin abîmé"
keys Enter
wait_for "prêté à Clément Laëtitia (2NDE 1) : réinitialisez"
n=$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = 'return'")
[ "$n" = 0 ] || fail "the return was recorded before the reset was confirmed"
keys -l o
wait_for "LEND000001 restitué par Clément Laëtitia (2NDE 1)"
c=$(sqlite3 "$DOTATION_DB" "SELECT condition_in FROM assignments WHERE serial = 'LEND000001'")
[ "$c" = "coin abîmé" ] || fail "the condition on return is '$c', expected 'coin abîmé'"
wait_for "prêts à récupérer (en retard, ou emprunteur parti) : 0"

# Out of service: the holder found from the device, then the replacement,
# then the reason typed by the operator.
keys Tab
wait_for "scannez l'appareil cassé"
keys CEDE000001 Enter
wait_for "CEDE000001 est détenu par N'Diaye Noémie (2NDE 1)"
keys DESK000001 Enter
wait_for "DESK000001 remplace CEDE000001 : tapez le motif"
# Enter alone does not pass the reason: it must be typed.
keys Enter
wait_for "tapez le motif (écran cassé"
type_slowly "écran fendu"
keys Enter
wait_for "déclarer CEDE000001 hors service (écran fendu) et remettre DESK000001 à N'Diaye Noémie (2NDE 1) à la place"
keys -l o
wait_for "N'Diaye Noémie (2NDE 1) détient désormais DESK000001"
# F6 undoes the replacement as one entry: both devices back as before.
keys F6
wait_for "annuler : mise hors service de"
keys -l o
wait_for "annulé"
run 0 devices --format json
python3 -c "
import json
x = {e['serial']: e for e in json.load(open('$T/out'))}
assert x['CEDE000001']['status'] == 'ceded' and x['CEDE000001']['holder'], x['CEDE000001']
assert x['DESK000001']['status'] == 'stock', x['DESK000001']
"
keys F11
wait_for "scannez l'appareil cassé"
keys CEDE000001 Enter
wait_for "CEDE000001 est détenu par N'Diaye Noémie (2NDE 1)"
keys DESK000001 Enter
wait_for "tapez le motif"
type_slowly "écran fendu"
keys Enter
wait_for "remettre DESK000001"
keys -l o
wait_for "N'Diaye Noémie (2NDE 1) détient désormais DESK000001"
keys Escape F10
wait_for "STATION-EXITED 0"

run 0 devices --format json
python3 -c "
import json
x = {e['serial']: e for e in json.load(open('$T/out'))}
assert x['LEND000001']['status'] == 'stock' and x['LEND000001']['loan_only'], x['LEND000001']
assert x['CEDE000001']['status'] == 'hs' and x['CEDE000001']['replaced_by'] == 'DESK000001'
assert x['CEDE000001']['reason'] == 'écran fendu', x['CEDE000001']
assert x['DESK000001']['status'] == 'ceded' and x['DESK000001']['kind'] == 'cession'
assert x['DESK000002']['status'] == 'stock'
assert 'DESK0000O2' not in x
"
# Each replacement is one entry (the first one undone, then done again).
n=$(sqlite3 "$DOTATION_DB" "SELECT group_concat(type, ' ') FROM (SELECT type
	FROM journal WHERE seq >= (SELECT min(seq) FROM journal WHERE type = 'hs')
	ORDER BY seq)")
[ "$n" = "hs undo hs" ] || fail "the replacements wrote '$n', expected 'hs undo hs'"
echo "station_desk: ok"
