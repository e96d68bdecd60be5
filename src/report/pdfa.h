/*
 * Archival PDF (PDF/A-2b) over libharu: what pdf.c calls just before it
 * writes a document (pdfa.c). Inside src/report only.
 */
#ifndef DOTATION_REPORT_PDFA_H
#define DOTATION_REPORT_PDFA_H

#include <hpdf.h> /* without HPDF_SHARED: the object layer too */
#include <stdbool.h>

#include "report_int.h"

/*
 * Give pdf its archival metadata: Info (m->title, m->author, keywords
 * naming m->uai and m->fingerprint, dates), the XMP packet that mirrors
 * it with m's school, UAI, fingerprint and kind, the document ID, and,
 * when embedded (every font embedded: not the --no-embed Helvetica
 * mode), the sRGB output intent, the PDF/A-2b identification and
 * ToUnicode maps for font and bold. Strings of m may be NULL. Returns 0,
 * or DOT_ERUNTIME with *cause when the ICC profile cannot be read (the
 * message names the package to install).
 */
int rdoc_pdfa_finish(HPDF_Doc pdf, const struct rdoc_archive *m, HPDF_Font font,
		     HPDF_Font bold, bool embedded, char **cause);

#endif
