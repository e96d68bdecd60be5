#!/usr/bin/env bash
# The station driven as an operator would, in tmux: choose a class, record
# a charter, scan (a burst typed fast), refusals (letter O at the
# keystroke, no charter, duplicate with the holder's name), a serial typed
# by hand, absent, undo, search with accents, resize below 80x24, and a
# monochrome terminal in English. Each step waits for the screen (bounded
# polling) and checks the database through `dotation people --format json`.
. "$(dirname "$0")/lib.bash"
BIN=$DOTATION_BIN
export TZ=UTC DOTATION_OPERATOR=marie
unset LANG

"$BIN" init --uai 0750654D --name "Lycée Jean Moulin" --station cdi >/dev/null
"$BIN" import "$DOTATION_SRC/data/demo-roster.csv" >/dev/null



# ---- roll call: choose the class in the picker --------------------------
station_start st -- station --queue A --scanner none
wait_for "Choisir une classe"
wait_for "MODE DISTRIBUTION"
type_slowly "2nde 1"
wait_for "2NDE 1"
wait_gone "2NDE 2"
keys Enter
wait_for "Classe 2NDE 1 · 25 personnes"
screen | grep -q '^>ABDELKADER ' || fail "cursor is not on the first student"

# ---- no charter: refused, nothing recorded -------------------------------
keys R9KT30ABCD1 Enter
wait_for "aucune charte signée enregistrée pour ABDELKADER Léa"
[ "$(person_field ABDELKADER Léa serial)" = null ] ||
	fail "a device was handed over without a charter"

# ---- charter, then a scanner burst: handed over, cursor moves on ---------
keys F4
wait_for "charte enregistrée : ABDELKADER Léa"
[ "$(person_field ABDELKADER Léa charter)" = True ] ||
	fail "charter not in the database"
keys R9KT30ABCDE Enter
wait_for "✔ R9KT30ABCDE → ABDELKADER Léa (2NDE 1)"
[ "$(person_field ABDELKADER Léa serial)" = R9KT30ABCDE ] ||
	fail "scan not in the database"
screen | grep -q '^>Abdelkader  *Loïc' || fail "cursor did not move on"
screen | grep -q "Remis .* 1/25" || fail "progress bar not updated"

# ---- letter O typed by a person: refused at the keystroke ---------------
keys F4
wait_for "charte enregistrée : Abdelkader Loïc"
type_slowly "R9K"
keys -l O
wait_for "les numéros de série ne contiennent jamais la lettre O : tapez le chiffre 0"
screen | grep -q "numéro saisi : R9K_" || fail "the O was not refused"
type_slowly "T30ZZZZ9"
wait_for "numéro saisi : R9KT30ZZZZ9_"
keys Enter
wait_for "✔ R9KT30ZZZZ9 → Abdelkader Loïc (2NDE 1)"
wait_for "(saisi à la main)"
[ "$(person_field Abdelkader Loïc serial)" = R9KT30ZZZZ9 ] ||
	fail "typed serial not in the database"

# ---- a scanner burst holding an O is refused whole ------------------------
keys F4
wait_for "charte enregistrée : BENALI Fatoumata"
keys R9KTO0ABCDE Enter
wait_for "R9KTO0ABCDE : les numéros de série ne contiennent jamais la lettre O"
[ "$(person_field BENALI Fatoumata serial)" = null ] ||
	fail "a serial with O was handed over"

# ---- duplicate: refused with the holder's name ----------------------------
keys R9KT30ABCDE Enter
wait_for "R9KT30ABCDE est déjà attribué à ABDELKADER Léa (2NDE 1)"
[ "$(person_field BENALI Fatoumata serial)" = null ] ||
	fail "a duplicate was handed over"

# ---- absent ----------------------------------------------------------------
keys F5
wait_for "BENALI Fatoumata (2NDE 1) marqué(e) absent(e) aujourd'hui"
wait_for "Absent 1"
screen | grep -q '^ BENALI .*absent' || fail "absent not shown in the list"

# ---- undo with confirmation: the absence, then the typed handover --------
keys F6
wait_for "annuler : absence de BENALI Fatoumata (2NDE 1)"
keys Escape
wait_for "abandonné"
keys F6
wait_for "annuler : absence de BENALI Fatoumata"
keys o
wait_for "annulé : absence de BENALI Fatoumata"
wait_for "Absent 0"
keys F6
wait_for "annuler : charte de BENALI Fatoumata"
keys o
wait_for "annulé : charte de BENALI Fatoumata"
keys F6
wait_for "annuler : remise de R9KT30ZZZZ9 à Abdelkader Loïc (2NDE 1)"
keys Escape
wait_for "abandonné"
[ "$(person_field BENALI Fatoumata charter)" = False ] ||
	fail "undo of the charter not in the database"

# ---- person detail: the journal of that person ----------------------------
keys Home Enter
wait_for "ABDELKADER Léa (2NDE 1)"
wait_for "remise"
screen | grep -q "R9KT30ABCDE" || fail "journal does not show the serial"
keys Escape
wait_for "Classe 2NDE 1"

# ---- search, accents ignored, scan goes to the chosen person -------------
keys F3
wait_for "Chercher :"
type_slowly "lefevre"
wait_for "Lefèvre"
screen | grep -q "LEFÈVRE .*Océane" || fail "search missed LEFÈVRE Océane"
screen | grep -q "Bouvier-Lefèvre" || fail "search missed Bouvier-Lefèvre"
keys F9
wait_for "Réglages de cette file"
keys Enter
wait_for "rattrapage (charte enregistrée avec le scan)"
keys Escape F3
wait_for "MODE RATTRAPAGE"
type_slowly "lefevre oceane"
wait_for "Océane"
keys R9KT30CATCH Enter
wait_for "✔ R9KT30CATCH → LEFÈVRE Océane (TLE 1)"
[ "$(person_field LEFÈVRE Océane serial)" = R9KT30CATCH ] ||
	fail "catch-up scan not in the database"
[ "$(person_field LEFÈVRE Océane charter)" = True ] ||
	fail "catch-up did not record the charter"

# ---- help lists the keys ---------------------------------------------------
keys F1
wait_for "Touches du poste"
for k in F2 F3 F4 F5 F6 F7 F8 F9 F10; do
	screen | grep -q "^ $k" || fail "help does not list $k"
done
keys Escape

# ---- resize below 80x24, then back -------------------------------------------
tm resize-window -t st -x 70 -y 20
wait_for "fenêtre trop petite : 70×20, il faut au moins 80×24"
tm resize-window -t st -x 80 -y 24
wait_for "10Quitter"
wait_gone "fenêtre trop petite"

keys F10
wait_for "STATION-EXITED 0"
tm kill-session -t st

# ---- monochrome terminal in English, function keys still work -------------
STTERM=vt100 station_start st -- --lang en station --queue B --class "2NDE 2"
wait_for "DISTRIBUTION MODE"
wait_for "Class 2NDE 2 · 25 people"
wait_for "10Quit"
keys F4
wait_for "charter recorded: Béranger Clémence (2NDE 2)"
keys R9KT30MN001 Enter
wait_for "✔ R9KT30MN001 → Béranger Clémence (2NDE 2)"
keys F10
wait_for "STATION-EXITED 0"

echo "station_rollcall: ok"
