/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One meta-analysis as a review reports it: the effect sizes, the pooled fit,
 * leave-one-out, cumulative by year, Egger's test, subgroups, and the
 * warnings a reader needs. */
#ifndef SIEVE_ANALYSIS_META_RUN_H
#define SIEVE_ANALYSIS_META_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "meta.h"

/*
 * The rules of `sieve meta`, as plain functions over plain structs, for the
 * command, its report, the TUI and a review report alike: the studies in,
 * the analysis out, nothing printed. The numbers are analysis/meta.h's.
 */

/* One study to pool: two-group summary data (the effect is group 1 minus
 * group 2). The strings are the caller's: meta_analysis_run borrows label
 * and subgroup and never reads derived. */
struct meta_in_study {
	char *label;
	int year;          /* 0 unknown */
	double n1, mean1, sd1, n2, mean2, sd2;
	char *subgroup;    /* NULL without subgroups */
	char *derived;     /* "non-responders: mean luo2018, sd wan2014" or NULL */
};

/* What to run. */
struct meta_analysis_options {
	enum meta_measure measure;
	enum meta_method method;   /* tau^2 */
	enum meta_test test;
	bool knha_plain;   /* Hartung-Knapp without the ad hoc safeguard max(1, q)
			    * (metafor's test="knha"); false: the safeguard */
	bool loo;          /* leave-one-out (with k >= 2) */
	bool cumulative;   /* cumulative meta-analysis by year */
	bool egger;        /* Egger's test (with k >= 3) */
	bool subgroups;    /* by each study's subgroup label (non-NULL in every study) */
};

/* At most this many warnings, each at most META_ANALYSIS_WARNING_LEN - 1
 * bytes; the last one is then "(more warnings left out)". */
#define META_ANALYSIS_MAX_WARNINGS 16
#define META_ANALYSIS_WARNING_LEN 200

struct meta_analysis {
	size_t k;
	double *yi, *vi;             /* k effect sizes and sampling variances */
	struct meta_fit fit;         /* the pooled fit */
	bool has_loo, has_cum, has_egger, has_sub;   /* which of the following were run */
	struct meta_series loo, cum; /* loo.fit[i]: without study i; cum.fit[j]:
				      * studies cum_order[0..j] */
	size_t *cum_order;           /* studies by year (unknown years last; stable) */
	struct meta_egger egger;
	struct meta_subgroups sub;   /* sub.fit[g]: subgroup sub_label[g] */
	const char **sub_label;      /* nsub labels, sorted (borrowed from the studies) */
	size_t nsub, *group;         /* group[i] = subgroup of study i */
	char warnings[META_ANALYSIS_MAX_WARNINGS][META_ANALYSIS_WARNING_LEN];
	int nwarnings;
};

/*
 * Run on s[k] what opt asks for into *a, which the caller releases with
 * meta_analysis_fini:
 *   - the effect sizes (meta_escalc with opt->measure) and the pooled fit
 *     (meta_pool);
 *   - opt->loo with k >= 2: leave-one-out (has_loo);
 *   - opt->cumulative: cumulative by year (has_cum; cum_order);
 *   - opt->egger: Egger's test with k >= 3 (has_egger), otherwise a warning;
 *   - opt->subgroups: the subgroups by label, sorted by strcmp (sub_label,
 *     group, nsub; has_sub when there are 2 or more), one subgroup only is
 *     a warning.
 * A member of a series or a subgroup that cannot be fitted is not an error:
 * its fit's status says why, with a warning, and the rest are there. Other
 * warnings: Hartung-Knapp's q raised to 1 by the safeguard, a random-effects
 * CI narrower than the fixed-effect one, Egger's test with fewer than 10
 * studies. Returns META_OK, or a negative enum meta_status with *err (may be
 * NULL) filled as analysis/meta.h says, err->study indexing s: META_TOO_FEW
 * (k = 0), META_INVALID (s, opt or a NULL; a NULL subgroup with
 * opt->subgroups: err->study, field META_F_GROUP), META_NOMEM, and the
 * errors of meta_escalc, meta_pool, meta_leave1out, meta_cumulative,
 * meta_egger and meta_subgroup (e.g. META_SINGULAR from Egger's test when
 * every study has the same variance). On failure *a is released and zeroed.
 */
int meta_analysis_run(const struct meta_in_study *s, size_t k,
		      const struct meta_analysis_options *opt, struct meta_analysis *a,
		      struct meta_error *err);

/* Release what a meta_analysis holds and zero it; a zeroed one is fine. */
void meta_analysis_fini(struct meta_analysis *a);

/*
 * The effect sizes of s[k] under measure into yi[k], vi[k] (caller-owned):
 * meta_escalc on the studies' summary data, with its errors (err->study
 * indexes s), or META_NOMEM.
 */
int meta_analysis_effects(enum meta_measure measure, const struct meta_in_study *s, size_t k,
			  double *yi, double *vi, struct meta_error *err);

#endif
