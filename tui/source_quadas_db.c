/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QUADAS-2 form's data source backed by the review database. */
#include "view_quadas.h"
#include "../lib/xalloc.h"
#include "../schema/store_study.h"

#include <stdlib.h>

static int instrument(void *ctx, struct quadas_instrument *out, struct sieve_error *err)
{
	return store_quadas_instrument(ctx, out, err);
}

static int studies(void *ctx, char ***labels, size_t *n, struct sieve_error *err)
{
	return store_study_labels(ctx, labels, n, err);
}

static int index_tests(void *ctx, const char *study, char ***names, size_t *n,
		       struct sieve_error *err)
{
	return store_quadas_index_tests(ctx, study, names, n, err);
}

static void list_free(void *ctx, char **list, size_t n)
{
	(void)ctx;
	strings_free(list, n);
}

static int ratings(void *ctx, const char *study, const char *rater, struct quadas_rating **rows,
		   size_t *n, struct sieve_error *err)
{
	return store_quadas_ratings(ctx, study, rater, rows, n, err);
}

static void ratings_free(void *ctx, struct quadas_rating *rows, size_t n)
{
	(void)ctx;
	quadas_ratings_free(rows, n);
}

static int save(void *ctx, const struct quadas_rating *r, struct sieve_error *err)
{
	return store_quadas_set(ctx, r, err);
}

static int record(void *ctx, const char *study, char **text, struct sieve_error *err)
{
	return store_quadas_study_record(ctx, study, text, err);
}

static void source_free(struct quadas_source *src)
{
	free(src);
}

struct quadas_source *quadas_source_db_new(struct db *db)
{
	struct quadas_source *s = xcalloc(1, sizeof *s);
	*s = (struct quadas_source){ db, instrument, studies, index_tests, list_free, ratings,
				     ratings_free, save, record, source_free };
	return s;
}
