/*
 * scan: serials from USB barcode scanners. A scanner is a keyboard that
 * types fast: its key events are decoded with the layout it was set up
 * for (libxkbcommon), cut into frames (a suffix key or an idle gap) and
 * each frame is validated as a serial. Three layers, usable alone:
 *
 *  - the decoder: key events in, framed scans out. Pure, no device; the
 *    evemu reader and the tests drive it directly;
 *  - the device set: evdev devices (libevdev) chosen, grabbed, read and
 *    watched for hot-plug, each with its own decoder. It exposes file
 *    descriptors and a timeout for the caller's poll() loop;
 *  - the keystroke classifier: tells a scanner burst from a person
 *    typing when a scanner types into the terminal (no device opened).
 *
 * A scan cut by a SYN_DROPPED or an unplug is never accepted: it comes out
 * with reason DOT_SERIAL_INCOMPLETE.
 */
#ifndef DOTATION_SCAN_H
#define DOTATION_SCAN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dotation/core.h"

#define DOT_SCAN_IDLE_MS 50   /* default idle gap ending a frame */
#define DOT_SCAN_STALL_MS 150 /* silence inside a suffixed scan: a cut */
#define DOT_SCAN_TAIL_MS 1000 /* a first suffix this soon after a gap: a tail */
#define DOT_SCAN_RAW_MAX 256  /* bytes of decoded text kept per frame */

/* One evdev event; time in microseconds on any monotonic scale. */
struct dot_scan_event {
	uint64_t time_us;
	uint16_t type;
	uint16_t code;
	int32_t value;
};

/* How a frame ended. */
enum dot_scan_end {
	DOT_SCAN_END_SUFFIX, /* Enter, keypad Enter or Tab */
	DOT_SCAN_END_IDLE,   /* idle gap (scanner without suffix) */
	DOT_SCAN_END_CUT,    /* SYN_DROPPED, unplug: never accepted */
};

/* A framed scan, handed to the caller's callback. */
struct dot_scan_result {
	enum dot_serial_reason reason; /* DOT_SERIAL_OK when accepted */
	enum dot_scan_end end;
	char serial[DOT_SERIAL_BUF]; /* normalised (trimmed, upper case) */
	char raw[DOT_SCAN_RAW_MAX];  /* decoded text as typed, UTF-8 */
	const char *layout;          /* layout that decoded it: "us"... */
	const char *device;          /* device path, or NULL (decoder) */
	uint64_t time_us;            /* time of the frame's last key */
};

/*
 * Called once per frame. res and its strings are borrowed for the call
 * only. The callback must not free the decoder or set that calls it.
 */
typedef void (*dot_scan_cb)(const struct dot_scan_result *res, void *data);

/* Whether a scanner ends its scans with a suffix key. */
enum dot_scan_suffix {
	/*
	 * Idle gaps end frames until the device is seen sending a suffix;
	 * from then on a frame ended by an idle gap is a cut scan.
	 */
	DOT_SCAN_SUFFIX_AUTO = 0,
	DOT_SCAN_SUFFIX_REQUIRED, /* an idle gap always means a cut scan */
	DOT_SCAN_SUFFIX_OPTIONAL, /* an idle gap always ends a good frame */
};

struct dot_scan_opts {
	/*
	 * Keyboard layout the scanner types with: "us", "fr", "be", "ch",
	 * "de", an xkb "layout(variant)" such as "ch(fr)", or NULL/"auto":
	 * choose between US-like and AZERTY per frame (AZERTY scanners
	 * type digits with Shift; serials never hold symbols).
	 */
	const char *layout;
	int idle_ms; /* 0: DOT_SCAN_IDLE_MS; < 0: none */
	enum dot_scan_suffix suffix;
	const struct dot_serial_rules *rules; /* NULL: the defaults */
	bool numlock_off;                     /* initial Num Lock state (on) */
	bool capslock_on; /* initial Caps Lock state (off) */
};

/* ---- decoder: key events to framed scans -------------------------------- */

struct dot_scan_decoder;

/*
 * A decoder for one device. opts may be NULL (auto layout, defaults).
 * cb receives each framed scan with data. Returns NULL and sets *cause
 * (caller frees) when the layout is unknown or xkbcommon fails.
 */
struct dot_scan_decoder *dot_scan_decoder_new(const struct dot_scan_opts *opts,
					      dot_scan_cb cb, void *data,
					      char **cause);

/* Free a decoder; NULL does nothing. A frame in progress is dropped. */
void dot_scan_decoder_free(struct dot_scan_decoder *d);

/*
 * Feed one event as read from the device. EV_KEY drives decoding (value
 * 2, auto-repeat, is ignored); EV_SYN/SYN_DROPPED cuts the frame in
 * progress and ignores events up to the next SYN_REPORT, as a recorded
 * stream cannot be resynchronised. Frames whose idle gap elapsed before
 * ev->time_us are delivered first. Other events are ignored.
 */
void dot_scan_decoder_feed(struct dot_scan_decoder *d,
			   const struct dot_scan_event *ev);

/*
 * A live device lost events and libevdev resynchronised it: cut the frame
 * in progress (it ends as DOT_SCAN_END_CUT at its next suffix or idle
 * gap), forget which keys were held, then apply held[] (key codes down
 * now, n of them) and the lock states to the layout state.
 */
void dot_scan_decoder_resync(struct dot_scan_decoder *d, uint64_t now_us,
			     const uint16_t *held, size_t n, bool capslock,
			     bool numlock);

/*
 * The device is gone: a frame in progress is delivered at once as cut.
 */
void dot_scan_decoder_unplug(struct dot_scan_decoder *d, uint64_t now_us);

/*
 * Deliver the frame in progress if its idle gap has elapsed at now_us.
 * Returns true when a frame was delivered.
 */
bool dot_scan_decoder_tick(struct dot_scan_decoder *d, uint64_t now_us);

/* When the frame in progress will time out (microseconds), or 0: none. */
uint64_t dot_scan_decoder_deadline(const struct dot_scan_decoder *d);

/*
 * End of input (a recording's end): the frame in progress ends as if its
 * idle gap had elapsed.
 */
void dot_scan_decoder_flush(struct dot_scan_decoder *d);

/* The layout in use: the configured one, or the one auto last chose. */
const char *dot_scan_decoder_layout(const struct dot_scan_decoder *d);

/* Events fed so far (all types); for statistics and benchmarks. */
uint64_t dot_scan_decoder_events(const struct dot_scan_decoder *d);

/* ---- evemu recordings --------------------------------------------------- */

/*
 * Read an evemu-record stream (header lines "N:", "I:", "B:"... and
 * "E: SEC.USEC TYPE CODE VALUE" lines, TYPE and CODE in hex) and feed
 * every event to d, then flush it. Reading stops at the first malformed
 * event line or line that evemu-record does not write (random bytes, a
 * text file): DOT_ERULE with *cause naming the file (name) and line;
 * DOT_ERUNTIME when f cannot be read; 0 otherwise. The device name from "N:",
 * if any, goes to *devname (caller frees; may be NULL).
 */
int dot_scan_evemu_read(FILE *f, const char *name, struct dot_scan_decoder *d,
			char **devname, char **cause);

/* ---- device set: evdev devices for a poll() loop ------------------------ */

struct dot_scan_set;

struct dot_scan_set_opts {
	const char *input_dir; /* NULL: /dev/input (tests use others) */
	const char *quirks;    /* NULL: $DOTATION_SCAN_QUIRKS, data dir */
	/*
	 * Which devices: NULL or "auto" every device that looks like a
	 * scanner, "none" nothing, a path ("/dev/input/event5"), a USB id
	 * ("0c2e:0b61") or a device name. This is the per-station choice the
	 * station keeps in its configuration.
	 */
	const char *device;
	int max_devices; /* 0: no limit; 1: first free scanner */
	bool no_grab;    /* read without EVIOCGRAB (diagnostics) */
	struct dot_scan_opts scan;
	dot_scan_cb cb;
	void *data;
	/* Optional: a chosen device appeared (present) or went away. */
	void (*on_device)(const char *path, const char *name, bool present,
			  void *data);
};

/*
 * Watch opts->input_dir (inotify set before the first enumeration, so
 * no plug is missed), open the chosen devices read-only and
 * non-blocking and grab them. Devices that cannot be opened yet are
 * retried when their permissions change. Returns NULL with *cause only
 * when the directory cannot be watched or the layout is unknown; having
 * no device is not an error.
 */
struct dot_scan_set *dot_scan_set_new(const struct dot_scan_set_opts *opts,
				      char **cause);

/* Release grabs, close devices, free; NULL does nothing. */
void dot_scan_set_free(struct dot_scan_set *s);

/*
 * Fill fds (room for max entries) with the descriptors to poll for
 * POLLIN: the inotify descriptor then one per open device. Returns how
 * many there are (possibly more than max: call again with more room).
 * The set changes after dispatch: refill before each poll().
 */
size_t dot_scan_set_pollfds(const struct dot_scan_set *s, struct pollfd *fds,
			    size_t max);

/*
 * Call when any descriptor was readable, or the timeout elapsed: reads
 * hot-plug notifications, drains every device until -EAGAIN, delivers
 * frames whose idle gap elapsed, retries pending grabs. Returns the
 * number of frames delivered.
 */
int dot_scan_set_dispatch(struct dot_scan_set *s);

/*
 * Milliseconds until dot_scan_set_dispatch() must be called although no
 * descriptor is readable (an idle gap, a grab waiting for keys to be
 * released), or -1: no timer. Pass it to poll().
 */
int dot_scan_set_next_timeout_ms(const struct dot_scan_set *s);

/* Devices currently open; path and name of device i (borrowed until the
 * next dispatch), i < count. */
size_t dot_scan_set_count(const struct dot_scan_set *s);
const char *dot_scan_set_path(const struct dot_scan_set *s, size_t i);
const char *dot_scan_set_name(const struct dot_scan_set *s, size_t i);
bool dot_scan_set_grabbed(const struct dot_scan_set *s, size_t i);

/* ---- diagnostics -------------------------------------------------------- */

struct dot_scan_info {
	char *path;
	char *name;
	unsigned vendor, product;
	bool scanner;    /* looks like a scanner */
	const char *why; /* why it looks like one: "quirks", "name" */
	bool can_open;   /* opened read-only */
	bool busy;       /* grabbed by another program */
	int err;         /* errno of the failed open, or 0 */
};

/*
 * List every event device in input_dir (NULL: /dev/input), in path
 * order, into *out (n entries; free with dot_scan_info_free). quirks as
 * in dot_scan_set_opts. Scanner-like devices that can be opened are
 * briefly grabbed to tell whether another program holds them. Returns 0
 * or DOT_ERUNTIME with *cause when the directory cannot be read.
 */
int dot_scan_list(const char *input_dir, const char *quirks,
		  struct dot_scan_info **out, size_t *n, char **cause);
void dot_scan_info_free(struct dot_scan_info *v, size_t n);

/*
 * A translated sentence telling the user how to fix a failed open (err
 * is an errno value), e.g. joining the 'input' group or installing the
 * udev rule. Never NULL.
 */
const char *dot_scan_open_fix(int err);

/* ---- terminal keystrokes: scanner burst or person typing ---------------- */

enum dot_scan_origin {
	DOT_SCAN_UNSURE = 0, /* too few characters to tell */
	DOT_SCAN_TYPED,      /* a person at the keyboard */
	DOT_SCAN_BURST,      /* a scanner typing as a keyboard */
};

/*
 * Classify the characters of one line typed into the terminal from the
 * times (microseconds, non-decreasing) each was read, n of them, the
 * Enter that ended it excluded. A burst has no gap over 80 ms and either
 * at least 4 characters with a median gap of at most 20 ms, or at least
 * 6 with a median of at most 60 ms (a slow scanner, ~40 ms a key): a
 * person cannot keep that pace. Characters read together
 * (same time) count as zero gaps.
 */
enum dot_scan_origin dot_scan_classify(const uint64_t *times_us, size_t n);

#endif
