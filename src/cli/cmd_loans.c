/*
 * loans: the open loans, by due date; --overdue those past it, --to-return
 * those whose borrower left the roster (a departure: the device must come
 * back, unlike a ceded one). JSON fields are a contract (DESIGN.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

static void
print_json(const struct dot_loan_list *l)
{
	size_t i;

	putchar('[');
	for (i = 0; i < l->n; i++) {
		const struct dot_loan *o = &l->v[i];
		char *f[7];
		int k;

		f[0] = dot_json_quote(o->serial);
		f[1] = dot_json_quote(o->from);
		f[2] = dot_json_quote(o->until);
		f[3] = dot_json_quote(o->name);
		f[4] = dot_json_quote(o->class_name);
		f[5] = dot_json_quote(dot_profile_name(o->profile));
		f[6] = dot_json_quote(o->condition);
		printf("%s\n{\"serial\":%s,\"person\":%lld,\"from\":%s,"
		       "\"until\":%s,\"overdue\":%s,\"name\":%s,\"class\":%s,"
		       "\"profile\":%s,\"active\":%s,\"to_return\":%s,"
		       "\"condition\":%s}",
		       i ? "," : "", f[0], (long long)o->person, f[1], f[2],
		       o->overdue ? "true" : "false", f[3], f[4], f[5],
		       o->active ? "true" : "false",
		       o->active ? "false" : "true", f[6]);
		for (k = 0; k < 7; k++)
			free(f[k]);
	}
	puts(l->n ? "\n]" : "]");
}

static void
print_csv(const struct dot_loan_list *l)
{
	size_t i;

	puts("numero_serie;personne;nom;classe;profil;debut;fin;en_retard;"
	     "a_restituer;etat_au_pret");
	for (i = 0; i < l->n; i++) {
		const struct dot_loan *o = &l->v[i];
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)o->person);
		cli_csv_field(o->serial, false);
		cli_csv_field(id, false);
		cli_csv_field(o->name, false);
		cli_csv_field(o->class_name, false);
		cli_csv_field(dot_profile_name(o->profile), false);
		cli_csv_field(o->from, false);
		cli_csv_field(o->until, false);
		cli_csv_field(o->overdue ? "1" : "0", false);
		cli_csv_field(o->active ? "0" : "1", false);
		cli_csv_field(o->condition, true);
	}
}

static void
print_table(const struct dot_loan_list *l)
{
	size_t i;

	cli_print_cell(_("Serial"), 20);
	cli_print_cell(_("From"), 10);
	cli_print_cell(_("Until"), 10);
	printf("%s\n", _("Borrower"));
	for (i = 0; i < l->n; i++) {
		const struct dot_loan *o = &l->v[i];

		cli_print_cell(o->serial, 20);
		cli_print_cell(o->from, 10);
		cli_print_cell(o->until, 10);
		printf("%s%s%s\n", o->name, o->overdue ? _(" · overdue") : "",
		       o->active ? "" : _(" · left: to return"));
	}
	fprintf(stderr, _("loans: %zu\n"), l->n);
}

int
cmd_loans(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_loan_filter f = {0};
	const char *format = "table", *profile = NULL;
	const struct cli_option opts[] = {
		CLI_BOOL("overdue", &f.overdue_only,
			 N_("only the loans past their end date")),
		CLI_BOOL("to-return", &f.to_return_only,
			 N_("only the loans whose borrower left the roster")),
		CLI_CHOICE("profile", &profile, "eleve|prof|personnel",
			   N_("only the loans to this profile")),
		CLI_CHOICE("format", &format, "table|csv|json",
			   N_("output format (default: table)")),
		CLI_END,
	};
	struct dot_loan_list l;
	struct dot_app *app;
	char *cause = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	app = cli_open_app_mode(cli, DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	f.profiles = cli_profile_bits(profile);
	rc = dot_store_loans(dot_app_store(app), &f, &l, &cause);
	if (rc == 0) {
		if (strcmp(format, "json") == 0)
			print_json(&l);
		else if (strcmp(format, "csv") == 0)
			print_csv(&l);
		else
			print_table(&l);
		dot_loan_list_release(&l);
	}
	dot_app_free(app);
	return cli_finish(rc, cause);
}
