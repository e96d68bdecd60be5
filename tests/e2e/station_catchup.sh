#!/usr/bin/env bash
# Catch-up mode is a choice for one run: a plain start is always
# distribution mode (the charter gate on), whatever the last run did,
# even after a restart in the middle of a day; `--catchup` or F9 turns it
# on for this run only, and the header says which mode is on.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
export TZ=UTC
"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
serial_of() { sqlite3 "$DOTATION_DB" "SELECT a.serial FROM assignments a JOIN people p ON p.id = a.person_id WHERE p.last_name = '$1' AND p.first_name = '$2'"; }

# ---- F9 switches to catch-up for this run -----------------------------------
station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "MODE DISTRIBUTION"
keys F9
wait_for "Réglages de cette file"
wait_for "mode (cette session)"
keys Enter
wait_for "rattrapage (charte enregistrée avec le scan)"
keys Escape
wait_for "MODE RATTRAPAGE"
keys R9KT30CATC1 Enter
wait_for "✔ R9KT30CATC1 → ABDELKADER Léa"
[ "$(serial_of ABDELKADER Léa)" = R9KT30CATC1 ] || fail "catch-up scan not recorded"

# ---- killed in the middle of the day, restarted: distribution again --------
tm kill-session -t st
# an older station remembered the mode per queue: it no longer counts
sqlite3 -cmd ".timeout 5000" "$DOTATION_DB" "INSERT OR REPLACE INTO settings VALUES ('station.A.mode', 'catchup')"
station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "MODE DISTRIBUTION"
screen | grep -qF "MODE RATTRAPAGE" && fail "catch-up survived a restart"
# the charter gate is on: no charter, no device
keys R9KT30CATC2 Enter
wait_for "aucune charte signée enregistrée pour Abdelkader Loïc"
[ -z "$(serial_of Abdelkader Loïc)" ] || fail "a device went out without a charter after a restart"
keys F10
wait_for "STATION-EXITED 0"
tm kill-session -t st

# ---- --catchup: catch-up for this run, said in the header --------------------
station_start st -- station --queue A --class "2NDE 1" --scanner none --catchup
wait_for "MODE RATTRAPAGE"
keys R9KT30CATC3 Enter
wait_for "✔ R9KT30CATC3 → Abdelkader Loïc"
[ "$(serial_of Abdelkader Loïc)" = R9KT30CATC3 ] || fail "--catchup scan not recorded"
keys F10
wait_for "STATION-EXITED 0"
tm kill-session -t st

# ---- and the next plain start is distribution mode again -------------------
station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "MODE DISTRIBUTION"
keys F10
wait_for "STATION-EXITED 0"
echo "station_catchup: ok"
