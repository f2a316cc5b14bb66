/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve meta's outputs of an analysis run (analysis/meta_run.h): terminal
 * report with a Unicode forest plot, long (method,stat,value) lines, JSON, run diff. */
#include "meta_report.h"
#include "stat_emit.h"
#include "../lib/termsafe.h"
#include "../lib/csv.h"
#include "../lib/strbuf.h"
#include "../lib/text.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* ---- method,stat,value ------------------------------------------------ */

/* One measure/estimator/test of --all-models: fit, leave-one-out, Egger
 * (rma), subgroups, meta-regression. */
static void emit_model(struct stat_emitter *e, const struct meta_input *in, const struct meta_analysis *a,
		       const double *yi, const double *vi, enum meta_measure m, enum meta_method t2,
		       enum meta_test t)
{
	char pre[64], name[160];
	meta_prefix(pre, sizeof pre, m, t2, t);
	/* --all-models is the reference dump: metafor's plain Hartung-Knapp */
	struct meta_options opt = { t2, t, 0.95, false, false };
	struct meta_fit fit = { 0 };
	if (meta_pool(yi, vi, in->k, &opt, &fit, NULL) == 0)
		meta_emit_fit(&fit, pre, stat_emit, e);
	meta_fit_fini(&fit);
	struct meta_series s = { 0 };
	if (in->k >= 2 && meta_leave1out(yi, vi, in->k, &opt, &s, NULL) == 0) {
		snprintf(name, sizeof name, "%s.loo", pre);
		meta_emit_series(&s, name, stat_emit, e);
	}
	meta_series_fini(&s);
	if (in->k >= 3) {
		struct meta_reg r = { 0 };
		if (meta_egger_rma(yi, vi, in->k, &opt, &r, NULL) == 0) {
			snprintf(name, sizeof name, "%s.egger_rma", pre);
			meta_emit_egger_rma(&r, name, stat_emit, e);
		}
	}
	if (a->nsub < 2)
		return;
	struct meta_subgroups sg = { 0 };
	if (meta_subgroup(yi, vi, a->group, in->k, a->nsub, &opt, &sg, NULL) == 0) {
		for (size_t g = 0; g < a->nsub; g++) {
			snprintf(name, sizeof name, "%s.sub.%s", pre, a->sub_label[g]);
			meta_emit_fit(&sg.fit[g], name, stat_emit, e);
		}
		if (t == META_Z) {
			snprintf(name, sizeof name, "%s.subtest", pre);
			meta_emit_subtest(&sg, name, stat_emit, e);
		}
	}
	meta_subgroups_fini(&sg);
	if (a->nsub == 2) {
		double *x = xcalloc(in->k, sizeof *x);
		for (size_t i = 0; i < in->k; i++)
			x[i] = (double)a->group[i];
		struct meta_reg r = { 0 };
		if (meta_metareg(yi, vi, x, in->k, &opt, &r, NULL) == 0) {
			snprintf(name, sizeof name, "%s.metareg", pre);
			meta_emit_metareg(&r, name, stat_emit, e);
		}
		free(x);
	}
}

/* Beyond the reference's names: Hartung-Knapp's q before the safeguard,
 * whether the safeguard raised it to 1, and whether the CI is narrower than
 * the fixed-effect one (1 or 0). */
static void emit_knha(struct stat_emitter *e, const struct meta_fit *f, const char *method)
{
	if (f->test == META_KNHA) {
		stat_emit(e, method, "knha_q", f->knha_q);
		stat_emit(e, method, "knha_adhoc_applied", f->knha_adhoc_applied);
	}
	if (f->method != META_FE)
		stat_emit(e, method, "ci_narrower_than_fe", f->ci_narrower_than_fe);
}

/* The analysis that was run (a), as computed. */
static void emit_chosen(struct stat_emitter *e, const struct meta_opts *o,
			const struct meta_input *in, const struct meta_analysis *a)
{
	char pre[64], name[160];
	const char *mname = meta_measure_name(o->measure);
	meta_prefix(pre, sizeof pre, o->measure, o->method, o->test);
	snprintf(name, sizeof name, "%s.escalc", mname);
	meta_emit_escalc(name, a->yi, a->vi, in->k, stat_emit, e);
	meta_emit_fit(&a->fit, pre, stat_emit, e);
	emit_knha(e, &a->fit, pre);
	if (a->has_loo) {
		snprintf(name, sizeof name, "%s.loo", pre);
		meta_emit_series(&a->loo, name, stat_emit, e);
	}
	if (a->has_sub) {
		for (size_t g = 0; g < a->nsub; g++) {
			snprintf(name, sizeof name, "%s.sub.%s", pre, a->sub_label[g]);
			meta_emit_fit(&a->sub.fit[g], name, stat_emit, e);
			emit_knha(e, &a->sub.fit[g], name);
		}
		if (o->test == META_Z) {
			snprintf(name, sizeof name, "%s.subtest", pre);
			meta_emit_subtest(&a->sub, name, stat_emit, e);
		}
	}
	if (a->has_egger) {
		snprintf(name, sizeof name, "%s.egger", mname);
		meta_emit_egger(&a->egger, name, stat_emit, e);
	}
	if (a->has_cum) {
		snprintf(name, sizeof name, "%s.cumulative", pre);
		meta_emit_series(&a->cum, name, stat_emit, e);
	}
}

/* Every measure, estimator and test with leave-one-out, Egger, subgroups
 * and meta-regression (--all-models). */
static void emit_all(struct stat_emitter *e, const struct meta_input *in,
		     const struct meta_analysis *a)
{
	char name[160];
	double *yi = xcalloc(in->k, sizeof *yi), *vi = xcalloc(in->k, sizeof *vi);
	for (int m = 0; m < META_N_MEASURES; m++) {
		if (meta_analysis_effects((enum meta_measure)m, in->s, in->k, yi, vi, NULL))
			continue;
		snprintf(name, sizeof name, "%s.escalc", meta_measure_name((enum meta_measure)m));
		meta_emit_escalc(name, yi, vi, in->k, stat_emit, e);
		for (int t2 = 0; t2 < META_N_METHODS; t2++)
			for (int t = 0; t < META_N_TESTS; t++)
				emit_model(e, in, a, yi, vi, (enum meta_measure)m, (enum meta_method)t2,
					   (enum meta_test)t);
		if (in->k >= 3) {
			struct meta_egger eg;
			if (meta_egger(yi, vi, in->k, &eg, NULL) == 0) {
				snprintf(name, sizeof name, "%s.egger", meta_measure_name((enum meta_measure)m));
				meta_emit_egger(&eg, name, stat_emit, e);
			}
		}
	}
	free(yi);
	free(vi);
}

static void emit_results(struct stat_emitter *e, const struct meta_opts *o,
			 const struct meta_input *in, const struct meta_analysis *a)
{
	if (o->all_models)
		emit_all(e, in, a);
	else
		emit_chosen(e, o, in, a);
}

void meta_report_long(FILE *f, const struct meta_opts *o, const struct meta_input *in,
		      const struct meta_analysis *a, bool csv)
{
	struct stat_emitter e = { f, NULL, NULL, "" };
	if (csv)
		fputs("method,stat,value\n", f);
	emit_results(&e, o, in, a);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_str_field(struct strbuf *b, const char *key, const char *v, bool comma)
{
	if (comma)
		strbuf_adds(b, ", ");
	strbuf_add_json_string(b, key);
	strbuf_adds(b, ": ");
	if (v)
		strbuf_add_json_string(b, v);
	else
		strbuf_adds(b, "null");
}

static void json_num_field(struct strbuf *b, const char *key, double v)
{
	strbuf_adds(b, ", ");
	strbuf_add_json_string(b, key);
	strbuf_adds(b, ": ");
	json_number(b, v);
}

static void json_notes(struct strbuf *b, const char *key, const struct meta_in_note *v, size_t n)
{
	strbuf_addf(b, ",\n  \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(b, i ? ", {" : "{");
		json_str_field(b, "study", v[i].label, false);
		json_str_field(b, "reason", v[i].text, true);
		strbuf_adds(b, "}");
	}
	strbuf_adds(b, "]");
}

char *meta_report_json(const struct meta_opts *o, const struct meta_input *in,
		       const struct meta_analysis *a)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_adds(&b, "{\n  \"settings\": {");
	json_str_field(&b, "measure", meta_measure_name(o->measure), false);
	json_str_field(&b, "tau2", meta_tau2_name(o->method), true);
	json_str_field(&b, "test", meta_test_name(o->test), true);
	if (o->test == META_KNHA)
		json_str_field(&b, "knha", o->knha_plain ? "plain (metafor test=\"knha\")" :
			       "ad hoc safeguard max(1, q)", true);
	json_str_field(&b, "selection", in->selection, true);
	json_str_field(&b, "by", o->sel.by, true);
	json_str_field(&b, "unit", in->unit, true);
	json_str_field(&b, "group1", in->group1, true);
	json_str_field(&b, "group2", in->group2, true);
	strbuf_adds(&b, "},\n  \"studies\": [");
	for (size_t i = 0; i < in->k; i++) {
		const struct meta_in_study *s = &in->s[i];
		double se = sqrt(a->vi[i]);
		strbuf_adds(&b, i ? ",\n    {" : "\n    {");
		json_str_field(&b, "study", s->label, false);
		json_num_field(&b, "year", s->year ? s->year : NAN);
		json_str_field(&b, "subgroup", s->subgroup, true);
		json_num_field(&b, "n1", s->n1);
		json_num_field(&b, "mean1", s->mean1);
		json_num_field(&b, "sd1", s->sd1);
		json_num_field(&b, "n2", s->n2);
		json_num_field(&b, "mean2", s->mean2);
		json_num_field(&b, "sd2", s->sd2);
		json_num_field(&b, "yi", a->yi[i]);
		json_num_field(&b, "vi", a->vi[i]);
		json_num_field(&b, "ci_lb", a->yi[i] - 1.959963984540054 * se);
		json_num_field(&b, "ci_ub", a->yi[i] + 1.959963984540054 * se);
		json_num_field(&b, "weight", a->fit.weight ? a->fit.weight[i] : NAN);
		json_str_field(&b, "derived", s->derived, true);
		strbuf_adds(&b, "}");
	}
	strbuf_adds(&b, "]");
	json_notes(&b, "left_out", in->left_out, in->n_left_out);
	json_notes(&b, "notes", in->notes, in->n_notes);
	strbuf_adds(&b, ",\n  \"warnings\": [");
	for (int i = 0; i < a->nwarnings; i++) {
		if (i)
			strbuf_adds(&b, ", ");
		strbuf_add_json_string(&b, a->warnings[i]);
	}
	strbuf_adds(&b, "],\n  \"results\": {");
	struct stat_emitter e = { NULL, &b, NULL, "" };
	emit_results(&e, o, in, a);
	stat_emit_close(&e);
	strbuf_adds(&b, "}\n}\n");
	return strbuf_take(&b);
}

/* ---- the terminal ------------------------------------------------------ */

static int decimals_for(const struct meta_analysis *a)
{
	double scale = fmax(fabs(a->fit.ci_lb), fabs(a->fit.ci_ub));
	for (size_t i = 0; i < a->k; i++)
		scale = fmax(scale, fabs(a->yi[i]) + 2 * sqrt(a->vi[i]));
	if (!(scale > 0))
		return 3;
	int d = 2 - (int)floor(log10(scale));
	return d < 2 ? 2 : d > 5 ? 5 : d;
}

static int term_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	int w = c ? atoi(c) : 0;
	return w >= 60 && w <= 1000 ? w : 100;
}

struct axis {
	double lo, hi;
	int w;
};

static int pos(const struct axis *ax, double v)
{
	double p = (v - ax->lo) / (ax->hi - ax->lo) * (ax->w - 1);
	return p < 0 ? -1 : p > ax->w - 1 ? ax->w : (int)lround(p);
}

/* One row of the Unicode forest plot: CI as ─, estimate as ■ (or ◆ for a
 * pooled result), the null line │, arrows where the CI leaves the axis. */
static void forest_row(FILE *f, const struct axis *ax, double est, double lo, double hi, bool pooled)
{
	int z = pos(ax, 0), a = pos(ax, lo), b = pos(ax, hi), e = pos(ax, est);
	for (int x = 0; x < ax->w; x++) {
		const char *ch = " ";
		if (x == z)
			ch = "│";
		if (x >= a && x <= b)
			ch = pooled ? "◆" : "─";
		if (!pooled && x == e)
			ch = "■";
		if (x == 0 && a < 0)
			ch = "<";
		if (x == ax->w - 1 && b >= ax->w)
			ch = ">";
		fputs(ch, f);
	}
}

static void fmt_ci(char *buf, size_t sz, int d, double est, double lo, double hi)
{
	snprintf(buf, sz, "%.*f [%.*f, %.*f]", d, est, d, lo, d, hi);
}

static const char *model_name(const struct meta_opts *o)
{
	static char buf[120];
	if (o->method == META_FE)
		snprintf(buf, sizeof buf, "fixed effect (inverse variance)%s",
			 o->test != META_KNHA ? "" : o->knha_plain ? ", Hartung-Knapp, plain" :
			 ", Hartung-Knapp, q >= 1");
	else
		snprintf(buf, sizeof buf, "random effects, tau^2 by %s, %s", meta_tau2_name(o->method),
			 o->test != META_KNHA ? "z test" : o->knha_plain ?
			 "Hartung-Knapp (t), plain" : "Hartung-Knapp (t), q >= 1");
	return buf;
}

static void pooled_lines(FILE *f, const char *what, const struct meta_fit *fit, int d,
			 const struct meta_opts *o)
{
	char ci[96];
	if (fit->status) {
		fprintf(f, "%s: not fitted (%s)\n", what, meta_strerror(fit->status));
		return;
	}
	fmt_ci(ci, sizeof ci, d, fit->est, fit->ci_lb, fit->ci_ub);
	fprintf(f, "%s: %s, ", what, ci);
	if (fit->test == META_KNHA)
		fprintf(f, "t = %.2f, df = %.0f, p = %.2g\n", fit->stat, fit->df, fit->pval);
	else
		fprintf(f, "z = %.2f, p = %.2g\n", fit->stat, fit->pval);
	if (fit->knha_adhoc_applied)
		fprintf(f, "  Hartung-Knapp q = %.3g < 1, used as 1 (ad hoc safeguard)\n", fit->knha_q);
	else if (fit->ci_narrower_than_fe && o->method != META_FE)
		fprintf(f, "  CI narrower than the fixed-effect one (Hartung-Knapp q = %.3g < 1)\n",
			fit->knha_q);
	if (o->method != META_FE && fit->k >= 2 && isfinite(fit->pi_lb))
		fprintf(f, "  prediction interval: [%.*f, %.*f]\n", d, fit->pi_lb, d, fit->pi_ub);
	if (fit->k >= 2) {
		fprintf(f, "  heterogeneity: Q = %.2f (df = %.0f, p = %.2g), I^2 = %.1f%%", fit->Q,
			fit->Q_df, fit->Q_pval, fit->I2);
		if (isfinite(fit->I2_ci_lb))
			fprintf(f, " (95%% CI %.1f to %.1f)", fit->I2_ci_lb, fit->I2_ci_ub);
		if (o->method != META_FE) {
			fprintf(f, ", tau^2 = %.3g", fit->tau2);
			if (isfinite(fit->tau2_ci_lb))
				fprintf(f, " (%.3g to %.3g)", fit->tau2_ci_lb, fit->tau2_ci_ub);
		}
		fprintf(f, ", H^2 = %.2f\n", fit->H2);
	}
}

void meta_report_text(FILE *f, const struct meta_opts *o, const struct meta_input *in,
		      const struct meta_analysis *a)
{
	int d = decimals_for(a);
	const struct meta_fit *fit = &a->fit;
	fprintf(f, "%s of %s minus %s%s%s%s\n", o->measure == META_MD ? "Mean difference" :
		"Standardised mean difference (Hedges' g)", in->group1, in->group2,
		in->unit && o->measure == META_MD ? " (" : "", in->unit && o->measure == META_MD ?
		in->unit : "", in->unit && o->measure == META_MD ? ")" : "");
	fprintf(f, "Model: %s · data: %s · %zu stud%s\n\n", model_name(o), in->selection, in->k,
		in->k == 1 ? "y" : "ies");

	/* the table, then the plot in what is left of the width */
	int lw = 5;
	for (size_t i = 0; i < in->k; i++) {
		int w = text_width(in->s[i].label) + (in->s[i].derived ? 2 : 0);
		lw = w > lw ? w : lw;
	}
	lw = lw > 28 ? 28 : lw;
	char ci[96];
	fmt_ci(ci, sizeof ci, d, fit->est, fit->ci_lb, fit->ci_ub);
	int ciw = (int)strlen(ci) + 3;
	int table_w = lw + 2 * 21 + ciw + 8;
	struct axis ax = { 0, 0, term_width() - table_w - 1 };
	ax.lo = fmin(0, fit->ci_lb);
	ax.hi = fmax(0, fit->ci_ub);
	for (size_t i = 0; i < in->k; i++) {
		double se = sqrt(a->vi[i]);
		ax.lo = fmin(ax.lo, a->yi[i] - 1.96 * se);
		ax.hi = fmax(ax.hi, a->yi[i] + 1.96 * se);
	}
	if (ax.hi <= ax.lo)
		ax.hi = ax.lo + 1;

	text_pad(f, "study", lw);
	fprintf(f, "  %-20.20s %-20.20s %-*s %6s\n", term_safe(f, in->group1), term_safe(f, in->group2), ciw,
		o->measure == META_MD ? "MD [95% CI]" : "SMD [95% CI]", "weight");
	text_pad(f, "", lw);
	fprintf(f, "  %4s %7s %7s  %4s %7s %7s\n", "n", "mean", "sd", "n", "mean", "sd");
	for (size_t g = 0; g < (a->has_sub ? a->nsub : 1); g++) {
		if (a->has_sub)
			fprintf(f, "%s\n", term_safe(f, a->sub_label[g]));
		for (size_t i = 0; i < in->k; i++) {
			if (a->has_sub && a->group[i] != g)
				continue;
			const struct meta_in_study *s = &in->s[i];
			char label[200];
			snprintf(label, sizeof label, "%s%s", s->label, s->derived ? " †" : "");
			text_pad(f, term_safe(f, label), lw);
			double se = sqrt(a->vi[i]);
			fmt_ci(ci, sizeof ci, d, a->yi[i], a->yi[i] - 1.96 * se, a->yi[i] + 1.96 * se);
			fprintf(f, "  %4.0f %7.*f %7.*f  %4.0f %7.*f %7.*f %-*s %5.1f%% ", s->n1, d, s->mean1,
				d, s->sd1, s->n2, d, s->mean2, d, s->sd2, ciw, ci, fit->weight[i]);
			if (ax.w >= 10)
				forest_row(f, &ax, a->yi[i], a->yi[i] - 1.96 * se, a->yi[i] + 1.96 * se, false);
			fputc('\n', f);
		}
		if (a->has_sub && a->sub.fit[g].k >= 2 && !a->sub.fit[g].status) {
			const struct meta_fit *sf = &a->sub.fit[g];
			fmt_ci(ci, sizeof ci, d, sf->est, sf->ci_lb, sf->ci_ub);
			text_pad(f, "  subgroup", lw);
			fprintf(f, "  %-42s%-*s %6s ", "", ciw, ci, "");
			if (ax.w >= 10)
				forest_row(f, &ax, sf->est, sf->ci_lb, sf->ci_ub, true);
			fprintf(f, "\n");
		}
	}
	fmt_ci(ci, sizeof ci, d, fit->est, fit->ci_lb, fit->ci_ub);
	text_pad(f, "pooled", lw);
	fprintf(f, "  %-42s%-*s %5.0f%% ", "", ciw, ci, 100.0);
	if (ax.w >= 10)
		forest_row(f, &ax, fit->est, fit->ci_lb, fit->ci_ub, true);
	fputc('\n', f);
	if (ax.w >= 10) {
		text_pad(f, "", table_w);
		char l[32], r[32];
		snprintf(l, sizeof l, "%.*f", d, ax.lo);
		snprintf(r, sizeof r, "%.*f", d, ax.hi);
		fprintf(f, "%s%*s\n", l, ax.w - (int)strlen(l), r);
	}
	putc('\n', f);
	pooled_lines(f, "Pooled", fit, d, o);
	if (a->has_sub) {
		for (size_t g = 0; g < a->nsub; g++) {
			char what[200];
			snprintf(what, sizeof what, "Subgroup %s (k = %zu)", term_safe(f, a->sub_label[g]), a->sub.fit[g].k);
			pooled_lines(f, what, &a->sub.fit[g], d, o);
		}
		fprintf(f, "Test for subgroup differences: Q = %.2f, df = %.0f, p = %.2g\n",
			a->sub.Q_between, a->sub.Q_between_df, a->sub.Q_between_pval);
	}
	if (a->has_egger)
		fprintf(f, "Egger's test: bias %.3g (SE %.3g), t = %.2f, df = %.0f, p = %.2g\n",
			a->egger.bias, a->egger.bias_se, a->egger.stat, a->egger.df, a->egger.pval);
	if (a->has_loo) {
		fprintf(f, "\nLeave one out:\n");
		for (size_t i = 0; i < in->k; i++) {
			const struct meta_fit *lf = &a->loo.fit[i];
			fputs("  without ", f);
			text_pad(f, term_safe(f, in->s[i].label), lw);
			if (lf->status) {
				fprintf(f, "  not fitted (%s)\n", meta_strerror(lf->status));
				continue;
			}
			fmt_ci(ci, sizeof ci, d, lf->est, lf->ci_lb, lf->ci_ub);
			fprintf(f, "  %s, I^2 = %.1f%%\n", ci, lf->I2);
		}
	}
	if (a->has_cum) {
		fprintf(f, "\nCumulative (by year):\n");
		for (size_t j = 0; j < in->k; j++) {
			const struct meta_fit *cf = &a->cum.fit[j];
			const struct meta_in_study *s = &in->s[a->cum_order[j]];
			fputs("  + ", f);
			text_pad(f, term_safe(f, s->label), lw);
			if (cf->status) {
				fprintf(f, "  not fitted (%s)\n", meta_strerror(cf->status));
				continue;
			}
			fmt_ci(ci, sizeof ci, d, cf->est, cf->ci_lb, cf->ci_ub);
			fprintf(f, "  %s, I^2 = %.1f%%\n", ci, cf->I2);
		}
	}
	for (int i = 0; i < a->nwarnings; i++)
		fprintf(f, "warning: %s\n", a->warnings[i]);
	bool any_derived = false;
	for (size_t i = 0; i < in->k; i++)
		any_derived |= in->s[i].derived != NULL;
	if (any_derived) {
		fprintf(f, "\n† mean and/or SD estimated from the median:\n");
		for (size_t i = 0; i < in->k; i++)
			if (in->s[i].derived)
				fprintf(f, "  %s: %s\n", term_safe(f, in->s[i].label), in->s[i].derived);
	}
	if (in->n_left_out) {
		fprintf(f, "\nLeft out (%zu):\n", in->n_left_out);
		for (size_t i = 0; i < in->n_left_out; i++)
			fprintf(f, "  %s: %s\n", term_safe(f, in->left_out[i].label), in->left_out[i].text);
	}
	for (size_t i = 0; i < in->n_notes; i++)
		fprintf(f, "note: %s: %s\n", term_safe(f, in->notes[i].label), in->notes[i].text);
}

/* ---- diff ------------------------------------------------------------------ */

void meta_report_diff(FILE *f, const struct meta_run_summary *prev,
		      const struct meta_run_summary *cur, const struct meta_diff_row *rows, size_t n)
{
	fprintf(f, "\nChanges since run #%lld (%s):\n", prev->id, prev->at);
	if (!n)
		fprintf(f, "  the studies and their numbers are the same\n");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  %-8s %s", rows[i].change, term_safe(f, rows[i].label));
		if (rows[i].before && rows[i].after)
			fprintf(f, ": %s -> %s", rows[i].before, rows[i].after);
		else if (rows[i].after || rows[i].before)
			fprintf(f, ": %s", rows[i].after ? rows[i].after : rows[i].before);
		fputc('\n', f);
	}
	fprintf(f, "  %-20s %-34s %s\n", "", "before", "now");
	char b[96], a[96];
	snprintf(b, sizeof b, "%.4g [%.4g, %.4g]", prev->est, prev->ci_lb, prev->ci_ub);
	snprintf(a, sizeof a, "%.4g [%.4g, %.4g]", cur->est, cur->ci_lb, cur->ci_ub);
	fprintf(f, "  %-20s %-34s %s\n", "pooled [95% CI]", b, a);
	fprintf(f, "  %-20s %-34d %d\n", "studies", prev->k, cur->k);
	snprintf(b, sizeof b, "%.1f%%", prev->i2);
	snprintf(a, sizeof a, "%.1f%%", cur->i2);
	fprintf(f, "  %-20s %-34s %s\n", "I^2", b, a);
	snprintf(b, sizeof b, "%.3g", prev->tau2);
	snprintf(a, sizeof a, "%.3g", cur->tau2);
	fprintf(f, "  %-20s %-34s %s\n", "tau^2", b, a);
}
