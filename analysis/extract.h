/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One row of extracted data (a group statistic of a measurement): check, normalise, derive. */
#ifndef SIEVE_ANALYSIS_EXTRACT_H
#define SIEVE_ANALYSIS_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "convert.h"
#include "units.h"

/*
 * The extraction model, as one flat row per group statistic (the CSV
 * template, the database's original values and the TUI form all use it):
 * measurement columns (study .. unit, cutoff .. note) repeat on every group
 * row of the same measurement. The list generates the column enum, names and
 * help text. Columns after EXTRACT_NINPUT are computed on export and
 * ignored on import.
 */
#define EXTRACT_COLUMNS(X)                                                                   \
	X(STUDY, "study", "study label from 'sieve studies' (required)")                    \
	X(EXTRACTOR, "extractor", "who extracted: a reviewer, or 'agreed' (default: you)")  \
	X(MEASUREMENT, "measurement", "name of the measurement within the study (default 1)") \
	X(PARAMETER, "parameter", "adc, ivim-d, ivim-dstar, ivim-f, dki-d, dki-k or other:NAME") \
	X(TIMEPOINT, "timepoint", "baseline, early, post (after treatment) or change")      \
	X(DAYS, "timepoint_days", "days from the start of treatment (required for early)")  \
	X(BVALUES, "b_values", "b-values in s/mm^2, e.g. 0 500 1000")                      \
	X(FIELD, "field_strength", "tesla, e.g. 1.5 or 3")                                 \
	X(ROI, "roi", "ROI method, e.g. whole lesion, largest slice")                      \
	X(CRITERION, "criterion", "response criterion: recist1.1, trg, size or other:TEXT") \
	X(UNIT_OF_ANALYSIS, "unit_of_analysis", "patient or lesion")                        \
	X(UNIT, "unit", "the paper's unit, e.g. x10^-3 mm^2/s, x10^-6 mm^2/s, um^2/ms, %") \
	X(GROUP, "group", "responders, non-responders, or a group name (required)")         \
	X(N, "n", "number in the group (required)")                                        \
	X(MEAN, "mean", "mean")                                                             \
	X(SD, "sd", "standard deviation")                                                   \
	X(MEDIAN, "median", "median")                                                       \
	X(Q1, "q1", "first quartile")                                                       \
	X(Q3, "q3", "third quartile")                                                       \
	X(MIN, "min", "minimum")                                                            \
	X(MAX, "max", "maximum")                                                            \
	X(LOCATION, "location", "where the numbers are in the paper: page, table, figure")  \
	X(CONVERSION, "conversion", "estimators for a median-only group: luo2018+wan2014 (default), hozo2005, shi2020, wan2014, none") \
	X(CUTOFF, "cutoff", "reported cut-off, in the paper's unit")                       \
	X(AUC, "auc", "reported AUC (0-1)")                                                 \
	X(SENS, "sensitivity", "reported sensitivity (0-1)")                               \
	X(SPEC, "specificity", "reported specificity (0-1)")                               \
	X(NOTE, "note", "free text")                                                        \
	X(NORM_UNIT, "norm_unit", "(export only) unit of the norm_ columns")                \
	X(NORM_MEAN, "norm_mean", "(export only) mean, normalised, reported or derived")    \
	X(NORM_SD, "norm_sd", "(export only) SD, normalised, reported or derived")          \
	X(DERIVED, "derived", "(export only) how a derived mean/SD was estimated")

enum extract_col {
#define X(id, name, help) EXTRACT_C_##id,
	EXTRACT_COLUMNS(X)
#undef X
	EXTRACT_NCOLS,
	EXTRACT_NINPUT = EXTRACT_C_NORM_UNIT,
};

extern const char *const extract_col_name[EXTRACT_NCOLS];
extern const char *const extract_col_help[EXTRACT_NCOLS];

/* The column named name (ASCII case-insensitive), or -1. */
int extract_col_find(const char *name);

/* Whether a column belongs to the measurement (same on all its groups). */
bool extract_col_is_measurement(enum extract_col c);

/* The extractor name of agreed values. */
#define EXTRACT_AGREED "agreed"

/* The largest group size accepted: larger than any imaging cohort, small
 * enough that a typing slip (an extra digit or two) is caught. */
#define EXTRACT_MAX_N 1000000L

enum extract_timepoint { TP_NONE = 0, TP_BASELINE, TP_EARLY, TP_POST, TP_CHANGE };

/*
 * A row. text[] holds the entered text of every input column ("" when
 * empty; never NULL after extract_row_check), borrowed from the caller; the
 * check replaces some with canonical static spellings (parameter, group,
 * unit, timepoint, ...). The other fields are filled by the check.
 */
struct extract_row {
	const char *text[EXTRACT_NINPUT];

	enum dwi_param param;
	enum extract_timepoint timepoint;
	bool has_days;
	int days;
	double field;           /* NAN when empty */
	const char *norm_unit;  /* NULL for PARAM_OTHER (stored as entered) */
	long n;
	/* Normalised values; NAN when not reported. mean and sd are the
	 * reported ones or, when mean_method/sd_method is set, derived. */
	double mean, sd, median, q1, q3, min, max;
	const char *mean_method, *sd_method; /* NULL = reported */
	double cutoff, auc, sens, spec;      /* NAN when empty */
};

/*
 * Check one row and fill its parsed fields. Empty text[] entries may be
 * NULL on entry (they become ""). Returns 0, or -1 with *bad_col set to the
 * column at fault and a one-line message in msg (msgsz bytes) that names
 * it, e.g. "sd: 1200 is not a plausible ADC in x10^-3 mm^2/s; was it in
 * x10^-6 mm^2/s?". Rules: study, group and n required; a mean, or a median
 * with q1+q3 and/or min+max (from which mean and SD are derived by the
 * conversion column's estimators), or a median alone; no SD without a mean;
 * n a whole number from 1 to EXTRACT_MAX_N; values plausible for the
 * parameter in the unit (units_range; a change from baseline by its size);
 * an SD, reported or derived from quartiles or the range, above 0 and
 * plausible for the parameter and n (units_sd_range; none for n = 1);
 * numbers finite; AUC, sensitivity and specificity proportions in [0, 1].
 */
int extract_row_check(struct extract_row *r, char *msg, size_t msgsz, int *bad_col);

/* Whether two checked rows belong to the same measurement (study,
 * extractor and measurement name). */
bool extract_row_same_measurement(const struct extract_row *a, const struct extract_row *b);

/* Where rows of an import disagree: row (the later) against other (an
 * earlier row of the same measurement), at column col. */
struct extract_conflict {
	size_t row, other;
	int col;
};

/*
 * Check that the n rows (in file order) are consistent: every row of a
 * measurement (extract_row_same_measurement) has the measurement columns
 * (extract_col_is_measurement) of the measurement's first row, and its group
 * (by name) differs from that first row's. Returns 0, or -1 with *c set to
 * the first violation: the smallest row, its measurement's first row as
 * other, and col EXTRACT_C_GROUP for a repeated group, else the first
 * measurement column that differs. Rows must be checked (no NULL text).
 */
int extract_rows_consistent(const struct extract_row *const *rows, size_t n,
			    struct extract_conflict *c);

/* Whether the row holds no data beyond study, extractor, measurement and
 * group (e.g. an unfilled template row). */
bool extract_row_is_blank(const struct extract_row *r);

/* "mean: luo2018, sd: wan2014", "sd: wan2014" or "" into buf. */
void extract_row_derived(const struct extract_row *r, char *buf, size_t bufsz);

#endif
