/*
 * Fuzz target for the sync answer parsers (src/sync/proto.c): what a
 * hostile or broken upstream can send back. The first byte chooses the
 * parser: the push results (against a fixed batch of three events), or a
 * pull feed whose items go through the roster or the assignments rules.
 * Whatever the answer, the parsers must refuse it or return marks that
 * name events of the batch, never crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dotation/store.h"
#include "sync_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char u1[] = "0b6c7a0e-1111-4f00-8000-000000000001";
	static char u2[] = "0b6c7a0e-1111-4f00-8000-000000000002";
	static char u3[] = "0b6c7a0e-1111-4f00-8000-000000000003";
	struct dot_journal_entry batch[3] = {
		{.seq = 1, .uuid = u1},
		{.seq = 2, .uuid = u2},
		{.seq = 3, .uuid = u3},
	};
	char *why = NULL;
	size_t i;

	if (size < 1)
		return 0;
	if (data[0] % 3 == 0) {
		struct sync_results res;

		if (sync_parse_results((const char *)data + 1, size - 1, batch,
				       3, &res, &why) == 0) {
			if (res.n + res.missing != 3)
				abort();
			for (i = 0; i < res.n; i++)
				if (!res.v[i].uuid || !res.v[i].state)
					abort();
			sync_results_release(&res);
		}
	} else {
		struct sync_feed feed;
		json_t *item;

		if (sync_parse_feed((const char *)data + 1, size - 1, &feed,
				    &why) == 0) {
			json_array_foreach(feed.items, i, item)
			{
				free(why);
				why = NULL;
				if (data[0] % 3 == 1) {
					struct sync_person p;

					if (sync_roster_item(item, (int)i, &p,
							     &why) == 0 &&
					    (!p.in.last_name ||
					     !p.in.first_name ||
					     p.in.profile >= DOT_PROFILE_N))
						abort();
				} else {
					struct sync_holding h;

					if (sync_assignment_item(item, &h,
								 &why) == 0 &&
					    !h.r.serial)
						abort();
				}
			}
			sync_feed_release(&feed);
		}
	}
	free(why);
	return 0;
}
