/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV: writing fields, and reading lines: comma-separated fields, double quotes with "" escapes,
 * blanks trimmed. One record per line (no newlines inside fields). */
#ifndef SIEVE_CSV_H
#define SIEVE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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

#endif
