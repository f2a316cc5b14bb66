/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve meta's outputs of an analysis run (analysis/meta_run.h): terminal
 * report with a Unicode forest plot, long (method,stat,value) lines, JSON, figures, run diff. */
#ifndef SIEVE_CLI_META_REPORT_H
#define SIEVE_CLI_META_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "meta_input.h"
#include "../analysis/meta.h"
#include "../analysis/meta_run.h"
#include "../lib/error.h"
#include "../schema/store_meta.h"

struct meta_opts {
	enum meta_measure measure;
	enum meta_method method;
	enum meta_test test;
	struct meta_select sel;
	bool loo, cumulative, egger, json, csv, long_, all_models, diff;
	bool knha_plain;   /* Hartung-Knapp without the max(1, q) safeguard */
	const char *from_csv, *forest, *funnel;
	const char *set_default_where, *reviewer;   /* sieve meta --set-default-where */
};

/* The terminal report: studies, forest plot, pooled results, left out. */
void meta_report_text(FILE *f, const struct meta_opts *o, const struct meta_input *in,
		      const struct meta_analysis *a);
/* method,stat,value lines (with a header when csv); every model with
 * o->all_models. */
void meta_report_long(FILE *f, const struct meta_opts *o, const struct meta_input *in,
		      const struct meta_analysis *a, bool csv);
/* The whole report as JSON (malloc'd). */
char *meta_report_json(const struct meta_opts *o, const struct meta_input *in,
		       const struct meta_analysis *a);
/* The forest and funnel figures asked for (o->forest, o->funnel). */
int meta_report_figures(const struct meta_opts *o, const struct meta_input *in,
			const struct meta_analysis *a, struct sieve_error *err);
/* What changed between two runs. */
void meta_report_diff(FILE *f, const struct meta_run_summary *prev,
		      const struct meta_run_summary *cur, const struct meta_diff_row *rows, size_t n);

#endif
