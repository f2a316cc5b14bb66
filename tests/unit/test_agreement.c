/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/agreement: published worked examples and edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
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
	NEAR(0.2137, r.ci_lo, 1e-4);
	NEAR(0.7547, r.ci_hi, 1e-4);
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
	NEAR(0.5317210, r.ci_lo, 1e-6);
	NEAR(0.8196303, r.ci_hi, 1e-6);

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
	NEAR(r.kappa - 1.959964 * r.se, r.ci_lo, 1e-12);
	NEAR(r.kappa + 1.959964 * r.se, r.ci_hi, 1e-12);
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
	NEAR(1.0, r.ci_lo, 1e-6);
	NEAR(1.0, r.ci_hi, 1e-6);
	assert_true(r.se0 > 0.0);
	assert_true(r.z > 0.0);
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
		cmocka_unit_test(test_cohen_one_category_undefined),
		cmocka_unit_test(test_cohen_disjoint_single_categories),
		cmocka_unit_test(test_cohen_bad_input),
		cmocka_unit_test(test_fleiss_wikipedia),
		cmocka_unit_test(test_fleiss_1971_diagnoses),
		cmocka_unit_test(test_fleiss_edges),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
