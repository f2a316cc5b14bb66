/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dual extraction: which extractors differ on which field of which group. */
#ifndef SIEVE_ANALYSIS_EXTRACT_COMPARE_H
#define SIEVE_ANALYSIS_EXTRACT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

/* The most extractors of one measurement compared; further ones are left
 * out. */
#define EXTRACT_CMP_MAX 16

/* One stored row as the comparison needs it (borrowed texts). */
struct extract_cmp_row {
	const char *text[EXTRACT_NINPUT]; /* "" when empty, never NULL */
	const char *agreed_by;            /* NULL unless an agreed row */
};

/*
 * One difference in a group (by name) of a measurement. col < 0: the group
 * was not extracted by missing. Otherwise the extractors that have the group
 * disagree on column col (a measurement column when measurement_field: it is
 * reported for every group, as each group's row carries it): value[k] is
 * extractor[k]'s text ("" when empty), for the nvalues extractors that have
 * the group, in order of first appearance. All texts are borrowed from the
 * rows.
 */
struct extract_diff {
	const char *study, *measurement, *group;
	int col;
	bool measurement_field;
	const char *missing;
	size_t nvalues;
	const char *extractor[EXTRACT_CMP_MAX], *value[EXTRACT_CMP_MAX];
};

/* A measurement (study, measurement name) of the comparison: its
 * differences are diff[first_diff .. first_diff + ndiffs). */
struct extract_cmp_measurement {
	const char *study, *measurement;
	size_t first_diff, ndiffs;
	bool dual;              /* extracted by two or more extractors */
	const char *agreed_by;  /* who recorded agreed values, or NULL */
};

struct extract_comparison {
	struct extract_diff *diff;
	size_t ndiff;
	struct extract_cmp_measurement *meas;
	size_t nmeas;
	long dual;    /* dually extracted measurements */
	long agreed;  /* measurements with differences and agreed values */
	long open;    /* measurements with differences and no agreed values */
};

/*
 * Compare the extractors of rows (n, ordered by study, measurement,
 * extractor, entry order, agreed rows last within a measurement, as
 * store_extract_list gives them). Within a measurement, each group (in order
 * of first appearance) is compared across its extractors (agreed rows left
 * out): a group an extractor lacks is one difference; so is each input
 * column (parameter .. note, except group) on which the texts differ, numbers
 * compared by value (1.0 = 1.00; an empty number differs from any).
 * Returns 0 and fills *out (release with extract_comparison_fini), or -1 when
 * out of memory (*out empty).
 */
int extract_compare_rows(const struct extract_cmp_row *rows, size_t n, struct extract_comparison *out);

/* Release what extract_compare_rows allocated. */
void extract_comparison_fini(struct extract_comparison *c);

#endif
