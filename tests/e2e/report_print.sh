#!/usr/bin/env bash
# --print: the PDF goes to CUPS through lp. Always: the message when lp is
# not installed, and when CUPS has no such printer (the --out file is kept).
# As root with cupsd installed: a private cupsd on a Unix socket with a
# file-backed queue; the job must complete and the spooled document must be
# byte for byte the PDF written with --out.
. "$(dirname "$0")/lib.bash"

demo_db
ids=$("$DOTATION_BIN" people --class "2NDE 1" --format csv | tail -n +2 | cut -d';' -f1 | sed -n 1,3p)
n=0
for id in $ids; do
	n=$((n + 1))
	run 0 assign "$id" "PRNT00000$n" --with-charter
done

# No lp at all (a PATH without it).
mkdir "$T/nolp"
PATH="$T/nolp" run 1 report certified --print --out "$T/a.pdf"
contains "$T/err" "cups-client"
contains "$T/err" "$T/a.pdf"
[ -s "$T/a.pdf" ] || fail "the PDF was not kept when lp is missing"

if ! command -v lp >/dev/null; then
	echo "report_print: lp not installed, CUPS part skipped"
	exit 0
fi

# lp with no scheduler / no such printer: our French words, never lp's
# English, the file kept.
export CUPS_SERVER="$T/no-cups.sock"
run 1 report certified --print nosuchprinter --out "$T/b.pdf"
contains "$T/err" "l'imprimante nosuchprinter est inconnue du service d'impression"
if grep -q "does not exist" "$T/err"; then fail "lp's English is in the message"; fi
contains "$T/err" "$T/b.pdf"
[ -s "$T/b.pdf" ] || fail "the PDF was not kept when printing failed"
# Without --out nothing stays behind, and the message says so.
TMPDIR="$T/tmp" && mkdir "$TMPDIR" && export TMPDIR
run 1 report certified --print nosuchprinter
contains "$T/err" "--out"
[ -z "$(ls -A "$TMPDIR")" ] || fail "a temporary PDF was left behind"

if ! have_cupsd; then
	echo "report_print: no cupsd (or not root), real printing skipped"
	echo "report_print: ok"
	exit 0
fi

private_cupsd

run 0 report certified --print dotation-e2e --out "$T/c.pdf"
contains "$T/out" "dotation-e2e"
job=$(grep -o "dotation-e2e-[0-9]\+" "$T/out" | head -1)
[ -n "$job" ] || fail "no job id in: $(cat "$T/out")"
wait_job "$job"
cmp "$(spooled "$job")" "$T/c.pdf" ||
	fail "CUPS did not receive the PDF as written"

# --print alone: printed from a temporary file, removed afterwards.
run 0 report missing --print dotation-e2e
[ -z "$(ls -A "$TMPDIR")" ] || fail "a temporary PDF was left behind"

echo "report_print: ok"
