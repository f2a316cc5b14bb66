/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 judgement rules: the suggestion from signalling questions, the
 * study-level overall judgement, when a supporting note is required. */
#ifndef SIEVE_QUADAS_JUDGE_H
#define SIEVE_QUADAS_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

/* Answers to signalling questions. */
enum quadas_answer { QA_NONE = 0, QA_YES, QA_NO, QA_UNCLEAR };
/* Risk of bias, and concern about applicability, use the same levels. */
enum quadas_level { QL_NONE = 0, QL_LOW, QL_HIGH, QL_UNCLEAR };

/* "yes", "no", "unclear" ("" for QA_NONE); parse is case-insensitive and
 * accepts y/n/u too. Parse returns false for anything else. */
const char *quadas_answer_name(enum quadas_answer a);
bool quadas_answer_parse(const char *s, enum quadas_answer *out);
/* "low", "high", "unclear" ("" for QL_NONE); parse accepts l/h/u too. */
const char *quadas_level_name(enum quadas_level l);
bool quadas_level_parse(const char *s, enum quadas_level *out);

/*
 * The judgement the answers suggest (Whiting et al. 2011): all "yes" ->
 * low; any "no" -> high (a "no" flags potential bias; the reviewer judges);
 * otherwise any "unclear" -> unclear (information missing). QL_NONE when
 * a question is unanswered.
 */
enum quadas_level quadas_suggest(const enum quadas_answer *a, size_t n);

/* Whether judging risk when the answers suggest `suggested` needs a
 * supporting note: whenever the two differ (and both are set). */
bool quadas_needs_support(enum quadas_level suggested, enum quadas_level risk);

/* The study-level overall judgement of n domain judgements: low only if
 * every domain is low; high if any is high; otherwise unclear; QL_NONE
 * while any domain is not judged. No summary score. */
enum quadas_level quadas_overall(const enum quadas_level *l, size_t n);

#endif
