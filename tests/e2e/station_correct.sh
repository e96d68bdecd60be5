#!/usr/bin/env bash
# Correct a wrong handover in the station (F12), after an attestation was
# issued: the device goes to the right person, chosen by name or by
# scanning their person code, in one compensating "reassign" entry; the
# question takes o/n and Esc, never Enter alone, and a scan while it is
# open never answers it. The next attestation lists the rectification
# (serial, from whom, to whom). From the person's journal, F12 sends a
# device back to stock (one "undo" entry). The database says who holds
# what.
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
today=$(date +%F)
id_of() { "$DOTATION_BIN" people --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p["last_name"] == sys.argv[1] and p["first_name"] == sys.argv[2]:
        print(p["id"]); break' "$1" "$2"; }
# wait_re REGEX: poll the screen until a line matches REGEX (5 s)
wait_re() {
	local i
	for i in $(seq 100); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	fail "waited 5s for a line matching: $1"
}
jcount() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = '$1'"; }
wrong=$(id_of ABDELKADER Léa)
right=$(id_of DUMONT Aïcha)

# 80x24, the guide's minimum: every line below must be readable there
W=80 H=24 station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"

# ---- the mistake: DUMONT Aïcha's device handed to the first student ------
keys F4
wait_for "charte enregistrée"
keys R9KT30FIX001 Enter
wait_for "✔ R9KT30FIX001 → ABDELKADER Léa (2NDE 1)"
[ "$(person_field ABDELKADER Léa serial)" = R9KT30FIX001 ] || fail "the wrong handover is not recorded"

# ---- an attestation covers it ---------------------------------------------
run 0 report attestation --from "$today" --to "$today" --out "$T/att1.pdf"
pdftotext -layout "$T/att1.pdf" "$T/att1.txt"
contains "$T/att1.txt" R9KT30FIX001

# ---- F12 on the wrong student's row: choose the right one by name ---------
keys Home
wait_for "F12 : corriger cette remise · ABDELKADER Léa (2NDE 1) a reçu R9KT30FIX001"
keys F12
wait_for "Corriger une remise : R9KT30FIX001"
wait_for "reçu par erreur par : ABDELKADER Léa (2NDE 1)"
type_slowly "dumont a"
wait_re '^>DUMONT +Aïcha'   # the first match highlighted
keys Enter
wait_for "donner R9KT30FIX001 à DUMONT Aïcha (2NDE 1) au lieu de"
wait_for "Sa charte signée n'est pas"
before=$(dump)
# Enter alone never answers
keys Enter
wait_for "répondez o (oui) ou n (non)"
wait_for "o : oui · n : non"
# a scan while the question is open cancels it, it never answers it
keys R9KT30FIX009 Enter
wait_for "question annulée : scannez à nouveau"
wait_gone "o : oui · n : non"
[ "$(dump)" = "$before" ] || fail "Enter or a scan answered the correction question"
# Esc cancels too
keys Home F12
wait_for "Corriger une remise : R9KT30FIX001"
type_slowly "dumont a"
wait_re '^>DUMONT +Aïcha' 
keys Enter
wait_for "o : oui · n : non"
keys Escape
wait_gone "o : oui · n : non"
keys Escape Escape
wait_for "correction annulée : rien n'a changé"
[ "$(dump)" = "$before" ] || fail "Esc answered the correction question"

# ---- F12 again, the right person's code scanned: yes ------------------------
"$DOTATION_BIN" charter "$right" >/dev/null
keys Home F12
wait_for "Corriger une remise : R9KT30FIX001"
keys "$(printf "O%07d" "$right")" Enter
wait_for "donner R9KT30FIX001 à DUMONT Aïcha (2NDE 1) au lieu de ABDELKADER"
screen | grep -qF "Sa charte signée" && fail "a recorded charter is asked for again"
keys o
wait_for "✔ corrigé : R9KT30FIX001 → DUMONT Aïcha (2NDE 1), au lieu de ABDELKADER Léa"
screen | grep -q '^>DUMONT  *Aïcha .*R9KT30FIX001' ||
	fail "the cursor is not on who holds the device now"
[ "$(person_field DUMONT Aïcha serial)" = R9KT30FIX001 ] || fail "the right person does not hold the device"
[ "$(person_field ABDELKADER Léa serial)" = null ] || fail "the wrong person still holds the device"
[ "$(jcount reassign)" = 1 ] || fail "$(jcount reassign) reassign entries, expected 1"
sqlite3 "$DOTATION_DB" "SELECT data FROM journal WHERE type = 'reassign'" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["serial"] == "R9KT30FIX001", d
assert d["from"]["id"] == int(sys.argv[1]) and d["to"]["id"] == int(sys.argv[2]), d
assert d["attestation"] == 1, d' "$wrong" "$right" || fail "the reassign entry does not name both people"

# ---- the next attestation lists the rectification ---------------------------
"$DOTATION_BIN" assign "$(id_of Dumont Noé)" R9KT30FIX002 --with-charter >/dev/null
run 0 report attestation --from "$today" --to "$today" --out "$T/att2.pdf"
pdftotext -layout "$T/att2.pdf" "$T/att2.txt"
contains "$T/att2.txt" "Rectifications"
grep -E "R9KT30FIX001 +ABDELKADER Léa \(2NDE 1\) +DUMONT Aïcha \(2NDE 1\)" "$T/att2.txt" >/dev/null ||
	{ cat "$T/att2.txt" >&2; fail "the second attestation does not list the correction (serial, from, to)"; }

# ---- F12 works from the search too ------------------------------------------
keys F3
wait_for "Chercher :"
type_slowly "dumont a"
wait_re '^>DUMONT +Aïcha'
keys F12
wait_for "reçu par erreur par : DUMONT Aïcha (2NDE 1)"
keys Escape
wait_for "correction annulée : rien n'a changé"
wait_for "Chercher : dumont a_"
keys Escape Escape
wait_for "Classe 2NDE 1 · 25 personnes"

# ---- from the journal: back to stock ----------------------------------------
"$DOTATION_BIN" assign "$(id_of BENALI Fatoumata)" R9KT30FIX003 --with-charter >/dev/null
keys C-l
wait_for "R9KT30FIX003"
keys Home Down Down Enter
wait_for "F12 : corriger cette remise (mauvaise personne)"
keys F12
wait_for "reçu par erreur par : BENALI Fatoumata (2NDE 1)"
screen | grep -q '^>personne : l.appareil retourne en stock' || fail "'nobody' is not the first choice"
keys Enter
wait_for "remettre R9KT30FIX003 en stock"
keys o
wait_for "✔ R9KT30FIX003 remis en stock : BENALI Fatoumata (2NDE 1) ne l'a plus"
wait_for "annulation"
[ "$(person_field BENALI Fatoumata serial)" = null ] || fail "the device did not go back to stock"
[ "$(sqlite3 "$DOTATION_DB" "SELECT status FROM devices WHERE serial = 'R9KT30FIX003'")" = stock ] ||
	fail "R9KT30FIX003 is not in stock"
[ "$(jcount undo)" = 1 ] || fail "$(jcount undo) undo entries, expected 1"

keys Escape F10
wait_for "STATION-EXITED 0"
[ "$(sqlite3 "$DOTATION_DB" "PRAGMA integrity_check")" = ok ] || fail "integrity check"
echo "station_correct: ok"
