#!/usr/bin/env bash
# The certified list and the attestation are archival PDF/A-2b documents:
# qpdf --check passes; the XMP packet is well-formed XML even with '&',
# '<' and quotes in the school's name, says PDF/A-2 level B, and carries
# the title, the author, the school, the UAI and the full fingerprint,
# exactly as the Info dictionary does (read back with pdfinfo -meta and
# pikepdf); the sRGB output intent has a 3-component RGB display ICC
# profile; every font is embedded; the trailer has a document ID (two
# documents never share one); poppler reads the fonts without a warning
# (libharu's own ToUnicode map made it warn) and the text still extracts.
# No PDF/A validator is packaged in Debian 12: what this does not prove is
# in docs/documents.md.
. "$(dirname "$0")/lib.bash"

py=/usr/bin/python3
for t in pdfinfo pdftotext qpdf; do
	command -v $t >/dev/null || fail "$t is missing (scripts/bootstrap)"
done
$py -c 'import pikepdf' 2>/dev/null || fail "python3-pikepdf is missing (scripts/bootstrap)"

school="Lycée Jean-Moulin & Fils <\"Sud\"> l'Étang"
cat >"$T/roster.csv" <<'CSV'
Nom;Prénom;Date de naissance;Classe;Profil;INE;Identifiant
Aubért;Amélie;01/01/2009;2NDE 1;Élève;;A1
Bœuf;Bérénice;02/01/2009;2NDE 1;Élève;;A2
CSV
run 0 init --uai 0750654D --name "$school" --station poste-1
run 0 import "$T/roster.csv"
run 0 assign A1 SERA000001 --with-charter
run 0 assign A2 SERA000002 --with-charter
run 0 report certified --out "$T/c.pdf"
run 0 report attestation --from 2000-01-01 --to 2099-12-31 --out "$T/a.pdf"
run 0 report certified --out "$T/c2.pdf"

for f in c a; do
	pdf=$T/$f.pdf
	qpdf --check "$pdf" >"$T/qpdf.out" 2>&1 || fail "qpdf --check $f.pdf: $(cat "$T/qpdf.out")"
	pdftotext "$pdf" "$T/$f.txt" 2>"$T/poppler.err"
	[ ! -s "$T/poppler.err" ] || fail "poppler warns on $f.pdf: $(head -3 "$T/poppler.err")"
	grep -q "Amélie" "$T/$f.txt" || fail "the text of $f.pdf no longer extracts"
	pdfinfo -meta "$pdf" >"$T/$f.xmp" 2>"$T/pdfinfo.err" || fail "pdfinfo -meta $f.pdf failed"
	pdfinfo "$pdf" >"$T/$f.info"
	grep -q '^PDF version: *1.7' "$T/$f.info" || fail "$f.pdf is not PDF 1.7: $(grep version "$T/$f.info")"
	grep -q '^Metadata Stream: *yes' "$T/$f.info" || fail "$f.pdf has no metadata stream"
done

$py - "$T" "$school" <<'PY'
import hashlib, sys, xml.etree.ElementTree as ET
import pikepdf

T, school = sys.argv[1], sys.argv[2]
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dotation": "http://ns.dotation.fr/document/1.0/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}
ids = {}
for name, kind in (("c", "certified"), ("a", "attestation"), ("c2", "certified")):
    pdf = pikepdf.open("%s/%s.pdf" % (T, name))
    # the XMP as pdfinfo -meta printed it, parsed as strict XML
    if name != "c2":
        text = open("%s/%s.xmp" % (T, name), encoding="utf-8").read()
        assert text.startswith("<?xpacket begin="), "%s: no xpacket header" % name
        root = ET.fromstring(text[text.index("<x:xmpmeta"):text.index("<?xpacket end")])
        def one(path):
            got = root.findall(".//" + path, NS)
            assert len(got) == 1, "%s: %d x %s" % (name, len(got), path)
            return got[0].text
        info = pdf.docinfo
        assert one("pdfaid:part") == "2" and one("pdfaid:conformance") == "B", name
        assert one("dc:title/rdf:Alt/rdf:li") == str(info.Title), (name, "title")
        assert school in str(info.Title), (name, str(info.Title))
        assert one("dc:creator/rdf:Seq/rdf:li") == school == str(info.Author), (name, "author")
        assert one("dotation:school") == school, name
        assert one("dotation:uai") == "0750654D", name
        assert one("dotation:document") == kind, name
        fp = one("dotation:fingerprint")
        assert len(fp) == 64 and all(c in "0123456789abcdef" for c in fp), (name, fp)
        txt = open("%s/%s.txt" % (T, name), encoding="utf-8").read()
        assert fp[:16] in txt, "%s: the printed fingerprint is not the XMP one" % name
        assert one("pdf:Keywords") == str(info.Keywords) and fp in str(info.Keywords), name
        assert one("pdf:Producer") == str(info.Producer), name
        assert one("xmp:CreatorTool") == str(info.Creator), name
        # dates: the same instant in Info and XMP, never libharu's "Z00'00'"
        cd = str(info.CreationDate)
        assert "Z" not in cd, (name, cd)
        x = one("xmp:CreateDate")
        assert cd[2:16] == x[:19].replace("-", "").replace("T", "").replace(":", ""), (name, cd, x)
        assert cd[16:].replace("'", "") == x[19:].replace(":", ""), (name, cd, x)
        # the private namespace is declared with the PDF/A extension schema
        assert one("pdfaSchema:namespaceURI") == NS["dotation"], name
        # the same packet through pikepdf's XMP reader
        with pdf.open_metadata() as m:
            assert m.get("pdfaid:part") == "2", name
            assert m.get("dc:title") == str(info.Title), name
    # output intent: sRGB, an RGB display profile
    ois = pdf.Root.OutputIntents
    assert len(ois) == 1, name
    oi = ois[0]
    assert oi.S == pikepdf.Name.GTS_PDFA1, name
    assert "sRGB" in str(oi.OutputConditionIdentifier), name
    icc = oi.DestOutputProfile
    assert int(icc.N) == 3, name
    prof = icc.read_bytes()
    assert prof[12:20] == b"mntrRGB " and prof[36:40] == b"acsp", (name, prof[12:40])
    # fonts embedded, each with a ToUnicode map
    for page in pdf.pages:
        for key, font in page.Resources.Font.items():
            for d in font.get("/DescendantFonts", [font]):
                fd = d.get("/FontDescriptor")
                assert fd is not None and ("/FontFile2" in fd or "/FontFile" in fd or "/FontFile3" in fd), \
                    "%s: font %s not embedded" % (name, key)
            assert "/ToUnicode" in font, (name, key)
    # document ID: two 16-byte strings, equal, the XMP's DocumentID
    tid = pdf.trailer.ID
    assert len(tid) == 2 and len(bytes(tid[0])) == 16 and bytes(tid[0]) == bytes(tid[1]), name
    ids[name] = bytes(tid[0]).hex()
    if name != "c2":
        assert one("xmpMM:DocumentID").replace("uuid:", "").replace("-", "") == ids[name], name
assert len(set(ids.values())) == 3, "two documents share an ID: %r" % ids
print("report_pdfa: ok", ids)
PY

# The profile is required: without it the document is refused, saying what to install.
DOTATION_ICC=/nonexistent/sRGB.icc run 1 report certified --out "$T/x.pdf"
contains "$T/err" "icc-profiles-free"
[ ! -e "$T/x.pdf" ] || fail "a document without its output intent was written"
