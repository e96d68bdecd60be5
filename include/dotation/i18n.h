/*
 * i18n: gettext wiring. Message ids are English; French is the default
 * language of the interface (DESIGN.md: French first, English available).
 */
#ifndef DOTATION_I18N_H
#define DOTATION_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) dgettext("dotation", s)
#define N_(s) (s)

/*
 * Choose the interface language: lang is "fr", "en" or NULL (then
 * $DOTATION_LANG, then English when $LC_ALL, $LC_MESSAGES or $LANG start
 * with "en", else French). Binds the message catalogue, looked up in
 * $DOTATION_LOCALEDIR when set and not empty (tests, the uninstalled
 * build tree), else in ../share/locale from the directory of the running
 * binary (/proc/self/exe), so any install prefix works; no build path is
 * compiled in. A missing catalogue leaves the messages in English.
 * Returns 0, or DOT_EUSAGE for an unknown language.
 */
int dot_i18n_init(const char *lang);

/* The language in force: "fr" or "en". */
const char *dot_i18n_lang(void);

/*
 * Who reads the messages. A message saying what to do names a key or a
 * place of the station when the station shows it, a command otherwise
 * (the librarian at the station is never sent to a terminal): each such
 * message has both wordings and picks one with dot_i18n_station(). The
 * station says so once at start, before its worker threads; the command
 * line never does.
 */
void dot_i18n_set_station(bool station);
bool dot_i18n_station(void);

#endif
