/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sample mean and SD from a reported median with range and/or IQR. */
#ifndef SIEVE_ANALYSIS_CONVERT_H
#define SIEVE_ANALYSIS_CONVERT_H

#include <stdbool.h>

/*
 * For data extraction in meta-analysis: a study reports the median with the
 * range (min, max) and/or the interquartile range (q1, q3) instead of a mean
 * and SD. The scenarios, as in Wan et al. (2014):
 *   S1  min, median, max
 *   S2  q1, median, q3
 *   S3  min, q1, median, q3, max
 * The estimators assume roughly normal data; see conv_estimate.
 *
 * conv_estimate returns CONV_OK (0) or one of the negative codes below and
 * never prints; conv_strerror gives a default one-line message.
 */
enum conv_status {
	CONV_OK = 0,
	CONV_INVALID = -1,    /* NULL pointer */
	CONV_TOO_FEW = -2,    /* n < CONV_MIN_N */
	CONV_INCOMPLETE = -3, /* the values given are not S1, S2 or S3 */
	CONV_UNORDERED = -4,  /* not min <= q1 <= median <= q3 <= max */
	CONV_BAD_VALUE = -5,  /* a value is infinite */
	CONV_TOO_MANY = -6,   /* n > CONV_MAX_N */
	CONV_OVERFLOW = -7,   /* an estimate is not finite (values near DBL_MAX) */
};

/* The smallest sample size accepted. With n = 1 the range and IQR divisors
 * xi(n) and eta(n) below are 0; n = 2 has no distinct median and quartiles. */
#define CONV_MIN_N 3
/* The largest: beyond any study, and for n near 2^53 xi(n) and eta(n) lose
 * all precision (the quantile's argument rounds to 1). */
#define CONV_MAX_N 1000000

enum conv_scenario {
	CONV_S1 = 1, /* min, median, max */
	CONV_S2 = 2, /* q1, median, q3 */
	CONV_S3 = 3, /* all five */
};

/* The methods; the names (conv_method_name) are those of the reference
 * files: "wan2014", "luo2018", "shi2020", "hozo2005". */
enum conv_method {
	CONV_WAN2014 = 0, /* Wan, Wang, Liu, Tong (2014) BMC Med Res Methodol 14:135 */
	CONV_LUO2018,     /* Luo, Wan, Liu, Tong (2018) Stat Methods Med Res 27:1785 */
	CONV_SHI2020,     /* Shi, Luo, Weng et al. (2020) Res Synth Methods 11:641 */
	CONV_HOZO2005,    /* Hozo, Djulbegovic, Hozo (2005) BMC Med Res Methodol 5:13 */
	CONV_N_METHODS,
};

/* The input fields, for pointing at the one that made conv_estimate fail. */
enum conv_field {
	CONV_F_NONE = 0,
	CONV_F_N,
	CONV_F_MIN,
	CONV_F_Q1,
	CONV_F_MEDIAN,
	CONV_F_Q3,
	CONV_F_MAX,
};

/* What a study reported. A value not reported is NAN (isnan). */
struct conv_input {
	long n;
	double min, q1, median, q3, max;
};

/* One method's estimates; has_mean/has_sd say which it provides for the
 * scenario (e.g. Shi 2020 gives only an SD, and only for S3). */
struct conv_estimate {
	bool has_mean, has_sd;
	double mean, sd;
};

struct conv_result {
	enum conv_scenario scenario;
	long n;
	struct conv_estimate m[CONV_N_METHODS]; /* indexed by enum conv_method */
	/* The recommended pair: Luo 2018 mean; Wan 2014 SD for S1 and S2,
	 * Shi 2020 SD for S3. */
	double mean, sd;
	enum conv_method mean_from, sd_from;
	/* On failure: the input field at fault (CONV_F_NONE if none is). */
	enum conv_field bad_field;
};

/*
 * Detect the scenario from the values present in *in and fill *out with every
 * applicable method's estimates and the recommended pair.
 *
 * Formulas (n = sample size, a = min, b = max, m = median, Phi^-1 = standard
 * normal quantile):
 *   xi(n)  = 2 Phi^-1((n - 0.375) / (n + 0.25))          Wan 2014
 *   eta(n) = 2 Phi^-1((0.75 n - 0.125) / (n + 0.25))     Wan 2014
 *   Wan 2014 SD:   S1 (b - a) / xi(n);  S2 (q3 - q1) / eta(n);
 *                  S3 [(b - a) / xi(n) + (q3 - q1) / eta(n)] / 2
 *   Wan 2014 mean: S1 (a + 2m + b) / 4;  S2 (q1 + m + q3) / 3;
 *                  S3 (a + 2 q1 + 2m + 2 q3 + b) / 8
 *   Luo 2018 mean: S1 w (a + b)/2 + (1 - w) m,  w = 4 / (4 + n^0.75)
 *                  S2 w (q1 + q3)/2 + (1 - w) m,  w = 0.7 + 0.39 / n
 *                  S3 w1 (a + b)/2 + w2 (q1 + q3)/2 + (1 - w1 - w2) m,
 *                     w1 = 2.2 / (2.2 + n^0.75),  w2 = 0.7 - 0.72 / n^0.55
 *   Shi 2020 SD (S3 only): w (b - a) / xi(n) + (1 - w) (q3 - q1) / eta(n),
 *                  w = 1 / (1 + 0.07 n^0.6)  (eq. 11 in the equivalent form
 *                  (b-a)/theta1 + (q3-q1)/theta2)
 *   Hozo 2005 mean (S1 only): (a + 2m + b)/4 + (a - 2m + b) / (4n)
 *                  (Hozo's SD rules of thumb are not implemented).
 *
 * The median is required; then min and max (S1), q1 and q3 (S2), or all five
 * (S3). Errors: CONV_INVALID (NULL), CONV_TOO_FEW (n < CONV_MIN_N),
 * CONV_TOO_MANY (n > CONV_MAX_N), CONV_OVERFLOW (an estimate would be
 * infinite or NaN, e.g. min -1e308 and max 1e308; bad_field is the value of
 * the largest magnitude),
 * CONV_INCOMPLETE (another combination: e.g. no median, min without max, or
 * four of the five), CONV_BAD_VALUE (an infinite value), CONV_UNORDERED (the
 * values present are not ordered min <= q1 <= median <= q3 <= max). On
 * failure *out is zeroed except bad_field, which names the offending input
 * (for CONV_UNORDERED the larger-position value of the first pair out of
 * order, e.g. CONV_F_MEDIAN for median < q1).
 */
int conv_estimate(const struct conv_input *in, struct conv_result *out);

/* xi(n) and eta(n) above, for n >= 2 (0 or NAN for smaller n). */
double conv_xi(double n);
double conv_eta(double n);

/* "wan2014", ...; "?" for an unknown value. */
const char *conv_method_name(enum conv_method m);
/* "S1", "S2", "S3"; "?" otherwise. */
const char *conv_scenario_name(enum conv_scenario s);
/* "min", "q1", "median", "q3", "max", "n"; "" for CONV_F_NONE. */
const char *conv_field_name(enum conv_field f);
/* A static one-line description of a status code; never NULL. */
const char *conv_strerror(int status);

#endif
