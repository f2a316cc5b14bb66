/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve status: the review at a glance. */
#include "cli.h"
#include "../lib/progress.h"
#include "../lib/termsafe.h"
#include "../schema/store_record.h"
#include "../schema/store_review.h"

#include <stdio.h>
#include <stdlib.h>

const char cmd_status_usage[] =
	"usage: sieve status\n\n"
	"Shows the review's title, where its data lives, and what it holds.\n"
	"Starts the review's embedded database server if it is not running.\n";

int cmd_status(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("status", "status takes no arguments");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	struct review_info info;
	if (store_review_info(db, &info, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	char *where = db_target_describe(db_target_of(db));
	printf("review:     %s\n", term_safe(stdout, info.title));
	printf("data:       %s\n", term_safe(stdout, where));
	printf("created:    %s\n", term_safe(stdout, info.created_at));
	char nbuf[32];
	printf("records:    %s", progress_thousands(info.n_records, nbuf, sizeof nbuf));
	if (info.n_deleted)
		printf(" (+%lld deleted from PubMed)", info.n_deleted);
	if (info.n_retracted)
		printf(", %lld retracted", info.n_retracted);
	printf("\nsearches:   %lld\n", info.n_searches);
	printf("reviewers:  %lld\n", info.n_reviewers);
	printf("decisions:  %lld\n", info.n_decisions);
	if (info.n_studies) {
		printf("studies:    %lld · extracted %lld · QUADAS-2 rated %lld", info.n_studies,
		       info.n_extracted, info.n_quadas_rated);
		if (info.n_lesions)
			printf(" · %lld lesions", info.n_lesions);
		putchar('\n');
	}
	if (info.last_meta_run || info.last_predict_run) {
		printf("analyses:  ");
		if (info.last_meta_run)
			printf(" meta-analysis run #%lld (sieve meta --diff)", info.last_meta_run);
		if (info.last_predict_run)
			printf("%s predictor run #%lld", info.last_meta_run ? " ·" : "", info.last_predict_run);
		putchar('\n');
	}
	struct retracted_included *ri;
	size_t nri;
	long long rescreen = 0;
	int rc = 0;
	if (store_retracted_included(db, &ri, &nri, &rescreen, &err)) {
		rc = cli_fail(&err);
	} else {
		if (rescreen)
			printf("re-screen:  %lld record%s changed after screening\n", rescreen,
			       rescreen == 1 ? "" : "s");
		if (nri) {
			printf("\nretracted but included (%zu):\n", nri);
			for (size_t i = 0; i < nri; i++)
				printf("  PMID %s  %s\n", term_safe(stdout, ri[i].pmid),
				       term_safe(stdout, ri[i].title));
		}
		retracted_included_free(ri, nri);
	}
	free(where);
	review_info_fini(&info);
	db_close(db);
	return rc;
}
