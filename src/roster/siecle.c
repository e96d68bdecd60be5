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
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	struct roster_table classes; /* ELEVE_ID -> division code */
	char *xml_error;             /* first libxml error */
	int xml_line;
	size_t students;
};

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
	char *s = t ? roster_strndup(ri, (const char *)t,
				     strlen((const char *)t)) : NULL;

	xmlFree(t);
	return s;
}

static void
on_eleve(struct siecle *s, xmlNode *node)
{
	struct roster_ctx *c = s->c;
	struct roster_raw raw = {0};
	char *id = attr_of(c->ri, node, "ELEVE_ID"), *nom = NULL;
	char *sortie = NULL, *label, iso[11], q[64];
	int line = (int)xmlGetLineNo(node);
	bool active = true;
	xmlNode *k;

	s->students++;
	for (k = node->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (named(k, "NOM_DE_FAMILLE"))
			raw.last = text_of(c->ri, k);
		else if (named(k, "NOM"))
			nom = text_of(c->ri, k);
		else if (named(k, "PRENOM"))
			raw.first = text_of(c->ri, k);
		else if (named(k, "DATE_NAISS"))
			raw.birth = text_of(c->ri, k);
		else if (named(k, "ID_NATIONAL"))
			raw.ine = text_of(c->ri, k);
		else if (named(k, "DATE_SORTIE"))
			sortie = text_of(c->ri, k);
	}
	if (!raw.last || !*raw.last)
		raw.last = nom;
	raw.ext = id;
	label = dot_xasprintf("ELEVE_ID %s", id ? id : "?");
	if (!id || !*id) {
		roster_error(c, line, _("%s: element ELEVE without an "
					"ELEVE_ID attribute"),
			     label);
		c->ri->pub.ninvalid++;
		goto out;
	}
	if (sortie && *sortie) {
		if (!dot_date_parse(sortie, iso)) {
			roster_error(c, line,
				     _("%s: invalid leaving date '%s' "
				       "(expected DD/MM/YYYY)"),
				     label, roster_shown(sortie, q));
			c->ri->pub.ninvalid++;
			goto out;
		}
		/* a departure planned later does not count yet */
		active = strcmp(iso, c->today) > 0;
	}
	roster_add(c, line, &raw, active, label);
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
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		     s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void
on_structures(struct siecle *s, xmlNode *node)
{
	struct roster_impl *ri = s->c->ri;
	char *id = attr_of(ri, node, "ELEVE_ID");
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
		if (strcmp(type, "D") != 0 || strcasecmp(code, "Inactifs") == 0)
			continue;
		if (!*code ||
		    roster_table_find(&s->classes, id, roster_hash(id)))
			continue;
		roster_table_put(&s->classes, id, roster_hash(id), 0, code);
	}
}

int
roster_parse_siecle(struct roster_ctx *c, const char *buf, size_t len,
		    char **cause)
{
	struct siecle s = {.c = c};
	struct dot_roster *r = &c->ri->pub;
	xmlGenericErrorFunc old_fn = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlTextReaderPtr rd;
	bool root = false;
	int ret, rc = 0;
	size_t i;

	xmlSetGenericErrorFunc(NULL, on_generic_error);
	rd = xmlReaderForMemory(buf, (int)len, c->name, NULL,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES |
				XML_PARSE_NOWARNING);
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
			if (named(node, "ELEVE") && named(node->parent,
							  "ELEVES"))
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
				roster_progress(c, (size_t)
						xmlTextReaderByteConsumed(rd));
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
				      s.xml_error ? roster_shown(s.xml_error,
								 q) : "?");
		else
			rc = dot_fail(cause, DOT_ERULE,
				      _("'%s': invalid XML (%s): export "
					"ElevesSansAdresses.xml from SIECLE "
					"again"),
				      c->name,
				      s.xml_error ? roster_shown(s.xml_error,
								 q) : "?");
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

	/* the class of each student: its division, "" when it has none */
	for (i = 0; i < r->nrows; i++) {
		struct dot_person_in *p = &r->rows[i];
		struct roster_entry *sl = roster_table_find(
			&s.classes, p->ext_id, roster_hash(p->ext_id));

		p->class_name = sl ? sl->val : "";
	}
	{
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
	free(s.xml_error);
	return rc;
}
