/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/extract: the checks, unit normalisation and derived mean/SD of a row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "refdata.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/extract.h"
#include "../../lib/csv.h"

/* A row from "col=value;col=value" (values without ';'). */
static char storage[4096];
static struct extract_row row_of(const char *spec)
{
	struct extract_row r;
	memset(&r, 0, sizeof r);
	snprintf(storage, sizeof storage, "%s", spec);
	char *save = NULL;
	for (char *kv = strtok_r(storage, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');
		assert_non_null(eq);
		*eq = '\0';
		int c = extract_col_find(kv);
		if (c < 0 || c >= EXTRACT_NINPUT)
			fail_msg("test bug: column %s", kv);
		r.text[c] = eq + 1;
	}
	return r;
}

#define BASE "study=Koh 2007;group=responders;n=12;"

static void expect_ok(const char *spec, struct extract_row *out)
{
	*out = row_of(spec);
	char msg[512];
	int bad;
	if (extract_row_check(out, msg, sizeof msg, &bad))
		fail_msg("%s: refused: %s", spec, msg);
	assert_int_equal(bad, -1);
}

static void expect_bad(const char *spec, int col, const char *text)
{
	struct extract_row r = row_of(spec);
	char msg[512];
	int bad;
	assert_int_equal(extract_row_check(&r, msg, sizeof msg, &bad), -1);
	if (bad != col || !strstr(msg, text))
		fail_msg("%s: got column %d '%s', want column %d (%s) with '%s'", spec, bad, msg, col,
			 extract_col_name[col], text);
	/* every message starts with the column's name */
	assert_int_equal(strncmp(msg, extract_col_name[col], strlen(extract_col_name[col])), 0);
}

static void test_columns(void **state)
{
	(void)state;
	assert_int_equal(extract_col_find("SD"), EXTRACT_C_SD);
	assert_int_equal(extract_col_find("norm_mean"), EXTRACT_C_NORM_MEAN);
	assert_int_equal(extract_col_find("nope"), -1);
	assert_true(extract_col_is_measurement(EXTRACT_C_UNIT));
	assert_true(extract_col_is_measurement(EXTRACT_C_AUC));
	assert_false(extract_col_is_measurement(EXTRACT_C_MEAN));
	assert_false(extract_col_is_measurement(EXTRACT_C_STUDY));
	for (int c = 0; c < EXTRACT_NCOLS; c++)
		assert_true(strlen(extract_col_help[c]) > 3);
}

static void test_defaults_and_reported(void **state)
{
	(void)state;
	struct extract_row r;
	expect_ok(BASE "mean=1.21;sd=0.3", &r);
	assert_string_equal(r.text[EXTRACT_C_PARAMETER], "adc");
	assert_string_equal(r.text[EXTRACT_C_MEASUREMENT], "1");
	assert_string_equal(r.text[EXTRACT_C_UNIT], "x10^-3 mm^2/s");
	assert_string_equal(r.norm_unit, "x10^-3 mm^2/s");
	assert_int_equal(r.n, 12);
	assert_true(r.mean == 1.21 && r.sd == 0.3);
	assert_null(r.mean_method);
	assert_null(r.sd_method);
	assert_true(isnan(r.median) && isnan(r.field) && isnan(r.auc));
	assert_false(extract_row_is_blank(&r));
	struct extract_row blank = row_of("study=Koh 2007;measurement=1;group=responders");
	assert_true(extract_row_is_blank(&blank));
}

static void test_units(void **state)
{
	(void)state;
	struct extract_row r;
	expect_ok(BASE "unit=x10^-6 mm^2/s;mean=1210;sd=300;cutoff=1100", &r);
	assert_true(fabs(r.mean - 1.21) < 1e-12 && fabs(r.sd - 0.3) < 1e-12);
	assert_true(fabs(r.cutoff - 1.1) < 1e-12);
	expect_ok(BASE "unit=um²/ms;mean=1.21;sd=0.3", &r);
	assert_string_equal(r.text[EXTRACT_C_UNIT], "um^2/ms");
	assert_true(fabs(r.mean - 1.21) < 1e-12);
	expect_ok(BASE "unit=mm2/s;mean=0.00121;sd=0.0003", &r);
	assert_true(fabs(r.mean - 1.21) < 1e-12 && fabs(r.sd - 0.3) < 1e-12);
	expect_ok(BASE "parameter=ivim-f;unit=%;mean=25;sd=5", &r);
	assert_string_equal(r.norm_unit, "fraction");
	assert_true(fabs(r.mean - 0.25) < 1e-12 && fabs(r.sd - 0.05) < 1e-12);
	expect_ok(BASE "parameter=other:ADC ratio;unit=whatever;mean=55;sd=7", &r);
	assert_int_equal(r.param, PARAM_OTHER);
	assert_null(r.norm_unit);
	assert_true(r.mean == 55);
	/* An implausible value names the likely unit. */
	expect_bad(BASE "mean=1200;sd=150", EXTRACT_C_MEAN, "was it in x10^-6 mm^2/s?");
	expect_bad(BASE "unit=x10^-6 mm^2/s;mean=1.2;sd=0.1", EXTRACT_C_MEAN, "was it in x10^-3 mm^2/s?");
	expect_bad(BASE "mean=1.2;sd=150", EXTRACT_C_SD, "not a plausible adc");
	expect_bad(BASE "unit=%;mean=1.2;sd=0.1", EXTRACT_C_UNIT, "is not a unit of adc");
	expect_bad(BASE "unit=parsecs;mean=1.2", EXTRACT_C_UNIT, "unknown unit");
	expect_bad(BASE "parameter=other;mean=1", EXTRACT_C_PARAMETER, "other:NAME");
	/* A change may be negative; its size is still checked. */
	expect_ok(BASE "timepoint=change;mean=-0.2;sd=0.1", &r);
	assert_true(r.mean == -0.2);
	expect_bad(BASE "timepoint=change;mean=-200;sd=0.1", EXTRACT_C_MEAN, "not a plausible adc");
}

static void test_measurement_fields(void **state)
{
	(void)state;
	struct extract_row r;
	expect_ok(BASE "mean=1;timepoint=Early;timepoint_days=14;field_strength=3 T;b_values=0, 500, 1000;"
		  "criterion=recist;unit_of_analysis=Lesion;auc=0.8;sensitivity=1;specificity=0", &r);
	assert_int_equal(r.timepoint, TP_EARLY);
	assert_string_equal(r.text[EXTRACT_C_TIMEPOINT], "early");
	assert_true(r.has_days && r.days == 14);
	assert_true(r.field == 3);
	assert_string_equal(r.text[EXTRACT_C_CRITERION], "recist1.1");
	assert_string_equal(r.text[EXTRACT_C_UNIT_OF_ANALYSIS], "lesion");
	assert_true(r.auc == 0.8 && r.sens == 1 && r.spec == 0);
	expect_ok(BASE "mean=1;criterion=other:mRECIST", &r);
	expect_ok(BASE "mean=1;group=NR", &r);
	assert_string_equal(r.text[EXTRACT_C_GROUP], "non-responders");
	expect_ok(BASE "mean=1;group=Responder", &r);
	assert_string_equal(r.text[EXTRACT_C_GROUP], "responders");
	expect_ok(BASE "mean=1;group=KRAS mutant", &r);
	assert_string_equal(r.text[EXTRACT_C_GROUP], "KRAS mutant");

	expect_bad("group=r;n=5;mean=1", EXTRACT_C_STUDY, "required");
	expect_bad(BASE "mean=1;timepoint=later", EXTRACT_C_TIMEPOINT, "is not one of");
	expect_bad(BASE "mean=1;timepoint=early", EXTRACT_C_DAYS, "required for an early");
	expect_bad(BASE "mean=1;timepoint_days=1.5", EXTRACT_C_DAYS, "whole number");
	expect_bad(BASE "mean=1;field_strength=0", EXTRACT_C_FIELD, "field strength");
	expect_bad(BASE "mean=1;field_strength=3 Tesla", EXTRACT_C_FIELD, "field strength");
	expect_bad(BASE "mean=1;b_values=0 500 b1000", EXTRACT_C_BVALUES, "b-values");
	expect_bad(BASE "mean=1;b_values=0 50000", EXTRACT_C_BVALUES, "b-values");
	expect_bad(BASE "mean=1;criterion=who", EXTRACT_C_CRITERION, "recist1.1, trg, size");
	expect_bad(BASE "mean=1;unit_of_analysis=slice", EXTRACT_C_UNIT_OF_ANALYSIS, "patient, lesion");
	expect_bad(BASE "mean=1;auc=-0.1", EXTRACT_C_AUC, "not a proportion");
	expect_bad(BASE "mean=1;specificity=70", EXTRACT_C_SPEC, "write 85% as 0.85");
	expect_bad(BASE "mean=1;cutoff=abc", EXTRACT_C_CUTOFF, "not a number");
	/* numbers are plain decimal: strtod's hexadecimal, inf and nan are not */
	expect_bad(BASE "mean=0x1", EXTRACT_C_MEAN, "not a number");
	expect_bad(BASE "mean=1;cutoff=0x1p0", EXTRACT_C_CUTOFF, "not a number");
	expect_bad(BASE "mean=1;sd=inf", EXTRACT_C_SD, "not a number");
	expect_bad(BASE "mean=1;field_strength=0x3", EXTRACT_C_FIELD, "field strength");
	expect_ok(BASE "mean=1;field_strength=3 T", &r);
	assert_true(r.field == 3);
	expect_ok(BASE "mean=1.5 ;field_strength=1.5T", &r);
	assert_true(r.field == 1.5);
}

static void test_group_rules(void **state)
{
	(void)state;
	struct extract_row r;
	expect_bad("study=K;group=r;mean=1", EXTRACT_C_N, "required");
	expect_bad("study=K;group=r;n=0;mean=1", EXTRACT_C_N, "whole number");
	expect_bad("study=K;group=r;n=-3;mean=1", EXTRACT_C_N, "whole number");
	expect_bad("study=K;n=3;mean=1", EXTRACT_C_GROUP, "required");
	expect_bad(BASE "", EXTRACT_C_MEAN, "give a mean");
	expect_bad(BASE "sd=0.1", EXTRACT_C_SD, "needs a mean");
	expect_bad(BASE "mean=1;sd=-0.1", EXTRACT_C_SD, "negative");
	expect_bad(BASE "mean=1;sd=inf", EXTRACT_C_SD, "not a number");
	expect_bad(BASE "mean=1 2", EXTRACT_C_MEAN, "not a number");
	expect_bad(BASE "median=1;q1=0.9", EXTRACT_C_Q3, "both quartiles");
	expect_bad(BASE "median=1;max=1.4", EXTRACT_C_MIN, "both minimum and maximum");
	expect_bad(BASE "mean=1;q1=0.9;q3=1.1", EXTRACT_C_MEDIAN, "need the median");
	/* mean without SD, and median alone, are kept (the analysis leaves them out) */
	expect_ok(BASE "mean=1", &r);
	assert_true(isnan(r.sd));
	expect_ok(BASE "median=1", &r);
	assert_true(isnan(r.mean) && isnan(r.sd));
	expect_ok(BASE "mean=1;sd=NA", &r);
	assert_true(isnan(r.sd));
}

static void test_conversion_choices(void **state)
{
	(void)state;
	struct extract_row r;
	/* default for S1: Luo mean, Wan SD */
	expect_ok(BASE "median=1.02;min=0.61;max=1.48", &r);
	assert_string_equal(r.mean_method, "luo2018");
	assert_string_equal(r.sd_method, "wan2014");
	char buf[80];
	extract_row_derived(&r, buf, sizeof buf);
	assert_string_equal(buf, "mean: luo2018, sd: wan2014");
	/* S3 recommends Shi's SD */
	expect_ok(BASE "median=1.02;q1=0.9;q3=1.17;min=0.58;max=1.55", &r);
	assert_string_equal(r.sd_method, "shi2020");
	/* chosen estimators, in order of preference */
	expect_ok(BASE "median=1.02;min=0.61;max=1.48;conversion=hozo2005+wan2014", &r);
	assert_string_equal(r.mean_method, "hozo2005");
	assert_string_equal(r.sd_method, "wan2014");
	expect_ok(BASE "median=1.02;min=0.61;max=1.48;conversion=wan2014", &r);
	assert_string_equal(r.mean_method, "wan2014");
	assert_string_equal(r.sd_method, "wan2014");
	/* an SD only, when the mean is reported */
	expect_ok(BASE "mean=1.03;median=1.02;q1=0.9;q3=1.17", &r);
	assert_null(r.mean_method);
	assert_string_equal(r.sd_method, "wan2014");
	extract_row_derived(&r, buf, sizeof buf);
	assert_string_equal(buf, "sd: wan2014");
	/* none: keep the median only */
	expect_ok(BASE "median=1.02;q1=0.9;q3=1.17;conversion=none", &r);
	assert_true(isnan(r.mean) && isnan(r.sd));
	assert_null(r.mean_method);
	expect_bad(BASE "median=1.02;min=0.61;max=1.48;conversion=hozo2005", EXTRACT_C_CONVERSION,
		   "gives no SD");
	expect_bad(BASE "median=1.02;q1=0.9;q3=1.17;conversion=shi2020", EXTRACT_C_CONVERSION,
		   "does not apply to S2");
	expect_bad(BASE "median=1.02;q1=0.9;q3=1.17;conversion=bayes", EXTRACT_C_CONVERSION,
		   "unknown estimator");
	expect_bad(BASE "mean=1;sd=0.2;conversion=wan2014", EXTRACT_C_CONVERSION, "nothing to convert");
	expect_bad("study=K;group=r;n=2;median=1;q1=0.9;q3=1.1", EXTRACT_C_N, "cannot estimate");
	expect_bad(BASE "median=1;q1=1.1;q3=1.2", EXTRACT_C_MEDIAN, "not ordered");
}

/* Plausibility of SDs (reported and derived), n and overflowing values: the
 * values of the issue (1e-300 and 0.00002 accepted, then 'vi is 0' in the
 * meta-analysis; 'up to 4 to 4' for a too-large spread). The TUI form calls
 * extract_row_check too, so it refuses the same values. */
static void test_sd_and_n_plausibility(void **state)
{
	(void)state;
	struct extract_row r;
	char msg[512];
	int bad;
	expect_bad(BASE "mean=1.2;sd=1e-300", EXTRACT_C_SD, "1e-300 is not a plausible adc SD in "
		   "x10^-3 mm^2/s (0.005 to 2.04 x10^-3 mm^2/s for n = 12)");
	expect_bad(BASE "mean=1.2;sd=0.00002", EXTRACT_C_SD, "0.00002 is not a plausible adc SD");
	expect_bad(BASE "mean=1.2;sd=0", EXTRACT_C_SD, "an SD must be above 0");
	expect_bad(BASE "mean=1.2;sd=4", EXTRACT_C_SD, "(0.005 to 2.04 x10^-3 mm^2/s for n = 12)");
	r = row_of(BASE "mean=1.2;sd=4");
	assert_int_equal(extract_row_check(&r, msg, sizeof msg, &bad), -1);
	assert_null(strstr(msg, "up to"));
	expect_ok(BASE "mean=1.2;sd=1.9", &r);
	/* a unit slip in the SD names the likely unit */
	expect_bad(BASE "mean=1.2;sd=200", EXTRACT_C_SD, "was it in x10^-6 mm^2/s?");
	/* per parameter */
	expect_bad(BASE "parameter=ivim-f;mean=0.2;sd=0.6", EXTRACT_C_SD, "not a plausible ivim-f SD");
	expect_ok(BASE "parameter=ivim-f;mean=0.2;sd=0.06", &r);
	expect_bad(BASE "parameter=ivim-dstar;mean=30;sd=0.01", EXTRACT_C_SD, "ivim-dstar SD");
	expect_bad(BASE "parameter=dki-k;mean=1;sd=3", EXTRACT_C_SD, "dki-k SD");
	expect_bad(BASE "parameter=other:ratio;mean=1;sd=1e-300", EXTRACT_C_SD, "not a usable SD");
	expect_bad(BASE "parameter=other:ratio;mean=1e200", EXTRACT_C_MEAN, "too large");
	/* a change: the size message reads once, the SD bound doubles */
	expect_bad(BASE "timepoint=change;mean=-5;sd=0.1", EXTRACT_C_MEAN,
		   "-5 is not a plausible adc change in x10^-3 mm^2/s (at most 4 x10^-3 mm^2/s "
		   "either way)");
	expect_ok(BASE "timepoint=change;mean=-0.2;sd=3", &r);
	expect_bad(BASE "timepoint=change;mean=-0.2;sd=0.001", EXTRACT_C_SD, "adc SD of a change");
	/* derived SDs: equal quartiles or extremes give 0 */
	expect_bad(BASE "median=1;q1=1;q3=1", EXTRACT_C_Q3, "the SD estimated from q1, median, q3 "
		   "by wan2014 (0) is not a plausible SD");
	expect_bad(BASE "median=1;min=1;max=1.00001", EXTRACT_C_MAX,
		   "the SD estimated from min, median, max by wan2014");
	/* n: a group of one has no SD; a sane upper bound */
	expect_bad("study=K;group=r;n=1;mean=1;sd=0.1", EXTRACT_C_SD, "a group of n = 1 has no SD");
	expect_ok("study=K;group=r;n=1;mean=1", &r);
	expect_ok("study=K;group=r;n=1000000;mean=1;sd=0.1", &r);
	expect_bad("study=K;group=r;n=1000001;mean=1", EXTRACT_C_N, "from 1 to 1000000");
	expect_bad("study=K;group=r;n=1e-300;mean=1", EXTRACT_C_N, "whole number");
	expect_bad("study=K;group=r;n=1e308;mean=1", EXTRACT_C_N, "whole number");
	/* overflowing and non-finite numbers */
	expect_bad(BASE "mean=1e999", EXTRACT_C_MEAN, "not a number");
	expect_bad(BASE "mean=-1e308", EXTRACT_C_MEAN, "not a plausible adc");
	expect_bad(BASE "mean=1;sd=1e308", EXTRACT_C_SD, "not a plausible adc SD");
	expect_bad(BASE "mean=1;sd=-inf", EXTRACT_C_SD, "not a number");
}

/* ---- the conversion reference cases, entered in x10^-6 mm^2/s ---------- */



/* The expected value of case,method,stat and its tolerance. */
static bool expected(const char *cas, const char *method, const char *stat, double *want, double *tol)
{
	char path[1400], line[1024];
	snprintf(path, sizeof path, "%s/expected/expected.csv", ref_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		char *c[8];
		if (split_csv(line, c, 8) >= 6 && !strcmp(c[0], cas) && !strcmp(c[1], method) &&
		    !strcmp(c[2], stat)) {
			*want = strtod(c[3], NULL);
			*tol = fmax(strtod(c[5], NULL), strtod(c[4], NULL) * fabs(*want));
			found = true;
		}
	}
	fclose(f);
	return found;
}

static void test_reference_conversions(void **state)
{
	(void)state;
	if (!find_ref()) {
		printf("SKIP reference conversions: %s not found (set SIEVE_SHARED_DATA to the "
		       "shared data folder)\n", ref_dir);
		skip();
	}
	static const char *const cases[] = { "conv01_S1", "conv05_S2", "conv09_S3" };
	int checked = 0;
	for (size_t k = 0; k < 3; k++) {
		char path[1400], hdr[256], val[256];
		snprintf(path, sizeof path, "%s/cases/%s.csv", ref_dir, cases[k]);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(hdr, sizeof hdr, f));
		assert_non_null(fgets(val, sizeof val, f));
		fclose(f);
		char *h[8], *v[8];
		int nh = split_csv(hdr, h, 8);
		char hcopy[8][32];
		for (int i = 0; i < nh; i++)
			snprintf(hcopy[i], sizeof hcopy[i], "%s", h[i]);
		assert_int_equal(split_csv(val, v, 8), nh);
		/* the row as a reviewer would enter it from a paper in x10^-6 mm^2/s */
		char spec[1024];
		int len = snprintf(spec, sizeof spec, "study=S;group=g;unit=x10^-6 mm^2/s");
		for (int i = 0; i < nh; i++) {
			if (!strcmp(hcopy[i], "scenario") || !strcmp(v[i], "NA"))
				continue;
			if (!strcmp(hcopy[i], "n"))
				len += snprintf(spec + len, sizeof spec - (size_t)len, ";n=%s", v[i]);
			else
				len += snprintf(spec + len, sizeof spec - (size_t)len, ";%s=%.10g", hcopy[i],
						strtod(v[i], NULL) * 1000);
		}
		struct extract_row r;
		expect_ok(spec, &r);
		double want, tol;
		assert_true(expected(cases[k], "recommended", "mean", &want, &tol));
		if (!(fabs(r.mean - want) <= tol))
			fail_msg("%s mean: got %.17g want %.17g", cases[k], r.mean, want);
		assert_true(expected(cases[k], "recommended", "sd", &want, &tol));
		if (!(fabs(r.sd - want) <= tol))
			fail_msg("%s sd: got %.17g want %.17g", cases[k], r.sd, want);
		assert_true(expected(cases[k], r.mean_method, "mean", &want, &tol));
		assert_true(fabs(r.mean - want) <= tol);
		assert_true(expected(cases[k], r.sd_method, "sd", &want, &tol));
		assert_true(fabs(r.sd - want) <= tol);
		checked += 4;
	}
	printf("extract reference conversions: %d values checked\n", checked);
}

/* A row for the consistency rule: every text "" but the given ones. */
static struct extract_row cons_row(const char *meas, const char *group, const char *timepoint)
{
	struct extract_row r;
	memset(&r, 0, sizeof r);
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		r.text[c] = "";
	r.text[EXTRACT_C_STUDY] = "Koh 2007";
	r.text[EXTRACT_C_EXTRACTOR] = "ann";
	r.text[EXTRACT_C_MEASUREMENT] = meas;
	r.text[EXTRACT_C_PARAMETER] = "adc";
	r.text[EXTRACT_C_TIMEPOINT] = timepoint;
	r.text[EXTRACT_C_GROUP] = group;
	r.text[EXTRACT_C_N] = "12";
	return r;
}

static void test_rows_consistent(void **state)
{
	(void)state;
	struct extract_row v[5] = {
		cons_row("1", "responders", "baseline"),
		cons_row("1", "non-responders", "baseline"),
		cons_row("2", "responders", "post"),   /* another measurement may differ */
		cons_row("2", "non-responders", "post"),
		cons_row("1", "other", "baseline"),
	};
	v[3].text[EXTRACT_C_N] = "30";                 /* group columns may differ */
	const struct extract_row *p[5] = { &v[0], &v[1], &v[2], &v[3], &v[4] };
	struct extract_conflict c = { 99, 99, -1 };
	assert_int_equal(extract_rows_consistent(p, 5, &c), 0);
	assert_int_equal(extract_rows_consistent(p, 0, &c), 0);
	assert_int_equal(c.row, 99);

	/* Another extractor's rows are another measurement. */
	v[4].text[EXTRACT_C_EXTRACTOR] = "bob";
	v[4].text[EXTRACT_C_GROUP] = "responders";
	v[4].text[EXTRACT_C_TIMEPOINT] = "early";
	assert_int_equal(extract_rows_consistent(p, 5, &c), 0);

	/* A measurement column differs from the measurement's first row:
	 * the later row, the first row, the column. */
	v[4].text[EXTRACT_C_EXTRACTOR] = "ann";
	v[4].text[EXTRACT_C_GROUP] = "other";
	v[4].text[EXTRACT_C_TIMEPOINT] = "baseline";
	assert_int_equal(extract_rows_consistent(p, 5, &c), 0);
	v[4].text[EXTRACT_C_CUTOFF] = "1.1";
	assert_int_equal(extract_rows_consistent(p, 5, &c), -1);
	assert_int_equal(c.row, 4);
	assert_int_equal(c.other, 0);
	assert_int_equal(c.col, EXTRACT_C_CUTOFF);
	/* The first differing column, in column order. */
	v[4].text[EXTRACT_C_TIMEPOINT] = "early";
	assert_int_equal(extract_rows_consistent(p, 5, &c), -1);
	assert_int_equal(c.col, EXTRACT_C_TIMEPOINT);

	/* A group repeated within a measurement: reported before columns,
	 * at the earliest row that repeats. */
	v[4].text[EXTRACT_C_GROUP] = "responders";
	v[3].text[EXTRACT_C_GROUP] = "responders";
	assert_int_equal(extract_rows_consistent(p, 5, &c), -1);
	assert_int_equal(c.row, 3);
	assert_int_equal(c.other, 2);
	assert_int_equal(c.col, EXTRACT_C_GROUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_defaults_and_reported),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_measurement_fields),
		cmocka_unit_test(test_group_rules),
		cmocka_unit_test(test_conversion_choices),
		cmocka_unit_test(test_sd_and_n_plausibility),
		cmocka_unit_test(test_reference_conversions),
		cmocka_unit_test(test_rows_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
