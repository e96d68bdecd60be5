#!/usr/bin/env bash
# French comes first: every message the program can show (every _() and
# N_() string in src/) must have a French translation in data/po/fr/*.po, and
# the French catalogue must keep the printf formats of the English text.
. "$(dirname "$0")/lib.bash"

cd "$DOTATION_SRC"
find src -name '*.c' | sort >"$T/files"
xgettext --from-code=UTF-8 --no-wrap -k_ -kN_ -kngettext:1,2 -kdngettext:2,3 \
	-f "$T/files" -o "$T/all.pot"
# each file stands on its own (its header says how French counts)
for po in data/po/fr/*.po; do
	msgfmt --check -o /dev/null "$po" 2>"$T/msgfmt" ||
		fail "$po: $(grep -v 'header field' "$T/msgfmt" | head -3)"
done
msgcat --use-first --no-wrap -o "$T/fr.po" data/po/fr/*.po
msgfmt --check-format -o /dev/null "$T/fr.po"
python3 - "$T/all.pot" "$T/fr.po" <<'PY'
import re, sys

def entries(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for block in text.split("\n\n"):
        ids = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        # a count message (ngettext) is complete with its singular form
        strs = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not ids:
            continue
        join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))
        out[join(ids)] = join(strs) if strs else ""
    return out

pot, fr = entries(sys.argv[1]), entries(sys.argv[2])
missing = [k for k in pot if k and not fr.get(k)]
for k in missing:
    print("no French translation: %r" % k, file=sys.stderr)
if missing:
    sys.exit("%d messages without French translation (add them to data/po/fr/)" % len(missing))
print("i18n_complete: %d messages, all translated" % len([k for k in pot if k]))
PY
