/*
 * The HTTP layer: one libcurl easy handle per run (its connection is
 * kept alive between batches) and the retry policy of protocol v1.
 *
 * Security is not configurable downwards: only https:// URLs, peer and
 * host verification always on, TLS 1.2 at least, no redirects followed
 * (the bearer token must never be sent to another host). An extra CA
 * file may be added for a Region that runs its own CA. Proxies come from
 * the environment (https_proxy, no_proxy), which libcurl reads itself,
 * with any authentication scheme the proxy offers (credentials in the
 * proxy URL).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "dotation/core.h"
#include "dotation/i18n.h"
#include "sync_int.h"

struct sync_http {
	const struct dot_sync_config *cfg;
	struct sync_cancel cancel;
	CURL *curl;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	char *buf;
	size_t len, cap;
	bool too_big;
	long retry_after_ms;
};

static size_t
on_write(char *p, size_t size, size_t nmemb, void *data)
{
	struct sync_http *h = data;
	size_t n = size * nmemb;

	if (h->len + n > h->cfg->max_answer) {
		/* Returning short makes curl fail with CURLE_WRITE_ERROR. */
		h->too_big = true;
		return 0;
	}
	if (h->len + n + 1 > h->cap) {
		h->cap = (h->len + n + 1) * 2;
		if (h->cap > h->cfg->max_answer + 1)
			h->cap = h->cfg->max_answer + 1;
		h->buf = dot_xrealloc(h->buf, h->cap);
	}
	memcpy(h->buf + h->len, p, n);
	h->len += n;
	h->buf[h->len] = '\0';
	return n;
}

static int
on_progress(void *data, curl_off_t dltotal, curl_off_t dlnow,
	    curl_off_t ultotal, curl_off_t ulnow)
{
	struct sync_http *h = data;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return h->cancel.stop && atomic_load(h->cancel.stop) ? 1 : 0;
}

static uint64_t
seed(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != sizeof(s))
		s = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	return s ? s : 0x9e3779b97f4a7c15ULL;
}

long
sync_backoff_ms(long base, long cap, int attempt)
{
	static _Thread_local uint64_t st;
	long ceiling = base;
	uint64_t r;

	while (attempt-- > 0 && ceiling < cap)
		ceiling *= 2;
	if (ceiling > cap)
		ceiling = cap;
	if (ceiling <= 0)
		return 0;
	if (!st)
		st = seed();
	st ^= st >> 12;
	st ^= st << 25;
	st ^= st >> 27;
	r = st * 2685821657736338717ULL;
	/* Full jitter (AWS architecture blog): uniform in [0, ceiling]. */
	return (long)(r % (uint64_t)(ceiling + 1));
}

bool
sync_sleep(const struct sync_cancel *c, long ms)
{
	struct timespec start, now;
	long left = ms;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (left > 0) {
		struct pollfd pfd = {.fd = c ? c->wake_fd : -1,
				     .events = POLLIN};
		int r;

		if (c && c->stop && atomic_load(c->stop))
			return false;
		r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
		if (c && c->stop && atomic_load(c->stop))
			return false;
		if (r > 0 && (pfd.revents & POLLIN)) {
			uint64_t v;

			/* A kick: the operator asked for a sync now. */
			if (read(pfd.fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
				return true;
			return true;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - ((now.tv_sec - start.tv_sec) * 1000 +
			     (now.tv_nsec - start.tv_nsec) / 1000000);
	}
	return !(c && c->stop && atomic_load(c->stop));
}

int
sync_http_open(const struct dot_sync_config *cfg,
	       const struct sync_cancel *cancel, struct sync_http **out,
	       char **cause)
{
	struct sync_http *h;
	char *token = NULL, *auth;
	int rc;

	*out = NULL;
	rc = dot_sync_upstream_check(cfg->upstream, cause);
	if (rc)
		return rc;
	rc = dot_sync_read_token(cfg->token_file, &token, cause);
	if (rc)
		return rc;
	h = dot_xcalloc(1, sizeof(*h));
	h->cfg = cfg;
	if (cancel)
		h->cancel = *cancel;
	else
		h->cancel.wake_fd = -1;
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(token);
		free(h);
		return dot_fail(cause, DOT_ERUNTIME,
				_("cannot start the HTTP client"));
	}
	auth = dot_xasprintf("Authorization: Bearer %s", token);
	h->headers = curl_slist_append(NULL, auth);
	memset(auth, 0, strlen(auth));
	memset(token, 0, strlen(token));
	free(auth);
	free(token);
	h->headers = curl_slist_append(h->headers, "Accept: application/json");
	/* No "Expect: 100-continue": it costs a round trip per batch. */
	h->headers = curl_slist_append(h->headers, "Expect:");

	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h->curl, CURLOPT_SSLVERSION,
			 (long)CURL_SSLVERSION_TLSv1_2);
	if (cfg->cacert) {
		/* CAINFO replaces the default bundle; the system's CA
		 * directory stays trusted through CAPATH. */
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, cfg->cacert);
		if (access("/etc/ssl/certs", R_OK) == 0)
			curl_easy_setopt(h->curl, CURLOPT_CAPATH,
					 "/etc/ssl/certs");
	}
	curl_easy_setopt(h->curl, CURLOPT_PROXYAUTH, (long)CURLAUTH_ANY);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS,
			 cfg->connect_timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, cfg->total_timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_LIMIT,
			 cfg->low_speed_bytes);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_TIME,
			 cfg->low_speed_seconds);
	curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)cfg->max_answer);
	curl_easy_setopt(h->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "dotation/" DOT_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	*out = h;
	return 0;
}

void
sync_http_free(struct sync_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	free(h->buf);
	free(h);
}

long
sync_http_retry_after(const struct sync_http *h)
{
	return h->retry_after_ms;
}

/* A short, printable excerpt of an answer for a message. */
static char *
excerpt(const char *body, size_t len)
{
	size_t n = len > 160 ? 160 : len, i;
	char *s = dot_xstrndup(body ? body : "", n);

	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20)
			s[i] = ' ';
	return s;
}

static bool
tls_error(CURLcode res)
{
	switch (res) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return true;
	default:
		return false;
	}
}

enum dot_sync_outcome
sync_http_request(struct sync_http *h, const char *path, const char *body,
		  size_t len, sync_check_fn check, void *arg,
		  struct dot_sync_report *rep, char **cause)
{
	const struct dot_sync_config *cfg = h->cfg;
	char *url = dot_xasprintf("%s%s", cfg->upstream, path);
	enum dot_sync_outcome oc = DOT_SYNC_UNREACHABLE;
	int attempt;

	h->retry_after_ms = 0;
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	if (body) {
		curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)len);
	} else {
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	}
	for (attempt = 0;; attempt++) {
		long status = 0, connect_code = 0, wait = -1;
		bool retry = true;
		CURLcode res;
		char *why = NULL;

		if (h->cancel.stop && atomic_load(h->cancel.stop)) {
			oc = DOT_SYNC_CANCELLED;
			dot_fail(cause, DOT_ERUNTIME, _("sync stopped"));
			break;
		}
		h->len = 0;
		h->too_big = false;
		h->errbuf[0] = '\0';
		if (rep)
			rep->requests++;
		res = curl_easy_perform(h->curl);
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(h->curl, CURLINFO_HTTP_CONNECTCODE,
				  &connect_code);
		if (cause) {
			free(*cause);
			*cause = NULL;
		}
		if (res == CURLE_ABORTED_BY_CALLBACK) {
			oc = DOT_SYNC_CANCELLED;
			dot_fail(cause, DOT_ERUNTIME, _("sync stopped"));
			break;
		} else if (h->too_big || res == CURLE_FILESIZE_EXCEEDED) {
			oc = DOT_SYNC_BAD_ANSWER;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream '%s' answered more than %zu "
				   "bytes: answer refused, nothing recorded"),
				 url, cfg->max_answer);
		} else if (res != CURLE_OK &&
			   (connect_code == 407 || connect_code == 401)) {
			/* tinyproxy answers a bad password with 401. */
			oc = DOT_SYNC_AUTH;
			retry = false;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the proxy refused our credentials (407): "
				   "put user:password in the https_proxy "
				   "variable, e.g. "
				   "http://user:password@proxy:3128"));
		} else if (tls_error(res)) {
			oc = DOT_SYNC_UNREACHABLE;
			retry = false;
			dot_fail(cause, DOT_ERUNTIME,
				 dot_i18n_station()
					 ? _("cannot establish a trusted TLS "
					     "connection to '%s': %s: if the "
					     "Region uses its own certificate "
					     "authority, whoever set up the "
					     "station gives it its file")
					 : _("cannot establish a trusted TLS "
					     "connection to '%s': %s: if the "
					     "Region uses its own certificate "
					     "authority, give its file with "
					     "--cacert"),
				 url,
				 h->errbuf[0] ? h->errbuf
					      : curl_easy_strerror(res));
		} else if (res == CURLE_UNSUPPORTED_PROTOCOL ||
			   res == CURLE_URL_MALFORMAT) {
			oc = DOT_SYNC_CONFIG;
			retry = false;
			dot_fail(cause, DOT_EUSAGE,
				 _("the upstream URL '%s' is not usable: %s"),
				 url, curl_easy_strerror(res));
		} else if (res != CURLE_OK) {
			oc = DOT_SYNC_UNREACHABLE;
			dot_fail(cause, DOT_ERUNTIME,
				 _("cannot reach the upstream '%s': %s"), url,
				 h->errbuf[0] ? h->errbuf
					      : curl_easy_strerror(res));
		} else if (status == 200) {
			if (!check || check(h->buf ? h->buf : "", h->len, arg,
					    &why) == 0) {
				oc = DOT_SYNC_OK;
				break;
			}
			oc = DOT_SYNC_BAD_ANSWER;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream '%s' sent an answer we cannot "
				   "use (%s): nothing recorded"),
				 url, why ? why : "?");
			free(why);
		} else if (status == 401 || status == 403) {
			oc = DOT_SYNC_AUTH;
			retry = false;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream refused the token (HTTP %ld): "
				   "check the token file '%s' or ask the "
				   "Region for a new token"),
				 status, cfg->token_file);
		} else if (status == 429 || status == 503) {
			curl_off_t ra = 0;

			oc = DOT_SYNC_UNREACHABLE;
			curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &ra);
			if (ra > 0) {
				wait = (long)ra * 1000;
				if (wait > cfg->retry_after_max_ms)
					wait = cfg->retry_after_max_ms;
				h->retry_after_ms = wait;
			}
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream '%s' is busy (HTTP %ld): "
				   "sync will try again later"),
				 url, status);
		} else if (status >= 500 || status == 408) {
			oc = DOT_SYNC_UNREACHABLE;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream '%s' failed (HTTP %ld): sync "
				   "will try again later"),
				 url, status);
		} else {
			char *ex = excerpt(h->buf, h->len);

			oc = DOT_SYNC_REFUSED;
			retry = false;
			dot_fail(cause, DOT_ERUNTIME,
				 _("the upstream '%s' refused the request "
				   "(HTTP %ld: %s): tell the Region's support"),
				 url, status, ex);
			free(ex);
		}
		if (!retry || attempt + 1 >= cfg->max_attempts)
			break;
		if (wait < 0)
			wait = sync_backoff_ms(cfg->backoff_base_ms,
					       cfg->backoff_max_ms, attempt);
		if (rep)
			rep->retries++;
		if (!sync_sleep(&h->cancel, wait)) {
			oc = DOT_SYNC_CANCELLED;
			if (cause) {
				free(*cause);
				*cause = NULL;
			}
			dot_fail(cause, DOT_ERUNTIME, _("sync stopped"));
			break;
		}
	}
	free(url);
	return oc;
}
