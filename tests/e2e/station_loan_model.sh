#!/usr/bin/env bash
# The Normandie model at the station: the roll call lends. F4 records the
# loan agreement (the column shows it, the cession charter does not count),
# and a scan lends the device until the establishment's end date; the
# device is then loan-only and nothing is ceded.
. "$(dirname "$0")/lib.bash"

demo_db
run 0 setting handover.model loan
run 0 setting loan.until 2029-07-04
# A cession charter recorded by mistake is no loan agreement.
run 0 charter E1000019

station_start st -- station --queue A --scanner none --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys R9KT30ABCDE Enter
wait_for "aucune convention de prêt enregistrée pour ABDELKADER Léa"
keys F4
wait_for "convention de prêt enregistrée : ABDELKADER Léa"
keys R9KT30ABCDE Enter
wait_for "R9KT30ABCDE → ABDELKADER Léa (2NDE 1)"
keys F10
wait_for "STATION-EXITED 0"

run 0 devices --format json
python3 -c "
import json
d = {x['serial']: x for x in json.load(open('$T/out'))}['R9KT30ABCDE']
assert d['status'] == 'loaned' and d['kind'] == 'loan', d
assert d['until'] == '2029-07-04' and d['loan_only'] is True, d
"
run 0 loans --format json
python3 -c "
import json
d = json.load(open('$T/out'))
assert [x['serial'] for x in d] == ['R9KT30ABCDE'] and not d[0]['overdue'], d
"
echo "station_loan_model: ok"
