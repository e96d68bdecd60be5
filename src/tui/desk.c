/*
 * The devices desk (F11), for the whole year after the distribution day:
 * reception of a delivery into stock, the return of a loan, a device out
 * of service with its replacement. Scan first, as on the roll call: the
 * device is scanned and the screen finds its holder; a return or an
 * out-of-service declaration is then confirmed by one key (o/n), never by
 * Enter, which a scanner sends after each label. The loans to get back
 * (overdue, or the borrower left) are listed below.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotation/i18n.h"
#include "tui_int.h"

static const char *const mode_names[DESK_COUNT] = {
	N_("reception"),
	N_("return of a loan"),
	N_("out of service"),
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

static void
ask(struct station *s, enum confirm_what what, const char *fmt, ...)
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

/* The out-of-service question, with or without a replacement. */
static void
ask_hs(struct station *s)
{
	if (s->desk_replace[0])
		ask(s, CONFIRM_HS,
		    _("declare %s out of service and hand %s to %s instead?"),
		    s->desk_pending, s->desk_replace, s->desk_holder);
	else
		ask(s, CONFIRM_HS,
		    _("declare %s out of service, without replacement?"),
		    s->desk_pending);
}

/* A serial scanned or typed on the desk. */
void
tui_desk_scan(struct station *s, const char *serial, uint64_t t)
{
	struct dot_assign_result res;
	char sn[DOT_SERIAL_BUF], *cause = NULL;
	const char *one[1] = {serial};
	struct dot_device d;
	enum dot_serial_reason r;
	int64_t seq;

	tui_trace_mark(s, "desk", t);
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
		if (dot_app_stock_add(s->app, one, 1, &seq, &cause) == 0) {
			s->desk_received++;
			tui_say(s, LAST_OK, _("%s %s in stock (%zu received)"),
				s->unicode ? "✔" : "OK", sn, s->desk_received);
		} else {
			tui_refuse(s, cause);
		}
		break;
	case DESK_RETURN:
		if (dot_app_on_loan(s->app, sn, &res, &cause) != 0) {
			tui_refuse(s, cause);
			break;
		}
		snprintf(s->desk_pending, sizeof(s->desk_pending), "%s", sn);
		ask(s, CONFIRM_RETURN,
		    _("%s, lent to %s: %s. Done in front of them?"), sn,
		    res.name, dot_app_return_reminder());
		break;
	case DESK_HS:
		if (s->desk_pending[0]) {
			/* the second scan: the replacement */
			snprintf(s->desk_replace, sizeof(s->desk_replace),
				 "%s", sn);
			ask_hs(s);
			break;
		}
		if (dot_store_device_get(s->st, sn, &d, &cause) != 0) {
			if (!cause)
				cause = dot_xasprintf(
					_("device %s is unknown here: check "
					  "the label"), sn);
			tui_refuse(s, cause);
			break;
		}
		snprintf(s->desk_pending, sizeof(s->desk_pending), "%s", sn);
		snprintf(s->desk_holder, sizeof(s->desk_holder), "%s",
			 d.holder_name ? d.holder_name : "");
		s->desk_replace[0] = '\0';
		if (d.holder_name)
			tui_info(s,
				 _("%s is held by %s: scan the replacement, "
				   "or Enter without one"),
				 sn, d.holder_name);
		else
			ask_hs(s);
		dot_device_release(&d);
		break;
	}
	free(cause);
	tui_load_desk(s);
}

/* The question of the desk was answered yes. */
void
tui_desk_confirmed(struct station *s)
{
	struct dot_hs_opts o = {.reason = _("declared at the station")};
	struct dot_assign_result res;
	struct dot_hs_result hres;
	char *cause = NULL;

	if (s->confirm.what == CONFIRM_RETURN) {
		if (dot_app_return(s->app, s->desk_pending, NULL, true, &res,
				   &cause) == 0)
			tui_say(s, LAST_OK,
				_("%s %s returned by %s: back in stock, for "
				  "loans only"),
				s->unicode ? "✔" : "OK", res.serial, res.name);
		else
			tui_refuse(s, cause);
	} else {
		o.replace = s->desk_replace[0] ? s->desk_replace : NULL;
		if (dot_app_out_of_service(s->app, s->desk_pending, &o, &hres,
					   &cause) == 0 &&
		    hres.replacement[0])
			tui_say(s, LAST_OK,
				_("%s %s out of service; %s now holds %s"),
				s->unicode ? "✔" : "OK", hres.serial,
				hres.name, hres.replacement);
		else if (!cause)
			tui_say(s, LAST_OK, _("%s %s out of service"),
				s->unicode ? "✔" : "OK", hres.serial);
		else
			tui_refuse(s, cause);
	}
	free(cause);
	s->desk_pending[0] = s->desk_replace[0] = s->desk_holder[0] = '\0';
	tui_load_desk(s);
}

static void
draw_desk(struct station *s, int body, int rows)
{
	char text[DOT_TUI_LINE_MAX * 4 + 1], from[16], until[16];
	int y = body, end = body + rows, x, i;
	size_t k;

	tui_putf(y++, 0, COLS, tui_attr(s, C_TITLE), true, " %s",
		 _("Devices: reception, returns, out of service"));
	x = tui_putf(y, 1, COLS - 1, NORM, false, "%s ", _("Tab:"));
	for (i = 0; i < DESK_COUNT; i++)
		x += tui_putf(y, 1 + x, COLS - 1 - x,
			      i == s->desk_mode ? tui_attr(s, C_SELECTED)
						: NORM,
			      false, " %s ", _(mode_names[i]));
	y += 2;
	switch (s->desk_mode) {
	case DESK_RECEPTION:
		tui_putf(y++, 1, COLS - 2, NORM, true,
			 _("scan each box of the delivery: received this "
			   "time: %zu · in stock: %lld"),
			 s->desk_received, (long long)s->status.devices_stock);
		break;
	case DESK_RETURN:
		tui_putf(y++, 1, COLS - 2, NORM, true, "%s",
			 _("scan the lent device: the screen finds its "
			   "borrower"));
		break;
	case DESK_HS:
		tui_putf(y++, 1, COLS - 2, NORM, true, "%s",
			 s->desk_pending[0]
				 ? _("scan the replacement, or Enter without "
				     "one · Esc: cancel")
				 : _("scan the broken, stolen or lost device: "
				     "the screen finds its holder"));
		break;
	}
	dot_tui_line_text(&s->dline, text, sizeof(text));
	x = tui_putf(y, 1, COLS - 1, A_BOLD, false, "%s ", _("serial:"));
	tui_putf(y++, 1 + x, COLS - 1 - x, tui_attr(s, C_SELECTED), true,
		 "%s_", text);
	y++;
	if (y >= end)
		return;
	tui_putf(y++, 1, COLS - 2, tui_attr(s, s->desk_loans.n ? C_WARN : NORM),
		 true, _("loans to get back (overdue, or the borrower left): "
			 "%zu"),
		 s->desk_loans.n);
	for (k = 0; k < s->desk_loans.n && y < end; k++) {
		const struct dot_loan *l = &s->desk_loans.v[k];

		dot_tui_date_fr(l->from, from, sizeof(from));
		dot_tui_date_fr(l->until, until, sizeof(until));
		tui_putf(y++, 3, COLS - 4, NORM, true, "%-20s %-40s %s → %s  %s",
			 l->serial, l->name, from, until,
			 l->active ? _("overdue") : _("left the roster"));
	}
}

static int
key_desk(struct station *s, enum action a, wint_t ch, uint64_t t)
{
	switch (a) {
	case ACT_CHAR:
		tui_line_char(s, &s->dline, (wchar_t)ch, t, true);
		return R_REDRAW;
	case ACT_ENTER:
		if (s->dline.n) {
			tui_desk_line_end(s, t);
			return R_REDRAW;
		}
		if (t < s->swallow_enter_until)
			return R_NONE;
		if (s->desk_mode == DESK_HS && s->desk_pending[0])
			ask_hs(s);
		return R_REDRAW;
	case ACT_TAB:
		if (s->dline.n) {
			tui_desk_line_end(s, t);
			return R_REDRAW;
		}
		s->desk_mode = (s->desk_mode + 1) % DESK_COUNT;
		s->desk_pending[0] = s->desk_replace[0] = '\0';
		return R_REDRAW;
	case ACT_BACKSPACE:
		dot_tui_line_backspace(&s->dline);
		return R_REDRAW;
	case ACT_BACK:
	case ACT_CLEAR:
		if (s->dline.n || s->desk_pending[0]) {
			dot_tui_line_clear(&s->dline);
			s->desk_pending[0] = s->desk_replace[0] = '\0';
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

/* The desk's line ended: a scan or a serial typed by hand. */
void
tui_desk_line_end(struct station *s, uint64_t t)
{
	char serial[DOT_TUI_LINE_MAX * 4 + 1], prefix[8];

	if (s->dline.n == 0)
		return;
	dot_tui_line_frame(&s->dline, serial, sizeof(serial), prefix,
			   sizeof(prefix));
	dot_tui_line_clear(&s->dline);
	if (serial[0])
		tui_desk_scan(s, serial, t);
}

const struct tui_screen_ops tui_desk_screen = {
	.draw = draw_desk,
	.key = key_desk,
	.takes_text = true,
};
