/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve lesions: per-lesion baseline ADC and response. */
#define _GNU_SOURCE
#include "cli.h"
#include "../analysis/lesion_ids.h"
#include "../analysis/units.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../lib/strbuf.h"
#include "../lib/termsafe.h"
#include "../lib/text.h"
#include "../lib/xalloc.h"
#include "../schema/store_study.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char cmd_lesions_usage[] =
	"usage: sieve lesions import FILE [--unit UNIT]\n"
	"       sieve lesions summary\n\n"
	"FILE is CSV with the columns study,patient,lesion,adc_baseline,response and\n"
	"optionally adc_followup,followup_days (any order; a header line names them).\n"
	"study is a label from 'sieve studies'; response is 1/0 or responder/\n"
	"non-responder. ADC values are in UNIT (default x10^-3 mm^2/s; also\n"
	"x10^-6 mm^2/s, um^2/ms, mm^2/s, ...) and stored as x10^-3 mm^2/s. Every row\n"
	"is checked; any error names the line and column and imports nothing.\n";

enum { C_STUDY, C_PATIENT, C_LESION, C_ADC, C_RESPONSE, C_FOLLOWUP, C_DAYS, C_N };
static const char *const col_names[C_N] = { "study", "patient", "lesion", "adc_baseline",
					    "response", "adc_followup", "followup_days" };

struct parsed {
	struct lesion_in in;
	char *study, *patient, *lesion, *json;
};

static int adc_value(const struct csv_reader *rd, int i, const char *col, const char *unit,
		     double *out, struct sieve_error *err)
{
	const struct csv_field *f = &rd->fields[i];
	double v;
	if (csv_reader_number(rd, i, col, &v, err))
		return -1;
	int rc = units_normalise(PARAM_ADC, unit, v, false, out);
	if (rc == UNITS_OK)
		return 0;
	if (rc != UNITS_IMPLAUSIBLE)
		return csv_field_error(err, rd->file, f, col, "%s %s: %s", f->text, unit,
				       units_strerror(rc));
	const char *hint = units_suggest(PARAM_ADC, v);
	double lo = 0, hi = 0;
	units_range(PARAM_ADC, &lo, &hi);
	return csv_field_error(err, rd->file, f, col, "%s %s is not a plausible ADC (%g to %g "
			       "x10^-3 mm^2/s)%s%s%s", f->text, unit, lo, hi,
			       hint ? "; was it in " : "", hint ? hint : "", hint ? "? (use --unit)" : "");
}

/* The order rows are stored in (and the duplicate found first): by study,
 * patient, lesion, line. */
static int cmp_key(const void *a, const void *b)
{
	const struct parsed *x = a, *y = b;
	int c = strcmp(x->study, y->study);
	if (!c)
		c = strcmp(x->patient, y->patient);
	if (!c)
		c = strcmp(x->lesion, y->lesion);
	return c ? c : (x->in.line < y->in.line ? -1 : 1);
}

static void parsed_free(struct parsed *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].study);
		free(v[i].patient);
		free(v[i].lesion);
		free(v[i].json);
	}
	free(v);
}

/* Read and check every row; nothing reaches the database unless all pass. */
static int read_lesions(const char *file, const char *unit, struct parsed **out, size_t *nout,
			struct sieve_error *err)
{
	*out = NULL;
	*nout = 0;
	struct csv_reader rd;
	if (csv_reader_open(&rd, file, err))
		return -1;
	size_t cap = 0, n = 0;
	struct parsed *v = NULL;
	int at[C_N];
	int rc = csv_reader_header(&rd, col_names, C_N, C_RESPONSE + 1, at, err);
	if (rc && !strncmp(err->msg, "unknown column", 14))
		snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
			 " (expected study, patient, lesion, adc_baseline, response[, adc_followup,"
			 " followup_days])");
	while (rc == 0 && (rc = csv_reader_next(&rd, err)) == 1) {
		rc = 0;
		long lineno = rd.lineno;
		struct csv_field *fields = rd.fields;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct parsed *p = &v[n];
		memset(p, 0, sizeof *p);
		p->in.line = lineno;
		for (int k = C_STUDY; k <= C_LESION && rc == 0; k++)
			if (!*fields[at[k]].text)
				rc = csv_field_error(err, file, &fields[at[k]], col_names[k], "empty");
		if (rc)
			break;
		p->study = xstrdup(fields[at[C_STUDY]].text);
		p->patient = xstrdup(fields[at[C_PATIENT]].text);
		p->lesion = xstrdup(fields[at[C_LESION]].text);
		n++;
		if (adc_value(&rd, at[C_ADC], "adc_baseline", unit, &p->in.adc_baseline, err)) {
			rc = -1;
			break;
		}
		const char *resp = fields[at[C_RESPONSE]].text;
		if (!strcmp(resp, "1") || !strcasecmp(resp, "responder"))
			p->in.responder = true;
		else if (!strcmp(resp, "0") || !strcasecmp(resp, "non-responder") ||
			 !strcasecmp(resp, "nonresponder"))
			p->in.responder = false;
		else {
			rc = csv_field_error(err, file, &fields[at[C_RESPONSE]], "response",
					     "'%s' is not 1/0 or responder/non-responder", resp);
			break;
		}
		if (at[C_FOLLOWUP] >= 0 && !csv_is_na(fields[at[C_FOLLOWUP]].text)) {
			if (adc_value(&rd, at[C_FOLLOWUP], "adc_followup", unit, &p->in.adc_followup,
				      err)) {
				rc = -1;
				break;
			}
			p->in.has_followup = true;
		}
		if (at[C_DAYS] >= 0 && !csv_is_na(fields[at[C_DAYS]].text)) {
			long d;
			if (!num_parse_long(fields[at[C_DAYS]].text, &d) || d < 0 || d > 100000) {
				rc = csv_field_error(err, file, &fields[at[C_DAYS]], "followup_days",
						     "'%s' is not a number of days", fields[at[C_DAYS]].text);
				break;
			}
			p->in.has_days = true;
			p->in.followup_days = (int)d;
		}
		struct strbuf j = STRBUF_INIT;
		strbuf_addc(&j, '{');
		for (int k = 0; k < C_N; k++) {
			if (at[k] < 0)
				continue;
			if (j.len > 1)
				strbuf_addc(&j, ',');
			strbuf_add_json_string(&j, col_names[k]);
			strbuf_addc(&j, ':');
			strbuf_add_json_string(&j, fields[at[k]].text);
		}
		strbuf_addc(&j, '}');
		p->json = strbuf_take(&j);
	}
	csv_reader_close(&rd);
	if (rc == 0 && n > 1) {
		qsort(v, n, sizeof *v, cmp_key);
		const char **keys = xcalloc(3 * n, sizeof *keys);
		for (size_t i = 0; i < n; i++) {
			keys[3 * i] = v[i].study;
			keys[3 * i + 1] = v[i].patient;
			keys[3 * i + 2] = v[i].lesion;
		}
		size_t first, again;
		int dup = lesion_ids_duplicate(keys, n, 3, &first, &again);
		free(keys);
		if (dup < 0) {
			rc = sieve_error_set_at(err, SIEVE_ERR_NOMEM, file, "out of memory");
		} else if (dup) {
			const struct csv_field row = { .line = v[again].in.line };
			rc = csv_field_error(err, file, &row, NULL, "lesion %s of patient %s in study "
					     "%s is also on line %ld", v[again].lesion, v[again].patient,
					     v[again].study, v[first].in.line);
		}
	}
	if (rc) {
		parsed_free(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int lesions_import(struct cli *cli, const char *file, const char *unit)
{
	struct sieve_error err = { 0 };
	struct parsed *v;
	size_t n;
	if (read_lesions(file, unit, &v, &n, &err)) {
		int code = cli_fail(&err);
		fprintf(stderr, "sieve: nothing from %s was imported\n", file);
		return code;
	}
	struct lesion_in *in = xcalloc(n ? n : 1, sizeof *in);
	for (size_t i = 0; i < n; i++) {
		in[i] = v[i].in;
		in[i].study = v[i].study;
		in[i].patient = v[i].patient;
		in[i].lesion = v[i].lesion;
		in[i].unit_entered = unit;
		in[i].original_json = v[i].json;
	}
	int rc = 0;
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	long long added = 0, updated = 0;
	if (!db || store_lesions_import(db, file, in, n, &added, &updated, &err)) {
		rc = cli_fail(&err);
		if (db)
			fprintf(stderr, "sieve: nothing from %s was imported\n", file);
	} else {
		printf("%s: %zu lesions · %lld new · %lld updated\n", file, n, added, updated);
	}
	db_close(db);
	free(in);
	parsed_free(v, n);
	return rc;
}

static int lesions_summary(struct cli *cli)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	struct lesion_summary *rows;
	size_t n;
	int rc = 0;
	if (store_lesions_summary(db, &rows, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		if (!n)
			printf("no lesions yet: sieve lesions import FILE\n");
		else
			printf("%-24s %8s %8s %10s %14s %14s\n", "study", "patients", "lesions",
			       "resp/non", "ADC resp", "ADC non-resp");
		for (size_t i = 0; i < n; i++) {
			char rn[32];
			snprintf(rn, sizeof rn, "%lld/%lld", rows[i].responders, rows[i].non_responders);
			char mr[32] = "-", mn[32] = "-";
			if (!isnan(rows[i].mean_adc_resp))
				snprintf(mr, sizeof mr, "%.3f", rows[i].mean_adc_resp);
			if (!isnan(rows[i].mean_adc_nonresp))
				snprintf(mn, sizeof mn, "%.3f", rows[i].mean_adc_nonresp);
			text_pad(stdout, term_safe(stdout, rows[i].study), 24);
			printf(" %8lld %8lld %10s %14s %14s\n", rows[i].patients, rows[i].lesions, rn, mr,
			       mn);
		}
		if (n)
			printf("(ADC: mean baseline, x10^-3 mm^2/s)\n");
		lesion_summary_free(rows, n);
	}
	db_close(db);
	return rc;
}

int cmd_lesions(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *unit = "x10^-3 mm^2/s";
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case ':': return cli_usage("lesions", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("lesions", "unknown option %s", argv[optind - 1]);
		}
	}
	int nargs = argc - optind;
	if (nargs == 2 && !strcmp(argv[optind], "import")) {
		if (!units_canonical(unit))
			return cli_usage("lesions", "unknown unit '%s' (e.g. x10^-3 mm^2/s, x10^-6 mm^2/s,"
					 " um^2/ms, mm^2/s)", unit);
		return lesions_import(cli, argv[optind + 1], unit);
	}
	if (nargs == 1 && !strcmp(argv[optind], "summary"))
		return lesions_summary(cli);
	return cli_usage("lesions", "use 'sieve lesions import FILE' or 'sieve lesions summary'");
}
