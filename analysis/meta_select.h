/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which values of each study a meta-analysis pools, and why a study is left out. */
#ifndef SIEVE_ANALYSIS_META_SELECT_H
#define SIEVE_ANALYSIS_META_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"
#include "meta.h"

/*
 * The rules, as plain functions over plain structs, shared by `sieve meta`,
 * its report and the TUI: a study's values are the agreed ones, or the only
 * extractor's, or several extractors' when they are identical; group 1 is
 * "responders", group 2 "non-responders". The caller fills the input from
 * wherever it keeps the extracted data; nothing here reads a database.
 */

/* The selection used when the review sets none (sieve meta --set-default-where). */
#define META_SELECT_DEFAULT_WHERE "parameter=adc and timepoint=baseline"

/* One condition col=value of a selection. */
struct meta_sel_cond {
	int col;            /* enum extract_col */
	char value[200];
};

/* At most this many conditions in a selection. */
#define META_SELECT_MAX_COND 16

/*
 * Parse where ("col=value [and col=value]...", "and" in any case; NULL or ""
 * is no condition) into c[*n], then add each condition of defaults (same
 * syntax, may be NULL) whose column where does not name. Columns are the
 * measurement columns of analysis/extract.h plus measurement and extractor.
 * Returns 0, or -1 with a one-line message in msg[msgsz] that starts with
 * opt (e.g. "--where: 'x' is not a measurement column ..."); *n is then 0.
 */
int meta_select_parse_where(const char *where, const char *defaults, const char *opt,
			    struct meta_sel_cond *c, size_t *n, char *msg, size_t msgsz);

/* "parameter=adc timepoint=baseline" for c[n] into buf[size]; returns buf. */
char *meta_select_describe(const struct meta_sel_cond *c, size_t n, char *buf, size_t size);

/* One extracted group statistic (one extractor, measurement and group). */
struct meta_sel_row {
	const char *text[EXTRACT_NINPUT]; /* as entered; "" when empty, never NULL */
	double mean, sd;                  /* normalised; NAN when absent */
	const char *mean_method, *sd_method; /* NULL = reported */
	const char *norm_unit;            /* NULL for other parameters */
};

/* One study: its rows ordered by measurement, extractor, entry (nrows = 0:
 * not extracted yet). Everything is borrowed. */
struct meta_sel_study {
	const char *label;
	int year;            /* 0 unknown */
	bool retracted;      /* a record of the study is retracted */
	const struct meta_sel_row *rows;
	size_t nrows;
};

struct meta_sel_query {
	const struct meta_sel_cond *cond;  /* the rows to consider (all must match) */
	size_t ncond;
	const char *selection;  /* the selection's text, for messages */
	int by;                 /* a measurement column for subgroups, or -1 */
	bool include_retracted;
};

/* Why a study is left out (or a remark about it). */
enum meta_sel_reason {
	META_SEL_RETRACTED,      /* "retracted" */
	META_SEL_NOT_EXTRACTED,  /* "not extracted yet" */
	META_SEL_NO_MATCH,       /* "no measurement matches <selection>" */
	META_SEL_DISAGREE,       /* "extractors A and B disagree and nothing is agreed ..." */
	META_SEL_NO_GROUPS,      /* "no responders and non-responders groups" */
	META_SEL_ONE_GROUP,      /* "one group only" */
	META_SEL_NO_MEAN,        /* "<group>: no mean (a median without quartiles or range)" */
	META_SEL_MISSING_SD,     /* "<group>: missing SD" */
	META_SEL_SD_ZERO,        /* "<group>: SD is 0" */
	META_SEL_N_BELOW_2,      /* "<group>: n below 2" */
	META_SEL_UNPOOLABLE,     /* the effect cannot be computed (meta_select_unpoolable) */
	META_SEL_SEVERAL_MATCH,  /* a note, not left out: "2 measurements match; ..." */
};

struct meta_sel_note {
	size_t study;            /* index into the input */
	enum meta_sel_reason reason;
	char *text;              /* the message shown, malloc'd */
};

/* The values pooled for one study. */
struct meta_sel_chosen {
	size_t study;            /* index into the input */
	double n1, mean1, sd1, n2, mean2, sd2;
	char *subgroup;          /* by's value or "(not reported)"; NULL without by */
	char *derived;           /* "responders: mean luo2018, sd wan2014" or NULL */
};

struct meta_selection {
	struct meta_sel_chosen *chosen;  /* in input order */
	size_t k;
	struct meta_sel_note *left_out;  /* in input order */
	size_t n_left_out;
	struct meta_sel_note *notes;     /* other remarks per study, in input order */
	size_t n_notes;
	const char *unit;  /* the first non-NULL norm_unit of a chosen study's
			    * responders (borrowed from the input), or NULL */
};

/*
 * Select the values of each of st[n] under q into *out (zeroed first;
 * release with meta_selection_fini). Per study, in order: not extracted,
 * retracted (unless q->include_retracted), no row matching q->cond, the
 * extractor whose values count (agreed, else the first matching one; every
 * other matching extractor must have identical n, mean and SD for both
 * groups), the first matching measurement of that extractor (a note when
 * several match), both groups present, each with a mean, an SD above 0 and
 * n >= 2. Returns META_OK or META_NOMEM (*out then zeroed).
 */
int meta_select_studies(const struct meta_sel_study *st, size_t n, const struct meta_sel_query *q,
			struct meta_selection *out);

/* Release what *s owns and zero it; a zeroed struct is fine. */
void meta_selection_fini(struct meta_selection *s);

/*
 * Whether study s cannot be pooled under measure m among k studies: escalc's
 * checks, then meta_study_check (a sampling variance that is 0 or not
 * finite, an effect that is not finite, a weight whose sums overflow, e.g.
 * an SD of 1e-300). When it cannot, the reason goes into why[size], e.g.
 * "the sampling variance of the MD is 0: means 1, 2 and SDs 1e-300, 1e-300
 * are beyond what can be computed with".
 */
bool meta_select_unpoolable(const struct meta_study *s, enum meta_measure m, size_t k, char *why,
			    size_t size);

#endif
