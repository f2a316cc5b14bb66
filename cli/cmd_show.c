/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve show: one record, every field, as a reviewer reads it. */
#include "cli.h"
#include "../lib/termsafe.h"
#include "../schema/store_record.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

const char cmd_show_usage[] =
	"usage: sieve show PMID|DOI [--raw]\n\n"
	"Prints a record: title, authors, journal, dates, identifiers, publication\n"
	"types, MeSH (* = major topic), keywords, the abstract with its section\n"
	"labels, corrections and retractions, and the searches that found it.\n"
	"--raw prints the record exactly as imported (the original XML).\n";

static int width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 30)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

/* Print text wrapped at w columns (UTF-8 aware), each line after the first
 * indented by indent spaces; controls escaped on a terminal. */
static void wrapped(const char *text, int indent, int w)
{
	const char *p = term_safe(stdout, text);
	int col = indent;
	while (*p) {
		if (*p == '\n') {
			printf("\n%*s", indent, "");
			col = indent;
			p++;
			continue;
		}
		const char *e = p;
		int cells = 0;
		while (*e && *e != ' ' && *e != '\n') {
			if (((unsigned char)*e & 0xC0) != 0x80)
				cells++;
			e++;
		}
		if (col > indent && col + cells >= w) {
			printf("\n%*s", indent, "");
			col = indent;
		}
		fwrite(p, 1, (size_t)(e - p), stdout);
		col += cells;
		p = e;
		while (*p == ' ') {
			if (col > indent) {
				putchar(' ');
				col++;
			}
			p++;
		}
	}
	putchar('\n');
}

static void item(const char *label, const char *value, int w)
{
	if (!value)
		return;
	printf("%-14s", label);
	wrapped(value, 14, w);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	bool raw = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			raw = true;
		else
			return cli_usage("show", "unknown option %s", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage("show", "show needs one PMID or DOI");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	struct record_view v;
	int found = store_record_view(db, argv[optind], &v, &err);
	db_close(db);
	if (found < 0)
		return cli_fail(&err);
	if (found == 0) {
		sieve_error_set(&err, SIEVE_ERR_DATA, "no record %s in this review", argv[optind]);
		return cli_fail(&err);
	}
	if (raw) {
		term_fputs(v.raw ? v.raw : "", stdout);
		putchar('\n');
		record_view_fini(&v);
		return 0;
	}
	int w = width();
	if (v.retracted)
		printf("*** RETRACTED ***\n");
	if (v.deleted)
		printf("*** deleted from PubMed (DeleteCitation) ***\n");
	if (v.needs_rescreen)
		printf("*** changed since it was screened: re-screen ***\n");
	wrapped(v.title ? v.title : "(no title)", 0, w);
	if (v.vernacular_title)
		wrapped(v.vernacular_title, 0, w);
	putchar('\n');
	item("Authors", v.authors, w);
	item("Affiliations", v.affiliations, w);
	item("Journal", v.journal, w);
	item("Published", v.citation, w);
	item("Date (text)", v.pub_date, w);
	item("Online", v.article_date, w);
	char pm[64];
	snprintf(pm, sizeof pm, "%s (version %s)%s", v.pmid ? v.pmid : "-",
		 v.version ? v.version : "1", v.is_book ? ", book" : "");
	item("PMID", pm, w);
	item("DOI", v.doi, w);
	item("PMC", v.pmcid, w);
	item("PII", v.pii, w);
	item("Language", v.languages, w);
	item("Status", v.pub_status, w);
	item("Revised", v.date_revised, w);
	item("Types", v.pub_types, w);
	item("MeSH", v.mesh, w);
	item("Keywords", v.keywords, w);
	item("Corrections", v.comments, w);
	item("Searches", v.searches, w);
	if (v.abstract) {
		printf("\nAbstract\n");
		wrapped(v.abstract, 0, w);
	}
	if (v.copyright)
		wrapped(v.copyright, 0, w);
	if (v.other_abstracts) {
		printf("\nOther abstracts\n");
		wrapped(v.other_abstracts, 0, w);
	}
	record_view_fini(&v);
	return 0;
}
