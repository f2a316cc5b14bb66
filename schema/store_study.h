/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Studies (the unit of analysis: one or more records) and per-lesion data. */
#ifndef SIEVE_STORE_STUDY_H
#define SIEVE_STORE_STUDY_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* Create a study for every record included at full text that belongs to
 * none, labelled "FirstAuthor Year" (with a, b, ... when taken). *created
 * (may be NULL) = how many. */
int store_studies_sync(struct db *db, long long *created, struct sieve_error *err);

/* Create the study label (or use it if it exists) and link the records with
 * these PMIDs/DOIs to it. A record already in another study is an error. */
int store_study_add(struct db *db, const char *label, char *const *ids, size_t n,
		    struct sieve_error *err);

/* The study labels in label order (after store_studies_sync, so records
 * included at full text have their study); free with strings_free
 * (lib/xalloc.h). */
int store_study_labels(struct db *db, char ***labels, size_t *n, struct sieve_error *err);

struct study_row {
	char *label, *pmids, *first_author, *source;
	int year;            /* 0 unknown */
	long long n_records, n_lesions;
};
int store_studies(struct db *db, struct study_row **rows, size_t *n, struct sieve_error *err);
void study_rows_free(struct study_row *rows, size_t n);

/* One lesion as read from a file, already validated and normalised. */
struct lesion_in {
	long line;                 /* input line, for error messages */
	const char *study, *patient, *lesion;
	double adc_baseline;       /* x10^-3 mm^2/s */
	bool responder;
	bool has_followup;
	double adc_followup;
	bool has_days;
	int followup_days;
	const char *unit_entered;
	const char *original_json; /* the row as entered */
};

/* Insert or update all lesions in one transaction: an unknown study label
 * or any failure commits nothing (err->detail names the line). */
int store_lesions_import(struct db *db, const char *file, const struct lesion_in *v, size_t n,
			 long long *added, long long *updated, struct sieve_error *err);

struct lesion_summary {
	char *study;
	long long patients, lesions, responders, non_responders;
	double mean_adc_resp, mean_adc_nonresp;  /* NAN when none */
};
int store_lesions_summary(struct db *db, struct lesion_summary **rows, size_t *n,
			  struct sieve_error *err);
void lesion_summary_free(struct lesion_summary *rows, size_t n);

/* One lesion as stored. */
struct lesion_row {
	char *study, *patient, *lesion;
	double adc_baseline;       /* x10^-3 mm^2/s */
	bool responder;
	bool retracted;            /* a record of the study is retracted */
};

/* Every lesion (of study when not NULL), ordered by study, patient, lesion. */
int store_lesions_list(struct db *db, const char *study, struct lesion_row **rows, size_t *n,
		       struct sieve_error *err);
void lesion_rows_free(struct lesion_row *rows, size_t n);

#endif
