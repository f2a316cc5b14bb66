/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the screening view gets its data: a table of operations mirroring
 * the schema/store_screen.h calls, so the view runs against the database
 * (source_db.c) or an in-memory fake in tests. */
#ifndef SIEVE_TUI_SOURCE_H
#define SIEVE_TUI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"
#include "../schema/store_screen.h"

/* Every operation takes the source's ctx and, when it can fail, returns 0
 * or -1 with err set (undo returns 1/0/-1 like store_undo). Results are
 * allocated by the source and released with the matching free operation of
 * the same source, so the view never depends on how they were made.
 * Stage and reviewer are fixed when the source is made. */
struct screen_source {
	void *ctx;
	enum screen_stage stage;
	const char *reviewer;   /* owned by the source; for the status bar */

	/* store_screen_page: up to limit rows after (or, backwards, before)
	 * record id `after`. */
	int (*page)(void *ctx, enum screen_filter filter, const char *search, long long after,
		    bool backwards, int limit, struct screen_row **rows, size_t *n,
		    struct sieve_error *err);
	void (*rows_free)(void *ctx, struct screen_row *rows, size_t n);
	/* store_screen_record; *r released with record_fini. */
	int (*record)(void *ctx, long long id, struct screen_record *r, struct sieve_error *err);
	void (*record_fini)(void *ctx, struct screen_record *r);
	/* store_decide / store_undo / store_note */
	int (*decide)(void *ctx, long long id, enum verdict v, const char *reason, const char *note,
		      struct sieve_error *err);
	int (*undo)(void *ctx, long long id, enum verdict *restored, struct sieve_error *err);
	int (*note)(void *ctx, long long id, const char *note, struct sieve_error *err);
	int (*progress)(void *ctx, struct screen_progress *p, struct sieve_error *err);
	/* store_reasons; store_terms with kind "include" or "exclude". Lists
	 * released with strings_free. */
	int (*reasons)(void *ctx, char ***list, size_t *n, struct sieve_error *err);
	int (*terms)(void *ctx, const char *kind, char ***list, size_t *n, struct sieve_error *err);
	void (*strings_free)(void *ctx, char **list, size_t n);
	int (*settings)(void *ctx, struct screen_settings *s, struct sieve_error *err);
	/* Release ctx and the source itself (may be NULL for static sources). */
	void (*free)(struct screen_source *src);
};

/* A source backed by the review database. db and reviewer are borrowed
 * (reviewer is copied); the caller keeps db open while the source lives and
 * releases the source with screen_source_free. Never fails (no I/O here). */
struct screen_source *screen_source_db_new(struct db *db, enum screen_stage st,
					   const char *reviewer);

/* Release src through its free operation; NULL is fine. */
static inline void screen_source_free(struct screen_source *src)
{
	if (src && src->free)
		src->free(src);
}

#endif
