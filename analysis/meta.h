/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Meta-analysis of two-group summary data: effect sizes, pooling, heterogeneity, bias. */
#ifndef SIEVE_ANALYSIS_META_H
#define SIEVE_ANALYSIS_META_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The numbers match R metafor 3.8 (escalc, rma.uni, confint, predict,
 * leave1out, regtest); see ../shared/data/reference for the checked values.
 *
 * Conventions: caller-owned arrays in (yi, vi: k effects and sampling
 * variances), result structs out. Functions that can fail return META_OK (0)
 * or a negative enum meta_status and fill *err (which may be NULL) with the
 * code and, for bad input, the study (0-based) and field at fault; they never
 * print. Results holding memory have a *_fini function that releases them
 * in place; a zeroed struct is safe to pass to it. A statistic that does
 * not exist for a fit (metafor's NA) is NAN. Confidence levels:
 * opt->level, default 0.95.
 */

enum meta_status {
	META_OK = 0,
	META_INVALID = -1,        /* NULL pointer, unknown enum value, level not in (0, 1) */
	META_NOMEM = -2,          /* out of memory */
	META_TOO_FEW = -3,        /* not enough studies for the analysis */
	META_BAD_N = -4,          /* a sample size below 2 or not finite */
	META_BAD_SD = -5,         /* an SD not positive or not finite */
	META_BAD_VALUE = -6,      /* a mean, effect or covariate not finite */
	META_BAD_VARIANCE = -7,   /* a sampling variance not positive or not finite */
	META_NO_CONVERGENCE = -8, /* an iterative estimator did not converge */
	META_BAD_GROUP = -9,      /* subgroup index out of range, or an empty subgroup */
	META_SINGULAR = -10,      /* the covariate is constant (meta-regression) */
	META_OVERFLOW = -11,      /* the values are too large or too small: sums overflow */
};

enum meta_measure {
	META_MD = 0, /* mean difference, group 1 minus group 2 */
	META_SMD,    /* standardised mean difference, Hedges' g (exact correction) */
	META_N_MEASURES,
};

/* How tau^2 is estimated: fixed effect (tau^2 = 0, inverse-variance),
 * DerSimonian-Laird, REML, Paule-Mandel. REML: metafor's Fisher scoring
 * from Hedges' estimate, damped (a step that changes the sign of the score
 * is replaced by the secant root of the score, and halved while it would
 * lower the restricted likelihood); where that still fails, the maximum of
 * the restricted likelihood bracketed on a grid and found by Brent's method
 * (GSL). A local maximum worse than tau^2 = 0 gives way to 0, as metafor. */
enum meta_method {
	META_FE = 0,
	META_DL,
	META_REML,
	META_PM,
	META_N_METHODS,
};

/* The test of the pooled estimate: normal (z) or Hartung-Knapp (t on k - p
 * df, the variance scaled by q = Q(tau2) / (k - p)): metafor's "knha", with
 * no truncation of q, unless meta_options.knha_adhoc asks for max(1, q). */
enum meta_test {
	META_Z = 0,
	META_KNHA,
	META_N_TESTS,
};

/* The input field at fault in a struct meta_error. */
enum meta_field {
	META_F_NONE = 0,
	META_F_N1,
	META_F_MEAN1,
	META_F_SD1,
	META_F_N2,
	META_F_MEAN2,
	META_F_SD2,
	META_F_YI,
	META_F_VI,
	META_F_X,
	META_F_GROUP,
};

struct meta_error {
	int code;              /* enum meta_status */
	long study;            /* 0-based index of the study at fault, -1 if none */
	enum meta_field field; /* the field at fault, META_F_NONE if none */
	double value;          /* the offending value (NAN if none) */
};

/* Summary data of one two-group study. */
struct meta_study {
	double n1, mean1, sd1;
	double n2, mean2, sd2;
};

struct meta_options {
	enum meta_method method;
	enum meta_test test;
	double level;      /* confidence level in (0, 1); 0 means 0.95 */
	bool skip_tau2_ci; /* leave the Q-profile CI of tau^2 (and tau, I2, H2) NAN */
	/* Hartung-Knapp with the ad hoc safeguard: the scale factor q is raised
	 * to 1 where it is below (Knapp & Hartung 2003; Jackson et al. 2017,
	 * Stat Med 36:4122), so the CI is never narrower than the z-based one;
	 * false: metafor's test = "knha" (the reference values), where Q = 0
	 * gives a CI of width 0 and t = +-inf. */
	bool knha_adhoc;
};

/* One pooled analysis (metafor rma.uni with an intercept only). */
struct meta_fit {
	enum meta_method method;
	enum meta_test test; /* the test used: META_Z when k = 1, as metafor */
	size_t k;
	double est, se, stat, pval;
	double df; /* k - 1 under Hartung-Knapp, NAN under z */
	double ci_lb, ci_ub;
	double tau2, tau;
	double I2, H2; /* FE: from Q; otherwise from tau2 and vt */
	double vt;     /* "typical" within-study variance (k-1) sum w / ((sum w)^2 - sum w^2) */
	double Q, Q_df, Q_pval; /* Cochran's Q (inverse-variance, chi-square test) */
	double s2w;    /* Hartung-Knapp scale factor used (1 under z) */
	double knha_q; /* Hartung-Knapp q = Q(tau2) / (k - 1) before any safeguard
	                * (NAN under z) */
	bool knha_adhoc_applied;  /* q < 1 was raised to 1 (opt->knha_adhoc) */
	bool ci_narrower_than_fe; /* the CI is narrower than the fixed-effect z
	                           * CI (possible under plain Hartung-Knapp) */
	/* Prediction interval: est -/+ crit sqrt(se^2 + tau2) with crit from z
	 * (z test) or t(k-1) (Hartung-Knapp); the _tkm2 one uses t(k-2)
	 * (Higgins 2009), NAN for k < 3. */
	double pi_lb, pi_ub, pi_lb_tkm2, pi_ub_tkm2;
	/* Q-profile CIs (NAN for FE, k = 1, or opt->skip_tau2_ci). */
	double tau2_ci_lb, tau2_ci_ub, tau_ci_lb, tau_ci_ub;
	double I2_ci_lb, I2_ci_ub, H2_ci_lb, H2_ci_ub;
	int iterations; /* of the REML or PM estimator; 0 for closed forms */
	/* META_OK, or, for a member of a series or of the subgroups that could
	 * not be fitted, why not (e.g. META_NO_CONVERGENCE): its k, method and
	 * test are set and every statistic is NAN. meta_pool itself fails
	 * instead. */
	int status;
	double *weight; /* k weights in percent (owned; NULL inside a series) */
};

/* fit[i] of a leave-one-out series omits study i; fit[j] of a cumulative one
 * pools the first j + 1 studies in the order given. No weights, no Q-profile.
 * A member that cannot be fitted has fit[i].status != META_OK (and NAN
 * statistics); the others are still there. */
struct meta_series {
	size_t n;
	struct meta_fit *fit; /* n fits, owned */
};

struct meta_subgroups {
	size_t ngroups;
	struct meta_fit *fit; /* one per group (weights within the group), owned;
	                       * fit[g].status != META_OK: group g not fitted */
	/* Test for subgroup differences: Cochran's Q across the subgroup
	 * estimates with their (z test) standard errors, chi-square on the
	 * number of groups fitted - 1 (NAN when fewer than 2 are fitted). */
	double Q_between, Q_between_df, Q_between_pval;
};

/* Meta-regression on one covariate x: yi = b0 + b1 x + u + e (metafor
 * rma.uni with mods = ~ x). */
struct meta_reg {
	enum meta_method method;
	enum meta_test test;
	size_t k;
	double b0, se0, ci0_lb, ci0_ub;            /* intercept */
	double b1, se1, stat1, pval1, ci1_lb, ci1_ub; /* slope, z or t test */
	double df;                                 /* k - 2 under Hartung-Knapp, else NAN */
	double QM, QM_df1, QM_df2, QM_pval;        /* test of b1: chi-square, or F(1, k-2) */
	double QE, QE_df, QE_pval;                 /* residual heterogeneity */
	double tau2;                               /* residual tau^2 (0 for FE) */
	int iterations;
	bool knha_adhoc_applied; /* Hartung-Knapp q < 1 raised to 1 (opt->knha_adhoc) */
};

/* Egger's regression test for funnel-plot asymmetry (classical: weighted
 * least squares of yi on sei with weights 1/vi, i.e. the standard normal
 * deviate yi/sei regressed on the precision 1/sei; t on k-2 df). */
struct meta_egger {
	size_t k;
	double bias, bias_se, stat, df, pval; /* intercept of the SND regression */
	double limit_est, limit_ci_lb, limit_ci_ub; /* the estimate as sei -> 0 */
	bool few_studies; /* k < 10: the test has little power, report with care */
};

/*
 * Effect sizes from two-group summary data; effect = group 1 - group 2.
 *   MD:  yi = mean1 - mean2, vi = sd1^2/n1 + sd2^2/n2
 *   SMD: yi = c(m) (mean1 - mean2) / s_pooled, m = n1 + n2 - 2,
 *        c(m) = exp(lgamma(m/2) - log(m/2)/2 - lgamma((m-1)/2)),
 *        vi = 1/n1 + 1/n2 + yi^2 / (2 (n1 + n2))   (metafor vtype "LS")
 * s[k] is read; yi[k] and vi[k] (caller-owned) are written. Errors:
 * META_INVALID (NULL, unknown measure), META_TOO_FEW (k = 0), META_BAD_N
 * (n < 2 or not finite), META_BAD_SD (sd <= 0 or not finite), META_BAD_VALUE
 * (a mean not finite), each with err->study and err->field; the outputs are
 * then unspecified.
 */
int meta_escalc(enum meta_measure measure, const struct meta_study *s, size_t k,
                double *yi, double *vi, struct meta_error *err);

/*
 * Whether one study's effect (yi, vi) can be pooled with k studies in all:
 * META_OK, or META_BAD_VALUE (yi not finite), META_BAD_VARIANCE (vi <= 0 or
 * not finite) or META_OVERFLOW (the weight 1/vi, or yi^2/vi, is so large
 * that the sums over k studies overflow), with err->study = -1 and the field.
 */
int meta_study_check(double yi, double vi, size_t k, struct meta_error *err);

/*
 * Pool k >= 1 studies (yi, vi borrowed) into *out, which the caller releases
 * with meta_fit_fini; on failure *out is left zeroed. k = 1 gives metafor's
 * k = 1 fit: tau2 = 0, Q = 0 on 0 df, Q_pval = 1, I2 = 0, H2 = 1, z test, no
 * Q-profile CI. opt NULL means REML with the z test. Errors: META_INVALID,
 * META_TOO_FEW (k = 0), META_BAD_VALUE (yi not finite, err->study and field
 * set), META_BAD_VARIANCE (vi <= 0 or not finite, likewise), META_NOMEM,
 * META_NO_CONVERGENCE, META_OVERFLOW (the weights or Q are not finite, e.g.
 * a vi of 1e-320 or effects 1e200 apart; meta_study_check finds the study).
 */
int meta_pool(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
              struct meta_fit *out, struct meta_error *err);

/* Release what a meta_fit owns and zero it; NULL is allowed. */
void meta_fit_fini(struct meta_fit *f);

/*
 * Leave-one-out: out->fit[i] pools all studies but i (k >= 2; with k = 2 the
 * fits are k = 1 fits). Errors as meta_pool's input checks, META_NOMEM, and
 * META_TOO_FEW for k < 2; a subset that cannot be fitted is not an error but
 * out->fit[i].status. Release with meta_series_fini.
 */
int meta_leave1out(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
                   struct meta_series *out, struct meta_error *err);

/*
 * Cumulative meta-analysis: out->fit[j] pools studies order[0..j] (order is a
 * permutation of 0..k-1, e.g. by year; NULL means 0, 1, ..., k-1). Errors as
 * meta_leave1out, META_INVALID if order is not a permutation. Release with
 * meta_series_fini.
 */
int meta_cumulative(const double *yi, const double *vi, size_t k, const size_t *order,
                    const struct meta_options *opt, struct meta_series *out,
                    struct meta_error *err);

void meta_series_fini(struct meta_series *s);

/*
 * Subgroup analysis: group[i] in 0..ngroups-1 assigns study i; each group is
 * pooled with opt (out->fit[g]; a group that cannot be fitted has its
 * status set, see struct meta_subgroups) and the groups are compared
 * (Q_between). Errors as meta_leave1out, META_BAD_GROUP (index out of range or empty group,
 * err->study = the first bad study or -1), META_TOO_FEW (ngroups < 2).
 * Release with meta_subgroups_fini.
 */
int meta_subgroup(const double *yi, const double *vi, const size_t *group, size_t k,
                  size_t ngroups, const struct meta_options *opt, struct meta_subgroups *out,
                  struct meta_error *err);

void meta_subgroups_fini(struct meta_subgroups *s);

/*
 * Mixed-effects meta-regression on one covariate x[k] (e.g. a 0/1 subgroup
 * dummy); residual tau^2 by opt->method, test by opt->test (Hartung-Knapp: t
 * and F on k-2 df). Needs k >= 3. Errors as meta_pool, META_BAD_VALUE (x not
 * finite, field META_F_X), META_SINGULAR (x constant).
 */
int meta_metareg(const double *yi, const double *vi, const double *x, size_t k,
                 const struct meta_options *opt, struct meta_reg *out, struct meta_error *err);

/*
 * Egger's test as metafor regtest(model = "rma", predictor = "sei"): the
 * meta-regression of yi on sqrt(vi) with opt's method and test; the bias is
 * out->b1, the limit estimate out->b0. Errors as meta_metareg.
 */
int meta_egger_rma(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
                   struct meta_reg *out, struct meta_error *err);

/* Classical Egger test (regtest(model = "lm")); k >= 3. Errors as meta_pool. */
int meta_egger(const double *yi, const double *vi, size_t k, struct meta_egger *out,
               struct meta_error *err);

/*
 * Emitters: call emit(ctx, method, stat, value) once per statistic, with the
 * names of the reference files, e.g. emit(ctx, "MD.REML.knha", "tau2", v).
 * method is the caller's string (see meta_prefix) and is passed through; the
 * stat strings are valid during the call only. Values may be NAN.
 *   escalc:  yi.<i> vi.<i> (i 1-based)
 *   fit:     k est se stat pval [df: knha] ci_lb ci_ub tau2 tau I2 H2 Q Q_df
 *            Q_pval weight.<i> and, unless FE: pi_lb pi_ub [pi_lb_tkm2
 *            pi_ub_tkm2: k >= 3] tau2_ci_lb tau2_ci_ub tau_ci_lb tau_ci_ub
 *            I2_ci_lb I2_ci_ub H2_ci_lb H2_ci_ub
 *   series:  est.<i> se.<i> stat.<i> pval.<i> ci_lb.<i> ci_ub.<i> Q.<i>
 *            Q_pval.<i> [tau2.<i>: not FE] I2.<i> H2.<i> (i 1-based: the
 *            omitted study, or the number of studies pooled)
 *   subtest: Q_between Q_between_df Q_between_pval
 *   egger:   bias bias_se stat df pval limit_est limit_ci_lb limit_ci_ub
 *   metareg: diff_est diff_se QM QM_df1 [QM_df2: knha] QM_pval QE QE_df
 *            QE_pval [tau2: not FE]
 *   egger_rma: bias bias_se stat pval [df: knha] limit_est limit_ci_lb
 *            limit_ci_ub [tau2: not FE]
 */
void meta_emit_escalc(const char *method, const double *yi, const double *vi, size_t k,
                      void (*emit)(void *ctx, const char *method, const char *stat, double value),
                      void *ctx);
void meta_emit_fit(const struct meta_fit *f, const char *method,
                   void (*emit)(void *ctx, const char *method, const char *stat, double value),
                   void *ctx);
void meta_emit_series(const struct meta_series *s, const char *method,
                      void (*emit)(void *ctx, const char *method, const char *stat, double value),
                      void *ctx);
void meta_emit_subtest(const struct meta_subgroups *s, const char *method,
                       void (*emit)(void *ctx, const char *method, const char *stat, double value),
                       void *ctx);
void meta_emit_egger(const struct meta_egger *e, const char *method,
                     void (*emit)(void *ctx, const char *method, const char *stat, double value),
                     void *ctx);
void meta_emit_metareg(const struct meta_reg *r, const char *method,
                       void (*emit)(void *ctx, const char *method, const char *stat, double value),
                       void *ctx);
void meta_emit_egger_rma(const struct meta_reg *r, const char *method,
                         void (*emit)(void *ctx, const char *method, const char *stat, double value),
                         void *ctx);

/* "MD", "SMD"; "FE", "DL", "REML", "PM"; "z", "knha"; "?" when unknown. */
const char *meta_measure_name(enum meta_measure m);
const char *meta_tau2_name(enum meta_method m);
const char *meta_test_name(enum meta_test t);

/* The inverse of the name functions (case-sensitive): the enum value, or -1. */
int meta_measure_from_name(const char *s);
int meta_tau2_from_name(const char *s);
int meta_test_from_name(const char *s);

/* Write "<measure>.<method>.<test>" (e.g. "MD.REML.knha") into buf[size];
 * returns buf. */
char *meta_prefix(char *buf, size_t size, enum meta_measure m, enum meta_method e,
                  enum meta_test t);

/* "n1", "mean1", "sd1", "n2", "mean2", "sd2", "yi", "vi", "x", "group"; ""
 * for META_F_NONE. */
const char *meta_field_name(enum meta_field f);
/* A static one-line description of a status code; never NULL. */
const char *meta_strerror(int status);
/* A one-line message for *err such as "study 3: sd1 is 0 (must be > 0)"
 * (1-based study) into buf[size]; returns buf. */
char *meta_error_message(const struct meta_error *err, char *buf, size_t size);

#endif
