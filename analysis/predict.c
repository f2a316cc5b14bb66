/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The predictor pipeline: per study and pooled, ROC, bootstrap, logistic model, prediction. */
#include "predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The lesions of study s (s < 0: all) into new arrays; false when out of memory. */
static bool subset(const struct predict_lesions *l, int s, double **x, int **y, long **p, int **st,
		   size_t *k)
{
	size_t m = l->n ? l->n : 1;
	*x = calloc(m, sizeof **x);
	*y = calloc(m, sizeof **y);
	*p = calloc(m, sizeof **p);
	*st = calloc(m, sizeof **st);
	*k = 0;
	if (!*x || !*y || !*p || !*st)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (s < 0 || l->study[i] == s) {
			(*x)[*k] = l->x[i];
			(*y)[*k] = l->y[i];
			(*p)[*k] = l->patient[i];
			(*st)[*k] = l->study[i];
			(*k)++;
		}
	return true;
}

/* One analysis: study s (s < 0: pooled); false when out of memory. */
static bool analyse(const struct predict_lesions *l, int s, const struct predict_options *o,
		    bool boot, struct predict_one *r)
{
	double *x;
	int *y, *st;
	long *p;
	size_t n;
	bool ok = false;
	memset(r, 0, sizeof *r);
	r->label = s < 0 ? "pooled" : l->study_label[s];
	/* patients are numbered over all lesions; count the distinct ones */
	char *seen = calloc(l->npatients ? l->npatients : 1, 1);
	if (!subset(l, s, &x, &y, &p, &st, &n) || !seen)
		goto out;
	r->n = n;
	for (size_t i = 0; i < n; i++)
		r->ncases += (size_t)y[i];
	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]) {
			seen[p[i]] = 1;
			r->npatients++;
		}
	r->roc_rc = roc_compute(x, y, n, o->dir, &r->roc);
	if (r->roc_rc == 0) {
		r->curve = calloc(r->roc.n_thresholds + 1, sizeof *r->curve);
		if (!r->curve)
			goto out;
		roc_curve(x, y, n, o->dir, r->curve, r->roc.n_thresholds + 1, &r->ncurve);
	}
	struct logit_options lo = { .cluster = p };
	bool study_term = s < 0 && l->nstudy > 1;
	if (study_term) {
		lo.study = st;
		lo.n_study = l->nstudy;
	}
	if (o->has_adc && !study_term) {
		lo.predict = true;
		lo.x0 = o->adc;
	}
	r->logit_rc = logit_fit(x, y, n, &lo, &r->logit);
	if (study_term && o->has_adc && r->logit_rc == 0) {
		/* the prediction comes from the model without the study term */
		struct logit_options lp = { .cluster = p, .predict = true, .x0 = o->adc };
		struct logit_result m;
		if (logit_fit(x, y, n, &lp, &m) == 0) {
			r->logit.has_pred = m.has_pred;
			r->logit.pred_robust = m.pred_robust;
			r->logit.pred_x0 = m.pred_x0;
			r->logit.pred_eta = m.pred_eta;
			r->logit.pred_eta_se = m.pred_eta_se;
			r->logit.pred_p = m.pred_p;
			r->logit.pred_ci_lb = m.pred_ci_lb;
			r->logit.pred_ci_ub = m.pred_ci_ub;
		}
	}
	if (boot && r->roc_rc == 0) {
		struct roc_boot_options bo = { o->dir, o->B, o->seed, 0.95, true };
		r->boot_rc = roc_bootstrap(x, y, p, n, &bo, &r->boot);
		r->has_boot = r->boot_rc == 0;
	}
	ok = true;
out:
	free(seen);
	free(x);
	free(y);
	free(p);
	free(st);
	return ok;
}

int predict_run(const struct predict_lesions *l, const struct predict_options *o,
		struct predict_result *out)
{
	if (!out)
		return ROC_INVALID;
	memset(out, 0, sizeof *out);
	if (!l || !o || (l->n && (!l->x || !l->y || !l->patient || !l->study)) ||
	    (l->nstudy > 0 && !l->study_label))
		return ROC_INVALID;
	for (size_t i = 0; i < l->n; i++)
		if (l->patient[i] < 0 || (size_t)l->patient[i] >= l->npatients || l->study[i] < 0 ||
		    l->study[i] >= (l->nstudy > 0 ? l->nstudy : 1))
			return ROC_INVALID;
	/* per study (when there are several), then pooled */
	int nr = l->nstudy > 1 ? l->nstudy : 0;
	if (nr) {
		out->study = calloc((size_t)nr, sizeof *out->study);
		if (!out->study)
			return ROC_NOMEM;
	}
	out->nstudy = nr;
	bool ok = true;
	for (int s = 0; s < nr && ok; s++)
		ok = analyse(l, s, o, false, &out->study[s]);
	if (ok)
		ok = analyse(l, -1, o, o->B > 0, &out->pooled);
	if (!ok) {
		predict_result_fini(out);
		return ROC_NOMEM;
	}
	return 0;
}

void predict_result_fini(struct predict_result *r)
{
	if (!r)
		return;
	for (int s = 0; s < r->nstudy; s++)
		free(r->study[s].curve);
	free(r->study);
	free(r->pooled.curve);
	memset(r, 0, sizeof *r);
}

bool predict_extrapolates(const double *x, size_t n, double adc, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		*lo = fmin(*lo, x[i]);
		*hi = fmax(*hi, x[i]);
	}
	if (n == 0)
		return false;
	double margin = 0.1 * (*hi - *lo);
	return adc < *lo - margin || adc > *hi + margin;
}

const char *predict_why_roc(int rc)
{
	switch (rc) {
	case ROC_ONE_CLASS: return "one class only (all responders or all non-responders)";
	case ROC_TOO_FEW: return "too few lesions (at least 2 responders and 2 non-responders)";
	default: return roc_strerror(rc);
	}
}

const char *predict_why_logit(int rc)
{
	switch (rc) {
	case LOGIT_SEPARATION: return "complete or quasi-complete separation: ADC separates the "
				      "classes (perfectly at some threshold), so the odds ratio is not "
				      "estimable";
	case LOGIT_TOO_FEW: return "too few lesions for the logistic model (at least 10, with 2 of "
				   "each class)";
	case LOGIT_ONE_CLASS: return "one class only";
	default: return logit_strerror(rc);
	}
}
