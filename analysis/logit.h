/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Logistic regression of a binary response on one predictor, with cluster-robust SEs. */
#ifndef SIEVE_ANALYSIS_LOGIT_H
#define SIEVE_ANALYSIS_LOGIT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The model: logit P(y = 1) = b0 + b1 x [+ study effects], fitted by
 * Newton-Raphson / IRLS (R's glm start, mu = (y + 0.5) / 2) until the
 * relative deviance change is below 1e-13, as R's
 * glm(y ~ x [+ factor(study)], family = binomial) converged tightly.
 * Coefficients are per 1 unit of x as given. Model-based SEs are those of
 * R's summary.glm (inverse Fisher information); z = est / se, p two-sided
 * normal; CIs are Wald, est -/+ 1.959964 se; OR = exp(b1) with exp of its CI.
 *
 * Cluster-robust SEs (patients): the sandwich V = c B M B with B the inverse
 * Fisher information, M = sum over clusters g of u_g u_g', u_g the sum of the
 * score contributions x_i (y_i - mu_i) of g's observations, and the
 * small-sample factor c = G / (G - 1) (G clusters). This is
 * sandwich::vcovCL(fit, cluster, type = "HC0", cadjust = TRUE), the default,
 * and Stata's logit, vce(cluster): CR0 with the G/(G-1) adjustment, without
 * an (n-1)/(n-k) factor.
 *
 * Failures are returned, never papered over with numbers:
 *  - LOGIT_ONE_CLASS: every y the same;
 *  - LOGIT_TOO_FEW: n < LOGIT_MIN_N, or fewer than LOGIT_MIN_PER_CLASS of a
 *    class, or no more observations than parameters;
 *  - LOGIT_SEPARATION: complete or quasi-complete separation, where the MLE
 *    does not exist (R warns "fitted probabilities numerically 0 or 1" and
 *    prints meaningless numbers). Checked exactly before fitting: without a
 *    study term, when max x of one class <= min x of the other (the ROC
 *    AUC is then 0 or 1 or the classes touch at one value); with a study
 *    term, also when a study has one class only or when every study is
 *    separated by x in the same direction. After fitting, a fitted
 *    probability numerically 0 or 1 (within 10 DBL_EPSILON, R's glm.fit
 *    threshold) also counts.
 *  - LOGIT_SINGULAR: x constant, or x collinear with the study dummies.
 */
enum logit_status {
	LOGIT_OK = 0,
	LOGIT_INVALID = -1,        /* NULL pointer, bad option */
	LOGIT_BAD_VALUE = -2,      /* x not finite, y not 0/1, study level out of range */
	LOGIT_ONE_CLASS = -3,
	LOGIT_TOO_FEW = -4,
	LOGIT_SEPARATION = -5,
	LOGIT_SINGULAR = -6,
	LOGIT_NO_CONVERGENCE = -7,
	LOGIT_NOMEM = -8,
};

#define LOGIT_MIN_N 10
#define LOGIT_MIN_PER_CLASS 2
/* The largest number of study levels of the optional study term. */
#define LOGIT_MAX_STUDIES 64

/* A static one-line description of a status code; never NULL. */
const char *logit_strerror(int status);

struct logit_options {
	/* Cluster (patient) of each observation, any identifiers, for robust
	 * SEs; NULL: none. With fewer than 2 clusters robust SEs are not given. */
	const long *cluster;
	/* Study level 0..n_study-1 of each observation, for a fixed-effect study
	 * term (dummies for levels 1..n_study-1; b0 is then level 0's
	 * intercept); NULL or n_study < 2: no study term. */
	const int *study;
	int n_study;
	/* Predict P(y = 1) at x0 (in study level study0 with a study term). */
	bool predict;
	double x0;
	int study0;
};

/* One coefficient; the *_rob fields only when the result's robust is set. */
struct logit_coef {
	double est, se, z, pval, ci_lb, ci_ub;
	double se_rob, z_rob, pval_rob, ci_lb_rob, ci_ub_rob;
};

struct logit_result {
	size_t n, n_events;      /* observations, y = 1 */
	int n_params;            /* 2 + study dummies */
	int iterations;
	bool robust;             /* cluster-robust fields filled */
	size_t n_clusters;
	struct logit_coef b0, b1;
	double or_b1, or_b1_ci_lb, or_b1_ci_ub;
	double or_b1_ci_lb_rob, or_b1_ci_ub_rob;
	int n_study;             /* levels of the study term (0 without) */
	struct logit_coef study[LOGIT_MAX_STUDIES]; /* [1..n_study-1]; [0] unused */
	double deviance, null_deviance, aic;
	double brier;            /* mean (y - p)^2 */
	/* Apparent calibration on the fitted data: the intercept of
	 * y ~ offset(lp) (calibration in the large) and the slope of y ~ lp.
	 * They are 0 and 1 for any maximum-likelihood fit with an intercept
	 * (computed, not assumed); see roc_bootstrap for the optimism-corrected
	 * slope. */
	double calib_intercept, calib_slope;
	/* Prediction at options->x0 when asked: the linear predictor, its SE
	 * (robust when robust is set, model-based otherwise) and P with the 95%
	 * CI transformed from the logit scale. */
	bool has_pred, pred_robust;
	double pred_x0, pred_eta, pred_eta_se, pred_p, pred_ci_lb, pred_ci_ub;
};

/*
 * Fit the logistic regression of y (0/1) on x for n observations; opt may
 * be NULL. The arrays are borrowed for the call; *out is filled.
 * Errors: LOGIT_INVALID (NULL; n_study > LOGIT_MAX_STUDIES; study0 out of
 * range), LOGIT_BAD_VALUE, LOGIT_ONE_CLASS, LOGIT_TOO_FEW, LOGIT_SEPARATION,
 * LOGIT_SINGULAR, LOGIT_NO_CONVERGENCE, LOGIT_NOMEM. On failure *out is
 * zeroed except n and n_events.
 */
int logit_fit(const double *x, const int *y, size_t n, const struct logit_options *opt,
              struct logit_result *out);

/*
 * The same model without study term on grouped data, for the bootstrap:
 * m distinct values v[j] with ncase[j] responders and nctrl[j]
 * non-responders (non-negative weights; groups with both 0 are ignored).
 * mu_start, if not NULL, holds expit(beta[0] + beta[1] v[j]) at the start
 * (a bootstrap computes it once for every replicate and saves a pass of
 * exp()). Newton steps from beta[0..1] (the start, e.g. the full-data estimate)
 * until a step is below 1e-6 relative (Newton converges quadratically: the
 * estimate is then good to about 1e-12); beta is overwritten with the
 * estimate (left unchanged on failure). Errors: LOGIT_INVALID (NULL),
 * LOGIT_ONE_CLASS (a class has no weight), LOGIT_SINGULAR (a single
 * distinct value), LOGIT_SEPARATION (the weighted classes are
 * (quasi-)separated by v), LOGIT_NO_CONVERGENCE (a diverging fit or no
 * convergence in 200 steps).
 */
int logit_fit_grouped(const double *v, const double *ncase, const double *nctrl, size_t m,
                      const double *mu_start, double beta[2]);

/*
 * Emit r under method "logit" with exactly the reference names: b0 b0_se
 * b0_z b0_pval b0_ci_lb b0_ci_ub, the same six for b1, or_b1 or_b1_ci_lb
 * or_b1_ci_ub deviance null_deviance (model-based SEs).
 */
void logit_emit(const struct logit_result *r,
                void (*emit)(void *ctx, const char *method, const char *stat, double value),
                void *ctx);

/*
 * Emit what logit_emit leaves out: method "logit_fit" (n n_events
 * iterations aic brier calib_intercept calib_slope); when robust, method
 * "logit_robust" (n_clusters, b0_se b0_z b0_pval b0_ci_lb b0_ci_ub, the same
 * for b1, or_b1_ci_lb or_b1_ci_ub); with a study term, method "logit_study"
 * (b.<level> se.<level> for levels 1..n_study-1); when has_pred, method
 * "logit_pred" (x0 eta eta_se p p_ci_lb p_ci_ub robust).
 */
void logit_emit_extra(const struct logit_result *r,
                      void (*emit)(void *ctx, const char *method, const char *stat, double value),
                      void *ctx);

#endif
