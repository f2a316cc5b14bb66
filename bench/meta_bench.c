/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: pooling k = 10,000 studies, DL closed form vs REML + Q-profile CI + prediction interval. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../analysis/meta.h"

enum { K = 10000 };

/* xorshift64*: small, deterministic, fixed seed. */
static uint64_t rng = 0x2545F4914F6CDD1Dull;

static double unif(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((rng * 2685821657736338717ull) >> 11) * 0x1.0p-53 + 0x1.0p-54;
}

static double norm(void)
{
	return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median time of reps runs of meta_pool with opt, in ms; *fit gets the last. */
static double time_pool(const double *yi, const double *vi, const struct meta_options *opt,
                        int reps, struct meta_fit *fit)
{
	double *t = malloc(reps * sizeof *t);
	if (!t)
		exit(1);
	for (int r = 0; r < reps; r++) {
		meta_fit_fini(fit);
		struct meta_error err;
		double t0 = now_ms();
		if (meta_pool(yi, vi, K, opt, fit, &err) != META_OK) {
			char msg[128];
			fprintf(stderr, "meta_bench: %s\n", meta_error_message(&err, msg, sizeof msg));
			exit(1);
		}
		t[r] = now_ms() - t0;
	}
	qsort(t, reps, sizeof *t, cmp_double);
	double med = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
	free(t);
	return med;
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 7;
	if (reps < 1) {
		fprintf(stderr, "usage: meta_bench [repeats]\n");
		return 2;
	}
	double *yi = malloc(K * sizeof *yi), *vi = malloc(K * sizeof *vi);
	if (!yi || !vi)
		return 1;
	/* ADC-like mean differences: tau = 0.1, within-study SDs 0.04-0.15 */
	for (int i = 0; i < K; i++) {
		vi[i] = pow(0.04 + 0.11 * unif(), 2);
		yi[i] = -0.15 + 0.1 * norm() + sqrt(vi[i]) * norm();
	}
	struct meta_options dl = { .method = META_DL, .test = META_Z, .skip_tau2_ci = true };
	struct meta_options reml = { .method = META_REML, .test = META_Z };
	struct meta_fit f1 = { 0 }, f2 = { 0 };
	double dl_ms = time_pool(yi, vi, &dl, reps, &f1);
	double reml_ms = time_pool(yi, vi, &reml, reps, &f2);
	printf("meta k=%d: DL est %.5f tau2 %.5f; REML est %.5f tau2 %.5f [%.5f, %.5f] "
	       "PI [%.4f, %.4f], %d iterations\n",
	       K, f1.est, f1.tau2, f2.est, f2.tau2, f2.tau2_ci_lb, f2.tau2_ci_ub, f2.pi_lb, f2.pi_ub,
	       f2.iterations);
	printf("meta k=%d: DL %.2f ms, REML+Qprofile+PI %.2f ms, ratio %.1f (median of %d)\n", K,
	       dl_ms, reml_ms, reml_ms / dl_ms, reps);
	printf("meta_bench dl_ms=%.3f reml_ms=%.3f ratio=%.2f\n", dl_ms, reml_ms, reml_ms / dl_ms);
	meta_fit_fini(&f1);
	meta_fit_fini(&f2);
	free(yi);
	free(vi);
	return 0;
}
