/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 traffic-light table and summary bars, colour and symbol for every judgement. */
#include "quadas_plot.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "figure.h"
#include "../quadas/judge.h"

/* cli/cmd_quadas.c casts QUADAS-2 judgements (enum quadas_level) to
 * enum plot_rob: the two must keep the same values. */
_Static_assert((int)PLOT_ROB_NONE == (int)QL_NONE, "plot_rob and quadas_level differ: NONE");
_Static_assert((int)PLOT_ROB_LOW == (int)QL_LOW, "plot_rob and quadas_level differ: LOW");
_Static_assert((int)PLOT_ROB_HIGH == (int)QL_HIGH, "plot_rob and quadas_level differ: HIGH");
_Static_assert((int)PLOT_ROB_UNCLEAR == (int)QL_UNCLEAR,
	       "plot_rob and quadas_level differ: UNCLEAR");

#define W PLOT_QUADAS_WIDTH
#define MARGIN 20.0
#define ROW 16.0
#define TROW 18.0
#define CELL 32.0
#define GAP 12.0
#define FS 9.0
#define SS 8.0
#define TRAFFIC_H(n) (70.0 + TROW * (double)(n))
#define SUMMARY_H 212.0
#define BAR_X0 (MARGIN + 130)
#define BAR_X1 (W - MARGIN - 10)

static const char *const domains[4] = { "Patient selection", "Index test",
					"Reference standard", "Flow and timing" };

static uint32_t rob_colour(enum plot_rob r)
{
	return r == PLOT_ROB_LOW ? PLOT_GREEN : r == PLOT_ROB_HIGH ? PLOT_VERMILLION
		: r == PLOT_ROB_UNCLEAR ? PLOT_ORANGE : PLOT_LIGHTGREY;
}

static const char *rob_symbol(enum plot_rob r)
{
	return r == PLOT_ROB_LOW ? "+" : r == PLOT_ROB_HIGH ? "\xE2\x88\x92" /* − */
		: r == PLOT_ROB_UNCLEAR ? "?" : NULL;
}

static const char *rob_name(enum plot_rob r)
{
	return r == PLOT_ROB_LOW ? "Low" : r == PLOT_ROB_HIGH ? "High"
		: r == PLOT_ROB_UNCLEAR ? "Unclear" : "Not assessed";
}

static int check_rob(enum plot_rob r, size_t i, const char *label, struct sieve_error *err)
{
	if ((int)r < PLOT_ROB_NONE || (int)r > PLOT_ROB_UNCLEAR)
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "QUADAS-2 figure: study %zu (%s): judgement %d out of range",
				       i + 1, label ? label : "", (int)r);
	return 0;
}

static int validate(const struct plot_quadas_study *s, size_t n, struct sieve_error *err)
{
	if (!s || n == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "QUADAS-2 figure: no studies");
	for (size_t i = 0; i < n; i++) {
		int bad = check_rob(s[i].overall_risk, i, s[i].label, err) ||
			  check_rob(s[i].overall_applic, i, s[i].label, err);
		for (size_t d = 0; d < 4 && !bad; d++)
			bad = check_rob(s[i].risk[d], i, s[i].label, err) ||
			      (d < 3 && check_rob(s[i].applic[d], i, s[i].label, err));
		if (bad)
			return -1;
	}
	return 0;
}

/* A judgement: coloured circle with its symbol. */
static void mark(struct plot_fig *f, double cx, double cy, double r, enum plot_rob rob)
{
	plot_fig_circle(f, cx, cy, r, rob_colour(rob), PLOT_NONE, 0);
	const char *sym = rob_symbol(rob);
	if (sym)
		plot_fig_text(f, cx, cy + r * 0.47, sym, r * 1.35, true, PLOT_MIDDLE, PLOT_BLACK);
}

/* Centre x of traffic-light column c: 0-3 risk, 4-6 applicability, 7-8 overall. */
static double col_x(size_t c)
{
	double xs = W - MARGIN - (9 * CELL + 2 * GAP);
	return xs + CELL * ((double)c + 0.5) + GAP * (double)(c >= 4) + GAP * (double)(c >= 7);
}

static void span_head(struct plot_fig *f, size_t c0, size_t c1, const char *text, double y)
{
	double x0 = col_x(c0) - CELL / 2 + 2, x1 = col_x(c1) + CELL / 2 - 2;
	double size = 8.5, w = plot_fig_text_width(f, text, size, true);
	if (w > x1 - x0)
		size *= (x1 - x0) / w;
	plot_fig_text(f, (x0 + x1) / 2, y + ROW / 2 + 3, text, size, true, PLOT_MIDDLE, PLOT_BLACK);
	plot_fig_line(f, x0, y + ROW - 1, x1, y + ROW - 1, 0.6, PLOT_BLACK, PLOT_SOLID);
}

static void draw_traffic(struct plot_fig *f, const struct plot_quadas_study *s, size_t n,
			 double y)
{
	static const char *const heads[9] = { "D1", "D2", "D3", "D4", "D1", "D2", "D3",
					      "Risk", "Applic." };
	span_head(f, 0, 3, "Risk of bias", y);
	span_head(f, 4, 6, "Applicability concerns", y);
	span_head(f, 7, 8, "Overall", y);
	y += ROW;
	double base = y + ROW / 2 + 3;
	plot_fig_text(f, MARGIN, base, "Study", FS, true, PLOT_START, PLOT_BLACK);
	for (size_t c = 0; c < 9; c++)
		plot_fig_text(f, col_x(c), base, heads[c], SS, true, PLOT_MIDDLE, PLOT_BLACK);
	y += ROW;
	double label_w = col_x(0) - CELL / 2 - MARGIN - 8;
	for (size_t i = 0; i < n; i++, y += TROW) {
		double mid = y + TROW / 2;
		if (i % 2)
			plot_fig_rect(f, MARGIN - 4, y, W - 2 * MARGIN + 8, TROW, PLOT_PALEGREY,
				      PLOT_NONE, 0);
		char *lab = plot_fig_ellipsize(f, s[i].label ? s[i].label : "", FS, false, label_w);
		plot_fig_text(f, MARGIN, mid + FS * 0.35, lab, FS, false, PLOT_START, PLOT_BLACK);
		free(lab);
		for (size_t d = 0; d < 4; d++)
			mark(f, col_x(d), mid, 7.5, s[i].risk[d]);
		for (size_t d = 0; d < 3; d++)
			mark(f, col_x(4 + d), mid, 7.5, s[i].applic[d]);
		mark(f, col_x(7), mid, 7.5, s[i].overall_risk);
		mark(f, col_x(8), mid, 7.5, s[i].overall_applic);
	}
	y += 6;
	char dom[200];
	snprintf(dom, sizeof dom, "D1 %s    D2 %s    D3 %s    D4 %s", domains[0], domains[1],
		 domains[2], domains[3]);
	plot_fig_text(f, MARGIN, y + 11, dom, SS, false, PLOT_START, PLOT_BLACK);
	double x = MARGIN, cy = y + ROW + 8;
	static const enum plot_rob order[4] = { PLOT_ROB_LOW, PLOT_ROB_HIGH, PLOT_ROB_UNCLEAR,
						PLOT_ROB_NONE };
	for (size_t o = 0; o < 4; o++) {
		mark(f, x + 5.5, cy, 5.5, order[o]);
		plot_fig_text(f, x + 15, cy + SS * 0.35, rob_name(order[o]), SS, false, PLOT_START,
			      PLOT_BLACK);
		x += 15 + plot_fig_text_width(f, rob_name(order[o]), SS, false) + 16;
	}
}

/* One 100% stacked bar: count[judgement] of n studies. */
static void bar(struct plot_fig *f, const size_t count[4], size_t n, const char *label,
		double top)
{
	static const enum plot_rob order[4] = { PLOT_ROB_LOW, PLOT_ROB_HIGH, PLOT_ROB_UNCLEAR,
						PLOT_ROB_NONE };
	plot_fig_text(f, BAR_X0 - 8, top + 13, label, FS, false, PLOT_END, PLOT_BLACK);
	double x = BAR_X0, bw = BAR_X1 - BAR_X0;
	for (size_t o = 0; o < 4; o++) {
		size_t c = count[order[o]];
		if (!c)
			continue;
		double w = bw * (double)c / (double)n;
		plot_fig_rect(f, x, top + 3, w, 14, rob_colour(order[o]), PLOT_WHITE, 0.6);
		char t[48];
		snprintf(t, sizeof t, "%.0f%% (%zu)", 100.0 * (double)c / (double)n, c);
		if (plot_fig_text_width(f, t, SS, false) + 6 <= w)
			plot_fig_text(f, x + w / 2, top + 13, t, SS, false, PLOT_MIDDLE,
				      PLOT_BLACK);
		x += w;
	}
}

static void draw_summary(struct plot_fig *f, const struct plot_quadas_study *s, size_t n,
			 double y)
{
	bool none = false;
	plot_fig_text(f, MARGIN, y + 12, "Risk of bias", FS, true, PLOT_START, PLOT_BLACK);
	y += ROW;
	for (size_t d = 0; d < 4; d++, y += 20) {
		size_t count[4] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[s[i].risk[d]]++;
		none |= count[PLOT_ROB_NONE] > 0;
		bar(f, count, n, domains[d], y);
	}
	plot_fig_text(f, MARGIN, y + 12, "Applicability concerns", FS, true, PLOT_START,
		      PLOT_BLACK);
	y += ROW;
	for (size_t d = 0; d < 3; d++, y += 20) {
		size_t count[4] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[s[i].applic[d]]++;
		none |= count[PLOT_ROB_NONE] > 0;
		bar(f, count, n, domains[d], y);
	}
	struct plot_ticks t = { 0, 100, 25, 5, 0, { 0, 25, 50, 75, 100 } };
	struct plot_scale sc = { 0, 100, BAR_X0, BAR_X1 };
	plot_axis_x(f, &sc, &t, y + 4, SS, "%");
	y += 24;
	double x = BAR_X0;
	for (enum plot_rob r = PLOT_ROB_LOW; r <= PLOT_ROB_UNCLEAR; r++)
		x = plot_legend_item(f, x, y + 12, rob_colour(r), 0, rob_name(r), SS);
	if (none)
		plot_legend_item(f, x, y + 12, rob_colour(PLOT_ROB_NONE), 0,
				 rob_name(PLOT_ROB_NONE), SS);
}

enum part { TRAFFIC = 1, SUMMARY = 2 };

static int write_parts(const struct plot_quadas_study *s, size_t n, const char *path,
		       unsigned parts, struct sieve_error *err)
{
	enum plot_format fmt;
	if (validate(s, n, err) || plot_format_of(path, &fmt, err))
		return -1;
	double h = 32 + (parts & TRAFFIC ? TRAFFIC_H(n) : 0) + (parts & SUMMARY ? SUMMARY_H : 0) +
		   (parts == (TRAFFIC | SUMMARY) ? 20 : 0);
	struct plot_fig *f = plot_fig_new();
	int rc = plot_fig_begin(f, path, W, h, err);
	if (rc == 0) {
		double y = 16;
		if (parts & TRAFFIC) {
			draw_traffic(f, s, n, y);
			y += TRAFFIC_H(n) + 20;
		}
		if (parts & SUMMARY)
			draw_summary(f, s, n, y);
		rc = plot_fig_end(f, err);
	}
	plot_fig_free(f);
	return rc;
}

int plot_quadas_traffic_write(const struct plot_quadas_study *s, size_t n, const char *path,
			      struct sieve_error *err)
{
	return write_parts(s, n, path, TRAFFIC, err);
}

int plot_quadas_summary_write(const struct plot_quadas_study *s, size_t n, const char *path,
			      struct sieve_error *err)
{
	return write_parts(s, n, path, SUMMARY, err);
}

int plot_quadas_write(const struct plot_quadas_study *s, size_t n, const char *path,
		      struct sieve_error *err)
{
	return write_parts(s, n, path, TRAFFIC | SUMMARY, err);
}
