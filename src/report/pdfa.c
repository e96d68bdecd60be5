/*
 * Archival documents: PDF/A-2b (ISO 19005-2, level B) on top of libharu
 * 2.3, whose own PDF/A-1b path cannot be used: it writes a UTC date as
 * "Z00'00'", copies titles into the XMP unescaped (a '&' in a school's
 * name makes the packet malformed), names a key "SubType", and gives
 * every embedded TrueType font a ToUnicode "CMap" that is a copy of the
 * encoding CMap (poppler: "Invalid 'begincidrange' operator").
 *
 * So, just before the document is written, this file builds through
 * libharu's object layer (hpdf_objects.h, installed with libhpdf-dev):
 * - the Info dictionary: UTF-16BE text strings, dates with an explicit
 *   offset ("+00'00'", never "Z");
 * - the XMP packet, every value XML-escaped, mirroring Info (dc:title,
 *   dc:creator, pdf:Keywords, pdf:Producer, xmp:CreatorTool, dates),
 *   pdfaid part 2 conformance B, and dotation's own properties (school,
 *   UAI, fingerprint, document kind) declared with the PDF/A extension
 *   schema as the standard requires for a private namespace;
 * - the sRGB output intent with the ICC profile of icc-profiles-free;
 * - the document ID (trailer /ID) and the same value as xmpMM:DocumentID;
 * - for each embedded font, a ToUnicode CMap that maps each code to
 *   itself: in libharu's UTF-8 mode a code is the character's Unicode
 *   code point (BMP), turned into a glyph by CIDToGIDMap.
 * What is and is not verified about the result: docs/documents.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "pdfa.h"

#define XMP_NS "http://ns.dotation.fr/document/1.0/"
#define SRGB_ID "sRGB IEC61966-2.1"

/* Growing byte buffer for the XMP packet and the CMap. */
struct buf {
	char *p;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = dot_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void
buf_fmt(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = dot_xvasprintf(fmt, ap);
	va_end(ap);
	buf_str(b, s);
	free(s);
}

/*
 * s as XML character data or attribute text: the five specials escaped,
 * characters XML 1.0 forbids (C0 controls but tab and newlines, invalid
 * UTF-8) dropped, so that no school name can break the packet.
 */
static void
buf_xml(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t len = *p < 0x80   ? 1
			     : *p < 0xc0 ? 0
			     : *p < 0xe0 ? 2
			     : *p < 0xf0 ? 3
			     : *p < 0xf8 ? 4
					 : 0;

		if (len == 0 || !dot_utf8_valid((const char *)p, len)) {
			p++;
			continue;
		}
		switch (*p) {
		case '&':
			buf_str(b, "&amp;");
			break;
		case '<':
			buf_str(b, "&lt;");
			break;
		case '>':
			buf_str(b, "&gt;");
			break;
		case '"':
			buf_str(b, "&quot;");
			break;
		case '\'':
			buf_str(b, "&apos;");
			break;
		default:
			if (*p >= 0x20 || *p == '\t' || *p == '\n')
				buf_add(b, (const char *)p, len);
		}
		p += len;
	}
}

/* Next code point of UTF-8 s (advanced), or U+FFFD for a bad sequence. */
static unsigned
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = *p, n = 0, i;

	if (c < 0x80) {
		*s = p + 1;
		return c;
	}
	if (c >= 0xc2 && c < 0xe0)
		n = 1, c &= 0x1f;
	else if (c >= 0xe0 && c < 0xf0)
		n = 2, c &= 0x0f;
	else if (c >= 0xf0 && c < 0xf5)
		n = 3, c &= 0x07;
	else {
		*s = p + 1;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s = p + i;
			return 0xfffd;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	return c;
}

/* A PDF text string in UTF-16BE with its byte order mark (PDF 7.9.2.2). */
static HPDF_Binary
text_string(HPDF_MMgr mmgr, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t cap = 2 + strlen((const char *)p) * 4, n = 0;
	HPDF_BYTE *out = dot_xmalloc(cap);
	HPDF_Binary bin;

	out[n++] = 0xfe;
	out[n++] = 0xff;
	while (*p) {
		unsigned c = utf8_next(&p);

		if (c >= 0x10000) {
			unsigned v = c - 0x10000, hi = 0xd800 + (v >> 10),
				 lo = 0xdc00 + (v & 0x3ff);

			out[n++] = (HPDF_BYTE)(hi >> 8);
			out[n++] = (HPDF_BYTE)hi;
			c = lo;
		}
		out[n++] = (HPDF_BYTE)(c >> 8);
		out[n++] = (HPDF_BYTE)c;
	}
	bin = HPDF_Binary_New(mmgr, out, (HPDF_UINT)n);
	free(out);
	return bin;
}

/* The same instant for Info ("D:...+HH'MM'") and XMP (ISO 8601). */
static void
format_dates(time_t t, char pdf[64], char xmp[64])
{
	struct tm tm;
	long off;
	char sign;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(pdf, 64, "D:%04d%02d%02d%02d%02d%02d%c%02ld'%02ld'",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
	snprintf(xmp, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

/*
 * 16 bytes naming this file: random, so that two documents made in the
 * same second (or a reprint) never share an ID.
 */
static void
document_id(unsigned char id[16])
{
	size_t got = 0;
	ssize_t r;

	while (got < 16) {
		r = getrandom(id + got, 16 - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got < 16) { /* no entropy source: time and pid, still unique */
		unsigned long v = (unsigned long)time(NULL) ^
				  ((unsigned long)getpid() << 32);

		memcpy(id, &v, sizeof(v) < 16 ? sizeof(v) : 16);
	}
}

static const char *
icc_path(void)
{
	static const char *const paths[] = {
		"/usr/share/color/icc/sRGB.icc",        /* icc-profiles-free */
		"/usr/share/color/icc/colord/sRGB.icc", /* colord-data */
	};
	const char *env = getenv("DOTATION_ICC");
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return paths[0];
}

static int
add_output_intent(HPDF_Doc pdf, char **cause)
{
	const char *path = icc_path();
	unsigned char head[20], chunk[8192];
	HPDF_Dict icc, oi;
	HPDF_Array arr;
	size_t n;
	FILE *f = fopen(path, "rb");

	/* an sRGB display profile: class 'mntr', colour space 'RGB ' */
	if (!f || fread(head, 1, sizeof(head), f) != sizeof(head) ||
	    memcmp(head + 12, "mntrRGB ", 8) != 0) {
		if (f)
			fclose(f);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot read the sRGB colour profile '%s' "
				  "the archival PDF needs: install the "
				  "package icc-profiles-free"),
				path);
	}
	icc = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!icc) {
		fclose(f);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot create the PDF: out of memory"));
	}
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict_AddNumber(icc, "N", 3);
	HPDF_Stream_Write(icc->stream, head, sizeof(head));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		HPDF_Stream_Write(icc->stream, chunk, (HPDF_UINT)n);
	fclose(f);

	oi = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	HPDF_Dict_Add(oi, "OutputConditionIdentifier",
		      HPDF_String_New(pdf->mmgr, SRGB_ID, NULL));
	HPDF_Dict_Add(oi, "Info", HPDF_String_New(pdf->mmgr, SRGB_ID, NULL));
	HPDF_Dict_Add(oi, "RegistryName",
		      HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
	HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	arr = HPDF_Array_New(pdf->mmgr);
	HPDF_Array_Add(arr, oi);
	HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr);
	return 0;
}

/*
 * Replace libharu's ToUnicode stream of font by an identity map of the
 * BMP (less the surrogates), in bfrange blocks of at most 100 entries
 * whose source codes differ only in their last byte (PDF 9.10.3).
 */
static void
fix_to_unicode(HPDF_Font font)
{
	HPDF_Dict tu =
		font ? HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT)
		     : NULL;
	struct buf b = {0};
	unsigned hi, inblock = 0, left = 0xd8 + (0x100 - 0xe0);

	if (!tu || !tu->stream)
		return;
	buf_str(&b, "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
		    "/Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\n"
		    "endcodespacerange\n");
	for (hi = 0; hi < 0x100; hi++) {
		if (hi >= 0xd8 && hi < 0xe0)
			continue;
		if (inblock == 0)
			buf_fmt(&b, "%u beginbfrange\n",
				left < 100 ? left : 100);
		buf_fmt(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		left--;
		if (++inblock == 100 || left == 0) {
			buf_str(&b, "endbfrange\n");
			inblock = 0;
		}
	}
	buf_str(&b, "endcmap\nCMapName currentdict /CMap defineresource "
		    "pop\nend\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.p, (HPDF_UINT)b.n);
	free(b.p);
}

static void
xmp_property(struct buf *b, const char *name, const char *desc)
{
	buf_fmt(b,
		"<rdf:li rdf:parseType=\"Resource\">"
		"<pdfaProperty:name>%s</pdfaProperty:name>"
		"<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
		"<pdfaProperty:category>external</pdfaProperty:category>"
		"<pdfaProperty:description>%s</pdfaProperty:description>"
		"</rdf:li>\n",
		name, desc);
}

static void
xmp_tag(struct buf *b, const char *tag, const char *value)
{
	buf_fmt(b, "<%s>", tag);
	buf_xml(b, value);
	buf_fmt(b, "</%s>\n", tag);
}

static char *
xmp_packet(const struct rdoc_archive *m, const char *keywords,
	   const char *producer, const char *date, const char *uuid, bool pdfa)
{
	struct buf b = {0};

	buf_str(&b, "<?xpacket begin=\"\xef\xbb\xbf\" "
		    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		    "22-rdf-syntax-ns#\">\n"
		    "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		    " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
		    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		    " xmlns:dotation=\"" XMP_NS "\">\n"
		    "<dc:format>application/pdf</dc:format>\n"
		    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	buf_xml(&b, m->title);
	buf_str(&b, "</rdf:li></rdf:Alt></dc:title>\n"
		    "<dc:creator><rdf:Seq><rdf:li>");
	buf_xml(&b, m->author);
	buf_str(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	xmp_tag(&b, "pdf:Keywords", keywords);
	xmp_tag(&b, "pdf:Producer", producer);
	xmp_tag(&b, "xmp:CreatorTool", "dotation " DOT_VERSION);
	xmp_tag(&b, "xmp:CreateDate", date);
	xmp_tag(&b, "xmp:ModifyDate", date);
	xmp_tag(&b, "xmp:MetadataDate", date);
	xmp_tag(&b, "xmpMM:DocumentID", uuid);
	xmp_tag(&b, "xmpMM:InstanceID", uuid);
	if (pdfa)
		buf_str(&b, "<pdfaid:part>2</pdfaid:part>\n"
			    "<pdfaid:conformance>B</pdfaid:conformance>\n");
	xmp_tag(&b, "dotation:document", m->kind);
	xmp_tag(&b, "dotation:school", m->school);
	xmp_tag(&b, "dotation:uai", m->uai);
	xmp_tag(&b, "dotation:fingerprint", m->fingerprint);
	buf_str(&b,
		"</rdf:Description>\n"
		"<rdf:Description rdf:about=\"\"\n"
		" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/"
		"extension/\"\n"
		" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
		" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/"
		"property#\">\n"
		"<pdfaExtension:schemas><rdf:Bag>"
		"<rdf:li rdf:parseType=\"Resource\">\n"
		"<pdfaSchema:schema>dotation document</pdfaSchema:schema>\n"
		"<pdfaSchema:namespaceURI>" XMP_NS
		"</pdfaSchema:namespaceURI>\n"
		"<pdfaSchema:prefix>dotation</pdfaSchema:prefix>\n"
		"<pdfaSchema:property><rdf:Seq>\n");
	xmp_property(&b, "document",
		     "kind of document: certified, attestation, missing, "
		     "loans, charters");
	xmp_property(&b, "school", "name of the establishment");
	xmp_property(&b, "uai", "UAI code of the establishment");
	xmp_property(&b, "fingerprint",
		     "SHA-256 of the rows the document certifies");
	buf_str(&b, "</rdf:Seq></pdfaSchema:property>\n"
		    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
		    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
	/* room for in-place edits, as XMP writers leave */
	buf_fmt(&b, "%*s\n<?xpacket end=\"w\"?>", 512, "");
	return b.p;
}

int
rdoc_pdfa_finish(HPDF_Doc pdf, const struct rdoc_archive *m, HPDF_Font font,
		 HPDF_Font bold, bool embedded, char **cause)
{
	char pdate[64], xdate[64], uuid[48], *keywords, *xmp;
	const char *producer =
		"dotation " DOT_VERSION " (libharu " HPDF_VERSION_TEXT ")";
	unsigned char id[16];
	HPDF_Dict info, md;
	HPDF_Array ida;
	int rc;

	/* Info exists once any attribute was set (rdoc_new sets Creator) */
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "dotation " DOT_VERSION);
	info = pdf->info;
	if (!info)
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot create the PDF: out of memory"));
	if (embedded) {
		rc = add_output_intent(pdf, cause);
		if (rc)
			return rc;
		pdf->pdf_version = HPDF_VER_17;
		fix_to_unicode(font);
		if (bold != font)
			fix_to_unicode(bold);
	}
	format_dates(time(NULL), pdate, xdate);
	document_id(id);
	snprintf(uuid, sizeof(uuid),
		 "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8],
		 id[9], id[10], id[11], id[12], id[13], id[14], id[15]);
	keywords =
		dot_xasprintf("UAI %s; fingerprint %s", m->uai ? m->uai : "?",
			      m->fingerprint ? m->fingerprint : "-");

	HPDF_Dict_Add(info, "Title", text_string(pdf->mmgr, m->title));
	HPDF_Dict_Add(info, "Author", text_string(pdf->mmgr, m->author));
	HPDF_Dict_Add(info, "Keywords", text_string(pdf->mmgr, keywords));
	HPDF_Dict_Add(info, "Creator",
		      text_string(pdf->mmgr, "dotation " DOT_VERSION));
	HPDF_Dict_Add(info, "Producer", text_string(pdf->mmgr, producer));
	HPDF_Dict_Add(info, "CreationDate",
		      HPDF_String_New(pdf->mmgr, pdate, NULL));
	HPDF_Dict_Add(info, "ModDate", HPDF_String_New(pdf->mmgr, pdate, NULL));

	xmp = xmp_packet(m, keywords, producer, xdate, uuid, embedded);
	md = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!md) {
		free(xmp);
		free(keywords);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot create the PDF: out of memory"));
	}
	md->filter = HPDF_STREAM_FILTER_NONE; /* readable without PDF tools */
	HPDF_Dict_AddName(md, "Type", "Metadata");
	HPDF_Dict_AddName(md, "Subtype", "XML");
	HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)xmp,
			  (HPDF_UINT)strlen(xmp));
	HPDF_Dict_Add(pdf->catalog, "Metadata", md);

	ida = HPDF_Array_New(pdf->mmgr);
	HPDF_Array_Add(ida, HPDF_Binary_New(pdf->mmgr, id, sizeof(id)));
	HPDF_Array_Add(ida, HPDF_Binary_New(pdf->mmgr, id, sizeof(id)));
	HPDF_Dict_Add(pdf->trailer, "ID", ida);
	free(xmp);
	free(keywords);
	return 0;
}
