/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/convert: reference values, published examples, edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "refdata.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/convert.h"
#include "../../lib/csv.h"

#define NEAR(expected, actual, tol) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= (tol))

static struct conv_input in5(long n, double a, double q1, double m, double q3, double b)
{
	struct conv_input in = { n, a, q1, m, q3, b };
	return in;
}

/* ---------------------------------------------------------------------------
 * Reference values: ../shared/data/reference (SIEVE_SHARED_DATA overrides the
 * .../shared/data folder), computed by the data's authors in R from the
 * published formulas.
 * ------------------------------------------------------------------------- */



static double parse_num(const char *s)
{
	if (!strcmp(s, "NA") || !*s)
		return NAN;
	char *end;
	double v = strtod(s, &end);
	assert_true(*end == '\0');
	return v;
}

/* Read a case file: header scenario,n,min,q1,median,q3,max and one row. */
static void read_case(const char *file, struct conv_input *in, char *scenario, size_t ssize)
{
	char path[1400], hdr[512], row[512];
	snprintf(path, sizeof path, "%s/cases/%s", ref_dir, file);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(hdr, sizeof hdr, f));
	assert_non_null(fgets(row, sizeof row, f));
	fclose(f);
	char *h[16], *v[16];
	int nh = split_csv(hdr, h, 16), nv = split_csv(row, v, 16);
	assert_int_equal(nh, nv);
	*in = in5(0, NAN, NAN, NAN, NAN, NAN);
	scenario[0] = '\0';
	for (int i = 0; i < nh; i++) {
		if (!strcmp(h[i], "scenario"))
			snprintf(scenario, ssize, "%s", v[i]);
		else if (!strcmp(h[i], "n"))
			in->n = strtol(v[i], NULL, 10);
		else if (!strcmp(h[i], "min"))
			in->min = parse_num(v[i]);
		else if (!strcmp(h[i], "q1"))
			in->q1 = parse_num(v[i]);
		else if (!strcmp(h[i], "median"))
			in->median = parse_num(v[i]);
		else if (!strcmp(h[i], "q3"))
			in->q3 = parse_num(v[i]);
		else if (!strcmp(h[i], "max"))
			in->max = parse_num(v[i]);
	}
}

/* Check every expected.csv row of case name against r; returns the count. */
static int check_reference(const char *name, const struct conv_result *r)
{
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/expected/expected.csv", ref_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int checked = 0;
	while (fgets(line, sizeof line, f)) {
		char *c[10];
		if (split_csv(line, c, 10) < 6 || strcmp(c[0], name) != 0)
			continue;
		const char *method = c[1], *stat = c[2];
		double want = strtod(c[3], NULL), tol_rel = strtod(c[4], NULL),
		       tol_abs = strtod(c[5], NULL);
		double got = NAN;
		bool is_mean = !strcmp(stat, "mean");
		assert_true(is_mean || !strcmp(stat, "sd"));
		if (!strcmp(method, "recommended")) {
			got = is_mean ? r->mean : r->sd;
		} else {
			int m = -1;
			for (int i = 0; i < CONV_N_METHODS; i++)
				if (!strcmp(method, conv_method_name((enum conv_method)i)))
					m = i;
			if (m < 0)
				fail_msg("%s: unknown method %s", name, method);
			const struct conv_estimate *e = &r->m[m];
			if (is_mean ? !e->has_mean : !e->has_sd)
				fail_msg("%s: %s %s not produced", name, method, stat);
			got = is_mean ? e->mean : e->sd;
		}
		double tol = fmax(tol_abs, tol_rel * fabs(want));
		if (!(fabs(got - want) <= tol))
			fail_msg("%s,%s,%s: got %.17g, expected %.17g (tol %.3g)", name, method, stat,
			         got, want, tol);
		checked++;
	}
	fclose(f);
	return checked;
}

static void test_reference_cases(void **state)
{
	(void)state;
	if (!find_ref()) {
		print_message("shared test data not found at %s: set SIEVE_SHARED_DATA\n", ref_dir);
		skip();
	}
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/cases/index.csv", ref_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int cases = 0, checked = 0;
	while (fgets(line, sizeof line, f)) {
		char *c[8];
		if (split_csv(line, c, 8) < 3 || strcmp(c[1], "conv") != 0)
			continue;
		struct conv_input in;
		char scenario[16];
		read_case(c[2], &in, scenario, sizeof scenario);
		struct conv_result r;
		assert_int_equal(conv_estimate(&in, &r), CONV_OK);
		assert_string_equal(conv_scenario_name(r.scenario), scenario);
		int k = check_reference(c[0], &r);
		assert_true(k > 0);
		checked += k;
		cases++;
	}
	fclose(f);
	print_message("reference: %d conversion cases, %d values within tolerance\n", cases, checked);
	assert_true(cases >= 3);
}

/* ---------------------------------------------------------------------------
 * Published values
 * ------------------------------------------------------------------------- */

/*
 * Luo et al.'s S1 mean as documented with worked output in the R package
 * metaBLUE 1.0.0 (help page "Luo.mean", rdrr.io/cran/metaBLUE; example
 * Luo.mean(c(1, 4, 10), n = 30, type = "S1") gives $muhat 4.356748),
 * printed to 7 significant digits. By hand: w = 4 / (4 + 30^0.75) and
 * w * 5.5 + (1 - w) * 4 = 4.3567477. (Not from the paper itself.)
 */
static void test_luo_metablue_example(void **state)
{
	(void)state;
	struct conv_input in = in5(30, 1, NAN, 4, NAN, 10);
	struct conv_result r;
	assert_int_equal(conv_estimate(&in, &r), CONV_OK);
	assert_int_equal(r.scenario, CONV_S1);
	NEAR(4.356748, r.m[CONV_LUO2018].mean, 5e-7);
	NEAR(4.356748, r.mean, 5e-7);
}

/*
 * xi(n) approximates the expected range of n standard normal draws, the
 * control-chart constant d2 (Montgomery, Introduction to Statistical Quality
 * Control, Appendix VI: d2 = 1.693, 2.326, 3.078, 3.472, 3.735, 3.931 for
 * n = 3, 5, 10, 15, 20, 25), which Wan et al. (2014) tabulate as xi(n) for
 * n <= 50. Blom's approximation is within 3% for n >= 3 and 0.5% for n >= 10.
 */
static void test_xi_matches_d2(void **state)
{
	(void)state;
	static const struct { int n; double d2, rel; } t[] = {
		{ 3, 1.693, 0.03 }, { 5, 2.326, 0.015 }, { 10, 3.078, 0.005 },
		{ 15, 3.472, 0.005 }, { 20, 3.735, 0.005 }, { 25, 3.931, 0.005 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		NEAR(t[i].d2, conv_xi(t[i].n), t[i].rel * t[i].d2);
	/* eta(n) -> 2 * 0.6745 = 1.349 as n grows: the IQR of N(0, 1) */
	NEAR(1.3489795, conv_eta(1e7), 1e-5);
	assert_true(isnan(conv_xi(0)));
}

/* ---------------------------------------------------------------------------
 * Properties of the estimators
 * ------------------------------------------------------------------------- */

/* Which method applies where, and where the recommended pair comes from. */
static void test_applicability(void **state)
{
	(void)state;
	struct conv_result r;
	struct conv_input s1 = in5(20, 1, NAN, 3, NAN, 6);
	assert_int_equal(conv_estimate(&s1, &r), CONV_OK);
	assert_int_equal(r.scenario, CONV_S1);
	assert_true(r.m[CONV_WAN2014].has_mean && r.m[CONV_WAN2014].has_sd);
	assert_true(r.m[CONV_LUO2018].has_mean && !r.m[CONV_LUO2018].has_sd);
	assert_true(!r.m[CONV_SHI2020].has_mean && !r.m[CONV_SHI2020].has_sd);
	assert_true(r.m[CONV_HOZO2005].has_mean && !r.m[CONV_HOZO2005].has_sd);
	assert_int_equal(r.mean_from, CONV_LUO2018);
	assert_int_equal(r.sd_from, CONV_WAN2014);
	NEAR((1 + 6 + 6) / 4.0, r.m[CONV_WAN2014].mean, 1e-12);
	NEAR(13 / 4.0 + 1 / 80.0, r.m[CONV_HOZO2005].mean, 1e-12);
	NEAR(5.0 / conv_xi(20), r.sd, 1e-12);

	struct conv_input s2 = in5(20, NAN, 2, 3, 5, NAN);
	assert_int_equal(conv_estimate(&s2, &r), CONV_OK);
	assert_int_equal(r.scenario, CONV_S2);
	assert_false(r.m[CONV_HOZO2005].has_mean);
	assert_false(r.m[CONV_SHI2020].has_sd);
	assert_int_equal(r.sd_from, CONV_WAN2014);
	NEAR(10 / 3.0, r.m[CONV_WAN2014].mean, 1e-12);
	NEAR(3.0 / conv_eta(20), r.sd, 1e-12);
	double w = 0.7 + 0.39 / 20;
	NEAR(w * 3.5 + (1 - w) * 3, r.mean, 1e-12);

	struct conv_input s3 = in5(20, 1, 2, 3, 5, 6);
	assert_int_equal(conv_estimate(&s3, &r), CONV_OK);
	assert_int_equal(r.scenario, CONV_S3);
	assert_false(r.m[CONV_HOZO2005].has_mean);
	assert_true(r.m[CONV_SHI2020].has_sd && !r.m[CONV_SHI2020].has_mean);
	assert_int_equal(r.mean_from, CONV_LUO2018);
	assert_int_equal(r.sd_from, CONV_SHI2020);
	NEAR(r.m[CONV_SHI2020].sd, r.sd, 0);
	/* Shi's SD is a weighted average of the range- and IQR-based ones. */
	double by_range = 5 / conv_xi(20), by_iqr = 3 / conv_eta(20);
	assert_true(r.sd >= fmin(by_range, by_iqr) && r.sd <= fmax(by_range, by_iqr));
	NEAR(0.5 * (by_range + by_iqr), r.m[CONV_WAN2014].sd, 1e-12);
	NEAR((1 + 4 + 6 + 10 + 6) / 8.0, r.m[CONV_WAN2014].mean, 1e-12);
}

/* Symmetric summaries: every mean is the median; shifting and scaling the
 * data shifts and scales the estimates (location-scale equivariance). */
static void test_symmetry_and_equivariance(void **state)
{
	(void)state;
	struct conv_input in[3] = {
		in5(11, 2, NAN, 5, NAN, 8), in5(11, NAN, 4, 5, 6, NAN), in5(11, 2, 4, 5, 6, 8),
	};
	for (int k = 0; k < 3; k++) {
		struct conv_result r, t;
		assert_int_equal(conv_estimate(&in[k], &r), CONV_OK);
		for (int i = 0; i < CONV_N_METHODS; i++)
			if (r.m[i].has_mean)
				NEAR(5.0, r.m[i].mean, 1e-12);
		struct conv_input x = in[k];
		x.min = 10 + 3 * x.min;
		x.q1 = 10 + 3 * x.q1;
		x.median = 10 + 3 * x.median;
		x.q3 = 10 + 3 * x.q3;
		x.max = 10 + 3 * x.max;
		assert_int_equal(conv_estimate(&x, &t), CONV_OK);
		NEAR(10 + 3 * r.mean, t.mean, 1e-12);
		NEAR(3 * r.sd, t.sd, 1e-12);
	}
}

/* All values equal: SD 0, means the common value. */
static void test_constant_data(void **state)
{
	(void)state;
	struct conv_input in = in5(5, 2, 2, 2, 2, 2);
	struct conv_result r;
	assert_int_equal(conv_estimate(&in, &r), CONV_OK);
	assert_int_equal(r.scenario, CONV_S3);
	NEAR(0.0, r.sd, 0);
	NEAR(0.0, r.m[CONV_WAN2014].sd, 0);
	NEAR(2.0, r.mean, 1e-15);
}

/* ---------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------- */

static void expect_fail(struct conv_input in, int status, enum conv_field field)
{
	struct conv_result r;
	memset(&r, 0xab, sizeof r);
	assert_int_equal(conv_estimate(&in, &r), status);
	assert_int_equal(r.bad_field, field);
	assert_int_equal(r.scenario, 0);
	assert_true(r.mean == 0.0 && r.sd == 0.0);
}

static void test_missing_combinations(void **state)
{
	(void)state;
	expect_fail(in5(10, 1, 2, NAN, 4, 5), CONV_INCOMPLETE, CONV_F_MEDIAN); /* no median */
	expect_fail(in5(10, NAN, NAN, 3, NAN, NAN), CONV_INCOMPLETE, CONV_F_NONE); /* median only */
	expect_fail(in5(10, 1, NAN, 3, NAN, NAN), CONV_INCOMPLETE, CONV_F_MAX);  /* min, no max */
	expect_fail(in5(10, NAN, NAN, 3, NAN, 5), CONV_INCOMPLETE, CONV_F_MIN);  /* max, no min */
	expect_fail(in5(10, NAN, 2, 3, NAN, NAN), CONV_INCOMPLETE, CONV_F_Q3);   /* q1, no q3 */
	expect_fail(in5(10, 1, 2, 3, 4, NAN), CONV_INCOMPLETE, CONV_F_MAX);      /* four of five */
	expect_fail(in5(10, 1, NAN, 3, 4, 5), CONV_INCOMPLETE, CONV_F_Q1);       /* four of five */
	expect_fail(in5(10, NAN, NAN, NAN, NAN, NAN), CONV_INCOMPLETE, CONV_F_MEDIAN);
	assert_string_not_equal(conv_strerror(CONV_INCOMPLETE), conv_strerror(-99));
}

static void test_unordered(void **state)
{
	(void)state;
	expect_fail(in5(10, 1, 3, 2, 4, 5), CONV_UNORDERED, CONV_F_MEDIAN); /* median < q1 */
	expect_fail(in5(10, 2, 1, 3, 4, 5), CONV_UNORDERED, CONV_F_Q1);     /* q1 < min */
	expect_fail(in5(10, 1, 2, 3, 5, 4), CONV_UNORDERED, CONV_F_MAX);    /* max < q3 */
	expect_fail(in5(10, 5, NAN, 3, NAN, 1), CONV_UNORDERED, CONV_F_MEDIAN); /* min > median */
	expect_fail(in5(10, NAN, 4, 3, 2, NAN), CONV_UNORDERED, CONV_F_MEDIAN);
	expect_fail(in5(10, NAN, 2, 3, 2.5, NAN), CONV_UNORDERED, CONV_F_Q3);
	/* ties are allowed */
	struct conv_result r;
	struct conv_input ties = in5(10, 1, 1, 3, 3, 3);
	assert_int_equal(conv_estimate(&ties, &r), CONV_OK);
}

static void test_sample_size_and_values(void **state)
{
	(void)state;
	expect_fail(in5(2, 1, NAN, 2, NAN, 3), CONV_TOO_FEW, CONV_F_N);
	expect_fail(in5(0, NAN, 1, 2, 3, NAN), CONV_TOO_FEW, CONV_F_N);
	expect_fail(in5(-5, 1, 2, 3, 4, 5), CONV_TOO_FEW, CONV_F_N);
	struct conv_result r;
	struct conv_input n3 = in5(3, 1, NAN, 2, NAN, 3);
	assert_int_equal(conv_estimate(&n3, &r), CONV_OK);
	assert_true(isfinite(r.sd) && r.sd > 0);
	expect_fail(in5(10, -INFINITY, NAN, 2, NAN, 3), CONV_BAD_VALUE, CONV_F_MIN);
	expect_fail(in5(10, NAN, 1, 2, INFINITY, NAN), CONV_BAD_VALUE, CONV_F_Q3);
	/* finite inputs whose estimates overflow: refused, never inf or nan */
	expect_fail(in5(10, -1e308, NAN, 0, NAN, 1e308), CONV_OVERFLOW, CONV_F_MIN);
	expect_fail(in5(10, NAN, -1e308, 0, 1.5e308, NAN), CONV_OVERFLOW, CONV_F_Q3);
	expect_fail(in5(10, 1e308, NAN, 1e308, NAN, 1e308), CONV_OVERFLOW, CONV_F_MIN);
	struct conv_input big = in5(10, -1e300, NAN, 0, NAN, 1e300);
	assert_int_equal(conv_estimate(&big, &r), CONV_OK);
	assert_true(isfinite(r.mean) && isfinite(r.sd));
	/* n: a sane upper bound (xi(n) degenerates near 2^53) */
	expect_fail(in5(1000001, 1, NAN, 2, NAN, 3), CONV_TOO_MANY, CONV_F_N);
	expect_fail(in5(9007199254740993L, 1, NAN, 2, NAN, 3), CONV_TOO_MANY, CONV_F_N);
	struct conv_input maxn = in5(CONV_MAX_N, 1, NAN, 2, NAN, 3);
	assert_int_equal(conv_estimate(&maxn, &r), CONV_OK);
	assert_true(isfinite(r.sd) && r.sd > 0);
	assert_int_equal(conv_estimate(NULL, &r), CONV_INVALID);
	assert_int_equal(conv_estimate(&n3, NULL), CONV_INVALID);
	assert_string_equal(conv_method_name(CONV_SHI2020), "shi2020");
	assert_string_equal(conv_field_name(CONV_F_Q3), "q3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_cases),
		cmocka_unit_test(test_luo_metablue_example),
		cmocka_unit_test(test_xi_matches_d2),
		cmocka_unit_test(test_applicability),
		cmocka_unit_test(test_symmetry_and_equivariance),
		cmocka_unit_test(test_constant_data),
		cmocka_unit_test(test_missing_combinations),
		cmocka_unit_test(test_unordered),
		cmocka_unit_test(test_sample_size_and_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
