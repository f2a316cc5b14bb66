/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QUADAS-2 form: study by study, domain by domain, the signalling
 * questions with the review's guidance, the suggested judgement, and the
 * study's record one key away. */
#ifndef SIEVE_TUI_VIEW_QUADAS_H
#define SIEVE_TUI_VIEW_QUADAS_H

#include <stddef.h>

#include "../lib/error.h"
#include "../schema/store_quadas.h"
#include "view.h"

/* Where the form gets and puts its data (the database, or a fake in tests).
 * Results are released with the matching free operation. */
struct quadas_source {
	void *ctx;
	int (*instrument)(void *ctx, struct quadas_instrument *out, struct sieve_error *err);
	/* The included studies' labels, in order (strings_free). */
	int (*studies)(void *ctx, char ***labels, size_t *n, struct sieve_error *err);
	/* The study's index tests (strings_free); none: D2 once with "". */
	int (*index_tests)(void *ctx, const char *study, char ***names, size_t *n,
			   struct sieve_error *err);
	void (*strings_free)(void *ctx, char **list, size_t n);
	/* rater's ratings of study (store_quadas_ratings; ratings_free). */
	int (*ratings)(void *ctx, const char *study, const char *rater, struct quadas_rating **rows,
		       size_t *n, struct sieve_error *err);
	void (*ratings_free)(void *ctx, struct quadas_rating *rows, size_t n);
	/* store_quadas_set */
	int (*save)(void *ctx, const struct quadas_rating *r, struct sieve_error *err);
	/* store_quadas_study_record; *text released with free(). */
	int (*record)(void *ctx, const char *study, char **text, struct sieve_error *err);
	void (*free)(struct quadas_source *src);
};

/* A source backed by the review database (db borrowed). */
struct quadas_source *quadas_source_db_new(struct db *db);

static inline void quadas_source_free(struct quadas_source *src)
{
	if (src && src->free)
		src->free(src);
}

/* The form for rater (copied); src borrowed; start at study when not NULL.
 * With rater QUADAS_CONSENSUS the form records the consensus, recorded by
 * recorded_by (a reviewer; ignored otherwise, may be NULL). Free with
 * view_quadas_free. */
struct view *view_quadas_new(struct quadas_source *src, const char *rater,
			     const char *recorded_by, const char *study);
void view_quadas_free(struct view *v);

#endif
