/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Meta-analysis of two-group summary data: effect sizes, pooling, heterogeneity, bias. */
#include "meta.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>

/* Iteration limits; convergence is judged relative to the data's scale. */
#define MAX_ITER 1000
/* metafor's ll0check tolerance, .Machine$double.eps^0.25 */
#define LL0_TOL 1.220703125e-4

/* ------------------------------------------------------------------------
 * Names and errors
 * ---------------------------------------------------------------------- */

static const char *const measure_names[META_N_MEASURES] = { "MD", "SMD" };
static const char *const method_names[META_N_METHODS] = { "FE", "DL", "REML", "PM" };
static const char *const test_names[META_N_TESTS] = { "z", "knha" };

const char *meta_measure_name(enum meta_measure m)
{
	return (unsigned)m < META_N_MEASURES ? measure_names[m] : "?";
}

const char *meta_tau2_name(enum meta_method m)
{
	return (unsigned)m < META_N_METHODS ? method_names[m] : "?";
}

const char *meta_test_name(enum meta_test t)
{
	return (unsigned)t < META_N_TESTS ? test_names[t] : "?";
}

static int find_name(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

int meta_measure_from_name(const char *s) { return find_name(s, measure_names, META_N_MEASURES); }
int meta_tau2_from_name(const char *s) { return find_name(s, method_names, META_N_METHODS); }
int meta_test_from_name(const char *s) { return find_name(s, test_names, META_N_TESTS); }

char *meta_prefix(char *buf, size_t size, enum meta_measure m, enum meta_method e,
                  enum meta_test t)
{
	if (buf && size)
		snprintf(buf, size, "%s.%s.%s", meta_measure_name(m), meta_tau2_name(e),
		         meta_test_name(t));
	return buf;
}

const char *meta_field_name(enum meta_field f)
{
	switch (f) {
	case META_F_N1:    return "n1";
	case META_F_MEAN1: return "mean1";
	case META_F_SD1:   return "sd1";
	case META_F_N2:    return "n2";
	case META_F_MEAN2: return "mean2";
	case META_F_SD2:   return "sd2";
	case META_F_YI:    return "yi";
	case META_F_VI:    return "vi";
	case META_F_X:     return "x";
	case META_F_GROUP: return "group";
	default:           return "";
	}
}

const char *meta_strerror(int status)
{
	switch (status) {
	case META_OK:             return "ok";
	case META_INVALID:        return "invalid arguments";
	case META_NOMEM:          return "out of memory";
	case META_TOO_FEW:        return "not enough studies for this analysis";
	case META_BAD_N:          return "sample size must be a number of at least 2";
	case META_BAD_SD:         return "standard deviation must be a number greater than 0";
	case META_BAD_VALUE:      return "value must be a finite number";
	case META_BAD_VARIANCE:   return "sampling variance must be a number greater than 0";
	case META_NO_CONVERGENCE: return "the tau^2 estimator did not converge";
	case META_BAD_GROUP:      return "subgroup out of range, or a subgroup without studies";
	case META_SINGULAR:       return "the covariate is the same in every study";
	case META_OVERFLOW:       return "the values are too large or too small to pool (overflow)";
	default:                  return "unknown meta-analysis error";
	}
}

char *meta_error_message(const struct meta_error *err, char *buf, size_t size)
{
	if (!buf || !size)
		return buf;
	if (!err) {
		snprintf(buf, size, "%s", meta_strerror(META_INVALID));
		return buf;
	}
	const char *need = NULL;
	switch (err->code) {
	case META_BAD_N:        need = "must be at least 2"; break;
	case META_BAD_SD:       need = "must be > 0"; break;
	case META_BAD_VALUE:    need = "must be a finite number"; break;
	case META_BAD_VARIANCE: need = "must be > 0"; break;
	case META_BAD_GROUP:    need = "is not a valid subgroup"; break;
	default: break;
	}
	if (err->study >= 0 && need && err->field != META_F_NONE)
		snprintf(buf, size, "study %ld: %s is %g (%s)", err->study + 1,
		         meta_field_name(err->field), err->value, need);
	else if (err->study >= 0)
		snprintf(buf, size, "study %ld: %s", err->study + 1, meta_strerror(err->code));
	else
		snprintf(buf, size, "%s", meta_strerror(err->code));
	return buf;
}

static int fail(struct meta_error *err, int code, long study, enum meta_field f, double value)
{
	if (err) {
		err->code = code;
		err->study = study;
		err->field = f;
		err->value = value;
	}
	return code;
}

static int succeed(struct meta_error *err)
{
	return fail(err, META_OK, -1, META_F_NONE, NAN);
}

static int get_options(const struct meta_options *opt, struct meta_options *o)
{
	if (opt)
		*o = *opt;
	else
		*o = (struct meta_options){ .method = META_REML, .test = META_Z };
	if (o->level == 0)
		o->level = 0.95;
	if ((unsigned)o->method >= META_N_METHODS || (unsigned)o->test >= META_N_TESTS ||
	    !(o->level > 0 && o->level < 1))
		return META_INVALID;
	return META_OK;
}

static int check_data(const double *yi, const double *vi, size_t k, size_t kmin,
                      struct meta_error *err)
{
	if (!yi || !vi)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	if (k < kmin)
		return fail(err, META_TOO_FEW, -1, META_F_NONE, (double)k);
	for (size_t i = 0; i < k; i++) {
		if (!isfinite(yi[i]))
			return fail(err, META_BAD_VALUE, (long)i, META_F_YI, yi[i]);
		if (!(vi[i] > 0) || !isfinite(vi[i]))
			return fail(err, META_BAD_VARIANCE, (long)i, META_F_VI, vi[i]);
	}
	return META_OK;
}

int meta_study_check(double yi, double vi, size_t k, struct meta_error *err)
{
	if (!isfinite(yi))
		return fail(err, META_BAD_VALUE, -1, META_F_YI, yi);
	if (!(vi > 0) || !isfinite(vi))
		return fail(err, META_BAD_VARIANCE, -1, META_F_VI, vi);
	/* w k, and w y^2 k (Q's terms), with room for the spread of the effects */
	double n = (double)(k ? k : 1), w = 1 / vi;
	if (!isfinite(w * n * 16) || !isfinite(w * yi * yi * n * 16))
		return fail(err, META_OVERFLOW, -1, META_F_VI, vi);
	return succeed(err);
}

/* ------------------------------------------------------------------------
 * Effect sizes
 * ---------------------------------------------------------------------- */

/* metafor's .cmicalc: the exact small-sample correction of Hedges' g. */
static double hedges_c(double m)
{
	return exp(lgamma(m / 2) - 0.5 * log(m / 2) - lgamma((m - 1) / 2));
}

int meta_escalc(enum meta_measure measure, const struct meta_study *s, size_t k,
                double *yi, double *vi, struct meta_error *err)
{
	if (!s || !yi || !vi || (unsigned)measure >= META_N_MEASURES)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	if (k == 0)
		return fail(err, META_TOO_FEW, -1, META_F_NONE, 0);
	for (size_t i = 0; i < k; i++) {
		const struct meta_study *t = &s[i];
		const struct { double v; enum meta_field f; int code; } chk[] = {
			{ t->n1, META_F_N1, META_BAD_N },
			{ t->mean1, META_F_MEAN1, META_BAD_VALUE },
			{ t->sd1, META_F_SD1, META_BAD_SD },
			{ t->n2, META_F_N2, META_BAD_N },
			{ t->mean2, META_F_MEAN2, META_BAD_VALUE },
			{ t->sd2, META_F_SD2, META_BAD_SD },
		};
		for (size_t j = 0; j < sizeof chk / sizeof chk[0]; j++) {
			double v = chk[j].v;
			bool bad = !isfinite(v) || (chk[j].code == META_BAD_N && v < 2) ||
			           (chk[j].code == META_BAD_SD && !(v > 0));
			if (bad)
				return fail(err, chk[j].code, (long)i, chk[j].f, v);
		}
		double d = t->mean1 - t->mean2, v1 = t->sd1 * t->sd1, v2 = t->sd2 * t->sd2;
		if (measure == META_MD) {
			yi[i] = d;
			vi[i] = v1 / t->n1 + v2 / t->n2;
		} else {
			double m = t->n1 + t->n2 - 2;
			double sp = sqrt(((t->n1 - 1) * v1 + (t->n2 - 1) * v2) / m);
			yi[i] = hedges_c(m) * d / sp;
			vi[i] = 1 / t->n1 + 1 / t->n2 + yi[i] * yi[i] / (2 * (t->n1 + t->n2));
		}
	}
	return succeed(err);
}

/* ------------------------------------------------------------------------
 * Weighted least squares for X = [1] or [1 x] with weights 1/(v + tau2)
 * ---------------------------------------------------------------------- */

struct data {
	const double *y, *v, *x; /* x NULL: intercept only */
	size_t k;
	int p;       /* columns of X: 1 or 2 */
	double vbar; /* mean sampling variance: the scale for convergence */
};

struct wls {
	double sw;            /* sum of the weights */
	double b0, b1;        /* coefficients (b1 = 0 for p = 1) */
	double a00, a01, a11; /* (X'WX)^-1 */
	double logdet;        /* log det X'WX */
	double Q, yPPy;       /* y'Py = sum w e^2, y'PPy = sum (w e)^2 */
	double trP, trPP;     /* traces of P = W - WX(X'WX)^-1X'W and PP (if asked) */
};

static struct data data_init(const double *y, const double *v, const double *x, size_t k)
{
	struct data d = { y, v, x, k, x ? 2 : 1, 0 };
	for (size_t i = 0; i < k; i++)
		d.vbar += v[i];
	d.vbar /= (double)k;
	return d;
}

static void wls(const struct data *d, double tau2, bool traces, struct wls *r)
{
	double sw = 0, swx = 0, swxx = 0, swy = 0, swxy = 0;
	for (size_t i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + tau2), y = d->y[i];
		sw += w;
		swy += w * y;
		if (d->x) {
			double x = d->x[i];
			swx += w * x;
			swxx += w * x * x;
			swxy += w * x * y;
		}
	}
	r->sw = sw;
	if (!d->x) {
		r->a00 = 1 / sw;
		r->a01 = r->a11 = r->b1 = 0;
		r->b0 = swy / sw;
		r->logdet = log(sw);
	} else {
		double det = sw * swxx - swx * swx;
		r->a00 = swxx / det;
		r->a01 = -swx / det;
		r->a11 = sw / det;
		r->b0 = r->a00 * swy + r->a01 * swxy;
		r->b1 = r->a01 * swy + r->a11 * swxy;
		r->logdet = log(det);
	}
	double Q = 0, yPPy = 0, s2[3] = { 0 }, s3[3] = { 0 };
	for (size_t i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + tau2), x = d->x ? d->x[i] : 0;
		double e = d->y[i] - r->b0 - r->b1 * x, we = w * e;
		Q += we * e;
		yPPy += we * we;
		if (traces) {
			double w2 = w * w, w3 = w2 * w;
			s2[0] += w2, s2[1] += w2 * x, s2[2] += w2 * x * x;
			s3[0] += w3, s3[1] += w3 * x, s3[2] += w3 * x * x;
		}
	}
	r->Q = Q;
	r->yPPy = yPPy;
	if (traces) {
		/* tr P = sum w - tr(A^-1 B2); tr PP = sum w^2 - 2 tr(A^-1 B3) +
		 * tr((A^-1 B2)^2), with A = X'WX, Bj = X'W^jX. */
		double a00 = r->a00, a01 = r->a01, a11 = r->a11;
		double t2 = a00 * s2[0] + 2 * a01 * s2[1] + a11 * s2[2];
		double t3 = a00 * s3[0] + 2 * a01 * s3[1] + a11 * s3[2];
		double m00 = a00 * s2[0] + a01 * s2[1], m01 = a00 * s2[1] + a01 * s2[2];
		double m10 = a01 * s2[0] + a11 * s2[1], m11 = a01 * s2[1] + a11 * s2[2];
		r->trP = sw - t2;
		r->trPP = s2[0] - 2 * t3 + m00 * m00 + 2 * m01 * m10 + m11 * m11;
	}
}

/* ------------------------------------------------------------------------
 * tau^2 estimators (metafor rma.uni), all truncated at 0
 * ---------------------------------------------------------------------- */

static double tau2_dl(const struct data *d)
{
	struct wls r;
	wls(d, 0, true, &r);
	double t = (r.Q - (double)(d->k - (size_t)d->p)) / r.trP;
	return t > 0 ? t : 0;
}

/* Hedges' estimator (metafor's REML starting value): OLS residual sum of
 * squares minus tr(PV), over k - p. */
static double tau2_he(const struct data *d)
{
	double n = (double)d->k, sx = 0, sxx = 0, sy = 0, sxy = 0, sv = 0, svx = 0, svxx = 0;
	for (size_t i = 0; i < d->k; i++) {
		double x = d->x ? d->x[i] : 0, v = d->v[i];
		sx += x, sxx += x * x, sy += d->y[i], sxy += x * d->y[i];
		sv += v, svx += v * x, svxx += v * x * x;
	}
	double a00 = 1 / n, a01 = 0, a11 = 0, b0 = sy / n, b1 = 0;
	if (d->x) {
		double det = n * sxx - sx * sx;
		a00 = sxx / det, a01 = -sx / det, a11 = n / det;
		b0 = a00 * sy + a01 * sxy, b1 = a01 * sy + a11 * sxy;
	}
	double rss = 0;
	for (size_t i = 0; i < d->k; i++) {
		double e = d->y[i] - b0 - b1 * (d->x ? d->x[i] : 0);
		rss += e * e;
	}
	double trpv = sv - (a00 * sv + 2 * a01 * svx + a11 * svxx);
	return (rss - trpv) / (n - d->p);
}

/* Solve Q(tau2) = target from start, where Q(start) >= target. Q is
 * decreasing and convex in tau2 (dQ = -y'PPy, d2Q = 2 y'PPPy >= 0), so Newton
 * steps from the left rise monotonically to the root, however far it is. */
static int solve_q(const struct data *d, double target, double start, double *root, int *iter)
{
	double t = start;
	for (int it = 1; it <= MAX_ITER; it++) {
		struct wls r;
		wls(d, t, false, &r);
		double f = r.Q - target;
		if (!(f > 0) || !(r.yPPy > 0)) {
			*root = t;
			*iter = it;
			return META_OK;
		}
		double step = f / r.yPPy;
		t += step;
		if (step <= 1e-13 * t + 1e-16 * d->vbar) {
			*root = t;
			*iter = it;
			return META_OK;
		}
	}
	return META_NO_CONVERGENCE;
}

static int tau2_pm(const struct data *d, double *tau2, int *iter)
{
	struct wls r;
	wls(d, 0, false, &r);
	double target = (double)(d->k - (size_t)d->p);
	*tau2 = 0;
	*iter = 0;
	if (r.Q < target)
		return META_OK;
	return solve_q(d, target, 0, tau2, iter);
}

static double reml_ll(const struct data *d, double tau2)
{
	struct wls r;
	wls(d, tau2, false, &r);
	double s = 0;
	for (size_t i = 0; i < d->k; i++)
		s += log(d->v[i] + tau2);
	return -0.5 * (s + r.logdet + r.Q);
}

/* The REML score d ll / d tau2 (times 2): y'PPy - tr P. */
static double reml_score(const struct data *d, double tau2)
{
	struct wls r;
	wls(d, tau2, true, &r);
	return r.yPPy - r.trP;
}

/* The negative REML log-likelihood for GSL's minimiser, finite everywhere
 * (GSL aborts on a non-finite function value). */
static double reml_negll(double tau2, void *ctx)
{
	double v = -reml_ll(ctx, tau2);
	return isfinite(v) ? v : DBL_MAX;
}

/* Brent's minimiser on [lo, hi] from mid, where -ll(mid) < -ll(lo) and
 * -ll(mid) < -ll(hi); the point found goes to *tau2. */
static int reml_brent(const struct data *d, double lo, double mid, double hi, double *tau2,
                      int *iter)
{
	gsl_function fn = { reml_negll, (void *)d };
	gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
	if (!m)
		return META_NOMEM;
	int rc = META_NO_CONVERGENCE;
	if (gsl_min_fminimizer_set(m, &fn, mid, lo, hi) == GSL_SUCCESS) {
		for (int it = 1; it <= 200; it++) {
			if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
				break;
			double a = gsl_min_fminimizer_x_lower(m), b = gsl_min_fminimizer_x_upper(m);
			*iter += 1;
			if (gsl_min_test_interval(a, b, 1e-15 * d->vbar, 1e-7) == GSL_SUCCESS) {
				*tau2 = gsl_min_fminimizer_x_minimum(m);
				rc = META_OK;
				break;
			}
		}
	}
	gsl_min_fminimizer_free(m);
	return rc;
}

/*
 * The fallback when Fisher scoring fails: the restricted likelihood on a
 * grid of tau2 from 0 to beyond where the score turns negative for good
 * (log-spaced, 12 decades), then Brent's minimiser of -ll within the two
 * grid intervals around the best grid point; the point found is polished by
 * bisection on the sign of the score where that brackets it.
 */
static int reml_bracketed(const struct data *d, double *tau2, int *iter)
{
	enum { NGRID = 241 };
	/* beyond the spread of the effects the score is negative */
	double ybar = 0, ss = 0, vmax = 0;
	for (size_t i = 0; i < d->k; i++)
		ybar += d->y[i] / (double)d->k;
	for (size_t i = 0; i < d->k; i++) {
		ss += (d->y[i] - ybar) * (d->y[i] - ybar);
		vmax = fmax(vmax, d->v[i]);
	}
	double hi = 10 * (ss + vmax + d->vbar);
	for (int j = 0; j < 200 && reml_score(d, hi) > 0; j++)
		hi *= 4;
	if (!isfinite(hi) || !(hi > 0))
		return META_NO_CONVERGENCE;
	double grid[NGRID], ll[NGRID];
	size_t best = 0;
	grid[0] = 0;
	for (size_t j = 1; j < NGRID; j++)
		grid[j] = hi * pow(10, -12.0 * (double)(NGRID - 1 - j) / (NGRID - 2));
	for (size_t j = 0; j < NGRID; j++) {
		ll[j] = reml_ll(d, grid[j]);
		if (!isfinite(ll[j]))
			return META_NO_CONVERGENCE;
		if (ll[j] > ll[best])
			best = j;
	}
	*iter += NGRID;
	double t = grid[best];
	if (best == 0) {
		/* at the boundary unless the score points inside, to a maximum
		 * below grid[1] */
		if (reml_score(d, 0) <= 0) {
			*tau2 = 0;
			return META_OK;
		}
		double mid = grid[1] / 2;
		for (int j = 0; j < 200 && !(reml_ll(d, mid) > ll[0]); j++)
			mid /= 2;
		if (!(reml_ll(d, mid) > ll[0]) || !(reml_ll(d, mid) > ll[1]))
			return META_NO_CONVERGENCE;
		int rc = reml_brent(d, 0, mid, grid[1], &t, iter);
		if (rc != META_OK)
			return rc;
	} else if (best < NGRID - 1 && ll[best] > ll[best - 1] && ll[best] > ll[best + 1]) {
		int rc = reml_brent(d, grid[best - 1], t, grid[best + 1], &t, iter);
		if (rc != META_OK)
			return rc;
	} else if (best == NGRID - 1) {
		return META_NO_CONVERGENCE; /* the score was negative there */
	}
	/* Brent locates a maximum to about sqrt(eps) of its width; the root of
	 * the score to the last digits. */
	double a = fmax(0, t * (1 - 1e-5)), b = t * (1 + 1e-5) + 1e-300;
	double sa = reml_score(d, a), sb = reml_score(d, b);
	if (sa > 0 && sb < 0) {
		for (int j = 0; j < 200 && b - a > 1e-15 * b; j++) {
			double c = a + (b - a) / 2, sc = reml_score(d, c);
			if (sc > 0)
				a = c;
			else
				b = c;
			*iter += 1;
		}
		t = a + (b - a) / 2;
	}
	*tau2 = t;
	return META_OK;
}

/*
 * REML by Fisher scoring from Hedges' estimate, as metafor, with two
 * safeguards: the step (y'PPy - tr P) / tr PP is halved while it would leave
 * tau2 < 0 (as metafor) and while it would lower the restricted likelihood
 * (damping); a local maximum worse than tau2 = 0 gives way to 0. Where the
 * scoring still fails (e.g. one study far more precise than the others),
 * the maximum is bracketed on a grid and found by Brent's method
 * (reml_bracketed).
 */
static int tau2_reml(const struct data *d, double *tau2, int *iter)
{
	double t = fmax(0, tau2_he(d)), ll = reml_ll(d, t);
	bool done = false;
	int it;
	for (it = 1; it <= MAX_ITER && isfinite(ll); it++) {
		struct wls r;
		wls(d, t, true, &r);
		double adj = (r.yPPy - r.trP) / r.trPP;
		if (!isfinite(adj))
			break;
		if (t + adj < 0) {
			if (t == 0) {
				done = true; /* at the boundary, the score points below it */
				break;
			}
			while (t + adj < 0)
				adj /= 2;
		}
		/* Damping. Fisher scoring overshoots where the observed
		 * information exceeds the expected one (up to twice it, and then
		 * it oscillates about the maximum for ever): where the score
		 * changes sign over the step, the secant root of the score
		 * replaces it. Then the step is halved while it would lower the
		 * likelihood. */
		double conv = 1e-12 * (t + d->vbar), s = r.yPPy - r.trP;
		double nt = t + adj, sn = reml_score(d, nt);
		if (isfinite(sn) && (sn < 0) != (s < 0) && s != sn) {
			adj *= s / (s - sn);
			nt = t + adj;
		}
		double nll = reml_ll(d, nt), tol = 1e-13 * (1 + fabs(ll));
		while (fabs(adj) > conv && !(nll >= ll - tol)) {
			adj /= 2;
			nt = t + adj;
			nll = reml_ll(d, nt);
		}
		if (fabs(adj) <= conv) {
			done = true;
			break;
		}
		t = nt;
		ll = nll;
	}
	*iter = it;
	if (!done) {
		*iter = 0;
		int rc = reml_bracketed(d, &t, iter);
		if (rc != META_OK)
			return rc;
	}
	/* Step halving approaches the boundary only geometrically: finish it. */
	if (t > 0 && t <= 1e-9 * d->vbar && reml_score(d, 0) <= 0)
		t = 0;
	if (t > 0 && reml_ll(d, 0) - reml_ll(d, t) > LL0_TOL)
		t = 0;
	*tau2 = t;
	return META_OK;
}

static int estimate_tau2(const struct data *d, enum meta_method m, double *tau2, int *iter)
{
	*tau2 = 0;
	*iter = 0;
	switch (m) {
	case META_DL:   *tau2 = tau2_dl(d); return META_OK;
	case META_REML: return tau2_reml(d, tau2, iter);
	case META_PM:   return tau2_pm(d, tau2, iter);
	default:        return META_OK;
	}
}

/* ------------------------------------------------------------------------
 * Pooling
 * ---------------------------------------------------------------------- */

static double crit_z(double level)
{
	return gsl_cdf_ugaussian_Qinv((1 - level) / 2);
}

static double crit_t(double level, double df)
{
	return gsl_cdf_tdist_Qinv((1 - level) / 2, df);
}

/*
 * Chi-square tails and quantiles. GSL's incomplete gamma function aborts from
 * about 3e6 df and its chi-square quantiles are wrong from about 5e4 df, so:
 * up to 1e6 df the GSL tails, with quantiles by Newton on them; beyond, the
 * Wilson-Hilferty approximation (quantiles within 1e-9 relative there).
 */
#define CHISQ_WH_DF 1e6

static double wh_z(double x, double df)
{
	double h = 2 / (9 * df);
	return (cbrt(x / df) - (1 - h)) / sqrt(h);
}

static double chisq_Q(double x, double df)
{
	return df <= CHISQ_WH_DF ? gsl_cdf_chisq_Q(x, df) : gsl_cdf_ugaussian_Q(wh_z(x, df));
}

static double chisq_P(double x, double df)
{
	return df <= CHISQ_WH_DF ? gsl_cdf_chisq_P(x, df) : gsl_cdf_ugaussian_P(wh_z(x, df));
}

/* The quantile with upper-tail (upper) or lower-tail probability a: from
 * Wilson-Hilferty (or, where that is not positive, from the small-x form
 * P(x) ~ (x/2)^(df/2) / Gamma(df/2 + 1)), Newton on the tail kept inside the
 * bracket of the iterates by bisection. */
static double chisq_quantile(double a, double df, bool upper)
{
	double h = 2 / (9 * df), c = 1 - h + gsl_cdf_ugaussian_Qinv(upper ? a : 1 - a) * sqrt(h);
	double x = c > 0 ? df * c * c * c : 2 * exp((log(a) + lgamma(df / 2 + 1)) * 2 / df);
	if (df > CHISQ_WH_DF)
		return x;
	double lo = 0, hi = INFINITY;
	for (int it = 0; it < 200; it++) {
		/* f increases with x and is 0 at the quantile */
		double f = upper ? a - chisq_Q(x, df) : chisq_P(x, df) - a;
		if (f == 0)
			break;
		if (f > 0)
			hi = x;
		else
			lo = x;
		double ldens = (df / 2 - 1) * log(x) - x / 2 - df / 2 * 0.6931471805599453 - lgamma(df / 2);
		double nx = x - f / exp(ldens);
		if (!(nx > lo && nx < hi))
			nx = isfinite(hi) ? (lo + hi) / 2 : 2 * x;
		bool done = fabs(nx - x) <= 1e-14 * x;
		x = nx;
		if (done)
			break;
	}
	return x;
}

/* Q-profile CI of tau2 (metafor confint.rma.uni, type "qp"), without an
 * upper limit on the search. */
static void qprofile(const struct data *d, double level, struct meta_fit *f)
{
	double df = (double)(d->k - 1), a = (1 - level) / 2;
	double cu = chisq_quantile(a, df, true), cl = chisq_quantile(a, df, false);
	struct wls r;
	wls(d, 0, false, &r);
	double lb = 0, ub = 0;
	int it;
	if (r.Q >= cl) {
		if (r.Q >= cu && solve_q(d, cu, 0, &lb, &it) != META_OK)
			return;
		if (solve_q(d, cl, lb, &ub, &it) != META_OK)
			return;
	}
	f->tau2_ci_lb = lb;
	f->tau2_ci_ub = ub;
	f->tau_ci_lb = sqrt(lb);
	f->tau_ci_ub = sqrt(ub);
	f->I2_ci_lb = 100 * lb / (f->vt + lb);
	f->I2_ci_ub = 100 * ub / (f->vt + ub);
	f->H2_ci_lb = 1 + lb / f->vt;
	f->H2_ci_ub = 1 + ub / f->vt;
}

/* Pool the studies of d into *f (all but f->weight); *var_z gets the
 * variance of the estimate before any Hartung-Knapp scaling. */
static int pool(const struct data *d, const struct meta_options *o, struct meta_fit *f,
                double *var_z)
{
	size_t k = d->k;
	double *weight = f->weight, nan = NAN;
	*f = (struct meta_fit){
		.method = o->method, .k = k, .df = nan, .vt = nan, .knha_q = nan,
		.pi_lb_tkm2 = nan, .pi_ub_tkm2 = nan,
		.tau2_ci_lb = nan, .tau2_ci_ub = nan, .tau_ci_lb = nan, .tau_ci_ub = nan,
		.I2_ci_lb = nan, .I2_ci_ub = nan, .H2_ci_lb = nan, .H2_ci_ub = nan,
		.weight = weight,
	};
	struct wls r;
	wls(d, 0, true, &r);
	if (!isfinite(r.sw) || !isfinite(r.b0) || !isfinite(r.Q) || !isfinite(r.trP))
		return META_OVERFLOW;
	double vfe = r.a00; /* the fixed-effect variance of the estimate */
	if (k > 1) {
		f->Q = fmax(0, r.Q);
		f->Q_df = (double)(k - 1);
		f->Q_pval = chisq_Q(f->Q, f->Q_df);
		f->vt = (double)(k - 1) / r.trP;
		int rc = estimate_tau2(d, o->method, &f->tau2, &f->iterations);
		if (rc != META_OK)
			return rc;
	} else {
		f->Q = f->Q_df = 0;
		f->Q_pval = 1;
	}
	if (f->tau2 > 0)
		wls(d, f->tau2, false, &r);
	double vb = r.a00, crit;
	*var_z = vb;
	f->est = r.b0;
	f->test = k > 1 ? o->test : META_Z;
	if (f->test == META_KNHA) {
		f->knha_q = r.Q <= DBL_EPSILON ? 0 : r.Q / (double)(k - 1);
		f->s2w = f->knha_q;
		if (o->knha_adhoc && f->s2w < 1) {
			f->s2w = 1;
			f->knha_adhoc_applied = true;
		}
		f->df = (double)(k - 1);
		crit = crit_t(o->level, f->df);
	} else {
		f->s2w = 1;
		crit = crit_z(o->level);
	}
	vb *= f->s2w;
	f->se = sqrt(vb);
	f->stat = f->est / f->se;
	f->pval = 2 * (f->test == META_KNHA ? gsl_cdf_tdist_Q(fabs(f->stat), f->df)
	                                    : gsl_cdf_ugaussian_Q(fabs(f->stat)));
	f->ci_lb = f->est - crit * f->se;
	f->ci_ub = f->est + crit * f->se;
	f->ci_narrower_than_fe = crit * f->se < crit_z(o->level) * sqrt(vfe) * (1 - 1e-12);
	f->tau = sqrt(f->tau2);
	if (k == 1) {
		f->I2 = 0;
		f->H2 = 1;
	} else if (o->method == META_FE) {
		f->I2 = fmax(0, 100 * (f->Q - f->Q_df) / f->Q);
		f->H2 = f->Q / f->Q_df;
	} else {
		f->I2 = 100 * f->tau2 / (f->vt + f->tau2);
		f->H2 = 1 + f->tau2 / f->vt;
	}
	double spred = sqrt(vb + f->tau2);
	f->pi_lb = f->est - crit * spred;
	f->pi_ub = f->est + crit * spred;
	if (k > 2) {
		double c2 = crit_t(o->level, (double)(k - 2));
		f->pi_lb_tkm2 = f->est - c2 * spred;
		f->pi_ub_tkm2 = f->est + c2 * spred;
	}
	if (o->method != META_FE && k > 1 && !o->skip_tau2_ci)
		qprofile(d, o->level, f);
	if (f->weight)
		for (size_t i = 0; i < k; i++)
			f->weight[i] = 100 / (d->v[i] + f->tau2) / r.sw;
	return META_OK;
}

/* A member of a series or of the subgroups that could not be fitted
 * (status rc): every statistic NAN, the weights too. */
static void fit_failed(struct meta_fit *f, const struct meta_options *o, size_t k, int rc)
{
	double *weight = f->weight, nan = NAN;
	*f = (struct meta_fit){
		.method = o->method, .test = k > 1 ? o->test : META_Z, .k = k, .status = rc,
		.est = nan, .se = nan, .stat = nan, .pval = nan, .df = nan,
		.ci_lb = nan, .ci_ub = nan, .tau2 = nan, .tau = nan, .I2 = nan, .H2 = nan,
		.vt = nan, .Q = nan, .Q_df = nan, .Q_pval = nan, .s2w = nan, .knha_q = nan,
		.pi_lb = nan, .pi_ub = nan, .pi_lb_tkm2 = nan, .pi_ub_tkm2 = nan,
		.tau2_ci_lb = nan, .tau2_ci_ub = nan, .tau_ci_lb = nan, .tau_ci_ub = nan,
		.I2_ci_lb = nan, .I2_ci_ub = nan, .H2_ci_lb = nan, .H2_ci_ub = nan,
		.weight = weight,
	};
	for (size_t i = 0; weight && i < k; i++)
		weight[i] = nan;
}

int meta_pool(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
              struct meta_fit *out, struct meta_error *err)
{
	if (!out)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	struct meta_options o;
	if (get_options(opt, &o) != META_OK)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	int rc = check_data(yi, vi, k, 1, err);
	if (rc != META_OK)
		return rc;
	out->weight = malloc(k * sizeof *out->weight);
	if (!out->weight)
		return fail(err, META_NOMEM, -1, META_F_NONE, NAN);
	struct data d = data_init(yi, vi, NULL, k);
	double vz;
	rc = pool(&d, &o, out, &vz);
	if (rc != META_OK) {
		meta_fit_fini(out);
		return fail(err, rc, -1, META_F_NONE, NAN);
	}
	return succeed(err);
}

void meta_fit_fini(struct meta_fit *f)
{
	if (!f)
		return;
	free(f->weight);
	memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------------------
 * Leave-one-out, cumulative, subgroups
 * ---------------------------------------------------------------------- */

void meta_series_fini(struct meta_series *s)
{
	if (!s)
		return;
	free(s->fit);
	memset(s, 0, sizeof *s);
}

/* Leave-one-out (loo: member j omits study j) or cumulative (member j pools
 * order[0..j]) fits, without the Q-profile CI. */
static int series(const double *yi, const double *vi, size_t k, const size_t *order, bool loo,
                  const struct meta_options *opt, struct meta_series *out, struct meta_error *err)
{
	struct meta_options o;
	if (get_options(opt, &o) != META_OK)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	o.skip_tau2_ci = true;
	int rc = check_data(yi, vi, k, loo ? 2 : 1, err);
	if (rc != META_OK)
		return rc;
	double *buf = malloc(2 * k * sizeof *buf);
	out->fit = calloc(k, sizeof *out->fit);
	if (!buf || !out->fit) {
		free(buf);
		meta_series_fini(out);
		return fail(err, META_NOMEM, -1, META_F_NONE, NAN);
	}
	out->n = k;
	double *y = buf, *v = buf + k, vz;
	for (size_t j = 0; j < k && rc == META_OK; j++) {
		size_t n = 0;
		if (loo) {
			for (size_t i = 0; i < k; i++)
				if (i != j)
					y[n] = yi[i], v[n] = vi[i], n++;
		} else {
			size_t s = order ? order[j] : j;
			y[j] = yi[s], v[j] = vi[s];
			n = j + 1;
		}
		struct data d = data_init(y, v, NULL, n);
		rc = pool(&d, &o, &out->fit[j], &vz);
		if (rc != META_OK && rc != META_NOMEM) {
			fit_failed(&out->fit[j], &o, n, rc); /* the others still count */
			rc = META_OK;
		}
	}
	free(buf);
	if (rc != META_OK) {
		meta_series_fini(out);
		return fail(err, rc, -1, META_F_NONE, NAN);
	}
	return succeed(err);
}

int meta_leave1out(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
                   struct meta_series *out, struct meta_error *err)
{
	if (!out)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	return series(yi, vi, k, NULL, true, opt, out, err);
}

int meta_cumulative(const double *yi, const double *vi, size_t k, const size_t *order,
                    const struct meta_options *opt, struct meta_series *out,
                    struct meta_error *err)
{
	if (!out)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	if (order && k) {
		bool *seen = calloc(k, sizeof *seen);
		if (!seen)
			return fail(err, META_NOMEM, -1, META_F_NONE, NAN);
		bool perm = true;
		for (size_t j = 0; j < k && perm; j++) {
			perm = order[j] < k && !seen[order[j]];
			if (perm)
				seen[order[j]] = true;
		}
		free(seen);
		if (!perm)
			return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	}
	return series(yi, vi, k, order, false, opt, out, err);
}

void meta_subgroups_fini(struct meta_subgroups *s)
{
	if (!s)
		return;
	for (size_t g = 0; s->fit && g < s->ngroups; g++)
		meta_fit_fini(&s->fit[g]);
	free(s->fit);
	memset(s, 0, sizeof *s);
}

int meta_subgroup(const double *yi, const double *vi, const size_t *group, size_t k,
                  size_t ngroups, const struct meta_options *opt, struct meta_subgroups *out,
                  struct meta_error *err)
{
	if (!out)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	struct meta_options o;
	if (!group || get_options(opt, &o) != META_OK)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	if (ngroups < 2)
		return fail(err, META_TOO_FEW, -1, META_F_NONE, (double)ngroups);
	int rc = check_data(yi, vi, k, 2, err);
	if (rc != META_OK)
		return rc;
	for (size_t i = 0; i < k; i++)
		if (group[i] >= ngroups)
			return fail(err, META_BAD_GROUP, (long)i, META_F_GROUP, (double)group[i]);
	double *buf = malloc(3 * k * sizeof *buf), *y = buf, *v = buf + k, *var = buf + 2 * k;
	out->fit = calloc(ngroups, sizeof *out->fit);
	if (!buf || !out->fit) {
		free(buf);
		free(out->fit);
		out->fit = NULL;
		return fail(err, META_NOMEM, -1, META_F_NONE, NAN);
	}
	out->ngroups = ngroups;
	double sw = 0, swy = 0;
	for (size_t g = 0; g < ngroups && rc == META_OK; g++) {
		size_t n = 0;
		for (size_t i = 0; i < k; i++)
			if (group[i] == g)
				y[n] = yi[i], v[n] = vi[i], n++;
		if (n == 0) {
			rc = fail(err, META_BAD_GROUP, -1, META_F_GROUP, (double)g);
			break;
		}
		out->fit[g].weight = malloc(n * sizeof(double));
		if (!out->fit[g].weight) {
			rc = fail(err, META_NOMEM, -1, META_F_NONE, NAN);
			break;
		}
		struct data d = data_init(y, v, NULL, n);
		rc = pool(&d, &o, &out->fit[g], &var[g]);
		if (rc == META_NOMEM) {
			fail(err, rc, -1, META_F_NONE, NAN);
			break;
		}
		if (rc != META_OK) {
			fit_failed(&out->fit[g], &o, n, rc); /* the other groups still count */
			rc = META_OK;
			continue;
		}
		sw += 1 / var[g];
		swy += out->fit[g].est / var[g];
	}
	if (rc == META_OK) {
		/* between the groups that could be fitted */
		double mean = swy / sw, q = 0;
		size_t nfit = 0;
		for (size_t g = 0; g < ngroups; g++) {
			if (out->fit[g].status != META_OK)
				continue;
			double e = out->fit[g].est - mean;
			q += e * e / var[g];
			nfit++;
		}
		out->Q_between = nfit >= 2 ? q : NAN;
		out->Q_between_df = nfit >= 2 ? (double)(nfit - 1) : NAN;
		out->Q_between_pval = nfit >= 2 ? chisq_Q(q, out->Q_between_df) : NAN;
	}
	free(buf);
	if (rc != META_OK) {
		meta_subgroups_fini(out);
		return rc;
	}
	return succeed(err);
}

/* ------------------------------------------------------------------------
 * Meta-regression and Egger's test
 * ---------------------------------------------------------------------- */

static int metareg(const struct data *d, const struct meta_options *o, struct meta_reg *m)
{
	double k = (double)d->k, nan = NAN, crit;
	*m = (struct meta_reg){ .method = o->method, .test = o->test, .k = d->k, .df = nan,
	                        .QM_df1 = 1, .QM_df2 = nan };
	struct wls r;
	wls(d, 0, false, &r);
	m->QE = fmax(0, r.Q);
	m->QE_df = k - 2;
	m->QE_pval = chisq_Q(m->QE, m->QE_df);
	int rc = estimate_tau2(d, o->method, &m->tau2, &m->iterations);
	if (rc != META_OK)
		return rc;
	wls(d, m->tau2, false, &r);
	double s2w = 1;
	if (o->test == META_KNHA) {
		s2w = r.Q <= DBL_EPSILON ? 0 : r.Q / (k - 2);
		if (o->knha_adhoc && s2w < 1) {
			s2w = 1;
			m->knha_adhoc_applied = true;
		}
		m->df = m->QM_df2 = k - 2;
		crit = crit_t(o->level, m->df);
	} else {
		crit = crit_z(o->level);
	}
	m->b0 = r.b0;
	m->se0 = sqrt(s2w * r.a00);
	m->ci0_lb = m->b0 - crit * m->se0;
	m->ci0_ub = m->b0 + crit * m->se0;
	m->b1 = r.b1;
	m->se1 = sqrt(s2w * r.a11);
	m->ci1_lb = m->b1 - crit * m->se1;
	m->ci1_ub = m->b1 + crit * m->se1;
	m->stat1 = m->b1 / m->se1;
	m->QM = m->stat1 * m->stat1;
	if (o->test == META_KNHA) {
		m->pval1 = 2 * gsl_cdf_tdist_Q(fabs(m->stat1), m->df);
		m->QM_pval = gsl_cdf_fdist_Q(m->QM, 1, m->df);
	} else {
		m->pval1 = 2 * gsl_cdf_ugaussian_Q(fabs(m->stat1));
		m->QM_pval = chisq_Q(m->QM, 1);
	}
	return META_OK;
}

int meta_metareg(const double *yi, const double *vi, const double *x, size_t k,
                 const struct meta_options *opt, struct meta_reg *out, struct meta_error *err)
{
	struct meta_options o;
	if (!out || !x || get_options(opt, &o) != META_OK)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	int rc = check_data(yi, vi, k, 3, err);
	if (rc != META_OK)
		return rc;
	bool constant = true;
	for (size_t i = 0; i < k; i++) {
		if (!isfinite(x[i]))
			return fail(err, META_BAD_VALUE, (long)i, META_F_X, x[i]);
		constant = constant && x[i] == x[0];
	}
	if (constant)
		return fail(err, META_SINGULAR, -1, META_F_X, x[0]);
	struct data d = data_init(yi, vi, x, k);
	rc = metareg(&d, &o, out);
	return rc != META_OK ? fail(err, rc, -1, META_F_NONE, NAN) : succeed(err);
}

int meta_egger_rma(const double *yi, const double *vi, size_t k, const struct meta_options *opt,
                   struct meta_reg *out, struct meta_error *err)
{
	if (!out || !vi)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	int rc = check_data(yi, vi, k, 3, err);
	if (rc != META_OK)
		return rc;
	double *sei = malloc(k * sizeof *sei);
	if (!sei)
		return fail(err, META_NOMEM, -1, META_F_NONE, NAN);
	for (size_t i = 0; i < k; i++)
		sei[i] = sqrt(vi[i]);
	rc = meta_metareg(yi, vi, sei, k, opt, out, err);
	free(sei);
	return rc;
}

int meta_egger(const double *yi, const double *vi, size_t k, struct meta_egger *out,
               struct meta_error *err)
{
	if (!out)
		return fail(err, META_INVALID, -1, META_F_NONE, NAN);
	memset(out, 0, sizeof *out);
	/* Weighted least squares of yi on sei with weights 1/vi and the residual
	 * variance estimated: the fixed-effect meta-regression with the
	 * Hartung-Knapp scale, t on k - 2 df. */
	struct meta_options o = { .method = META_FE, .test = META_KNHA, .level = 0.95 };
	struct meta_reg r;
	int rc = meta_egger_rma(yi, vi, k, &o, &r, err);
	if (rc != META_OK)
		return rc;
	*out = (struct meta_egger){
		.k = k, .bias = r.b1, .bias_se = r.se1, .stat = r.stat1, .df = r.df,
		.pval = r.pval1, .limit_est = r.b0, .limit_ci_lb = r.ci0_lb,
		.limit_ci_ub = r.ci0_ub, .few_studies = k < 10,
	};
	return META_OK;
}

/* ------------------------------------------------------------------------
 * Emitters
 * ---------------------------------------------------------------------- */

typedef void emit_fn(void *ctx, const char *method, const char *stat, double value);

static void emit_i(emit_fn *emit, void *ctx, const char *method, const char *stat, size_t i,
                   double value)
{
	char name[64];
	snprintf(name, sizeof name, "%s.%zu", stat, i + 1);
	emit(ctx, method, name, value);
}

void meta_emit_escalc(const char *method, const double *yi, const double *vi, size_t k,
                      emit_fn *emit, void *ctx)
{
	for (size_t i = 0; i < k; i++) {
		emit_i(emit, ctx, method, "yi", i, yi[i]);
		emit_i(emit, ctx, method, "vi", i, vi[i]);
	}
}

void meta_emit_fit(const struct meta_fit *f, const char *method, emit_fn *emit, void *ctx)
{
	emit(ctx, method, "k", (double)f->k);
	emit(ctx, method, "est", f->est);
	emit(ctx, method, "se", f->se);
	emit(ctx, method, "stat", f->stat);
	emit(ctx, method, "pval", f->pval);
	if (f->test == META_KNHA)
		emit(ctx, method, "df", f->df);
	emit(ctx, method, "ci_lb", f->ci_lb);
	emit(ctx, method, "ci_ub", f->ci_ub);
	emit(ctx, method, "tau2", f->tau2);
	emit(ctx, method, "tau", f->tau);
	emit(ctx, method, "I2", f->I2);
	emit(ctx, method, "H2", f->H2);
	emit(ctx, method, "Q", f->Q);
	emit(ctx, method, "Q_df", f->Q_df);
	emit(ctx, method, "Q_pval", f->Q_pval);
	for (size_t i = 0; f->weight && i < f->k; i++)
		emit_i(emit, ctx, method, "weight", i, f->weight[i]);
	if (f->method == META_FE)
		return;
	emit(ctx, method, "pi_lb", f->pi_lb);
	emit(ctx, method, "pi_ub", f->pi_ub);
	if (f->k > 2) {
		emit(ctx, method, "pi_lb_tkm2", f->pi_lb_tkm2);
		emit(ctx, method, "pi_ub_tkm2", f->pi_ub_tkm2);
	}
	const struct { const char *name; double v; } ci[] = {
		{ "tau2_ci_lb", f->tau2_ci_lb }, { "tau2_ci_ub", f->tau2_ci_ub },
		{ "tau_ci_lb", f->tau_ci_lb },   { "tau_ci_ub", f->tau_ci_ub },
		{ "I2_ci_lb", f->I2_ci_lb },     { "I2_ci_ub", f->I2_ci_ub },
		{ "H2_ci_lb", f->H2_ci_lb },     { "H2_ci_ub", f->H2_ci_ub },
	};
	for (size_t j = 0; j < sizeof ci / sizeof ci[0]; j++)
		emit(ctx, method, ci[j].name, ci[j].v);
}

void meta_emit_series(const struct meta_series *s, const char *method, emit_fn *emit, void *ctx)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct meta_fit *f = &s->fit[i];
		emit_i(emit, ctx, method, "est", i, f->est);
		emit_i(emit, ctx, method, "se", i, f->se);
		emit_i(emit, ctx, method, "stat", i, f->stat);
		emit_i(emit, ctx, method, "pval", i, f->pval);
		emit_i(emit, ctx, method, "ci_lb", i, f->ci_lb);
		emit_i(emit, ctx, method, "ci_ub", i, f->ci_ub);
		emit_i(emit, ctx, method, "Q", i, f->Q);
		emit_i(emit, ctx, method, "Q_pval", i, f->Q_pval);
		if (f->method != META_FE)
			emit_i(emit, ctx, method, "tau2", i, f->tau2);
		emit_i(emit, ctx, method, "I2", i, f->I2);
		emit_i(emit, ctx, method, "H2", i, f->H2);
	}
}

void meta_emit_subtest(const struct meta_subgroups *s, const char *method, emit_fn *emit,
                       void *ctx)
{
	emit(ctx, method, "Q_between", s->Q_between);
	emit(ctx, method, "Q_between_df", s->Q_between_df);
	emit(ctx, method, "Q_between_pval", s->Q_between_pval);
}

void meta_emit_egger(const struct meta_egger *e, const char *method, emit_fn *emit, void *ctx)
{
	emit(ctx, method, "bias", e->bias);
	emit(ctx, method, "bias_se", e->bias_se);
	emit(ctx, method, "stat", e->stat);
	emit(ctx, method, "df", e->df);
	emit(ctx, method, "pval", e->pval);
	emit(ctx, method, "limit_est", e->limit_est);
	emit(ctx, method, "limit_ci_lb", e->limit_ci_lb);
	emit(ctx, method, "limit_ci_ub", e->limit_ci_ub);
}

void meta_emit_metareg(const struct meta_reg *r, const char *method, emit_fn *emit, void *ctx)
{
	emit(ctx, method, "diff_est", r->b1);
	emit(ctx, method, "diff_se", r->se1);
	emit(ctx, method, "QM", r->QM);
	emit(ctx, method, "QM_df1", r->QM_df1);
	if (r->test == META_KNHA)
		emit(ctx, method, "QM_df2", r->QM_df2);
	emit(ctx, method, "QM_pval", r->QM_pval);
	emit(ctx, method, "QE", r->QE);
	emit(ctx, method, "QE_df", r->QE_df);
	emit(ctx, method, "QE_pval", r->QE_pval);
	if (r->method != META_FE)
		emit(ctx, method, "tau2", r->tau2);
}

void meta_emit_egger_rma(const struct meta_reg *r, const char *method, emit_fn *emit, void *ctx)
{
	emit(ctx, method, "bias", r->b1);
	emit(ctx, method, "bias_se", r->se1);
	emit(ctx, method, "stat", r->stat1);
	emit(ctx, method, "pval", r->pval1);
	if (r->test == META_KNHA)
		emit(ctx, method, "df", r->df);
	emit(ctx, method, "limit_est", r->b0);
	emit(ctx, method, "limit_ci_lb", r->ci0_lb);
	emit(ctx, method, "limit_ci_ub", r->ci0_ub);
	if (r->method != META_FE)
		emit(ctx, method, "tau2", r->tau2);
}
