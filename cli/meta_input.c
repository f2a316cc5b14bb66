/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The studies a meta-analysis pools: read from a CSV file, or selected from
 * the extracted data with the reason for every study left out. */
#include "meta_input.h"
#include "../analysis/extract.h"
#include "../analysis/meta_select.h"
#include "../lib/csv.h"
#include "../lib/number.h"
#include "../lib/xalloc.h"
#include "../schema/store_extract.h"
#include "../schema/store_study.h"

#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

size_t meta_input_screen(struct meta_input *in, const enum meta_measure *measures, size_t n)
{
	size_t kept = 0, k = in->k;
	for (size_t i = 0; i < k; i++) {
		struct meta_in_study *s = &in->s[i];
		char why[300];
		bool out = false;
		for (size_t j = 0; j < n && !out; j++)
			out = meta_select_unpoolable(&(struct meta_study){ s->n1, s->mean1, s->sd1,
								 s->n2, s->mean2, s->sd2 },
						     measures[j], k, why, sizeof why);
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

/* One study's rows (ordered by study) as the selection's input rows. */
static void fill_rows(const struct extract_stored *r, size_t n, struct meta_sel_row *out)
{
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			out[i].text[c] = r[i].text[c];
		out[i].mean = r[i].mean;
		out[i].sd = r[i].sd;
		out[i].mean_method = r[i].mean_method;
		out[i].sd_method = r[i].sd_method;
		out[i].norm_unit = r[i].norm_unit;
	}
}

int meta_input_db(struct db *db, const struct meta_select *sel, struct meta_input *in,
		  struct sieve_error *err)
{
	memset(in, 0, sizeof *in);
	struct meta_sel_cond c[META_SELECT_MAX_COND];
	size_t nc = 0;
	char msg[400];
	const char *defaults = sel->defaults ? sel->defaults : META_SELECT_DEFAULT_WHERE;
	if (meta_select_parse_where(NULL, defaults, "the review's default selection (sieve meta "
				    "--set-default-where)", c, &nc, msg, sizeof msg))
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s", msg);
	if (meta_select_parse_where(sel->where, defaults, "--where", c, &nc, msg, sizeof msg))
		return sieve_error_set(err, SIEVE_ERR_USAGE, "%s", msg);
	int by = -1;
	if (sel->by) {
		by = extract_col_find(sel->by);
		if (by < 0 || by >= EXTRACT_NINPUT || !extract_col_is_measurement(by))
			return sieve_error_set(err, SIEVE_ERR_USAGE, "--by: '%s' is not a measurement "
					       "column (e.g. field_strength, criterion, roi, b_values)", sel->by);
	}
	char desc[META_SELECT_MAX_COND * 260];
	in->selection = xstrdup(meta_select_describe(c, nc, desc, sizeof desc));
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
	/* every study, with its rows (contiguous: ordered by study) */
	struct meta_sel_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	fill_rows(r, n, rows);
	struct meta_sel_study *ss = xcalloc(nst ? nst : 1, sizeof *ss);
	for (size_t i = 0; i < nst; i++) {
		size_t lo = 0;
		while (lo < n && strcmp(r[lo].text[EXTRACT_C_STUDY], st[i].label))
			lo++;
		size_t hi = lo;
		while (hi < n && !strcmp(r[hi].text[EXTRACT_C_STUDY], st[i].label))
			hi++;
		ss[i] = (struct meta_sel_study){ st[i].label, lo < n ? r[lo].year : 0,
						 lo < n && r[lo].retracted, rows + lo, hi - lo };
	}
	struct meta_sel_query q = { c, nc, in->selection, by, sel->include_retracted };
	struct meta_selection out;
	if (meta_select_studies(ss, nst, &q, &out) == META_NOMEM) {
		if (xalloc_oom_hook)
			xalloc_oom_hook();
		abort();
	}
	size_t cap = 0;
	for (size_t i = 0; i < out.k; i++) {
		const struct meta_sel_chosen *ch = &out.chosen[i];
		struct meta_in_study *s = add_study(in, &cap);
		*s = (struct meta_in_study){ xstrdup(ss[ch->study].label), ss[ch->study].year,
					     ch->n1, ch->mean1, ch->sd1, ch->n2, ch->mean2, ch->sd2,
					     ch->subgroup ? xstrdup(ch->subgroup) : NULL,
					     ch->derived ? xstrdup(ch->derived) : NULL };
	}
	for (size_t i = 0; i < out.n_left_out; i++)
		add_note(&in->left_out, &in->n_left_out, ss[out.left_out[i].study].label, "%s",
			 out.left_out[i].text);
	for (size_t i = 0; i < out.n_notes; i++)
		add_note(&in->notes, &in->n_notes, ss[out.notes[i].study].label, "%s",
			 out.notes[i].text);
	if (out.unit)
		in->unit = xstrdup(out.unit);
	meta_selection_fini(&out);
	free(ss);
	free(rows);
	extract_stored_free(r, n);
	study_rows_free(st, nst);
	return 0;
fail:
	meta_input_fini(in);
	return -1;
}
