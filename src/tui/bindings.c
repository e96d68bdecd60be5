/*
 * The station's keys, written once: each binding gives the key, the
 * action it triggers, and where it shows (its F-key bar label, its help
 * text), in the manner of htop's Action_setBindings. The F-key bar, the
 * help screen and the dispatcher all read this table; DESIGN.md's
 * "Station keys" is the contract. Letters and digits are not bound: on
 * the roll call they are serial input (ACT_CHAR).
 */
#include <curses.h>
#include <stddef.h>

#include "dotation/i18n.h"
#include "tui_int.h"

#define CTRL(c) ((c)&0x1f)

struct binding {
	int key;
	bool func; /* a KEY_* code, not a character */
	enum action action;
	int fkey;          /* 1..10: its place in the F-key bar; 0: none */
	const char *label; /* N_(): the F-key bar's word */
	const char *brief; /* N_(): the same, shorter, for narrow terminals */
	const char *keys;  /* the key as the help names it; NULL: not listed */
	const char *help;  /* N_(): what it does */
};

static const struct binding bindings[] = {
	{KEY_F(1), true, ACT_HELP, 1, N_("Help"), N_("Help"), "F1",
	 N_("this help")},
	{KEY_F(2), true, ACT_CLASSES, 2, N_("Classes"), N_("Classes"), "F2",
	 N_("choose a class (progress bars, profile filter)")},
	{KEY_F(3), true, ACT_SEARCH, 3, N_("Search"), N_("Find"), "F3",
	 N_("search a person by name over the whole roster (catch-up of "
	    "archived charters)")},
	{KEY_F(4), true, ACT_CHARTER, 4, N_("Charter"), N_("Charter"), "F4",
	 N_("record the signed charter of the highlighted person (again: "
	    "withdraw it)")},
	{KEY_F(5), true, ACT_ABSENT, 5, N_("Absent"), N_("Absent"), "F5",
	 N_("mark the highlighted person absent today (again: present)")},
	{KEY_F(6), true, ACT_UNDO, 6, N_("Undo"), N_("Undo"), "F6",
	 N_("undo the last action of this queue (asks first)")},
	{KEY_F(7), true, ACT_MANUAL, 7, N_("Type serial"), N_("Type"), "F7",
	 N_("type a serial by hand (damaged label)")},
	{KEY_F(8), true, ACT_DAY, 8, N_("Day end"), N_("Day"), "F8",
	 N_("end of day: certified list and documents")},
	{KEY_F(9), true, ACT_SETTINGS, 9, N_("Setup"), N_("Set."), "F9",
	 N_("settings: mode, accessories by default, sound")},
	{KEY_F(10), true, ACT_QUIT, 10, N_("Quit"), N_("Quit"), "F10, ^C",
	 N_("quit (everything is already saved)")},
	{KEY_F(11), true, ACT_DESK, 0, NULL, NULL, "F11",
	 N_("devices: reception into stock, loan, return of a loan, out "
	    "of service, stolen or lost, with replacement; the loans to "
	    "get back")},
	{KEY_F(12), true, ACT_CORRECT, 0, NULL, NULL, "F12",
	 N_("correct a handover: the device of the highlighted person goes "
	    "to the right person (by name or their person code) or back to "
	    "stock; also after an attestation (asks first)")},
	{CTRL('N'), false, ACT_ADD, 0, NULL, NULL, "^N, Ins",
	 N_("add a person (a newcomer) to the roster, from the roll call or "
	    "the search")},
	{KEY_IC, true, ACT_ADD, 0, NULL, NULL, NULL, NULL},
	{CTRL('C'), false, ACT_QUIT, 0, NULL, NULL, NULL, NULL},
	{KEY_UP, true, ACT_UP, 0, NULL, NULL, "↑↓ PgUp/Dn Home/End",
	 N_("move")},
	{KEY_DOWN, true, ACT_DOWN, 0, NULL, NULL, NULL, NULL},
	{KEY_PPAGE, true, ACT_PGUP, 0, NULL, NULL, NULL, NULL},
	{KEY_NPAGE, true, ACT_PGDN, 0, NULL, NULL, NULL, NULL},
	{KEY_HOME, true, ACT_HOME, 0, NULL, NULL, NULL, NULL},
	{KEY_END, true, ACT_END, 0, NULL, NULL, NULL, NULL},
	{KEY_LEFT, true, ACT_LEFT, 0, NULL, NULL, "← →",
	 N_("class picker: profile; settings: change")},
	{KEY_RIGHT, true, ACT_RIGHT, 0, NULL, NULL, NULL, NULL},
	{KEY_ENTER, true, ACT_ENTER, 0, NULL, NULL, "Enter",
	 N_("select; on the roll call: the person's journal")},
	{'\r', false, ACT_ENTER, 0, NULL, NULL, NULL, NULL},
	{'\n', false, ACT_ENTER, 0, NULL, NULL, NULL, NULL},
	{'\t', false, ACT_TAB, 0, NULL, NULL, NULL, NULL},
	{27, false, ACT_BACK, 0, NULL, NULL, "Esc",
	 N_("go back; clears what was typed; cancels a question")},
	{KEY_BACKSPACE, true, ACT_BACKSPACE, 0, NULL, NULL, NULL, NULL},
	{KEY_DC, true, ACT_BACKSPACE, 0, NULL, NULL, NULL, NULL},
	{127, false, ACT_BACKSPACE, 0, NULL, NULL, NULL, NULL},
	{CTRL('H'), false, ACT_BACKSPACE, 0, NULL, NULL, NULL, NULL},
	{CTRL('U'), false, ACT_CLEAR, 0, NULL, NULL, NULL, NULL},
	{CTRL('K'), false, ACT_MICROSD, 0, NULL, NULL, "^K",
	 N_("microSD card for the next handover (toggle)")},
	{CTRL('E'), false, ACT_CASE, 0, NULL, NULL, "^E",
	 N_("case for the next handover (toggle)")},
	{CTRL('L'), false, ACT_REFRESH, 0, NULL, NULL, "^L",
	 N_("redraw the screen")},
	{KEY_RESIZE, true, ACT_RESIZE, 0, NULL, NULL, NULL, NULL},
};

#define NBINDINGS (sizeof(bindings) / sizeof(bindings[0]))

/* What the help says besides the keys: the rules behind them. */
static const struct {
	const char *keys, *what;
} notes[] = {
	{N_("letters, digits"), N_("serial input: a scan, or a serial typed "
				   "by hand (Enter hands it over)")},
	{N_("o / n"), N_("answer a question: yes / no (Enter alone never "
			 "answers; a scan cancels the question)")},
	{N_("distribution mode"), N_("no device without a recorded charter: "
				     "F4, then scan")},
	{N_("catch-up mode"), N_("the charter is recorded with the scan (the "
				 "archived charter is in hand); F9 turns it "
				 "on for this run only")},
	{N_("after a handover"), N_("the cursor moves to the next person of "
				    "the class without a device")},
	{N_("letter O"), N_("serials never contain the letter O: type the "
			    "digit 0")},
};

#define NNOTES (sizeof(notes) / sizeof(notes[0]))

const char *
tui_fkey_label(int n, bool brief)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++)
		if (bindings[i].fkey == n)
			return _(brief ? bindings[i].brief : bindings[i].label);
	return "";
}

bool
tui_help_line(size_t i, const char **keys, const char **what)
{
	size_t k;

	/* the first note (letters and digits) comes first, then the keys */
	if (i == 0) {
		*keys = _(notes[0].keys);
		*what = _(notes[0].what);
		return true;
	}
	i--;
	for (k = 0; k < NBINDINGS; k++) {
		if (!bindings[k].keys)
			continue;
		if (i-- == 0) {
			*keys = bindings[k].keys;
			*what = _(bindings[k].help);
			return true;
		}
	}
	if (i == 0) {
		*keys = *what = ""; /* a blank line before the notes */
		return true;
	}
	i--;
	if (i + 1 >= NNOTES)
		return false;
	*keys = _(notes[i + 1].keys);
	*what = _(notes[i + 1].what);
	return true;
}

enum action
tui_bind(int key, bool func)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++)
		if (bindings[i].key == key && bindings[i].func == func)
			return bindings[i].action;
	if (!func && key >= ' ')
		return ACT_CHAR;
	return ACT_NONE;
}

/*
 * Terminals whose description lacks function keys (TERM=vt100) still get
 * the sequences tmux and xterm send: teach them to ncurses.
 */
void
tui_define_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} k[] = {
		{"\033OP", KEY_F(1)},    {"\033OQ", KEY_F(2)},
		{"\033OR", KEY_F(3)},    {"\033OS", KEY_F(4)},
		{"\033[11~", KEY_F(1)},  {"\033[12~", KEY_F(2)},
		{"\033[13~", KEY_F(3)},  {"\033[14~", KEY_F(4)},
		{"\033[15~", KEY_F(5)},  {"\033[17~", KEY_F(6)},
		{"\033[18~", KEY_F(7)},  {"\033[19~", KEY_F(8)},
		{"\033[20~", KEY_F(9)},  {"\033[21~", KEY_F(10)},
		{"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)},
		{"\033[2~", KEY_IC},     {"\033[A", KEY_UP},
		{"\033[B", KEY_DOWN},    {"\033[C", KEY_RIGHT},
		{"\033[D", KEY_LEFT},    {"\033OA", KEY_UP},
		{"\033OB", KEY_DOWN},    {"\033OC", KEY_RIGHT},
		{"\033OD", KEY_LEFT},    {"\033[H", KEY_HOME},
		{"\033[F", KEY_END},     {"\033[1~", KEY_HOME},
		{"\033[4~", KEY_END},    {"\033[5~", KEY_PPAGE},
		{"\033[6~", KEY_NPAGE},  {"\033[3~", KEY_DC},
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (key_defined(k[i].seq) == 0)
			define_key(k[i].seq, k[i].key);
}
