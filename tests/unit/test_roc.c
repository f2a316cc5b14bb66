/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/roc and analysis/logit: pROC / R glm reference values, edge cases. */
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

#include "../../analysis/logit.h"
#include "../../analysis/roc.h"
#include "../../lib/csv.h"

#include <gsl/gsl_rng.h>

#define NEAR(expected, actual, tol) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= (tol))

/* ---------------------------------------------------------------------------
 * Collecting emitted statistics
 * ------------------------------------------------------------------------- */

#define MAX_STATS 256

struct stats {
	int n;
	const char *method[MAX_STATS], *stat[MAX_STATS];
	double value[MAX_STATS];
};

static void collect(void *ctx, const char *method, const char *stat, double value)
{
	struct stats *s = ctx;
	assert_true(s->n < MAX_STATS);
	s->method[s->n] = method;
	s->stat[s->n] = stat;
	s->value[s->n] = value;
	s->n++;
}

static bool lookup(const struct stats *s, const char *method, const char *stat, double *v)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->method[i], method) && !strcmp(s->stat[i], stat)) {
			*v = s->value[i];
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------------------
 * Reference values: ../shared/data/reference (SIEVE_SHARED_DATA overrides the
 * .../shared/data folder), computed by the data's authors with pROC 1.18.0
 * and R 4.2.2's glm.
 * ------------------------------------------------------------------------- */



struct lesions {
	size_t n;
	double *x;
	int *y;
	long *patient;
};

static void lesions_free(struct lesions *d)
{
	free(d->x);
	free(d->y);
	free(d->patient);
	memset(d, 0, sizeof *d);
}

/* Read lesion_id,patient_id,adc,response; patient ids become 0, 1, ... in
 * order of first appearance. */
static void read_lesions(const char *file, struct lesions *d)
{
	char path[1400], line[512];
	snprintf(path, sizeof path, "%s/cases/%s", ref_dir, file);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	memset(d, 0, sizeof *d);
	size_t cap = 0, npat = 0;
	char (*pid)[64] = NULL;
	int col_pat = -1, col_x = -1, col_y = -1;
	bool header = true;
	while (fgets(line, sizeof line, f)) {
		char *c[8];
		int nf = split_csv(line, c, 8);
		if (nf == 1 && !*c[0])
			continue;
		if (header) {
			for (int i = 0; i < nf; i++) {
				if (!strcmp(c[i], "patient_id"))
					col_pat = i;
				else if (!strcmp(c[i], "adc"))
					col_x = i;
				else if (!strcmp(c[i], "response"))
					col_y = i;
			}
			assert_true(col_pat >= 0 && col_x >= 0 && col_y >= 0);
			header = false;
			continue;
		}
		assert_true(nf > col_pat && nf > col_x && nf > col_y);
		if (d->n == cap) {
			cap = cap ? 2 * cap : 64;
			d->x = realloc(d->x, cap * sizeof *d->x);
			d->y = realloc(d->y, cap * sizeof *d->y);
			d->patient = realloc(d->patient, cap * sizeof *d->patient);
			pid = realloc(pid, cap * sizeof *pid);
			assert_true(d->x && d->y && d->patient && pid);
		}
		char *end;
		d->x[d->n] = strtod(c[col_x], &end);
		assert_true(*end == '\0');
		d->y[d->n] = (int)strtol(c[col_y], &end, 10);
		assert_true(*end == '\0');
		size_t k = 0;
		while (k < npat && strcmp(pid[k], c[col_pat]) != 0)
			k++;
		if (k == npat)
			snprintf(pid[npat++], sizeof pid[0], "%s", c[col_pat]);
		d->patient[d->n] = (long)k;
		d->n++;
	}
	fclose(f);
	free(pid);
}

struct tally {
	int passed, failed, optional_missing;
};

/* Compare every expected.csv row of case name whose method is one that s
 * holds against s, with the row's tolerance. */
static void check_reference(const char *name, const struct stats *s, struct tally *t)
{
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/expected/expected.csv", ref_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		char *c[10];
		if (split_csv(line, c, 10) < 8 || strcmp(c[0], name) != 0)
			continue;
		const char *method = c[1], *stat = c[2];
		double want = strtod(c[3], NULL), tol_rel = strtod(c[4], NULL),
		       tol_abs = strtod(c[5], NULL);
		bool req = !strcmp(c[7], "1");
		rows++;
		double got;
		if (!lookup(s, method, stat, &got)) {
			if (req) {
				print_message("MISSING %s,%s,%s (required)\n", name, method, stat);
				t->failed++;
			} else {
				print_message("not produced (optional): %s,%s,%s\n", name, method, stat);
				t->optional_missing++;
			}
			continue;
		}
		double tol = fmax(tol_abs, tol_rel * fabs(want));
		if (isfinite(got) && fabs(got - want) <= tol) {
			t->passed++;
		} else {
			print_message("FAIL %s,%s,%s: got %.17g, expected %.17g (tol %.3g)\n", name,
			              method, stat, got, want, tol);
			t->failed++;
		}
	}
	fclose(f);
	assert_true(rows > 0);
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
	while (fgets(line, sizeof line, f)) {
		char *c[8];
		if (split_csv(line, c, 8) < 3 || strcmp(c[1], "roc") != 0)
			continue;
		char name[128];
		snprintf(name, sizeof name, "%s", c[0]);
		struct lesions d;
		read_lesions(c[2], &d);

		struct stats s = { 0 };
		struct roc_result r;
		assert_int_equal(roc_compute(d.x, d.y, d.n, ROC_LOWER_POSITIVE, &r), ROC_OK);
		roc_emit(&r, collect, &s);

		struct roc_result ra;
		enum roc_direction auto_dir = roc_direction_auto(d.x, d.y, d.n);
		assert_int_equal(roc_compute(d.x, d.y, d.n, auto_dir, &ra), ROC_OK);
		roc_emit_auto(&ra, collect, &s);

		struct logit_result lr;
		assert_int_equal(logit_fit(d.x, d.y, d.n, NULL, &lr), LOGIT_OK);
		logit_emit(&lr, collect, &s);

		check_reference(name, &s, &t);
		cases++;
		lesions_free(&d);
	}
	fclose(f);
	print_message("roc reference: %d passed, %d failed (%d cases, %d optional not produced)\n",
	              t.passed, t.failed, cases, t.optional_missing);
	assert_true(cases >= 3);
	assert_int_equal(t.failed, 0);
}

/* ---------------------------------------------------------------------------
 * Synthetic data
 * ------------------------------------------------------------------------- */

/* splitmix64: a tiny deterministic generator for test data. */
static uint64_t sm_state;

static uint64_t sm_next(void)
{
	uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double sm_unif(void)
{
	return (double)(sm_next() >> 11) * 0x1.0p-53;
}

static double sm_norm(void)
{
	double u1 = sm_unif(), u2 = sm_unif();
	return sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
}

/* n lesions in patients of 1..max_per lesions; lower ADC -> response
 * (log odds ratio -slope per unit ADC), with a shared patient effect.
 * Caller frees. */
static void simulate(struct lesions *d, size_t n, int max_per, double slope, uint64_t seed)
{
	sm_state = seed;
	d->n = n;
	d->x = malloc(n * sizeof *d->x);
	d->y = malloc(n * sizeof *d->y);
	d->patient = malloc(n * sizeof *d->patient);
	assert_true(d->x && d->y && d->patient);
	size_t i = 0;
	long pat = 0;
	while (i < n) {
		int k = 1 + (int)(sm_next() % (uint64_t)max_per);
		double u = 0.08 * sm_norm(), v = 0.6 * sm_norm();
		for (int j = 0; j < k && i < n; j++, i++) {
			double x = 1.15 + u + 0.15 * sm_norm();
			double eta = 1.0 - slope * (x - 1.15) + v;
			d->x[i] = round(x * 1000.0) / 1000.0;
			d->y[i] = sm_unif() < 1.0 / (1.0 + exp(-eta));
			d->patient[i] = 1000 + 7 * pat; /* arbitrary identifiers */
		}
		pat++;
	}
}

/* ---------------------------------------------------------------------------
 * ROC properties and edge cases
 * ------------------------------------------------------------------------- */

static void test_one_class_and_too_few(void **state)
{
	(void)state;
	double x[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	int ones[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct roc_result r;
	assert_int_equal(roc_compute(x, ones, 12, ROC_LOWER_POSITIVE, &r), ROC_ONE_CLASS);
	assert_int_equal(r.n, 12);
	assert_int_equal(r.n_cases, 12);
	assert_int_equal(r.n_controls, 0);
	struct logit_result lr;
	assert_int_equal(logit_fit(x, ones, 12, NULL, &lr), LOGIT_ONE_CLASS);
	struct roc_boot_result br;
	assert_int_equal(roc_bootstrap(x, ones, NULL, 12, NULL, &br), ROC_ONE_CLASS);

	/* every lesion from one patient: the cluster bootstrap would resample the
	 * same data B times (CIs of width 0); refused, while the ROC stands */
	int mixed[12] = { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 };
	long same[12] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
	assert_int_equal(roc_compute(x, mixed, 12, ROC_LOWER_POSITIVE, &r), ROC_OK);
	struct roc_boot_options bo = { ROC_LOWER_POSITIVE, 200, 1, 0.95, true };
	assert_int_equal(roc_bootstrap(x, mixed, same, 12, &bo, &br), ROC_ONE_PATIENT);
	assert_non_null(strstr(roc_strerror(ROC_ONE_PATIENT), "at least 2 patients"));
	long two[12] = { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 };
	assert_int_equal(roc_bootstrap(x, mixed, two, 12, &bo, &br), ROC_OK);
	assert_int_equal(br.n_patients, 2);

	/* one control: ROC needs 2 of each class for the DeLong variance */
	int one_ctrl[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
	assert_int_equal(roc_compute(x, one_ctrl, 12, ROC_LOWER_POSITIVE, &r), ROC_TOO_FEW);
	assert_int_equal(r.n_controls, 1);
	assert_int_equal(logit_fit(x, one_ctrl, 12, NULL, &lr), LOGIT_TOO_FEW);
	assert_int_equal(lr.n, 12);
	assert_int_equal(lr.n_events, 11);

	/* 9 lesions, not separated: too few for the logistic model, fine for ROC */
	int y9[9] = { 1, 0, 1, 1, 0, 1, 0, 0, 0 };
	assert_int_equal(roc_compute(x, y9, 9, ROC_LOWER_POSITIVE, &r), ROC_OK);
	assert_int_equal(logit_fit(x, y9, 9, NULL, &lr), LOGIT_TOO_FEW);
	assert_true(lr.b1.est == 0.0 && lr.deviance == 0.0);

	/* bad values */
	double xn[4] = { 1, NAN, 2, 3 };
	int y4[4] = { 1, 0, 1, 0 }, y4bad[4] = { 1, 0, 2, 0 };
	assert_int_equal(roc_compute(xn, y4, 4, ROC_LOWER_POSITIVE, &r), ROC_BAD_VALUE);
	assert_int_equal(roc_compute(x, y4bad, 4, ROC_LOWER_POSITIVE, &r), ROC_BAD_VALUE);
	assert_int_equal(roc_compute(NULL, y4, 4, ROC_LOWER_POSITIVE, &r), ROC_INVALID);
	assert_int_equal(roc_compute(x, y4, 4, (enum roc_direction)7, &r), ROC_INVALID);
	assert_int_equal(logit_fit(xn, y4, 4, NULL, &lr), LOGIT_BAD_VALUE);
	assert_string_not_equal(roc_strerror(ROC_TOO_FEW), roc_strerror(-99));
	assert_string_not_equal(logit_strerror(LOGIT_SEPARATION), logit_strerror(-99));
}

/* A small hand-checked example: cases 1, 2, 3 and controls 2, 4, 5 with lower
 * values positive. Pairs (case < control) + 1/2 tie: 3 + 2.5 + 2 = 7.5 of 9. */
static void test_hand_example(void **state)
{
	(void)state;
	double x[6] = { 1, 2, 3, 2, 4, 5 };
	int y[6] = { 1, 1, 1, 0, 0, 0 };
	struct roc_result r;
	assert_int_equal(roc_compute(x, y, 6, ROC_LOWER_POSITIVE, &r), ROC_OK);
	NEAR(7.5 / 9.0, r.auc, 1e-15);
	assert_int_equal(r.n_thresholds, 6); /* 5 distinct values + 1 */
	/* DeLong by hand: placements V10 of the cases 1, 2, 3 (share of
	 * controls above, ties 1/2) and V01 of the controls 2, 4, 5 (share of
	 * cases below); S10, S01 with n - 1 = 2; var = S10 / 3 + S01 / 3. */
	double v10[3] = { 1, 2.5 / 3, 2.0 / 3 }, v01[3] = { 1.5 / 3, 1, 1 }, a = 7.5 / 9;
	double s10 = 0, s01 = 0;
	for (int i = 0; i < 3; i++) {
		s10 += (v10[i] - a) * (v10[i] - a) / 2;
		s01 += (v01[i] - a) * (v01[i] - a) / 2;
	}
	NEAR(s10 / 3 + s01 / 3, r.auc_var_delong, 1e-15);
	/* Youden: threshold 3.5 calls 1, 2, 3, 2 positive: sens 1, spec 2/3 */
	NEAR(3.5, r.youden_threshold, 1e-15);
	NEAR(1.0, r.youden_sens, 0);
	NEAR(2.0 / 3, r.youden_spec, 1e-15);
	assert_int_equal(r.youden_n_best, 1);

	struct roc_point pts[7];
	size_t np;
	assert_int_equal(roc_curve(x, y, 6, ROC_LOWER_POSITIVE, pts, 7, &np), ROC_OK);
	assert_int_equal(np, 6);
	assert_true(isinf(pts[0].threshold) && pts[0].threshold < 0);
	NEAR(0.0, pts[0].sens, 0);
	NEAR(1.0, pts[0].spec, 0);
	NEAR(1.5, pts[1].threshold, 0);
	NEAR(2.5, pts[2].threshold, 0);
	NEAR(2.0 / 3, pts[2].sens, 1e-15);
	NEAR(2.0 / 3, pts[2].spec, 1e-15);
	assert_true(isinf(pts[5].threshold) && pts[5].threshold > 0);
	NEAR(1.0, pts[5].sens, 0);
	NEAR(0.0, pts[5].spec, 0);
	assert_int_equal(roc_curve(x, y, 6, ROC_LOWER_POSITIVE, pts, 3, &np), ROC_INVALID);
	assert_int_equal(np, 6);
}

/* Two thresholds with the same J: both counted, the lowest reported. */
static void test_youden_ties(void **state)
{
	(void)state;
	/* lower positive; cases 1, 3; controls 2, 4. Cut 1.5: sens 1/2, spec 1;
	 * cut 3.5: sens 1, spec 1/2; both J = 1/2. */
	double x[4] = { 1, 3, 2, 4 };
	int y[4] = { 1, 1, 0, 0 };
	struct roc_result r;
	assert_int_equal(roc_compute(x, y, 4, ROC_LOWER_POSITIVE, &r), ROC_OK);
	assert_int_equal(r.youden_n_best, 2);
	NEAR(1.5, r.youden_threshold, 0);
	NEAR(0.5, r.youden_J, 1e-15);
	NEAR(0.5, r.youden_sens, 0);
	NEAR(1.0, r.youden_spec, 0);
}

static void test_direction_and_flip(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 300, 3, 9.0, 42);
	struct roc_result lo, hi;
	assert_int_equal(roc_compute(d.x, d.y, d.n, ROC_LOWER_POSITIVE, &lo), ROC_OK);
	assert_int_equal(roc_compute(d.x, d.y, d.n, ROC_HIGHER_POSITIVE, &hi), ROC_OK);
	assert_true(lo.auc > 0.6);
	NEAR(1.0 - lo.auc, hi.auc, 1e-14);
	NEAR(lo.auc_se_delong, hi.auc_se_delong, 1e-14);
	NEAR(1.0 - lo.auc_ci_ub, hi.auc_ci_lb, 1e-14);
	/* an AUC below 0.5 is reported as such */
	assert_true(hi.auc < 0.5);
	assert_true(hi.auc_ci_ub < 0.5);
	assert_int_equal(roc_direction_auto(d.x, d.y, d.n), ROC_LOWER_POSITIVE);
	/* every y flipped with HIGHER_POSITIVE is the same comparison */
	for (size_t i = 0; i < d.n; i++)
		d.y[i] = 1 - d.y[i];
	struct roc_result fl;
	assert_int_equal(roc_compute(d.x, d.y, d.n, ROC_HIGHER_POSITIVE, &fl), ROC_OK);
	NEAR(lo.auc, fl.auc, 1e-14);
	NEAR(lo.auc_var_delong, fl.auc_var_delong, 1e-14);
	lesions_free(&d);
}

static void test_perfect_separation(void **state)
{
	(void)state;
	double x[12] = { 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6 };
	int y[12] = { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 };
	struct roc_result r;
	assert_int_equal(roc_compute(x, y, 12, ROC_LOWER_POSITIVE, &r), ROC_OK);
	NEAR(1.0, r.auc, 0);
	NEAR(1.0, r.auc_ci_ub, 0);
	NEAR(1.0, r.youden_J, 0);
	NEAR(1.05, r.youden_threshold, 1e-15);
	struct logit_result lr;
	memset(&lr, 0xab, sizeof lr);
	assert_int_equal(logit_fit(x, y, 12, NULL, &lr), LOGIT_SEPARATION);
	assert_true(lr.b1.est == 0.0 && lr.b1.se == 0.0);
	/* quasi-complete: the classes touch at one value (AUC < 1) */
	x[6] = 1.0;
	assert_int_equal(roc_compute(x, y, 12, ROC_LOWER_POSITIVE, &r), ROC_OK);
	assert_true(r.auc < 1.0);
	assert_int_equal(logit_fit(x, y, 12, NULL, &lr), LOGIT_SEPARATION);
	/* reversed separation */
	for (int i = 0; i < 12; i++)
		y[i] = 1 - y[i];
	assert_int_equal(logit_fit(x, y, 12, NULL, &lr), LOGIT_SEPARATION);
	/* constant predictor */
	double c[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	assert_int_equal(logit_fit(c, y, 12, NULL, &lr), LOGIT_SINGULAR);
	struct roc_result rc;
	assert_int_equal(roc_compute(c, y, 12, ROC_LOWER_POSITIVE, &rc), ROC_OK);
	NEAR(0.5, rc.auc, 0);
}

/* ---------------------------------------------------------------------------
 * Bootstrap
 * ------------------------------------------------------------------------- */

static void test_bootstrap_determinism(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 400, 4, 9.0, 7);
	struct roc_boot_options o = { .B = 500, .seed = 12345, .calibration = true };
	struct roc_boot_result a, b, c;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &a), ROC_OK);
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &b), ROC_OK);
	assert_memory_equal(&a, &b, sizeof a);
	o.seed = 54321;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &c), ROC_OK);
	assert_true(a.auc_ci_lb != c.auc_ci_lb || a.auc_ci_ub != c.auc_ci_ub);
	assert_true(a.auc_boot_se != c.auc_boot_se);
	NEAR(a.auc, c.auc, 0); /* the apparent values do not depend on the seed */

	assert_int_equal(a.B, 500);
	assert_int_equal(a.n_used + a.n_skipped, 500);
	struct roc_result r;
	assert_int_equal(roc_compute(d.x, d.y, d.n, ROC_LOWER_POSITIVE, &r), ROC_OK);
	NEAR(r.auc, a.auc, 0);
	NEAR(r.youden_threshold, a.threshold, 0);
	NEAR(r.youden_J, a.J, 0);
	assert_true(a.auc_ci_lb < a.auc && a.auc < a.auc_ci_ub);
	/* the percentile and DeLong intervals roughly agree */
	NEAR(r.auc_ci_ub - r.auc_ci_lb, a.auc_ci_ub - a.auc_ci_lb, 0.5 * (r.auc_ci_ub - r.auc_ci_lb));
	/* optimism: ~0 for the fixed-direction AUC, positive for the chosen cut */
	NEAR(0.0, a.auc_optimism, 0.01);
	NEAR(a.auc - a.auc_optimism, a.auc_corrected, 1e-15);
	assert_true(a.J_optimism > 0);
	assert_true(a.J_corrected < a.J);
	assert_true(a.threshold_ci_lb <= a.threshold && a.threshold <= a.threshold_ci_ub);
	assert_true(a.has_calibration);
	assert_true(a.calib_n_used > 0);
	NEAR(1.0, a.calib_slope, 0);
	/* one predictor, 400 lesions: little overfitting to correct */
	NEAR(0.0, a.calib_slope_optimism, 0.05);
	NEAR(1.0 - a.calib_slope_optimism, a.calib_slope_corrected, 1e-15);

	struct stats s = { 0 };
	roc_boot_emit(&a, collect, &s);
	double v;
	assert_true(lookup(&s, "roc_boot", "J_corrected", &v));
	NEAR(a.J_corrected, v, 0);
	assert_true(lookup(&s, "roc_boot", "calib_slope_corrected", &v));

	/* bad options */
	o.conf_level = 1.5;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &c), ROC_INVALID);
	lesions_free(&d);
}

/*
 * Patients keep their lesions together. Each of 60 patients has 3 identical
 * lesions (same ADC, same response). Resampling patients draws the same
 * patients (same seed, same number of clusters) as resampling the 60
 * single-lesion patients, with every weight tripled, which changes no AUC,
 * cut-off, sensitivity or specificity: the two bootstraps agree exactly. A
 * lesion-level bootstrap of the tripled data treats 180 lesions as
 * independent and gives a narrower AUC interval.
 */
static void test_bootstrap_keeps_patients(void **state)
{
	(void)state;
	struct lesions one;
	simulate(&one, 60, 1, 9.0, 99);
	size_t n3 = 3 * one.n;
	double *x3 = malloc(n3 * sizeof *x3);
	int *y3 = malloc(n3 * sizeof *y3);
	long *p3 = malloc(n3 * sizeof *p3);
	assert_true(x3 && y3 && p3);
	/* lesions of a patient need not be adjacent: interleave the copies */
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < one.n; i++) {
			x3[k * one.n + i] = one.x[i];
			y3[k * one.n + i] = one.y[i];
			p3[k * one.n + i] = one.patient[i];
		}
	struct roc_boot_options o = { .B = 1000, .seed = 2024 };
	struct roc_boot_result a, b, lesion_level;
	assert_int_equal(roc_bootstrap(one.x, one.y, one.patient, one.n, &o, &a), ROC_OK);
	assert_int_equal(roc_bootstrap(x3, y3, p3, n3, &o, &b), ROC_OK);
	assert_int_equal(b.n_patients, one.n);
	assert_int_equal(a.n_used, b.n_used);
	NEAR(a.auc_ci_lb, b.auc_ci_lb, 1e-15);
	NEAR(a.auc_ci_ub, b.auc_ci_ub, 1e-15);
	NEAR(a.auc_boot_se, b.auc_boot_se, 1e-15);
	NEAR(a.threshold_ci_lb, b.threshold_ci_lb, 0);
	NEAR(a.threshold_ci_ub, b.threshold_ci_ub, 0);
	NEAR(a.sens_ci_lb, b.sens_ci_lb, 1e-15);
	NEAR(a.spec_ci_ub, b.spec_ci_ub, 1e-15);
	NEAR(a.J_optimism, b.J_optimism, 1e-15);

	assert_int_equal(roc_bootstrap(x3, y3, NULL, n3, &o, &lesion_level), ROC_OK);
	assert_int_equal(lesion_level.n_patients, n3);
	double w_pat = b.auc_ci_ub - b.auc_ci_lb, w_les = lesion_level.auc_ci_ub - lesion_level.auc_ci_lb;
	assert_true(w_les < 0.8 * w_pat);
	free(x3);
	free(y3);
	free(p3);
	lesions_free(&one);
}

/*
 * Optimism is real for what is chosen on the data: 40 patients, a modest
 * predictor. The Youden cut-off picked on each replicate looks better there
 * than on the original lesions. The fixed-direction AUC has no optimism
 * beyond the bootstrap's bias.
 */
static void test_bootstrap_optimism_small(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 40, 1, 4.0, 3);
	struct roc_boot_options o = { .B = 1000, .seed = 8, .calibration = true };
	struct roc_boot_result r;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &r), ROC_OK);
	assert_true(r.J_optimism > 0.03);
	assert_true(r.J_corrected < r.J);
	assert_true(r.sens_optimism + r.spec_optimism > 0.03);
	NEAR(0.0, r.auc_optimism, 0.01);
	assert_true(r.has_calibration);
	assert_int_equal(r.calib_n_used + r.calib_n_failed, r.n_used);
	assert_true(isfinite(r.calib_slope_optimism));
	lesions_free(&d);
}

static int cmp_dbl(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;
	return (u > v) - (u < v);
}

/*
 * The whole bootstrap against a brute-force one. The resampling is
 * specified in roc.h (patients numbered by ascending identifier, G draws of
 * gsl_rng_uniform_int per replicate from MT19937), so this test redraws the
 * same replicates, builds each one as an explicit data set of copied
 * lesions, and recomputes everything the slow way: roc_compute on the
 * replicate, its cut-off applied to the original lesions by comparison,
 * logit_fit on the replicate, and the calibration slope as the slope of a
 * second logit_fit of the original responses on the replicate model's
 * linear predictor. The library's weighted sweep, cut-off mapping and slope
 * identity must agree.
 */
static void brute_force(enum roc_direction dir)
{
	const bool lower = dir == ROC_LOWER_POSITIVE;
	struct lesions d;
	simulate(&d, 150, 4, 6.0, 31);
	const unsigned B = 200;
	const unsigned long seed = 77;
	struct roc_boot_options o = { .direction = dir, .B = B, .seed = seed, .calibration = true };
	struct roc_boot_result r;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &r), ROC_OK);

	/* patients 0..G-1 by ascending identifier */
	long *ids = malloc(d.n * sizeof *ids);
	size_t *pat = malloc(d.n * sizeof *pat);
	assert_true(ids && pat);
	size_t G = 0;
	for (size_t i = 0; i < d.n; i++) {
		bool seen = false;
		for (size_t g = 0; g < G; g++)
			seen |= ids[g] == d.patient[i];
		if (!seen)
			ids[G++] = d.patient[i];
	}
	for (size_t i = 0; i < d.n; i++) {
		pat[i] = 0;
		for (size_t g = 0; g < G; g++)
			pat[i] += ids[g] < d.patient[i];
	}
	assert_int_equal(r.n_patients, G);
	size_t n1 = 0;
	for (size_t i = 0; i < d.n; i++)
		n1 += (size_t)d.y[i];
	size_t n0 = d.n - n1;

	struct logit_result full;
	assert_int_equal(logit_fit(d.x, d.y, d.n, NULL, &full), LOGIT_OK);
	struct roc_result app;
	assert_int_equal(roc_compute(d.x, d.y, d.n, dir, &app), ROC_OK);

	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);
	gsl_rng_set(rng, seed);
	unsigned *cnt = malloc(G * sizeof *cnt);
	double *rx = malloc(d.n * G * sizeof *rx), *lp = malloc(d.n * sizeof *lp);
	int *ry = malloc(d.n * G * sizeof *ry);
	double *aucs = malloc(B * sizeof *aucs);
	assert_true(cnt && rx && ry && lp && aucs);
	unsigned used = 0, calib_used = 0;
	double o_auc = 0, o_sens = 0, o_spec = 0, o_J = 0, o_slope = 0;
	for (unsigned b = 0; b < B; b++) {
		memset(cnt, 0, G * sizeof *cnt);
		for (size_t j = 0; j < G; j++)
			cnt[gsl_rng_uniform_int(rng, G)]++;
		size_t m = 0;
		for (size_t i = 0; i < d.n; i++)
			for (unsigned k = 0; k < cnt[pat[i]]; k++, m++) {
				rx[m] = d.x[i];
				ry[m] = d.y[i];
			}
		struct roc_result rr;
		assert_int_equal(roc_compute(rx, ry, m, dir, &rr), ROC_OK);
		aucs[used++] = rr.auc;
		size_t tp = 0, tn = 0;
		for (size_t i = 0; i < d.n; i++) {
			bool pos = lower ? d.x[i] <= rr.youden_threshold : d.x[i] > rr.youden_threshold;
			tp += d.y[i] && pos;
			tn += !d.y[i] && !pos;
		}
		double so = (double)tp / (double)n1, po = (double)tn / (double)n0;
		o_auc += rr.auc - app.auc;
		o_sens += rr.youden_sens - so;
		o_spec += rr.youden_spec - po;
		o_J += rr.youden_J - (so + po - 1);

		struct logit_result lb, lc;
		assert_int_equal(logit_fit(rx, ry, m, NULL, &lb), LOGIT_OK);
		for (size_t i = 0; i < d.n; i++)
			lp[i] = lb.b0.est + lb.b1.est * d.x[i];
		assert_int_equal(logit_fit(lp, d.y, d.n, NULL, &lc), LOGIT_OK);
		o_slope += 1.0 - lc.b1.est;
		calib_used++;
	}
	assert_int_equal(r.n_used, used);
	assert_int_equal(r.calib_n_used, calib_used);
	NEAR(o_auc / used, r.auc_optimism, 1e-12);
	NEAR(o_sens / used, r.sens_optimism, 1e-12);
	NEAR(o_spec / used, r.spec_optimism, 1e-12);
	NEAR(o_J / used, r.J_optimism, 1e-12);
	NEAR(o_slope / calib_used, r.calib_slope_optimism, 1e-6);
	qsort(aucs, used, sizeof *aucs, cmp_dbl);
	double h = (used - 1) * 0.025;
	size_t lo = (size_t)h;
	NEAR(aucs[lo] + (h - lo) * (aucs[lo + 1] - aucs[lo]), r.auc_ci_lb, 1e-12);
	h = (used - 1) * 0.975;
	lo = (size_t)h;
	NEAR(aucs[lo] + (h - lo) * (aucs[lo + 1] - aucs[lo]), r.auc_ci_ub, 1e-12);
	gsl_rng_free(rng);
	free(aucs);
	free(ry);
	free(lp);
	free(rx);
	free(cnt);
	free(pat);
	free(ids);
	lesions_free(&d);
}

static void test_bootstrap_brute_force(void **state)
{
	(void)state;
	brute_force(ROC_LOWER_POSITIVE);
	brute_force(ROC_HIGHER_POSITIVE);
}

/* The grouped fit with integer weights is the fit of the expanded data. */
static void test_logit_grouped_weights(void **state)
{
	(void)state;
	double v[6] = { 0.8, 0.9, 1.0, 1.1, 1.2, 1.3 };
	double c[6] = { 3, 0, 2, 1, 1, 0 }, k[6] = { 0, 1, 2, 2, 0, 3 };
	double x[32];
	int y[32];
	size_t n = 0;
	for (int g = 0; g < 6; g++) {
		for (int j = 0; j < (int)c[g]; j++, n++) {
			x[n] = v[g];
			y[n] = 1;
		}
		for (int j = 0; j < (int)k[g]; j++, n++) {
			x[n] = v[g];
			y[n] = 0;
		}
	}
	struct logit_result r;
	assert_int_equal(logit_fit(x, y, n, NULL, &r), LOGIT_OK);
	double beta[2] = { 0, 0 };
	assert_int_equal(logit_fit_grouped(v, c, k, 6, NULL, beta), LOGIT_OK);
	NEAR(r.b0.est, beta[0], 1e-8 * fabs(r.b0.est));
	NEAR(r.b1.est, beta[1], 1e-8 * fabs(r.b1.est));
	/* separated weights; one class; one value */
	double c2[6] = { 3, 2, 0, 0, 0, 0 }, k2[6] = { 0, 0, 1, 1, 0, 3 }, z[6] = { 0 };
	assert_int_equal(logit_fit_grouped(v, c2, k2, 6, NULL, beta), LOGIT_SEPARATION);
	assert_int_equal(logit_fit_grouped(v, c2, z, 6, NULL, beta), LOGIT_ONE_CLASS);
	double one[1] = { 1.0 }, a[1] = { 2 }, b[1] = { 3 };
	assert_int_equal(logit_fit_grouped(one, a, b, 1, NULL, beta), LOGIT_SINGULAR);
}

/* Replicates with one class are skipped and counted. */
static void test_bootstrap_skips_one_class(void **state)
{
	(void)state;
	/* 3 patients: one has the only 2 cases. About (2/3)^3 of the
	 * replicates miss that patient. */
	double x[6] = { 0.8, 0.9, 1.2, 1.3, 1.4, 1.5 };
	int y[6] = { 1, 1, 0, 0, 0, 0 };
	long p[6] = { 1, 1, 2, 2, 3, 3 };
	struct roc_boot_options o = { .B = 300, .seed = 1 };
	struct roc_boot_result r;
	assert_int_equal(roc_bootstrap(x, y, p, 6, &o, &r), ROC_OK);
	assert_true(r.n_skipped > 40 && r.n_skipped < 140);
	assert_int_equal(r.n_used + r.n_skipped, 300);
	NEAR(1.0, r.auc_ci_lb, 0);
}

/* A 10,000-lesion bootstrap with the default 2000 replicates completes. */
static void test_bootstrap_large(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 10000, 9, 9.0, 2026);
	struct roc_boot_options o = { .seed = 5, .calibration = true };
	struct roc_boot_result r;
	assert_int_equal(roc_bootstrap(d.x, d.y, d.patient, d.n, &o, &r), ROC_OK);
	assert_int_equal(r.B, ROC_BOOT_DEFAULT_B);
	assert_int_equal(r.n_used, ROC_BOOT_DEFAULT_B);
	assert_true(r.n_patients > 1500 && r.n_patients < 2500);
	assert_true(r.auc_ci_lb < r.auc && r.auc < r.auc_ci_ub);
	assert_true(fabs(r.auc_optimism) < 0.005);
	assert_true(r.has_calibration);
	NEAR(1.0, r.calib_slope_corrected, 0.05);
	struct logit_options lo = { .cluster = d.patient };
	struct logit_result lr;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &lo, &lr), LOGIT_OK);
	assert_true(lr.robust);
	/* lesions of a patient are positively correlated: robust SE larger */
	assert_true(lr.b0.se_rob > lr.b0.se);
	lesions_free(&d);
}

/* ---------------------------------------------------------------------------
 * Logistic regression
 * ------------------------------------------------------------------------- */

static void test_logit_prediction_and_calibration(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 500, 4, 9.0, 11);
	struct logit_options o = { .cluster = d.patient, .predict = true, .x0 = 1.1 };
	struct logit_result r;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o, &r), LOGIT_OK);
	assert_true(r.has_pred && r.pred_robust);
	assert_true(r.pred_ci_lb < r.pred_p && r.pred_p < r.pred_ci_ub);
	NEAR(1.0 / (1.0 + exp(-(r.b0.est + 1.1 * r.b1.est))), r.pred_p, 1e-14);
	/* apparent calibration of a maximum-likelihood fit */
	NEAR(0.0, r.calib_intercept, 1e-8);
	NEAR(1.0, r.calib_slope, 1e-8);
	assert_true(r.brier > 0 && r.brier < 0.25);
	/* score equations: sum (y - p) = 0 and sum x (y - p) = 0 */
	double s0 = 0, s1 = 0;
	for (size_t i = 0; i < d.n; i++) {
		double p = 1.0 / (1.0 + exp(-(r.b0.est + r.b1.est * d.x[i])));
		s0 += d.y[i] - p;
		s1 += d.x[i] * (d.y[i] - p);
	}
	NEAR(0.0, s0, 1e-9);
	NEAR(0.0, s1, 1e-9);
	assert_true(r.b1.est < 0);
	NEAR(r.b1.est / r.b1.se, r.b1.z, 1e-12);
	NEAR(exp(r.b1.ci_ub), r.or_b1_ci_ub, 1e-15);
	assert_true(r.deviance < r.null_deviance);
	NEAR(r.deviance + 4, r.aic, 1e-9);

	/* model-based prediction without clusters: CI still contains p */
	struct logit_options o2 = { .predict = true, .x0 = 0.6 };
	struct logit_result r2;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o2, &r2), LOGIT_OK);
	assert_false(r2.robust);
	assert_false(r2.pred_robust);
	assert_true(r2.pred_ci_lb < r2.pred_p && r2.pred_p < r2.pred_ci_ub);
	NEAR(r.b1.est, r2.b1.est, 0);

	/* the grouped fit used by the bootstrap agrees */
	double *c = calloc(d.n, sizeof *c), *k = calloc(d.n, sizeof *k);
	assert_true(c && k);
	for (size_t i = 0; i < d.n; i++)
		(d.y[i] ? c : k)[i] = 1;
	double beta[2] = { 0, 0 };
	assert_int_equal(logit_fit_grouped(d.x, c, k, d.n, NULL, beta), LOGIT_OK);
	NEAR(r.b0.est, beta[0], 1e-7 * fabs(r.b0.est));
	NEAR(r.b1.est, beta[1], 1e-7 * fabs(r.b1.est));
	free(c);
	free(k);

	struct stats s = { 0 };
	logit_emit(&r, collect, &s);
	assert_int_equal(s.n, 17);
	logit_emit_extra(&r, collect, &s);
	double v;
	assert_true(lookup(&s, "logit_robust", "b1_se", &v));
	NEAR(r.b1.se_rob, v, 0);
	assert_true(lookup(&s, "logit_pred", "p_ci_lb", &v));
	lesions_free(&d);
}

/*
 * Sandwich with patients: duplicating every lesion within its patient halves
 * the information (model SE / sqrt 2) but leaves the cluster-robust SE
 * exactly as it was with one lesion per patient: bread / 2, meat * 4.
 * With singleton clusters the CR0 * G/(G-1) estimate is the HC0 sandwich
 * times n / (n - 1), checked by hand.
 */
static void test_logit_cluster_robust(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 200, 1, 9.0, 5);
	struct logit_options o = { .cluster = d.patient };
	struct logit_result r1, r2;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o, &r1), LOGIT_OK);
	assert_int_equal(r1.n_clusters, 200);

	/* HC0 by hand for the 2-parameter model */
	double a00 = 0, a01 = 0, a11 = 0, m00 = 0, m01 = 0, m11 = 0;
	for (size_t i = 0; i < d.n; i++) {
		double p = 1.0 / (1.0 + exp(-(r1.b0.est + r1.b1.est * d.x[i]))), w = p * (1 - p);
		double u0 = d.y[i] - p, u1 = d.x[i] * (d.y[i] - p);
		a00 += w;
		a01 += w * d.x[i];
		a11 += w * d.x[i] * d.x[i];
		m00 += u0 * u0;
		m01 += u0 * u1;
		m11 += u1 * u1;
	}
	double det = a00 * a11 - a01 * a01;
	double b00 = a11 / det, b01 = -a01 / det, b11 = a00 / det;
	/* (B M B)_11 */
	double t0 = b01 * m00 + b11 * m01, t1 = b01 * m01 + b11 * m11;
	double v11 = (t0 * b01 + t1 * b11) * 200.0 / 199.0;
	NEAR(sqrt(v11), r1.b1.se_rob, 1e-10 * sqrt(v11));
	NEAR(sqrt(b11), r1.b1.se, 1e-8 * sqrt(b11));
	(void)b00;

	size_t n2 = 2 * d.n;
	double *x2 = malloc(n2 * sizeof *x2);
	int *y2 = malloc(n2 * sizeof *y2);
	long *p2 = malloc(n2 * sizeof *p2);
	assert_true(x2 && y2 && p2);
	for (size_t i = 0; i < n2; i++) {
		x2[i] = d.x[i % d.n];
		y2[i] = d.y[i % d.n];
		p2[i] = d.patient[i % d.n];
	}
	o.cluster = p2;
	assert_int_equal(logit_fit(x2, y2, n2, &o, &r2), LOGIT_OK);
	NEAR(r1.b1.est, r2.b1.est, 1e-9 * fabs(r1.b1.est));
	NEAR(r1.b1.se / sqrt(2.0), r2.b1.se, 1e-8 * r1.b1.se);
	NEAR(r1.b1.se_rob, r2.b1.se_rob, 1e-8 * r1.b1.se_rob);
	NEAR(r1.b0.se_rob, r2.b0.se_rob, 1e-8 * r1.b0.se_rob);
	free(x2);
	free(y2);
	free(p2);
	lesions_free(&d);
}

/* Study fixed effects: per-study score equations hold at the estimate;
 * separation inside one study is detected. */
static void test_logit_study_term(void **state)
{
	(void)state;
	struct lesions d;
	simulate(&d, 600, 3, 9.0, 77);
	int *study = malloc(d.n * sizeof *study);
	assert_non_null(study);
	for (size_t i = 0; i < d.n; i++) {
		study[i] = (int)(i * 4 / d.n);
		d.x[i] += 0.05 * study[i]; /* study-specific calibration of ADC */
	}
	struct logit_options o = { .study = study, .n_study = 4, .cluster = d.patient,
	                           .predict = true, .x0 = 1.0, .study0 = 2 };
	struct logit_result r;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o, &r), LOGIT_OK);
	assert_int_equal(r.n_params, 5);
	assert_int_equal(r.n_study, 4);
	double s[4] = { 0 }, sx = 0;
	for (size_t i = 0; i < d.n; i++) {
		double eta = r.b0.est + r.b1.est * d.x[i] + (study[i] ? r.study[study[i]].est : 0);
		double p = 1.0 / (1.0 + exp(-eta));
		s[study[i]] += d.y[i] - p;
		sx += d.x[i] * (d.y[i] - p);
	}
	for (int k = 0; k < 4; k++)
		NEAR(0.0, s[k], 1e-9);
	NEAR(0.0, sx, 1e-9);
	NEAR(r.b0.est + r.b1.est * 1.0 + r.study[2].est, r.pred_eta, 1e-12);
	assert_true(r.pred_ci_lb < r.pred_p && r.pred_p < r.pred_ci_ub);
	struct stats st = { 0 };
	logit_emit_extra(&r, collect, &st);
	double v;
	assert_true(lookup(&st, "logit_study", "b.3", &v));
	NEAR(r.study[3].est, v, 0);

	/* study 3 with responders only: its intercept diverges */
	for (size_t i = 0; i < d.n; i++)
		if (study[i] == 3)
			d.y[i] = 1;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o, &r), LOGIT_SEPARATION);
	/* out-of-range level */
	study[0] = 4;
	assert_int_equal(logit_fit(d.x, d.y, d.n, &o, &r), LOGIT_BAD_VALUE);
	free(study);
	lesions_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_cases),
		cmocka_unit_test(test_one_class_and_too_few),
		cmocka_unit_test(test_hand_example),
		cmocka_unit_test(test_youden_ties),
		cmocka_unit_test(test_direction_and_flip),
		cmocka_unit_test(test_perfect_separation),
		cmocka_unit_test(test_bootstrap_determinism),
		cmocka_unit_test(test_bootstrap_keeps_patients),
		cmocka_unit_test(test_bootstrap_optimism_small),
		cmocka_unit_test(test_bootstrap_brute_force),
		cmocka_unit_test(test_bootstrap_skips_one_class),
		cmocka_unit_test(test_bootstrap_large),
		cmocka_unit_test(test_logit_prediction_and_calibration),
		cmocka_unit_test(test_logit_grouped_weights),
		cmocka_unit_test(test_logit_cluster_robust),
		cmocka_unit_test(test_logit_study_term),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
