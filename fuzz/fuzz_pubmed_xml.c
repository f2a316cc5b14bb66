/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the PubMed XML parser and the row the database sink
 * gets from each parsed record (store_import_format_row: the COPY line with
 * its JSON columns), without a database. Beyond the sanitizers it checks the
 * parser's promises: a record handed over has a valid PMID and Version, a
 * COPY row has every column on one line and is valid UTF-8, each JSON
 * column is valid JSON, a failed parse says why. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/citation_json.h"
#include "../importers/pubmed_xml.h"
#include "../lib/strbuf.h"
#include "../schema/store_import.h"

/* Columns of a COPY row (STAGE_COLUMNS in schema/store_import.c). */
#define ROW_COLUMNS store_import_row_columns()

struct fuzz_sink {
	struct strbuf row;
	long long seq;
};

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_pubmed_xml: broken promise: %s\n", what);
		abort();
	}
}

static int pmid_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 8 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
			     (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || i + len > n)
			return 0;
		unsigned long cp = len == 1 ? c : c & (0x7Fu >> len);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

/* A small JSON checker (RFC 8259): *p advances past one value. */
static int json_value(const char **p, int depth);

static void json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int json_string(const char **p)
{
	if (**p != '"')
		return 0;
	for ((*p)++; **p != '"'; (*p)++) {
		unsigned char c = (unsigned char)**p;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			(*p)++;
			if (**p == 'u') {
				for (int k = 1; k <= 4; k++) {
					char h = (*p)[k];
					if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
					      (h >= 'A' && h <= 'F')))
						return 0;
				}
				*p += 4;
			} else if (!**p || !strchr("\"\\/bfnrt", **p)) {
				return 0;
			}
		}
	}
	(*p)++;
	return 1;
}

static int json_value(const char **p, int depth)
{
	if (depth > 64)
		return 0;
	json_ws(p);
	if (**p == '"')
		return json_string(p);
	if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';
		int object = **p == '{';
		(*p)++;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return 1;
		}
		for (;;) {
			if (object) {
				json_ws(p);
				if (!json_string(p))
					return 0;
				json_ws(p);
				if (**p != ':')
					return 0;
				(*p)++;
			}
			if (!json_value(p, depth + 1))
				return 0;
			json_ws(p);
			if (**p == close) {
				(*p)++;
				return 1;
			}
			if (**p != ',')
				return 0;
			(*p)++;
		}
	}
	static const char *const lit[] = { "true", "false", "null" };
	for (int i = 0; i < 3; i++)
		if (strncmp(*p, lit[i], strlen(lit[i])) == 0) {
			*p += strlen(lit[i]);
			return 1;
		}
	const char *q = *p;
	if (*q == '-')
		q++;
	if (*q < '0' || *q > '9')
		return 0;
	while ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-')
		q++;
	*p = q;
	return 1;
}

static void check_json(struct strbuf *sb, void (*fn)(struct strbuf *, const struct citation *),
		       const struct citation *c)
{
	strbuf_reset(sb);
	fn(sb, c);
	const char *p = sb->buf ? sb->buf : "";
	check(json_value(&p, 0), "a JSON column is valid JSON");
	json_ws(&p);
	check(*p == '\0', "a JSON column is one value");
}

static int on_citation(void *ctx, const struct citation *c, struct sieve_error *err)
{
	(void)err;
	struct fuzz_sink *fs = ctx;
	check(pmid_ok(c->pmid), "record PMID is digits, 1 to 99999999");
	check(c->pmid_version >= 1 && c->pmid_version <= PUBMED_XML_MAX_VERSION,
	      "Version in range");
	check(c->raw != NULL, "raw record present");
	store_import_format_row(&fs->row, ++fs->seq, c);
	const struct strbuf *r = &fs->row;
	check(r->len > 0 && r->buf[r->len - 1] == '\n', "row ends with a newline");
	size_t tabs = 0;
	for (size_t i = 0; i < r->len; i++) {
		tabs += r->buf[i] == '\t';
		check(r->buf[i] != '\n' || i == r->len - 1, "one line per row");
		check(r->buf[i] != '\r' && r->buf[i] != '\0', "no CR or NUL in a row");
	}
	check(tabs == ROW_COLUMNS - 1, "every column present");
	check(utf8_ok((const unsigned char *)r->buf, r->len), "row is valid UTF-8");
	struct strbuf j = STRBUF_INIT;
	check_json(&j, citation_json_authors, c);
	check_json(&j, citation_json_mesh, c);
	check_json(&j, citation_json_comments, c);
	check_json(&j, citation_json_abstract, c);
	check_json(&j, citation_json_pub_date, c);
	strbuf_fini(&j);
	return 0;
}

static int on_delete(void *ctx, const char *pmid, struct sieve_error *err)
{
	(void)ctx;
	(void)err;
	check(pmid_ok(pmid), "DeleteCitation PMID is digits, 1 to 99999999");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sink fs = { .seq = 0 };
	strbuf_init(&fs.row);
	struct citation_sink sink = { &fs, on_citation, on_delete };
	struct sieve_error err;
	sieve_error_clear(&err);
	int rc = pubmed_xml_parse_memory((const char *)data, size, "fuzz.xml", &sink, &err);
	if (rc != 0) {
		check(err.code != SIEVE_OK, "a failed parse sets the error");
		check(err.msg[0] != '\0', "a failed parse says why");
	}
	strbuf_fini(&fs.row);
	return 0;
}
