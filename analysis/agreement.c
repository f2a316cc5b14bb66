/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inter-rater agreement: Cohen's kappa, Fleiss' kappa, percent agreement. */
#include "agreement.h"

#include <math.h>
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

	/* Fleiss, Cohen & Everitt (1969), large-sample variance:
	 * [ sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
	 *   + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
	 *   - (kappa - p_e (1 - kappa))^2 ] / (n (1 - p_e)^2) */
	const double omk = 1.0 - kappa;
	double a = 0.0, b = 0.0;
	for (size_t i = 0; i < kk; i++) {
		for (size_t j = 0; j < kk; j++) {
			double p = (double)counts[i * kk + j] / dn;
			if (p == 0.0)
				continue;
			if (i == j) {
				double t = 1.0 - (row[i] + col[i]) * omk;
				a += p * t * t;
			} else {
				double t = col[i] + row[j];
				b += p * t * t;
			}
		}
	}
	double c = kappa - p_e * omk;
	out->se = sqrt_nonneg((a + omk * omk * b - c * c) / (dn * q_e * q_e));
	out->ci_lo = kappa - Z_975 * out->se;
	out->ci_hi = kappa + Z_975 * out->se;

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
