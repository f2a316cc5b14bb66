/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sample mean and SD from a reported median with range and/or IQR. */
#include "convert.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

const char *conv_strerror(int status)
{
	switch (status) {
	case CONV_OK:         return "ok";
	case CONV_INVALID:    return "invalid arguments";
	case CONV_TOO_FEW:    return "sample size too small: n must be at least 3";
	case CONV_INCOMPLETE: return "need the median with min and max (S1), q1 and q3 (S2), or all five (S3)";
	case CONV_UNORDERED:  return "values not ordered min <= q1 <= median <= q3 <= max";
	case CONV_BAD_VALUE:  return "a value is infinite";
	case CONV_TOO_MANY:   return "sample size too large: n must be at most 1000000";
	case CONV_OVERFLOW:   return "values too large: an estimate overflows (is not a finite number)";
	default:              return "unknown conversion error";
	}
}

const char *conv_method_name(enum conv_method m)
{
	switch (m) {
	case CONV_WAN2014:  return "wan2014";
	case CONV_LUO2018:  return "luo2018";
	case CONV_SHI2020:  return "shi2020";
	case CONV_HOZO2005: return "hozo2005";
	default:            return "?";
	}
}

const char *conv_scenario_name(enum conv_scenario s)
{
	switch (s) {
	case CONV_S1: return "S1";
	case CONV_S2: return "S2";
	case CONV_S3: return "S3";
	default:      return "?";
	}
}

const char *conv_field_name(enum conv_field f)
{
	switch (f) {
	case CONV_F_N:      return "n";
	case CONV_F_MIN:    return "min";
	case CONV_F_Q1:     return "q1";
	case CONV_F_MEDIAN: return "median";
	case CONV_F_Q3:     return "q3";
	case CONV_F_MAX:    return "max";
	default:            return "";
	}
}

/* Wan et al. (2014): the expected range of n standard normal draws,
 * approximated with Blom's plotting positions. */
double conv_xi(double n)
{
	if (!(n >= 1.0))
		return NAN;
	return 2.0 * gsl_cdf_ugaussian_Pinv((n - 0.375) / (n + 0.25));
}

/* Wan et al. (2014): the expected IQR of n standard normal draws. */
double conv_eta(double n)
{
	if (!(n >= 1.0))
		return NAN;
	return 2.0 * gsl_cdf_ugaussian_Pinv((0.75 * n - 0.125) / (n + 0.25));
}

static int fail(struct conv_result *out, int status, enum conv_field f)
{
	memset(out, 0, sizeof *out);
	out->bad_field = f;
	return status;
}

int conv_estimate(const struct conv_input *in, struct conv_result *out)
{
	if (!out)
		return CONV_INVALID;
	if (!in)
		return fail(out, CONV_INVALID, CONV_F_NONE);

	const double v[5] = { in->min, in->q1, in->median, in->q3, in->max };
	static const enum conv_field fv[5] = { CONV_F_MIN, CONV_F_Q1, CONV_F_MEDIAN,
	                                       CONV_F_Q3, CONV_F_MAX };
	bool has[5];
	for (int i = 0; i < 5; i++) {
		has[i] = !isnan(v[i]);
		if (has[i] && isinf(v[i]))
			return fail(out, CONV_BAD_VALUE, fv[i]);
	}

	enum conv_scenario sc;
	bool range = has[0] && has[4], iqr = has[1] && has[3];
	if (!has[2])
		return fail(out, CONV_INCOMPLETE, CONV_F_MEDIAN);
	if (has[0] != has[4])
		return fail(out, CONV_INCOMPLETE, has[0] ? CONV_F_MAX : CONV_F_MIN);
	if (has[1] != has[3])
		return fail(out, CONV_INCOMPLETE, has[1] ? CONV_F_Q3 : CONV_F_Q1);
	if (range && iqr)
		sc = CONV_S3;
	else if (range)
		sc = CONV_S1;
	else if (iqr)
		sc = CONV_S2;
	else
		return fail(out, CONV_INCOMPLETE, CONV_F_NONE);

	if (in->n < CONV_MIN_N)
		return fail(out, CONV_TOO_FEW, CONV_F_N);
	if (in->n > CONV_MAX_N)
		return fail(out, CONV_TOO_MANY, CONV_F_N);

	/* Each present value must be >= the previous present one. */
	int prev = -1;
	for (int i = 0; i < 5; i++) {
		if (!has[i])
			continue;
		if (prev >= 0 && v[i] < v[prev])
			return fail(out, CONV_UNORDERED, fv[i]);
		prev = i;
	}

	memset(out, 0, sizeof *out);
	out->scenario = sc;
	out->n = in->n;

	const double n = (double)in->n;
	const double a = in->min, q1 = in->q1, m = in->median, q3 = in->q3, b = in->max;
	struct conv_estimate *wan = &out->m[CONV_WAN2014], *luo = &out->m[CONV_LUO2018],
	                     *shi = &out->m[CONV_SHI2020], *hozo = &out->m[CONV_HOZO2005];
	wan->has_mean = wan->has_sd = luo->has_mean = true;

	switch (sc) {
	case CONV_S1: {
		wan->mean = (a + 2.0 * m + b) / 4.0;
		wan->sd = (b - a) / conv_xi(n);
		double w = 4.0 / (4.0 + pow(n, 0.75));
		luo->mean = w * (a + b) / 2.0 + (1.0 - w) * m;
		hozo->has_mean = true;
		hozo->mean = (a + 2.0 * m + b) / 4.0 + (a - 2.0 * m + b) / (4.0 * n);
		out->sd = wan->sd;
		out->sd_from = CONV_WAN2014;
		break;
	}
	case CONV_S2: {
		wan->mean = (q1 + m + q3) / 3.0;
		wan->sd = (q3 - q1) / conv_eta(n);
		double w = 0.7 + 0.39 / n;
		luo->mean = w * (q1 + q3) / 2.0 + (1.0 - w) * m;
		out->sd = wan->sd;
		out->sd_from = CONV_WAN2014;
		break;
	}
	case CONV_S3: {
		double by_range = (b - a) / conv_xi(n), by_iqr = (q3 - q1) / conv_eta(n);
		wan->mean = (a + 2.0 * q1 + 2.0 * m + 2.0 * q3 + b) / 8.0;
		wan->sd = 0.5 * (by_range + by_iqr);
		double w1 = 2.2 / (2.2 + pow(n, 0.75));
		double w2 = 0.7 - 0.72 / pow(n, 0.55);
		luo->mean = w1 * (a + b) / 2.0 + w2 * (q1 + q3) / 2.0 + (1.0 - w1 - w2) * m;
		double ws = 1.0 / (1.0 + 0.07 * pow(n, 0.6));
		shi->has_sd = true;
		shi->sd = ws * by_range + (1.0 - ws) * by_iqr;
		out->sd = shi->sd;
		out->sd_from = CONV_SHI2020;
		break;
	}
	}
	out->mean = luo->mean;
	out->mean_from = CONV_LUO2018;

	/* Finite inputs near DBL_MAX (e.g. +-1e308) overflow in the sums and
	 * differences: refuse rather than hand back inf or nan, naming the
	 * value of the largest magnitude. */
	bool finite = isfinite(out->mean) && isfinite(out->sd);
	for (int i = 0; i < CONV_N_METHODS; i++)
		finite = finite && (!out->m[i].has_mean || isfinite(out->m[i].mean)) &&
		         (!out->m[i].has_sd || isfinite(out->m[i].sd));
	if (!finite) {
		int big = -1;
		for (int i = 0; i < 5; i++)
			if (has[i] && (big < 0 || fabs(v[i]) > fabs(v[big])))
				big = i;
		return fail(out, CONV_OVERFLOW, big < 0 ? CONV_F_NONE : fv[big]);
	}
	return CONV_OK;
}
