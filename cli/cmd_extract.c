/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve extract: group statistics per study: template, import, export, show, compare, agree. */
#include "cli.h"
#include "../analysis/extract.h"
#include "../analysis/extract_compare.h"
#include "../lib/termsafe.h"
#include "../lib/csv.h"
#include "../lib/text.h"
#include "../lib/xalloc.h"
#include "../schema/store_extract.h"
#include "../schema/store_screen.h"
#include "../schema/store_study.h"
#include "../tui/app.h"
#include "../tui/view_extract.h"
#include "../tui/app.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_extract_usage[] =
	"usage: sieve extract [--study S]           the extraction form (terminal)\n"
	"       sieve extract --replay KEYS [--size WxH]   the form on scripted keys, headless\n"
	"       sieve extract template              a CSV template: every column, a row per\n"
	"                                           group of every included study\n"
	"       sieve extract import FILE           bulk entry from a spreadsheet (CSV)\n"
	"       sieve extract export --csv          long format, one row per group statistic\n"
	"       sieve extract show STUDY            a study's measurements and groups\n"
	"       sieve extract compare [STUDY]       dual extraction: differences field by field\n"
	"       sieve extract agree STUDY --use NAME   record NAME's values as the agreed ones\n\n"
	"Options: --reviewer NAME (the extractor for rows without one), --study S and\n"
	"--extractor E (filter export). While the review is blinded ('sieve blind'),\n"
	"show gives a reviewer who is not a lead only their own extraction.\n\n"
	"Values are entered in the paper's unit (column unit) and stored normalised\n"
	"(x10^-3 mm^2/s for diffusivities); an implausible value is refused with the\n"
	"likely unit. A group reported as a median with q1/q3 and/or min/max gets a\n"
	"mean and SD estimated (Luo 2018 mean, Wan 2014 SD, Shi 2020 SD with all five;\n"
	"column conversion chooses others). Every row is checked; any error names\n"
	"the line and column and imports nothing. Rows with only study, measurement\n"
	"and group filled (the template's) are skipped. 'sieve extract columns'\n"
	"lists the columns.\n";

struct opts {
	const char *reviewer, *study, *extractor, *use, *keys;
	int w, h;
	bool csv;
};

static void print_columns(FILE *f)
{
	for (int c = 0; c < EXTRACT_NCOLS; c++)
		fprintf(f, "  %-17s %s\n", extract_col_name[c], extract_col_help[c]);
}

/* ---- import ---- */

struct in_row {
	struct extract_row row;
	char *own[EXTRACT_NINPUT];
	struct csv_field pos[EXTRACT_NINPUT];  /* where each field is: line and
						* column (col 0 if absent) */
	long line;
};

static void in_rows_free(struct in_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			free(v[i].own[c]);
	free(v);
}

static int row_fail(struct sieve_error *err, const char *file, const struct in_row *r, int col,
		    const char *msg)
{
	const struct csv_field row = { .line = r->line };
	bool known = col >= 0 && col < EXTRACT_NINPUT && r->pos[col].col;
	return csv_field_error(err, file, known ? &r->pos[col] : &row, NULL, "%s", msg);
}

/* Rows of one measurement must agree on its columns; a group appears once
 * (extract_rows_consistent): the error at the later row's field. */
static int check_consistency(const char *file, struct in_row *v, size_t n, struct sieve_error *err)
{
	const struct extract_row **rows = xcalloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = &v[i].row;
	struct extract_conflict c;
	int bad = extract_rows_consistent(rows, n, &c);
	free(rows);
	if (!bad)
		return 0;
	const struct extract_row *r = &v[c.row].row, *o = &v[c.other].row;
	char msg[400];
	if (c.col == EXTRACT_C_GROUP)
		snprintf(msg, sizeof msg, "group: \"%s\" of measurement %s is also on line %ld",
			 r->text[EXTRACT_C_GROUP], r->text[EXTRACT_C_MEASUREMENT], v[c.other].line);
	else
		snprintf(msg, sizeof msg, "%s: '%s' differs from '%s' on line %ld (one measurement, "
			 "one value; name another measurement to differ)", extract_col_name[c.col],
			 r->text[c.col], o->text[c.col], v[c.other].line);
	return row_fail(err, file, &v[c.row], c.col, msg);
}

/* Read and check every row of file; nothing is stored unless all pass. */
static int read_rows(const char *file, const char *extractor, const struct sieve_error *who_err,
		     struct in_row **out, size_t *nout, long *skipped, struct sieve_error *err)
{
	*out = NULL;
	*nout = 0;
	*skipped = 0;
	struct csv_reader rd;
	if (csv_reader_open(&rd, file, err))
		return -1;
	int at[EXTRACT_NCOLS];
	struct in_row *v = NULL;
	size_t n = 0, cap = 0;
	int rc = csv_reader_header(&rd, extract_col_name, EXTRACT_NCOLS, 1, at, err);
	if (rc == 0)
		for (int k = EXTRACT_C_GROUP; k <= EXTRACT_C_N; k++)
			if (at[k] < 0) {
				const struct csv_field header = { .line = rd.lineno };
				rc = csv_field_error(err, file, &header, NULL, "the header has no column "
						     "'%s' (see 'sieve extract template')",
						     extract_col_name[k]);
				break;
			}
	while (rc == 0 && (rc = csv_reader_next(&rd, err)) == 1) {
		rc = 0;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct in_row *r = &v[n];
		memset(r, 0, sizeof *r);
		r->line = rd.lineno;
		for (int c = 0; c < EXTRACT_NINPUT; c++) {
			if (at[c] >= 0) {
				r->own[c] = xstrdup(rd.fields[at[c]].text);
				r->pos[c] = (struct csv_field){ .line = rd.fields[at[c]].line,
								.col = rd.fields[at[c]].col };
			}
			r->row.text[c] = r->own[c] ? r->own[c] : "";
		}
		if (extract_row_is_blank(&r->row)) {
			for (int c = 0; c < EXTRACT_NINPUT; c++)
				free(r->own[c]);
			(*skipped)++;
			continue;
		}
		n++;
		char msg[600];
		int bad;
		bool agreed = !strcmp(r->row.text[EXTRACT_C_EXTRACTOR], EXTRACT_AGREED);
		if (!*r->row.text[EXTRACT_C_EXTRACTOR])
			r->row.text[EXTRACT_C_EXTRACTOR] = extractor ? extractor : "";
		if ((agreed || !*r->row.text[EXTRACT_C_EXTRACTOR]) && !extractor) {
			snprintf(msg, sizeof msg, "extractor: %s needs a reviewer: %s",
				 agreed ? "'agreed'" : "an empty extractor", who_err->msg);
			rc = row_fail(err, file, r, EXTRACT_C_EXTRACTOR, msg);
		} else if (extract_row_check(&r->row, msg, sizeof msg, &bad)) {
			rc = row_fail(err, file, r, bad, msg);
		}
	}
	csv_reader_close(&rd);
	if (rc == 0)
		rc = check_consistency(file, v, n, err);
	if (rc) {
		in_rows_free(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int extract_import(struct cli *cli, const char *file, const struct opts *o)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	char *who = NULL;
	bool lead;
	struct in_row *v = NULL;
	size_t n = 0;
	long skipped = 0;
	int rc = 0;
	/* The acting reviewer is needed only for rows without an extractor
	 * and for agreed rows. */
	struct sieve_error who_err = { 0 };
	if (db && store_reviewer_current(db, o->reviewer, &who, &lead, &who_err) &&
	    who_err.code != SIEVE_ERR_DATA)
		err = who_err;
	if (!db || err.code || read_rows(file, who, &who_err, &v, &n, &skipped, &err)) {
		rc = cli_fail(&err);
		if (db)
			fprintf(stderr, "sieve: nothing from %s was imported\n", file);
		goto out;
	}
	struct extract_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	long *lines = xcalloc(n ? n : 1, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		rows[i] = v[i].row;
		lines[i] = v[i].line;
	}
	long long meas, groups;
	if (store_extract_import(db, file, rows, lines, n, who, &meas, &groups, &err)) {
		rc = cli_fail(&err);
		fprintf(stderr, "sieve: nothing from %s was imported\n", file);
	} else {
		printf("%s: %lld group statistic%s in %lld measurement%s", file, groups,
		       groups == 1 ? "" : "s", meas, meas == 1 ? "" : "s");
		if (skipped)
			printf(" · %ld empty template rows skipped", skipped);
		putchar('\n');
	}
	free(rows);
	free(lines);
out:
	in_rows_free(v, n);
	free(who);
	db_close(db);
	return rc;
}

/* ---- export, template ---- */

static void put_num(double v, char sep)
{
	if (!isnan(v))
		printf("%.10g", v);
	putchar(sep);
}

static int extract_export(struct cli *cli, const struct opts *o)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	struct extract_stored *rows;
	size_t n;
	if (!db || store_viewer(db, o->reviewer, &err) ||
	    store_extract_list(db, o->study, o->extractor, &rows, &n, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	for (int c = 0; c < EXTRACT_NCOLS; c++)
		printf("%s%c", extract_col_name[c], c + 1 < EXTRACT_NCOLS ? ',' : '\n');
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < EXTRACT_NINPUT; c++) {
			csv_write_field(stdout, rows[i].text[c]);
			putchar(',');
		}
		csv_write_field(stdout, rows[i].norm_unit);
		putchar(',');
		put_num(rows[i].mean, ',');
		put_num(rows[i].sd, ',');
		char d[80] = "";
		if (rows[i].mean_method || rows[i].sd_method)
			snprintf(d, sizeof d, "%s%s%s%s%s", rows[i].mean_method ? "mean: " : "",
				 rows[i].mean_method ? rows[i].mean_method : "",
				 rows[i].mean_method && rows[i].sd_method ? ", " : "",
				 rows[i].sd_method ? "sd: " : "", rows[i].sd_method ? rows[i].sd_method : "");
		csv_write_field(stdout, d);
		putchar('\n');
	}
	extract_stored_free(rows, n);
	db_close(db);
	if (fflush(stdout) || ferror(stdout)) {
		sieve_error_set(&err, SIEVE_ERR_IO, "cannot write the export");
		return cli_fail(&err);
	}
	return 0;
}

static int extract_template(struct cli *cli)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	char **st;
	size_t n;
	if (!db || store_study_labels(db, &st, &n, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		printf("%s%c", extract_col_name[c], c + 1 < EXTRACT_NINPUT ? ',' : '\n');
	static const char *const groups[] = { "responders", "non-responders" };
	for (size_t i = 0; i < n; i++)
		for (int g = 0; g < 2; g++)
			for (int c = 0; c < EXTRACT_NINPUT; c++) {
				const char *t = c == EXTRACT_C_STUDY ? st[i] :
						c == EXTRACT_C_MEASUREMENT ? "1" :
						c == EXTRACT_C_GROUP ? groups[g] : NULL;
				csv_write_field(stdout, t);
				putchar(c + 1 < EXTRACT_NINPUT ? ',' : '\n');
			}
	strings_free(st, n);
	db_close(db);
	return 0;
}

/* ---- show ---- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void show_measurement_text(const struct extract_stored *r, char *const *t);

/* The stored text, escaped on a terminal (term_escape) before it is shown. */
static void show_measurement(const struct extract_stored *r)
{
	if (!term_is_tty(stdout)) {
		show_measurement_text(r, r->text);
		return;
	}
	char *t[EXTRACT_NINPUT];
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		t[c] = term_escape(r->text[c] ? r->text[c] : "");
	show_measurement_text(r, t);
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		free(t[c]);
}

static void show_measurement_text(const struct extract_stored *r, char *const *t)
{
	printf("%s · measurement %s · ", t[EXTRACT_C_STUDY], t[EXTRACT_C_MEASUREMENT]);
	if (r->agreed_by)
		printf("agreed (recorded by %s)\n", r->agreed_by);
	else
		printf("extracted by %s\n", t[EXTRACT_C_EXTRACTOR]);
	printf("  parameter %s · timepoint %s", t[EXTRACT_C_PARAMETER], or_dash(t[EXTRACT_C_TIMEPOINT]));
	if (*t[EXTRACT_C_DAYS])
		printf(" (day %s)", t[EXTRACT_C_DAYS]);
	printf(" · b %s · %s%s · ROI %s\n", or_dash(t[EXTRACT_C_BVALUES]), or_dash(t[EXTRACT_C_FIELD]),
	       *t[EXTRACT_C_FIELD] ? " T" : "", or_dash(t[EXTRACT_C_ROI]));
	printf("  response %s · per %s · entered in %s", or_dash(t[EXTRACT_C_CRITERION]),
	       or_dash(t[EXTRACT_C_UNIT_OF_ANALYSIS]), or_dash(t[EXTRACT_C_UNIT]));
	if (r->norm_unit && strcmp(r->norm_unit, t[EXTRACT_C_UNIT]))
		printf(", stored in %s", r->norm_unit);
	putchar('\n');
	if (*t[EXTRACT_C_CUTOFF] || *t[EXTRACT_C_AUC] || *t[EXTRACT_C_SENS] || *t[EXTRACT_C_SPEC])
		printf("  reported: cut-off %s · AUC %s · sensitivity %s · specificity %s\n",
		       or_dash(t[EXTRACT_C_CUTOFF]), or_dash(t[EXTRACT_C_AUC]), or_dash(t[EXTRACT_C_SENS]),
		       or_dash(t[EXTRACT_C_SPEC]));
	if (*t[EXTRACT_C_NOTE])
		printf("  note: %s\n", t[EXTRACT_C_NOTE]);
	printf("  %-16s %5s  %-22s %-28s %9s %9s  %s\n", "group", "n", "as reported", "median [q1-q3] (min-max)",
	       "mean", "sd", "location");
}

static void show_group(const struct extract_stored *r)
{
	char *const *t = r->text;
	char rep[64] = "", med[96] = "", m[32] = "-", s[32] = "-";
	if (*t[EXTRACT_C_MEAN])
		snprintf(rep, sizeof rep, "%s ± %s", t[EXTRACT_C_MEAN], or_dash(t[EXTRACT_C_SD]));
	if (*t[EXTRACT_C_MEDIAN]) {
		int k = snprintf(med, sizeof med, "%s", t[EXTRACT_C_MEDIAN]);
		if (*t[EXTRACT_C_Q1] && k > 0 && (size_t)k < sizeof med)
			k += snprintf(med + k, sizeof med - (size_t)k, " [%s-%s]", t[EXTRACT_C_Q1],
				      t[EXTRACT_C_Q3]);
		if (*t[EXTRACT_C_MIN] && k > 0 && (size_t)k < sizeof med)
			snprintf(med + k, sizeof med - (size_t)k, " (%s-%s)", t[EXTRACT_C_MIN],
				 t[EXTRACT_C_MAX]);
	}
	if (!isnan(r->mean))
		snprintf(m, sizeof m, "%.4g%s", r->mean, r->mean_method ? "*" : "");
	if (!isnan(r->sd))
		snprintf(s, sizeof s, "%.4g%s", r->sd, r->sd_method ? "*" : "");
	printf("  ");
	text_pad(stdout, t[EXTRACT_C_GROUP], 16);
	printf(" %5s  ", t[EXTRACT_C_N]);
	text_pad(stdout, rep, 22);
	putchar(' ');
	text_pad(stdout, med, 28);
	printf(" %9s %9s  %s\n", m, s, t[EXTRACT_C_LOCATION]);
	if (r->mean_method || r->sd_method)
		printf("  %-16s * estimated: %s%s%s%s%s\n", "", r->mean_method ? "mean " : "",
		       r->mean_method ? r->mean_method : "", r->mean_method && r->sd_method ? ", " : "",
		       r->sd_method ? "sd " : "", r->sd_method ? r->sd_method : "");
}

static int extract_show(struct cli *cli, const char *study, const struct opts *o)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	struct extract_stored *rows;
	size_t n;
	bool exists = false;
	if (!db || store_viewer(db, o->reviewer, &err) || store_study_exists(db, study, &exists, &err) ||
	    (exists && store_extract_list(db, study, NULL, &rows, &n, &err))) {
		db_close(db);
		return cli_fail(&err);
	}
	/* While the review is blinded, a reviewer who is not a lead sees only
	 * their own extraction and the agreed values. */
	char *who = NULL;
	bool see_all = true, lead = false;
	struct screen_settings set = { 0 };
	struct sieve_error e2 = { 0 };
	if (exists && (store_screen_settings(db, &set, &e2) != 0 || set.blind)) {
		/* no acting reviewer: only the agreed values */
		see_all = store_reviewer_current(db, o->reviewer, &who, &lead, &e2) == 0 && lead;
	}
	db_close(db);
	if (!exists) {
		sieve_error_set(&err, SIEVE_ERR_DATA, "no study \"%s\" (see 'sieve studies')", study);
		return cli_fail(&err);
	}
	size_t shown = 0, hidden = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ext = rows[i].text[EXTRACT_C_EXTRACTOR];
		if (!see_all && strcmp(ext, EXTRACT_AGREED) && !(who && !strcmp(ext, who))) {
			hidden++;
			continue;
		}
		bool first = shown == 0 ||
			     strcmp(rows[i].text[EXTRACT_C_MEASUREMENT], rows[i - 1].text[EXTRACT_C_MEASUREMENT]) ||
			     strcmp(ext, rows[i - 1].text[EXTRACT_C_EXTRACTOR]);
		if (first) {
			if (shown)
				putchar('\n');
			show_measurement(&rows[i]);
		}
		show_group(&rows[i]);
		shown++;
	}
	free(who);
	if (!shown)
		printf("%s: nothing extracted yet (sieve extract, or sieve extract import FILE)\n", study);
	if (hidden || !see_all)
		printf("(other extractors' values, if any, are hidden while the review is blinded)\n");
	if (n)
		printf("\n(mean and sd: normalised; * = estimated from the median)\n");
	extract_stored_free(rows, n);
	return 0;
}

/* ---- compare, agree ---- */

/* Print a comparison's differences and counts (extract_compare_rows). */
static void print_comparison(const struct extract_comparison *cmp)
{
	for (size_t m = 0; m < cmp->nmeas; m++) {
		const struct extract_cmp_measurement *me = &cmp->meas[m];
		for (size_t i = me->first_diff; i < me->first_diff + me->ndiffs; i++) {
			const struct extract_diff *d = &cmp->diff[i];
			if (d->col < 0) {
				printf("%s · %s · %s: not extracted by %s\n", term_safe(stdout, d->study),
				       term_safe(stdout, d->measurement), term_safe(stdout, d->group),
				       d->missing);
				continue;
			}
			printf("%s · %s · %s · %s:", term_safe(stdout, d->study),
			       term_safe(stdout, d->measurement), term_safe(stdout, d->group),
			       extract_col_name[d->col]);
			for (size_t k = 0; k < d->nvalues; k++)
				printf("  %s %s", d->extractor[k], *d->value[k] ?
				       term_safe(stdout, d->value[k]) : "(empty)");
			putchar('\n');
		}
		if (me->ndiffs && me->agreed_by)
			printf("%s · %s: agreed values recorded by %s\n", term_safe(stdout, me->study),
			       term_safe(stdout, me->measurement), me->agreed_by);
	}
	long diffs = (long)cmp->ndiff;
	printf("%ld difference%s in %ld dually extracted measurement%s", diffs, diffs == 1 ? "" : "s",
	       cmp->dual, cmp->dual == 1 ? "" : "s");
	if (cmp->agreed)
		printf(" (%ld already agreed)", cmp->agreed);
	putchar('\n');
	if (cmp->open > 0)
		printf("record the agreed values: sieve extract agree STUDY --use NAME, or import rows "
		       "with extractor 'agreed'\n");
}

static int extract_compare(struct cli *cli, const char *study, const struct opts *o)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	struct extract_stored *rows;
	size_t n;
	if (!db || store_viewer(db, o->reviewer, &err) ||
	    store_extract_list(db, study, NULL, &rows, &n, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	db_close(db);
	struct extract_cmp_row *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			v[i].text[c] = rows[i].text[c];
		v[i].agreed_by = rows[i].agreed_by;
	}
	struct extract_comparison cmp;
	int rc = 0;
	if (extract_compare_rows(v, n, &cmp)) {
		sieve_error_set_at(&err, SIEVE_ERR_NOMEM, NULL, "out of memory");
		rc = cli_fail(&err);
	} else {
		print_comparison(&cmp);
		extract_comparison_fini(&cmp);
	}
	free(v);
	extract_stored_free(rows, n);
	return rc;
}

static int extract_agree(struct cli *cli, const char *study, const struct opts *o)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	char *who = NULL;
	bool lead;
	long long copied;
	int rc = 0;
	if (!db || store_reviewer_current(db, o->reviewer, &who, &lead, &err) ||
	    store_extract_agree(db, study, o->use, who, &copied, &err))
		rc = cli_fail(&err);
	else
		printf("%s: %lld measurement%s of %s recorded as agreed (by %s)\n", study, copied,
		       copied == 1 ? "" : "s", o->use, who);
	free(who);
	db_close(db);
	return rc;
}

/* ---- the form ---- */

static int extract_form(struct cli *cli, const struct opts *o)
{
	struct sieve_error err = { 0 };
	if (!o->keys && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		sieve_error_set(&err, SIEVE_ERR_USAGE, "the extraction form needs a terminal (use "
				"'sieve extract import FILE' in scripts, or --replay)");
		return cli_fail(&err);
	}
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	char *who = NULL;
	bool lead;
	if (!db || store_reviewer_current(db, o->reviewer, &who, &lead, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	struct extract_source *src = extract_source_db_new(db, who);
	struct view *v = view_extract_new(src, who, o->study);
	int rc = 0;
	if (o->keys) {
		struct strbuf dump = STRBUF_INIT;
		if (tui_view_headless(v, o->w, o->h, o->keys, &dump, &err))
			rc = cli_fail(&err);
		else
			fputs(dump.buf ? dump.buf : "", stdout);
		strbuf_fini(&dump);
	} else if (tui_view_run(v, &err)) {
		rc = cli_fail(&err);
	}
	view_extract_free(v);
	extract_source_free(src);
	free(who);
	db_close(db);
	return rc;
}

int cmd_extract(struct cli *cli, int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "reviewer", required_argument, NULL, 'R' },
		{ "study", required_argument, NULL, 's' },
		{ "extractor", required_argument, NULL, 'e' },
		{ "use", required_argument, NULL, 'u' },
		{ "csv", no_argument, NULL, 'c' },
		{ "replay", required_argument, NULL, 'k' },
		{ "size", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .w = 100, .h = 36 };
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lopts, NULL)) != -1) {
		switch (c) {
		case 'R': o.reviewer = optarg; break;
		case 's': o.study = optarg; break;
		case 'e': o.extractor = optarg; break;
		case 'u': o.use = optarg; break;
		case 'c': o.csv = true; break;
		case 'k': o.keys = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o.w, &o.h) != 2 || o.w < 40 || o.h < 10 || o.w > 1000 ||
			    o.h > 1000)
				return cli_usage("extract", "--size wants WxH, e.g. 100x36");
			break;
		case ':': return cli_usage("extract", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("extract", "unknown option %s", argv[optind - 1]);
		}
	}
	int nargs = argc - optind;
	const char *sub = nargs ? argv[optind] : NULL;
	const char *arg = nargs > 1 ? argv[optind + 1] : NULL;
	if (!sub)
		return extract_form(cli, &o);
	if (!strcmp(sub, "template") && nargs == 1)
		return extract_template(cli);
	if (!strcmp(sub, "import") && nargs == 2)
		return extract_import(cli, arg, &o);
	if (!strcmp(sub, "export") && nargs == 1) {
		if (!o.csv)
			return cli_usage("extract", "export writes CSV: sieve extract export --csv");
		return extract_export(cli, &o);
	}
	if (!strcmp(sub, "show") && nargs == 2)
		return extract_show(cli, arg, &o);
	if (!strcmp(sub, "compare") && nargs <= 2)
		return extract_compare(cli, arg, &o);
	if (!strcmp(sub, "agree") && nargs == 2) {
		if (!o.use)
			return cli_usage("extract", "whose values? sieve extract agree STUDY --use NAME");
		return extract_agree(cli, arg, &o);
	}
	if (!strcmp(sub, "columns") && nargs == 1) {
		print_columns(stdout);
		return 0;
	}
	return cli_usage("extract", "unknown use of 'sieve extract'; see 'sieve help extract'");
}
