/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The studies a meta-analysis pools: read from a CSV file, or selected from
 * the extracted data with the reason for every study left out. */
#ifndef SIEVE_CLI_META_INPUT_H
#define SIEVE_CLI_META_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../analysis/meta.h"
#include "../analysis/meta_run.h"
#include "../lib/error.h"
#include "../schema/db.h"

struct meta_in_note {
	char *label, *text;
};

struct meta_input {
	struct meta_in_study *s;
	size_t k;
	struct meta_in_note *left_out;   /* studies not pooled, and why */
	size_t n_left_out;
	struct meta_in_note *notes;      /* other remarks per study */
	size_t n_notes;
	bool has_subgroup, has_year;
	char *selection;   /* "parameter=adc timepoint=baseline" (DB) or the file name */
	char *unit;        /* of the means: "x10^-3 mm^2/s", or NULL (CSV) */
	char *group1, *group2;   /* "responders", "non-responders" */
};

/* Read FILE with columns study,n1,mean1,sd1,n2,mean2,sd2[,subgroup][,year]
 * (any order, header required). A missing, zero or negative SD, n < 2 or a
 * non-number is an error naming file:line:col. */
int meta_input_csv(const char *file, struct meta_input *in, struct sieve_error *err);

struct meta_select {
	const char *where;        /* "parameter=adc and timepoint=baseline", or NULL */
	const char *defaults;     /* the review's default selection; NULL: META_SELECT_DEFAULT_WHERE */
	const char *by;           /* a measurement column for subgroups, or NULL */
	bool include_retracted;
};

/*
 * Select from the review's extracted data with meta_select_studies
 * (analysis/meta_select.h): per study the measurement matching the
 * selection (sel->defaults, by default parameter=adc and timepoint=baseline;
 * --where replaces the defaults of the columns it names), from the agreed
 * values, or the only extractor's, or several extractors' when identical;
 * group 1 = responders, group 2 = non-responders. Studies left out are
 * listed with their reason. A malformed --where is SIEVE_ERR_USAGE.
 */
int meta_input_db(struct db *db, const struct meta_select *sel, struct meta_input *in,
		  struct sieve_error *err);

/*
 * Leave out, with the reason in in->left_out, every study whose effect size
 * cannot be pooled under each measure in measures[n] (meta_select_unpoolable:
 * escalc's checks, then
 * meta_study_check: a sampling variance that is 0 or not finite, an effect
 * that is not finite, values whose sums would overflow), e.g. an SD of
 * 1e-300, whose square is 0. The others keep their order. Returns how many
 * were left out.
 */
size_t meta_input_screen(struct meta_input *in, const enum meta_measure *measures, size_t n);

void meta_input_fini(struct meta_input *in);

#endif
