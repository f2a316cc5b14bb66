/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QUADAS-2 form without a terminal or a database: an in-memory source
 * with the published instrument, scripted keys, the screen and the saves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../../lib/strbuf.h"
#include "../../lib/xalloc.h"
#include "../../quadas/judge.h"
#include "../../schema/store_quadas.h"
#include "../../tui/app.h"
#include "../../tui/view_quadas.h"
#include "tui_check.h"

/* ---- the fake source --------------------------------------------------- */

static const struct { const char *code, *name, *risk_q, *appl_q; } fake_domains[] = {
	{ "D1", "Patient selection", "Could the selection of patients have introduced bias?",
	  "Is there concern that the included patients do not match the review question?" },
	{ "D2", "Index test",
	  "Could the conduct or interpretation of the index test have introduced bias?",
	  "Is there concern that the index test, its conduct, or interpretation differ from the "
	  "review question?" },
	{ "D3", "Reference standard",
	  "Could the reference standard, its conduct, or its interpretation have introduced bias?",
	  "Is there concern that the target condition as defined by the reference standard does "
	  "not match the review question?" },
	{ "D4", "Flow and timing", "Could the patient flow have introduced bias?", NULL },
};

#define GUIDANCE_1_1 "Consecutive means every eligible patient over the period; answer " \
	"unclear when the paper does not say how patients were chosen."

/* The published QUADAS-2 signalling questions (Whiting et al. 2011); this
 * review has guidance on 1.1 and dropped 4.3. */
static const struct { const char *domain, *code, *text, *guidance; bool dropped; } fake_questions[] = {
	{ "D1", "1.1", "Was a consecutive or random sample of patients enrolled?", GUIDANCE_1_1, false },
	{ "D1", "1.2", "Was a case-control design avoided?", NULL, false },
	{ "D1", "1.3", "Did the study avoid inappropriate exclusions?", NULL, false },
	{ "D2", "2.1", "Were the index test results interpreted without knowledge of the results "
		       "of the reference standard?", NULL, false },
	{ "D2", "2.2", "If a threshold was used, was it pre-specified?", NULL, false },
	{ "D3", "3.1", "Is the reference standard likely to correctly classify the target "
		       "condition?", NULL, false },
	{ "D3", "3.2", "Were the reference standard results interpreted without knowledge of the "
		       "results of the index test?", NULL, false },
	{ "D4", "4.1", "Was there an appropriate interval between index test(s) and reference "
		       "standard?", NULL, false },
	{ "D4", "4.2", "Did all patients receive a reference standard?", NULL, false },
	{ "D4", "4.3", "Did patients receive the same reference standard?", NULL, true },
	{ "D4", "4.4", "Were all patients included in the analysis?", NULL, false },
};
#define N_DOMAINS (sizeof fake_domains / sizeof fake_domains[0])
#define N_QUESTIONS (sizeof fake_questions / sizeof fake_questions[0])

static const char *const fake_studies[] = { "Smith 2019", "Lee 2021" };
static const char *const smith_tests[] = { "DWI ADC", "T2 signal" };

#define RECORD_MARKER "FINAL-LINE-MARKER"

struct fake {
	struct quadas_source src;
	struct quadas_rating *store;   /* the "database" */
	size_t nstore;
	struct quadas_rating *saves;   /* every save() as the view sent it */
	size_t nsaves;
	int rejected;                  /* saves the store rules refused */
	bool no_studies, fail_save, fail_record;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void rating_copy(struct quadas_rating *to, const struct quadas_rating *r)
{
	memset(to, 0, sizeof *to);
	to->study = dup_or_null(r->study);
	to->rater = dup_or_null(r->rater);
	to->domain = dup_or_null(r->domain);
	to->index_test = dup_or_null(r->index_test);
	to->risk = r->risk;
	to->applicability = r->applicability;
	to->support = dup_or_null(r->support);
	to->agreed_by = dup_or_null(r->agreed_by);
	to->at = dup_or_null(r->at);
	to->nanswers = r->nanswers;
	to->answers = xcalloc(r->nanswers, sizeof *to->answers);
	for (size_t i = 0; i < r->nanswers; i++) {
		to->answers[i].code = xstrdup(r->answers[i].code);
		to->answers[i].answer = r->answers[i].answer;
	}
}

static void rating_fini(struct quadas_rating *r)
{
	free(r->study);
	free(r->rater);
	free(r->domain);
	free(r->index_test);
	free(r->support);
	free(r->agreed_by);
	free(r->at);
	for (size_t i = 0; i < r->nanswers; i++)
		free(r->answers[i].code);
	free(r->answers);
}

static int f_instrument(void *ctx, struct quadas_instrument *out, struct sieve_error *err)
{
	(void)ctx;
	(void)err;
	memset(out, 0, sizeof *out);
	out->name = xstrdup("QUADAS-2");
	out->version = xstrdup("review 1");
	out->based_on = xstrdup("QUADAS-2 2011");
	out->revision = 2;
	out->nd = N_DOMAINS;
	out->d = xcalloc(N_DOMAINS, sizeof *out->d);
	for (size_t i = 0; i < N_DOMAINS; i++) {
		out->d[i].code = xstrdup(fake_domains[i].code);
		out->d[i].name = xstrdup(fake_domains[i].name);
		out->d[i].applicability = fake_domains[i].appl_q != NULL;
		out->d[i].per_index_test = !strcmp(fake_domains[i].code, "D2");
		out->d[i].risk_question = xstrdup(fake_domains[i].risk_q);
		out->d[i].applicability_question = xstrdup(fake_domains[i].appl_q);
	}
	out->nq = N_QUESTIONS;
	out->q = xcalloc(N_QUESTIONS, sizeof *out->q);
	for (size_t i = 0; i < N_QUESTIONS; i++) {
		out->q[i].id = (long long)i + 1;
		out->q[i].domain = xstrdup(fake_questions[i].domain);
		out->q[i].code = xstrdup(fake_questions[i].code);
		out->q[i].text = xstrdup(fake_questions[i].text);
		out->q[i].guidance = dup_or_null(fake_questions[i].guidance);
		out->q[i].dropped = fake_questions[i].dropped;
	}
	return 0;
}

static int f_studies(void *ctx, char ***labels, size_t *n, struct sieve_error *err)
{
	struct fake *f = ctx;
	(void)err;
	*n = f->no_studies ? 0 : 2;
	*labels = *n ? fake_strings(fake_studies, *n) : NULL;
	return 0;
}

static int f_index_tests(void *ctx, const char *study, char ***names, size_t *n,
			 struct sieve_error *err)
{
	(void)ctx;
	(void)err;
	*n = !strcmp(study, "Smith 2019") ? 2 : 0;
	*names = *n ? fake_strings(smith_tests, *n) : NULL;
	return 0;
}

static int f_ratings(void *ctx, const char *study, const char *rater, struct quadas_rating **rows,
		     size_t *n, struct sieve_error *err)
{
	struct fake *f = ctx;
	(void)err;
	*rows = xcalloc(f->nstore, sizeof **rows);
	*n = 0;
	for (size_t i = 0; i < f->nstore; i++)
		if (!strcmp(f->store[i].study, study) && !strcmp(f->store[i].rater, rater))
			rating_copy(&(*rows)[(*n)++], &f->store[i]);
	return 0;
}

static void f_ratings_free(void *ctx, struct quadas_rating *rows, size_t n)
{
	(void)ctx;
	for (size_t i = 0; i < n; i++)
		rating_fini(&rows[i]);
	free(rows);
}

static bool question_ok(const char *domain, const char *code)
{
	for (size_t i = 0; i < N_QUESTIONS; i++)
		if (!strcmp(fake_questions[i].code, code))
			return !strcmp(fake_questions[i].domain, domain) && !fake_questions[i].dropped;
	return false;
}

/* store_quadas_set's rules: set fields replace, QL_NONE and NULL keep. */
static int store_set(struct fake *f, const struct quadas_rating *r, struct sieve_error *err)
{
	bool known = false;
	for (size_t i = 0; i < N_DOMAINS; i++)
		known |= !strcmp(fake_domains[i].code, r->domain);
	if (!known || (!strcmp(r->domain, "D4") && r->applicability != QL_NONE) || !r->index_test) {
		f->rejected++;
		return sieve_error_set(err, SIEVE_ERR_DATA, "bad rating of %s", r->domain);
	}
	for (size_t i = 0; i < r->nanswers; i++)
		if (!question_ok(r->domain, r->answers[i].code) || r->answers[i].answer == QA_NONE) {
			f->rejected++;
			return sieve_error_set(err, SIEVE_ERR_DATA, "bad question %s",
					       r->answers[i].code);
		}
	struct quadas_rating *row = NULL;
	for (size_t i = 0; i < f->nstore && !row; i++)
		if (!strcmp(f->store[i].study, r->study) && !strcmp(f->store[i].rater, r->rater) &&
		    !strcmp(f->store[i].domain, r->domain) &&
		    !strcmp(f->store[i].index_test, r->index_test))
			row = &f->store[i];
	if (!row) {
		f->store = xrealloc(f->store, (f->nstore + 1) * sizeof *f->store);
		row = &f->store[f->nstore++];
		memset(row, 0, sizeof *row);
		row->study = xstrdup(r->study);
		row->rater = xstrdup(r->rater);
		row->domain = xstrdup(r->domain);
		row->index_test = xstrdup(r->index_test);
	}
	if (r->risk != QL_NONE)
		row->risk = r->risk;
	if (r->applicability != QL_NONE)
		row->applicability = r->applicability;
	if (r->support) {
		free(row->support);
		row->support = *r->support ? xstrdup(r->support) : NULL;
	}
	for (size_t i = 0; i < r->nanswers; i++) {
		size_t k;
		for (k = 0; k < row->nanswers && strcmp(row->answers[k].code, r->answers[i].code); k++)
			;
		if (k == row->nanswers) {
			row->answers = xrealloc(row->answers, (k + 1) * sizeof *row->answers);
			row->answers[k].code = xstrdup(r->answers[i].code);
			row->nanswers++;
		}
		row->answers[k].answer = r->answers[i].answer;
	}
	return 0;
}

static int f_save(void *ctx, const struct quadas_rating *r, struct sieve_error *err)
{
	struct fake *f = ctx;
	if (f->fail_save)
		return sieve_error_set(err, SIEVE_ERR_DB, "the database went away");
	f->saves = xrealloc(f->saves, (f->nsaves + 1) * sizeof *f->saves);
	rating_copy(&f->saves[f->nsaves++], r);
	return store_set(f, r, err);
}

static int f_record(void *ctx, const char *study, char **text, struct sieve_error *err)
{
	struct fake *f = ctx;
	if (f->fail_record)
		return sieve_error_set(err, SIEVE_ERR_DB, "no record for %s", study);
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s\nDiffusion-weighted MRI predicts response of colorectal liver "
		    "metastases to chemotherapy\nSmith J, Müller A, 张伟\nEur Radiol 2019\n"
		    "PMID 30000001 https://pubmed.ncbi.nlm.nih.gov/30000001/\n\n", study);
	for (int i = 1; i <= 30; i++)
		strbuf_addf(&sb, "Abstract sentence %d: apparent diffusion coefficient was measured "
			    "in every lesion before chemotherapy. ", i);
	strbuf_adds(&sb, RECORD_MARKER);
	*text = strbuf_take(&sb);
	return 0;
}

static void f_free(struct quadas_source *src)
{
	(void)src;
}

static void preload(struct fake *f, const char *study, const char *domain, enum quadas_level risk,
		    enum quadas_level app, const char *support, const char *answers)
{
	/* answers: "y n y" in the domain's question order, dropped ones skipped */
	struct quadas_answer_row rows[8];
	size_t n = 0;
	const char *p = answers;
	for (size_t i = 0; i < N_QUESTIONS && *p; i++) {
		if (strcmp(fake_questions[i].domain, domain) || fake_questions[i].dropped)
			continue;
		rows[n].code = (char *)fake_questions[i].code;
		assert_true(quadas_answer_parse((char[]){ *p, 0 }, &rows[n].answer));
		n++;
		p++;
		while (*p == ' ')
			p++;
	}
	struct quadas_rating r = { .study = (char *)study, .rater = "alice", .domain = (char *)domain,
				   .index_test = "", .risk = risk, .applicability = app,
				   .support = (char *)support, .answers = rows, .nanswers = n };
	struct sieve_error err = { 0 };
	assert_int_equal(store_set(f, &r, &err), 0);
}

static struct fake *fake_new(void)
{
	struct fake *f = xcalloc(1, sizeof *f);
	f->src = (struct quadas_source){ f, f_instrument, f_studies, f_index_tests, fake_strings_free,
					 f_ratings, f_ratings_free, f_save, f_record, f_free };
	/* Lee 2021 (no index tests) is rated but for D2 */
	preload(f, "Lee 2021", "D1", QL_LOW, QL_LOW, NULL, "yyy");
	preload(f, "Lee 2021", "D3", QL_LOW, QL_LOW, NULL, "yy");
	preload(f, "Lee 2021", "D4", QL_HIGH, QL_NONE, "Twelve patients had no reference standard.",
		"yny");
	/* another rater's rating is not shown */
	struct quadas_rating other = { .study = "Smith 2019", .rater = "bob", .domain = "D1",
				       .index_test = "", .risk = QL_HIGH };
	struct sieve_error err = { 0 };
	assert_int_equal(store_set(f, &other, &err), 0);
	return f;
}

static void fake_free(struct fake *f)
{
	for (size_t i = 0; i < f->nstore; i++)
		rating_fini(&f->store[i]);
	for (size_t i = 0; i < f->nsaves; i++)
		rating_fini(&f->saves[i]);
	free(f->store);
	free(f->saves);
	free(f);
}

/* ---- helpers ------------------------------------------------------------ */

/* Replay keys on the form for alice (from study when not NULL); the dump is
 * malloc'd. */
static char *run_at(struct fake *f, int w, int h, const char *study, const char *keys)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	struct sieve_error err = { 0 };
	struct view *v = view_quadas_new(&f->src, "alice", NULL, study);
	if (tui_view_headless(v, w, h, keys, &sb, &err))
		fail_msg("headless: %s", err.msg);
	view_quadas_free(v);
	check_dump_geometry(sb.buf, w, h);
	assert_int_equal(f->rejected, 0);
	return strbuf_take(&sb);
}

static char *run(struct fake *f, const char *keys)
{
	return run_at(f, 100, 30, NULL, keys);
}

static enum quadas_answer saved_answer(const struct quadas_rating *r, const char *code)
{
	for (size_t i = 0; i < r->nanswers; i++)
		if (!strcmp(r->answers[i].code, code))
			return r->answers[i].answer;
	return QA_NONE;
}

/* ---- tests -------------------------------------------------------------- */

static void test_first_screen(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "");
	assert_line(d, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 0/5 judged");
	assert_line(d, 1, " · D1 Patient selection | · D2 Index test | · D3 Reference standard | "
			  "· D4 Flow and timing");
	assert_line(d, 2, " D1 Patient selection");
	assert_line(d, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [ ]");
	assert_line(d, 5, "  1.2 Was a case-control design avoided?                        [ ]");
	assert_line(d, 6, "  1.3 Did the study avoid inappropriate exclusions?             [ ]");
	assert_line(d, 8, "  Risk of bias: not judged (l, h, u)");
	assert_line(d, 9, "  Applicability concerns: not judged (l, h, u)");
	assert_line(d, 10, "  Support: none (s writes one)");
	assert_line(d, 12, "  Suggested from the answers: none yet (0 of 3 answered)");
	/* bob's rating of Smith 2019 is not alice's */
	assert_hides(d, "high");
	assert_int_equal(f->nsaves, 0);
	free(d);
	fake_free(f);
}

static void test_answers_suggest_low(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "yy<dump>y");
	assert_shows(d, "Suggested from the answers: none yet (2 of 3 answered)");
	const char *s = last_screen(d);
	assert_shows(s, "Suggested from the answers: low");
	assert_line(s, 4, "  1.1 Was a consecutive or random sample of patients enrolled?  [yes]");
	assert_line(s, 6, "  1.3 Did the study avoid inappropriate exclusions?             [yes]");
	/* answering moved the cursor down to the risk row */
	assert_line(s, 8, "> Risk of bias: not judged (l, h, u)");
	assert_shows(s, "Could the selection of patients have introduced bias?");
	assert_shows(s, "D1 Patient selection · unsaved");
	/* any "no" suggests high; unclear without a no suggests unclear */
	free(d);
	d = run(f, "yny");
	assert_shows(last_screen(d), "Suggested from the answers: high");
	free(d);
	d = run(f, "yuy");
	assert_shows(last_screen(d), "Suggested from the answers: unclear");
	free(d);
	assert_int_equal(f->nsaves, 0);
	fake_free(f);
}

static void test_departure_needs_note(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "yyyh<dump>w");
	assert_shows(d, "Risk of bias: high");
	assert_shows(d, "the judgement departs from the suggestion: add a supporting note (s)");
	const char *s = last_screen(d);
	assert_status_has(s, 30, "not saved: the judgement departs from the suggestion: add a "
			  "supporting note (s)");
	assert_int_equal(f->nsaves, 0);
	free(d);

	d = run(f, "yyyhsConvenience series of referred patients<enter>w");
	s = last_screen(d);
	assert_int_equal(f->nsaves, 1);
	const struct quadas_rating *r = &f->saves[0];
	assert_string_equal(r->study, "Smith 2019");
	assert_string_equal(r->rater, "alice");
	assert_string_equal(r->domain, "D1");
	assert_string_equal(r->index_test, "");
	assert_int_equal(r->risk, QL_HIGH);
	assert_int_equal(r->applicability, QL_NONE);
	assert_string_equal(r->support, "Convenience series of referred patients");
	assert_int_equal(r->nanswers, 3);
	assert_int_equal(saved_answer(r, "1.1"), QA_YES);
	assert_int_equal(saved_answer(r, "1.2"), QA_YES);
	assert_int_equal(saved_answer(r, "1.3"), QA_YES);
	assert_shows(s, "Support: Convenience series of referred patients");
	assert_shows(s, "the judgement departs from the suggestion; the note supports it");
	assert_hides(s, "add a supporting note (s)");
	assert_status_has(s, 30, "saved D1 Patient selection of Smith 2019");
	assert_hides(s, "unsaved");
	assert_shows(s, "- D1 Patient selection");
	free(d);

	/* reopened, the saved rating is there */
	d = run(f, "");
	assert_shows(d, "[yes]");
	assert_shows(d, "Risk of bias: high");
	assert_shows(d, "- D1 Patient selection");
	assert_shows(d, "1/5 judged");
	free(d);
	fake_free(f);
}

static void test_index_tests(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "]<dump>yyl<dump>t<dump>ynh<dump>w<dump>t");
	const char *s = d;
	assert_line(s, 2, " D2 Index test · index test DWI ADC (1/2) · t: next");
	assert_shows(s, "2.1 Were the index test results interpreted without knowledge of the");
	assert_shows(s, "2.2 If a threshold was used, was it pre-specified?");
	assert_int_equal(f->nsaves, 2);   /* by t, then by w */
	const struct quadas_rating *r = &f->saves[0];
	assert_string_equal(r->domain, "D2");
	assert_string_equal(r->index_test, "DWI ADC");
	assert_int_equal(r->risk, QL_LOW);
	assert_int_equal(saved_answer(r, "2.1"), QA_YES);
	assert_int_equal(saved_answer(r, "2.2"), QA_YES);
	s = strstr(s, "\f\n") + 2;   /* after yyl */
	s = strstr(s, "\f\n") + 2;   /* after t */
	assert_line(s, 2, " D2 Index test · index test T2 signal (2/2) · t: next");
	assert_shows(s, "Risk of bias: not judged");
	assert_hides(s, "[yes]");
	assert_status_has(s, 30, "saved D2 Index test · DWI ADC of Smith 2019");
	s = strstr(s, "\f\n") + 2;   /* after ynh: high as suggested, no note needed */
	assert_shows(s, "Suggested from the answers: high");
	assert_hides(s, "departs");
	assert_int_equal(f->nsaves, 2);
	r = &f->saves[1];
	assert_string_equal(r->index_test, "T2 signal");
	assert_int_equal(r->risk, QL_HIGH);
	assert_int_equal(saved_answer(r, "2.1"), QA_YES);
	assert_int_equal(saved_answer(r, "2.2"), QA_NO);
	/* the domain's symbol is the worst of its index tests */
	s = last_screen(d);
	assert_line(s, 2, " D2 Index test · index test DWI ADC (1/2) · t: next");
	assert_shows(s, "Risk of bias: low");
	assert_shows(s, "- D2 Index test");
	assert_shows(s, "2/5 judged");
	free(d);
	fake_free(f);
}

static void test_d2_without_index_tests_completes_study(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run_at(f, 100, 30, "Lee 2021", "]<dump>yyll<dump>w");
	assert_line(d, 2, " D2 Index test");
	assert_shows(d, "3/4 judged");
	const char *s = last_screen(d);
	assert_int_equal(f->nsaves, 1);
	assert_string_equal(f->saves[0].domain, "D2");
	assert_string_equal(f->saves[0].index_test, "");
	assert_int_equal(f->saves[0].risk, QL_LOW);
	assert_int_equal(f->saves[0].applicability, QL_LOW);
	assert_null(f->saves[0].support);
	/* every domain judged: complete, overall high (D4 is high) */
	char *title = screen_line(s, 0);
	assert_string_equal(title, " QUADAS-2 · Lee 2021 (2/2) · rater alice · overall: high (complete)");
	free(title);
	assert_line(s, 1, " + D1 Patient selection | + D2 Index test | + D3 Reference standard | "
			  "- D4 Flow and timing");
	free(d);
	fake_free(f);
}

static void test_dropped_question_not_shown(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "]]]");
	assert_line(d, 2, " D4 Flow and timing");
	assert_shows(d, "4.1 Was there an appropriate interval between index test(s) and reference");
	assert_shows(d, "4.2 Did all patients receive a reference standard?");
	assert_shows(d, "4.4 Were all patients included in the analysis?");
	assert_hides(d, "4.3");
	assert_hides(d, "Did patients receive the same reference standard?");
	/* D4 has no applicability row */
	assert_hides(d, "Applicability concerns");
	free(d);
	/* answering every shown question of D4 suggests; the save has three
	 * answers and no applicability */
	d = run(f, "]]]yyyl");
	assert_shows(d, "Suggested from the answers: low");
	free(d);
	d = run(f, "]]]yyylw");
	assert_int_equal(f->nsaves, 1);
	assert_int_equal(f->saves[0].nanswers, 3);
	assert_int_equal(f->saves[0].applicability, QL_NONE);
	assert_int_equal(saved_answer(&f->saves[0], "4.3"), QA_NONE);
	free(d);
	fake_free(f);
}

static void test_guidance_follows_cursor(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "<dump>j<dump>k");
	assert_shows(d, "Guidance: Consecutive means every eligible patient over the period;");
	assert_shows(d, "does not say how patients were chosen.");
	const char *s = strstr(d, "\f\n") + 2;
	assert_hides(s, "Guidance:");
	assert_shows(last_screen(d), "Guidance: Consecutive means");
	free(d);
	/* a question cut on the line is shown in full under the cursor */
	d = run_at(f, 80, 24, NULL, "]");
	assert_shows(d, "…  [ ]");
	assert_shows(d, "2.1 Were the index test results interpreted without knowledge of the");
	assert_shows(d, "of the reference standard?");
	free(d);
	fake_free(f);
}

static void test_record_view(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run_at(f, 80, 24, NULL, "r<dump><pgdn><pgdn><pgdn><end><dump><esc>");
	assert_shows(d, "Smith 2019 · the study's record · r, Esc or q returns to the form");
	assert_shows(d, "Diffusion-weighted MRI predicts response of colorectal liver");
	assert_shows(d, "https://pubmed.ncbi.nlm.nih.gov/30000001/");
	assert_shows(d, "Smith J, Müller A, 张伟");
	assert_hides(d, RECORD_MARKER);
	const char *s = strstr(d, "\f\n") + 2;
	assert_shows(s, RECORD_MARKER);
	assert_hides(s, "https://pubmed");
	s = last_screen(d);
	assert_line(s, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 0/5 judged");
	free(d);
	/* q and r return to the form too; q does not quit from the record */
	d = run_at(f, 80, 24, NULL, "rq<dump>r<dump>r<dump>y");
	assert_int_equal(count_dumps(d), 3);
	assert_shows(d, "QUADAS-2 · Smith 2019");
	assert_shows(last_screen(d), "[yes]");
	free(d);
	/* Up scrolls back; the top stays at the first line */
	d = run_at(f, 80, 24, NULL, "r<down><down><up><up><up>");
	assert_shows(d, "Smith 2019\n");
	free(d);
	/* a failing record is a status message */
	f->fail_record = true;
	d = run_at(f, 80, 24, NULL, "r");
	assert_status_has(d, 24, "no record for Smith 2019");
	assert_shows(d, "QUADAS-2 · Smith 2019");
	free(d);
	fake_free(f);
}

static void test_next_study_autosaves(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "yyyl<pgdn><dump><pgup>");
	assert_int_equal(f->nsaves, 1);
	const struct quadas_rating *r = &f->saves[0];
	assert_string_equal(r->study, "Smith 2019");
	assert_string_equal(r->domain, "D1");
	assert_int_equal(r->risk, QL_LOW);
	assert_int_equal(r->applicability, QL_NONE);
	assert_null(r->support);
	assert_line(d, 0, " QUADAS-2 · Lee 2021 (2/2) · rater alice · 3/4 judged");
	assert_status_has(d, 30, "saved D1 Patient selection of Smith 2019; now Lee 2021 (2/2)");
	const char *s = last_screen(d);
	assert_line(s, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 1/5 judged");
	assert_line(s, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [yes]");
	assert_shows(s, "Risk of bias: low");
	free(d);
	/* N and P too; nothing to save, nothing saved; no study past the last */
	d = run(f, "NNP");
	assert_int_equal(f->nsaves, 1);
	assert_line(d, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 1/5 judged");
	free(d);
	d = run(f, "N<pgdn>");
	assert_status_has(d, 30, "no next study");
	free(d);
	/* moving to another domain auto-saves too */
	d = run(f, "]uyu]");
	assert_int_equal(f->nsaves, 2);
	assert_string_equal(f->saves[1].index_test, "DWI ADC");
	assert_int_equal(f->saves[1].risk, QL_UNCLEAR);
	assert_line(d, 2, " D3 Reference standard");
	free(d);
	fake_free(f);
}

static void test_move_refused_when_unsupported(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "yyyh<pgdn><dump><pgdn><dump><pgup>");
	/* the unsaved judgement counts on screen */
	assert_line(d, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 1/5 judged");
	assert_status_has(d, 30, "not saved: add a supporting note (s), or PgDn again discards the "
			  "changes");
	assert_shows(d, "the judgement departs from the suggestion: add a supporting note (s)");
	const char *s = strstr(d, "\f\n") + 2;
	assert_line(s, 0, " QUADAS-2 · Lee 2021 (2/2) · rater alice · 3/4 judged");
	assert_int_equal(f->nsaves, 0);
	/* the discarded changes are gone */
	assert_hides(last_screen(d), "[yes]");
	free(d);
	/* the same for domains; another key in between forgets the warning */
	d = run(f, "yyyh]<dump>j]<dump>]<dump>[");
	assert_line(d, 2, " D1 Patient selection · unsaved");
	s = strstr(d, "\f\n") + 2;
	assert_line(s, 2, " D1 Patient selection · unsaved");
	s = strstr(s, "\f\n") + 2;
	assert_line(s, 2, " D2 Index test · index test DWI ADC (1/2) · t: next");
	s = last_screen(d);
	assert_line(s, 2, " D1 Patient selection");
	assert_hides(s, "[yes]");
	assert_int_equal(f->nsaves, 0);
	free(d);
	fake_free(f);
}

static void test_quit(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	/* unsupported changes: the first q warns, the second quits */
	char *d = run(f, "yyyhq<dump>q<dump>");
	assert_int_equal(count_dumps(d), 1);
	assert_status_has(d, 30, "unsaved changes: w saves, q again discards");
	assert_int_equal(f->nsaves, 0);
	free(d);
	/* valid changes are saved on the way out */
	d = run(f, "yyylq<dump>");
	assert_int_equal(count_dumps(d), 0);
	assert_int_equal(f->nsaves, 1);
	free(d);
	/* nothing changed: q quits at once */
	d = run(f, "q<dump>");
	assert_int_equal(count_dumps(d), 0);
	free(d);
	/* a failing save: warned, q again discards */
	f->fail_save = true;
	d = run(f, "]]yuq<dump>wq<dump>q<dump>");
	assert_int_equal(count_dumps(d), 2);
	assert_status_has(d, 30, "not saved: the database went away; q again discards the changes");
	const char *s = strstr(d, "\f\n") + 2;
	assert_status_has(s, 30, "not saved: the database went away; q again discards the changes");
	free(d);
	fake_free(f);
}

static void test_existing_ratings_shown(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run_at(f, 100, 30, "Lee 2021", "<dump>]]]");
	assert_line(d, 0, " QUADAS-2 · Lee 2021 (2/2) · rater alice · 3/4 judged");
	assert_line(d, 1, " + D1 Patient selection | · D2 Index test | + D3 Reference standard | "
			  "- D4 Flow and timing");
	assert_line(d, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [yes]");
	assert_line(d, 8, "  Risk of bias: low");
	assert_line(d, 9, "  Applicability concerns: low");
	assert_shows(d, "Suggested from the answers: low");
	const char *s = last_screen(d);
	assert_shows(s, "4.2 Did all patients receive a reference standard?");
	assert_shows(s, "[no]");
	assert_shows(s, "Risk of bias: high");
	assert_shows(s, "Support: Twelve patients had no reference standard.");
	assert_shows(s, "Suggested from the answers: high");
	assert_hides(s, "departs");
	free(d);
	/* the note can be cleared: an empty note (not NULL) is saved */
	d = run_at(f, 100, 30, "Lee 2021", "]]]s<c-u><enter>w");
	assert_int_equal(f->nsaves, 1);
	assert_non_null(f->saves[0].support);
	assert_string_equal(f->saves[0].support, "");
	assert_shows(d, "Support: none (s writes one)");
	free(d);
	fake_free(f);
}

static void test_note_editor(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "sMüller: 扩散<bs><dump><enter><dump>sxyz<esc><dump>s<c-u>abc<enter>w");
	assert_shows(d, "Support: Müller: 扩");
	assert_shows(d, "editing the note: Enter keeps · Esc cancels · Ctrl-U clears");
	const char *s = strstr(d, "\f\n") + 2;
	assert_shows(s, "> Support: Müller: 扩");
	assert_shows(s, "D1 Patient selection · unsaved");
	s = strstr(s, "\f\n") + 2;
	assert_shows(s, "Support: Müller: 扩");
	assert_hides(s, "xyz");
	assert_int_equal(f->nsaves, 1);
	assert_string_equal(f->saves[0].support, "abc");
	assert_int_equal(f->saves[0].risk, QL_NONE);
	assert_int_equal(f->saves[0].nanswers, 0);
	free(d);
	/* Enter on the Support row edits; elsewhere it moves down */
	d = run(f, "<enter><enter><enter><enter><enter><enter><c-u>note<enter>");
	assert_shows(d, "> Support: note");
	free(d);
	/* a long note while editing shows its end */
	d = run_at(f, 40, 24, NULL,
		   "sthe beginning of a long note that goes on past the edge END");
	assert_shows(d, "edge END");
	free(d);
	d = run(f, "w");
	assert_status_has(d, 30, "no changes to save");
	free(d);
	fake_free(f);
}

static void test_left_right_and_hints(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "<right><dump><right><dump><left><left><dump>jjj<right><dump><left>");
	const char *s = d;
	assert_line(s, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [yes]");
	s = strstr(s, "\f\n") + 2;
	assert_line(s, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [no]");
	s = strstr(s, "\f\n") + 2;
	assert_line(s, 4, "> 1.1 Was a consecutive or random sample of patients enrolled?  [unclear]");
	s = strstr(s, "\f\n") + 2;
	assert_line(s, 8, "> Risk of bias: low");
	assert_line(last_screen(d), 8, "> Risk of bias: unclear");
	free(d);
	/* l on a question, y on a judgement row: a hint, nothing set */
	d = run(f, "l");
	assert_status_has(d, 30, "on a question: y yes, n no, u unclear");
	free(d);
	d = run(f, "jjjy");
	assert_status_has(d, 30, "on a judgement row: l low, h high, u unclear");
	assert_shows(d, "Risk of bias: not judged");
	free(d);
	d = run(f, "]]]]<dump>[[[[<dump>t");
	assert_status_has(d, 30, "the last domain");
	assert_status_has(strstr(d, "\f\n") + 2, 30, "the first domain");
	assert_status_has(last_screen(d), 30, "t cycles the index tests of D2");
	free(d);
	d = run_at(f, 100, 30, "Lee 2021", "]t");
	assert_status_has(d, 30, "no index tests recorded for this study");
	free(d);
	assert_int_equal(f->nsaves, 0);
	fake_free(f);
}

static void test_help_lists_keys(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	char *d = run(f, "?<dump>y");
	assert_shows(d, "QUADAS-2 form: keys (any key closes)");
	const char *keys[] = { "Up k", "Down j", "answer yes", "judge low", "judge high", "Left",
			       "Right", "edit the supporting note", "] Tab", "next domain",
			       "previous domain", "next index test (D2)", "save (write)",
			       "PgDn N", "next study", "PgUp P", "previous study",
			       "the study's record", "this help", "quit" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_shows(d, keys[i]);
	/* the key that closes the help does nothing else */
	const char *s = last_screen(d);
	assert_hides(s, "QUADAS-2 form: keys");
	assert_hides(s, "[yes]");
	free(d);
	d = run_at(f, 80, 24, NULL, "?");
	assert_shows(d, "quit (saves)");
	free(d);
	fake_free(f);
}

static void test_small_terminals(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	const char *keys[] = { "", "]", "]]", "]]]", "?", "r", "s", "]t", "yyyh" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char *d = run_at(f, 80, 24, NULL, keys[i]);
		char *title = screen_line(d, 0);
		const char *form = " QUADAS-2 · Smith 2019 (1/2) · rater alice";
		const char *record = " Smith 2019 · the study's record";
		if (strncmp(title, form, strlen(form)) && strncmp(title, record, strlen(record)))
			fail_msg("title \"%s\" for keys \"%s\"", title, keys[i]);
		free(title);
		free(d);
	}
	/* at 80 columns the strip names only the current domain */
	char *d = run_at(f, 80, 24, NULL, "]");
	assert_line(d, 1, " · D1 | · D2 Index test | · D3 | · D4");
	assert_line(d, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 0/5 judged");
	free(d);
	/* a short terminal scrolls the questions to the cursor */
	d = run_at(f, 80, 15, NULL, "<dump>jj");
	assert_shows(d, "> 1.1 Was a consecutive");
	assert_hides(d, "1.2 Was a case-control");
	assert_shows(last_screen(d), "> 1.3 Did the study avoid inappropriate exclusions?");
	assert_hides(last_screen(d), "1.1 Was a consecutive");
	assert_shows(last_screen(d), "Risk of bias: not judged");
	free(d);
	/* tiny and shrinking terminals do not crash */
	const struct { int w, h; const char *keys; } tiny[] = {
		{ 1, 1, "" }, { 1, 1, "]]]?" }, { 10, 3, "r<pgdn>" }, { 20, 5, "yyyhs" },
		{ 30, 8, "]<down><down>" }, { 2, 40, "]]]" }, { 200, 2, "?" },
	};
	for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
		d = run_at(f, tiny[i].w, tiny[i].h, NULL, tiny[i].keys);
		free(d);
	}
	d = run_at(f, 80, 24, NULL, "<resize:5x2>]<resize:1x1>r<resize:3x3><esc>?<resize:80x24>x");
	assert_line(d, 0, " QUADAS-2 · Smith 2019 (1/2) · rater alice · 0/5 judged");
	free(d);
	assert_int_equal(f->nsaves, 0);
	fake_free(f);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct fake *f = fake_new();
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	struct sieve_error err = { 0 };
	struct view *v = view_quadas_new(&f->src, "alice", NULL, "Nobody 1999");
	assert_int_equal(tui_view_headless(v, 80, 24, "", &sb, &err), -1);
	assert_non_null(strstr(err.msg, "no study \"Nobody 1999\""));
	view_quadas_free(v);
	f->no_studies = true;
	sieve_error_clear(&err);
	v = view_quadas_new(&f->src, "alice", NULL, NULL);
	assert_int_equal(tui_view_headless(v, 80, 24, "", &sb, &err), -1);
	assert_non_null(strstr(err.msg, "no included studies yet"));
	view_quadas_free(v);
	strbuf_fini(&sb);
	fake_free(f);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_screen),
		cmocka_unit_test(test_answers_suggest_low),
		cmocka_unit_test(test_departure_needs_note),
		cmocka_unit_test(test_index_tests),
		cmocka_unit_test(test_d2_without_index_tests_completes_study),
		cmocka_unit_test(test_dropped_question_not_shown),
		cmocka_unit_test(test_guidance_follows_cursor),
		cmocka_unit_test(test_record_view),
		cmocka_unit_test(test_next_study_autosaves),
		cmocka_unit_test(test_move_refused_when_unsupported),
		cmocka_unit_test(test_quit),
		cmocka_unit_test(test_existing_ratings_shown),
		cmocka_unit_test(test_note_editor),
		cmocka_unit_test(test_left_right_and_hints),
		cmocka_unit_test(test_help_lists_keys),
		cmocka_unit_test(test_small_terminals),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
