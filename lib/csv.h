/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CSV, the one path every CSV input of sieve takes (meta, convert and
 * predict --from-csv, lesions import, extract import):
 *  - csv_reader reads a file or standard input record by record: commas,
 *    double quotes with "" escapes, quoted fields that span lines, any line
 *    end, blanks trimmed, with bounded memory (limits below) and each field's
 *    line and column;
 *  - csv_reader_header maps the header's columns onto the names a command
 *    knows, in any order, case-insensitively;
 *  - csv_reader_number reads a field as a strict number (lib/number.h:
 *    plain decimal, no hexadecimal, inf or nan);
 *  - csv_field_error gives every bad field the same message,
 *    "FILE:LINE:COL: column NAME: what is wrong";
 *  - csv_write_field writes a field, quoted as needed, escaping control
 *    characters only on a terminal.
 * csv_split_line and csv_clean_line split one line already in memory (no
 * line breaks in fields); only the unit tests' reference-data helper uses
 * them.
 */
#ifndef SIEVE_CSV_H
#define SIEVE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct csv_field {
	char *text;  /* points into the line (or the reader's record) */
	int col;     /* 1-based byte column where the field starts */
	long line;   /* csv_reader: the line the field starts on (a quoted field
	              * may span lines); csv_split_line leaves it 0 */
};

/* Split line in place at commas into *fields (grown as needed, *cap its
 * size; free(*fields) when done). Returns the number of fields, or -1 for an
 * unterminated quote. */
int csv_split_line(char *line, struct csv_field **fields, size_t *cap);

/* Strip a trailing CR/LF and, on the first line, a UTF-8 BOM. */
void csv_clean_line(char *line, long lineno);

/* Write s as one CSV field to f: quoted (with "" for quotes) when it holds a
 * comma, quote or line break; NULL writes nothing. On a terminal, control
 * characters are escaped (term_safe); to a file or pipe s is kept exactly. */
void csv_write_field(FILE *f, const char *s);

/* Whether a field means "not reported": empty, NA, na, NaN. */
bool csv_is_na(const char *s);

/*
 * Reading a CSV file record by record, with line numbers for messages.
 * Line ends may be LF, CR LF or a lone CR (old Mac exports); a UTF-8 byte
 * order mark at the start is skipped; blank lines are skipped. A quoted
 * field may hold line breaks (as spreadsheets write them), up to
 * CSV_MAX_RECORD_LINES lines. The first record read is normally the header;
 * once r->ncols is set (csv_reader_header), every later record must have
 * that many fields. Memory is bounded: a field longer than CSV_MAX_FIELD
 * bytes, a record longer than CSV_MAX_RECORD bytes or with more than
 * CSV_MAX_FIELDS fields is an error as soon as the limit is passed, without
 * reading the rest.
 */
#define CSV_MAX_RECORD_LINES 200
#define CSV_MAX_FIELD (1 << 20)
#define CSV_MAX_RECORD (16 << 20)
#define CSV_MAX_FIELDS 10000

struct csv_reader {
	const char *file;          /* borrowed: the name given to open */
	FILE *f;
	char *rec;                 /* the record's fields, each ended by a NUL */
	size_t rlen, rcap;
	struct csv_field *fields;  /* the current record's fields */
	size_t *fstart;            /* where each field starts in rec */
	size_t fcap;
	int nf;                    /* how many */
	int ncols;                 /* 0 until the header is read */
	long lineno;               /* the line the current record starts on */
	long pline, pcol;          /* where the next character is */
	char pend[4];              /* bytes read ahead and pushed back */
	int npend;
};

/* Open file ("-" = standard input). Returns 0, or -1 with err set. */
int csv_reader_open(struct csv_reader *r, const char *file, struct sieve_error *err);

/* Read the next non-blank record into r->fields/r->nf (valid until the next
 * call). Returns 1, 0 at the end, or -1 with err set naming file:line:col
 * for: an unterminated quote, text after a closing quote ("a"b), a NUL
 * byte, a field or record over the limits; or naming file:line for a field
 * count other than r->ncols. Each field has the line and column it starts
 * at. After an error the reader is only good for csv_reader_close. */
int csv_reader_next(struct csv_reader *r, struct sieve_error *err);

/*
 * Read the header line and map its columns onto names[0..nnames-1]
 * (ASCII case-insensitive): at[k] = field index of names[k] or -1. A column
 * not in names, one given twice, or a missing one of the first nrequired
 * names is an error naming file:line:col. An empty file is an error too.
 */
int csv_reader_header(struct csv_reader *r, const char *const *names, int nnames, int nrequired,
		      int *at, struct sieve_error *err);

/* Field i of the current record as a number (lib/number.h rules: plain
 * decimal; no hexadecimal, inf, nan or out-of-range values). Returns 0, or
 * -1 with err set to "column NAME: 'TEXT' is not a number" at
 * file:line:col. Callers check csv_is_na first if NA is allowed. */
int csv_reader_number(const struct csv_reader *r, int i, const char *name, double *out,
		      struct sieve_error *err);

/* Set err to a data error about field f of file (any field read by
 * csv_reader, or one whose line and col were kept): the message is
 * "column NAME: " and the printf-style fmt, or fmt alone when column is
 * NULL; the detail is FILE:LINE:COL, or FILE:LINE when f->col is 0 (a row
 * without that column). As sieve_error_set, a set err is kept. Returns -1. */
int csv_field_error(struct sieve_error *err, const char *file, const struct csv_field *f,
		    const char *column, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Close the file (not standard input) and free the buffers. */
void csv_reader_close(struct csv_reader *r);

#endif
