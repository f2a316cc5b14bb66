/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several reviewers screening one review at once: 4 processes, each with its
 * own connection, make 500 decisions on overlapping records; every decision
 * is kept and none fails. Runs against the throwaway server of
 * tests/db/harness.sh (SIEVE_TEST_DB). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../importers/citation.h"
#include "../../lib/xalloc.h"
#include "../../schema/db.h"
#include "../../schema/store_import.h"
#include "../../schema/store_screen.h"

#define N_RECORDS 1000
#define N_PROCS 4
#define N_DECISIONS 500

static struct db_target target;

static int setup(void **state)
{
	(void)state;
	const char *conn = getenv("SIEVE_TEST_DB");
	if (!conn) {
		fprintf(stderr, "SIEVE_TEST_DB is not set: run through tests/db/harness.sh\n");
		return -1;
	}
	struct sieve_error err = { 0 };
	char name[64];
	snprintf(name, sizeof name, "conc%ld", (long)getpid());
	if (db_target_team(&target, conn, name, &err) || db_review_create(&target, "concurrency", &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	struct db *db = db_open(&target, DB_OPEN_DEFAULT, &err);
	if (!db)
		return -1;
	struct import_search s = { "test", "test", NULL, NULL, "generated" };
	struct store_import *imp = store_import_begin(db, &s, &err);
	if (!imp)
		return -1;
	const struct citation_sink *sink = store_import_sink(imp);
	for (int i = 0; i < N_RECORDS; i++) {
		struct citation c = { 0 };
		char pmid[16], title[64];
		snprintf(pmid, sizeof pmid, "%d", 50000000 + i);
		snprintf(title, sizeof title, "Record %d", i);
		c.pmid = pmid;
		c.pmid_version = 1;
		c.title = title;
		c.source_format = "test";
		c.raw = "<PubmedArticle/>";
		if (sink->on_citation(sink->ctx, &c, &err))
			return -1;
	}
	struct import_counts counts;
	if (store_import_finish(imp, "0", &counts, &err) || counts.new_ != N_RECORDS)
		return -1;
	for (int k = 0; k < N_PROCS; k++) {
		char who[32];
		snprintf(who, sizeof who, "%s_r%d", name, k);
		if (store_reviewer_add(db, who, false, NULL, &err)) {
			fprintf(stderr, "setup: %s\n", err.msg);
			return -1;
		}
	}
	db_close(db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_target_fini(&target);
	return 0;
}

/* One reviewer's session: its own connection, N_DECISIONS decisions on a
 * window of records that overlaps the other reviewers' windows. */
static int reviewer_session(int k)
{
	struct sieve_error err = { 0 };
	struct db *db = db_open(&target, DB_OPEN_DEFAULT, &err);
	if (!db)
		return 1;
	char who[64];
	snprintf(who, sizeof who, "%s_r%d", target.review, k);
	int failures = 0;
	for (int j = 0; j < N_DECISIONS; j++) {
		char pmid[16];
		snprintf(pmid, sizeof pmid, "%d", 50000000 + (k * 150 + j) % N_RECORDS);
		long long id = 0;
		enum verdict v = (j + k) % 3 == 0 ? VERDICT_EXCLUDE : VERDICT_INCLUDE;
		if (store_record_id(db, pmid, &id, &err) || !id ||
		    store_decide(db, id, STAGE_TA, who, v, NULL, NULL, &err)) {
			fprintf(stderr, "reviewer %d: %s\n", k, err.msg);
			sieve_error_clear(&err);
			failures++;
		}
	}
	db_close(db);
	return failures ? 1 : 0;
}

static void test_four_reviewers_at_once(void **state)
{
	(void)state;
	pid_t pids[N_PROCS];
	fflush(NULL);
	for (int k = 0; k < N_PROCS; k++) {
		pids[k] = fork();
		assert_true(pids[k] >= 0);
		if (pids[k] == 0)
			_exit(reviewer_session(k));
	}
	for (int k = 0; k < N_PROCS; k++) {
		int status;
		assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	struct sieve_error err = { 0 };
	struct db *db = db_open(&target, DB_OPEN_DEFAULT, &err);
	assert_non_null(db);
	struct decision_export_row *rows;
	size_t n;
	assert_int_equal(store_decisions_export(db, &rows, &n, &err), 0);
	assert_int_equal(n, N_PROCS * N_DECISIONS);
	/* every reviewer's 500, each on a distinct record */
	for (int k = 0; k < N_PROCS; k++) {
		char who[64];
		snprintf(who, sizeof who, "%s_r%d", target.review, k);
		size_t mine = 0;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(rows[i].reviewer, who))
				mine++;
		assert_int_equal(mine, N_DECISIONS);
	}
	decision_export_rows_free(rows, n);
	/* the overlapping records were decided by two reviewers each */
	struct agreement_data d;
	assert_int_equal(store_agreement(db, STAGE_TA, &d, &err), 0);
	assert_int_equal(d.n_reviewers, N_PROCS);
	/* windows of 500 starting 150 apart: neighbours share 350 records */
	assert_int_equal(d.pairs[0].n, 350);
	agreement_data_fini(&d);
	db_close(db);
}

/* The list pages by record id, filters, and searches the full-text index. */
static void test_pages_filters_search(void **state)
{
	(void)state;
	struct sieve_error err = { 0 };
	struct db *db = db_open(&target, DB_OPEN_DEFAULT, &err);
	assert_non_null(db);
	char who[64];
	snprintf(who, sizeof who, "%s_r0", target.review);
	struct screen_row *rows;
	size_t n;
	/* reviewer 0 decided records 0..499: the first undecided is 500 */
	assert_int_equal(store_screen_page(db, STAGE_TA, who, FILTER_UNDECIDED, NULL, 0, false, 10,
					   &rows, &n, &err), 0);
	assert_int_equal(n, 10);
	assert_string_equal(rows[0].pmid, "50000500");
	long long after = rows[9].id;
	screen_rows_free(rows, n);
	assert_int_equal(store_screen_page(db, STAGE_TA, who, FILTER_UNDECIDED, NULL, after, false,
					   10, &rows, &n, &err), 0);
	assert_string_equal(rows[0].pmid, "50000510");
	screen_rows_free(rows, n);
	assert_int_equal(store_screen_page(db, STAGE_TA, who, FILTER_MINE, NULL, 0, false, 1000,
					   &rows, &n, &err), 0);
	assert_int_equal(n, N_DECISIONS);
	screen_rows_free(rows, n);
	/* titles are "Record N": one record has the word 999 */
	assert_int_equal(store_screen_page(db, STAGE_TA, who, FILTER_ALL, "999", 0, false, 100,
					   &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].pmid, "50000999");
	assert_string_equal(rows[0].title, "Record 999");
	screen_rows_free(rows, n);
	long long again = -1;
	assert_int_equal(store_screen_index(db, &again, &err), 0);
	assert_int_equal(again, 0);   /* the search indexed everything already */
	struct screen_progress pr;
	assert_int_equal(store_screen_progress(db, STAGE_TA, who, &pr, &err), 0);
	assert_int_equal(pr.total, N_RECORDS);
	assert_int_equal(pr.mine, N_DECISIONS);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_reviewers_at_once),
		cmocka_unit_test(test_pages_filters_search),
	};
	return cmocka_run_group_tests_name("screening concurrency", tests, setup, teardown);
}
