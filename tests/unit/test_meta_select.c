/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/meta_select: which values a meta-analysis pools and
 * every reason for leaving a study out, on hand-built data (no database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/meta_select.h"

/* A group row: extractor, measurement, parameter, timepoint, group, n, mean, sd. */
static struct meta_sel_row row(const char *ext, const char *meas, const char *param,
			       const char *tp, const char *group, const char *n, double mean,
			       double sd)
{
	struct meta_sel_row r;
	memset(&r, 0, sizeof r);
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		r.text[c] = "";
	r.text[EXTRACT_C_EXTRACTOR] = ext;
	r.text[EXTRACT_C_MEASUREMENT] = meas;
	r.text[EXTRACT_C_PARAMETER] = param;
	r.text[EXTRACT_C_TIMEPOINT] = tp;
	r.text[EXTRACT_C_GROUP] = group;
	r.text[EXTRACT_C_N] = n;
	r.mean = mean;
	r.sd = sd;
	r.norm_unit = "x10^-3 mm^2/s";
	return r;
}

#define R(ext, group, n, mean, sd) row(ext, "1", "adc", "baseline", group, n, mean, sd)

struct fixture {
	struct meta_sel_cond c[META_SELECT_MAX_COND];
	size_t nc;
	char selection[400];
	struct meta_sel_query q;
};

static void default_query(struct fixture *f)
{
	char msg[200];
	assert_int_equal(meta_select_parse_where(NULL, META_SELECT_DEFAULT_WHERE, "--where", f->c,
						 &f->nc, msg, sizeof msg), 0);
	meta_select_describe(f->c, f->nc, f->selection, sizeof f->selection);
	f->q = (struct meta_sel_query){ f->c, f->nc, f->selection, -1, false };
}

/* Run the selection on one study; returns the selection (caller finis it). */
static struct meta_selection one(const struct meta_sel_row *rows, size_t n, bool retracted,
				 const struct meta_sel_query *q)
{
	struct meta_sel_study st = { "Lee 2019", 2019, retracted, rows, n };
	struct meta_selection out;
	assert_int_equal(meta_select_studies(&st, 1, q, &out), META_OK);
	return out;
}

static void expect_left_out(const struct meta_sel_row *rows, size_t n, bool retracted,
			    enum meta_sel_reason reason, const char *text)
{
	struct fixture f;
	default_query(&f);
	struct meta_selection out = one(rows, n, retracted, &f.q);
	assert_int_equal(out.k, 0);
	assert_int_equal(out.n_left_out, 1);
	assert_int_equal(out.left_out[0].study, 0);
	assert_int_equal(out.left_out[0].reason, reason);
	assert_string_equal(out.left_out[0].text, text);
	meta_selection_fini(&out);
	assert_null(out.left_out);
}

static void test_parse_where(void **state)
{
	(void)state;
	struct meta_sel_cond c[META_SELECT_MAX_COND];
	size_t n;
	char msg[300], buf[400];
	assert_int_equal(meta_select_parse_where(NULL, META_SELECT_DEFAULT_WHERE, "--where", c, &n,
						 msg, sizeof msg), 0);
	assert_string_equal(meta_select_describe(c, n, buf, sizeof buf),
			    "parameter=adc timepoint=baseline");
	/* --where replaces the default of the column it names; AND in any case */
	assert_int_equal(meta_select_parse_where(" timepoint = post AND field_strength=3 ",
						 META_SELECT_DEFAULT_WHERE, "--where", c, &n, msg,
						 sizeof msg), 0);
	assert_string_equal(meta_select_describe(c, n, buf, sizeof buf),
			    "timepoint=post field_strength=3 parameter=adc");
	/* other defaults (a review's setting) */
	assert_int_equal(meta_select_parse_where(NULL, "parameter=ivim-d", "--where", c, &n, msg,
						 sizeof msg), 0);
	assert_string_equal(meta_select_describe(c, n, buf, sizeof buf), "parameter=ivim-d");
	assert_int_equal(meta_select_parse_where(NULL, NULL, "--where", c, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 0);
	/* errors name the option */
	assert_int_equal(meta_select_parse_where("parameter", NULL, "--where", c, &n, msg,
						 sizeof msg), -1);
	assert_string_equal(msg, "--where wants col=value [and col=value]..., e.g. "
			    "\"parameter=adc and timepoint=baseline\"");
	assert_int_equal(n, 0);
	assert_int_equal(meta_select_parse_where("mean=3", NULL, "--where", c, &n, msg, sizeof msg),
			 -1);
	assert_string_equal(msg, "--where: 'mean' is not a measurement column (see 'sieve extract "
			    "columns')");
	assert_int_equal(meta_select_parse_where(NULL, "colour=red", "--set-default-where", c, &n,
						 msg, sizeof msg), -1);
	assert_string_equal(msg, "--set-default-where: 'colour' is not a measurement column (see "
			    "'sieve extract columns')");
	/* measurement and extractor may be named */
	assert_int_equal(meta_select_parse_where("measurement=2 and extractor=ann", NULL, "--where",
						 c, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 2);
	/* at most 14 conditions of one's own */
	char many[1024] = "";
	for (int i = 0; i < 15; i++)
		strcat(many, i ? " and roi=x" : "roi=x");
	assert_int_equal(meta_select_parse_where(many, NULL, "--where", c, &n, msg, sizeof msg), -1);
}

static void test_agreed_values_win(void **state)
{
	(void)state;
	struct meta_sel_row rows[] = {
		R("agreed", "non-responders", "12", 1.1, 0.2),
		R("agreed", "responders", "10", 0.9, 0.1),
		R("ann", "non-responders", "12", 5.0, 0.2),
		R("ann", "responders", "10", 4.0, 0.1),
	};
	struct fixture f;
	default_query(&f);
	struct meta_selection out = one(rows, 4, false, &f.q);
	assert_int_equal(out.k, 1);
	assert_int_equal(out.n_left_out, 0);
	assert_true(out.chosen[0].n1 == 10 && out.chosen[0].mean1 == 0.9 && out.chosen[0].sd1 == 0.1);
	assert_true(out.chosen[0].n2 == 12 && out.chosen[0].mean2 == 1.1 && out.chosen[0].sd2 == 0.2);
	assert_null(out.chosen[0].subgroup);
	assert_null(out.chosen[0].derived);
	assert_string_equal(out.unit, "x10^-3 mm^2/s");
	meta_selection_fini(&out);
}

static void test_only_and_identical_extractors(void **state)
{
	(void)state;
	struct fixture f;
	default_query(&f);
	struct meta_sel_row only[] = {
		R("bob", "responders", "8", 1.0, 0.3),
		R("bob", "non-responders", "9", 1.4, 0.3),
	};
	struct meta_selection out = one(only, 2, false, &f.q);
	assert_int_equal(out.k, 1);
	assert_true(out.chosen[0].mean1 == 1.0 && out.chosen[0].mean2 == 1.4);
	meta_selection_fini(&out);
	struct meta_sel_row same[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
		R("bob", "responders", "8", 1.0, 0.3),
		R("bob", "non-responders", "9", 1.4, 0.3),
	};
	out = one(same, 4, false, &f.q);
	assert_int_equal(out.k, 1);
	assert_int_equal(out.n_left_out, 0);
	meta_selection_fini(&out);
}

static void test_every_reason(void **state)
{
	(void)state;
	struct meta_sel_row ok[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
	};
	expect_left_out(ok, 2, true, META_SEL_RETRACTED, "retracted");
	expect_left_out(NULL, 0, false, META_SEL_NOT_EXTRACTED, "not extracted yet");
	expect_left_out(NULL, 0, true, META_SEL_NOT_EXTRACTED, "not extracted yet");
	struct meta_sel_row post[] = {
		row("ann", "1", "adc", "post", "responders", "8", 1.0, 0.3),
		row("ann", "1", "adc", "post", "non-responders", "9", 1.4, 0.3),
	};
	expect_left_out(post, 2, false, META_SEL_NO_MATCH,
			"no measurement matches parameter=adc timepoint=baseline");
	struct meta_sel_row differ[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
		R("bob", "responders", "8", 1.0, 0.3),
		R("bob", "non-responders", "9", 1.5, 0.3),
	};
	expect_left_out(differ, 4, false, META_SEL_DISAGREE, "extractors ann and bob disagree and "
			"nothing is agreed (sieve extract compare)");
	struct meta_sel_row other_n[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
		R("bob", "responders", "7", 1.0, 0.3),
		R("bob", "non-responders", "9", 1.4, 0.3),
	};
	expect_left_out(other_n, 4, false, META_SEL_DISAGREE, "extractors ann and bob disagree and "
			"nothing is agreed (sieve extract compare)");
	struct meta_sel_row bob_one_group[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
		R("bob", "responders", "8", 1.0, 0.3),
	};
	expect_left_out(bob_one_group, 3, false, META_SEL_DISAGREE, "extractors ann and bob disagree "
			"and nothing is agreed (sieve extract compare)");
	struct meta_sel_row other_groups[] = {
		R("ann", "arm A", "8", 1.0, 0.3),
		R("ann", "arm B", "9", 1.4, 0.3),
	};
	expect_left_out(other_groups, 2, false, META_SEL_NO_GROUPS,
			"no responders and non-responders groups");
	struct meta_sel_row one_group[] = { R("ann", "responders", "8", 1.0, 0.3) };
	expect_left_out(one_group, 1, false, META_SEL_ONE_GROUP, "one group only");
	struct meta_sel_row no_mean[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", NAN, NAN),
	};
	expect_left_out(no_mean, 2, false, META_SEL_NO_MEAN,
			"non-responders: no mean (a median without quartiles or range)");
	struct meta_sel_row no_sd[] = {
		R("ann", "responders", "8", 1.0, NAN),
		R("ann", "non-responders", "9", 1.4, 0.3),
	};
	expect_left_out(no_sd, 2, false, META_SEL_MISSING_SD, "responders: missing SD");
	struct meta_sel_row sd0[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0),
	};
	expect_left_out(sd0, 2, false, META_SEL_SD_ZERO, "non-responders: SD is 0");
	struct meta_sel_row n1[] = {
		R("ann", "responders", "1", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
	};
	expect_left_out(n1, 2, false, META_SEL_N_BELOW_2, "responders: n below 2");
}

static void test_retracted_included_on_request(void **state)
{
	(void)state;
	struct meta_sel_row ok[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
	};
	struct fixture f;
	default_query(&f);
	f.q.include_retracted = true;
	struct meta_selection out = one(ok, 2, true, &f.q);
	assert_int_equal(out.k, 1);
	assert_int_equal(out.n_left_out, 0);
	meta_selection_fini(&out);
}

static void test_several_measurements_subgroup_derived(void **state)
{
	(void)state;
	struct meta_sel_row rows[] = {
		row("ann", "a", "adc", "baseline", "responders", "8", 1.0, 0.3),
		row("ann", "a", "adc", "baseline", "non-responders", "9", 1.4, 0.3),
		row("ann", "b", "adc", "baseline", "responders", "8", 2.0, 0.3),
		row("ann", "b", "adc", "baseline", "non-responders", "9", 2.4, 0.3),
	};
	rows[0].text[EXTRACT_C_FIELD] = "3";
	rows[1].mean_method = "luo2018";
	rows[1].sd_method = "wan2014";
	rows[0].sd_method = "wan2014";
	struct fixture f;
	default_query(&f);
	f.q.by = EXTRACT_C_FIELD;
	struct meta_selection out = one(rows, 4, false, &f.q);
	assert_int_equal(out.k, 1);
	assert_true(out.chosen[0].mean1 == 1.0);
	assert_string_equal(out.chosen[0].subgroup, "3");
	assert_string_equal(out.chosen[0].derived,
			    "responders: sd wan2014; non-responders: mean luo2018, sd wan2014");
	assert_int_equal(out.n_notes, 1);
	assert_int_equal(out.notes[0].reason, META_SEL_SEVERAL_MATCH);
	/* two measurements of two groups each are 2, not 3 (each row of b counted) */
	assert_string_equal(out.notes[0].text, "2 measurements match; measurement a used (narrow "
			    "with --where measurement=NAME)");
	meta_selection_fini(&out);
	/* a subgroup value not reported */
	rows[0].text[EXTRACT_C_FIELD] = "";
	out = one(rows, 4, false, &f.q);
	assert_string_equal(out.chosen[0].subgroup, "(not reported)");
	meta_selection_fini(&out);
	/* a field strength matches as a number */
	char msg[200];
	rows[0].text[EXTRACT_C_FIELD] = "3.0";
	rows[1].text[EXTRACT_C_FIELD] = "3";
	assert_int_equal(meta_select_parse_where("field_strength=3", META_SELECT_DEFAULT_WHERE,
						 "--where", f.c, &f.nc, msg, sizeof msg), 0);
	f.q.ncond = f.nc;
	f.q.by = -1;
	out = one(rows, 4, false, &f.q);
	assert_int_equal(out.k, 1);
	assert_int_equal(out.n_notes, 0);
	meta_selection_fini(&out);
}

static void test_order_over_studies(void **state)
{
	(void)state;
	struct meta_sel_row a[] = {
		R("ann", "responders", "8", 1.0, 0.3),
		R("ann", "non-responders", "9", 1.4, 0.3),
	};
	struct meta_sel_row b[] = { R("ann", "responders", "8", 1.0, 0.3) };
	struct meta_sel_study st[] = {
		{ "A 2010", 2010, false, a, 2 },
		{ "B 2011", 2011, false, NULL, 0 },
		{ "C 2012", 2012, false, b, 1 },
		{ "D 2013", 2013, false, a, 2 },
	};
	struct fixture f;
	default_query(&f);
	struct meta_selection out;
	assert_int_equal(meta_select_studies(st, 4, &f.q, &out), META_OK);
	assert_int_equal(out.k, 2);
	assert_int_equal(out.chosen[0].study, 0);
	assert_int_equal(out.chosen[1].study, 3);
	assert_int_equal(out.n_left_out, 2);
	assert_int_equal(out.left_out[0].study, 1);
	assert_int_equal(out.left_out[1].study, 2);
	meta_selection_fini(&out);
	meta_selection_fini(&out); /* a zeroed struct is fine */
	assert_int_equal(meta_select_studies(NULL, 0, &f.q, &out), META_OK);
	assert_int_equal(out.k + out.n_left_out, 0);
}

static void test_unpoolable(void **state)
{
	(void)state;
	char why[300];
	struct meta_study fine = { 10, 1.0, 0.2, 12, 1.3, 0.2 };
	assert_false(meta_select_unpoolable(&fine, META_MD, 5, why, sizeof why));
	assert_false(meta_select_unpoolable(&fine, META_SMD, 5, why, sizeof why));
	/* an SD whose square is 0 */
	struct meta_study tiny = { 10, 1.0, 1e-300, 12, 2.0, 1e-300 };
	assert_true(meta_select_unpoolable(&tiny, META_MD, 5, why, sizeof why));
	assert_string_equal(why, "the sampling variance of the MD is 0: means 1, 2 and SDs 1e-300, "
			    "1e-300 are beyond what can be computed with");
	/* escalc's own checks */
	struct meta_study bad_sd = { 10, 1.0, -1, 12, 2.0, 0.3 };
	assert_true(meta_select_unpoolable(&bad_sd, META_MD, 5, why, sizeof why));
	assert_non_null(strstr(why, "sd1"));
	/* an effect that is not finite */
	struct meta_study huge = { 10, 1e308, 1, 12, -1e308, 1 };
	assert_true(meta_select_unpoolable(&huge, META_MD, 5, why, sizeof why));
	assert_string_equal(why, "the MD is inf: means 1e+308, -1e+308 and SDs 1, 1 are beyond what "
			    "can be computed with");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_where),
		cmocka_unit_test(test_agreed_values_win),
		cmocka_unit_test(test_only_and_identical_extractors),
		cmocka_unit_test(test_every_reason),
		cmocka_unit_test(test_retracted_included_on_request),
		cmocka_unit_test(test_several_measurements_subgroup_derived),
		cmocka_unit_test(test_order_over_studies),
		cmocka_unit_test(test_unpoolable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
