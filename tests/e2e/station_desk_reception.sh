#!/usr/bin/env bash
# A delivery received at the devices desk (F11), counted against the
# quantity typed at the start: "livraison de 3 : 2/3 reçus", a bad label
# and a box scanned twice refused and not counted (the database
# compared), the end state when the count is reached, and a box past
# the quantity recorded (it is here) with a warning to check the
# delivery note. A number typed by hand is a quantity, never a serial.
. "$(dirname "$0")/lib.bash"

demo_db
station_start st DOTATION_TODAY=2026-09-01 -- station --queue A \
	--scanner none --class "2NDE 1"
wait_for "Classe 2NDE 1"
keys F11
wait_for "tapez la quantité de la livraison puis Entrée, ou scannez chaque carton"
type_slowly "3"
keys Enter
wait_for "livraison de 3 : scannez chaque carton (0/3 reçus)"
wait_for "livraison de 3 : 0/3 reçus · en stock : 0"
keys CRTA000001 Enter
wait_for "CRTA000001 en stock : livraison de 3 : 1/3 reçus"
dump >"$T/before"
keys CRTA000001 Enter
wait_for "CRTA000001"
wait_for "✘"
keys CRTA00000O Enter
wait_for "lettre O"
wait_for "livraison de 3 : 1/3 reçus"
dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "a refused box changed the database"
keys CRTA000002 Enter
wait_for "livraison de 3 : 2/3 reçus"
keys CRTA000003 Enter
wait_for "CRTA000003 en stock : livraison de 3 complète : 3/3 reçus"
wait_for "livraison de 3 complète : 3/3 reçus · tapez la quantité de la livraison suivante"
keys CRTA000004 Enter
wait_for "CRTA000004 en stock, mais 4/3 : plus de cartons que les 3 annoncés"
wait_for "livraison de 3 : 4/3 reçus, 1 de plus qu'annoncé"
# The next delivery starts its own count.
type_slowly "2"
keys Enter
wait_for "livraison de 2 : 0/2 reçus"
keys CRTB000001 Enter
wait_for "livraison de 2 : 1/2 reçus"
keys Escape F10
wait_for "STATION-EXITED 0"
run 0 devices --status stock --format json
python3 -c "
import json
x = [d['serial'] for d in json.load(open('$T/out'))]
assert x == ['CRTA000001', 'CRTA000002', 'CRTA000003', 'CRTA000004', 'CRTB000001'], x
"
echo "station_desk_reception: ok"
