/*
 * The settings of this queue (F9), one table: each item's name, how its
 * value reads and what changing it does. Accessories and sound are kept
 * per queue in the database; the mode (catch-up) is for this run only.
 */
#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

static bool
setting_bool(struct station *s, enum dot_queue_setting name, bool def)
{
	char *key = dot_queue_setting_key(s->queue, name);
	char *v = NULL, *cause = NULL;
	bool r = def;

	/* unreadable: say so, keep the default (what a fresh queue has) */
	if (dot_store_setting_get_key(s->st, key, &v, &cause) != 0)
		tui_refuse(s, cause);
	else if (v)
		r = strcmp(v, "1") == 0 || strcmp(v, "on") == 0;
	free(cause);
	free(v);
	free(key);
	return r;
}

static void
setting_save(struct station *s, enum dot_queue_setting name, const char *value)
{
	char *key = dot_queue_setting_key(s->queue, name);
	char *cause = NULL;

	if (dot_store_setting_set_key(s->st, key, value, &cause) != 0) {
		tui_refuse(s, cause ? cause : _("cannot save the setting"));
		free(cause);
	}
	free(key);
}

/* The settings, in screen order: one table for drawing, loading, saving. */
static const struct setting {
	const char *name; /* N_() */
	size_t field;     /* offsetof(struct station, a bool) */
	int key;          /* enum dot_queue_setting; -1: this run only */
	bool def;
	const char *on, *off;             /* N_(): how the value reads */
	const char *on_value, *off_value; /* as stored */
} settings[] = {
	{N_("mode (this run)"), offsetof(struct station, catchup), -1, false,
	 N_("catch-up (charter recorded with the scan)"),
	 N_("distribution (charter required)"), NULL, NULL},
	{N_("microSD card by default"), offsetof(struct station, def_microsd),
	 DOT_QSETTING_MICROSD, true, N_("yes"), N_("no"), "1", "0"},
	{N_("case by default"), offsetof(struct station, def_case),
	 DOT_QSETTING_CASE, true, N_("yes"), N_("no"), "1", "0"},
	{N_("sound"), offsetof(struct station, sound), DOT_QSETTING_SOUND, true,
	 N_("on"), N_("off"), "on", "off"},
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))
/* After the table: the operator's name, a text (prompt.c). */
#define ROW_OPERATOR NSETTINGS

static bool *
field(struct station *s, const struct setting *it)
{
	return (bool *)((char *)s + it->field);
}

void
tui_load_settings(struct station *s)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (settings[i].key >= 0)
			*field(s, &settings[i]) = setting_bool(
				s, (enum dot_queue_setting)settings[i].key,
				settings[i].def);
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	/* the name given once in F9, else the login the station started with */
	{
		char *key =
			dot_queue_setting_key(s->queue, DOT_QSETTING_OPERATOR);
		char *v = NULL;

		if (dot_store_setting_get_key(s->st, key, &v, NULL) == 0 && v &&
		    *v) {
			free(s->operator_name);
			s->operator_name = v;
			dot_app_set_operator(s->app, v);
		} else {
			free(v);
		}
		free(key);
	}
}

void
tui_settings_prompt_done(struct station *s, const char *text)
{
	char *name = dot_xstrdup(text);
	size_t n;

	dot_trim(name);
	n = strlen(name);
	if (n == 0 || n > 64) {
		tui_refuse(s, n ? _("the operator's name is too long (64 "
				    "characters at most)")
				: _("the operator's name cannot be empty"));
		free(name);
		return;
	}
	setting_save(s, DOT_QSETTING_OPERATOR, name);
	free(s->operator_name);
	s->operator_name = name;
	dot_app_set_operator(s->app, name);
	tui_say(s, LAST_OK,
		_("operator: %s (recorded in every entry of this "
		  "queue and on the documents)"),
		name);
}

static void
draw_settings(struct station *s, int body, int rows)
{
	int nw = COLS >= 100 ? 34 : 26;
	size_t i;

	tui_putf(body, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("Settings of this queue (Enter or ←/→ changes, Esc goes "
		   "back)"));
	for (i = 0; i < NSETTINGS && (int)i + 2 < rows; i++) {
		const struct setting *it = &settings[i];
		int a = i == s->setcur ? tui_attr(s, C_SELECTED) : NORM;
		int y = body + 2 + (int)i;

		tui_put(y, 0, COLS, "", a, true);
		tui_put(y, 2, nw - 1, _(it->name), a, true);
		tui_put(y, nw + 1, COLS - nw - 1,
			*field(s, it) ? _(it->on) : _(it->off), a | A_BOLD,
			true);
	}
	if ((int)NSETTINGS + 2 < rows) {
		int a = s->setcur == ROW_OPERATOR ? tui_attr(s, C_SELECTED)
						  : NORM;
		int y = body + 2 + (int)NSETTINGS;

		tui_put(y, 0, COLS, "", a, true);
		tui_put(y, 2, nw - 1, _("operator"), a, true);
		tui_putf(y, nw + 1, COLS - nw - 1, a, true, "%s  %s",
			 s->operator_name ? s->operator_name : "",
			 _("(Enter changes it)"));
		if (s->prompt.what == PROMPT_OPERATOR &&
		    (int)NSETTINGS + 8 < rows)
			tui_draw_prompt(s, y + 2);
	}
}

static void
settings_change(struct station *s)
{
	const struct setting *it;
	bool *v;

	if (s->setcur == ROW_OPERATOR) {
		tui_prompt_open(s, PROMPT_OPERATOR,
				_("Name of the operator of this queue (kept "
				  "for the next days):"),
				s->operator_name ? s->operator_name : "");
		return;
	}
	it = &settings[s->setcur];
	v = field(s, it);

	*v = !*v;
	s->microsd = s->def_microsd;
	s->has_case = s->def_case;
	if (it->key >= 0)
		setting_save(s, (enum dot_queue_setting)it->key,
			     *v ? it->on_value : it->off_value);
}

static int
key_settings(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	(void)ch;
	(void)t;
	switch (a) {
	case ACT_UP:
		if (s->setcur > 0)
			s->setcur--;
		return R_REDRAW;
	case ACT_DOWN:
		if (s->setcur < ROW_OPERATOR)
			s->setcur++;
		return R_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (s->setcur == ROW_OPERATOR)
			return R_REDRAW;
		/* fall through */
	case ACT_ENTER:
		settings_change(s);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_SETTINGS:
		tui_home(s);
		return R_RELOAD;
	default:
		return R_UNHANDLED;
	}
}

const struct tui_screen_ops tui_settings_screen = {
	.draw = draw_settings,
	.key = key_settings,
	.takes_text = false,
};
