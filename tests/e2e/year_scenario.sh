#!/usr/bin/env bash
# A whole school year through dotation, in both Regions' models: the
# reception of 40 devices, a distribution day, two loans (a student
# waiting for equipment, a substitute teacher), a return, an
# out-of-service replacement, a departure with a loaned device, an arrival
# equipped in November, an overdue loan, the end-of-year documents. Each day
# runs under its own date (DOTATION_TODAY). The final `devices`, `loans`
# and attestation are checked line by line against what the seeds say
# should be left:
#   cession (Région Sud): the roll call cedes; loans come from the stock and
#     go back to it loan-only; the attestation lists the cessions only;
#   loan (Normandie): the roll call lends until the end of schooling; a
#     departure puts the device on the to-return list; no attestation.
. "$(dirname "$0")/lib.bash"

command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/bootstrap)"

lasts=(Arnaud Bénard Chevalier Dubois Étienne Fabre Garnier Hébert Isnard
	Joly Klein Lemaître Moreau Noël Olivier Perrin Quéré Roussel)
sn() { printf 'YR%08d' "$1"; }

roster() { # [--without EXT...] [--with-arrival]: the roster on a given day
	local i skip=" " arrival=no
	while [ $# -gt 0 ]; do
		case $1 in
		--with-arrival) arrival=yes ;;
		*) skip+="$1 " ;;
		esac
		shift
	done
	echo "Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant"
	for i in $(seq 1 18); do
		[[ $skip == *" A$i "* ]] || printf '%s;Anaïs;01/02/2010;2NDE A;Élève;;A%s\n' "${lasts[i-1]}" "$i"
	done
	for i in $(seq 1 18); do
		printf '%s;Bastien;03/04/2010;2NDE B;Élève;;B%s\n' "${lasts[i-1]}" "$i"
	done
	echo "Lefèvre;Hélène;;;Professeur;;P1"
	[[ $skip == *" P2 "* ]] || echo "Remplaçant;Rémi;;;Professeur;;P2"
	[ $arrival = no ] || echo "Nouvel;Arrivée;05/06/2010;2NDE B;Élève;;B19"
}

on() { export DOTATION_TODAY=$1; }

year() {
	local model=$1 agreement i
	rm -f "$DOTATION_DB"
	[ "$model" = loan ] && agreement=--loan || agreement=

	# 1 September: the establishment, its roster, its model, a delivery.
	on 2026-09-01
	run 0 init --uai 0750654D --name "Lycée de l'Année" --station cdi
	roster >"$T/roster.csv"
	run 0 import "$T/roster.csv"
	run 0 setting handover.model "$model"
	[ "$model" = cession ] || run 0 setting loan.until 2029-07-04
	run 0 stock add $(for i in $(seq 1 40); do sn "$i"; echo; done)
	contains "$T/out" "40"

	# 3 September, distribution day: 30 students bring their signed paper;
	# B13 to B18 do not and get nothing.
	on 2026-09-03
	for i in $(seq 1 18); do
		run 0 charter "A$i" $agreement
		run 0 assign "A$i" "$(sn "$i")"
	done
	for i in $(seq 1 12); do
		run 0 charter "B$i" $agreement
		run 0 assign "B$i" "$(sn $((18 + i)))"
	done
	run 0 status --format json
	python3 -c "import json; d=json.load(open('$T/out')); assert d['handed_over'] == 30, d"

	# 10 September, two loans from the stock: B13 waits for equipment, the
	# substitute teacher P2 until the Christmas holidays.
	on 2026-09-10
	run 0 charter B13 --loan
	run 0 loan B13 "$(sn 31)" --until 2026-10-15 --condition "neuve, sous film"
	run 0 charter P2 --loan
	run 0 loan P2 "$(sn 32)" --until 2026-12-18 --condition "neuve"

	# 14 October, B13's loan comes back (reset in front of them) and B13
	# gets a device of their own.
	on 2026-10-14
	run 0 return "$(sn 31)" --reset-done --condition "bon état"
	if [ "$model" = cession ]; then
		run 0 charter B13
		# A device lent once is for loans only.
		run 3 assign B13 "$(sn 31)"
		contains "$T/err" "réservé aux prêts"
		run 0 assign B13 "$(sn 33)"
	else
		# In the loan model the roll call lends: a loan-only device fits.
		run 0 assign B13 "$(sn 31)"
	fi

	# 20 October, A5's screen is broken: replaced in one entry.
	on 2026-10-20
	run 0 hs "$(sn 5)" --reason "écran cassé" --replace "$(sn 34)"

	# 2 November, the roster refresh: A10 left for another Region, the
	# substitute teacher P2 left with the loaned device.
	on 2026-11-02
	roster --without A10 P2 >"$T/roster.csv"
	run 0 import --full "$T/roster.csv"
	run 0 loans --to-return --format json
	python3 - "$T/out" "$model" <<'PY'
import json, sys
d, model = json.load(open(sys.argv[1])), sys.argv[2]
got = [(x["serial"], x["name"]) for x in d]
want = [("YR00000032", "Remplaçant Rémi")]
if model == "loan":  # a lent device goes back; a ceded one stays theirs
    want.append(("YR00000010", "Joly Anaïs (2NDE A)"))
assert got == want, got
PY
	# The document for the office: the loans to get back.
	run 0 report loans --out "$T/loans-nov.pdf"
	pdftotext -layout "$T/loans-nov.pdf" "$T/loans-nov.txt" 2>/dev/null
	contains "$T/loans-nov.txt" "Prêts à récupérer"
	grep -q "YR00000032.*Remplaçant Rémi.*a quitté" "$T/loans-nov.txt" ||
		fail "the loans to get back do not list the teacher who left"
	if [ "$model" = loan ]; then
		grep -q "YR00000010.*Joly Anaïs" "$T/loans-nov.txt" ||
			fail "the loans to get back do not list A10's laptop"
	else
		! grep -q "YR00000010" "$T/loans-nov.txt" ||
			fail "a ceded device is listed to get back"
	fi
	if [ "$model" = loan ]; then
		on 2026-11-05
		run 0 return "$(sn 10)" --reset-done --condition "housse abîmée"
	fi

	# 16 November, an arrival is equipped.
	on 2026-11-16
	roster --without A10 P2 --with-arrival >"$T/roster.csv"
	run 0 import --full "$T/roster.csv"
	run 0 charter B19 $agreement
	run 0 assign B19 "$(sn 35)"

	# 21 December, the teacher's loan is overdue; it comes back in January.
	on 2026-12-21
	run 0 loans --overdue --format json
	python3 -c "import json; d=json.load(open('$T/out')); assert [x['serial'] for x in d] == ['YR00000032'] and d[0]['overdue'], d"
	on 2027-01-05
	run 0 return "$(sn 32)" --reset-done
	run 0 report loans --out "$T/loans-jan.pdf"
	pdftotext -layout "$T/loans-jan.pdf" "$T/loans-jan.txt" 2>/dev/null
	contains "$T/loans-jan.txt" "Aucun prêt à récupérer."

	# 30 June, the end of the year.
	on 2027-06-30
	run 0 devices --format json
	python3 -c "
import json
for x in json.load(open('$T/out')):
    print('|'.join(str(v).lower() if isinstance(v, bool) else ('' if v is None else str(v))
                   for v in (x['serial'], x['status'], x['loan_only'], x['name'],
                             x['kind'], x['from'], x['until'], x['replaced_by'])))
" >"$T/devices.got"
	run 0 loans --format json
	python3 -c "
import json
for x in json.load(open('$T/out')):
    print('|'.join(str(v).lower() if isinstance(v, bool) else str(v)
                   for v in (x['serial'], x['name'], x['from'], x['until'], x['overdue'])))
" >"$T/loans.got"
	expected "$model"
	diff -u "$T/devices.want" "$T/devices.got" >&2 ||
		fail "$model model: the devices at the end of the year differ"
	diff -u "$T/loans.want" "$T/loans.got" >&2 ||
		fail "$model model: the loans at the end of the year differ"

	if [ "$model" = cession ]; then
		run 0 report certified --out "$T/certified.pdf"
		run 0 report attestation --from 2026-09-01 --to 2027-06-30 \
			--out "$T/attestation.pdf"
		contains "$T/out" "32 cessions"
		pdftotext -layout "$T/attestation.pdf" "$T/attestation.txt" 2>/dev/null
		contains "$T/attestation.txt" "Nombre de cessions attestées : 32"
		# Each ceded serial on its line with its holder; no loan.
		grep -o 'YR[0-9]\{8\}' "$T/attestation.txt" | sort >"$T/att.got"
		for i in 1 2 3 4 $(seq 6 30) 33 34 35; do sn "$i"; echo; done |
			sort >"$T/att.want"
		diff -u "$T/att.want" "$T/att.got" >&2 ||
			fail "the attestation does not list exactly the 32 cessions"
		grep -q "Étienne.*Anaïs.*YR00000034\|YR00000034.*Étienne" "$T/attestation.txt" ||
			fail "the replacement is not on the attestation with its holder"
	else
		# Loans never appear on the documents of cessions: neither on
		# the certified list nor on an attestation.
		run 3 report certified --out "$T/certified.pdf"
		contains "$T/err" "aucune cession"
		run 3 report attestation --from 2026-09-01 --to 2027-06-30 \
			--out "$T/attestation.pdf"
	fi
	unset DOTATION_TODAY
}

# What the seeds say each model leaves at the end of the year.
expected() {
	local model=$1 i
	: >"$T/devices.want"
	: >"$T/loans.want"
	for i in $(seq 1 40); do
		local s name kind from until=
		s=$(sn "$i")
		if [ "$i" -le 18 ]; then
			name="${lasts[i-1]} Anaïs (2NDE A)"
		elif [ "$i" -le 30 ]; then
			name="${lasts[i-19]} Bastien (2NDE B)"
		fi
		from=2026-09-03
		if [ "$model" = cession ]; then
			case $i in
			5) echo "$s|hs|false|||||YR00000034" ;;
			31 | 32) echo "$s|stock|true|||||" ;;
			33) echo "$s|ceded|false|Moreau Bastien (2NDE B)|cession|2026-10-14||" ;;
			34) echo "$s|ceded|false|Étienne Anaïs (2NDE A)|cession|2026-10-20||" ;;
			35) echo "$s|ceded|false|Nouvel Arrivée (2NDE B)|cession|2026-11-16||" ;;
			3[6-9] | 40) echo "$s|stock|false|||||" ;;
			*) echo "$s|ceded|false|$name|cession|$from||" ;;
			esac
		else
			case $i in
			5) echo "$s|hs|true|||||YR00000034" ;;
			10 | 32) echo "$s|stock|true|||||" ;;
			31) name="Moreau Bastien (2NDE B)" from=2026-10-14 ;;
			33 | 3[6-9] | 40) echo "$s|stock|false|||||" ;;
			34) name="Étienne Anaïs (2NDE A)" from=2026-10-20 ;;
			35) name="Nouvel Arrivée (2NDE B)" from=2026-11-16 ;;
			esac
			case $i in
			5 | 10 | 32 | 33 | 3[6-9] | 40) ;;
			*)
				echo "$s|loaned|true|$name|loan|$from|2029-07-04|"
				echo "$s|$name|$from|2029-07-04|false" >>"$T/loans.want"
				;;
			esac
		fi
	done >"$T/devices.want"
	# Loans by due date, then name (all due the same day here).
	if [ "$model" = loan ]; then
		python3 - "$T/loans.want" <<'PY'
import sys, unicodedata
def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))
rows = [l.rstrip("\n") for l in open(sys.argv[1])]
rows.sort(key=lambda r: (r.split("|")[3], fold(r.split("|")[1].rsplit(" (", 1)[0])))
open(sys.argv[1], "w").write("".join(r + "\n" for r in rows))
PY
	fi
}

year cession
year loan
echo "year_scenario: ok"
