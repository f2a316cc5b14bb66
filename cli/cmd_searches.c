/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve searches: the review's provenance, one line per imported file. */
#include "cli.h"
#include "../lib/progress.h"
#include "../lib/termsafe.h"
#include "../schema/store_import.h"

#include <stdio.h>

const char cmd_searches_usage[] =
	"usage: sieve searches\n\n"
	"Every import with its source, run date, query, file, SHA-256 and counts:\n"
	"where each record of the review came from (PRISMA's records identified).\n";

int cmd_searches(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("searches", "searches takes no arguments");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	struct search_row *rows;
	size_t n;
	if (store_searches(db, &rows, &n, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	if (n == 0)
		printf("no searches yet: import one with 'sieve import pubmed FILE'\n");
	for (size_t i = 0; i < n; i++) {
		const struct search_row *s = &rows[i];
		char a[32], b[32], c[32], d[32], e[32];
		printf("#%lld  %s  %s  %s\n", s->id,
		       s->run_date ? term_safe(stdout, s->run_date) : "----------",
		       term_safe(stdout, s->source),
		       s->file_name ? term_safe(stdout, s->file_name) : "");
		if (s->query)
			printf("     query:    %s\n", term_safe(stdout, s->query));
		printf("     records:  %s read · %s new · %s updated · %s unchanged · %s deleted\n",
		       progress_thousands(s->read, a, sizeof a), progress_thousands(s->new_, b, sizeof b),
		       progress_thousands(s->updated, c, sizeof c),
		       progress_thousands(s->unchanged, d, sizeof d),
		       progress_thousands(s->deleted, e, sizeof e));
		printf("     imported: %s  sha256 %s\n", term_safe(stdout, s->imported_at),
		       s->sha256 ? term_safe(stdout, s->sha256) : "");
	}
	search_rows_free(rows, n);
	db_close(db);
	return 0;
}
