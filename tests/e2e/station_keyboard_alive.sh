#!/usr/bin/env bash
# Slow work never freezes the station. (1) Another program holds the
# database's write lock: a scan says "base occupée…", the keys keep
# working (F1, Esc), and the scan is recorded by itself once the lock is
# released. (2) F8 prints on a print server that accepts and never
# answers: the screen says "préparation…", and meanwhile a charter and a
# scan are recorded, and F10 asks before quitting; when the server goes
# away the station says the printing failed and where the PDF is. The database is checked each time.
. "$(dirname "$0")/lib.bash"
export TZ=UTC
demo_db
mkdir -m 700 "$T/docs"
export DOTATION_DOCS_DIR="$T/docs"
serial_of() { person_field "$1" "$2" serial; }

station_start st -- station --queue A --class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1 · 25 personnes"
keys F4
wait_for "charte enregistrée : ABDELKADER Léa"

# ---- (1) another program holds the write lock ---------------------------
python3 - "$DOTATION_DB" "$T/lock.held" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
LOCKER=$!
at_exit 'rm -f "$T/lock.held"; kill $LOCKER 2>/dev/null; wait $LOCKER 2>/dev/null'
for _ in $(seq 100); do [ -e "$T/lock.held" ] && break; sleep 0.05; done
[ -e "$T/lock.held" ] || fail "the locking process did not start"
keys R9KT30LCK01 Enter
wait_for "base occupée" 3
# the keyboard is alive while the lock is held
keys F1
wait_for "Touches du poste" 2
keys Escape
wait_for "Classe 2NDE 1" 2
# (sqlite3 reads beside the lock: WAL readers do not wait for writers)
[ "$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM assignments WHERE serial = 'R9KT30LCK01'")" = 0 ] ||
	fail "recorded while the database was locked?"
rm -f "$T/lock.held"
wait "$LOCKER"
wait_for "✔ R9KT30LCK01 → ABDELKADER Léa" 10
[ "$(serial_of ABDELKADER Léa)" = R9KT30LCK01 ] ||
	fail "the scan made during the lock was not recorded after it"

# ---- (2) printing to a print server that never answers ----------------------
python3 - "$T/hung.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(8)
held = []
while True:
    c, _ = s.accept()
    held.append(c)   # read nothing, answer nothing
PY
HUNG=$!
at_exit 'kill $HUNG 2>/dev/null'
for _ in $(seq 100); do [ -S "$T/hung.sock" ] && break; sleep 0.05; done
tm kill-session -t st
station_start st CUPS_SERVER="$T/hung.sock" -- station --queue A \
	--class "2NDE 1" --scanner none
wait_for "Classe 2NDE 1"
keys F8
wait_for "Fin de journée"
# the printers cannot be listed from a server that never answers: print
# on the default printer all the same
wait_for "imprimante (←/→ change) : aucune" 10
for _ in 1 2 3 4 5 6 7 8; do keys Down; done
keys Right
wait_for "imprimante (←/→ change) : l'imprimante par défaut"
for _ in 1 2 3 4 5 6 7 8; do keys Up; done
keys Enter
wait_for "préparation du document…" 5
# the loop is not held by the printing
keys Escape
wait_for "Classe 2NDE 1" 2
keys F4
wait_for "charte enregistrée : Abdelkader Loïc" 3
keys R9KT30LCK02 Enter
wait_for "✔ R9KT30LCK02 → Abdelkader Loïc" 3
[ "$(serial_of Abdelkader Loïc)" = R9KT30LCK02 ] || fail "scan during printing not recorded"
screen | grep -qF "imprim" && fail "the printing finished although the server never answered"
# F10 while the document is in the works asks first; n stays
keys F10
wait_for "un document est en préparation : quitter" 3
keys n
wait_gone "un document est en préparation : quitter" 3
screen | grep -qF "STATION-EXITED" && fail "F10 quit while a document was in the works"
kill $HUNG
wait_for "$T/docs/liste-certifiee-" 30
screen | grep -qF "✘" || fail "a failed print is not shown as a refusal"
keys F10
wait_for "STATION-EXITED 0"
echo "station_keyboard_alive: ok"
