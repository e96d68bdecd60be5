#!/usr/bin/env bash
# Two stations (queues A and B) on one database: each sees the other's
# handover within a second, and when both scan the same serial for two
# different students at the same moment exactly one handover is
# committed; the other station shows the refusal naming the holder.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
export TZ=UTC
unset LANG

"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
# the first two students of 2NDE 3 have their charters
ids=$("$BIN" people --class "2NDE 3" --format json | python3 -c '
import json, sys
p = json.load(sys.stdin)
print(p[0]["id"], p[1]["id"])')
read -r id1 id2 <<<"$ids"
"$BIN" charter "$id1" >/dev/null
"$BIN" charter "$id2" >/dev/null

for q in A B; do
	s=q$(echo $q | tr AB ab)
	station_start "$s" DOTATION_OPERATOR=op$q -- station --queue $q \
		--class "2NDE 3" --scanner none
	wait_for "Classe 2NDE 3" 5 "$s"
done
# station B serves the second student
keys_to qb Down
wait_for "Remis" 5 qb

# the same label scanned on both stations at once
tm send-keys -t qa R9KT30RACE1 Enter \; send-keys -t qb R9KT30RACE1 Enter
wait_for "R9KT30RACE1" 5 qa
wait_for "R9KT30RACE1" 5 qb
sleep 0.3

held=$("$BIN" people --format json | python3 -c '
import json, sys
print(sum(1 for p in json.load(sys.stdin) if p["serial"] == "R9KT30RACE1"))')
[ "$held" = 1 ] || fail "serial held by $held people"

oks=0
for s in qa qb; do
	if screen "$s" | grep -qF "✔ R9KT30RACE1 →"; then
		oks=$((oks + 1))
	else
		screen "$s" |
			grep -qF "le numéro R9KT30RACE1 est déjà attribué à" ||
			fail "$s shows neither the handover nor the refusal"
	fi
done
[ "$oks" = 1 ] || fail "$oks stations acknowledged the handover"

# each station sees the other's handover within a second (data_version)
keys_to qa F2
wait_for "Choisir une classe" 5 qa
keys_to qa Escape
"$BIN" charter "$("$BIN" people --class "2NDE 3" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[2]["id"])')" \
	>/dev/null
wait_for "Chartes ███" 2 qa
wait_for "Chartes ███" 2 qb

echo "station_race: ok"
