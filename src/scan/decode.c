/*
 * The decoder: evdev key events in, framed and validated scans out. It
 * is pure (no device, no clock: times come with the events) so that the
 * live devices, the evemu reader, the tests and the fuzzer drive the same
 * code.
 *
 * Layout: libxkbcommon turns key codes into text with the layout the
 * scanner was configured for, and tracks Shift, Caps Lock and Num Lock.
 * In "auto" mode two layouts decode side by side, US-like and AZERTY, and
 * each frame keeps the one that produced fewer symbols: serials hold
 * only letters and digits, and an AZERTY scanner types its digits with
 * Shift, which a US layout reads as "!@#". Keypad digits and Alt+keypad
 * codes do not depend on the layout.
 *
 * Framing: a frame ends on Enter, keypad Enter or Tab, or after an idle
 * gap for scanners without a suffix. A frame cut by lost events, by a
 * silence in the middle of a suffixed scanner's scan, or by an unplug is
 * finished (up to its suffix, or its gap for a scanner without one, so
 * that its tail never passes for a scan of its own) and delivered as
 * incomplete. In auto mode, until the scanner has sent its first suffix,
 * a frame waits for a stall's silence, and the tail that ends with that
 * first suffix right after a silence-ended frame is a cut too.
 */
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xkbcommon/xkbcommon.h>

#include "dotation/i18n.h"
#include "dotation/scan.h"

#define MAX_CAND 2
#define XKB_OFFSET 8               /* xkb key codes are evdev codes + 8 */
#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD: a key that is not text */

struct cand {
	char name[32];
	struct xkb_keymap *keymap;
	struct xkb_state *state;
	char text[DOT_SCAN_RAW_MAX];
	size_t len;
	unsigned symbols; /* characters that cannot be in a serial */
	bool overflow;
};

struct dot_scan_decoder {
	struct xkb_context *ctx;
	struct cand cand[MAX_CAND];
	int ncand;
	int sticky; /* candidate auto chose last, on a clear win */

	dot_scan_cb cb;
	void *data;
	uint64_t idle_us; /* 0: no idle gap */
	enum dot_scan_suffix suffix;
	bool seen_suffix;
	struct dot_serial_rules rules;

	bool in_frame;
	bool cut;
	uint64_t first_us; /* the frame's first key */
	uint64_t last_us;
	/* auto mode before any suffix: when the last frame ended by a gap */
	bool gap_ended;
	uint64_t gap_ended_us;
	bool skip_to_report;

	unsigned char held[KEY_CNT / 8];
	int alt_digits;
	unsigned alt_value;
	bool alt_lead0;

	uint64_t events;
};

static bool
held_get(const struct dot_scan_decoder *d, unsigned code)
{
	return code < KEY_CNT && (d->held[code / 8] & (1u << (code % 8)));
}

static void
held_set(struct dot_scan_decoder *d, unsigned code, bool down)
{
	if (code >= KEY_CNT)
		return;
	if (down)
		d->held[code / 8] |= (unsigned char)(1u << (code % 8));
	else
		d->held[code / 8] &= (unsigned char)~(1u << (code % 8));
}

static int
kp_digit(unsigned code)
{
	switch (code) {
	case KEY_KP0:
		return 0;
	case KEY_KP1:
		return 1;
	case KEY_KP2:
		return 2;
	case KEY_KP3:
		return 3;
	case KEY_KP4:
		return 4;
	case KEY_KP5:
		return 5;
	case KEY_KP6:
		return 6;
	case KEY_KP7:
		return 7;
	case KEY_KP8:
		return 8;
	case KEY_KP9:
		return 9;
	}
	return -1;
}

static bool
is_modifier_sym(xkb_keysym_t sym)
{
	/* Shift, Control, Alt, Meta, Super, Hyper, the ISO level and group
	 * shifts and locks, Num Lock, Scroll Lock, Mode_switch. */
	return (sym >= XKB_KEY_Shift_L && sym <= XKB_KEY_Hyper_R) ||
	       (sym >= XKB_KEY_ISO_Lock &&
		sym <= XKB_KEY_ISO_Last_Group_Lock) ||
	       sym == XKB_KEY_ISO_Level5_Shift || sym == XKB_KEY_Num_Lock ||
	       sym == XKB_KEY_Scroll_Lock || sym == XKB_KEY_Mode_switch;
}

static bool
is_serial_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

static void
cand_append(struct cand *c, const char *s)
{
	size_t n = strlen(s);

	if (!is_serial_char((unsigned char)s[0]) || n > 1)
		c->symbols++;
	if (c->len + n >= sizeof(c->text)) {
		c->overflow = true;
		return;
	}
	memcpy(c->text + c->len, s, n + 1);
	c->len += n;
}

static void
state_toggle(struct xkb_state *st, unsigned code)
{
	xkb_state_update_key(st, code + XKB_OFFSET, XKB_KEY_DOWN);
	xkb_state_update_key(st, code + XKB_OFFSET, XKB_KEY_UP);
}

/* A fresh layout state with the given locks and held keys. */
static void
cand_reset_state(struct cand *c, bool caps, bool num, const uint16_t *held,
		 size_t n)
{
	size_t i;

	xkb_state_unref(c->state);
	c->state = xkb_state_new(c->keymap);
	if (!c->state)
		abort();
	if (caps)
		state_toggle(c->state, KEY_CAPSLOCK);
	if (num)
		state_toggle(c->state, KEY_NUMLOCK);
	for (i = 0; i < n; i++)
		if (held[i] != KEY_CAPSLOCK && held[i] != KEY_NUMLOCK)
			xkb_state_update_key(c->state, held[i] + XKB_OFFSET,
					     XKB_KEY_DOWN);
}

static bool
valid_layout_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 31)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-' || *s == '(' || *s == ')'))
			return false;
	return true;
}

static int
cand_init(struct dot_scan_decoder *d, struct cand *c, const char *layout,
	  char **cause)
{
	struct xkb_rule_names names = {.model = "pc105"};
	char buf[32], *paren;

	if (!valid_layout_name(layout))
		return dot_fail(cause, DOT_EUSAGE,
				_("unknown keyboard layout '%s': use auto, us, "
				  "fr, be, ch, de..."),
				layout);
	snprintf(c->name, sizeof(c->name), "%s", layout);
	snprintf(buf, sizeof(buf), "%s", layout);
	/* "ch(fr)": layout ch, variant fr, as setxkbmap writes it */
	paren = strchr(buf, '(');
	if (paren) {
		char *close = strchr(paren, ')');

		if (!close || close[1] != '\0' || close == paren + 1)
			return dot_fail(cause, DOT_EUSAGE,
					_("unknown keyboard layout '%s': use "
					  "auto, us, fr, be, ch, de..."),
					layout);
		*paren = '\0';
		*close = '\0';
		names.variant = paren + 1;
	}
	names.layout = buf;
	c->keymap = xkb_keymap_new_from_names(d->ctx, &names,
					      XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (!c->keymap)
		return dot_fail(cause, DOT_EUSAGE,
				_("unknown keyboard layout '%s': use auto, us, "
				  "fr, be, ch, de..."),
				layout);
	cand_reset_state(c, false, false, NULL, 0);
	return 0;
}

struct dot_scan_decoder *
dot_scan_decoder_new(const struct dot_scan_opts *opts, dot_scan_cb cb,
		     void *data, char **cause)
{
	static const struct dot_scan_opts defaults;
	struct dot_scan_decoder *d;
	const char *layout;
	int i;

	if (!opts)
		opts = &defaults;
	d = dot_xcalloc(1, sizeof(*d));
	d->cb = cb;
	d->data = data;
	if (opts->idle_ms == 0)
		d->idle_us = DOT_SCAN_IDLE_MS * 1000ull;
	else if (opts->idle_ms > 0)
		d->idle_us = (uint64_t)opts->idle_ms * 1000ull;
	d->suffix = opts->suffix;
	d->rules = opts->rules ? *opts->rules : dot_serial_default_rules;

	d->ctx = xkb_context_new(XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
	if (!d->ctx) {
		dot_fail(cause, DOT_ERUNTIME,
			 _("cannot load the keyboard layouts (xkbcommon)"));
		goto fail;
	}
	/* Unknown layouts are reported in our words, not xkbcommon's. */
	xkb_context_set_log_level(d->ctx, XKB_LOG_LEVEL_CRITICAL);

	layout = opts->layout;
	if (!layout || strcmp(layout, "auto") == 0) {
		if (cand_init(d, &d->cand[0], "us", cause) != 0 ||
		    cand_init(d, &d->cand[1], "fr", cause) != 0)
			goto fail;
		d->ncand = 2;
	} else {
		if (cand_init(d, &d->cand[0], layout, cause) != 0)
			goto fail;
		d->ncand = 1;
	}
	for (i = 0; i < d->ncand; i++)
		cand_reset_state(&d->cand[i], opts->capslock_on,
				 !opts->numlock_off, NULL, 0);
	return d;
fail:
	dot_scan_decoder_free(d);
	return NULL;
}

void
dot_scan_decoder_free(struct dot_scan_decoder *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < MAX_CAND; i++) {
		xkb_state_unref(d->cand[i].state);
		xkb_keymap_unref(d->cand[i].keymap);
	}
	xkb_context_unref(d->ctx);
	free(d);
}

static void
frame_reset(struct dot_scan_decoder *d)
{
	int i;

	for (i = 0; i < d->ncand; i++) {
		d->cand[i].len = 0;
		d->cand[i].text[0] = '\0';
		d->cand[i].symbols = 0;
		d->cand[i].overflow = false;
	}
	d->in_frame = false;
	d->cut = false;
}

/* The candidate whose text looks most like a serial. */
static int
choose(struct dot_scan_decoder *d)
{
	int i, best = d->sticky;
	bool clear = false;

	for (i = 0; i < d->ncand; i++) {
		if (d->cand[i].symbols < d->cand[best].symbols) {
			best = i;
			clear = true;
		} else if (i != best &&
			   d->cand[i].symbols > d->cand[best].symbols) {
			clear = true;
		}
	}
	if (clear && d->cand[best].symbols == 0)
		d->sticky = best;
	return best;
}

static void
frame_end(struct dot_scan_decoder *d, enum dot_scan_end end)
{
	struct dot_scan_result res;
	const struct cand *c;
	enum dot_serial_reason r;

	if (!d->in_frame)
		return;
	c = &d->cand[choose(d)];
	if (c->len == 0) {
		/* nothing typed: a cut with nothing around it */
		frame_reset(d);
		return;
	}
	memset(&res, 0, sizeof(res));
	memcpy(res.raw, c->text, c->len + 1);
	res.layout = c->name;
	res.time_us = d->last_us;
	r = dot_serial_check(c->text, &d->rules, res.serial,
			     sizeof(res.serial));
	if (end == DOT_SCAN_END_SUFFIX && d->suffix == DOT_SCAN_SUFFIX_AUTO &&
	    !d->seen_suffix && d->gap_ended &&
	    d->first_us < d->gap_ended_us + DOT_SCAN_TAIL_MS * 1000ull)
		/*
		 * The first suffix this scanner sends, right after a frame
		 * that a silence ended: the tail of a first scan that
		 * stalled, not a scan of its own.
		 */
		d->cut = true;
	d->gap_ended = end == DOT_SCAN_END_IDLE && !d->seen_suffix;
	d->gap_ended_us = d->last_us;
	if (end == DOT_SCAN_END_SUFFIX)
		d->seen_suffix = true;
	if (d->cut) {
		end = DOT_SCAN_END_CUT;
		r = DOT_SERIAL_INCOMPLETE;
	} else if (end == DOT_SCAN_END_IDLE &&
		   (d->suffix == DOT_SCAN_SUFFIX_REQUIRED ||
		    (d->suffix == DOT_SCAN_SUFFIX_AUTO && d->seen_suffix))) {
		/* this scanner ends its scans with a key: a silence in the
		 * middle is a scan that stopped short */
		r = DOT_SERIAL_INCOMPLETE;
	} else if (c->overflow && r == DOT_SERIAL_OK) {
		r = DOT_SERIAL_TOO_LONG;
	}
	res.reason = r;
	res.end = end;
	frame_reset(d);
	if (d->cb)
		d->cb(&res, d->data);
}

static void
release_all(struct dot_scan_decoder *d)
{
	unsigned code;
	int i;

	for (code = 0; code < KEY_CNT; code++) {
		if (!held_get(d, code))
			continue;
		for (i = 0; i < d->ncand; i++)
			xkb_state_update_key(d->cand[i].state,
					     code + XKB_OFFSET, XKB_KEY_UP);
		held_set(d, code, false);
	}
	d->alt_digits = 0;
	d->alt_value = 0;
}

/* A key of the frame at t (the first one opens it). */
static void
frame_touch(struct dot_scan_decoder *d, uint64_t t)
{
	if (!d->in_frame)
		d->first_us = t;
	d->in_frame = true;
	d->last_us = t;
}

static void
mark_cut(struct dot_scan_decoder *d, uint64_t t)
{
	frame_touch(d, t);
	d->cut = true;
}

static void
append_all(struct dot_scan_decoder *d, const char *s, uint64_t t)
{
	int i;

	for (i = 0; i < d->ncand; i++)
		cand_append(&d->cand[i], s);
	frame_touch(d, t);
}

/* The character of an Alt+keypad code, as Windows types them: the value
 * modulo 256; codes from 128 are read as Latin-1 (never serial text). */
static void
alt_code_end(struct dot_scan_decoder *d, uint64_t t)
{
	unsigned v = d->alt_value % 256;
	char buf[4];

	d->alt_digits = 0;
	d->alt_value = 0;
	if (v == '\r' || v == '\n' || v == '\t') {
		frame_end(d, DOT_SCAN_END_SUFFIX);
		return;
	}
	if (v < 0x20 || v == 0x7f) {
		append_all(d, REPLACEMENT, t);
		return;
	}
	if (v < 0x80) {
		buf[0] = (char)v;
		buf[1] = '\0';
	} else {
		buf[0] = (char)(0xc0 | (v >> 6));
		buf[1] = (char)(0x80 | (v & 0x3f));
		buf[2] = '\0';
	}
	append_all(d, buf, t);
}

static void
key_press(struct dot_scan_decoder *d, unsigned code, uint64_t t)
{
	bool alt = held_get(d, KEY_LEFTALT) || held_get(d, KEY_RIGHTALT);
	int i, digit = kp_digit(code);

	held_set(d, code, true);
	if (alt && digit >= 0) {
		/* Alt held, keypad digits: one character at Alt release */
		if (d->alt_digits == 0)
			d->alt_lead0 = digit == 0;
		if (d->alt_digits < 9) {
			d->alt_value = d->alt_value * 10 + (unsigned)digit;
			d->alt_digits++;
		}
		for (i = 0; i < d->ncand; i++)
			xkb_state_update_key(d->cand[i].state,
					     code + XKB_OFFSET, XKB_KEY_DOWN);
		d->last_us = t;
		return;
	}
	if (code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB) {
		for (i = 0; i < d->ncand; i++)
			xkb_state_update_key(d->cand[i].state,
					     code + XKB_OFFSET, XKB_KEY_DOWN);
		if (d->in_frame)
			d->last_us = t;
		frame_end(d, DOT_SCAN_END_SUFFIX);
		return;
	}
	for (i = 0; i < d->ncand; i++) {
		struct cand *c = &d->cand[i];
		xkb_keycode_t kc = code + XKB_OFFSET;
		xkb_keysym_t sym = xkb_state_key_get_one_sym(c->state, kc);
		char buf[16];
		int n;

		/* read the key with the state before it, then update */
		n = xkb_state_key_get_utf8(c->state, kc, buf, sizeof(buf));
		xkb_state_update_key(c->state, kc, XKB_KEY_DOWN);
		if (sym == XKB_KEY_NoSymbol || is_modifier_sym(sym))
			continue;
		if (n <= 0 || n >= (int)sizeof(buf) ||
		    (unsigned char)buf[0] < 0x20 || buf[0] == 0x7f)
			cand_append(c, REPLACEMENT);
		else
			cand_append(c, buf);
		frame_touch(d, t);
	}
}

static void
key_release(struct dot_scan_decoder *d, unsigned code, uint64_t t)
{
	int i;

	if (!held_get(d, code))
		return; /* its press was lost or came before us */
	held_set(d, code, false);
	for (i = 0; i < d->ncand; i++)
		xkb_state_update_key(d->cand[i].state, code + XKB_OFFSET,
				     XKB_KEY_UP);
	if ((code == KEY_LEFTALT || code == KEY_RIGHTALT) &&
	    d->alt_digits > 0 && !held_get(d, KEY_LEFTALT) &&
	    !held_get(d, KEY_RIGHTALT))
		alt_code_end(d, t);
}

void
dot_scan_decoder_feed(struct dot_scan_decoder *d,
		      const struct dot_scan_event *ev)
{
	d->events++;
	dot_scan_decoder_tick(d, ev->time_us);
	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		mark_cut(d, ev->time_us);
		release_all(d);
		d->skip_to_report = true;
		return;
	}
	if (d->skip_to_report) {
		if (ev->type == EV_SYN && ev->code == SYN_REPORT)
			d->skip_to_report = false;
		return;
	}
	if (ev->type != EV_KEY || ev->code >= KEY_CNT)
		return;
	if (ev->value == 1)
		key_press(d, ev->code, ev->time_us);
	else if (ev->value == 0)
		key_release(d, ev->code, ev->time_us);
	/* value 2 is auto-repeat: not a keystroke */
}

void
dot_scan_decoder_resync(struct dot_scan_decoder *d, uint64_t now_us,
			const uint16_t *held, size_t n, bool capslock,
			bool numlock)
{
	size_t i;
	int c;

	mark_cut(d, now_us);
	memset(d->held, 0, sizeof(d->held));
	d->alt_digits = 0;
	d->alt_value = 0;
	d->skip_to_report = false;
	for (c = 0; c < d->ncand; c++)
		cand_reset_state(&d->cand[c], capslock, numlock, held, n);
	for (i = 0; i < n; i++)
		held_set(d, held[i], true);
}

void
dot_scan_decoder_unplug(struct dot_scan_decoder *d, uint64_t now_us)
{
	if (d->in_frame) {
		mark_cut(d, now_us);
		frame_end(d, DOT_SCAN_END_CUT);
	}
	release_all(d);
	d->skip_to_report = false;
}

/*
 * Whether this scanner ends its scans with a key and the frame holds
 * text: then a silence is not the end of a scan but a scan that stopped
 * short, and the keys that follow up to the suffix are its tail. Ending
 * the frame at the silence would let that tail ("0000006" of
 * "5CG0000006", long enough to be a valid serial) pass for a scan of its
 * own: a wrong serial recorded against a student.
 */
static bool
waits_for_suffix(const struct dot_scan_decoder *d)
{
	bool suffixed = d->suffix == DOT_SCAN_SUFFIX_REQUIRED ||
			(d->suffix == DOT_SCAN_SUFFIX_AUTO && d->seen_suffix);

	return suffixed && (d->cand[0].len > 0 || d->alt_digits > 0);
}

/*
 * The silence that ends a frame: the idle gap, or for a scanner that ends
 * its scans with a key, the longer silence that betrays a scan stopped
 * short (a scanner never pauses that long inside one code; a loaded
 * laptop reading late may make a short pause look longer).
 */
static uint64_t
silence_us(const struct dot_scan_decoder *d)
{
	uint64_t stall = DOT_SCAN_STALL_MS * 1000ull;
	/*
	 * In auto mode, until the scanner has shown whether it sends a
	 * suffix, a pause shorter than a stall may still be inside its
	 * first scan: wait that long before taking the silence as the end.
	 */
	bool unsure = d->suffix == DOT_SCAN_SUFFIX_AUTO && !d->seen_suffix;

	return (waits_for_suffix(d) || unsure) && d->idle_us < stall
		       ? stall
		       : d->idle_us;
}

bool
dot_scan_decoder_tick(struct dot_scan_decoder *d, uint64_t now_us)
{
	if (!d->in_frame || d->idle_us == 0 ||
	    (d->cut && waits_for_suffix(d)) ||
	    now_us < d->last_us + silence_us(d))
		return false;
	if (waits_for_suffix(d)) {
		/* the frame goes on to its suffix and ends as a cut scan */
		d->cut = true;
		return false;
	}
	if (d->alt_digits > 0) {
		/* silence inside an Alt code: its character never came */
		d->alt_digits = 0;
		d->alt_value = 0;
		d->cut = true;
	}
	frame_end(d, DOT_SCAN_END_IDLE);
	return true;
}

uint64_t
dot_scan_decoder_deadline(const struct dot_scan_decoder *d)
{
	if (!d->in_frame || d->idle_us == 0 || (d->cut && waits_for_suffix(d)))
		return 0;
	return d->last_us + silence_us(d);
}

void
dot_scan_decoder_flush(struct dot_scan_decoder *d)
{
	if (d->alt_digits > 0) {
		/* Alt never released: the code never became a character */
		d->alt_digits = 0;
		d->alt_value = 0;
		mark_cut(d, d->last_us);
	}
	frame_end(d, DOT_SCAN_END_IDLE);
}

const char *
dot_scan_decoder_layout(const struct dot_scan_decoder *d)
{
	return d->cand[d->sticky].name;
}

uint64_t
dot_scan_decoder_events(const struct dot_scan_decoder *d)
{
	return d->events;
}
