/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The predictor pipeline: per study and pooled, ROC, bootstrap, logistic model, prediction. */
#ifndef SIEVE_ANALYSIS_PREDICT_H
#define SIEVE_ANALYSIS_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "logit.h"
#include "roc.h"

/*
 * What `sieve predict` computes between reading the lesions and printing,
 * as one function over plain arrays, so that the CLI, the report and the
 * TUI compute the same thing. Nothing here prints or reads a database.
 */

/* The lesions analysed (all borrowed): per lesion i the value x[i] (baseline
 * ADC, x10^-3 mm^2/s), response y[i] (0/1), patient[i] (0..npatients-1,
 * patients of different studies distinct) and study[i] (0..nstudy-1). */
struct predict_lesions {
	size_t n;
	const double *x;
	const int *y;
	const long *patient;
	const int *study;
	int nstudy;
	const char *const *study_label;   /* nstudy labels */
	size_t npatients;
};

struct predict_options {
	enum roc_direction dir;
	unsigned B;                /* bootstrap replicates of the pooled analysis; 0: none */
	unsigned long seed;
	bool has_adc;              /* predict the probability of response at adc */
	double adc;
};

/* One study's (or the pooled) results; a failed step has its _rc set and
 * its result unset. */
struct predict_one {
	const char *label;         /* a study label (borrowed), or "pooled" */
	size_t n, ncases, npatients;
	int roc_rc, logit_rc, boot_rc;
	struct roc_result roc;
	struct logit_result logit;
	struct roc_boot_result boot;
	bool has_boot;
	struct roc_point *curve;   /* the empirical ROC curve (ncurve points) */
	size_t ncurve;
};

struct predict_result {
	struct predict_one *study; /* per study when there are several (nstudy), else none */
	int nstudy;
	struct predict_one pooled; /* all lesions; a study term when there are several studies */
};

/*
 * Per study (when l->nstudy > 1), then pooled: the ROC with its curve, the
 * logistic model of response on x with patient-clustered SEs (pooled over
 * several studies: with a study term, and the prediction at o->adc from the
 * model without it), and, for the pooled analysis when o->B > 0 and the ROC
 * exists, the bootstrap over patients. A step that fails (one class, too
 * few, separation, ...) sets its _rc, not an error. Returns 0, or
 * ROC_INVALID (NULL arguments, a patient or study index out of range) or
 * ROC_NOMEM (the pipeline's own arrays), with *out zeroed. Release with
 * predict_result_fini.
 */
int predict_run(const struct predict_lesions *l, const struct predict_options *o,
		struct predict_result *out);

/* Release what *r owns and zero it; a zeroed struct is fine. */
void predict_result_fini(struct predict_result *r);

/*
 * Whether a prediction at adc would extrapolate: true when adc lies more
 * than 10% of the data's range beyond its smallest or largest x; *lo and
 * *hi get the range. n = 0 gives false with *lo = INFINITY, *hi = -INFINITY.
 */
bool predict_extrapolates(const double *x, size_t n, double adc, double *lo, double *hi);

/* Why a ROC (roc_compute's status) or a logistic model (logit_fit's status)
 * could not be computed, as a static one-line message for a reader. */
const char *predict_why_roc(int rc);
const char *predict_why_logit(int rc);

#endif
