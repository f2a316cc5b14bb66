/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/extract_compare: dual extraction differences, without a database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../analysis/extract_compare.h"

/* A stored row: every text "" but study, extractor, measurement, group,
 * parameter adc and n. */
static struct extract_cmp_row row(const char *ext, const char *meas, const char *group,
				  const char *n)
{
	struct extract_cmp_row r;
	memset(&r, 0, sizeof r);
	for (int c = 0; c < EXTRACT_NINPUT; c++)
		r.text[c] = "";
	r.text[EXTRACT_C_STUDY] = "Koh 2007";
	r.text[EXTRACT_C_EXTRACTOR] = ext;
	r.text[EXTRACT_C_MEASUREMENT] = meas;
	r.text[EXTRACT_C_PARAMETER] = "adc";
	r.text[EXTRACT_C_GROUP] = group;
	r.text[EXTRACT_C_N] = n;
	return r;
}

static void agreement_has_no_differences(void **state)
{
	(void)state;
	/* Numbers compare by value: 1.0 = 1.00, 12 = 12.0. */
	struct extract_cmp_row v[] = {
		row("ann", "1", "responders", "12"), row("ann", "1", "non-responders", "30"),
		row("bob", "1", "responders", "12.0"), row("bob", "1", "non-responders", "30"),
	};
	v[0].text[EXTRACT_C_MEAN] = "1.0";
	v[2].text[EXTRACT_C_MEAN] = "1.00";
	v[1].text[EXTRACT_C_FIELD] = v[3].text[EXTRACT_C_FIELD] = "3";
	v[0].text[EXTRACT_C_FIELD] = v[2].text[EXTRACT_C_FIELD] = "3";
	struct extract_comparison c;
	assert_int_equal(extract_compare_rows(v, 4, &c), 0);
	assert_int_equal(c.ndiff, 0);
	assert_int_equal(c.nmeas, 1);
	assert_true(c.meas[0].dual);
	assert_int_equal(c.dual, 1);
	assert_int_equal(c.open, 0);
	assert_int_equal(c.agreed, 0);
	extract_comparison_fini(&c);

	/* One extractor alone is not dual and has nothing to differ from. */
	assert_int_equal(extract_compare_rows(v, 2, &c), 0);
	assert_int_equal(c.ndiff, 0);
	assert_int_equal(c.dual, 0);
	extract_comparison_fini(&c);
	assert_int_equal(extract_compare_rows(v, 0, &c), 0);
	assert_int_equal(c.nmeas, 0);
	extract_comparison_fini(&c);
}

static void differences_field_by_field(void **state)
{
	(void)state;
	struct extract_cmp_row v[] = {
		row("ann", "1", "responders", "12"), row("ann", "1", "non-responders", "30"),
		row("bob", "1", "responders", "12"), row("bob", "1", "non-responders", "31"),
	};
	v[0].text[EXTRACT_C_TIMEPOINT] = v[1].text[EXTRACT_C_TIMEPOINT] = "baseline";
	v[2].text[EXTRACT_C_TIMEPOINT] = v[3].text[EXTRACT_C_TIMEPOINT] = "post";
	v[0].text[EXTRACT_C_SD] = "0.2";   /* text vs empty differs */
	v[1].text[EXTRACT_C_NOTE] = "Table 2";
	v[3].text[EXTRACT_C_NOTE] = "table 2"; /* text compares exactly */
	struct extract_comparison c;
	assert_int_equal(extract_compare_rows(v, 4, &c), 0);
	/* responders: timepoint, sd; non-responders: timepoint, n, note. */
	assert_int_equal(c.ndiff, 5);
	const struct extract_diff *d = c.diff;
	assert_string_equal(d[0].group, "responders");
	assert_int_equal(d[0].col, EXTRACT_C_TIMEPOINT);
	assert_true(d[0].measurement_field);  /* measurement-level, per group */
	assert_int_equal(d[0].nvalues, 2);
	assert_string_equal(d[0].extractor[0], "ann");
	assert_string_equal(d[0].value[0], "baseline");
	assert_string_equal(d[0].extractor[1], "bob");
	assert_string_equal(d[0].value[1], "post");
	assert_int_equal(d[1].col, EXTRACT_C_SD);
	assert_false(d[1].measurement_field);
	assert_string_equal(d[1].value[1], "");
	assert_string_equal(d[2].group, "non-responders");
	assert_int_equal(d[2].col, EXTRACT_C_TIMEPOINT);
	assert_int_equal(d[3].col, EXTRACT_C_N);
	assert_string_equal(d[3].value[0], "30");
	assert_string_equal(d[3].value[1], "31");
	assert_int_equal(d[4].col, EXTRACT_C_NOTE);
	assert_true(d[4].measurement_field);
	assert_string_equal(d[4].study, "Koh 2007");
	assert_string_equal(d[4].measurement, "1");
	assert_int_equal(c.meas[0].first_diff, 0);
	assert_int_equal(c.meas[0].ndiffs, 5);
	assert_int_equal(c.open, 1);
	assert_int_equal(c.agreed, 0);
	extract_comparison_fini(&c);
}

static void missing_groups(void **state)
{
	(void)state;
	struct extract_cmp_row v[] = {
		row("ann", "1", "responders", "12"), row("ann", "1", "non-responders", "30"),
		row("bob", "1", "responders", "12"), row("bob", "1", "all", "42"),
	};
	struct extract_comparison c;
	assert_int_equal(extract_compare_rows(v, 4, &c), 0);
	assert_int_equal(c.ndiff, 2);
	assert_int_equal(c.diff[0].col, -1);
	assert_string_equal(c.diff[0].group, "non-responders");
	assert_string_equal(c.diff[0].missing, "bob");
	assert_int_equal(c.diff[1].col, -1);
	assert_string_equal(c.diff[1].group, "all");
	assert_string_equal(c.diff[1].missing, "ann");
	extract_comparison_fini(&c);
}

static void agreed_measurements_are_not_open(void **state)
{
	(void)state;
	/* Measurement 1 differs and has agreed values; 2 differs without;
	 * agreed rows are not compared (their n 99 is no difference). */
	struct extract_cmp_row v[] = {
		row("ann", "1", "responders", "12"), row("bob", "1", "responders", "13"),
		row(EXTRACT_AGREED, "1", "responders", "99"),
		row("ann", "2", "responders", "12"), row("bob", "2", "responders", "14"),
	};
	v[2].agreed_by = "lead";
	struct extract_comparison c;
	assert_int_equal(extract_compare_rows(v, 5, &c), 0);
	assert_int_equal(c.nmeas, 2);
	assert_int_equal(c.ndiff, 2);
	assert_int_equal(c.meas[0].ndiffs, 1);
	assert_int_equal(c.diff[0].nvalues, 2);
	assert_string_equal(c.diff[0].value[1], "13");
	assert_string_equal(c.meas[0].agreed_by, "lead");
	assert_null(c.meas[1].agreed_by);
	assert_int_equal(c.meas[1].first_diff, 1);
	assert_int_equal(c.dual, 2);
	assert_int_equal(c.agreed, 1);
	assert_int_equal(c.open, 1);
	extract_comparison_fini(&c);

	/* Agreed and no difference: neither agreed nor open. */
	v[1].text[EXTRACT_C_N] = "12.0";
	assert_int_equal(extract_compare_rows(v, 3, &c), 0);
	assert_int_equal(c.ndiff, 0);
	assert_int_equal(c.agreed, 0);
	assert_int_equal(c.open, 0);
	assert_int_equal(c.dual, 1);
	extract_comparison_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agreement_has_no_differences),
		cmocka_unit_test(differences_field_by_field),
		cmocka_unit_test(missing_groups),
		cmocka_unit_test(agreed_measurements_are_not_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
