/*
 * Sync configuration: defaults, environment overrides (for tests and
 * unusual networks), the settings saved in the database, and the token
 * file, which must be private because whoever holds the token can write
 * into the Region's register of devices handed to minors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "dotation/store.h"
#include "dotation/sync.h"

#define TOKEN_MAX 4096

static long
env_long(const char *name, long def, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long x;

	if (!v || !*v)
		return def;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || *end || x < min || x > max)
		return def;
	return x;
}

void
dot_sync_config_init(struct dot_sync_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->connect_timeout_ms = env_long("DOTATION_SYNC_CONNECT_TIMEOUT_MS",
					   10000, 100, 600000);
	cfg->total_timeout_ms =
		env_long("DOTATION_SYNC_TIMEOUT_MS", 60000, 100, 3600000);
	cfg->low_speed_bytes = 100;
	cfg->low_speed_seconds = 20;
	cfg->max_answer = (size_t)env_long("DOTATION_SYNC_MAX_ANSWER",
					   16L << 20, 1024, 1L << 30);
	cfg->backoff_base_ms =
		env_long("DOTATION_SYNC_BACKOFF_MS", 500, 0, 600000);
	cfg->backoff_max_ms =
		env_long("DOTATION_SYNC_BACKOFF_MAX_MS", 60000, 0, 3600000);
	cfg->retry_after_max_ms = 300000;
	cfg->max_attempts = (int)env_long("DOTATION_SYNC_ATTEMPTS", 6, 1, 1000);
	cfg->batch = (int)env_long("DOTATION_SYNC_BATCH", 500, 1, 500);
	cfg->interval_ms =
		env_long("DOTATION_SYNC_INTERVAL_MS", 30000, 10, 86400000);
}

void
dot_sync_config_release(struct dot_sync_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->upstream);
	free(cfg->token_file);
	free(cfg->cacert);
	cfg->upstream = cfg->token_file = cfg->cacert = NULL;
}

static char *
dup_or_null(const char *s)
{
	return s ? dot_xstrdup(s) : NULL;
}

void
dot_sync_config_copy(struct dot_sync_config *dst,
		     const struct dot_sync_config *src)
{
	*dst = *src;
	dst->upstream = dup_or_null(src->upstream);
	dst->token_file = dup_or_null(src->token_file);
	dst->cacert = dup_or_null(src->cacert);
}

int
dot_sync_config_load(struct dot_store *st, struct dot_sync_config *cfg,
		     char **cause)
{
	size_t n;

	/* an unreadable setting is a failure, not "no upstream configured" */
	if (!cfg->upstream &&
	    dot_store_setting_get(st, DOT_SETTING_SYNC_UPSTREAM, &cfg->upstream,
				  cause))
		return DOT_ERUNTIME;
	if (!cfg->token_file &&
	    dot_store_setting_get(st, DOT_SETTING_SYNC_TOKEN_FILE,
				  &cfg->token_file, cause))
		return DOT_ERUNTIME;
	if (!cfg->cacert && dot_store_setting_get(st, DOT_SETTING_SYNC_CACERT,
						  &cfg->cacert, cause))
		return DOT_ERUNTIME;
	if (cfg->cacert && !*cfg->cacert) {
		free(cfg->cacert);
		cfg->cacert = NULL;
	}
	if (!cfg->upstream || !*cfg->upstream)
		return dot_fail(
			cause, DOT_EUSAGE, "%s",
			dot_i18n_station()
				? _("no upstream configured: whoever set up "
				    "the station gives it once")
				: _("no upstream configured: give it once with "
				    "'dotation sync --upstream URL "
				    "--token-file "
				    "FILE'"));
	if (!cfg->token_file || !*cfg->token_file)
		return dot_fail(
			cause, DOT_EUSAGE, "%s",
			dot_i18n_station()
				? _("no token file configured: whoever set up "
				    "the station gives it once")
				: _("no token file configured: give it once "
				    "with 'dotation sync --token-file FILE'"));
	n = strlen(cfg->upstream);
	while (n > 0 && cfg->upstream[n - 1] == '/')
		cfg->upstream[--n] = '\0';
	return 0;
}

int
dot_sync_upstream_check(const char *url, char **cause)
{
	if (!url || strncasecmp(url, "https://", 8) != 0 || !url[8] ||
	    url[8] == '/')
		return dot_fail(cause, DOT_EUSAGE,
				_("the upstream '%s' is not an https:// URL: "
				  "the token and the students' data travel "
				  "only over TLS"),
				url ? url : "");
	return 0;
}

/* The CA file: a readable regular file (curl would say less, later). */
static int
cacert_check(const char *path, char **cause)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return dot_fail(cause, DOT_ERULE,
				_("cannot read the CA file '%s': %s"), path,
				strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return dot_fail(cause, DOT_ERULE,
				_("the CA file '%s' is not a regular file"),
				path);
	}
	close(fd);
	return 0;
}

int
dot_sync_config_check(const struct dot_sync_config *cfg, char **cause)
{
	char *token = NULL;
	int rc;

	if (cfg->upstream &&
	    (rc = dot_sync_upstream_check(cfg->upstream, cause)) != 0)
		return rc;
	if (cfg->token_file) {
		rc = dot_sync_read_token(cfg->token_file, &token, cause);
		if (token)
			memset(token, 0, strlen(token));
		free(token);
		if (rc)
			return rc;
	}
	if (cfg->cacert && (rc = cacert_check(cfg->cacert, cause)) != 0)
		return rc;
	return 0;
}

/* path made absolute (the worker and later runs start elsewhere). */
static char *
absolute(const char *path)
{
	char *r = realpath(path, NULL), *cwd;

	if (r)
		return r;
	if (path[0] == '/' || !(cwd = getcwd(NULL, 0)))
		return dot_xstrdup(path);
	r = dot_xasprintf("%s/%s", cwd, path);
	free(cwd);
	return r;
}

static int
save_path(struct dot_store *st, enum dot_setting key, const char *path,
	  char **cause)
{
	char *abs = absolute(path);
	int rc = dot_store_setting_set(st, key, abs, cause);

	free(abs);
	return rc ? DOT_ERUNTIME : 0;
}

int
dot_sync_config_save(struct dot_store *st, const struct dot_sync_config *cfg,
		     char **cause)
{
	int rc = dot_sync_config_check(cfg, cause);

	if (rc)
		return rc;
	if (cfg->upstream &&
	    dot_store_setting_set(st, DOT_SETTING_SYNC_UPSTREAM, cfg->upstream,
				  cause))
		return DOT_ERUNTIME;
	if (cfg->token_file &&
	    save_path(st, DOT_SETTING_SYNC_TOKEN_FILE, cfg->token_file, cause))
		return DOT_ERUNTIME;
	if (cfg->cacert &&
	    save_path(st, DOT_SETTING_SYNC_CACERT, cfg->cacert, cause))
		return DOT_ERUNTIME;
	return 0;
}

int
dot_sync_read_token(const char *path, char **token, char **cause)
{
	char buf[TOKEN_MAX + 2];
	struct stat sb;
	ssize_t n;
	size_t len = 0, i;
	int fd, rc = 0;

	*token = NULL;
	/*
	 * O_NONBLOCK: a FIFO put in its place must not hang the sync (and
	 * the station's worker) forever; O_NOFOLLOW: the file itself, not
	 * wherever a link points. fstat before any read.
	 */
	fd = open(path,
		  O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ELOOP)
		return dot_fail(
			cause, DOT_ERULE,
			_("the token file '%s' is a symbolic link: give "
			  "the path of the file itself"),
			path);
	if (fd < 0)
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot open the token file '%s': %s"), path,
				strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("the token file '%s' is not a regular file: "
				"give the file the Region sent"),
			      path);
		goto out;
	}
	if (sb.st_mode & 077) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("the token file '%s' can be read by other "
				"users (mode %04o): run 'chmod 600 %s' and "
				"try again"),
			      path, (unsigned)(sb.st_mode & 07777), path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("the token file '%s' belongs to another user: "
				"copy it, then run 'chmod 600' on the copy"),
			      path);
		goto out;
	}
	/* one byte more than the limit tells a cut token from a whole one */
	while (len < TOKEN_MAX + 1 &&
	       (n = read(fd, buf + len, TOKEN_MAX + 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = dot_fail(cause, DOT_ERUNTIME,
				      _("cannot read the token file '%s': %s"),
				      path, strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	dot_trim(buf);
	if (strlen(buf) > TOKEN_MAX) {
		rc = dot_fail(cause, DOT_ERULE,
			      _("the token file '%s' is longer than %d "
				"characters: it is not a token; ask the Region "
				"for the token file"),
			      path, TOKEN_MAX);
		goto out;
	}
	if (!*buf) {
		rc = dot_fail(cause, DOT_ERUNTIME,
			      _("the token file '%s' holds no token (one line "
				"expected): ask the Region for the token"),
			      path);
		goto out;
	}
	/* it goes into an HTTP header: visible ASCII only, one line */
	for (i = 0; buf[i]; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c <= 0x20 || c >= 0x7f) {
			rc = dot_fail(cause, DOT_ERULE,
				      _("the token file '%s' holds a control "
					"character, a space or a non-ASCII "
					"byte (at byte %zu): a token is one "
					"line of visible characters; ask the "
					"Region for the token file"),
				      path, i + 1);
			goto out;
		}
	}
	*token = dot_xstrdup(buf);
out:
	/* The token must not linger in freed stack memory. */
	memset(buf, 0, sizeof(buf));
	close(fd);
	return rc;
}
