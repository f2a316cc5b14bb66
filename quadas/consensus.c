/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 consensus: where the raters disagree, whether a consensus
 * settles it, and the pairs of risk judgements for kappa per domain. */
#include "consensus.h"
#include "../lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool same_key(const struct quadas_rating *a, const struct quadas_rating *b)
{
	return !strcmp(a->study, b->study) && !strcmp(a->domain, b->domain) &&
	       !strcmp(a->index_test, b->index_test);
}

static void note_rater(struct quadas_consensus *c, const char *x)
{
	if ((c->raters[0] && !strcmp(c->raters[0], x)) || (c->raters[1] && !strcmp(c->raters[1], x)))
		return;
	if (!c->raters[0])
		c->raters[0] = x;
	else if (!c->raters[1])
		c->raters[1] = x;
	else
		c->more_raters = true;
}

/* The differences among the raters' ratings rows[lo .. end). */
static void find_differences(struct quadas_group *g, const struct quadas_instrument *ins,
			     const struct quadas_rating *rows, size_t lo, size_t end)
{
	const struct quadas_rating *r0 = &rows[lo];
	g->questions = xcalloc(ins->nq ? ins->nq : 1, sizeof *g->questions);
	for (size_t q = 0; q < ins->nq; q++) {
		if (strcmp(ins->q[q].domain, r0->domain))
			continue;
		enum quadas_answer a0 = quadas_rating_answer(r0, ins->q[q].code);
		bool differ = false;
		for (size_t i = lo + 1; i < end; i++)
			differ |= quadas_rating_answer(&rows[i], ins->q[q].code) != a0;
		if (differ)
			g->questions[g->nquestions++] = q;
	}
	for (size_t i = lo + 1; i < end; i++) {
		g->risk |= rows[i].risk != r0->risk;
		g->applicability |= rows[i].applicability != r0->applicability;
	}
}

static void add_pair(struct quadas_kappa_pairs *p, int a, int b)
{
	p->a[p->n] = a;
	p->b[p->n] = b;
	p->n++;
}

void quadas_consensus_init(struct quadas_consensus *out, const struct quadas_instrument *ins,
			   const struct quadas_rating *rows, size_t n)
{
	memset(out, 0, sizeof *out);
	out->groups = xcalloc(n ? n : 1, sizeof *out->groups);
	for (int d = 0; d < QUADAS_RISK_DOMAINS; d++) {
		out->kappa[d].a = xcalloc(n ? n : 1, sizeof *out->kappa[d].a);
		out->kappa[d].b = xcalloc(n ? n : 1, sizeof *out->kappa[d].b);
	}
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo;
		bool has_cons = false;
		while (hi < n && same_key(&rows[hi], &rows[lo])) {
			has_cons |= !strcmp(rows[hi].rater, QUADAS_CONSENSUS);
			hi++;
		}
		size_t end = hi - has_cons;
		for (size_t i = lo; i < end; i++)
			note_rater(out, rows[i].rater);
		if (end - lo >= 2) {
			struct quadas_group *g = &out->groups[out->ngroups++];
			g->first = lo;
			g->n = end - lo;
			g->consensus = has_cons ? &rows[hi - 1] : NULL;
			find_differences(g, ins, rows, lo, end);
			out->disagreements += (long)g->nquestions + g->risk + g->applicability;
			if (quadas_group_disagrees(g) && !has_cons)
				out->open++;
			int d = rows[lo].domain[1] - '1';
			if (end - lo == 2 && d >= 0 && d < QUADAS_RISK_DOMAINS && rows[lo].risk &&
			    rows[lo + 1].risk)
				add_pair(&out->kappa[d], (int)rows[lo].risk - 1,
					 (int)rows[lo + 1].risk - 1);
		}
		lo = hi;
	}
}

void quadas_consensus_fini(struct quadas_consensus *c)
{
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].questions);
	free(c->groups);
	for (int d = 0; d < QUADAS_RISK_DOMAINS; d++) {
		free(c->kappa[d].a);
		free(c->kappa[d].b);
	}
	memset(c, 0, sizeof *c);
}
