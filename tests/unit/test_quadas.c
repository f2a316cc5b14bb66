/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for quadas/: the QUADAS-2 rules over hand-built instruments and
 * ratings, no database: departures, consensus, the report's rows, kappa pairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../quadas/departure.h"
#include "../../quadas/instrument.h"
#include "../../quadas/judge.h"

#define S(x) ((char *)(x))
#define N(a) (sizeof (a) / sizeof *(a))

/* ---- a small instrument: D1 1.1 1.2 (1.3 dropped), D2 2.1 2.2, D3 3.1,
 * D4 4.1 4.2; D2 per index test, D1-D3 with applicability ---- */

static struct quadas_domain doms[] = {
	{ S("D1"), S("Patient selection"), true, false, NULL, NULL },
	{ S("D2"), S("Index test"), true, true, NULL, NULL },
	{ S("D3"), S("Reference standard"), true, false, NULL, NULL },
	{ S("D4"), S("Flow and timing"), false, false, NULL, NULL },
};

static struct quadas_question qs[] = {
	{ 1, S("D1"), S("1.1"), S("q"), NULL, false, false },
	{ 2, S("D1"), S("1.2"), S("q"), NULL, false, false },
	{ 3, S("D1"), S("1.3"), S("q"), NULL, true, false },
	{ 4, S("D2"), S("2.1"), S("q"), NULL, false, false },
	{ 5, S("D2"), S("2.2"), S("q"), NULL, false, false },
	{ 6, S("D3"), S("3.1"), S("q"), NULL, false, false },
	{ 7, S("D4"), S("4.1"), S("q"), NULL, false, false },
	{ 8, S("D4"), S("4.2"), S("q"), NULL, false, false },
};

static const struct quadas_instrument ins = { S("QUADAS-2"), S("2011"), NULL, 1,
					      doms, N(doms), qs, N(qs) };

/* A rating with answers "1.1=y,1.2=n" (y/n/u). The answers array is
 * static per call site slot: at most 4 ratings built at once per test. */
static struct quadas_rating rating(const char *study, const char *rater, const char *domain,
				   const char *test, enum quadas_level risk, enum quadas_level app,
				   const char *support, const char *answers)
{
	struct quadas_rating r = { S(study), S(rater), S(domain), S(test ? test : ""), risk, app,
				   S(support), NULL, S("2026-12-08 02:00"), NULL, 0 };
	if (answers && *answers) {
		char *dup = strdup(answers);
		size_t cap = 8;
		r.answers = calloc(cap, sizeof *r.answers);
		for (char *save = NULL, *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(t, '=');
			assert_non_null(eq);
			*eq = '\0';
			assert_true(r.nanswers < cap);
			r.answers[r.nanswers].code = strdup(t);
			assert_true(quadas_answer_parse(eq + 1, &r.answers[r.nanswers].answer));
			r.nanswers++;
		}
		free(dup);
	}
	return r;
}

static void rating_fini(struct quadas_rating *r)
{
	for (size_t i = 0; i < r->nanswers; i++)
		free(r->answers[i].code);
	free(r->answers);
}

static void ratings_fini(struct quadas_rating *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rating_fini(&r[i]);
}

/* ---- departure ---- */

static void test_domain_suggest(void **state)
{
	(void)state;
	enum quadas_answer a[N(qs)] = { 0 };
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_NONE);
	a[0] = QA_YES;
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_NONE);  /* 1.2 unanswered */
	a[1] = QA_YES;
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_LOW);   /* 1.3 dropped */
	a[2] = QA_NO;  /* a dropped question's answer does not count */
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_LOW);
	a[1] = QA_UNCLEAR;
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_UNCLEAR);
	a[0] = QA_NO;
	assert_int_equal(quadas_domain_suggest(&ins, "D1", a), QL_HIGH);
	/* other domains' answers are ignored; a domain without questions: none */
	assert_int_equal(quadas_domain_suggest(&ins, "D2", a), QL_NONE);
	assert_int_equal(quadas_domain_suggest(&ins, "D9", a), QL_NONE);
}

static void test_unsupported(void **state)
{
	(void)state;
	assert_false(quadas_unsupported(QL_LOW, QL_LOW, NULL));
	assert_true(quadas_unsupported(QL_LOW, QL_HIGH, NULL));
	assert_true(quadas_unsupported(QL_LOW, QL_HIGH, ""));
	assert_false(quadas_unsupported(QL_LOW, QL_HIGH, "blinded reader"));
	assert_false(quadas_unsupported(QL_NONE, QL_HIGH, NULL));
	assert_false(quadas_unsupported(QL_HIGH, QL_NONE, NULL));
}

static void test_rating_find(void **state)
{
	(void)state;
	struct quadas_rating r[] = {
		rating("A", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "ann", "D2", "CT", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "ann", "D2", "MRI", QL_HIGH, QL_NONE, NULL, NULL),
	};
	assert_ptr_equal(quadas_rating_find(r, N(r), "D1", NULL), &r[0]);
	assert_ptr_equal(quadas_rating_find(r, N(r), "D1", ""), &r[0]);
	assert_null(quadas_rating_find(r, N(r), "D1", "CT"));
	assert_ptr_equal(quadas_rating_find(r, N(r), "D2", "CT"), &r[1]);
	assert_ptr_equal(quadas_rating_find(r, N(r), "D2", "MRI"), &r[2]);
	/* no index test named: the last of the domain (the store names the only one) */
	assert_ptr_equal(quadas_rating_find(r, N(r), "D2", NULL), &r[2]);
	assert_null(quadas_rating_find(r, N(r), "D2", ""));
	assert_null(quadas_rating_find(r, N(r), "D3", NULL));
	assert_null(quadas_rating_find(NULL, 0, "D1", NULL));
	ratings_fini(r, N(r));
}

static void test_departure_check(void **state)
{
	(void)state;
	/* new rating: all yes suggests low; judging high needs a note */
	struct quadas_rating ch = rating("A", "ann", "D1", NULL, QL_HIGH, QL_NONE, NULL, "1.1=y,1.2=y");
	struct quadas_departure d = quadas_departure_check(&ins, NULL, &ch);
	assert_int_equal(d.suggested, QL_LOW);
	assert_int_equal(d.risk, QL_HIGH);
	assert_true(d.unsupported);
	ch.support = S("reason");
	d = quadas_departure_check(&ins, NULL, &ch);
	assert_false(d.unsupported);
	rating_fini(&ch);

	/* a change over a stored rating: its answers, risk and note are kept
	 * unless the change sets them */
	struct quadas_rating old = rating("A", "ann", "D1", "", QL_HIGH, QL_NONE, "stored note",
					  "1.1=y,1.2=y");
	ch = rating("A", "ann", "D1", NULL, QL_NONE, QL_NONE, NULL, NULL);
	d = quadas_departure_check(&ins, &old, &ch);
	assert_int_equal(d.suggested, QL_LOW);
	assert_int_equal(d.risk, QL_HIGH);
	assert_false(d.unsupported);      /* the stored note supports it */
	ch.support = S("");               /* clearing the note */
	d = quadas_departure_check(&ins, &old, &ch);
	assert_true(d.unsupported);
	rating_fini(&ch);
	/* the change's answer replaces the stored one: a no suggests high, which
	 * the stored judgement matches */
	ch = rating("A", "ann", "D1", NULL, QL_NONE, QL_NONE, S(""), "1.2=n");
	d = quadas_departure_check(&ins, &old, &ch);
	assert_int_equal(d.suggested, QL_HIGH);
	assert_false(d.unsupported);
	rating_fini(&ch);
	/* a question unanswered: no suggestion, nothing to depart from */
	ch = rating("A", "ann", "D1", NULL, QL_LOW, QL_NONE, NULL, "1.1=n");
	d = quadas_departure_check(&ins, NULL, &ch);
	assert_int_equal(d.suggested, QL_NONE);
	assert_int_equal(d.risk, QL_LOW);
	assert_false(d.unsupported);
	rating_fini(&ch);
	rating_fini(&old);
}

/* The command line's rule for a domain whose questions are all dropped:
 * the vacuous "all yes" suggests low (kept as it was). */
static void test_departure_all_dropped(void **state)
{
	(void)state;
	struct quadas_question q1[] = { { 1, S("D1"), S("1.1"), S("q"), NULL, true, false } };
	struct quadas_instrument one = { S("x"), S("1"), NULL, 1, doms, 1, q1, 1 };
	struct quadas_rating ch = rating("A", "ann", "D1", NULL, QL_HIGH, QL_NONE, NULL, NULL);
	struct quadas_departure d = quadas_departure_check(&one, NULL, &ch);
	assert_int_equal(d.suggested, QL_LOW);
	assert_true(d.unsupported);
	enum quadas_answer a[1] = { QA_NONE };
	assert_int_equal(quadas_domain_suggest(&one, "D1", a), QL_NONE);
	rating_fini(&ch);
}

/* Every question of the domain counts, however many the review added (the
 * command line used to look at the first 64 only). */
static void test_departure_many_questions(void **state)
{
	(void)state;
	enum { NQ = 70 };
	struct quadas_question *q = calloc(NQ, sizeof *q);
	char codes[NQ][8];
	struct quadas_answer_row *ans = calloc(NQ, sizeof *ans);
	for (int i = 0; i < NQ; i++) {
		snprintf(codes[i], sizeof codes[i], "1.%d", i + 1);
		q[i] = (struct quadas_question){ i + 1, S("D1"), codes[i], S("q"), NULL, false, false };
		ans[i] = (struct quadas_answer_row){ codes[i], i == NQ - 1 ? QA_NO : QA_YES };
	}
	struct quadas_instrument big = { S("x"), S("1"), NULL, 1, doms, 1, q, NQ };
	struct quadas_rating ch = rating("A", "ann", "D1", NULL, QL_LOW, QL_NONE, NULL, NULL);
	ch.answers = ans;
	ch.nanswers = NQ;
	struct quadas_departure d = quadas_departure_check(&big, NULL, &ch);
	assert_int_equal(d.suggested, QL_HIGH);
	assert_true(d.unsupported);
	free(ans);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_suggest),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_rating_find),
		cmocka_unit_test(test_departure_check),
		cmocka_unit_test(test_departure_all_dropped),
		cmocka_unit_test(test_departure_many_questions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
