/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inter-rater agreement: Cohen's kappa, Fleiss' kappa, percent agreement. */
#include "agreement.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define Z_975 1.959964

const char *agree_strerror(int status)
{
	switch (status) {
	case AGREE_OK:        return "ok";
	case AGREE_INVALID:   return "invalid arguments (missing data, fewer than 2 categories or raters, or unequal lengths)";
	case AGREE_TOO_FEW:   return "no items rated";
	case AGREE_BAD_DATA:  return "rating outside the category range, or a subject without the expected number of ratings";
	case AGREE_UNDEFINED: return "kappa undefined: every rating is in one category";
	case AGREE_NOMEM:     return "out of memory";
	default:              return "unknown agreement error";
	}
}

static double two_sided_p(double z)
{
	return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
}

/* Rounding can push a variance that is 0 in exact arithmetic below 0. */
static double sqrt_nonneg(double v)
{
	return v > 0.0 ? sqrt(v) : 0.0;
}

/*
 * The Fleiss, Cohen & Everitt (1969) large-sample variance of kappa for the
 * k x k table of proportions p (row-major) with marginals row, col, times
 * n: [ sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
 *      + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
 *      - (kappa - p_e (1 - kappa))^2 ] / (1 - p_e)^2
 * (the multinomial delta-method variance). kappa and p_e are the table's.
 */
static double fce_var_n(const double *p, size_t kk, const double *row, const double *col,
                        double kappa, double p_e)
{
	const double omk = 1.0 - kappa, q_e = 1.0 - p_e;
	double a = 0.0, b = 0.0;
	for (size_t i = 0; i < kk; i++) {
		for (size_t j = 0; j < kk; j++) {
			double pij = p[i * kk + j];
			if (pij == 0.0)
				continue;
			if (i == j) {
				double t = 1.0 - (row[i] + col[i]) * omk;
				a += pij * t * t;
			} else {
				double t = col[i] + row[j];
				b += pij * t * t;
			}
		}
	}
	double c = kappa - p_e * omk;
	return (a + omk * omk * b - c * c) / (q_e * q_e);
}

/*
 * The bound on 0's side of the score-type (test-inversion) interval of
 * Cohen's kappa. The tables
 *   P(t) = R + t (P^ - R),   R = row col' (independence),
 * keep the observed marginals, so p_e is fixed and kappa(P(t)) = t kappa^:
 * a line through independence (kappa = 0, t = 0) and the observed table
 * (t = 1); between the two every P(t) is a valid table. A value
 * kappa0 = t kappa^ is kept when |kappa^ - kappa0| <= z SE(kappa0), with
 * SE(kappa0) the FCE SE of the table P(t) for n items. At kappa0 = 0 that SE
 * is the FCE null SE (se0), at kappa0 = kappa^ the large-sample SE (se):
 * hence
 *  - 0 is inside the interval exactly when the null test gives p >= 0.05
 *    (the interval and the p-value cannot contradict each other);
 *  - at kappa^ = 1 or -1 (se = 0) the bound is not kappa^, since
 *    SE(kappa0) > 0 between;
 *  - in large samples it approaches the Wald bound kappa^ -+ z se.
 * Past 0, the line goes on while P(t) has no negative cell; should the
 * search reach that limit, SE is held at its value there. The bound is
 * where the kept values around kappa^ end (extended to 0 if 0 is kept but
 * not connected, which would take a non-monotone SE), clamped to [-1, 1].
 * The other bound, away from 0, is the Wald one (cmd: the caller's): the
 * line cannot go past the observed table when it has an empty cell, and at
 * kappa^ = +-1 that bound is the end of the scale anyway.
 * Returns false if kappa^ = 0 (no line) or memory runs out.
 */
struct score {
	const size_t *counts;
	size_t kk;
	double dn;
	const double *row, *col;
	double kappa, p_e;
	double *pt; /* scratch, kk * kk */
};

/* SE(kappa0) on the line. */
static double score_se(const struct score *s, double k0)
{
	const size_t kk = s->kk;
	double t = k0 / s->kappa;
	for (size_t c = 0; c < kk * kk; c++) {
		double r = s->row[c / kk] * s->col[c % kk];
		double v = r + t * ((double)s->counts[c] / s->dn - r);
		s->pt[c] = v > 0 ? v : 0.0;
	}
	return sqrt_nonneg(fce_var_n(s->pt, kk, s->row, s->col, k0, s->p_e) / s->dn);
}

/* <= 0 when kappa0 is kept. */
static double score_f(const struct score *s, double k0)
{
	return fabs(s->kappa - k0) - Z_975 * score_se(s, k0);
}

static bool score_bound(const size_t *counts, size_t kk, double dn, const double *row,
                        const double *col, double kappa, double p_e, double se0, double *bound)
{
	if (kappa == 0.0)
		return false;
	double *pt = malloc(kk * kk * sizeof *pt);
	if (!pt)
		return false;
	struct score sc = { counts, kk, dn, row, col, kappa, p_e, pt };
	/* the smallest t (past 0) with P(t) >= 0 */
	double t_min = -INFINITY;
	for (size_t i = 0; i < kk; i++)
		for (size_t j = 0; j < kk; j++) {
			double r = row[i] * col[j], d = (double)counts[i * kk + j] / dn - r;
			if (d > 0)
				t_min = fmax(t_min, -r / d);
		}
	/* the search runs from kappa^ towards 0 and on to lim */
	double lim = kappa * t_min;
	if (!isfinite(lim) || fabs(lim) > 1.0)
		lim = kappa > 0 ? -1.0 : 1.0;
	const int steps = 400;
	double prev = kappa, end = NAN;
	for (int s = 1; s <= steps; s++) {
		double k0 = kappa + (lim - kappa) * s / steps;
		if (score_f(&sc, k0) > 0) {
			double in = prev, out = k0; /* bisect: in kept, out not */
			for (int it = 0; it < 60; it++) {
				double mid = 0.5 * (in + out);
				if (score_f(&sc, mid) > 0)
					out = mid;
				else
					in = mid;
			}
			end = in;
			break;
		}
		prev = k0;
	}
	if (isnan(end)) /* kept up to lim: SE held at its value there */
		end = kappa + (kappa > 0 ? -1.0 : 1.0) * Z_975 * score_se(&sc, lim);
	free(pt);
	/* se0 is SE(0): keep the interval and the null test in step */
	if (fabs(kappa) <= Z_975 * se0)
		end = kappa > 0 ? fmin(end, 0.0) : fmax(end, 0.0);
	*bound = fmax(-1.0, fmin(1.0, end));
	return true;
}

/*
 * The Cohen computation on a k x k table of counts with total n > 0.
 * row and col are caller-provided scratch arrays of k doubles.
 */
static int cohen_core(const size_t *counts, int k, size_t n, double *row,
                      double *col, struct agree_cohen *out)
{
	const double dn = (double)n;
	size_t kk = (size_t)k;

	memset(out, 0, sizeof(*out));
	out->n = n;
	out->k = k;
	for (size_t i = 0; i < kk; i++)
		row[i] = col[i] = 0.0;

	double p_o = 0.0;
	for (size_t i = 0; i < kk; i++) {
		for (size_t j = 0; j < kk; j++) {
			double p = (double)counts[i * kk + j] / dn;
			row[i] += p;
			col[j] += p;
			if (i == j)
				p_o += p;
		}
	}
	double p_e = 0.0, cube = 0.0;
	for (size_t i = 0; i < kk; i++) {
		p_e += row[i] * col[i];
		cube += row[i] * col[i] * (row[i] + col[i]);
	}
	out->p_o = p_o;
	out->p_e = p_e;
	/* p_e = sum row_i col_i <= max_i row_i <= 1, with equality only when
	 * both raters put everything in the same single category. */
	if (1.0 - p_e <= 1e-12) {
		out->p_o = 1.0;
		out->p_e = 1.0;
		return AGREE_UNDEFINED;
	}
	const double q_e = 1.0 - p_e;
	const double kappa = (p_o - p_e) / q_e;
	out->kappa = kappa;

	/* Fleiss, Cohen & Everitt (1969), variance under kappa = 0. */
	out->se0 = sqrt_nonneg((p_e + p_e * p_e - cube) / (dn * q_e * q_e));

	/* Fleiss, Cohen & Everitt (1969), large-sample variance (fce_var_n). */
	double *p = malloc(kk * kk * sizeof *p);
	if (!p) {
		memset(out, 0, sizeof(*out));
		return AGREE_NOMEM;
	}
	for (size_t i = 0; i < kk * kk; i++)
		p[i] = (double)counts[i] / dn;
	out->se = sqrt_nonneg(fce_var_n(p, kk, row, col, kappa, p_e) / dn);
	free(p);
	out->ci_wald_lo = fmax(-1.0, kappa - Z_975 * out->se);
	out->ci_wald_hi = fmin(1.0, kappa + Z_975 * out->se);

	/* The reported interval: score-type, valid at kappa = +-1 and in step
	 * with the p-value (score_interval). When the null SE is 0 (each rater
	 * used one category, and they differ) nothing is estimable. */
	out->ci_estimable = out->se0 > 0.0;
	if (!out->ci_estimable) {
		out->ci_lo = -1.0;
		out->ci_hi = 1.0;
	} else {
		double near;
		if (!score_bound(counts, kk, dn, row, col, kappa, p_e, out->se0, &near)) {
			/* kappa = 0 exactly (or no memory for the search): the
			 * null SE is the SE at kappa = 0 */
			out->ci_lo = fmax(-1.0, kappa - Z_975 * out->se0);
			out->ci_hi = fmin(1.0, kappa + Z_975 * out->se0);
		} else if (kappa > 0) {
			out->ci_lo = near;
			out->ci_hi = out->ci_wald_hi;
		} else {
			out->ci_lo = out->ci_wald_lo;
			out->ci_hi = near;
		}
	}

	if (out->se0 > 0.0) {
		out->z = kappa / out->se0;
		out->p = two_sided_p(out->z);
	} else {
		out->z = 0.0;
		out->p = 1.0;
	}
	return AGREE_OK;
}

/* Common argument checks for the paired-code functions. */
static int check_codes(const int *a, size_t na, const int *b, size_t nb, int k)
{
	if (!a || !b || k < 2 || na != nb)
		return AGREE_INVALID;
	if (na == 0)
		return AGREE_TOO_FEW;
	for (size_t i = 0; i < na; i++)
		if (a[i] < 0 || a[i] >= k || b[i] < 0 || b[i] >= k)
			return AGREE_BAD_DATA;
	return AGREE_OK;
}

int agree_cohen_table(const size_t *counts, int k, struct agree_cohen *out)
{
	if (!out)
		return AGREE_INVALID;
	memset(out, 0, sizeof(*out));
	if (!counts || k < 2 || (size_t)k > SIZE_MAX / sizeof(double) / (size_t)k)
		return AGREE_INVALID;
	size_t kk = (size_t)k, n = 0;
	for (size_t i = 0; i < kk * kk; i++)
		n += counts[i];
	if (n == 0)
		return AGREE_TOO_FEW;
	double *scratch = malloc(2 * kk * sizeof(*scratch));
	if (!scratch)
		return AGREE_NOMEM;
	int rc = cohen_core(counts, k, n, scratch, scratch + kk, out);
	free(scratch);
	return rc;
}

int agree_cohen_codes(const int *a, size_t na, const int *b, size_t nb, int k,
                      struct agree_cohen *out)
{
	if (!out)
		return AGREE_INVALID;
	memset(out, 0, sizeof(*out));
	int rc = check_codes(a, na, b, nb, k);
	if (rc != AGREE_OK)
		return rc;
	size_t kk = (size_t)k;
	if (kk > SIZE_MAX / sizeof(size_t) / kk)
		return AGREE_NOMEM;
	size_t *table = calloc(kk * kk, sizeof(*table));
	double *scratch = malloc(2 * kk * sizeof(*scratch));
	if (!table || !scratch) {
		free(table);
		free(scratch);
		return AGREE_NOMEM;
	}
	for (size_t i = 0; i < na; i++)
		table[(size_t)a[i] * kk + (size_t)b[i]]++;
	rc = cohen_core(table, k, na, scratch, scratch + kk, out);
	free(table);
	free(scratch);
	return rc;
}

int agree_percent(const int *a, size_t na, const int *b, size_t nb, int k,
                  double *percent)
{
	if (!percent)
		return AGREE_INVALID;
	*percent = 0.0;
	int rc = check_codes(a, na, b, nb, k);
	if (rc != AGREE_OK)
		return rc;
	size_t same = 0;
	for (size_t i = 0; i < na; i++)
		same += a[i] == b[i];
	*percent = 100.0 * (double)same / (double)na;
	return AGREE_OK;
}

int agree_fleiss(const size_t *counts, size_t n, int k, int m,
                 struct agree_fleiss *out)
{
	if (!out)
		return AGREE_INVALID;
	memset(out, 0, sizeof(*out));
	if (!counts || k < 2 || m < 2)
		return AGREE_INVALID;
	if (n == 0)
		return AGREE_TOO_FEW;
	size_t kk = (size_t)k, mm = (size_t)m;
	double *share = calloc(kk, sizeof(*share));
	if (!share)
		return AGREE_NOMEM;

	/* P_i = (sum_j n_ij^2 - m) / (m (m - 1)); p_j = sum_i n_ij / (n m). */
	const double dm = (double)m, dn = (double)n;
	double p_bar = 0.0;
	size_t unanimous = 0;
	for (size_t i = 0; i < n; i++) {
		const size_t *r = counts + i * kk;
		size_t sum = 0;
		double sq = 0.0;
		for (size_t j = 0; j < kk; j++) {
			if (r[j] > mm) {
				free(share);
				return AGREE_BAD_DATA;
			}
			sum += r[j];
			sq += (double)r[j] * (double)r[j];
			share[j] += (double)r[j];
			unanimous += r[j] == mm;
		}
		if (sum != mm) {
			free(share);
			return AGREE_BAD_DATA;
		}
		p_bar += (sq - dm) / (dm * (dm - 1.0));
	}
	p_bar /= dn;

	double p_e = 0.0, pq = 0.0, pq_qp = 0.0;
	for (size_t j = 0; j < kk; j++) {
		double p = share[j] / (dn * dm), q = 1.0 - p;
		p_e += p * p;
		pq += p * q;
		pq_qp += p * q * (q - p);
	}
	free(share);

	out->n = n;
	out->m = m;
	out->k = k;
	out->p_bar = p_bar;
	out->p_e_bar = p_e;
	out->p_unanimous = (double)unanimous / dn;
	/* 1 - p_e = sum p_j q_j is 0 only when one p_j is 1. */
	if (pq <= 1e-12) {
		out->p_bar = 1.0;
		out->p_e_bar = 1.0;
		out->p_unanimous = 1.0;
		return AGREE_UNDEFINED;
	}
	out->kappa = (p_bar - p_e) / (1.0 - p_e);

	/* Fleiss, Nee & Landis (1979), variance under kappa = 0:
	 * 2 / (n m (m - 1)) * [(sum p_j q_j)^2 - sum p_j q_j (q_j - p_j)]
	 *                     / (sum p_j q_j)^2 */
	double var0 = 2.0 / (dn * dm * (dm - 1.0)) * (pq * pq - pq_qp) / (pq * pq);
	out->se0 = sqrt_nonneg(var0);
	if (out->se0 > 0.0) {
		out->z = out->kappa / out->se0;
		out->p = two_sided_p(out->z);
	} else {
		out->z = 0.0;
		out->p = 1.0;
	}
	return AGREE_OK;
}
