#!/usr/bin/env bash
# Stolen or lost at the devices desk (F11), in the Normandie model (the
# roll call lends; a theft or a loss needs the police report, the
# setting's default there): the device scanned, its holder found, the
# replacement scanned, the reason typed, the police report's reference
# required before the question. A scan on a text step never becomes the
# text: it starts the flow over, nothing written. The replacement is the
# same kind (a loan, same due date). A second replacement is refused
# (one per person, the Normandie rule) and writes nothing; F6 undoes the
# declaration as one entry. Out of service takes the reason typed too,
# Enter instead of the replacement's scan going on to it.
. "$(dirname "$0")/lib.bash"

# wait_said TEXT: TEXT on the screen, maybe wrapped over several rows
# (a question names a device, a person, a reason and a report).
wait_said() {
	local i
	for i in $(seq 100); do
		screen | sed 's/^ *//' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "waited 5s for: $1"
}

demo_db
run 0 setting handover.model loan
run 0 setting loan.until 2029-06-30
run 0 stock add GIVEN00001 REPL000001 REPL000002
run 0 charter E1000001 --loan
run 0 loan E1000001 GIVEN00001 --until 2029-06-30

station_start st DOTATION_TODAY=2026-11-02 -- station --queue A \
	--scanner none --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys F11
wait_for "Appareils : réception, prêts, restitutions, hors service"
keys Tab Tab Tab Tab
wait_for "scannez l'appareil volé ou perdu"

dump >"$T/before"
keys GIVEN00001 Enter
wait_for "GIVEN00001 est détenu par Clément Laëtitia (2NDE 1) : scannez le remplacement"
keys REPL000001 Enter
wait_for "REPL000001 remplace GIVEN00001 : tapez le motif"
type_slowly "volé dans le bus"
keys Enter
wait_for "la référence du procès-verbal (obligatoire)"
# Required: Enter alone is refused, the step stays.
keys Enter
wait_for "un appareil volé ou perdu demande la référence du procès-verbal"
# A scan here is not the reference: the flow starts over.
keys GIVEN00001 Enter
wait_for "un scan a recommencé la saisie"
wait_for "GIVEN00001 est détenu par Clément Laëtitia (2NDE 1) : scannez le remplacement"
dump >"$T/after"
cmp -s "$T/before" "$T/after" || {
	diff "$T/before" "$T/after" >&2
	fail "an unfinished declaration changed the database"
}
keys REPL000001 Enter
wait_for "tapez le motif"
type_slowly "volé dans le bus"
keys Enter
wait_for "la référence du procès-verbal (obligatoire)"
type_slowly "PV 2026/117"
keys Enter
wait_said "déclarer GIVEN00001 volé ou perdu (volé dans le bus, procès-verbal PV 2026/117) et remettre REPL000001 à Clément Laëtitia (2NDE 1) à la place ?"
keys -l o
wait_for "GIVEN00001 volé ou perdu ; Clément Laëtitia (2NDE 1) détient désormais REPL000001"
run 0 devices --format json
python3 -c "
import json
x = {e['serial']: e for e in json.load(open('$T/out'))}
g, r = x['GIVEN00001'], x['REPL000001']
assert g['status'] == 'lost' and g['reason'] == 'volé dans le bus', g
assert g['report'] == 'PV 2026/117' and g['replaced_by'] == 'REPL000001', g
assert r['status'] == 'loaned' and r['kind'] == 'loan' and r['until'] == '2029-06-30', r
"
# The person's view counts the replacement (one per person, the rule);
# the roll call shows the replacement at once.
keys Escape
wait_for "Classe 2NDE 1"
wait_for "REPL000001"
keys E1000001 Enter
wait_for "Clément Laëtitia (2NDE 1) sélectionné(e)"
sleep 0.3
keys Enter
wait_for "remplacements reçus (hors service, volé ou perdu) : 1"
keys Escape F11
wait_for "scannez l'appareil volé ou perdu"

# A second replacement: refused (one per person), nothing written.
keys Tab Tab Tab Tab
wait_for "scannez l'appareil cassé"
dump >"$T/before"
keys REPL000001 Enter
wait_for "REPL000001 est détenu par Clément Laëtitia (2NDE 1)"
keys REPL000002 Enter
type_slowly "écran cassé"
keys Enter
wait_said "déclarer REPL000001 hors service (écran cassé) et remettre REPL000002"
keys -l o
wait_said "sur décision du chef d'établissement"
dump >"$T/after"
cmp -s "$T/before" "$T/after" || {
	diff "$T/before" "$T/after" >&2
	fail "a refused second replacement changed the database"
}

# F6 undoes the theft as one entry: the stolen device back with its
# borrower, the replacement back in stock.
keys F6
wait_for "annuler : perte de"
keys -l o
wait_for "annulé"
run 0 devices --format json
python3 -c "
import json
x = {e['serial']: e for e in json.load(open('$T/out'))}
assert x['GIVEN00001']['status'] == 'loaned' and x['GIVEN00001']['holder'], x['GIVEN00001']
assert x['REPL000001']['status'] == 'stock', x['REPL000001']
"

# Out of service without a replacement: Enter instead of the second
# scan, then the reason typed is recorded.
keys F11
wait_for "scannez l'appareil cassé"
keys GIVEN00001 Enter
wait_for "GIVEN00001 est détenu par Clément Laëtitia (2NDE 1) : scannez le remplacement"
sleep 0.3
keys Enter
wait_for "GIVEN00001 sans remplacement : tapez le motif"
type_slowly "tombé, ne démarre plus"
keys Enter
wait_said "déclarer GIVEN00001 hors service (tombé, ne démarre plus), sans remplacement ?"
keys -l o
wait_for "✔ GIVEN00001 hors service"
keys Escape Escape F10
wait_for "STATION-EXITED 0"
run 0 devices --status hs --format json
python3 -c "
import json
x = json.load(open('$T/out'))
assert [d['serial'] for d in x] == ['GIVEN00001'] and x[0]['reason'] == 'tombé, ne démarre plus', x
assert x[0]['holder'] is None, x
"
n=$(sqlite3 "$DOTATION_DB" "SELECT group_concat(type, ' ') FROM (SELECT type
	FROM journal WHERE seq > (SELECT max(seq) FROM journal WHERE type = 'loan')
	ORDER BY seq)")
[ "$n" = "lost undo hs" ] || fail "the desk wrote '$n', expected 'lost undo hs'"
echo "station_desk_lost: ok"
