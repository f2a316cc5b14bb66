/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saved meta-analysis runs, and what changed between two of them. */
#ifndef SIEVE_STORE_META_H
#define SIEVE_STORE_META_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* One study of a run (all numbers NAN when left out). */
struct meta_run_study {
	const char *label;
	bool included;
	const char *reason;   /* why left out; NULL when included */
	double n1, mean1, sd1, n2, mean2, sd2, yi, vi, weight;
};

/* The headline numbers of a run. */
struct meta_run_summary {
	long long id;
	char at[40];          /* "2026-11-28 21:03:12" */
	int k;
	double est, ci_lb, ci_ub, tau2, i2, pval;
};

/* Save a run: settings (canonical text), summary (id and at ignored), the
 * whole report as JSON, and its studies. *id = the new run's id. */
int store_meta_run_save(struct db *db, const char *settings, const struct meta_run_summary *sum,
			const char *report_json, const struct meta_run_study *studies, size_t n,
			long long *id, struct sieve_error *err);

/* A study that differs between two runs. */
struct meta_diff_row {
	char *label;
	char *change;         /* "added", "removed", "left out", "back in", "changed" */
	char *before, *after; /* "n1 12, mean1 1.08, ..." or the reason; NULL when none */
};

/*
 * Compare run id with the previous run with the same settings. *found is
 * false when there is none (then nothing else is set). *prev and *cur are
 * the two runs' summaries; *rows (n) the studies that differ.
 */
int store_meta_run_diff(struct db *db, long long id, bool *found, struct meta_run_summary *prev,
			struct meta_run_summary *cur, struct meta_diff_row **rows, size_t *n,
			struct sieve_error *err);
void meta_diff_rows_free(struct meta_diff_row *rows, size_t n);

/* Save a predictor run: settings, headline numbers, the JSON report. */
struct predict_run_summary {
	int lesions, patients;
	double auc, auc_ci_lb, auc_ci_ub, cutoff;
};
int store_predict_run_save(struct db *db, const char *settings,
			   const struct predict_run_summary *sum, const char *report_json,
			   long long *id, struct sieve_error *err);

/* The review's default selection for `sieve meta` (migration 0010; e.g.
 * "parameter=adc and timepoint=baseline"), malloc'd into *where. */
int store_meta_default_where(struct db *db, char **where, struct sieve_error *err);

/* Set the default selection (checked by the caller: meta_select_parse_where).
 * A settings change: on a team server the database refuses anyone but a
 * lead (0008); the caller checks the acting reviewer is one. */
int store_meta_set_default_where(struct db *db, const char *where, struct sieve_error *err);

#endif
