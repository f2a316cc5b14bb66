/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The extraction form: per included study, its measurements and group
 * statistics, checked live (units normalised, mean/SD derived as you type). */
#include "view_extract.h"
#include "keymap.h"
#include "widgets.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tui_help extract_help = {
	TUI_HELP_PANEL, "extraction form: keys (any key closes)", NULL,
};

/* The form's rows: the measurement's fields, then the groups' (a column
 * per group). */
static const int meas_fields[] = {
	EXTRACT_C_MEASUREMENT, EXTRACT_C_PARAMETER, EXTRACT_C_TIMEPOINT, EXTRACT_C_DAYS,
	EXTRACT_C_BVALUES, EXTRACT_C_FIELD, EXTRACT_C_ROI, EXTRACT_C_CRITERION,
	EXTRACT_C_UNIT_OF_ANALYSIS, EXTRACT_C_UNIT, EXTRACT_C_CUTOFF, EXTRACT_C_AUC,
	EXTRACT_C_SENS, EXTRACT_C_SPEC, EXTRACT_C_NOTE,
};
static const int group_fields[] = {
	EXTRACT_C_GROUP, EXTRACT_C_N, EXTRACT_C_MEAN, EXTRACT_C_SD, EXTRACT_C_MEDIAN,
	EXTRACT_C_Q1, EXTRACT_C_Q3, EXTRACT_C_MIN, EXTRACT_C_MAX, EXTRACT_C_LOCATION,
	EXTRACT_C_CONVERSION,
};
#define N_MEAS_F ((int)(sizeof meas_fields / sizeof *meas_fields))
#define N_GROUP_F ((int)(sizeof group_fields / sizeof *group_fields))
#define N_ROWS (N_MEAS_F + N_GROUP_F)

struct fgroup {
	char *t[EXTRACT_NINPUT];   /* group columns; NULL = empty */
	struct extract_row chk;    /* the last check's result */
	bool blank, ok;
	int bad;
	char msg[300];
};

struct fmeas {
	char *t[EXTRACT_NINPUT];   /* measurement columns */
	struct fgroup *g;
	int ng;
};

struct st {
	struct extract_source *src;
	char *extractor, *start;
	char **studies;
	size_t nstudies, cur;
	struct fmeas *m;
	int nm, cm;
	int row, col, top;
	bool dirty, help, editing;
	enum tui_request pending;   /* a study change or quit asked once with unsaved data */
	struct strbuf edit;
	char status[400];
	int status_color;
};

static void set_status(struct st *s, int color, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_status(struct st *s, int color, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->status, sizeof s->status, fmt, ap);
	va_end(ap);
	s->status_color = color;
}

static const char *tx(char *const *t, int c)
{
	return t[c] ? t[c] : "";
}

static void set_text(char **slot, const char *v)
{
	free(*slot);
	*slot = v && *v ? xstrdup(v) : NULL;
}

static void forms_free(struct st *s)
{
	for (int i = 0; i < s->nm; i++) {
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			free(s->m[i].t[c]);
		for (int g = 0; g < s->m[i].ng; g++)
			for (int c = 0; c < EXTRACT_NINPUT; c++)
				free(s->m[i].g[g].t[c]);
		free(s->m[i].g);
	}
	free(s->m);
	s->m = NULL;
	s->nm = s->cm = 0;
}

static struct fgroup *add_group(struct fmeas *m, const char *name)
{
	m->g = xrealloc(m->g, (size_t)(m->ng + 1) * sizeof *m->g);
	struct fgroup *g = &m->g[m->ng++];
	memset(g, 0, sizeof *g);
	set_text(&g->t[EXTRACT_C_GROUP], name);
	return g;
}

static struct fmeas *add_meas(struct st *s, const char *name)
{
	s->m = xrealloc(s->m, (size_t)(s->nm + 1) * sizeof *s->m);
	struct fmeas *m = &s->m[s->nm++];
	memset(m, 0, sizeof *m);
	set_text(&m->t[EXTRACT_C_MEASUREMENT], name);
	return m;
}

/* Check every group of every measurement against its measurement's fields. */
static void check_all(struct st *s)
{
	const char *study = s->nstudies ? s->studies[s->cur] : "";
	for (int i = 0; i < s->nm; i++) {
		struct fmeas *m = &s->m[i];
		for (int k = 0; k < m->ng; k++) {
			struct fgroup *g = &m->g[k];
			g->blank = true;
			for (int f = 1; f < N_GROUP_F; f++)
				if (g->t[group_fields[f]])
					g->blank = false;
			struct extract_row *r = &g->chk;
			memset(r, 0, sizeof *r);
			for (int c = 0; c < EXTRACT_NINPUT; c++)
				r->text[c] = extract_col_is_measurement(c) ? tx(m->t, c) : tx(g->t, c);
			r->text[EXTRACT_C_STUDY] = study;
			r->text[EXTRACT_C_EXTRACTOR] = s->extractor;
			r->text[EXTRACT_C_MEASUREMENT] = tx(m->t, EXTRACT_C_MEASUREMENT);
			g->ok = extract_row_check(r, g->msg, sizeof g->msg, &g->bad) == 0;
		}
	}
}

static void load_study(struct st *s)
{
	forms_free(s);
	s->dirty = false;
	s->row = s->col = s->top = 0;
	if (!s->nstudies)
		return;
	struct extract_stored *rows = NULL;
	size_t n = 0;
	struct sieve_error err = { 0 };
	if (s->src->load(s->src->ctx, s->studies[s->cur], s->extractor, &rows, &n, &err)) {
		set_status(s, CC_EXCLUDE, "%s", err.msg);
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		char *const *t = rows[i].text;
		if (i == 0 || strcmp(t[EXTRACT_C_MEASUREMENT], rows[i - 1].text[EXTRACT_C_MEASUREMENT])) {
			struct fmeas *m = add_meas(s, t[EXTRACT_C_MEASUREMENT]);
			for (int c = 0; c < EXTRACT_NINPUT; c++)
				if (extract_col_is_measurement(c))
					set_text(&m->t[c], t[c]);
		}
		struct fgroup *g = add_group(&s->m[s->nm - 1], t[EXTRACT_C_GROUP]);
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			if (!extract_col_is_measurement(c) && c != EXTRACT_C_STUDY &&
			    c != EXTRACT_C_EXTRACTOR && c != EXTRACT_C_MEASUREMENT)
				set_text(&g->t[c], t[c]);
	}
	if (rows)
		s->src->rows_free(s->src->ctx, rows, n);
	if (s->nm == 0) {
		struct fmeas *m = add_meas(s, "1");
		set_text(&m->t[EXTRACT_C_PARAMETER], "adc");
		set_text(&m->t[EXTRACT_C_TIMEPOINT], "baseline");
		add_group(m, "responders");
		add_group(m, "non-responders");
	}
	check_all(s);
}

static int open_view(struct view *v, struct sieve_error *err)
{
	struct st *s = v->state;
	if (s->src->studies(s->src->ctx, &s->studies, &s->nstudies, err))
		return -1;
	if (!s->nstudies)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no included studies yet: include records "
				       "at full text, or add one with 'sieve studies add LABEL'");
	if (s->start) {
		size_t i;
		for (i = 0; i < s->nstudies && strcmp(s->studies[i], s->start); i++)
			;
		if (i == s->nstudies)
			return sieve_error_set(err, SIEVE_ERR_DATA, "no study \"%s\" (see 'sieve studies')",
					       s->start);
		s->cur = i;
	}
	load_study(s);
	set_status(s, CC_DEFAULT, "Enter edit · arrows move · s save · n/p study · ? help");
	return 0;
}

/* The slot the cursor is on. */
static char **cur_slot(struct st *s, int *col)
{
	struct fmeas *m = &s->m[s->cm];
	if (s->row < N_MEAS_F) {
		*col = meas_fields[s->row];
		return &m->t[*col];
	}
	*col = group_fields[s->row - N_MEAS_F];
	return &m->g[s->col].t[*col];
}

static bool save(struct st *s)
{
	check_all(s);
	size_t n = 0, cap = 0;
	struct extract_row *rows = NULL;
	for (int i = 0; i < s->nm; i++)
		for (int k = 0; k < s->m[i].ng; k++) {
			struct fgroup *g = &s->m[i].g[k];
			if (g->blank)
				continue;
			if (!g->ok) {
				s->cm = i;
				s->col = k;
				set_status(s, CC_EXCLUDE, "not saved: %s: %s", tx(g->t, EXTRACT_C_GROUP), g->msg);
				free(rows);
				return false;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				rows = xrealloc(rows, cap * sizeof *rows);
			}
			rows[n++] = g->chk;
		}
	struct sieve_error err = { 0 };
	int rc = n ? s->src->save(s->src->ctx, rows, n, &err) : 0;
	free(rows);
	if (rc) {
		set_status(s, CC_EXCLUDE, "not saved: %s", err.msg);
		return false;
	}
	s->dirty = false;
	set_status(s, CC_INCLUDE, n ? "saved %s: %zu group statistics" : "%s: nothing to save",
		   s->studies[s->cur], n);
	return true;
}

static void edit_commit(struct st *s)
{
	int col;
	char **slot = cur_slot(s, &col);
	const char *v = s->edit.buf ? s->edit.buf : "";
	if (strcmp(v, *slot ? *slot : "")) {
		set_text(slot, v);
		s->dirty = true;
	}
	s->editing = false;
	check_all(s);
}

static void edit_key(struct st *s, int key)
{
	switch (tui_edit_key(&s->edit, key)) {
	case TUI_EDIT_DONE: edit_commit(s); break;
	case TUI_EDIT_CANCEL: s->editing = false; break;
	case TUI_EDIT_CONTINUE: break;
	}
}

/* A study change or quit: with unsaved changes, the first press warns. */
static bool may_leave(struct st *s, enum tui_request req)
{
	if (!s->dirty || s->pending == req)
		return true;
	s->pending = req;
	set_status(s, CC_MAYBE, "unsaved changes: s saves them, %s again discards them",
		   req == REQ_QUIT ? "q" : req == REQ_NEXT_STUDY ? "n" : "p");
	return false;
}

static enum view_result key_view(struct view *v, int key)
{
	struct st *s = v->state;
	if (key == TK_RESIZE)
		return VIEW_CONTINUE;
	if (s->editing) {
		edit_key(s, key);
		return VIEW_CONTINUE;
	}
	if (s->help) {
		s->help = false;
		return VIEW_CONTINUE;
	}
	enum tui_request req = tui_request_of(TUI_EXTRACT, key);
	if (req != s->pending)
		s->pending = REQ_NONE;
	struct fmeas *m = &s->m[s->cm];
	int col;
	char **slot;
	switch (req) {
	case REQ_EDIT:
		slot = cur_slot(s, &col);
		strbuf_reset(&s->edit);
		strbuf_adds(&s->edit, *slot ? *slot : "");
		s->editing = true;
		break;
	case REQ_CLEAR:
		slot = cur_slot(s, &col);
		if (*slot) {
			set_text(slot, NULL);
			s->dirty = true;
			check_all(s);
		}
		break;
	case REQ_UP:
		if (s->row > 0)
			s->row--;
		break;
	case REQ_DOWN:
		if (s->row + 1 < N_ROWS)
			s->row++;
		break;
	case REQ_LEFT:
		if (s->col > 0)
			s->col--;
		break;
	case REQ_RIGHT:
		if (s->col + 1 < m->ng)
			s->col++;
		break;
	case REQ_NEXT_STUDY:
	case REQ_PREV_STUDY:
		if (!may_leave(s, req))
			break;
		s->pending = REQ_NONE;
		if (req == REQ_NEXT_STUDY && s->cur + 1 < s->nstudies)
			s->cur++;
		else if (req == REQ_PREV_STUDY && s->cur > 0)
			s->cur--;
		else {
			set_status(s, CC_DEFAULT, "no %s study", req == REQ_NEXT_STUDY ? "next" : "previous");
			break;
		}
		load_study(s);
		set_status(s, CC_DEFAULT, "%s", s->studies[s->cur]);
		break;
	case REQ_NEXT_MEAS:
		if (s->cm + 1 < s->nm)
			s->cm++, s->col = 0;
		break;
	case REQ_PREV_MEAS:
		if (s->cm > 0)
			s->cm--, s->col = 0;
		break;
	case REQ_NEW_MEAS: {
		char name[24];
		snprintf(name, sizeof name, "%d", s->nm + 1);
		int from = s->cm;
		struct fmeas *n = add_meas(s, name);
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			if (extract_col_is_measurement(c))
				set_text(&n->t[c], tx(s->m[from].t, c));
		for (int k = 0; k < s->m[from].ng; k++)
			add_group(n, tx(s->m[from].g[k].t, EXTRACT_C_GROUP));
		s->cm = s->nm - 1;
		s->col = 0;
		s->row = 0;
		s->dirty = true;
		check_all(s);
		set_status(s, CC_DEFAULT, "measurement %s: rename it on the first row", name);
		break;
	}
	case REQ_ADD_GROUP: {
		char name[24];
		snprintf(name, sizeof name, "group %d", m->ng + 1);
		add_group(m, name);
		s->col = m->ng - 1;
		s->row = N_MEAS_F;
		s->dirty = true;
		check_all(s);
		break;
	}
	case REQ_DEL_GROUP:
		if (m->ng <= 1) {
			set_status(s, CC_DEFAULT, "a measurement keeps at least one group");
			break;
		}
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			free(m->g[s->col].t[c]);
		memmove(&m->g[s->col], &m->g[s->col + 1], (size_t)(m->ng - s->col - 1) * sizeof *m->g);
		m->ng--;
		if (s->col >= m->ng)
			s->col = m->ng - 1;
		s->dirty = true;
		check_all(s);
		break;
	case REQ_SAVE:
		save(s);
		break;
	case REQ_HELP:
		s->help = true;
		break;
	case REQ_QUIT:
		if (may_leave(s, req))
			return VIEW_QUIT;
		break;
	default:
		break;
	}
	return VIEW_CONTINUE;
}

/* ---- drawing ---- */

static void fmt_num(char *buf, size_t sz, double v)
{
	if (isnan(v))
		*buf = '\0';
	else
		snprintf(buf, sz, "%.4g", v);
}

/* What the form shows after the entered value: the normalised value when
 * the unit differs, or the derived mean/SD. */
static void cell_note(const struct fgroup *g, int col, const char *unit, const char *norm_unit,
		      char *buf, size_t sz)
{
	*buf = '\0';
	if (!g->ok || g->blank)
		return;
	const struct extract_row *r = &g->chk;
	double v = NAN;
	switch (col) {
	case EXTRACT_C_MEAN: v = r->mean; break;
	case EXTRACT_C_SD: v = r->sd; break;
	case EXTRACT_C_MEDIAN: v = r->median; break;
	case EXTRACT_C_Q1: v = r->q1; break;
	case EXTRACT_C_Q3: v = r->q3; break;
	case EXTRACT_C_MIN: v = r->min; break;
	case EXTRACT_C_MAX: v = r->max; break;
	default: return;
	}
	char num[32];
	fmt_num(num, sizeof num, v);
	const char *method = col == EXTRACT_C_MEAN ? r->mean_method :
			     col == EXTRACT_C_SD ? r->sd_method : NULL;
	if (method)
		snprintf(buf, sz, "≈%s %s", num, method);
	else if (*num && norm_unit && *unit && strcmp(unit, norm_unit))
		snprintf(buf, sz, "→ %s", num);
}

static void draw_view(struct view *v, struct canvas *c)
{
	struct st *s = v->state;
	canvas_clear(c);
	struct fmeas *m = &s->m[s->cm];
	char line[600];
	snprintf(line, sizeof line, " %s (%zu/%zu) · measurement %s (%d/%d) · extractor %s%s",
		 s->studies[s->cur], s->cur + 1, s->nstudies, tx(m->t, EXTRACT_C_MEASUREMENT),
		 s->cm + 1, s->nm, s->extractor, s->dirty ? " · unsaved" : "");
	canvas_puts(c, 0, 0, c->w, line, CA_BOLD, CC_STATUS);
	canvas_fill_attr(c, 0, 0, c->w, CA_BOLD, CC_STATUS);

	const int label_w = 18;
	int body_top = 1, body_h = c->h - 3;
	if (body_h < 1)
		body_h = 1;
	/* rows of the form: N_MEAS_F fields, a group header line, N_GROUP_F fields */
	int total = N_ROWS + 1;
	int cur_line = s->row < N_MEAS_F ? s->row : s->row + 1;
	if (cur_line < s->top)
		s->top = cur_line;
	if (cur_line >= s->top + body_h)
		s->top = cur_line - body_h + 1;
	int cw = m->ng ? (c->w - label_w) / m->ng : c->w;
	if (cw < 8)
		cw = 8;
	const char *unit = tx(m->t, EXTRACT_C_UNIT);
	const char *norm_unit = m->ng ? m->g[0].chk.norm_unit : NULL;
	for (int ln = s->top; ln < total && ln - s->top < body_h; ln++) {
		int y = body_top + ln - s->top;
		if (ln == N_MEAS_F) {
			canvas_puts(c, 0, y, label_w, " groups", CA_BOLD, CC_TITLE);
			for (int k = 0; k < m->ng; k++) {
				const struct fgroup *g = &m->g[k];
				const char *mark = g->blank ? "empty" : g->ok ? "ok" : "error";
				canvas_puts(c, label_w + k * cw, y, label_w + (k + 1) * cw - 1, mark, CA_DIM,
					    g->blank ? CC_DEFAULT : g->ok ? CC_INCLUDE : CC_EXCLUDE);
			}
			continue;
		}
		int row = ln < N_MEAS_F ? ln : ln - 1;
		bool is_meas = row < N_MEAS_F;
		int col = is_meas ? meas_fields[row] : group_fields[row - N_MEAS_F];
		canvas_puts(c, 1, y, label_w, extract_col_name[col], CA_NORMAL, CC_DEFAULT);
		if (is_meas) {
			bool here = s->row == row;
			bool bad = false;
			for (int k = 0; k < m->ng; k++)
				bad |= !m->g[k].blank && !m->g[k].ok && m->g[k].bad == col;
			const char *val = here && s->editing ? (s->edit.buf ? s->edit.buf : "") :
							       tx(m->t, col);
			int end = canvas_puts(c, label_w, y, c->w, val, here ? CA_REVERSE : CA_NORMAL,
					      bad ? CC_EXCLUDE : CC_DEFAULT);
			if (here && s->editing) {
				c->cur_x = end;
				c->cur_y = y;
			}
			if (col == EXTRACT_C_UNIT && norm_unit && strcmp(unit, norm_unit) && *unit)
				canvas_puts(c, end + 2, y, c->w, "stored as ", CA_DIM, CC_DEFAULT);
			if (col == EXTRACT_C_UNIT && norm_unit && strcmp(unit, norm_unit) && *unit)
				canvas_puts(c, end + 12, y, c->w, norm_unit, CA_DIM, CC_DEFAULT);
			if (col == EXTRACT_C_UNIT && !*unit && norm_unit)
				canvas_puts(c, end, y, c->w, norm_unit, CA_DIM, CC_DEFAULT);
			continue;
		}
		for (int k = 0; k < m->ng; k++) {
			const struct fgroup *g = &m->g[k];
			bool here = s->row == row && s->col == k;
			int x = label_w + k * cw, xmax = x + cw - 1;
			const char *val = here && s->editing ? (s->edit.buf ? s->edit.buf : "") :
							       tx(g->t, col);
			bool bad = !g->blank && !g->ok && g->bad == col;
			int end = canvas_puts(c, x, y, xmax, *val || !here ? val : " ",
					      here ? CA_REVERSE : CA_NORMAL, bad ? CC_EXCLUDE : CC_DEFAULT);
			if (here && s->editing) {
				c->cur_x = end;
				c->cur_y = y;
			}
			char note[64];
			cell_note(g, col, unit, norm_unit, note, sizeof note);
			if (*note)
				canvas_puts(c, end + 1, y, xmax, note, CA_DIM,
					    strncmp(note, "≈", 3) ? CC_DEFAULT : CC_MAYBE);
		}
	}

	/* the field's help, then the first error or the status */
	int col;
	cur_slot(s, &col);
	snprintf(line, sizeof line, " %s: %s", extract_col_name[col], extract_col_help[col]);
	canvas_puts(c, 0, c->h - 2, c->w, line, CA_DIM, CC_DEFAULT);
	const struct fgroup *err_g = NULL;
	for (int k = 0; k < m->ng && !err_g; k++)
		if (!m->g[k].blank && !m->g[k].ok)
			err_g = &m->g[k];
	if (s->editing)
		snprintf(line, sizeof line, " editing %s: Enter keeps, Esc cancels", extract_col_name[col]);
	else if (err_g && s->status_color != CC_EXCLUDE)
		snprintf(line, sizeof line, " %s: %s", tx(err_g->t, EXTRACT_C_GROUP), err_g->msg);
	else
		snprintf(line, sizeof line, " %s", s->status);
	canvas_puts(c, 0, c->h - 1, c->w, line, CA_NORMAL,
		    !s->editing && err_g && s->status_color != CC_EXCLUDE ? CC_EXCLUDE : s->status_color);
	if (s->help)
		tui_help_draw(c, TUI_EXTRACT, &extract_help);
}

static void done_view(struct view *v)
{
	struct st *s = v->state;
	if (!s)
		return;
	forms_free(s);
	if (s->studies)
		s->src->strings_free(s->src->ctx, s->studies, s->nstudies);
	strbuf_fini(&s->edit);
	free(s->extractor);
	free(s->start);
	free(s);
	v->state = NULL;
}

static const struct view_ops extract_ops = { "the extraction form", open_view, draw_view, key_view,
					     done_view };

struct view *view_extract_new(struct extract_source *src, const char *extractor, const char *study)
{
	struct st *s = xcalloc(1, sizeof *s);
	s->src = src;
	s->extractor = xstrdup(extractor);
	s->start = xstrdup(study);
	strbuf_init(&s->edit);
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = &extract_ops;
	v->state = s;
	return v;
}

void view_extract_free(struct view *v)
{
	if (!v)
		return;
	v->ops->done(v);
	free(v);
}
