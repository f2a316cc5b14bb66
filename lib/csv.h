/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV: writing fields, and reading lines: comma-separated fields, double quotes with "" escapes,
 * blanks trimmed. One record per line (no newlines inside fields). */
#ifndef SIEVE_CSV_H
#define SIEVE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct csv_field {
	char *text;  /* points into the line */
	int col;     /* 1-based character column where the field starts */
};

/* Split line in place at commas into *fields (grown as needed, *cap its
 * size; free(*fields) when done). Returns the number of fields, or -1 for an
 * unterminated quote. */
int csv_split_line(char *line, struct csv_field **fields, size_t *cap);

/* Strip a trailing CR/LF and, on the first line, a UTF-8 BOM. */
void csv_clean_line(char *line, long lineno);

/* Write s as one CSV field to f: quoted (with "" for quotes) when it holds a
 * comma, quote or line break; NULL writes nothing. */
void csv_write_field(FILE *f, const char *s);

/* Whether a field means "not reported": empty, NA, na, NaN. */
bool csv_is_na(const char *s);

/*
 * Reading a CSV file record by record, with line numbers for messages.
 * Blank lines are skipped. A quoted field may hold line breaks (as
 * spreadsheets write them), up to CSV_MAX_RECORD_LINES lines per record. The
 * first record read is normally the header; once r->ncols is set
 * (csv_reader_header), every later record must have that many fields.
 */
#define CSV_MAX_RECORD_LINES 200

struct csv_reader {
	const char *file;          /* borrowed: the name given to open */
	FILE *f;
	char *line;                /* the last physical line read */
	size_t lcap;
	char *rec, *work;          /* the record's text, and its split copy */
	size_t rlen, rcap, wcap;
	struct csv_field *fields;  /* the current record's fields */
	size_t fcap;
	int nf;                    /* how many */
	int ncols;                 /* 0 until the header is read */
	long lineno;               /* the line the current record starts on */
	long physline;             /* lines read so far */
};

/* Open file ("-" = standard input). Returns 0, or -1 with err set. */
int csv_reader_open(struct csv_reader *r, const char *file, struct sieve_error *err);

/* Read the next non-blank record into r->fields/r->nf. Returns 1, 0 at the
 * end, or -1 with err set (naming file:line) for an unterminated quote or a
 * field count other than r->ncols. Fields' columns count from the start of
 * the record. */
int csv_reader_next(struct csv_reader *r, struct sieve_error *err);

/*
 * Read the header line and map its columns onto names[0..nnames-1]
 * (ASCII case-insensitive): at[k] = field index of names[k] or -1. A column
 * not in names, one given twice, or a missing one of the first nrequired
 * names is an error naming file:line:col. An empty file is an error too.
 */
int csv_reader_header(struct csv_reader *r, const char *const *names, int nnames, int nrequired,
		      int *at, struct sieve_error *err);

/* Close the file (not standard input) and free the buffers. */
void csv_reader_close(struct csv_reader *r);

#endif
