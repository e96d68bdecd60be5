/*
 * Internals shared by the files of the scan module: the quirks table.
 */
#ifndef DOTATION_SCAN_PRIVATE_H
#define DOTATION_SCAN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

struct dot_scan_quirks;

/*
 * Load the quirks file at path (NULL: $DOTATION_SCAN_QUIRKS, then the
 * installed data directory, then the source tree's data/). A missing file
 * gives an empty table. Never NULL.
 */
struct dot_scan_quirks *dot_scan_quirks_load(const char *path);
void dot_scan_quirks_free(struct dot_scan_quirks *q);

/*
 * Whether a device looks like a scanner; *why becomes "quirks" or "name"
 * (static strings) for the rule that decided, NULL when none did.
 */
bool dot_scan_quirks_match(const struct dot_scan_quirks *q, unsigned vendor,
			   unsigned product, const char *name,
			   const char **why);

#endif
