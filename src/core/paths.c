/*
 * Installed files, found relative to the running binary: an install under
 * any prefix (a .deb under /usr, `cmake --install --prefix P`, a copied
 * tree) finds P/share/dotation and P/share/locale from P/bin/dotation.
 * No path of the build machine is compiled in, so moving or deleting the
 * build tree changes nothing for an installed binary. The environment
 * overrides are for tests and the uninstalled build tree only.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dotation/core.h"

/* The directory holding the running executable, or NULL. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return dot_xstrdup(buf[0] ? buf : "/");
}

char *
dot_path_installed(const char *env, const char *rel)
{
	const char *v = env ? getenv(env) : NULL;
	char *dir, *joined, *real;

	if (v && *v)
		return dot_xstrdup(v);
	dir = exe_dir();
	if (!dir)
		return NULL;
	joined = dot_xasprintf("%s/%s", dir, rel);
	free(dir);
	real = realpath(joined, NULL);
	if (!real)
		return joined; /* not there: gettext and fopen will say so */
	free(joined);
	return real;
}

char *
dot_path_localedir(void)
{
	return dot_path_installed("DOTATION_LOCALEDIR", DOT_REL_LOCALEDIR);
}

char *
dot_path_datadir(void)
{
	return dot_path_installed("DOTATION_DATADIR", DOT_REL_DATADIR);
}
