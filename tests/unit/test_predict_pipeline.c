/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/predict: the predictor pipeline per study and pooled
 * on hand-built lesion arrays (no database). */
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

#include "../../analysis/predict.h"

/* Two studies of 12 lesions, one lesion per patient; lower ADC goes with
 * response, with overlap (so the logistic model is estimable). */
#define N 24
static const double X[N] = { 0.80, 0.85, 0.90, 0.95, 1.00, 1.30, 1.05, 1.10, 1.20, 1.25, 1.40, 0.92,
			     0.70, 0.75, 0.82, 0.88, 1.15, 0.99, 1.02, 1.08, 1.12, 1.35, 0.78, 1.50 };
static const int Y[N] = { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
			  1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0 };
static long P[N];
static int S[N];
static const char *const LABELS[] = { "Lee 2019", "Kim 2020" };

static struct predict_lesions lesions(void)
{
	for (int i = 0; i < N; i++) {
		P[i] = i;
		S[i] = i < 12 ? 0 : 1;
	}
	return (struct predict_lesions){ N, X, Y, P, S, 2, LABELS, N };
}

static void test_per_study_and_pooled(void **state)
{
	(void)state;
	struct predict_lesions l = lesions();
	struct predict_options o = { ROC_LOWER_POSITIVE, 200, 7, true, 1.0 };
	struct predict_result r;
	assert_int_equal(predict_run(&l, &o, &r), 0);
	assert_int_equal(r.nstudy, 2);
	assert_string_equal(r.study[0].label, "Lee 2019");
	assert_string_equal(r.study[1].label, "Kim 2020");
	assert_string_equal(r.pooled.label, "pooled");
	/* each study is its own lesions: the same ROC as computed directly */
	for (int s = 0; s < 2; s++) {
		const struct predict_one *x = &r.study[s];
		assert_int_equal(x->n, 12);
		assert_int_equal(x->npatients, 12);
		assert_int_equal(x->ncases, 6);
		assert_int_equal(x->roc_rc, 0);
		struct roc_result direct;
		assert_int_equal(roc_compute(X + 12 * s, Y + 12 * s, 12, ROC_LOWER_POSITIVE, &direct), 0);
		assert_true(direct.auc == x->roc.auc);
		assert_true(x->ncurve > 0 && x->ncurve <= x->roc.n_thresholds + 1);
		assert_non_null(x->curve);
		/* no bootstrap per study */
		assert_false(x->has_boot);
		assert_int_equal(x->boot_rc, 0);
	}
	const struct predict_one *p = &r.pooled;
	assert_int_equal(p->n, N);
	assert_int_equal(p->ncases, 12);
	assert_int_equal(p->npatients, N);
	assert_int_equal(p->roc_rc, 0);
	assert_true(p->has_boot);
	assert_int_equal(p->boot.B, 200);
	/* the pooled model has a study term; the prediction is the model's without it */
	assert_int_equal(p->logit_rc, 0);
	struct logit_options lo = { .cluster = P, .predict = true, .x0 = 1.0 };
	struct logit_result plain;
	assert_int_equal(logit_fit(X, Y, N, &lo, &plain), 0);
	assert_true(p->logit.has_pred);
	assert_true(p->logit.pred_p == plain.pred_p);
	assert_true(p->logit.pred_ci_lb == plain.pred_ci_lb);
	struct logit_options ls = { .cluster = P, .study = S, .n_study = 2 };
	struct logit_result with_study;
	assert_int_equal(logit_fit(X, Y, N, &ls, &with_study), 0);
	assert_true(p->logit.b1.est == with_study.b1.est);
	assert_true(p->logit.b1.est != plain.b1.est);
	/* the bootstrap is deterministic for a seed */
	struct predict_result again;
	assert_int_equal(predict_run(&l, &o, &again), 0);
	assert_true(again.pooled.boot.auc_ci_lb == p->boot.auc_ci_lb);
	predict_result_fini(&again);
	predict_result_fini(&r);
	assert_null(r.study);
	predict_result_fini(&r); /* a zeroed struct is fine */
}

static void test_one_study_and_failures(void **state)
{
	(void)state;
	struct predict_lesions l = lesions();
	/* one study: no per-study rows, no study term, the prediction from the model */
	l.n = 12;
	l.nstudy = 1;
	l.npatients = 12;
	struct predict_options o = { ROC_LOWER_POSITIVE, 0, 1, true, 1.0 };
	struct predict_result r;
	assert_int_equal(predict_run(&l, &o, &r), 0);
	assert_int_equal(r.nstudy, 0);
	assert_null(r.study);
	assert_int_equal(r.pooled.roc_rc, 0);
	assert_false(r.pooled.has_boot);   /* B = 0 */
	assert_int_equal(r.pooled.logit_rc, 0);
	assert_true(r.pooled.logit.has_pred);
	assert_true(r.pooled.logit.pred_x0 == 1.0);
	predict_result_fini(&r);
	/* one class only: the ROC and the model fail with their reasons, no bootstrap */
	static const int all1[6] = { 1, 1, 1, 1, 1, 1 };
	static const long p6[6] = { 0, 1, 2, 3, 4, 5 };
	static const int s6[6] = { 0 };
	struct predict_lesions one = { 6, X, all1, p6, s6, 1, LABELS, 6 };
	o.B = 100;
	assert_int_equal(predict_run(&one, &o, &r), 0);
	assert_int_equal(r.pooled.roc_rc, ROC_ONE_CLASS);
	assert_string_equal(predict_why_roc(r.pooled.roc_rc),
			    "one class only (all responders or all non-responders)");
	assert_int_equal(r.pooled.logit_rc, LOGIT_ONE_CLASS);
	assert_string_equal(predict_why_logit(r.pooled.logit_rc), "one class only");
	assert_false(r.pooled.has_boot);
	assert_null(r.pooled.curve);
	predict_result_fini(&r);
	/* one patient: the ROC stands, the bootstrap is refused */
	static const long same[6] = { 0 };
	static const int mixed[6] = { 1, 1, 1, 0, 0, 0 };
	struct predict_lesions onep = { 6, X + 6, mixed, same, s6, 1, LABELS, 1 };
	assert_int_equal(predict_run(&onep, &o, &r), 0);
	assert_int_equal(r.pooled.roc_rc, 0);
	assert_int_equal(r.pooled.boot_rc, ROC_ONE_PATIENT);
	assert_false(r.pooled.has_boot);
	assert_int_equal(r.pooled.npatients, 1);
	predict_result_fini(&r);
	assert_string_equal(predict_why_roc(ROC_TOO_FEW),
			    "too few lesions (at least 2 responders and 2 non-responders)");
	assert_non_null(strstr(predict_why_logit(LOGIT_SEPARATION), "separation"));
	assert_non_null(strstr(predict_why_logit(LOGIT_TOO_FEW), "at least 10"));
}

static void test_invalid(void **state)
{
	(void)state;
	struct predict_lesions l = lesions();
	struct predict_options o = { ROC_LOWER_POSITIVE, 0, 1, false, 0 };
	struct predict_result r;
	assert_int_equal(predict_run(NULL, &o, &r), ROC_INVALID);
	l.npatients = 3;   /* patient 3.. out of range */
	assert_int_equal(predict_run(&l, &o, &r), ROC_INVALID);
	assert_null(r.study);
	l = lesions();
	l.nstudy = 1;      /* study 1 out of range */
	assert_int_equal(predict_run(&l, &o, &r), ROC_INVALID);
}

static void test_extrapolation(void **state)
{
	(void)state;
	double lo, hi;
	static const double x[] = { 1.0, 2.0, 1.5 };
	assert_false(predict_extrapolates(x, 3, 1.5, &lo, &hi));
	assert_true(lo == 1.0 && hi == 2.0);
	assert_false(predict_extrapolates(x, 3, 0.9, &lo, &hi));  /* within 10% of the range */
	assert_false(predict_extrapolates(x, 3, 2.1, &lo, &hi));
	assert_true(predict_extrapolates(x, 3, 0.89, &lo, &hi));
	assert_true(predict_extrapolates(x, 3, 2.11, &lo, &hi));
	assert_false(predict_extrapolates(x, 0, 1.0, &lo, &hi));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_study_and_pooled),
		cmocka_unit_test(test_one_study_and_failures),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_extrapolation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
