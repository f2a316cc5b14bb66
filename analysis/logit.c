/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Logistic regression of a binary response on one predictor, with cluster-robust SEs. */
#include "logit.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#define Z_975 1.959963984540054
#define MAX_P (2 + LOGIT_MAX_STUDIES - 1)
#define MAX_ITER 100
/* R's glm.fit warns "fitted probabilities numerically 0 or 1" below this. */
#define MU_EPS (10.0 * DBL_EPSILON)

const char *logit_strerror(int status)
{
	switch (status) {
	case LOGIT_OK:             return "ok";
	case LOGIT_INVALID:        return "invalid arguments";
	case LOGIT_BAD_VALUE:      return "a predictor value is not finite, a response is not 0/1, or a study level is out of range";
	case LOGIT_ONE_CLASS:      return "all responses are the same: nothing to model";
	case LOGIT_TOO_FEW:        return "too few observations: need at least 10, with 2 of each response";
	case LOGIT_SEPARATION:     return "the responses are (quasi-)completely separated by the predictor: the estimates do not exist";
	case LOGIT_SINGULAR:       return "the predictor is constant or collinear with the study term";
	case LOGIT_NO_CONVERGENCE: return "the logistic fit did not converge";
	case LOGIT_NOMEM:          return "out of memory";
	default:                   return "unknown logistic regression error";
	}
}

static double expit(double eta)
{
	return eta >= 0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
}

static double two_sided_p(double z)
{
	return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
}

/* Deviance contribution of one 0/1 observation with fitted mu. */
static double dev_term(double y, double mu)
{
	return y > 0.5 ? -2.0 * log(mu) : -2.0 * log1p(-mu);
}

/*
 * Invert the symmetric p x p matrix a (row-major) in place, or solve a b = r
 * when r is not NULL (then a is left decomposed and r overwritten with b).
 * The matrix is scaled to unit diagonal and given to GSL's modified Cholesky,
 * which never calls the GSL error handler: a matrix that is not numerically
 * positive definite gets a perturbation, and that is our singularity test.
 * Returns 0, LOGIT_SINGULAR or LOGIT_NOMEM.
 */
static int spd_inverse(double *a, int p, double *r)
{
	double s[MAX_P];
	for (int i = 0; i < p; i++) {
		if (!(a[i * p + i] > 0) || !isfinite(a[i * p + i]))
			return LOGIT_SINGULAR;
		s[i] = 1.0 / sqrt(a[i * p + i]);
	}
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++)
			a[i * p + j] *= s[i] * s[j];

	gsl_matrix_view A = gsl_matrix_view_array(a, (size_t)p, (size_t)p);
	gsl_permutation *perm = gsl_permutation_alloc((size_t)p);
	gsl_vector *E = gsl_vector_alloc((size_t)p);
	gsl_matrix *inv = gsl_matrix_alloc((size_t)p, (size_t)p);
	int st = 0;
	if (!perm || !E || !inv) {
		st = LOGIT_NOMEM;
		goto out;
	}
	gsl_linalg_mcholesky_decomp(&A.matrix, perm, E);
	for (int i = 0; i < p; i++)
		if (gsl_vector_get(E, (size_t)i) != 0.0) {
			st = LOGIT_SINGULAR;
			goto out;
		}
	/* Condition: the Cholesky diagonal of a unit-diagonal matrix. */
	double dmin = INFINITY, dmax = 0;
	for (int i = 0; i < p; i++) {
		double d = gsl_matrix_get(&A.matrix, (size_t)i, (size_t)i);
		dmin = fmin(dmin, d);
		dmax = fmax(dmax, d);
	}
	if (!(dmin > 1e-10 * dmax)) {
		st = LOGIT_SINGULAR;
		goto out;
	}
	if (r) {
		for (int i = 0; i < p; i++)
			r[i] *= s[i];
		gsl_vector_view rv = gsl_vector_view_array(r, (size_t)p);
		gsl_linalg_mcholesky_svx(&A.matrix, perm, &rv.vector);
		for (int i = 0; i < p; i++)
			r[i] *= s[i];
	} else {
		gsl_linalg_mcholesky_invert(&A.matrix, perm, inv);
		for (int i = 0; i < p; i++)
			for (int j = 0; j < p; j++)
				a[i * p + j] = gsl_matrix_get(inv, (size_t)i, (size_t)j) * s[i] * s[j];
	}
out:
	gsl_matrix_free(inv);
	gsl_vector_free(E);
	gsl_permutation_free(perm);
	return st;
}

/* A model for irls(): n rows of the p-column design X (row-major), 0/1
 * responses y, optional offset. */
struct irls_model {
	size_t n;
	int p;
	const double *X;
	const double *y;
	const double *offset; /* NULL: none */
};

/* Fitted state: beta, the inverse information at beta, deviance. */
struct irls_fit {
	double beta[MAX_P];
	double cov[MAX_P * MAX_P];
	double dev;
	int iter;
};

static void linpred(const struct irls_model *m, const double *beta, double *eta)
{
	for (size_t i = 0; i < m->n; i++) {
		const double *xi = m->X + i * (size_t)m->p;
		double e = m->offset ? m->offset[i] : 0.0;
		for (int j = 0; j < m->p; j++)
			e += xi[j] * beta[j];
		eta[i] = e;
	}
}

static double deviance(const struct irls_model *m, const double *eta)
{
	double d = 0;
	for (size_t i = 0; i < m->n; i++)
		d += dev_term(m->y[i], expit(eta[i]));
	return d;
}

/*
 * Weighted least squares step of IRLS at the linear predictor eta: the new
 * beta solves (X'WX) beta = X'W z, z = eta - offset + (y - mu) / w.
 */
static int irls_step(const struct irls_model *m, const double *eta, double *beta)
{
	int p = m->p;
	double a[MAX_P * MAX_P] = { 0 }, r[MAX_P] = { 0 };
	for (size_t i = 0; i < m->n; i++) {
		const double *xi = m->X + i * (size_t)p;
		double mu = expit(eta[i]);
		double w = mu * (1.0 - mu);
		if (!(w > 0))
			return LOGIT_SEPARATION;
		double z = eta[i] - (m->offset ? m->offset[i] : 0.0) + (m->y[i] - mu) / w;
		for (int j = 0; j < p; j++) {
			r[j] += w * xi[j] * z;
			for (int k = 0; k <= j; k++)
				a[j * p + k] += w * xi[j] * xi[k];
		}
	}
	for (int j = 0; j < p; j++)
		for (int k = j + 1; k < p; k++)
			a[j * p + k] = a[k * p + j];
	int st = spd_inverse(a, p, r);
	if (st)
		return st;
	memcpy(beta, r, (size_t)p * sizeof *beta);
	return 0;
}

/* Inverse Fisher information X'WX at beta. */
static int information_inverse(const struct irls_model *m, const double *eta, double *cov)
{
	int p = m->p;
	memset(cov, 0, (size_t)(p * p) * sizeof *cov);
	for (size_t i = 0; i < m->n; i++) {
		const double *xi = m->X + i * (size_t)p;
		double mu = expit(eta[i]);
		double w = mu * (1.0 - mu);
		for (int j = 0; j < p; j++)
			for (int k = 0; k <= j; k++)
				cov[j * p + k] += w * xi[j] * xi[k];
	}
	for (int j = 0; j < p; j++)
		for (int k = j + 1; k < p; k++)
			cov[j * p + k] = cov[k * p + j];
	return spd_inverse(cov, p, NULL);
}

/*
 * IRLS as R's glm.fit: start from mu = (y + 0.5) / 2, iterate weighted least
 * squares until |dev - dev_old| / (|dev| + 0.1) < 1e-13, halving the step
 * when the deviance increases. eta is scratch of n doubles and holds the
 * final linear predictor.
 */
static int irls(const struct irls_model *m, double *eta, struct irls_fit *f)
{
	int p = m->p;
	for (size_t i = 0; i < m->n; i++) {
		double mu = (m->y[i] + 0.5) / 2.0;
		eta[i] = log(mu / (1.0 - mu)) + (m->offset ? m->offset[i] : 0.0);
	}
	double beta[MAX_P], prev[MAX_P];
	double dev_old = INFINITY;
	bool have_prev = false;
	for (int it = 1; it <= MAX_ITER; it++) {
		int st = irls_step(m, eta, beta);
		if (st)
			return st;
		linpred(m, beta, eta);
		double dev = deviance(m, eta);
		/* Halve the step while the deviance is not finite or rose by more
		 * than rounding. */
		for (int h = 0; have_prev && h < 60 &&
		                (!isfinite(dev) || dev > dev_old + 1e-12 * (fabs(dev_old) + 0.1));
		     h++) {
			for (int j = 0; j < p; j++)
				beta[j] = 0.5 * (beta[j] + prev[j]);
			linpred(m, beta, eta);
			dev = deviance(m, eta);
		}
		for (int j = 0; j < p; j++)
			if (!isfinite(beta[j]))
				return LOGIT_NO_CONVERGENCE;
		if (!isfinite(dev))
			return LOGIT_NO_CONVERGENCE;
		memcpy(prev, beta, sizeof beta);
		have_prev = true;
		if (fabs(dev - dev_old) / (fabs(dev) + 0.1) < 1e-13) {
			memcpy(f->beta, beta, sizeof beta);
			f->dev = dev;
			f->iter = it;
			return information_inverse(m, eta, f->cov);
		}
		dev_old = dev;
	}
	return LOGIT_NO_CONVERGENCE;
}

/* Map arbitrary cluster identifiers to 0..G-1. */
struct id_pos {
	long id;
	size_t pos;
};

static int cmp_id_pos(const void *a, const void *b)
{
	const struct id_pos *u = a, *v = b;
	if (u->id != v->id)
		return u->id < v->id ? -1 : 1;
	return u->pos < v->pos ? -1 : u->pos > v->pos;
}

static int compact_ids(const long *id, size_t n, size_t *out, size_t *G)
{
	struct id_pos *t = malloc(n * sizeof *t);
	if (!t)
		return LOGIT_NOMEM;
	for (size_t i = 0; i < n; i++)
		t[i] = (struct id_pos){ id[i], i };
	qsort(t, n, sizeof *t, cmp_id_pos);
	size_t g = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && t[i].id != t[i - 1].id)
			g++;
		out[t[i].pos] = g;
	}
	*G = n ? g + 1 : 0;
	free(t);
	return 0;
}

/*
 * The MLE exists unless the data are (quasi-)completely separated (Albert &
 * Anderson 1984). With per-study intercepts c_s and a common slope, a
 * separating direction is either a single-class study (slope 0) or a slope
 * of one sign separating every study: max x of the controls <= min x of the
 * cases in each study with both classes (or the mirror image).
 */
static bool separated(const double *x, const int *y, size_t n, const int *study, int ns)
{
	double lo[2][LOGIT_MAX_STUDIES], hi[2][LOGIT_MAX_STUDIES];
	for (int s = 0; s < ns; s++)
		for (int c = 0; c < 2; c++) {
			lo[c][s] = INFINITY;
			hi[c][s] = -INFINITY;
		}
	for (size_t i = 0; i < n; i++) {
		int s = study ? study[i] : 0, c = y[i];
		lo[c][s] = fmin(lo[c][s], x[i]);
		hi[c][s] = fmax(hi[c][s], x[i]);
	}
	bool up = true, down = true;
	for (int s = 0; s < ns; s++) {
		bool has0 = isfinite(lo[0][s]), has1 = isfinite(lo[1][s]);
		if (has0 != has1)
			return true;
		if (!has0)
			continue;
		if (!(hi[0][s] <= lo[1][s]))
			up = false;
		if (!(hi[1][s] <= lo[0][s]))
			down = false;
	}
	return up || down;
}

static void fill_coef(struct logit_coef *c, double est, double var)
{
	c->est = est;
	c->se = sqrt(var);
	c->z = est / c->se;
	c->pval = two_sided_p(c->z);
	c->ci_lb = est - Z_975 * c->se;
	c->ci_ub = est + Z_975 * c->se;
}

static void fill_coef_rob(struct logit_coef *c, double var)
{
	c->se_rob = sqrt(var);
	c->z_rob = c->est / c->se_rob;
	c->pval_rob = two_sided_p(c->z_rob);
	c->ci_lb_rob = c->est - Z_975 * c->se_rob;
	c->ci_ub_rob = c->est + Z_975 * c->se_rob;
}

static int fail(struct logit_result *out, int st, size_t n, size_t n1)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->n_events = n1;
	return st;
}

/* Calibration of lp on (y): intercept of y ~ offset(lp), slope of y ~ lp. */
static int calibration(const double *lp, const double *yd, size_t n, double *eta,
                       double *design, double *icpt, double *slope)
{
	struct irls_fit f;
	for (size_t i = 0; i < n; i++)
		design[i] = 1.0;
	struct irls_model m1 = { n, 1, design, yd, lp };
	int st = irls(&m1, eta, &f);
	if (st)
		return st;
	*icpt = f.beta[0];
	for (size_t i = 0; i < n; i++) {
		design[2 * i] = 1.0;
		design[2 * i + 1] = lp[i];
	}
	struct irls_model m2 = { n, 2, design, yd, NULL };
	st = irls(&m2, eta, &f);
	if (st)
		return st;
	*slope = f.beta[1];
	return 0;
}

int logit_fit(const double *x, const int *y, size_t n, const struct logit_options *opt,
              struct logit_result *out)
{
	if (!out)
		return LOGIT_INVALID;
	if (!x || !y)
		return fail(out, LOGIT_INVALID, 0, 0);
	struct logit_options none = { 0 };
	if (!opt)
		opt = &none;
	const int *study = opt->study && opt->n_study >= 2 ? opt->study : NULL;
	int ns = study ? opt->n_study : 1;
	if (ns > LOGIT_MAX_STUDIES || (opt->predict && study &&
	                               (opt->study0 < 0 || opt->study0 >= ns)))
		return fail(out, LOGIT_INVALID, 0, 0);

	size_t n1 = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]) || (y[i] != 0 && y[i] != 1))
			return fail(out, LOGIT_BAD_VALUE, 0, 0);
		if (study && (study[i] < 0 || study[i] >= ns))
			return fail(out, LOGIT_BAD_VALUE, 0, 0);
		n1 += (size_t)y[i];
	}
	if (opt->predict && !isfinite(opt->x0))
		return fail(out, LOGIT_BAD_VALUE, n, n1);
	if (n > 0 && (n1 == 0 || n1 == n))
		return fail(out, LOGIT_ONE_CLASS, n, n1);
	int p = 2 + ns - 1;
	if (n < LOGIT_MIN_N || n1 < LOGIT_MIN_PER_CLASS || n - n1 < LOGIT_MIN_PER_CLASS ||
	    n <= (size_t)p)
		return fail(out, LOGIT_TOO_FEW, n, n1);

	/* Rank: x must vary within some study; every level must occur. */
	{
		bool varies = false, seen[LOGIT_MAX_STUDIES] = { false };
		double first[LOGIT_MAX_STUDIES] = { 0 };
		for (size_t i = 0; i < n; i++) {
			int s = study ? study[i] : 0;
			if (!seen[s]) {
				seen[s] = true;
				first[s] = x[i];
			} else if (x[i] != first[s]) {
				varies = true;
			}
		}
		for (int s = 0; s < ns; s++)
			if (!seen[s])
				varies = false;
		if (!varies)
			return fail(out, LOGIT_SINGULAR, n, n1);
	}
	if (separated(x, y, n, study, ns))
		return fail(out, LOGIT_SEPARATION, n, n1);

	double *X = malloc(n * (size_t)p * sizeof *X);
	double *yd = malloc(n * sizeof *yd);
	double *eta = malloc(n * sizeof *eta);
	double *lp = malloc(n * sizeof *lp);
	size_t *cl = opt->cluster ? malloc(n * sizeof *cl) : NULL;
	double *meat = NULL;
	int st = 0;
	if (!X || !yd || !eta || !lp || (opt->cluster && !cl)) {
		st = LOGIT_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		double *xi = X + i * (size_t)p;
		xi[0] = 1.0;
		xi[1] = x[i];
		for (int s = 1; s < ns; s++)
			xi[1 + s] = study[i] == s ? 1.0 : 0.0;
		yd[i] = y[i];
	}
	struct irls_model m = { n, p, X, yd, NULL };
	struct irls_fit f;
	st = irls(&m, eta, &f);
	if (st)
		goto done;
	for (size_t i = 0; i < n; i++) {
		double mu = expit(eta[i]);
		if (mu < MU_EPS || mu > 1.0 - MU_EPS) {
			st = LOGIT_SEPARATION;
			goto done;
		}
	}

	memset(out, 0, sizeof *out);
	out->n = n;
	out->n_events = n1;
	out->n_params = p;
	out->iterations = f.iter;
	out->n_study = study ? ns : 0;
	fill_coef(&out->b0, f.beta[0], f.cov[0]);
	fill_coef(&out->b1, f.beta[1], f.cov[p + 1]);
	for (int s = 1; s < ns; s++)
		fill_coef(&out->study[s], f.beta[1 + s], f.cov[(1 + s) * p + 1 + s]);
	out->or_b1 = exp(out->b1.est);
	out->or_b1_ci_lb = exp(out->b1.ci_lb);
	out->or_b1_ci_ub = exp(out->b1.ci_ub);
	out->deviance = f.dev;
	double pbar = (double)n1 / (double)n;
	out->null_deviance = -2.0 * ((double)n1 * log(pbar) + (double)(n - n1) * log1p(-pbar));
	out->aic = f.dev + 2.0 * p;
	double brier = 0;
	for (size_t i = 0; i < n; i++) {
		double r = yd[i] - expit(eta[i]);
		brier += r * r;
	}
	out->brier = brier / (double)n;

	/* Cluster-robust sandwich, CR0 with G / (G - 1). */
	double vrob[MAX_P * MAX_P];
	if (cl) {
		size_t G;
		st = compact_ids(opt->cluster, n, cl, &G);
		if (st)
			goto done;
		out->n_clusters = G;
		if (G >= 2) {
			meat = calloc(G * (size_t)p, sizeof *meat);
			if (!meat) {
				st = LOGIT_NOMEM;
				goto done;
			}
			for (size_t i = 0; i < n; i++) {
				double r = yd[i] - expit(eta[i]);
				for (int j = 0; j < p; j++)
					meat[cl[i] * (size_t)p + j] += X[i * (size_t)p + j] * r;
			}
			double M[MAX_P * MAX_P] = { 0 };
			for (size_t g = 0; g < G; g++)
				for (int j = 0; j < p; j++)
					for (int k = 0; k < p; k++)
						M[j * p + k] += meat[g * (size_t)p + j] * meat[g * (size_t)p + k];
			double BM[MAX_P * MAX_P] = { 0 };
			for (int j = 0; j < p; j++)
				for (int k = 0; k < p; k++)
					for (int l = 0; l < p; l++)
						BM[j * p + k] += f.cov[j * p + l] * M[l * p + k];
			double c = (double)G / (double)(G - 1);
			for (int j = 0; j < p; j++)
				for (int k = 0; k < p; k++) {
					double v = 0;
					for (int l = 0; l < p; l++)
						v += BM[j * p + l] * f.cov[l * p + k];
					vrob[j * p + k] = c * v;
				}
			out->robust = true;
			fill_coef_rob(&out->b0, vrob[0]);
			fill_coef_rob(&out->b1, vrob[p + 1]);
			for (int s = 1; s < ns; s++)
				fill_coef_rob(&out->study[s], vrob[(1 + s) * p + 1 + s]);
			out->or_b1_ci_lb_rob = exp(out->b1.ci_lb_rob);
			out->or_b1_ci_ub_rob = exp(out->b1.ci_ub_rob);
		}
	}

	if (opt->predict) {
		double c[MAX_P] = { 1.0, opt->x0 };
		if (study && opt->study0 >= 1)
			c[1 + opt->study0] = 1.0;
		const double *V = out->robust ? vrob : f.cov;
		double e = 0, v = 0;
		for (int j = 0; j < p; j++) {
			e += c[j] * f.beta[j];
			for (int k = 0; k < p; k++)
				v += c[j] * V[j * p + k] * c[k];
		}
		out->has_pred = true;
		out->pred_robust = out->robust;
		out->pred_x0 = opt->x0;
		out->pred_eta = e;
		out->pred_eta_se = sqrt(fmax(v, 0.0));
		out->pred_p = expit(e);
		out->pred_ci_lb = expit(e - Z_975 * out->pred_eta_se);
		out->pred_ci_ub = expit(e + Z_975 * out->pred_eta_se);
	}

	memcpy(lp, eta, n * sizeof *lp);
	st = calibration(lp, yd, n, eta, X, &out->calib_intercept, &out->calib_slope);
done:
	free(meat);
	free(cl);
	free(lp);
	free(eta);
	free(yd);
	free(X);
	if (st)
		return fail(out, st, n, n1);
	return LOGIT_OK;
}

int logit_fit_grouped(const double *v, const double *ncase, const double *nctrl, size_t m,
                      const double *mu_start, double beta[2])
{
	if (!v || !ncase || !nctrl || !beta)
		return LOGIT_INVALID;
	double lo1 = INFINITY, hi1 = -INFINITY, lo0 = INFINITY, hi0 = -INFINITY;
	for (size_t j = 0; j < m; j++) {
		if (ncase[j] > 0) {
			lo1 = fmin(lo1, v[j]);
			hi1 = fmax(hi1, v[j]);
		}
		if (nctrl[j] > 0) {
			lo0 = fmin(lo0, v[j]);
			hi0 = fmax(hi0, v[j]);
		}
	}
	if (!isfinite(lo1) || !isfinite(lo0))
		return LOGIT_ONE_CLASS;
	if (fmin(lo1, lo0) == fmax(hi1, hi0))
		return LOGIT_SINGULAR;
	if (hi1 <= lo0 || hi0 <= lo1)
		return LOGIT_SEPARATION;

	/* Damped Newton: the Newton decrement g' H^-1 g must shrink; if it grows
	 * the previous step overshot and is halved. No logarithms needed. */
	double b[2] = { beta[0], beta[1] }, prev[2] = { beta[0], beta[1] }, step[2] = { 0, 0 };
	double lam_prev = INFINITY;
	int halvings = 0;
	for (int it = 0; it < 200; it++) {
		double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
		for (size_t j = 0; j < m; j++) {
			double c = ncase[j], k = nctrl[j], t = c + k;
			if (!(t > 0))
				continue;
			double mu = it == 0 && mu_start ? mu_start[j] : expit(b[0] + b[1] * v[j]);
			double r = c - t * mu, w = t * mu * (1.0 - mu);
			g0 += r;
			g1 += r * v[j];
			h00 += w;
			h01 += w * v[j];
			h11 += w * v[j] * v[j];
		}
		double det = h00 * h11 - h01 * h01;
		if (!(det > 1e-300) || !isfinite(det))
			return LOGIT_NO_CONVERGENCE;
		double s0 = (h11 * g0 - h01 * g1) / det, s1 = (h00 * g1 - h01 * g0) / det;
		double lam = g0 * s0 + g1 * s1;
		if (lam > lam_prev && lam > 1e-24 && halvings < 40) {
			step[0] *= 0.5;
			step[1] *= 0.5;
			b[0] = prev[0] + step[0];
			b[1] = prev[1] + step[1];
			halvings++;
			continue;
		}
		halvings = 0;
		lam_prev = lam;
		prev[0] = b[0];
		prev[1] = b[1];
		step[0] = s0;
		step[1] = s1;
		b[0] += s0;
		b[1] += s1;
		if (!isfinite(b[0]) || !isfinite(b[1]) || fabs(b[1]) > 1e8)
			return LOGIT_NO_CONVERGENCE;
		/* Quadratic convergence: after a step of 1e-6 the error is ~1e-12. */
		if (fabs(s0) <= 1e-6 * (1.0 + fabs(b[0])) && fabs(s1) <= 1e-6 * (1.0 + fabs(b[1]))) {
			beta[0] = b[0];
			beta[1] = b[1];
			return LOGIT_OK;
		}
	}
	return LOGIT_NO_CONVERGENCE;
}

void logit_emit(const struct logit_result *r,
                void (*emit)(void *ctx, const char *method, const char *stat, double value),
                void *ctx)
{
	static const char *const names[2][6] = {
		{ "b0", "b0_se", "b0_z", "b0_pval", "b0_ci_lb", "b0_ci_ub" },
		{ "b1", "b1_se", "b1_z", "b1_pval", "b1_ci_lb", "b1_ci_ub" },
	};
	const struct logit_coef *c[2] = { &r->b0, &r->b1 };
	for (int k = 0; k < 2; k++) {
		const double v[6] = { c[k]->est, c[k]->se, c[k]->z, c[k]->pval, c[k]->ci_lb, c[k]->ci_ub };
		for (int j = 0; j < 6; j++)
			emit(ctx, "logit", names[k][j], v[j]);
	}
	emit(ctx, "logit", "or_b1", r->or_b1);
	emit(ctx, "logit", "or_b1_ci_lb", r->or_b1_ci_lb);
	emit(ctx, "logit", "or_b1_ci_ub", r->or_b1_ci_ub);
	emit(ctx, "logit", "deviance", r->deviance);
	emit(ctx, "logit", "null_deviance", r->null_deviance);
}

void logit_emit_extra(const struct logit_result *r,
                      void (*emit)(void *ctx, const char *method, const char *stat, double value),
                      void *ctx)
{
	emit(ctx, "logit_fit", "n", (double)r->n);
	emit(ctx, "logit_fit", "n_events", (double)r->n_events);
	emit(ctx, "logit_fit", "iterations", r->iterations);
	emit(ctx, "logit_fit", "aic", r->aic);
	emit(ctx, "logit_fit", "brier", r->brier);
	emit(ctx, "logit_fit", "calib_intercept", r->calib_intercept);
	emit(ctx, "logit_fit", "calib_slope", r->calib_slope);
	if (r->robust) {
		static const char *const names[2][5] = {
			{ "b0_se", "b0_z", "b0_pval", "b0_ci_lb", "b0_ci_ub" },
			{ "b1_se", "b1_z", "b1_pval", "b1_ci_lb", "b1_ci_ub" },
		};
		const struct logit_coef *c[2] = { &r->b0, &r->b1 };
		emit(ctx, "logit_robust", "n_clusters", (double)r->n_clusters);
		for (int k = 0; k < 2; k++) {
			const double v[5] = { c[k]->se_rob, c[k]->z_rob, c[k]->pval_rob, c[k]->ci_lb_rob,
			                      c[k]->ci_ub_rob };
			for (int j = 0; j < 5; j++)
				emit(ctx, "logit_robust", names[k][j], v[j]);
		}
		emit(ctx, "logit_robust", "or_b1_ci_lb", r->or_b1_ci_lb_rob);
		emit(ctx, "logit_robust", "or_b1_ci_ub", r->or_b1_ci_ub_rob);
	}
	/* Level names come from a fixed table: emit borrows static strings. */
	static const char *const bnames[] = {
		"b.0", "b.1", "b.2", "b.3", "b.4", "b.5", "b.6", "b.7", "b.8", "b.9", "b.10",
		"b.11", "b.12", "b.13", "b.14", "b.15", "b.16", "b.17", "b.18", "b.19", "b.20",
		"b.21", "b.22", "b.23", "b.24", "b.25", "b.26", "b.27", "b.28", "b.29", "b.30",
		"b.31", "b.32", "b.33", "b.34", "b.35", "b.36", "b.37", "b.38", "b.39", "b.40",
		"b.41", "b.42", "b.43", "b.44", "b.45", "b.46", "b.47", "b.48", "b.49", "b.50",
		"b.51", "b.52", "b.53", "b.54", "b.55", "b.56", "b.57", "b.58", "b.59", "b.60",
		"b.61", "b.62", "b.63",
	};
	static const char *const snames[] = {
		"se.0", "se.1", "se.2", "se.3", "se.4", "se.5", "se.6", "se.7", "se.8", "se.9", "se.10",
		"se.11", "se.12", "se.13", "se.14", "se.15", "se.16", "se.17", "se.18", "se.19", "se.20",
		"se.21", "se.22", "se.23", "se.24", "se.25", "se.26", "se.27", "se.28", "se.29", "se.30",
		"se.31", "se.32", "se.33", "se.34", "se.35", "se.36", "se.37", "se.38", "se.39", "se.40",
		"se.41", "se.42", "se.43", "se.44", "se.45", "se.46", "se.47", "se.48", "se.49", "se.50",
		"se.51", "se.52", "se.53", "se.54", "se.55", "se.56", "se.57", "se.58", "se.59", "se.60",
		"se.61", "se.62", "se.63",
	};
	_Static_assert(sizeof bnames / sizeof bnames[0] == LOGIT_MAX_STUDIES, "level names");
	_Static_assert(sizeof snames / sizeof snames[0] == LOGIT_MAX_STUDIES, "level names");
	for (int s = 1; s < r->n_study && s < LOGIT_MAX_STUDIES; s++) {
		emit(ctx, "logit_study", bnames[s], r->study[s].est);
		emit(ctx, "logit_study", snames[s], r->study[s].se);
	}
	if (r->has_pred) {
		emit(ctx, "logit_pred", "x0", r->pred_x0);
		emit(ctx, "logit_pred", "eta", r->pred_eta);
		emit(ctx, "logit_pred", "eta_se", r->pred_eta_se);
		emit(ctx, "logit_pred", "p", r->pred_p);
		emit(ctx, "logit_pred", "p_ci_lb", r->pred_ci_lb);
		emit(ctx, "logit_pred", "p_ci_ub", r->pred_ci_ub);
		emit(ctx, "logit_pred", "robust", r->pred_robust ? 1.0 : 0.0);
	}
}
