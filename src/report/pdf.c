/*
 * The page engine. libharu draws; this file decides where: A4 pages with
 * fixed margins, a running header and a footer on each page, tables whose
 * header is repeated after every page break, text that always fits its
 * cell, and Code 128 barcodes from zint's vector output drawn as filled
 * rectangles (sharp at any printer resolution, a few hundred bytes each).
 *
 * "page X / Y" needs Y before the footers are drawn: libharu keeps every
 * page's content stream open until the document is saved, so the footers
 * are added to all pages at the end, in one pass.
 *
 * Memory stays flat in the number of pages: libharu would hold every
 * page's drawing in memory until the save (a few kB per table row), so
 * each page's content stream is a spill stream (below) that keeps its
 * bytes in one unlinked temporary file, and the document is saved
 * straight to the output file rather than built in memory first. The
 * bytes libharu writes, and so the PDF, are the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zint.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/report.h"
#include "pdfa.h"
#include "report_int.h"

#define MARGIN_X 28.0f
#define MARGIN_TOP 28.0f
#define MARGIN_BOTTOM 24.0f
#define FOOTER_H 16.0f
#define RUNNING_H 16.0f
#define HEAD_H 18.0f
#define CELL_PAD 3.0f
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

/*
 * Page contents in a temporary file. libharu writes a page's stream a few
 * bytes at a time while it is drawn, appends its footer at the end, then
 * reads it back once to compress it into the PDF. Writes go through one
 * buffer owned by the stream written last; each stream remembers where
 * its bytes are in the file (an extent per run of writes: two per page).
 */
struct spill {
	int fd;    /* unlinked; -1: not open (yet, or failed) */
	off_t end; /* size of the file */
	struct spill_stream *owner; /* whose bytes buf holds */
	size_t nbuf;
	unsigned char buf[65536];
};

struct spill_extent {
	off_t off;
	size_t len;
};

struct spill_stream {
	struct spill *sp;
	struct spill_extent *ext;
	size_t next, cap;
	size_t r_ext, r_in; /* read position: extent, offset in it */
	HPDF_UINT r_pos;
};

struct rdoc {
	HPDF_Doc pdf;
	struct spill spill;
	HPDF_Font font, bold;
	bool utf8;       /* embedded TrueType, UTF-8 strings */
	HPDF_STATUS err; /* first libharu error */
	HPDF_STATUS err_detail;
	HPDF_Page page;
	HPDF_Page *pages;
	int npages, cap;
	float pw, ph;
	float y;
	char *running;
	char *foot_left, *foot_centre;
	char *operator_name;     /* said in the footer, or NULL */
	const struct rcol *cols; /* table in force, or NULL */
	int ncols;
	HPDF_Font cur_font; /* avoids resetting the same font per call */
	float cur_size;
	struct zint_symbol *zs;
	char *conv; /* Latin-1 conversion buffer (no_embed) */
	size_t convcap;
	char *title, *author, *kind, *school, *uai, *fingerprint; /* XMP */
};

/* Write the buffer at the end of the file, into its owner's extents. */
static int
spill_flush(struct spill *sp)
{
	struct spill_stream *ss = sp->owner;
	struct spill_extent *last;
	size_t done = 0;
	ssize_t w;

	if (!ss || sp->nbuf == 0)
		return 0;
	while (done < sp->nbuf) {
		w = pwrite(sp->fd, sp->buf + done, sp->nbuf - done,
			   sp->end + (off_t)done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	last = ss->next ? &ss->ext[ss->next - 1] : NULL;
	if (last && last->off + (off_t)last->len == sp->end) {
		last->len += sp->nbuf;
	} else {
		if (ss->next == ss->cap) {
			ss->cap = ss->cap ? ss->cap * 2 : 2;
			ss->ext = dot_xrealloc(ss->ext,
					       ss->cap * sizeof(*ss->ext));
		}
		ss->ext[ss->next].off = sp->end;
		ss->ext[ss->next].len = sp->nbuf;
		ss->next++;
	}
	sp->end += (off_t)sp->nbuf;
	sp->nbuf = 0;
	return 0;
}

/* Make ss's bytes all in the file (before reading or seeking it). */
static int
spill_settle(struct spill_stream *ss)
{
	struct spill *sp = ss->sp;

	if (sp->owner != ss)
		return 0;
	if (spill_flush(sp))
		return -1;
	sp->owner = NULL;
	return 0;
}

static HPDF_STATUS
spill_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	struct spill_stream *ss = s->attr;
	struct spill *sp = ss->sp;
	size_t k;

	if (sp->owner != ss) {
		if (spill_flush(sp))
			goto fail;
		sp->owner = ss;
	}
	while (n > 0) {
		k = sizeof(sp->buf) - sp->nbuf;
		if (k > n)
			k = n;
		memcpy(sp->buf + sp->nbuf, p, k);
		sp->nbuf += k;
		p += k;
		n -= (HPDF_UINT)k;
		if (sp->nbuf == sizeof(sp->buf) && spill_flush(sp))
			goto fail;
	}
	return HPDF_OK;
fail:
	return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, (HPDF_STATUS)errno);
}

static HPDF_STATUS
spill_read(HPDF_Stream s, HPDF_BYTE *p, HPDF_UINT *n)
{
	struct spill_stream *ss = s->attr;
	HPDF_UINT want = *n, got = 0;
	size_t k;
	ssize_t r;

	*n = 0;
	if (spill_settle(ss))
		goto fail;
	while (got < want && ss->r_ext < ss->next) {
		const struct spill_extent *e = &ss->ext[ss->r_ext];

		if (ss->r_in == e->len) {
			ss->r_ext++;
			ss->r_in = 0;
			continue;
		}
		k = e->len - ss->r_in;
		if (k > want - got)
			k = want - got;
		r = pread(ss->sp->fd, p + got, k, e->off + (off_t)ss->r_in);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		got += (HPDF_UINT)r;
		ss->r_in += (size_t)r;
		ss->r_pos += (HPDF_UINT)r;
	}
	*n = got;
	return got < want ? HPDF_STREAM_EOF : HPDF_OK;
fail:
	return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, (HPDF_STATUS)errno);
}

static HPDF_STATUS
spill_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct spill_stream *ss = s->attr;
	size_t left;

	if (mode == HPDF_SEEK_CUR)
		pos += (HPDF_INT)ss->r_pos;
	else if (mode == HPDF_SEEK_END)
		pos = (HPDF_INT)s->size - pos;
	if (pos < 0 || (HPDF_UINT)pos > s->size)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	if (spill_settle(ss))
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR,
				     (HPDF_STATUS)errno);
	ss->r_ext = ss->r_in = 0;
	ss->r_pos = (HPDF_UINT)pos;
	for (left = (size_t)pos; left > 0 && ss->r_ext < ss->next;) {
		if (ss->ext[ss->r_ext].len > left) {
			ss->r_in = left;
			break;
		}
		left -= ss->ext[ss->r_ext++].len;
	}
	return HPDF_OK;
}

static HPDF_INT32
spill_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct spill_stream *)s->attr)->r_pos;
}

static HPDF_UINT32
spill_size(HPDF_Stream s)
{
	return s->size;
}

static void
spill_free(HPDF_Stream s)
{
	struct spill_stream *ss = s->attr;

	if (!ss)
		return;
	if (ss->sp->owner == ss) {
		ss->sp->owner = NULL;
		ss->sp->nbuf = 0;
	}
	free(ss->ext);
	free(ss);
	s->attr = NULL;
}

/* An unlinked 0600 file in $TMPDIR (or /tmp); -1 when none can be made. */
static int
spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	path = dot_xasprintf("%s/dotation-pdf.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

/*
 * Give a new, still empty page a spill stream for its contents in place
 * of libharu's memory stream. Without the temporary file the page keeps
 * the memory stream: the document is the same, only larger in memory.
 */
static void
spill_page(struct rdoc *d, HPDF_Page page)
{
	HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
	HPDF_Stream old = attr ? attr->stream : NULL, s;
	struct spill_stream *ss;

	if (d->spill.fd < 0 || !old || !attr->contents ||
	    attr->contents->stream != old || old->size != 0)
		return;
	s = HPDF_GetMem(old->mmgr, sizeof(*s));
	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	ss = dot_xcalloc(1, sizeof(*ss));
	ss->sp = &d->spill;
	s->sig_bytes = HPDF_STREAM_SIG_BYTES;
	s->type = HPDF_STREAM_UNKNOWN;
	s->mmgr = old->mmgr;
	s->error = old->error;
	s->write_fn = spill_write;
	s->read_fn = spill_read;
	s->seek_fn = spill_seek;
	s->tell_fn = spill_tell;
	s->size_fn = spill_size;
	s->free_fn = spill_free;
	s->attr = ss;
	attr->contents->stream = s;
	attr->stream = s;
	HPDF_Stream_Free(old);
}

static void
on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	struct rdoc *d = data;

	if (!d->err) {
		d->err = err;
		d->err_detail = detail;
	}
}

static bool
readable_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	       access(path, R_OK) == 0;
}

/* NAME-Bold.ttf beside NAME.ttf, when it exists. */
static char *
bold_beside(const char *path)
{
	size_t n = strlen(path);
	char *b;

	if (n < 4 || strcmp(path + n - 4, ".ttf") != 0)
		return NULL;
	b = dot_xasprintf("%.*s-Bold.ttf", (int)(n - 4), path);
	if (readable_file(b))
		return b;
	free(b);
	return NULL;
}

int
rdoc_new(const struct dot_report_opts *o, bool landscape, const char *title,
	 const char *author, struct rdoc **out, char **cause)
{
	static const struct dot_report_opts none;
	struct rdoc *d;
	const char *path, *name;
	char *bpath = NULL;
	time_t t = time(NULL);
	struct tm tm, gm;
	HPDF_Date date;
	long off;

	if (!o)
		o = &none;
	*out = NULL;
	path = o->font_path && *o->font_path ? o->font_path
					     : getenv("DOTATION_FONT");
	if (!path || !*path)
		path = DOT_REPORT_DEFAULT_FONT;
	if (!o->no_embed && !readable_file(path))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot read the font '%s': install the "
				  "package fonts-dejavu-core, or give a "
				  "TrueType font with --font or "
				  "DOTATION_FONT"),
				path);
	d = dot_xcalloc(1, sizeof(*d));
	if (o->operator_name && *o->operator_name)
		d->operator_name = dot_xstrdup(o->operator_name);
	d->spill.fd = spill_open();
	d->pdf = HPDF_New(on_error, d);
	if (!d->pdf) {
		if (d->spill.fd >= 0)
			close(d->spill.fd);
		free(d->operator_name);
		free(d);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot create the PDF: out of memory"));
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	if (o->no_embed) {
		d->font = HPDF_GetFont(d->pdf, "Helvetica", "WinAnsiEncoding");
		d->bold = HPDF_GetFont(d->pdf, "Helvetica-Bold",
				       "WinAnsiEncoding");
	} else {
		d->utf8 = true;
		HPDF_UseUTFEncodings(d->pdf);
		HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
		name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
		if (name)
			d->font = HPDF_GetFont(d->pdf, name, "UTF-8");
		bpath = bold_beside(path);
		name = bpath ? HPDF_LoadTTFontFromFile(d->pdf, bpath, HPDF_TRUE)
			     : NULL;
		d->bold = name ? HPDF_GetFont(d->pdf, name, "UTF-8") : d->font;
		free(bpath);
	}
	if (!d->font || !d->bold) {
		rdoc_free(d);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot load the font '%s': it is not a "
				  "TrueType font libharu can embed; give "
				  "another one with --font or DOTATION_FONT"),
				path);
	}
	d->err = 0;
	d->pw = landscape ? 841.89f : 595.28f;
	d->ph = landscape ? 595.28f : 841.89f;

	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, author);
	d->title = dot_xstrdup(title ? title : "");
	d->author = dot_xstrdup(author ? author : "");
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "dotation " DOT_VERSION);
	localtime_r(&t, &tm);
	gmtime_r(&t, &gm);
	gm.tm_isdst = tm.tm_isdst;
	off = (long)difftime(mktime(&tm), mktime(&gm)) / 60;
	date.year = tm.tm_year + 1900;
	date.month = tm.tm_mon + 1;
	date.day = tm.tm_mday;
	date.hour = tm.tm_hour;
	date.minutes = tm.tm_min;
	date.seconds = tm.tm_sec;
	date.ind = off == 0 ? 'Z' : off > 0 ? '+' : '-';
	date.off_hour = (HPDF_INT)(labs(off) / 60);
	date.off_minutes = (HPDF_INT)(labs(off) % 60);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
	d->zs = ZBarcode_Create();
	*out = d;
	return 0;
}

void
rdoc_free(struct rdoc *d)
{
	if (!d)
		return;
	if (d->pdf)
		HPDF_Free(d->pdf); /* frees the spill streams */
	if (d->spill.fd >= 0)
		close(d->spill.fd);
	if (d->zs)
		ZBarcode_Delete(d->zs);
	free(d->pages);
	free(d->running);
	free(d->foot_left);
	free(d->foot_centre);
	free(d->operator_name);
	free(d->conv);
	free(d->title);
	free(d->author);
	free(d->kind);
	free(d->school);
	free(d->uai);
	free(d->fingerprint);
	free(d);
}

static char *
dup_or_null(const char *s)
{
	return s ? dot_xstrdup(s) : NULL;
}

void
rdoc_set_archive(struct rdoc *d, const char *kind, const char *school,
		 const char *uai, const char *fingerprint)
{
	free(d->kind);
	free(d->school);
	free(d->uai);
	free(d->fingerprint);
	d->kind = dup_or_null(kind);
	d->school = dup_or_null(school);
	d->uai = dup_or_null(uai);
	d->fingerprint = dup_or_null(fingerprint);
}

void
rdoc_set_running(struct rdoc *d, const char *text)
{
	free(d->running);
	d->running = text ? dot_xstrdup(text) : NULL;
}

void
rdoc_set_footer(struct rdoc *d, const char *left, const char *centre)
{
	free(d->foot_left);
	free(d->foot_centre);
	d->foot_left =
		d->operator_name
			? dot_xasprintf(_("%s — prepared by %s"),
					left ? left : "", d->operator_name)
			: dot_xstrdup(left ? left : "");
	d->foot_centre = dot_xstrdup(centre ? centre : "");
}

/*
 * Without the embedded font, text goes out in WinAnsiEncoding: map the
 * Latin-1 range and the French extras (œ Œ ’ « » …), '?' for the rest.
 */
static const char *
enc(struct rdoc *d, const char *s)
{
	static const struct {
		unsigned cp;
		unsigned char c;
	} extra[] = {
		{0x152, 0x8c},  {0x153, 0x9c},  {0x2019, 0x92}, {0x2018, 0x91},
		{0x2026, 0x85}, {0x2013, 0x96}, {0x2014, 0x97}, {0x20ac, 0x80},
		{0x201c, 0x93}, {0x201d, 0x94}, {0x178, 0x9f},
	};
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n = 0, i;

	if (d->utf8)
		return s;
	if (len + 1 > d->convcap) {
		d->convcap = len + 1;
		d->conv = dot_xrealloc(d->conv, d->convcap);
	}
	while (*p) {
		unsigned cp = *p++;
		int more = 0;

		if (cp >= 0xf0) {
			cp &= 0x07;
			more = 3;
		} else if (cp >= 0xe0) {
			cp &= 0x0f;
			more = 2;
		} else if (cp >= 0xc0) {
			cp &= 0x1f;
			more = 1;
		}
		while (more-- > 0 && (*p & 0xc0) == 0x80)
			cp = cp << 6 | (*p++ & 0x3f);
		if (cp < 0x80 || (cp >= 0xa0 && cp < 0x100)) {
			d->conv[n++] = (char)cp;
			continue;
		}
		d->conv[n] = '?';
		for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
			if (extra[i].cp == cp)
				d->conv[n] = (char)extra[i].c;
		n++;
	}
	d->conv[n] = '\0';
	return d->conv;
}

static void
use_font(struct rdoc *d, float size, bool bold)
{
	HPDF_Font f = bold ? d->bold : d->font;

	if (f == d->cur_font && size == d->cur_size)
		return;
	HPDF_Page_SetFontAndSize(d->page, f, size);
	d->cur_font = f;
	d->cur_size = size;
}

float
rdoc_width(struct rdoc *d, float size, bool bold, const char *s)
{
	use_font(d, size, bold);
	return HPDF_Page_TextWidth(d->page, enc(d, s));
}

void
rdoc_text(struct rdoc *d, float x, float y, float size, bool bold,
	  const char *s)
{
	if (!*s)
		return;
	use_font(d, size, bold);
	HPDF_Page_BeginText(d->page);
	HPDF_Page_TextOut(d->page, x, y, enc(d, s));
	HPDF_Page_EndText(d->page);
}

/* Length of the longest prefix of s that, with an ellipsis, fits w. */
static size_t
fit_prefix(struct rdoc *d, float size, bool bold, const char *s, float w,
	   char **buf)
{
	size_t len = strlen(s);

	*buf = dot_xrealloc(*buf, len + sizeof(ELLIPSIS));
	while (len > 0) {
		/* back to the start of the previous UTF-8 character */
		len--;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		while (len > 0 && s[len - 1] == ' ')
			len--;
		memcpy(*buf, s, len);
		memcpy(*buf + len, ELLIPSIS, sizeof(ELLIPSIS));
		if (rdoc_width(d, size, bold, *buf) <= w)
			break;
	}
	if (len == 0)
		memcpy(*buf, ELLIPSIS, sizeof(ELLIPSIS));
	return len;
}

static void
aligned(struct rdoc *d, float x, float w, float y, float size, bool bold,
	const char *s, enum ralign align)
{
	float tw;

	if (align != RA_LEFT) {
		tw = rdoc_width(d, size, bold, s);
		if (align == RA_CENTER)
			x += (w - tw) / 2;
		else
			x += w - tw;
	}
	rdoc_text(d, x, y, size, bold, s);
}

/* The last break (after a space or a hyphen) such that s[0..k) fits w. */
static size_t
break_at(struct rdoc *d, float size, bool bold, const char *s, float w)
{
	size_t i, best = 0, len = strlen(s);
	char *tmp = dot_xmalloc(len + 1);

	for (i = 1; i < len; i++) {
		if (s[i - 1] != ' ' && s[i - 1] != '-')
			continue;
		memcpy(tmp, s, i);
		tmp[i] = '\0';
		/* a trailing space does not count against the width */
		if (tmp[i - 1] == ' ')
			tmp[i - 1] = '\0';
		if (rdoc_width(d, size, bold, tmp) > w)
			break;
		best = i;
	}
	free(tmp);
	return best;
}

void
rdoc_cell(struct rdoc *d, float x, float top, float w, float h, float size,
	  bool bold, const char *s, enum ralign align, int max_lines)
{
	float avail = w - 2 * CELL_PAD, cy = top - h / 2, small, lead, sz;
	char *buf = NULL, *l1;
	size_t k;

	if (!s || !*s)
		return;
	x += CELL_PAD;
	if (rdoc_width(d, size, bold, s) <= avail) {
		aligned(d, x, avail, cy - size * 0.35f, size, bold, s, align);
		return;
	}
	small = size * 0.85f;
	if (rdoc_width(d, small, bold, s) <= avail) {
		aligned(d, x, avail, cy - small * 0.35f, small, bold, s, align);
		return;
	}
	/*
	 * Wrapped: at the largest size (down to 2/3) where the whole text
	 * fits in as many lines as the row holds; at the smallest, the last
	 * line is cut.
	 */
	for (sz = small; max_lines >= 2 && sz >= size * 0.66f; sz -= 0.5f) {
		bool last_try = sz - 0.5f < size * 0.66f;
		int nl = (int)(h / (sz * 1.12f)), i;
		const char *p = s;
		size_t starts[8], lens[8];

		if (nl < 2)
			break;
		if (nl > 8)
			nl = 8;
		for (i = 0; i < nl && *p; i++) {
			starts[i] = (size_t)(p - s);
			k = rdoc_width(d, sz, bold, p) <= avail
				    ? strlen(p)
				    : break_at(d, sz, bold, p, avail);
			if (k == 0 || i == nl - 1)
				k = strlen(p);
			lens[i] = k;
			p += k;
			while (*p == ' ')
				p++;
		}
		if (*p)
			continue; /* more text than lines */
		if (!last_try &&
		    rdoc_width(d, sz, bold, s + starts[i - 1]) > avail)
			continue; /* the last line would be cut: smaller */
		lead = sz * 1.12f;
		for (k = 0; k < (size_t)i; k++) {
			float base = cy + lead * ((float)i / 2 - (float)k) -
				     lead + lead / 2 - sz * 0.35f;

			l1 = dot_xstrndup(s + starts[k], lens[k]);
			dot_trim(l1);
			if (rdoc_width(d, sz, bold, l1) > avail) {
				fit_prefix(d, sz, bold, l1, avail, &buf);
				free(l1);
				l1 = dot_xstrdup(buf);
			}
			aligned(d, x, avail, base, sz, bold, l1, align);
			free(l1);
		}
		free(buf);
		return;
	}
	if (max_lines == 0) {
		/* never cut (serials): smaller and smaller until it fits */
		while (small > 4 && rdoc_width(d, small, bold, s) > avail)
			small -= 0.25f;
		aligned(d, x, avail, cy - small * 0.35f, small, bold, s, align);
		return;
	}
	fit_prefix(d, small, bold, s, avail, &buf);
	aligned(d, x, avail, cy - small * 0.35f, small, bold, buf, align);
	free(buf);
}

void
rdoc_paragraph(struct rdoc *d, float x, float w, float size, bool bold,
	       const char *s)
{
	float lead = size * 1.35f;
	size_t k;
	char *line;

	while (*s) {
		if (rdoc_width(d, size, bold, s) <= w) {
			k = strlen(s);
		} else {
			k = break_at(d, size, bold, s, w);
			if (k == 0)
				k = strlen(s);
		}
		line = dot_xstrndup(s, k);
		dot_trim(line);
		rdoc_need(d, lead);
		rdoc_text(d, x, d->y - size, size, bold, line);
		free(line);
		d->y -= lead;
		s += k;
		while (*s == ' ')
			s++;
	}
}

void
rdoc_box(struct rdoc *d, float x, float y, float w, float h, float gray,
	 bool fill)
{
	if (fill) {
		HPDF_Page_SetGrayFill(d->page, gray);
		HPDF_Page_Rectangle(d->page, x, y, w, h);
		HPDF_Page_Fill(d->page);
		HPDF_Page_SetGrayFill(d->page, 0);
	} else {
		HPDF_Page_SetGrayStroke(d->page, gray);
		HPDF_Page_SetLineWidth(d->page, 0.6f);
		HPDF_Page_Rectangle(d->page, x, y, w, h);
		HPDF_Page_Stroke(d->page);
		HPDF_Page_SetGrayStroke(d->page, 0);
	}
}

void
rdoc_hline(struct rdoc *d, float x1, float x2, float y, float width)
{
	HPDF_Page_SetLineWidth(d->page, width);
	HPDF_Page_MoveTo(d->page, x1, y);
	HPDF_Page_LineTo(d->page, x2, y);
	HPDF_Page_Stroke(d->page);
}

int
rdoc_barcode(struct rdoc *d, float x, float y, float w, float h,
	     const char *serial)
{
	struct zint_symbol *z = d->zs;
	struct zint_vector_rect *r;
	float unit, mod, bw;
	int rc;

	ZBarcode_Clear(z);
	z->symbology = BARCODE_CODE128;
	z->show_hrt = 0;
	z->whitespace_width = 0;
	z->border_width = 0;
	rc = ZBarcode_Encode(z, (const unsigned char *)serial,
			     (int)strlen(serial));
	if (rc >= ZINT_ERROR || ZBarcode_Buffer_Vector(z, 0) >= ZINT_ERROR ||
	    !z->vector || z->width <= 0)
		return -1;
	/* vector units per module, whatever zint's scale convention */
	unit = z->vector->width / (float)z->width;
	mod = w / (float)(z->width + 20);
	if (mod > 0.75f)
		mod = 0.75f;
	bw = mod * (float)z->width;
	x += (w - bw) / 2;
	for (r = z->vector->rectangles; r; r = r->next)
		HPDF_Page_Rectangle(d->page, x + r->x / unit * mod, y,
				    r->width / unit * mod, h);
	HPDF_Page_Fill(d->page);
	return 0;
}

static void
draw_running(struct rdoc *d)
{
	float l = MARGIN_X, r = d->pw - MARGIN_X;

	if (!d->running)
		return;
	HPDF_Page_SetGrayFill(d->page, 0.3f);
	rdoc_cell(d, l - CELL_PAD, d->y, r - l + 2 * CELL_PAD, RUNNING_H - 4, 8,
		  false, d->running, RA_LEFT, 1);
	HPDF_Page_SetGrayFill(d->page, 0);
	HPDF_Page_SetGrayStroke(d->page, 0.6f);
	rdoc_hline(d, l, r, d->y - RUNNING_H + 3, 0.4f);
	HPDF_Page_SetGrayStroke(d->page, 0);
	d->y -= RUNNING_H;
}

static void
draw_table_header(struct rdoc *d)
{
	const char *t[32];
	int i;

	for (i = 0; i < d->ncols && i < 32; i++)
		t[i] = d->cols[i].title;
	rdoc_row(d, t, HEAD_H, 8, true, 0.82f);
}

void
rdoc_add_page(struct rdoc *d)
{
	if (d->npages == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->pages = dot_xrealloc(d->pages, d->cap * sizeof(*d->pages));
	}
	d->page = HPDF_AddPage(d->pdf);
	spill_page(d, d->page);
	d->pages[d->npages++] = d->page;
	HPDF_Page_SetWidth(d->page, d->pw);
	HPDF_Page_SetHeight(d->page, d->ph);
	d->cur_font = NULL;
	d->y = d->ph - MARGIN_TOP;
	if (d->npages > 1)
		draw_running(d);
}

float
rdoc_left(const struct rdoc *d)
{
	return MARGIN_X;
}

float
rdoc_right(const struct rdoc *d)
{
	return d->pw - MARGIN_X;
}

float
rdoc_y(const struct rdoc *d)
{
	return d->y;
}

void
rdoc_move(struct rdoc *d, float dy)
{
	d->y -= dy;
}

float
rdoc_room(const struct rdoc *d)
{
	return d->y - (MARGIN_BOTTOM + FOOTER_H);
}

void
rdoc_table(struct rdoc *d, const struct rcol *cols, int ncols)
{
	d->cols = cols;
	d->ncols = ncols;
	/* a header alone at the foot of a page helps nobody */
	if (!rdoc_need(d, HEAD_H + 24))
		draw_table_header(d);
}

void
rdoc_table_end(struct rdoc *d)
{
	d->cols = NULL;
	d->ncols = 0;
}

bool
rdoc_need(struct rdoc *d, float h)
{
	if (rdoc_room(d) >= h)
		return false;
	rdoc_add_page(d);
	if (d->cols)
		draw_table_header(d);
	return true;
}

float
rdoc_col_x(const struct rdoc *d, int i)
{
	float x = MARGIN_X;
	int k;

	for (k = 0; k < i && k < d->ncols; k++)
		x += d->cols[k].width;
	return x;
}

void
rdoc_row(struct rdoc *d, const char *const *cells, float h, float size,
	 bool bold, float shade)
{
	float x = MARGIN_X, total = 0;
	int i;

	for (i = 0; i < d->ncols; i++)
		total += d->cols[i].width;
	if (shade < 1)
		rdoc_box(d, x, d->y - h, total, h, shade, true);
	for (i = 0; i < d->ncols; i++) {
		if (cells[i])
			rdoc_cell(d, x, d->y, d->cols[i].width, h, size, bold,
				  cells[i], d->cols[i].align,
				  d->cols[i].max_lines);
		x += d->cols[i].width;
	}
	HPDF_Page_SetGrayStroke(d->page, 0.75f);
	rdoc_hline(d, MARGIN_X, MARGIN_X + total, d->y - h, 0.3f);
	HPDF_Page_SetGrayStroke(d->page, 0);
	d->y -= h;
}

void
rdoc_band(struct rdoc *d, const char *text, float h, float size, bool bold,
	  float shade)
{
	float total = 0;
	int i;

	for (i = 0; i < d->ncols; i++)
		total += d->cols[i].width;
	if (total == 0)
		total = d->pw - 2 * MARGIN_X;
	if (shade < 1)
		rdoc_box(d, MARGIN_X, d->y - h, total, h, shade, true);
	rdoc_cell(d, MARGIN_X, d->y, total, h, size, bold, text, RA_LEFT, 1);
	HPDF_Page_SetGrayStroke(d->page, 0.75f);
	rdoc_hline(d, MARGIN_X, MARGIN_X + total, d->y - h, 0.3f);
	HPDF_Page_SetGrayStroke(d->page, 0);
	d->y -= h;
}

static void
draw_footers(struct rdoc *d)
{
	float l = MARGIN_X, r = d->pw - MARGIN_X, y = MARGIN_BOTTOM + 4;
	float third = (r - l) / 3;
	char pg[64];
	int i;

	for (i = 0; i < d->npages; i++) {
		d->page = d->pages[i];
		d->cur_font = NULL;
		HPDF_Page_SetGrayStroke(d->page, 0.6f);
		rdoc_hline(d, l, r, y + 9, 0.4f);
		HPDF_Page_SetGrayStroke(d->page, 0);
		snprintf(pg, sizeof(pg), _("page %d / %d"), i + 1, d->npages);
		/* no centre text: the left one may take its room */
		rdoc_cell(d, l - CELL_PAD, y + 8,
			  d->foot_centre && *d->foot_centre ? third * 1.25f
							    : third * 2.3f,
			  10, 7.5f, false, d->foot_left ? d->foot_left : "",
			  RA_LEFT, 1);
		rdoc_cell(d, l + third * 1.25f, y + 8, third * 1.1f, 10, 7.5f,
			  false, d->foot_centre ? d->foot_centre : "",
			  RA_CENTER, 1);
		rdoc_cell(d, r - third * 0.65f + CELL_PAD, y + 8, third * 0.65f,
			  10, 8, true, pg, RA_RIGHT, 1);
	}
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The error of a failed libharu save, into *cause. */
static int
save_failed(struct rdoc *d, char **cause)
{
	return dot_fail(cause, DOT_ERUNTIME,
			_("cannot build the PDF: libharu error "
			  "0x%04X (detail %u)"),
			(unsigned)d->err, (unsigned)d->err_detail);
}

int
rdoc_save(struct rdoc *d, const char *path, int *pages, char **cause)
{
	unsigned char buf[65536];
	struct dot_outfile of;
	char self[64];
	HPDF_UINT32 n;
	HPDF_STATUS s;
	int rc, e;

	struct rdoc_archive arch = {d->title,  d->author, d->kind,
				    d->school, d->uai,    d->fingerprint};

	draw_footers(d);
	if (pages)
		*pages = d->npages;
	/* archival metadata last: the fonts' ToUnicode maps exist by now */
	if (!d->err) {
		rc = rdoc_pdfa_finish(d->pdf, &arch, d->font, d->bold, d->utf8,
				      cause);
		if (rc)
			return rc;
	}
	if (d->err)
		return save_failed(d, cause);
	/* 0600 through a temporary file, never onto a device or a link */
	rc = dot_outfile_open(&of, path, cause);
	if (rc)
		return rc;
	/*
	 * Into the temporary file directly, by its descriptor (its name
	 * could be replaced meanwhile): the whole PDF is never in memory.
	 */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", of.fd);
	if (!of.is_stdout && access(self, W_OK) == 0) {
		if (HPDF_SaveToFile(d->pdf, self) != HPDF_OK || d->err) {
			e = errno;
			dot_outfile_abort(&of);
			if (d->err == HPDF_FILE_IO_ERROR)
				return dot_fail(cause, DOT_ERUNTIME,
						_("cannot write '%s': %s"),
						path, strerror(e));
			return save_failed(d, cause);
		}
		return dot_outfile_commit(&of, cause);
	}
	if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->err) {
		dot_outfile_abort(&of);
		return save_failed(d, cause);
	}
	HPDF_ResetStream(d->pdf);
	for (;;) {
		n = sizeof(buf);
		s = HPDF_ReadFromStream(d->pdf, buf, &n);
		if (n > 0 && write_all(of.fd, buf, n) != 0) {
			e = errno;
			dot_outfile_abort(&of);
			return dot_fail(cause, DOT_ERUNTIME,
					_("cannot write '%s': %s"), path,
					strerror(e));
		}
		if (s == HPDF_STREAM_EOF)
			break;
		if (s != HPDF_OK) {
			dot_outfile_abort(&of);
			return dot_fail(cause, DOT_ERUNTIME,
					_("cannot build the PDF: libharu error "
					  "0x%04X"),
					(unsigned)s);
		}
	}
	return dot_outfile_commit(&of, cause);
}
