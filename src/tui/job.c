/*
 * Slow work off the station's loop (tmux's jobs): one function run on a
 * thread, which reports back through a pipe that the loop polls. The
 * function must not touch the station's state nor its database
 * connection: it gets its own copy of what it needs and leaves its
 * outcome there for the loop to read once the pipe is readable.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dotation/i18n.h"
#include "tui_int.h"

struct tui_job {
	pthread_t thread;
	int fd[2];
	void (*fn)(void *arg);
	void *arg;
};

static void *
run(void *data)
{
	struct tui_job *j = data;
	char one = 1;
	ssize_t w;

	j->fn(j->arg);
	do
		w = write(j->fd[1], &one, 1);
	while (w < 0 && errno == EINTR);
	return NULL;
}

struct tui_job *
tui_job_start(void (*fn)(void *arg), void *arg, char **cause)
{
	struct tui_job *j = dot_xcalloc(1, sizeof(*j));
	int err;

	j->fn = fn;
	j->arg = arg;
	if (pipe2(j->fd, O_CLOEXEC | O_NONBLOCK) != 0) {
		dot_fail(cause, DOT_ERUNTIME, _("cannot start the work: %s"),
			 strerror(errno));
		free(j);
		return NULL;
	}
	err = pthread_create(&j->thread, NULL, run, j);
	if (err != 0) {
		dot_fail(cause, DOT_ERUNTIME, _("cannot start the work: %s"),
			 strerror(err));
		close(j->fd[0]);
		close(j->fd[1]);
		free(j);
		return NULL;
	}
	return j;
}

int
tui_job_fd(const struct tui_job *j)
{
	return j->fd[0];
}

void
tui_job_finish(struct tui_job *j)
{
	if (!j)
		return;
	pthread_join(j->thread, NULL);
	close(j->fd[0]);
	close(j->fd[1]);
	free(j);
}
