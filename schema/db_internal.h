/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What schema/ files share: the connection and the one result gate.
 * Only files in schema/ include this (and libpq-fe.h). */
#ifndef SIEVE_DB_INTERNAL_H
#define SIEVE_DB_INTERNAL_H

#include <libpq-fe.h>

#include "db.h"

struct db {
	PGconn *conn;
	struct db_target target;
	char *schema;        /* unquoted schema name */
};

/* The one place a PGresult is judged (psql's pattern): if r's status is not
 * want, fill err from the server's message and SQLSTATE and return -1.
 * r is not freed. `what` names the operation for the message. */
int db_check(struct db *db, PGresult *r, ExecStatusType want, const char *what,
	     struct sieve_error *err);

/* Run a parameterised statement expecting want; returns the result (caller
 * PQclear()s) or NULL with err set. nparams values are text or NULL. */
PGresult *db_exec(struct db *db, ExecStatusType want, const char *what, const char *sql,
		  int nparams, const char *const *params, struct sieve_error *err);

/* Convenience for statements with no result rows. */
int db_command(struct db *db, const char *what, const char *sql, int nparams,
	       const char *const *params, struct sieve_error *err);

int db_begin(struct db *db, struct sieve_error *err);
int db_commit(struct db *db, struct sieve_error *err);
/* Roll back, ignoring errors (used on failure paths). */
void db_rollback(struct db *db);

/* The index of r's column named name (lower case, as the SQL spells it or
 * its AS alias), looked up once per result and then used for every row (as
 * pg_dump does). A missing column is a bug in our own SQL, not a data
 * error: it is reported on stderr and aborts, so a typo fails the tests
 * instead of reading another column. */
int db_col(const PGresult *r, const char *name);

/* Column values of a result: the text (malloc'd) or NULL for SQL NULL; the
 * number or NAN for SQL NULL. */
char *db_text(PGresult *r, int row, int col);
double db_double(PGresult *r, int row, int col);

/* A double as a statement parameter: "%.17g" into buf (round-trips
 * exactly), or NULL (SQL NULL) when v is not finite. */
const char *db_param_double(char *buf, size_t size, double v);

/* The first column of a query's rows as a malloc'd list of malloc'd
 * strings (strings_free, lib/xalloc.h). */
int db_string_list(struct db *db, const char *what, const char *sql, int np,
		   const char *const *p, char ***list, size_t *n, struct sieve_error *err);

#endif
