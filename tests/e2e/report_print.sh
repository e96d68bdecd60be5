#!/usr/bin/env bash
# --print: the PDF goes to CUPS through lp. Always: the message when lp is
# not installed, and when CUPS has no such printer (the --out file is kept).
# As root with cupsd installed: a private cupsd on a Unix socket with a
# file-backed queue; the job must complete and the spooled document must be
# byte for byte the PDF written with --out.
. "$(dirname "$0")/lib.bash"

demo_db
ids=$("$DOTATION_BIN" people --class "2NDE 1" --format csv | tail -n +2 | cut -d';' -f1 | head -3)
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

# lp with no scheduler / no such printer: lp's own words, the file kept.
export CUPS_SERVER="$T/no-cups.sock"
run 1 report certified --print nosuchprinter --out "$T/b.pdf"
contains "$T/err" "nosuchprinter"
contains "$T/err" "lp"
contains "$T/err" "$T/b.pdf"
[ -s "$T/b.pdf" ] || fail "the PDF was not kept when printing failed"
# Without --out nothing stays behind, and the message says so.
TMPDIR="$T/tmp" && mkdir "$TMPDIR" && export TMPDIR
run 1 report certified --print nosuchprinter
contains "$T/err" "--out"
[ -z "$(ls -A "$TMPDIR")" ] || fail "a temporary PDF was left behind"

if [ "$(id -u)" != 0 ] || ! command -v cupsd >/dev/null || ! id lp >/dev/null 2>&1; then
	echo "report_print: no cupsd (or not root), real printing skipped"
	echo "report_print: ok"
	exit 0
fi

C="$T/cups"
mkdir -p "$C/spool" "$C/cache" "$C/state" "$C/log" "$C/ppd"
chmod 755 "$T" "$C"
chown -R lp:lp "$C/spool" "$C/cache" "$C/state" "$C/log"
cat >"$C/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel warn
PreserveJobFiles Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
CONF
cat >"$C/cups-files.conf" <<CONF
FileDevice Yes
ServerRoot $C
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/spool
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
User lp
Group lp
CONF
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" &
cupsd_pid=$!
# cupsd may still write its spool: stop it and wait before removing $T
trap 'kill $cupsd_pid 2>/dev/null; wait $cupsd_pid 2>/dev/null; rm -rf "$T"' EXIT
export CUPS_SERVER="$C/cups.sock"
for _ in $(seq 50); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
lpstat -r >/dev/null 2>&1 || fail "the private cupsd did not start: $(cat "$C/log/error_log" 2>/dev/null)"
lpadmin -p dotation-e2e -E -v "file:///dev/null" -m raw 2>/dev/null ||
	fail "cannot create the test queue"

run 0 report certified --print dotation-e2e --out "$T/c.pdf"
contains "$T/out" "dotation-e2e"
job=$(grep -o "dotation-e2e-[0-9]\+" "$T/out" | head -1)
[ -n "$job" ] || fail "no job id in: $(cat "$T/out")"
for _ in $(seq 50); do
	lpstat -W completed -o dotation-e2e | grep -q "^$job " && break
	sleep 0.1
done
lpstat -W completed -o dotation-e2e | grep -q "^$job " || fail "job $job did not complete"
cmp "$C/spool/d$(printf %05d "${job##*-}")-001" "$T/c.pdf" ||
	fail "CUPS did not receive the PDF as written"

# --print alone: printed from a temporary file, removed afterwards.
run 0 report missing --print dotation-e2e
[ -z "$(ls -A "$TMPDIR")" ] || fail "a temporary PDF was left behind"

echo "report_print: ok"
