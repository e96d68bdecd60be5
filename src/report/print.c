/*
 * Printing goes through CUPS's own client, lp: it knows the station's
 * printers, their drivers and the default destination, and a school's IT
 * already manages them with CUPS. lp copies the file into the spool before
 * it returns, so the caller may remove a temporary PDF afterwards.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "report_int.h"

/* lpstat answers at once, or the print service does not answer */
#define LIST_TIMEOUT_MS 4000

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
	while (n > 0 &&
	       (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '.'))
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

/*
 * Run argv (lp or lpstat) with the C locale, so that what it says can be
 * recognised; its output and error into *said. timeout_ms < 0: wait as
 * long as it takes; otherwise it is killed then (a print service that
 * accepts and never answers) and 124 returned. Returns the exit status,
 * 127 when it cannot be run, -1 when it could not be started (errno).
 */
static int
run_tool(const char *const *argv, int timeout_ms, char **said)
{
	int pfd[2], status;
	pid_t pid;

	*said = NULL;
	if (pipe(pfd) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		setenv("LC_ALL", "C", 1);
		unsetenv("LANGUAGE");
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	if (timeout_ms >= 0) {
		struct pollfd p = {.fd = pfd[0], .events = POLLIN};
		struct timespec t0, t1;
		int r, left = timeout_ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (;;) {
			r = poll(&p, 1, left);
			if (r >= 0 || errno != EINTR)
				break;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			left = timeout_ms -
			       (int)((t1.tv_sec - t0.tv_sec) * 1000 +
				     (t1.tv_nsec - t0.tv_nsec) / 1000000);
			if (left < 0)
				left = 0;
		}
		if (r == 0) {
			kill(pid, SIGKILL);
			close(pfd[0]);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			*said = dot_xstrdup("");
			return 124;
		}
	}
	*said = slurp(pfd[0]);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status))
		return 128;
	return WEXITSTATUS(status);
}

/* Our words for what lp said when it failed (said: in the C locale). */
static int
print_failed(const char *printer, const char *said, char **cause)
{
	const char *who = printer && *printer ? printer : NULL;

	if (strstr(said, "No default destination"))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot print: no printer is chosen as the "
				  "default one: choose a printer"));
	if (strstr(said, "does not exist"))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot print: the printer %s is not known "
				  "to the print service (CUPS)"),
				who ? who : _("by default"));
	if (strstr(said, "not accepting"))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot print: the printer %s does not take "
				  "documents at the moment (paused or "
				  "disabled)"),
				who ? who : _("by default"));
	if (strstr(said, "Scheduler Not Responding") ||
	    strstr(said, "Unable to connect") ||
	    strstr(said, "Connection refused") ||
	    strstr(said, "No such file or directory"))
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot print: the print service (CUPS) "
				  "does not answer"));
	return dot_fail(cause, DOT_ERUNTIME,
			_("cannot print on %s: the print service refused the "
			  "document"),
			who ? who : _("the default printer"));
}

int
dot_report_print(const char *path, const char *printer, char **job,
		 char **cause, char **detail)
{
	const char *argv[8];
	char *said = NULL;
	int argc = 0, rc = 0, st;

	if (job)
		*job = NULL;
	if (detail)
		*detail = NULL;
	argv[argc++] = "lp";
	if (printer && *printer) {
		argv[argc++] = "-d";
		argv[argc++] = printer;
	}
	argv[argc++] = "--";
	argv[argc++] = path;
	argv[argc] = NULL;
	st = run_tool(argv, -1, &said);
	if (st < 0)
		return dot_fail(cause, DOT_ERUNTIME, _("cannot run lp: %s"),
				strerror(errno));
	if (st == 127) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("cannot print: the CUPS command 'lp' is not "
				"installed (package cups-client)"));
	} else if (st != 0) {
		rc = print_failed(printer, said ? said : "", cause);
		if (detail && said && *said)
			*detail = dot_xstrdup(said);
	} else if (job && said && *said) {
		*job = job_id(said);
	}
	free(said);
	return rc;
}

void
dot_printer_list_release(struct dot_printer_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->def);
	memset(l, 0, sizeof(*l));
}

int
dot_report_printers(struct dot_printer_list *out, char **cause)
{
	static const char *const list[] = {"lpstat", "-e", NULL};
	static const char *const dflt[] = {"lpstat", "-d", NULL};
	char *said = NULL, *line, *save = NULL, *p;
	size_t cap = 0;
	int st;

	memset(out, 0, sizeof(*out));
	st = run_tool(list, LIST_TIMEOUT_MS, &said);
	if (st == 127 || st < 0) {
		free(said);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot list the printers: the CUPS command "
				  "'lpstat' is not installed (package "
				  "cups-client)"));
	}
	/* no scheduler: lpstat -e says nothing; a list is one name a line */
	for (line = strtok_r(said, "\n", &save); st == 0 && line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!*line || strchr(line, ' '))
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->v = dot_xrealloc(out->v, cap * sizeof(*out->v));
		}
		out->v[out->n++] = dot_xstrdup(line);
	}
	free(said);
	said = NULL;
	if (st == 0 && run_tool(dflt, LIST_TIMEOUT_MS, &said) == 0 && said &&
	    (p = strstr(said, "system default destination: ")) != NULL) {
		p += strlen("system default destination: ");
		p[strcspn(p, " \n")] = '\0';
		if (*p)
			out->def = dot_xstrdup(p);
	}
	free(said);
	return 0;
}
