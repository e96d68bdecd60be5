#!/usr/bin/env bash
# Two stations (queues A and B) on one database: each sees the other's
# handover within a second, and when both scan the same serial for two
# different students at the same moment exactly one handover is
# committed; the other station shows the refusal naming the holder.
set -euo pipefail

BIN=${DOTATION_BIN:?}
SRC=${DOTATION_SRC:?}
export DOTATION_LOCALEDIR=${DOTATION_LOCALEDIR:-}
export LC_ALL=C.UTF-8 TZ=UTC
unset DOTATION_LANG LANG LANGUAGE
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
T=(tmux -u -S "$sock" -f /dev/null)
cleanup() {
	"${T[@]}" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

export DOTATION_DB="$tmp/d.db"
"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$SRC/data/demo-roster.csv" >/dev/null
# the first two students of 2NDE 3 have their charters
ids=$("$BIN" people --class "2NDE 3" --format json | python3 -c '
import json, sys
p = json.load(sys.stdin)
print(p[0]["id"], p[1]["id"])')
read -r id1 id2 <<<"$ids"
"$BIN" charter "$id1" >/dev/null
"$BIN" charter "$id2" >/dev/null

fail() {
	echo "FAIL: $*" >&2
	for s in qa qb; do
		echo "--- $s ---" >&2
		"${T[@]}" capture-pane -p -t "$s" >&2 2>/dev/null || true
	done
	exit 1
}

wait_for() {
	local s=$1 text=$2 i=0
	while ! "${T[@]}" capture-pane -p -t "$s" | grep -qF -- "$text"; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "$s: waited 5s for: $text"
		sleep 0.05
	done
}

for q in A B; do
	s=q$(echo $q | tr AB ab)
	"${T[@]}" new-session -d -s "$s" -x 120 -y 40 \
		"env DOTATION_DB=$DOTATION_DB DOTATION_LOCALEDIR=$DOTATION_LOCALEDIR DOTATION_OPERATOR=op$q $BIN station --queue $q --class '2NDE 3' --scanner none; sleep 60"
	wait_for "$s" "Classe 2NDE 3"
done
# station B serves the second student
"${T[@]}" send-keys -t qb Down
wait_for qb "Remis"

# the same label scanned on both stations at once
"${T[@]}" send-keys -t qa R9KT30RACE1 Enter \; send-keys -t qb R9KT30RACE1 Enter
wait_for qa "R9KT30RACE1"
wait_for qb "R9KT30RACE1"
sleep 0.3

held=$("$BIN" people --format json | python3 -c '
import json, sys
print(sum(1 for p in json.load(sys.stdin) if p["serial"] == "R9KT30RACE1"))')
[ "$held" = 1 ] || fail "serial held by $held people"

oks=0
for s in qa qb; do
	if "${T[@]}" capture-pane -p -t "$s" | grep -qF "✔ R9KT30RACE1 →"; then
		oks=$((oks + 1))
	else
		"${T[@]}" capture-pane -p -t "$s" |
			grep -qF "le numéro R9KT30RACE1 est déjà attribué à" ||
			fail "$s shows neither the handover nor the refusal"
	fi
done
[ "$oks" = 1 ] || fail "$oks stations acknowledged the handover"

# each station sees the other's handover within a second (data_version)
"${T[@]}" send-keys -t qa F2
wait_for qa "Choisir une classe"
"${T[@]}" send-keys -t qa Escape
"$BIN" charter "$("$BIN" people --class "2NDE 3" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[2]["id"])')" \
	>/dev/null
wait_for qa "Chartes ███"
wait_for qb "Chartes ███"

echo "station_race: ok"
