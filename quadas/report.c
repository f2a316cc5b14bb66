/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 report: per study (and index test), the judgement that counts
 * in each domain, and the study-level overall judgements. */
#include "report.h"
#include "../lib/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *quadas_per_test_domain(const struct quadas_instrument *ins)
{
	const char *per_test = "";
	for (size_t d = 0; d < ins->nd; d++)
		if (ins->d[d].per_index_test)
			per_test = ins->d[d].code;
	return per_test;
}

const struct quadas_rating *quadas_report_rating(const struct quadas_rating *r, size_t n,
						 const char *study, const char *domain,
						 const char *index_test)
{
	const struct quadas_rating *cons = NULL, *first = NULL;
	bool agree = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].study, study) || strcmp(r[i].domain, domain))
			continue;
		if (index_test && strcmp(r[i].index_test, index_test))
			continue;
		if (!strcmp(r[i].rater, QUADAS_CONSENSUS))
			cons = &r[i];
		else if (!first)
			first = &r[i];
		else if (r[i].risk != first->risk || r[i].applicability != first->applicability)
			agree = false;
	}
	return cons ? cons : agree ? first : NULL;
}

/* The index tests named by study's ratings of the per-test domain, in the
 * order first seen (borrowed from r; *tests malloc'd). */
static size_t study_tests(const struct quadas_rating *r, size_t n, const char *study,
			  const char *per_test, const char ***tests)
{
	const char **v = xcalloc(n ? n : 1, sizeof *v);
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].study, study) || strcmp(r[i].domain, per_test) || !*r[i].index_test)
			continue;
		size_t t;
		for (t = 0; t < nt && strcmp(v[t], r[i].index_test); t++)
			;
		if (t == nt)
			v[nt++] = r[i].index_test;
	}
	*tests = v;
	return nt;
}

size_t quadas_report_rows(const struct quadas_rating *r, size_t n, char *const *studies,
			  size_t nst, const char *per_test, struct quadas_report_row **rows)
{
	struct quadas_report_row *v = NULL;
	size_t k = 0, cap = 0;
	for (size_t s = 0; s < nst; s++) {
		const char **tests;
		size_t nt = study_tests(r, n, studies[s], per_test, &tests);
		for (size_t t = 0; t < (nt ? nt : 1); t++) {
			if (k == cap) {
				cap = cap ? 2 * cap : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			struct quadas_report_row *row = &v[k++];
			memset(row, 0, sizeof *row);
			row->label = nt > 1 ? xasprintf("%s (%s)", studies[s], tests[t])
					    : xstrdup(studies[s]);
			for (int d = 0; d < QUADAS_RISK_DOMAINS; d++) {
				char dom[3] = { 'D', (char)('1' + d), 0 };
				const char *test = nt && !strcmp(dom, per_test) ? tests[t] : NULL;
				const struct quadas_rating *use =
					quadas_report_rating(r, n, studies[s], dom, test);
				if (!use)
					continue;
				row->risk[d] = use->risk;
				if (d < QUADAS_APPLICABILITY_DOMAINS)
					row->applicability[d] = use->applicability;
			}
			row->overall_risk = quadas_overall(row->risk, QUADAS_RISK_DOMAINS);
			row->overall_applicability =
				quadas_overall(row->applicability, QUADAS_APPLICABILITY_DOMAINS);
		}
		free(tests);
	}
	*rows = v ? v : xcalloc(1, sizeof *v);
	return k;
}

void quadas_report_rows_free(struct quadas_report_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		free(rows[i].label);
	free(rows);
}

void quadas_report_count(const struct quadas_report_row *rows, size_t n,
			 struct quadas_report_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		for (int d = 0; d < QUADAS_RISK_DOMAINS; d++)
			if ((unsigned)rows[i].risk[d] < 4)
				out->risk[d][rows[i].risk[d]]++;
		for (int d = 0; d < QUADAS_APPLICABILITY_DOMAINS; d++)
			if ((unsigned)rows[i].applicability[d] < 4)
				out->applicability[d][rows[i].applicability[d]]++;
	}
}
