/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/meta: metafor reference values, properties, edge cases, errors. */
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

#include "../../analysis/meta.h"
#include "../../lib/csv.h"

#define NEAR(expected, actual, tol) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= (tol))
#define REL(expected, actual, rel) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= (rel) * fabs((double)(expected)))

static const struct meta_options z_opts[META_N_METHODS] = {
	{ META_FE, META_Z, 0.95, false, false }, { META_DL, META_Z, 0.95, false, false },
	{ META_REML, META_Z, 0.95, false, false }, { META_PM, META_Z, 0.95, false, false },
};

/* ---------------------------------------------------------------------------
 * Reference values: ../shared/data/reference (SIEVE_SHARED_DATA overrides the
 * .../shared/data folder), computed with R 4.2.2 and metafor 3.8-1.
 * ------------------------------------------------------------------------- */



/* What the emitters produced for one case: (method, stat, value) rows. */
struct row {
	char method[96];
	char stat[32];
	double value;
	bool seen; /* matched by a reference row */
};

struct collect {
	struct row *rows;
	size_t n, cap;
};

static void collect_emit(void *ctx, const char *method, const char *stat, double value)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
		assert_non_null(c->rows);
	}
	struct row *r = &c->rows[c->n++];
	assert_true(strlen(method) < sizeof r->method && strlen(stat) < sizeof r->stat);
	strcpy(r->method, method);
	strcpy(r->stat, stat);
	r->value = value;
	r->seen = false;
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->method, y->method);
	return c ? c : strcmp(x->stat, y->stat);
}

struct ma_case {
	size_t k;
	struct meta_study s[64];
	char group[64][32];
	bool has_group;
};

static double num(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	assert_true(*s && *end == '\0');
	return v;
}

static void read_ma_case(const char *file, struct ma_case *c)
{
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/cases/%s", ref_dir, file);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	memset(c, 0, sizeof *c);
	char *h[16], *v[16];
	assert_non_null(fgets(line, sizeof line, f));
	int nh = split_csv(line, h, 16);
	int col[8];
	static const char *const names[8] = { "n1", "mean1", "sd1", "n2", "mean2", "sd2",
	                                      "subgroup", "study" };
	for (int j = 0; j < 8; j++) {
		col[j] = -1;
		for (int i = 0; i < nh; i++)
			if (!strcmp(h[i], names[j]))
				col[j] = i;
	}
	for (int j = 0; j < 6; j++)
		assert_true(col[j] >= 0);
	c->has_group = col[6] >= 0;
	while (fgets(line, sizeof line, f)) {
		int nv = split_csv(line, v, 16);
		if (nv == 0 || (nv == 1 && !*v[0]))
			continue;
		assert_int_equal(nv, nh);
		assert_true(c->k < 64);
		struct meta_study *s = &c->s[c->k];
		double *fld[6] = { &s->n1, &s->mean1, &s->sd1, &s->n2, &s->mean2, &s->sd2 };
		for (int j = 0; j < 6; j++)
			*fld[j] = num(v[col[j]]);
		if (c->has_group)
			snprintf(c->group[c->k], sizeof c->group[0], "%s", v[col[6]]);
		c->k++;
	}
	fclose(f);
}

/* Run every analysis of the reference table on case c, emitting into out. */
static void run_ma_case(const struct ma_case *c, struct collect *out)
{
	size_t k = c->k, group[64], ngroups = 0;
	char labels[64][32];
	double yi[64], vi[64], dummy[64];
	if (c->has_group) {
		for (size_t i = 0; i < k; i++) {
			size_t g = 0;
			while (g < ngroups && strcmp(labels[g], c->group[i]))
				g++;
			if (g == ngroups)
				strcpy(labels[ngroups++], c->group[i]);
			group[i] = g;
		}
		/* The meta-regression dummy: 1 for the second level in R's sorted
		 * factor levels (metafor's contrast). */
		assert_int_equal(ngroups, 2);
		size_t second = strcmp(labels[0], labels[1]) < 0 ? 1 : 0;
		for (size_t i = 0; i < k; i++)
			dummy[i] = group[i] == second;
	}
	for (int m = 0; m < META_N_MEASURES; m++) {
		char name[96], sub[128];
		struct meta_error err;
		snprintf(name, sizeof name, "%s.escalc", meta_measure_name(m));
		assert_int_equal(meta_escalc(m, c->s, k, yi, vi, &err), META_OK);
		meta_emit_escalc(name, yi, vi, k, collect_emit, out);
		if (k >= 3) {
			struct meta_egger e;
			assert_int_equal(meta_egger(yi, vi, k, &e, &err), META_OK);
			assert_int_equal(e.few_studies, k < 10);
			snprintf(name, sizeof name, "%s.egger", meta_measure_name(m));
			meta_emit_egger(&e, name, collect_emit, out);
		}
		for (int e = 0; e < META_N_METHODS; e++) {
			for (int t = 0; t < META_N_TESTS; t++) {
				struct meta_options o = { .method = e, .test = t };
				meta_prefix(name, sizeof name, m, e, t);
				struct meta_fit f;
				assert_int_equal(meta_pool(yi, vi, k, &o, &f, &err), META_OK);
				meta_emit_fit(&f, name, collect_emit, out);
				meta_fit_fini(&f);

				struct meta_series s;
				assert_int_equal(meta_leave1out(yi, vi, k, &o, &s, &err), META_OK);
				snprintf(sub, sizeof sub, "%s.loo", name);
				meta_emit_series(&s, sub, collect_emit, out);
				meta_series_fini(&s);

				struct meta_reg r;
				if (k >= 3) {
					assert_int_equal(meta_egger_rma(yi, vi, k, &o, &r, &err), META_OK);
					snprintf(sub, sizeof sub, "%s.egger_rma", name);
					meta_emit_egger_rma(&r, sub, collect_emit, out);
				}
				if (!c->has_group)
					continue;
				struct meta_subgroups sg;
				assert_int_equal(meta_subgroup(yi, vi, group, k, ngroups, &o, &sg, &err),
				                 META_OK);
				for (size_t g = 0; g < ngroups; g++) {
					snprintf(sub, sizeof sub, "%s.sub.%s", name, labels[g]);
					meta_emit_fit(&sg.fit[g], sub, collect_emit, out);
				}
				if (t == META_Z) {
					snprintf(sub, sizeof sub, "%s.subtest", name);
					meta_emit_subtest(&sg, sub, collect_emit, out);
				}
				meta_subgroups_fini(&sg);
				assert_int_equal(meta_metareg(yi, vi, dummy, k, &o, &r, &err), META_OK);
				snprintf(sub, sizeof sub, "%s.metareg", name);
				meta_emit_metareg(&r, sub, collect_emit, out);
			}
		}
	}
}

/* Statistic families, for the summary. */
static const char *const family_names[] = { "escalc", "fit", "loo", "egger", "egger_rma",
                                            "sub", "subtest", "metareg" };
enum { N_FAMILIES = sizeof family_names / sizeof family_names[0] };

static int family(const char *method)
{
	if (strstr(method, ".escalc"))
		return 0;
	if (strstr(method, ".loo"))
		return 2;
	if (strstr(method, ".egger_rma"))
		return 4;
	if (strstr(method, ".egger"))
		return 3;
	if (strstr(method, ".subtest"))
		return 6;
	if (strstr(method, ".sub."))
		return 5;
	if (strstr(method, ".metareg"))
		return 7;
	return 1;
}

struct tally {
	int passed[N_FAMILIES], failed[N_FAMILIES], missing_opt[N_FAMILIES], missing_req;
	int req_passed;
	int unknown; /* emitted names the reference does not know */
};

/* Compare every expected.csv row of case name with what was emitted. */
static void check_case(const char *name, struct collect *got, struct tally *t)
{
	qsort(got->rows, got->n, sizeof *got->rows, row_cmp);
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/expected/expected.csv", ref_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		char *c[8];
		if (split_csv(line, c, 8) < 8 || strcmp(c[0], name) != 0)
			continue;
		struct row key;
		if (strlen(c[1]) >= sizeof key.method || strlen(c[2]) >= sizeof key.stat)
			continue;
		strcpy(key.method, c[1]);
		strcpy(key.stat, c[2]);
		double want = num(c[3]), tol = fmax(num(c[5]), num(c[4]) * fabs(want));
		bool req = !strcmp(c[7], "1");
		int fam = family(c[1]);
		struct row *r = bsearch(&key, got->rows, got->n, sizeof *got->rows, row_cmp);
		if (!r) {
			if (req) {
				print_message("MISSING %s,%s,%s\n", name, c[1], c[2]);
				t->missing_req++;
			} else {
				t->missing_opt[fam]++;
			}
			continue;
		}
		r->seen = true;
		if (fabs(r->value - want) <= tol) {
			t->passed[fam]++;
			t->req_passed += req;
		} else {
			print_message("FAIL %s,%s,%s: got %.17g, expected %.17g (tol %.3g)\n", name,
			              c[1], c[2], r->value, want, tol);
			t->failed[fam]++;
		}
	}
	fclose(f);
	/* Every name the emitters produce is one of the reference's: a typo in
	 * a name would otherwise pass unnoticed as an extra statistic. */
	for (size_t i = 0; i < got->n; i++) {
		if (!got->rows[i].seen) {
			print_message("UNKNOWN %s,%s,%s\n", name, got->rows[i].method, got->rows[i].stat);
			t->unknown++;
		}
	}
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
	struct tally t = { 0 };
	int cases = 0;
	static struct ma_case c;
	while (fgets(line, sizeof line, f)) {
		char *col[8];
		if (split_csv(line, col, 8) < 3 || strcmp(col[1], "ma") != 0)
			continue;
		char name[64];
		snprintf(name, sizeof name, "%s", col[0]);
		read_ma_case(col[2], &c);
		struct collect got = { 0 };
		run_ma_case(&c, &got);
		check_case(name, &got, &t);
		free(got.rows);
		cases++;
	}
	fclose(f);
	int passed = 0, failed = 0, opt = 0;
	for (int i = 0; i < N_FAMILIES; i++) {
		print_message("meta reference %-9s %5d passed, %d failed, %d optional not produced\n",
		              family_names[i], t.passed[i], t.failed[i], t.missing_opt[i]);
		passed += t.passed[i], failed += t.failed[i], opt += t.missing_opt[i];
	}
	print_message("meta reference: %d cases, %d passed (%d required), %d failed, "
	              "%d required missing, %d optional not produced, %d unknown names\n",
	              cases, passed, t.req_passed, failed, t.missing_req, opt, t.unknown);
	assert_true(cases >= 5);
	assert_int_equal(failed, 0);
	assert_int_equal(t.missing_req, 0);
	assert_int_equal(t.unknown, 0);
}

/* ---------------------------------------------------------------------------
 * Properties and edge cases
 * ------------------------------------------------------------------------- */

/* Deterministic pseudo-random studies (xorshift64*, Box-Muller). */
static uint64_t rng_state;

static double rng_unif(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return ((rng_state * 2685821657736338717ull) >> 11) * 0x1.0p-53 + 0x1.0p-54;
}

static double rng_norm(void)
{
	return sqrt(-2 * log(rng_unif())) * cos(6.283185307179586 * rng_unif());
}

static void make_studies(size_t k, double tau, double *yi, double *vi)
{
	rng_state = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < k; i++) {
		vi[i] = 0.002 + 0.02 * rng_unif();
		yi[i] = -0.15 + tau * rng_norm() + sqrt(vi[i]) * rng_norm();
	}
}

static void test_single_study(void **state)
{
	(void)state;
	double yi[1] = { -0.2 }, vi[1] = { 0.004 };
	for (int e = 0; e < META_N_METHODS; e++) {
		for (int t = 0; t < META_N_TESTS; t++) {
			struct meta_options o = { .method = e, .test = t };
			struct meta_fit f;
			assert_int_equal(meta_pool(yi, vi, 1, &o, &f, NULL), META_OK);
			assert_int_equal(f.k, 1);
			NEAR(-0.2, f.est, 1e-15);
			NEAR(sqrt(0.004), f.se, 1e-15);
			assert_int_equal(f.test, META_Z); /* metafor: test = "z" when k = 1 */
			assert_true(isnan(f.df));
			NEAR(0, f.tau2, 0);
			NEAR(0, f.Q, 0);
			NEAR(0, f.Q_df, 0);
			NEAR(1, f.Q_pval, 0);
			NEAR(0, f.I2, 0);
			NEAR(1, f.H2, 0);
			NEAR(100, f.weight[0], 1e-12);
			NEAR(-0.2 - 1.959963984540054 * sqrt(0.004), f.ci_lb, 1e-12);
			assert_true(isnan(f.tau2_ci_lb) && isnan(f.tau2_ci_ub) && isnan(f.pi_lb_tkm2));
			meta_fit_fini(&f);
		}
	}
	struct meta_series s;
	assert_int_equal(meta_leave1out(yi, vi, 1, NULL, &s, NULL), META_TOO_FEW);
	assert_null(s.fit);
}

static void test_two_studies(void **state)
{
	(void)state;
	double yi[2] = { -0.2, -0.04 }, vi[2] = { 0.0022, 0.0031 };
	struct meta_options o = { .method = META_REML, .test = META_KNHA };
	struct meta_fit f;
	assert_int_equal(meta_pool(yi, vi, 2, &o, &f, NULL), META_OK);
	NEAR(1, f.df, 0);
	assert_true(isnan(f.pi_lb_tkm2)); /* t on k - 2 = 0 df */
	assert_true(f.tau2_ci_ub > f.tau2);
	meta_fit_fini(&f);
	struct meta_series s;
	assert_int_equal(meta_leave1out(yi, vi, 2, &o, &s, NULL), META_OK);
	assert_int_equal(s.n, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct meta_fit *g = &s.fit[i];
		assert_int_equal(g->k, 1);
		NEAR(yi[1 - i], g->est, 1e-15);
		NEAR(sqrt(vi[1 - i]), g->se, 1e-15);
		assert_null(g->weight);
		NEAR(1, g->H2, 0);
	}
	meta_series_fini(&s);
}

/* Identical studies: Q = 0, every tau2 estimate and its CI are 0. */
static void test_identical_studies(void **state)
{
	(void)state;
	double yi[5], vi[5];
	for (int i = 0; i < 5; i++)
		yi[i] = 0.3, vi[i] = 0.01;
	for (int e = 0; e < META_N_METHODS; e++) {
		struct meta_fit f;
		assert_int_equal(meta_pool(yi, vi, 5, &z_opts[e], &f, NULL), META_OK);
		NEAR(0.3, f.est, 1e-15);
		NEAR(sqrt(0.01 / 5), f.se, 1e-15);
		NEAR(0, f.Q, 1e-20);
		NEAR(1, f.Q_pval, 1e-12);
		NEAR(0, f.tau2, 0);
		NEAR(0, f.I2, 0);
		NEAR(20, f.weight[3], 1e-12);
		if (e != META_FE) {
			NEAR(1, f.H2, 0);
			NEAR(0, f.tau2_ci_lb, 0);
			NEAR(0, f.tau2_ci_ub, 0);
		}
		meta_fit_fini(&f);
	}
}

/* Hartung-Knapp where q = Q(tau2) / (k - 1) is below 1: identical studies
 * (q = 0) and Q far below its df. Plain (metafor) gives a CI narrower than
 * the z-based one, of width 0 and t = -inf for q = 0, and flags it; the ad
 * hoc safeguard uses max(1, q): finite, never narrower than the z CI. */
static void test_knha_adhoc(void **state)
{
	(void)state;
	double same_y[5], same_v[5];
	for (int i = 0; i < 5; i++)
		same_y[i] = -0.202, same_v[i] = 0.01;
	double low_y[6] = { 0.10, 0.12, 0.11, 0.09, 0.105, 0.115 };
	double low_v[6] = { 0.01, 0.02, 0.015, 0.01, 0.012, 0.018 };
	const double *ys[2] = { same_y, low_y }, *vs[2] = { same_v, low_v };
	size_t ks[2] = { 5, 6 };
	for (int c = 0; c < 2; c++) {
		for (int e = 0; e < META_N_METHODS; e++) {
			struct meta_options z = { .method = e, .test = META_Z };
			struct meta_options plain = { .method = e, .test = META_KNHA };
			struct meta_options adhoc = { .method = e, .test = META_KNHA, .knha_adhoc = true };
			struct meta_fit fz, fp, fa;
			assert_int_equal(meta_pool(ys[c], vs[c], ks[c], &z, &fz, NULL), META_OK);
			assert_int_equal(meta_pool(ys[c], vs[c], ks[c], &plain, &fp, NULL), META_OK);
			assert_int_equal(meta_pool(ys[c], vs[c], ks[c], &adhoc, &fa, NULL), META_OK);
			assert_true(fp.knha_q < (c == 0 ? 1e-20 : 0.1));
			assert_false(fp.knha_adhoc_applied);
			assert_true(fp.ci_narrower_than_fe);
			assert_true(fp.ci_ub - fp.ci_lb < fz.ci_ub - fz.ci_lb);
			if (c == 0) {
				NEAR(0, fp.ci_ub - fp.ci_lb, 1e-15); /* metafor: [-0.202, -0.202] */
				assert_true(isinf(fp.stat) && fp.pval == 0);
			}
			assert_true(fa.knha_adhoc_applied);
			NEAR(fp.knha_q, fa.knha_q, 0);
			NEAR(1, fa.s2w, 0);
			assert_false(fa.ci_narrower_than_fe);
			assert_true(isfinite(fa.stat) && isfinite(fa.ci_lb) && isfinite(fa.ci_ub));
			assert_true(fa.pval > 0 && fa.pval <= 1);
			REL(fz.se, fa.se, 1e-14);
			assert_true(fa.ci_lb <= fz.ci_lb && fa.ci_ub >= fz.ci_ub);
			assert_true(fa.ci_ub - fa.ci_lb > fz.ci_ub - fz.ci_lb);
			assert_false(fz.ci_narrower_than_fe);
			meta_fit_fini(&fz);
			meta_fit_fini(&fp);
			meta_fit_fini(&fa);
		}
	}
	/* q >= 1: the safeguard changes nothing */
	enum { K = 12 };
	double yi[K], vi[K];
	make_studies(K, 0.2, yi, vi);
	struct meta_options plain = { .method = META_REML, .test = META_KNHA };
	struct meta_options adhoc = { .method = META_REML, .test = META_KNHA, .knha_adhoc = true };
	struct meta_fit fp, fa;
	assert_int_equal(meta_pool(yi, vi, K, &plain, &fp, NULL), META_OK);
	assert_int_equal(meta_pool(yi, vi, K, &adhoc, &fa, NULL), META_OK);
	assert_true(fp.knha_q >= 1);
	assert_false(fa.knha_adhoc_applied);
	NEAR(fp.se, fa.se, 0);
	NEAR(fp.ci_lb, fa.ci_lb, 0);
	meta_fit_fini(&fp);
	meta_fit_fini(&fa);
	/* meta-regression: the same safeguard */
	double x[6] = { 0, 0, 0, 1, 1, 1 };
	struct meta_reg rp, ra;
	assert_int_equal(meta_metareg(low_y, low_v, x, 6, &plain, &rp, NULL), META_OK);
	assert_int_equal(meta_metareg(low_y, low_v, x, 6, &adhoc, &ra, NULL), META_OK);
	assert_false(rp.knha_adhoc_applied);
	assert_true(ra.knha_adhoc_applied);
	assert_true(ra.se1 > rp.se1);
}

/* Q below its df: every estimator truncates tau2 at exactly 0, and the fit
 * equals the fixed-effect one. */
static void test_tau2_truncated(void **state)
{
	(void)state;
	double yi[6] = { 0.10, 0.12, 0.11, 0.09, 0.105, 0.115 };
	double vi[6] = { 0.01, 0.02, 0.015, 0.01, 0.012, 0.018 };
	struct meta_fit fe;
	assert_int_equal(meta_pool(yi, vi, 6, &z_opts[META_FE], &fe, NULL), META_OK);
	assert_true(fe.Q < fe.Q_df);
	for (int e = META_DL; e < META_N_METHODS; e++) {
		struct meta_fit f;
		assert_int_equal(meta_pool(yi, vi, 6, &z_opts[e], &f, NULL), META_OK);
		NEAR(0, f.tau2, 0);
		REL(fe.est, f.est, 1e-14);
		REL(fe.se, f.se, 1e-14);
		NEAR(0, f.tau2_ci_lb, 0);
		meta_fit_fini(&f);
	}
	meta_fit_fini(&fe);
}

/*
 * Bimodal restricted likelihoods (found by a random search; the modes by a
 * brute-force grid scan of the REML log-likelihood, 600 points from 1e-6 to
 * 1e3). REML follows metafor's Fisher scoring from Hedges' estimate, so it
 * reaches the mode uphill of that start, not necessarily the global one.
 */
static void test_reml_bimodal(void **state)
{
	(void)state;
	struct meta_options o = { .method = META_REML, .test = META_Z };
	struct meta_fit f;
	/* Interior modes at tau2 = 0.0138 (higher) and 0.733: the first. */
	double ya[6] = { 0.0690505, -3.4811, 0.151556, -0.170533, -0.0403499, 0.0883229 };
	double va[6] = { 0.0230688, 1.24864, 0.517406, 0.0116251, 7.22607, 9.57077 };
	assert_int_equal(meta_pool(ya, va, 6, &o, &f, NULL), META_OK);
	REL(0.0138, f.tau2, 0.04);
	meta_fit_fini(&f);
	/* Modes at 0 and at 0.0248 (higher). Hedges' estimate is negative, so
	 * metafor starts at 0, where the score is negative, and stays there (its
	 * step halving keeps tau2 at 0); so does this implementation. */
	double yb[5] = { 0.00378915, 0.0132167, 0.0320178, 0.00878132, 0.454134 };
	double vb[5] = { 0.0589322, 0.56565, 0.00109527, 0.00212083, 0.0211674 };
	assert_int_equal(meta_pool(yb, vb, 5, &o, &f, NULL), META_OK);
	NEAR(0, f.tau2, 0);
	meta_fit_fini(&f);
}

/* Rescaling the data (y by c, v by c^2) rescales tau2 by c^2 and leaves the
 * test statistics alone: convergence is relative to the data's scale. */
static void test_scale_invariance(void **state)
{
	(void)state;
	enum { K = 15 };
	double yi[K], vi[K], ys[K], vs[K];
	make_studies(K, 0.1, yi, vi);
	static const double scales[] = { 1e-4, 1e-2, 1e3 };
	for (int e = META_DL; e < META_N_METHODS; e++) {
		struct meta_fit f;
		assert_int_equal(meta_pool(yi, vi, K, &z_opts[e], &f, NULL), META_OK);
		assert_true(f.tau2 > 0);
		for (size_t j = 0; j < sizeof scales / sizeof scales[0]; j++) {
			double c = scales[j];
			for (int i = 0; i < K; i++)
				ys[i] = c * yi[i], vs[i] = c * c * vi[i];
			struct meta_fit g;
			assert_int_equal(meta_pool(ys, vs, K, &z_opts[e], &g, NULL), META_OK);
			REL(c * c * f.tau2, g.tau2, 1e-8);
			REL(c * c * f.tau2_ci_lb, g.tau2_ci_lb, 1e-8);
			REL(c * c * f.tau2_ci_ub, g.tau2_ci_ub, 1e-8);
			REL(c * f.est, g.est, 1e-9);
			REL(f.stat, g.stat, 1e-8);
			REL(f.I2, g.I2, 1e-8);
			meta_fit_fini(&g);
		}
		meta_fit_fini(&f);
	}
}

/* Cumulative: the first step is study order[0] alone, the last the full fit. */
static void test_cumulative(void **state)
{
	(void)state;
	enum { K = 9 };
	double yi[K], vi[K];
	make_studies(K, 0.08, yi, vi);
	size_t order[K] = { 4, 0, 8, 2, 7, 1, 3, 6, 5 };
	struct meta_options o = { .method = META_REML, .test = META_KNHA };
	struct meta_series s;
	struct meta_fit full;
	assert_int_equal(meta_cumulative(yi, vi, K, order, &o, &s, NULL), META_OK);
	assert_int_equal(meta_pool(yi, vi, K, &o, &full, NULL), META_OK);
	assert_int_equal(s.n, K);
	NEAR(yi[4], s.fit[0].est, 1e-15);
	NEAR(sqrt(vi[4]), s.fit[0].se, 1e-15);
	assert_int_equal(s.fit[0].k, 1);
	const struct meta_fit *last = &s.fit[K - 1];
	assert_int_equal(last->k, K);
	REL(full.est, last->est, 1e-12);
	REL(full.se, last->se, 1e-12);
	REL(full.tau2, last->tau2, 1e-12);
	REL(full.Q, last->Q, 1e-12);
	REL(full.pval, last->pval, 1e-10);
	for (size_t j = 0; j < K; j++)
		assert_int_equal(s.fit[j].k, j + 1);
	meta_series_fini(&s);
	/* NULL order is the given order; a non-permutation is refused */
	assert_int_equal(meta_cumulative(yi, vi, K, NULL, &o, &s, NULL), META_OK);
	NEAR(yi[0], s.fit[0].est, 1e-15);
	REL(full.est, s.fit[K - 1].est, 1e-12);
	meta_series_fini(&s);
	order[3] = 4;
	assert_int_equal(meta_cumulative(yi, vi, K, order, &o, &s, NULL), META_INVALID);
	meta_fit_fini(&full);
}

/* Subgroups: each group's fit is that group pooled alone; with FE the test
 * for differences is the total Q minus the within-group Qs. */
static void test_subgroups(void **state)
{
	(void)state;
	enum { K = 10 };
	double yi[K], vi[K], y0[K], v0[K];
	size_t group[K], n0 = 0;
	make_studies(K, 0.05, yi, vi);
	for (size_t i = 0; i < K; i++) {
		group[i] = i % 3 == 0;
		if (!group[i])
			y0[n0] = yi[i], v0[n0] = vi[i], n0++;
	}
	struct meta_subgroups sg;
	struct meta_fit all, g0;
	assert_int_equal(meta_subgroup(yi, vi, group, K, 2, &z_opts[META_FE], &sg, NULL), META_OK);
	assert_int_equal(meta_pool(yi, vi, K, &z_opts[META_FE], &all, NULL), META_OK);
	assert_int_equal(meta_pool(y0, v0, n0, &z_opts[META_FE], &g0, NULL), META_OK);
	REL(g0.est, sg.fit[0].est, 1e-13);
	assert_int_equal(sg.fit[0].k, n0);
	REL(all.Q - sg.fit[0].Q - sg.fit[1].Q, sg.Q_between, 1e-9);
	NEAR(1, sg.Q_between_df, 0);
	meta_subgroups_fini(&sg);
	meta_fit_fini(&all);
	meta_fit_fini(&g0);

	struct meta_error err;
	group[3] = 2;
	assert_int_equal(meta_subgroup(yi, vi, group, K, 2, NULL, &sg, &err), META_BAD_GROUP);
	assert_int_equal(err.study, 3);
	for (size_t i = 0; i < K; i++)
		group[i] = 0;
	assert_int_equal(meta_subgroup(yi, vi, group, K, 2, NULL, &sg, &err), META_BAD_GROUP);
	assert_null(sg.fit);
	assert_int_equal(meta_subgroup(yi, vi, group, K, 1, NULL, &sg, &err), META_TOO_FEW);
}

/* Egger: few_studies below 10; the classical and the FE "rma" version share
 * the estimates and differ in the residual-variance scale of the SE. */
static void test_egger(void **state)
{
	(void)state;
	enum { K = 12 };
	double yi[K], vi[K];
	make_studies(K, 0.0, yi, vi);
	struct meta_egger e;
	struct meta_reg r;
	assert_int_equal(meta_egger(yi, vi, K, &e, NULL), META_OK);
	assert_false(e.few_studies);
	NEAR(K - 2, e.df, 0);
	assert_int_equal(meta_egger_rma(yi, vi, K, &z_opts[META_FE], &r, NULL), META_OK);
	REL(r.b1, e.bias, 1e-12);
	REL(r.b0, e.limit_est, 1e-12);
	REL(e.bias_se / sqrt(r.QE / (K - 2)), r.se1, 1e-10);
	assert_true(e.limit_ci_lb < e.limit_est && e.limit_est < e.limit_ci_ub);
	assert_int_equal(meta_egger(yi, vi, 9, &e, NULL), META_OK);
	assert_true(e.few_studies);
	assert_int_equal(meta_egger(yi, vi, 2, &e, NULL), META_TOO_FEW);
	double x[K];
	for (int i = 0; i < K; i++)
		x[i] = 1;
	assert_int_equal(meta_metareg(yi, vi, x, K, NULL, &r, NULL), META_SINGULAR);
}

/* k = 10,000 and 100,001: runs, and the results hang together (no timing here). */
static void test_many_studies(void **state)
{
	(void)state;
	enum { K = 10000 };
	double *yi = malloc(K * sizeof *yi), *vi = malloc(K * sizeof *vi);
	assert_true(yi && vi);
	make_studies(K, 0.1, yi, vi);
	struct meta_fit dl, reml;
	struct meta_options o = { .method = META_REML, .test = META_Z };
	assert_int_equal(meta_pool(yi, vi, K, &o, &reml, NULL), META_OK);
	assert_int_equal(meta_pool(yi, vi, K, &z_opts[META_DL], &dl, NULL), META_OK);
	NEAR(-0.15, reml.est, 0.01);
	NEAR(0.01, reml.tau2, 0.002); /* simulated tau = 0.1 */
	REL(dl.tau2, reml.tau2, 0.1);
	assert_true(reml.tau2_ci_lb < reml.tau2 && reml.tau2 < reml.tau2_ci_ub);
	assert_true(reml.I2_ci_lb < reml.I2 && reml.I2 < reml.I2_ci_ub);
	assert_true(reml.pi_lb < reml.ci_lb && reml.ci_ub < reml.pi_ub);
	double sum = 0;
	for (size_t i = 0; i < K; i++)
		sum += reml.weight[i];
	NEAR(100, sum, 1e-9);
	meta_fit_fini(&reml);
	meta_fit_fini(&dl);
	free(yi);
	free(vi);

	/* From about 5e4 df GSL's chi-square quantiles go wrong (beyond 3e6 its
	 * tails abort): the Q-profile CI must still bracket the estimate. */
	enum { BIG = 100001 };
	yi = malloc(BIG * sizeof *yi), vi = malloc(BIG * sizeof *vi);
	assert_true(yi && vi);
	make_studies(BIG, 0.1, yi, vi);
	assert_int_equal(meta_pool(yi, vi, BIG, &o, &reml, NULL), META_OK);
	assert_true(reml.tau2_ci_lb < reml.tau2 && reml.tau2 < reml.tau2_ci_ub);
	REL(reml.tau2, reml.tau2_ci_lb, 0.1);
	REL(reml.tau2, reml.tau2_ci_ub, 0.1);
	meta_fit_fini(&reml);
	free(yi);
	free(vi);
}

/* ---------------------------------------------------------------------------
 * REML where Fisher scoring fails
 * ------------------------------------------------------------------------- */

/* The restricted log-likelihood of the intercept-only model (up to a
 * constant) and its score times 2, computed here independently. */
static double t_reml_ll(const double *y, const double *v, size_t k, double t, double *score)
{
	double sw = 0, swy = 0, sw2 = 0, slog = 0;
	for (size_t i = 0; i < k; i++) {
		double w = 1 / (v[i] + t);
		sw += w, swy += w * y[i], sw2 += w * w, slog += log(v[i] + t);
	}
	double b = swy / sw, q = 0, ypp = 0;
	for (size_t i = 0; i < k; i++) {
		double w = 1 / (v[i] + t), e = y[i] - b;
		q += w * e * e, ypp += w * w * e * e;
	}
	if (score)
		*score = ypp - (sw - sw2 / sw);
	return -0.5 * (slog + log(sw) + q);
}

/* tau2 maximises the restricted likelihood over [0, 1]: no point of a fine
 * grid (linear near 0, then log-spaced) is higher, and the score is 0 there
 * or tau2 = 0 with the score pointing below 0. */
static void assert_reml_max(const double *y, const double *v, size_t k, double tau2)
{
	double s, ll = t_reml_ll(y, v, k, tau2, &s);
	assert_true(tau2 >= 0);
	for (int j = 0; j <= 20000; j++) {
		double t = j <= 10000 ? 0.01 * j / 10000 : 0.01 * pow(100, (j - 10000) / 10000.0);
		assert_true(t_reml_ll(y, v, k, t, NULL) <= ll + 1e-12 * fabs(ll));
	}
	double s0;
	t_reml_ll(y, v, k, 0, &s0);
	if (tau2 == 0)
		assert_true(s0 <= 0);
	else
		assert_true(fabs(s) <= 1e-6 * (s0 > 0 ? s0 : -s0) + 1e-9);
}

/* Eight ADC studies (x10^-3 mm^2/s), the first with an SD about 50 times
 * smaller than the others'. Without study 8, metafor's Fisher scoring
 * oscillates about the maximum for ever (the observed information is twice
 * the expected there), and sieve meta --leave-one-out printed nothing. */
static const struct meta_study adc_precise[8] = {
	{ 31, 1.351, 0.004, 27, 1.291, 0.004 }, { 28, 1.317, 0.238, 24, 1.285, 0.192 },
	{ 21, 1.342, 0.215, 37, 1.326, 0.176 }, { 38, 1.302, 0.178, 15, 1.265, 0.2 },
	{ 10, 1.376, 0.221, 26, 1.436, 0.233 }, { 25, 1.4, 0.22, 11, 1.353, 0.153 },
	{ 13, 1.313, 0.158, 14, 1.302, 0.184 }, { 38, 1.492, 0.158, 20, 1.33, 0.247 },
};

static void test_reml_precise_study(void **state)
{
	(void)state;
	double yi[8], vi[8];
	assert_int_equal(meta_escalc(META_MD, adc_precise, 8, yi, vi, NULL), META_OK);
	for (int t = 0; t < META_N_TESTS; t++) {
		struct meta_options o = { .method = META_REML, .test = t };
		struct meta_fit f;
		assert_int_equal(meta_pool(yi, vi, 7, &o, &f, NULL), META_OK); /* without study 8 */
		REL(1.96669007e-4, f.tau2, 1e-8); /* the grid maximum, 1.9667e-4 */
		assert_reml_max(yi, vi, 7, f.tau2);
		meta_fit_fini(&f);
		struct meta_series s;
		assert_int_equal(meta_leave1out(yi, vi, 8, &o, &s, NULL), META_OK);
		for (size_t j = 0; j < 8; j++) {
			double y[7], v[7];
			size_t n = 0;
			for (size_t i = 0; i < 8; i++)
				if (i != j)
					y[n] = yi[i], v[n] = vi[i], n++;
			assert_int_equal(s.fit[j].status, META_OK);
			assert_true(isfinite(s.fit[j].est) && isfinite(s.fit[j].ci_lb));
			assert_reml_max(y, v, 7, s.fit[j].tau2);
		}
		REL(1.96669007e-4, s.fit[7].tau2, 1e-8);
		meta_series_fini(&s);
	}
	/* PM solves Q(tau2) = k - 1 here too */
	struct meta_series s;
	assert_int_equal(meta_leave1out(yi, vi, 8, &z_opts[META_PM], &s, NULL), META_OK);
	for (size_t j = 0; j < 8; j++)
		assert_int_equal(s.fit[j].status, META_OK);
	meta_series_fini(&s);
}

/* A restricted likelihood with its maximum at 0 and a second, lower, mode
 * near 5.45e-4 where Fisher scoring crawls (1000 steps are not enough): the
 * bracketed maximisation finds 0. */
static void test_reml_fallback(void **state)
{
	(void)state;
	static const struct meta_study st[8] = {
		{ 13, 1.241, 0.004, 16, 1.372, 0.004 }, { 30, 1.47, 0.151, 23, 1.497, 0.199 },
		{ 25, 1.042, 0.223, 16, 1.257, 0.186 }, { 33, 0.991, 0.243, 12, 1.222, 0.222 },
		{ 35, 1.104, 0.177, 26, 1.308, 0.237 }, { 11, 1.179, 0.153, 32, 1.325, 0.232 },
		{ 28, 1.348, 0.225, 19, 1.479, 0.168 }, { 17, 1.409, 0.239, 11, 1.455, 0.188 },
	};
	double yi[8], vi[8];
	assert_int_equal(meta_escalc(META_MD, st, 8, yi, vi, NULL), META_OK);
	struct meta_fit f;
	assert_int_equal(meta_pool(yi, vi, 8, &z_opts[META_REML], &f, NULL), META_OK);
	NEAR(0, f.tau2, 0);
	assert_reml_max(yi, vi, 8, f.tau2);
	meta_fit_fini(&f);
}

/* A member that cannot be fitted (here Q overflows once a study 1e200 away
 * joins) is marked; the members before it are fitted. */
static void test_series_member_fails(void **state)
{
	(void)state;
	double yi[5] = { -0.1, -0.2, -0.15, -0.12, 1e200 }, vi[5] = { 0.01, 0.02, 0.015, 0.01, 0.01 };
	struct meta_series s;
	assert_int_equal(meta_cumulative(yi, vi, 5, NULL, &z_opts[META_REML], &s, NULL), META_OK);
	for (size_t j = 0; j < 4; j++) {
		assert_int_equal(s.fit[j].status, META_OK);
		assert_true(isfinite(s.fit[j].est));
	}
	assert_int_equal(s.fit[4].status, META_OVERFLOW);
	assert_int_equal(s.fit[4].k, 5);
	assert_true(isnan(s.fit[4].est) && isnan(s.fit[4].tau2) && isnan(s.fit[4].ci_lb));
	meta_series_fini(&s);
	size_t group[5] = { 0, 0, 1, 1, 1 };
	struct meta_subgroups g;
	assert_int_equal(meta_subgroup(yi, vi, group, 5, 2, &z_opts[META_REML], &g, NULL), META_OK);
	assert_int_equal(g.fit[0].status, META_OK);
	assert_int_equal(g.fit[1].status, META_OVERFLOW);
	assert_true(isnan(g.Q_between));
	meta_subgroups_fini(&g);
}

/* ---------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
	(void)state;
	struct meta_study s[4] = {
		{ 20, 1.0, 0.2, 22, 1.1, 0.21 }, { 35, 0.9, 0.18, 31, 1.1, 0.2 },
		{ 18, 1.0, 0.0, 20, 1.1, 0.19 }, { 42, 1.0, 0.19, 40, 1.1, 0.22 },
	};
	double yi[4], vi[4];
	struct meta_error err;
	char msg[128];
	for (int m = 0; m < META_N_MEASURES; m++) {
		assert_int_equal(meta_escalc(m, s, 4, yi, vi, &err), META_BAD_SD);
		assert_int_equal(err.code, META_BAD_SD);
		assert_int_equal(err.study, 2);
		assert_int_equal(err.field, META_F_SD1);
	}
	assert_string_equal(meta_error_message(&err, msg, sizeof msg),
	                    "study 3: sd1 is 0 (must be > 0)");
	s[2].sd1 = 0.22;
	s[1].n2 = 1;
	assert_int_equal(meta_escalc(META_SMD, s, 4, yi, vi, &err), META_BAD_N);
	assert_int_equal(err.study, 1);
	assert_int_equal(err.field, META_F_N2);
	assert_string_equal(meta_error_message(&err, msg, sizeof msg),
	                    "study 2: n2 is 1 (must be at least 2)");
	s[1].n2 = 31;
	s[3].mean2 = NAN;
	assert_int_equal(meta_escalc(META_MD, s, 4, yi, vi, &err), META_BAD_VALUE);
	assert_int_equal(err.field, META_F_MEAN2);
	s[3].mean2 = 1.1;
	s[0].sd2 = -INFINITY;
	assert_int_equal(meta_escalc(META_MD, s, 4, yi, vi, &err), META_BAD_SD);
	assert_int_equal(err.field, META_F_SD2);
	s[0].sd2 = 0.21;
	assert_int_equal(meta_escalc(META_MD, s, 4, yi, vi, &err), META_OK);
	assert_int_equal(err.code, META_OK);
	assert_int_equal(meta_escalc(META_MD, s, 0, yi, vi, &err), META_TOO_FEW);
	assert_int_equal(meta_escalc((enum meta_measure)7, s, 4, yi, vi, &err), META_INVALID);

	/* one study's numbers: poolable, or why not */
	assert_int_equal(meta_study_check(-0.1, 0.004, 8, &err), META_OK);
	assert_int_equal(meta_study_check(-0.1, 0, 8, &err), META_BAD_VARIANCE);
	assert_int_equal(err.field, META_F_VI);
	assert_int_equal(meta_study_check(-0.1, INFINITY, 8, &err), META_BAD_VARIANCE);
	assert_int_equal(meta_study_check(INFINITY, 0.004, 8, &err), META_BAD_VALUE);
	assert_int_equal(err.field, META_F_YI);
	assert_int_equal(meta_study_check(-0.1, 1e-320, 8, &err), META_OVERFLOW);
	assert_int_equal(meta_study_check(1e160, 1e-3, 8, &err), META_OVERFLOW);
	assert_int_equal(meta_study_check(1e100, 1e-3, 8, &err), META_OK);
	assert_string_equal(meta_strerror(META_OVERFLOW),
	                    "the values are too large or too small to pool (overflow)");

	struct meta_fit f;
	/* a weight that overflows: refused with a reason, not NAN results */
	double yo[3] = { -0.1, -0.2, -0.15 }, vo[3] = { 0.01, 1e-320, 0.02 };
	for (int e = 0; e < META_N_METHODS; e++) {
		assert_int_equal(meta_pool(yo, vo, 3, &z_opts[e], &f, &err), META_OVERFLOW);
		assert_null(f.weight);
	}
	vi[1] = 0;
	assert_int_equal(meta_pool(yi, vi, 4, NULL, &f, &err), META_BAD_VARIANCE);
	assert_int_equal(err.study, 1);
	assert_int_equal(err.field, META_F_VI);
	meta_fit_fini(&f);
	vi[1] = 0.01;
	yi[2] = INFINITY;
	assert_int_equal(meta_pool(yi, vi, 4, NULL, &f, &err), META_BAD_VALUE);
	assert_int_equal(err.field, META_F_YI);
	yi[2] = 0.1;
	assert_int_equal(meta_pool(yi, vi, 0, NULL, &f, &err), META_TOO_FEW);
	struct meta_options bad = { .method = META_DL, .level = 1.5 };
	assert_int_equal(meta_pool(yi, vi, 4, &bad, &f, &err), META_INVALID);
	assert_int_equal(meta_pool(NULL, vi, 4, NULL, &f, &err), META_INVALID);
	meta_fit_fini(&f);
	meta_fit_fini(NULL);
	assert_string_not_equal(meta_strerror(META_BAD_N), meta_strerror(-99));
}

static void test_names(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(meta_prefix(buf, sizeof buf, META_SMD, META_REML, META_KNHA),
	                    "SMD.REML.knha");
	assert_string_equal(meta_prefix(buf, sizeof buf, META_MD, META_FE, META_Z), "MD.FE.z");
	for (int i = 0; i < META_N_METHODS; i++)
		assert_int_equal(meta_tau2_from_name(meta_tau2_name(i)), i);
	assert_int_equal(meta_measure_from_name("SMD"), META_SMD);
	assert_int_equal(meta_test_from_name("knha"), META_KNHA);
	assert_int_equal(meta_test_from_name("t"), -1);
	assert_string_equal(meta_tau2_name((enum meta_method)9), "?");
	assert_string_equal(meta_field_name(META_F_MEAN1), "mean1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_cases),
		cmocka_unit_test(test_single_study),
		cmocka_unit_test(test_two_studies),
		cmocka_unit_test(test_identical_studies),
		cmocka_unit_test(test_tau2_truncated),
		cmocka_unit_test(test_reml_bimodal),
		cmocka_unit_test(test_scale_invariance),
		cmocka_unit_test(test_cumulative),
		cmocka_unit_test(test_subgroups),
		cmocka_unit_test(test_egger),
		cmocka_unit_test(test_many_studies),
		cmocka_unit_test(test_knha_adhoc),
		cmocka_unit_test(test_reml_precise_study),
		cmocka_unit_test(test_reml_fallback),
		cmocka_unit_test(test_series_member_fails),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
