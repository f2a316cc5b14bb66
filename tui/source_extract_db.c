/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The extraction form's data source backed by the review database. */
#include "view_extract.h"
#include "../lib/xalloc.h"
#include "../schema/store_study.h"

#include <stdlib.h>

struct ctx {
	struct db *db;
	char *extractor;
};

static int studies(void *ctx, char ***labels, size_t *n, struct sieve_error *err)
{
	return store_study_labels(((struct ctx *)ctx)->db, labels, n, err);
}

static void list_free(void *ctx, char **list, size_t n)
{
	(void)ctx;
	strings_free(list, n);
}

static int load(void *ctx, const char *study, const char *extractor,
		struct extract_stored **rows, size_t *n, struct sieve_error *err)
{
	struct ctx *c = ctx;
	return store_extract_list(c->db, study, extractor, rows, n, err);
}

static void rows_free(void *ctx, struct extract_stored *rows, size_t n)
{
	(void)ctx;
	extract_stored_free(rows, n);
}

static int save(void *ctx, const struct extract_row *rows, size_t n, struct sieve_error *err)
{
	struct ctx *c = ctx;
	long *lines = xcalloc(n ? n : 1, sizeof *lines);
	for (size_t i = 0; i < n; i++)
		lines[i] = (long)i + 1;
	long long m, g;
	int rc = store_extract_import(c->db, "form", rows, lines, n, c->extractor, &m, &g, err);
	free(lines);
	return rc;
}

static void source_free(struct extract_source *src)
{
	struct ctx *c = src->ctx;
	free(c->extractor);
	free(c);
	free(src);
}

struct extract_source *extract_source_db_new(struct db *db, const char *extractor)
{
	struct ctx *c = xcalloc(1, sizeof *c);
	c->db = db;
	c->extractor = xstrdup(extractor);
	struct extract_source *s = xcalloc(1, sizeof *s);
	*s = (struct extract_source){ c, studies, list_free, load, rows_free, save, source_free };
	return s;
}
