/*
 * The command table. Adding a command: one file cmd_NAME.c, one line here,
 * its declaration in cli.h, its usage and summary translated in po/fr/.
 */
#include <stddef.h>

#include "cli.h"
#include "dotation/i18n.h"

const struct dot_cmd dot_cmds[] = {
	{"check-serial", cmd_check_serial,
	 N_("dotation check-serial SERIAL..."),
	 N_("check serial numbers: one line per serial, ok or the reason")},
	{NULL, NULL, NULL, NULL},
};
