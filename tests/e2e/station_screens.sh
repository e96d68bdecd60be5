#!/usr/bin/env bash
# Every screen of the station drawn at 80x24 (the guide's minimum) and at
# 120x40: the class filter being typed shows, the F-key bar never runs
# together, help and journal are not cut off, the journal's columns line
# up (cells, not bytes), no untranslated word ("pending", "profil eleve")
# and no screen sends the operator to a command line, a refusal of the
# app included. The questions are whole (their text wraps), and so are
# the correction (F12), the form adding a person (^N) and the devices
# desk (F11).
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
for id in $("$DOTATION_BIN" people --class "2NDE 1" --format csv |
	tail -n +2 | cut -d';' -f1 | sed -n 1,2p); do
	"$DOTATION_BIN" assign "$id" "R9KT30SCR0$id" --with-charter >/dev/null
done

# check_screen WHAT: what every screen must hold, whatever its size
check_screen() {
	local shot bar
	shot=$(screen)
	bar=$(tail -n 1 <<<"$shot")
	# a key number right after a label's letter: the bar runs together
	if grep -qE '[^[:space:]0-9][1-9]' <<<"$bar"; then
		fail "$1 at ${W}x$H: the F-key bar runs together: $bar"
	fi
	for k in 1 2 3 4 5 6 7 8 9 10; do
		grep -qE "(^| )$k[^0-9 ]" <<<"$bar" || fail "$1 at ${W}x$H: F$k missing from the bar: $bar"
	done
	if grep -qE 'dotation [a-z]|lpstat|(^| |\()--[a-z]|pending|profil eleve' <<<"$shot"; then
		fail "$1 at ${W}x$H: a command or an untranslated word on screen"
	fi
}

for size in 80x24 120x40; do
	W=${size%x*} H=${size#*x}
	export W H
	station_start st -- station --queue A --scanner none

	# class picker, the filter typed slowly: visible
	wait_for "Choisir une classe"
	type_slowly "2nd"
	wait_for "filtre : 2nd_"
	check_screen "class picker"
	keys BSpace BSpace BSpace
	wait_for "filtre : _"

	# roll call
	type_slowly "2nde 1"
	keys Enter
	wait_for "Classe 2NDE 1 · 25 personnes"
	check_screen "roll call"

	# the person's journal: translated, aligned, not cut off
	keys Home Enter
	wait_for "Synchro"
	check_screen "journal"
	screen | grep -qE "profil (Élève|élève)" || fail "journal at $size: the profile is not in French"
	python3 - "$(screen)" "$size" <<'PY'
import sys
shot, size = sys.argv[1].splitlines(), sys.argv[2]
at = next(i for i, l in enumerate(shot) if "Synchro" in l and "Action" in l)
head = shot[at]
rows = [l for l in shot[at + 1:] if "à envoyer" in l]
assert rows, "journal at %s: no entry shows its sync state" % size
for col in ("Action", "Synchro"):
    want = head.index(col)
    word = {"Action": "remise", "Synchro": "à envoyer"}[col]
    for r in rows:
        if word in r:
            assert r.index(word) == want, \
                "journal at %s: %r at cell %d, its column at %d:\n%s\n%s" % (
                    size, word, r.index(word), want, head, r)
PY
	keys Escape

	# search
	keys F3
	wait_for "Chercher :"
	type_slowly "bern"
	wait_for "3 personnes trouvées"
	check_screen "search"
	keys Escape Escape

	# help: every key, then scrolled to its last note
	keys F1
	wait_for "Touches du poste"
	check_screen "help"
	for k in F2 F3 F4 F5 F6 F7 F8 F9 F10; do
		screen | grep -qE "^ $k[ ,]" || fail "help at $size does not list $k"
	done
	screen | grep -qF "quitter (tout est déjà enregistré)" ||
		fail "help at $size: F10's line is cut"
	for _ in $(seq 30); do keys Down; done
	wait_for "lettre O"
	wait_for "tapez le chiffre 0"
	keys Escape

	# settings
	keys F9
	wait_for "Réglages de cette file"
	wait_for "son"
	check_screen "settings"
	keys Escape

	# end of day: every document offered
	keys F8
	wait_for "Fin de journée"
	wait_for "enregistrer la liste des personnes restant à équiper"
	check_screen "end of day"
	keys Escape

	# a question (after an action of this queue)
	keys Down Down F5
	wait_for "absent(e)"
	keys F6
	wait_for "o : oui · n : non"
	check_screen "question"
	# the whole question, not cut at the box's edge
	wait_for "absence de"
	wait_for "journal) ?"
	keys n
	wait_gone "o : oui · n : non"

	# a refusal of the app names a key, never a command
	keys Down
	wait_for "prochain scan"
	keys R9KT30SCR999 Enter
	wait_for "enregistrez-la (F4), puis scannez de"
	check_screen "refusal"

	# the correction (F12) of the first student's handover, its question
	keys Home
	wait_for "F12 : corriger cette remise"
	check_screen "roll call, an equipped row"
	keys F12
	wait_for "Corriger une remise : R9KT30SCR0"
	wait_for "personne : l'appareil retourne en stock"
	check_screen "correction"
	type_slowly "bernard"
	wait_for "Éloïse"
	check_screen "correction, a name typed"
	keys Enter
	wait_for "o : oui · n : non"
	check_screen "correction question"
	wait_for "au lieu de"
	wait_for "vos mains)"
	keys n
	wait_gone "o : oui · n : non"
	keys Escape Escape
	wait_for "correction annulée"

	# the form adding a person (^N), with a refusal in it
	keys C-n
	wait_for "Ajouter une personne"
	wait_for "JJ/MM/AAAA"
	check_screen "add a person"
	keys Enter Enter Enter Enter Enter
	wait_for "le nom manque"
	check_screen "add a person, refused"
	keys Escape
	wait_for "personne n'a été ajouté"

	# the devices desk (F11)
	keys F11
	wait_for "Appareils"
	check_screen "devices desk"
	keys Escape

	keys F10
	wait_for "STATION-EXITED 0"
	tm kill-session -t st
done
echo "station_screens: ok"
