/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ROC plot: square axes, chance diagonal, curves in Okabe-Ito colours, cut-offs, AUC legend. */
#include "roc_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../lib/xalloc.h"
#include "figure.h"

#define MARGIN 16.0
#define TITLE_H 24.0
#define SIDE 340.0
#define X0 64.0
#define FS 9.0
#define SS 8.0
#define LEGEND_ROW 16.0

static const uint32_t colours[] = { PLOT_BLUE, PLOT_VERMILLION, PLOT_GREEN, PLOT_PURPLE,
				     PLOT_ORANGE, PLOT_SKYBLUE, PLOT_BLACK, PLOT_DARKGREY };
#define NCOLOURS (sizeof colours / sizeof colours[0])

static bool unit(double v)
{
	return isfinite(v) && v >= 0 && v <= 1;
}

static int validate(const struct plot_roc_curve *c, size_t nc, struct sieve_error *err)
{
	if (!c || nc == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "ROC plot: no curves");
	for (size_t i = 0; i < nc; i++) {
		const char *l = c[i].label ? c[i].label : "";
		if (!c[i].fpr || !c[i].tpr || c[i].n == 0)
			return sieve_error_set(err, SIEVE_ERR_DATA, "ROC plot: curve %zu (%s) has no points",
					       i + 1, l);
		for (size_t j = 0; j < c[i].n; j++)
			if (!unit(c[i].fpr[j]) || !unit(c[i].tpr[j]))
				return sieve_error_set(err, SIEVE_ERR_DATA,
						       "ROC plot: curve %zu (%s), point %zu is outside [0, 1]",
						       i + 1, l, j + 1);
		if (c[i].has_cut && (!unit(c[i].cut_fpr) || !unit(c[i].cut_tpr)))
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "ROC plot: curve %zu (%s): cut-off is outside [0, 1]", i + 1, l);
	}
	return 0;
}

static void legend_text(char *buf, size_t n, const struct plot_roc_curve *c, size_t i)
{
	char lab[64];
	if (!c->label)
		snprintf(lab, sizeof lab, "Curve %zu", i + 1);
	const char *l = c->label ? c->label : lab;
	if (!isfinite(c->auc))
		snprintf(buf, n, "%s", l);
	else if (!isfinite(c->auc_lb) || !isfinite(c->auc_ub))
		snprintf(buf, n, "%s: AUC %.2f", l, c->auc);
	else
		snprintf(buf, n, "%s: AUC %.2f (%.2f-%.2f)", l, c->auc, c->auc_lb, c->auc_ub);
}

static void draw_curve(struct plot_fig *f, const struct plot_roc_curve *c, uint32_t colour,
		       double width, const struct plot_scale *sx, const struct plot_scale *sy)
{
	double *xy = xcalloc(2 * c->n, sizeof *xy);
	for (size_t j = 0; j < c->n; j++) {
		xy[2 * j] = plot_scale_map(sx, c->fpr[j]);
		xy[2 * j + 1] = plot_scale_map(sy, c->tpr[j]);
	}
	if (c->n == 1)
		plot_fig_circle(f, xy[0], xy[1], width + 1, colour, PLOT_NONE, 0);
	else
		plot_fig_poly(f, xy, c->n, false, PLOT_NONE, colour, width, PLOT_SOLID);
	free(xy);
	if (!c->has_cut)
		return;
	double x = plot_scale_map(sx, c->cut_fpr), y = plot_scale_map(sy, c->cut_tpr);
	plot_fig_circle(f, x, y, 4, colour, PLOT_WHITE, 1);
	if (c->cut_label) {
		bool left = c->cut_fpr > 0.7;
		plot_fig_text(f, left ? x - 7 : x + 7, y + 12, c->cut_label, SS, false,
			      left ? PLOT_END : PLOT_START, colour);
	}
}

int plot_roc_write(const struct plot_roc_curve *c, size_t ncurves, const char *title,
		   const char *path, struct sieve_error *err)
{
	enum plot_format fmt;
	if (validate(c, ncurves, err) || plot_format_of(path, &fmt, err))
		return -1;
	double top = MARGIN + (title ? TITLE_H : 0), y0 = top + 8, y1 = y0 + SIDE;
	double h = 424 + (title ? TITLE_H : 0) + LEGEND_ROW * (double)ncurves;
	struct plot_fig *f = plot_fig_new();
	int rc = plot_fig_begin(f, path, PLOT_ROC_WIDTH, h, err);
	if (rc) {
		plot_fig_free(f);
		return rc;
	}
	if (title)
		plot_fig_text(f, MARGIN, MARGIN + 14, title, 12, true, PLOT_START, PLOT_BLACK);
	struct plot_ticks t = { 0, 1, 0.2, 6, 1, { 0, 0.2, 0.4, 0.6, 0.8, 1 } };
	struct plot_scale sx = { 0, 1, X0, X0 + SIDE }, sy = { 0, 1, y1, y0 };
	for (size_t i = 1; i + 1 < t.n; i++) {
		double gx = plot_scale_map(&sx, t.v[i]), gy = plot_scale_map(&sy, t.v[i]);
		plot_fig_line(f, gx, y0, gx, y1, 0.5, PLOT_LIGHTGREY, PLOT_SOLID);
		plot_fig_line(f, X0, gy, X0 + SIDE, gy, 0.5, PLOT_LIGHTGREY, PLOT_SOLID);
	}
	plot_fig_rect(f, X0, y0, SIDE, SIDE, PLOT_NONE, PLOT_GREY, 0.6);
	plot_fig_line(f, X0, y1, X0 + SIDE, y0, 0.8, PLOT_GREY, PLOT_DASHED);
	for (size_t i = ncurves; i-- > 0;)
		draw_curve(f, &c[i], colours[i % NCOLOURS], i ? 1.4 : 2.2, &sx, &sy);
	plot_axis_x(f, &sx, &t, y1, SS, NULL);
	plot_axis_y(f, &sy, &t, X0, SS);
	plot_fig_text(f, X0 + SIDE / 2, y1 + 32, "1 - Specificity", FS, false, PLOT_MIDDLE,
		      PLOT_BLACK);
	plot_fig_text_vertical(f, X0 - 34, (y0 + y1) / 2, "Sensitivity", FS, false, PLOT_MIDDLE,
			       PLOT_BLACK);
	for (size_t i = 0; i < ncurves; i++) {
		char buf[512];
		legend_text(buf, sizeof buf, &c[i], i);
		char *t2 = plot_fig_ellipsize(f, buf, FS, false, PLOT_ROC_WIDTH - X0 - MARGIN - 22);
		plot_legend_item(f, X0, y1 + 58 + LEGEND_ROW * (double)i, colours[i % NCOLOURS],
				 i ? 1.4 : 2.2, t2, FS);
		free(t2);
	}
	rc = plot_fig_end(f, err);
	plot_fig_free(f);
	return rc;
}
