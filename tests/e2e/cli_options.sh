#!/usr/bin/env bash
# Every command's options come from one table (src/cli/parse.c): --help
# lists each option its usage line names, with a help line, and exits 0;
# an unknown option, a bad value or a wrong operand count exits 2 and
# prints the usage; options may follow the operands.
. "$(dirname "$0")/lib.bash"

cmds=$("$DOTATION_BIN" --lang en --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}')
[ "$(echo "$cmds" | wc -w)" -ge 14 ] || fail "too few commands listed: $cmds"
for c in $cmds; do
	run 0 --lang en "$c" --help
	head -n1 "$T/out" | grep -q "^usage: dotation $c" || fail "$c --help: no usage line"
	grep -q '^options:$' "$T/out" || fail "$c --help: no options section"
	grep -q -- '-h, --help  *show this help' "$T/out" || fail "$c --help: no --help line"
	# every --option of the usage line is described under options:
	for o in $(head -n1 "$T/out" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		sed -n '/^options:$/,$p' "$T/out" | grep -Eq -- "^ +(-., )?$o([ =[]|$)" ||
			fail "$c --help does not describe $o"
	done
	sub=; [ "$c" != report ] || sub=certified
	run 2 "$c" $sub --no-such-option
	contains "$T/err" "usage"
done

# French help is French.
run 0 assign --help
contains "$T/out" "une carte microSD est remise"
contains "$T/out" "affiche cette aide"

# Operand counts come from the command table.
run 2 assign 1
run 2 assign 1 2 3
run 2 undo
run 2 check-serial
run 2 status extra
# Bad values: a choice, a number with its own message.
run 2 people --format xml
contains "$T/err" "usage"
run 2 scan-decode --idle-ms 0 "$T/none"
contains "$T/err" "--idle-ms"
run 2 scanners --count -1
# Options after operands, and "--".
run 0 check-serial R9KT30ABCDE
run 3 check-serial -- R9KTO0ABCDE
contains "$T/out" "rejected	letter-o	R9KTO0ABCDE"
echo "cli_options: ok"
