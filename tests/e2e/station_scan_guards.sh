#!/usr/bin/env bash
# Scans never answer a question. In tmux, with the scanner typing into the
# terminal (fast bursts, and a slow scanner at 40 ms a character): a scan
# while the undo question (F6), the charter-withdrawal question (second
# F4), the class picker, the settings or the search is open is never taken
# as "yes", a filter or a search. The question is cancelled and the scan
# handled as a roll-call scan (recorded, or refused with its reason), or
# refused with "question annulée : scannez à nouveau". Enter alone never
# confirms; o and n do. Each step checks the database, not only the screen.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
export TZ=UTC

"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null

expect() { # LAST FIRST FIELD VALUE WHY
	local got
	got=$(person_field "$1" "$2" "$3")
	[ "$got" = "$4" ] || fail "$5: $1 $2 $3 is '$got', expected '$4'"
}
journal_count() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = '$1'"; }
serial_holders() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE serial = '$1'"; }


station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"
screen | grep -q '^>ABDELKADER ' || fail "cursor is not on the first student"

# ---- A equipped; F6 opens the undo question; the next scan cancels it ----
keys F4
wait_for "charte enregistrée : ABDELKADER Léa"
keys R9KT30AAAA1 Enter
wait_for "✔ R9KT30AAAA1 → ABDELKADER Léa (2NDE 1)"
keys F6
wait_for "annuler : remise de R9KT30AAAA1 à ABDELKADER Léa"
wait_for "o : oui · n : non"
# the next student has no charter yet: the scan is refused with its reason
keys R9KT30BBBB1 Enter
wait_for "aucune charte signée enregistrée pour Abdelkader Loïc"
wait_for "la question a été annulée par le scan"
wait_gone "o : oui · n : non"
expect ABDELKADER Léa serial R9KT30AAAA1 "the scan answered the undo question"
[ "$(journal_count undo)" = 0 ] || fail "an undo was recorded"
expect Abdelkader Loïc serial null "a refused scan was recorded"

# ---- Enter alone never confirms; with a charter the scan is recorded ------
keys F4
wait_for "charte enregistrée : Abdelkader Loïc"
keys F6
wait_for "annuler : charte de Abdelkader Loïc"
keys Enter
wait_for "répondez o (oui) ou n (non)"
screen | grep -qF "o : oui · n : non" || fail "Enter alone closed the question"
keys R9KT30BBBB2 Enter
wait_for "✔ R9KT30BBBB2 → Abdelkader Loïc (2NDE 1)"
expect Abdelkader Loïc serial R9KT30BBBB2 "scan during F6 not recorded"
expect Abdelkader Loïc charter True "the scan undid the charter"
expect ABDELKADER Léa serial R9KT30AAAA1 "the previous handover changed"
[ "$(journal_count undo)" = 0 ] || fail "an undo was recorded"

# ---- a second F4 asks to withdraw the charter; a scan cancels it ----------
screen | grep -q '^>BENALI  *Fatoumata' || fail "cursor did not move to BENALI"
keys F4
wait_for "charte enregistrée : BENALI Fatoumata"
keys F4
wait_for "retirer la charte de BENALI Fatoumata"
keys R9KT30CCCC1 Enter
wait_for "✔ R9KT30CCCC1 → BENALI Fatoumata (2NDE 1)"
expect BENALI Fatoumata charter True "the scan withdrew the charter"
expect BENALI Fatoumata serial R9KT30CCCC1 "scan during the withdrawal not recorded"
[ "$(journal_count charter-withdraw)" = 0 ] || fail "a withdrawal was recorded"

# ---- n answers no, o answers yes --------------------------------------------
keys F6
wait_for "annuler : remise de R9KT30CCCC1 à BENALI Fatoumata"
keys n
wait_for "abandonné"
expect BENALI Fatoumata serial R9KT30CCCC1 "n undid the handover"

# ---- the class picker open, then a scan: refused, not a filter -------------
before=$(dump)
keys F2
wait_for "Choisir une classe"
keys R9KT30DDDD1 Enter
wait_for "question annulée : scannez à nouveau"
wait_for "Classe 2NDE 1 · 25 personnes"
wait_gone "Choisir une classe"
[ "$(serial_holders R9KT30DDDD1)" = 0 ] || fail "the scan in the picker was recorded"
[ "$before" = "$(dump)" ] || fail "the scan in the class picker changed the database"
# and with a slow scanner
keys F2
wait_for "Choisir une classe"
slow_scan R9KT30DDDD2
wait_for "question annulée : scannez à nouveau"
wait_gone "Choisir une classe"
[ "$before" = "$(dump)" ] || fail "the slow scan in the class picker changed the database"

# ---- the settings open, then a scan: refused, no setting changed -----------
keys F9
wait_for "Réglages de cette file"
keys R9KT30EEEE1 Enter
wait_for "question annulée : scannez à nouveau"
wait_gone "Réglages de cette file"
wait_for "MODE DISTRIBUTION"
[ "$before" = "$(dump)" ] || fail "the scan in the settings changed the database"

# ---- a slow scanner on the roll call is a scan, not typing ------------------
keys F4
wait_for "charte enregistrée : Benali Zoë"
slow_scan R9KT30FFFF1
wait_for "✔ R9KT30FFFF1 → Benali Zoë"
screen | grep -qF "(saisi à la main)" && fail "a slow scan was taken for typing"
[ "$(serial_holders R9KT30FFFF1)" = 1 ] || fail "the slow scan was not recorded"

# ---- a slow scanner during the undo question --------------------------------
keys F6
wait_for "annuler : remise de R9KT30FFFF1"
slow_scan R9KT30FFFF2
wait_for "la question a été annulée par le scan"
[ "$(journal_count undo)" = 0 ] || fail "the slow scan answered the undo question"
[ "$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM assignments WHERE serial = 'R9KT30FFFF1'")" -ge 1 ] ||
	fail "the previous handover is gone"

# ---- a slow scanner in the search: a scan for the highlighted person --------
keys F3
wait_for "Chercher :"
type_slowly "lefevre oceane"
wait_for "LEFÈVRE"
keys F4
wait_for "charte enregistrée : LEFÈVRE Océane"
slow_scan R9KT30GGGG1
wait_for "✔ R9KT30GGGG1 → LEFÈVRE Océane"
expect LEFÈVRE Océane serial R9KT30GGGG1 "slow scan in the search not recorded"
# after a handover the search is emptied for the next person
screen | grep -qF "Chercher : _" || fail "the slow scan was left in the search text"
screen | grep -qF "R9KT30GGGG1_" && fail "the slow scan became a search"

# ---- nothing of the earlier handovers was lost ------------------------------
expect ABDELKADER Léa serial R9KT30AAAA1 "lost at the end"
expect Abdelkader Loïc serial R9KT30BBBB2 "lost at the end"
expect BENALI Fatoumata serial R9KT30CCCC1 "lost at the end"
[ "$(journal_count undo)" = 0 ] || fail "an undo was recorded"

keys F10
wait_for "STATION-EXITED 0"
echo "station_scan_guards: ok"
