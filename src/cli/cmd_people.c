/*
 * people: list people as a table (for a person), CSV (for a spreadsheet)
 * or JSON (for scripts and tests; the fields are a contract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotation/app.h"
#include "dotation/core.h"
#include "dotation/i18n.h"

/*
 * The printers take one person at a time from dot_store_people_each, so
 * that a region's roster is listed in constant memory.
 */
struct out {
	size_t n;
};

static int
print_json(struct dot_person *p, void *data)
{
	struct out *o = data;
	char *f[9];
	int k;

	f[0] = dot_json_quote(p->last_name);
	f[1] = dot_json_quote(p->first_name);
	f[2] = dot_json_quote(p->birth_date);
	f[3] = dot_json_quote(p->class_name);
	f[4] = dot_json_quote(dot_profile_name(p->profile));
	f[5] = dot_json_quote(p->ine);
	f[6] = dot_json_quote(p->ext_id);
	f[7] = dot_json_quote(p->serial);
	f[8] = dot_json_quote(p->handed_at);
	printf("%s\n{\"id\":%lld,\"last_name\":%s,\"first_name\":%s,"
	       "\"birth_date\":%s,\"class\":%s,\"profile\":%s,"
	       "\"ine\":%s,\"ext_id\":%s,\"active\":%s,"
	       "\"charter\":%s,\"absent\":%s,\"serial\":%s,"
	       "\"handed_at\":%s,\"microsd\":%s,\"case\":%s}",
	       o->n++ ? "," : "", (long long)p->id, f[0], f[1], f[2], f[3],
	       f[4], f[5], f[6], p->active ? "true" : "false",
	       p->charter_at ? "true" : "false",
	       dot_roll_state_of(p) == DOT_ROLL_ABSENT ? "true" : "false", f[7],
	       f[8], p->microsd ? "true" : "false",
	       p->has_case ? "true" : "false");
	for (k = 0; k < 9; k++)
		free(f[k]);
	return 0;
}

static void
print_csv_head(void)
{
	puts("id;nom;prenom;date_naissance;classe;profil;ine;identifiant;"
	     "actif;charte;numero_serie;remis_le");
}

static int
print_csv(struct dot_person *p, void *data)
{
	struct out *o = data;
	char id[24];

	if (!o->n++)
		print_csv_head();
	snprintf(id, sizeof(id), "%lld", (long long)p->id);
	cli_csv_field(id, false);
	cli_csv_field(p->last_name, false);
	cli_csv_field(p->first_name, false);
	cli_csv_field(p->birth_date, false);
	cli_csv_field(p->class_name, false);
	cli_csv_field(dot_profile_name(p->profile), false);
	cli_csv_field(p->ine, false);
	cli_csv_field(p->ext_id, false);
	cli_csv_field(p->active ? "1" : "0", false);
	cli_csv_field(p->charter_at ? "1" : "0", false);
	cli_csv_field(p->serial, false);
	cli_csv_field(p->handed_at, true);
	return 0;
}

static void
print_table_head(void)
{
	cli_print_cell(_("No."), 5);
	cli_print_cell(_("Last name"), 22);
	cli_print_cell(_("First name"), 16);
	cli_print_cell(_("Born"), 10);
	cli_print_cell(_("Class"), 8);
	cli_print_cell(_("Charter"), 7);
	printf("%s\n", _("Serial"));
}

static int
print_table(struct dot_person *p, void *data)
{
	struct out *o = data;
	char id[24];

	if (!o->n++)
		print_table_head();
	snprintf(id, sizeof(id), "%lld", (long long)p->id);
	cli_print_cell(id, 5);
	cli_print_cell(p->last_name, 22);
	cli_print_cell(p->first_name, 16);
	cli_print_cell(p->birth_date ? p->birth_date : "", 10);
	cli_print_cell(p->class_name, 8);
	cli_print_cell(p->charter_at ? _("yes") : _("no"), 7);
	printf("%s%s\n", p->serial ? p->serial : "",
	       p->active ? "" : _(" (inactive)"));
	return 0;
}

int
cmd_people(struct dot_cli *cli, int argc, char **argv)
{
	struct dot_people_filter f = {0};
	const char *format = "table", *profile = NULL;
	const struct cli_option opts[] = {
		CLI_STRING("class", &f.class_name, N_("C"),
			   N_("only the people of class C")),
		CLI_STRING("search", &f.search, N_("TEXT"),
			   N_("only the people whose name contains TEXT "
			      "(accents and case ignored)")),
		CLI_CHOICE("profile", &profile, "eleve|prof|personnel",
			   N_("only one profile: eleve, prof or personnel")),
		CLI_BOOL("all", &f.include_inactive,
			 N_("include the inactive people")),
		CLI_CHOICE("format", &format, "table|csv|json",
			   N_("output format (default: table)")),
		CLI_END,
	};
	struct out o = {0};
	dot_person_fn print;
	struct dot_app *app;
	char *cause = NULL, *cls = NULL;
	int rc;

	rc = cli_parse(cli, opts, &argc, &argv);
	if (rc != CLI_GO_ON)
		return rc;
	f.profiles = cli_profile_bits(profile);
	app = cli_open_app_mode(cli, DOT_STORE_READ);
	if (!app)
		return DOT_EXIT_RUNTIME;
	/* a search lists people by name, as the roll call does */
	f.alphabetical = true;
	rc = cli_class_name(app, &f.class_name, &cls);
	if (rc != DOT_EXIT_OK) {
		dot_app_free(app);
		return rc;
	}
	print = strcmp(format, "json") == 0  ? print_json
		: strcmp(format, "csv") == 0 ? print_csv
					     : print_table;
	if (print == print_json)
		putchar('[');
	rc = dot_store_people_each(dot_app_store(app), &f, print, &o, &cause);
	/* An empty list still has its header, and JSON its brackets. */
	if (print == print_json)
		puts(o.n ? "\n]" : "]");
	else if (rc == 0 && !o.n && print == print_csv)
		print_csv_head();
	else if (rc == 0 && !o.n)
		print_table_head();
	if (rc == 0 && print == print_table)
		fprintf(stderr, _("%zu people\n"), o.n);
	dot_app_free(app);
	free(cls);
	return cli_finish(rc, cause);
}
