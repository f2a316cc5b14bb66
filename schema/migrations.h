/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema migrations embedded at build time (scripts/gen_migrations.sh). */
#ifndef SIEVE_MIGRATIONS_H
#define SIEVE_MIGRATIONS_H

struct migration {
	int version;           /* NNNN of the file name */
	const char *name;      /* the rest of the file name, without .sql */
	const char *sha256;    /* hex checksum of the file */
	const char *sql;
};

/* In version order; the last is the newest this binary knows. */
extern const struct migration migrations[];
extern const int migrations_count;

#endif
