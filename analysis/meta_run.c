/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One meta-analysis as a review reports it: effect sizes, pooled fit,
 * leave-one-out, cumulative by year, Egger's test, subgroups, warnings. */
#include "meta_run.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct meta_error *err, int code, long study, enum meta_field field)
{
	if (err)
		*err = (struct meta_error){ code, study, field, NAN };
	return code;
}

int meta_analysis_effects(enum meta_measure measure, const struct meta_in_study *s, size_t k,
			  double *yi, double *vi, struct meta_error *err)
{
	if (k && !s)
		return fail(err, META_INVALID, -1, META_F_NONE);
	struct meta_study *st = calloc(k ? k : 1, sizeof *st);
	if (!st)
		return fail(err, META_NOMEM, -1, META_F_NONE);
	for (size_t i = 0; i < k; i++)
		st[i] = (struct meta_study){ s[i].n1, s[i].mean1, s[i].sd1,
					     s[i].n2, s[i].mean2, s[i].sd2 };
	int rc = meta_escalc(measure, st, k, yi, vi, err);
	free(st);
	return rc;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Subgroup labels (sorted, as R orders factor levels) and each study's. */
static int subgroups_of(const struct meta_in_study *s, size_t k, struct meta_analysis *a,
			struct meta_error *err)
{
	for (size_t i = 0; i < k; i++)
		if (!s[i].subgroup)
			return fail(err, META_INVALID, (long)i, META_F_GROUP);
	a->sub_label = calloc(k, sizeof *a->sub_label);
	a->group = calloc(k, sizeof *a->group);
	if (!a->sub_label || !a->group)
		return fail(err, META_NOMEM, -1, META_F_NONE);
	for (size_t i = 0; i < k; i++) {
		size_t g;
		for (g = 0; g < a->nsub && strcmp(a->sub_label[g], s[i].subgroup); g++)
			;
		if (g == a->nsub)
			a->sub_label[a->nsub++] = s[i].subgroup;
	}
	qsort(a->sub_label, a->nsub, sizeof *a->sub_label, cmp_str);
	for (size_t i = 0; i < k; i++)
		for (size_t g = 0; g < a->nsub; g++)
			if (!strcmp(a->sub_label[g], s[i].subgroup))
				a->group[i] = g;
	return META_OK;
}

static void add_warning(struct meta_analysis *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_warning(struct meta_analysis *a, const char *fmt, ...)
{
	int n = META_ANALYSIS_MAX_WARNINGS;
	if (a->nwarnings >= n)
		return;
	if (a->nwarnings == n - 1) {
		snprintf(a->warnings[a->nwarnings++], sizeof a->warnings[0], "(more warnings left out)");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->warnings[a->nwarnings++], sizeof a->warnings[0], fmt, ap);
	va_end(ap);
}

/* A warning for each member of a series that could not be fitted. */
static void series_warnings(struct meta_analysis *a, const struct meta_in_study *s,
			    const struct meta_series *sr, const size_t *order, bool loo)
{
	for (size_t j = 0; j < sr->n; j++)
		if (sr->fit[j].status)
			add_warning(a, "%s %s: not fitted (%s)", loo ? "leave-one-out without" :
				    "cumulative up to", s[order ? order[j] : j].label,
				    meta_strerror(sr->fit[j].status));
}

/* The studies by year, unknown years last, stable; NULL when out of memory. */
static size_t *year_order(const struct meta_in_study *s, size_t k)
{
	size_t *ord = calloc(k ? k : 1, sizeof *ord);
	if (!ord)
		return NULL;
	for (size_t i = 0; i < k; i++)
		ord[i] = i;
	/* stable insertion sort by year (unknown years last) */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0; j--) {
			int ya = s[ord[j - 1]].year ? s[ord[j - 1]].year : 99999;
			int yb = s[ord[j]].year ? s[ord[j]].year : 99999;
			if (ya <= yb)
				break;
			size_t t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	return ord;
}

/* Everything after the effect sizes; returns the first error. */
static int run(const struct meta_in_study *s, size_t k, const struct meta_analysis_options *o,
	       struct meta_analysis *a, struct meta_error *me)
{
	struct meta_options opt = { o->method, o->test, 0.95, false, !o->knha_plain };
	int rc = meta_pool(a->yi, a->vi, k, &opt, &a->fit, me);
	if (rc)
		return rc;
	if (a->fit.knha_adhoc_applied)
		add_warning(a, "Hartung-Knapp: q = %.3g is below 1 and was raised to 1 (ad hoc "
			    "safeguard: the CI is never narrower than the z-based one; --knha-plain "
			    "for metafor's test=\"knha\")", a->fit.knha_q);
	if (a->fit.ci_narrower_than_fe && o->method != META_FE)
		add_warning(a, "the random-effects CI is narrower than the fixed-effect one "
			    "(Hartung-Knapp q = %.3g below 1): do not read it as more precise",
			    a->fit.knha_q);
	if (o->loo && k >= 2) {
		if ((rc = meta_leave1out(a->yi, a->vi, k, &opt, &a->loo, me)))
			return rc;
		a->has_loo = true;
		series_warnings(a, s, &a->loo, NULL, true);
	}
	if (o->cumulative) {
		if (!(a->cum_order = year_order(s, k)))
			return fail(me, META_NOMEM, -1, META_F_NONE);
		if ((rc = meta_cumulative(a->yi, a->vi, k, a->cum_order, &opt, &a->cum, me)))
			return rc;
		a->has_cum = true;
		series_warnings(a, s, &a->cum, a->cum_order, false);
	}
	if (o->egger) {
		if (k < 3) {
			add_warning(a, "Egger's test needs at least 3 studies");
		} else {
			if ((rc = meta_egger(a->yi, a->vi, k, &a->egger, me)))
				return rc;
			a->has_egger = true;
			if (a->egger.few_studies)
				add_warning(a, "Egger's test with %zu studies (fewer than 10) has "
					    "little power", k);
		}
	}
	if (o->subgroups) {
		if ((rc = subgroups_of(s, k, a, me)))
			return rc;
		if (a->nsub >= 2) {
			if ((rc = meta_subgroup(a->yi, a->vi, a->group, k, a->nsub, &opt, &a->sub, me)))
				return rc;
			a->has_sub = true;
			for (size_t g = 0; g < a->nsub; g++)
				if (a->sub.fit[g].status)
					add_warning(a, "subgroup %s: not fitted (%s)", a->sub_label[g],
						    meta_strerror(a->sub.fit[g].status));
		} else {
			add_warning(a, "one subgroup only: no subgroup analysis");
		}
	}
	return META_OK;
}

int meta_analysis_run(const struct meta_in_study *s, size_t k,
		      const struct meta_analysis_options *opt, struct meta_analysis *a,
		      struct meta_error *err)
{
	if (!a || !opt)
		return fail(err, META_INVALID, -1, META_F_NONE);
	memset(a, 0, sizeof *a);
	a->k = k;
	if (k == 0)
		return fail(err, META_TOO_FEW, -1, META_F_NONE);
	if (!s)
		return fail(err, META_INVALID, -1, META_F_NONE);
	int rc = META_NOMEM;
	a->yi = calloc(k, sizeof *a->yi);
	a->vi = calloc(k, sizeof *a->vi);
	if (!a->yi || !a->vi)
		fail(err, rc, -1, META_F_NONE);
	else if ((rc = meta_analysis_effects(opt->measure, s, k, a->yi, a->vi, err)) == META_OK)
		rc = run(s, k, opt, a, err);
	if (rc)
		meta_analysis_fini(a);
	return rc;
}

void meta_analysis_fini(struct meta_analysis *a)
{
	if (!a)
		return;
	free(a->yi);
	free(a->vi);
	meta_fit_fini(&a->fit);
	meta_series_fini(&a->loo);
	meta_series_fini(&a->cum);
	meta_subgroups_fini(&a->sub);
	free(a->cum_order);
	free(a->sub_label);
	free(a->group);
	memset(a, 0, sizeof *a);
}
