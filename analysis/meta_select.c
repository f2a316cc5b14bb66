/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which values of each study a meta-analysis pools, and why a study is left out. */
#include "meta_select.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

/* ---- the selection's conditions ------------------------------------------ */

/* Parse one "col=value [and col=value]..." into c[*n] (max conditions). */
static int parse_conds(const char *where, const char *opt, struct meta_sel_cond *c, size_t max,
		       size_t *n, char *msg, size_t msgsz)
{
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
		/* the next " and " (case-insensitive) ends this condition */
		char *next = NULL;
		for (char *q = p; *q; q++)
			if (*q == ' ' && tolower((unsigned char)q[1]) == 'a' &&
			    tolower((unsigned char)q[2]) == 'n' && tolower((unsigned char)q[3]) == 'd' &&
			    q[4] == ' ') {
				next = q;
				break;
			}
		char *end = next ? next : p + strlen(p);
		*end = '\0';
		char *eq = strchr(p, '=');
		if (!eq || *n == max) {
			snprintf(msg, msgsz, "%s wants col=value [and col=value]..., e.g. "
				 "\"parameter=adc and timepoint=baseline\"", opt);
			return -1;
		}
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
			if (!(col == EXTRACT_C_MEASUREMENT || col == EXTRACT_C_EXTRACTOR)) {
				snprintf(msg, msgsz, "%s: '%s' is not a measurement column (see "
					 "'sieve extract columns')", opt, name);
				return -1;
			}
		c[*n].col = col;
		snprintf(c[*n].value, sizeof c[*n].value, "%s", value);
		(*n)++;
		if (!next)
			break;
		p = next + 5;
	}
	return 0;
}

int meta_select_parse_where(const char *where, const char *defaults, const char *opt,
			    struct meta_sel_cond *c, size_t *n, char *msg, size_t msgsz)
{
	*n = 0;
	/* two fewer than the room, as before: the defaults always fit */
	if (parse_conds(where, opt, c, META_SELECT_MAX_COND - 2, n, msg, msgsz))
		goto fail;
	struct meta_sel_cond d[META_SELECT_MAX_COND];
	size_t nd = 0;
	if (parse_conds(defaults, opt, d, META_SELECT_MAX_COND, &nd, msg, msgsz))
		goto fail;
	size_t nwhere = *n;
	for (size_t j = 0; j < nd; j++) {
		bool named = false;
		for (size_t i = 0; i < nwhere; i++)
			named |= c[i].col == d[j].col;
		if (named)
			continue;
		if (*n == META_SELECT_MAX_COND) {
			snprintf(msg, msgsz, "%s: more than %d conditions", opt, META_SELECT_MAX_COND);
			goto fail;
		}
		c[(*n)++] = d[j];
	}
	return 0;
fail:
	*n = 0;
	return -1;
}

char *meta_select_describe(const struct meta_sel_cond *c, size_t n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		int w = snprintf(buf + len, size - len, "%s%s=%s", i ? " " : "",
				 extract_col_name[c[i].col], c[i].value);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

static bool value_matches(int col, const char *have, const char *want)
{
	if (!ascii_casecmp(have, want))
		return true;
	if (col == EXTRACT_C_FIELD || col == EXTRACT_C_DAYS) {
		char *e1, *e2;
		double a = strtod(have, &e1), b = strtod(want, &e2);
		return e1 != have && e2 != want && a == b;
	}
	return false;
}

static bool row_matches(const struct meta_sel_row *r, const struct meta_sel_query *q)
{
	for (size_t i = 0; i < q->ncond; i++)
		if (!value_matches(q->cond[i].col, r->text[q->cond[i].col], q->cond[i].value))
			return false;
	return true;
}

/* ---- one study ------------------------------------------------------------ */

struct sel {
	struct meta_selection *out;
	size_t cap_chosen;
	bool nomem;
};

static void add_note(struct sel *s, bool left_out, size_t study, enum meta_sel_reason reason,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_note(struct sel *s, bool left_out, size_t study, enum meta_sel_reason reason,
		     const char *fmt, ...)
{
	struct meta_sel_note **v = left_out ? &s->out->left_out : &s->out->notes;
	size_t *n = left_out ? &s->out->n_left_out : &s->out->n_notes;
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct meta_sel_note *nv = realloc(*v, (*n + 1) * sizeof **v);
	char *text = malloc(strlen(buf) + 1);
	if (nv)
		*v = nv;
	if (!nv || !text) {
		free(text);
		s->nomem = true;
		return;
	}
	strcpy(text, buf);
	(*v)[(*n)++] = (struct meta_sel_note){ study, reason, text };
}

static double num_of(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	return end == s ? NAN : v;
}

static const struct meta_sel_row *find_group(const struct meta_sel_study *st, const char *meas,
					     const char *ext, const char *group)
{
	for (size_t i = 0; i < st->nrows; i++) {
		const struct meta_sel_row *r = &st->rows[i];
		if (!strcmp(r->text[EXTRACT_C_MEASUREMENT], meas) &&
		    !strcmp(r->text[EXTRACT_C_EXTRACTOR], ext) && !strcmp(r->text[EXTRACT_C_GROUP], group))
			return r;
	}
	return NULL;
}

static bool same_numbers(const struct meta_sel_row *a, const struct meta_sel_row *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a->text[EXTRACT_C_N], b->text[EXTRACT_C_N]) &&
	       ((isnan(a->mean) && isnan(b->mean)) || a->mean == b->mean) &&
	       ((isnan(a->sd) && isnan(b->sd)) || a->sd == b->sd);
}

static char *derived_text(const struct meta_sel_row *const g[2], bool *nomem)
{
	char buf[600];
	size_t len = 0;
	buf[0] = '\0';
	for (int k = 0; k < 2; k++) {
		if (!g[k]->mean_method && !g[k]->sd_method)
			continue;
		int w = snprintf(buf + len, sizeof buf - len, "%s%s:", len ? "; " : "",
				 g[k]->text[EXTRACT_C_GROUP]);
		len = w < 0 ? len : len + (size_t)w < sizeof buf ? len + (size_t)w : sizeof buf - 1;
		if (g[k]->mean_method) {
			w = snprintf(buf + len, sizeof buf - len, " mean %s", g[k]->mean_method);
			len = w < 0 ? len : len + (size_t)w < sizeof buf ? len + (size_t)w : sizeof buf - 1;
		}
		if (g[k]->sd_method) {
			w = snprintf(buf + len, sizeof buf - len, "%s sd %s",
				     g[k]->mean_method ? "," : "", g[k]->sd_method);
			len = w < 0 ? len : len + (size_t)w < sizeof buf ? len + (size_t)w : sizeof buf - 1;
		}
	}
	if (!len)
		return NULL;
	char *d = malloc(len + 1);
	if (!d)
		*nomem = true;
	else
		memcpy(d, buf, len + 1);
	return d;
}

static void select_study(struct sel *s, const struct meta_sel_study *st, size_t idx,
			 const struct meta_sel_query *q)
{
	if (st->nrows == 0) {
		add_note(s, true, idx, META_SEL_NOT_EXTRACTED, "not extracted yet");
		return;
	}
	if (st->retracted && !q->include_retracted) {
		add_note(s, true, idx, META_SEL_RETRACTED, "retracted");
		return;
	}
	/* the extractor whose values count */
	const char *ext = NULL;
	const char *others[16];
	int nothers = 0;
	for (size_t i = 0; i < st->nrows; i++) {
		if (!row_matches(&st->rows[i], q))
			continue;
		const char *e = st->rows[i].text[EXTRACT_C_EXTRACTOR];
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
		add_note(s, true, idx, META_SEL_NO_MATCH, "no measurement matches %s",
			 q->selection ? q->selection : "");
		return;
	}
	if (!ext)
		ext = others[0];
	/* the measurement: the first matching one of that extractor; the rows
	 * are ordered by measurement, so each new name is one more */
	const char *meas = NULL, *prev = NULL;
	int nmeas = 0;
	for (size_t i = 0; i < st->nrows; i++) {
		const struct meta_sel_row *r = &st->rows[i];
		if (!row_matches(r, q) || strcmp(r->text[EXTRACT_C_EXTRACTOR], ext))
			continue;
		if (!prev || strcmp(prev, r->text[EXTRACT_C_MEASUREMENT])) {
			if (!meas)
				meas = r->text[EXTRACT_C_MEASUREMENT];
			nmeas++;
		}
		prev = r->text[EXTRACT_C_MEASUREMENT];
	}
	const struct meta_sel_row *g1 = find_group(st, meas, ext, "responders");
	const struct meta_sel_row *g2 = find_group(st, meas, ext, "non-responders");
	if (strcmp(ext, EXTRACT_AGREED))
		for (int k = 1; k < nothers; k++)
			if (!same_numbers(g1, find_group(st, meas, others[k], "responders")) ||
			    !same_numbers(g2, find_group(st, meas, others[k], "non-responders"))) {
				add_note(s, true, idx, META_SEL_DISAGREE, "extractors %s and %s "
					 "disagree and nothing is agreed (sieve extract compare)", ext,
					 others[k]);
				return;
			}
	if (nmeas > 1)
		add_note(s, false, idx, META_SEL_SEVERAL_MATCH, "%d measurements match; measurement "
			 "%s used (narrow with --where measurement=NAME)", nmeas, meas);
	if (!g1 || !g2) {
		if (!g1 && !g2)
			add_note(s, true, idx, META_SEL_NO_GROUPS, "no responders and non-responders groups");
		else
			add_note(s, true, idx, META_SEL_ONE_GROUP, "one group only");
		return;
	}
	const struct meta_sel_row *const g[2] = { g1, g2 };
	for (int k = 0; k < 2; k++) {
		const char *group = g[k]->text[EXTRACT_C_GROUP];
		if (isnan(g[k]->mean)) {
			add_note(s, true, idx, META_SEL_NO_MEAN, "%s: no mean (a median without "
				 "quartiles or range)", group);
			return;
		}
		if (isnan(g[k]->sd)) {
			add_note(s, true, idx, META_SEL_MISSING_SD, "%s: missing SD", group);
			return;
		}
		if (g[k]->sd <= 0) {
			add_note(s, true, idx, META_SEL_SD_ZERO, "%s: SD is 0", group);
			return;
		}
		if (num_of(g[k]->text[EXTRACT_C_N]) < 2) {
			add_note(s, true, idx, META_SEL_N_BELOW_2, "%s: n below 2", group);
			return;
		}
	}
	struct meta_selection *out = s->out;
	if (out->k == s->cap_chosen) {
		size_t cap = s->cap_chosen ? 2 * s->cap_chosen : 16;
		struct meta_sel_chosen *nc = realloc(out->chosen, cap * sizeof *nc);
		if (!nc) {
			s->nomem = true;
			return;
		}
		out->chosen = nc;
		s->cap_chosen = cap;
	}
	struct meta_sel_chosen *c = &out->chosen[out->k++];
	memset(c, 0, sizeof *c);
	c->study = idx;
	c->n1 = num_of(g1->text[EXTRACT_C_N]);
	c->mean1 = g1->mean;
	c->sd1 = g1->sd;
	c->n2 = num_of(g2->text[EXTRACT_C_N]);
	c->mean2 = g2->mean;
	c->sd2 = g2->sd;
	if (q->by >= 0 && q->by < EXTRACT_NINPUT) {
		const char *v = *g1->text[q->by] ? g1->text[q->by] : "(not reported)";
		c->subgroup = malloc(strlen(v) + 1);
		if (!c->subgroup)
			s->nomem = true;
		else
			strcpy(c->subgroup, v);
	}
	c->derived = derived_text(g, &s->nomem);
	if (!out->unit && g1->norm_unit)
		out->unit = g1->norm_unit;
}

int meta_select_studies(const struct meta_sel_study *st, size_t n, const struct meta_sel_query *q,
			struct meta_selection *out)
{
	memset(out, 0, sizeof *out);
	if (!q || (n && !st))
		return META_INVALID;
	struct sel s = { out, 0, false };
	for (size_t i = 0; i < n && !s.nomem; i++)
		select_study(&s, &st[i], i, q);
	if (s.nomem) {
		meta_selection_fini(out);
		return META_NOMEM;
	}
	return META_OK;
}

static void notes_free(struct meta_sel_note *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void meta_selection_fini(struct meta_selection *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->k; i++) {
		free(s->chosen[i].subgroup);
		free(s->chosen[i].derived);
	}
	free(s->chosen);
	notes_free(s->left_out, s->n_left_out);
	notes_free(s->notes, s->n_notes);
	memset(s, 0, sizeof *s);
}

/* ---- can the numbers be computed with ------------------------------------ */

bool meta_select_unpoolable(const struct meta_study *s, enum meta_measure m, size_t k, char *why,
			    size_t size)
{
	struct meta_error e;
	double yi, vi;
	char msg[200];
	if (meta_escalc(m, s, 1, &yi, &vi, &e) != META_OK) {
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
