/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The extraction form: per included study, its measurements and group
 * statistics, checked live (units normalised, mean/SD derived as you type). */
#ifndef SIEVE_TUI_VIEW_EXTRACT_H
#define SIEVE_TUI_VIEW_EXTRACT_H

#include <stddef.h>

#include "../lib/error.h"
#include "../schema/store_extract.h"
#include "view.h"

/* Where the form gets and puts its data (the database, or a fake in
 * tests). Results are released with the matching free operation. */
struct extract_source {
	void *ctx;
	/* The included studies' labels, in order. */
	int (*studies)(void *ctx, char ***labels, size_t *n, struct sieve_error *err);
	void (*strings_free)(void *ctx, char **list, size_t n);
	/* extractor's stored rows of study (store_extract_list). */
	int (*load)(void *ctx, const char *study, const char *extractor,
		    struct extract_stored **rows, size_t *n, struct sieve_error *err);
	void (*rows_free)(void *ctx, struct extract_stored *rows, size_t n);
	/* Store checked rows (store_extract_import semantics). */
	int (*save)(void *ctx, const struct extract_row *rows, size_t n, struct sieve_error *err);
	void (*free)(struct extract_source *src);
};

/* A source backed by the review database; db and extractor borrowed
 * (extractor is copied). */
struct extract_source *extract_source_db_new(struct db *db, const char *extractor);

static inline void extract_source_free(struct extract_source *src)
{
	if (src && src->free)
		src->free(src);
}

/* The form for extractor (copied); src borrowed. If study is not NULL the
 * form starts at that study. Free with view_extract_free. */
struct view *view_extract_new(struct extract_source *src, const char *extractor,
			      const char *study);
void view_extract_free(struct view *v);

#endif
