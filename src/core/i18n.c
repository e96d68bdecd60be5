/*
 * Language selection. French is the default: the stations run in French
 * schools. English is there for support staff and tests. We pick the
 * catalogue with $LANGUAGE, which GNU gettext honours as long as the
 * messages locale is not plain "C": when it is, we fall back to C.UTF-8.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/core.h"
#include "dotation/i18n.h"

static const char *current = "fr";
static bool station; /* set once, before any thread reads it */

void
dot_i18n_set_station(bool on)
{
	station = on;
}

bool
dot_i18n_station(void)
{
	return station;
}

static bool
starts_en(const char *v)
{
	return v && strncmp(v, "en", 2) == 0;
}

const char *
dot_i18n_lang(void)
{
	return current;
}

int
dot_i18n_init(const char *lang)
{
	const char *loc;
	char *dir;

	if (!lang || !*lang)
		lang = getenv("DOTATION_LANG");
	if (!lang || !*lang) {
		const char *v = getenv("LC_ALL");

		if (!v || !*v)
			v = getenv("LC_MESSAGES");
		if (!v || !*v)
			v = getenv("LANG");
		lang = starts_en(v) ? "en" : "fr";
	}
	if (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0)
		return DOT_EUSAGE;
	current = strcmp(lang, "fr") == 0 ? "fr" : "en";

	loc = setlocale(LC_ALL, "");
	if (!loc || strcmp(setlocale(LC_CTYPE, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_CTYPE, NULL), "POSIX") == 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	loc = setlocale(LC_MESSAGES, NULL);
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Numbers and dates stay machine-readable in every output. */
	setlocale(LC_NUMERIC, "C");

	setenv("LANGUAGE", current, 1);
	/* $DOTATION_LOCALEDIR, else BINDIR/../share/locale (paths.c). */
	dir = dot_path_localedir();
	if (dir)
		bindtextdomain("dotation", dir);
	bind_textdomain_codeset("dotation", "UTF-8");
	free(dir);
	return DOT_OK;
}
