/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error type every fallible sieve function fills: first error wins. */
#ifndef SIEVE_ERROR_H
#define SIEVE_ERROR_H

#include <stdarg.h>

enum sieve_errcode {
	SIEVE_OK = 0,
	SIEVE_ERR_DATA,     /* bad input data or user error: exit 1 */
	SIEVE_ERR_USAGE,    /* bad command line: exit 2 */
	SIEVE_ERR_DB_DOWN,  /* database unreachable: exit 3 */
	SIEVE_ERR_DB,       /* the server refused a statement: exit 1 */
	SIEVE_ERR_IO,       /* a file could not be read or written: exit 1 */
	SIEVE_ERR_SYSTEM,   /* fork/exec/permissions and the like: exit 1 */
	SIEVE_ERR_NOMEM,
};

struct sieve_error {
	enum sieve_errcode code;
	char sqlstate[6];   /* "" unless the server gave one */
	char msg[512];      /* one line a user can act on */
	char detail[256];   /* where: "search.xml:812:14", a SQL detail, ... */
	char field[80];     /* the column ("field x") or constraint the server
	                     * named when it refused a row; "" otherwise */
};

/* Set err (if non-NULL and not already set) to code and a printf-style
 * message. Returns -1 so callers can `return sieve_error_set(...)`. */
int sieve_error_set(struct sieve_error *err, enum sieve_errcode code,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Like sieve_error_set, with a location or detail line. */
int sieve_error_set_at(struct sieve_error *err, enum sieve_errcode code,
		       const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Add a detail to an error that has none yet (e.g. the file:line:col of the
 * input that failed). Never overwrites an earlier detail. */
void sieve_error_detail(struct sieve_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Say which input row an error comes from: for a database error (whose
 * detail holds the server's DETAIL, not printed) the message becomes
 * "FILE:LINE: field x: message"; for any other error FILE:LINE is added as
 * the detail, as sieve_error_detail does. Nothing when err is unset or its
 * message already starts with FILE. */
void sieve_error_locate(struct sieve_error *err, const char *file, long line);

/* Clear err to SIEVE_OK. */
void sieve_error_clear(struct sieve_error *err);

/* The process exit code for err: 0 ok, 1 data/user, 2 usage, 3 unreachable. */
int sieve_error_exit_code(const struct sieve_error *err);

#endif
