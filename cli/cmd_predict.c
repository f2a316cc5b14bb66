/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve predict: per-lesion baseline ADC as a predictor of response (ROC,
 * cut-off with patient-cluster bootstrap, logistic model). */
#include "cli.h"
#include "stat_emit.h"
#include "../analysis/lesion_ids.h"
#include "../analysis/logit.h"
#include "../analysis/predict.h"
#include "../analysis/roc.h"
#include "../analysis/units.h"
#include "../lib/termsafe.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../lib/strbuf.h"
#include "../lib/text.h"
#include "../lib/xalloc.h"
#include "../plot/roc_plot.h"
#include "../schema/store_meta.h"
#include "../schema/store_study.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char cmd_predict_usage[] =
	"usage: sieve predict [--study S] [--bootstrap B] [--seed N] [--direction lower|higher]\n"
	"                     [--adc VALUE] [-o roc.pdf] [--json | --long]\n"
	"       sieve predict --from-csv FILE [--unit UNIT] [same options]\n"
	"                     (columns lesion_id,patient_id,adc,response)\n\n"
	"How well does a lesion's baseline ADC predict its response? Per study and\n"
	"pooled: the empirical ROC curve with the AUC and its DeLong 95% CI, the\n"
	"Youden cut-off with sensitivity and specificity, 95% CIs by bootstrap over\n"
	"patients (all of a patient's lesions together; B = 2000, seed 1 by default),\n"
	"the optimism-corrected AUC and Youden J, and a logistic model of response on\n"
	"ADC (odds ratio per 0.1 x10^-3 mm^2/s, SEs robust to several lesions per\n"
	"patient; with several studies, a study term). By default lower ADC predicts\n"
	"response; the direction is never chosen from the data. --adc gives the\n"
	"predicted probability of response at that ADC. Runs on the review are saved.\n"
	"With --from-csv, ADC values are in UNIT (default x10^-3 mm^2/s; also\n"
	"x10^-6 mm^2/s, um^2/ms, mm^2/s, ...) and checked for plausibility as\n"
	"'sieve lesions import' does; a lesion id given twice for a patient is\n"
	"refused. The bootstrap needs at least 2 patients (--bootstrap 0 skips it).\n";

struct popts {
	const char *study, *from_csv, *out, *unit;
	unsigned B;
	unsigned long seed;
	enum roc_direction dir;
	bool has_adc, json, long_;
	double adc;
};

/* The lesions analysed: values, response, patient (cluster) and study. */
struct lesions {
	size_t n;
	double *x;
	int *y;
	long *patient;
	int *study;
	char **study_label;      /* nstudy */
	int nstudy;
	size_t npatients;
	char **left_out;         /* "Study: reason" */
	size_t nleft;
};

static void lesions_fini(struct lesions *l)
{
	free(l->x);
	free(l->y);
	free(l->patient);
	free(l->study);
	for (int i = 0; i < l->nstudy; i++)
		free(l->study_label[i]);
	free(l->study_label);
	for (size_t i = 0; i < l->nleft; i++)
		free(l->left_out[i]);
	free(l->left_out);
	memset(l, 0, sizeof *l);
}

static void lesions_grow(struct lesions *l, size_t *cap)
{
	if (l->n < *cap)
		return;
	*cap = *cap ? 2 * *cap : 256;
	l->x = xrealloc(l->x, *cap * sizeof *l->x);
	l->y = xrealloc(l->y, *cap * sizeof *l->y);
	l->patient = xrealloc(l->patient, *cap * sizeof *l->patient);
	l->study = xrealloc(l->study, *cap * sizeof *l->study);
}

/* Patients are numbered in order of first appearance of "study\x1fpatient". */
struct key { char *s; size_t at; };
static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : (x->at < y->at ? -1 : x->at > y->at);
}

static void number_patients(struct lesions *l, char **keys)
{
	struct key *k = xcalloc(l->n ? l->n : 1, sizeof *k);
	for (size_t i = 0; i < l->n; i++)
		k[i] = (struct key){ keys[i], i };
	qsort(k, l->n, sizeof *k, cmp_key);
	long id = -1;
	for (size_t i = 0; i < l->n; i++) {
		if (i == 0 || strcmp(k[i].s, k[i - 1].s))
			id++;
		l->patient[k[i].at] = id;
	}
	l->npatients = (size_t)(id + 1);
	free(k);
}

static int parse_response(const char *s, int *y)
{
	if (!strcmp(s, "1") || !strcasecmp(s, "responder"))
		*y = 1;
	else if (!strcmp(s, "0") || !strcasecmp(s, "non-responder") || !strcasecmp(s, "nonresponder"))
		*y = 0;
	else
		return -1;
	return 0;
}

/* One ADC field, in unit, normalised to x10^-3 mm^2/s and checked for
 * plausibility with the rule of 'sieve lesions import' (units_normalise). */
static int adc_field(const char *file, const struct csv_field *f, const char *unit, double *out,
		     struct sieve_error *err)
{
	double v;
	if (!num_parse_double(f->text, &v))
		return csv_field_error(err, file, f, "adc", "'%s' is not a number", f->text);
	int rc = units_normalise(PARAM_ADC, unit, v, false, out);
	if (rc == UNITS_OK)
		return 0;
	if (rc != UNITS_IMPLAUSIBLE)
		return csv_field_error(err, file, f, "adc", "%s %s: %s", f->text, unit,
				       units_strerror(rc));
	const char *hint = units_suggest(PARAM_ADC, v);
	double lo = 0, hi = 0;
	units_range(PARAM_ADC, &lo, &hi);
	return csv_field_error(err, file, f, "adc", "%s %s is not a plausible ADC (%g to %g x10^-3 "
			       "mm^2/s)%s%s%s", f->text, unit, lo, hi, hint ? "; was it in " : "",
			       hint ? hint : "", hint ? "? (use --unit)" : "");
}

/* A (patient, lesion) id with where it was read, for finding duplicates. */
struct lesion_key { char *id[2]; long line; int col; };

/* The first (by line) lesion id given twice for the same patient
 * (lesion_ids_duplicate): an error at its second line. */
static int check_duplicates(const char *file, const struct lesion_key *k, size_t n,
			    struct sieve_error *err)
{
	const char **ids = xcalloc(2 * (n ? n : 1), sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		ids[2 * i] = k[i].id[0];
		ids[2 * i + 1] = k[i].id[1];
	}
	size_t first, again;
	int dup = lesion_ids_duplicate(ids, n, 2, &first, &again);
	free(ids);
	if (dup < 0)
		return sieve_error_set_at(err, SIEVE_ERR_NOMEM, file, "out of memory");
	if (!dup)
		return 0;
	const struct csv_field at = { .line = k[again].line, .col = k[again].col };
	return csv_field_error(err, file, &at, NULL, "lesion '%s' of patient '%s' appears twice "
			       "(first on line %ld)", k[again].id[1], k[again].id[0], k[first].line);
}

static int read_csv(const char *file, const char *unit, struct lesions *l, struct sieve_error *err)
{
	memset(l, 0, sizeof *l);
	static const char *const cols[] = { "lesion_id", "patient_id", "adc", "response" };
	struct csv_reader rd;
	if (csv_reader_open(&rd, file, err))
		return -1;
	int at[4];
	size_t cap = 0, kcap = 0;
	char **keys = NULL;
	struct lesion_key *lk = NULL;
	int rc = csv_reader_header(&rd, cols, 4, 4, at, err);
	while (rc == 0 && (rc = csv_reader_next(&rd, err)) == 1) {
		rc = 0;
		lesions_grow(l, &cap);
		const struct csv_field *f = rd.fields;
		double x;
		if (adc_field(file, &f[at[2]], unit, &x, err)) {
			rc = -1;
			break;
		}
		if (parse_response(f[at[3]].text, &l->y[l->n])) {
			rc = csv_field_error(err, file, &f[at[3]], "response", "'%s' is not 1/0 or "
					     "responder/non-responder", f[at[3]].text);
			break;
		}
		for (int k = 0; k < 2 && !rc; k++)
			if (!*f[at[k]].text)
				rc = csv_field_error(err, file, &f[at[k]], cols[k], "empty");
		if (rc)
			break;
		if (kcap == l->n) {
			kcap = kcap ? 2 * kcap : 256;
			keys = xrealloc(keys, kcap * sizeof *keys);
			lk = xrealloc(lk, kcap * sizeof *lk);
		}
		keys[l->n] = xstrdup(f[at[1]].text);
		lk[l->n] = (struct lesion_key){ { xstrdup(f[at[1]].text), xstrdup(f[at[0]].text) },
						f[at[0]].line, f[at[0]].col };
		l->x[l->n] = x;
		l->study[l->n] = 0;
		l->n++;
	}
	csv_reader_close(&rd);
	if (rc == 0 && l->n == 0)
		rc = sieve_error_set_at(err, SIEVE_ERR_DATA, file, "no lesions in the file");
	if (rc == 0)
		rc = check_duplicates(file, lk, l->n, err);
	if (rc == 0) {
		number_patients(l, keys);
		l->nstudy = 1;
		l->study_label = xcalloc(1, sizeof *l->study_label);
		l->study_label[0] = xstrdup(file);
	}
	for (size_t i = 0; i < l->n; i++) {
		free(keys[i]);
		free(lk[i].id[0]);
		free(lk[i].id[1]);
	}
	free(keys);
	free(lk);
	if (rc)
		lesions_fini(l);
	return rc;
}

static int read_db(struct db *db, const char *study, struct lesions *l, struct sieve_error *err)
{
	memset(l, 0, sizeof *l);
	struct lesion_row *r;
	size_t n;
	if (store_lesions_list(db, study, &r, &n, err))
		return -1;
	size_t cap = 0;
	char **keys = xcalloc(n ? n : 1, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		if (r[i].retracted) {
			if (i == 0 || strcmp(r[i].study, r[i - 1].study)) {
				l->left_out = xrealloc(l->left_out, (l->nleft + 1) * sizeof *l->left_out);
				l->left_out[l->nleft++] = xasprintf("%s: retracted", r[i].study);
			}
			continue;
		}
		if (l->nstudy == 0 || strcmp(l->study_label[l->nstudy - 1], r[i].study)) {
			l->study_label = xrealloc(l->study_label, (size_t)(l->nstudy + 1) * sizeof *l->study_label);
			l->study_label[l->nstudy++] = xstrdup(r[i].study);
		}
		lesions_grow(l, &cap);
		keys[l->n] = xasprintf("%s\x1f%s", r[i].study, r[i].patient);
		l->x[l->n] = r[i].adc_baseline;
		l->y[l->n] = r[i].responder;
		l->study[l->n] = l->nstudy - 1;
		l->n++;
	}
	number_patients(l, keys);
	for (size_t i = 0; i < l->n; i++)
		free(keys[i]);
	free(keys);
	lesion_rows_free(r, n);
	if (l->n == 0) {
		lesions_fini(l);
		return sieve_error_set(err, SIEVE_ERR_DATA, study ? "no lesion data for %s (sieve lesions "
				       "import FILE)" : "no lesion data yet (sieve lesions import FILE)%s",
				       study ? study : "");
	}
	return 0;
}

static void print_text(const struct popts *o, const struct lesions *l, const struct predict_one *r,
		       int nr, const struct predict_one *pooled)
{
	printf("Per-lesion baseline ADC as a predictor of response (%s ADC predicts response)\n",
	       o->dir == ROC_LOWER_POSITIVE ? "lower" : "higher");
	printf("%zu lesions (%zu responders) from %zu patient%s in %d stud%s\n\n", pooled->n,
	       pooled->ncases, pooled->npatients, pooled->npatients == 1 ? "" : "s", l->nstudy,
	       l->nstudy == 1 ? "y" : "ies");
	int lw = text_width(pooled->label) > 8 ? text_width(pooled->label) : 8;
	for (int i = 0; i < nr; i++)
		lw = text_width(r[i].label) > lw ? text_width(r[i].label) : lw;
	lw = lw > 30 ? 30 : lw;
	text_pad(stdout, "study", lw);
	printf(" %7s %8s %5s  %-21s %8s %5s %5s\n", "lesions", "patients", "resp", "AUC [95% CI DeLong]",
	       "cut-off", "sens", "spec");
	for (int i = 0; i <= nr; i++) {
		const struct predict_one *x = i < nr ? &r[i] : pooled;
		if (i == nr && nr == 1 && !strcmp(r[0].label, pooled->label))
			break;
		text_pad(stdout, term_safe(stdout, x->label), lw);
		printf(" %7zu %8zu %5zu  ", x->n, x->npatients, x->ncases);
		if (x->roc_rc) {
			printf("%s\n", predict_why_roc(x->roc_rc));
			continue;
		}
		char auc[40];
		snprintf(auc, sizeof auc, "%.3f [%.3f, %.3f]", x->roc.auc, x->roc.auc_ci_lb, x->roc.auc_ci_ub);
		printf("%-21s %8.3f %5.2f %5.2f\n", auc, x->roc.youden_threshold, x->roc.youden_sens,
		       x->roc.youden_spec);
	}
	if (pooled->roc_rc == 0 && pooled->roc.auc < 0.5)
		printf("\nThe AUC is below 0.5: in these data %s ADC goes with response, against the "
		       "hypothesis (see --direction).\n", o->dir == ROC_LOWER_POSITIVE ? "higher" : "lower");
	if (pooled->has_boot) {
		const struct roc_boot_result *b = &pooled->boot;
		printf("\n%s, bootstrap over patients (B = %u, seed %lu; %u replicates used, %u with one "
		       "class skipped; %zu patients):\n", term_safe(stdout, pooled->label), b->B, o->seed, b->n_used,
		       b->n_skipped, b->n_patients);
		printf("  AUC %.3f (95%% CI %.3f to %.3f); optimism-corrected %.3f (optimism %.3f)\n",
		       b->auc, b->auc_ci_lb, b->auc_ci_ub, b->auc_corrected, b->auc_optimism);
		printf("  cut-off %.3f (95%% CI %.3f to %.3f)\n", b->threshold, b->threshold_ci_lb,
		       b->threshold_ci_ub);
		printf("  sensitivity %.2f (%.2f to %.2f), specificity %.2f (%.2f to %.2f)\n", b->sens,
		       b->sens_ci_lb, b->sens_ci_ub, b->spec, b->spec_ci_lb, b->spec_ci_ub);
		printf("  Youden J %.3f (%.3f to %.3f); optimism-corrected %.3f\n", b->J, b->J_ci_lb,
		       b->J_ci_ub, b->J_corrected);
	} else if (pooled->roc_rc == 0 && pooled->boot_rc) {
		printf("\nbootstrap: %s\n", roc_strerror(pooled->boot_rc));
	}
	printf("\nLogistic model: response ~ ADC%s (SEs robust to lesions of the same patient):\n",
	       l->nstudy > 1 && !strcmp(pooled->label, "pooled") ? " + study" : "");
	if (pooled->logit_rc) {
		printf("  %s\n", predict_why_logit(pooled->logit_rc));
	} else {
		const struct logit_result *m = &pooled->logit;
		bool rob = m->robust;
		double b = m->b1.est, lo = rob ? m->b1.ci_lb_rob : m->b1.ci_lb,
		       hi = rob ? m->b1.ci_ub_rob : m->b1.ci_ub, pv = rob ? m->b1.pval_rob : m->b1.pval;
		printf("  odds ratio per 0.1 x10^-3 mm^2/s higher ADC: %.3f (95%% CI %.3f to %.3f), p = %.2g%s\n",
		       exp(0.1 * b), exp(0.1 * lo), exp(0.1 * hi), pv, rob ? "" : " (model-based SE)");
		printf("  calibration: intercept %.2f, slope %.2f", m->calib_intercept, m->calib_slope);
		if (pooled->has_boot && pooled->boot.has_calibration)
			printf(" (optimism-corrected %.2f)", pooled->boot.calib_slope_corrected);
		printf("; Brier score %.3f\n", m->brier);
		if (m->has_pred)
			printf("\nPrediction at ADC %.3g: probability of response %.2f (95%% CI %.2f to %.2f)\n",
			       m->pred_x0, m->pred_p, m->pred_ci_lb, m->pred_ci_ub);
	}
	for (size_t i = 0; i < l->nleft; i++)
		printf("left out: %s\n", term_safe(stdout, l->left_out[i]));
}

static char *json_report(const struct popts *o, const struct lesions *l, const struct predict_one *r,
			 int nr, const struct predict_one *pooled)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addf(&b, "{\n  \"settings\": {\"direction\": \"%s\", \"bootstrap\": %u, \"seed\": %lu, "
		    "\"adc\": ", o->dir == ROC_LOWER_POSITIVE ? "lower" : "higher", o->B, o->seed);
	json_number(&b, o->has_adc ? o->adc : NAN);
	strbuf_adds(&b, "},\n  \"left_out\": [");
	for (size_t i = 0; i < l->nleft; i++) {
		if (i)
			strbuf_adds(&b, ", ");
		strbuf_add_json_string(&b, l->left_out[i]);
	}
	strbuf_adds(&b, "],\n  \"analyses\": [");
	for (int i = 0; i <= nr; i++) {
		const struct predict_one *x = i < nr ? &r[i] : pooled;
		strbuf_adds(&b, i ? ",\n    {" : "\n    {");
		strbuf_adds(&b, "\"label\": ");
		strbuf_add_json_string(&b, x->label);
		strbuf_addf(&b, ", \"lesions\": %zu, \"responders\": %zu, \"patients\": %zu, \"messages\": [",
			    x->n, x->ncases, x->npatients);
		bool comma = false;
		if (x->roc_rc) {
			strbuf_add_json_string(&b, predict_why_roc(x->roc_rc));
			comma = true;
		}
		if (x->logit_rc) {
			if (comma)
				strbuf_adds(&b, ", ");
			strbuf_add_json_string(&b, predict_why_logit(x->logit_rc));
			comma = true;
		}
		if (x->boot_rc) {
			if (comma)
				strbuf_adds(&b, ", ");
			strbuf_add_json_string(&b, roc_strerror(x->boot_rc));
		}
		strbuf_adds(&b, "], \"results\": {");
		struct stat_emitter e = { NULL, &b, NULL, "" };
		if (x->roc_rc == 0)
			roc_emit(&x->roc, stat_emit, &e);
		if (x->has_boot)
			roc_boot_emit(&x->boot, stat_emit, &e);
		if (x->logit_rc == 0) {
			logit_emit(&x->logit, stat_emit, &e);
			logit_emit_extra(&x->logit, stat_emit, &e);
		}
		stat_emit_close(&e);
		strbuf_adds(&b, "}}");
	}
	strbuf_adds(&b, "\n  ]\n}\n");
	return strbuf_take(&b);
}

static int figure(const struct popts *o, const struct predict_one *r, int nr, const struct predict_one *pooled,
		  struct sieve_error *err)
{
	struct plot_roc_curve *c = xcalloc((size_t)nr + 1, sizeof *c);
	double **fx = xcalloc((size_t)nr + 1, sizeof *fx), **ty = xcalloc((size_t)nr + 1, sizeof *ty);
	char (*labels)[160] = xcalloc((size_t)nr + 1, sizeof *labels);
	char (*cut)[80] = xcalloc((size_t)nr + 1, sizeof *cut);
	size_t nc = 0;
	for (int i = -1; i < nr; i++) {
		const struct predict_one *x = i < 0 ? pooled : &r[i];
		if (x->roc_rc || (i >= 0 && nr == 1))
			continue;
		fx[nc] = xcalloc(x->ncurve, sizeof **fx);
		ty[nc] = xcalloc(x->ncurve, sizeof **ty);
		for (size_t j = 0; j < x->ncurve; j++) {
			fx[nc][j] = 1 - x->curve[j].spec;
			ty[nc][j] = x->curve[j].sens;
		}
		snprintf(labels[nc], sizeof labels[nc], "%s", x->label);
		snprintf(cut[nc], sizeof cut[nc], "cut-off %.3g", x->roc.youden_threshold);
		c[nc] = (struct plot_roc_curve){ labels[nc], fx[nc], ty[nc], x->ncurve, x->roc.auc,
						 x->roc.auc_ci_lb, x->roc.auc_ci_ub, i < 0,
						 1 - x->roc.youden_spec, x->roc.youden_sens, cut[nc] };
		nc++;
	}
	int rc = nc ? plot_roc_write(c, nc, "Baseline ADC and response (per lesion)", o->out, err) :
		      sieve_error_set(err, SIEVE_ERR_DATA, "no ROC curve to draw");
	for (size_t i = 0; i < nc; i++) {
		free(fx[i]);
		free(ty[i]);
	}
	free(fx);
	free(ty);
	free(labels);
	free(cut);
	free(c);
	return rc;
}

static int parse_opts(int argc, char **argv, struct popts *o)
{
	static const struct option opts[] = {
		{ "study", required_argument, NULL, 's' },
		{ "bootstrap", required_argument, NULL, 'B' },
		{ "seed", required_argument, NULL, 'S' },
		{ "direction", required_argument, NULL, 'd' },
		{ "adc", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "long", no_argument, NULL, 'L' },
		{ "from-csv", required_argument, NULL, 'f' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 's': o->study = optarg; break;
		case 'B': {
			long b;
			if (!num_parse_long(optarg, &b) || b < 0 || b > 100000)
				return cli_usage("predict", "--bootstrap wants 0 to 100000 replicates");
			o->B = (unsigned)b;
			break;
		}
		case 'S':
			o->seed = strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return cli_usage("predict", "--seed wants a whole number");
			break;
		case 'd':
			if (!strcmp(optarg, "lower"))
				o->dir = ROC_LOWER_POSITIVE;
			else if (!strcmp(optarg, "higher"))
				o->dir = ROC_HIGHER_POSITIVE;
			else
				return cli_usage("predict", "--direction is lower or higher (which ADC "
						 "predicts response)");
			break;
		case 'a':
			if (!num_parse_double(optarg, &o->adc))
				return cli_usage("predict", "--adc wants a number (x10^-3 mm^2/s)");
			o->has_adc = true;
			break;
		case 'j': o->json = true; break;
		case 'L': o->long_ = true; break;
		case 'f': o->from_csv = optarg; break;
		case 'u':
			if (!units_canonical(optarg))
				return cli_usage("predict", "unknown unit '%s' (e.g. x10^-3 mm^2/s, "
						 "x10^-6 mm^2/s, um^2/ms, mm^2/s)", optarg);
			o->unit = optarg;
			break;
		case 'o': o->out = optarg; break;
		case ':': return cli_usage("predict", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("predict", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("predict", "predict takes no arguments (see 'sieve help predict')");
	if (o->json && o->long_)
		return cli_usage("predict", "choose one of --json and --long");
	if (o->from_csv && o->study)
		return cli_usage("predict", "--study works on the review, not with --from-csv");
	if (o->unit && !o->from_csv)
		return cli_usage("predict", "--unit applies to --from-csv (the review's ADCs are "
				 "stored in x10^-3 mm^2/s)");
	return 0;
}

int cmd_predict(struct cli *cli, int argc, char **argv)
{
	struct popts o = { .B = ROC_BOOT_DEFAULT_B, .seed = 1, .dir = ROC_LOWER_POSITIVE };
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	struct sieve_error err = { 0 };
	struct lesions l;
	struct db *db = NULL;
	if (o.from_csv) {
		if (read_csv(o.from_csv, o.unit ? o.unit : "x10^-3 mm^2/s", &l, &err))
			return cli_fail(&err);
	} else {
		db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
		if (!db || read_db(db, o.study, &l, &err)) {
			db_close(db);
			return cli_fail(&err);
		}
	}
	double lo, hi;
	if (o.has_adc && predict_extrapolates(l.x, l.n, o.adc, &lo, &hi)) {
		sieve_error_set(&err, SIEVE_ERR_DATA, "ADC %g is outside the data (%g to %g): a "
				"prediction there would be an extrapolation", o.adc, lo, hi);
		rc = cli_fail(&err);
		goto out;
	}
	/* per study (when there are several), then pooled */
	struct predict_lesions pl = { l.n, l.x, l.y, l.patient, l.study, l.nstudy,
				      (const char *const *)l.study_label, l.npatients };
	struct predict_options po = { o.dir, o.B, o.seed, o.has_adc, o.adc };
	struct predict_result res;
	if (predict_run(&pl, &po, &res)) {
		if (xalloc_oom_hook)
			xalloc_oom_hook();
		abort();
	}
	int nr = res.nstudy;
	struct predict_one *r = res.study, pooled = res.pooled;
	if (l.nstudy == 1)
		pooled.label = o.from_csv ? "all lesions" : l.study_label[0];
	/* the JSON report is printed, or saved with the run */
	char *json = o.json || db ? json_report(&o, &l, r, nr, &pooled) : NULL;
	if (o.json) {
		fputs(json, stdout);
	} else if (o.long_) {
		struct stat_emitter e = { stdout, NULL, NULL, "" };
		if (pooled.roc_rc == 0) {
			roc_emit(&pooled.roc, stat_emit, &e);
			/* pROC's own choice of direction, for comparison only */
			struct roc_result au;
			if (roc_compute(l.x, l.y, l.n, roc_direction_auto(l.x, l.y, l.n), &au) == 0)
				roc_emit_auto(&au, stat_emit, &e);
			if (pooled.has_boot)
				roc_boot_emit(&pooled.boot, stat_emit, &e);
		}
		if (pooled.logit_rc == 0) {
			logit_emit(&pooled.logit, stat_emit, &e);
			logit_emit_extra(&pooled.logit, stat_emit, &e);
		}
		for (int s = 0; s < nr; s++) {
			char pre[300];
			snprintf(pre, sizeof pre, "%s/", r[s].label);
			e.prefix = pre;
			if (r[s].roc_rc == 0)
				roc_emit(&r[s].roc, stat_emit, &e);
			if (r[s].logit_rc == 0)
				logit_emit(&r[s].logit, stat_emit, &e);
		}
	} else {
		print_text(&o, &l, r, nr, &pooled);
	}
	if (o.out && figure(&o, r, nr, &pooled, &err))
		rc = cli_fail(&err);
	if (rc == 0 && db) {
		char *settings = xasprintf("%s direction=%s B=%u seed=%lu", o.study ? o.study : "all",
					   o.dir == ROC_LOWER_POSITIVE ? "lower" : "higher", o.B, o.seed);
		struct predict_run_summary sum = { (int)pooled.n, (int)pooled.npatients,
			pooled.roc_rc ? NAN : pooled.roc.auc, pooled.roc_rc ? NAN : pooled.roc.auc_ci_lb,
			pooled.roc_rc ? NAN : pooled.roc.auc_ci_ub,
			pooled.roc_rc ? NAN : pooled.roc.youden_threshold };
		long long id;
		if (store_predict_run_save(db, settings, &sum, json, &id, &err))
			rc = cli_fail(&err);
		free(settings);
	}
	if (rc == 0 && pooled.roc_rc) {
		sieve_error_set(&err, SIEVE_ERR_DATA, "%s: %s", pooled.label, predict_why_roc(pooled.roc_rc));
		rc = cli_fail(&err);
	}
	if (rc == 0 && pooled.boot_rc == ROC_ONE_PATIENT) {
		/* the ROC above stands; the requested bootstrap is refused */
		sieve_error_set(&err, SIEVE_ERR_DATA, "%s: %s (--bootstrap 0 for the ROC alone)",
				pooled.label, roc_strerror(pooled.boot_rc));
		rc = cli_fail(&err);
	}
	free(json);
	predict_result_fini(&res);
out:
	lesions_fini(&l);
	db_close(db);
	return rc;
}
