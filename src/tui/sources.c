/*
 * The station's other inputs: grabbed scanners (the scan module's device
 * set), the background sync worker and the WAL checkpointer. When no
 * scanner can be grabbed, scans come as bursts typed into the terminal;
 * without an upstream the header shows the journal's pending count.
 *
 * Everything here only adds descriptors and timeouts to the one poll()
 * loop of loop.c: nothing blocks on a device or on the network.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dotation/i18n.h"
#include "dotation/scan.h"
#include "tui_int.h"

/* ---- scanners ------------------------------------------------------------- */

static void
on_scan(const struct dot_scan_result *res, void *data)
{
	struct station *s = data;

	tui_scan(s, res->serial, res->raw, res->reason, tui_now_us());
}

static void
scanner_state(struct station *s)
{
	struct dot_scan_set *set = s->scanset;
	size_t n = set ? dot_scan_set_count(set) : 0;

	if (n == 0) {
		snprintf(s->scanner_state, sizeof(s->scanner_state), "%s",
			 _("keyboard"));
		return;
	}
	snprintf(s->scanner_state, sizeof(s->scanner_state), "%s%s (%s %s)",
		 dot_scan_set_name(set, 0),
		 dot_scan_set_grabbed(set, 0) ? _(", grabbed") : "",
		 _("layout"), s->layout_opt);
}

static void
on_device(const char *path, const char *name, bool present, void *data)
{
	struct station *s = data;

	tui_info(s,
		 present ? _("scanner plugged in: %s")
			 : _("scanner "
			     "unplugged: %s"),
		 name && *name ? name : path);
	s->scanner_changed = true;
}

void
tui_sources_start(struct station *s)
{
	char *why = NULL;

	/* a scan's commit must never also copy the WAL back (store.h) */
	if (dot_store_checkpointer_start(s->st, &s->ckpt, &why) != 0) {
		s->ckpt = NULL; /* then SQLite checkpoints inline, as before */
		tui_info(s, "%s", why ? why : "");
	}
	free(why);
	snprintf(s->scanner_state, sizeof(s->scanner_state), "%s",
		 strcmp(s->scanner_opt, "none") == 0
			 ? _("keyboard (scanners not read)")
			 : _("keyboard"));
	if (strcmp(s->scanner_opt, "none") != 0) {
		struct dot_scan_set_opts o;
		char *cause = NULL;

		memset(&o, 0, sizeof(o));
		o.input_dir = getenv("DOTATION_INPUT_DIR");
		o.device = s->scanner_opt;
		o.scan.layout = s->layout_opt;
		o.cb = on_scan;
		o.data = s;
		o.on_device = on_device;
		s->scanset = dot_scan_set_new(&o, &cause);
		if (!s->scanset) {
			/* the terminal still works: say why, go on */
			snprintf(s->scanner_state, sizeof(s->scanner_state),
				 "%s", _("keyboard (scanners unavailable)"));
			tui_info(s, "%s", cause ? cause : "");
			free(cause);
		} else {
			scanner_state(s);
		}
	}
	{
		char *up = NULL, *cause = NULL;

		/* only when an upstream is configured: offline is normal */
		if (dot_store_setting_get(s->st, DOT_SETTING_SYNC_UPSTREAM, &up,
					  &cause) != 0) {
			tui_info(s, "%s", cause ? cause : "");
		} else if (up && *up &&
			   dot_sync_worker_start(dot_store_path(s->st), NULL,
						 &s->sync, &cause) != 0) {
			tui_info(s, "%s", cause ? cause : "");
			s->sync = NULL;
		}
		free(cause);
		free(up);
	}
}

void
tui_sources_stop(struct station *s)
{
	dot_scan_set_free(s->scanset);
	dot_sync_worker_stop(s->sync);
	s->scanset = NULL;
	s->sync = NULL;
	dot_checkpointer_stop(s->ckpt);
	s->ckpt = NULL;
}

size_t
tui_sources_pollfds(struct station *s, struct pollfd *fds, size_t max)
{
	size_t n = 0;

	if (s->sync && n < max) {
		fds[n].fd = dot_sync_worker_fd(s->sync);
		fds[n].events = POLLIN;
		fds[n].revents = 0;
		n++;
	}
	if (s->scanset && n < max) {
		size_t k = dot_scan_set_pollfds(s->scanset, fds + n, max - n);

		n += k < max - n ? k : max - n;
	}
	return n;
}

int
tui_sources_timeout_ms(struct station *s)
{
	if (s->scanset)
		return dot_scan_set_next_timeout_ms(s->scanset);
	return -1;
}

void
tui_sources_dispatch(struct station *s, const struct pollfd *fds, size_t n)
{
	size_t i = 0;

	if (s->sync) {
		struct dot_sync_status st;
		bool failed;

		if (i < n && fds[i].revents)
			s->dirty = true;
		i++;
		dot_sync_worker_status(s->sync, &st);
		/*
		 * The header says a few words while it fails, retries
		 * included (a run that works only flickers: not shown);
		 * F8 gives the whole reason.
		 */
		failed = st.state != DOT_SYNC_IDLE &&
			 st.last_outcome != DOT_SYNC_OK;
		snprintf(s->sync_state, sizeof(s->sync_state), "%s",
			 failed ? dot_sync_outcome_name(st.last_outcome) : "");
		snprintf(s->sync_error, sizeof(s->sync_error), "%s",
			 failed ? st.last_error : "");
		s->status.pending = st.pending;
		s->status.conflicts = st.conflicts;
		if (st.last_success[0])
			snprintf(s->status.last_sync,
				 sizeof(s->status.last_sync), "%s",
				 st.last_success);
	}
	if (s->scanset) {
		/* the device set reads what is ready and fires its timers */
		dot_scan_set_dispatch(s->scanset);
		if (s->scanner_changed) {
			s->scanner_changed = false;
			scanner_state(s);
			s->dirty = true;
		}
	}
}

void
tui_sources_kick_sync(struct station *s)
{
	if (s->sync)
		dot_sync_worker_kick(s->sync);
}
