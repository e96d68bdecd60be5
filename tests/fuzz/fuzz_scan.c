/*
 * Fuzz target for the scanner input path: the evemu reader (text from
 * users' recordings) and the decoder behind it (key events from any
 * device). The first byte chooses the layout and whether the rest is
 * evemu text or raw events (type, code, value, time step), so both
 * parsers see arbitrary input. Decoders are built once (compiling a
 * keymap is slow) and reset between inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dotation/scan.h"

static void
sink(const struct dot_scan_result *res, void *data)
{
	size_t *n = data;

	/* the contract: NUL-terminated, a known reason */
	if (strlen(res->raw) >= sizeof(res->raw) ||
	    strlen(res->serial) >= sizeof(res->serial) ||
	    res->reason > DOT_SERIAL_INCOMPLETE)
		__builtin_trap();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const layouts[] = {"us", "fr", "auto", "de"};
	static struct dot_scan_decoder *dec[4];
	static size_t results;
	struct dot_scan_decoder *d;
	uint64_t t = 1000000;
	size_t i;

	if (size < 1)
		return 0;
	if (!dec[0])
		for (i = 0; i < 4; i++) {
			struct dot_scan_opts o = {.layout = layouts[i]};

			dec[i] = dot_scan_decoder_new(&o, sink, &results, NULL);
			if (!dec[i])
				__builtin_trap();
		}
	d = dec[data[0] & 3];
	if (data[0] & 4) {
		FILE *f = fmemopen((void *)(data + 1), size - 1, "r");

		if (size == 1 || !f)
			return 0;
		dot_scan_evemu_read(f, "fuzz", d, NULL, NULL);
		fclose(f);
	} else {
		for (i = 1; i + 6 <= size; i += 6) {
			struct dot_scan_event ev = {
				.type = data[i] & 0x1f,
				.code = (uint16_t)(data[i + 1] |
						   (data[i + 2] & 3) << 8),
				.value = (int8_t)data[i + 3] % 4,
			};

			t += (uint64_t)(data[i + 4] | data[i + 5] << 8) * 10;
			ev.time_us = t;
			dot_scan_decoder_feed(d, &ev);
			if (data[i] & 0x80)
				dot_scan_decoder_tick(d, t);
		}
		dot_scan_decoder_flush(d);
	}
	/* back to a clean state for the next input */
	dot_scan_decoder_resync(d, t, NULL, 0, false, true);
	dot_scan_decoder_unplug(d, t);
	return 0;
}
