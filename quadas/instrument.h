/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 data as plain structs: the instrument (domains and signalling
 * questions, as the review tailored them) and each rater's ratings. The
 * database code in schema/store_quadas.c fills them; the rules in quadas/
 * read them. */
#ifndef SIEVE_QUADAS_INSTRUMENT_H
#define SIEVE_QUADAS_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "judge.h"

/* The rater name of consensus ratings. */
#define QUADAS_CONSENSUS "consensus"

struct quadas_domain {
	char *code;            /* "D1" */
	char *name;            /* "Patient selection" */
	bool applicability;    /* rated for applicability concerns (D1-D3) */
	bool per_index_test;   /* rated once per index test (D2) */
	char *risk_question;   /* "Could the selection of patients have introduced bias?" */
	char *applicability_question;  /* NULL without applicability */
};

struct quadas_question {
	long long id;
	char *domain;          /* "D1" */
	char *code;            /* "1.1" */
	char *text;
	char *guidance;        /* the review's guidance, or NULL */
	bool dropped;          /* tailored out by the review */
	bool added;            /* added by the review */
};

/* The instrument the review uses (its tailored copy of a published tool). */
struct quadas_instrument {
	char *name, *version, *based_on;  /* based_on: "QUADAS-2 2011" */
	int revision;                     /* bumped by every tailoring */
	struct quadas_domain *d;
	size_t nd;
	struct quadas_question *q;        /* in order, dropped ones included */
	size_t nq;
};

/* Release every string and array of ins (all malloc'd) and zero it; a
 * zeroed instrument is fine. */
void quadas_instrument_fini(struct quadas_instrument *ins);

struct quadas_answer_row {
	char *code;                /* "1.1" */
	enum quadas_answer answer;
};

/* One rater's rating of one domain of a study (D2: per index test). */
struct quadas_rating {
	char *study, *rater, *domain, *index_test;  /* index_test "" unless per index test */
	enum quadas_level risk, applicability;      /* QL_NONE = not judged yet */
	char *support;                              /* supporting note, or NULL */
	char *agreed_by;                            /* consensus ratings: who recorded it */
	char *at;                                   /* "2026-11-28 21:40" */
	struct quadas_answer_row *answers;
	size_t nanswers;
};

/* Release n ratings whose strings and answer arrays are all malloc'd, and
 * the array itself (NULL is fine). */
void quadas_ratings_free(struct quadas_rating *rows, size_t n);

/* Whether a reviewer (who) sees rating r: all ratings when see_all (a lead,
 * or the review is not blinded), else only their own and the consensus. */
bool quadas_rating_visible(const struct quadas_rating *r, const char *who, bool see_all);

/* The rating's answer to question code; QA_NONE when it has none. */
enum quadas_answer quadas_rating_answer(const struct quadas_rating *r, const char *code);

#endif
