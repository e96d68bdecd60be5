#!/usr/bin/env bash
# Where F8 saves: the XDG documents folder (what `xdg-user-dir DOCUMENTS`
# reads), else ~/Documents; when neither exists the station asks (the
# folder typed is created, private, and kept for the next runs), never
# the home folder silently.
. "$(dirname "$0")/lib.bash"
export TZ=UTC
unset DOTATION_DOCS_DIR XDG_CONFIG_HOME
demo_db
today=$(date +%Y-%m-%d)
mkdir -p "$T/home"

# ---- no documents folder at all: asked (at 80x24, the guide's minimum) -------
W=80 H=24 station_start st HOME="$T/home" CUPS_SERVER="$T/none.sock" -- station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F8
wait_for "imprimante (←/→ change) : aucune" 10
wait_for "émettre l'attestation n° 1, du"
keys Down Down Down Enter
wait_for "Cet ordinateur n'a pas de dossier Documents"
wait_for "$T/home/Documents"
# the question and the menu both on the 24 rows
wait_for "Entrée valide, Échap abandonne"
wait_for "enregistrer la liste des personnes restant à équiper"
wait_for "imprimante (←/→ change)"
keys C-u
keys -l "~/Papiers/fin de journée"
keys Enter
for _ in $(seq 100); do
	[ -e "$T/home/Papiers/fin de journée/reste-a-equiper-$today.pdf" ] && break
	sleep 0.1
done
wait_for "enregistré : " 10
[ "$(stat -c %a "$T/home/Papiers/fin de journée")" = 700 ] ||
	fail "the folder created is not private"
[ "$(stat -c %a "$T/home/Papiers/fin de journée/reste-a-equiper-$today.pdf")" = 600 ] ||
	fail "the document is not private"
[ -z "$(find "$T/home" -maxdepth 1 -type f)" ] || fail "a document went into the home folder"
keys Escape F10
wait_for "STATION-EXITED 0"
# kept: the next run saves there without asking
tm kill-session -t st
station_start st HOME="$T/home" CUPS_SERVER="$T/none.sock" -- station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F8
wait_for "imprimante (←/→ change) : aucune" 10
keys Down Down Down Down Enter
wait_for "enregistré : $T/home/Papiers/fin de journée/prets-a-recuperer-$today.pdf" 10
keys Escape F10
wait_for "STATION-EXITED 0"
tm kill-session -t st

# ---- the XDG documents folder comes before ~/Documents ------------------------
export DOTATION_DB="$T/second.db"
demo_db
mkdir -p "$T/home2/.config" "$T/home2/Dokumente" "$T/home2/Documents"
printf 'XDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOCUMENTS_DIR="$HOME/Dokumente"\n' \
	>"$T/home2/.config/user-dirs.dirs"
[ "$(HOME="$T/home2" xdg-user-dir DOCUMENTS 2>/dev/null || echo "$T/home2/Dokumente")" = "$T/home2/Dokumente" ] ||
	fail "xdg-user-dir reads another folder than the station"
station_start st HOME="$T/home2" CUPS_SERVER="$T/none.sock" -- station \
	--queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F8
wait_for "imprimante (←/→ change) : aucune" 10
keys Down Down Down Enter
wait_for "enregistré : $T/home2/Dokumente/reste-a-equiper-$today.pdf" 10
[ -z "$(ls -A "$T/home2/Documents")" ] || fail "~/Documents was used before the XDG folder"
keys Escape F10
wait_for "STATION-EXITED 0"
echo "station_f8_folder: ok"
