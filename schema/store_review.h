/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review itself: title, settings, and the counts `sieve status` shows. */
#ifndef SIEVE_STORE_REVIEW_H
#define SIEVE_STORE_REVIEW_H

#include "db.h"

struct review_info {
	char *title;        /* malloc'd */
	char *created_at;   /* malloc'd, "YYYY-MM-DD HH:MM" */
	long long n_records, n_deleted, n_retracted;
	long long n_searches;
	long long n_reviewers;
	long long n_decisions;
	long long n_studies, n_extracted;   /* studies; with extracted data */
	long long n_quadas_rated;           /* studies with a QUADAS-2 risk judgement in every domain */
	long long n_lesions;
	long long last_meta_run, last_predict_run;  /* ids, 0 = none */
};

/* Fill info; free its strings with review_info_fini. */
int store_review_info(struct db *db, struct review_info *info, struct sieve_error *err);
void review_info_fini(struct review_info *info);

#endif
