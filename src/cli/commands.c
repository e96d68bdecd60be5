/*
 * The command table. Adding a command: one file cmd_NAME.c with its
 * option table (struct cli_option, read by cli_parse), one entry here
 * (name, function, usage, summary, operand count), its declaration in
 * cli.h, its usage, summary and option help translated in data/po/fr/.
 */
#include <stddef.h>

#include "cli.h"
#include "dotation/i18n.h"

const struct dot_cmd dot_cmds[] = {
	{"init", cmd_init,
	 N_("dotation init --uai UAI --name NAME [--station NAME]"),
	 N_("set the establishment (UAI and name) and this station's name"), 0,
	 0},
	{"import", cmd_import,
	 N_("dotation import FILE [--dry-run] [--skip-invalid] [--full]"),
	 N_("import a roster (CSV or SIECLE XML); all-or-nothing unless "
	    "--skip-invalid; --full deactivates people missing from FILE"),
	 1, 1},
	{"people", cmd_people,
	 N_("dotation people [--class C] [--search TEXT] [--profile P] "
	    "[--all] [--format table|csv|json]"),
	 N_("list people (active ones unless --all)"), 0, 0},
	{"charter", cmd_charter,
	 N_("dotation charter PERSON [--loan] [--undo]"),
	 N_("record (or withdraw) the signed charter of PERSON (number, INE "
	    "or identifier); --loan: the loan agreement instead"),
	 1, 1},
	{"assign", cmd_assign,
	 N_("dotation assign PERSON SERIAL [--microsd] [--case] "
	    "[--no-accessories] [--with-charter]"),
	 N_("hand over device SERIAL to PERSON as a cession; --with-charter "
	    "records the charter at the same time (catch-up)"),
	 2, 2},
	{"reassign", cmd_reassign,
	 N_("dotation reassign SERIAL PERSON [--with-charter]"),
	 N_("correct a handover: device SERIAL goes to PERSON instead of "
	    "its holder, in one entry (allowed after an attestation: the "
	    "next one lists it)"),
	 2, 2},
	{"person", cmd_person,
	 N_("dotation person add --last NAME --first NAME [--birth DATE] "
	    "[--class C] [--profile eleve|prof|personnel] [--ine INE]"),
	 N_("add a newcomer to the roster, checked as an import row"), 1, 1},
	{"undo", cmd_undo, N_("dotation undo SEQ"),
	 N_("undo journal entry SEQ with a compensating entry"), 1, 1},
	{"check-serial", cmd_check_serial,
	 N_("dotation check-serial SERIAL..."),
	 N_("check serial numbers: one line per serial, ok or the reason"), 1,
	 CLI_ANY},
	{"scan-decode", cmd_scan_decode,
	 N_("dotation scan-decode [--layout auto|us|fr|be|ch|de...] "
	    "[--idle-ms MS] FILE"),
	 N_("decode a scanner recording (evemu-record file): one line per "
	    "scan, ok or the reason"),
	 1, 1},
	{"scanners", cmd_scanners,
	 N_("dotation scanners [--input-dir DIR] [--listen [--scanner "
	    "auto|PATH|VVVV:PPPP] [--layout L] [--count N] [--timeout S]]"),
	 N_("list input devices, which look like scanners, and why one "
	    "cannot be opened; --listen prints what the scanners read"),
	 0, 0},
	{"status", cmd_status, N_("dotation status [--format table|json]"),
	 N_("counts, journal entries waiting for sync, last sync"), 0, 0},
	{"sync", cmd_sync,
	 N_("dotation sync [--once] [--upstream URL] [--token-file F] "
	    "[--cacert F]"),
	 N_("push the journal upstream, pull the roster and the other "
	    "stations' assignments (options are remembered)"),
	 0, 0},
	{"station", cmd_station,
	 N_("dotation station [--queue NAME] [--class C] "
	    "[--scanner auto|none|PATH] [--layout L] [--catchup]"),
	 N_("the full-screen station of one distribution queue: roll call, "
	    "scan-and-advance, search, charters, absents, undo"),
	 0, 0},
	{"stock", cmd_stock, N_("dotation stock add SERIAL..."),
	 N_("receive a delivery into stock, all or nothing"), 2, CLI_ANY},
	{"devices", cmd_devices,
	 N_("dotation devices [--status S] [--profile P] "
	    "[--format table|csv|json]"),
	 N_("every device with its state (stock, ceded, loaned, hs, lost) "
	    "and its holder"),
	 0, 0},
	{"loan", cmd_loan,
	 N_("dotation loan PERSON SERIAL --until D [--from D] "
	    "[--condition T] [--microsd] [--case] [--with-agreement]"),
	 N_("lend device SERIAL to PERSON under the loan agreement, until "
	    "date D; --condition: the condition sheet"),
	 2, 2},
	{"return", cmd_return,
	 N_("dotation return SERIAL [--condition T] [--reset-done]"),
	 N_("take a lent device back into stock (for loans only), after "
	    "resetting it in front of its user"),
	 1, 1},
	{"loans", cmd_loans,
	 N_("dotation loans [--overdue|--to-return] [--profile P] "
	    "[--format table|csv|json]"),
	 N_("open loans; --overdue: past their end date; --to-return: the "
	    "borrower left the roster"),
	 0, 0},
	{"hs", cmd_hs,
	 N_("dotation hs SERIAL --reason TEXT [--replace NEW] [--force]"),
	 N_("declare a device out of service and, with --replace, give its "
	    "holder device NEW the same way"),
	 1, 1},
	{"lost", cmd_lost,
	 N_("dotation lost SERIAL --reason TEXT [--report REF] "
	    "[--replace NEW] [--force]"),
	 N_("declare a device stolen or lost (REF: the police report) and, "
	    "with --replace, give its holder device NEW the same way"),
	 1, 1},
	{"setting", cmd_setting, N_("dotation setting [KEY [VALUE]]"),
	 N_("show or change the whole year's settings: handover.model "
	    "(cession|loan), loan.until, replacements.max, "
	    "lost.report_required"),
	 0, 2},
	{"report", cmd_report,
	 N_("dotation report certified|attestation|missing|loans|charters "
	    "[--out F.pdf] [--print [PRINTER]] [--class C] "
	    "[--from D --to D] [--number N] [--place P] [--font F.ttf] "
	    "[--no-barcodes]"),
	 N_("end-of-day documents (PDF): the certified list of "
	    "beneficiaries, the attestation of cession for a period "
	    "(--number N prints an issued one again), the people still to "
	    "equip, the loans to get back, the charter cover sheets"),
	 0, 1},
	{"export", cmd_export, N_("dotation export csv [--out F] [--excel]"),
	 N_("every assignment as CSV (UTF-8, ';'); --excel adds the BOM "
	    "and CRLF that French Excel needs"),
	 1, 1},
	{NULL, NULL, NULL, NULL, 0, 0},
};
