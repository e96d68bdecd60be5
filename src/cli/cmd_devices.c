/*
 * devices: every device with its state and holder, as a table, CSV or
 * JSON (the fields are a contract: DESIGN.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/* The kind of the open handover, NULL when nobody holds the device. */
static const char *
kind_name(const struct dot_device *d)
{
	return d->assignment_id ? dot_handover_kind_name(d->kind) : NULL;
}

static void
print_json(const struct dot_device_list *l)
{
	size_t i;

	putchar('[');
	for (i = 0; i < l->n; i++) {
		const struct dot_device *d = &l->v[i];
		char *f[9], holder[24];
		int k;

		snprintf(holder, sizeof(holder), "%lld", (long long)d->holder);
		f[0] = dot_json_quote(d->serial);
		f[1] = dot_json_quote(dot_device_status_name(d->status));
		f[2] = dot_json_quote(kind_name(d));
		f[3] = dot_json_quote(d->from);
		f[4] = dot_json_quote(d->until);
		f[5] = dot_json_quote(d->holder_name);
		f[6] = dot_json_quote(d->reason);
		f[7] = dot_json_quote(d->report_ref);
		f[8] = dot_json_quote(d->replaced_by);
		printf("%s\n{\"serial\":%s,\"status\":%s,\"loan_only\":%s,"
		       "\"holder\":%s,\"kind\":%s,\"from\":%s,\"until\":%s,"
		       "\"name\":%s,\"reason\":%s,\"report\":%s,"
		       "\"replaced_by\":%s}",
		       i ? "," : "", f[0], f[1],
		       d->loan_only ? "true" : "false",
		       d->holder ? holder : "null", f[2], f[3], f[4], f[5],
		       f[6], f[7], f[8]);
		for (k = 0; k < 9; k++)
			free(f[k]);
	}
	puts(l->n ? "\n]" : "]");
}

static void
print_csv(const struct dot_device_list *l)
{
	size_t i;

	puts("numero_serie;etat;pret_uniquement;detenteur;nom;type;debut;fin;"
	     "motif;remplace_par");
	for (i = 0; i < l->n; i++) {
		const struct dot_device *d = &l->v[i];
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)d->holder);
		cli_csv_field(d->serial, false);
		cli_csv_field(dot_device_status_name(d->status), false);
		cli_csv_field(d->loan_only ? "1" : "0", false);
		cli_csv_field(d->holder ? id : NULL, false);
		cli_csv_field(d->holder_name, false);
		cli_csv_field(kind_name(d), false);
		cli_csv_field(d->from, false);
		cli_csv_field(d->until, false);
		cli_csv_field(d->reason, false);
		cli_csv_field(d->replaced_by, true);
	}
}

/* The state as the table shows it: the stock says when it is for loans. */
static const char *
status_text(const struct dot_device *d)
{
	if (d->status == DOT_DEVICE_STOCK)
		return d->loan_only ? _("stock (loans only)") : _("stock");
	return dot_app_device_status_label(d->status);
}

static void
print_table(const struct dot_device_list *l)
{
	size_t i;

	cli_print_cell(_("Serial"), 20);
	cli_print_cell(_("State"), 20);
	cli_print_cell(_("Until"), 10);
	printf("%s\n", _("Holder"));
	for (i = 0; i < l->n; i++) {
		const struct dot_device *d = &l->v[i];

		cli_print_cell(d->serial, 20);
		cli_print_cell(status_text(d), 20);
		cli_print_cell(d->until, 10);
		if (d->holder_name)
			printf("%s\n", d->holder_name);
		else if (d->replaced_by)
			printf(_("replaced by %s\n"), d->replaced_by);
		else
			putchar('\n');
	}
	fprintf(stderr, _("devices: %zu\n"), l->n);
}

int
cmd_devices(struct dot_cli *cli, int argc, char **argv)
{
	const char *status = NULL, *profile = NULL, *format = "table";
	const struct cli_option opts[] = {
		CLI_CHOICE("status", &status, "stock|ceded|loaned|hs|lost",
			   N_("only the devices in this state")),
		CLI_CHOICE("profile", &profile, "eleve|prof|personnel",
			   N_("only the devices held by this profile")),
		CLI_CHOICE("format", &format, "table|csv|json",
			   N_("output format (default: table)")),
		CLI_END,
	};
	struct dot_device_list l;
	unsigned statuses = 0;
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app_mode(cli, DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	if (status) {
		enum dot_device_status ds;

		dot_device_status_parse(status, &ds);
		statuses = DOT_DEVICE_BIT(ds);
	}
	rc = dot_store_devices(dot_app_store(app), statuses,
			       cli_profile_bits(profile), &l, &cause);
	if (rc == 0) {
		if (strcmp(format, "json") == 0)
			print_json(&l);
		else if (strcmp(format, "csv") == 0)
			print_csv(&l);
		else
			print_table(&l);
		dot_device_list_release(&l);
	}
	dot_app_free(app);
	return cli_finish(rc, cause);
}
