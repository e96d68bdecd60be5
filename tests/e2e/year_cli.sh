#!/usr/bin/env bash
# The whole year's commands (issue 11) and their contracts: stock add,
# devices, charter --loan, loan, return, loans, hs, lost, setting. Every
# refusal DESIGN.md lists exits 3 with a French message that says what to
# do, and leaves the database exactly as it was (a .dump before and after).
. "$(dirname "$0")/lib.bash"

json() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1"; }

# refused TEXT ARGS...: exit 3, TEXT in the message, database unchanged.
refused() {
	local text=$1
	shift
	dump >"$T/before.sql"
	run 3 "$@"
	contains "$T/err" "$text"
	dump >"$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" ||
		{ diff "$T/before.sql" "$T/after.sql" >&2 || true
		  fail "'dotation $*' was refused but changed the database"; }
}

demo_db
# People: Héloïse (E1000000), Laëtitia (E1000001), Noémie (E1000002),
# Éloïse (E1000003), and a teacher, Hélène Lefèvre (prof00001).

# ---- stock: all or nothing ---------------------------------------------------
refused "la lettre O" stock add TAB0000001 TAB000000O2 TAB0000003
contains "$T/err" "rien n'a été réceptionné"
refused "deux fois" stock add TAB0000001 tab0000001
run 0 stock add TAB0000001 TAB0000002 TAB0000003 TAB0000004 TAB0000005 \
	TAB0000006 TAB0000007 TAB0000008
contains "$T/out" "8"
refused "déjà connu" stock add TAB0000009 TAB0000001
run 0 devices --format json
json '
assert len(d) == 8, d
need = {"serial", "status", "loan_only", "holder", "kind", "until"}
for x in d:
    assert need <= set(x), set(x) ^ need
    assert x["status"] == "stock" and x["loan_only"] is False
    assert x["holder"] is None and x["kind"] is None and x["until"] is None
'
run 2 stock TAB0000010

# ---- the loan agreement is not the charter, and the reverse -----------------
run 0 charter E1000000
refused "convention de prêt" loan E1000000 TAB0000001 --until 2027-06-30
contains "$T/err" "charter 1 --loan"
run 0 charter E1000001 --loan
contains "$T/out" "convention de prêt enregistrée"
refused "aucune charte" assign E1000001 TAB0000002
run 3 charter E1000001 --loan
contains "$T/err" "déjà enregistrée"

# ---- loans: dates, free devices ------------------------------------------------
run 2 loan E1000001 TAB0000001
refused "avant de commencer" loan E1000001 TAB0000001 --from 2026-12-01 \
	--until 2026-11-30
refused "n'est pas une date du calendrier" loan E1000001 TAB0000001 \
	--until 2027-02-30
refused "n'est pas une date du calendrier" loan E1000001 TAB0000001 \
	--until 2027-06-30 --from 31/04/2026
refused "pas en stock" loan E1000001 UNKNWN0001 --until 2027-06-30
run 0 loan E1000001 TAB0000001 --until 2027-06-30 --condition "neuve, housse"
contains "$T/out" "TAB0000001 prêté à Clément Laëtitia (2NDE 1)"
loan_seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
# A loaned serial, a ceded one, an out-of-service one: not free.
run 0 charter E1000002 --loan
refused "déjà attribué" loan E1000002 TAB0000001 --until 2027-06-30
run 0 assign E1000000 TAB0000002
refused "déjà attribué" loan E1000002 TAB0000002 --until 2027-06-30
run 0 hs TAB0000008 --reason "écran fêlé à la livraison"
refused "hors service" loan E1000002 TAB0000008 --until 2027-06-30
# One device per person.
run 0 stock add TAB0000011
refused "détient déjà" loan E1000001 TAB0000011 --until 2027-06-30

run 0 devices --format json
json '
x = {e["serial"]: e for e in d}
l = x["TAB0000001"]
assert l["status"] == "loaned" and l["loan_only"] is True, l
assert l["kind"] == "loan" and l["until"] == "2027-06-30", l
assert isinstance(l["holder"], int), l
c = x["TAB0000002"]
assert c["status"] == "ceded" and c["kind"] == "cession" and c["until"] is None, c
assert x["TAB0000008"]["status"] == "hs" and x["TAB0000008"]["holder"] is None
'
run 0 devices --status loaned --format csv
contains "$T/out" "TAB0000001;loaned;1;"
run 0 devices
contains "$T/out" "prêté"

# A loan made on paper, recorded afterwards: overdue at once.
run 0 charter E1000003 --loan
run 0 loan E1000003 TAB0000003 --from 2026-09-01 --until 2026-10-15
run 0 loans --format json
json '
assert len(d) == 2, d
need = {"serial", "person", "from", "until", "overdue"}
for x in d:
    assert need <= set(x), set(x) ^ need
o = {x["serial"]: x for x in d}
assert o["TAB0000003"]["overdue"] is True and o["TAB0000003"]["from"] == "2026-09-01"
assert o["TAB0000001"]["overdue"] is False and o["TAB0000001"]["until"] == "2027-06-30"
'
run 0 loans --overdue --format json
json 'assert [x["serial"] for x in d] == ["TAB0000003"], d'
run 0 loans --overdue
contains "$T/out" "en retard"

# ---- return: reset in front of the user, then loan-only stock ---------------
refused "pas en prêt" return TAB0000004
refused "appartient à" return TAB0000002
refused "inconnu" return UNKNWN0001
# No terminal and no --reset-done: the reminder, and nothing recorded.
refused "réinitialisez" return TAB0000003 </dev/null
contains "$T/err" "--reset-done"
run 0 return TAB0000003 --reset-done --condition "rayure au dos"
contains "$T/out" "réservé aux prêts"
return_seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}["TAB0000003"]
assert x["status"] == "stock" and x["loan_only"] is True and x["holder"] is None, x
'
# A device lent once is never ceded.
run 0 charter E1000003
refused "réservé aux prêts" assign E1000003 TAB0000003
# Undo of the return: the loan is open again; undo again: returned.
run 0 undo "$return_seq"
run 0 loans --format json
json 'assert "TAB0000003" in [x["serial"] for x in d], d'
run 0 return TAB0000003 --reset-done
# Undo of a loan: the device is free again.
run 0 stock add TAB0000012
run 0 charter prof00001 --loan
run 0 loan prof00001 TAB0000012 --until 2026-12-20
seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
run 0 loans --profile prof --format json
json 'assert [x["serial"] for x in d] == ["TAB0000012"], d'
run 0 undo "$seq"
run 0 loans --profile prof --format json
json 'assert d == [], d'
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}["TAB0000012"]
assert x["status"] == "stock" and x["loan_only"] is False, x
'
[ -n "$loan_seq" ] || fail "no journal entry for the loan"

# ---- out of service, lost, replacement -----------------------------------------
refused "inconnu" hs UNKNWN0001 --reason "tombée"
refused "inconnu" lost UNKNWN0001 --reason "volée" --report PV-1
run 2 hs TAB0000002
refused "déjà attribué" hs TAB0000002 --reason "écran cassé" \
	--replace TAB0000001
refused "hors service" hs TAB0000002 --reason "écran cassé" \
	--replace TAB0000008
run 0 hs TAB0000002 --reason "écran cassé" --replace TAB0000004
contains "$T/out" "Hervé Héloïse (2NDE 1) détient désormais TAB0000004"
hs_seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
# One journal entry for both devices.
n=$(sqlite3 "$DOTATION_DB" "SELECT count(*) FROM journal WHERE seq >= $hs_seq")
[ "$n" = 1 ] || fail "hs --replace wrote $n journal entries, expected 1"
sqlite3 "$DOTATION_DB" "SELECT type, serial, json_extract(data,
	'\$.replacement.serial'), json_extract(data, '\$.replacement.kind')
	FROM journal WHERE seq = $hs_seq" >"$T/j"
contains "$T/j" "hs|TAB0000002|TAB0000004|cession"
run 0 people --search "hervé héloïse" --format json
json 'p = d[0]; assert p["serial"] == "TAB0000004" and p["charter"], p'
# The second replacement is refused (one per person), unless forced.
refused "--force" lost TAB0000004 --reason "volée" --replace TAB0000005
run 0 lost TAB0000004 --reason "volée" --replace TAB0000005 --force
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}
assert x["TAB0000002"]["status"] == "hs" and x["TAB0000002"]["replaced_by"] == "TAB0000004"
assert x["TAB0000004"]["status"] == "lost" and x["TAB0000004"]["holder"] is None
assert x["TAB0000005"]["status"] == "ceded" and x["TAB0000005"]["kind"] == "cession"
'
# The first replacement was itself replaced since: no undo any more.
refused "ne peut plus être annulée" undo "$hs_seq"
# A loan is replaced by a loan with the same end date.
run 0 hs TAB0000001 --reason "clavier" --replace TAB0000006
seq=$(sed -n 's/.*entrée \([0-9]*\) du journal.*/\1/p' "$T/out")
run 0 loans --format json
json '
o = {x["serial"]: x for x in d}
assert "TAB0000001" not in o and o["TAB0000006"]["until"] == "2027-06-30", d
'
# Undo of a replacement: the old device is held again, the new one free.
run 0 undo "$seq"
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}
assert x["TAB0000001"]["status"] == "loaned" and x["TAB0000001"]["reason"] is None, x["TAB0000001"]
assert x["TAB0000006"]["status"] == "stock" and x["TAB0000006"]["loan_only"] is False, x["TAB0000006"]
'
run 0 hs TAB0000001 --reason "clavier" --replace TAB0000006

# ---- the establishment's model --------------------------------------------------
refused "cession" setting handover.model region
run 0 setting handover.model loan
run 0 setting lost.report_required
contains "$T/out" "yes"
run 0 stock add TAB0000013
refused "déclaration de vol" lost TAB0000005 --reason "perdue"
run 0 lost TAB0000005 --reason "perdue" --report "PV 2026/1234" --force \
	--replace TAB0000013
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}
assert x["TAB0000005"]["status"] == "lost" and x["TAB0000005"]["report"] == "PV 2026/1234"
'
# The roll call lends: no end date set yet, then until loan.until.
run 0 stock add TAB0000014
refused "loan.until" assign E1000002 TAB0000014
refused "n'est pas une date" setting loan.until 2029-13-01
run 0 setting loan.until 2029-07-04
run 0 assign E1000002 TAB0000014
run 0 devices --format json
json '
x = {e["serial"]: e for e in d}["TAB0000014"]
assert x["status"] == "loaned" and x["kind"] == "loan" and x["until"] == "2029-07-04", x
'

# ---- a departure: a loaned device is to be returned, a ceded one is not ------
head -1 "$DOTATION_SRC/data/demo-roster.csv" >"$T/left.csv"
grep -v -e ';E1000001$' -e ';E1000000$' "$DOTATION_SRC/data/demo-roster.csv" |
	tail -n +2 >>"$T/left.csv"
run 0 import --full "$T/left.csv"
contains "$T/out" "appareils prêtés à récupérer auprès de personnes parties : 1"
run 0 loans --to-return --format json
json '
assert [x["serial"] for x in d] == ["TAB0000006"], d
assert d[0]["person"] and d[0].get("active") is False, d
'
run 0 loans --to-return
contains "$T/out" "à restituer"

# Every whole-year entry is in the outbox for sync.
sqlite3 "$DOTATION_DB" "SELECT DISTINCT type FROM journal
	WHERE push_state = 'pending' ORDER BY type" >"$T/types"
for t in stock loan-agreement loan return hs lost setting undo; do
	grep -qx "$t" "$T/types" || fail "no pending '$t' entry for sync"
done
echo "year_cli: ok"
