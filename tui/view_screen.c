/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening view: list window with keyset paging, record detail with
 * highlighted terms, decisions, prompts, pickers and the help overlay. */
#include "view_screen.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include "../lib/strbuf.h"
#include "../lib/xalloc.h"
#include "keymap.h"
#include "widgets.h"

#define UNDO_MAX 64
#define INPUT_MAX 1000

enum screen_mode {
	MODE_LIST = 0,
	MODE_SEARCH,       /* text prompt */
	MODE_NOTE,         /* text prompt */
	MODE_REASON,       /* picker */
	MODE_FILTER,       /* picker */
	MODE_HELP,         /* overlay */
};

/* A paragraph of the record detail: text and one style byte per byte. */
struct para {
	char *text;
	uint8_t *style;
	size_t len;
};

struct screen_view {
	struct view view;
	struct screen_source *src;
	char *stage_name, *reviewer;

	/* the window: rows[0..n) in id order, copies owned by the view */
	struct screen_row *rows;
	size_t n;
	bool at_start, at_end;   /* nothing before rows[0] / after rows[n-1] */
	size_t sel, top;

	/* the selected record */
	struct screen_record rec;
	bool have_rec;
	struct para *paras;
	size_t n_paras;
	int scroll;

	char **reasons, **inc, **exc;
	size_t n_reasons, n_inc, n_exc;
	struct screen_settings settings;
	struct screen_progress prog;
	double prog_at;            /* when prog was last read from the source */

	enum screen_filter filter;
	char *search;             /* NULL: none */

	enum screen_mode mode;
	struct strbuf input;
	int pick;                 /* picker: highlighted item */
	char msg[512];
	bool msg_error;
	long long undo_ids[UNDO_MAX];
	size_t n_undo;

	/* layout of the last draw, for paging keys */
	int list_h, detail_h, detail_total;
};

static const char *const filter_names[FILTER_COUNT] = {
	[FILTER_ALL] = "all",
	[FILTER_UNDECIDED] = "undecided",
	[FILTER_MINE] = "mine",
	[FILTER_INCLUDED] = "included",
	[FILTER_EXCLUDED] = "excluded",
	[FILTER_MAYBE] = "maybe",
	[FILTER_CONFLICTS] = "conflicts",
	[FILTER_RESCREEN] = "re-screen",
	[FILTER_RETRACTED] = "retracted",
};

static const char *verdict_label(enum verdict v)
{
	switch (v) {
	case VERDICT_INCLUDE: return "include";
	case VERDICT_EXCLUDE: return "exclude";
	case VERDICT_MAYBE: return "maybe";
	default: return "undecided";
	}
}

static int verdict_color(enum verdict v)
{
	switch (v) {
	case VERDICT_INCLUDE: return CC_INCLUDE;
	case VERDICT_EXCLUDE: return CC_EXCLUDE;
	case VERDICT_MAYBE: return CC_MAYBE;
	default: return CC_DEFAULT;
	}
}

#define SV(v) ((struct screen_view *)(v)->state)

static void set_msg(struct screen_view *sv, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_msg(struct screen_view *sv, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sv->msg, sizeof sv->msg, fmt, ap);
	va_end(ap);
	sv->msg_error = error;
}

static void set_err_msg(struct screen_view *sv, const struct sieve_error *err)
{
	set_msg(sv, true, "%s", err->msg[0] ? err->msg : "error");
}

/* ---- the window of rows ------------------------------------------------ */

static void row_fini(struct screen_row *r)
{
	free(r->pmid);
	free(r->first_author);
	free(r->title);
}

static void row_copy(struct screen_row *d, const struct screen_row *s)
{
	*d = *s;
	d->pmid = xstrdup(s->pmid);
	d->first_author = xstrdup(s->first_author);
	d->title = xstrdup(s->title);
}

static void win_clear(struct screen_view *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		row_fini(&sv->rows[i]);
	sv->n = sv->sel = sv->top = 0;
	sv->at_start = sv->at_end = true;
}

/* Ask the source for a page; copies go to *out (malloc'd, *k rows). */
static int fetch(struct screen_view *sv, enum screen_filter filter, long long after, bool back,
		 int limit, struct screen_row **out, size_t *k)
{
	struct sieve_error err = { 0 };
	struct screen_row *r = NULL;
	size_t n = 0;
	*out = NULL;
	*k = 0;
	if (sv->src->page(sv->src->ctx, filter, sv->search ? sv->search : "", after, back, limit,
			  &r, &n, &err)) {
		set_err_msg(sv, &err);
		return -1;
	}
	if (n > (size_t)limit)   /* never hold more than asked for */
		n = (size_t)limit;
	if (n) {
		*out = xcalloc(n, sizeof **out);
		for (size_t i = 0; i < n; i++)
			row_copy(&(*out)[i], &r[i]);
	}
	sv->src->rows_free(sv->src->ctx, r, n);
	*k = n;
	return 0;
}

static void win_trim_front(struct screen_view *sv, size_t k)
{
	for (size_t i = 0; i < k; i++)
		row_fini(&sv->rows[i]);
	memmove(sv->rows, sv->rows + k, (sv->n - k) * sizeof *sv->rows);
	sv->n -= k;
	sv->sel = sv->sel >= k ? sv->sel - k : 0;
	sv->top = sv->top >= k ? sv->top - k : 0;
	sv->at_start = false;
}

static void win_trim_back(struct screen_view *sv, size_t k)
{
	for (size_t i = sv->n - k; i < sv->n; i++)
		row_fini(&sv->rows[i]);
	sv->n -= k;
	if (sv->n && sv->sel >= sv->n)
		sv->sel = sv->n - 1;
	sv->at_end = false;
}

/* Append the page after the last row. */
static int win_load_forward(struct screen_view *sv)
{
	struct screen_row *r;
	size_t k;
	long long after = sv->n ? sv->rows[sv->n - 1].id : 0;
	if (fetch(sv, sv->filter, after, false, VIEW_SCREEN_PAGE, &r, &k))
		return -1;
	for (size_t i = 0; i < k; i++)
		sv->rows[sv->n++] = r[i];
	free(r);
	sv->at_end = k < VIEW_SCREEN_PAGE;
	if (sv->n > VIEW_SCREEN_WINDOW_MAX)
		win_trim_front(sv, sv->n - VIEW_SCREEN_WINDOW_MAX);
	return 0;
}

/* Prepend the page before the first row. */
static int win_load_backward(struct screen_view *sv)
{
	if (!sv->n)
		return 0;
	struct screen_row *r;
	size_t k;
	if (fetch(sv, sv->filter, sv->rows[0].id, true, VIEW_SCREEN_PAGE, &r, &k))
		return -1;
	if (sv->n + k > VIEW_SCREEN_WINDOW_MAX + VIEW_SCREEN_PAGE)
		win_trim_back(sv, sv->n + k - (VIEW_SCREEN_WINDOW_MAX + VIEW_SCREEN_PAGE));
	memmove(sv->rows + k, sv->rows, sv->n * sizeof *sv->rows);
	for (size_t i = 0; i < k; i++)   /* r is in descending order */
		sv->rows[k - 1 - i] = r[i];
	free(r);
	sv->n += k;
	sv->sel += k;
	sv->top += k;
	sv->at_start = k < VIEW_SCREEN_PAGE;
	if (sv->n > VIEW_SCREEN_WINDOW_MAX)
		win_trim_back(sv, sv->n - VIEW_SCREEN_WINDOW_MAX);
	return 0;
}

/* Reload the window around record id `from` (0: from the start;
 * LLONG_MAX: the end) and select the first row with id >= from, else the
 * last row. */
static int win_reload(struct screen_view *sv, long long from)
{
	win_clear(sv);
	struct screen_row *back = NULL, *fwd = NULL;
	size_t kb = 0, kf = 0;
	if (from > 1 && fetch(sv, sv->filter, from, true, VIEW_SCREEN_PAGE, &back, &kb))
		return -1;
	if (from < LLONG_MAX &&
	    fetch(sv, sv->filter, from > 0 ? from - 1 : 0, false, VIEW_SCREEN_PAGE, &fwd, &kf)) {
		for (size_t i = 0; i < kb; i++)
			row_fini(&back[i]);
		free(back);
		return -1;
	}
	for (size_t i = 0; i < kb; i++)
		sv->rows[sv->n++] = back[kb - 1 - i];
	for (size_t i = 0; i < kf; i++)
		sv->rows[sv->n++] = fwd[i];
	free(back);
	free(fwd);
	sv->at_start = from <= 1 || kb < VIEW_SCREEN_PAGE;
	sv->at_end = from == LLONG_MAX || kf < VIEW_SCREEN_PAGE;
	sv->sel = kf ? kb : (sv->n ? sv->n - 1 : 0);
	sv->top = sv->sel;
	return 0;
}

/* ---- the selected record ---------------------------------------------- */

struct para_builder {
	struct strbuf text;
	uint8_t *style;
	size_t cap;
};

static void pb_add(struct para_builder *b, const char *s, uint8_t style)
{
	if (!s)
		return;
	size_t n = strlen(s);
	strbuf_add(&b->text, s, n);
	if (b->text.len > b->cap) {
		b->cap = b->text.len * 2;
		b->style = xrealloc(b->style, b->cap);
	}
	memset(b->style + b->text.len - n, style, n);
}

/* Mark with colour every case-insensitive occurrence of a term that starts
 * and ends at a word boundary ("metasta*": any word starting so). */
static void highlight(const struct para *p, char *const *terms, size_t n_terms, int color)
{
	if (!n_terms || !p->len)
		return;
	wchar_t *lw = xmalloc((p->len + 1) * sizeof *lw);
	size_t *off = xmalloc((p->len + 1) * sizeof *off);
	size_t m = 0;
	for (size_t i = 0; i < p->len;) {
		off[m] = i;
		i += canvas_utf8_decode(p->text + i, p->len - i, &lw[m]);
		lw[m] = (wchar_t)towlower((wint_t)lw[m]);
		m++;
	}
	off[m] = p->len;
	for (size_t t = 0; t < n_terms; t++) {
		const char *term = terms[t];
		size_t tn = term ? strlen(term) : 0;
		while (tn && term[tn - 1] == ' ')
			tn--;
		while (tn && *term == ' ')
			term++, tn--;
		bool prefix = tn && term[tn - 1] == '*';
		if (prefix)
			tn--;
		if (!tn)
			continue;
		wchar_t *tw = xmalloc((tn + 1) * sizeof *tw);
		size_t tl = 0;
		for (size_t i = 0; i < tn; tl++) {
			i += canvas_utf8_decode(term + i, tn - i, &tw[tl]);
			tw[tl] = (wchar_t)towlower((wint_t)tw[tl]);
		}
		for (size_t i = 0; i + tl <= m; i++) {
			if (i > 0 && iswalnum((wint_t)lw[i - 1]))
				continue;
			size_t k = 0;   /* a plain loop: valgrind flags glibc's vector wmemcmp */
			while (k < tl && lw[i + k] == tw[k])
				k++;
			if (k < tl)
				continue;
			if (!prefix && i + tl < m && iswalnum((wint_t)lw[i + tl]))
				continue;
			for (size_t b = off[i]; b < off[i + tl]; b++)
				p->style[b] = (uint8_t)((p->style[b] & 0xf0) | color);
			i += tl - 1;
		}
		free(tw);
	}
	free(lw);
	free(off);
}

static void pb_end(struct screen_view *sv, struct para_builder *b)
{
	struct para p = { 0 };
	p.len = b->text.len;
	p.text = strbuf_take(&b->text);
	p.style = b->style ? b->style : xcalloc(1, 1);
	b->style = NULL;
	b->cap = 0;
	strbuf_init(&b->text);
	highlight(&p, sv->inc, sv->n_inc, CC_INCLUDE_TERM);
	highlight(&p, sv->exc, sv->n_exc, CC_EXCLUDE_TERM);
	sv->paras = xrealloc(sv->paras, (sv->n_paras + 1) * sizeof *sv->paras);
	sv->paras[sv->n_paras++] = p;
}

static void paras_free(struct screen_view *sv)
{
	for (size_t i = 0; i < sv->n_paras; i++) {
		free(sv->paras[i].text);
		free(sv->paras[i].style);
	}
	free(sv->paras);
	sv->paras = NULL;
	sv->n_paras = 0;
}

static const uint8_t ST_LABEL = CANVAS_STYLE(CA_BOLD, CC_DEFAULT);
static const uint8_t ST_TEXT = CANVAS_STYLE(CA_NORMAL, CC_DEFAULT);

/* "Label: value" when value is non-empty. */
static void para_field(struct screen_view *sv, struct para_builder *b, const char *label,
		       const char *value)
{
	if (!value || !*value)
		return;
	pb_add(b, label, ST_LABEL);
	pb_add(b, ": ", ST_LABEL);
	pb_add(b, value, ST_TEXT);
	pb_end(sv, b);
}

static void build_paras(struct screen_view *sv)
{
	const struct screen_record *r = &sv->rec;
	struct para_builder b = { STRBUF_INIT, NULL, 0 };
	strbuf_init(&b.text);
	paras_free(sv);

	pb_add(&b, r->title && *r->title ? r->title : "(no title)",
	       CANVAS_STYLE(CA_BOLD, CC_DEFAULT));
	pb_end(sv, &b);
	para_field(sv, &b, "Authors", r->authors);
	char year[16] = "";
	if (r->year)
		snprintf(year, sizeof year, "%d", r->year);
	if ((r->journal && *r->journal) || r->year) {
		pb_add(&b, "Journal: ", ST_LABEL);
		pb_add(&b, r->journal, ST_TEXT);
		if (r->journal && *r->journal && r->year)
			pb_add(&b, " · ", ST_TEXT);
		pb_add(&b, year, ST_TEXT);
		pb_end(sv, &b);
	}
	para_field(sv, &b, "Types", r->pub_types);
	para_field(sv, &b, "Keywords", r->keywords);
	para_field(sv, &b, "MeSH", r->mesh);
	if (r->retracted) {
		pb_add(&b, "RETRACTED", CANVAS_STYLE(CA_BOLD | CA_REVERSE, CC_EXCLUDE));
		pb_end(sv, &b);
	}
	if (r->rescreen) {
		pb_add(&b, "Changed since it was screened: re-screen",
		       CANVAS_STYLE(CA_BOLD, CC_MAYBE));
		pb_end(sv, &b);
	}
	if (r->deleted) {
		pb_add(&b, "Deleted from PubMed", CANVAS_STYLE(CA_BOLD, CC_EXCLUDE));
		pb_end(sv, &b);
	}
	if (r->mine != VERDICT_NONE) {
		pb_add(&b, "Mine: ", ST_LABEL);
		pb_add(&b, verdict_label(r->mine), CANVAS_STYLE(CA_BOLD, verdict_color(r->mine)));
		if (r->my_reason && *r->my_reason) {
			pb_add(&b, " (", ST_TEXT);
			pb_add(&b, r->my_reason, ST_TEXT);
			pb_add(&b, ")", ST_TEXT);
		}
		if (r->my_note && *r->my_note) {
			pb_add(&b, " — note: ", ST_TEXT);
			pb_add(&b, r->my_note, ST_TEXT);
		}
		pb_end(sv, &b);
	}
	for (size_t i = 0; i < r->n_others; i++) {
		const struct other_decision *o = &r->others[i];
		pb_add(&b, o->reviewer, ST_LABEL);
		pb_add(&b, ": ", ST_LABEL);
		pb_add(&b, verdict_label(o->verdict), CANVAS_STYLE(CA_NORMAL, verdict_color(o->verdict)));
		if (o->reason && *o->reason) {
			pb_add(&b, " (", ST_TEXT);
			pb_add(&b, o->reason, ST_TEXT);
			pb_add(&b, ")", ST_TEXT);
		}
		if (o->note && *o->note) {
			pb_add(&b, " — ", ST_TEXT);
			pb_add(&b, o->note, ST_TEXT);
		}
		pb_end(sv, &b);
	}
	pb_end(sv, &b);   /* blank line before the abstract */
	if (!r->n_abstract) {
		pb_add(&b, "(no abstract)", CANVAS_STYLE(CA_DIM, CC_DEFAULT));
		pb_end(sv, &b);
	}
	for (size_t i = 0; i < r->n_abstract; i++) {
		const struct abstract_part *a = &r->abstract[i];
		if (a->label && *a->label) {
			pb_add(&b, a->label, ST_LABEL);
			pb_add(&b, ": ", ST_LABEL);
		}
		pb_add(&b, a->text ? a->text : "", ST_TEXT);
		pb_end(sv, &b);
	}
	strbuf_fini(&b.text);
	free(b.style);
}

static void record_drop(struct screen_view *sv)
{
	if (sv->have_rec)
		sv->src->record_fini(sv->src->ctx, &sv->rec);
	memset(&sv->rec, 0, sizeof sv->rec);
	sv->have_rec = false;
	paras_free(sv);
}

/* Load the selected record unless it is already loaded (force: reload). */
static void select_changed(struct screen_view *sv, bool force)
{
	long long id = sv->n ? sv->rows[sv->sel].id : 0;
	if (!force && sv->have_rec && sv->rec.id == id)
		return;
	record_drop(sv);
	sv->scroll = 0;
	if (!id)
		return;
	struct sieve_error err = { 0 };
	if (sv->src->record(sv->src->ctx, id, &sv->rec, &err)) {
		memset(&sv->rec, 0, sizeof sv->rec);
		set_err_msg(sv, &err);
		return;
	}
	sv->have_rec = true;
	/* the list row follows the record's current state */
	struct screen_row *row = &sv->rows[sv->sel];
	row->mine = sv->rec.mine;
	row->status = sv->rec.status;
	row->rescreen = sv->rec.rescreen;
	row->retracted = sv->rec.retracted;
	build_paras(sv);
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The team's progress is a count over the whole review: read it at most
 * once a second, and in between count my own decisions here (mine_delta),
 * so a decision-and-next stays fast on big reviews. */
static void refresh_progress(struct screen_view *sv, int mine_delta)
{
	double t = mono_now();
	if (sv->prog_at > 0 && t - sv->prog_at < 1.0) {
		sv->prog.mine += mine_delta;
		return;
	}
	struct sieve_error err = { 0 };
	struct screen_progress p = { 0 };
	if (sv->src->progress(sv->src->ctx, &p, &err)) {
		set_err_msg(sv, &err);
	} else {
		sv->prog = p;
		sv->prog_at = t;
	}
}

/* ---- moving ----------------------------------------------------------- */

static bool move_next(struct screen_view *sv)
{
	if (sv->sel + 1 >= sv->n && !sv->at_end)
		win_load_forward(sv);
	if (sv->sel + 1 < sv->n) {
		sv->sel++;
		/* keep the rows the list shows in the window */
		if (sv->sel + (size_t)sv->list_h >= sv->n && !sv->at_end)
			win_load_forward(sv);
		return true;
	}
	return false;
}

static bool move_prev(struct screen_view *sv)
{
	if (sv->sel == 0 && !sv->at_start)
		win_load_backward(sv);
	if (sv->sel > 0) {
		sv->sel--;
		return true;
	}
	return false;
}

static void remove_selected_row(struct screen_view *sv)
{
	row_fini(&sv->rows[sv->sel]);
	memmove(sv->rows + sv->sel, sv->rows + sv->sel + 1,
		(sv->n - sv->sel - 1) * sizeof *sv->rows);
	sv->n--;
	if (sv->sel >= sv->n && !sv->at_end)
		win_load_forward(sv);
	if (sv->n && sv->sel >= sv->n)
		sv->sel = sv->n - 1;
}

/* After a decision: the next record I have not decided. */
static void advance_after_decision(struct screen_view *sv)
{
	if (sv->filter == FILTER_UNDECIDED) {
		remove_selected_row(sv);
		return;
	}
	for (size_t j = sv->sel + 1; j < sv->n; j++)
		if (sv->rows[j].mine == VERDICT_NONE) {
			sv->sel = j;
			if (sv->sel + (size_t)sv->list_h >= sv->n && !sv->at_end)
				win_load_forward(sv);
			return;
		}
	if (sv->filter == FILTER_ALL && !sv->at_end && sv->n) {
		/* beyond the window: ask the source where the next one is */
		struct screen_row *r;
		size_t k;
		if (fetch(sv, FILTER_UNDECIDED, sv->rows[sv->n - 1].id, false, 1, &r, &k) == 0) {
			long long id = k ? r[0].id : 0;
			for (size_t i = 0; i < k; i++)
				row_fini(&r[i]);
			free(r);
			if (id) {
				win_reload(sv, id);
				return;
			}
		}
	}
	if (!move_next(sv))
		set_msg(sv, false, "no more records in this list");
}

/* ---- actions ---------------------------------------------------------- */

static void push_undo(struct screen_view *sv, long long id)
{
	if (sv->n_undo == UNDO_MAX) {
		memmove(sv->undo_ids, sv->undo_ids + 1, (UNDO_MAX - 1) * sizeof *sv->undo_ids);
		sv->n_undo--;
	}
	sv->undo_ids[sv->n_undo++] = id;
}

static void decide(struct screen_view *sv, enum verdict v, const char *reason)
{
	if (!sv->n)
		return;
	if (v == VERDICT_EXCLUDE && sv->src->stage == STAGE_FT && (!reason || !*reason)) {
		set_msg(sv, true, "not excluded: a reason is required at the full-text stage");
		return;
	}
	struct screen_row *row = &sv->rows[sv->sel];
	long long id = row->id;
	const char *note = sv->have_rec && sv->rec.id == id ? sv->rec.my_note : NULL;
	struct sieve_error err = { 0 };
	if (sv->src->decide(sv->src->ctx, id, v, reason, note, &err)) {
		set_err_msg(sv, &err);
		return;
	}
	int delta = row->mine == VERDICT_NONE ? 1 : 0;
	row->mine = v;
	push_undo(sv, id);
	refresh_progress(sv, delta);
	const char *done = v == VERDICT_INCLUDE ? "included"
			 : v == VERDICT_EXCLUDE ? "excluded" : "maybe:";
	if (reason && *reason)
		set_msg(sv, false, "%s PMID %s (%s)", done, row->pmid ? row->pmid : "-", reason);
	else
		set_msg(sv, false, "%s PMID %s", done, row->pmid ? row->pmid : "-");
	advance_after_decision(sv);
	select_changed(sv, false);
}

static void undo(struct screen_view *sv)
{
	long long id = sv->n_undo ? sv->undo_ids[sv->n_undo - 1] : (sv->n ? sv->rows[sv->sel].id : 0);
	if (!id) {
		set_msg(sv, false, "nothing to undo");
		return;
	}
	struct sieve_error err = { 0 };
	enum verdict restored = VERDICT_NONE;
	int r = sv->src->undo(sv->src->ctx, id, &restored, &err);
	if (r < 0) {
		set_err_msg(sv, &err);
		return;
	}
	if (sv->n_undo)
		sv->n_undo--;
	if (r == 0) {
		set_msg(sv, false, "nothing to undo");
		return;
	}
	sv->prog_at = 0;   /* an undo may change anything: read it again */
	refresh_progress(sv, 0);
	size_t i;
	for (i = 0; i < sv->n && sv->rows[i].id != id; i++)
		;
	if (i < sv->n)
		sv->sel = i;
	else
		win_reload(sv, id);
	select_changed(sv, true);
	set_msg(sv, false, "undone: now %s", verdict_label(restored));
}

static void apply_search(struct screen_view *sv, const char *text)
{
	free(sv->search);
	sv->search = text && *text ? xstrdup(text) : NULL;
	win_reload(sv, 0);
	select_changed(sv, false);
	if (!sv->n)
		set_msg(sv, false, "no records match");
	else if (sv->search)
		set_msg(sv, false, "search: %s", sv->search);
	else
		set_msg(sv, false, "search cleared");
}

static void apply_filter(struct screen_view *sv, enum screen_filter f)
{
	sv->filter = f;
	win_reload(sv, 0);
	select_changed(sv, false);
	set_msg(sv, false, "filter: %s%s", filter_names[f], sv->n ? "" : " (no records)");
}

static void save_note(struct screen_view *sv, const char *text)
{
	if (!sv->n)
		return;
	long long id = sv->rows[sv->sel].id;
	struct sieve_error err = { 0 };
	if (sv->src->note(sv->src->ctx, id, text, &err)) {
		set_err_msg(sv, &err);
		return;
	}
	select_changed(sv, true);
	set_msg(sv, false, "note saved");
}

/* Items of the reason picker: at title/abstract the first is "no reason". */
static size_t reason_items(const struct screen_view *sv)
{
	return sv->n_reasons + (sv->src->stage == STAGE_TA);
}

static const char *reason_item(const struct screen_view *sv, size_t i)
{
	if (sv->src->stage == STAGE_TA) {
		if (i == 0)
			return "(no reason)";
		i--;
	}
	return sv->reasons[i];
}

static void start_exclude(struct screen_view *sv)
{
	if (!sv->n)
		return;
	if (!reason_items(sv)) {
		set_msg(sv, true, "not excluded: full text needs a reason; add some with "
				  "`sieve reasons add`");
		return;
	}
	sv->mode = MODE_REASON;
	sv->pick = 0;
}

static void pick_done(struct screen_view *sv, int i)
{
	enum screen_mode m = sv->mode;
	sv->mode = MODE_LIST;
	if (m == MODE_FILTER) {
		apply_filter(sv, (enum screen_filter)i);
	} else {
		bool none = sv->src->stage == STAGE_TA && i == 0;
		decide(sv, VERDICT_EXCLUDE, none ? NULL : reason_item(sv, (size_t)i));
	}
}

static void picker_key(struct screen_view *sv, int key)
{
	int n = sv->mode == MODE_FILTER ? FILTER_COUNT : (int)reason_items(sv);
	enum tui_request req = tui_request_of(TUI_SCREEN, key);
	if (key == TK_ESC || key == 'q') {
		if (sv->mode == MODE_REASON && sv->src->stage == STAGE_FT)
			set_msg(sv, true, "not excluded: a reason is required at the full-text stage");
		else
			set_msg(sv, false, "cancelled");
		sv->mode = MODE_LIST;
	} else if (key == TK_ENTER) {
		pick_done(sv, sv->pick);
	} else if (key >= '1' && key <= '9' && key - '1' < n) {
		pick_done(sv, key - '1');
	} else if (req == REQ_NEXT || (sv->mode == MODE_FILTER && key == 'f')) {
		sv->pick = (sv->pick + 1) % n;
	} else if (req == REQ_PREV) {
		sv->pick = (sv->pick + n - 1) % n;
	}
}

static void prompt_key(struct screen_view *sv, int key)
{
	struct strbuf *in = &sv->input;
	if (key == TK_ESC) {
		sv->mode = MODE_LIST;
		set_msg(sv, false, "cancelled");
	} else if (key == TK_ENTER) {
		enum screen_mode m = sv->mode;
		sv->mode = MODE_LIST;
		if (m == MODE_SEARCH)
			apply_search(sv, in->buf);
		else
			save_note(sv, in->buf);
	} else if (key == TK_BACKSPACE || key == 127 || key == 8) {
		while (in->len && ((unsigned char)in->buf[in->len - 1] & 0xc0) == 0x80)
			in->len--;
		if (in->len)
			in->len--;
		in->buf[in->len] = '\0';
	} else if (key == 0x15) {   /* ^U */
		strbuf_reset(in);
	} else if (key >= 0x20 && key < 0x110000 && key != 0x7f && in->len < INPUT_MAX) {
		char b[4];
		strbuf_add(in, b, canvas_utf8_encode((wchar_t)key, b));
	}
}

static void scroll_by(struct screen_view *sv, int d)
{
	int max = sv->detail_total - sv->detail_h;
	sv->scroll += d;
	if (sv->scroll > max)
		sv->scroll = max;
	if (sv->scroll < 0)
		sv->scroll = 0;
}

static enum view_result screen_key(struct view *v, int key)
{
	struct screen_view *sv = SV(v);
	if (key == TK_RESIZE)
		return VIEW_CONTINUE;
	switch (sv->mode) {
	case MODE_HELP:
		sv->mode = MODE_LIST;
		return VIEW_CONTINUE;
	case MODE_SEARCH:
	case MODE_NOTE:
		prompt_key(sv, key);
		return VIEW_CONTINUE;
	case MODE_REASON:
	case MODE_FILTER:
		sv->msg[0] = '\0';
		picker_key(sv, key);
		return VIEW_CONTINUE;
	case MODE_LIST:
		break;
	}
	sv->msg[0] = '\0';
	int page = sv->detail_h > 2 ? sv->detail_h - 1 : 1;
	switch (tui_request_of(TUI_SCREEN, key)) {
	case REQ_INCLUDE: decide(sv, VERDICT_INCLUDE, NULL); break;
	case REQ_EXCLUDE: start_exclude(sv); break;
	case REQ_MAYBE: decide(sv, VERDICT_MAYBE, NULL); break;
	case REQ_UNDO: undo(sv); break;
	case REQ_NEXT:
		if (!move_next(sv))
			set_msg(sv, false, "last record");
		select_changed(sv, false);
		break;
	case REQ_PREV:
		if (!move_prev(sv))
			set_msg(sv, false, "first record");
		select_changed(sv, false);
		break;
	case REQ_SCROLL_DOWN: scroll_by(sv, page); break;
	case REQ_SCROLL_UP: scroll_by(sv, -page); break;
	case REQ_FIRST:
		win_reload(sv, 0);
		select_changed(sv, false);
		break;
	case REQ_LAST:
		win_reload(sv, LLONG_MAX);
		select_changed(sv, false);
		break;
	case REQ_SEARCH:
		sv->mode = MODE_SEARCH;
		strbuf_reset(&sv->input);
		strbuf_adds(&sv->input, sv->search ? sv->search : "");
		break;
	case REQ_FILTER:
		sv->mode = MODE_FILTER;
		sv->pick = (int)sv->filter;
		break;
	case REQ_NOTE:
		if (!sv->n)
			break;
		if (sv->rows[sv->sel].mine == VERDICT_NONE) {
			set_msg(sv, true, "decide first: a note belongs to a decision");
			break;
		}
		sv->mode = MODE_NOTE;
		strbuf_reset(&sv->input);
		strbuf_adds(&sv->input, sv->have_rec && sv->rec.my_note ? sv->rec.my_note : "");
		break;
	case REQ_HELP: sv->mode = MODE_HELP; break;
	case REQ_QUIT: return VIEW_QUIT;
	default:
		break;
	}
	return VIEW_CONTINUE;
}

/* ---- drawing ---------------------------------------------------------- */

static void hline(struct canvas *c, int y, int x0, int x1)
{
	for (int x = x0; x < x1; x++)
		canvas_puts(c, x, y, x1, "─", CA_NORMAL, CC_DEFAULT);
}

static void draw_list(struct screen_view *sv, struct canvas *c, int h)
{
	size_t lh = (size_t)h;
	if (sv->sel < sv->top)
		sv->top = sv->sel;
	if (sv->sel >= sv->top + lh)
		sv->top = sv->sel - lh + 1;
	if (sv->n >= lh && sv->top + lh > sv->n)
		sv->top = sv->n - lh;
	for (int y = 0; y < h; y++) {
		size_t i = sv->top + (size_t)y;
		if (i >= sv->n)
			break;
		const struct screen_row *r = &sv->rows[i];
		bool sel = i == sv->sel;
		int a = sel ? CA_REVERSE : CA_NORMAL;
		canvas_fill_attr(c, y, 0, c->w, a, CC_DEFAULT);
		canvas_puts(c, 0, y, c->w, sel ? ">" : " ", a, CC_DEFAULT);
		const char *v = r->mine == VERDICT_INCLUDE ? "I"
			      : r->mine == VERDICT_EXCLUDE ? "E"
			      : r->mine == VERDICT_MAYBE ? "M" : "·";
		canvas_puts(c, 1, y, c->w, v, a | CA_BOLD, verdict_color(r->mine));
		const char *flag = r->retracted ? "R" : r->rescreen ? "!"
				 : r->status == STATUS_CONFLICT ? "C" : " ";
		canvas_puts(c, 3, y, c->w, flag, a | CA_BOLD,
			    r->retracted ? CC_EXCLUDE : r->rescreen ? CC_MAYBE : CC_CONFLICT);
		char year[8] = "";
		if (r->year)
			snprintf(year, sizeof year, "%4d", r->year);
		canvas_puts(c, 5, y, c->w, year, a, CC_DEFAULT);
		canvas_puts(c, 10, y, 26, r->first_author, a, CC_DEFAULT);
		canvas_puts(c, 27, y, c->w, r->title, a, CC_DEFAULT);
	}
	if (!sv->n)
		canvas_puts(c, 2, 0, c->w,
			    sv->filter == FILTER_UNDECIDED && !sv->search
				    ? "Nothing left to screen here: press f for another filter."
				    : "No records in this list.",
			    CA_DIM, CC_DEFAULT);
}

/* Lines of the detail at the current width: first counted (to clamp the
 * scroll, e.g. after a resize), then drawn. */
static int detail_pass(struct screen_view *sv, struct canvas *c, int y0, int h, bool draw)
{
	int width = c->w - 2;
	if (width < 1)
		width = 1;
	int line = 0;
	for (size_t p = 0; p < sv->n_paras; p++) {
		const struct para *pa = &sv->paras[p];
		struct canvas_line *ls;
		size_t nl;
		canvas_wrap(pa->text, pa->len, width, &ls, &nl);
		for (size_t i = 0; i < nl; i++, line++) {
			int y = line - sv->scroll;
			if (draw && y >= 0 && y < h)
				canvas_put_styled(c, 1, y0 + y, c->w - 1, pa->text + ls[i].start,
						  ls[i].end - ls[i].start, pa->style + ls[i].start,
						  CA_NORMAL);
		}
		free(ls);
	}
	return line;
}

static void draw_detail(struct screen_view *sv, struct canvas *c, int y0, int h)
{
	sv->detail_total = detail_pass(sv, c, y0, h, false);
	scroll_by(sv, 0);
	detail_pass(sv, c, y0, h, true);
	if (sv->scroll + h < sv->detail_total)
		canvas_puts(c, c->w - 1, y0 + h - 1, c->w, "↓", CA_BOLD, CC_DEFAULT);
	if (sv->scroll > 0)
		canvas_puts(c, c->w - 1, y0, c->w, "↑", CA_BOLD, CC_DEFAULT);
}

static void draw_picker(struct screen_view *sv, struct canvas *c)
{
	bool filt = sv->mode == MODE_FILTER;
	int n = filt ? FILTER_COUNT : (int)reason_items(sv);
	const char *title = filt ? " Filter " : " Exclude: reason ";
	int w = canvas_text_width(title, strlen(title)) + 4;
	for (int i = 0; i < n; i++) {
		const char *s = filt ? filter_names[i] : reason_item(sv, (size_t)i);
		int iw = canvas_text_width(s, strlen(s)) + 8;
		if (iw > w)
			w = iw;
	}
	if (w < 32)
		w = 32;
	if (w > c->w - 2)
		w = c->w - 2;
	int rows = n;
	if (rows > c->h - 6)
		rows = c->h - 6;
	if (rows < 1)
		rows = 1;
	int h = rows + 3;
	int x0 = (c->w - w) / 2, y0 = (c->h - h) / 2;
	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	tui_draw_box(c, x0, y0, w, h, title);
	int first = sv->pick >= rows ? sv->pick - rows + 1 : 0;
	for (int r = 0; r < rows && first + r < n; r++) {
		int i = first + r;
		const char *s = filt ? filter_names[i] : reason_item(sv, (size_t)i);
		bool cur = i == sv->pick;
		char num[8];
		snprintf(num, sizeof num, i < 9 ? "%d" : " ", i + 1);
		int y = y0 + 1 + r;
		canvas_puts(c, x0 + 1, y, x0 + w - 1, cur ? ">" : " ", CA_NORMAL, CC_DEFAULT);
		canvas_puts(c, x0 + 2, y, x0 + w - 1, num, CA_BOLD, CC_DEFAULT);
		canvas_puts(c, x0 + 4, y, x0 + w - 1, s, cur ? CA_REVERSE : CA_NORMAL, CC_DEFAULT);
	}
	canvas_puts(c, x0 + 2, y0 + h - 2, x0 + w - 1, "1-9/Enter pick · Esc cancel", CA_DIM,
		    CC_DEFAULT);
}

static const struct tui_help screen_help = {
	TUI_HELP_BOX, " Keys ", "pickers: 1-9 Enter Esc · any key closes",
};

static void draw_status(struct screen_view *sv, struct canvas *c, int y)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	strbuf_addf(&sb, " %s · %s · me %lld/%lld · team %lld/%lld", sv->stage_name,
		    sv->reviewer, sv->prog.mine, sv->prog.total, sv->prog.complete,
		    sv->prog.total);
	if (sv->settings.required[sv->src->stage] > 1)
		strbuf_addf(&sb, " (×%d)", sv->settings.required[sv->src->stage]);
	strbuf_addf(&sb, " · %s", filter_names[sv->filter]);
	if (sv->search)
		strbuf_addf(&sb, " · /%s", sv->search);
	canvas_fill_attr(c, y, 0, c->w, CA_REVERSE, CC_STATUS);
	canvas_puts(c, 0, y, c->w, sb.buf, CA_REVERSE, CC_STATUS);
	strbuf_fini(&sb);
}

static void draw_bottom(struct screen_view *sv, struct canvas *c, int y)
{
	if (sv->mode == MODE_SEARCH || sv->mode == MODE_NOTE) {
		const char *label = sv->mode == MODE_SEARCH ? "Search: " : "Note: ";
		int x = canvas_puts(c, 0, y, c->w, label, CA_BOLD, CC_DEFAULT);
		/* show the end of a long input */
		const char *s = sv->input.buf ? sv->input.buf : "";
		size_t n = sv->input.len;
		while (n && canvas_text_width(s, n) > c->w - x - 1) {
			size_t k = canvas_utf8_decode(s, n, &(wchar_t){ 0 });
			s += k;
			n -= k;
		}
		x = canvas_put(c, x, y, c->w, s, n, CA_NORMAL, CC_DEFAULT);
		c->cur_x = x < c->w ? x : c->w - 1;
		c->cur_y = y;
	} else if (sv->msg[0]) {
		canvas_puts(c, 0, y, c->w, sv->msg, sv->msg_error ? CA_BOLD : CA_NORMAL,
			    sv->msg_error ? CC_EXCLUDE : CC_DEFAULT);
	} else {
		canvas_puts(c, 0, y, c->w,
			    "i include  e exclude  m maybe  u undo  / search  f filter  ? help  "
			    "q quit",
			    CA_DIM, CC_DEFAULT);
	}
}

static void screen_draw(struct view *v, struct canvas *c)
{
	struct screen_view *sv = SV(v);
	canvas_clear(c);
	int h = c->h;
	int list_h = (h - 3) / 3;
	if (list_h < 1)
		list_h = 1;
	int detail_h = h - 3 - list_h;
	if (detail_h < 0)
		detail_h = 0;
	sv->list_h = list_h;
	sv->detail_h = detail_h;

	draw_list(sv, c, list_h);
	hline(c, list_h, 0, c->w);
	if (sv->n) {
		char info[96];
		const struct screen_row *r = &sv->rows[sv->sel];
		snprintf(info, sizeof info, " PMID %s · record %lld ", r->pmid ? r->pmid : "-",
			 r->id);
		canvas_puts(c, 2, list_h, c->w, info, CA_NORMAL, CC_DEFAULT);
	}
	draw_detail(sv, c, list_h + 1, detail_h);
	if (h >= 2)
		draw_status(sv, c, h - 2);
	draw_bottom(sv, c, h - 1);
	if (sv->mode == MODE_REASON || sv->mode == MODE_FILTER)
		draw_picker(sv, c);
	else if (sv->mode == MODE_HELP)
		tui_help_draw(c, TUI_SCREEN, &screen_help);
}

/* ---- life cycle ------------------------------------------------------- */

static int screen_open(struct view *v, struct sieve_error *err)
{
	struct screen_view *sv = SV(v);
	struct screen_source *s = sv->src;
	if (s->settings(s->ctx, &sv->settings, err) ||
	    s->reasons(s->ctx, &sv->reasons, &sv->n_reasons, err) ||
	    s->terms(s->ctx, "include", &sv->inc, &sv->n_inc, err) ||
	    s->terms(s->ctx, "exclude", &sv->exc, &sv->n_exc, err) ||
	    s->progress(s->ctx, &sv->prog, err))
		return -1;
	sv->msg[0] = '\0';
	if (win_reload(sv, 0))
		return sieve_error_set(err, SIEVE_ERR_DB, "%s", sv->msg);
	select_changed(sv, false);
	if (sv->msg_error)
		return sieve_error_set(err, SIEVE_ERR_DB, "%s", sv->msg);
	return 0;
}

static void screen_done(struct view *v)
{
	struct screen_view *sv = SV(v);
	if (!sv)
		return;
	struct screen_source *s = sv->src;
	win_clear(sv);
	free(sv->rows);
	record_drop(sv);
	if (sv->reasons)
		s->strings_free(s->ctx, sv->reasons, sv->n_reasons);
	if (sv->inc)
		s->strings_free(s->ctx, sv->inc, sv->n_inc);
	if (sv->exc)
		s->strings_free(s->ctx, sv->exc, sv->n_exc);
	strbuf_fini(&sv->input);
	free(sv->search);
	free(sv->stage_name);
	free(sv->reviewer);
}

const struct view_ops view_screen_ops = {
	.name = "screen",
	.open = screen_open,
	.draw = screen_draw,
	.key = screen_key,
	.done = screen_done,
};

struct view *view_screen_new(struct screen_source *src, const char *stage_name,
			     const char *reviewer)
{
	struct screen_view *sv = xcalloc(1, sizeof *sv);
	sv->src = src;
	sv->stage_name = xstrdup(stage_name ? stage_name
				 : src->stage == STAGE_FT ? "full-text" : "title-abstract");
	sv->reviewer = xstrdup(reviewer ? reviewer : src->reviewer ? src->reviewer : "");
	/* room for the window plus one page being merged in */
	sv->rows = xcalloc(VIEW_SCREEN_WINDOW_MAX + VIEW_SCREEN_PAGE, sizeof *sv->rows);
	sv->at_start = sv->at_end = true;
	sv->filter = FILTER_ALL;
	sv->list_h = 7;
	sv->detail_h = 14;
	strbuf_init(&sv->input);
	sv->view.ops = &view_screen_ops;
	sv->view.state = sv;
	return &sv->view;
}

void view_screen_free(struct view *v)
{
	if (!v)
		return;
	struct screen_view *sv = SV(v);   /* holds v */
	v->ops->done(v);
	free(sv);
}

size_t view_screen_rows_held(const struct view *v)
{
	return SV(v)->n;
}

long long view_screen_selected_id(const struct view *v)
{
	const struct screen_view *sv = SV(v);
	return sv->n ? sv->rows[sv->sel].id : 0;
}

const char *view_screen_message(const struct view *v)
{
	return SV(v)->msg;
}
