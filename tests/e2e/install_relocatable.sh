#!/usr/bin/env bash
# A relocatable install: `cmake --install --prefix P` gives a binary that
# finds its catalogue and data in P/share from /proc/self/exe, keeps doing
# so when P is moved, speaks French by default with the build tree's
# catalogue hidden, and holds no path of the build machine (source or
# build tree) anywhere in its bytes, debug information included.
. "$(dirname "$0")/lib.bash"

build=${DOTATION_BUILD:-$(dirname "$(dirname "$(dirname "$DOTATION_BIN")")")}
cmake --install "$build" --prefix "$T/p" >"$T/install.out" 2>"$T/install.err" ||
	fail "cmake --install failed"
for f in bin/dotation share/locale/fr/LC_MESSAGES/dotation.mo \
	share/dotation/scanners.quirks share/dotation/demo-roster.csv; do
	[ -f "$T/p/$f" ] || fail "cmake --install did not install $f"
done

# No build-machine path: the source tree, the build tree (both resolved).
for b in "$T"/p/bin/*; do
	for d in "$(cd "$DOTATION_SRC" && pwd -P)" "$(cd "$build" && pwd -P)" \
		"$DOTATION_SRC" "$build"; do
		if grep -a -q -F "$d" "$b"; then
			grep -a -o -F "$d" "$b" | sort | uniq -c >&2
			fail "the installed $(basename "$b") holds the build path '$d'"
		fi
	done
done

# Move the prefix: nothing was fixed at configure time.
mv "$T/p" "$T/moved"
bin=$T/moved/bin/dotation
unset DOTATION_LOCALEDIR DOTATION_DATADIR DOTATION_LANG LANGUAGE

# French by default, from the moved prefix only. The build tree's
# catalogue is hidden behind an empty tmpfs in a private mount namespace
# when the kernel lets us (root in CI); elsewhere the grep above already
# shows the binary cannot name it.
speak() {
	if [ -d "$build/locale" ] && unshare -m true 2>/dev/null; then
		unshare -m sh -c 'mount -t tmpfs none "$1/locale" && shift && exec "$@"' \
			sh "$build" "$@"
	else
		"$@"
	fi
}
rc=0
speak "$bin" no-such-command >"$T/out" 2>"$T/fr.err" || rc=$?
[ "$rc" = 2 ] || fail "unknown command exited $rc, not 2"
grep -q 'commande inconnue' "$T/fr.err" || fail "the moved install does not speak French"

# and the catalogue it speaks from is the moved one: without it, English.
mv "$T/moved/share/locale" "$T/moved/share/locale.away"
rc=0
speak "$bin" no-such-command >"$T/out" 2>"$T/en.err" || rc=$?
grep -q 'unknown command' "$T/en.err" ||
	fail "without its own catalogue the binary still found French elsewhere: $(cat "$T/en.err")"
mv "$T/moved/share/locale.away" "$T/moved/share/locale"

# --version from the installed binary
"$bin" --version >"$T/version" || fail "dotation --version failed"
echo "install_relocatable: ok ($(cat "$T/version"))"
