#!/usr/bin/env bash
# The station never hands a name's control or bidi-override characters to
# the terminal: a name that reached the database before the import rule
# refused them (an older database, a pulled roster) shows U+FFFD where the
# right-to-left override was, so the line still reads left to right and
# the serial beside it is the one recorded.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
export TZ=UTC
"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null
rlo=$(printf '\xe2\x80\xae')
sqlite3 "$DOTATION_DB" "UPDATE people SET first_name = 'Lé' || char(0x202e) || 'a' || char(0x9b) || '2J'
	WHERE last_name = 'ABDELKADER' AND first_name = 'Léa'"
station_start st -- station --queue A --class "2NDE 1" --scanner none --catchup
wait_for "MODE RATTRAPAGE"
wait_for "ABDELKADER"
screen | grep -qF "$rlo" && fail "the right-to-left override reached the terminal"
screen | grep -qF "Lé�a�2J" || fail "the unsafe characters are not shown as U+FFFD: $(screen | grep ABDELKADER)"
# the search list and the success line too
keys R9KT30ESC01 Enter
wait_for "✔ R9KT30ESC01 → ABDELKADER Lé�a�2J"
screen | grep -qF "$rlo" && fail "the success line passed the override through"
keys F10
wait_for "STATION-EXITED 0"
tm kill-session -t st
echo "ok"
