#!/usr/bin/env bash
# `people` and `export csv` write rows as the store reads them: on a
# roster a hundred times larger their peak memory grows by less than
# 3 MB (it grew by 30 MB when every row was kept), and an empty list
# still has its header (CSV), its brackets (JSON) and its count (table).
# The certified list keeps its pages' drawing out of memory: 27,000 rows
# (1,300 pages) cost less than 1.5 kB each (2.7 kB when libharu held
# every page until the save).
. "$(dirname "$0")/lib.bash"

# peak_kb ARGS...: the peak resident set of `dotation ARGS`, in kB.
peak_kb() {
	python3 - "$DOTATION_BIN" "$@" <<'PY'
import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
sys.exit("failed: %s" % sys.argv[1:]) if os.waitstatus_to_exitcode(status) else print(ru.ru_maxrss)
PY
}
# equip DB N: the first N people hold a device (set-up by SQL).
equip() {
	sqlite3 -batch "$1" "
INSERT INTO devices(serial, status, updated_at) SELECT printf('HAKV%08d', id), 'ceded', '2025-09-02T08:00:00Z' FROM people WHERE id <= $2;
INSERT INTO assignments(serial, person_id, kind, start_date, station, created_at)
  SELECT printf('HAKV%08d', id), id, 'cession', '2025-09-02', 't-1', '2025-09-02T08:00:00Z' FROM people WHERE id <= $2;"
}

for n in 300 30000; do
	db=$T/r$n.db
	"$DOTATION_SRC/scripts/gen-roster" --rows $n --out "$T/r$n.csv"
	run 0 --db "$db" init --uai 0750654D --name "Lycée Test"
	run 0 --db "$db" import "$T/r$n.csv"
	equip "$db" $((n * 9 / 10))
done
run 0 --db "$T/r30000.db" people --format csv
[ "$(wc -l <"$T/out")" = 30001 ] || fail "people --format csv: $(wc -l <"$T/out") lines"
run 0 --db "$T/r30000.db" export csv --out "$T/export.csv"
[ "$(wc -l <"$T/export.csv")" = 27001 ] || fail "export csv: $(wc -l <"$T/export.csv") lines"

for args in "people --format csv" "people --format json" "people" \
	"export csv --out $T/e.csv"; do
	# shellcheck disable=SC2086
	small=$(peak_kb --db "$T/r300.db" $args)
	# shellcheck disable=SC2086
	big=$(peak_kb --db "$T/r30000.db" $args)
	[ "$big" -le $((small + 3072)) ] ||
		fail "'$args': peak RSS $big kB on 30,000 people, $small kB on 300: not streamed"
done

small=$(peak_kb --db "$T/r300.db" report certified --out "$T/small.pdf")
big=$(peak_kb --db "$T/r30000.db" report certified --out "$T/big.pdf")
[ "$big" -le $((small + 27000 * 3 / 2)) ] ||
	fail "certified list: peak RSS $big kB for 27,000 rows, $small kB for 270: the pages stay in memory"

run 0 --db "$T/r300.db" people --class "NOPE" --format json
[ "$(tr -d '\n' <"$T/out")" = "[]" ] || fail "empty JSON list: $(cat "$T/out")"
run 0 --db "$T/r300.db" people --class "NOPE" --format csv
[ "$(cat "$T/out")" = "id;nom;prenom;date_naissance;classe;profil;ine;identifiant;actif;charte;numero_serie;remis_le" ] ||
	fail "empty CSV list: $(cat "$T/out")"
run 0 --db "$T/r300.db" people --class "NOPE"
contains "$T/out" "Nom"
contains "$T/err" "0 personnes"
echo "ok"
