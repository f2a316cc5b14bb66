/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve meta's figures: the forest plot and the funnel plot. */
#include "meta_report.h"
#include "../lib/xalloc.h"
#include "../plot/figure.h"
#include "../plot/forest.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s with an ASCII first letter in upper case ("Responders"). */
static void capitalised(char *buf, size_t size, const char *s)
{
	snprintf(buf, size, "%s", s);
	buf[0] = (char)toupper((unsigned char)buf[0]);
}

static void summary_of(struct plot_forest_summary *s, const char *label, const struct meta_fit *f,
		       char *het, size_t hetsz, bool random)
{
	s->label = label;
	s->est = f->k >= 1 ? f->est : NAN;
	s->ci_lb = f->ci_lb;
	s->ci_ub = f->ci_ub;
	s->pi_lb = random && f->k >= 2 ? f->pi_lb : NAN;
	s->pi_ub = random && f->k >= 2 ? f->pi_ub : NAN;
	s->het = NULL;
	if (f->status) {
		snprintf(het, hetsz, "not fitted: %s", meta_strerror(f->status));
		s->het = het;
	} else if (f->k >= 2) {
		if (random)
			snprintf(het, hetsz, "Heterogeneity: I² = %.0f%%, τ² = %.3g, Q = %.2f (df = %.0f), "
				 "p = %.2g", f->I2, f->tau2, f->Q, f->Q_df, f->Q_pval);
		else
			snprintf(het, hetsz, "Heterogeneity: I² = %.0f%%, Q = %.2f (df = %.0f), p = %.2g",
				 f->I2, f->Q, f->Q_df, f->Q_pval);
		s->het = het;
	}
}

static int forest(const struct meta_opts *o, const struct meta_input *in,
		  const struct meta_analysis *a, struct sieve_error *err)
{
	size_t k = in->k;
	struct plot_forest_study *s = xcalloc(k, sizeof *s);
	char (*cols)[6][24] = xcalloc(k, sizeof *cols);
	size_t *order = xcalloc(k, sizeof *order);
	size_t nb = a->has_sub ? a->nsub : 1, at = 0;
	struct plot_forest_block *b = xcalloc(nb, sizeof *b);
	char (*het)[200] = xcalloc(nb + 1, sizeof *het);
	bool random = o->method != META_FE;
	int d = plot_decimals_for(fmax(fabs(a->fit.ci_lb), fabs(a->fit.ci_ub)));
	for (size_t g = 0; g < nb; g++) {
		b[g].first = at;
		for (size_t i = 0; i < k; i++)
			if (!a->has_sub || a->group[i] == g)
				order[at++] = i;
		b[g].n = at - b[g].first;
		if (a->has_sub) {
			b[g].title = a->sub_label[g];
			summary_of(&b[g].pooled, "Subtotal", &a->sub.fit[g], het[g + 1], sizeof het[g + 1],
				   random);
			if (a->sub.fit[g].k < 2 || a->sub.fit[g].status)
				b[g].pooled.est = NAN;
		} else {
			b[g].pooled.est = NAN;
		}
	}
	for (size_t j = 0; j < k; j++) {
		size_t i = order[j];
		const struct meta_in_study *st = &in->s[i];
		double v[6] = { st->n1, st->mean1, st->sd1, st->n2, st->mean2, st->sd2 };
		for (int c = 0; c < 6; c++) {
			if (c % 3 == 0)
				snprintf(cols[j][c], sizeof cols[j][c], "%.0f", v[c]);
			else
				snprintf(cols[j][c], sizeof cols[j][c], "%.*f", d, v[c]);
			s[j].cols[c] = cols[j][c];
		}
		double se = sqrt(a->vi[i]);
		s[j].label = st->label;
		s[j].est = a->yi[i];
		s[j].ci_lb = a->yi[i] - 1.959963984540054 * se;
		s[j].ci_ub = a->yi[i] + 1.959963984540054 * se;
		s[j].weight = a->fit.weight[i];
		s[j].derived = st->derived != NULL;
	}
	char effect[160], model[160], subtest[200], foot[200], g1[64], g2[64];
	bool md = o->measure == META_MD;
	snprintf(effect, sizeof effect, "%s%s%s%s", md ? "Mean difference" : "Standardised mean "
		 "difference (Hedges' g)", md && in->unit ? " (" : "", md && in->unit ? in->unit : "",
		 md && in->unit ? ")" : "");
	snprintf(model, sizeof model, random ? "Random effects (%s%s)" : "Fixed effect%s%s",
		 random ? meta_tau2_name(o->method) : "", o->test == META_KNHA ? ", Hartung-Knapp" : "");
	capitalised(g1, sizeof g1, in->group1);
	capitalised(g2, sizeof g2, in->group2);
	char left[80], right[80];
	snprintf(left, sizeof left, "lower in %s", in->group1);
	snprintf(right, sizeof right, "higher in %s", in->group1);
	struct plot_forest p = {
		.title = NULL, .effect_label = effect, .left_note = left, .right_note = right,
		.col_heads = { "N", "Mean", "SD", "N", "Mean", "SD" }, .ncols = 6,
		.group_heads = { g1, g2 }, .s = s, .k = k, .blocks = b, .nblocks = nb,
		.null_value = 0, .est_head = md ? "MD [95% CI]" : "SMD [95% CI]",
	};
	summary_of(&p.overall, model, &a->fit, het[0], sizeof het[0], random);
	if (a->has_sub) {
		snprintf(subtest, sizeof subtest, "Test for subgroup differences: Q = %.2f, df = %.0f, "
			 "p = %.2g", a->sub.Q_between, a->sub.Q_between_df, a->sub.Q_between_pval);
		p.subgroup_test = subtest;
	}
	bool any_derived = false;
	for (size_t i = 0; i < k; i++)
		any_derived |= s[i].derived;
	if (any_derived) {
		snprintf(foot, sizeof foot, "† mean and/or SD estimated from the median "
			 "(see 'sieve extract show')");
		p.footnote = foot;
	}
	int rc = plot_forest_write(&p, o->forest, err);
	free(s);
	free(cols);
	free(order);
	free(b);
	free(het);
	return rc;
}

static int funnel(const struct meta_opts *o, const struct meta_input *in,
		  const struct meta_analysis *a, struct sieve_error *err)
{
	double *se = xcalloc(in->k, sizeof *se);
	const char **labels = xcalloc(in->k, sizeof *labels);
	for (size_t i = 0; i < in->k; i++) {
		se[i] = sqrt(a->vi[i]);
		labels[i] = in->s[i].label;
	}
	char effect[160];
	bool md = o->measure == META_MD;
	snprintf(effect, sizeof effect, "%s%s%s%s", md ? "Mean difference" : "Hedges' g",
		 md && in->unit ? " (" : "", md && in->unit ? in->unit : "", md && in->unit ? ")" : "");
	struct plot_funnel p = { NULL, effect, a->yi, se, labels, in->k, a->fit.est };
	int rc = plot_funnel_write(&p, o->funnel, err);
	free(se);
	free(labels);
	return rc;
}

int meta_report_figures(const struct meta_opts *o, const struct meta_input *in,
			const struct meta_analysis *a, struct sieve_error *err)
{
	int rc = 0;
	if (o->forest)
		rc = forest(o, in, a, err);
	if (rc == 0 && o->funnel)
		rc = funnel(o, in, a, err);
	return rc;
}
