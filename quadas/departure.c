/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2: what a domain's answers suggest, and when a judgement departs
 * from that suggestion without the supporting note it needs. */
#include "departure.h"
#include "../lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum quadas_level quadas_domain_suggest(const struct quadas_instrument *ins, const char *domain,
					const enum quadas_answer *ans)
{
	enum quadas_answer *a = xcalloc(ins->nq ? ins->nq : 1, sizeof *a);
	size_t n = 0;
	bool unanswered = false;
	for (size_t i = 0; i < ins->nq; i++) {
		if (ins->q[i].dropped || strcmp(ins->q[i].domain, domain))
			continue;
		unanswered |= ans[i] == QA_NONE;
		a[n++] = ans[i];
	}
	enum quadas_level l = n == 0 || unanswered ? QL_NONE : quadas_suggest(a, n);
	free(a);
	return l;
}

bool quadas_unsupported(enum quadas_level suggested, enum quadas_level risk, const char *support)
{
	return quadas_needs_support(suggested, risk) && !(support && *support);
}

const struct quadas_rating *quadas_rating_find(const struct quadas_rating *rows, size_t n,
					       const char *domain, const char *index_test)
{
	const struct quadas_rating *found = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].domain, domain) &&
		    (!index_test || !strcmp(rows[i].index_test, index_test)))
			found = &rows[i];
	return found;
}

struct quadas_departure quadas_departure_check(const struct quadas_instrument *ins,
					       const struct quadas_rating *old,
					       const struct quadas_rating *change)
{
	enum quadas_answer *a = xcalloc(ins->nq ? ins->nq : 1, sizeof *a);
	size_t k = 0;
	for (size_t i = 0; i < ins->nq; i++) {
		const struct quadas_question *q = &ins->q[i];
		if (strcmp(q->domain, change->domain) || q->dropped)
			continue;
		a[k] = QA_NONE;
		for (size_t j = 0; old && j < old->nanswers; j++)
			if (!strcmp(old->answers[j].code, q->code))
				a[k] = old->answers[j].answer;
		for (size_t j = 0; j < change->nanswers; j++)
			if (!strcmp(change->answers[j].code, q->code))
				a[k] = change->answers[j].answer;
		k++;
	}
	struct quadas_departure d;
	d.suggested = quadas_suggest(a, k);
	free(a);
	d.risk = change->risk ? change->risk : old ? old->risk : QL_NONE;
	const char *support = change->support ? change->support : old ? old->support : NULL;
	d.unsupported = quadas_unsupported(d.suggested, d.risk, support);
	return d;
}
