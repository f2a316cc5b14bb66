/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve studies: the review's included studies. */
#include "cli.h"
#include "../lib/csv.h"
#include "../lib/termsafe.h"
#include "../lib/text.h"
#include "../schema/store_study.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_studies_usage[] =
	"usage: sieve studies [--csv]                         list the included studies\n"
	"       sieve studies add LABEL [--pmid ID]...        a study found by other means,\n"
	"                                                     or several reports as one study\n\n"
	"Every record included at full text becomes a study labelled \"FirstAuthor\n"
	"Year\" (a, b, ... when taken) unless it already belongs to one.\n";

static void csv_text(const char *s, char sep)
{
	csv_write_field(stdout, s);
	putchar(sep);
}

int cmd_studies(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "pmid", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	bool csv = false;
	char *ids[256];
	size_t nids = 0;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'c': csv = true; break;
		case 'p':
			if (nids == sizeof ids / sizeof *ids)
				return cli_usage("studies", "at most 256 --pmid per command");
			ids[nids++] = optarg;
			break;
		case ':': return cli_usage("studies", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("studies", "unknown option %s", argv[optind - 1]);
		}
	}
	int nargs = argc - optind;
	bool add = nargs == 2 && !strcmp(argv[optind], "add");
	if (nargs != 0 && !add)
		return cli_usage("studies", "use 'sieve studies' or 'sieve studies add LABEL [--pmid ID]'");
	if (!add && nids)
		return cli_usage("studies", "--pmid goes with 'studies add'");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	int rc = 0;
	long long created = 0;
	if (add) {
		if (store_study_add(db, argv[optind + 1], ids, nids, &err))
			rc = cli_fail(&err);
		else if (!cli->quiet)
			printf("study \"%s\" with %zu record%s added\n", argv[optind + 1], nids,
			       nids == 1 ? "" : "s");
	} else if (store_studies_sync(db, &created, &err)) {
		rc = cli_fail(&err);
	} else {
		struct study_row *rows;
		size_t n;
		if (store_studies(db, &rows, &n, &err)) {
			rc = cli_fail(&err);
		} else {
			if (csv)
				printf("label,first_author,year,records,pmids,lesions,source\n");
			else if (!n)
				printf("no studies yet: records included at full text become studies\n");
			for (size_t i = 0; i < n; i++) {
				if (csv) {
					csv_text(rows[i].label, ',');
					csv_text(rows[i].first_author, ',');
					printf("%d,%lld,", rows[i].year, rows[i].n_records);
					csv_text(rows[i].pmids, ',');
					printf("%lld,%s\n", rows[i].n_lesions, term_safe(stdout, rows[i].source));
				} else {
					text_pad(stdout, term_safe(stdout, rows[i].label), 24);
					printf(" %2lld record%s  %s%s\n", rows[i].n_records, rows[i].n_records == 1 ? " " : "s",
					       rows[i].pmids[0] ? "PMID " : "(no records)",
					       term_safe(stdout, rows[i].pmids));
				}
			}
			if (created && !csv && !cli->quiet)
				printf("(%lld new stud%s from records included at full text)\n", created,
				       created == 1 ? "y" : "ies");
			study_rows_free(rows, n);
		}
	}
	db_close(db);
	return rc;
}
