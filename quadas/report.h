/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 report: per study (and index test), the judgement that counts
 * in each domain, and the study-level overall judgements. */
#ifndef SIEVE_QUADAS_REPORT_H
#define SIEVE_QUADAS_REPORT_H

#include <stddef.h>

#include "instrument.h"

/* The report's domains: D1-D4 for risk of bias, D1-D3 for applicability. */
#define QUADAS_RISK_DOMAINS 4
#define QUADAS_APPLICABILITY_DOMAINS 3

/* The code of the instrument's domain rated per index test ("D2"); "" when
 * none is. Points into ins. */
const char *quadas_per_test_domain(const struct quadas_instrument *ins);

/*
 * The rating whose judgements count for study and domain: the consensus
 * rating when there is one; else the raters' when they all agree on both
 * risk and applicability (the only rater's, or the first of the agreeing
 * raters); NULL when none rated it or they disagree without consensus.
 * index_test NULL considers the domain's ratings whatever their index
 * test; else only that index test's. Points into r (any order; n ratings).
 */
const struct quadas_rating *quadas_report_rating(const struct quadas_rating *r, size_t n,
						 const char *study, const char *domain,
						 const char *index_test);

/* One row of the report. */
struct quadas_report_row {
	char *label;         /* the study; "study (test)" when it has several index tests */
	enum quadas_level risk[QUADAS_RISK_DOMAINS];
	enum quadas_level applicability[QUADAS_APPLICABILITY_DOMAINS];
	enum quadas_level overall_risk, overall_applicability;  /* quadas_overall */
};

/*
 * The report's rows for studies (nst labels, in that order) from ratings r
 * (n, any order): one row per study, or one per index test when the
 * study's ratings of the per-index-test domain per_test (see
 * quadas_per_test_domain; "" for none) name index tests, in the order
 * first seen. A row's per-test domain uses that index test's ratings; the
 * other domains, and a study with one or no index test, use the study's.
 * Each judgement is quadas_report_rating's (QL_NONE without one). Returns
 * the number of rows, *rows malloc'd (quadas_report_rows_free). Borrows
 * the inputs.
 */
size_t quadas_report_rows(const struct quadas_rating *r, size_t n, char *const *studies,
			  size_t nst, const char *per_test, struct quadas_report_row **rows);
void quadas_report_rows_free(struct quadas_report_row *rows, size_t n);

/* How many rows judge each domain at each level: risk[d][level] and
 * applicability[d][level], level an enum quadas_level (QL_NONE: not rated,
 * or the raters disagree without consensus). */
struct quadas_report_counts {
	size_t risk[QUADAS_RISK_DOMAINS][4];
	size_t applicability[QUADAS_APPLICABILITY_DOMAINS][4];
};

/* The counts over rows (n); *out is overwritten; a level out of range is
 * not counted. */
void quadas_report_count(const struct quadas_report_row *rows, size_t n,
			 struct quadas_report_counts *out);

#endif
