/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2: the instrument (versioned data the review can tailor), index
 * tests, and each rater's ratings with their signalling answers. */
#ifndef SIEVE_STORE_QUADAS_H
#define SIEVE_STORE_QUADAS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "../quadas/judge.h"

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

int store_quadas_instrument(struct db *db, struct quadas_instrument *out, struct sieve_error *err);
void quadas_instrument_fini(struct quadas_instrument *ins);

/* Tailor the review's instrument. add: a new question at the end of the
 * domain (code "2.3" etc. returned in *code, malloc'd); drop; reword;
 * guidance (NULL or "" clears). Unknown domain or code: SIEVE_ERR_DATA. */
int store_quadas_tailor_add(struct db *db, const char *domain, const char *text, char **code,
			    struct sieve_error *err);
int store_quadas_tailor_drop(struct db *db, const char *code, struct sieve_error *err);
int store_quadas_tailor_reword(struct db *db, const char *code, const char *text,
			       struct sieve_error *err);
int store_quadas_tailor_guidance(struct db *db, const char *code, const char *guidance,
				 struct sieve_error *err);

/* Index tests of a study, in the order added (none: a per-index-test
 * domain is rated once, with index test ""). add is idempotent. */
int store_quadas_index_tests(struct db *db, const char *study, char ***names, size_t *n,
			     struct sieve_error *err);
int store_quadas_index_test_add(struct db *db, const char *study, const char *name,
				struct sieve_error *err);

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

/*
 * Create or update the rating (study, rater, domain, index test): risk and
 * applicability replace the stored ones when set (QL_NONE keeps them),
 * support replaces when not NULL, and each answer given replaces that
 * question's answer (others are kept). An unknown study, domain, question
 * code (or one of another domain, or dropped), rater, or applicability for
 * D4 is SIEVE_ERR_DATA and nothing is stored. agreed_by is required for
 * consensus ratings, and must be a lead, and ignored otherwise. The database
 * refuses a rating in another reviewer's name (0008).
 */
int store_quadas_set(struct db *db, const struct quadas_rating *r, struct sieve_error *err);

/* Ratings (study and/or rater filter when not NULL), ordered by study,
 * domain, index test, rater (consensus last). While the review is blinded,
 * a reviewer who is not a lead gets only their own and the consensus. */
int store_quadas_ratings(struct db *db, const char *study, const char *rater,
			 struct quadas_rating **rows, size_t *n, struct sieve_error *err);
void quadas_ratings_free(struct quadas_rating *rows, size_t n);

/* Copy rater's ratings of study (all domains) to consensus, recorded by
 * agreed_by, who must be a lead; none is an error. */
int store_quadas_consensus_use(struct db *db, const char *study, const char *rater,
			       const char *agreed_by, long long *copied, struct sieve_error *err);

/* The study's first record as text for reading beside the form: title,
 * authors, journal and year, PMID/DOI with a link, abstract. *text malloc'd;
 * a study without records gives a short note. */
int store_quadas_study_record(struct db *db, const char *study, char **text,
			      struct sieve_error *err);

#endif
