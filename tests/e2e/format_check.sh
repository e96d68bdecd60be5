#!/usr/bin/env bash
# .clang-format describes the code and changed files follow it:
# scripts/check-format passes on the last change of this checkout, and in
# a scratch repository it refuses a change indented with spaces and braces
# on their own line, and accepts the same change once clang-format laid it
# out.
. "$(dirname "$0")/lib.bash"

command -v git >/dev/null || fail "git is not installed (scripts/bootstrap)"
if git -C "$DOTATION_SRC" rev-parse --git-dir >/dev/null 2>&1; then
	"$DOTATION_SRC/scripts/check-format" >"$T/real.out" 2>"$T/real.err" ||
		fail "the last change does not follow .clang-format: $(cat "$T/real.err")"
	# .clang-format describes the code as it is: every file follows it
	"$DOTATION_SRC/scripts/check-format" --all >"$T/all.out" 2>"$T/all.err" ||
		fail "files do not follow .clang-format: $(head -5 "$T/all.err")"
fi

r=$T/repo
mkdir -p "$r/scripts" "$r/src"
cp "$DOTATION_SRC/.clang-format" "$r/"
cp "$DOTATION_SRC/scripts/check-format" "$r/scripts/"
cp "$DOTATION_SRC/src/core/serial.c" "$r/src/"
git -C "$r" init -q
git -C "$r" -c user.name=t -c user.email=t@t add -A
git -C "$r" -c user.name=t -c user.email=t@t commit -q -m base

cat >>"$r/src/serial.c" <<'C'

int
dot_serial_count_digits(const char *s)
{
    int n = 0;
    while (*s)
    {
        if (*s >= '0' && *s <= '9')
        {
            n++;
        }
        s++;
    }
    return n;
}
C
rc=0
"$r/scripts/check-format" HEAD >"$T/bad.out" 2>"$T/bad.err" || rc=$?
[ "$rc" = 1 ] || fail "check-format accepted spaces and Allman braces (exit $rc)"
grep -q "src/serial.c" "$T/bad.err" || fail "check-format did not name the file: $(cat "$T/bad.err")"

clang-format --style="file:$r/.clang-format" -i "$r/src/serial.c"
"$r/scripts/check-format" HEAD >"$T/good.out" 2>"$T/good.err" ||
	fail "check-format refused a clang-formatted file: $(cat "$T/good.err")"
grep -q "1 changed file(s)" "$T/good.out" || fail "check-format did not look at the change: $(cat "$T/good.out")"
echo "format_check: ok"
