#!/usr/bin/env bash
# issue 13, defect 1: --out writes a new path or a regular file (0600,
# through a temporary file), "-" is the standard output, and anything else
# (a FIFO, a symbolic link, a directory, a device node) is refused with
# exit 3 and left exactly as it was, before any work is done.
. "$(dirname "$0")/lib.bash"

demo_db
id=$("$DOTATION_BIN" people --search "N'Diaye Noémie" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run 0 assign --with-charter "$id" R9KT30ABCDE

# A new path, then the same path again (a regular file): 0600 both times.
run 0 export csv --out "$T/a.csv"
[ "$(stat -c %a "$T/a.csv")" = 600 ] || fail "export not 0600"
contains "$T/a.csv" "R9KT30ABCDE"
chmod 644 "$T/a.csv"
run 0 export csv --out "$T/a.csv"
[ "$(stat -c %a "$T/a.csv")" = 600 ] || fail "replaced export not 0600"
# "-" is the standard output.
run 0 export csv --out -
contains "$T/out" "R9KT30ABCDE"
[ ! -e ./- ] || fail "a file named - was created"

refused() { # what TARGET CMD...: exit 3, TARGET untouched, no temp left
	local what=$1 target=$2
	shift 2
	local before
	before=$(stat -c '%F %i %a' "$target")
	run 3 "$@"
	contains "$T/err" "n'est pas un fichier ordinaire"
	[ "$(stat -c '%F %i %a' "$target")" = "$before" ] ||
		fail "$what was replaced: $(stat -c '%F %i %a' "$target")"
	! ls "$target".?????? >/dev/null 2>&1 || fail "temporary file left beside $what"
}

mkfifo "$T/fifo"
refused FIFO "$T/fifo" export csv --out "$T/fifo"
refused FIFO "$T/fifo" report certified --out "$T/fifo"
echo keep >"$T/target"
ln -s "$T/target" "$T/link"
refused symlink "$T/link" export csv --out "$T/link"
refused symlink "$T/link" report missing --out "$T/link"
[ "$(cat "$T/target")" = keep ] || fail "the symlink's target was written"
mkdir "$T/dir"
refused directory "$T/dir" export csv --out "$T/dir"
# A device node of our own (never the system's /dev/null), when we may.
if mknod "$T/null" c 1 3 2>/dev/null; then
	refused device "$T/null" export csv --out "$T/null"
	refused device "$T/null" report certified --out "$T/null"
else
	echo "cli_out_file: not root, device node case skipped"
fi
# An attestation refused for its --out is not recorded either.
run 3 report attestation --from 2020-01-01 --to 2099-12-31 --out "$T/fifo"
run 0 status --format json
python3 -c "import json; d=json.load(open('$T/out')); assert d['journal_entries'] == 3, d" ||
	fail "an attestation was recorded despite the refused --out"
# A PDF to the standard output, the messages to stderr.
run 0 report certified --out -
head -c 5 "$T/out" | grep -q '%PDF-' || fail "no PDF on stdout"
echo "cli_out_file: ok"
