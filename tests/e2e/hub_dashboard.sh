#!/usr/bin/env bash
# The hub's dashboard against a real hub fed by a real station: in
# headless Chromium (hub_browser.py) log in, read the counts with the 85 %
# threshold flagged, search, a name holding <script> shown as text, log
# out, a school account refused another school; and over plain HTTPS
# requests: no data without a session, the cookie's attributes, the CSV
# exports, CSRF refusals, 403 for a school account on every page of
# another school, a cross-site login refused.
set -euo pipefail
. "$DOTATION_SRC/tests/e2e/hub_lib.bash"
D=$DOTATION_BIN
A=0750654D B=0130001F
command -v chromedriver >/dev/null || fail "chromedriver not installed (scripts/bootstrap installs chromium-driver)"

start_pg
"$HUB" migrate >/dev/null
"$HUB" school add --uai $A --name "Lycée Arago" >/dev/null
"$HUB" school add --uai $B --name "Lycée Briand" >/dev/null
cp "$DOTATION_SRC/data/demo-roster.csv" "$T/roster.csv"
printf '%s\n' '<script>window.hacked=1</script>;Test;01/01/2009;2NDE 1;Élève;;E9999999' >>"$T/roster.csv"
"$HUB" roster import --uai $A "$T/roster.csv" >/dev/null
"$HUB" token add --uai $A --station cdi-1 --out "$T/tok-a1" >/dev/null
printf 'region-secret-1\n' | "$HUB" user add --login region >/dev/null
printf 'briand-secret-1\n' | "$HUB" user add --login briand --uai $B >/dev/null
rc=0; printf 'short\n' | "$HUB" user add --login weak 2>/dev/null || rc=$?
[ $rc -eq 3 ] || fail "a short password: expected exit 3, got $rc"
case "$(sql "SELECT hash FROM users WHERE login = 'region'")" in
'$y$'*) ;; *) fail "the password is not stored as a yescrypt hash" ;; esac

DOTATION_LANG=fr start_hub a
# A real station records 20 charters and 12 handovers in 2NDE 1.
hub_station "$T/a1.db" cdi-1 $A
$D --db "$T/a1.db" import "$T/roster.csv" >/dev/null
ids=$($D --db "$T/a1.db" people --class "2NDE 1" --format json |
	json "' '.join(str(p['id']) for p in d if p['profile'] == 'eleve')")
i=0
for id in $ids; do
	i=$((i + 1))
	[ $i -le 20 ] || break
	$D --db "$T/a1.db" charter "$id" >/dev/null
	[ $i -gt 12 ] || $D --db "$T/a1.db" assign "$id" "$(printf 'TAB%06d' $i)" >/dev/null
done
hsync "$T/a1.db" "$T/tok-a1" >/dev/null 2>"$T/sync.err" || fail "station sync failed"
rm "$T/sync.err"
[ "$(sql "SELECT count(*) FROM people WHERE uai = '$A' AND charter")" -eq 20 ] || fail "hub did not apply 20 charters"

BASE=https://127.0.0.1:$HUB_PORT_a
spki=$(openssl x509 -in "$T/server.pem" -pubkey -noout | openssl pkey -pubin -outform der |
	openssl dgst -sha256 -binary | base64)

# --- plain HTTPS: sessions, cookies, CSV, CSRF, 403 ---------------------------------
req() { curl -sS --cacert "$T/ca.pem" -o "$T/page" -D "$T/headers" -w '%{http_code}' "$@"; }
[ "$(req "$BASE/schools/$A")" = 303 ] || fail "no session: expected 303"
grep -qi '^location: /login' "$T/headers" || fail "no session: not sent to /login"
grep -q "Arago" "$T/page" && fail "no session: data shown"
[ "$(req "$BASE/schools.csv")" = 303 ] || fail "no session: CSV export not refused"
[ "$(req -d login=region -d password=nope "$BASE/login")" = 401 ] || fail "wrong password not 401"
[ "$(req -c "$T/jar" -d login=region -d password=region-secret-1 "$BASE/login")" = 303 ] || fail "login failed"
grep -i '^set-cookie: dotation_session=' "$T/headers" >"$T/cookie"
for attr in HttpOnly Secure SameSite=Strict; do
	grep -q "; $attr" "$T/cookie" || fail "session cookie lacks $attr: $(cat "$T/cookie")"
done
[ "$(req -b "$T/jar" "$BASE/")" = 200 ] || fail "home page with a session"
grep -q 'sous le seuil de 85' "$T/page" || fail "threshold not flagged on the overview"
grep -qi '^content-security-policy:' "$T/headers" || fail "no CSP on pages"
[ "$(req -b "$T/jar" "$BASE/schools.csv")" = 200 ] || fail "Region CSV"
grep -qi '^content-type: text/csv' "$T/headers" || fail "CSV export is not text/csv"
grep -q '"Lycée Arago"' "$T/page" || fail "Region CSV lacks the school"
[ "$(req -b "$T/jar" "$BASE/schools/$A/people.csv?q=script")" = 200 ] || fail "people CSV"
grep -q '"<script>window.hacked=1</script>"' "$T/page" || fail "people CSV lacks the searched person"
[ "$(req -b "$T/jar" "$BASE/schools/$A/people?q=HERVE")" = 200 ] || fail "search"
grep -q 'Héloïse' "$T/page" || fail "accent-insensitive search did not find Hervé Héloïse"
[ "$(req -b "$T/jar" -d csrf=wrong "$BASE/logout")" = 403 ] || fail "logout with a wrong CSRF token not refused"
[ "$(req -b "$T/jar" -H "Origin: https://evil.example" -d login=region -d password=region-secret-1 "$BASE/login")" = 403 ] ||
	fail "cross-site login not refused"
[ "$(req -c "$T/jar-b" -d login=briand -d password=briand-secret-1 "$BASE/login")" = 303 ] || fail "school login failed"
for p in "/schools/$A" "/schools/$A/people?q=a" "/schools/$A/people.csv" "/schools/$A/classes.csv"; do
	[ "$(req -b "$T/jar-b" "$BASE$p")" = 403 ] || fail "school account on $p: not 403"
	grep -q "Arago\|Hervé" "$T/page" && fail "school account on $p saw data"
done
[ "$(req -b "$T/jar-b" "$BASE/schools.csv")" = 200 ] || fail "school CSV"
grep -q "Arago" "$T/page" && fail "a school account's CSV lists another school"
[ "$(req -b "$T/jar-b" "$BASE/schools/$B")" = 200 ] || fail "school account on its own school"

# --- headless Chromium --------------------------------------------------------------
python3 "$DOTATION_SRC/tests/e2e/hub_browser.py" "$BASE" "$spki" "$T" region-secret-1 \
	briand-secret-1 $A $B >"$T/browser.out" 2>"$T/browser.err" ||
	fail "browser: $(cat "$T/browser.out") $(tail -n 5 "$T/browser.err")"
[ -z "${HUB_SCREENSHOTS:-}" ] || cp "$T"/*.png "$HUB_SCREENSHOTS/"
echo "hub_dashboard: ok"
