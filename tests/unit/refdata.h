/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the unit tests: finding the reference data (../shared/data/reference,
 * or $SIEVE_SHARED_DATA/reference) and splitting its CSV lines with the
 * project's CSV splitter. Include after <cmocka.h>. */
#ifndef SIEVE_TESTS_REFDATA_H
#define SIEVE_TESTS_REFDATA_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../lib/csv.h"

static char ref_dir[1024];

/* Set ref_dir; whether expected/expected.csv is there. */
static inline bool find_ref(void)
{
	const char *env = getenv("SIEVE_SHARED_DATA");
	snprintf(ref_dir, sizeof ref_dir, "%s/reference", env && *env ? env : "../shared/data");
	char path[1200];
	snprintf(path, sizeof path, "%s/expected/expected.csv", ref_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	fclose(f);
	return true;
}

/* Split one CSV line in place into at most max fields; the number of
 * fields (fails the test on an unterminated quote). */
static inline int split_csv(char *line, char **fields, int max)
{
	static struct csv_field *f;
	static size_t cap;
	csv_clean_line(line, 0);
	int nf = csv_split_line(line, &f, &cap);
	assert_true(nf >= 0);
	for (int i = 0; i < nf && i < max; i++)
		fields[i] = f[i].text;
	return nf < max ? nf : max;
}

#endif
