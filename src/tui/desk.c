/*
 * The devices desk (F11), for the whole year after the distribution day:
 * reception of a delivery into stock, a loan, the return of a loan, a
 * device out of service or stolen or lost with its replacement. Scan
 * first, as on the roll call: the device is scanned and the screen finds
 * its holder. The steps after the scan take either a scan (the
 * replacement, a borrower's card) or typed text (a name, a date, a
 * reason); a scan where text is expected never becomes that text: it
 * starts the flow over with the device scanned. Every flow ends on a
 * question answered by one key (o/n, Esc), never by Enter, which a
 * scanner sends after each label; every action is one journal entry
 * that F6 undoes. The loans to get back (overdue, or the borrower left)
 * are listed below.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

#define DESK_SEARCH_LIMIT 50
#define DESK_QUANTITY_MAX 9999 /* a typed quantity: at most 4 digits */

static const char *const mode_names[DESK_COUNT] = {
	N_("reception"),      N_("loan"),           N_("return of a loan"),
	N_("out of service"), N_("stolen or lost"),
};

void
tui_load_desk(struct station *s)
{
	struct dot_loan_filter f = {.due_back_only = true};
	char *cause = NULL;

	dot_loan_list_release(&s->desk_loans);
	if (dot_store_loans(s->st, &f, &s->desk_loans, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
}

/* The flow is abandoned: the next scan is a new device. */
void
tui_desk_reset(struct station *s)
{
	s->desk_step = DSTEP_SCAN;
	s->desk_pending[0] = s->desk_replace[0] = s->desk_holder[0] = '\0';
	s->desk_person = 0;
	s->desk_person_label[0] = '\0';
	s->desk_until[0] = s->desk_note[0] = s->desk_report[0] = '\0';
	dot_roll_free(s->desk_found);
	s->desk_found = NULL;
	s->desk_fcur = s->desk_ftop = 0;
	dot_tui_line_clear(&s->dtext);
	s->dirty = true;
}

static void ask(struct station *s, enum confirm_what what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
ask(struct station *s, enum confirm_what what, const char *fmt, ...)
{
	va_list ap;

	s->confirm.what = what;
	s->confirm.arg = 0;
	va_start(ap, fmt);
	vsnprintf(s->confirm.text, sizeof(s->confirm.text), fmt, ap);
	va_end(ap);
	s->dirty = true;
}

/* The next step takes typed text. */
static void
step_text(struct station *s, enum desk_step step)
{
	s->desk_step = step;
	dot_tui_line_clear(&s->dtext);
	s->dtext.free_text = true;
	s->dirty = true;
}

static bool
lost_mode(const struct station *s)
{
	return s->desk_mode == DESK_LOST;
}

static bool
report_required(struct station *s)
{
	char *v = NULL;
	/* unreadable: ask for it; the use case decides with the setting */
	bool yes = dot_app_setting(s->app, "lost.report_required", &v, NULL) !=
			   0 ||
		   (v && strcmp(v, "yes") == 0);

	free(v);
	return yes;
}

/* The out-of-service (or lost) question, with or without a replacement. */
static void
ask_hs(struct station *s)
{
	char report[192] = "";

	if (lost_mode(s) && s->desk_report[0])
		snprintf(report, sizeof(report), _(", police report %s"),
			 s->desk_report);
	if (s->desk_replace[0])
		ask(s, CONFIRM_HS,
		    lost_mode(s)
			    ? _("declare %s stolen or lost (%s%s) and hand %s "
				"to %s instead?")
			    : _("declare %s out of service (%s%s) and hand %s "
				"to %s instead?"),
		    s->desk_pending, s->desk_note, report, s->desk_replace,
		    s->desk_holder);
	else
		ask(s, CONFIRM_HS,
		    lost_mode(s) ? _("declare %s stolen or lost (%s%s), "
				     "without replacement?")
				 : _("declare %s out of service (%s%s), "
				     "without replacement?"),
		    s->desk_pending, s->desk_note, report);
}

static void
ask_loan(struct station *s)
{
	char until[16];

	dot_tui_date_fr(s->desk_until, until, sizeof(until));
	ask(s, CONFIRM_LOAN, _("lend %s to %s until %s (condition: %s)?"),
	    s->desk_pending, s->desk_person_label, until,
	    s->desk_note[0] ? s->desk_note : _("not noted"));
}

/* The default due date proposed for a loan: loan.until, else none. */
static void
default_until(struct station *s, char iso[11])
{
	char *v = NULL;

	iso[0] = '\0';
	if (dot_app_setting(s->app, "loan.until", &v, NULL) == 0 && v &&
	    !dot_date_parse(v, iso))
		iso[0] = '\0';
	free(v);
}

/* The borrower chosen (by name or card): their paper, then the date. */
static void
choose_borrower(struct station *s, int64_t id)
{
	struct dot_person p;
	char *label;

	if (!tui_person_load(s, id, &p))
		return;
	label = dot_app_person_label(&p);
	if (!p.active) {
		char *msg = dot_xasprintf(_("%s is no longer on the roster: no "
					    "device can be lent"),
					  label);

		tui_refuse(s, msg);
		free(msg);
	} else if (p.serial) {
		char *msg = dot_xasprintf(_("%s already holds %s: a person "
					    "holds one device at a time"),
					  label, p.serial);

		tui_refuse(s, msg);
		free(msg);
	} else {
		s->desk_person = id;
		snprintf(s->desk_person_label, sizeof(s->desk_person_label),
			 "%s", label);
		dot_roll_free(s->desk_found);
		s->desk_found = NULL;
		step_text(s, DSTEP_UNTIL);
		if (!p.loan_agreement_at)
			ask(s, CONFIRM_AGREEMENT,
			    _("%s has no loan agreement recorded (a charter of "
			      "cession is not one). Signed agreement in hand: "
			      "record it now?"),
			    label);
		else
			tui_info(s, _("%s borrows %s: type the due date"),
				 label, s->desk_pending);
	}
	free(label);
	dot_person_release(&p);
}

/*
 * The device sn scanned, into d (release it); false, refused with
 * unknown (a format naming the serial) or the store's reason, when it
 * cannot be read.
 */
static bool
desk_device(struct station *s, const char *sn, struct dot_device *d,
	    const char *unknown)
{
	char *cause = NULL;

	memset(d, 0, sizeof(*d));
	if (dot_store_device_get(s->st, sn, d, &cause) == 0)
		return true;
	if (!cause)
		cause = dot_xasprintf(unknown, sn);
	tui_refuse(s, cause);
	free(cause);
	return false;
}

/* A device scanned to lend: it must be free, then who borrows it. */
static void
scan_loan(struct station *s, const char *sn)
{
	struct dot_device d;
	char *cause = NULL;

	if (!desk_device(s, sn, &d,
			 _("device %s is unknown here: receive it into stock "
			   "first (reception), then lend it")))
		return;
	if (d.status != DOT_DEVICE_STOCK) {
		cause = d.holder_name
				? dot_xasprintf(_("%s is held by %s: it is not "
						  "free to lend"),
						sn, d.holder_name)
				: dot_xasprintf(
					  _("%s is %s: it cannot be lent"), sn,
					  dot_app_device_status_label(
						  d.status));
		tui_refuse(s, cause);
		free(cause);
	} else {
		snprintf(s->desk_pending, sizeof(s->desk_pending), "%s", sn);
		step_text(s, DSTEP_PERSON);
		tui_info(s,
			 _("%s: who borrows it? type part of a name, or scan "
			   "their card"),
			 sn);
	}
	dot_device_release(&d);
}

/* A device scanned as broken, stolen or lost: its holder found. */
static void
scan_hs(struct station *s, const char *sn)
{
	struct dot_device d;
	char *cause = NULL;

	if (!desk_device(s, sn, &d,
			 _("device %s is unknown here: check the label")))
		return;
	if (d.status == DOT_DEVICE_HS || d.status == DOT_DEVICE_LOST) {
		cause = dot_xasprintf(_("%s is already declared %s"), sn,
				      dot_app_device_status_label(d.status));
		tui_refuse(s, cause);
		free(cause);
		dot_device_release(&d);
		return;
	}
	snprintf(s->desk_pending, sizeof(s->desk_pending), "%s", sn);
	snprintf(s->desk_holder, sizeof(s->desk_holder), "%s",
		 d.holder_name ? d.holder_name : "");
	s->desk_replace[0] = '\0';
	if (d.holder_name) {
		s->desk_step = DSTEP_REPLACE;
		tui_info(s,
			 _("%s is held by %s: scan the replacement, or Enter "
			   "without one"),
			 sn, d.holder_name);
	} else {
		step_text(s, DSTEP_REASON);
		tui_info(s, _("%s: type the reason, then Enter"), sn);
	}
	dot_device_release(&d);
}

/* Reception: one box of the delivery, counted against its quantity. */
static void
receive(struct station *s, const char *sn)
{
	const char *one[1] = {sn};
	char *cause = NULL;
	int64_t seq;

	if (dot_app_stock_add(s->app, one, 1, &seq, &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
		return;
	}
	s->desk_received++;
	if (!s->desk_expected)
		tui_say(s, LAST_OK, _("%s %s in stock (%zu received)"),
			s->unicode ? "✔" : "OK", sn, s->desk_received);
	else if (s->desk_received < s->desk_expected)
		tui_say(s, LAST_OK,
			_("%s %s in stock: delivery of %zu: %zu/%zu "
			  "received"),
			s->unicode ? "✔" : "OK", sn, s->desk_expected,
			s->desk_received, s->desk_expected);
	else if (s->desk_received == s->desk_expected)
		tui_say(s, LAST_OK,
			_("%s %s in stock: delivery of %zu complete: %zu/%zu "
			  "received"),
			s->unicode ? "✔" : "OK", sn, s->desk_expected,
			s->desk_received, s->desk_expected);
	else
		/* recorded: the box is here; the delivery note is wrong */
		tui_say(s, LAST_ERROR,
			_("%s %s in stock, but %zu/%zu: more boxes than the "
			  "delivery of %zu announced: check the delivery note"),
			s->unicode ? "⚠" : "!", sn, s->desk_received,
			s->desk_expected, s->desk_expected);
}

/* A serial scanned or typed on the desk. */
void
tui_desk_scan(struct station *s, const char *serial, uint64_t t)
{
	struct dot_assign_result res;
	char sn[DOT_SERIAL_BUF], *cause = NULL;
	enum dot_serial_reason r;

	int64_t id;

	tui_trace_mark(s, "desk", t);
	if (s->desk_step == DSTEP_PERSON &&
	    (id = tui_person_code(s, serial)) != 0) {
		/* the borrower's card (-1: unreadable, refused) */
		if (id > 0)
			choose_borrower(s, id);
		return;
	}
	if (s->desk_step != DSTEP_SCAN && s->desk_step != DSTEP_REPLACE) {
		/* a scan where text was expected: the flow starts over */
		tui_desk_reset(s);
		snprintf(s->hint, sizeof(s->hint), "%s",
			 _("a scan started the flow over: nothing of the "
			   "previous one was recorded"));
		s->hint_until = tui_now_us() + HINT_US;
	}
	r = dot_serial_check(serial, NULL, sn, sizeof(sn));
	if (r != DOT_SERIAL_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s : %s", serial,
			 dot_serial_reason_message(r));
		tui_refuse(s, msg);
		return;
	}
	switch (s->desk_mode) {
	case DESK_RECEPTION:
		receive(s, sn);
		break;
	case DESK_LOAN:
		scan_loan(s, sn);
		break;
	case DESK_RETURN:
		if (dot_app_on_loan(s->app, sn, &res, &cause) != 0) {
			tui_refuse(s, cause);
			break;
		}
		snprintf(s->desk_pending, sizeof(s->desk_pending), "%s", sn);
		snprintf(s->desk_holder, sizeof(s->desk_holder), "%s",
			 res.name);
		/* the condition sheet is filled in again with the borrower */
		step_text(s, DSTEP_CONDITION);
		tui_info(s, _("%s, lent to %s: type its condition on return"),
			 sn, res.name);
		break;
	case DESK_HS:
	case DESK_LOST:
		if (s->desk_step == DSTEP_REPLACE) {
			/* the second scan: the replacement */
			snprintf(s->desk_replace, sizeof(s->desk_replace), "%s",
				 sn);
			step_text(s, DSTEP_REASON);
			tui_info(s,
				 _("%s replaces %s: type the reason, then "
				   "Enter"),
				 sn, s->desk_pending);
			break;
		}
		scan_hs(s, sn);
		break;
	}
	free(cause);
	tui_load_desk(s);
}

static void
record_agreement(struct station *s)
{
	char *cause = NULL;
	int64_t seq;

	if (dot_app_loan_agreement(s->app, s->desk_person, false, &seq,
				   &cause) == 0) {
		tui_person_changed(s, NULL, s->desk_person);
		tui_say(s, LAST_OK,
			_("%s loan agreement recorded: %s: type the due date"),
			s->unicode ? "✔" : "OK", s->desk_person_label);
	} else {
		tui_refuse(s, cause);
	}
	free(cause);
}

/* Who the flow's device goes from or to: its holder, or the borrower. */
static int64_t
desk_holder_id(struct station *s)
{
	struct dot_device d;
	int64_t id = s->desk_person;

	memset(&d, 0, sizeof(d));
	if (!id && s->desk_pending[0] &&
	    dot_store_device_get(s->st, s->desk_pending, &d, NULL) == 0)
		id = d.holder;
	dot_device_release(&d);
	return id;
}

/* The question of the desk was answered yes. */
void
tui_desk_confirmed(struct station *s)
{
	struct dot_hs_opts o = {.reason = s->desk_note, .lost = lost_mode(s)};
	struct dot_loan_opts lo = {.until = s->desk_until};
	struct dot_assign_result res;
	struct dot_hs_result hres;
	char *cause = NULL;
	int64_t holder = desk_holder_id(s);

	switch (s->confirm.what) {
	case CONFIRM_AGREEMENT:
		/* the flow goes on: the due date is next */
		record_agreement(s);
		return;
	case CONFIRM_RETURN:
		if (dot_app_return(s->app, s->desk_pending,
				   s->desk_note[0] ? s->desk_note : NULL, true,
				   &res, &cause) == 0)
			tui_say(s, LAST_OK,
				_("%s %s returned by %s: back in stock, for "
				  "loans only"),
				s->unicode ? "✔" : "OK", res.serial, res.name);
		else
			tui_refuse(s, cause);
		break;
	case CONFIRM_LOAN:
		lo.condition = s->desk_note[0] ? s->desk_note : NULL;
		if (dot_app_loan(s->app, s->desk_person, s->desk_pending, &lo,
				 &res, &cause) == 0) {
			char until[16];

			dot_tui_date_fr(s->desk_until, until, sizeof(until));
			tui_say(s, LAST_OK, _("%s %s lent to %s until %s"),
				s->unicode ? "✔" : "OK", res.serial, res.name,
				until);
			tui_sources_kick_sync(s);
		} else {
			tui_refuse(s, cause);
		}
		break;
	default:
		o.replace = s->desk_replace[0] ? s->desk_replace : NULL;
		o.report = s->desk_report[0] ? s->desk_report : NULL;
		if (dot_app_out_of_service(s->app, s->desk_pending, &o, &hres,
					   &cause) != 0)
			tui_refuse(s, cause);
		else if (hres.replacement[0])
			tui_say(s, LAST_OK,
				lost_mode(s) ? _("%s %s stolen or lost; %s now "
						 "holds %s")
					     : _("%s %s out of service; %s now "
						 "holds %s"),
				s->unicode ? "✔" : "OK", hres.serial, hres.name,
				hres.replacement);
		else
			tui_say(s, LAST_OK,
				lost_mode(s) ? _("%s %s stolen or lost")
					     : _("%s %s out of service"),
				s->unicode ? "✔" : "OK", hres.serial);
		break;
	}
	free(cause);
	/* the roll call shows the holder's row as it is now */
	if (holder)
		tui_person_changed(s, NULL, holder);
	tui_desk_reset(s);
	tui_load_desk(s);
}

/* The loan's borrower: the people the typed name finds. */
static void
search_borrower(struct station *s)
{
	char q[DOT_TUI_LINE_MAX * 4 + 1], *cause = NULL;

	dot_roll_free(s->desk_found);
	s->desk_found = NULL;
	s->desk_fcur = s->desk_ftop = 0;
	dot_tui_line_text(&s->dtext, q, sizeof(q));
	if (tui_text_width(q) < 2)
		return;
	if (dot_roll_open_search(s->app, q, DESK_SEARCH_LIMIT, &s->desk_found,
				 &cause) != 0) {
		tui_refuse(s, cause);
		free(cause);
	}
}

/* Copy text into dst (dstsz bytes), cut at a character's boundary. */
static void
keep_text(char *dst, size_t dstsz, const char *text)
{
	size_t k = strlen(text);

	if (k >= dstsz) {
		k = dstsz - 1;
		while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(dst, text, k);
	dst[k] = '\0';
}

/* Enter on a text step: the text typed is that step's answer. */
static void
text_entered(struct station *s)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1], iso[11];
	const struct dot_person *p;

	dot_tui_line_text(&s->dtext, text, sizeof(text));
	dot_trim(text);
	switch (s->desk_step) {
	case DSTEP_PERSON:
		p = s->desk_found ? dot_roll_person(s->desk_found, s->desk_fcur)
				  : NULL;
		if (!p) {
			tui_refuse(s, _("nobody chosen: type part of the "
					"borrower's name, or scan their card"));
			return;
		}
		choose_borrower(s, p->id);
		return;
	case DSTEP_UNTIL:
		if (!text[0])
			default_until(s, iso);
		else if (!dot_date_parse(text, iso))
			iso[0] = '\0';
		if (!iso[0] && !text[0]) {
			tui_refuse(s, _("no end date for loans is set here: "
					"type the due date as DD/MM/YYYY"));
			return;
		}
		if (!iso[0]) {
			char *msg = dot_xasprintf(_("%s is not a calendar "
						    "date: type it as "
						    "DD/MM/YYYY"),
						  text);

			tui_refuse(s, msg);
			free(msg);
			dot_tui_line_clear(&s->dtext);
			return;
		}
		snprintf(s->desk_until, sizeof(s->desk_until), "%s", iso);
		step_text(s, DSTEP_CONDITION);
		return;
	case DSTEP_CONDITION:
		keep_text(s->desk_note, sizeof(s->desk_note), text);
		dot_tui_line_clear(&s->dtext);
		if (s->desk_mode == DESK_RETURN)
			ask(s, CONFIRM_RETURN,
			    _("%s, lent to %s: %s. Done in front of them?"),
			    s->desk_pending, s->desk_holder,
			    dot_app_return_reminder());
		else
			ask_loan(s);
		return;
	case DSTEP_REASON:
		if (!text[0]) {
			tui_refuse(s, _("type the reason (broken screen, "
					"stolen on the bus ...), then Enter"));
			return;
		}
		keep_text(s->desk_note, sizeof(s->desk_note), text);
		if (lost_mode(s)) {
			step_text(s, DSTEP_REPORT);
			return;
		}
		dot_tui_line_clear(&s->dtext);
		ask_hs(s);
		return;
	case DSTEP_REPORT:
		if (!text[0] && report_required(s)) {
			tui_refuse(s, _("a stolen or lost device needs the "
					"police report's reference (setting "
					"lost.report_required): type it, then "
					"Enter"));
			return;
		}
		keep_text(s->desk_report, sizeof(s->desk_report), text);
		dot_tui_line_clear(&s->dtext);
		ask_hs(s);
		return;
	default:
		return;
	}
}

/*
 * The text line ended (Enter, or silence after a burst): a scanner
 * burst is a scan (a borrower's card on the person step, else a device
 * that starts the flow over), never the step's text.
 */
static void
text_line_end(struct station *s, uint64_t t, bool enter)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (!dot_tui_line_is_burst(&s->dtext)) {
		if (enter)
			text_entered(s);
		return;
	}
	dot_tui_line_frame(&s->dtext, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	dot_tui_line_drop_run(&s->dtext);
	tui_desk_scan(s, serial, t);
}

void
tui_desk_timers(struct station *s, uint64_t now)
{
	if (dot_tui_line_idle_burst(&s->dline, now)) {
		tui_desk_line_end(s, s->dline.t[s->dline.n - 1]);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
	if (dot_tui_line_idle_burst(&s->dtext, now)) {
		text_line_end(s, s->dtext.t[s->dtext.n - 1], false);
		s->swallow_enter_until = now + SWALLOW_ENTER_US;
	}
}

static bool
text_step(const struct station *s)
{
	return s->desk_step != DSTEP_SCAN && s->desk_step != DSTEP_REPLACE;
}

/* What the operator does next, on the line above the entry. */
static const char *
prompt(struct station *s, char *buf, size_t bufsz)
{
	char until[16];

	switch (s->desk_step) {
	case DSTEP_PERSON:
		return _("the borrower: type part of a name (arrows, Enter), "
			 "or scan their card · Esc: cancel");
	case DSTEP_UNTIL:
		default_until(s, until);
		if (until[0]) {
			char fr[16];

			dot_tui_date_fr(until, fr, sizeof(fr));
			snprintf(buf, bufsz,
				 _("due date (DD/MM/YYYY; Enter: %s) · F4: "
				   "loan agreement · Esc: cancel"),
				 fr);
			return buf;
		}
		return _("due date (DD/MM/YYYY) · F4: loan agreement · Esc: "
			 "cancel");
	case DSTEP_CONDITION:
		if (s->desk_mode == DESK_RETURN)
			return _("condition on return (the \"fiche état du "
				 "matériel\", filled in with the borrower; "
				 "Enter: none noted) · Esc: cancel");
		return _("condition of the device (the \"fiche état du "
			 "matériel\"; Enter: none noted) · Esc: cancel");
	case DSTEP_REPLACE:
		return _("scan the replacement, or Enter without one · Esc: "
			 "cancel");
	case DSTEP_REASON:
		return _("the reason, typed (broken screen, stolen ...) · Esc: "
			 "cancel");
	case DSTEP_REPORT:
		return report_required(s)
			       ? _("the police report's reference (required) "
				   "· Esc: cancel")
			       : _("the police report's reference (Enter: "
				   "none) · Esc: cancel");
	default:
		break;
	}
	switch (s->desk_mode) {
	case DESK_RECEPTION:
		if (!s->desk_expected)
			snprintf(buf, bufsz,
				 _("type the delivery's quantity then Enter, "
				   "or scan each box: received this time: %zu "
				   "· in stock: %lld"),
				 s->desk_received,
				 (long long)s->status.devices_stock);
		else if (s->desk_received < s->desk_expected)
			snprintf(buf, bufsz,
				 _("delivery of %zu: %zu/%zu received · in "
				   "stock: %lld"),
				 s->desk_expected, s->desk_received,
				 s->desk_expected,
				 (long long)s->status.devices_stock);
		else if (s->desk_received == s->desk_expected)
			snprintf(buf, bufsz,
				 _("delivery of %zu complete: %zu/%zu received "
				   "· type the next delivery's quantity"),
				 s->desk_expected, s->desk_received,
				 s->desk_expected);
		else
			snprintf(buf, bufsz,
				 _("delivery of %zu: %zu/%zu received, %zu "
				   "more than announced: check the delivery "
				   "note"),
				 s->desk_expected, s->desk_received,
				 s->desk_expected,
				 s->desk_received - s->desk_expected);
		return buf;
	case DESK_LOAN:
		return _("scan the device to lend (from the stock)");
	case DESK_RETURN:
		return _("scan the lent device: the screen finds its borrower");
	case DESK_HS:
		return _("scan the broken device: the screen finds its holder");
	default:
		return _("scan the stolen or lost device (or type its serial): "
			 "the screen finds its holder");
	}
}

static void
draw_desk(struct station *s, int body, int rows)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1], from[16], until[16], buf[512];
	int y = body, end = body + rows, x, i;
	size_t k;

	tui_putf(y++, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("Devices: reception, loans, returns, out of service"));
	x = tui_putf(y, 1, COLS - 1, NORM, false, "%s ", _("Tab:"));
	for (i = 0; i < DESK_COUNT; i++)
		x += tui_putf(y, 1 + x, COLS - 1 - x,
			      i == s->desk_mode ? tui_attr(s, C_SELECTED)
						: NORM,
			      false, " %s ", _(mode_names[i]));
	y += 2;
	if (s->desk_pending[0]) {
		x = tui_putf(y, 1, COLS - 2, A_BOLD, false, "%s",
			     s->desk_pending);
		if (s->desk_person_label[0])
			x += tui_putf(y, 1 + x, COLS - 2 - x, NORM, false,
				      " → %s", s->desk_person_label);
		else if (s->desk_holder[0])
			x += tui_putf(y, 1 + x, COLS - 2 - x, NORM, false,
				      " · %s", s->desk_holder);
		if (s->desk_replace[0])
			x += tui_putf(y, 1 + x, COLS - 2 - x, NORM, false,
				      _(" · replacement %s"), s->desk_replace);
		if (s->desk_note[0])
			tui_putf(y, 1 + x, COLS - 2 - x, NORM, false, " · %s",
				 s->desk_note);
		y++;
	}
	/* two rows at most: at 80 columns the French prompts wrap */
	y += tui_wrap(y, 1, COLS - 2, 2, prompt(s, buf, sizeof(buf)),
		      s->desk_mode == DESK_RECEPTION && s->desk_expected &&
				      s->desk_received > s->desk_expected
			      ? tui_attr(s, C_WARN)
			      : NORM);
	if (text_step(s)) {
		dot_tui_line_text(&s->dtext, text, sizeof(text));
		x = tui_putf(y, 1, COLS - 1, A_BOLD, false, "%s ",
			     s->desk_step == DSTEP_PERSON ? _("name:")
							  : _("text:"));
	} else {
		dot_tui_line_text(&s->dline, text, sizeof(text));
		x = tui_putf(y, 1, COLS - 1, A_BOLD, false, "%s ",
			     _("serial:"));
	}
	tui_putf(y++, 1 + x, COLS - 1 - x, tui_attr(s, C_SELECTED), true, "%s_",
		 text);
	y++;
	if (s->desk_step == DSTEP_PERSON) {
		if (tui_rows(s->desk_found))
			tui_draw_people(s, y, end - y, s->desk_found,
					s->desk_fcur, &s->desk_ftop, true);
		return;
	}
	if (y >= end)
		return;
	tui_putf(y++, 1, COLS - 2, tui_attr(s, s->desk_loans.n ? C_WARN : NORM),
		 true,
		 _("loans to get back (overdue, or the borrower left): "
		   "%zu"),
		 s->desk_loans.n);
	for (k = 0; k < s->desk_loans.n && y < end; k++) {
		const struct dot_loan *l = &s->desk_loans.v[k];

		dot_tui_date_fr(l->from, from, sizeof(from));
		dot_tui_date_fr(l->until, until, sizeof(until));
		tui_putf(y++, 3, COLS - 4, NORM, true,
			 "%-20s %-40s %s → %s  %s", l->serial, l->name, from,
			 until,
			 l->active ? _("overdue") : _("left the roster"));
	}
}

/* F4 on the desk: the borrower's loan agreement, never a roll-call one. */
static void
desk_agreement_key(struct station *s)
{
	struct dot_person p;

	if (!s->desk_person) {
		tui_refuse(s, _("F4 here records the loan agreement of the "
				"borrower: scan the device to lend and choose "
				"the borrower first"));
		return;
	}
	memset(&p, 0, sizeof(p));
	if (dot_store_person_get(s->st, s->desk_person, &p, NULL) == 0 &&
	    p.loan_agreement_at)
		tui_info(s, _("%s: loan agreement already recorded"),
			 s->desk_person_label);
	else
		record_agreement(s);
	dot_person_release(&p);
}

static int
key_desk(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	bool text = text_step(s);

	switch (a) {
	case ACT_CHAR:
		if (text) {
			tui_line_char(s, &s->dtext, (wchar_t)ch, t, false);
			if (s->desk_step == DSTEP_PERSON)
				search_borrower(s);
		} else {
			tui_line_char(s, &s->dline, (wchar_t)ch, t, true);
		}
		return R_REDRAW;
	case ACT_ENTER:
		if (text) {
			if (!s->dtext.n && t < s->swallow_enter_until)
				return R_NONE;
			text_line_end(s, t, true);
			return R_REDRAW;
		}
		if (s->dline.n) {
			tui_desk_line_end(s, t);
			return R_REDRAW;
		}
		if (t < s->swallow_enter_until)
			return R_NONE;
		if (s->desk_step == DSTEP_REPLACE) {
			step_text(s, DSTEP_REASON);
			tui_info(s,
				 _("%s without replacement: type the "
				   "reason, then Enter"),
				 s->desk_pending);
		}
		return R_REDRAW;
	case ACT_TAB:
		if (text && s->dtext.n) {
			text_line_end(s, t, false);
			return R_REDRAW;
		}
		if (!text && s->dline.n) {
			tui_desk_line_end(s, t);
			return R_REDRAW;
		}
		s->desk_mode = (s->desk_mode + 1) % DESK_COUNT;
		tui_desk_reset(s);
		return R_REDRAW;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_HOME:
	case ACT_END:
		if (s->desk_step != DSTEP_PERSON)
			return R_UNHANDLED;
		tui_move_cursor(&s->desk_fcur, tui_rows(s->desk_found), a,
				tui_page_rows());
		return R_REDRAW;
	case ACT_BACKSPACE:
		if (text) {
			dot_tui_line_backspace(&s->dtext);
			if (s->desk_step == DSTEP_PERSON)
				search_borrower(s);
		} else {
			dot_tui_line_backspace(&s->dline);
		}
		return R_REDRAW;
	case ACT_CHARTER:
		desk_agreement_key(s);
		return R_REDRAW;
	case ACT_ABSENT:
		tui_refuse(s, _("absences are marked on the roll call (F2), "
				"not at the devices desk"));
		return R_REDRAW;
	case ACT_BACK:
	case ACT_CLEAR:
		if (s->dline.n || s->dtext.n || s->desk_pending[0]) {
			dot_tui_line_clear(&s->dline);
			tui_desk_reset(s);
			return R_REDRAW;
		}
		if (a == ACT_BACK) {
			tui_home(s);
			return R_RELOAD;
		}
		return R_NONE;
	default:
		return R_UNHANDLED;
	}
}

/*
 * The desk's serial line ended: a scan or a serial typed by hand; on the
 * reception, a number typed by hand (at most four digits, never a
 * serial) is the quantity of the delivery about to be scanned.
 */
void
tui_desk_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];
	size_t n;

	if (s->dline.n == 0)
		return;
	dot_tui_line_frame(&s->dline, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	dot_tui_line_clear(&s->dline);
	n = strspn(serial, "0123456789");
	if (s->desk_mode == DESK_RECEPTION && s->desk_step == DSTEP_SCAN &&
	    n > 0 && n <= 4 && !serial[n]) {
		s->desk_expected = (size_t)strtoul(serial, NULL, 10);
		s->desk_received = 0;
		if (s->desk_expected > DESK_QUANTITY_MAX)
			s->desk_expected = DESK_QUANTITY_MAX;
		if (s->desk_expected)
			tui_info(s,
				 _("delivery of %zu: scan each box (0/%zu "
				   "received)"),
				 s->desk_expected, s->desk_expected);
		else
			tui_info(s, "%s",
				 _("no quantity: each box scanned is counted"));
		return;
	}
	if (serial[0])
		tui_desk_scan(s, serial, t);
}

const struct tui_screen_ops tui_desk_screen = {
	.draw = draw_desk,
	.key = key_desk,
	.takes_text = true,
};
