#!/usr/bin/env bash
# Two "Bernard Éloïse" in 2NDE 1: wherever the station names a person of
# the class, the two are told apart by their birth date (the roll call's
# column, the next-scan line, the success line, the line of a person
# selected by their code), and a person without a homonym is named
# without it. The database says which one got which device.
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
ids() { "$DOTATION_BIN" people --class "2NDE 1" --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p["last_name"] == "Bernard" and p["first_name"] == "Éloïse":
        print(p["id"], p["birth_date"])'; }
first=$(ids | awk '$2 == "2009-09-24" {print $1}')
second=$(ids | awk '$2 == "2009-12-25" {print $1}')
[ -n "$first" ] && [ -n "$second" ] || fail "the demo roster lost its homonyms"
"$DOTATION_BIN" charter "$first" >/dev/null
"$DOTATION_BIN" charter "$second" >/dev/null

W=80 H=24 station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"
# the roll call: each row with its birth date
screen | grep -qE '^ Bernard +Éloïse +24/09/2009' || fail "the roll call does not show the first one's birth date"
screen | grep -qE '^ Bernard +Éloïse +25/12/2009' || fail "the roll call does not show the second one's birth date"

# a person without homonym: no date in the next-scan line
wait_for "prochain scan → ABDELKADER Léa (2NDE 1) · ^K"

# the first Bernard Éloïse: next-scan line, then the success line
keys Down Down Down Down Down
wait_re() {
	local i
	for i in $(seq 100); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	fail "waited 5s for a line matching: $1"
}
wait_re '^>Bernard +Éloïse +24/09/2009'
wait_for "prochain scan → Bernard Éloïse (2NDE 1), né(e) le 24/09/2009 ·"
keys R9KT30HMN001 Enter
wait_for "✔ R9KT30HMN001 → Bernard Éloïse (2NDE 1), né(e) le 24/09/2009"
# scan-and-advance: the second one is next, with her own date
wait_re '^>Bernard +Éloïse +25/12/2009'
wait_for "prochain scan → Bernard Éloïse (2NDE 1), né(e) le 25/12/2009 ·"

# selected by her person code, out of order: the date again
keys Home
wait_for "prochain scan → ABDELKADER Léa (2NDE 1) · ^K"
keys "$(printf "O%07d" "$second")" Enter
wait_for "Bernard Éloïse (2NDE 1), né(e) le 25/12/2009 sélectionné(e)"
keys R9KT30HMN002 Enter
wait_for "✔ R9KT30HMN002 → Bernard Éloïse (2NDE 1), né(e) le 25/12/2009"

keys F10
wait_for "STATION-EXITED 0"
s1=$(sqlite3 "$DOTATION_DB" "SELECT serial FROM assignments WHERE person_id = $first AND open")
s2=$(sqlite3 "$DOTATION_DB" "SELECT serial FROM assignments WHERE person_id = $second AND open")
[ "$s1" = R9KT30HMN001 ] || fail "the first Bernard Éloïse holds '$s1'"
[ "$s2" = R9KT30HMN002 ] || fail "the second Bernard Éloïse holds '$s2'"
echo "station_homonyms: ok"
