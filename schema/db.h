/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a review's data lives (embedded cluster or team server), opening it,
 * and the schema migrations. No libpq type crosses this header. */
#ifndef SIEVE_DB_H
#define SIEVE_DB_H

#include <stdbool.h>

#include "../lib/error.h"

enum db_mode {
	DB_EMBEDDED,  /* a private cluster in the review folder's .sieve/ */
	DB_TEAM,      /* a schema on a shared PostgreSQL server */
};

/* Schema holding an embedded review's tables. */
#define DB_EMBEDDED_SCHEMA "review"

struct db_target {
	enum db_mode mode;
	char *dir;       /* embedded: absolute path of the review folder */
	char *conninfo;  /* team: libpq connection string ("" = PG* variables) */
	char *review;    /* team: the review's name = its schema */
};

/* Decide where the review is: --db (db_opt) or SIEVE_DB gives a team
 * server; otherwise the review folder found by walking up from cwd; failing
 * that, PGHOST/PGDATABASE/PGSERVICE select a team server. Team mode needs a
 * review name (review_opt or SIEVE_REVIEW). Strings are copied; free with
 * db_target_fini. */
int db_target_resolve(struct db_target *t, const char *db_opt, const char *review_opt,
		      const char *cwd, struct sieve_error *err);

/* Team target from explicit values, for `init` (no folder lookup). */
int db_target_team(struct db_target *t, const char *conninfo, const char *review,
		   struct sieve_error *err);

/* Embedded target for the review folder dir (need not exist yet). */
int db_target_embedded(struct db_target *t, const char *dir, struct sieve_error *err);

void db_target_fini(struct db_target *t);

/* Whether name is acceptable as a review (schema) name. */
bool db_review_name_valid(const char *name);

/* A short human description ("/home/ann/crc-dwi" or "review crc-dwi on
 * host=db dbname=reviews"); malloc'd, free(). */
char *db_target_describe(const struct db_target *t);

/* Create a new review: the embedded cluster (if embedded) and the review's
 * schema with every migration and its title, all or nothing. */
int db_review_create(const struct db_target *t, const char *title, struct sieve_error *err);

struct db;

enum db_open_flags {
	DB_OPEN_DEFAULT = 0,
	/* Open even when migrations are pending (db status, db migrate).
	 * A schema newer than the binary or a changed migration still fails. */
	DB_OPEN_ANY_VERSION = 1,
	/* Embedded: fail instead of starting a stopped server. */
	DB_OPEN_NO_START = 2,
};

/* Connect to the review: starts an embedded server on demand, checks the
 * schema version (embedded reviews are migrated automatically). Returns a
 * handle to close with db_close, or NULL with err set (SIEVE_ERR_DB_DOWN
 * when the server cannot be reached). */
struct db *db_open(const struct db_target *t, int flags, struct sieve_error *err);
void db_close(struct db *db);

/* The target db was opened with (borrowed). */
const struct db_target *db_target_of(const struct db *db);

struct db_schema_info {
	int applied;     /* newest applied migration version */
	int known;       /* newest migration this binary has */
	int pending;     /* migrations this binary would apply */
	char server_version[32];
};

int db_schema_info(struct db *db, struct db_schema_info *info, struct sieve_error *err);

/* Apply pending migrations in one transaction under an advisory lock;
 * *applied (may be NULL) = how many. Idempotent. */
int db_migrate(struct db *db, int *applied, struct sieve_error *err);

#endif
