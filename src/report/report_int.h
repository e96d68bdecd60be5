/*
 * Internals of the report module: a small page engine over libharu (fonts,
 * text that fits its cell, tables whose header repeats on every page,
 * barcodes, "page X / Y" footers, atomic 0600 saving) shared by the
 * documents, and the French labels they print. Nothing outside
 * src/report includes this.
 */
#ifndef DOTATION_REPORT_INT_H
#define DOTATION_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dotation/report.h"

enum ralign { RA_LEFT, RA_CENTER, RA_RIGHT };

struct rcol {
	const char *title;
	float width;
	enum ralign align;
	/* 2: may wrap onto a second line; 0: never cut, shrink to fit */
	int max_lines;
};

struct rdoc;

/*
 * A new document: A4 portrait or landscape, compression on, UTF-8 text
 * with the embedded font (or Helvetica when o->no_embed), metadata title,
 * author (the establishment) and creation date. Returns 0 or DOT_ERUNTIME
 * with *cause (a missing or unreadable font says which file and what to
 * do).
 */
int rdoc_new(const struct dot_report_opts *o, bool landscape, const char *title,
	     const char *author, struct rdoc **out, char **cause);
void rdoc_free(struct rdoc *d);

/* Text drawn in small print on top of every page but the first. */
void rdoc_set_running(struct rdoc *d, const char *text);
/* Footer of every page: left and centre texts, then "page X / Y". */
void rdoc_set_footer(struct rdoc *d, const char *left, const char *centre);

/* Start a new page; the cursor goes to the top of its writable area. */
void rdoc_add_page(struct rdoc *d);

/* Writable area: left and right x, current top y (PDF points). */
float rdoc_left(const struct rdoc *d);
float rdoc_right(const struct rdoc *d);
float rdoc_y(const struct rdoc *d);
void rdoc_move(struct rdoc *d, float dy); /* cursor down by dy */
/* Room left above the footer. */
float rdoc_room(const struct rdoc *d);

/* Width of s at size. */
float rdoc_width(struct rdoc *d, float size, bool bold, const char *s);

/* One line of text with its baseline at y; clipped by nothing. */
void rdoc_text(struct rdoc *d, float x, float y, float size, bool bold,
	       const char *s);

/*
 * s inside the box (x, top, w, h): shrunk a little, then wrapped at a
 * space or hyphen when max_lines is 2, then cut on a character boundary
 * with an ellipsis (max_lines 0: shrunk until it fits instead, for
 * serials). Never draws outside the box.
 */
void rdoc_cell(struct rdoc *d, float x, float top, float w, float h, float size,
	       bool bold, const char *s, enum ralign align, int max_lines);

/*
 * Word-wrapped paragraph at the cursor, across the writable width from
 * x; the cursor moves below it.
 */
void rdoc_paragraph(struct rdoc *d, float x, float w, float size, bool bold,
		    const char *s);

/* A rectangle: filled with gray (0 black .. 1 white) or stroked. */
void rdoc_box(struct rdoc *d, float x, float y, float w, float h, float gray,
	      bool fill);
void rdoc_hline(struct rdoc *d, float x1, float x2, float y, float width);

/*
 * serial as a Code 128 barcode drawn as vector bars, centred in the box
 * (x, y bottom, w, h), with quiet zones of 10 modules and a module width
 * of at most 0.75 pt. Returns 0, or -1 when zint refuses the data.
 */
int rdoc_barcode(struct rdoc *d, float x, float y, float w, float h,
		 const char *serial);

/*
 * Tables: set the columns (the header is drawn now and again after every
 * page break); rdoc_need() breaks the page when fewer than h points are
 * left and returns true when it did. rdoc_row() draws one row of cells.
 */
void rdoc_table(struct rdoc *d, const struct rcol *cols, int ncols);
void rdoc_table_end(struct rdoc *d);
bool rdoc_need(struct rdoc *d, float h);
void rdoc_row(struct rdoc *d, const char *const *cells, float h, float size,
	      bool bold, float shade);
/* A row across the whole table: one text (class heading, subtotal). */
void rdoc_band(struct rdoc *d, const char *text, float h, float size, bool bold,
	       float shade);
/* x of column i of the table in force. */
float rdoc_col_x(const struct rdoc *d, int i);

/*
 * Draw the footers, then write the file to path through a temporary file
 * in the same directory, mode 0600, renamed into place. *pages receives
 * the page count. Returns 0 or DOT_ERUNTIME.
 */
int rdoc_save(struct rdoc *d, const char *path, int *pages, char **cause);

/* What an archival document says about itself in its metadata (pdfa.c). */
struct rdoc_archive {
	const char *title, *author; /* author: the establishment */
	const char *kind; /* "certified", "attestation", "missing", "loans",
			     "charters" */
	const char *school, *uai;
	const char *fingerprint; /* of the rows certified, or NULL */
};

/*
 * The kind, establishment and fingerprint the document's XMP metadata
 * and keywords carry (beside rdoc_new's title and author), for rdoc_save.
 * The strings are copied; any may be NULL.
 */
void rdoc_set_archive(struct rdoc *d, const char *kind, const char *school,
		      const char *uai, const char *fingerprint);

/* ---- shared helpers (common.c) ------------------------------------------ */

/* "DD/MM/YYYY" from "YYYY-MM-DD" (out 11 bytes); "" stays "". */
void rfmt_date(const char *iso, char out[11]);
/* The profile as printed: "Élève", "Professeur", "Personnel". */
const char *rfmt_profile(enum dot_profile profile);

/*
 * Who a list covers, for its heading: the class, else "all", followed by
 * the profiles when o chose some ("all · Teacher, Staff"). Caller frees.
 */
char *rscope(const struct dot_report_opts *o);

/*
 * True when two people of one class share a name (folded last and first
 * names): the documents then tell them apart by the birth date (and the
 * INE on the certified list). Rows come in class then name order, so a
 * homonym is always a neighbour.
 */
bool rhomonyms(const char *class_a, const char *last_a, const char *first_a,
	       const char *class_b, const char *last_b, const char *first_b);

/*
 * The first name as the documents print it: first, plus "(born DD/MM/YYYY
 * · INE X)" when homonym (birth and ine may be NULL). Caller frees.
 */
char *rfmt_first_name(const char *first, bool homonym, const char *birth,
		      const char *ine);
/*
 * Setting key, or dflt when unset or empty, into *out; caller frees.
 * Returns 0 or DOT_ERUNTIME (with *cause): a document is never printed
 * with a placeholder for a setting that could not be read.
 */
int rsetting(struct dot_store *st, enum dot_setting key, const char *dflt,
	     char **out, char **cause);

/*
 * Who signs a document: the establishment's name and UAI, and the place
 * above the signature (o->place, else the setting). Each out is set
 * (caller frees), NULL until read; 0 or the failed read's return.
 */
int rsigner(struct dot_store *st, const struct dot_report_opts *o, char **name,
	    char **uai, char **place, char **cause);
/*
 * rhomonyms() for person i of l (class then name order): with the one
 * before or the one after.
 */
struct dot_person_list;
bool rperson_homonym(const struct dot_person_list *l, size_t i);
/*
 * The opening the lists of the day share (people still to equip, loans
 * to get back): the establishment read, a new portrait document titled
 * "KIND — NAME (UAI)", running head "KIND — NAME (UAI UAI) — DATE" and
 * footer "KIND — UAI UAI — DATE" (today), then on the first page the
 * heading, the establishment, the situation line and the intro, and the
 * table of ncols columns (titles translated). *name and *uai: the
 * establishment, caller frees (also on failure). Returns 0 with *out,
 * or DOT_ERUNTIME.
 */
struct rlist_head {
	const char *kind;      /* translated: "Still to equip" */
	const char *heading;   /* translated */
	const char *situation; /* translated, or NULL: "Situation on DATE" */
	const char *intro;     /* translated paragraph */
	const struct rcol *cols_src; /* titles N_() */
	struct rcol *cols; /* ncols, filled translated; lives as the doc */
	int ncols;
};
int rlist_begin(struct dot_store *st, const struct dot_report_opts *o,
		const struct rlist_head *h, struct rdoc **out, char **name,
		char **uai, char **cause);
/* Today as DD/MM/YYYY. */
void rfmt_today(char out[11]);
/* "1a2b 3c4d 5e6f 7a8b": the first 16 hex digits in groups of 4. */
void rfmt_short_fp(const char *fp, char out[20]);
/* "Fait à PLACE, le DATE" block + stamp and signature boxes. */
/*
 * The height the signature block takes: the last rows of a document ask
 * for it with their own (rdoc_need), so that the block never stands
 * alone on a page.
 */
#define RDOC_SIGNATURE_H (60.0f + 14 * 3 + 90 + 30)

void rdoc_signature_block(struct rdoc *d, const char *heading,
			  const char *statement, const char *place,
			  const char *date, const char *fingerprint);

#endif
