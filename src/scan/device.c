/*
 * The device set: the scanners a station reads, for its poll() loop.
 * Devices are evdev nodes opened read-only and non-blocking through
 * libevdev and grabbed (EVIOCGRAB) so that a scan typed into another
 * window never lands there. inotify on the input directory is set before
 * the first enumeration, so a scanner plugged in at any moment is seen;
 * one unplugged is dropped with its partial scan and picked up again when
 * it comes back. Reading follows libinput's evdev_device_dispatch: drain
 * until -EAGAIN, resync on SYN_DROPPED, drop on -ENODEV.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "dotation/i18n.h"
#include "dotation/scan.h"
#include "scan-private.h"

#define INPUT_DIR "/dev/input"
#define GRAB_RETRY_US 50000     /* keys held: try the grab again */
#define PENDING_RETRY_US 250000 /* a new node not openable yet */
#define PENDING_WINDOW_US 5000000

struct dev {
	struct dot_scan_set *set;
	char *path;
	char *name;
	int fd;
	struct libevdev *evdev;
	struct dot_scan_decoder *dec;
	bool grabbed;
	bool grab_wanted;
	bool kernel_clock; /* event times are CLOCK_MONOTONIC */
};

struct pending {
	char *path;
	uint64_t until_us; /* retry by timer until then, then on ATTRIB */
};

struct dot_scan_set {
	struct dot_scan_set_opts o;
	char *dir;
	char *device;
	struct dot_scan_quirks *quirks;
	int ifd;
	struct dev **devs;
	size_t ndev;
	struct pending *pend;
	size_t npend;
	uint64_t next_retry_us;
	int delivered;
};

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ull + (uint64_t)ts.tv_nsec / 1000;
}

static bool
is_event_node(const char *name)
{
	const char *p;

	if (strncmp(name, "event", 5) != 0 || !name[5])
		return false;
	for (p = name + 5; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* ---- which devices ---------------------------------------------------- */

static bool
parse_usb_id(const char *s, unsigned *vendor, unsigned *product)
{
	char *end;
	unsigned long v, p;

	if (strlen(s) != 9 || s[4] != ':')
		return false;
	v = strtoul(s, &end, 16);
	if (end != s + 4)
		return false;
	p = strtoul(s + 5, &end, 16);
	if (*end != '\0')
		return false;
	*vendor = (unsigned)v;
	*product = (unsigned)p;
	return true;
}

static bool
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return true;
	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* Whether the station's choice (opts.device) takes this device. */
static bool
selected(const struct dot_scan_set *s, const char *path, const char *name,
	 unsigned vendor, unsigned product, bool scanner)
{
	const char *sel = s->device;
	unsigned v, p;

	if (!sel || strcmp(sel, "auto") == 0)
		return scanner;
	if (strcmp(sel, "none") == 0)
		return false;
	if (sel[0] == '/')
		return same_file(sel, path);
	if (parse_usb_id(sel, &v, &p))
		return v == vendor && p == product;
	return name && strcasecmp(sel, name) == 0;
}

static bool
explicit_choice(const struct dot_scan_set *s)
{
	return s->device && strcmp(s->device, "auto") != 0;
}

/* ---- open, grab, drop ------------------------------------------------- */

static void
on_result(const struct dot_scan_result *res, void *data)
{
	struct dev *d = data;
	struct dot_scan_result r = *res;

	r.device = d->path;
	d->set->delivered++;
	if (d->set->o.cb)
		d->set->o.cb(&r, d->set->o.data);
}

static bool
any_key_down(struct libevdev *ev)
{
	unsigned code;

	for (code = 0; code <= KEY_MAX; code++)
		if (libevdev_has_event_code(ev, EV_KEY, code) &&
		    libevdev_get_event_value(ev, EV_KEY, code))
			return true;
	return false;
}

/*
 * Grab only when no key is held: grabbing in the middle of a key press
 * leaves the other reader (the desktop, the console) with a key that
 * never comes up, and it repeats.
 */
static int
try_grab(struct dev *d)
{
	int rc;

	if (d->set->o.no_grab || d->grabbed)
		return 0;
	if (any_key_down(d->evdev)) {
		d->grab_wanted = true;
		return 0;
	}
	rc = libevdev_grab(d->evdev, LIBEVDEV_GRAB);
	if (rc == 0) {
		d->grabbed = true;
		d->grab_wanted = false;
		return 0;
	}
	d->grab_wanted = false;
	return rc;
}

static void
dev_free(struct dev *d)
{
	if (!d)
		return;
	dot_scan_decoder_free(d->dec);
	libevdev_free(d->evdev);
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	free(d->name);
	free(d);
}

static struct dev *
find_dev(const struct dot_scan_set *s, const char *path, size_t *idx)
{
	size_t i;

	for (i = 0; i < s->ndev; i++) {
		if (strcmp(s->devs[i]->path, path) == 0) {
			if (idx)
				*idx = i;
			return s->devs[i];
		}
	}
	return NULL;
}

static void
dev_remove(struct dot_scan_set *s, size_t i, bool gone)
{
	struct dev *d = s->devs[i];

	dot_scan_decoder_unplug(d->dec, now_us());
	if (d->grabbed && !gone)
		libevdev_grab(d->evdev, LIBEVDEV_UNGRAB);
	memmove(&s->devs[i], &s->devs[i + 1],
		(s->ndev - i - 1) * sizeof(s->devs[0]));
	s->ndev--;
	if (s->o.on_device)
		s->o.on_device(d->path, d->name, false, s->o.data);
	dev_free(d);
}

static void
pending_remove(struct dot_scan_set *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->npend; i++) {
		if (strcmp(s->pend[i].path, path) == 0) {
			free(s->pend[i].path);
			s->pend[i] = s->pend[--s->npend];
			return;
		}
	}
}

static void
pending_add(struct dot_scan_set *s, const char *path, uint64_t now)
{
	size_t i;

	for (i = 0; i < s->npend; i++)
		if (strcmp(s->pend[i].path, path) == 0)
			return;
	s->pend = dot_xrealloc(s->pend, (s->npend + 1) * sizeof(*s->pend));
	s->pend[s->npend].path = dot_xstrdup(path);
	s->pend[s->npend].until_us = now + PENDING_WINDOW_US;
	s->npend++;
	if (!s->next_retry_us || s->next_retry_us > now + PENDING_RETRY_US)
		s->next_retry_us = now + PENDING_RETRY_US;
}

/*
 * Open path if the station's choice takes it. A node that exists but
 * cannot be opened yet (udev sets permissions after creating it) is kept
 * pending and retried.
 */
static void
try_open(struct dot_scan_set *s, const char *path)
{
	struct dot_scan_opts so = s->o.scan;
	struct libevdev *ev = NULL;
	struct dev *d;
	const char *why;
	bool scanner;
	int fd, rc;

	if (find_dev(s, path, NULL))
		return;
	if (s->o.max_devices > 0 && s->ndev >= (size_t)s->o.max_devices)
		return;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM || errno == ENXIO ||
		    errno == ENODEV)
			pending_add(s, path, now_us());
		return;
	}
	rc = libevdev_new_from_fd(fd, &ev);
	if (rc < 0 || !libevdev_has_event_type(ev, EV_KEY)) {
		libevdev_free(ev);
		close(fd);
		if (rc == -ENODEV || rc == -EIO)
			pending_add(s, path, now_us());
		return;
	}
	pending_remove(s, path);
	scanner = dot_scan_quirks_match(s->quirks,
					(unsigned)libevdev_get_id_vendor(ev),
					(unsigned)libevdev_get_id_product(ev),
					libevdev_get_name(ev), &why);
	if (!selected(s, path, libevdev_get_name(ev),
		      (unsigned)libevdev_get_id_vendor(ev),
		      (unsigned)libevdev_get_id_product(ev), scanner)) {
		libevdev_free(ev);
		close(fd);
		return;
	}
	d = dot_xcalloc(1, sizeof(*d));
	d->set = s;
	d->fd = fd;
	d->evdev = ev;
	d->path = dot_xstrdup(path);
	d->name = dot_xstrdup(libevdev_get_name(ev) ? libevdev_get_name(ev)
						    : "?");
	/* kernel time stamps on our clock, or the time we read them */
	d->kernel_clock = libevdev_set_clock_id(ev, CLOCK_MONOTONIC) == 0;
	/* start from the lock states the keyboard LEDs show */
	if (libevdev_has_event_code(ev, EV_LED, LED_NUML))
		so.numlock_off =
			!libevdev_get_event_value(ev, EV_LED, LED_NUML);
	if (libevdev_has_event_code(ev, EV_LED, LED_CAPSL))
		so.capslock_on =
			libevdev_get_event_value(ev, EV_LED, LED_CAPSL);
	d->dec = dot_scan_decoder_new(&so, on_result, d, NULL);
	if (!d->dec) {
		dev_free(d);
		return;
	}
	rc = try_grab(d);
	if (rc == -EBUSY && !explicit_choice(s)) {
		/* another station holds this scanner: leave it to it */
		dev_free(d);
		return;
	}
	s->devs = dot_xrealloc(s->devs, (s->ndev + 1) * sizeof(*s->devs));
	s->devs[s->ndev++] = d;
	if (s->o.on_device)
		s->o.on_device(d->path, d->name, true, s->o.data);
}

static int
cmp_event_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return atoi(x + 5) - atoi(y + 5);
}

/* The event* names in dir, sorted by number; NULL when unreadable. */
static char **
list_nodes(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!dp)
		return NULL;
	while ((e = readdir(dp))) {
		if (!is_event_node(e->d_name))
			continue;
		v = dot_xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = dot_xstrdup(e->d_name);
	}
	closedir(dp);
	if (!v)
		v = dot_xcalloc(1, sizeof(*v));
	qsort(v, *n, sizeof(*v), cmp_event_names);
	return v;
}

static void
free_nodes(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void
enumerate(struct dot_scan_set *s)
{
	size_t i, n;
	char **v = list_nodes(s->dir, &n);

	for (i = 0; i < n; i++) {
		char *path = dot_xasprintf("%s/%s", s->dir, v[i]);

		try_open(s, path);
		free(path);
	}
	free_nodes(v, n);
}

struct dot_scan_set *
dot_scan_set_new(const struct dot_scan_set_opts *opts, char **cause)
{
	struct dot_scan_set *s = dot_xcalloc(1, sizeof(*s));
	struct dot_scan_decoder *probe;

	s->o = *opts;
	s->ifd = -1;
	s->dir = dot_xstrdup(opts->input_dir ? opts->input_dir : INPUT_DIR);
	s->device = opts->device ? dot_xstrdup(opts->device) : NULL;
	s->o.input_dir = s->dir;
	s->o.device = s->device;
	s->o.quirks = NULL;
	s->o.scan.layout = NULL;
	s->o.scan.rules = NULL;
	/* fail now on a bad layout, not at the first plug */
	probe = dot_scan_decoder_new(&opts->scan, NULL, NULL, cause);
	if (!probe)
		goto fail;
	dot_scan_decoder_free(probe);
	s->o.scan = opts->scan;
	s->quirks = dot_scan_quirks_load(opts->quirks);
	if (s->device && strcmp(s->device, "none") == 0)
		return s;

	s->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->ifd < 0 ||
	    inotify_add_watch(s->ifd, s->dir,
			      IN_CREATE | IN_ATTRIB | IN_DELETE | IN_MOVED_TO |
				      IN_MOVED_FROM | IN_ONLYDIR) < 0) {
		dot_fail(cause, DOT_ERUNTIME,
			 _("cannot watch '%s' for scanners: %s"), s->dir,
			 strerror(errno));
		goto fail;
	}
	enumerate(s);
	return s;
fail:
	dot_scan_set_free(s);
	return NULL;
}

void
dot_scan_set_free(struct dot_scan_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->ndev; i++) {
		if (s->devs[i]->grabbed)
			libevdev_grab(s->devs[i]->evdev, LIBEVDEV_UNGRAB);
		dev_free(s->devs[i]);
	}
	for (i = 0; i < s->npend; i++)
		free(s->pend[i].path);
	free(s->pend);
	free(s->devs);
	if (s->ifd >= 0)
		close(s->ifd);
	dot_scan_quirks_free(s->quirks);
	free(s->dir);
	free(s->device);
	free(s);
}

size_t
dot_scan_set_pollfds(const struct dot_scan_set *s, struct pollfd *fds,
		     size_t max)
{
	size_t n = 0, i;

	if (s->ifd >= 0) {
		if (n < max)
			fds[n] =
				(struct pollfd){.fd = s->ifd, .events = POLLIN};
		n++;
	}
	for (i = 0; i < s->ndev; i++, n++)
		if (n < max)
			fds[n] = (struct pollfd){.fd = s->devs[i]->fd,
						 .events = POLLIN};
	return n;
}

/* ---- reading ------------------------------------------------------------ */

/* After SYN_DROPPED: libevdev's state is the device's; so is ours now. */
static void
resync(struct dev *d, uint64_t now)
{
	uint16_t held[64];
	size_t n = 0;
	unsigned code;

	for (code = 0; code <= KEY_MAX && n < 64; code++)
		if (libevdev_has_event_code(d->evdev, EV_KEY, code) &&
		    libevdev_get_event_value(d->evdev, EV_KEY, code))
			held[n++] = (uint16_t)code;
	dot_scan_decoder_resync(
		d->dec, now, held, n,
		libevdev_get_event_value(d->evdev, EV_LED, LED_CAPSL) == 1,
		!libevdev_has_event_code(d->evdev, EV_LED, LED_NUML) ||
			libevdev_get_event_value(d->evdev, EV_LED, LED_NUML) ==
				1);
}

/* Drain one device; returns false when it is gone (removed). */
static bool
drain(struct dot_scan_set *s, size_t i)
{
	struct dev *d = s->devs[i];
	unsigned flag = LIBEVDEV_READ_FLAG_NORMAL;
	uint64_t now = now_us();

	for (;;) {
		struct input_event e;
		struct dot_scan_event se;
		int rc = libevdev_next_event(d->evdev, flag, &e);

		if (rc == LIBEVDEV_READ_STATUS_SYNC) {
			/* SYN_DROPPED (first) or a resync delta: the
			 * deltas are state, not keystrokes */
			flag = LIBEVDEV_READ_FLAG_SYNC;
			continue;
		}
		if (rc == -EAGAIN) {
			if (flag == LIBEVDEV_READ_FLAG_SYNC) {
				resync(d, now);
				flag = LIBEVDEV_READ_FLAG_NORMAL;
				continue;
			}
			break;
		}
		if (rc == -EINTR)
			continue;
		if (rc != LIBEVDEV_READ_STATUS_SUCCESS) {
			/* -ENODEV: unplugged, it comes back through
			 * inotify. Any other error (a short read leaves
			 * the stream misaligned) also drops the partial
			 * scan, but the node is still there: reopen it. */
			char *path = dot_xstrdup(d->path);

			dev_remove(s, i, rc == -ENODEV);
			if (rc != -ENODEV)
				pending_add(s, path, now);
			free(path);
			return false;
		}
		se.time_us =
			d->kernel_clock
				? (uint64_t)e.input_event_sec * 1000000ull +
					  (uint64_t)e.input_event_usec
				: now;
		se.type = e.type;
		se.code = e.code;
		se.value = e.value;
		dot_scan_decoder_feed(d->dec, &se);
	}
	if (d->grab_wanted)
		try_grab(d);
	return true;
}

static void
read_inotify(struct dot_scan_set *s)
{
	char buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t len;

	while ((len = read(s->ifd, buf, sizeof(buf))) > 0) {
		char *p;

		for (p = buf; p < buf + len;) {
			struct inotify_event *ie = (struct inotify_event *)p;
			size_t idx;

			p += sizeof(*ie) + ie->len;
			if (!ie->len || !is_event_node(ie->name))
				continue;
			char *path = dot_xasprintf("%s/%s", s->dir, ie->name);

			if (ie->mask & (IN_DELETE | IN_MOVED_FROM)) {
				pending_remove(s, path);
				if (find_dev(s, path, &idx))
					dev_remove(s, idx, true);
			} else {
				try_open(s, path);
			}
			free(path);
		}
	}
}

static void
retry_pending(struct dot_scan_set *s, uint64_t now)
{
	size_t i, n = s->npend;
	char **paths;
	bool more = false;

	if (!s->next_retry_us || now < s->next_retry_us)
		return;
	s->next_retry_us = 0;
	paths = dot_xcalloc(n + 1, sizeof(*paths));
	for (i = 0; i < n; i++)
		if (s->pend[i].until_us > now)
			paths[i] = dot_xstrdup(s->pend[i].path);
	for (i = 0; i < n; i++) {
		if (paths[i])
			try_open(s, paths[i]);
		free(paths[i]);
	}
	free(paths);
	for (i = 0; i < s->npend; i++)
		if (s->pend[i].until_us > now)
			more = true;
	if (more)
		s->next_retry_us = now + PENDING_RETRY_US;
}

int
dot_scan_set_dispatch(struct dot_scan_set *s)
{
	uint64_t now;
	size_t i;

	s->delivered = 0;
	if (s->ifd >= 0)
		read_inotify(s);
	for (i = 0; i < s->ndev;)
		if (drain(s, i))
			i++;
	now = now_us();
	for (i = 0; i < s->ndev; i++) {
		dot_scan_decoder_tick(s->devs[i]->dec, now);
		if (s->devs[i]->grab_wanted)
			try_grab(s->devs[i]);
	}
	retry_pending(s, now);
	return s->delivered;
}

int
dot_scan_set_next_timeout_ms(const struct dot_scan_set *s)
{
	uint64_t now = now_us(), next = 0;
	size_t i;

	for (i = 0; i < s->ndev; i++) {
		uint64_t t = dot_scan_decoder_deadline(s->devs[i]->dec);

		if (s->devs[i]->grab_wanted && (!t || t > now + GRAB_RETRY_US))
			t = now + GRAB_RETRY_US;
		if (t && (!next || t < next))
			next = t;
	}
	if (s->next_retry_us && (!next || s->next_retry_us < next))
		next = s->next_retry_us;
	if (!next)
		return -1;
	if (next <= now)
		return 0;
	return (int)((next - now + 999) / 1000);
}

size_t
dot_scan_set_count(const struct dot_scan_set *s)
{
	return s->ndev;
}

const char *
dot_scan_set_path(const struct dot_scan_set *s, size_t i)
{
	return i < s->ndev ? s->devs[i]->path : NULL;
}

const char *
dot_scan_set_name(const struct dot_scan_set *s, size_t i)
{
	return i < s->ndev ? s->devs[i]->name : NULL;
}

bool
dot_scan_set_grabbed(const struct dot_scan_set *s, size_t i)
{
	return i < s->ndev && s->devs[i]->grabbed;
}

/* ---- diagnostics ---------------------------------------------------------- */

/* Name and ids from sysfs, readable even when the node is not. */
static void
info_from_sysfs(struct dot_scan_info *inf, const char *node)
{
	static const char *const files[] = {"name", "id/vendor", "id/product"};
	size_t k;

	for (k = 0; k < 3; k++) {
		char *p = dot_xasprintf("/sys/class/input/%s/device/%s", node,
					files[k]);
		char buf[256] = "";
		FILE *f = fopen(p, "r");

		free(p);
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			dot_trim(buf);
			if (k == 0 && !inf->name)
				inf->name = dot_xstrdup(buf);
			else if (k == 1)
				inf->vendor = (unsigned)strtoul(buf, NULL, 16);
			else if (k == 2)
				inf->product = (unsigned)strtoul(buf, NULL, 16);
		}
		fclose(f);
	}
}

int
dot_scan_list(const char *input_dir, const char *quirks,
	      struct dot_scan_info **out, size_t *n, char **cause)
{
	const char *dir = input_dir ? input_dir : INPUT_DIR;
	struct dot_scan_quirks *q;
	struct dot_scan_info *v;
	size_t i, nn;
	char **names = list_nodes(dir, &nn);

	*out = NULL;
	*n = 0;
	if (!names)
		return dot_fail(cause, DOT_ERUNTIME, _("cannot read '%s': %s"),
				dir, strerror(errno));
	q = dot_scan_quirks_load(quirks);
	v = dot_xcalloc(nn + 1, sizeof(*v));
	for (i = 0; i < nn; i++) {
		struct dot_scan_info *inf = &v[i];
		struct libevdev *ev = NULL;
		int fd;

		inf->path = dot_xasprintf("%s/%s", dir, names[i]);
		fd = open(inf->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			inf->err = errno;
			info_from_sysfs(inf, names[i]);
		} else if (libevdev_new_from_fd(fd, &ev) == 0) {
			inf->can_open = true;
			inf->name = dot_xstrdup(libevdev_get_name(ev)
							? libevdev_get_name(ev)
							: "");
			inf->vendor = (unsigned)libevdev_get_id_vendor(ev);
			inf->product = (unsigned)libevdev_get_id_product(ev);
		} else {
			inf->err = ENODEV;
			info_from_sysfs(inf, names[i]);
		}
		if (!inf->name)
			inf->name = dot_xstrdup("?");
		inf->scanner =
			dot_scan_quirks_match(q, inf->vendor, inf->product,
					      inf->name, &inf->why);
		if (ev && inf->scanner) {
			/* a grab that fails with EBUSY: someone holds it */
			int rc = libevdev_grab(ev, LIBEVDEV_GRAB);

			if (rc == -EBUSY) {
				inf->busy = true;
				inf->err = EBUSY;
			} else if (rc == 0) {
				libevdev_grab(ev, LIBEVDEV_UNGRAB);
			}
		}
		libevdev_free(ev);
		if (fd >= 0)
			close(fd);
	}
	free_nodes(names, nn);
	dot_scan_quirks_free(q);
	*out = v;
	*n = nn;
	return 0;
}

void
dot_scan_info_free(struct dot_scan_info *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].path);
		free(v[i].name);
	}
	free(v);
}

const char *
dot_scan_open_fix(int err)
{
	switch (err) {
	case 0:
		return "";
	case EACCES:
	case EPERM:
		return _("permission denied: log in at the station's own "
			 "screen and keyboard (the dotation package lets the "
			 "user at the seat read known scanners; from a source "
			 "checkout run 'sudo scripts/install-udev-rule'), or "
			 "add the operator to the 'input' group (sudo usermod "
			 "-aG input USER, then log in again)");
	case EBUSY:
		return _(
			"another program holds the scanner (another station?): "
			"close it, or choose another scanner");
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return _("the device went away: plug the scanner in again");
	}
	return _("the device cannot be read: unplug the scanner, plug it in "
		 "again and look at 'sudo dmesg'");
}
