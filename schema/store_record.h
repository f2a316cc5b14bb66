/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading records for display. */
#ifndef SIEVE_STORE_RECORD_H
#define SIEVE_STORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* A record with every field rendered as display text (NULL when absent).
 * Multi-valued fields are one item per line. */
struct record_view {
	char *pmid, *version, *title, *vernacular_title, *authors, *affiliations;
	char *journal, *citation, *pub_date, *article_date, *doi, *pmcid, *pii;
	char *languages, *pub_types, *mesh, *keywords, *abstract, *other_abstracts;
	char *copyright, *date_revised, *date_completed, *pub_status, *comments;
	char *searches, *raw;
	bool retracted, deleted, needs_rescreen, is_book;
};

/* Look up a record by PMID (or DOI). Returns 1 and fills v (free with
 * record_view_fini), 0 when there is no such record, -1 on error. */
int store_record_view(struct db *db, const char *id, struct record_view *v,
		      struct sieve_error *err);
void record_view_fini(struct record_view *v);

struct retracted_included {
	char *pmid, *title;
};

/* Retracted records some reviewer or a resolution included; *list malloc'd,
 * free with retracted_included_free. */
int store_retracted_included(struct db *db, struct retracted_included **list, size_t *n,
			     long long *n_rescreen, struct sieve_error *err);
void retracted_included_free(struct retracted_included *list, size_t n);

#endif
