/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV line splitting shared by the CSV readers of the CLI. */
#include "csv.h"
#include "xalloc.h"

#include <string.h>

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
