/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV line splitting shared by the CSV readers of the CLI. */
#include "csv.h"
#include "xalloc.h"

#include <errno.h>
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

int csv_reader_open(struct csv_reader *r, const char *file, struct sieve_error *err)
{
	memset(r, 0, sizeof *r);
	r->file = file;
	r->f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!r->f)
		return sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", file, strerror(errno));
	return 0;
}

static void grow(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*cap = need > 2 * *cap ? need : 2 * *cap;
	*buf = xrealloc(*buf, *cap);
}

int csv_reader_next(struct csv_reader *r, struct sieve_error *err)
{
	long start = 0;
	r->rlen = 0;
	for (;;) {
		if (getline(&r->line, &r->lcap, r->f) == -1) {
			if (ferror(r->f))
				return sieve_error_set(err, SIEVE_ERR_IO, "cannot read %s: %s", r->file,
						       strerror(errno));
			if (!start)
				return 0;
			break;
		}
		r->physline++;
		csv_clean_line(r->line, r->physline);
		if (!start && !r->line[strspn(r->line, " \t")])
			continue;
		if (!start)
			start = r->physline;
		size_t len = strlen(r->line);
		grow(&r->rec, &r->rcap, r->rlen + len + 2);
		if (r->rlen)
			r->rec[r->rlen++] = '\n';
		memcpy(r->rec + r->rlen, r->line, len + 1);
		r->rlen += len;
		grow(&r->work, &r->wcap, r->rlen + 1);
		memcpy(r->work, r->rec, r->rlen + 1);
		r->nf = csv_split_line(r->work, &r->fields, &r->fcap);
		if (r->nf >= 0) {
			r->lineno = start;
			if (r->ncols && r->nf != r->ncols) {
				sieve_error_set(err, SIEVE_ERR_DATA, "%d fields, the header has %d", r->nf,
						r->ncols);
				sieve_error_detail(err, "%s:%ld", r->file, r->lineno);
				return -1;
			}
			return 1;
		}
		/* a quoted field goes on to the next line */
		if (r->physline - start + 1 >= CSV_MAX_RECORD_LINES)
			break;
	}
	r->lineno = start;
	sieve_error_set(err, SIEVE_ERR_DATA, "unterminated quoted field");
	sieve_error_detail(err, "%s:%ld", r->file, start);
	return -1;
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
		if (k == nnames || at[k] >= 0) {
			sieve_error_set(err, SIEVE_ERR_DATA, k == nnames ? "unknown column '%s'" :
					"column '%s' appears twice", r->fields[i].text);
			sieve_error_detail(err, "%s:%ld:%d", r->file, r->lineno, r->fields[i].col);
			return -1;
		}
		at[k] = i;
	}
	for (int k = 0; k < nrequired; k++)
		if (at[k] < 0) {
			sieve_error_set(err, SIEVE_ERR_DATA, "the header has no column '%s'", names[k]);
			sieve_error_detail(err, "%s:%ld", r->file, r->lineno);
			return -1;
		}
	r->ncols = r->nf;
	return 0;
}

void csv_reader_close(struct csv_reader *r)
{
	if (r->f && r->f != stdin)
		fclose(r->f);
	free(r->line);
	free(r->rec);
	free(r->work);
	free(r->fields);
	memset(r, 0, sizeof *r);
}
