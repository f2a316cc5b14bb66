/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screening from the command line: reviewers, reasons, terms, decide, undo,
 * conflicts, resolve, blind, settings, decisions export. */
#include "cli.h"
#include "../lib/termsafe.h"
#include "../lib/csv.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"
#include "../schema/store_screen.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options shared by the decision commands. */
struct screen_opts {
	const char *reviewer, *reason, *note, *stage_s;
	enum screen_stage stage;
	bool lead, csv, force;
};

static int parse_opts(const char *cmd, int argc, char **argv, struct screen_opts *o)
{
	static const struct option opts[] = {
		{ "reviewer", required_argument, NULL, 'R' },
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "stage", required_argument, NULL, 's' },
		{ "lead", no_argument, NULL, 'l' },
		{ "csv", no_argument, NULL, 'c' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->stage = STAGE_TA;
	int c;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'R': o->reviewer = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'n': o->note = optarg; break;
		case 's':
			o->stage_s = optarg;
			if (screen_stage_parse(optarg, &o->stage))
				return cli_usage(cmd, "unknown stage '%s' (title-abstract or full-text)",
						 optarg);
			break;
		case 'l': o->lead = true; break;
		case 'c': o->csv = true; break;
		case 'f': o->force = true; break;
		case ':': return cli_usage(cmd, "option %s needs a value", argv[optind - 1]);
		default: return cli_usage(cmd, "unknown option %s", argv[optind - 1]);
		}
	}
	return 0;
}

/* Open the review and find the acting reviewer. */
static struct db *open_as(struct cli *cli, const struct screen_opts *o, char **who, bool *lead,
			  struct sieve_error *err)
{
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, err);
	if (!db)
		return NULL;
	if (store_reviewer_current(db, o->reviewer, who, lead, err)) {
		db_close(db);
		return NULL;
	}
	return db;
}

static int record_arg(struct db *db, const char *arg, long long *id, struct sieve_error *err)
{
	if (store_record_id(db, arg, id, err))
		return -1;
	if (!*id)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no record %s in this review", arg);
	return 0;
}

/* ---- reviewers ---- */

const char cmd_reviewers_usage[] =
	"usage: sieve reviewers                 list reviewers and their decisions\n"
	"       sieve reviewers add NAME [--lead]\n\n"
	"On a team server, adding a reviewer also creates the database role NAME (if\n"
	"missing) and grants it what screening needs; row-level security then hides\n"
	"other reviewers' decisions from it while the review is blinded. A lead may\n"
	"resolve conflicts and lift blinding. Adding a reviewer again changes nothing,\n"
	"except that --lead makes them a lead.\n";

int cmd_reviewers(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("reviewers", argc, argv, &o);
	if (rc)
		return rc;
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs != 0 && !(nargs == 2 && !strcmp(args[0], "add")))
		return cli_usage("reviewers", "use 'sieve reviewers' or 'sieve reviewers add NAME'");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	if (nargs == 2) {
		enum reviewer_added done;
		if (store_reviewer_add(db, args[1], o.lead, &done, &err))
			rc = cli_fail(&err);
		else if (!cli->quiet)
			printf(done == REVIEWER_EXISTS ? "%s is already a reviewer%s\n"
			       : done == REVIEWER_PROMOTED ? "reviewer %s is now a lead%s\n"
			       : "reviewer %s added%s\n", args[1],
			       done == REVIEWER_ADDED && o.lead ? " as lead" : "");
	} else {
		struct reviewer_row *rows;
		size_t n;
		if (store_reviewers(db, &rows, &n, &err)) {
			rc = cli_fail(&err);
		} else {
			if (!n)
				printf("no reviewers yet: sieve reviewers add NAME [--lead]\n");
			for (size_t i = 0; i < n; i++)
				printf("%-20s %-8s %lld decisions\n", rows[i].name,
				       rows[i].lead ? "lead" : "reviewer", rows[i].decisions);
			reviewer_rows_free(rows, n);
		}
	}
	db_close(db);
	return rc;
}

/* ---- reasons and terms ---- */

static void print_list(char **v, size_t n, const char *empty)
{
	if (!n)
		printf("%s\n", empty);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", term_safe(stdout, v[i]));
}

const char cmd_reasons_usage[] =
	"usage: sieve reasons                   list the review's exclusion reasons\n"
	"       sieve reasons add REASON...\n";

int cmd_reasons(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "add") != 0)
		return cli_usage("reasons", "use 'sieve reasons' or 'sieve reasons add REASON...'");
	if (argc == 2)
		return cli_usage("reasons", "reasons add needs at least one reason");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	int rc = 0;
	if (argc > 2) {
		if (store_reasons_add(db, argv + 2, (size_t)(argc - 2), &err))
			rc = cli_fail(&err);
	} else {
		char **v;
		size_t n;
		if (store_reasons(db, &v, &n, &err)) {
			rc = cli_fail(&err);
		} else {
			print_list(v, n, "no reasons yet: sieve reasons add \"wrong population\" ...");
			strings_free(v, n);
		}
	}
	db_close(db);
	return rc;
}

const char cmd_terms_usage[] =
	"usage: sieve terms                     list highlight terms\n"
	"       sieve terms add include|exclude TERM...\n\n"
	"Include terms are highlighted in one colour, exclude terms in another, in\n"
	"the screening view.\n";

int cmd_terms(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "add") != 0 || argc < 4 ||
			 (strcmp(argv[2], "include") != 0 && strcmp(argv[2], "exclude") != 0)))
		return cli_usage("terms", "use 'sieve terms' or 'sieve terms add include|exclude TERM...'");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	int rc = 0;
	if (argc > 1) {
		if (store_terms_add(db, argv[2], argv + 3, (size_t)(argc - 3), &err))
			rc = cli_fail(&err);
	} else {
		for (int k = 0; k < 2 && rc == 0; k++) {
			const char *kind = k ? "exclude" : "include";
			char **v;
			size_t n;
			if (store_terms(db, kind, &v, &n, &err)) {
				rc = cli_fail(&err);
				break;
			}
			printf("%s:", kind);
			for (size_t i = 0; i < n; i++)
				printf(" \"%s\"", term_safe(stdout, v[i]));
			printf("\n");
			strings_free(v, n);
		}
	}
	db_close(db);
	return rc;
}

/* ---- decide, undo ---- */

const char cmd_decide_usage[] =
	"usage: sieve decide PMID|DOI include|exclude|maybe [--reason R] [--note N]\n"
	"                    [--stage title-abstract|full-text] [--reviewer NAME]\n\n"
	"Records a decision (kept in history with the reviewer and time). Excluding\n"
	"at full text needs a reason from 'sieve reasons'.\n";

/* decide and resolve: PMID VERDICT, as the acting reviewer (a lead, to
 * resolve). */
static int verdict_command(struct cli *cli, int argc, char **argv, const char *cmd,
			   bool resolve)
{
	struct screen_opts o;
	int rc = parse_opts(cmd, argc, argv, &o);
	if (rc)
		return rc;
	if (argc - optind != 2)
		return cli_usage(cmd, "%s needs a PMID and a verdict", cmd);
	enum verdict v;
	if (verdict_parse(argv[optind + 1], &v))
		return cli_usage(cmd, "the verdict is include, exclude or maybe, not '%s'",
				 argv[optind + 1]);
	struct sieve_error err = { 0 };
	char *who = NULL;
	bool lead;
	struct db *db = open_as(cli, &o, &who, &lead, &err);
	if (!db)
		return cli_fail(&err);
	long long id;
	if (record_arg(db, argv[optind], &id, &err) ||
	    (resolve ? store_resolve(db, id, o.stage, who, v, o.reason, o.force, &err)
		     : store_decide(db, id, o.stage, who, v, o.reason, o.note, &err)))
		rc = cli_fail(&err);
	else if (!cli->quiet)
		printf("%s: %s%s by %s at %s\n", argv[optind], resolve ? "resolved as " : "",
		       verdict_name(v), who, screen_stage_name(o.stage));
	free(who);
	db_close(db);
	return rc;
}

int cmd_decide(struct cli *cli, int argc, char **argv)
{
	return verdict_command(cli, argc, argv, "decide", false);
}

const char cmd_undo_usage[] =
	"usage: sieve undo PMID|DOI [--stage S] [--reviewer NAME]\n\n"
	"Restores your decision on the record to what it was before your last change.\n";

int cmd_undo(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("undo", argc, argv, &o);
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cli_usage("undo", "undo needs a PMID");
	struct sieve_error err = { 0 };
	char *who = NULL;
	bool lead;
	struct db *db = open_as(cli, &o, &who, &lead, &err);
	if (!db)
		return cli_fail(&err);
	long long id;
	enum verdict now;
	int did = record_arg(db, argv[optind], &id, &err) ? -1
		  : store_undo(db, id, o.stage, who, &now, &err);
	if (did < 0)
		rc = cli_fail(&err);
	else if (!cli->quiet)
		printf(did ? "%s: now %s\n" : "%s: nothing to undo%s\n", argv[optind],
		       did ? (now ? verdict_name(now) : "undecided") : "");
	free(who);
	db_close(db);
	return rc;
}

/* ---- conflicts and resolution ---- */

const char cmd_conflicts_usage[] =
	"usage: sieve conflicts [--stage S] [--reviewer NAME]\n\n"
	"Records where reviewers disagree (maybe counts as disagreement unless the\n"
	"review says otherwise), with each reviewer's verdict. While the review is\n"
	"blinded only a lead sees them.\n";

int cmd_conflicts(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("conflicts", argc, argv, &o);
	if (rc)
		return rc;
	if (argc != optind)
		return cli_usage("conflicts", "conflicts takes no arguments");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	if (store_viewer(db, o.reviewer, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	struct conflict_row *rows;
	size_t n;
	bool all = true;
	if (store_sees_all(db, &all, &err) || store_conflicts(db, o.stage, &rows, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		if (!n && all)
			printf("no conflicts at %s\n", screen_stage_name(o.stage));
		else if (!n)
			printf("no conflicts at %s that you may see: while the review is blinded only a "
			       "lead sees them\n", screen_stage_name(o.stage));
		for (size_t i = 0; i < n; i++)
			printf("PMID %s  %s\n     %s\n", rows[i].pmid, term_safe(stdout, rows[i].title),
			       term_safe(stdout, rows[i].verdicts));
		conflict_rows_free(rows, n);
	}
	db_close(db);
	return rc;
}

const char cmd_resolve_usage[] =
	"usage: sieve resolve PMID|DOI include|exclude|maybe [--reason R] [--stage S]\n"
	"                     [--reviewer LEAD] [--force]\n\n"
	"A lead's final verdict on a record, recorded with the resolver. Overturning\n"
	"a verdict the reviewers agreed on needs --force, and is recorded as forced.\n";

int cmd_resolve(struct cli *cli, int argc, char **argv)
{
	return verdict_command(cli, argc, argv, "resolve", true);
}

/* ---- blinding and settings ---- */

const char cmd_blind_usage[] =
	"usage: sieve blind on|off [--reviewer LEAD]\n\n"
	"While blinded (the default), reviewers see only their own decisions; on a\n"
	"team server row-level security enforces it. Only a lead changes it.\n";

int cmd_blind(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("blind", argc, argv, &o);
	if (rc)
		return rc;
	if (argc - optind != 1 || (strcmp(argv[optind], "on") && strcmp(argv[optind], "off")))
		return cli_usage("blind", "blind needs on or off");
	bool on = !strcmp(argv[optind], "on");
	struct sieve_error err = { 0 };
	char *who = NULL;
	bool lead;
	struct db *db = open_as(cli, &o, &who, &lead, &err);
	if (!db)
		return cli_fail(&err);
	if (store_screen_set_blind(db, who, on, &err))
		rc = cli_fail(&err);
	else if (!cli->quiet)
		printf("blinding %s\n", on ? "on: reviewers see only their own decisions"
					   : "off: reviewers see each other's decisions");
	free(who);
	db_close(db);
	return rc;
}

const char cmd_settings_usage[] =
	"usage: sieve settings                              show screening settings\n"
	"       sieve settings decisions STAGE 1|2          independent decisions per record\n"
	"       sieve settings maybe-conflict on|off        whether maybe vs another verdict\n"
	"                                                   (or two maybes) is a conflict\n"
	"Changing a setting needs a lead (--reviewer LEAD or SIEVE_REVIEWER).\n";

int cmd_settings(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("settings", argc, argv, &o);
	if (rc)
		return rc;
	argc -= optind - 1;
	argv += optind - 1;
	struct sieve_error err = { 0 };
	enum screen_stage st = STAGE_TA;
	int n = 0, maybe = -1;
	if (argc == 3 && !strcmp(argv[1], "maybe-conflict") &&
	    (!strcmp(argv[2], "on") || !strcmp(argv[2], "off"))) {
		maybe = !strcmp(argv[2], "on");
	} else if (argc > 1) {
		if (argc != 4 || strcmp(argv[1], "decisions") || screen_stage_parse(argv[2], &st) ||
		    (strcmp(argv[3], "1") && strcmp(argv[3], "2")))
			return cli_usage("settings", "use 'sieve settings decisions title-abstract|full-text 1|2'"
					 " or 'sieve settings maybe-conflict on|off'");
		n = atoi(argv[3]);
	}
	char *who = NULL;
	bool lead;
	struct db *db = n || maybe >= 0 ? open_as(cli, &o, &who, &lead, &err)
					: cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	struct screen_settings s;
	if (n && store_screen_set_required(db, who, st, n, &err))
		rc = cli_fail(&err);
	else if (maybe >= 0 && store_screen_set_maybe_conflicts(db, who, maybe == 1, &err))
		rc = cli_fail(&err);
	else if (store_screen_settings(db, &s, &err))
		rc = cli_fail(&err);
	else
		printf("decisions per record: title-abstract %d, full-text %d\n"
		       "blinded: %s\nmaybe counts as a conflict: %s\n", s.required[0], s.required[1],
		       s.blind ? "yes" : "no", s.maybe_conflicts ? "yes" : "no");
	free(who);
	db_close(db);
	return rc;
}

/* ---- export ---- */

static void csv_field(const char *s, bool last)
{
	csv_write_field(stdout, s);
	putchar(last ? '\n' : ',');
}

const char cmd_decisions_usage[] =
	"usage: sieve decisions export --csv [--reviewer NAME]\n\n"
	"Every decision ever made, undo and history included, one row each:\n"
	"id,pmid,stage,reviewer,verdict,reason,note,at (verdict empty = withdrawn).\n"
	"While the review is blinded, a reviewer who is not a lead gets only their own.\n";

int cmd_decisions(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o;
	int rc = parse_opts("decisions", argc, argv, &o);
	if (rc)
		return rc;
	if (argc - optind != 1 || strcmp(argv[optind], "export") || !o.csv)
		return cli_usage("decisions", "use 'sieve decisions export --csv'");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	if (store_viewer(db, o.reviewer, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	struct decision_export_row *rows;
	size_t n;
	if (store_decisions_export(db, &rows, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		printf("id,pmid,stage,reviewer,verdict,reason,note,at\n");
		for (size_t i = 0; i < n; i++) {
			printf("%lld,", rows[i].id);
			csv_field(rows[i].pmid, false);
			csv_field(rows[i].stage, false);
			csv_field(rows[i].reviewer, false);
			csv_field(rows[i].verdict, false);
			csv_field(rows[i].reason, false);
			csv_field(rows[i].note, false);
			csv_field(rows[i].at, true);
		}
		decision_export_rows_free(rows, n);
	}
	db_close(db);
	return rc;
}
