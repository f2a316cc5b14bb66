/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve agreement: how well reviewers agree, per stage. */
#include "cli.h"
#include "../analysis/agreement.h"
#include "../lib/xalloc.h"
#include "../schema/store_screen.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char cmd_agreement_usage[] =
	"usage: sieve agreement [--stage S] [--reviewer NAME]\n\n"
	"Per stage and pair of reviewers: the records both decided, the counts of\n"
	"each verdict pair, percent agreement, and Cohen's kappa with its 95% CI\n"
	"(Fleiss, Cohen & Everitt 1969); with three or more reviewers also Fleiss'\n"
	"kappa over the records everyone decided. Verdicts: include, exclude, maybe.\n"
	"While the review is blinded only a lead sees it.\n";

static const char *const cat[] = { "include", "exclude", "maybe" };

static void report_pair(const struct agreement_data *d, const struct agreement_pair *p)
{
	printf("  %s and %s: %zu records decided by both\n", d->reviewers[p->a], d->reviewers[p->b],
	       p->n);
	if (p->n == 0)
		return;
	int *a0 = xcalloc(p->n, sizeof *a0), *b0 = xcalloc(p->n, sizeof *b0);
	size_t table[9] = { 0 };
	for (size_t i = 0; i < p->n; i++) {
		a0[i] = p->va[i] - 1;
		b0[i] = p->vb[i] - 1;
		table[a0[i] * 3 + b0[i]]++;
	}
	printf("    %-10s", "");
	for (int j = 0; j < 3; j++)
		printf(" %9s", cat[j]);
	printf("   (rows %s, columns %s)\n", d->reviewers[p->a], d->reviewers[p->b]);
	for (int i = 0; i < 3; i++) {
		printf("    %-10s", cat[i]);
		for (int j = 0; j < 3; j++)
			printf(" %9zu", table[i * 3 + j]);
		printf("\n");
	}
	double pct;
	if (agree_percent(a0, p->n, b0, p->n, 3, &pct) == AGREE_OK)
		printf("    agreement %.1f%%\n", pct);
	struct agree_cohen c;
	int rc = agree_cohen_codes(a0, p->n, b0, p->n, 3, &c);
	if (rc == AGREE_OK)
		printf("    Cohen's kappa %.3f (95%% CI %.3f to %.3f; z = %.2f, p = %.3g)\n", c.kappa,
		       c.ci_lo, c.ci_hi, c.z, c.p);
	else
		printf("    Cohen's kappa: %s\n", agree_strerror(rc));
	free(a0);
	free(b0);
}

int cmd_agreement(struct cli *cli, int argc, char **argv)
{
	enum screen_stage only = STAGE_TA;
	const char *reviewer = NULL;
	bool one = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--stage") && i + 1 < argc) {
			if (screen_stage_parse(argv[++i], &only))
				return cli_usage("agreement", "unknown stage '%s'", argv[i]);
			one = true;
		} else if (!strcmp(argv[i], "--reviewer") && i + 1 < argc) {
			reviewer = argv[++i];
		} else {
			return cli_usage("agreement", "unexpected argument %s", argv[i]);
		}
	}
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db || store_viewer(db, reviewer, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	int rc = 0;
	for (int s = STAGE_TA; s <= STAGE_FT && rc == 0; s++) {
		if (one && (enum screen_stage)s != only)
			continue;
		struct agreement_data d;
		if (store_agreement(db, (enum screen_stage)s, &d, &err)) {
			rc = cli_fail(&err);
			break;
		}
		printf("%s: %zu reviewer%s\n", screen_stage_name((enum screen_stage)s), d.n_reviewers,
		       d.n_reviewers == 1 ? "" : "s");
		if (d.n_pairs == 0)
			printf("  agreement needs two reviewers' decisions\n");
		for (size_t i = 0; i < d.n_pairs; i++)
			report_pair(&d, &d.pairs[i]);
		if (d.n_reviewers > 2) {
			struct agree_fleiss f;
			size_t *counts = xcalloc(d.n_fleiss * 3 + 1, sizeof *counts);
			for (size_t i = 0; i < d.n_fleiss * 3; i++)
				counts[i] = (size_t)d.fleiss_counts[i];
			int fr = agree_fleiss(counts, d.n_fleiss, 3, (int)d.n_reviewers, &f);
			if (fr == AGREE_OK)
				printf("  Fleiss' kappa (%zu records decided by all %zu): %.3f (z = %.2f, p = %.3g)\n",
				       d.n_fleiss, d.n_reviewers, f.kappa, f.z, f.p);
			else
				printf("  Fleiss' kappa: %s\n", agree_strerror(fr));
			free(counts);
		}
		agreement_data_fini(&d);
	}
	db_close(db);
	return rc;
}
