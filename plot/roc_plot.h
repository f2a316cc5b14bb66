/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ROC curves with AUC legend and marked cut-offs, written as SVG, PDF or PNG. */
#ifndef SIEVE_PLOT_ROC_PLOT_H
#define SIEVE_PLOT_ROC_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"

/* One curve: n points (1 - specificity, sensitivity) in drawing order,
 * joined by straight segments (a step line for an empirical ROC). */
struct plot_roc_curve {
	const char *label;        /* legend; NULL = "Curve i" */
	const double *fpr, *tpr;  /* 1 - specificity and sensitivity, in [0, 1] */
	size_t n;
	double auc, auc_lb, auc_ub; /* NAN = not shown */
	bool has_cut;
	double cut_fpr, cut_tpr;
	const char *cut_label;    /* "cut-off 1.05", or NULL */
};

/* Layout: PLOT_ROC_WIDTH x (424 + (title ? 24 : 0) + 16 * ncurves) pt; a
 * 340 pt square plot area, the legend under it, one row per curve:
 * "label: AUC 0.82 (0.69-0.95)". */
#define PLOT_ROC_WIDTH 420.0

/* Draw ncurves curves (the first, typically the pooled one, thicker) with
 * the dashed chance diagonal. Input borrowed; title may be NULL. Returns 0,
 * or -1 with err: SIEVE_ERR_DATA for no curves, a curve without points, a
 * point or cut-off not finite or outside [0, 1]; SIEVE_ERR_USAGE for an
 * unknown extension; SIEVE_ERR_IO when the file cannot be written. */
int plot_roc_write(const struct plot_roc_curve *c, size_t ncurves, const char *title,
		   const char *path, struct sieve_error *err);

#endif
