/*
 * Scanner quirks: which input devices are barcode scanners, read from
 * data/scanners.quirks (libinput's idea: device matching is data that
 * users and packagers can extend without a rebuild). A device also
 * counts as a scanner when its name says so.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dotation/scan.h"
#include "scan-private.h"

struct quirk {
	unsigned vendor;
	int product; /* -1: any */
	char *name;  /* pattern or NULL */
	bool scanner;
};

struct dot_scan_quirks {
	struct quirk *v;
	size_t n;
};

static const char *
quirks_path(const char *path)
{
	static char buf[4096];
	const char *env = getenv("DOTATION_SCAN_QUIRKS");
	char *dir;

	if (path)
		return path;
	if (env && *env)
		return env;
	/* $DOTATION_DATADIR, else BINDIR/../share/dotation (core paths.c) */
	dir = dot_path_datadir();
	if (!dir)
		return NULL;
	snprintf(buf, sizeof(buf), "%s/scanners.quirks", dir);
	free(dir);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static bool
parse_hex(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 16);

	if (end == s || *end != '\0' || v > 0xffff)
		return false;
	*out = (unsigned)v;
	return true;
}

struct dot_scan_quirks *
dot_scan_quirks_load(const char *path)
{
	struct dot_scan_quirks *q = dot_xcalloc(1, sizeof(*q));
	struct quirk *cur = NULL;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	path = quirks_path(path);
	f = path ? fopen(path, "r") : NULL;
	if (!f)
		return q; /* no file: names alone tell scanners */
	while (getline(&line, &cap, f) != -1) {
		char *s = dot_trim(line), *eq;
		unsigned v;

		if (*s == '#' || *s == '\0')
			continue;
		if (*s == '[') {
			q->v = dot_xrealloc(q->v, (q->n + 1) * sizeof(*q->v));
			cur = &q->v[q->n++];
			memset(cur, 0, sizeof(*cur));
			cur->product = -1;
			cur->scanner = true;
			continue;
		}
		eq = strchr(s, '=');
		if (!cur || !eq)
			continue;
		*eq++ = '\0';
		dot_trim(s);
		eq = dot_trim(eq);
		if (strcmp(s, "MatchVendor") == 0 && parse_hex(eq, &v))
			cur->vendor = v;
		else if (strcmp(s, "MatchProduct") == 0 && parse_hex(eq, &v))
			cur->product = (int)v;
		else if (strcmp(s, "MatchName") == 0 && !cur->name)
			cur->name = dot_xstrdup(eq);
		else if (strcmp(s, "Scanner") == 0)
			cur->scanner = strcmp(eq, "0") != 0;
	}
	free(line);
	fclose(f);
	return q;
}

void
dot_scan_quirks_free(struct dot_scan_quirks *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->n; i++)
		free(q->v[i].name);
	free(q->v);
	free(q);
}

static bool
name_says_scanner(const char *name)
{
	char *f = dot_xstrdup(name ? name : ""), *p;
	bool yes;

	for (p = f; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	yes = strstr(f, "scanner") || strstr(f, "barcode") ||
	      strstr(f, "bar code");
	free(f);
	return yes;
}

bool
dot_scan_quirks_match(const struct dot_scan_quirks *q, unsigned vendor,
		      unsigned product, const char *name, const char **why)
{
	size_t i;

	for (i = 0; q && i < q->n; i++) {
		const struct quirk *k = &q->v[i];

		if (k->vendor != vendor)
			continue;
		if (k->product >= 0 && (unsigned)k->product != product)
			continue;
		if (k->name &&
		    fnmatch(k->name, name ? name : "", FNM_CASEFOLD) != 0)
			continue;
		*why = "quirks";
		return k->scanner;
	}
	*why = "name";
	if (name_says_scanner(name))
		return true;
	*why = NULL;
	return false;
}
