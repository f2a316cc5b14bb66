/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inter-rater agreement: Cohen's kappa, Fleiss' kappa, percent agreement. */
#ifndef SIEVE_ANALYSIS_AGREEMENT_H
#define SIEVE_ANALYSIS_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Categories are codes 0..k-1 (for screening: include, exclude, maybe with
 * k = 3), any k >= 2. Every function returns AGREE_OK (0) or one of the
 * negative codes below and never prints; the caller turns a code into a
 * message (agree_strerror gives a default one). On failure the result struct
 * is zeroed except where a function's contract says otherwise.
 */
enum agree_status {
	AGREE_OK = 0,
	AGREE_INVALID = -1,   /* NULL pointer, k < 2, m < 2, lengths differ */
	AGREE_TOO_FEW = -2,   /* no items / subjects (n = 0) */
	AGREE_BAD_DATA = -3,  /* code outside 0..k-1, row not summing to m */
	AGREE_UNDEFINED = -4, /* chance agreement is 1 (every rating in one
	                         category): kappa is 0/0 */
	AGREE_NOMEM = -5,     /* working memory could not be allocated */
};

/* A static one-line description of a status code; never NULL. */
const char *agree_strerror(int status);

/* Cohen's kappa for two raters. */
struct agree_cohen {
	size_t n;      /* items rated by both */
	int k;         /* categories */
	double p_o;    /* observed agreement */
	double p_e;    /* agreement expected by chance from the marginals */
	double kappa;  /* (p_o - p_e) / (1 - p_e) */
	double se0;    /* SE under H0 kappa = 0, Fleiss, Cohen & Everitt (1969) */
	double se;     /* large-sample SE, Fleiss, Cohen & Everitt (1969) */
	/* The 95% CI: score-type (test inversion, see below), within [-1, 1],
	 * never of width 0 at kappa = 1 or -1, and holding 0 exactly when
	 * p >= 0.05. ci_estimable is false when nothing is estimable (se0 = 0,
	 * see below): the interval is then the whole range, -1 to 1. */
	double ci_lo, ci_hi;
	bool ci_estimable;
	/* The Wald interval kappa +- 1.959964 se clamped to [-1, 1], as SAS
	 * and most software print it; of width 0 where se = 0 (kappa = +-1),
	 * and it can disagree with p in small samples. For comparison only. */
	double ci_wald_lo, ci_wald_hi;
	double z;      /* kappa / se0; 0 when se0 = 0 (see below) */
	double p;      /* two-sided p of z; 1 when se0 = 0 */
};

/*
 * Cohen's kappa from paired codes: a[i] and b[i] are the two raters' codes
 * (0..k-1) for item i; na and nb are the array lengths and must be equal.
 * The arrays are borrowed for the call; *out is filled.
 * Errors: AGREE_INVALID (NULL, k < 2, na != nb), AGREE_TOO_FEW (n = 0),
 * AGREE_BAD_DATA (a code outside 0..k-1), AGREE_NOMEM, AGREE_UNDEFINED.
 * On AGREE_UNDEFINED, n, k, p_o and p_e are filled (p_o = p_e = 1); the
 * other fields are 0. se0 = 0 happens only when each rater used a single
 * category and they differ (p_o = p_e = kappa = 0): then z = 0, p = 1 and
 * the CI is not estimable (-1 to 1, ci_estimable false).
 *
 * The CI inverts the z test along the tables with the observed marginals
 * that lie on the line from independence (kappa = 0) to the observed table:
 * kappa0 is in the interval when |kappa - kappa0| <= 1.959964 SE(kappa0),
 * SE(kappa0) being the FCE large-sample SE of the table with kappa0 on that
 * line (so SE(0) = se0, the SE of the p-value's test, and SE(kappa) = se).
 * It is close to the Wald interval in large samples; unlike it, it stays
 * valid at kappa = +-1 (where se = 0) and agrees with p.
 */
int agree_cohen_codes(const int *a, size_t na, const int *b, size_t nb, int k,
                      struct agree_cohen *out);

/*
 * Cohen's kappa from a k x k contingency table, row-major: counts[i * k + j]
 * is the number of items rater A put in category i and rater B in j.
 * Borrowed for the call; *out is filled. Errors and the AGREE_UNDEFINED and
 * se0 = 0 conventions as agree_cohen_codes, without AGREE_BAD_DATA (counts
 * are unsigned; an all-zero table is AGREE_TOO_FEW).
 */
int agree_cohen_table(const size_t *counts, int k, struct agree_cohen *out);

/* Fleiss' kappa for m >= 2 raters per subject. */
struct agree_fleiss {
	size_t n;        /* subjects */
	int m;           /* ratings per subject */
	int k;           /* categories */
	double p_bar;    /* mean per-subject agreement P_i */
	double p_e_bar;  /* chance agreement, sum of squared category shares */
	double kappa;    /* (p_bar - p_e_bar) / (1 - p_e_bar) */
	double se0;      /* SE under H0 kappa = 0, Fleiss, Nee & Landis (1979) */
	double z;        /* kappa / se0 */
	double p;        /* two-sided p of z */
	double p_unanimous; /* share of subjects on which all m raters agree */
};

/*
 * Fleiss' kappa from an n x k matrix of counts, row-major: counts[i * k + j]
 * is how many of the m raters put subject i in category j; every row must
 * sum to m. Borrowed for the call; *out is filled.
 * Errors: AGREE_INVALID (NULL, k < 2, m < 2), AGREE_TOO_FEW (n = 0),
 * AGREE_BAD_DATA (a row not summing to m), AGREE_UNDEFINED (every rating in
 * one category; then n, m, k, p_bar = p_e_bar = 1 and p_unanimous = 1 are
 * filled, the other fields are 0).
 */
int agree_fleiss(const size_t *counts, size_t n, int k, int m,
                 struct agree_fleiss *out);

/*
 * Percent agreement of two raters: 100 * (items with a[i] == b[i]) / n.
 * Arguments as agree_cohen_codes; *percent is set on success, 0 otherwise.
 * Errors: AGREE_INVALID, AGREE_TOO_FEW, AGREE_BAD_DATA.
 */
int agree_percent(const int *a, size_t na, const int *b, size_t nb, int k,
                  double *percent);

#endif
