/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/lesion_ids: the first lesion id given twice, without a database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../analysis/lesion_ids.h"

static void unique_ids(void **state)
{
	(void)state;
	/* Equal on one text of the pair is not a repeat. */
	const char *k[] = { "P1", "L1", "P1", "L2", "P2", "L1", "P2", "L2" };
	size_t first = 99, again = 99;
	assert_int_equal(lesion_ids_duplicate(k, 4, 2, &first, &again), 0);
	assert_int_equal(first, 99);
	assert_int_equal(lesion_ids_duplicate(k, 0, 2, &first, &again), 0);
	assert_int_equal(lesion_ids_duplicate(k, 1, 2, &first, &again), 0);
}

static void first_repeat_by_index(void **state)
{
	(void)state;
	/* B repeats at 3 (of 1), A at 4 (of 0), B again at 5: the first repeat
	 * by index is 3, paired with the occurrence before it. */
	const char *k[] = { "A", "B", "C", "B", "A", "B" };
	size_t first, again;
	assert_int_equal(lesion_ids_duplicate(k, 6, 1, &first, &again), 1);
	assert_int_equal(first, 1);
	assert_int_equal(again, 3);
	/* Sorted order (what 'sieve lesions import' passes): the first
	 * adjacent pair. */
	const char *s[] = { "A", "A", "B", "B", "B" };
	assert_int_equal(lesion_ids_duplicate(s, 5, 1, &first, &again), 1);
	assert_int_equal(first, 0);
	assert_int_equal(again, 1);
}

static void tuples_compare_every_text(void **state)
{
	(void)state;
	/* (study, patient, lesion): the same patient and lesion in another
	 * study is not a repeat; the texts are compared as a tuple, so
	 * "a b"+"c" and "a"+"b c" differ. */
	const char *k[] = { "S1", "P1", "L1", "S2", "P1", "L1", "S1", "a b", "c", "S1", "a",
			    "b c", "S2", "P1", "L1" };
	size_t first, again;
	assert_int_equal(lesion_ids_duplicate(k, 4, 3, &first, &again), 0);
	assert_int_equal(lesion_ids_duplicate(k, 5, 3, &first, &again), 1);
	assert_int_equal(first, 1);
	assert_int_equal(again, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unique_ids),
		cmocka_unit_test(first_repeat_by_index),
		cmocka_unit_test(tuples_compare_every_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
