#!/usr/bin/env bash
# No document ends on a page that holds only a subtotal, a total or the
# signature block: whatever the count, the last page has at least one row
# of data. Checked on the PDF text (pdftotext of the last page) for the
# certified list, the attestation, the still-to-equip list and the loans
# to get back, over counts around their page breaks (found by rendering
# every count from 1 to 160 once).
. "$(dirname "$0")/lib.bash"
command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"
demo_db
last_rows() { # PDF REGEX: data rows on the last page
	local p
	p=$(pdfinfo "$1" | awk '/^Pages:/{print $2}')
	pdftotext -f "$p" -l "$p" -layout "$1" - | grep -c -- "$2" || true
}
ids=($("$DOTATION_BIN" people --format csv | tail -n +2 | cut -d';' -f1))

# ---- loans: 42 to 47 overdue loans ---------------------------------------------
for n in $(seq 1 47); do
	id=${ids[$((n - 1))]}
	sn=$(printf "LN%08d" "$n")
	"$DOTATION_BIN" charter "$id" --loan >/dev/null
	"$DOTATION_BIN" stock add "$sn" >/dev/null
	"$DOTATION_BIN" loan "$id" "$sn" --from 2026-01-05 --until 2026-02-01 >/dev/null
	[ "$n" -ge 42 ] || continue
	run 0 report loans --out "$T/l.pdf"
	[ "$(last_rows "$T/l.pdf" 'LN[0-9]\{8\}')" -ge 1 ] ||
		fail "$n loans: the last page holds no loan, only the total"
done

# ---- certified, still to equip, attestation: cessions 48 to 125 ----------------
for n in $(seq 48 125); do
	id=${ids[$((n - 1))]}
	"$DOTATION_BIN" assign "$id" "$(printf "PB%08d" "$n")" --with-charter >/dev/null
	case $n in 105|106|107|108|109|110|111) ;; 118|119|120|121|122|123|124|125) ;; *) continue ;; esac
	run 0 report certified --out "$T/c.pdf"
	[ "$(last_rows "$T/c.pdf" 'PB[0-9]\{8\}')" -ge 1 ] ||
		fail "$n cessions: the certified list's last page holds no row"
	run 0 report missing --out "$T/m.pdf"
	[ "$(last_rows "$T/m.pdf" '^ *[0-9]\+  *[A-Z]')" -ge 1 ] ||
		fail "$((160 - n)) to equip: the last page holds no row"
	sqlite3 "$DOTATION_DB" ".backup $T/a.db"
	DOTATION_DB="$T/a.db" run 0 report attestation --from 2000-01-01 --to 2100-01-01 --out "$T/a.pdf"
	[ "$(last_rows "$T/a.pdf" 'PB[0-9]\{8\}')" -ge 1 ] ||
		fail "$n cessions: the attestation's last page holds no row"
	rm -f "$T"/a.db*
done
echo "report_page_breaks: ok"
