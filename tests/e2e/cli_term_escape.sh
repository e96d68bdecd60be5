#!/usr/bin/env bash
# issue 13, defect 3 (output side): names holding terminal escape
# sequences, C1 controls or a right-to-left override (stored before
# imports refused them, or pulled from an upstream) never reach a terminal
# as they are: on a terminal, the table of 'people', the success lines and
# the error messages on stderr show them escaped as text; a pipe gets the
# exact bytes (the JSON contract).
. "$(dirname "$0")/lib.bash"

demo_db
a=$("$DOTATION_BIN" people --search "N'Diaye Noémie" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
b=$("$DOTATION_BIN" people --search "Bernard Éloïse" --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
# Clear screen + OSC title in one name, a C1 CSI and an RLO in the other.
sqlite3 "$DOTATION_DB" "UPDATE people SET last_name = 'Evil' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) WHERE id = $a;
UPDATE people SET first_name = 'Ab' || char(155) || '31m' || char(8238) || 'cba' WHERE id = $b;"
run 0 assign --with-charter "$a" R9KT30ABCDE

# ontty OUT CMD...: run the binary with stdout and stderr on a pseudo-
# terminal; OUT gets every byte the terminal received.
ontty() {
	local out=$1
	shift
	python3 - "$out" "$DOTATION_BIN" "$@" <<'PY'
import os, pty, sys
out, argv = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
os.waitpid(pid, 0)
open(out, "wb").write(data)
PY
}
clean() { # FILE: no ESC, BEL, C1 CSI or bidi override reached the terminal
	python3 - "$1" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
for bad in (b"\x1b", b"\x07", b"\xc2\x9b", b"\xe2\x80\xae"):
    assert bad not in d, "raw %r reached the terminal: %r" % (bad, d[:400])
PY
}
ontty "$T/people.tty" people
clean "$T/people.tty" || fail "people table"
grep -qF 'Evil\x1b[2J\x1b]0;pwned\x07' "$T/people.tty" || fail "ESC not shown escaped"
grep -qF 'Ab\u009b31m\u202ecba' "$T/people.tty" || fail "C1/RLO not shown escaped"
ontty "$T/csv.tty" people --format csv
clean "$T/csv.tty" || fail "people --format csv on a terminal"
# stderr: the refusal names the holder.
ontty "$T/err.tty" assign --with-charter "$b" R9KT30ABCDE
clean "$T/err.tty" || fail "stderr message"
grep -qF 'Evil\x1b[2J' "$T/err.tty" || fail "holder's name missing from the refusal"
# stdout of a success line.
ontty "$T/ok.tty" assign --with-charter "$b" R9KT30ABCDF
clean "$T/ok.tty" || fail "assign's success line"
# A pipe gets the exact bytes.
run 0 people --format json
python3 - "$T/out" <<'PY' || fail "JSON changed the names"
import json, sys
d = json.load(open(sys.argv[1]))
names = {p["last_name"] for p in d} | {p["first_name"] for p in d}
assert "Evil\x1b[2J\x1b]0;pwned\x07" in names, names
assert "Ab\x9b31m\u202ecba" in names
PY
echo "cli_term_escape: ok"
