/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 storage: the instrument (versioned data the review can tailor),
 * index tests, and each rater's ratings with their signalling answers. The
 * types and every rule are in quadas/; this only stores and loads. */
#ifndef SIEVE_STORE_QUADAS_H
#define SIEVE_STORE_QUADAS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "../quadas/instrument.h"

/* The review's instrument into *out (quadas_instrument_fini releases it);
 * none in use is SIEVE_ERR_DATA. */
int store_quadas_instrument(struct db *db, struct quadas_instrument *out, struct sieve_error *err);

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
