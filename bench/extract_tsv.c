/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark helper: parse a PubMed XML file and write the exact rows sieve
 * COPYs into its staging table, as a TSV file, so the baseline can load
 * pre-extracted rows with psql \copy.   extract_tsv FILE > rows.tsv */
#include "../importers/pubmed_xml.h"
#include "../lib/strbuf.h"
#include "../schema/store_import.h"

#include <stdio.h>

struct out {
	struct strbuf row;
	long long seq;
};

static int on_citation(void *ctx, const struct citation *c, struct sieve_error *err)
{
	(void)err;
	struct out *o = ctx;
	store_import_format_row(&o->row, ++o->seq, c);
	fwrite(o->row.buf, 1, o->row.len, stdout);
	return 0;
}

static int on_delete(void *ctx, const char *pmid, struct sieve_error *err)
{
	(void)ctx;
	(void)pmid;
	(void)err;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: extract_tsv FILE > rows.tsv\n", stderr);
		return 2;
	}
	struct out o = { STRBUF_INIT, 0 };
	struct citation_sink sink = { &o, on_citation, on_delete };
	struct sieve_error err = { 0 };
	int rc = pubmed_xml_parse_file(argv[1], NULL, &sink, NULL, &err);
	strbuf_fini(&o.row);
	if (rc) {
		fprintf(stderr, "extract_tsv: %s: %s\n", err.detail, err.msg);
		return 1;
	}
	return 0;
}
