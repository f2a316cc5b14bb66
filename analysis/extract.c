/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One row of extracted data (a group statistic of a measurement): check, normalise, derive. */
#include "extract.h"
#include "../lib/number.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const extract_col_name[EXTRACT_NCOLS] = {
#define X(id, name, help) name,
	EXTRACT_COLUMNS(X)
#undef X
};

const char *const extract_col_help[EXTRACT_NCOLS] = {
#define X(id, name, help) help,
	EXTRACT_COLUMNS(X)
#undef X
};

static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

static bool ascii_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
	return true;
}

int extract_col_find(const char *name)
{
	for (int i = 0; i < EXTRACT_NCOLS; i++)
		if (!ascii_casecmp(name, extract_col_name[i]))
			return i;
	return -1;
}

bool extract_col_is_measurement(enum extract_col c)
{
	return (c >= EXTRACT_C_PARAMETER && c <= EXTRACT_C_UNIT) ||
	       (c >= EXTRACT_C_CUTOFF && c <= EXTRACT_C_NOTE);
}

struct ctx {
	struct extract_row *r;
	char *msg;
	size_t msgsz;
	int *bad_col;
};

static int fail(struct ctx *c, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, int col, const char *fmt, ...)
{
	int n = snprintf(c->msg, c->msgsz, "%s: ", extract_col_name[col]);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->msgsz)
		vsnprintf(c->msg + n, c->msgsz - (size_t)n, fmt, ap);
	va_end(ap);
	*c->bad_col = col;
	return -1;
}

static const char *txt(const struct extract_row *r, int col)
{
	return r->text[col];
}

static bool empty(const struct extract_row *r, int col)
{
	const char *s = r->text[col];
	return !*s || !strcmp(s, "NA") || !strcmp(s, "na") || !ascii_casecmp(s, "nan");
}

/* A finite number, with nothing after it but blanks. */
static int number(struct ctx *c, int col, double *out)
{
	*out = NAN;
	if (empty(c->r, col))
		return 0;
	const char *s = txt(c->r, col);
	char buf[64];
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	double v;
	if (len >= sizeof buf)
		return fail(c, col, "'%s' is not a number", s);
	memcpy(buf, s, len);
	buf[len] = 0;
	if (!num_parse_double(buf, &v))
		return fail(c, col, "'%s' is not a number", s);
	*out = v;
	return 0;
}

static int integer(struct ctx *c, int col, long lo, long hi, long *out, bool *has)
{
	*has = false;
	double v;
	if (number(c, col, &v))
		return -1;
	if (isnan(v))
		return 0;
	if (v != floor(v) || v < (double)lo || v > (double)hi)
		return fail(c, col, "'%s' is not a whole number from %ld to %ld", txt(c->r, col), lo, hi);
	*out = (long)v;
	*has = true;
	return 0;
}

/*
 * An SD of the row's parameter, normalised, checked against the plausible
 * range for the group's n (units_sd_range). shown is how the message names
 * the value: the entered text, or a description of a derived SD; raw is
 * the number as entered (for the unit hint; NAN for a derived SD).
 */
static int sd_check(struct ctx *c, int col, const char *shown, double raw, double sd)
{
	struct extract_row *r = c->r;
	bool change = r->timepoint == TP_CHANGE;
	if (sd < 0)
		return fail(c, col, "%s is negative", shown);
	if (sd == 0)
		return fail(c, col, "%s is not a plausible SD: an SD must be above 0 (a study "
			    "with no variance would get infinite weight)", shown);
	double lo, hi;
	if (!units_sd_range(r->param, r->n, change, &lo, &hi))
		return fail(c, col, "%s: a group of n = %ld has no SD", shown, r->n);
	if (sd >= lo && sd <= hi)
		return 0;
	if (r->param == PARAM_OTHER)
		return fail(c, col, "%s is not a usable SD (%.3g to %.3g)", shown, lo, hi);
	const char *hint = isnan(raw) ? NULL : units_suggest_sd(r->param, r->n, change, raw);
	return fail(c, col, "%s is not a plausible %s SD%s in %s (%.3g to %.3g %s for n = "
		    "%ld)%s%s%s", shown, units_param_name(r->param), change ? " of a change" : "",
		    txt(r, EXTRACT_C_UNIT), lo, hi, r->norm_unit, r->n,
		    hint ? "; was it in " : "", hint ? hint : "", hint ? "?" : "");
}

/* A value of the row's parameter in its unit, normalised into *out: a
 * location (mean, median, quartile, extreme, cut-off) or, is_sd, an SD. A
 * change from baseline may be negative: its size is checked up to the
 * range's upper limit. */
static int value(struct ctx *c, int col, bool is_sd, double *out)
{
	struct extract_row *r = c->r;
	double v;
	if (number(c, col, &v))
		return -1;
	if (isnan(v))
		return 0;
	const char *unit = txt(r, EXTRACT_C_UNIT);
	bool change = r->timepoint == TP_CHANGE && !is_sd;
	int rc = units_normalise(r->param, unit, change ? fabs(v) : v, is_sd || change, out);
	if (rc != UNITS_OK && rc != UNITS_IMPLAUSIBLE)
		return fail(c, col, "%s in '%s': %s", txt(r, col), unit, units_strerror(rc));
	if (is_sd)
		return sd_check(c, col, txt(r, col), v, *out);
	if (rc == UNITS_OK) {
		if (change && v < 0)
			*out = -*out;
		return 0;
	}
	if (r->param == PARAM_OTHER)
		return fail(c, col, "%s is too large to use (at most %g in magnitude)", txt(r, col),
			    UNITS_OTHER_MAX);
	double lo = 0, hi = 0;
	units_range(r->param, &lo, &hi);
	if (change)
		return fail(c, col, "%s is not a plausible %s change in %s (at most %g %s "
			    "either way)", txt(r, col), units_param_name(r->param), unit, hi,
			    r->norm_unit);
	const char *hint = units_suggest(r->param, v);
	return fail(c, col, "%s is not a plausible %s in %s (%g to %g %s)%s%s%s", txt(r, col),
		    units_param_name(r->param), unit, lo, hi, r->norm_unit,
		    hint ? "; was it in " : "", hint ? hint : "", hint ? "?" : "");
}

static int proportion(struct ctx *c, int col, double *out)
{
	if (number(c, col, out))
		return -1;
	if (!isnan(*out) && (*out < 0 || *out > 1))
		return fail(c, col, "%s is not a proportion from 0 to 1%s", txt(c->r, col),
			    *out > 1 && *out <= 100 ? " (write 85% as 0.85)" : "");
	return 0;
}

/* text[col] must be one of the words (case-insensitive); it becomes the
 * canonical spelling words[i]. Returns i, or -1 after fail(). */
static int choice(struct ctx *c, int col, const char *const *words, const char *list)
{
	for (int i = 0; words[i]; i++)
		if (!ascii_casecmp(txt(c->r, col), words[i])) {
			c->r->text[col] = words[i];
			return i;
		}
	fail(c, col, "'%s' is not one of %s", txt(c->r, col), list);
	return -1;
}

static int check_measurement(struct ctx *c)
{
	struct extract_row *r = c->r;
	const char *p = txt(r, EXTRACT_C_PARAMETER);
	if (!*p)
		r->text[EXTRACT_C_PARAMETER] = p = "adc";
	if (ascii_prefix(p, "other:") && p[6]) {
		r->param = PARAM_OTHER;
	} else if (units_param_parse(p, &r->param)) {
		if (r->param == PARAM_OTHER)
			return fail(c, EXTRACT_C_PARAMETER, "write other:NAME, e.g. other:ADC ratio");
		r->text[EXTRACT_C_PARAMETER] = units_param_name(r->param);
	} else {
		return fail(c, EXTRACT_C_PARAMETER, "'%s' is not one of adc, ivim-d, ivim-dstar, "
			    "ivim-f, dki-d, dki-k, other:NAME", p);
	}

	static const char *const tps[] = { "baseline", "early", "post", "change", NULL };
	if (*txt(r, EXTRACT_C_TIMEPOINT)) {
		int t = choice(c, EXTRACT_C_TIMEPOINT, tps, "baseline, early, post, change");
		if (t < 0)
			return -1;
		r->timepoint = (enum extract_timepoint)(t + 1);
	}
	long days = 0;
	if (integer(c, EXTRACT_C_DAYS, -365, 3650, &days, &r->has_days))
		return -1;
	r->days = (int)days;
	if (r->timepoint == TP_EARLY && !r->has_days)
		return fail(c, EXTRACT_C_DAYS, "required for an early timepoint (days from the start "
			    "of treatment)");

	const char *b = txt(r, EXTRACT_C_BVALUES);
	for (const char *s = b; *s;) {
		if (strchr(" ,;/-", *s)) {
			s++;
			continue;
		}
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 10000 || (*end && !strchr(" ,;/-", *end)))
			return fail(c, EXTRACT_C_BVALUES, "'%s' is not a list of b-values (0 to 10000 "
				    "s/mm^2), e.g. 0 500 1000", b);
		s = end;
	}

	r->field = NAN;
	const char *f = txt(r, EXTRACT_C_FIELD);
	if (*f) {
		char buf[32];
		size_t len = strlen(f);
		while (len && (f[len - 1] == ' ' || f[len - 1] == 'T' || f[len - 1] == 't'))
			len--;
		double t = NAN;
		if (len < sizeof buf) {
			memcpy(buf, f, len);
			buf[len] = 0;
			if (!num_parse_double(buf, &t))
				t = NAN;
		}
		if (!(t > 0 && t <= 12))
			return fail(c, EXTRACT_C_FIELD, "'%s' is not a field strength in tesla (e.g. 1.5 "
				    "or 3)", f);
		r->field = t;
	}

	const char *cr = txt(r, EXTRACT_C_CRITERION);
	if (*cr && !(ascii_prefix(cr, "other:") && cr[6])) {
		static const char *const crits[] = { "recist1.1", "trg", "size", NULL };
		if (!ascii_casecmp(cr, "recist") || !ascii_casecmp(cr, "recist 1.1"))
			r->text[EXTRACT_C_CRITERION] = "recist1.1";
		else if (choice(c, EXTRACT_C_CRITERION, crits, "recist1.1, trg, size, other:TEXT") < 0)
			return -1;
	}
	static const char *const uoa[] = { "patient", "lesion", NULL };
	if (*txt(r, EXTRACT_C_UNIT_OF_ANALYSIS) &&
	    choice(c, EXTRACT_C_UNIT_OF_ANALYSIS, uoa, "patient, lesion") < 0)
		return -1;

	r->norm_unit = units_normalised_unit(r->param);
	if (r->param != PARAM_OTHER) {
		const char *u = txt(r, EXTRACT_C_UNIT);
		if (!*u) {
			r->text[EXTRACT_C_UNIT] = r->norm_unit;
		} else {
			const char *canon = units_canonical(u);
			if (!canon)
				return fail(c, EXTRACT_C_UNIT, "unknown unit '%s' (e.g. x10^-3 mm^2/s, "
					    "x10^-6 mm^2/s, um^2/ms, mm^2/s, fraction, %%)", u);
			double dummy;
			if (units_normalise(r->param, canon, 0, true, &dummy) ==
			    UNITS_WRONG_UNIT_FOR_PARAM)
				return fail(c, EXTRACT_C_UNIT, "'%s' is not a unit of %s", u,
					    units_param_name(r->param));
			r->text[EXTRACT_C_UNIT] = canon;
		}
	}

	if (value(c, EXTRACT_C_CUTOFF, false, &r->cutoff) ||
	    proportion(c, EXTRACT_C_AUC, &r->auc) || proportion(c, EXTRACT_C_SENS, &r->sens) ||
	    proportion(c, EXTRACT_C_SPEC, &r->spec))
		return -1;
	return 0;
}

static const char *group_name(const char *g)
{
	static const char *const resp[] = { "responders", "responder", "r", "resp", NULL };
	static const char *const non[] = { "non-responders", "non-responder", "nonresponders",
					   "nonresponder", "non responders", "non responder", "nr",
					   "non-resp", NULL };
	for (int i = 0; resp[i]; i++)
		if (!ascii_casecmp(g, resp[i]))
			return "responders";
	for (int i = 0; non[i]; i++)
		if (!ascii_casecmp(g, non[i]))
			return "non-responders";
	return g;
}

/* Mean and SD from the median with IQR and/or range. */
static int derive(struct ctx *c, bool need_mean, bool need_sd)
{
	struct extract_row *r = c->r;
	struct conv_input in = { r->n, r->min, r->q1, r->median, r->q3, r->max };
	struct conv_result res;
	int rc = conv_estimate(&in, &res);
	if (rc) {
		static const int col_of[] = {
			[CONV_F_NONE] = EXTRACT_C_MEDIAN, [CONV_F_N] = EXTRACT_C_N,
			[CONV_F_MIN] = EXTRACT_C_MIN,     [CONV_F_Q1] = EXTRACT_C_Q1,
			[CONV_F_MEDIAN] = EXTRACT_C_MEDIAN, [CONV_F_Q3] = EXTRACT_C_Q3,
			[CONV_F_MAX] = EXTRACT_C_MAX,
		};
		return fail(c, col_of[res.bad_field], "cannot estimate the mean and SD: %s",
			    conv_strerror(rc));
	}
	const char *conv = txt(r, EXTRACT_C_CONVERSION);
	int mean_m = res.mean_from, sd_m = res.sd_from;
	if (*conv) {
		mean_m = sd_m = -1;
		char buf[128];
		snprintf(buf, sizeof buf, "%s", conv);
		for (char *save = NULL, *tok = strtok_r(buf, "+ ", &save); tok;
		     tok = strtok_r(NULL, "+ ", &save)) {
			int m;
			for (m = 0; m < CONV_N_METHODS && ascii_casecmp(tok, conv_method_name(m)); m++)
				;
			if (m == CONV_N_METHODS)
				return fail(c, EXTRACT_C_CONVERSION, "unknown estimator '%s' (luo2018, "
					    "wan2014, shi2020, hozo2005, none)", tok);
			if (!res.m[m].has_mean && !res.m[m].has_sd)
				return fail(c, EXTRACT_C_CONVERSION, "%s does not apply to %s (%s)", tok,
					    conv_scenario_name(res.scenario),
					    res.scenario == CONV_S1 ? "min, median, max" :
					    res.scenario == CONV_S2 ? "q1, median, q3" : "all five");
			if (res.m[m].has_mean && mean_m < 0)
				mean_m = m;
			if (res.m[m].has_sd && sd_m < 0)
				sd_m = m;
		}
		if ((need_mean && mean_m < 0) || (need_sd && sd_m < 0))
			return fail(c, EXTRACT_C_CONVERSION, "'%s' gives no %s for %s; add an estimator "
				    "that does (e.g. luo2018+wan2014)", conv, need_mean && mean_m < 0 ?
				    "mean" : "SD", conv_scenario_name(res.scenario));
	}
	if (need_mean) {
		r->mean = res.m[mean_m].mean;
		r->mean_method = conv_method_name(mean_m);
	}
	if (need_sd) {
		r->sd = res.m[sd_m].sd;
		r->sd_method = conv_method_name(sd_m);
		/* Equal quartiles or extremes give an SD of 0, and the estimate
		 * must be as plausible as a reported SD. */
		char shown[160];
		snprintf(shown, sizeof shown, "the SD estimated from %s by %s (%.3g)",
			 res.scenario == CONV_S1 ? "min, median, max" :
			 res.scenario == CONV_S2 ? "q1, median, q3" : "all five",
			 r->sd_method, r->sd);
		if (sd_check(c, isnan(r->q1) ? EXTRACT_C_MAX : EXTRACT_C_Q3, shown, NAN, r->sd))
			return -1;
	}
	return 0;
}

static int check_group(struct ctx *c)
{
	struct extract_row *r = c->r;
	if (!*txt(r, EXTRACT_C_GROUP))
		return fail(c, EXTRACT_C_GROUP, "required (responders, non-responders or a name)");
	r->text[EXTRACT_C_GROUP] = group_name(txt(r, EXTRACT_C_GROUP));
	bool has_n;
	if (integer(c, EXTRACT_C_N, 1, EXTRACT_MAX_N, &r->n, &has_n))
		return -1;
	if (!has_n)
		return fail(c, EXTRACT_C_N, "required");
	struct { int col; bool spread; double *out; } v[] = {
		{ EXTRACT_C_MEAN, false, &r->mean },   { EXTRACT_C_SD, true, &r->sd },
		{ EXTRACT_C_MEDIAN, false, &r->median }, { EXTRACT_C_Q1, false, &r->q1 },
		{ EXTRACT_C_Q3, false, &r->q3 },       { EXTRACT_C_MIN, false, &r->min },
		{ EXTRACT_C_MAX, false, &r->max },
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (value(c, v[i].col, v[i].spread, v[i].out))
			return -1;
	if (!isnan(r->sd) && isnan(r->mean))
		return fail(c, EXTRACT_C_SD, "an SD needs a mean (a median's spread goes in q1/q3 "
			    "or min/max)");
	if (isnan(r->q1) != isnan(r->q3))
		return fail(c, isnan(r->q1) ? EXTRACT_C_Q1 : EXTRACT_C_Q3,
			    "give both quartiles or neither");
	if (isnan(r->min) != isnan(r->max))
		return fail(c, isnan(r->min) ? EXTRACT_C_MIN : EXTRACT_C_MAX,
			    "give both minimum and maximum or neither");
	bool spread = !isnan(r->q1) || !isnan(r->min);
	if (spread && isnan(r->median))
		return fail(c, EXTRACT_C_MEDIAN, "quartiles or a range need the median (a mean's "
			    "spread goes in sd)");
	if (isnan(r->mean) && isnan(r->median))
		return fail(c, EXTRACT_C_MEAN, "give a mean (and SD), or a median with q1/q3 "
			    "and/or min/max");
	bool none = !ascii_casecmp(txt(r, EXTRACT_C_CONVERSION), "none");
	if (none)
		r->text[EXTRACT_C_CONVERSION] = "none";
	bool convertible = spread && (isnan(r->mean) || isnan(r->sd));
	if (*txt(r, EXTRACT_C_CONVERSION) && !none && !convertible)
		return fail(c, EXTRACT_C_CONVERSION, "nothing to convert: %s",
			    spread ? "the group reports a mean and SD" :
				     "the group reports no quartiles or range");
	return convertible && !none ? derive(c, isnan(r->mean), isnan(r->sd)) : 0;
}

int extract_row_check(struct extract_row *r, char *msg, size_t msgsz, int *bad_col)
{
	for (int i = 0; i < EXTRACT_NINPUT; i++)
		if (!r->text[i])
			r->text[i] = "";
	r->param = PARAM_ADC;
	r->timepoint = TP_NONE;
	r->has_days = false;
	r->days = 0;
	r->field = NAN;
	r->norm_unit = NULL;
	r->n = 0;
	r->mean = r->sd = r->median = r->q1 = r->q3 = r->min = r->max = NAN;
	r->cutoff = r->auc = r->sens = r->spec = NAN;
	r->mean_method = r->sd_method = NULL;
	struct ctx c = { r, msg, msgsz, bad_col };
	*bad_col = -1;
	if (msgsz)
		*msg = '\0';
	if (!*txt(r, EXTRACT_C_STUDY))
		return fail(&c, EXTRACT_C_STUDY, "required (a label from 'sieve studies')");
	if (!*txt(r, EXTRACT_C_MEASUREMENT))
		r->text[EXTRACT_C_MEASUREMENT] = "1";
	if (check_measurement(&c))
		return -1;
	return check_group(&c);
}

bool extract_row_same_measurement(const struct extract_row *a, const struct extract_row *b)
{
	static const int key[] = { EXTRACT_C_STUDY, EXTRACT_C_EXTRACTOR, EXTRACT_C_MEASUREMENT };
	for (size_t k = 0; k < sizeof key / sizeof *key; k++)
		if (strcmp(a->text[key[k]], b->text[key[k]]))
			return false;
	return true;
}

int extract_rows_consistent(const struct extract_row *const *rows, size_t n,
			    struct extract_conflict *c)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++) {
			if (!extract_row_same_measurement(rows[i], rows[j]))
				continue;
			int col = -1;
			if (!strcmp(rows[i]->text[EXTRACT_C_GROUP], rows[j]->text[EXTRACT_C_GROUP]))
				col = EXTRACT_C_GROUP;
			for (int k = 0; k < EXTRACT_NINPUT && col < 0; k++)
				if (extract_col_is_measurement(k) &&
				    strcmp(rows[i]->text[k], rows[j]->text[k]))
					col = k;
			if (col >= 0) {
				*c = (struct extract_conflict){ .row = i, .other = j, .col = col };
				return -1;
			}
			break;
		}
	return 0;
}

bool extract_row_is_blank(const struct extract_row *r)
{
	for (int i = EXTRACT_C_PARAMETER; i < EXTRACT_NINPUT; i++)
		if (i != EXTRACT_C_GROUP && r->text[i] && *r->text[i])
			return false;
	return true;
}

void extract_row_derived(const struct extract_row *r, char *buf, size_t bufsz)
{
	if (r->mean_method && r->sd_method)
		snprintf(buf, bufsz, "mean: %s, sd: %s", r->mean_method, r->sd_method);
	else if (r->mean_method)
		snprintf(buf, bufsz, "mean: %s", r->mean_method);
	else if (r->sd_method)
		snprintf(buf, bufsz, "sd: %s", r->sd_method);
	else if (bufsz)
		*buf = '\0';
}
