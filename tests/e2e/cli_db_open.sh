#!/usr/bin/env bash
# issue 13, defects 4, 5 and 6: how commands open the database.
# 6: only init creates a database; any other command on a mistyped --db
#    says the file does not exist and creates nothing.
# 4: reading commands open read-only, without a write transaction or a
#    migration: they answer at once while another process holds the write
#    lock, and work on a read-only file system.
# 5: a full disk says "disque plein" and what to do, never "not a dotation
#    database" or "another path with --db"; once space is freed, work goes
#    on in the same database with nothing lost.
. "$(dirname "$0")/lib.bash"

# ---- 6: a mistyped --db ------------------------------------------------------
typo="$T/typo.db"
for cmd in "status" "people" "export csv" "report certified --out $T/c.pdf" \
	"assign 1 R9KT30ABCDE" "charter 1" "undo 1" "sync --once" \
	"import $DOTATION_SRC/data/demo-roster.csv"; do
	# shellcheck disable=SC2086
	run 1 --db "$typo" $cmd
	contains "$T/err" "n'existe pas"
	contains "$T/err" "dotation init"
	[ ! -e "$typo" ] || fail "'$cmd' created $typo"
done
run 0 --db "$typo" init --uai 0750654D --name "Lycée Test"
[ -f "$typo" ] || fail "init did not create the database"

# ---- 4: readers while another process writes ---------------------------------
demo_db
id=$("$DOTATION_BIN" people --search "N'Diaye Noémie" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run 0 assign --with-charter "$id" R9KT30ABCDE
python3 - "$DOTATION_DB" "$T/locked" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE settings SET value = value WHERE key = 'uai'")
open(sys.argv[2], "w").close()
time.sleep(120)
PY
writer=$!
at_exit "kill $writer 2>/dev/null"
for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.1; done
[ -e "$T/locked" ] || fail "the writer did not take the lock"
for cmd in "people --format json" "status --format json" "export csv" \
	"report certified --out $T/c.pdf" "report missing --out $T/m.pdf" \
	"devices --format json" "loans --format json"; do
	start=$(date +%s)
	# shellcheck disable=SC2086
	run 0 $cmd
	# the busy timeout is 10 s: a reader that waited for the lock took it
	[ $(($(date +%s) - start)) -lt 8 ] || fail "'$cmd' waited for the writer"
done
run 0 people --format json
contains "$T/out" "R9KT30ABCDE"
kill "$writer"
wait "$writer" 2>/dev/null || true

# Mount a small private file system, when allowed (root in CI).
mnt="$T/mnt"
mkdir "$mnt"
if ! mount -t tmpfs -o size=3m,mode=0700 tmpfs "$mnt" 2>/dev/null; then
	echo "cli_db_open: cannot mount a tmpfs here: read-only and full-disk cases skipped"
	echo "cli_db_open: ok (partial)"
	exit 0
fi
at_exit "umount -l '$mnt'"

# ---- 4: a read-only file system ----------------------------------------------
cp "$DOTATION_DB" "$mnt/ro.db"
mount -o remount,ro "$mnt"
for cmd in "people --format json" "status --format json" "export csv" \
	"report certified --out $T/ro.pdf" "devices --format json" \
	"loans --format json"; do
	# shellcheck disable=SC2086
	run 0 --db "$mnt/ro.db" $cmd
done
run 0 --db "$mnt/ro.db" people --format json
contains "$T/out" "R9KT30ABCDE"
run 1 --db "$mnt/ro.db" charter "$id" --undo
! grep -q -- "--db" "$T/err" || fail "a read-only file system suggested another database"
! grep -q "n'est pas une base" "$T/err" || fail "a read-only file system called a wrong database"
mount -o remount,rw "$mnt"

# ---- 5: a full disk -------------------------------------------------------------
rm -f "$mnt/ro.db"
cp "$DOTATION_DB" "$mnt/full.db"
dd if=/dev/zero of="$mnt/filler" bs=16k 2>/dev/null || true
other=$("$DOTATION_BIN" people --search "Bernard Éloïse" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run 1 --db "$mnt/full.db" assign --with-charter "$other" R9KT30ABCDF
contains "$T/err" "disque plein"
contains "$T/err" "libérez de la place"
! grep -q -- "--db" "$T/err" || fail "a full disk suggested another database"
! grep -q "n'est pas une base" "$T/err" || fail "a full disk called a wrong database"
rm -f "$mnt/filler"
run 0 --db "$mnt/full.db" assign --with-charter "$other" R9KT30ABCDF
run 0 --db "$mnt/full.db" people --format json
contains "$T/out" "R9KT30ABCDE"
contains "$T/out" "R9KT30ABCDF"
[ "$(sqlite3 "$mnt/full.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
echo "cli_db_open: ok"
