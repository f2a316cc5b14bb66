/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/agreement: published worked examples and edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/agreement.h"

#define NEAR(expected, actual, tol) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= (tol))

/* ---------------------------------------------------------------------------
 * Cohen's kappa
 * ------------------------------------------------------------------------- */

/*
 * Wikipedia, "Cohen's kappa", worked example: 50 proposals, A yes/B yes 20,
 * A yes/B no 5, A no/B yes 10, A no/B no 15; p_o = 0.7, p_e = 0.5,
 * kappa = 0.4 (exact fractions, so a tight tolerance).
 */
static const size_t wiki_table[4] = { 20, 5, 10, 15 };

static void test_cohen_wikipedia_table(void **state)
{
	(void)state;
	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(wiki_table, 2, &r), AGREE_OK);
	assert_int_equal(r.n, 50);
	assert_int_equal(r.k, 2);
	NEAR(0.7, r.p_o, 1e-12);
	NEAR(0.5, r.p_e, 1e-12);
	NEAR(0.4, r.kappa, 1e-12);
}

/* The same example through the paired-codes path (0 = yes, 1 = no). */
static void test_cohen_wikipedia_codes(void **state)
{
	(void)state;
	int a[50], b[50];
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++)
			for (size_t c = 0; c < wiki_table[i * 2 + j]; c++, n++) {
				a[n] = i;
				b[n] = j;
			}
	assert_int_equal(n, 50);
	struct agree_cohen rc, rt;
	assert_int_equal(agree_cohen_codes(a, n, b, n, 2, &rc), AGREE_OK);
	assert_int_equal(agree_cohen_table(wiki_table, 2, &rt), AGREE_OK);
	NEAR(0.7, rc.p_o, 1e-12);
	NEAR(0.5, rc.p_e, 1e-12);
	NEAR(0.4, rc.kappa, 1e-12);
	/* both paths build the same table, so every field must agree */
	NEAR(rt.se, rc.se, 1e-15);
	NEAR(rt.se0, rc.se0, 1e-15);
	NEAR(rt.p, rc.p, 1e-15);

	double pct;
	assert_int_equal(agree_percent(a, n, b, n, 2, &pct), AGREE_OK);
	NEAR(70.0, pct, 1e-12); /* Wikipedia: raters agreed on 35 of 50 */
}

/*
 * SAS/STAT PROC FREQ, AGREE option, printout for the 3 x 3 table
 * [[0,4,1],[0,8,0],[0,1,5]] as reproduced in statsmodels,
 * statsmodels/stats/tests/test_inter_rater.py (class UnweightedCohens,
 * "comparison to printout of a SAS example"):
 *   Kappa 0.4842, ASE 0.1380, 95% CL 0.2137 .. 0.7547,
 *   ASE under H0 0.1484, Z 3.2626, two-sided Pr > |Z| 0.0011.
 * SAS's ASE is the Fleiss-Cohen-Everitt (1969) large-sample SE and its
 * "ASE under H0" the FCE null SE. Published to 4 decimals: tolerance 1e-4.
 * Note column 0 is empty for rater B: an unused category must not break it.
 */
static void test_cohen_sas_printout(void **state)
{
	(void)state;
	const size_t t[9] = { 0, 4, 1, 0, 8, 0, 0, 1, 5 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(t, 3, &r), AGREE_OK);
	assert_int_equal(r.n, 19);
	NEAR(0.4842, r.kappa, 1e-4);
	NEAR(0.1380, r.se, 1e-4);
	/* SAS's 95% CL is the Wald interval */
	NEAR(0.2137, r.ci_wald_lo, 1e-4);
	NEAR(0.7547, r.ci_wald_hi, 1e-4);
	/* the reported (score-type) interval: the Wald bound away from 0, a
	 * lower bound nearer 0 (the null SE, 0.1484, exceeds 0.1380 here) */
	NEAR(0.7547, r.ci_hi, 1e-4);
	assert_true(r.ci_lo < r.ci_wald_lo && r.ci_lo > 0.15);
	NEAR(0.1484, r.se0, 1e-4);
	NEAR(3.2626, r.z, 1e-3);
	NEAR(0.0011, r.p, 1e-4);
}

/*
 * statpsych (D. G. Bonett), documented example of ci.kappa
 * (reference: Fleiss, Levin & Paik 2003):
 *   ci.kappa(.05, 31, 12, 4, 58)
 *   Cohen kappa: 0.6756757  SE 0.07344761  LL 0.5317210  UL 0.8196303
 * f00 = 31, f01 = 12, f10 = 4, f11 = 58 (row = rater y, column = rater x).
 * statpsych's SE is the FCE (1969) large-sample formula written out for
 * 2 x 2 tables, and its interval uses qnorm(.975) = 1.959964.
 */
static void test_cohen_statpsych_ci(void **state)
{
	(void)state;
	const size_t t[4] = { 31, 12, 4, 58 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(t, 2, &r), AGREE_OK);
	NEAR(0.6756757, r.kappa, 1e-7);
	NEAR(0.07344761, r.se, 1e-8);
	NEAR(0.5317210, r.ci_wald_lo, 1e-6);
	NEAR(0.8196303, r.ci_wald_hi, 1e-6);
	NEAR(0.8196303, r.ci_hi, 1e-6);
	assert_true(r.ci_estimable && r.ci_lo > 0.45 && r.ci_lo < r.ci_wald_lo);

	/* The large-sample SE does not depend on which rater is the row. */
	const size_t tt[4] = { 31, 4, 12, 58 };
	struct agree_cohen rt;
	assert_int_equal(agree_cohen_table(tt, 2, &rt), AGREE_OK);
	NEAR(r.se, rt.se, 1e-12);
	NEAR(r.se0, rt.se0, 1e-12);
}

/*
 * R package irr, kappa2(anxiety[, 2:3]) (unweighted), as reproduced in
 * statsmodels/stats/tests/test_inter_rater.py (test_cohens_kappa_irr):
 *   Kappa = -0.006289308, z = -0.0604067, p-value = 0.9518317.
 * irr's z uses the FCE null SE. The anxiety data (irr) are 20 subjects x
 * 3 raters on a 1..6 scale, typed in column by column as in statsmodels.
 * Ratings 1..6 become codes 0..5 (k = 6; code 4 is unused by raters 2, 3).
 */
static void test_cohen_irr_anxiety_codes(void **state)
{
	(void)state;
	const int anxiety[60] = {
		/* rater 1 */
		3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3,
		/* rater 2 */
		3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4,
		/* rater 3 */
		2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
	};
	int a[20], b[20];
	for (int i = 0; i < 20; i++) {
		a[i] = anxiety[20 + i] - 1;
		b[i] = anxiety[40 + i] - 1;
	}
	struct agree_cohen r;
	assert_int_equal(agree_cohen_codes(a, 20, b, 20, 6, &r), AGREE_OK);
	NEAR(-0.006289308, r.kappa, 1e-8);
	NEAR(-0.0604067, r.z, 1e-6);
	NEAR(0.9518317, r.p, 1e-6);
}

/*
 * Independent check of both SE formulas on a screening-shaped table
 * (include / exclude / maybe; the counts are made up, not published).
 * The FCE (1969) variances are the multinomial delta-method variances of
 * kappa: var = (1/n) [sum p_ij g_ij^2 - (sum p_ij g_ij)^2] with
 * g_ij = d kappa / d p_ij, evaluated at the observed p_ij for the
 * large-sample SE, and at p_ij = p_i. p_.j (independence, kappa = 0) for the
 * null SE. Here g is taken by central finite differences of a kappa written
 * from scratch below, a code path sharing nothing with analysis/agreement.c.
 */
static double kappa_of(const double *p, int k)
{
	double po = 0, pe = 0;
	for (int i = 0; i < k; i++) {
		double ri = 0, ci = 0;
		for (int j = 0; j < k; j++) {
			ri += p[i * k + j];
			ci += p[j * k + i];
		}
		po += p[i * k + i];
		pe += ri * ci;
	}
	return (po - pe) / (1 - pe);
}

static double delta_var(const double *p0, int k, double n)
{
	double p[16], g[16];
	const double h = 1e-6;
	for (int c = 0; c < k * k; c++) {
		memcpy(p, p0, sizeof(double) * (size_t)(k * k));
		p[c] = p0[c] + h;
		double up = kappa_of(p, k);
		p[c] = p0[c] - h;
		double down = kappa_of(p, k);
		g[c] = (up - down) / (2 * h);
	}
	double m1 = 0, m2 = 0;
	for (int c = 0; c < k * k; c++) {
		m1 += p0[c] * g[c];
		m2 += p0[c] * g[c] * g[c];
	}
	return (m2 - m1 * m1) / n;
}

static void test_cohen_se_delta_method(void **state)
{
	(void)state;
	const size_t t[9] = { 30, 5, 3, 4, 120, 6, 2, 7, 8 };
	const int k = 3;
	double n = 0, p[9], ind[9], row[3] = { 0 }, col[3] = { 0 };
	for (int c = 0; c < 9; c++)
		n += (double)t[c];
	for (int c = 0; c < 9; c++) {
		p[c] = (double)t[c] / n;
		row[c / k] += p[c];
		col[c % k] += p[c];
	}
	for (int c = 0; c < 9; c++)
		ind[c] = row[c / k] * col[c % k];

	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(t, k, &r), AGREE_OK);
	NEAR(kappa_of(p, k), r.kappa, 1e-12);
	NEAR(sqrt(delta_var(p, k, n)), r.se, 1e-7);
	NEAR(sqrt(delta_var(ind, k, n)), r.se0, 1e-7);
	NEAR(r.kappa - 1.959964 * r.se, r.ci_wald_lo, 1e-12);
	NEAR(r.kappa + 1.959964 * r.se, r.ci_wald_hi, 1e-12);
	/* n = 185: the score-type interval is close to the Wald one */
	NEAR(r.ci_wald_lo, r.ci_lo, 0.02);
	NEAR(r.ci_wald_hi, r.ci_hi, 1e-12);
	NEAR(r.kappa / r.se0, r.z, 1e-12);
	NEAR(erfc(fabs(r.z) / sqrt(2.0)), r.p, 1e-12);
}

static void test_cohen_perfect(void **state)
{
	(void)state;
	const int a[6] = { 0, 1, 2, 0, 1, 2 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_codes(a, 6, a, 6, 3, &r), AGREE_OK);
	NEAR(1.0, r.p_o, 1e-15);
	NEAR(1.0 / 3.0, r.p_e, 1e-15);
	NEAR(1.0, r.kappa, 1e-15);
	NEAR(0.0, r.se, 1e-7); /* FCE variance is 0 at kappa = 1 */
	NEAR(1.0, r.ci_wald_lo, 1e-6); /* so the Wald interval is degenerate */
	NEAR(1.0, r.ci_wald_hi, 1e-6);
	/* the reported one is not, and agrees with p (0.0005 < 0.05) */
	assert_true(r.ci_estimable);
	NEAR(1.0, r.ci_hi, 1e-12);
	assert_true(r.ci_lo > 0.0 && r.ci_lo < 0.9);
	assert_true(r.se0 > 0.0);
	assert_true(r.z > 0.0);
	assert_true(r.p < 0.05);
	double pct;
	assert_int_equal(agree_percent(a, 6, a, 6, 3, &pct), AGREE_OK);
	NEAR(100.0, pct, 1e-12);
}

static void test_cohen_one_category_undefined(void **state)
{
	(void)state;
	const int a[4] = { 1, 1, 1, 1 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_codes(a, 4, a, 4, 3, &r), AGREE_UNDEFINED);
	assert_int_equal(r.n, 4);
	NEAR(1.0, r.p_o, 0);
	NEAR(1.0, r.p_e, 0);
	NEAR(0.0, r.kappa, 0);
	assert_false(isnan(r.kappa) || isnan(r.se) || isnan(r.z) || isnan(r.p));
	const size_t t[4] = { 0, 0, 0, 9 };
	assert_int_equal(agree_cohen_table(t, 2, &r), AGREE_UNDEFINED);
	assert_non_null(strstr(agree_strerror(AGREE_UNDEFINED), "undefined"));
}

/* Each rater used one category and they differ: p_o = p_e = 0, kappa = 0,
 * the null SE is 0, and z is reported as 0 with p = 1 rather than 0/0. */
static void test_cohen_disjoint_single_categories(void **state)
{
	(void)state;
	const int a[3] = { 0, 0, 0 }, b[3] = { 1, 1, 1 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_codes(a, 3, b, 3, 2, &r), AGREE_OK);
	NEAR(0.0, r.p_o, 0);
	NEAR(0.0, r.p_e, 0);
	NEAR(0.0, r.kappa, 0);
	NEAR(0.0, r.se0, 0);
	NEAR(0.0, r.z, 0);
	NEAR(1.0, r.p, 0);
	/* nothing estimable: flagged, and the whole range rather than 0 to 0 */
	assert_false(r.ci_estimable);
	NEAR(-1.0, r.ci_lo, 0);
	NEAR(1.0, r.ci_hi, 0);
}

/* Intervals never leave [-1, 1]: 10 items, kappa 0.615, se 0.337, so the
 * unclamped Wald upper limit would be 1.2755. */
static void test_cohen_clamped(void **state)
{
	(void)state;
	const size_t t[4] = { 8, 1, 0, 1 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(t, 2, &r), AGREE_OK);
	NEAR(0.6154, r.kappa, 1e-4);
	assert_true(r.kappa + 1.959964 * r.se > 1.27);
	NEAR(1.0, r.ci_wald_hi, 0);
	NEAR(1.0, r.ci_hi, 0);
	/* p = 0.035: the Wald interval (-0.045 to 1) holds 0, the reported
	 * one does not */
	assert_true(r.p < 0.05 && r.ci_wald_lo < 0.0);
	assert_true(r.ci_lo > 0.0);
}

static void test_cohen_bad_input(void **state)
{
	(void)state;
	const int a[3] = { 0, 1, 2 }, b[3] = { 0, 1, 1 };
	const int bad_hi[3] = { 0, 3, 1 }, bad_neg[3] = { 0, -1, 1 };
	struct agree_cohen r;
	double pct = 42;

	assert_int_equal(agree_cohen_codes(a, 0, b, 0, 3, &r), AGREE_TOO_FEW);
	assert_int_equal(agree_cohen_codes(a, 3, b, 2, 3, &r), AGREE_INVALID);
	assert_int_equal(agree_cohen_codes(a, 3, bad_hi, 3, 3, &r), AGREE_BAD_DATA);
	assert_int_equal(agree_cohen_codes(bad_neg, 3, b, 3, 3, &r), AGREE_BAD_DATA);
	assert_int_equal(agree_cohen_codes(a, 3, b, 3, 1, &r), AGREE_INVALID);
	assert_int_equal(agree_cohen_codes(NULL, 3, b, 3, 3, &r), AGREE_INVALID);
	assert_int_equal(agree_cohen_codes(a, 3, b, 3, 3, NULL), AGREE_INVALID);

	const size_t zero[4] = { 0 };
	assert_int_equal(agree_cohen_table(zero, 2, &r), AGREE_TOO_FEW);
	assert_int_equal(agree_cohen_table(NULL, 2, &r), AGREE_INVALID);
	assert_int_equal(agree_cohen_table(zero, 1, &r), AGREE_INVALID);

	assert_int_equal(agree_percent(a, 3, b, 2, 3, &pct), AGREE_INVALID);
	NEAR(0.0, pct, 0);
	assert_int_equal(agree_percent(a, 0, b, 0, 3, &pct), AGREE_TOO_FEW);
	assert_int_equal(agree_percent(a, 3, bad_hi, 3, 3, &pct), AGREE_BAD_DATA);
	assert_int_equal(agree_percent(a, 3, b, 3, 3, &pct), AGREE_OK);
	NEAR(200.0 / 3.0, pct, 1e-12);

	/* a failed call leaves a zeroed result, never stale values */
	assert_int_equal(agree_cohen_table(wiki_table, 2, &r), AGREE_OK);
	assert_int_equal(agree_cohen_codes(a, 3, b, 2, 3, &r), AGREE_INVALID);
	NEAR(0.0, r.kappa, 0);
	assert_int_equal(r.n, 0);
}

/*
 * kappa = 1 at the boundary, the case of the issue: 3 items, two on "yes",
 * one on "no", both raters alike. The Wald interval was "1.000 to 1.000"
 * next to p = 0.083. The reported interval must hold 0 (p >= 0.05), end
 * at 1, and not be of width 0.
 */
static void test_cohen_kappa_one_small(void **state)
{
	(void)state;
	const size_t t[4] = { 2, 0, 0, 1 };
	struct agree_cohen r;
	assert_int_equal(agree_cohen_table(t, 2, &r), AGREE_OK);
	NEAR(1.0, r.kappa, 1e-15);
	NEAR(0.0833, r.p, 1e-4);
	assert_true(r.ci_estimable);
	assert_true(r.ci_lo < 0.0 && r.ci_lo >= -1.0);
	NEAR(1.0, r.ci_hi, 1e-12);
}

/*
 * kappa = +1 and -1 on a balanced 2 x 2 table of n items have a closed form:
 * on the line of tables with marginals 1/2, SE(kappa0)^2 = (1 - kappa0^2)/n,
 * so |1 - kappa0| = z SE(kappa0) gives kappa0 = (n - z^2) / (n + z^2). It is
 * the Wilson (1927) score interval's lower limit for an observed agreement
 * of n/n, (n / (n + z^2)), mapped by kappa = 2 p_o - 1: at this boundary
 * the interval is Wilson's. n = 6: 0.21933; kappa = -1 mirrors it.
 */
static void test_cohen_boundaries_closed_form(void **state)
{
	(void)state;
	const double z2 = 1.959964 * 1.959964;
	for (size_t h = 1; h <= 40; h++) {
		const double n = 2.0 * (double)h;
		const size_t plus[4] = { h, 0, 0, h }, minus[4] = { 0, h, h, 0 };
		struct agree_cohen r;
		assert_int_equal(agree_cohen_table(plus, 2, &r), AGREE_OK);
		NEAR(1.0, r.kappa, 1e-15);
		NEAR(fmax(-1.0, (n - z2) / (n + z2)), r.ci_lo, 1e-9);
		NEAR(1.0, r.ci_hi, 1e-12);
		/* the interval and the p-value agree */
		assert_true((r.ci_lo <= 0.0) == (r.p >= 0.05));
		assert_int_equal(agree_cohen_table(minus, 2, &r), AGREE_OK);
		NEAR(-1.0, r.kappa, 1e-15);
		NEAR(-1.0, r.ci_lo, 1e-12);
		NEAR(fmin(1.0, -(n - z2) / (n + z2)), r.ci_hi, 1e-9);
		assert_true((r.ci_hi >= 0.0) == (r.p >= 0.05));
	}
	struct agree_cohen r;
	const size_t six[4] = { 3, 0, 0, 3 };
	assert_int_equal(agree_cohen_table(six, 2, &r), AGREE_OK);
	NEAR(0.21933, r.ci_lo, 1e-5);
}

/*
 * Over every 2 x 2 and many 3 x 3 tables of up to 12 items: the interval
 * lies in [-1, 1], holds kappa, has width > 0, and holds 0 exactly when
 * p >= 0.05 (the Wald interval fails the last two on many of them).
 */
static void test_cohen_interval_consistent(void **state)
{
	(void)state;
	size_t checked = 0, wald_contradicts = 0;
	for (size_t a = 0; a <= 12; a++)
		for (size_t b = 0; a + b <= 12; b++)
			for (size_t c = 0; a + b + c <= 12; c++)
				for (size_t d = 0; a + b + c + d <= 12; d++) {
					const size_t t[4] = { a, b, c, d };
					struct agree_cohen r;
					int rc = agree_cohen_table(t, 2, &r);
					if (rc != AGREE_OK || !r.ci_estimable)
						continue;
					assert_true(r.ci_lo >= -1.0 && r.ci_hi <= 1.0);
					assert_true(r.ci_lo <= r.kappa + 1e-12 && r.kappa <= r.ci_hi + 1e-12);
					assert_true(r.ci_hi > r.ci_lo);
					if (fabs(r.p - 0.05) < 1e-9)
						continue;
					bool zero_in = r.ci_lo <= 0.0 && 0.0 <= r.ci_hi;
					if (zero_in != (r.p >= 0.05))
						fail_msg("%zu %zu %zu %zu: kappa %g CI %g to %g, p %g", a, b,
							 c, d, r.kappa, r.ci_lo, r.ci_hi, r.p);
					bool wald_zero = r.ci_wald_lo <= 0.0 && 0.0 <= r.ci_wald_hi;
					wald_contradicts += wald_zero != (r.p >= 0.05) ||
							    r.ci_wald_hi == r.ci_wald_lo;
					checked++;
				}
	unsigned long seed = 12345;
	for (int rep = 0; rep < 3000; rep++) {
		size_t t[9] = { 0 };
		size_t n = 3 + (size_t)(rep % 10);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			/* mostly on the diagonal, to reach high kappas */
			unsigned u = (unsigned)(seed >> 33) % 12;
			t[u < 9 ? (u % 3) * 4 : u % 9] += 1;
		}
		struct agree_cohen r;
		if (agree_cohen_table(t, 3, &r) != AGREE_OK || !r.ci_estimable)
			continue;
		assert_true(r.ci_lo >= -1.0 && r.ci_hi <= 1.0 && r.ci_hi > r.ci_lo);
		if (fabs(r.p - 0.05) < 1e-9)
			continue;
		assert_true((r.ci_lo <= 0.0 && 0.0 <= r.ci_hi) == (r.p >= 0.05));
		checked++;
	}
	printf("kappa intervals checked: %zu (the Wald interval contradicts p or is of width 0 "
	       "on %zu of the 2 x 2 tables)\n", checked, wald_contradicts);
	assert_true(checked > 1000);
	assert_true(wald_contradicts > 0);
}

/* ---------------------------------------------------------------------------
 * Fleiss' kappa
 * ------------------------------------------------------------------------- */

/*
 * Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
 * 5 categories; P_bar = 0.378, P_e_bar = 0.213, kappa = 0.210 (3 decimals).
 * The same table is in statsmodels' test_inter_rater.py (table0).
 */
static void test_fleiss_wikipedia(void **state)
{
	(void)state;
	const size_t t[50] = {
		0, 0, 0, 0, 14,
		0, 2, 6, 4, 2,
		0, 0, 3, 5, 6,
		0, 3, 9, 2, 0,
		2, 2, 8, 1, 1,
		7, 7, 0, 0, 0,
		3, 2, 6, 3, 0,
		2, 5, 3, 2, 2,
		6, 5, 2, 1, 0,
		0, 2, 2, 3, 7,
	};
	struct agree_fleiss r;
	assert_int_equal(agree_fleiss(t, 10, 5, 14, &r), AGREE_OK);
	assert_int_equal(r.n, 10);
	assert_int_equal(r.m, 14);
	assert_int_equal(r.k, 5);
	NEAR(0.378, r.p_bar, 1e-3);
	NEAR(0.213, r.p_e_bar, 1e-3);
	NEAR(0.210, r.kappa, 1e-3);
	NEAR(0.1, r.p_unanimous, 1e-12); /* only subject 1 is unanimous */
}

/*
 * Fleiss (1971), Psychological Bulletin 76:378-382: 30 patients, 6
 * psychiatrists, 5 diagnoses; kappa = .430. The raw ratings are irr's
 * `diagnoses` data as typed in statsmodels' test_inter_rater.py, whose
 * category totals are 26, 26, 30, 55, 43. R irr, kappam.fleiss(diagnoses),
 * reproduced there: Kappa = 0.4302445, z = 17.65183 (irr's z uses the
 * Fleiss, Nee & Landis 1979 null SE).
 */
static void test_fleiss_1971_diagnoses(void **state)
{
	(void)state;
	const int d[30][6] = {
		{ 4, 4, 4, 4, 4, 4 }, { 2, 2, 2, 5, 5, 5 }, { 2, 3, 3, 3, 3, 5 },
		{ 5, 5, 5, 5, 5, 5 }, { 2, 2, 2, 4, 4, 4 }, { 1, 1, 3, 3, 3, 3 },
		{ 3, 3, 3, 3, 5, 5 }, { 1, 1, 3, 3, 3, 4 }, { 1, 1, 4, 4, 4, 4 },
		{ 5, 5, 5, 5, 5, 5 }, { 1, 4, 4, 4, 4, 4 }, { 1, 2, 4, 4, 4, 4 },
		{ 2, 2, 2, 3, 3, 3 }, { 1, 4, 4, 4, 4, 4 }, { 2, 2, 4, 4, 4, 5 },
		{ 3, 3, 3, 3, 3, 5 }, { 1, 1, 1, 4, 5, 5 }, { 1, 1, 1, 1, 1, 2 },
		{ 2, 2, 4, 4, 4, 4 }, { 1, 3, 3, 5, 5, 5 }, { 5, 5, 5, 5, 5, 5 },
		{ 2, 4, 4, 4, 4, 4 }, { 2, 2, 4, 5, 5, 5 }, { 1, 1, 4, 4, 4, 4 },
		{ 1, 4, 4, 4, 4, 5 }, { 2, 2, 2, 2, 2, 4 }, { 1, 1, 1, 1, 5, 5 },
		{ 2, 2, 4, 4, 4, 4 }, { 1, 3, 3, 3, 3, 3 }, { 5, 5, 5, 5, 5, 5 },
	};
	size_t t[30 * 5] = { 0 }, total[5] = { 0 };
	for (int i = 0; i < 30; i++)
		for (int j = 0; j < 6; j++) {
			t[i * 5 + d[i][j] - 1]++;
			total[d[i][j] - 1]++;
		}
	const size_t published_totals[5] = { 26, 26, 30, 55, 43 };
	for (int c = 0; c < 5; c++)
		assert_int_equal(total[c], published_totals[c]);

	struct agree_fleiss r;
	assert_int_equal(agree_fleiss(t, 30, 5, 6, &r), AGREE_OK);
	NEAR(0.430, r.kappa, 1e-3);      /* Fleiss (1971) */
	NEAR(0.4302445, r.kappa, 1e-7);  /* irr */
	NEAR(17.65183, r.z, 1e-4);       /* irr */
	NEAR(r.kappa / 17.65183, r.se0, 1e-6);
	assert_true(r.p < 1e-60);        /* irr prints p-value = 0 */
	NEAR(5.0 / 30.0, r.p_unanimous, 1e-12); /* subjects 1, 4, 10, 21, 30 */
}

static void test_fleiss_edges(void **state)
{
	(void)state;
	struct agree_fleiss r;

	/* perfect agreement, two categories used */
	const size_t perfect[6] = { 3, 0, 0, 3, 3, 0 };
	assert_int_equal(agree_fleiss(perfect, 3, 2, 3, &r), AGREE_OK);
	NEAR(1.0, r.p_bar, 1e-15);
	NEAR(1.0, r.kappa, 1e-15);
	NEAR(1.0, r.p_unanimous, 1e-15);
	assert_true(r.se0 > 0.0 && r.z > 0.0);

	/* every rating in one category */
	const size_t one[6] = { 0, 4, 0, 4, 0, 4 };
	assert_int_equal(agree_fleiss(one, 3, 2, 4, &r), AGREE_UNDEFINED);
	NEAR(1.0, r.p_bar, 0);
	NEAR(1.0, r.p_e_bar, 0);
	NEAR(0.0, r.kappa, 0);
	assert_false(isnan(r.kappa) || isnan(r.z));

	/* a row not summing to m */
	const size_t ragged[6] = { 2, 1, 1, 1, 3, 0 };
	assert_int_equal(agree_fleiss(ragged, 3, 2, 3, &r), AGREE_BAD_DATA);
	const size_t too_big[4] = { 4, 0, 0, 3 };
	assert_int_equal(agree_fleiss(too_big, 2, 2, 3, &r), AGREE_BAD_DATA);

	assert_int_equal(agree_fleiss(perfect, 0, 2, 3, &r), AGREE_TOO_FEW);
	assert_int_equal(agree_fleiss(perfect, 3, 2, 1, &r), AGREE_INVALID);
	assert_int_equal(agree_fleiss(perfect, 3, 1, 3, &r), AGREE_INVALID);
	assert_int_equal(agree_fleiss(NULL, 3, 2, 3, &r), AGREE_INVALID);
	assert_int_equal(agree_fleiss(perfect, 3, 2, 3, NULL), AGREE_INVALID);
}

static void test_strerror(void **state)
{
	(void)state;
	const int codes[] = { AGREE_OK, AGREE_INVALID, AGREE_TOO_FEW,
		AGREE_BAD_DATA, AGREE_UNDEFINED, AGREE_NOMEM, -99 };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *s = agree_strerror(codes[i]);
		assert_non_null(s);
		assert_true(strlen(s) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cohen_wikipedia_table),
		cmocka_unit_test(test_cohen_wikipedia_codes),
		cmocka_unit_test(test_cohen_sas_printout),
		cmocka_unit_test(test_cohen_statpsych_ci),
		cmocka_unit_test(test_cohen_irr_anxiety_codes),
		cmocka_unit_test(test_cohen_se_delta_method),
		cmocka_unit_test(test_cohen_perfect),
		cmocka_unit_test(test_cohen_kappa_one_small),
		cmocka_unit_test(test_cohen_boundaries_closed_form),
		cmocka_unit_test(test_cohen_interval_consistent),
		cmocka_unit_test(test_cohen_one_category_undefined),
		cmocka_unit_test(test_cohen_disjoint_single_categories),
		cmocka_unit_test(test_cohen_bad_input),
		cmocka_unit_test(test_cohen_clamped),
		cmocka_unit_test(test_fleiss_wikipedia),
		cmocka_unit_test(test_fleiss_1971_diagnoses),
		cmocka_unit_test(test_fleiss_edges),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
