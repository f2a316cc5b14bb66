/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The studies a meta-analysis pools: read from a CSV file, or selected from
 * the extracted data with the reason for every study left out. */
#include "meta_input.h"
#include "../analysis/extract.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"
#include "../schema/store_extract.h"
#include "../schema/store_study.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct meta_in_study *add_study(struct meta_input *in, size_t *cap)
{
	if (in->k == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		in->s = xrealloc(in->s, *cap * sizeof *in->s);
	}
	struct meta_in_study *s = &in->s[in->k++];
	memset(s, 0, sizeof *s);
	return s;
}

static void add_note(struct meta_in_note **v, size_t *n, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_note(struct meta_in_note **v, size_t *n, const char *label, const char *fmt, ...)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	(*v)[*n].label = xstrdup(label);
	(*v)[*n].text = xstrdup(buf);
	(*n)++;
}

void meta_input_fini(struct meta_input *in)
{
	for (size_t i = 0; i < in->k; i++) {
		free(in->s[i].label);
		free(in->s[i].subgroup);
		free(in->s[i].derived);
	}
	free(in->s);
	for (size_t i = 0; i < in->n_left_out; i++) {
		free(in->left_out[i].label);
		free(in->left_out[i].text);
	}
	free(in->left_out);
	for (size_t i = 0; i < in->n_notes; i++) {
		free(in->notes[i].label);
		free(in->notes[i].text);
	}
	free(in->notes);
	free(in->selection);
	free(in->unit);
	free(in->group1);
	free(in->group2);
	memset(in, 0, sizeof *in);
}

/* Why study s cannot be pooled under measure m, into why[size]; false if
 * it can. */
static bool unpoolable(const struct meta_in_study *s, enum meta_measure m, size_t k, char *why,
		       size_t size)
{
	struct meta_study st = { s->n1, s->mean1, s->sd1, s->n2, s->mean2, s->sd2 };
	struct meta_error e;
	double yi, vi;
	char msg[200];
	if (meta_escalc(m, &st, 1, &yi, &vi, &e) != META_OK) {
		meta_error_message(&e, msg, sizeof msg);
		const char *c = strchr(msg, ':');
		snprintf(why, size, "%s", c ? c + 2 : msg);
		return true;
	}
	if (meta_study_check(yi, vi, k, &e) == META_OK)
		return false;
	const char *name = meta_measure_name(m);
	if (e.code == META_BAD_VALUE)
		snprintf(msg, sizeof msg, "the %s is %g", name, yi);
	else if (e.code == META_BAD_VARIANCE)
		snprintf(msg, sizeof msg, "the sampling variance of the %s is %g", name, vi);
	else
		snprintf(msg, sizeof msg, "the weight of the %s (1/%g) overflows", name, vi);
	snprintf(why, size, "%s: means %g, %g and SDs %g, %g are beyond what can be computed with",
		 msg, s->mean1, s->mean2, s->sd1, s->sd2);
	return true;
}

size_t meta_input_screen(struct meta_input *in, const enum meta_measure *measures, size_t n)
{
	size_t kept = 0, k = in->k;
	for (size_t i = 0; i < k; i++) {
		struct meta_in_study *s = &in->s[i];
		char why[300];
		bool out = false;
		for (size_t j = 0; j < n && !out; j++)
			out = unpoolable(s, measures[j], k, why, sizeof why);
		if (!out) {
			in->s[kept++] = *s;
			continue;
		}
		add_note(&in->left_out, &in->n_left_out, s->label, "%s", why);
		free(s->label);
		free(s->subgroup);
		free(s->derived);
	}
	in->k = kept;
	return k - kept;
}

/* ---- CSV ---------------------------------------------------------------- */

enum { F_STUDY, F_N1, F_MEAN1, F_SD1, F_N2, F_MEAN2, F_SD2, F_SUBGROUP, F_YEAR, F_NCOLS };
static const char *const csv_cols[F_NCOLS] = { "study", "n1", "mean1", "sd1", "n2", "mean2",
					       "sd2", "subgroup", "year" };

int meta_input_csv(const char *file, struct meta_input *in, struct sieve_error *err)
{
	memset(in, 0, sizeof *in);
	struct csv_reader rd;
	if (csv_reader_open(&rd, file, err))
		return -1;
	int at[F_NCOLS];
	size_t cap = 0;
	int rc = csv_reader_header(&rd, csv_cols, F_NCOLS, F_SD2 + 1, at, err);
	in->has_subgroup = rc == 0 && at[F_SUBGROUP] >= 0;
	in->has_year = rc == 0 && at[F_YEAR] >= 0;
	while (rc == 0 && (rc = csv_reader_next(&rd, err)) == 1) {
		rc = 0;
		struct csv_field *f = rd.fields;
		const char *label = f[at[F_STUDY]].text;
		if (!*label) {
			rc = csv_field_error(err, file, &f[at[F_STUDY]], "study", "empty");
			break;
		}
		struct meta_in_study *s = add_study(in, &cap);
		s->label = xstrdup(label);
		double *dst[] = { NULL, &s->n1, &s->mean1, &s->sd1, &s->n2, &s->mean2, &s->sd2 };
		for (int c = F_N1; c <= F_SD2 && rc == 0; c++) {
			const struct csv_field *x = &f[at[c]];
			double v = NAN;
			const char *why = NULL;
			if (csv_is_na(x->text))
				why = "missing";
			else if (!num_parse_double(x->text, &v))
				why = "not a number";
			else if ((c == F_SD1 || c == F_SD2) && v <= 0)
				why = v == 0 ? "an SD of 0 cannot be pooled" : "a negative SD";
			else if ((c == F_N1 || c == F_N2) && (v < 2 || v != floor(v)))
				why = "a group size must be a whole number of at least 2";
			if (why)
				rc = csv_field_error(err, file, x, NULL, "study %s, column %s: '%s': %s",
						     label, csv_cols[c], x->text, why);
			*dst[c] = v;
		}
		if (in->has_subgroup)
			s->subgroup = xstrdup(*f[at[F_SUBGROUP]].text ? f[at[F_SUBGROUP]].text : "(none)");
		if (in->has_year && rc == 0 && !csv_is_na(f[at[F_YEAR]].text)) {
			long y = 0;
			if (!num_parse_long(f[at[F_YEAR]].text, &y) || y < 1000 || y > 3000)
				rc = csv_field_error(err, file, &f[at[F_YEAR]], NULL,
						     "study %s, column year: '%s' is not a year", label,
						     f[at[F_YEAR]].text);
			s->year = (int)y;
		}
	}
	csv_reader_close(&rd);
	if (rc == 0 && in->k == 0)
		rc = sieve_error_set_at(err, SIEVE_ERR_DATA, file, "no studies in the file");
	if (rc) {
		meta_input_fini(in);
		return -1;
	}
	in->selection = xstrdup(file);
	in->group1 = xstrdup("group 1");
	in->group2 = xstrdup("group 2");
	return 0;
}

/* ---- the review's extracted data ---------------------------------------- */

struct cond {
	int col;
	char value[200];
};

/* "col=value [and col=value]..." over the extraction columns. */
static int parse_where(const char *where, struct cond *c, int max, int *n, struct sieve_error *err)
{
	*n = 0;
	if (!where)
		return 0;
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", where);
	char *p = buf;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *end = p;
		/* the next " and " (case-insensitive) ends this condition */
		char *next = NULL;
		for (char *q = p; *q; q++)
			if (*q == ' ' && !strncasecmp(q, " and ", 5)) {
				next = q;
				break;
			}
		end = next ? next : p + strlen(p);
		*end = '\0';
		char *eq = strchr(p, '=');
		if (!eq || *n == max)
			return sieve_error_set(err, SIEVE_ERR_USAGE, "--where wants col=value [and "
					       "col=value]..., e.g. \"parameter=adc and timepoint=baseline\"");
		*eq = '\0';
		char *name = p, *value = eq + 1;
		while (*name == ' ')
			name++;
		for (char *t = eq - 1; t >= name && *t == ' '; t--)
			*t = '\0';
		while (*value == ' ')
			value++;
		for (char *t = value + strlen(value) - 1; t >= value && *t == ' '; t--)
			*t = '\0';
		int col = extract_col_find(name);
		if (col < 0 || col >= EXTRACT_NINPUT || !extract_col_is_measurement(col))
			if (!(col == EXTRACT_C_MEASUREMENT || col == EXTRACT_C_EXTRACTOR))
				return sieve_error_set(err, SIEVE_ERR_USAGE, "--where: '%s' is not a "
						       "measurement column (see 'sieve extract columns')", name);
		c[*n].col = col;
		snprintf(c[*n].value, sizeof c[*n].value, "%s", value);
		(*n)++;
		if (!next)
			break;
		p = next + 5;
	}
	return 0;
}

static bool value_matches(int col, const char *have, const char *want)
{
	if (!strcasecmp(have, want))
		return true;
	if (col == EXTRACT_C_FIELD || col == EXTRACT_C_DAYS) {
		char *e1, *e2;
		double a = strtod(have, &e1), b = strtod(want, &e2);
		return e1 != have && e2 != want && a == b;
	}
	return false;
}

static bool row_matches(const struct extract_stored *r, const struct cond *c, int nc)
{
	for (int i = 0; i < nc; i++)
		if (!value_matches(c[i].col, r->text[c[i].col], c[i].value))
			return false;
	return true;
}

static double num_of(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	return end == s ? NAN : v;
}

static const struct extract_stored *find_group(const struct extract_stored *r, size_t lo, size_t hi,
					       const char *meas, const char *ext, const char *group)
{
	for (size_t i = lo; i < hi; i++)
		if (!strcmp(r[i].text[EXTRACT_C_MEASUREMENT], meas) &&
		    !strcmp(r[i].text[EXTRACT_C_EXTRACTOR], ext) && !strcmp(r[i].text[EXTRACT_C_GROUP], group))
			return &r[i];
	return NULL;
}

static bool same_numbers(const struct extract_stored *a, const struct extract_stored *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a->text[EXTRACT_C_N], b->text[EXTRACT_C_N]) &&
	       ((isnan(a->mean) && isnan(b->mean)) || a->mean == b->mean) &&
	       ((isnan(a->sd) && isnan(b->sd)) || a->sd == b->sd);
}

/* One study's rows [lo, hi) that match the selection (match[i]). */
static void select_study(struct meta_input *in, size_t *cap, const struct extract_stored *r,
			 size_t lo, size_t hi, const bool *match, const struct meta_select *sel)
{
	const char *label = r[lo].text[EXTRACT_C_STUDY];
	if (r[lo].retracted && !sel->include_retracted) {
		add_note(&in->left_out, &in->n_left_out, label, "retracted");
		return;
	}
	/* the extractor whose values count */
	const char *ext = NULL;
	const char *others[16];
	int nothers = 0;
	for (size_t i = lo; i < hi; i++) {
		if (!match[i])
			continue;
		const char *e = r[i].text[EXTRACT_C_EXTRACTOR];
		if (!strcmp(e, EXTRACT_AGREED)) {
			ext = e;
			break;
		}
		int k;
		for (k = 0; k < nothers && strcmp(others[k], e); k++)
			;
		if (k == nothers && nothers < 16)
			others[nothers++] = e;
	}
	if (!ext && nothers == 0) {
		add_note(&in->left_out, &in->n_left_out, label, "no measurement matches %s", in->selection);
		return;
	}
	if (!ext)
		ext = others[0];
	/* the measurement: the first matching one of that extractor */
	const char *meas = NULL;
	int nmeas = 0;
	for (size_t i = lo; i < hi; i++)
		if (match[i] && !strcmp(r[i].text[EXTRACT_C_EXTRACTOR], ext) &&
		    (!meas || strcmp(meas, r[i].text[EXTRACT_C_MEASUREMENT]))) {
			if (!meas)
				meas = r[i].text[EXTRACT_C_MEASUREMENT];
			nmeas++;
		}
	const struct extract_stored *g1 = find_group(r, lo, hi, meas, ext, "responders");
	const struct extract_stored *g2 = find_group(r, lo, hi, meas, ext, "non-responders");
	if (strcmp(ext, EXTRACT_AGREED))
		for (int k = 1; k < nothers; k++)
			if (!same_numbers(g1, find_group(r, lo, hi, meas, others[k], "responders")) ||
			    !same_numbers(g2, find_group(r, lo, hi, meas, others[k], "non-responders"))) {
				add_note(&in->left_out, &in->n_left_out, label, "extractors %s and %s "
					 "disagree and nothing is agreed (sieve extract compare)", ext,
					 others[k]);
				return;
			}
	if (nmeas > 1)
		add_note(&in->notes, &in->n_notes, label, "%d measurements match; measurement %s used "
			 "(narrow with --where measurement=NAME)", nmeas, meas);
	if (!g1 || !g2) {
		add_note(&in->left_out, &in->n_left_out, label, "%s", !g1 && !g2 ?
			 "no responders and non-responders groups" : "one group only");
		return;
	}
	const struct extract_stored *g[2] = { g1, g2 };
	for (int k = 0; k < 2; k++) {
		if (isnan(g[k]->mean)) {
			add_note(&in->left_out, &in->n_left_out, label, "%s: no mean (a median without "
				 "quartiles or range)", g[k]->text[EXTRACT_C_GROUP]);
			return;
		}
		if (isnan(g[k]->sd) || g[k]->sd <= 0) {
			add_note(&in->left_out, &in->n_left_out, label, "%s: %s", g[k]->text[EXTRACT_C_GROUP],
				 isnan(g[k]->sd) ? "missing SD" : "SD is 0");
			return;
		}
		if (num_of(g[k]->text[EXTRACT_C_N]) < 2) {
			add_note(&in->left_out, &in->n_left_out, label, "%s: n below 2",
				 g[k]->text[EXTRACT_C_GROUP]);
			return;
		}
	}
	struct meta_in_study *s = add_study(in, cap);
	s->label = xstrdup(label);
	s->year = r[lo].year;
	s->n1 = num_of(g1->text[EXTRACT_C_N]);
	s->mean1 = g1->mean;
	s->sd1 = g1->sd;
	s->n2 = num_of(g2->text[EXTRACT_C_N]);
	s->mean2 = g2->mean;
	s->sd2 = g2->sd;
	if (sel->by) {
		int col = extract_col_find(sel->by);
		const char *v = g1->text[col];
		s->subgroup = xstrdup(*v ? v : "(not reported)");
	}
	struct strbuf d = STRBUF_INIT;
	for (int k = 0; k < 2; k++)
		if (g[k]->mean_method || g[k]->sd_method) {
			if (d.len)
				strbuf_adds(&d, "; ");
			strbuf_addf(&d, "%s:", g[k]->text[EXTRACT_C_GROUP]);
			if (g[k]->mean_method)
				strbuf_addf(&d, " mean %s", g[k]->mean_method);
			if (g[k]->sd_method)
				strbuf_addf(&d, "%s sd %s", g[k]->mean_method ? "," : "", g[k]->sd_method);
		}
	s->derived = d.len ? strbuf_take(&d) : NULL;
	strbuf_fini(&d);
	if (!in->unit && g1->norm_unit)
		in->unit = xstrdup(g1->norm_unit);
}

int meta_input_db(struct db *db, const struct meta_select *sel, struct meta_input *in,
		  struct sieve_error *err)
{
	memset(in, 0, sizeof *in);
	struct cond c[16];
	int nc = 0;
	if (parse_where(sel->where, c, 14, &nc, err))
		return -1;
	if (sel->by) {
		int col = extract_col_find(sel->by);
		if (col < 0 || col >= EXTRACT_NINPUT || !extract_col_is_measurement(col))
			return sieve_error_set(err, SIEVE_ERR_USAGE, "--by: '%s' is not a measurement "
					       "column (e.g. field_strength, criterion, roi, b_values)", sel->by);
	}
	/* defaults for the columns --where does not name */
	static const struct { int col; const char *value; } defaults[] = {
		{ EXTRACT_C_PARAMETER, "adc" }, { EXTRACT_C_TIMEPOINT, "baseline" },
	};
	for (size_t d = 0; d < 2; d++) {
		bool named = false;
		for (int i = 0; i < nc; i++)
			named |= c[i].col == defaults[d].col;
		if (!named) {
			c[nc].col = defaults[d].col;
			snprintf(c[nc].value, sizeof c[nc].value, "%s", defaults[d].value);
			nc++;
		}
	}
	struct strbuf s = STRBUF_INIT;
	for (int i = 0; i < nc; i++)
		strbuf_addf(&s, "%s%s=%s", i ? " " : "", extract_col_name[c[i].col], c[i].value);
	in->selection = strbuf_take(&s);
	in->group1 = xstrdup("responders");
	in->group2 = xstrdup("non-responders");
	in->has_year = true;
	in->has_subgroup = sel->by != NULL;

	struct study_row *st;
	size_t nst;
	struct extract_stored *r;
	size_t n;
	if (store_studies(db, &st, &nst, err))
		goto fail;
	if (store_extract_list(db, NULL, NULL, &r, &n, err)) {
		study_rows_free(st, nst);
		goto fail;
	}
	bool *match = xcalloc(n ? n : 1, sizeof *match);
	for (size_t i = 0; i < n; i++)
		match[i] = row_matches(&r[i], c, nc);
	size_t cap = 0;
	for (size_t i = 0; i < nst; i++) {
		size_t lo = 0;
		while (lo < n && strcmp(r[lo].text[EXTRACT_C_STUDY], st[i].label))
			lo++;
		if (lo == n) {
			add_note(&in->left_out, &in->n_left_out, st[i].label, "not extracted yet");
			continue;
		}
		size_t hi = lo;
		while (hi < n && !strcmp(r[hi].text[EXTRACT_C_STUDY], st[i].label))
			hi++;
		select_study(in, &cap, r, lo, hi, match, sel);
	}
	free(match);
	extract_stored_free(r, n);
	study_rows_free(st, nst);
	return 0;
fail:
	meta_input_fini(in);
	return -1;
}
