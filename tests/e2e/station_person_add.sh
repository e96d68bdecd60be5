#!/usr/bin/env bash
# Add a newcomer from the station (^N on the roll call, Insert in the
# search): the form checks the row as an import row (the reason shown in
# French in the form, nothing written), adds it in one "person-add"
# journal entry, and opens the roll call of their class with the cursor
# on them, ready to equip: F4 then the scan. A scan while the form is
# open is never typed into a field: the form closes, nothing is added,
# the scan is refused ("question annulée : scannez à nouveau").
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
wait_re() {
	local i
	for i in $(seq 100); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	fail "waited 5s for a line matching: $1"
}
jcount() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE type = '$1'"; }
people() { sqlite3 "$DOTATION_DB" "SELECT count(*) FROM people"; }
n0=$(people)

W=80 H=24 station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"

# ---- an invalid birth date: said in the form, nothing written -------------
before=$(dump)
keys C-n
wait_for "Ajouter une personne"
wait_re '^  Classe +2NDE 1 '   # the open class by default
type_slowly "Nouveau"
keys Enter
type_slowly "Élias"
keys Enter
type_slowly "31/02/2010"
keys Enter Enter
wait_re '^> Profil +◀ Élève ▶'
keys Enter
wait_for "date de naissance invalide « 31/02/2010 » (attendu JJ/MM/AAAA)"
wait_re '^> Né\(e\) le +31/02/2010_'   # the cursor back on the date
[ "$(dump)" = "$before" ] || fail "an invalid row wrote something"

# ---- corrected, added: their roll call, the cursor on them ----------------
keys C-u
type_slowly "14/03/2010"
keys Enter Enter Enter
wait_for "✔ Nouveau Élias (2NDE 1) ajouté(e) à la liste : enregistrez sa charte (F4)"
wait_for "Classe 2NDE 1 · 26 personnes"
wait_re '^>Nouveau +Élias +14/03/2010'
wait_for "prochain scan → Nouveau Élias (2NDE 1)"
[ "$(jcount person-add)" = 1 ] || fail "$(jcount person-add) person-add entries, expected 1"
[ "$(people)" = $((n0 + 1)) ] || fail "not exactly one person added"
[ "$(person_field Nouveau Élias birth_date)" = 2010-03-14 ] || fail "birth date not recorded"
[ "$(person_field Nouveau Élias class)" = "2NDE 1" ] || fail "class not recorded"
[ "$(person_field Nouveau Élias profile)" = eleve ] || fail "profile not recorded"

# ---- then equipped: F4 and the scan ------------------------------------------
keys F4
wait_for "charte enregistrée : Nouveau Élias (2NDE 1)"
keys R9KT30ADD001 Enter
wait_for "✔ R9KT30ADD001 → Nouveau Élias (2NDE 1)"
[ "$(person_field Nouveau Élias serial)" = R9KT30ADD001 ] || fail "the newcomer's device is not recorded"

# ---- the same person again: refused, named --------------------------------
before=$(dump)
keys C-n
wait_for "Ajouter une personne"
type_slowly "NOUVEAU"
keys Enter
type_slowly "Elias"
keys Enter
type_slowly "14/03/2010"
keys Enter Enter Enter
wait_for "figure déjà dans la liste"
[ "$(dump)" = "$before" ] || fail "a duplicate was added"
keys Escape
wait_for "personne n'a été ajouté"

# ---- a scan while the form is open: never text, the form closes ------------
for suffix in Enter none; do
	keys C-n
	wait_for "Ajouter une personne"
	type_slowly "Dur"
	if [ $suffix = Enter ]; then keys R9KT30ADD009 Enter; else keys R9KT30ADD009; fi
	wait_for "question annulée : scannez à nouveau"
	wait_gone "Ajouter une personne"
	screen | grep -qF "DurR9K" && fail "the scan was typed into the form"
	[ "$(dump)" = "$before" ] || fail "a scan in the form wrote something"
	keys C-n
	wait_for "Ajouter une personne"
	screen | grep -qE '^> Nom +_' || fail "the closed form kept what was typed"
	keys Escape
	wait_for "personne n'a été ajouté"
done

# ---- from the search (Insert): a teacher without a class -------------------
keys F3
wait_for "Chercher :"
keys IC
wait_for "Ajouter une personne"
wait_re '^  Classe +vide pour'   # no class by default outside a class
type_slowly "Enseignante"
keys Tab
type_slowly "Nouvelle"
keys Tab Tab
type_slowly "2NDE 9"
keys Tab Right
wait_re '^> Profil +◀ Enseignant ▶'
keys Enter
wait_for "il n'y a pas de classe « 2NDE 9 »"
wait_re "^> Classe +2NDE 9_"   # the cursor on the class
keys BSpace BSpace BSpace BSpace BSpace BSpace Enter Enter
wait_for "✔ Enseignante Nouvelle ajouté(e) à la liste"
wait_re '^>Enseignante +Nouvelle'
[ "$(person_field Enseignante Nouvelle profile)" = prof ] || fail "the profile is not recorded"
[ "$(person_field Enseignante Nouvelle class)" = "" ] || fail "a class was recorded"
[ "$(jcount person-add)" = 2 ] || fail "$(jcount person-add) person-add entries, expected 2"

keys F10
wait_for "STATION-EXITED 0"
[ "$(sqlite3 "$DOTATION_DB" "PRAGMA integrity_check")" = ok ] || fail "integrity check"
echo "station_person_add: ok"
