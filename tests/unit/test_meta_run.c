/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/meta_run: one meta-analysis as `sieve meta` runs
 * it (pooled fit, leave-one-out, cumulative by year, Egger, subgroups,
 * warnings), on hand-built studies (no database, no files). */
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

#include "../../analysis/meta_run.h"

/* Six studies of ADC (x10^-3 mm^2/s), responders minus non-responders. */
static struct meta_in_study six[6] = {
	{ "Ali 2005", 2005, 20, 1.21, 0.20, 22, 1.05, 0.21, "b", NULL },
	{ "Bo 2001", 2001, 35, 1.10, 0.18, 31, 1.01, 0.20, "a", NULL },
	{ "Cruz", 0, 18, 1.30, 0.25, 20, 1.02, 0.19, "b", NULL },
	{ "Dietz 2001", 2001, 42, 1.15, 0.19, 40, 1.09, 0.22, "c", NULL },
	{ "Eke 1999", 1999, 15, 0.98, 0.30, 17, 1.12, 0.28, "a", NULL },
	{ "Fox 2003", 2003, 27, 1.25, 0.22, 25, 0.97, 0.24, "b", NULL },
};

static struct meta_analysis_options options(enum meta_measure m, enum meta_method t2,
					    enum meta_test t, bool plain)
{
	return (struct meta_analysis_options){ .measure = m, .method = t2, .test = t,
					       .knha_plain = plain };
}

/* meta_pool with the options the run uses. */
static struct meta_options pool_options(const struct meta_analysis_options *o)
{
	return (struct meta_options){ o->method, o->test, 0.95, false, !o->knha_plain };
}

/* meta_pool of the studies idx[n] on yi/vi; returns the estimate. */
static double pool_of(const double *yi, const double *vi, const size_t *idx, size_t n,
		      const struct meta_analysis_options *o, struct meta_fit *f)
{
	double y[16], v[16];
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		y[i] = yi[idx[i]];
		v[i] = vi[idx[i]];
	}
	struct meta_options po = pool_options(o);
	assert_int_equal(meta_pool(y, v, n, &po, f, NULL), META_OK);
	return f->est;
}

static bool has_warning(const struct meta_analysis *a, const char *text)
{
	for (int i = 0; i < a->nwarnings; i++)
		if (!strcmp(a->warnings[i], text))
			return true;
	return false;
}

static bool warning_starts(const struct meta_analysis *a, const char *prefix)
{
	for (int i = 0; i < a->nwarnings; i++)
		if (!strncmp(a->warnings[i], prefix, strlen(prefix)))
			return true;
	return false;
}

/* The effect sizes are meta_escalc's and the pooled fit is meta_pool's on
 * them, to the last bit, under every measure, estimator and test. */
static void test_pooled_equals_meta_pool(void **state)
{
	(void)state;
	struct meta_study st[6];
	for (size_t i = 0; i < 6; i++)
		st[i] = (struct meta_study){ six[i].n1, six[i].mean1, six[i].sd1,
					     six[i].n2, six[i].mean2, six[i].sd2 };
	for (int m = 0; m < META_N_MEASURES; m++)
		for (int t2 = 0; t2 < META_N_METHODS; t2++)
			for (int t = 0; t < META_N_TESTS; t++)
				for (int plain = 0; plain < 2; plain++) {
					struct meta_analysis_options o = options((enum meta_measure)m,
						(enum meta_method)t2, (enum meta_test)t, plain);
					double yi[6], vi[6];
					assert_int_equal(meta_escalc(o.measure, st, 6, yi, vi, NULL), META_OK);
					struct meta_options po = pool_options(&o);
					struct meta_fit f;
					assert_int_equal(meta_pool(yi, vi, 6, &po, &f, NULL), META_OK);
					struct meta_analysis a;
					assert_int_equal(meta_analysis_run(six, 6, &o, &a, NULL), META_OK);
					assert_int_equal(a.k, 6);
					assert_memory_equal(a.yi, yi, sizeof yi);
					assert_memory_equal(a.vi, vi, sizeof vi);
					assert_true(a.fit.est == f.est && a.fit.se == f.se);
					assert_true(a.fit.ci_lb == f.ci_lb && a.fit.ci_ub == f.ci_ub);
					assert_true(a.fit.tau2 == f.tau2 && a.fit.I2 == f.I2);
					assert_true(a.fit.pval == f.pval);
					assert_int_equal(a.fit.test, f.test);
					assert_memory_equal(a.fit.weight, f.weight, 6 * sizeof *f.weight);
					/* nothing else asked for, nothing else run */
					assert_false(a.has_loo || a.has_cum || a.has_egger || a.has_sub);
					meta_fit_fini(&f);
					meta_analysis_fini(&a);
				}
}

/* Leave-one-out: k fits, fit i pools all studies but i. */
static void test_leave_one_out(void **state)
{
	(void)state;
	struct meta_analysis_options o = options(META_MD, META_REML, META_KNHA, false);
	o.loo = true;
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(six, 6, &o, &a, NULL), META_OK);
	assert_true(a.has_loo);
	assert_int_equal(a.loo.n, 6);
	for (size_t i = 0; i < 6; i++) {
		size_t idx[5], n = 0;
		for (size_t j = 0; j < 6; j++)
			if (j != i)
				idx[n++] = j;
		struct meta_fit f;
		assert_int_equal(a.loo.fit[i].status, META_OK);
		assert_int_equal(a.loo.fit[i].k, 5);
		assert_true(a.loo.fit[i].est == pool_of(a.yi, a.vi, idx, 5, &o, &f));
		assert_true(a.loo.fit[i].ci_lb == f.ci_lb && a.loo.fit[i].tau2 == f.tau2);
		meta_fit_fini(&f);
	}
	meta_analysis_fini(&a);
	/* one study: no leave-one-out */
	assert_int_equal(meta_analysis_run(six, 1, &o, &a, NULL), META_OK);
	assert_false(a.has_loo);
	assert_int_equal(a.loo.n, 0);
	meta_analysis_fini(&a);
}

/* Cumulative: by year, stable among equal years, unknown years last; fit j
 * pools the first j + 1 studies in that order. */
static void test_cumulative_by_year(void **state)
{
	(void)state;
	struct meta_analysis_options o = options(META_MD, META_DL, META_Z, false);
	o.cumulative = true;
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(six, 6, &o, &a, NULL), META_OK);
	assert_true(a.has_cum);
	/* 1999 Eke, 2001 Bo, 2001 Dietz, 2003 Fox, 2005 Ali, ? Cruz */
	static const size_t want[6] = { 4, 1, 3, 5, 0, 2 };
	assert_memory_equal(a.cum_order, want, sizeof want);
	assert_int_equal(a.cum.n, 6);
	for (size_t j = 0; j < 6; j++) {
		struct meta_fit f;
		assert_int_equal(a.cum.fit[j].k, j + 1);
		assert_true(a.cum.fit[j].est == pool_of(a.yi, a.vi, want, j + 1, &o, &f));
		meta_fit_fini(&f);
	}
	/* the first is Eke alone; the last is the pooled fit */
	assert_true(a.cum.fit[0].est == a.yi[4]);
	assert_true(a.cum.fit[5].est == a.fit.est);
	meta_analysis_fini(&a);
}

/* Subgroups: by label, sorted; each pooled on its own studies. */
static void test_subgroups_by_label(void **state)
{
	(void)state;
	struct meta_analysis_options o = options(META_MD, META_REML, META_Z, false);
	o.subgroups = true;
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(six, 6, &o, &a, NULL), META_OK);
	assert_true(a.has_sub);
	assert_int_equal(a.nsub, 3);
	assert_string_equal(a.sub_label[0], "a");
	assert_string_equal(a.sub_label[1], "b");
	assert_string_equal(a.sub_label[2], "c");
	static const size_t group[6] = { 1, 0, 1, 2, 0, 1 };
	assert_memory_equal(a.group, group, sizeof group);
	static const size_t ga[] = { 1, 4 }, gb[] = { 0, 2, 5 }, gc[] = { 3 };
	const size_t *members[3] = { ga, gb, gc }, sizes[3] = { 2, 3, 1 };
	assert_int_equal(a.sub.ngroups, 3);
	for (size_t g = 0; g < 3; g++) {
		struct meta_fit f;
		assert_int_equal(a.sub.fit[g].k, sizes[g]);
		assert_true(a.sub.fit[g].est == pool_of(a.yi, a.vi, members[g], sizes[g], &o, &f));
		meta_fit_fini(&f);
	}
	assert_true(isfinite(a.sub.Q_between));
	assert_int_equal(a.nwarnings, 0);
	meta_analysis_fini(&a);

	/* one subgroup only: a warning, no subgroup analysis */
	struct meta_in_study one[3] = { six[0], six[2], six[5] };
	assert_int_equal(meta_analysis_run(one, 3, &o, &a, NULL), META_OK);
	assert_false(a.has_sub);
	assert_int_equal(a.nsub, 1);
	assert_true(has_warning(&a, "one subgroup only: no subgroup analysis"));
	meta_analysis_fini(&a);

	/* a study without a label: an error naming it */
	struct meta_in_study bad[3] = { six[0], six[1], six[2] };
	bad[1].subgroup = NULL;
	struct meta_error e;
	assert_int_equal(meta_analysis_run(bad, 3, &o, &a, &e), META_INVALID);
	assert_int_equal(e.study, 1);
	assert_int_equal(e.field, META_F_GROUP);
	assert_null(a.yi);
	/* subgroups not asked for: the labels are not read */
	o.subgroups = false;
	assert_int_equal(meta_analysis_run(bad, 3, &o, &a, NULL), META_OK);
	assert_false(a.has_sub);
	meta_analysis_fini(&a);
}

/* Egger's test: a warning below 10 studies, none from 10, and at least 3. */
static void test_egger_warnings(void **state)
{
	(void)state;
	struct meta_analysis_options o = options(META_MD, META_REML, META_KNHA, false);
	o.egger = true;
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(six, 6, &o, &a, NULL), META_OK);
	assert_true(a.has_egger);
	assert_true(a.egger.few_studies);
	assert_int_equal(a.egger.k, 6);
	assert_true(has_warning(&a, "Egger's test with 6 studies (fewer than 10) has little power"));
	struct meta_egger eg;
	assert_int_equal(meta_egger(a.yi, a.vi, 6, &eg, NULL), META_OK);
	assert_true(eg.bias == a.egger.bias && eg.pval == a.egger.pval);
	meta_analysis_fini(&a);

	struct meta_in_study ten[10];
	for (size_t i = 0; i < 10; i++) {
		ten[i] = six[i % 6];
		ten[i].n1 += (double)i; /* different variances */
	}
	assert_int_equal(meta_analysis_run(ten, 10, &o, &a, NULL), META_OK);
	assert_true(a.has_egger);
	assert_false(a.egger.few_studies);
	assert_false(warning_starts(&a, "Egger"));
	meta_analysis_fini(&a);

	assert_int_equal(meta_analysis_run(six, 2, &o, &a, NULL), META_OK);
	assert_false(a.has_egger);
	assert_true(has_warning(&a, "Egger's test needs at least 3 studies"));
	meta_analysis_fini(&a);

	/* every study equally precise: Egger's regression cannot be done and
	 * the run fails with the reason (no study at fault) */
	struct meta_in_study same[3] = { six[0], six[0], six[0] };
	struct meta_error e;
	assert_int_equal(meta_analysis_run(same, 3, &o, &a, &e), META_SINGULAR);
	assert_int_equal(e.study, -1);
	assert_null(a.yi);
	assert_false(a.has_egger);
}

/* Hartung-Knapp's q below 1: raised to 1 by the safeguard with a warning;
 * plain, the CI narrower than the fixed-effect one is the warning. */
static void test_knha_warnings(void **state)
{
	(void)state;
	struct meta_in_study same[3] = { six[0], six[0], six[0] };
	struct meta_analysis_options o = options(META_MD, META_REML, META_KNHA, false);
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(same, 3, &o, &a, NULL), META_OK);
	assert_true(a.fit.knha_adhoc_applied);
	assert_int_equal(a.nwarnings, 1);
	assert_string_equal(a.warnings[0], "Hartung-Knapp: q = 0 is below 1 and was raised to 1 "
			    "(ad hoc safeguard: the CI is never narrower than the z-based one; "
			    "--knha-plain for metafor's test=\"knha\")");
	meta_analysis_fini(&a);
	o.knha_plain = true;
	assert_int_equal(meta_analysis_run(same, 3, &o, &a, NULL), META_OK);
	assert_false(a.fit.knha_adhoc_applied);
	assert_int_equal(a.nwarnings, 1);
	assert_string_equal(a.warnings[0], "the random-effects CI is narrower than the fixed-effect "
			    "one (Hartung-Knapp q = 0 below 1): do not read it as more precise");
	meta_analysis_fini(&a);
	/* the fixed-effect model is not compared with itself */
	o.method = META_FE;
	assert_int_equal(meta_analysis_run(same, 3, &o, &a, NULL), META_OK);
	assert_int_equal(a.nwarnings, 0);
	meta_analysis_fini(&a);
}

/* A member that cannot be fitted (REML does not converge without study C,
 * found by search) is marked, with a warning naming the study; the rest of
 * the series, the pooled fit and the other analyses are there. */
static void test_member_not_fitted(void **state)
{
	(void)state;
	struct meta_in_study s[5] = {
		{ "A", 2001, 10, 3e6, 1e68, 10, 0, 1e68, NULL, NULL },
		{ "B", 2002, 10, -7e30, 1e-5, 10, 0, 1e-5, NULL, NULL },
		{ "C", 2003, 10, 8e11, 1e9, 10, 0, 1e9, NULL, NULL },
		{ "D", 2004, 10, -7e10, 1e55, 10, 0, 1e55, NULL, NULL },
		{ "E", 2005, 10, -1e26, 1e42, 10, 0, 1e42, NULL, NULL },
	};
	struct meta_analysis_options o = options(META_MD, META_REML, META_KNHA, false);
	o.loo = o.cumulative = true;
	struct meta_analysis a;
	assert_int_equal(meta_analysis_run(s, 5, &o, &a, NULL), META_OK);
	assert_true(isfinite(a.fit.est));
	assert_true(a.has_loo && a.has_cum);
	assert_int_equal(a.loo.n, 5);
	for (size_t i = 0; i < 5; i++) {
		if (i == 2)
			continue;
		assert_int_equal(a.loo.fit[i].status, META_OK);
		assert_true(isfinite(a.loo.fit[i].est));
	}
	assert_int_equal(a.loo.fit[2].status, META_NO_CONVERGENCE);
	assert_int_equal(a.loo.fit[2].k, 4);
	assert_true(isnan(a.loo.fit[2].est));
	for (size_t j = 0; j < 5; j++)
		assert_int_equal(a.cum.fit[j].status, META_OK);
	assert_true(has_warning(&a, "leave-one-out without C: not fitted (the tau^2 estimator "
				"did not converge)"));
	meta_analysis_fini(&a);
}

/* Errors: no study; bad data names the study; *a is then released. */
static void test_errors(void **state)
{
	(void)state;
	struct meta_analysis_options o = options(META_MD, META_REML, META_KNHA, false);
	struct meta_analysis a;
	struct meta_error e;
	assert_int_equal(meta_analysis_run(six, 0, &o, &a, &e), META_TOO_FEW);
	assert_int_equal(e.study, -1);
	assert_int_equal(a.k, 0);
	assert_null(a.yi);
	meta_analysis_fini(&a);
	struct meta_in_study bad[3] = { six[0], six[1], six[2] };
	bad[2].sd1 = 0;
	o.loo = o.egger = true;
	assert_int_equal(meta_analysis_run(bad, 3, &o, &a, &e), META_BAD_SD);
	assert_int_equal(e.study, 2);
	assert_int_equal(e.field, META_F_SD1);
	assert_null(a.yi);
	assert_null(a.fit.weight);
	assert_int_equal(a.nwarnings, 0);
	assert_int_equal(meta_analysis_run(NULL, 3, &o, &a, &e), META_INVALID);
	assert_int_equal(meta_analysis_run(six, 3, NULL, &a, &e), META_INVALID);
	assert_int_equal(meta_analysis_run(six, 3, &o, NULL, &e), META_INVALID);
	meta_analysis_fini(NULL);
	/* the effect sizes alone, as the report's every-model dump uses them */
	double yi[3], vi[3];
	assert_int_equal(meta_analysis_effects(META_SMD, bad, 3, yi, vi, &e), META_BAD_SD);
	assert_int_equal(e.study, 2);
	assert_int_equal(meta_analysis_effects(META_SMD, six, 3, yi, vi, NULL), META_OK);
	assert_true(yi[0] > 0 && vi[0] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pooled_equals_meta_pool),
		cmocka_unit_test(test_leave_one_out),
		cmocka_unit_test(test_cumulative_by_year),
		cmocka_unit_test(test_subgroups_by_label),
		cmocka_unit_test(test_egger_warnings),
		cmocka_unit_test(test_knha_warnings),
		cmocka_unit_test(test_member_not_fitted),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
