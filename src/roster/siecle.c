/*
 * SIECLE reader: the ElevesSansAdresses.xml (or ElevesAvecAdresses.xml)
 * export every lycée can download from SIECLE / Base Élèves. Its layout,
 * as exported and as many school tools read it:
 *
 *   <BEE_ELEVES VERSION="..."> (encoding ISO-8859-15)
 *     <PARAMETRES> <UAJ> <ANNEE_SCOLAIRE> ... </PARAMETRES>
 *     <DONNEES>
 *       <ELEVES>
 *         <ELEVE ELEVE_ID="1234" ELENOET="567">
 *           <ID_NATIONAL> <NOM_DE_FAMILLE> (older files: <NOM>) <PRENOM>
 *           <DATE_NAISS>DD/MM/YYYY</DATE_NAISS> <DATE_SORTIE> ...
 *       <STRUCTURES>
 *         <STRUCTURES_ELEVE ELEVE_ID="1234">
 *           <STRUCTURE> <CODE_STRUCTURE>2NDE 1</CODE_STRUCTURE>
 *                       <TYPE_STRUCTURE>D</TYPE_STRUCTURE> </STRUCTURE>
 *
 * The class is the structure of type D (division); type G are groups.
 * Students who left keep their row (and often their division) with a
 * DATE_SORTIE: they become inactive. ELEVES and STRUCTURES may come in
 * either order, so classes are joined at the end.
 *
 * The file is streamed with xmlTextReader and each ELEVE or
 * STRUCTURES_ELEVE subtree expanded on its own: memory stays small for
 * any size, entities are never substituted and the network never used.
 * Before libxml2 sees the bytes, one linear pass (prescan()) bounds what
 * a hostile file could make it do: attributes per element (libxml2 2.9
 * checks duplicates in quadratic time: 200,000 attributes took minutes),
 * nesting depth, elements inside one record, and any DOCTYPE with an
 * internal subset (entity bombs, external entities). It also finds where
 * a truncated file stops, to name the element it was cut in.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "roster_int.h"

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_t;
#else
typedef xmlErrorPtr xml_error_t;
#endif

struct siecle {
	struct roster_ctx *c;
	struct roster_table classes;  /* ELEVE_ID -> division code */
	struct roster_table groups;   /* ELEVE_ID -> its first group (G) */
	struct roster_table inactive; /* ELEVE_ID in division "Inactifs" */
	char *xml_error;              /* first libxml error */
	int xml_line;
	size_t students;
};

/* The advice that ends most refusals of a SIECLE file. */
static const char *
again(void)
{
	return _("export ElevesSansAdresses.xml from SIECLE again");
}

static void
on_xml_error(void *data, xml_error_t err)
{
	struct siecle *s = data;
	size_t n;

	if (s->xml_error || !err || err->level < XML_ERR_ERROR)
		return;
	s->xml_error = dot_xstrdup(err->message ? err->message : "?");
	n = strlen(s->xml_error);
	while (n && (s->xml_error[n - 1] == '\n' || s->xml_error[n - 1] == ' '))
		s->xml_error[--n] = '\0';
	s->xml_line = err->line;
}

/* Silence libxml's default error output while we parse. */
static void
on_generic_error(void *data, const char *fmt, ...)
{
}

static bool
named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The text of n in the roster's arena (so roster_add may edit it). */
static char *
text_of(struct roster_impl *ri, xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s = roster_strndup(ri, t ? (const char *)t : "",
				 t ? strlen((const char *)t) : 0);

	xmlFree(t);
	return s;
}

static char *
attr_of(struct roster_impl *ri, xmlNode *n, const char *name)
{
	xmlChar *t = xmlGetProp(n, (const xmlChar *)name);
	char *s =
		t ? roster_strndup(ri, (const char *)t, strlen((const char *)t))
		  : NULL;

	xmlFree(t);
	return s;
}

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

static void
on_eleve(struct siecle *s, xmlNode *node)
{
	struct roster_ctx *c = s->c;
	struct roster_impl *ri = c->ri;
	struct roster_raw raw = {0};
	char *id = attr_of(ri, node, "ELEVE_ID"), *nom = NULL;
	char *sortie = NULL, *label, iso[11], q[64], q2[64];
	int line = (int)xmlGetLineNo(node);
	bool active = true;
	xmlNode *k;

	s->students++;
	for (k = node->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (named(k, "NOM_DE_FAMILLE"))
			raw.last = text_of(ri, k);
		else if (named(k, "NOM"))
			nom = text_of(ri, k);
		else if (named(k, "PRENOM"))
			raw.first = text_of(ri, k);
		else if (named(k, "DATE_NAISS"))
			raw.birth = text_of(ri, k);
		else if (named(k, "ID_NATIONAL"))
			raw.ine = text_of(ri, k);
		else if (named(k, "DATE_SORTIE"))
			sortie = text_of(ri, k);
	}
	if (!raw.last || !*raw.last)
		raw.last = nom;
	if (blank(id))
		id = NULL;
	raw.ext = id;
	/*
	 * SIECLE's key is ELEVE_ID; without it the INE, or the name with
	 * the birth date, still tell who the student is. Only a student
	 * with none of them cannot be imported.
	 */
	label = id ? dot_xasprintf("ELEVE_ID %s", id)
		   : dot_xstrdup(_("ELEVE without ELEVE_ID"));
	if (!id && blank(raw.ine) && blank(raw.birth)) {
		roster_error(c, line,
			     _("%s: no ELEVE_ID, ID_NATIONAL or DATE_NAISS: "
			       "this student cannot be identified; "
			       "complete the record in SIECLE and %s"),
			     label, again());
		ri->pub.ninvalid++;
		goto out;
	}
	if (sortie && *sortie) {
		if (!dot_date_parse(sortie, iso)) {
			roster_error(c, line,
				     _("%s: invalid leaving date '%s' "
				       "(expected DD/MM/YYYY)"),
				     label, roster_shown(sortie, q));
			ri->pub.ninvalid++;
			goto out;
		}
		/* a departure planned later does not count yet */
		active = strcmp(iso, c->today) > 0;
	}
	if (roster_add(c, line, &raw, active, label)) {
		const struct dot_person_in *p =
			&ri->pub.rows[ri->pub.nrows - 1];

		if (!id)
			roster_warn(c, line,
				    _("%s (%s %s): imported without "
				      "identifier and without class (the "
				      "division is found by ELEVE_ID)"),
				    label, roster_shown(p->last_name, q),
				    roster_shown(p->first_name, q2));
		else if (!p->ine)
			roster_warn(c, line,
				    _("%s (%s %s): no ID_NATIONAL: imported "
				      "without INE"),
				    label, roster_shown(p->last_name, q),
				    roster_shown(p->first_name, q2));
	}
out:
	free(label);
}

static char *
trim_blanks(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void
on_structures(struct siecle *s, xmlNode *node)
{
	struct roster_impl *ri = s->c->ri;
	char *id = attr_of(ri, node, "ELEVE_ID");
	struct roster_table *table;
	xmlNode *st, *k;

	if (!id)
		return;
	for (st = node->children; st; st = st->next) {
		char *code = NULL, *type = NULL;

		if (!named(st, "STRUCTURE"))
			continue;
		for (k = st->children; k; k = k->next) {
			if (named(k, "CODE_STRUCTURE"))
				code = text_of(ri, k);
			else if (named(k, "TYPE_STRUCTURE"))
				type = text_of(ri, k);
		}
		if (!code || !type)
			continue;
		/* the export pads nothing; hand-made files might */
		type = trim_blanks(type);
		code = trim_blanks(code);
		if (!*code)
			continue;
		if (strcmp(type, "D") != 0)
			table = &s->groups;
		else if (strcasecmp(code, "Inactifs") == 0)
			table = &s->inactive;
		else
			table = &s->classes;
		if (!roster_table_find(table, id, roster_hash(id)))
			roster_table_put(table, id, roster_hash(id), 0, code);
	}
}

/* ---- before libxml2: bounds, truncation, encoding ---------------------- */

#define NAME_SHOWN 40

struct open_elem {
	char name[NAME_SHOWN + 1];
	int line;
};

struct scan {
	struct open_elem stack[DOT_ROSTER_MAX_DEPTH];
	int depth;
	char root[NAME_SHOWN + 1];
};

/* Copy the element name at p (up to a delimiter) for a message. */
static const char *
elem_name(const char *p, const char *end, char out[NAME_SHOWN + 1])
{
	size_t n = 0;

	for (; p < end && n < NAME_SHOWN; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		    ch == '>' || ch == '/')
			break;
		/* only what is safe to print: never a control byte */
		out[n++] = (ch >= 0x21 && ch < 0x7f) ? (char)ch : '?';
	}
	out[n] = '\0';
	return out;
}

static int
count_lines(const char *p, const char *q)
{
	int n = 0;

	while ((p = memchr(p, '\n', (size_t)(q - p)))) {
		n++;
		p++;
	}
	return n;
}

/* Skip to just after the end marker; NULL when the file ends first. */
static const char *
skip_past(const char *p, const char *end, const char *marker, int *line)
{
	const char *q = memmem(p, (size_t)(end - p), marker, strlen(marker));

	if (!q)
		return NULL;
	*line += count_lines(p, q);
	return q + strlen(marker);
}

/*
 * One linear pass over the raw bytes (any ASCII-compatible encoding).
 * Returns 0, or DOT_ERULE with *cause when a bound is exceeded. On
 * return sc describes the elements left open at the end of the file.
 * Malformed markup is left to libxml2, which reports it with its line.
 */
static int
prescan(struct roster_ctx *c, const char *buf, size_t len, struct scan *sc,
	char **cause)
{
	const char *p = buf, *end = buf + len, *lt;
	int line = 1, rec_depth = -1, rec_line = 0;
	size_t rec_elems = 0;
	char nm[NAME_SHOWN + 1];

	while ((lt = memchr(p, '<', (size_t)(end - p)))) {
		const char *q;
		size_t attrs = 0;
		char quote = 0;
		bool closing, empty = false;
		int tag_line;

		line += count_lines(p, lt);
		p = lt;
		if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, end, "-->", &line);
		} else if ((size_t)(end - p) >= 9 &&
			   memcmp(p, "<![CDATA[", 9) == 0) {
			p = skip_past(p + 9, end, "]]>", &line);
		} else if ((size_t)(end - p) >= 2 && p[1] == '?') {
			p = skip_past(p + 2, end, "?>", &line);
		} else if ((size_t)(end - p) >= 2 && p[1] == '!') {
			q = memchr(p, '>', (size_t)(end - p));
			if (memchr(p, '[', (size_t)((q ? q : end) - p)))
				return dot_fail(cause, DOT_ERULE,
						_("'%s' line %d: the file "
						  "declares its own entities "
						  "(<!DOCTYPE ... [ ... ]>), "
						  "which a SIECLE export never "
						  "does: %s"),
						c->name, line, again());
			p = q ? q + 1 : NULL;
		} else {
			closing = (size_t)(end - p) >= 2 && p[1] == '/';
			tag_line = line;
			elem_name(p + 1 + closing, end, nm);
			for (q = p + 1; q < end; q++) {
				if (quote) {
					if (*q == quote)
						quote = 0;
				} else if (*q == '"' || *q == '\'') {
					quote = *q;
				} else if (*q == '=') {
					attrs++;
				} else if (*q == '>') {
					break;
				}
			}
			line += count_lines(p, q);
			if (attrs > DOT_ROSTER_MAX_ATTRS)
				return dot_fail(cause, DOT_ERULE,
						_("'%s' line %d: element <%s> "
						  "has more than %d "
						  "attributes, which a SIECLE "
						  "export never has: %s"),
						c->name, tag_line, nm,
						DOT_ROSTER_MAX_ATTRS, again());
			if (q >= end)
				break; /* cut inside a tag */
			empty = q[-1] == '/';
			p = q + 1;
			if (closing) {
				if (sc->depth > 0)
					sc->depth--;
				if (sc->depth == rec_depth)
					rec_depth = -1;
				continue;
			}
			if (!sc->root[0])
				memcpy(sc->root, nm, sizeof(nm));
			if (rec_depth >= 0 &&
			    ++rec_elems > DOT_ROSTER_MAX_SUBTREE)
				return dot_fail(cause, DOT_ERULE,
						_("'%s' line %d: the element "
						  "that starts line %d holds "
						  "more than %d elements, "
						  "which a SIECLE export "
						  "never does: %s"),
						c->name, tag_line, rec_line,
						DOT_ROSTER_MAX_SUBTREE,
						again());
			if (empty)
				continue;
			if (sc->depth == DOT_ROSTER_MAX_DEPTH)
				return dot_fail(cause, DOT_ERULE,
						_("'%s' line %d: elements "
						  "nested more than %d deep, "
						  "which a SIECLE export never "
						  "has: %s"),
						c->name, tag_line,
						DOT_ROSTER_MAX_DEPTH, again());
			if (rec_depth < 0 &&
			    (strcmp(nm, "ELEVE") == 0 ||
			     strcmp(nm, "STRUCTURES_ELEVE") == 0)) {
				rec_depth = sc->depth;
				rec_elems = 0;
				rec_line = tag_line;
			}
			memcpy(sc->stack[sc->depth].name, nm, sizeof(nm));
			sc->stack[sc->depth].line = tag_line;
			sc->depth++;
		}
		if (!p)
			break;
	}
	return 0;
}

/* The file stops before the end of its root element. */
static bool
truncated(const char *buf, size_t len, const struct scan *sc)
{
	size_t n = len, rl = strlen(sc->root);

	if (!sc->depth || !rl)
		return false;
	while (n && strchr(" \t\r\n", buf[n - 1]))
		n--;
	return !(n >= rl + 3 && buf[n - 1] == '>' &&
		 memcmp(buf + n - 1 - rl, sc->root, rl) == 0 &&
		 memcmp(buf + n - 3 - rl, "</", 2) == 0);
}

static bool
is_latin(const char *enc)
{
	static const char *const names[] = {
		"ISO-8859-15", "ISO8859-15", "ISO_8859-15",  "LATIN-9",
		"LATIN9",      "ISO-8859-1", "ISO8859-1",    "ISO_8859-1",
		"LATIN1",      "LATIN-1",    "WINDOWS-1252", "CP1252",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(enc, names[i]) == 0)
			return true;
	return false;
}

/* Valid UTF-8 with at least one multi-byte sequence. */
static bool
utf8_text(const char *s, size_t len, bool *multibyte)
{
	size_t i;

	*multibyte = false;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			*multibyte = true;
			break;
		}
	return dot_utf8_valid(s, len);
}

/*
 * The encoding to impose on libxml2 (NULL: the declaration's). Files
 * re-saved by an editor often keep SIECLE's ISO-8859-15 declaration over
 * UTF-8 bytes ("GrÃ©gory"): valid multi-byte UTF-8 under a Latin
 * declaration is read as UTF-8, and the user told. An encoding libxml2
 * does not know is read as UTF-8 when the bytes are valid UTF-8, and
 * refused otherwise. Returns 0 or DOT_ERULE.
 */
static int
choose_encoding(struct roster_ctx *c, const char *buf, size_t len,
		const char **force, char **cause)
{
	const char *end, *e, *q;
	char enc[41], shown[64];
	size_t n;
	bool mb;

	*force = NULL;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		return 0; /* a UTF-8 byte order mark wins anyway */
	if (len < 5 || memcmp(buf, "<?xml", 5) != 0)
		return 0;
	end = memmem(buf, len < 512 ? len : 512, "?>", 2);
	if (!end || !(e = memmem(buf, (size_t)(end - buf), "encoding", 8)))
		return 0;
	for (e += 8; e < end && (*e == ' ' || *e == '='); e++)
		;
	if (e >= end || (*e != '"' && *e != '\''))
		return 0;
	q = memchr(e + 1, *e, (size_t)(end - e - 1));
	if (!q)
		return 0;
	n = (size_t)(q - e - 1);
	if (n > 40)
		n = 40;
	elem_name(e + 1, e + 1 + n, enc);
	if (is_latin(enc)) {
		if (utf8_text(buf, len, &mb) && mb) {
			*force = "UTF-8";
			roster_warn(c, 0,
				    _("the file declares the encoding %s but "
				      "is written in UTF-8 (saved again by an "
				      "editor?): read as UTF-8"),
				    enc);
		}
		return 0;
	}
	{
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(enc);

		if (h) {
			xmlCharEncCloseFunc(h);
			return 0;
		}
	}
	if (utf8_text(buf, len, &mb)) {
		*force = "UTF-8";
		roster_warn(c, 1,
			    _("unknown encoding '%s' in the XML declaration: "
			      "read as UTF-8, which the text is"),
			    roster_shown(enc, shown));
		return 0;
	}
	return dot_fail(cause, DOT_ERULE,
			_("'%s' line 1: unknown encoding '%s' in the XML "
			  "declaration: %s (SIECLE writes ISO-8859-15)"),
			c->name, roster_shown(enc, shown), again());
}

int
roster_parse_siecle(struct roster_ctx *c, const char *buf, size_t len,
		    char **cause)
{
	struct siecle s = {.c = c};
	struct dot_roster *r = &c->ri->pub;
	xmlGenericErrorFunc old_fn = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlTextReaderPtr rd = NULL;
	const char *force = NULL;
	const struct dot_person_in *first_nodiv = NULL;
	size_t nodiv = 0;
	struct scan sc = {0};
	bool root = false;
	int ret, rc = 0;
	size_t i;

	rc = prescan(c, buf, len, &sc, cause);
	if (rc == 0 && truncated(buf, len, &sc)) {
		const struct open_elem *e = &sc.stack[sc.depth - 1];

		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' is cut off: it ends at line %d inside "
				"the element <%s> opened line %d; the file is "
				"incomplete (copy it again, or %s)"),
			      c->name, count_lines(buf, buf + len) + 1, e->name,
			      e->line, again());
	}
	if (rc == 0)
		rc = choose_encoding(c, buf, len, &force, cause);
	if (rc != 0)
		return rc;
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	/*
	 * No XML_PARSE_NOENT (entities are never substituted), no DTD
	 * loading, no network, and never XML_PARSE_HUGE: libxml2 keeps its
	 * own limits on names and text nodes.
	 */
	rd = xmlReaderForMemory(buf, (int)len, c->name, force,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES |
					XML_PARSE_NOWARNING |
					(force ? XML_PARSE_IGNORE_ENC : 0));
	if (!rd) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' cannot be read as XML: export "
				"ElevesSansAdresses.xml from SIECLE again"),
			      c->name);
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &s);

	ret = xmlTextReaderRead(rd);
	while (ret == 1) {
		const char *name;
		xmlNode *node;

		if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(rd);
			continue;
		}
		name = (const char *)xmlTextReaderConstLocalName(rd);
		if (!root) {
			root = true;
			if (!name || strcmp(name, "BEE_ELEVES") != 0) {
				char q[64];

				rc = dot_fail(cause, DOT_ERULE,
					      _("'%s' is an XML file but not a "
						"SIECLE student export (root "
						"element <%s>, expected "
						"<BEE_ELEVES>): export "
						"ElevesSansAdresses.xml from "
						"SIECLE"),
					      c->name,
					      roster_shown(name ? name : "?",
							   q));
				goto out;
			}
		}
		if (name && (strcmp(name, "ELEVE") == 0 ||
			     strcmp(name, "STRUCTURES_ELEVE") == 0)) {
			node = xmlTextReaderExpand(rd);
			if (!node)
				break;
			if (named(node, "ELEVE") &&
			    named(node->parent, "ELEVES"))
				on_eleve(&s, node);
			else if (named(node->parent, "STRUCTURES"))
				on_structures(&s, node);
			if (s.students > DOT_ROSTER_MAX_ROWS) {
				rc = dot_fail(cause, DOT_ERULE,
					      _("'%s' has more than %d rows: "
						"is it really the list of one "
						"school?"),
					      c->name, DOT_ROSTER_MAX_ROWS);
				goto out;
			}
			if ((s.students & 255) == 0)
				roster_progress(
					c,
					(size_t)xmlTextReaderByteConsumed(rd));
			ret = xmlTextReaderNext(rd);
			continue;
		}
		ret = xmlTextReaderRead(rd);
	}
	if (ret != 0 || s.xml_error) {
		char q[64];

		if (s.xml_line > 0)
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s' line %d: invalid XML (%s): "
					"export ElevesSansAdresses.xml from "
					"SIECLE again"),
				      c->name, s.xml_line,
				      s.xml_error ? roster_shown(s.xml_error, q)
						  : "?");
		else
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s': invalid XML (%s): export "
					"ElevesSansAdresses.xml from SIECLE "
					"again"),
				      c->name,
				      s.xml_error ? roster_shown(s.xml_error, q)
						  : "?");
		goto out;
	}
	if (!root || !s.students) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("'%s' has no rows: no <ELEVE> element under "
				"<ELEVES>; export ElevesSansAdresses.xml from "
				"SIECLE again"),
			      c->name);
		goto out;
	}

	/*
	 * The class of each student: its division, "" when it has none.
	 * Students in no structure at all (newcomers in September) are
	 * summed up in one warning: they may be most of the file.
	 */
	for (i = 0; i < r->nrows; i++) {
		struct dot_person_in *p = &r->rows[i];
		struct roster_entry *sl;
		uint32_t h;
		char q[64], q2[64], q3[64];

		p->class_name = "";
		if (!p->ext_id)
			continue; /* warned about in on_eleve() */
		h = roster_hash(p->ext_id);
		if ((sl = roster_table_find(&s.classes, p->ext_id, h))) {
			p->class_name = sl->val;
		} else if (roster_table_find(&s.inactive, p->ext_id, h)) {
			p->active = false;
			roster_warn(c, p->line,
				    _("ELEVE_ID %s (%s %s): in the division "
				      "'Inactifs', which is not a class: "
				      "imported as inactive, without class"),
				    roster_shown(p->ext_id, q),
				    roster_shown(p->last_name, q2),
				    roster_shown(p->first_name, q3));
		} else if ((sl = roster_table_find(&s.groups, p->ext_id, h))) {
			char q4[64];

			roster_warn(c, p->line,
				    _("ELEVE_ID %s (%s %s): only in groups "
				      "(such as '%s'), in no division "
				      "(TYPE_STRUCTURE D): imported without "
				      "class"),
				    roster_shown(p->ext_id, q),
				    roster_shown(p->last_name, q2),
				    roster_shown(p->first_name, q3),
				    roster_shown(sl->val, q4));
		} else if (!nodiv++) {
			first_nodiv = p;
		}
	}
	if (nodiv) {
		char q[64], q2[64], q3[64];
		const struct dot_person_in *p = first_nodiv;

		if (nodiv == 1)
			roster_warn(c, p->line,
				    _("ELEVE_ID %s (%s %s): in no division "
				      "(TYPE_STRUCTURE D): imported without "
				      "class"),
				    roster_shown(p->ext_id, q),
				    roster_shown(p->last_name, q2),
				    roster_shown(p->first_name, q3));
		else /* always more than one: no plural form needed */
			roster_warn(c, p->line,
				    _("%zu students in no division "
				      "(TYPE_STRUCTURE D), the first ELEVE_ID "
				      "%s (%s %s): imported without class"),
				    nodiv, roster_shown(p->ext_id, q),
				    roster_shown(p->last_name, q2),
				    roster_shown(p->first_name, q3));
	}
	if (force) {
		r->encoding = "utf-8";
	} else {
		const xmlChar *enc = xmlTextReaderConstEncoding(rd);

		r->encoding = enc ? roster_strndup(c->ri, (const char *)enc,
						   strlen((const char *)enc))
				  : "utf-8";
	}
out:
	if (rd)
		xmlFreeTextReader(rd);
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	roster_table_release(&s.classes);
	roster_table_release(&s.groups);
	roster_table_release(&s.inactive);
	free(s.xml_error);
	return rc;
}
