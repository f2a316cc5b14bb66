/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forest plot: study rows, subgroup blocks, pooled diamonds, axis, estimate and weight columns. */
#include "forest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/xalloc.h"
#include "figure.h"

#define ROW PLOT_FOREST_ROW
#define MARGIN 16.0
#define TITLE_H 24.0
#define FS 9.0        /* body text */
#define SS 8.0        /* heterogeneity, notes, footnote */
#define LABEL_MIN 100.0
#define LABEL_CAP 220.0
#define PLOT_MIN 240.0
#define PLOT_FLOOR 160.0
#define SQUARE_MAX 11.0
#define DAGGER " \xE2\x80\xA0" /* " †" */

enum row_kind { ROW_TITLE, ROW_STUDY, ROW_POOLED, ROW_PI, ROW_HET, ROW_NOTE, ROW_BLANK };

struct row {
	enum row_kind kind;
	const struct plot_forest_study *s;
	const struct plot_forest_summary *sum;
	const char *text;
};

struct layout {
	double w, h;
	double xl, lw;              /* label column */
	double xc[6], cw[6];        /* data columns */
	double px0, px1;            /* plot area */
	double xe, xw;              /* right edges of the estimate and weight columns */
	int dec;
	double wmax;                /* largest weight */
	struct plot_ticks ticks;
	struct plot_scale sc;
	struct row *rows;
	size_t nrows, nhead;
};

static const char *pooled_label(const struct plot_forest_summary *s)
{
	return s->label ? s->label : "Pooled estimate";
}

static bool has_pi(const struct plot_forest_summary *s)
{
	return isfinite(s->pi_lb) && isfinite(s->pi_ub);
}

static int check_summary(const struct plot_forest_summary *s, const char *what,
			 struct sieve_error *err)
{
	if (!isfinite(s->est))
		return 0;
	if (!isfinite(s->ci_lb) || !isfinite(s->ci_ub) || s->ci_lb > s->ci_ub)
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "forest plot: %s has no valid confidence interval", what);
	if (has_pi(s) && s->pi_lb > s->pi_ub)
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "forest plot: %s prediction interval has lower > upper", what);
	return 0;
}

static int validate(const struct plot_forest *p, struct sieve_error *err)
{
	if (!p || !p->s || p->k == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "forest plot: no studies");
	if (p->ncols > 6)
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "forest plot: %zu data columns (at most 6)", p->ncols);
	for (size_t i = 0; i < p->k; i++) {
		const struct plot_forest_study *s = &p->s[i];
		const char *l = s->label ? s->label : "";
		if (!isfinite(s->est))
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "forest plot: study %zu (%s): estimate is not a finite number",
					       i + 1, l);
		if (isfinite(s->ci_lb) && isfinite(s->ci_ub) && s->ci_lb > s->ci_ub)
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "forest plot: study %zu (%s): CI lower bound above upper",
					       i + 1, l);
	}
	for (size_t b = 0; b < p->nblocks && p->blocks; b++) {
		const struct plot_forest_block *bl = &p->blocks[b];
		if (bl->first > p->k || bl->n > p->k - bl->first)
			return sieve_error_set(err, SIEVE_ERR_DATA,
					       "forest plot: subgroup %zu: studies out of range", b + 1);
		if (check_summary(&bl->pooled, "a subgroup estimate", err))
			return -1;
	}
	return check_summary(&p->overall, "the overall estimate", err);
}

static void add_row(struct layout *L, enum row_kind kind, const struct plot_forest_study *s,
		    const struct plot_forest_summary *sum, const char *text)
{
	L->rows[L->nrows++] = (struct row){ kind, s, sum, text };
}

static void add_summary(struct layout *L, const struct plot_forest_summary *sum)
{
	if (!isfinite(sum->est))
		return;
	add_row(L, ROW_POOLED, NULL, sum, NULL);
	if (has_pi(sum))
		add_row(L, ROW_PI, NULL, sum, NULL);
	if (sum->het)
		add_row(L, ROW_HET, NULL, sum, sum->het);
}

static void build_rows(const struct plot_forest *p, struct layout *L)
{
	struct plot_forest_block one = { NULL, 0, p->k, { .est = NAN } };
	const struct plot_forest_block *bl = p->nblocks && p->blocks ? p->blocks : &one;
	size_t nb = p->nblocks && p->blocks ? p->nblocks : 1;
	size_t cap = 5 * nb + 8;
	for (size_t b = 0; b < nb; b++)
		cap += bl[b].n;
	L->rows = xcalloc(cap, sizeof *L->rows);
	for (size_t b = 0; b < nb; b++) {
		if (b)
			add_row(L, ROW_BLANK, NULL, NULL, NULL);
		if (bl[b].title)
			add_row(L, ROW_TITLE, NULL, NULL, bl[b].title);
		for (size_t i = 0; i < bl[b].n; i++)
			add_row(L, ROW_STUDY, &p->s[bl[b].first + i], NULL, NULL);
		add_summary(L, &bl[b].pooled);
	}
	if (isfinite(p->overall.est)) {
		add_row(L, ROW_BLANK, NULL, NULL, NULL);
		add_summary(L, &p->overall);
	}
	if (p->subgroup_test)
		add_row(L, ROW_NOTE, NULL, NULL, p->subgroup_test);
}

static void fmt_ci(char *buf, size_t n, double lb, double ub, int dec)
{
	char a[48] = "NA", b[48] = "NA";
	if (isfinite(lb))
		plot_fmt_num(a, sizeof a, lb, dec);
	if (isfinite(ub))
		plot_fmt_num(b, sizeof b, ub, dec);
	snprintf(buf, n, "[%s, %s]", a, b);
}

static void fmt_est(char *buf, size_t n, double est, double lb, double ub, int dec)
{
	char e[48], ci[100];
	plot_fmt_num(e, sizeof e, est, dec);
	fmt_ci(ci, sizeof ci, lb, ub, dec);
	snprintf(buf, n, "%s %s", e, ci);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Decimals from the median study CI width. */
static int choose_decimals(const struct plot_forest *p)
{
	double *w = xcalloc(p->k, sizeof *w);
	size_t n = 0;
	for (size_t i = 0; i < p->k; i++)
		if (isfinite(p->s[i].ci_ub - p->s[i].ci_lb) && p->s[i].ci_ub > p->s[i].ci_lb)
			w[n++] = p->s[i].ci_ub - p->s[i].ci_lb;
	double scale = fabs(p->s[0].est);
	if (n) {
		qsort(w, n, sizeof *w, cmp_double);
		scale = n % 2 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
	}
	free(w);
	return plot_decimals_for(scale);
}

static void widen(double *lo, double *hi, double v)
{
	if (isfinite(v)) {
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

/* The axis: the null value, the estimates and the pooled CIs and prediction
 * intervals (the core), widened to cover the study CIs, but by at most the
 * core's width on either side: a few very wide CIs get arrows instead. */
static void choose_axis(const struct plot_forest *p, const struct layout *L,
			struct plot_ticks *t)
{
	double null = isfinite(p->null_value) ? p->null_value : 0, clo = null, chi = null;
	for (size_t i = 0; i < p->k; i++)
		widen(&clo, &chi, p->s[i].est);
	for (size_t r = 0; r < L->nrows; r++) {
		const struct plot_forest_summary *s = L->rows[r].sum;
		if (L->rows[r].kind == ROW_POOLED) {
			widen(&clo, &chi, s->ci_lb), widen(&clo, &chi, s->ci_ub);
		} else if (L->rows[r].kind == ROW_PI) {
			widen(&clo, &chi, s->pi_lb), widen(&clo, &chi, s->pi_ub);
		}
	}
	double flo = clo, fhi = chi;
	for (size_t i = 0; i < p->k; i++)
		widen(&flo, &fhi, p->s[i].ci_lb), widen(&flo, &fhi, p->s[i].ci_ub);
	double cw = chi - clo;
	if (cw <= 0)
		cw = fhi - flo;
	plot_ticks_nice(fmax(flo, clo - cw), fmin(fhi, chi + cw), t);
}

static double width_of(struct plot_fig *f, const char *s, double size, bool bold)
{
	return s ? plot_fig_text_width(f, s, size, bold) : 0;
}

static void layout(struct plot_fig *f, const struct plot_forest *p, struct layout *L)
{
	char buf[256];
	build_rows(p, L);
	L->dec = choose_decimals(p);
	L->nhead = (p->group_heads[0] || p->group_heads[1]) ? 2 : 1;

	/* Label column: the longest study label, within [LABEL_MIN, LABEL_CAP]. */
	double lw = width_of(f, "Study", FS, true);
	double dagger = width_of(f, DAGGER, FS, false);
	for (size_t i = 0; i < p->k; i++)
		lw = fmax(lw, width_of(f, p->s[i].label, FS, false) + (p->s[i].derived ? dagger : 0));
	double dw = 0, span = width_of(f, "Prediction interval", FS, false) + 8;
	for (size_t r = 0; r < L->nrows; r++) {
		const struct row *R = &L->rows[r];
		if (R->kind == ROW_TITLE)
			span = fmax(span, width_of(f, R->text, FS, true));
		else if (R->kind == ROW_POOLED)
			span = fmax(span, width_of(f, pooled_label(R->sum), FS, true));
	}

	for (size_t c = 0; c < p->ncols; c++) {
		double w = width_of(f, p->col_heads[c], FS, true);
		for (size_t i = 0; i < p->k; i++)
			w = fmax(w, width_of(f, p->s[i].cols[c], FS, false));
		L->cw[c] = fmax(w + 12, 28);
	}
	for (size_t g = 0; g < 2; g++) {
		size_t c0 = 3 * g, c1 = p->ncols < 3 * g + 3 ? p->ncols : 3 * g + 3;
		if (!p->group_heads[g] || c0 >= c1)
			continue;
		double have = 0, need = width_of(f, p->group_heads[g], FS, true) + 8;
		for (size_t c = c0; c < c1; c++)
			have += L->cw[c];
		for (size_t c = c0; c < c1 && have < need; c++)
			L->cw[c] += (need - have) / (double)(c1 - c0);
	}
	for (size_t c = 0; c < p->ncols; c++)
		dw += L->cw[c];
	/* Pooled labels and subgroup titles may run on over the data columns. */
	lw = fmin(fmax(fmax(lw, span - dw) + 10, LABEL_MIN), LABEL_CAP);

	double ew = width_of(f, p->est_head ? p->est_head : "MD [95% CI]", FS, true);
	for (size_t r = 0; r < L->nrows; r++) {
		const struct row *R = &L->rows[r];
		if (R->kind == ROW_STUDY)
			fmt_est(buf, sizeof buf, R->s->est, R->s->ci_lb, R->s->ci_ub, L->dec);
		else if (R->kind == ROW_POOLED)
			fmt_est(buf, sizeof buf, R->sum->est, R->sum->ci_lb, R->sum->ci_ub, L->dec);
		else if (R->kind == ROW_PI)
			fmt_ci(buf, sizeof buf, R->sum->pi_lb, R->sum->pi_ub, L->dec);
		else
			continue;
		ew = fmax(ew, width_of(f, buf, FS, R->kind == ROW_POOLED));
	}
	ew += 16;
	bool weights = false; /* no weights: no weight column */
	L->wmax = 0;
	for (size_t i = 0; i < p->k; i++) {
		if (isfinite(p->s[i].weight)) {
			weights = true;
			L->wmax = fmax(L->wmax, p->s[i].weight);
		}
	}
	double ww = weights ? fmax(width_of(f, "Weight", FS, true),
				   width_of(f, "100.0%", FS, false)) + 14 : 0;

	L->w = PLOT_FOREST_WIDTH;
	double fixed = 2 * MARGIN + dw + ew + ww + 16;
	if (L->w - fixed - lw < PLOT_MIN)
		lw = fmax(fmin(lw, LABEL_MIN), L->w - fixed - PLOT_MIN);
	if (L->w - fixed - lw < PLOT_FLOOR)
		L->w = ceil(fixed + lw + PLOT_FLOOR);
	L->xl = MARGIN, L->lw = lw;
	double x = MARGIN + lw;
	for (size_t c = 0; c < p->ncols; c++)
		L->xc[c] = x, x += L->cw[c];
	L->px0 = x + 8;
	L->xw = L->w - MARGIN;
	L->xe = L->xw - ww;
	L->px1 = L->xe - ew - 8;

	choose_axis(p, L, &L->ticks);
	L->sc = (struct plot_scale){ L->ticks.lo, L->ticks.hi, L->px0 + 6, L->px1 - 6 };

	size_t rows = L->nhead + L->nrows + 2 + (p->left_note || p->right_note) +
		      (p->effect_label != NULL) + (p->footnote != NULL);
	L->h = 2 * MARGIN + (p->title ? TITLE_H : 0) + ROW * (double)rows;
}

/* Map v to the plot area; *off is -1 / +1 when v lies left / right of it. */
static double clip_x(const struct layout *L, double v, int *off)
{
	*off = !isfinite(v) ? (v < 0 ? -1 : 1) : v < L->ticks.lo ? -1 : v > L->ticks.hi ? 1 : 0;
	double c = *off < 0 ? L->ticks.lo : *off > 0 ? L->ticks.hi : v;
	return plot_scale_map(&L->sc, c);
}

static void arrow(struct plot_fig *f, double x, double y, int dir)
{
	double xy[6] = { x + 2 * dir, y, x - 4 * dir, y - 3, x - 4 * dir, y + 3 };
	plot_fig_poly(f, xy, 3, true, PLOT_BLACK, PLOT_NONE, 0, PLOT_SOLID);
}

/* A horizontal interval at y, with arrows where it runs off the axis and
 * end caps of half-height cap (0 = none). */
static void interval(struct plot_fig *f, const struct layout *L, double lb, double ub,
		     double y, double width, double cap)
{
	int ol, ou;
	double xa = clip_x(L, isfinite(lb) ? lb : -INFINITY, &ol);
	double xb = clip_x(L, isfinite(ub) ? ub : INFINITY, &ou);
	if (xb > xa)
		plot_fig_line(f, xa, y, xb, y, width, PLOT_BLACK, PLOT_SOLID);
	if (ol < 0)
		arrow(f, xa, y, -1);
	else if (cap > 0)
		plot_fig_line(f, xa, y - cap, xa, y + cap, width, PLOT_BLACK, PLOT_SOLID);
	if (ou > 0)
		arrow(f, xb, y, 1);
	else if (cap > 0)
		plot_fig_line(f, xb, y - cap, xb, y + cap, width, PLOT_BLACK, PLOT_SOLID);
}

static void draw_study(struct plot_fig *f, const struct plot_forest *p, const struct layout *L,
		       const struct plot_forest_study *s, double mid, double base)
{
	char buf[256];
	double dw = s->derived ? plot_fig_text_width(f, DAGGER, FS, false) : 0;
	char *lab = plot_fig_ellipsize(f, s->label ? s->label : "", FS, false, L->lw - 8 - dw);
	if (s->derived) {
		snprintf(buf, sizeof buf, "%s%s", lab, DAGGER);
		plot_fig_text(f, L->xl, base, buf, FS, false, PLOT_START, PLOT_BLACK);
	} else {
		plot_fig_text(f, L->xl, base, lab, FS, false, PLOT_START, PLOT_BLACK);
	}
	free(lab);
	for (size_t c = 0; c < p->ncols; c++)
		if (s->cols[c])
			plot_fig_text(f, L->xc[c] + L->cw[c] / 2, base, s->cols[c], FS, false,
				      PLOT_MIDDLE, PLOT_BLACK);
	interval(f, L, isnan(s->ci_lb) ? s->est : s->ci_lb, isnan(s->ci_ub) ? s->est : s->ci_ub,
		 mid, 0.9, 0);
	int off;
	double x = clip_x(L, s->est, &off);
	if (!off) {
		double side = L->wmax > 0 && isfinite(s->weight)
				      ? fmax(3, SQUARE_MAX * sqrt(fmax(s->weight, 0) / L->wmax))
				      : 5;
		plot_fig_rect(f, x - side / 2, mid - side / 2, side, side, PLOT_BLUE, PLOT_NONE, 0);
	}
	fmt_est(buf, sizeof buf, s->est, s->ci_lb, s->ci_ub, L->dec);
	plot_fig_text(f, L->xe, base, buf, FS, false, PLOT_END, PLOT_BLACK);
	if (isfinite(s->weight)) {
		snprintf(buf, sizeof buf, "%.1f%%", s->weight);
		plot_fig_text(f, L->xw, base, buf, FS, false, PLOT_END, PLOT_BLACK);
	}
}

static void draw_pooled(struct plot_fig *f, const struct layout *L,
			const struct plot_forest_summary *s, double mid, double base)
{
	char buf[256];
	char *lab = plot_fig_ellipsize(f, pooled_label(s), FS, true, L->px0 - L->xl - 8);
	plot_fig_text(f, L->xl, base, lab, FS, true, PLOT_START, PLOT_BLACK);
	free(lab);
	int o;
	double xy[8] = { clip_x(L, s->ci_lb, &o), mid, clip_x(L, s->est, &o), mid - 5,
			 clip_x(L, s->ci_ub, &o), mid, clip_x(L, s->est, &o), mid + 5 };
	plot_fig_poly(f, xy, 4, true, PLOT_BLACK, PLOT_BLACK, 0.6, PLOT_SOLID);
	fmt_est(buf, sizeof buf, s->est, s->ci_lb, s->ci_ub, L->dec);
	plot_fig_text(f, L->xe, base, buf, FS, true, PLOT_END, PLOT_BLACK);
}

/* A line of small text at the left; a white band keeps the null line from
 * crossing it when it reaches into the plot area. */
static void draw_note(struct plot_fig *f, const struct layout *L, const char *text,
		      double top, double base)
{
	char *t = plot_fig_ellipsize(f, text, SS, false, L->w - 2 * MARGIN);
	double tw = plot_fig_text_width(f, t, SS, false);
	if (L->xl + tw > L->px0)
		plot_fig_rect(f, L->xl - 1, top + 2, tw + 3, ROW - 4, PLOT_WHITE, PLOT_NONE, 0);
	plot_fig_text(f, L->xl, base, t, SS, false, PLOT_START, PLOT_BLACK);
	free(t);
}

static void draw_header(struct plot_fig *f, const struct plot_forest *p, const struct layout *L,
			double y)
{
	if (L->nhead == 2) {
		for (size_t g = 0; g < 2; g++) {
			size_t c0 = 3 * g, c1 = p->ncols < 3 * g + 3 ? p->ncols : 3 * g + 3;
			if (!p->group_heads[g] || c0 >= c1)
				continue;
			double x0 = L->xc[c0], x1 = L->xc[c1 - 1] + L->cw[c1 - 1];
			plot_fig_text(f, (x0 + x1) / 2, y + ROW / 2 + FS * 0.35, p->group_heads[g],
				      FS, true, PLOT_MIDDLE, PLOT_BLACK);
			plot_fig_line(f, x0 + 3, y + ROW - 1, x1 - 3, y + ROW - 1, 0.6, PLOT_BLACK,
				      PLOT_SOLID);
		}
		y += ROW;
	}
	double base = y + ROW / 2 + FS * 0.35;
	plot_fig_text(f, L->xl, base, "Study", FS, true, PLOT_START, PLOT_BLACK);
	for (size_t c = 0; c < p->ncols; c++)
		plot_fig_text(f, L->xc[c] + L->cw[c] / 2, base, p->col_heads[c], FS, true,
			      PLOT_MIDDLE, PLOT_BLACK);
	plot_fig_text(f, L->xe, base, p->est_head ? p->est_head : "MD [95% CI]", FS, true,
		      PLOT_END, PLOT_BLACK);
	if (L->xe < L->xw)
		plot_fig_text(f, L->xw, base, "Weight", FS, true, PLOT_END, PLOT_BLACK);
	plot_fig_line(f, MARGIN, y + ROW, L->w - MARGIN, y + ROW, 0.6, PLOT_BLACK, PLOT_SOLID);
}

static void draw(struct plot_fig *f, const struct plot_forest *p, const struct layout *L)
{
	double y = MARGIN;
	if (p->title) {
		plot_fig_text(f, L->xl, y + 14, p->title, 12, true, PLOT_START, PLOT_BLACK);
		y += TITLE_H;
	}
	draw_header(f, p, L, y);
	y += ROW * (double)L->nhead;
	double body = y, axis_y = y + ROW * (double)L->nrows + 6;
	int off;
	double xnull = clip_x(L, isfinite(p->null_value) ? p->null_value : 0, &off);
	plot_fig_line(f, xnull, body, xnull, axis_y, 0.6, PLOT_BLACK, PLOT_SOLID);

	for (size_t r = 0; r < L->nrows; r++, y += ROW) {
		const struct row *R = &L->rows[r];
		double mid = y + ROW / 2, base = mid + FS * 0.35;
		char buf[160];
		switch (R->kind) {
		case ROW_TITLE: {
			char *t = plot_fig_ellipsize(f, R->text, FS, true, L->px0 - L->xl - 8);
			plot_fig_text(f, L->xl, base, t, FS, true, PLOT_START, PLOT_BLACK);
			free(t);
			break;
		}
		case ROW_STUDY:
			draw_study(f, p, L, R->s, mid, base);
			break;
		case ROW_POOLED:
			draw_pooled(f, L, R->sum, mid, base);
			break;
		case ROW_PI:
			plot_fig_text(f, L->xl + 8, base, "Prediction interval", FS, false,
				      PLOT_START, PLOT_BLACK);
			interval(f, L, R->sum->pi_lb, R->sum->pi_ub, mid, 1.2, 3);
			fmt_ci(buf, sizeof buf, R->sum->pi_lb, R->sum->pi_ub, L->dec);
			plot_fig_text(f, L->xe, base, buf, FS, false, PLOT_END, PLOT_BLACK);
			break;
		case ROW_HET:
		case ROW_NOTE:
			draw_note(f, L, R->text, y, mid + SS * 0.35);
			break;
		case ROW_BLANK:
			break;
		}
	}

	plot_axis_x(f, &L->sc, &L->ticks, axis_y, SS, NULL);
	y += 2 * ROW;
	if (p->left_note || p->right_note) {
		double base = y + ROW / 2 + SS * 0.35;
		plot_fig_text(f, xnull - 6, base, p->left_note, SS, false, PLOT_END, PLOT_BLACK);
		plot_fig_text(f, xnull + 6, base, p->right_note, SS, false, PLOT_START, PLOT_BLACK);
		y += ROW;
	}
	if (p->effect_label) {
		plot_fig_text(f, (L->sc.p0 + L->sc.p1) / 2, y + ROW / 2 + FS * 0.35,
			      p->effect_label, FS, false, PLOT_MIDDLE, PLOT_BLACK);
		y += ROW;
	}
	if (p->footnote)
		draw_note(f, L, p->footnote, y, y + ROW / 2 + SS * 0.35);
}

int plot_forest_write(const struct plot_forest *p, const char *path, struct sieve_error *err)
{
	enum plot_format fmt;
	if (validate(p, err) || plot_format_of(path, &fmt, err))
		return -1;
	struct plot_fig *f = plot_fig_new();
	struct layout L = { 0 };
	layout(f, p, &L);
	int rc = plot_fig_begin(f, path, L.w, L.h, err);
	if (rc == 0) {
		draw(f, p, &L);
		rc = plot_fig_end(f, err);
	}
	free(L.rows);
	plot_fig_free(f);
	return rc;
}
