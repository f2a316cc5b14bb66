/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 figures: traffic-light table and summary bars, written as SVG, PDF or PNG. */
#ifndef SIEVE_PLOT_QUADAS_PLOT_H
#define SIEVE_PLOT_QUADAS_PLOT_H

#include <stddef.h>

#include "../lib/error.h"

/* A judgement: low, high or unclear risk (or concern); NONE = not assessed. */
enum plot_rob { PLOT_ROB_NONE = 0, PLOT_ROB_LOW, PLOT_ROB_HIGH, PLOT_ROB_UNCLEAR };

struct plot_quadas_study {
	const char *label;
	enum plot_rob risk[4];   /* D1-D4 risk of bias: patient selection, index test,
				  * reference standard, flow and timing */
	enum plot_rob applic[3]; /* D1-D3 applicability concerns */
	enum plot_rob overall_risk, overall_applic;
};

/*
 * Layout, in points: PLOT_QUADAS_WIDTH wide; the traffic-light table is
 * 70 + 18 n high, the summary bars 212; a figure adds 16 above and below,
 * and 20 between the two parts:
 *   traffic light 102 + 18 n, summary 244, both 334 + 18 n.
 * Judgements are shown by colour and symbol: + low (bluish green),
 * - high (vermillion), ? unclear (orange), grey without symbol: not assessed.
 * Summary bars are 100% stacked (low, high, unclear, not assessed) with
 * "60% (6)" written in every segment wide enough for it.
 */
#define PLOT_QUADAS_WIDTH 600.0

/* The traffic-light table: one row per study, the four risk-of-bias
 * domains, the three applicability domains and both overall judgements,
 * with a legend. s (n studies) is borrowed. Returns 0, or -1 with err:
 * SIEVE_ERR_DATA for no studies or a judgement out of range;
 * SIEVE_ERR_USAGE for an unknown extension; SIEVE_ERR_IO when the file
 * cannot be written. */
int plot_quadas_traffic_write(const struct plot_quadas_study *s, size_t n, const char *path,
			      struct sieve_error *err);

/* The summary: per domain, the share of studies per judgement as stacked
 * bars, risk of bias and applicability concerns. Errors as above. */
int plot_quadas_summary_write(const struct plot_quadas_study *s, size_t n, const char *path,
			      struct sieve_error *err);

/* Both in one figure, traffic light on top. Errors as above. */
int plot_quadas_write(const struct plot_quadas_study *s, size_t n, const char *path,
		      struct sieve_error *err);

#endif
