/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 consensus: where the raters disagree (per signalling question,
 * risk and applicability), whether a consensus settles it, and the pairs of
 * risk judgements for agreement (Cohen's kappa) per domain. */
#ifndef SIEVE_QUADAS_CONSENSUS_H
#define SIEVE_QUADAS_CONSENSUS_H

#include <stdbool.h>
#include <stddef.h>

#include "instrument.h"
#include "report.h"

/* The ratings of one study, domain and index test by two or more raters. */
struct quadas_group {
	size_t first, n;        /* the raters' ratings: rows[first .. first + n) */
	const struct quadas_rating *consensus;  /* the consensus rating, or NULL */
	size_t *questions;      /* indexes into ins->q of the domain's questions the
				   raters answer differently (dropped ones too) */
	size_t nquestions;
	bool risk, applicability;  /* the raters judge it differently */
};

/* One domain's pairs of risk judgements, as codes 0 low, 1 high,
 * 2 unclear, for agree_cohen_codes (a: the first rater by name). a and b
 * are never NULL, also without pairs. */
struct quadas_kappa_pairs {
	int *a, *b;
	size_t n;
};

struct quadas_consensus {
	struct quadas_group *groups;  /* every group rated by two or more raters */
	size_t ngroups;
	long disagreements;           /* questions, risks and applicabilities that differ */
	long open;                    /* groups with disagreements and no consensus */
	const char *raters[2];        /* the first two raters seen (consensus excluded) */
	bool more_raters;             /* a third one too: no kappa */
	struct quadas_kappa_pairs kappa[QUADAS_RISK_DOMAINS];  /* D1-D4 */
};

/*
 * Disagreements among ratings rows (n) ordered by study, domain, index test
 * and rater, with the consensus last in its group (as store_quadas_ratings
 * returns them); questions come from ins. A group counts its disagreements
 * in instrument order of its domain's questions, then risk, then
 * applicability; it is open when it has one and no consensus. kappa[d]
 * gets a pair for each group of domain D(d+1) rated by exactly two raters
 * who both judged risk. Pointers in *out borrow rows and ins; release with
 * quadas_consensus_fini. Only allocation can fail, and it aborts.
 */
void quadas_consensus_init(struct quadas_consensus *out, const struct quadas_instrument *ins,
			   const struct quadas_rating *rows, size_t n);
void quadas_consensus_fini(struct quadas_consensus *c);

/* Whether group g has any disagreement. */
static inline bool quadas_group_disagrees(const struct quadas_group *g)
{
	return g->nquestions || g->risk || g->applicability;
}

#endif
