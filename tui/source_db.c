/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening view's data source backed by schema/store_screen.h. */
#include "source.h"

#include <stdlib.h>

#include "../lib/xalloc.h"

struct db_source {
	struct screen_source src;   /* first: the view holds a pointer to it */
	struct db *db;
	char *reviewer;
};

#define DBS(ctx) ((struct db_source *)(ctx))

static int dbs_page(void *ctx, enum screen_filter filter, const char *search, long long after,
		    bool backwards, int limit, struct screen_row **rows, size_t *n,
		    struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_screen_page(s->db, s->src.stage, s->reviewer, filter, search, after,
				 backwards, limit, rows, n, err);
}

static void dbs_rows_free(void *ctx, struct screen_row *rows, size_t n)
{
	(void)ctx;
	screen_rows_free(rows, n);
}

static int dbs_record(void *ctx, long long id, struct screen_record *r, struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_screen_record(s->db, id, s->src.stage, s->reviewer, r, err);
}

static void dbs_record_fini(void *ctx, struct screen_record *r)
{
	(void)ctx;
	screen_record_fini(r);
}

static int dbs_decide(void *ctx, long long id, enum verdict v, const char *reason,
		      const char *note, struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_decide(s->db, id, s->src.stage, s->reviewer, v, reason, note, err);
}

static int dbs_undo(void *ctx, long long id, enum verdict *restored, struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_undo(s->db, id, s->src.stage, s->reviewer, restored, err);
}

static int dbs_note(void *ctx, long long id, const char *note, struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_note(s->db, id, s->src.stage, s->reviewer, note, err);
}

static int dbs_progress(void *ctx, struct screen_progress *p, struct sieve_error *err)
{
	struct db_source *s = DBS(ctx);
	return store_screen_progress(s->db, s->src.stage, s->reviewer, p, err);
}

static int dbs_reasons(void *ctx, char ***list, size_t *n, struct sieve_error *err)
{
	return store_reasons(DBS(ctx)->db, list, n, err);
}

static int dbs_terms(void *ctx, const char *kind, char ***list, size_t *n,
		     struct sieve_error *err)
{
	return store_terms(DBS(ctx)->db, kind, list, n, err);
}

static void dbs_strings_free(void *ctx, char **list, size_t n)
{
	(void)ctx;
	strings_free(list, n);
}

static int dbs_settings(void *ctx, struct screen_settings *st, struct sieve_error *err)
{
	return store_screen_settings(DBS(ctx)->db, st, err);
}

static void dbs_free(struct screen_source *src)
{
	struct db_source *s = (struct db_source *)src;
	free(s->reviewer);
	free(s);
}

struct screen_source *screen_source_db_new(struct db *db, enum screen_stage st,
					   const char *reviewer)
{
	struct db_source *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->reviewer = xstrdup(reviewer ? reviewer : "");
	s->src = (struct screen_source){
		.ctx = s,
		.stage = st,
		.reviewer = s->reviewer,
		.page = dbs_page,
		.rows_free = dbs_rows_free,
		.record = dbs_record,
		.record_fini = dbs_record_fini,
		.decide = dbs_decide,
		.undo = dbs_undo,
		.note = dbs_note,
		.progress = dbs_progress,
		.reasons = dbs_reasons,
		.terms = dbs_terms,
		.strings_free = dbs_strings_free,
		.settings = dbs_settings,
		.free = dbs_free,
	};
	return &s->src;
}
