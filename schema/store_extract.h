/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Extracted data: measurements and their group statistics. */
#ifndef SIEVE_STORE_EXTRACT_H
#define SIEVE_STORE_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "../analysis/extract.h"

/*
 * Store checked rows (extract_row_check) in one transaction. Each
 * (study, extractor, measurement) in the rows is created or updated and its
 * groups are replaced by the rows' groups; other measurements are left
 * alone. lines[i] is rows[i]'s input line, for messages (file:line). An
 * unknown study or extractor, or any failure, commits nothing. Rows with
 * extractor "agreed" are recorded as agreed by agreed_by (a reviewer).
 */
int store_extract_import(struct db *db, const char *file, const struct extract_row *rows,
			 const long *lines, size_t n, const char *agreed_by,
			 long long *measurements, long long *groups, struct sieve_error *err);

/* One stored group statistic: the row as entered and the stored values. */
struct extract_stored {
	char *text[EXTRACT_NINPUT];  /* as entered (canonical spellings) */
	char *norm_unit;                /* NULL for other parameters */
	double mean, sd;                /* normalised; NAN when absent */
	char *mean_method, *sd_method;  /* NULL = reported */
	char *agreed_by;                /* NULL unless extractor is agreed */
	bool retracted;                 /* a record of the study is retracted */
	int year;                       /* the study's first record's year, 0 unknown */
};

/* Rows ordered by study, measurement, extractor, entry order. study and
 * extractor filter when not NULL. While the review is blinded, a reviewer
 * who is not a lead gets only their own and the agreed values. */
int store_extract_list(struct db *db, const char *study, const char *extractor,
		       struct extract_stored **rows, size_t *n, struct sieve_error *err);
void extract_stored_free(struct extract_stored *rows, size_t n);

/* Record extractor's measurements of study as the agreed values (replacing
 * any agreed ones), agreed by agreed_by, who must be a lead. *copied =
 * measurements copied; none is an error. */
int store_extract_agree(struct db *db, const char *study, const char *extractor,
			const char *agreed_by, long long *copied, struct sieve_error *err);

/* Whether label names a study. */
int store_study_exists(struct db *db, const char *label, bool *exists, struct sieve_error *err);

#endif
