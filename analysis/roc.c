/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Per-lesion ROC analysis: AUC with DeLong CI, Youden cut-off, patient-cluster bootstrap. */
#include "roc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "logit.h"

#define Z_975 1.959963984540054

const char *roc_strerror(int status)
{
	switch (status) {
	case ROC_OK:            return "ok";
	case ROC_INVALID:       return "invalid arguments";
	case ROC_BAD_VALUE:     return "a predictor value is not finite or a response is not 0/1";
	case ROC_ONE_CLASS:     return "only responders or only non-responders: no ROC curve";
	case ROC_TOO_FEW:       return "too few lesions: need at least 2 responders and 2 non-responders";
	case ROC_NOMEM:         return "out of memory";
	case ROC_NO_REPLICATES: return "no bootstrap replicate contained both responders and non-responders";
	case ROC_TOO_LARGE:     return "too many lesions for exact counting";
	case ROC_ONE_PATIENT:   return "the bootstrap over patients needs at least 2 patients: with "
	                               "one, every replicate is the same data and the intervals would "
	                               "be empty";
	default:                return "unknown ROC error";
	}
}

/* ---------------------------------------------------------------------------
 * The lesions sorted once by value and grouped into distinct values.
 * ------------------------------------------------------------------------- */

struct prep {
	size_t n, m, n1, n0;
	uint32_t *pos;   /* lesion index at each sorted position */
	uint32_t *gid;   /* group of each sorted position */
	double *gv;      /* value of each group, ascending */
	int64_t *gc, *gk; /* cases and controls in each group */
};

struct val_pos {
	double x;
	uint32_t i;
};

static int cmp_val_pos(const void *a, const void *b)
{
	const struct val_pos *u = a, *v = b;
	if (u->x != v->x)
		return u->x < v->x ? -1 : 1;
	return u->i < v->i ? -1 : u->i > v->i;
}

static void prep_fini(struct prep *p)
{
	free(p->pos);
	free(p->gid);
	free(p->gv);
	free(p->gc);
	free(p->gk);
	memset(p, 0, sizeof *p);
}

/* The sweep sums 2 * (case-control pairs) in int64_t. */
static bool counts_fit(uint64_t w1, uint64_t w0)
{
	return (double)w1 * (double)w0 <= 1e18;
}

/* Validate, count the classes, and (if sort) sort and group. */
static int prepare(const double *x, const int *y, size_t n, bool sort, struct prep *p)
{
	memset(p, 0, sizeof *p);
	if (!x || !y)
		return ROC_INVALID;
	if (n > UINT32_MAX)
		return ROC_TOO_LARGE;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]) || (y[i] != 0 && y[i] != 1))
			return ROC_BAD_VALUE;
		p->n1 += (size_t)y[i];
	}
	p->n = n;
	p->n0 = n - p->n1;
	if (p->n1 == 0 || p->n0 == 0)
		return ROC_ONE_CLASS;
	if (p->n1 < ROC_MIN_PER_CLASS || p->n0 < ROC_MIN_PER_CLASS)
		return ROC_TOO_FEW;
	if (!counts_fit(p->n1, p->n0))
		return ROC_TOO_LARGE;
	if (!sort)
		return ROC_OK;

	struct val_pos *t = malloc(n * sizeof *t);
	p->pos = malloc(n * sizeof *p->pos);
	p->gid = malloc(n * sizeof *p->gid);
	if (!t || !p->pos || !p->gid) {
		free(t);
		prep_fini(p);
		return ROC_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		t[i] = (struct val_pos){ x[i], (uint32_t)i };
	qsort(t, n, sizeof *t, cmp_val_pos);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && t[i].x != t[i - 1].x)
			m++;
		p->pos[i] = t[i].i;
		p->gid[i] = (uint32_t)m;
	}
	m++;
	p->m = m;
	p->gv = malloc(m * sizeof *p->gv);
	p->gc = calloc(m, sizeof *p->gc);
	p->gk = calloc(m, sizeof *p->gk);
	if (!p->gv || !p->gc || !p->gk) {
		free(t);
		size_t n1 = p->n1;
		prep_fini(p);
		p->n = n;
		p->n1 = n1;
		p->n0 = n - n1;
		return ROC_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t g = p->gid[i];
		p->gv[g] = t[i].x;
		if (y[t[i].i])
			p->gc[g]++;
		else
			p->gk[g]++;
	}
	free(t);
	return ROC_OK;
}

/* pROC's midpoint, safe for huge values. */
static double midpoint(double a, double b)
{
	double t = (a + b) / 2.0;
	if (!isfinite(t) || fabs(t) > 1e100)
		t = a / 2.0 + b / 2.0;
	return t;
}

/* ---------------------------------------------------------------------------
 * One sweep over the groups with (integer) weights: AUC and Youden optimum.
 * Groups with no weight are absent (a bootstrap replicate without them).
 * ------------------------------------------------------------------------- */

struct sweep {
	double auc;
	/* Youden cut: lesions in groups 0..cut_g are "below" the threshold; -1
	 * for the -Inf threshold. next_g: the next group with weight after
	 * cut_g (m if none: the +Inf threshold). */
	long cut_g;
	size_t next_g;
	size_t n_best;
	double threshold, sens, spec, J;
};

static void sweep(const double *gv, const int64_t *gc, const int64_t *gk, size_t m,
                  enum roc_direction dir, int64_t W1, int64_t W0, struct sweep *o)
{
	const bool lower = dir == ROC_LOWER_POSITIVE;
	int64_t cb = 0, kb = 0;  /* cases, controls below (in groups before g) */
	int64_t auc2 = 0;        /* 2 * sum over case-control pairs of psi */
	/* score = TP * W0 + TN * W1 = (J + 1) W1 W0, exact in integers; at the
	 * -Inf threshold (nothing below) it is W1 W0 in either direction. */
	int64_t best = W1 * W0;
	long best_g = -1;
	size_t n_best = 1;
	int64_t best_tp = lower ? 0 : W1, best_tn = lower ? W0 : 0;
	for (size_t g = 0; g < m; g++) {
		/* An absent group (no weight) changes nothing: its score equals the
		 * last one, which cannot beat the best; skipping it only in the tie
		 * count keeps this loop free of unpredictable branches. */
		int64_t c = gc[g], k = gk[g];
		if (lower)
			auc2 += c * (2 * (W0 - kb - k) + k);
		else
			auc2 += c * (2 * kb + k);
		cb += c;
		kb += k;
		int64_t tp = lower ? cb : W1 - cb, tn = lower ? W0 - kb : kb;
		int64_t score = tp * W0 + tn * W1;
		if (score > best) {
			best = score;
			best_g = (long)g;
			best_tp = tp;
			best_tn = tn;
			n_best = 1;
		} else {
			n_best += score == best && (c | k) != 0;
		}
	}
	o->auc = (double)auc2 / (2.0 * (double)W1 * (double)W0);
	o->cut_g = best_g;
	o->n_best = n_best;
	size_t next = (size_t)(best_g + 1);
	while (next < m && gc[next] == 0 && gk[next] == 0)
		next++;
	o->next_g = next;
	if (best_g < 0)
		o->threshold = -INFINITY;
	else if (next >= m)
		o->threshold = INFINITY;
	else
		o->threshold = midpoint(gv[best_g], gv[next]);
	o->sens = (double)best_tp / (double)W1;
	o->spec = (double)best_tn / (double)W0;
	o->J = o->sens + o->spec - 1.0;
}

/* DeLong variance of the unweighted AUC from the placement values. */
static double delong_var(const struct prep *p, enum roc_direction dir, double auc)
{
	const bool lower = dir == ROC_LOWER_POSITIVE;
	const double n1 = (double)p->n1, n0 = (double)p->n0;
	int64_t cb = 0, kb = 0;
	double s10 = 0, s01 = 0;
	for (size_t g = 0; g < p->m; g++) {
		int64_t c = p->gc[g], k = p->gk[g];
		int64_t ka = (int64_t)p->n0 - kb - k, ca = (int64_t)p->n1 - cb - c;
		/* V10 of a case here: share of controls it beats; V01 of a control
		 * here: share of cases that beat it. */
		double v10 = ((double)(lower ? ka : kb) + 0.5 * (double)k) / n0;
		double v01 = ((double)(lower ? cb : ca) + 0.5 * (double)c) / n1;
		s10 += (double)c * (v10 - auc) * (v10 - auc);
		s01 += (double)k * (v01 - auc) * (v01 - auc);
		cb += c;
		kb += k;
	}
	s10 /= n1 - 1.0;
	s01 /= n0 - 1.0;
	return s10 / n1 + s01 / n0;
}

static void fill_result(const struct prep *p, enum roc_direction dir, struct roc_result *out)
{
	struct sweep s;
	sweep(p->gv, p->gc, p->gk, p->m, dir, (int64_t)p->n1, (int64_t)p->n0, &s);
	memset(out, 0, sizeof *out);
	out->direction = dir;
	out->n = p->n;
	out->n_cases = p->n1;
	out->n_controls = p->n0;
	out->n_thresholds = p->m + 1;
	out->auc = s.auc;
	out->auc_var_delong = delong_var(p, dir, s.auc);
	out->auc_se_delong = sqrt(fmax(out->auc_var_delong, 0.0));
	out->auc_ci_lb = fmax(0.0, s.auc - Z_975 * out->auc_se_delong);
	out->auc_ci_ub = fmin(1.0, s.auc + Z_975 * out->auc_se_delong);
	out->youden_n_best = s.n_best;
	out->youden_threshold = s.threshold;
	out->youden_sens = s.sens;
	out->youden_spec = s.spec;
	out->youden_J = s.J;
}

static int fail_counts(struct roc_result *out, int st, const struct prep *p,
                       enum roc_direction dir)
{
	memset(out, 0, sizeof *out);
	if (st == ROC_ONE_CLASS || st == ROC_TOO_FEW) {
		out->direction = dir;
		out->n = p->n;
		out->n_cases = p->n1;
		out->n_controls = p->n0;
	}
	return st;
}

int roc_compute(const double *x, const int *y, size_t n, enum roc_direction dir,
                struct roc_result *out)
{
	if (!out)
		return ROC_INVALID;
	if (dir != ROC_LOWER_POSITIVE && dir != ROC_HIGHER_POSITIVE) {
		memset(out, 0, sizeof *out);
		return ROC_INVALID;
	}
	struct prep p;
	int st = prepare(x, y, n, true, &p);
	if (st)
		return fail_counts(out, st, &p, dir);
	fill_result(&p, dir, out);
	prep_fini(&p);
	return ROC_OK;
}

int roc_curve(const double *x, const int *y, size_t n, enum roc_direction dir,
              struct roc_point *pts, size_t cap, size_t *npts)
{
	if (!npts)
		return ROC_INVALID;
	*npts = 0;
	if (!pts || (dir != ROC_LOWER_POSITIVE && dir != ROC_HIGHER_POSITIVE))
		return ROC_INVALID;
	struct prep p;
	int st = prepare(x, y, n, true, &p);
	if (st)
		return st;
	if (cap < p.m + 1) {
		*npts = p.m + 1;
		prep_fini(&p);
		return ROC_INVALID;
	}
	const bool lower = dir == ROC_LOWER_POSITIVE;
	const double n1 = (double)p.n1, n0 = (double)p.n0;
	int64_t cb = 0, kb = 0;
	for (size_t k = 0; k <= p.m; k++) {
		if (k > 0) {
			cb += p.gc[k - 1];
			kb += p.gk[k - 1];
		}
		double t = k == 0 ? -INFINITY : k == p.m ? INFINITY : midpoint(p.gv[k - 1], p.gv[k]);
		double tp = lower ? (double)cb : n1 - (double)cb;
		double tn = lower ? n0 - (double)kb : (double)kb;
		pts[k] = (struct roc_point){ t, tp / n1, tn / n0 };
	}
	*npts = p.m + 1;
	prep_fini(&p);
	return ROC_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;
	return (u > v) - (u < v);
}

/* R's quantile type 7 of the sorted s[0..n-1]; infinite ends propagate. */
static double quantile7(const double *s, size_t n, double prob)
{
	if (n == 0)
		return NAN;
	double h = (double)(n - 1) * prob;
	size_t lo = (size_t)floor(h);
	if (lo >= n - 1)
		return s[n - 1];
	double f = h - (double)lo, a = s[lo], b = s[lo + 1];
	if (f == 0.0 || a == b)
		return a;
	if (!isfinite(a) || !isfinite(b))
		return isinf(a) && a < 0 ? a : b;
	return a + f * (b - a);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

enum roc_direction roc_direction_auto(const double *x, const int *y, size_t n)
{
	if (!x || !y || n == 0)
		return ROC_LOWER_POSITIVE;
	double *c = malloc(n * sizeof *c);
	if (!c)
		return ROC_LOWER_POSITIVE;
	size_t n1 = 0, n0 = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] == 1)
			c[n1++] = x[i];
	double *k = c + n1;
	for (size_t i = 0; i < n; i++)
		if (y[i] == 0)
			k[n0++] = x[i];
	enum roc_direction d = ROC_LOWER_POSITIVE;
	if (n1 > 0 && n0 > 0) {
		double med1 = median_of(c, n1), med0 = median_of(k, n0);
		/* pROC: "<" (higher = case) when median(controls) <= median(cases) */
		d = med0 <= med1 ? ROC_HIGHER_POSITIVE : ROC_LOWER_POSITIVE;
	}
	free(c);
	return d;
}

void roc_emit(const struct roc_result *r,
              void (*emit)(void *ctx, const char *method, const char *stat, double value),
              void *ctx)
{
	emit(ctx, "roc", "n", (double)r->n);
	emit(ctx, "roc", "n_cases", (double)r->n_cases);
	emit(ctx, "roc", "n_controls", (double)r->n_controls);
	emit(ctx, "roc", "auc", r->auc);
	emit(ctx, "roc", "auc_var_delong", r->auc_var_delong);
	emit(ctx, "roc", "auc_se_delong", r->auc_se_delong);
	emit(ctx, "roc", "auc_ci_lb", r->auc_ci_lb);
	emit(ctx, "roc", "auc_ci_ub", r->auc_ci_ub);
	emit(ctx, "roc", "youden_n_best", (double)r->youden_n_best);
	emit(ctx, "roc", "youden_threshold", r->youden_threshold);
	emit(ctx, "roc", "youden_sens", r->youden_sens);
	emit(ctx, "roc", "youden_spec", r->youden_spec);
	emit(ctx, "roc", "youden_J", r->youden_J);
}

void roc_emit_auto(const struct roc_result *r,
                   void (*emit)(void *ctx, const char *method, const char *stat, double value),
                   void *ctx)
{
	emit(ctx, "roc_auto", "direction_gt", r->direction == ROC_LOWER_POSITIVE ? 1.0 : 0.0);
	emit(ctx, "roc_auto", "auc", r->auc);
	emit(ctx, "roc_auto", "auc_ci_lb", r->auc_ci_lb);
	emit(ctx, "roc_auto", "auc_ci_ub", r->auc_ci_ub);
}

/* ---------------------------------------------------------------------------
 * Bootstrap
 * ------------------------------------------------------------------------- */

struct id_pos {
	long id;
	uint32_t pos;
};

static int cmp_id_pos(const void *a, const void *b)
{
	const struct id_pos *u = a, *v = b;
	if (u->id != v->id)
		return u->id < v->id ? -1 : 1;
	return u->pos < v->pos ? -1 : u->pos > v->pos;
}

/* Patient of each lesion as 0..G-1 (each lesion its own when id is NULL). */
static int patient_index(const long *id, size_t n, uint32_t *out, size_t *G)
{
	if (!id) {
		for (size_t i = 0; i < n; i++)
			out[i] = (uint32_t)i;
		*G = n;
		return ROC_OK;
	}
	struct id_pos *t = malloc(n * sizeof *t);
	if (!t)
		return ROC_NOMEM;
	for (size_t i = 0; i < n; i++)
		t[i] = (struct id_pos){ id[i], (uint32_t)i };
	qsort(t, n, sizeof *t, cmp_id_pos);
	uint32_t g = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && t[i].id != t[i - 1].id)
			g++;
		out[t[i].pos] = g;
	}
	*G = n ? (size_t)g + 1 : 0;
	free(t);
	return ROC_OK;
}

/* Where the original lesions fall relative to a replicate's cut: the number
 * of original groups below it (groups 0..k-1), from the cut's groups. */
static size_t groups_below(const double *gv, size_t m, const struct sweep *s)
{
	if (s->cut_g < 0)
		return 0;
	if (s->next_g >= m)
		return m;
	/* Groups up to cut_g are below, from next_g on above; those between
	 * (absent from the replicate) are compared with the midpoint. */
	size_t lo = (size_t)s->cut_g + 1, hi = s->next_g;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (gv[mid] <= s->threshold)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void ci_from(double *v, size_t n, double level, double *lb, double *ub)
{
	qsort(v, n, sizeof *v, cmp_double);
	*lb = quantile7(v, n, (1.0 - level) / 2.0);
	*ub = quantile7(v, n, 1.0 - (1.0 - level) / 2.0);
}

int roc_bootstrap(const double *x, const int *y, const long *patient, size_t n,
                  const struct roc_boot_options *opt, struct roc_boot_result *out)
{
	if (!out)
		return ROC_INVALID;
	memset(out, 0, sizeof *out);
	struct roc_boot_options dflt = { 0 };
	if (!opt)
		opt = &dflt;
	enum roc_direction dir = opt->direction;
	unsigned B = opt->B ? opt->B : ROC_BOOT_DEFAULT_B;
	double level = opt->conf_level != 0 ? opt->conf_level : ROC_BOOT_DEFAULT_LEVEL;
	if ((dir != ROC_LOWER_POSITIVE && dir != ROC_HIGHER_POSITIVE) || !(level > 0 && level < 1))
		return ROC_INVALID;

	struct prep p;
	int st = prepare(x, y, n, true, &p);
	if (st)
		return st;
	const size_t m = p.m;
	const bool lower = dir == ROC_LOWER_POSITIVE;

	uint32_t *pat = malloc(n * sizeof *pat);   /* patient by lesion */
	uint32_t *spat = malloc(n * sizeof *spat); /* patient by sorted position */
	uint8_t *sy = malloc(n);                   /* response by sorted position */
	int64_t *cum_c = malloc((m + 1) * sizeof *cum_c), *cum_k = malloc((m + 1) * sizeof *cum_k);
	int64_t *wc = malloc(m * sizeof *wc), *wk = malloc(m * sizeof *wk);
	double *rep = malloc(5 * (size_t)B * sizeof *rep);
	double *cv = NULL, *cc = NULL, *ck = NULL, *cmu = NULL, *mu0 = NULL;
	uint32_t *cnt = NULL;
	gsl_rng *rng = NULL;
	if (!pat || !spat || !sy || !cum_c || !cum_k || !wc || !wk || !rep) {
		st = ROC_NOMEM;
		goto done;
	}
	size_t G;
	st = patient_index(patient, n, pat, &G);
	if (st)
		goto done;
	if (G < 2) {
		st = ROC_ONE_PATIENT;
		goto done;
	}
	cnt = malloc(G * sizeof *cnt);
	if (!cnt) {
		st = ROC_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		spat[i] = pat[p.pos[i]];
		sy[i] = (uint8_t)y[p.pos[i]];
	}
	cum_c[0] = cum_k[0] = 0;
	for (size_t g = 0; g < m; g++) {
		cum_c[g + 1] = cum_c[g] + p.gc[g];
		cum_k[g + 1] = cum_k[g] + p.gk[g];
	}
	const int64_t N1 = (int64_t)p.n1, N0 = (int64_t)p.n0;

	struct sweep app;
	sweep(p.gv, p.gc, p.gk, m, dir, N1, N0, &app);

	/* The original logistic fit for the calibration slope. */
	bool calib = opt->calibration;
	double beta[2] = { log((double)p.n1 / (double)p.n0), 0.0 };
	if (calib) {
		cv = malloc(m * sizeof *cv);
		cc = malloc(m * sizeof *cc);
		ck = malloc(m * sizeof *ck);
		cmu = malloc(m * sizeof *cmu);
		mu0 = malloc(m * sizeof *mu0);
		if (!cv || !cc || !ck || !cmu || !mu0) {
			st = ROC_NOMEM;
			goto done;
		}
		for (size_t g = 0; g < m; g++) {
			cv[g] = p.gv[g];
			cc[g] = (double)p.gc[g];
			ck[g] = (double)p.gk[g];
		}
		if (logit_fit_grouped(cv, cc, ck, m, NULL, beta) != LOGIT_OK)
			calib = false;
		/* Every replicate's fit starts here: the first Newton step reuses
		 * these fitted probabilities. */
		for (size_t g = 0; g < m; g++)
			mu0[g] = 1.0 / (1.0 + exp(-(beta[0] + beta[1] * p.gv[g])));
	}

	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng) {
		st = ROC_NOMEM;
		goto done;
	}
	gsl_rng_set(rng, opt->seed);

	double *r_auc = rep, *r_thr = rep + B, *r_sens = rep + 2 * (size_t)B,
	       *r_spec = rep + 3 * (size_t)B, *r_J = rep + 4 * (size_t)B;
	size_t used = 0;
	double opt_auc = 0, opt_sens = 0, opt_spec = 0, opt_J = 0, opt_slope = 0;
	unsigned calib_used = 0, calib_failed = 0;
	for (unsigned b = 0; b < B; b++) {
		memset(cnt, 0, G * sizeof *cnt);
		for (size_t j = 0; j < G; j++)
			cnt[gsl_rng_uniform_int(rng, G)]++;
		memset(wc, 0, m * sizeof *wc);
		memset(wk, 0, m * sizeof *wk);
		int64_t W1 = 0, W0 = 0;
		/* branch-free: the responses are in random order */
		for (size_t i = 0; i < n; i++) {
			int64_t w = cnt[spat[i]], c = w * sy[i];
			wc[p.gid[i]] += c;
			wk[p.gid[i]] += w - c;
			W1 += c;
			W0 += w - c;
		}
		if (W1 == 0 || W0 == 0)
			continue;
		if (!counts_fit((uint64_t)W1, (uint64_t)W0)) {
			st = ROC_TOO_LARGE;
			goto done;
		}
		struct sweep s;
		sweep(p.gv, wc, wk, m, dir, W1, W0, &s);
		r_auc[used] = s.auc;
		r_thr[used] = s.threshold;
		r_sens[used] = s.sens;
		r_spec[used] = s.spec;
		r_J[used] = s.J;
		used++;

		/* The replicate's cut-off on the original lesions. */
		size_t k = groups_below(p.gv, m, &s);
		int64_t tp = lower ? cum_c[k] : N1 - cum_c[k];
		int64_t tn = lower ? N0 - cum_k[k] : cum_k[k];
		double sens_o = (double)tp / (double)N1, spec_o = (double)tn / (double)N0;
		opt_auc += s.auc - app.auc;
		opt_sens += s.sens - sens_o;
		opt_spec += s.spec - spec_o;
		opt_J += s.J - (sens_o + spec_o - 1.0);

		if (calib) {
			size_t mm = 0;
			for (size_t g = 0; g < m; g++) {
				if (wc[g] == 0 && wk[g] == 0)
					continue;
				cv[mm] = p.gv[g];
				cc[mm] = (double)wc[g];
				ck[mm] = (double)wk[g];
				cmu[mm] = mu0[g];
				mm++;
			}
			double bb[2] = { beta[0], beta[1] };
			if (logit_fit_grouped(cv, cc, ck, mm, cmu, bb) == LOGIT_OK && bb[1] != 0.0) {
				opt_slope += 1.0 - beta[1] / bb[1];
				calib_used++;
			} else {
				calib_failed++;
			}
		}
	}
	if (used == 0) {
		st = ROC_NO_REPLICATES;
		goto done;
	}

	const double u = (double)used;
	out->B = B;
	out->n_used = (unsigned)used;
	out->n_skipped = B - (unsigned)used;
	out->n_patients = G;
	out->conf_level = level;

	out->auc = app.auc;
	double mean = 0, ss = 0;
	for (size_t i = 0; i < used; i++)
		mean += r_auc[i];
	mean /= u;
	for (size_t i = 0; i < used; i++)
		ss += (r_auc[i] - mean) * (r_auc[i] - mean);
	out->auc_boot_mean = mean;
	out->auc_boot_se = used > 1 ? sqrt(ss / (u - 1.0)) : NAN;
	ci_from(r_auc, used, level, &out->auc_ci_lb, &out->auc_ci_ub);
	out->auc_optimism = opt_auc / u;
	out->auc_corrected = app.auc - out->auc_optimism;

	out->threshold = app.threshold;
	ci_from(r_thr, used, level, &out->threshold_ci_lb, &out->threshold_ci_ub);
	out->sens = app.sens;
	ci_from(r_sens, used, level, &out->sens_ci_lb, &out->sens_ci_ub);
	out->sens_optimism = opt_sens / u;
	out->sens_corrected = app.sens - out->sens_optimism;
	out->spec = app.spec;
	ci_from(r_spec, used, level, &out->spec_ci_lb, &out->spec_ci_ub);
	out->spec_optimism = opt_spec / u;
	out->spec_corrected = app.spec - out->spec_optimism;
	out->J = app.J;
	ci_from(r_J, used, level, &out->J_ci_lb, &out->J_ci_ub);
	out->J_optimism = opt_J / u;
	out->J_corrected = app.J - out->J_optimism;

	if (calib && calib_used > 0) {
		out->has_calibration = true;
		out->calib_n_used = calib_used;
		out->calib_n_failed = calib_failed;
		out->calib_slope = 1.0;
		out->calib_slope_optimism = opt_slope / calib_used;
		out->calib_slope_corrected = 1.0 - out->calib_slope_optimism;
	}
	st = ROC_OK;
done:
	gsl_rng_free(rng);
	free(cnt);
	free(mu0);
	free(cmu);
	free(ck);
	free(cc);
	free(cv);
	free(rep);
	free(wk);
	free(wc);
	free(cum_k);
	free(cum_c);
	free(sy);
	free(spat);
	free(pat);
	prep_fini(&p);
	if (st)
		memset(out, 0, sizeof *out);
	return st;
}

void roc_boot_emit(const struct roc_boot_result *r,
                   void (*emit)(void *ctx, const char *method, const char *stat, double value),
                   void *ctx)
{
	const char *M = "roc_boot";
	emit(ctx, M, "B", r->B);
	emit(ctx, M, "n_used", r->n_used);
	emit(ctx, M, "n_skipped", r->n_skipped);
	emit(ctx, M, "n_patients", (double)r->n_patients);
	emit(ctx, M, "conf_level", r->conf_level);
	emit(ctx, M, "auc", r->auc);
	emit(ctx, M, "auc_boot_mean", r->auc_boot_mean);
	emit(ctx, M, "auc_boot_se", r->auc_boot_se);
	emit(ctx, M, "auc_ci_lb", r->auc_ci_lb);
	emit(ctx, M, "auc_ci_ub", r->auc_ci_ub);
	emit(ctx, M, "auc_optimism", r->auc_optimism);
	emit(ctx, M, "auc_corrected", r->auc_corrected);
	emit(ctx, M, "threshold", r->threshold);
	emit(ctx, M, "threshold_ci_lb", r->threshold_ci_lb);
	emit(ctx, M, "threshold_ci_ub", r->threshold_ci_ub);
	static const char *const names[3][5] = {
		{ "sens", "sens_ci_lb", "sens_ci_ub", "sens_optimism", "sens_corrected" },
		{ "spec", "spec_ci_lb", "spec_ci_ub", "spec_optimism", "spec_corrected" },
		{ "J", "J_ci_lb", "J_ci_ub", "J_optimism", "J_corrected" },
	};
	const double v[3][5] = {
		{ r->sens, r->sens_ci_lb, r->sens_ci_ub, r->sens_optimism, r->sens_corrected },
		{ r->spec, r->spec_ci_lb, r->spec_ci_ub, r->spec_optimism, r->spec_corrected },
		{ r->J, r->J_ci_lb, r->J_ci_ub, r->J_optimism, r->J_corrected },
	};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++)
			emit(ctx, M, names[i][j], v[i][j]);
	if (r->has_calibration) {
		emit(ctx, M, "calib_n_used", r->calib_n_used);
		emit(ctx, M, "calib_n_failed", r->calib_n_failed);
		emit(ctx, M, "calib_slope", r->calib_slope);
		emit(ctx, M, "calib_slope_optimism", r->calib_slope_optimism);
		emit(ctx, M, "calib_slope_corrected", r->calib_slope_corrected);
	}
}
