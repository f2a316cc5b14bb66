/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QUADAS-2 form: per study and domain, the signalling questions with the
 * review's guidance, the judgements checked against the suggested one. */
#include "view_quadas.h"
#include "keymap.h"
#include "widgets.h"
#include "../quadas/departure.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tui_help quadas_help = {
	TUI_HELP_PANEL, "QUADAS-2 form: keys (any key closes)",
	"record view: Up/Down PgUp/PgDn scroll; r, Esc or q return",
};

static const char departs_msg[] =
	"the judgement departs from the suggestion: add a supporting note (s)";

/* One rating being edited: a domain (D2: one per index test). */
struct slot {
	size_t domain;              /* index into ins.d */
	const char *test;           /* borrowed from st.tests, or "" */
	enum quadas_level risk, app;
	char *support;              /* NULL: none */
	bool support_set;           /* loaded or edited: saved even when empty */
	enum quadas_answer *ans;    /* per instrument question */
	bool dirty;
};

enum row_kind { RK_QUESTION, RK_RISK, RK_APP, RK_SUPPORT };

struct st {
	struct quadas_source *src;
	char *rater, *recorded_by, *start;
	struct quadas_instrument ins;
	bool have_ins;
	char **studies;
	size_t nstudies, cur;
	char **tests;               /* the current study's index tests */
	size_t ntests;
	struct slot *slots;
	size_t nslots;
	size_t *dom_slot;           /* first slot of each domain */
	size_t dom, test;           /* current domain, index test */
	size_t *qs;                 /* the current domain's shown questions */
	size_t nqs;
	int row, qtop;
	bool help, editing, record;
	struct strbuf edit;
	char *rec_text;
	int rec_top, rec_page;
	enum tui_request pending;   /* a move or quit refused once: again discards */
	char status[600];
	int status_color;
};

static void set_status(struct st *s, int color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_status(struct st *s, int color, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->status, sizeof s->status, fmt, ap);
	va_end(ap);
	s->status_color = color;
}

/* ---- the model ---- */

static bool is_test_domain(const struct st *s, size_t d)
{
	return s->ins.d[d].per_index_test;
}

static size_t domain_slots(const struct st *s, size_t d)
{
	return is_test_domain(s, d) && s->ntests ? s->ntests : 1;
}

static struct slot *cur_slot(struct st *s)
{
	size_t k = is_test_domain(s, s->dom) && s->ntests ? s->test : 0;
	return &s->slots[s->dom_slot[s->dom] + k];
}

/* The domain's shown (not dropped) questions into s->qs. */
static void set_domain(struct st *s, size_t d)
{
	s->dom = d;
	s->test = 0;
	s->row = 0;
	s->qtop = 0;
	s->nqs = 0;
	for (size_t i = 0; i < s->ins.nq; i++)
		if (!s->ins.q[i].dropped && !strcmp(s->ins.q[i].domain, s->ins.d[d].code))
			s->qs[s->nqs++] = i;
}

static int n_rows(const struct st *s)
{
	return (int)s->nqs + 2 + (s->ins.d[s->dom].applicability ? 1 : 0);
}

static enum row_kind row_kind(const struct st *s, int row)
{
	if (row < (int)s->nqs)
		return RK_QUESTION;
	row -= (int)s->nqs;
	if (row == 0)
		return RK_RISK;
	if (row == 1 && s->ins.d[s->dom].applicability)
		return RK_APP;
	return RK_SUPPORT;
}

static int support_row(const struct st *s)
{
	return n_rows(s) - 1;
}

/* What the answers to the slot's domain's shown questions suggest; QL_NONE
 * while one is unanswered or when the domain has none. */
static enum quadas_level slot_suggest(const struct st *s, const struct slot *sl)
{
	return quadas_domain_suggest(&s->ins, s->ins.d[sl->domain].code, sl->ans);
}

/* The judgement departs from the suggestion and no note supports it. */
static bool slot_invalid(const struct st *s, const struct slot *sl)
{
	return quadas_unsupported(slot_suggest(s, sl), sl->risk, sl->support);
}

/* The domain's risk: D2 with several index tests, the worst once all are
 * judged. */
static enum quadas_level domain_risk(const struct st *s, size_t d)
{
	size_t n = domain_slots(s, d);
	if (n == 1)
		return s->slots[s->dom_slot[d]].risk;
	enum quadas_level *l = xcalloc(n, sizeof *l);
	for (size_t k = 0; k < n; k++)
		l[k] = s->slots[s->dom_slot[d] + k].risk;
	enum quadas_level worst = quadas_overall(l, n);
	free(l);
	return worst;
}

/* How many ratings of the study are judged, of how many; the study-level
 * judgement over the domains (QL_NONE until every one is judged). */
static void study_progress(const struct st *s, size_t *judged, size_t *total,
			   enum quadas_level *overall)
{
	*judged = 0;
	*total = s->nslots;
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i].risk != QL_NONE)
			(*judged)++;
	enum quadas_level *l = xcalloc(s->ins.nd, sizeof *l);
	for (size_t d = 0; d < s->ins.nd; d++)
		l[d] = domain_risk(s, d);
	*overall = quadas_overall(l, s->ins.nd);
	free(l);
}

static void slots_clear(struct st *s)
{
	for (size_t i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		free(sl->support);
		sl->support = NULL;
		sl->support_set = false;
		sl->risk = sl->app = QL_NONE;
		sl->dirty = false;
		memset(sl->ans, 0, (s->ins.nq ? s->ins.nq : 1) * sizeof *sl->ans);
	}
}

static void slots_free(struct st *s)
{
	slots_clear(s);
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i].ans);
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	if (s->tests)
		s->src->strings_free(s->src->ctx, s->tests, s->ntests);
	s->tests = NULL;
	s->ntests = 0;
}

static struct slot *slot_of(struct st *s, const char *domain, const char *test)
{
	for (size_t d = 0; d < s->ins.nd; d++) {
		if (strcmp(s->ins.d[d].code, domain))
			continue;
		if (is_test_domain(s, d) && s->ntests) {
			for (size_t k = 0; k < s->ntests; k++)
				if (test && !strcmp(test, s->tests[k]))
					return &s->slots[s->dom_slot[d] + k];
			return NULL;
		}
		return !test || !*test ? &s->slots[s->dom_slot[d]] : NULL;
	}
	return NULL;
}

/* The rater's stored ratings of the current study into the slots; a
 * failure becomes the status message. */
static void load_ratings(struct st *s)
{
	slots_clear(s);
	struct quadas_rating *rows = NULL;
	size_t n = 0;
	struct sieve_error err = { 0 };
	if (s->src->ratings(s->src->ctx, s->studies[s->cur], s->rater, &rows, &n, &err)) {
		set_status(s, CC_EXCLUDE, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct quadas_rating *r = &rows[i];
		struct slot *sl = r->domain ? slot_of(s, r->domain, r->index_test) : NULL;
		if (!sl)
			continue;
		sl->risk = r->risk;
		sl->app = r->applicability;
		if (r->support) {
			free(sl->support);
			sl->support = *r->support ? xstrdup(r->support) : NULL;
			sl->support_set = true;
		}
		for (size_t k = 0; k < r->nanswers; k++)
			for (size_t q = 0; q < s->ins.nq; q++)
				if (r->answers[k].code && !strcmp(s->ins.q[q].code, r->answers[k].code) &&
				    !strcmp(s->ins.q[q].domain, r->domain))
					sl->ans[q] = r->answers[k].answer;
	}
	if (rows)
		s->src->ratings_free(s->src->ctx, rows, n);
}

/* The current study's index tests, slots and ratings; starts at the first
 * domain. Failures become the status message. */
static void load_study(struct st *s)
{
	slots_free(s);
	struct sieve_error err = { 0 };
	if (s->src->index_tests(s->src->ctx, s->studies[s->cur], &s->tests, &s->ntests, &err)) {
		set_status(s, CC_EXCLUDE, "%s", err.msg);
		s->tests = NULL;
		s->ntests = 0;
	}
	s->nslots = 0;
	for (size_t d = 0; d < s->ins.nd; d++) {
		s->dom_slot[d] = s->nslots;
		s->nslots += domain_slots(s, d);
	}
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	for (size_t d = 0; d < s->ins.nd; d++)
		for (size_t k = 0; k < domain_slots(s, d); k++) {
			struct slot *sl = &s->slots[s->dom_slot[d] + k];
			sl->domain = d;
			sl->test = is_test_domain(s, d) && s->ntests ? s->tests[k] : "";
			sl->ans = xcalloc(s->ins.nq ? s->ins.nq : 1, sizeof *sl->ans);
		}
	load_ratings(s);
	set_domain(s, 0);
}

static const char *domain_title(const struct st *s, size_t d, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s %s", s->ins.d[d].code, s->ins.d[d].name);
	return buf;
}

/* Save the current slot's rating; the status tells the outcome. */
static bool save_slot(struct st *s)
{
	struct slot *sl = cur_slot(s);
	const struct quadas_domain *d = &s->ins.d[sl->domain];
	char title[200];
	domain_title(s, sl->domain, title, sizeof title);
	if (slot_invalid(s, sl)) {
		set_status(s, CC_EXCLUDE, "not saved: %s", departs_msg);
		return false;
	}
	struct quadas_answer_row *answers = xcalloc(s->ins.nq, sizeof *answers);
	size_t na = 0;
	for (size_t i = 0; i < s->ins.nq; i++)
		if (!s->ins.q[i].dropped && !strcmp(s->ins.q[i].domain, d->code) &&
		    sl->ans[i] != QA_NONE) {
			answers[na].code = s->ins.q[i].code;
			answers[na++].answer = sl->ans[i];
		}
	char empty[1] = "";
	struct quadas_rating r = {
		.study = s->studies[s->cur],
		.rater = s->rater,
		.domain = d->code,
		.index_test = (char *)sl->test,
		.risk = sl->risk,
		.applicability = d->applicability ? sl->app : QL_NONE,
		.support = sl->support ? sl->support : sl->support_set ? empty : NULL,
		.agreed_by = strcmp(s->rater, QUADAS_CONSENSUS) ? NULL : s->recorded_by,
		.answers = answers,
		.nanswers = na,
	};
	struct sieve_error err = { 0 };
	int rc = s->src->save(s->src->ctx, &r, &err);
	free(answers);
	if (rc) {
		set_status(s, CC_EXCLUDE, "not saved: %s", err.msg);
		return false;
	}
	sl->dirty = false;
	set_status(s, CC_INCLUDE, "saved %s%s%s of %s", title, *sl->test ? " · " : "", sl->test,
		   s->studies[s->cur]);
	return true;
}

enum leave { LEAVE_REFUSED, LEAVE_CLEAN, LEAVE_SAVED, LEAVE_DISCARDED };

/* Leaving the current rating (another domain, index test, study, or quit):
 * saves its changes; when they cannot be saved the first press is refused
 * with the reason and the same key again discards them. */
static enum leave leave_slot(struct st *s, enum tui_request req)
{
	struct slot *sl = cur_slot(s);
	if (!sl->dirty)
		return LEAVE_CLEAN;
	if (s->pending == req) {
		s->pending = REQ_NONE;
		sl->dirty = false;
		return LEAVE_DISCARDED;
	}
	char key[16];
	tui_key_label(TUI_QUADAS, req, key, sizeof key);
	if (slot_invalid(s, sl)) {
		s->pending = req;
		if (req == REQ_QUIT)
			set_status(s, CC_MAYBE, "unsaved changes: w saves, q again discards");
		else
			set_status(s, CC_EXCLUDE,
				   "not saved: add a supporting note (s), or %s again discards the changes",
				   key);
		return LEAVE_REFUSED;
	}
	if (save_slot(s))
		return LEAVE_SAVED;
	s->pending = req;
	size_t len = strlen(s->status);
	snprintf(s->status + len, sizeof s->status - len, "; %s again discards the changes", key);
	return LEAVE_REFUSED;
}

/* ---- keys ---- */

static void edit_start(struct st *s)
{
	struct slot *sl = cur_slot(s);
	strbuf_reset(&s->edit);
	strbuf_adds(&s->edit, sl->support ? sl->support : "");
	s->row = support_row(s);
	s->editing = true;
}

static void edit_key(struct st *s, int key)
{
	enum tui_edit_result r = tui_edit_key(&s->edit, key);
	if (r == TUI_EDIT_DONE) {
		struct slot *sl = cur_slot(s);
		const char *v = s->edit.buf ? s->edit.buf : "";
		if (strcmp(v, sl->support ? sl->support : "")) {
			free(sl->support);
			sl->support = *v ? xstrdup(v) : NULL;
			sl->support_set = true;
			sl->dirty = true;
		}
		s->editing = false;
	} else if (r == TUI_EDIT_CANCEL) {
		s->editing = false;
	}
}

static void record_key(struct st *s, int key)
{
	int page = s->rec_page > 1 ? s->rec_page - 1 : 1;
	switch (key) {
	case TK_UP: case 'k': s->rec_top--; break;
	case TK_DOWN: case 'j': s->rec_top++; break;
	case TK_PGUP: s->rec_top -= page; break;
	case TK_PGDN: case ' ': s->rec_top += page; break;
	case TK_HOME: case 'g': s->rec_top = 0; break;
	case TK_END: case 'G': s->rec_top = 1 << 28; break;
	case 'r': case 'q': case TK_ESC:
		s->record = false;
		free(s->rec_text);
		s->rec_text = NULL;
		break;
	default: break;
	}
	if (s->rec_top < 0)
		s->rec_top = 0;   /* the bottom is clamped when drawn */
}

static void next_row(struct st *s)
{
	if (s->row + 1 < n_rows(s))
		s->row++;
}

static enum quadas_answer cycle_answer(enum quadas_answer a, int dir)
{
	if (dir > 0)
		return a == QA_NONE || a == QA_UNCLEAR ? QA_YES : (enum quadas_answer)(a + 1);
	return a == QA_NONE || a == QA_YES ? QA_UNCLEAR : (enum quadas_answer)(a - 1);
}

static enum quadas_level cycle_level(enum quadas_level l, int dir)
{
	if (dir > 0)
		return l == QL_NONE || l == QL_UNCLEAR ? QL_LOW : (enum quadas_level)(l + 1);
	return l == QL_NONE || l == QL_LOW ? QL_UNCLEAR : (enum quadas_level)(l - 1);
}

static void set_answer(struct st *s, enum quadas_answer a, bool advance)
{
	struct slot *sl = cur_slot(s);
	size_t q = s->qs[s->row];
	if (sl->ans[q] != a) {
		sl->ans[q] = a;
		sl->dirty = true;
	}
	if (advance)
		next_row(s);
}

static void set_level(struct st *s, enum quadas_level l, bool advance)
{
	struct slot *sl = cur_slot(s);
	enum quadas_level *slot = row_kind(s, s->row) == RK_RISK ? &sl->risk : &sl->app;
	if (*slot != l) {
		*slot = l;
		sl->dirty = true;
	}
	if (advance)
		next_row(s);
}

static void answer_key(struct st *s, enum tui_request req)
{
	enum row_kind k = row_kind(s, s->row);
	if (k == RK_QUESTION && (req == REQ_YES || req == REQ_NO || req == REQ_UNCLEAR))
		set_answer(s, req == REQ_YES ? QA_YES : req == REQ_NO ? QA_NO : QA_UNCLEAR, true);
	else if ((k == RK_RISK || k == RK_APP) &&
		 (req == REQ_LOW || req == REQ_HIGH || req == REQ_UNCLEAR))
		set_level(s, req == REQ_LOW ? QL_LOW : req == REQ_HIGH ? QL_HIGH : QL_UNCLEAR, true);
	else if (k == RK_QUESTION)
		set_status(s, CC_DEFAULT, "on a question: y yes, n no, u unclear");
	else if (k == RK_SUPPORT)
		set_status(s, CC_DEFAULT, "on the Support row: Enter or s edits the note");
	else
		set_status(s, CC_DEFAULT, "on a judgement row: l low, h high, u unclear");
}

static void cycle_key(struct st *s, int dir)
{
	struct slot *sl = cur_slot(s);
	enum row_kind k = row_kind(s, s->row);
	if (k == RK_QUESTION)
		set_answer(s, cycle_answer(sl->ans[s->qs[s->row]], dir), false);
	else if (k == RK_RISK)
		set_level(s, cycle_level(sl->risk, dir), false);
	else if (k == RK_APP)
		set_level(s, cycle_level(sl->app, dir), false);
}

static void move_domain(struct st *s, enum tui_request req)
{
	int dir = req == REQ_NEXT_DOMAIN ? 1 : -1;
	if ((dir > 0 && s->dom + 1 >= s->ins.nd) || (dir < 0 && s->dom == 0)) {
		set_status(s, CC_DEFAULT, dir > 0 ? "the last domain: PgDn for the next study"
						  : "the first domain");
		return;
	}
	enum leave l = leave_slot(s, req);
	if (l == LEAVE_REFUSED)
		return;
	if (l == LEAVE_DISCARDED)
		load_ratings(s);
	set_domain(s, dir > 0 ? s->dom + 1 : s->dom - 1);
	if (l != LEAVE_SAVED) {
		char title[200];
		set_status(s, CC_DEFAULT, "%s", domain_title(s, s->dom, title, sizeof title));
	}
}

static void next_test(struct st *s)
{
	if (!is_test_domain(s, s->dom)) {
		const char *code = "the domain rated per index test";
		for (size_t d = 0; d < s->ins.nd; d++)
			if (s->ins.d[d].per_index_test)
				code = s->ins.d[d].code;
		set_status(s, CC_DEFAULT, "t cycles the index tests of %s", code);
		return;
	}
	if (s->ntests < 2) {
		set_status(s, CC_DEFAULT, s->ntests ? "this study has one index test"
						     : "no index tests recorded for this study");
		return;
	}
	enum leave l = leave_slot(s, REQ_NEXT_TEST);
	if (l == LEAVE_REFUSED)
		return;
	if (l == LEAVE_DISCARDED)
		load_ratings(s);
	s->test = (s->test + 1) % s->ntests;
	s->row = 0;
	s->qtop = 0;
	if (l != LEAVE_SAVED)
		set_status(s, CC_DEFAULT, "index test %s (%zu/%zu)", s->tests[s->test], s->test + 1,
			   s->ntests);
}

static void move_study(struct st *s, enum tui_request req)
{
	int dir = req == REQ_NEXT_STUDY ? 1 : -1;
	if ((dir > 0 && s->cur + 1 >= s->nstudies) || (dir < 0 && s->cur == 0)) {
		set_status(s, CC_DEFAULT, "no %s study", dir > 0 ? "next" : "previous");
		return;
	}
	enum leave l = leave_slot(s, req);
	if (l == LEAVE_REFUSED)
		return;
	char saved[sizeof s->status];
	snprintf(saved, sizeof saved, "%s", l == LEAVE_SAVED ? s->status : "");
	s->cur = dir > 0 ? s->cur + 1 : s->cur - 1;
	set_status(s, l == LEAVE_SAVED ? CC_INCLUDE : CC_DEFAULT, "%s%s%s (%zu/%zu)", saved,
		   *saved ? "; now " : "", s->studies[s->cur], s->cur + 1, s->nstudies);
	load_study(s);
}

static void show_record(struct st *s)
{
	char *text = NULL;
	struct sieve_error err = { 0 };
	if (s->src->record(s->src->ctx, s->studies[s->cur], &text, &err)) {
		set_status(s, CC_EXCLUDE, "%s", err.msg);
		return;
	}
	free(s->rec_text);
	s->rec_text = text ? text : xstrdup("");
	s->rec_top = 0;
	s->record = true;
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
	if (s->record) {
		record_key(s, key);
		return VIEW_CONTINUE;
	}
	if (s->help) {
		s->help = false;
		return VIEW_CONTINUE;
	}
	enum tui_request req = tui_request_of(TUI_QUADAS, key);
	if (req != s->pending)
		s->pending = REQ_NONE;
	switch (req) {
	case REQ_UP:
		if (s->row > 0)
			s->row--;
		break;
	case REQ_DOWN:
		next_row(s);
		break;
	case REQ_YES:
	case REQ_NO:
	case REQ_UNCLEAR:
	case REQ_LOW:
	case REQ_HIGH:
		answer_key(s, req);
		break;
	case REQ_PREV_VALUE:
		cycle_key(s, -1);
		break;
	case REQ_NEXT_VALUE:
		cycle_key(s, 1);
		break;
	case REQ_ENTER:
		if (row_kind(s, s->row) == RK_SUPPORT)
			edit_start(s);
		else
			next_row(s);
		break;
	case REQ_NOTE:
		edit_start(s);
		break;
	case REQ_NEXT_DOMAIN:
	case REQ_PREV_DOMAIN:
		move_domain(s, req);
		break;
	case REQ_NEXT_TEST:
		next_test(s);
		break;
	case REQ_SAVE:
		if (cur_slot(s)->dirty)
			save_slot(s);
		else
			set_status(s, CC_DEFAULT, "no changes to save");
		break;
	case REQ_NEXT_STUDY:
	case REQ_PREV_STUDY:
		move_study(s, req);
		break;
	case REQ_RECORD:
		show_record(s);
		break;
	case REQ_HELP:
		s->help = true;
		break;
	case REQ_QUIT:
		if (leave_slot(s, req) != LEAVE_REFUSED)
			return VIEW_QUIT;
		break;
	default:
		break;
	}
	return VIEW_CONTINUE;
}

/* ---- drawing ---- */

static int level_color(enum quadas_level l)
{
	return l == QL_LOW ? CC_INCLUDE : l == QL_HIGH ? CC_EXCLUDE : l == QL_UNCLEAR ? CC_MAYBE
										  : CC_DEFAULT;
}

static const char *level_symbol(enum quadas_level l)
{
	return l == QL_LOW ? "+" : l == QL_HIGH ? "-" : l == QL_UNCLEAR ? "?" : "·";
}

static int text_w(const char *t)
{
	return canvas_text_width(t, strlen(t));
}

/* t in [x, x + width), cut with "…" when longer; returns the column after. */
static int put_cut(struct canvas *c, int x, int y, int width, const char *t, int attr, int color)
{
	if (width < 1)
		return x;
	if (text_w(t) <= width)
		return canvas_puts(c, x, y, x + width, t, attr, color);
	int end = canvas_puts(c, x, y, x + width - 1, t, attr, color);
	return canvas_puts(c, end, y, x + width, "…", attr, color);
}

/* Wrapped text from row y while y < ymax; returns the next row. */
static int put_wrapped(struct canvas *c, int x, int y, int ymax, const char *t, int attr,
		       int color)
{
	struct canvas_line *lines;
	size_t n;
	canvas_wrap(t, strlen(t), c->w - x - 1, &lines, &n);
	for (size_t i = 0; i < n && y < ymax; i++, y++)
		canvas_put(c, x, y, c->w, t + lines[i].start, lines[i].end - lines[i].start, attr,
			   color);
	free(lines);
	return y;
}

static void draw_record(struct st *s, struct canvas *c)
{
	char line[600];
	snprintf(line, sizeof line, " %s · the study's record · r, Esc or q returns to the form",
		 s->studies[s->cur]);
	canvas_puts(c, 0, 0, c->w, line, CA_BOLD, CC_STATUS);
	canvas_fill_attr(c, 0, 0, c->w, CA_BOLD, CC_STATUS);
	int body = c->h - 2;
	if (body < 1)
		body = 1;
	s->rec_page = body;
	struct canvas_line *lines;
	size_t n;
	canvas_wrap(s->rec_text, strlen(s->rec_text), c->w - 2, &lines, &n);
	int max_top = (int)n > body ? (int)n - body : 0;
	if (s->rec_top > max_top)
		s->rec_top = max_top;
	for (int i = 0; i < body && s->rec_top + i < (int)n; i++) {
		const struct canvas_line *l = &lines[s->rec_top + i];
		canvas_put(c, 1, 1 + i, c->w, s->rec_text + l->start, l->end - l->start, CA_NORMAL,
			   CC_DEFAULT);
	}
	int last = s->rec_top + body < (int)n ? s->rec_top + body : (int)n;
	snprintf(line, sizeof line, " lines %d-%d of %zu · Up/Down PgUp/PgDn scroll", s->rec_top + 1,
		 last, n);
	if (c->h > 1)
		canvas_puts(c, 0, c->h - 1, c->w, line, CA_DIM, CC_DEFAULT);
	free(lines);
}

/* The domain strip: every name if it fits, else only the current one's,
 * else codes only. */
static void draw_strip(struct st *s, struct canvas *c, int y)
{
	int mode;
	for (mode = 0; mode < 2; mode++) {
		int width = 1;
		for (size_t d = 0; d < s->ins.nd; d++) {
			width += (d ? 3 : 0) + 2 + text_w(s->ins.d[d].code);
			if (mode == 0 || d == s->dom)
				width += 1 + text_w(s->ins.d[d].name);
		}
		if (width <= c->w)
			break;
	}
	int x = 1;
	for (size_t d = 0; d < s->ins.nd; d++) {
		if (d)
			x = canvas_puts(c, x, y, c->w, " | ", CA_DIM, CC_DEFAULT);
		bool here = d == s->dom;
		int attr = here ? CA_REVERSE | CA_BOLD : CA_NORMAL;
		enum quadas_level l = domain_risk(s, d);
		x = canvas_puts(c, x, y, c->w, level_symbol(l), attr | CA_BOLD, level_color(l));
		x = canvas_puts(c, x, y, c->w, " ", attr, CC_DEFAULT);
		x = canvas_puts(c, x, y, c->w, s->ins.d[d].code, attr, CC_DEFAULT);
		if (mode == 0 || (mode == 1 && here)) {
			x = canvas_puts(c, x, y, c->w, " ", attr, CC_DEFAULT);
			x = canvas_puts(c, x, y, c->w, s->ins.d[d].name, attr, CC_DEFAULT);
		}
	}
}

static const char *judgement_question(const struct st *s, bool applicability)
{
	const struct quadas_domain *d = &s->ins.d[s->dom];
	return applicability ? d->applicability_question : d->risk_question;
}

/* The body ends above the two footer lines. */
static int body_end(const struct canvas *c)
{
	return c->h - 2;
}

/* Title bar: the study, the rater, and the overall judgement once every
 * domain (every index test's D2) is judged. */
static void draw_title(struct st *s, struct canvas *c)
{
	size_t judged, total;
	enum quadas_level overall;
	study_progress(s, &judged, &total, &overall);
	struct strbuf t = STRBUF_INIT;
	strbuf_init(&t);
	strbuf_addf(&t, " QUADAS-2 · %s (%zu/%zu) · rater %s", s->studies[s->cur], s->cur + 1,
		    s->nstudies, s->rater);
	if (overall != QL_NONE)
		strbuf_addf(&t, " · overall: %s (complete)", quadas_level_name(overall));
	else
		strbuf_addf(&t, " · %zu/%zu judged", judged, total);
	canvas_puts(c, 0, 0, c->w, t.buf, CA_BOLD, CC_STATUS);
	canvas_fill_attr(c, 0, 0, c->w, CA_BOLD, CC_STATUS);
	strbuf_fini(&t);
}

/* The domain's name, its index test, unsaved changes. */
static void draw_subtitle(struct st *s, struct canvas *c, int y)
{
	char title[200];
	int x = canvas_puts(c, 1, y, c->w, domain_title(s, s->dom, title, sizeof title), CA_BOLD,
			    CC_TITLE);
	if (is_test_domain(s, s->dom) && s->ntests) {
		struct strbuf t = STRBUF_INIT;
		strbuf_init(&t);
		strbuf_addf(&t, " · index test %s (%zu/%zu)%s", s->tests[s->test], s->test + 1,
			    s->ntests, s->ntests > 1 ? " · t: next" : "");
		x = canvas_puts(c, x, y, c->w, t.buf, CA_BOLD, CC_DEFAULT);
		strbuf_fini(&t);
	}
	if (cur_slot(s)->dirty)
		canvas_puts(c, x, y, c->w, " · unsaved", CA_NORMAL, CC_MAYBE);
}

/* The signalling questions from row y, qh rows, scrolled to the cursor;
 * returns whether the question under the cursor is cut. */
static bool draw_questions(struct st *s, struct canvas *c, int y, int qh)
{
	const struct slot *sl = cur_slot(s);
	if (s->row < (int)s->nqs) {
		if (s->row < s->qtop)
			s->qtop = s->row;
		if (s->row >= s->qtop + qh)
			s->qtop = s->row - qh + 1;
	}
	if (s->qtop > (int)s->nqs - qh)
		s->qtop = (int)s->nqs > qh ? (int)s->nqs - qh : 0;
	if (!s->nqs && y < body_end(c))
		canvas_puts(c, 2, y, c->w, "(the review dropped every question of this domain)", CA_DIM,
			    CC_DEFAULT);
	int codew = 0, textmax = 0;
	for (size_t i = 0; i < s->nqs; i++) {
		const struct quadas_question *q = &s->ins.q[s->qs[i]];
		if (text_w(q->code) > codew)
			codew = text_w(q->code);
		if (text_w(q->text) > textmax)
			textmax = text_w(q->text);
	}
	/* answers line up in a column after the longest text that fits */
	int tx = 2 + codew + 1;
	int textw = c->w - tx - 2 - 9;    /* "  [unclear]" */
	if (textw > textmax)
		textw = textmax;
	if (textw < 1)
		textw = 1;
	bool cut_here = false;
	for (int i = s->qtop; i < (int)s->nqs && i < s->qtop + qh && y < body_end(c); i++, y++) {
		const struct quadas_question *q = &s->ins.q[s->qs[i]];
		bool here = s->row == i && !s->editing;
		int attr = here ? CA_REVERSE : CA_NORMAL;
		if (here) {
			canvas_fill_attr(c, y, 0, c->w, CA_REVERSE, CC_DEFAULT);
			cut_here = text_w(q->text) > textw;
		}
		canvas_puts(c, 0, y, c->w, here ? ">" : " ", attr | CA_BOLD, CC_DEFAULT);
		canvas_puts(c, 2, y, c->w, q->code, attr | CA_BOLD, CC_DEFAULT);
		put_cut(c, tx, y, textw, q->text, attr, CC_DEFAULT);
		enum quadas_answer a = sl->ans[s->qs[i]];
		char ans[16];
		snprintf(ans, sizeof ans, "[%s]", a == QA_NONE ? " " : quadas_answer_name(a));
		canvas_puts(c, tx + textw + 2, y, c->w, ans, attr | CA_BOLD,
			    a == QA_YES ? CC_INCLUDE : a == QA_NO ? CC_EXCLUDE : a ? CC_MAYBE : 0);
	}
	return cut_here;
}

/* Risk of bias, applicability concerns, the supporting note (or its line
 * editor) from row y; returns the row after. */
static int draw_judgements(struct st *s, struct canvas *c, int y)
{
	const struct slot *sl = cur_slot(s);
	for (int r = (int)s->nqs; r < n_rows(s) && y < body_end(c); r++, y++) {
		enum row_kind k = row_kind(s, r);
		bool here = s->row == r;
		int attr = here && !(s->editing && k == RK_SUPPORT) ? CA_REVERSE : CA_NORMAL;
		if (attr & CA_REVERSE)
			canvas_fill_attr(c, y, 0, c->w, CA_REVERSE, CC_DEFAULT);
		canvas_puts(c, 0, y, c->w, here ? ">" : " ", attr | CA_BOLD, CC_DEFAULT);
		const char *label = k == RK_RISK ? "Risk of bias: "
				  : k == RK_APP ? "Applicability concerns: " : "Support: ";
		int vx = canvas_puts(c, 2, y, c->w, label, attr | CA_BOLD, CC_DEFAULT);
		if (k == RK_RISK || k == RK_APP) {
			enum quadas_level l = k == RK_RISK ? sl->risk : sl->app;
			canvas_puts(c, vx, y, c->w, l ? quadas_level_name(l) : "not judged (l, h, u)",
				    attr | (l ? CA_BOLD : CA_DIM), level_color(l));
		} else if (s->editing) {
			/* the end of the text being typed, and the cursor */
			const char *b = s->edit.buf ? s->edit.buf : "";
			int room = c->w - vx - 1;
			size_t off = 0, len = strlen(b);
			while (off < len && room > 0 && text_w(b + off) > room) {
				wchar_t wc;
				off += canvas_utf8_decode(b + off, len - off, &wc);
			}
			int end = canvas_puts(c, vx, y, c->w, b + off, CA_UNDERLINE, CC_DEFAULT);
			c->cur_x = end < c->w ? end : c->w - 1;
			c->cur_y = y;
		} else if (sl->support) {
			put_cut(c, vx, y, c->w - vx, sl->support, attr, CC_DEFAULT);
		} else {
			canvas_puts(c, vx, y, c->w, "none (s writes one)", attr | CA_DIM, CC_DEFAULT);
		}
	}
	return y;
}

/* The suggestion from the answers at row y, and under it the warning when
 * the judgement departs from it without a note. */
static void draw_suggestion(struct st *s, struct canvas *c, int y)
{
	const struct slot *sl = cur_slot(s);
	enum quadas_level sug = slot_suggest(s, sl);
	if (y >= body_end(c))
		return;
	if (sug != QL_NONE) {
		int x = canvas_puts(c, 2, y, c->w, "Suggested from the answers: ", CA_NORMAL,
				    CC_DEFAULT);
		canvas_puts(c, x, y, c->w, quadas_level_name(sug), CA_BOLD, level_color(sug));
	} else {
		size_t answered = 0;
		for (size_t i = 0; i < s->nqs; i++)
			answered += sl->ans[s->qs[i]] != QA_NONE;
		char line[120];
		snprintf(line, sizeof line, "Suggested from the answers: none yet (%zu of %zu answered)",
			 answered, s->nqs);
		canvas_puts(c, 2, y, c->w, line, CA_DIM, CC_DEFAULT);
	}
	if (++y >= body_end(c) || !quadas_needs_support(sug, sl->risk))
		return;
	if (!sl->support)
		canvas_puts(c, 2, y, c->w, departs_msg, CA_BOLD, CC_EXCLUDE);
	else
		canvas_puts(c, 2, y, c->w, "the judgement departs from the suggestion; the note "
			    "supports it", CA_DIM, CC_DEFAULT);
}

/* Below the form, for the row under the cursor: a cut question in full and
 * the review's guidance; the judgement question; the whole note. */
static void draw_panel(struct st *s, struct canvas *c, int y, bool cut_here)
{
	const struct slot *sl = cur_slot(s);
	int ymax = body_end(c);
	enum row_kind k = row_kind(s, s->row);
	struct strbuf t = STRBUF_INIT;
	strbuf_init(&t);
	if (k == RK_QUESTION) {
		const struct quadas_question *q = &s->ins.q[s->qs[s->row]];
		if (cut_here) {
			strbuf_addf(&t, "%s %s", q->code, q->text);
			y = put_wrapped(c, 2, y, ymax, t.buf, CA_NORMAL, CC_DEFAULT);
		}
		if (q->guidance && *q->guidance) {
			strbuf_reset(&t);
			strbuf_addf(&t, "Guidance: %s", q->guidance);
			put_wrapped(c, 2, y, ymax, t.buf, CA_NORMAL, CC_TITLE);
		}
	} else if (k == RK_RISK || k == RK_APP) {
		const char *jq = judgement_question(s, k == RK_APP);
		if (jq)
			put_wrapped(c, 2, y, ymax, jq, CA_DIM, CC_DEFAULT);
	} else if (!s->editing && sl->support) {
		strbuf_addf(&t, "Support: %s", sl->support);
		put_wrapped(c, 2, y, ymax, t.buf, CA_NORMAL, CC_DEFAULT);
	} else if (!s->editing) {
		put_wrapped(c, 2, y, ymax, "A note from the paper that supports the judgement; "
			    "required when the judgement departs from the suggestion.", CA_DIM,
			    CC_DEFAULT);
	}
	strbuf_fini(&t);
}

/* The row's keys, then the status. */
static void draw_footer(struct st *s, struct canvas *c)
{
	enum row_kind k = row_kind(s, s->row);
	const char *keys =
		s->editing ? " editing the note: Enter keeps · Esc cancels · Ctrl-U clears"
		: k == RK_QUESTION ? " y yes · n no · u unclear · Left/Right cycle · ] domain · "
				     "r record · ? help"
		: k == RK_SUPPORT ? " Enter or s edits the note · w save · ] next domain · "
				    "PgDn next study · ? help"
				  : " l low · h high · u unclear · Left/Right cycle · s note · "
				    "w save · ? help";
	if (c->h >= 3)
		canvas_puts(c, 0, c->h - 2, c->w, keys, CA_DIM, CC_DEFAULT);
	if (c->h >= 2) {
		int x = canvas_puts(c, 0, c->h - 1, c->w, " ", CA_NORMAL, s->status_color);
		canvas_puts(c, x, c->h - 1, c->w, s->status, CA_NORMAL, s->status_color);
	}
}

/*
 * The form, top to bottom: title bar, domain strip, the domain (and index
 * test), blank; the questions; blank, the judgement rows, blank, the
 * suggestion and its warning, blank; the panel for the row under the
 * cursor; the keys and the status. The questions get what the rest leaves
 * (at least one row) and scroll.
 */
static void draw_form(struct st *s, struct canvas *c)
{
	draw_title(s, c);
	if (body_end(c) > 1)
		draw_strip(s, c, 1);
	if (body_end(c) > 2)
		draw_subtitle(s, c, 2);
	int njudge = s->ins.d[s->dom].applicability ? 3 : 2;
	int qh = c->h - 4 - (njudge + 4) - 2 - 2;
	if (qh < 1)
		qh = 1;
	if (qh > (int)s->nqs)
		qh = s->nqs ? (int)s->nqs : 1;
	bool cut_here = draw_questions(s, c, 4, qh);
	int y = draw_judgements(s, c, 4 + qh + 1);
	draw_suggestion(s, c, y + 1);
	draw_panel(s, c, y + 4, cut_here);
	draw_footer(s, c);
}

static void draw_view(struct view *v, struct canvas *c)
{
	struct st *s = v->state;
	canvas_clear(c);
	if (s->record)
		draw_record(s, c);
	else
		draw_form(s, c);
	if (s->help)
		tui_help_draw(c, TUI_QUADAS, &quadas_help);
}

/* ---- open, done ---- */

static int open_view(struct view *v, struct sieve_error *err)
{
	struct st *s = v->state;
	if (s->src->instrument(s->src->ctx, &s->ins, err))
		return -1;
	s->have_ins = true;
	if (!s->ins.nd)
		return sieve_error_set(err, SIEVE_ERR_DATA, "the QUADAS-2 instrument has no domains");
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
	s->dom_slot = xcalloc(s->ins.nd, sizeof *s->dom_slot);
	s->qs = xcalloc(s->ins.nq, sizeof *s->qs);
	set_status(s, CC_DEFAULT, "%s (%zu/%zu) · ? lists the keys · r shows the study's record",
		   s->studies[s->cur], s->cur + 1, s->nstudies);
	load_study(s);
	return 0;
}

static void done_view(struct view *v)
{
	struct st *s = v->state;
	if (!s)
		return;
	slots_free(s);
	if (s->studies)
		s->src->strings_free(s->src->ctx, s->studies, s->nstudies);
	if (s->have_ins)
		quadas_instrument_fini(&s->ins);
	free(s->dom_slot);
	free(s->qs);
	free(s->rec_text);
	strbuf_fini(&s->edit);
	free(s->rater);
	free(s->recorded_by);
	free(s->start);
	free(s);
	v->state = NULL;
}

static const struct view_ops quadas_ops = { "the QUADAS-2 form", open_view, draw_view, key_view,
					    done_view };

struct view *view_quadas_new(struct quadas_source *src, const char *rater,
			     const char *recorded_by, const char *study)
{
	struct st *s = xcalloc(1, sizeof *s);
	s->src = src;
	s->rater = xstrdup(rater ? rater : "");
	s->recorded_by = xstrdup(recorded_by);
	s->start = xstrdup(study);
	strbuf_init(&s->edit);
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = &quadas_ops;
	v->state = s;
	return v;
}

void view_quadas_free(struct view *v)
{
	if (!v)
		return;
	v->ops->done(v);
	free(v);
}
