/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV: the reader every CSV input goes through, its field errors, and the
 * writer. */
#include "csv.h"
#include "number.h"
#include "xalloc.h"
#include "termsafe.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Split line in place at commas; double quotes may enclose a field ("" is a
 * quote). Fields are trimmed of blanks. Returns the number of fields, or -1
 * for an unterminated quote. *fields grows as needed. */
int csv_split_line(char *line, struct csv_field **fields, size_t *cap)
{
	int nf = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		char *start = p, *out = p;
		int col = (int)(p - line) + 1;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"' && p[1] == '"') {
					*out++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*out++ = *p++;
				}
			}
			while (*p && *p != ',')
				p++;
		} else {
			while (*p && *p != ',')
				*out++ = *p++;
			while (out > start && (out[-1] == ' ' || out[-1] == '\t'))
				out--;
		}
		char end = *p;
		*out = '\0';
		if ((size_t)nf == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*fields = xrealloc(*fields, *cap * sizeof **fields);
		}
		(*fields)[nf].text = start;
		(*fields)[nf].col = col;
		(*fields)[nf].line = 0;
		nf++;
		if (end != ',')
			break;
		p++;
	}
	return nf;
}

void csv_clean_line(char *line, long lineno)
{
	line[strcspn(line, "\r\n")] = '\0';
	if (lineno == 1 && !strncmp(line, "\xef\xbb\xbf", 3))
		memmove(line, line + 3, strlen(line + 3) + 1);
}

bool csv_is_na(const char *s)
{
	return !*s || !strcmp(s, "NA") || !strcmp(s, "na") || !strcmp(s, "NaN");
}

void csv_write_field(FILE *f, const char *s)
{
	if (!s)
		return;
	s = term_safe(f, s); /* escaped on a terminal only: files stay lossless */
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The next byte of the file, after any pushed back. */
static int raw(struct csv_reader *r)
{
	if (r->npend)
		return (unsigned char)r->pend[--r->npend];
	return getc_unlocked(r->f);
}

static void unraw(struct csv_reader *r, int c)
{
	if (c != EOF)
		r->pend[r->npend++] = (char)c;
}

int csv_reader_open(struct csv_reader *r, const char *file, struct sieve_error *err)
{
	memset(r, 0, sizeof *r);
	r->file = file;
	r->f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!r->f)
		return sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", file, strerror(errno));
	r->pline = 1;
	r->pcol = 1;
	/* A UTF-8 byte order mark at the start is not text. */
	static const int bom[3] = { 0xEF, 0xBB, 0xBF };
	int b[3], n;
	for (n = 0; n < 3; n++) {
		b[n] = raw(r);
		if (b[n] != bom[n])
			break;
	}
	if (n < 3) {  /* not a BOM: push back what was read, the first byte last */
		unraw(r, b[n]);
		while (n > 0)
			unraw(r, b[--n]);
	}
	return 0;
}

/* The next character, with CR LF and a lone CR (old Mac line ends) read as
 * '\n'; *line and *col say where it is. EOF at the end or on an error. */
static int get(struct csv_reader *r, long *line, long *col)
{
	int c = raw(r);
	*line = r->pline;
	*col = r->pcol;
	if (c == '\r') {
		int d = raw(r);
		if (d != '\n')
			unraw(r, d);
		c = '\n';
	}
	if (c == '\n') {
		r->pline++;
		r->pcol = 1;
	} else if (c != EOF) {
		r->pcol++;
	}
	return c;
}

static int error_at(struct csv_reader *r, long line, long col, struct sieve_error *err,
		    const char *msg)
{
	sieve_error_set(err, SIEVE_ERR_DATA, "%s", msg);
	sieve_error_detail(err, "%s:%ld:%ld", r->file, line, col);
	return -1;
}

/* Append c to the record text, which holds the fields one after another,
 * each ended by a NUL. */
static void put(struct csv_reader *r, char c)
{
	if (r->rlen + 1 >= r->rcap) {
		r->rcap = r->rcap ? 2 * r->rcap : 4096;
		r->rec = xrealloc(r->rec, r->rcap);
	}
	r->rec[r->rlen++] = c;
}

int csv_reader_next(struct csv_reader *r, struct sieve_error *err)
{
	enum { START, PLAIN, QUOTED, AFTER_QUOTE } st = START;
	long line, col, fline = 0, fcol = 0, rline = 0;
	size_t fstart = 0;  /* where the current field's text starts in rec */
	size_t plain_end = 0;  /* a plain field's length without trailing blanks */
	bool blank = true;  /* nothing but blanks on the record's line so far */
	r->rlen = 0;
	r->nf = 0;
	for (;;) {
		int c = get(r, &line, &col);
		if (c == EOF && ferror(r->f))
			return sieve_error_set(err, SIEVE_ERR_IO, "cannot read %s: %s", r->file,
					       strerror(errno));
		if (c == '\0')
			return error_at(r, line, col, err, "a NUL byte (this is not a text file)");
		if (st == QUOTED && c != EOF && line - fline + 1 > CSV_MAX_RECORD_LINES)
			return error_at(r, fline, fcol, err, "unterminated quoted field");
		if (st == START && blank && (c == ' ' || c == '\t'))
			continue;
		if (st == START && blank && (c == '\n' || c == EOF)) {
			if (c == EOF)
				return 0;  /* blank lines are skipped */
			continue;
		}
		if (blank) {
			blank = false;
			rline = line;
		}
		if (st == START) {
			if (c == ' ' || c == '\t')
				continue;
			fline = line;
			fcol = col;
			fstart = r->rlen;
			if (c == '"') {
				st = QUOTED;
				continue;
			}
			st = PLAIN;
			plain_end = r->rlen;
		}
		bool end_field = false, end_record = false;
		switch (st) {
		case PLAIN:
			if (c == ',' || c == '\n' || c == EOF) {
				r->rlen = plain_end;
				end_field = true;
				end_record = c != ',';
			} else {
				put(r, (char)c);
				if (c != ' ' && c != '\t')
					plain_end = r->rlen;
			}
			break;
		case QUOTED:
			if (c == EOF)
				return error_at(r, fline, fcol, err, "unterminated quoted field");
			if (c == '"') {
				int d = raw(r);
				if (d == '"') {
					r->pcol++;
					put(r, '"');
				} else {
					unraw(r, d);
					st = AFTER_QUOTE;
				}
			} else {
				put(r, (char)c);
			}
			break;
		case AFTER_QUOTE:
			if (c == ' ' || c == '\t')
				break;
			if (c == ',' || c == '\n' || c == EOF) {
				end_field = true;
				end_record = c != ',';
				break;
			}
			return error_at(r, line, col, err,
					"text after the closing quote of a field (a quote inside a "
					"quoted field is written \"\")");
		case START:
			break;
		}
		if ((st == PLAIN || st == QUOTED) && r->rlen - fstart > CSV_MAX_FIELD) {
			char msg[80];
			snprintf(msg, sizeof msg, "a field longer than %d MiB", CSV_MAX_FIELD >> 20);
			return error_at(r, fline, fcol, err, msg);
		}
		if (r->rlen > CSV_MAX_RECORD) {
			char msg[80];
			snprintf(msg, sizeof msg, "a record longer than %d MiB", CSV_MAX_RECORD >> 20);
			return error_at(r, rline, 1, err, msg);
		}
		if (!end_field)
			continue;
		put(r, '\0');
		if (r->nf >= CSV_MAX_FIELDS) {
			char msg[80];
			snprintf(msg, sizeof msg, "more than %d fields in a record", CSV_MAX_FIELDS);
			return error_at(r, fline, fcol, err, msg);
		}
		if ((size_t)r->nf == r->fcap) {
			r->fcap = r->fcap ? 2 * r->fcap : 16;
			r->fields = xrealloc(r->fields, r->fcap * sizeof *r->fields);
			r->fstart = xrealloc(r->fstart, r->fcap * sizeof *r->fstart);
		}
		r->fstart[r->nf] = fstart;
		r->fields[r->nf].line = fline;
		r->fields[r->nf].col = (int)fcol;
		r->nf++;
		st = START;  /* after a comma: the next field, even an empty last one */
		if (end_record)
			break;
	}
	for (int i = 0; i < r->nf; i++)
		r->fields[i].text = r->rec + r->fstart[i];
	r->lineno = rline;
	if (r->ncols && r->nf != r->ncols) {
		const struct csv_field row = { .line = r->lineno };
		return csv_field_error(err, r->file, &row, NULL, "%d fields, the header has %d", r->nf,
				       r->ncols);
	}
	return 1;
}

int csv_field_error(struct sieve_error *err, const char *file, const struct csv_field *f,
		    const char *column, const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (column)
		sieve_error_set(err, SIEVE_ERR_DATA, "column %s: %s", column, msg);
	else
		sieve_error_set(err, SIEVE_ERR_DATA, "%s", msg);
	if (f->col > 0)
		sieve_error_detail(err, "%s:%ld:%d", file, f->line, f->col);
	else
		sieve_error_detail(err, "%s:%ld", file, f->line);
	return -1;
}

int csv_reader_number(const struct csv_reader *r, int i, const char *name, double *out,
		      struct sieve_error *err)
{
	const struct csv_field *f = &r->fields[i];
	if (num_parse_double(f->text, out))
		return 0;
	return csv_field_error(err, r->file, f, name, "'%.60s' is not a number%s", f->text,
			       strstr(f->text, "0x") || strstr(f->text, "0X") ?
			       " (hexadecimal is not accepted)" : "");
}

int csv_reader_header(struct csv_reader *r, const char *const *names, int nnames, int nrequired,
		      int *at, struct sieve_error *err)
{
	for (int k = 0; k < nnames; k++)
		at[k] = -1;
	int rc = csv_reader_next(r, err);
	if (rc <= 0) {
		if (rc == 0)
			sieve_error_set_at(err, SIEVE_ERR_DATA, r->file, "empty file: no header line");
		return -1;
	}
	for (int i = 0; i < r->nf; i++) {
		int k;
		for (k = 0; k < nnames && strcasecmp(r->fields[i].text, names[k]); k++)
			;
		if (k == nnames || at[k] >= 0)
			return csv_field_error(err, r->file, &r->fields[i], NULL, k == nnames ?
					       "unknown column '%s'" : "column '%s' appears twice",
					       r->fields[i].text);
		at[k] = i;
	}
	for (int k = 0; k < nrequired; k++)
		if (at[k] < 0) {
			const struct csv_field header = { .line = r->lineno };
			return csv_field_error(err, r->file, &header, NULL,
					       "the header has no column '%s'", names[k]);
		}
	r->ncols = r->nf;
	return 0;
}

void csv_reader_close(struct csv_reader *r)
{
	if (r->f && r->f != stdin)
		fclose(r->f);
	free(r->rec);
	free(r->fields);
	free(r->fstart);
	memset(r, 0, sizeof *r);
}
