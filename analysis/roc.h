/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Per-lesion ROC analysis: AUC with DeLong CI, Youden cut-off, patient-cluster bootstrap. */
#ifndef SIEVE_ANALYSIS_ROC_H
#define SIEVE_ANALYSIS_ROC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Input: n lesions, predictor x[i] (e.g. baseline ADC) and response y[i]
 * (1 = responder = the positive class, 0 = non-responder). The arrays are
 * borrowed for the call. Every function returns ROC_OK (0) or one of the
 * negative codes below, never prints, and on failure zeroes the result
 * struct (the fields a function's contract names excepted).
 *
 * Semantics are pROC 1.18's (roc(..., direction = ">") for the default
 * direction), except that the direction is given, never chosen from the data:
 *  - thresholds are -Inf, the midpoints between adjacent distinct observed
 *    values, and +Inf; with ROC_LOWER_POSITIVE a lesion is called positive
 *    when x <= threshold, with ROC_HIGHER_POSITIVE when x > threshold;
 *  - AUC is the Mann-Whitney estimate, ties between a case and a control
 *    counting 1/2; an AUC below 0.5 is reported as such, never flipped;
 *  - DeLong variance from the placement values V10 (cases) and V01
 *    (controls): var = S10 / n1 + S01 / n0 with S10 = sum (V10 - auc)^2 /
 *    (n1 - 1) and S01 likewise; 95% CI auc -/+ 1.959964 se clamped to [0, 1];
 *  - Youden: the threshold maximising sens + spec - 1. youden_n_best counts
 *    the thresholds reaching the maximum (compared exactly, in integer
 *    arithmetic); when several do, the lowest threshold is reported, the
 *    first one pROC's coords(..., "best") lists (its thresholds ascend).
 * Everything costs one O(n log n) sort plus O(n).
 */
enum roc_status {
	ROC_OK = 0,
	ROC_INVALID = -1,       /* NULL pointer, unknown direction, bad option */
	ROC_BAD_VALUE = -2,     /* x not finite, or y not 0 or 1 */
	ROC_ONE_CLASS = -3,     /* only cases or only controls */
	ROC_TOO_FEW = -4,       /* fewer than ROC_MIN_PER_CLASS of a class */
	ROC_NOMEM = -5,         /* working memory could not be allocated */
	ROC_NO_REPLICATES = -6, /* every bootstrap replicate had one class only */
	ROC_TOO_LARGE = -7,     /* beyond the exact 64-bit counting (~10^8 lesions) */
	ROC_ONE_PATIENT = -8,   /* a cluster bootstrap over fewer than 2 patients */
};

/* The DeLong variance divides by n1 - 1 and n0 - 1. */
#define ROC_MIN_PER_CLASS 2

/* Bootstrap defaults (used when the option is 0). */
#define ROC_BOOT_DEFAULT_B 2000u
#define ROC_BOOT_DEFAULT_LEVEL 0.95

/* Which side of the threshold predicts the positive class (response 1).
 * pROC's direction = ">" (controls > cases) is ROC_LOWER_POSITIVE. */
enum roc_direction {
	ROC_LOWER_POSITIVE = 0, /* lower x predicts response (the default; ADC) */
	ROC_HIGHER_POSITIVE = 1,
};

/* A static one-line description of a status code; never NULL. */
const char *roc_strerror(int status);

/* The names of method "roc" in the reference files, in emit order. */
struct roc_result {
	enum roc_direction direction;
	size_t n, n_cases, n_controls;
	size_t n_thresholds;      /* distinct values + 1, the -Inf and +Inf ends included */
	double auc;
	double auc_var_delong, auc_se_delong;
	double auc_ci_lb, auc_ci_ub; /* 95%, DeLong, clamped to [0, 1] */
	size_t youden_n_best;     /* thresholds reaching the maximum J */
	double youden_threshold;  /* a midpoint (or -Inf / +Inf if J is 0 at best) */
	double youden_sens, youden_spec, youden_J;
};

/*
 * ROC analysis of n lesions with the given direction; *out is filled.
 * Errors: ROC_INVALID (NULL, unknown direction), ROC_BAD_VALUE (a
 * non-finite x, a y other than 0/1), ROC_ONE_CLASS, ROC_TOO_FEW (n1 or n0
 * below ROC_MIN_PER_CLASS), ROC_TOO_LARGE (n1 n0 beyond 10^18), ROC_NOMEM. On ROC_ONE_CLASS and ROC_TOO_FEW the
 * counts n, n_cases and n_controls and the direction are filled.
 */
int roc_compute(const double *x, const int *y, size_t n, enum roc_direction dir,
                struct roc_result *out);

/* One point of the empirical curve. */
struct roc_point {
	double threshold, sens, spec;
};

/*
 * The empirical ROC curve: writes the n_thresholds points (-Inf first,
 * thresholds ascending) into the caller's array pts of cap entries (n + 1
 * always suffices) and sets *npts. Errors as roc_compute, and ROC_INVALID
 * when cap is too small (then *npts is the number needed).
 */
int roc_curve(const double *x, const int *y, size_t n, enum roc_direction dir,
              struct roc_point *pts, size_t cap, size_t *npts);

/*
 * pROC's data-chosen direction (direction = "auto"): ROC_LOWER_POSITIVE when
 * the median of the controls exceeds the median of the cases, otherwise
 * ROC_HIGHER_POSITIVE. Only for comparison with pROC's default: an analysis
 * should fix the direction in advance. It cannot fail: on bad input (NULL, a
 * class empty, out of memory) it returns ROC_LOWER_POSITIVE, so validate the
 * data with roc_compute.
 */
enum roc_direction roc_direction_auto(const double *x, const int *y, size_t n);

/*
 * Emit every statistic of r under method "roc" with the reference names
 * (n n_cases n_controls auc auc_var_delong auc_se_delong auc_ci_lb auc_ci_ub
 * youden_n_best youden_threshold youden_sens youden_spec youden_J), in that
 * order, through emit(ctx, method, stat, value). Names are static strings.
 */
void roc_emit(const struct roc_result *r,
              void (*emit)(void *ctx, const char *method, const char *stat, double value),
              void *ctx);

/*
 * For a result computed with the direction of roc_direction_auto: emit
 * method "roc_auto" with direction_gt (1 for ROC_LOWER_POSITIVE, pROC's ">"),
 * auc, auc_ci_lb and auc_ci_ub.
 */
void roc_emit_auto(const struct roc_result *r,
                   void (*emit)(void *ctx, const char *method, const char *stat, double value),
                   void *ctx);

/* ---------------------------------------------------------------------------
 * Patient-cluster bootstrap
 *
 * Patients are resampled with replacement (all of a patient's lesions come
 * along), B replicates, with GSL's MT19937 seeded with `seed` (GSL maps seed
 * 0 to its default 4357): the same seed gives the same result on every run
 * and machine. Exactly: the G patients are numbered 0..G-1 in ascending
 * order of identifier (in lesion order without identifiers), and each
 * replicate draws G numbers with gsl_rng_uniform_int(rng, G); a lesion's
 * weight in the replicate is the number of times its patient was drawn.
 * In each replicate the AUC and the Youden cut-off are
 * re-estimated (with the fixed direction); a replicate in which one class is
 * missing is skipped and counted. CIs are percentile intervals (R's
 * quantile type 7) over the replicates used.
 *
 * Optimism (Harrell's bootstrap, e.g. rms::validate): for each replicate,
 * optimism_b = (performance of the replicate's model on the replicate) -
 * (performance of that model on the original data); corrected = apparent -
 * mean(optimism_b). What "the model" is:
 *  - AUC: the predictor itself with the fixed direction. Nothing is fitted,
 *    so the model evaluated on the original data always has the apparent
 *    AUC and the optimism is mean(AUC_b) - AUC, the bootstrap bias, ~0 by
 *    construction. It is reported so that a caller need not special-case it.
 *  - Youden sens / spec / J: the classifier dichotomised at the replicate's
 *    own Youden cut-off t_b. On the replicate it scores its maximal J_b; on
 *    the original lesions, x <= t_b (for ROC_LOWER_POSITIVE) is evaluated.
 *    Choosing the cut-off on the same data is where the optimism is real.
 *  - Calibration slope (option calibration): the logistic model
 *    response ~ x refitted on each replicate (weighted by how often each
 *    lesion was drawn). Its apparent slope on the replicate is 1; on the
 *    original data the slope of response ~ lp_b, lp_b = a_b + b_b x, is
 *    exactly b1 / b_b (b1 the original fit's slope: the logistic likelihood
 *    is invariant to an affine change of x), so no second fit is needed.
 *    Replicates whose fit fails (separation, no convergence) are skipped for
 *    this statistic and counted in calib_n_failed. With a single predictor
 *    there is little to overfit: the optimism is small (its sign not fixed,
 *    as the mean of a ratio; in simulations a few percent at most), and with
 *    a weak predictor (replicate slopes near 0) the ratio is heavy-tailed
 *    and the mean unstable; it is the standard definition (rms::validate's
 *    "Slope"), reported as such.
 *
 * Cost: one O(n log n) sort, then O(n + G) per replicate (a weighted sweep
 * of the globally sorted lesions), plus a few Newton steps over the distinct
 * values present when calibration is on.
 * ------------------------------------------------------------------------- */

struct roc_boot_options {
	enum roc_direction direction;
	unsigned B;             /* replicates; 0 = ROC_BOOT_DEFAULT_B */
	unsigned long seed;
	double conf_level;      /* of the percentile CIs; 0 = ROC_BOOT_DEFAULT_LEVEL */
	bool calibration;       /* also the logistic calibration slope optimism */
};

struct roc_boot_result {
	unsigned B;              /* replicates drawn */
	unsigned n_used;         /* with both classes present */
	unsigned n_skipped;      /* one class only: B - n_used */
	size_t n_patients;       /* clusters resampled */
	double conf_level;

	double auc;              /* apparent (the original data) */
	double auc_boot_mean, auc_boot_se; /* mean and SD over the replicates */
	double auc_ci_lb, auc_ci_ub;
	double auc_optimism, auc_corrected;

	double threshold;        /* apparent Youden cut-off */
	double threshold_ci_lb, threshold_ci_ub;
	double sens, sens_ci_lb, sens_ci_ub, sens_optimism, sens_corrected;
	double spec, spec_ci_lb, spec_ci_ub, spec_optimism, spec_corrected;
	double J, J_ci_lb, J_ci_ub, J_optimism, J_corrected;

	bool has_calibration;
	unsigned calib_n_used, calib_n_failed;
	double calib_slope;      /* apparent: 1 */
	double calib_slope_optimism, calib_slope_corrected;
};

/*
 * Bootstrap n lesions clustered by patient: patient[i] is any identifier
 * (lesions with equal values belong to one patient); NULL makes every lesion
 * its own patient. opt may be NULL (defaults: ROC_LOWER_POSITIVE, B 2000,
 * seed 0, 95%, no calibration). *out is filled.
 * Errors: as roc_compute on the original data; ROC_INVALID (conf_level not
 * in (0, 1)); ROC_ONE_PATIENT (all lesions from one patient: every
 * replicate would be the original data, giving intervals of width 0 that
 * say nothing); ROC_NO_REPLICATES (no replicate had both classes);
 * ROC_TOO_LARGE (a replicate too heavy for exact counting). With
 * calibration on, a failing original logistic fit (e.g. separation) is not
 * an error: has_calibration is then false.
 */
int roc_bootstrap(const double *x, const int *y, const long *patient, size_t n,
                  const struct roc_boot_options *opt, struct roc_boot_result *out);

/*
 * Emit r under method "roc_boot": B n_used n_skipped n_patients conf_level,
 * auc auc_boot_mean auc_boot_se auc_ci_lb auc_ci_ub auc_optimism
 * auc_corrected, threshold threshold_ci_lb threshold_ci_ub, then for each of
 * sens, spec and J: X X_ci_lb X_ci_ub X_optimism X_corrected; and when
 * has_calibration: calib_n_used calib_n_failed calib_slope
 * calib_slope_optimism calib_slope_corrected.
 */
void roc_boot_emit(const struct roc_boot_result *r,
                   void (*emit)(void *ctx, const char *method, const char *stat, double value),
                   void *ctx);

#endif
