/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2 judgement rules: the suggestion from signalling questions, the
 * study-level overall judgement, when a supporting note is required. */
#include "judge.h"

#include <strings.h>

const char *quadas_answer_name(enum quadas_answer a)
{
	switch (a) {
	case QA_YES: return "yes";
	case QA_NO: return "no";
	case QA_UNCLEAR: return "unclear";
	default: return "";
	}
}

bool quadas_answer_parse(const char *s, enum quadas_answer *out)
{
	if (!s)
		return false;
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "y"))
		*out = QA_YES;
	else if (!strcasecmp(s, "no") || !strcasecmp(s, "n"))
		*out = QA_NO;
	else if (!strcasecmp(s, "unclear") || !strcasecmp(s, "u"))
		*out = QA_UNCLEAR;
	else
		return false;
	return true;
}

const char *quadas_level_name(enum quadas_level l)
{
	switch (l) {
	case QL_LOW: return "low";
	case QL_HIGH: return "high";
	case QL_UNCLEAR: return "unclear";
	default: return "";
	}
}

bool quadas_level_parse(const char *s, enum quadas_level *out)
{
	if (!s)
		return false;
	if (!strcasecmp(s, "low") || !strcasecmp(s, "l"))
		*out = QL_LOW;
	else if (!strcasecmp(s, "high") || !strcasecmp(s, "h"))
		*out = QL_HIGH;
	else if (!strcasecmp(s, "unclear") || !strcasecmp(s, "u"))
		*out = QL_UNCLEAR;
	else
		return false;
	return true;
}

enum quadas_level quadas_suggest(const enum quadas_answer *a, size_t n)
{
	bool no = false, unclear = false;
	for (size_t i = 0; i < n; i++) {
		if (a[i] == QA_NONE)
			return QL_NONE;
		no |= a[i] == QA_NO;
		unclear |= a[i] == QA_UNCLEAR;
	}
	return no ? QL_HIGH : unclear ? QL_UNCLEAR : QL_LOW;
}

bool quadas_needs_support(enum quadas_level suggested, enum quadas_level risk)
{
	return suggested != QL_NONE && risk != QL_NONE && suggested != risk;
}

enum quadas_level quadas_overall(const enum quadas_level *l, size_t n)
{
	bool high = false, unclear = false;
	for (size_t i = 0; i < n; i++) {
		if (l[i] == QL_NONE)
			return QL_NONE;
		high |= l[i] == QL_HIGH;
		unclear |= l[i] == QL_UNCLEAR;
	}
	return high ? QL_HIGH : unclear ? QL_UNCLEAR : QL_LOW;
}
