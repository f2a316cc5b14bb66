/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve import: load database searches, one file = one search = one transaction. */
#define _GNU_SOURCE
#include "cli.h"
#include "../importers/pubmed_xml.h"
#include "../lib/termsafe.h"
#include "../lib/hash.h"
#include "../lib/progress.h"
#include "../lib/xalloc.h"
#include "../schema/store_import.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cmd_import_usage[] =
	"usage: sieve import pubmed FILE... [--query Q] [--date YYYY-MM-DD] [--source NAME]\n\n"
	"Imports PubMed XML (efetch output, baseline and update files, legacy\n"
	"MedlineCitationSet; .gz read directly; - reads standard input). Each file\n"
	"becomes one search in the review's provenance, with its query, run date,\n"
	"SHA-256 and counts, in one transaction: a broken file imports nothing.\n"
	"Re-importing updates revised records in place (the old version is kept),\n"
	"flags screened records whose title, abstract or publication types changed\n"
	"for re-screening, and marks DeleteCitation records deleted.\n\n"
	"options:\n"
	"  --query Q        the search string that produced the file\n"
	"  --date DATE      the day the search was run, YYYY-MM-DD from 1900-01-01\n"
	"                   to tomorrow (default: today)\n"
	"  --source NAME    the database searched (default: PubMed)\n"
	"  --quiet          no progress bar (it is shown only on a terminal anyway)\n";

struct progress_ctx {
	struct progress bar;
	struct sha256_stream *sha;
	long long warnings;
};

/* Warnings shown per file; the rest are counted. */
#define MAX_WARNINGS 20

static void on_warn(void *ctx, const char *msg)
{
	struct progress_ctx *pc = ctx;
	if (++pc->warnings > MAX_WARNINGS)
		return;
	if (pc->bar.enabled)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "sieve: warning: %s\n", term_safe(stderr, msg));
}

static void on_progress(void *ctx, long long bytes, long long total, long long records)
{
	struct progress_ctx *pc = ctx;
	progress_update(&pc->bar, bytes, total, records);
}

static void on_raw(void *ctx, const void *buf, size_t n)
{
	struct progress_ctx *pc = ctx;
	sha256_stream_update(pc->sha, buf, n);
}

/* The earliest --date accepted: before any database a review searches. */
#define FIRST_SEARCH_DATE "1900-01-01"

/* A search run date: a real day as YYYY-MM-DD, from FIRST_SEARCH_DATE to
 * tomorrow (latest, local time: a search run today east of UTC). */
static bool valid_search_date(const char *s, const char *latest)
{
	/* Both YYYY-MM-DD: text order is date order. */
	return store_import_valid_date(s) && strcmp(s, FIRST_SEARCH_DATE) >= 0 &&
	       strcmp(s, latest) <= 0;
}

static int import_one(struct cli *cli, struct db *db, const char *file, const char *query,
		      const char *date, const char *source)
{
	struct sieve_error err = { 0 };
	const char *shown = strcmp(file, "-") == 0 ? "stdin" : file;
	/* The SHA-256 of the file is computed while it is parsed. */
	struct import_search s = { source, "pubmed-xml", query, date, shown };
	struct store_import *imp = store_import_begin(db, &s, &err);
	if (!imp)
		goto fail;
	struct progress_ctx pc = { .sha = sha256_stream_new() };
	store_import_set_warn(imp, on_warn, &pc);
	char *label = xasprintf("importing %s", shown);
	progress_init(&pc.bar, label, cli->quiet);
	struct import_progress prog = { &pc, on_progress, on_raw };
	int rc = pubmed_xml_parse_file(file, shown, store_import_sink(imp), &prog, &err);
	progress_finish(&pc.bar);
	free(label);
	char sha[65];
	sha256_stream_final(pc.sha, sha);
	if (rc) {
		store_import_abort(imp, err.msg);
		goto fail;
	}
	if (pc.warnings > MAX_WARNINGS)
		fprintf(stderr, "sieve: warning: %s: %lld more values kept only in the original XML\n",
			term_safe(stderr, shown), pc.warnings - MAX_WARNINGS);
	struct import_counts c;
	if (store_import_finish(imp, sha, &c, &err))
		goto fail;
	char a[32], b[32], d[32], e[32], f[32];
	printf("search #%lld (%s, %s): %s read · %s new · %s updated · %s unchanged · %s deleted",
	       c.search_id, term_safe(stdout, source), date, progress_thousands(c.read, a, sizeof a),
	       progress_thousands(c.new_, b, sizeof b), progress_thousands(c.updated, d, sizeof d),
	       progress_thousands(c.unchanged, e, sizeof e),
	       progress_thousands(c.deleted, f, sizeof f));
	if (c.rescreen)
		printf(" · %lld to re-screen", c.rescreen);
	if (c.retracted)
		printf(" · %lld retracted", c.retracted);
	printf("\n");
	fflush(stdout);
	return 0;
fail:;
	int code = cli_fail(&err);
	fprintf(stderr, "sieve: nothing from %s was imported\n", term_safe(stderr, shown));
	return code;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "query", required_argument, NULL, 'q' },
		{ "date", required_argument, NULL, 'd' },
		{ "source", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'Q' },
		{ NULL, 0, NULL, 0 },
	};
	const char *query = NULL, *date = NULL, *source = "PubMed";
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'q': query = optarg; break;
		case 'd': date = optarg; break;
		case 's': source = optarg; break;
		case 'Q': cli->quiet = true; break;
		case ':': return cli_usage("import", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("import", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("import", "import needs a format (pubmed) and a file");
	const char *format = argv[optind++];
	if (strcmp(format, "pubmed") != 0)
		return cli_usage("import", "unknown import format '%s' (known: pubmed)", format);
	if (optind >= argc)
		return cli_usage("import", "import pubmed needs a file (or - for standard input)");
	char today[16], tomorrow[16];
	time_t now = time(NULL), next = now + 24 * 60 * 60;
	strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
	strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", localtime(&next));
	if (!date)
		date = today;
	else if (!valid_search_date(date, tomorrow))
		return cli_usage("import", "--date wants a real day as YYYY-MM-DD from %s to %s,"
				 " got '%s'", FIRST_SEARCH_DATE, tomorrow, date);
	if (!*source)
		return cli_usage("import", "--source must not be empty");
	int nstdin = 0;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			nstdin++;
		} else if (access(argv[i], R_OK) != 0) {
			struct sieve_error e = { 0 };
			sieve_error_set(&e, SIEVE_ERR_IO, "cannot read %s: %s", argv[i], strerror(errno));
			return cli_fail(&e);
		}
	}
	if (nstdin > 1)
		return cli_usage("import", "standard input (-) can be read only once");

	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	int rc = 0;
	for (int i = optind; i < argc && rc == 0; i++)
		rc = import_one(cli, db, argv[i], query, date, source);
	db_close(db);
	return rc;
}
