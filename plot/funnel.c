/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Funnel plot: effects against standard error (0 at the top) with pseudo 95% limits. */
#include <math.h>
#include <stdlib.h>

#include "figure.h"
#include "forest.h"

#define MARGIN 16.0
#define TITLE_H 24.0
#define FS 9.0
#define SS 8.0
#define Z95 1.959964

static int validate(const struct plot_funnel *p, struct sieve_error *err)
{
	if (!p || !p->yi || !p->sei || p->k == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "funnel plot: no studies");
	if (!isfinite(p->est))
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "funnel plot: pooled estimate is not a finite number");
	for (size_t i = 0; i < p->k; i++) {
		if (!isfinite(p->yi[i]))
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "funnel plot: study %zu: effect is not a finite number",
					       i + 1);
		if (!(p->sei[i] > 0) || !isfinite(p->sei[i]))
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "funnel plot: study %zu: standard error must be positive",
					       i + 1);
	}
	return 0;
}

static void draw(struct plot_fig *f, const struct plot_funnel *p, double h)
{
	double top = MARGIN + (p->title ? TITLE_H : 0);
	double x0 = 72, x1 = PLOT_FUNNEL_WIDTH - 24, y0 = top + 10, y1 = h - 76;
	if (p->title)
		plot_fig_text(f, MARGIN, MARGIN + 14, p->title, 12, true, PLOT_START, PLOT_BLACK);

	double semax = 0, lo = p->est, hi = p->est;
	for (size_t i = 0; i < p->k; i++) {
		semax = fmax(semax, p->sei[i]);
		lo = fmin(lo, p->yi[i]), hi = fmax(hi, p->yi[i]);
	}
	struct plot_ticks ty, tx;
	plot_ticks_nice(0, semax, &ty);
	double yhi = ty.hi;
	plot_ticks_nice(fmin(lo, p->est - Z95 * yhi), fmax(hi, p->est + Z95 * yhi), &tx);
	struct plot_scale sx = { tx.lo, tx.hi, x0, x1 }, sy = { 0, yhi, y0, y1 };

	/* The pseudo confidence region, then the line at the estimate. */
	double ax = plot_scale_map(&sx, p->est), ay = plot_scale_map(&sy, 0);
	double bl = plot_scale_map(&sx, p->est - Z95 * yhi);
	double br = plot_scale_map(&sx, p->est + Z95 * yhi), by = plot_scale_map(&sy, yhi);
	double tri[6] = { ax, ay, bl, by, br, by };
	plot_fig_poly(f, tri, 3, true, PLOT_PALEGREY, PLOT_NONE, 0, PLOT_SOLID);
	plot_fig_line(f, ax, ay, bl, by, 0.8, PLOT_DARKGREY, PLOT_DASHED);
	plot_fig_line(f, ax, ay, br, by, 0.8, PLOT_DARKGREY, PLOT_DASHED);
	plot_fig_line(f, ax, ay, ax, by, 0.9, PLOT_BLACK, PLOT_SOLID);

	for (size_t i = 0; i < p->k; i++) {
		double x = plot_scale_map(&sx, p->yi[i]), y = plot_scale_map(&sy, p->sei[i]);
		plot_fig_circle(f, x, y, 3.2, PLOT_BLUE, PLOT_BLACK, 0.5);
		if (p->labels && p->labels[i] && fabs(p->yi[i] - p->est) > Z95 * p->sei[i])
			plot_fig_text(f, x + 5, y + 3, p->labels[i], 7, false, PLOT_START,
				      PLOT_DARKGREY);
	}

	plot_axis_x(f, &sx, &tx, y1 + 6, SS, NULL);
	plot_axis_y(f, &sy, &ty, x0 - 6, SS);
	plot_fig_text_vertical(f, x0 - 40, (y0 + y1) / 2, "Standard error", FS, false,
			       PLOT_MIDDLE, PLOT_BLACK);
	if (p->effect_label)
		plot_fig_text(f, (x0 + x1) / 2, y1 + 38, p->effect_label, FS, false, PLOT_MIDDLE,
			      PLOT_BLACK);
	double ly = h - MARGIN + 2;
	double lx = plot_legend_item(f, x0, ly, PLOT_PALEGREY, 0, "Pseudo 95% confidence limits",
				     SS);
	plot_legend_item(f, lx, ly, PLOT_BLACK, 0.9, "Pooled estimate", SS);
}

int plot_funnel_write(const struct plot_funnel *p, const char *path, struct sieve_error *err)
{
	enum plot_format fmt;
	if (validate(p, err) || plot_format_of(path, &fmt, err))
		return -1;
	double h = PLOT_FUNNEL_HEIGHT + (p->title ? TITLE_H : 0);
	struct plot_fig *f = plot_fig_new();
	int rc = plot_fig_begin(f, path, PLOT_FUNNEL_WIDTH, h, err);
	if (rc == 0) {
		draw(f, p, h);
		rc = plot_fig_end(f, err);
	}
	plot_fig_free(f);
	return rc;
}
