/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2: what a domain's answers suggest, and when a judgement departs
 * from that suggestion without the supporting note it needs. */
#ifndef SIEVE_QUADAS_DEPARTURE_H
#define SIEVE_QUADAS_DEPARTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "instrument.h"

/*
 * What the answers to domain's shown (not dropped) questions suggest
 * (quadas_suggest). ans holds one answer per instrument question, indexed
 * like ins->q (ins->nq of them; other domains' entries are ignored).
 * QL_NONE while a shown question is unanswered, and for a domain without
 * shown questions. Borrows everything.
 */
enum quadas_level quadas_domain_suggest(const struct quadas_instrument *ins, const char *domain,
					const enum quadas_answer *ans);

/* Whether judging risk when the answers suggest `suggested` lacks the
 * supporting note it needs: quadas_needs_support, and support is NULL or "". */
bool quadas_unsupported(enum quadas_level suggested, enum quadas_level risk, const char *support);

/*
 * The stored rating that a change to (domain, index_test) updates, among
 * one rater's ratings of one study (rows, n): with index_test NULL the last
 * rating of the domain whatever its index test (the store names the only
 * index test itself), else the one of that index test. NULL when none.
 * The result points into rows.
 */
const struct quadas_rating *quadas_rating_find(const struct quadas_rating *rows, size_t n,
					       const char *domain, const char *index_test);

/* A rating after a change, checked against the answers' suggestion. */
struct quadas_departure {
	enum quadas_level suggested;  /* what the answers suggest */
	enum quadas_level risk;       /* the judgement after the change */
	bool unsupported;             /* departs from the suggestion without a note */
};

/*
 * The change (its domain, answers, risk and support) applied over old (the
 * stored rating, or NULL): each shown question of the domain takes the
 * change's answer, else old's, else none; risk and support are the
 * change's when set (risk not QL_NONE, support not NULL), else old's.
 * suggested is quadas_suggest over those answers; as the command line
 * always did, a domain whose questions are all dropped suggests low (the
 * form, quadas_domain_suggest, shows no suggestion then). Borrows
 * everything; no allocation survives the call.
 */
struct quadas_departure quadas_departure_check(const struct quadas_instrument *ins,
					       const struct quadas_rating *old,
					       const struct quadas_rating *change);

#endif
