/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forest and funnel plots of a meta-analysis, written as SVG, PDF or PNG. */
#ifndef SIEVE_PLOT_FOREST_H
#define SIEVE_PLOT_FOREST_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"

/* One study row. Strings are borrowed for the call. */
struct plot_forest_study {
	const char *label;
	const char *cols[6];    /* text of the group data columns, e.g. n1 mean1 sd1
				 * n2 mean2 sd2; NULL = blank */
	double est, ci_lb, ci_ub;
	double weight;          /* percent, NAN = none */
	bool derived;           /* "†" after the label: mean/SD estimated from a median */
};

/* A pooled estimate: a diamond, an optional prediction interval row and an
 * optional heterogeneity line. */
struct plot_forest_summary {
	const char *label;      /* "Random effects (REML, Hartung-Knapp)";
				 * NULL = "Pooled estimate" */
	double est, ci_lb, ci_ub;
	double pi_lb, pi_ub;    /* prediction interval, NAN = none */
	const char *het;        /* "Heterogeneity: I² = 62%, ..." or NULL */
};

/* A subgroup: its studies s[first .. first + n - 1] and their pooled row. */
struct plot_forest_block {
	const char *title;      /* subgroup name; NULL for a plot without subgroups */
	size_t first, n;
	struct plot_forest_summary pooled; /* est NAN = no pooled row (e.g. 1 study) */
};

struct plot_forest {
	const char *title;        /* NULL = none */
	const char *effect_label; /* under the axis: "Mean difference (x10^-3 mm^2/s)" */
	const char *left_note, *right_note; /* under the axis either side of the null
					     * line; may be NULL */
	const char *col_heads[6];
	size_t ncols;             /* 0 to 6 group data columns */
	const char *group_heads[2]; /* spanning headers over cols 0-2 and 3-5; NULL = none */
	const struct plot_forest_study *s;
	size_t k;
	const struct plot_forest_block *blocks;
	size_t nblocks;           /* a plot without subgroups has one block with title NULL;
				   * 0 blocks is taken as one untitled block without a pooled row */
	struct plot_forest_summary overall; /* at the bottom; est NAN = none */
	const char *subgroup_test; /* "Test for subgroup differences: ...", or NULL */
	const char *footnote;     /* "† mean and SD estimated from the median ...", or NULL */
	double null_value;        /* vertical reference line, usually 0 */
	const char *est_head;     /* header of the estimate column; NULL = "MD [95% CI]" */
};

/*
 * Forest plot layout, in points: PLOT_FOREST_WIDTH wide (more only when the
 * data columns leave the plot area under 160 pt); height
 *   32 + (title ? 24 : 0) + PLOT_FOREST_ROW * rows
 * where rows = 1 header row (2 with a group header)
 *   + per block: (title ? 1 : 0) + n studies
 *                + (pooled ? 1 + (prediction interval ? 1 : 0) + (het ? 1 : 0) : 0)
 *   + 1 blank row between consecutive blocks
 *   + overall ? 1 blank + 1 + (prediction interval ? 1 : 0) + (het ? 1 : 0) : 0
 *   + (subgroup_test ? 1 : 0) + 2 axis rows + (a note ? 1 : 0)
 *   + (effect_label ? 1 : 0) + (footnote ? 1 : 0).
 * The estimate column uses the same decimals for every row, chosen from the
 * median study CI width (about three significant digits of it). The axis
 * covers every CI unless a few are far wider than the rest; those get arrows.
 */
#define PLOT_FOREST_WIDTH 800.0
#define PLOT_FOREST_ROW 16.0

/* Draw p to path (.svg, .pdf or .png, chosen by the extension; written to
 * path.tmp and renamed). p and its strings are borrowed. Returns 0, or -1
 * with err set: SIEVE_ERR_DATA for no studies, a non-finite estimate, a CI
 * with lower > upper, a block out of range, more than 6 columns, or more
 * rows than fit PLOT_MAX_PT (figure.h); SIEVE_ERR_USAGE for an unknown
 * extension; SIEVE_ERR_IO when the file cannot be written (no file is left
 * behind). */
int plot_forest_write(const struct plot_forest *p, const char *path, struct sieve_error *err);

/* A funnel plot: effect (x) against standard error (y, 0 at the top). */
struct plot_funnel {
	const char *title;        /* NULL = none */
	const char *effect_label; /* x axis label; NULL = none */
	const double *yi, *sei;   /* k effects and their standard errors */
	const char *const *labels; /* may be NULL; when given, the points outside the
				    * pseudo 95% limits are labelled */
	size_t k;
	double est;               /* pooled estimate (fixed or random effects) */
};

/* Funnel layout: PLOT_FUNNEL_WIDTH x (PLOT_FUNNEL_HEIGHT + (title ? 24 : 0)) pt. */
#define PLOT_FUNNEL_WIDTH 480.0
#define PLOT_FUNNEL_HEIGHT 400.0

/* Draw a funnel plot: the points, a vertical line at est, and the pseudo 95%
 * confidence region est ± 1.96 se shaded with dashed edges. Borrowed input.
 * Returns 0, or -1 with err: SIEVE_ERR_DATA for k = 0, a non-finite effect
 * or estimate, a standard error not positive and finite; SIEVE_ERR_USAGE or
 * SIEVE_ERR_IO as plot_forest_write. */
int plot_funnel_write(const struct plot_funnel *p, const char *path, struct sieve_error *err);

#endif
