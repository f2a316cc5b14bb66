/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 data as plain structs: releasing them, reading a rating. */
#include "instrument.h"

#include <stdlib.h>
#include <string.h>

void quadas_instrument_fini(struct quadas_instrument *ins)
{
	for (size_t i = 0; i < ins->nd; i++) {
		free(ins->d[i].code);
		free(ins->d[i].name);
		free(ins->d[i].risk_question);
		free(ins->d[i].applicability_question);
	}
	for (size_t i = 0; i < ins->nq; i++) {
		free(ins->q[i].domain);
		free(ins->q[i].code);
		free(ins->q[i].text);
		free(ins->q[i].guidance);
	}
	free(ins->d);
	free(ins->q);
	free(ins->name);
	free(ins->version);
	free(ins->based_on);
	memset(ins, 0, sizeof *ins);
}

void quadas_ratings_free(struct quadas_rating *rows, size_t n)
{
	for (size_t i = 0; i < n && rows; i++) {
		free(rows[i].study);
		free(rows[i].rater);
		free(rows[i].domain);
		free(rows[i].index_test);
		free(rows[i].support);
		free(rows[i].agreed_by);
		free(rows[i].at);
		for (size_t k = 0; k < rows[i].nanswers; k++)
			free(rows[i].answers[k].code);
		free(rows[i].answers);
	}
	free(rows);
}

bool quadas_rating_visible(const struct quadas_rating *r, const char *who, bool see_all)
{
	return see_all || !strcmp(r->rater, who) || !strcmp(r->rater, QUADAS_CONSENSUS);
}

enum quadas_answer quadas_rating_answer(const struct quadas_rating *r, const char *code)
{
	for (size_t i = 0; i < r->nanswers; i++)
		if (!strcmp(r->answers[i].code, code))
			return r->answers[i].answer;
	return QA_NONE;
}
