#!/usr/bin/env bash
# The Debian packages: scripts/package builds dotation_VERSION_amd64.deb
# (and dotation-hub_VERSION_amd64.deb, which alone pulls libpq) with
# CPack; lintian finds no error in them; Depends was computed from the
# shared libraries and apt can satisfy it here; installed with dpkg into a
# scratch root it runs (--version, French by default from its own
# catalogue), man -w finds its page, it ships the uaccess udev rule under
# /usr/lib/udev/rules.d and a Terminal=true desktop entry; dpkg removes
# it cleanly.
. "$(dirname "$0")/lib.bash"

build=${DOTATION_BUILD:-$(dirname "$(dirname "$(dirname "$DOTATION_BIN")")")}
version=$(sed -n 's/^project(dotation VERSION \([0-9.]*\).*/\1/p' "$DOTATION_SRC/CMakeLists.txt")
DOTATION_BUILD_DIR=$build "$DOTATION_SRC/scripts/package" >"$T/debs" 2>"$T/package.err" ||
	fail "scripts/package failed: $(tail -20 "$T/package.err")"
deb=$(sed -n 1p "$T/debs")
hubdeb=$(sed -n 2p "$T/debs")
[ "$(basename "$deb")" = "dotation_${version}_$(dpkg --print-architecture).deb" ] ||
	fail "scripts/package made '$deb'"

# lintian: no error (its warnings and notes are printed for the log)
lintian --fail-on error --display-info "$deb" $hubdeb >"$T/lintian" 2>"$T/lintian.err" ||
	fail "lintian finds errors: $(cat "$T/lintian")"
grep -q '^E:' "$T/lintian" && fail "lintian: $(cat "$T/lintian")"
sed 's/^/lintian: /' "$T/lintian"

# the hub has its own package: a station never pulls PostgreSQL's library
if [ -x "$(dirname "$DOTATION_BIN")/../hub/dotation-hub" ]; then
	[ "$(basename "$hubdeb")" = "dotation-hub_${version}_$(dpkg --print-architecture).deb" ] ||
		fail "scripts/package made no dotation-hub package: $(cat "$T/debs")"
	hdep=$(dpkg-deb -f "$hubdeb" Depends)
	case $hdep in *libpq5*) ;; *) fail "dotation-hub's Depends lacks libpq5: $hdep" ;; esac
	case $hdep in *"dotation (= $version)"*) ;; *) fail "dotation-hub does not depend on dotation: $hdep" ;; esac
	dpkg-deb -c "$hubdeb" | grep -q ' ./usr/share/man/man8/dotation-hub.8.gz$' ||
		fail "the hub package lacks its man page"
fi

# Depends from the libraries the binary links (dpkg-shlibdeps)
dep=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libsqlite3-0 libncursesw6 libhpdf libcurl4 libevdev2 fonts-dejavu-core; do
	case $dep in *"$lib"*) ;; *) fail "Depends lacks $lib: $dep" ;; esac
done
if [ "$(id -u)" = 0 ]; then
	apt-get install -s -q "$deb" $hubdeb >"$T/apt.out" 2>&1 ||
		fail "apt cannot satisfy the package's Depends: $(tail -5 "$T/apt.out")"
fi

# files where Debian wants them
dpkg-deb -c "$deb" >"$T/contents"
for f in ./usr/bin/dotation ./usr/share/man/man1/dotation.1.gz \
	./usr/share/man/man1/dotation-station.1.gz \
	./usr/lib/udev/rules.d/70-dotation-scanners.rules \
	./usr/share/applications/dotation-station.desktop \
	./usr/share/locale/fr/LC_MESSAGES/dotation.mo \
	./usr/share/dotation/scanners.quirks ./usr/share/doc/dotation/copyright; do
	grep -q " $f\$" "$T/contents" || fail "the package lacks $f"
done
grep -q ' ./etc/' "$T/contents" && fail "the package ships files under /etc"
grep -q 'dotation-hub' "$T/contents" && fail "the station package ships the hub"
case $dep in *libpq*|*microhttpd*) fail "the station package depends on the hub's libraries: $dep" ;; esac

# install into a scratch root with dpkg (the host's libraries serve it)
[ "$(id -u)" = 0 ] || { echo "package_deb: not root, dpkg --root skipped"; exit 0; }
R=$T/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
: >"$R/var/lib/dpkg/status"
# (path-include: container images often exclude man pages and docs)
dpkg --root="$R" --force-depends --path-include='/usr/share/man/*' \
	--path-include='/usr/share/doc/dotation*' -i "$deb" $hubdeb >"$T/dpkg.out" 2>&1 ||
	fail "dpkg -i failed: $(cat "$T/dpkg.out")"
dpkg --root="$R" -s dotation | grep -q '^Status: install ok installed' ||
	fail "dpkg does not list dotation as installed"
unset DOTATION_LOCALEDIR DOTATION_DATADIR
"$R/usr/bin/dotation" --version >"$T/version" || fail "dotation --version failed"
grep -q "$version" "$T/version" || fail "--version says '$(cat "$T/version")', not $version"
rc=0
"$R/usr/bin/dotation" no-such-command 2>"$T/fr.err" || rc=$?
[ "$rc" = 2 ] && grep -q 'commande inconnue' "$T/fr.err" ||
	fail "the packaged binary does not speak French by default: $(cat "$T/fr.err")"
w=$(MANPATH="$R/usr/share/man" man -w dotation) || fail "man -w dotation found nothing"
[ "$w" = "$R/usr/share/man/man1/dotation.1.gz" ] || fail "man -w dotation gave '$w'"
MANWIDTH=80 man --warnings -l "$w" >/dev/null 2>"$T/warn"
[ ! -s "$T/warn" ] || fail "man --warnings on the packaged page: $(cat "$T/warn")"

rule=$R/usr/lib/udev/rules.d/70-dotation-scanners.rules
grep -q 'TAG+="uaccess"' "$rule" || fail "the udev rule has no uaccess tag"
grep -q 'GROUP=\|MODE=' "$rule" && fail "the udev rule still grants a group or a mode"
for v in $(sed -n 's/^MatchVendor=0x//p' "$DOTATION_SRC/data/scanners.quirks"); do
	grep -q "ATTRS{idVendor}==\"$v\"" "$rule" || fail "the udev rule lacks vendor $v"
done
desk=$R/usr/share/applications/dotation-station.desktop
grep -qx 'Terminal=true' "$desk" || fail "the desktop entry does not ask for a terminal"
grep -qx 'Exec=dotation station' "$desk" || fail "the desktop entry does not start the station"
icon=$(sed -n 's/^Icon=//p' "$desk")
[ -f "$R/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] ||
	fail "the desktop entry's icon '$icon' is not installed"

if [ -n "$hubdeb" ]; then
	"$R/usr/bin/dotation-hub" --help >"$T/hub.help" 2>&1 || fail "the packaged dotation-hub --help failed"
	w=$(MANPATH="$R/usr/share/man" man -w dotation-hub) || fail "man -w dotation-hub found nothing"
	dpkg --root="$R" -r dotation-hub >"$T/dpkg-r.out" 2>&1 || fail "dpkg -r dotation-hub failed: $(cat "$T/dpkg-r.out")"
fi
dpkg --root="$R" -r dotation >"$T/dpkg-r.out" 2>&1 || fail "dpkg -r failed: $(cat "$T/dpkg-r.out")"
[ ! -e "$R/usr/bin/dotation" ] || fail "dpkg -r left /usr/bin/dotation"
[ ! -e "$R/usr/bin/dotation-hub" ] || fail "dpkg -r left /usr/bin/dotation-hub"
echo "package_deb: ok ($(basename "$deb") ${hubdeb:+$(basename "$hubdeb")})"
