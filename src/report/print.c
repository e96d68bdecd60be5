/*
 * Printing goes through CUPS's own client, lp: it knows the station's
 * printers, their drivers and the default destination, and a school's IT
 * already manages them with CUPS. lp copies the file into the spool before
 * it returns, so the caller may remove a temporary PDF afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

/* Read all of fd into a new string, trailing white space removed. */
static char *
slurp(int fd)
{
	size_t cap = 256, n = 0;
	char *s = dot_xmalloc(cap);
	ssize_t r;

	for (;;) {
		if (n + 1 == cap)
			s = dot_xrealloc(s, cap *= 2);
		r = read(fd, s + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	/* our message goes on after lp's: no full stop in between */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
			 s[n - 1] == '.'))
		n--;
	s[n] = '\0';
	return s;
}

/*
 * The job id in what lp said: "request id is lp0-42 (1 file(s))", or the
 * same in the user's language: the word before " (". All of it when
 * there is no such word.
 */
static char *
job_id(const char *said)
{
	const char *paren = strstr(said, " ("), *start;

	if (!paren || paren == said)
		return dot_xstrdup(said);
	for (start = paren; start > said && start[-1] != ' '; start--)
		;
	return dot_xstrndup(start, (size_t)(paren - start));
}

int
dot_report_print(const char *path, const char *printer, char **job,
		 char **cause)
{
	const char *argv[8];
	char *said = NULL;
	int pfd[2], status, argc = 0, rc = 0;
	pid_t pid;

	if (job)
		*job = NULL;
	argv[argc++] = "lp";
	if (printer && *printer) {
		argv[argc++] = "-d";
		argv[argc++] = printer;
	}
	argv[argc++] = "--";
	argv[argc++] = path;
	argv[argc] = NULL;
	if (pipe(pfd) != 0)
		return dot_fail(cause, DOT_ERUNTIME, _("cannot run lp: %s"),
				strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return dot_fail(cause, DOT_ERUNTIME, _("cannot run lp: %s"),
				strerror(errno));
	}
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execvp("lp", (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	said = slurp(pfd[0]);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot print: the CUPS command 'lp' is not "
				"installed (package cups-client)"));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot print on %s: %s; check the printers "
				"with 'lpstat -p -d'"),
			      printer && *printer ? printer
						  : _("the default printer"),
			      *said ? said : _("lp failed"));
	} else if (job && *said) {
		*job = job_id(said);
	}
	free(said);
	return rc;
}
