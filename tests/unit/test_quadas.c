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

#include "../../quadas/consensus.h"
#include "../../quadas/departure.h"
#include "../../quadas/instrument.h"
#include "../../quadas/judge.h"
#include "../../quadas/report.h"

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

/* ---- the report ---- */

static void test_report_rating_choice(void **state)
{
	(void)state;
	struct quadas_rating r[] = {
		/* A D1: one rater */
		rating("A", "ann", "D1", "", QL_LOW, QL_HIGH, NULL, NULL),
		/* A D3: two raters agree */
		rating("A", "ann", "D3", "", QL_HIGH, QL_LOW, NULL, NULL),
		rating("A", "bob", "D3", "", QL_HIGH, QL_LOW, NULL, NULL),
		/* A D4: they disagree on risk, no consensus */
		rating("A", "ann", "D4", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "bob", "D4", "", QL_HIGH, QL_NONE, NULL, NULL),
		/* B D1: they disagree on applicability only; the consensus counts */
		rating("B", "ann", "D1", "", QL_LOW, QL_LOW, NULL, NULL),
		rating("B", "bob", "D1", "", QL_LOW, QL_HIGH, NULL, NULL),
		rating("B", "consensus", "D1", "", QL_UNCLEAR, QL_HIGH, NULL, NULL),
		/* B D2: only the consensus */
		rating("B", "consensus", "D2", "", QL_LOW, QL_LOW, NULL, NULL),
	};
	assert_ptr_equal(quadas_report_rating(r, N(r), "A", "D1", NULL), &r[0]);
	assert_ptr_equal(quadas_report_rating(r, N(r), "A", "D3", NULL), &r[1]);
	assert_null(quadas_report_rating(r, N(r), "A", "D4", NULL));
	assert_null(quadas_report_rating(r, N(r), "A", "D2", NULL));
	assert_ptr_equal(quadas_report_rating(r, N(r), "B", "D1", NULL), &r[7]);
	assert_ptr_equal(quadas_report_rating(r, N(r), "B", "D2", NULL), &r[8]);
	assert_null(quadas_report_rating(r, N(r), "C", "D1", NULL));
	/* an index test named: only its ratings */
	assert_ptr_equal(quadas_report_rating(r, N(r), "B", "D2", ""), &r[8]);
	assert_null(quadas_report_rating(r, N(r), "B", "D2", "CT"));
	/* the consensus wins even listed first */
	struct quadas_rating c[] = {
		rating("A", "consensus", "D1", "", QL_HIGH, QL_HIGH, NULL, NULL),
		rating("A", "ann", "D1", "", QL_LOW, QL_LOW, NULL, NULL),
	};
	assert_ptr_equal(quadas_report_rating(c, N(c), "A", "D1", NULL), &c[0]);
	ratings_fini(r, N(r));
	ratings_fini(c, N(c));
}

static void test_per_test_domain(void **state)
{
	(void)state;
	assert_string_equal(quadas_per_test_domain(&ins), "D2");
	struct quadas_instrument none = { S("x"), S("1"), NULL, 1, doms, 1, qs, 0 };
	assert_string_equal(quadas_per_test_domain(&none), "");
}

static void test_report_rows(void **state)
{
	(void)state;
	struct quadas_rating r[] = {
		/* A: every domain low but D3 unclear; D2 rated for two index tests */
		rating("A", "ann", "D1", "", QL_LOW, QL_LOW, NULL, NULL),
		rating("A", "ann", "D2", "CT", QL_LOW, QL_LOW, NULL, NULL),
		rating("A", "ann", "D2", "MRI", QL_HIGH, QL_UNCLEAR, NULL, NULL),
		rating("A", "ann", "D3", "", QL_UNCLEAR, QL_LOW, NULL, NULL),
		rating("A", "ann", "D4", "", QL_LOW, QL_NONE, NULL, NULL),
		/* B: one index test; all low */
		rating("B", "ann", "D1", "", QL_LOW, QL_LOW, NULL, NULL),
		rating("B", "ann", "D2", "US", QL_LOW, QL_LOW, NULL, NULL),
		rating("B", "ann", "D3", "", QL_LOW, QL_LOW, NULL, NULL),
		rating("B", "ann", "D4", "", QL_LOW, QL_NONE, NULL, NULL),
		/* C: D4 unrated, D1 disagreement without consensus */
		rating("C", "ann", "D1", "", QL_LOW, QL_LOW, NULL, NULL),
		rating("C", "bob", "D1", "", QL_HIGH, QL_LOW, NULL, NULL),
		rating("C", "ann", "D2", "", QL_HIGH, QL_LOW, NULL, NULL),
		rating("C", "ann", "D3", "", QL_LOW, QL_LOW, NULL, NULL),
	};
	char *studies[] = { S("A"), S("B"), S("C"), S("D") };
	struct quadas_report_row *rows;
	size_t k = quadas_report_rows(r, N(r), studies, N(studies), "D2", &rows);
	assert_int_equal(k, 5);
	assert_string_equal(rows[0].label, "A (CT)");
	assert_string_equal(rows[1].label, "A (MRI)");
	assert_string_equal(rows[2].label, "B");
	assert_string_equal(rows[3].label, "C");
	assert_string_equal(rows[4].label, "D");
	/* A (CT): the CT rating for D2, the study's for the others */
	enum quadas_level a_ct[4] = { QL_LOW, QL_LOW, QL_UNCLEAR, QL_LOW };
	enum quadas_level a_mri[4] = { QL_LOW, QL_HIGH, QL_UNCLEAR, QL_LOW };
	for (int d = 0; d < 4; d++) {
		assert_int_equal(rows[0].risk[d], a_ct[d]);
		assert_int_equal(rows[1].risk[d], a_mri[d]);
		assert_int_equal(rows[2].risk[d], QL_LOW);
	}
	assert_int_equal(rows[0].applicability[1], QL_LOW);
	assert_int_equal(rows[1].applicability[1], QL_UNCLEAR);
	assert_int_equal(rows[0].overall_risk, QL_UNCLEAR);
	assert_int_equal(rows[0].overall_applicability, QL_LOW);
	assert_int_equal(rows[1].overall_risk, QL_HIGH);
	assert_int_equal(rows[1].overall_applicability, QL_UNCLEAR);
	/* B: one index test, one row under the study's name */
	assert_int_equal(rows[2].overall_risk, QL_LOW);
	assert_int_equal(rows[2].overall_applicability, QL_LOW);
	/* C: D1 risk undecided, D4 not rated: no overall risk yet; the raters
	 * agree on nothing, so D1's applicability is not taken either */
	assert_int_equal(rows[3].risk[0], QL_NONE);
	assert_int_equal(rows[3].applicability[0], QL_NONE);
	assert_int_equal(rows[3].risk[1], QL_HIGH);
	assert_int_equal(rows[3].risk[3], QL_NONE);
	assert_int_equal(rows[3].overall_risk, QL_NONE);
	assert_int_equal(rows[3].overall_applicability, QL_NONE);
	/* D: not rated at all */
	for (int d = 0; d < 4; d++)
		assert_int_equal(rows[4].risk[d], QL_NONE);
	assert_int_equal(rows[4].overall_risk, QL_NONE);
	quadas_report_rows_free(rows, k);

	/* no per-test domain: the index tests do not split rows */
	k = quadas_report_rows(r, N(r), studies, 1, "", &rows);
	assert_int_equal(k, 1);
	assert_string_equal(rows[0].label, "A");
	assert_int_equal(rows[0].risk[1], QL_NONE);   /* CT and MRI disagree */
	quadas_report_rows_free(rows, k);
	/* no studies */
	k = quadas_report_rows(r, N(r), studies, 0, "D2", &rows);
	assert_int_equal(k, 0);
	quadas_report_rows_free(rows, k);
	ratings_fini(r, N(r));
}

/* Every index test gets its row, however many a study has (the command line
 * kept 8 and sized its rows for 4 per study). */
static void test_report_many_index_tests(void **state)
{
	(void)state;
	enum { NT = 12 };
	struct quadas_rating r[NT];
	char names[NT][8];
	for (int t = 0; t < NT; t++) {
		snprintf(names[t], sizeof names[t], "T%d", t + 1);
		r[t] = rating("A", "ann", "D2", names[t], t == NT - 1 ? QL_HIGH : QL_LOW, QL_LOW,
			      NULL, NULL);
	}
	char *studies[] = { S("A") };
	struct quadas_report_row *rows;
	size_t k = quadas_report_rows(r, NT, studies, 1, "D2", &rows);
	assert_int_equal(k, NT);
	assert_string_equal(rows[0].label, "A (T1)");
	assert_string_equal(rows[NT - 1].label, "A (T12)");
	assert_int_equal(rows[NT - 2].risk[1], QL_LOW);
	assert_int_equal(rows[NT - 1].risk[1], QL_HIGH);
	quadas_report_rows_free(rows, k);
	ratings_fini(r, NT);
}

static void test_rating_visible(void **state)
{
	(void)state;
	struct quadas_rating r[] = {
		rating("A", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "ben", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "consensus", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
	};
	assert_true(quadas_rating_visible(&r[0], "ann", false));
	assert_false(quadas_rating_visible(&r[1], "ann", false));
	assert_true(quadas_rating_visible(&r[2], "ann", false));
	assert_true(quadas_rating_visible(&r[1], "ann", true));
	ratings_fini(r, N(r));
}

static void test_report_count(void **state)
{
	(void)state;
	struct quadas_report_row rows[3] = {
		{ NULL, { QL_LOW, QL_HIGH, QL_NONE, QL_LOW }, { QL_LOW, QL_LOW, QL_UNCLEAR }, 0, 0 },
		{ NULL, { QL_LOW, QL_UNCLEAR, QL_NONE, QL_HIGH }, { QL_HIGH, QL_LOW, QL_UNCLEAR }, 0, 0 },
		{ NULL, { QL_HIGH, QL_UNCLEAR, QL_LOW, QL_LOW }, { QL_NONE, QL_LOW, QL_UNCLEAR }, 0, 0 },
	};
	struct quadas_report_counts c;
	memset(&c, 0xff, sizeof c);
	quadas_report_count(rows, 3, &c);
	assert_int_equal(c.risk[0][QL_LOW], 2);
	assert_int_equal(c.risk[0][QL_HIGH], 1);
	assert_int_equal(c.risk[1][QL_UNCLEAR], 2);
	assert_int_equal(c.risk[2][QL_NONE], 2);
	assert_int_equal(c.risk[3][QL_UNCLEAR], 0);
	assert_int_equal(c.applicability[0][QL_NONE], 1);
	assert_int_equal(c.applicability[1][QL_LOW], 3);
	assert_int_equal(c.applicability[2][QL_UNCLEAR], 3);
	rows[0].risk[0] = (enum quadas_level)9;   /* out of range: not counted */
	quadas_report_count(rows, 3, &c);
	assert_int_equal(c.risk[0][QL_LOW] + c.risk[0][QL_HIGH] + c.risk[0][QL_UNCLEAR] +
			 c.risk[0][QL_NONE], 2);
}

/* ---- consensus ---- */

static void test_consensus_disagreements(void **state)
{
	(void)state;
	/* ordered as the store returns them: study, domain, index test, rater,
	 * consensus last */
	struct quadas_rating r[] = {
		/* 0-1 A D1: 1.2 differs (and dropped 1.3, answered by one), risk
		 * differs; no consensus: open */
		rating("A", "ann", "D1", "", QL_LOW, QL_LOW, NULL, "1.1=y,1.2=y"),
		rating("A", "bob", "D1", "", QL_HIGH, QL_LOW, NULL, "1.1=y,1.2=n,1.3=y"),
		/* 2-4 A D2 [CT]: applicability differs; settled by consensus */
		rating("A", "ann", "D2", "CT", QL_LOW, QL_LOW, NULL, "2.1=y,2.2=y"),
		rating("A", "bob", "D2", "CT", QL_LOW, QL_HIGH, NULL, "2.1=y,2.2=y"),
		rating("A", "consensus", "D2", "CT", QL_LOW, QL_HIGH, NULL, "2.1=y,2.2=y"),
		/* 5 A D3: one rater only: no group */
		rating("A", "ann", "D3", "", QL_LOW, QL_LOW, NULL, "3.1=y"),
		/* 6-7 B D4: they agree */
		rating("B", "ann", "D4", "", QL_UNCLEAR, QL_NONE, NULL, "4.1=u,4.2=y"),
		rating("B", "bob", "D4", "", QL_UNCLEAR, QL_NONE, NULL, "4.1=u,4.2=y"),
		/* 8-9 C D1: bob has not judged risk yet: differs, no kappa pair */
		rating("C", "ann", "D1", "", QL_LOW, QL_LOW, NULL, "1.1=y,1.2=y"),
		rating("C", "bob", "D1", "", QL_NONE, QL_LOW, NULL, "1.1=y,1.2=y"),
	};
	struct quadas_consensus c;
	quadas_consensus_init(&c, &ins, r, N(r));
	assert_int_equal(c.ngroups, 4);
	/* A D1 */
	const struct quadas_group *g = &c.groups[0];
	assert_int_equal(g->first, 0);
	assert_int_equal(g->n, 2);
	assert_null(g->consensus);
	assert_int_equal(g->nquestions, 2);
	assert_string_equal(qs[g->questions[0]].code, "1.2");
	assert_string_equal(qs[g->questions[1]].code, "1.3");
	assert_true(g->risk);
	assert_false(g->applicability);
	assert_true(quadas_group_disagrees(g));
	/* A D2 [CT]: the consensus is not one of the raters */
	g = &c.groups[1];
	assert_int_equal(g->first, 2);
	assert_int_equal(g->n, 2);
	assert_ptr_equal(g->consensus, &r[4]);
	assert_int_equal(g->nquestions, 0);
	assert_false(g->risk);
	assert_true(g->applicability);
	/* B D4 agree */
	g = &c.groups[2];
	assert_int_equal(g->first, 6);
	assert_false(quadas_group_disagrees(g));
	/* C D1 */
	g = &c.groups[3];
	assert_int_equal(g->first, 8);
	assert_true(g->risk);
	assert_int_equal(g->nquestions, 0);
	/* 3 in A D1, 1 in A D2, 1 in C D1; A D1 and C D1 open */
	assert_int_equal(c.disagreements, 5);
	assert_int_equal(c.open, 2);
	assert_string_equal(c.raters[0], "ann");
	assert_string_equal(c.raters[1], "bob");
	assert_false(c.more_raters);
	quadas_consensus_fini(&c);
	ratings_fini(r, N(r));
}

static void test_consensus_kappa_pairs(void **state)
{
	(void)state;
	struct quadas_rating r[] = {
		rating("A", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "bob", "D1", "", QL_HIGH, QL_NONE, NULL, NULL),
		rating("A", "consensus", "D1", "", QL_HIGH, QL_NONE, NULL, NULL),
		rating("A", "ann", "D4", "", QL_UNCLEAR, QL_NONE, NULL, NULL),
		rating("A", "bob", "D4", "", QL_UNCLEAR, QL_NONE, NULL, NULL),
		rating("B", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("B", "bob", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		/* one rater: no pair */
		rating("C", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		/* not judged by one: no pair */
		rating("D", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("D", "bob", "D1", "", QL_NONE, QL_NONE, NULL, NULL),
	};
	struct quadas_consensus c;
	quadas_consensus_init(&c, &ins, r, N(r));
	assert_int_equal(c.kappa[0].n, 2);
	assert_int_equal(c.kappa[0].a[0], 0);   /* ann low */
	assert_int_equal(c.kappa[0].b[0], 1);   /* bob high */
	assert_int_equal(c.kappa[0].a[1], 0);
	assert_int_equal(c.kappa[0].b[1], 0);
	assert_int_equal(c.kappa[1].n, 0);
	assert_non_null(c.kappa[1].a);          /* agree_cohen_codes: too few, not invalid */
	assert_int_equal(c.kappa[2].n, 0);
	assert_int_equal(c.kappa[3].n, 1);
	assert_int_equal(c.kappa[3].a[0], 2);
	assert_int_equal(c.kappa[3].b[0], 2);
	quadas_consensus_fini(&c);

	/* three raters in a group: no pairs from it, and no kappa at all */
	struct quadas_rating t[] = {
		rating("A", "ann", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "bob", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
		rating("A", "cid", "D1", "", QL_LOW, QL_NONE, NULL, NULL),
	};
	quadas_consensus_init(&c, &ins, t, N(t));
	assert_int_equal(c.ngroups, 1);
	assert_int_equal(c.groups[0].n, 3);
	assert_int_equal(c.kappa[0].n, 0);
	assert_true(c.more_raters);
	assert_int_equal(c.disagreements, 0);
	assert_int_equal(c.open, 0);
	quadas_consensus_fini(&c);
	/* nothing rated */
	quadas_consensus_init(&c, &ins, NULL, 0);
	assert_int_equal(c.ngroups, 0);
	assert_null(c.raters[0]);
	assert_non_null(c.kappa[0].a);
	quadas_consensus_fini(&c);
	ratings_fini(r, N(r));
	ratings_fini(t, N(t));
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
		cmocka_unit_test(test_report_rating_choice),
		cmocka_unit_test(test_per_test_domain),
		cmocka_unit_test(test_report_rows),
		cmocka_unit_test(test_report_many_index_tests),
		cmocka_unit_test(test_rating_visible),
		cmocka_unit_test(test_report_count),
		cmocka_unit_test(test_consensus_disagreements),
		cmocka_unit_test(test_consensus_kappa_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
