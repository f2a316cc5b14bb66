/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve convert: estimate a mean and SD from a median with range and/or IQR. */
#include "cli.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../analysis/convert.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_convert_usage[] =
	"usage: sieve convert --n N --median M [--min A --max B] [--q1 Q1 --q3 Q3] [--long [--case NAME]]\n"
	"       sieve convert --from-csv FILE [--long] [--case NAME]\n\n"
	"Estimates a study's sample mean and SD from its median with the range\n"
	"(S1: min, median, max), the interquartile range (S2: q1, median, q3) or\n"
	"both (S3), assuming roughly normal data, by every applicable method:\n"
	"  wan2014   Wan et al. 2014, BMC Med Res Methodol 14:135 (mean and SD)\n"
	"  luo2018   Luo et al. 2018, Stat Methods Med Res 27:1785 (mean)\n"
	"  shi2020   Shi et al. 2020, Res Synth Methods 11:641 (SD, S3 only)\n"
	"  hozo2005  Hozo et al. 2005, BMC Med Res Methodol 5:13 (mean, S1 only)\n"
	"and the recommended pair: the Luo mean with the Wan SD (S1, S2) or the\n"
	"Shi SD (S3). No review is needed.\n\n"
	"options:\n"
	"  --n N              the sample size (at least 3)\n"
	"  --median M         the median (required)\n"
	"  --min A, --max B   the range\n"
	"  --q1 Q1, --q3 Q3   the first and third quartiles\n"
	"  --from-csv FILE    read studies from a CSV with a header naming the\n"
	"                     columns n, median and any of min, q1, q3, max (NA or\n"
	"                     empty = not reported); optional columns: scenario\n"
	"                     (checked against the values), case; - reads stdin\n"
	"  --long             print case,method,stat,value lines (17 significant\n"
	"                     digits; method \"recommended\" for the pair)\n"
	"  --case NAME        the case name for --long (default: the CSV file's\n"
	"                     name without .csv, or \"input\"; with several rows\n"
	"                     and no case column, NAME.1, NAME.2, ...)\n";

/* ---- output ------------------------------------------------------------ */

static const char *scenario_detail(enum conv_scenario s)
{
	switch (s) {
	case CONV_S1: return "min, median, max";
	case CONV_S2: return "q1, median, q3";
	case CONV_S3: return "min, q1, median, q3, max";
	default:      return "?";
	}
}

static void print_table(const struct conv_result *r)
{
	printf("scenario %s (%s), n = %ld\n\n", conv_scenario_name(r->scenario),
	       scenario_detail(r->scenario), r->n);
	printf("  %-12s %14s %14s\n", "method", "mean", "SD");
	for (int i = 0; i < CONV_N_METHODS; i++) {
		const struct conv_estimate *e = &r->m[i];
		if (!e->has_mean && !e->has_sd)
			continue;
		char mean[32] = "-", sd[32] = "-";
		if (e->has_mean)
			snprintf(mean, sizeof mean, "%.6g", e->mean);
		if (e->has_sd)
			snprintf(sd, sizeof sd, "%.6g", e->sd);
		printf("  %-12s %14s %14s\n", conv_method_name((enum conv_method)i), mean, sd);
	}
	printf("  %-12s %14.6g %14.6g   (mean %s, SD %s)\n", "recommended", r->mean, r->sd,
	       conv_method_name(r->mean_from), conv_method_name(r->sd_from));
}

static void print_long(const char *case_name, const struct conv_result *r)
{
	for (int i = 0; i < CONV_N_METHODS; i++) {
		const struct conv_estimate *e = &r->m[i];
		const char *m = conv_method_name((enum conv_method)i);
		if (e->has_mean) {
			csv_write_field(stdout, case_name);
			printf(",%s,mean,%.17g\n", m, e->mean);
		}
		if (e->has_sd) {
			csv_write_field(stdout, case_name);
			printf(",%s,sd,%.17g\n", m, e->sd);
		}
	}
	csv_write_field(stdout, case_name);
	printf(",recommended,mean,%.17g\n", r->mean);
	csv_write_field(stdout, case_name);
	printf(",recommended,sd,%.17g\n", r->sd);
}

/* ---- number parsing ---------------------------------------------------- */

static bool parse_double(const char *s, double *v) { return num_parse_double(s, v); }
static bool parse_long(const char *s, long *v) { return num_parse_long(s, v); }

/* The conv_input field a conv_field names. */
static double *field_ptr(struct conv_input *in, enum conv_field f)
{
	switch (f) {
	case CONV_F_MIN:    return &in->min;
	case CONV_F_Q1:     return &in->q1;
	case CONV_F_MEDIAN: return &in->median;
	case CONV_F_Q3:     return &in->q3;
	case CONV_F_MAX:    return &in->max;
	default:            return NULL;
	}
}

/* ---- CSV --------------------------------------------------------------- */

enum { COL_SCENARIO = 100, COL_CASE = 101 };

struct row {
	char *name;  /* from a case column, or NULL */
	struct conv_result r;
};

/* The header's columns, n and median (required) first; their names and
 * what each means: a conv_field or COL_*. */
enum { C_N, C_MEDIAN, C_MIN, C_Q1, C_Q3, C_MAX, C_SCENARIO, C_CASE, C_STUDY, NCOLS };
static const char *const col_names[NCOLS] = {
	[C_N] = "n", [C_MEDIAN] = "median", [C_MIN] = "min", [C_Q1] = "q1", [C_Q3] = "q3",
	[C_MAX] = "max", [C_SCENARIO] = "scenario", [C_CASE] = "case", [C_STUDY] = "study",
};
static const int col_kind[NCOLS] = {
	[C_N] = CONV_F_N, [C_MEDIAN] = CONV_F_MEDIAN, [C_MIN] = CONV_F_MIN, [C_Q1] = CONV_F_Q1,
	[C_Q3] = CONV_F_Q3, [C_MAX] = CONV_F_MAX, [C_SCENARIO] = COL_SCENARIO,
	[C_CASE] = COL_CASE, [C_STUDY] = COL_CASE,
};

/* Map the header; case and study name the same column, so one of them. */
static int read_header(struct csv_reader *rd, int *at, struct sieve_error *err)
{
	if (csv_reader_header(rd, col_names, NCOLS, C_MEDIAN + 1, at, err)) {
		if (!strncmp(err->msg, "unknown column", 14))
			snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
				 " (expected scenario, n, min, q1, median, q3, max, case)");
		return -1;
	}
	if (at[C_CASE] >= 0 && at[C_STUDY] >= 0) {
		const struct csv_field *f = &rd->fields[at[C_CASE] > at[C_STUDY] ? at[C_CASE]
							: at[C_STUDY]];
		return csv_field_error(err, rd->file, f, NULL, "column '%s' appears twice", f->text);
	}
	return 0;
}

/* Convert the current record of rd (columns at) into *out and *name (the
 * case column's text in the record, or NULL). */
static int read_row(const struct csv_reader *rd, const int *at, struct conv_result *out,
		    const char **name, struct sieve_error *err)
{
	struct conv_input in = { 0, NAN, NAN, NAN, NAN, NAN };
	const struct csv_field *scenario = NULL, *of[CONV_F_MAX + 1] = { 0 };
	*name = NULL;
	for (int i = 0; i < rd->nf; i++) {  /* in the file's order: its first bad field */
		int k = 0;
		while (k < NCOLS && at[k] != i)
			k++;
		if (k == NCOLS)
			continue;
		const struct csv_field *f = &rd->fields[i];
		const char *t = f->text;
		if (col_kind[k] == COL_SCENARIO) {
			scenario = csv_is_na(t) ? NULL : f;
			continue;
		}
		if (col_kind[k] == COL_CASE) {
			*name = t;
			continue;
		}
		enum conv_field c = (enum conv_field)col_kind[k];
		of[c] = f;
		if (c == CONV_F_N) {
			if (!parse_long(t, &in.n) || in.n <= 0)
				return csv_field_error(err, rd->file, f, "n",
						       "'%s' is not a positive whole number", t);
		} else if (!csv_is_na(t) && !parse_double(t, field_ptr(&in, c))) {
			return csv_field_error(err, rd->file, f, conv_field_name(c),
					       "'%s' is not a finite number", t);
		}
	}
	int st = conv_estimate(&in, out);
	if (st != CONV_OK) {
		if (out->bad_field != CONV_F_NONE && of[out->bad_field])
			return csv_field_error(err, rd->file, of[out->bad_field],
					       conv_field_name(out->bad_field), "%s", conv_strerror(st));
		struct csv_field row = { .line = rd->lineno };
		return csv_field_error(err, rd->file, &row, NULL, "%s", conv_strerror(st));
	}
	if (scenario && strcmp(scenario->text, conv_scenario_name(out->scenario)) != 0)
		return csv_field_error(err, rd->file, scenario, "scenario",
				       "'%s', but the values given are scenario %s (%s)", scenario->text,
				       conv_scenario_name(out->scenario), scenario_detail(out->scenario));
	return 0;
}

/* Read and convert every row of file; on success *rows holds *nrows rows. */
static int read_csv(const char *file, struct row **rows, size_t *nrows, struct sieve_error *err)
{
	*rows = NULL;
	*nrows = 0;
	struct csv_reader rd;
	if (csv_reader_open(&rd, file, err))
		return -1;
	int at[NCOLS];
	size_t rcap = 0;
	int rc = read_header(&rd, at, err);
	while (rc == 0 && (rc = csv_reader_next(&rd, err)) == 1) {
		struct conv_result r;
		const char *name;
		rc = read_row(&rd, at, &r, &name, err);
		if (rc)
			break;
		if (*nrows == rcap) {
			rcap = rcap ? rcap * 2 : 8;
			*rows = xrealloc(*rows, rcap * sizeof **rows);
		}
		(*rows)[*nrows].name = name && *name ? xstrdup(name) : NULL;
		(*rows)[*nrows].r = r;
		(*nrows)++;
	}
	csv_reader_close(&rd);
	if (rc == 0 && *nrows == 0)
		rc = sieve_error_set_at(err, SIEVE_ERR_DATA, file, "no data rows after the header");
	if (rc) {
		for (size_t i = 0; i < *nrows; i++)
			free((*rows)[i].name);
		free(*rows);
		*rows = NULL;
		*nrows = 0;
		return -1;
	}
	return 0;
}

/* The file's name without directories and a trailing .csv. */
static char *default_case(const char *file)
{
	if (!strcmp(file, "-"))
		return xstrdup("stdin");
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".csv"))
		len -= 4;
	return xstrndup(base, len);
}

static int run_csv(const char *file, const char *case_opt, bool long_out)
{
	struct sieve_error err = { 0 };
	struct row *rows = NULL;
	size_t nrows = 0;
	if (read_csv(file, &rows, &nrows, &err))
		return cli_fail(&err);
	char *base = case_opt ? xstrdup(case_opt) : default_case(file);
	if (long_out)
		printf("case,method,stat,value\n");
	for (size_t i = 0; i < nrows; i++) {
		char *name = rows[i].name ? xstrdup(rows[i].name)
		             : nrows == 1   ? xstrdup(base)
		                            : xasprintf("%s.%zu", base, i + 1);
		if (long_out) {
			print_long(name, &rows[i].r);
		} else {
			if (i)
				printf("\n");
			printf("%s: ", name);
			print_table(&rows[i].r);
		}
		free(name);
		free(rows[i].name);
	}
	free(rows);
	free(base);
	return 0;
}

/* ---- the command ------------------------------------------------------- */

int cmd_convert(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	struct conv_input in = { 0, NAN, NAN, NAN, NAN, NAN };
	bool have_n = false, long_out = false, any_value = false;
	const char *csv = NULL, *case_opt = NULL;
	static const struct { const char *opt; enum conv_field f; } num[] = {
		{ "--min", CONV_F_MIN }, { "--q1", CONV_F_Q1 }, { "--median", CONV_F_MEDIAN },
		{ "--q3", CONV_F_Q3 },   { "--max", CONV_F_MAX },
	};

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char opt[32];
		const char *eq = strchr(a, '=');
		if (!strncmp(a, "--", 2) && eq && (size_t)(eq - a) < sizeof opt) {
			snprintf(opt, sizeof opt, "%.*s", (int)(eq - a), a);
			val = eq + 1;
		} else {
			snprintf(opt, sizeof opt, "%s", a);
		}
		if (!strcmp(opt, "--long")) {
			if (val)
				return cli_usage("convert", "--long takes no value");
			long_out = true;
			continue;
		}
		bool takes = !strcmp(opt, "--n") || !strcmp(opt, "--from-csv") || !strcmp(opt, "--case");
		int which = -1;
		for (size_t k = 0; k < sizeof num / sizeof num[0]; k++)
			if (!strcmp(opt, num[k].opt))
				which = (int)k;
		if (!takes && which < 0)
			return cli_usage("convert", "unexpected argument %s", a);
		if (!val) {
			if (i + 1 >= argc)
				return cli_usage("convert", "%s needs a value", opt);
			val = argv[++i];
		}
		if (!strcmp(opt, "--n")) {
			if (!parse_long(val, &in.n) || in.n <= 0)
				return cli_usage("convert", "--n: '%s' is not a positive whole number", val);
			have_n = true;
		} else if (!strcmp(opt, "--from-csv")) {
			csv = val;
		} else if (!strcmp(opt, "--case")) {
			if (!*val)
				return cli_usage("convert", "--case needs a non-empty name");
			case_opt = val;
		} else {
			double *dst = field_ptr(&in, num[which].f);
			if (!parse_double(val, dst))
				return cli_usage("convert", "%s: '%s' is not a finite number", opt, val);
			any_value = true;
		}
	}

	if (csv) {
		if (have_n || any_value)
			return cli_usage("convert", "--from-csv cannot be combined with --n or values");
		return run_csv(csv, case_opt, long_out);
	}
	if (!have_n)
		return cli_usage("convert", "--n is required (or --from-csv FILE)");
	if (isnan(in.median))
		return cli_usage("convert", "--median is required");
	if (case_opt && !long_out)
		return cli_usage("convert", "--case applies to --long output");

	struct conv_result r;
	int st = conv_estimate(&in, &r);
	if (st != CONV_OK) {
		struct sieve_error err = { 0 };
		if (r.bad_field != CONV_F_NONE)
			sieve_error_set(&err, SIEVE_ERR_DATA, "%s (at --%s)",
			                conv_strerror(st), conv_field_name(r.bad_field));
		else
			sieve_error_set(&err, SIEVE_ERR_DATA, "%s", conv_strerror(st));
		return cli_fail(&err);
	}
	if (long_out) {
		printf("case,method,stat,value\n");
		print_long(case_opt ? case_opt : "input", &r);
	} else {
		print_table(&r);
	}
	return 0;
}
