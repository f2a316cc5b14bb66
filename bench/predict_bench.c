/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the lesion predictor statistics: ROC + DeLong vs the 2,000-replicate patient bootstrap.
 *
 *   predict_bench [REPEATS] [--raw]
 *
 * 10,000 lesions of 2,000 patients, generated deterministically: each
 * patient has a mean ADC ~ N(1.2, 0.1), lesions add N(0, 0.12), kept in
 * [0.8, 1.6] x10^-3 mm^2/s and rounded to 0.001 as reported (--raw keeps
 * full precision: every value distinct); response ~ Bernoulli(expit(0.3 -
 * 8 (ADC - 1.2) + u)), u ~ N(0, 0.8^2) per patient. Times the median of
 * REPEATS (default 5) runs of
 *   base: roc_compute (sort, AUC, DeLong, Youden) on the full data;
 *   boot: roc_bootstrap, B = 2000, calibration slope on, plus logit_fit with
 *         patient-clustered SEs.
 * The last line is machine-readable:
 *   predict_bench lesions=10000 patients=2000 B=2000 base_ms=... boot_ms=... ratio=...
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analysis/logit.h"
#include "../analysis/roc.h"

#define N_LESIONS 10000
#define N_PATIENTS 2000
#define B_REPS 2000u

static uint64_t rng_state = 0x5eed2026ULL;

/* splitmix64 */
static uint64_t next_u64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(next_u64() >> 11) * 0x1.0p-53;
}

static double norm(void)
{
	double u1 = unif(), u2 = unif();
	return sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;
	return (u > v) - (u < v);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

int main(int argc, char **argv)
{
	int reps = 5;
	int raw = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--raw"))
			raw = 1;
		else if ((reps = atoi(argv[i])) < 1) {
			fprintf(stderr, "usage: predict_bench [REPEATS] [--raw]\n");
			return 2;
		}
	}

	static double x[N_LESIONS];
	static int y[N_LESIONS];
	static long pat[N_LESIONS];
	static double pmean[N_PATIENTS], peff[N_PATIENTS];
	for (int p = 0; p < N_PATIENTS; p++) {
		pmean[p] = 1.2 + 0.1 * norm();
		peff[p] = 0.8 * norm();
	}
	/* every patient has a lesion; the other 8,000 go to random patients */
	for (int i = 0; i < N_LESIONS; i++) {
		int p = i < N_PATIENTS ? i : (int)(next_u64() % N_PATIENTS);
		double a = pmean[p] + 0.12 * norm();
		a = fmin(1.6, fmax(0.8, a));
		if (!raw)
			a = round(a * 1000.0) / 1000.0;
		double eta = 0.3 - 8.0 * (a - 1.2) + peff[p];
		x[i] = a;
		y[i] = unif() < 1.0 / (1.0 + exp(-eta));
		pat[i] = 100000 + p;
	}

	double *tb = malloc((size_t)reps * sizeof *tb), *tt = malloc((size_t)reps * sizeof *tt);
	if (!tb || !tt)
		return 1;
	struct roc_result r;
	struct roc_boot_result br;
	struct logit_result lr;
	for (int k = 0; k < reps; k++) {
		double t0 = now_ms();
		int st = roc_compute(x, y, N_LESIONS, ROC_LOWER_POSITIVE, &r);
		double t1 = now_ms();
		if (st) {
			fprintf(stderr, "predict_bench: %s\n", roc_strerror(st));
			return 1;
		}
		struct roc_boot_options o = { .B = B_REPS, .seed = 20260101, .calibration = true };
		st = roc_bootstrap(x, y, pat, N_LESIONS, &o, &br);
		if (st) {
			fprintf(stderr, "predict_bench: %s\n", roc_strerror(st));
			return 1;
		}
		struct logit_options lo = { .cluster = pat };
		st = logit_fit(x, y, N_LESIONS, &lo, &lr);
		double t2 = now_ms();
		if (st) {
			fprintf(stderr, "predict_bench: %s\n", logit_strerror(st));
			return 1;
		}
		tb[k] = t1 - t0;
		tt[k] = t2 - t1;
	}
	double base = median(tb, reps), boot = median(tt, reps);
	printf("%d lesions, %d patients%s: AUC %.4f (DeLong %.4f-%.4f, bootstrap %.4f-%.4f), "
	       "Youden J %.3f corrected %.3f, calibration slope corrected %.3f, b1 %.3f "
	       "(SE %.3f, robust %.3f)\n",
	       N_LESIONS, N_PATIENTS, raw ? " (raw ADC)" : "", r.auc, r.auc_ci_lb, r.auc_ci_ub,
	       br.auc_ci_lb, br.auc_ci_ub, br.J, br.J_corrected, br.calib_slope_corrected,
	       lr.b1.est, lr.b1.se, lr.b1.se_rob);
	printf("median of %d: ROC + DeLong %.2f ms; bootstrap B=%u + logistic fit %.1f ms (x%.0f)\n",
	       reps, base, B_REPS, boot, boot / base);
	printf("predict_bench lesions=%d patients=%d B=%u base_ms=%.3f boot_ms=%.1f ratio=%.1f\n",
	       N_LESIONS, N_PATIENTS, B_REPS, base, boot, boot / base);
	free(tb);
	free(tt);
	return 0;
}
