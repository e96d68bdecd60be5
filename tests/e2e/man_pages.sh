#!/usr/bin/env bash
# The man pages: each one renders with no warning from man --warnings
# (groff's), has the sections an administrator looks for, dotation(1)
# documents every command the binary lists, dotation-station(1) every
# function key, and cmake --install puts them where man finds them.
. "$(dirname "$0")/lib.bash"

build=${DOTATION_BUILD:-$(dirname "$(dirname "$(dirname "$DOTATION_BIN")")")}
man_dir=$build/man
[ -f "$man_dir/dotation.1" ] || fail "the man pages were not built in $man_dir"

render() { # PAGE: the text, warnings in $T/warn
	MANWIDTH=100 man --warnings -E UTF-8 -l "$1" 2>"$T/warn" | col -b
}
for page in "$man_dir"/*.[18]; do
	render "$page" >"$T/page.txt"
	[ ! -s "$T/warn" ] || fail "man --warnings on $(basename "$page"): $(cat "$T/warn")"
	for s in NAME SYNOPSIS DESCRIPTION 'EXIT STATUS' ENVIRONMENT FILES 'SEE ALSO'; do
		grep -q "^$s\$" "$T/page.txt" || fail "$(basename "$page") has no $s section"
	done
done

# every command of `dotation --help` has its entry in dotation(1)
render "$man_dir/dotation.1" >"$T/dotation.txt"
DOTATION_LANG=en "$DOTATION_BIN" --help >"$T/help" 2>&1 || true
sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$T/help" >"$T/commands"
[ "$(wc -l <"$T/commands")" -ge 10 ] || fail "could not read the command list: $(cat "$T/help")"
while read -r c; do
	grep -q "^ *dotation $c\b" "$T/dotation.txt" ||
		fail "dotation(1) does not document the command '$c': add it to docs/man/dotation.1.scd"
done <"$T/commands"

# every function key of the station (its bindings table) has its line in
# dotation-station(1)
render "$man_dir/dotation-station.1" >"$T/station.txt"
fkeys=$(grep -o '"F[0-9]*[",]' "$DOTATION_SRC"/src/tui/*.c 2>/dev/null | grep -o 'F[0-9]*' | sort -u)
for k in F1 F10 $fkeys Esc Enter; do
	grep -q "^ *$k\b" "$T/station.txt" || fail "dotation-station(1) does not describe the key $k"
done

# with the hub built: its page is there and names every hub command
hub=$(dirname "$DOTATION_BIN")/../hub/dotation-hub
if [ -x "$hub" ]; then
	[ -f "$man_dir/dotation-hub.8" ] || fail "dotation-hub is built but not its man page"
	render "$man_dir/dotation-hub.8" >"$T/hub.txt"
	"$hub" --help 2>&1 | sed -n 's/^  dotation-hub \([a-z]*\)\( [a-z]*\)\{0,1\}\( --.*\|$\)/\1\2/p' >"$T/hubcmds"
	[ "$(wc -l <"$T/hubcmds")" -ge 5 ] || fail "could not read dotation-hub --help: $("$hub" --help 2>&1)"
	while read -r c; do
		grep -q "^ *dotation-hub $c\b" "$T/hub.txt" ||
			fail "dotation-hub(8) does not document '$c'"
	done <"$T/hubcmds"
fi

# installed where man looks: PREFIX/share/man/manN, found by man -w
cmake --install "$build" --prefix "$T/p" >"$T/install.out" 2>"$T/install.err" ||
	fail "cmake --install failed"
for p in man1/dotation.1.gz man1/dotation-station.1.gz; do
	[ -f "$T/p/share/man/$p" ] || fail "cmake --install did not install share/man/$p"
done
w=$(MANPATH="$T/p/share/man" man -w dotation) || fail "man -w dotation found nothing"
[ "$w" = "$T/p/share/man/man1/dotation.1.gz" ] || fail "man -w dotation gave '$w'"
echo "man_pages: ok ($(ls "$man_dir"/*.[18] | wc -l) pages)"
