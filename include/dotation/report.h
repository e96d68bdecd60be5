/*
 * report: the end-of-day documents. The certified list of beneficiaries
 * and the attestation of cession are what the Region pays and restocks on;
 * the head of the school signs and stamps them, so they are printed as
 * PDF (libharu, DejaVu embedded, UTF-8) with the serials also as Code 128
 * barcodes (zint, drawn as vectors) and a SHA-256 fingerprint of their
 * rows. The list of people still to equip and the CSV export complete the
 * end of day. This module only reads the store; issuing an attestation is
 * a use case of app (dot_app_attestation_issue).
 */
#ifndef DOTATION_REPORT_H
#define DOTATION_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dotation/store.h"

/* The font used when none is given (package fonts-dejavu-core). */
#define DOT_REPORT_DEFAULT_FONT                                                \
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

struct dot_report_opts {
	/*
	 * TrueType font file, embedded; NULL: $DOTATION_FONT, else
	 * DOT_REPORT_DEFAULT_FONT. Its bold face is looked for beside it
	 * (NAME-Bold.ttf); the regular face stands in when there is none.
	 */
	const char *font_path;
	/* "Fait à ...": NULL: the setting "place", else a blank to fill. */
	const char *place;
	const char *class_name; /* certified and missing lists: one class */
	unsigned profiles;      /* and their DOT_PROFILE_BIT()s; 0: all */
	const char *from, *to;  /* certified list: period (YYYY-MM-DD) */
	bool no_barcodes;       /* certified list without barcodes */
	/*
	 * Standard Helvetica, not embedded, Latin-1 only: a baseline for
	 * the benchmark, never for documents handed to the Region.
	 */
	bool no_embed;
	/* who prepared it, in every page's footer (NULL: not said) */
	const char *operator_name;
};

/* What a document holds, for the caller's message. */
struct dot_report_info {
	int64_t number; /* attestation: its number */
	int pages;
	size_t rows;              /* beneficiaries (or people to equip) */
	char fingerprint[65];     /* SHA-256 hex over the rows, "" for none */
	bool fingerprint_changed; /* reprint: differs from the recorded one */
};

/*
 * Write the certified list of beneficiaries (open cessions, grouped by
 * class, optionally one class or one period) to path (mode 0600, replaced
 * atomically). Returns 0 and *info (may be NULL); DOT_EUSAGE for a bad
 * date; DOT_ERULE when there is no cession to list; DOT_ERUNTIME (I/O,
 * missing font, database) with *cause.
 */
int dot_report_certified(struct dot_store *st, const struct dot_report_opts *o,
			 const char *path, struct dot_report_info *info,
			 char **cause);

/*
 * Write attestation of cession n° number (0: the latest) as recorded by
 * dot_app_attestation_issue(). reprint marks it as a duplicate. When the
 * rows no longer give the recorded fingerprint (a name corrected since,
 * a covered cession undone), info->fingerprint_changed is set. Returns 0,
 * DOT_ERULE when there is no such attestation, DOT_ERUNTIME.
 */
int dot_report_attestation(struct dot_store *st, int64_t number, bool reprint,
			   const struct dot_report_opts *o, const char *path,
			   struct dot_report_info *info, char **cause);

/*
 * Write the list of people still to equip, people (the rows, in class
 * order: dot_app_to_equip() decides who they are), grouped by class,
 * with their charter and today's absence. o->class_name only titles the
 * document. Returns 0 (an empty list still prints a page that says so)
 * or DOT_ERUNTIME.
 */
int dot_report_missing(struct dot_store *st,
		       const struct dot_person_list *people,
		       const struct dot_report_opts *o, const char *path,
		       struct dot_report_info *info, char **cause);

/*
 * Write the loans to get back (open loans past their end date, or whose
 * borrower left the roster: dot_loan_filter.due_back_only), every profile
 * with its own. Returns 0 (an empty list still prints a page that says
 * so) or DOT_ERUNTIME.
 */
int dot_report_loans(struct dot_store *st, const struct dot_report_opts *o,
		     const char *path, struct dot_report_info *info,
		     char **cause);

/*
 * Write the charter cover sheets: one label per active person (of
 * o->class_name, or everyone), fourteen to a page, each with the name,
 * the class, the birth date when a namesake shares the class, and the
 * person code (dot_person_code_format) as a Code 128 barcode that the
 * station takes. Returns 0, DOT_ERULE when nobody is listed, or
 * DOT_ERUNTIME.
 */
int dot_report_charters(struct dot_store *st, const struct dot_report_opts *o,
			const char *path, struct dot_report_info *info,
			char **cause);

/*
 * Write every assignment (cessions and loans, ended ones too, but not
 * those undone: they never happened) as CSV:
 * UTF-8, ';', a header, one row per assignment in the order recorded.
 * excel adds the byte order mark and CRLF line ends that French Excel
 * needs. *rows receives the count (may be NULL). Returns 0 or
 * DOT_ERUNTIME (a write error).
 */
int dot_report_export_csv(struct dot_store *st, FILE *out, bool excel,
			  size_t *rows, char **cause);

/*
 * Write one CSV cell (separator ';') to out: quoted when it holds ';',
 * '"', CR or LF; and, against formula injection in spreadsheets (OWASP),
 * prefixed with a single quote when it starts with '=', '+', '-', '@', a
 * tab or a CR, so that a name such as "=HYPERLINK(...)" is shown as text,
 * never run. NULL writes nothing (an empty cell). Every CSV output uses
 * it: the export and "people --format csv".
 */
void dot_report_csv_cell(FILE *out, const char *s);

/* ---- output files (src/report/outfile.c) ------------------------------- */

/* A file being written: fd is where to write. Fill by dot_outfile_open. */
struct dot_outfile {
	int fd;
	bool is_stdout; /* path "-" */
	char *path, *tmp;
};

/*
 * 0 when path may be written by dot_outfile_open: "-", nothing there, or
 * a regular file; DOT_ERULE (with what to do) for anything else, so that
 * a command can refuse before it does any work.
 */
int dot_outfile_check(const char *path, char **cause);

/*
 * Start writing path: "-" is the standard output; a new path or a
 * regular file is written through a temporary file (mode 0600) in the
 * same directory. Anything else at path (a device, a FIFO, a socket, a
 * directory, a symbolic link) is refused with DOT_ERULE and nothing is
 * written; DOT_ERUNTIME when the temporary file cannot be created. On
 * success, end with dot_outfile_commit or dot_outfile_abort.
 */
int dot_outfile_open(struct dot_outfile *of, const char *path, char **cause);

/*
 * fsync and close the temporary file and rename it over the path (checked
 * again just before). Returns 0, or DOT_ERULE / DOT_ERUNTIME with *cause,
 * the temporary file then removed. The standard output is left open.
 */
int dot_outfile_commit(struct dot_outfile *of, char **cause);

/* Give up: close and remove the temporary file. Safe after commit. */
void dot_outfile_abort(struct dot_outfile *of);

/*
 * The fingerprint of rows: SHA-256 (hex) over one line per row
 * "SERIAL;LAST;FIRST;CLASS;PROFILE;YYYY-MM-DD;MICROSD;CASE" (MICROSD and
 * CASE 1 or 0), the lines sorted bytewise and each ended by "\n", so that
 * it does not depend on the print order (docs/documents.md shows how to
 * recompute it from the CSV export). Returns a new string.
 */
char *dot_report_fingerprint(const struct dot_assignment_rows *rows);

/* SHA-256 of data into out (32 bytes). */
void dot_report_sha256(const void *data, size_t len, unsigned char out[32]);

/*
 * Send the file at path to CUPS with lp (printer NULL or "": the default
 * destination). Returns 0 and *job (the CUPS job id lp gave, such as
 * "lp0-42"; caller frees; may be NULL), or DOT_ERUNTIME with *cause in
 * our words (no lp installed, no default printer, unknown printer, one
 * that takes no jobs, no print service), which does not name the file:
 * the caller says where the document is. *detail (may be NULL; caller
 * frees) receives what lp itself said, for a detail line.
 */
int dot_report_print(const char *path, const char *printer, char **job,
		     char **cause, char **detail);

/* The printers CUPS knows (lpstat -e) and its default one (lpstat -d). */
struct dot_printer_list {
	char **v;
	size_t n;
	char *def; /* the default destination, or NULL */
};

/*
 * The printers, in CUPS's order; none (n 0) when no print service
 * answers. Returns 0, or DOT_ERUNTIME when lpstat is not installed.
 */
int dot_report_printers(struct dot_printer_list *out, char **cause);
void dot_printer_list_release(struct dot_printer_list *l);

#endif
