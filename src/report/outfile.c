/*
 * Output files for documents and exports. They hold minors' personal
 * data, so they are written 0600 through a temporary file in the same
 * directory and renamed into place once complete: a reader never sees
 * half a file, a failed run leaves the old one. The rename replaces
 * whatever directory entry is at the path, so it is only done onto a
 * regular file or a new path: "--out /dev/null" run as root once replaced
 * the system's /dev/null with a regular file. A device, a FIFO, a socket,
 * a directory or a symbolic link is refused; "-" is the standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/report.h"

int
dot_outfile_check(const char *path, char **cause)
{
	struct stat sb;

	if (strcmp(path, "-") == 0)
		return 0;
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		return dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
				path, strerror(errno));
	}
	if (S_ISREG(sb.st_mode))
		return 0;
	return dot_fail(cause, DOT_ERULE,
			_("'%s' is not a regular file (a device, a FIFO, a "
			  "directory or a symbolic link): nothing was written; "
			  "give the path of a new or an ordinary file, or - "
			  "for the standard output"),
			path);
}

int
dot_outfile_open(struct dot_outfile *of, const char *path, char **cause)
{
	int rc, e;

	memset(of, 0, sizeof(*of));
	of->fd = -1;
	if (strcmp(path, "-") == 0) {
		of->fd = STDOUT_FILENO;
		of->is_stdout = true;
		return 0;
	}
	rc = dot_outfile_check(path, cause);
	if (rc)
		return rc;
	of->path = dot_xstrdup(path);
	of->tmp = dot_xasprintf("%s.XXXXXX", path);
	of->fd = mkstemp(of->tmp);
	if (of->fd < 0) {
		e = errno;
		free(of->tmp);
		of->tmp = NULL;
		dot_outfile_abort(of);
		return dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
				path, strerror(e));
	}
	fchmod(of->fd, 0600);
	return 0;
}

int
dot_outfile_commit(struct dot_outfile *of, char **cause)
{
	int rc, e;

	if (of->is_stdout) {
		of->fd = -1;
		return 0;
	}
	if (fsync(of->fd) != 0 || close(of->fd) != 0) {
		e = errno;
		of->fd = -1;
		rc = dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
			      of->path, strerror(e));
		dot_outfile_abort(of);
		return rc;
	}
	of->fd = -1;
	/* Again at the last moment: the path may have changed since open. */
	rc = dot_outfile_check(of->path, cause);
	if (rc == 0 && rename(of->tmp, of->path) != 0)
		rc = dot_fail(cause, DOT_ERUNTIME, _("cannot write '%s': %s"),
			      of->path, strerror(errno));
	if (rc) {
		dot_outfile_abort(of);
		return rc;
	}
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return 0;
}

void
dot_outfile_abort(struct dot_outfile *of)
{
	if (of->fd >= 0 && !of->is_stdout)
		close(of->fd);
	of->fd = -1;
	if (of->tmp)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
}
