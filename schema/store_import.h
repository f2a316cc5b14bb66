/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading one imported file: a search (provenance) and its records, through
 * COPY into a staging table and one set-based merge, in one transaction. */
#ifndef SIEVE_STORE_IMPORT_H
#define SIEVE_STORE_IMPORT_H

#include "db.h"
#include "../importers/citation.h"

struct import_search {
	const char *source;     /* "PubMed" */
	const char *format;     /* "pubmed-xml" */
	const char *query;      /* the search string the user ran, or NULL */
	const char *run_date;   /* YYYY-MM-DD the search was run, or NULL */
	const char *file_name;  /* as given on the command line */
};

struct import_counts {
	long long search_id;
	long long read;       /* records in the file (a PMID twice counts twice) */
	long long new_;       /* records not in the review before */
	long long updated;    /* changed content, updated in place, old kept */
	long long unchanged;
	long long deleted;    /* marked deleted by DeleteCitation */
	long long rescreen;   /* already screened and title/abstract/types changed */
	long long retracted;  /* became retracted with this import */
};

struct store_import;

/* Start importing: BEGIN, create the search, open COPY into the staging
 * table. Returns a handle, or NULL with err set. s is borrowed for the
 * call (file_name is copied). Every database error of this import names
 * s->file_name, and the record's line and the field where the server says
 * which row failed. */
struct store_import *store_import_begin(struct db *db, const struct import_search *s,
					struct sieve_error *err);

/* Have warn called with one line for each value kept only in the original
 * XML (e.g. an impossible date): "FILE:LINE: PMID n: ...", borrowed for the
 * call. Without it such values are dropped silently. */
void store_import_set_warn(struct store_import *imp, void (*warn)(void *ctx, const char *msg),
			   void *ctx);

/* The sink to hand parsed records to (borrowed; lives as long as imp). */
const struct citation_sink *store_import_sink(struct store_import *imp);

/* End COPY, merge, record the file's SHA-256 (hex) and the counts, COMMIT;
 * frees imp. On error everything is rolled back and err set. */
int store_import_finish(struct store_import *imp, const char *sha256,
			struct import_counts *counts, struct sieve_error *err);

/* Abandon the import (after a parse error): abort COPY, ROLLBACK, free imp. */
void store_import_abort(struct store_import *imp, const char *why);

/* The COPY line (text format, with the newline) for c into sb, replacing
 * its content: the columns of record_version from seq on. No database
 * needed: the benchmark's baseline uses it to write the same rows as TSV.
 * A date that is not a real day (2019-02-31) is written as NULL (the
 * original XML keeps it); returns how many were. */
struct strbuf;
int store_import_format_row(struct strbuf *sb, long long seq, const struct citation *c);

/* How many columns a COPY row has (the staged columns' one list). */
size_t store_import_row_columns(void);

/* True when s is a real day written YYYY-MM-DD (years 1000 to 9999). */
bool store_import_valid_date(const char *s);

struct search_row {
	long long id;
	char *source, *format, *query, *run_date, *file_name, *sha256, *imported_at;
	long long read, new_, updated, unchanged, deleted;
};

/* Every search of the review, oldest first. *rows is malloc'd; free with
 * search_rows_free. */
int store_searches(struct db *db, struct search_row **rows, size_t *n, struct sieve_error *err);
void search_rows_free(struct search_row *rows, size_t n);

#endif
