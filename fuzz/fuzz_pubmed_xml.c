/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the PubMed XML parser and the row the database sink
 * gets from each parsed record (store_import_format_row: the COPY line with
 * its JSON columns), without a database. Beyond the sanitizers it checks the
 * parser's promises: a record handed over has a valid PMID and Version, a
 * COPY row has every column and one line, a failed parse says why. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/pubmed_xml.h"
#include "../lib/strbuf.h"
#include "../schema/store_import.h"

/* Columns of a COPY row (COPY_COLS in schema/store_import.c). */
#define ROW_COLUMNS 34

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
