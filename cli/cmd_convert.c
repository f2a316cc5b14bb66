/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve convert: estimate a mean and SD from a median with range and/or IQR. */
#include "cli.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../analysis/convert.h"
#include "../lib/xalloc.h"

#include <errno.h>
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

/* The column meaning of a header name: a conv_field, COL_*, or -1. */
static int column_kind(const char *h)
{
	static const struct { const char *name; int kind; } k[] = {
		{ "n", CONV_F_N },        { "min", CONV_F_MIN },       { "q1", CONV_F_Q1 },
		{ "median", CONV_F_MEDIAN }, { "q3", CONV_F_Q3 },      { "max", CONV_F_MAX },
		{ "scenario", COL_SCENARIO }, { "case", COL_CASE },     { "study", COL_CASE },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(h, k[i].name))
			return k[i].kind;
	return -1;
}

/* Read and convert every row of file; on success *rows holds *nrows rows. */
static int read_csv(const char *file, struct row **rows, size_t *nrows, struct sieve_error *err)
{
	const char *shown = strcmp(file, "-") ? file : "stdin";
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f)
		return sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", file, strerror(errno));

	char *line = NULL;
	size_t lcap = 0, fcap = 0, rcap = 0;
	struct csv_field *fields = NULL;
	int *kind = NULL;
	int ncols = 0, rc = 0;
	long lineno = 0;
	bool have_header = false;
	int n_at = -1, median_at = -1;
	*rows = NULL;
	*nrows = 0;

	while (getline(&line, &lcap, f) != -1) {
		lineno++;
		csv_clean_line(line, lineno);
		if (!line[strspn(line, " \t")])
			continue; /* blank line */
		int nf = csv_split_line(line, &fields, &fcap);
		if (nf < 0) {
			rc = sieve_error_set_at(err, SIEVE_ERR_DATA, NULL, "unterminated quoted field");
			sieve_error_detail(err, "%s:%ld", shown, lineno);
			goto out;
		}
		if (!have_header) {
			have_header = true;
			ncols = nf;
			kind = xcalloc((size_t)nf, sizeof *kind);
			for (int i = 0; i < nf; i++) {
				kind[i] = column_kind(fields[i].text);
				for (int j = 0; j < i && kind[i] >= 0; j++)
					if (kind[j] == kind[i]) {
						sieve_error_set(err, SIEVE_ERR_DATA,
						                "column '%s' appears twice", fields[i].text);
						sieve_error_detail(err, "%s:%ld:%d", shown, lineno, fields[i].col);
						rc = -1;
						goto out;
					}
				if (kind[i] < 0) {
					sieve_error_set(err, SIEVE_ERR_DATA,
					                "unknown column '%s' (expected scenario, n, min, q1, median, q3, max, case)",
					                fields[i].text);
					sieve_error_detail(err, "%s:%ld:%d", shown, lineno, fields[i].col);
					rc = -1;
					goto out;
				}
				if (kind[i] == CONV_F_N)
					n_at = i;
				if (kind[i] == CONV_F_MEDIAN)
					median_at = i;
			}
			if (n_at < 0 || median_at < 0) {
				rc = sieve_error_set(err, SIEVE_ERR_DATA, "the header has no '%s' column",
				                     n_at < 0 ? "n" : "median");
				sieve_error_detail(err, "%s:%ld", shown, lineno);
				goto out;
			}
			continue;
		}
		if (nf != ncols) {
			rc = sieve_error_set(err, SIEVE_ERR_DATA, "%d fields, but the header has %d", nf, ncols);
			sieve_error_detail(err, "%s:%ld", shown, lineno);
			goto out;
		}

		struct conv_input in = { 0, NAN, NAN, NAN, NAN, NAN };
		const char *scenario = NULL, *name = NULL;
		int scenario_col = 0, col_of[CONV_F_MAX + 1] = { 0 };
		for (int i = 0; i < nf; i++) {
			const char *t = fields[i].text;
			col_of[kind[i] <= CONV_F_MAX ? kind[i] : 0] = fields[i].col;
			if (kind[i] == COL_SCENARIO) {
				scenario = csv_is_na(t) ? NULL : t;
				scenario_col = fields[i].col;
			} else if (kind[i] == COL_CASE) {
				name = t;
			} else if (kind[i] == CONV_F_N) {
				if (!parse_long(t, &in.n) || in.n <= 0) {
					rc = sieve_error_set(err, SIEVE_ERR_DATA,
					                     "column n: '%s' is not a positive whole number", t);
					sieve_error_detail(err, "%s:%ld:%d", shown, lineno, fields[i].col);
					goto out;
				}
			} else if (!csv_is_na(t)) {
				double *dst = field_ptr(&in, (enum conv_field)kind[i]);
				if (!parse_double(t, dst)) {
					rc = sieve_error_set(err, SIEVE_ERR_DATA,
					                     "column %s: '%s' is not a finite number",
					                     conv_field_name((enum conv_field)kind[i]), t);
					sieve_error_detail(err, "%s:%ld:%d", shown, lineno, fields[i].col);
					goto out;
				}
			}
		}
		struct conv_result r;
		int st = conv_estimate(&in, &r);
		if (st != CONV_OK) {
			if (r.bad_field != CONV_F_NONE && col_of[r.bad_field]) {
				rc = sieve_error_set(err, SIEVE_ERR_DATA, "column %s: %s",
				                     conv_field_name(r.bad_field), conv_strerror(st));
				sieve_error_detail(err, "%s:%ld:%d", shown, lineno, col_of[r.bad_field]);
			} else {
				rc = sieve_error_set(err, SIEVE_ERR_DATA, "%s", conv_strerror(st));
				sieve_error_detail(err, "%s:%ld", shown, lineno);
			}
			goto out;
		}
		if (scenario && strcmp(scenario, conv_scenario_name(r.scenario)) != 0) {
			rc = sieve_error_set(err, SIEVE_ERR_DATA,
			                     "column scenario: '%s', but the values given are scenario %s (%s)",
			                     scenario, conv_scenario_name(r.scenario),
			                     scenario_detail(r.scenario));
			sieve_error_detail(err, "%s:%ld:%d", shown, lineno, scenario_col);
			goto out;
		}
		if (*nrows == rcap) {
			rcap = rcap ? rcap * 2 : 8;
			*rows = xrealloc(*rows, rcap * sizeof **rows);
		}
		(*rows)[*nrows].name = name && *name ? xstrdup(name) : NULL;
		(*rows)[*nrows].r = r;
		(*nrows)++;
	}
	if (ferror(f)) {
		rc = sieve_error_set(err, SIEVE_ERR_IO, "cannot read %s: %s", shown, strerror(errno));
		goto out;
	}
	if (!have_header)
		rc = sieve_error_set(err, SIEVE_ERR_DATA, "%s: empty file (expected a header line)", shown);
	else if (*nrows == 0)
		rc = sieve_error_set(err, SIEVE_ERR_DATA, "%s: no data rows after the header", shown);
out:
	if (rc) {
		for (size_t i = 0; i < *nrows; i++)
			free((*rows)[i].name);
		free(*rows);
		*rows = NULL;
		*nrows = 0;
	}
	free(kind);
	free(fields);
	free(line);
	if (f != stdin)
		fclose(f);
	return rc ? -1 : 0;
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
