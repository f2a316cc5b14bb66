/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening TUI without a terminal or a database: an in-memory source,
 * scripted keys replayed headlessly, and the screen compared as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "../../lib/strbuf.h"
#include "../../lib/xalloc.h"
#include "../../tui/app.h"
#include "../../tui/canvas.h"
#include "../../tui/keymap.h"
#include "../../tui/source.h"
#include "../../tui/view_screen.h"
#include "tui_check.h"

/* ---- the fake source --------------------------------------------------- */

struct fake_rec {
	const char *pmid, *first, *authors, *title, *journal, *types, *keywords, *mesh;
	int year;
	bool retracted, rescreen;
	const char *abstract[4][2];   /* label, text */
};

static const struct fake_rec fake_recs[] = {
	{ "30000001", "Müller A", "Müller A, Nguyễn B, Østergaard C",
	  "Diffusion-weighted MRI predicts response of colorectal liver metastases to "
	  "chemotherapy",
	  "Eur Radiol", "Journal Article", "ADC; diffusion", "Liver Neoplasms; Colorectal Neoplasms",
	  2019, false, false,
	  { { "BACKGROUND", "Response assessment of colorectal liver metastases (CRLM) by size "
			    "alone is slow — functional imaging may be earlier." },
	    { "METHODS", "Forty-two patients had diffusion-weighted imaging (b = 0, 150 and 800 "
			 "s/mm²) before chemotherapy. Apparent diffusion coefficient (ADC) was "
			 "measured in every lesion ≥ 1 cm; α was set to 0.05." },
	    { "RESULTS", "Baseline ADC was lower in responders than in non-responders "
			 "(1.05 vs 1.21 ×10⁻³ mm²/s; ΔADC −0.16; p = 0.003). The area under the "
			 "curve was 0.81 (95% CI 0.68–0.94)." },
	    { "CONCLUSION", "A low pre-treatment ADC predicts response. FINAL-LINE-MARKER" } } },
	{ "30000002", "张伟", "张伟, 李娜", "肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系研究",
	  "Chin J Radiol", "Journal Article; Retracted Publication", "", "", 2020, true, false,
	  { { "", "扩散加权成像 ADC 值预测结直肠癌肝转移化疗反应。" } } },
	{ "30000003", "Ødegaard K", "Ødegaard K", "Case report: β-catenin and ADC in a mouse model",
	  "Lab Anim", "Case Reports", "", "", 2017, false, true,
	  { { "", "A single mouse was imaged." } } },
	{ "30000004", "García-López M", "García-López M, Smith J",
	  "Systematic review of ADC in hepatic metastases", "Abdom Radiol", "Review", "", "",
	  2018, false, false, { { "OBJECTIVE", "To review ADC studies." } } },
	{ "30000005", "O'Brien P", "O'Brien P", "Editorial: imaging response", "Radiology",
	  "Editorial", "", "", 2021, false, false, { { NULL, NULL } } },
};
#define N_FAKE_RECS ((long long)(sizeof fake_recs / sizeof fake_recs[0]))

static const char *fake_reasons[] = { "wrong population", "wrong intervention",
				      "wrong outcome", "not primary research" };

struct fake {
	struct screen_source src;
	long long n;            /* records: ids 1..n */
	enum verdict *mine;
	char **reason, **note;
	struct hist { long long id; enum verdict v; char *reason, *note; } *hist;
	size_t n_hist, cap_hist;
	bool no_reasons, fail_decide;
	/* what the view asked for */
	int max_limit;
	long long rows_served, live_rows, max_live_rows;
	int decide_calls, note_calls;
	long long last_id;
	enum verdict last_v;
	char last_reason[128];
};

static const struct fake_rec *rec_of(long long id)
{
	return id <= N_FAKE_RECS ? &fake_recs[id - 1] : NULL;
}

static char *synth_title(long long id)
{
	const struct fake_rec *r = rec_of(id);
	return r ? xstrdup(r->title) : xasprintf("Synthetic record %lld about hepatic imaging", id);
}

static bool ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

static bool matches_search(long long id, const char *search)
{
	if (!search || !*search)
		return true;
	const struct fake_rec *r = rec_of(id);
	struct strbuf hay = STRBUF_INIT;
	strbuf_init(&hay);
	char *t = synth_title(id);
	strbuf_adds(&hay, t);
	free(t);
	for (int i = 0; r && i < 4 && r->abstract[i][1]; i++) {
		strbuf_addc(&hay, ' ');
		strbuf_adds(&hay, r->abstract[i][1]);
	}
	char *words = xstrdup(search), *save = NULL;
	bool ok = true;
	for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (!ci_contains(hay.buf, w))
			ok = false;
	free(words);
	strbuf_fini(&hay);
	return ok;
}

static bool matches(struct fake *f, long long id, enum screen_filter filter, const char *search)
{
	const struct fake_rec *r = rec_of(id);
	enum verdict v = f->mine[id];
	bool ok;
	switch (filter) {
	case FILTER_UNDECIDED: ok = v == VERDICT_NONE; break;
	case FILTER_MINE: ok = v != VERDICT_NONE; break;
	case FILTER_INCLUDED: ok = v == VERDICT_INCLUDE; break;
	case FILTER_EXCLUDED: ok = v == VERDICT_EXCLUDE; break;
	case FILTER_MAYBE: ok = v == VERDICT_MAYBE; break;
	case FILTER_CONFLICTS: ok = false; break;
	case FILTER_RESCREEN: ok = r && r->rescreen; break;
	case FILTER_RETRACTED: ok = r && r->retracted; break;
	default: ok = true; break;
	}
	return ok && matches_search(id, search);
}

static enum screen_status status_of(enum verdict v)
{
	return v == VERDICT_INCLUDE ? STATUS_INCLUDED
	     : v == VERDICT_EXCLUDE ? STATUS_EXCLUDED
	     : v == VERDICT_MAYBE ? STATUS_MAYBE : STATUS_OPEN;
}

static int f_page(void *ctx, enum screen_filter filter, const char *search, long long after,
		  bool backwards, int limit, struct screen_row **rows, size_t *n,
		  struct sieve_error *err)
{
	(void)err;
	struct fake *f = ctx;
	if (limit > f->max_limit)
		f->max_limit = limit;
	*rows = xcalloc((size_t)limit, sizeof **rows);
	*n = 0;
	long long id = backwards ? (after > f->n + 1 ? f->n : after - 1) : after + 1;
	for (; id >= 1 && id <= f->n && *n < (size_t)limit; id += backwards ? -1 : 1) {
		if (!matches(f, id, filter, search))
			continue;
		const struct fake_rec *r = rec_of(id);
		struct screen_row *row = &(*rows)[(*n)++];
		row->id = id;
		row->pmid = r ? xstrdup(r->pmid) : xasprintf("%lld", 40000000 + id);
		row->year = r ? r->year : 2000 + (int)(id % 24);
		row->first_author = r ? xstrdup(r->first) : xasprintf("Author %lld", id);
		row->title = synth_title(id);
		row->mine = f->mine[id];
		row->status = status_of(f->mine[id]);
		row->rescreen = r && r->rescreen;
		row->retracted = r && r->retracted;
	}
	f->rows_served += (long long)*n;
	f->live_rows += (long long)*n;
	if (f->live_rows > f->max_live_rows)
		f->max_live_rows = f->live_rows;
	return 0;
}

static void f_rows_free(void *ctx, struct screen_row *rows, size_t n)
{
	struct fake *f = ctx;
	for (size_t i = 0; i < n; i++) {
		free(rows[i].pmid);
		free(rows[i].first_author);
		free(rows[i].title);
	}
	free(rows);
	f->live_rows -= (long long)n;
}

static int f_record(void *ctx, long long id, struct screen_record *out, struct sieve_error *err)
{
	struct fake *f = ctx;
	if (id < 1 || id > f->n)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no record %lld", id);
	const struct fake_rec *r = rec_of(id);
	memset(out, 0, sizeof *out);
	out->id = id;
	out->pmid = r ? xstrdup(r->pmid) : xasprintf("%lld", 40000000 + id);
	out->title = synth_title(id);
	out->authors = r ? xstrdup(r->authors) : xasprintf("Author %lld", id);
	out->journal = xstrdup(r ? r->journal : "J Synth");
	out->pub_types = xstrdup(r ? r->types : "Journal Article");
	out->keywords = xstrdup(r ? r->keywords : "");
	out->mesh = xstrdup(r ? r->mesh : "");
	out->year = r ? r->year : 2000 + (int)(id % 24);
	for (int i = 0; r && i < 4 && r->abstract[i][1]; i++)
		out->n_abstract++;
	if (out->n_abstract) {
		out->abstract = xcalloc(out->n_abstract, sizeof *out->abstract);
		for (size_t i = 0; i < out->n_abstract; i++) {
			out->abstract[i].label = xstrdup(r->abstract[i][0]);
			out->abstract[i].text = xstrdup(r->abstract[i][1]);
		}
	}
	out->mine = f->mine[id];
	out->my_reason = xstrdup(f->reason[id]);
	out->my_note = xstrdup(f->note[id]);
	out->status = status_of(f->mine[id]);
	out->rescreen = r && r->rescreen;
	out->retracted = r && r->retracted;
	return 0;
}

static void f_record_fini(void *ctx, struct screen_record *r)
{
	(void)ctx;
	free(r->pmid);
	free(r->title);
	free(r->authors);
	free(r->journal);
	free(r->pub_types);
	free(r->keywords);
	free(r->mesh);
	free(r->doi);
	for (size_t i = 0; i < r->n_abstract; i++) {
		free(r->abstract[i].label);
		free(r->abstract[i].text);
	}
	free(r->abstract);
	free(r->my_reason);
	free(r->my_note);
	memset(r, 0, sizeof *r);
}

static int f_decide(void *ctx, long long id, enum verdict v, const char *reason, const char *note,
		    struct sieve_error *err)
{
	struct fake *f = ctx;
	if (f->fail_decide)
		return sieve_error_set(err, SIEVE_ERR_DB_DOWN, "fake: the server went away");
	if (v == VERDICT_EXCLUDE && f->src.stage == STAGE_FT && (!reason || !*reason))
		return sieve_error_set(err, SIEVE_ERR_DATA, "fake: reason required");
	if (f->n_hist == f->cap_hist) {
		f->cap_hist = f->cap_hist ? 2 * f->cap_hist : 16;
		f->hist = xrealloc(f->hist, f->cap_hist * sizeof *f->hist);
	}
	f->hist[f->n_hist++] = (struct hist){ id, f->mine[id], f->reason[id], f->note[id] };
	f->mine[id] = v;
	f->reason[id] = xstrdup(reason);
	f->note[id] = xstrdup(note);
	f->decide_calls++;
	f->last_id = id;
	f->last_v = v;
	snprintf(f->last_reason, sizeof f->last_reason, "%s", reason ? reason : "");
	return 0;
}

static int f_undo(void *ctx, long long id, enum verdict *restored, struct sieve_error *err)
{
	(void)err;
	struct fake *f = ctx;
	for (size_t i = f->n_hist; i-- > 0;)
		if (f->hist[i].id == id) {
			free(f->reason[id]);
			free(f->note[id]);
			f->mine[id] = f->hist[i].v;
			f->reason[id] = f->hist[i].reason;
			f->note[id] = f->hist[i].note;
			memmove(f->hist + i, f->hist + i + 1, (f->n_hist - i - 1) * sizeof *f->hist);
			f->n_hist--;
			if (restored)
				*restored = f->mine[id];
			return 1;
		}
	return 0;
}

static int f_note(void *ctx, long long id, const char *note, struct sieve_error *err)
{
	struct fake *f = ctx;
	if (f->mine[id] == VERDICT_NONE)
		return sieve_error_set(err, SIEVE_ERR_DATA, "fake: no decision");
	free(f->note[id]);
	f->note[id] = xstrdup(note);
	f->note_calls++;
	return 0;
}

static int f_progress(void *ctx, struct screen_progress *p, struct sieve_error *err)
{
	(void)err;
	struct fake *f = ctx;
	p->total = f->n;
	p->mine = p->complete = 0;
	for (long long i = 1; i <= f->n; i++)
		if (f->mine[i] != VERDICT_NONE)
			p->mine++;
	p->complete = p->mine;
	return 0;
}

static int f_reasons(void *ctx, char ***list, size_t *n, struct sieve_error *err)
{
	(void)err;
	struct fake *f = ctx;
	*n = f->no_reasons ? 0 : 4;
	*list = fake_strings(fake_reasons, *n);
	return 0;
}

static int f_terms(void *ctx, const char *kind, char ***list, size_t *n, struct sieve_error *err)
{
	(void)ctx;
	(void)err;
	static const char *inc[] = { "diffusion", "ADC", "liver metastases" };
	static const char *exc[] = { "case report", "mouse" };
	bool in = !strcmp(kind, "include");
	*n = in ? 3 : 2;
	*list = fake_strings(in ? inc : exc, *n);
	return 0;
}

static int f_settings(void *ctx, struct screen_settings *s, struct sieve_error *err)
{
	(void)ctx;
	(void)err;
	*s = (struct screen_settings){ { 1, 1 }, false, false };
	return 0;
}

static struct fake *fake_new(long long n, enum screen_stage st)
{
	struct fake *f = xcalloc(1, sizeof *f);
	f->n = n;
	f->mine = xcalloc((size_t)n + 1, sizeof *f->mine);
	f->reason = xcalloc((size_t)n + 1, sizeof *f->reason);
	f->note = xcalloc((size_t)n + 1, sizeof *f->note);
	f->src = (struct screen_source){
		.ctx = f, .stage = st, .reviewer = "alice",
		.page = f_page, .rows_free = f_rows_free, .record = f_record,
		.record_fini = f_record_fini, .decide = f_decide, .undo = f_undo, .note = f_note,
		.progress = f_progress, .reasons = f_reasons, .terms = f_terms,
		.strings_free = fake_strings_free, .settings = f_settings, .free = NULL,
	};
	return f;
}

static void fake_free(struct fake *f)
{
	for (long long i = 0; i <= f->n; i++) {
		free(f->reason[i]);
		free(f->note[i]);
	}
	for (size_t i = 0; i < f->n_hist; i++) {
		free(f->hist[i].reason);
		free(f->hist[i].note);
	}
	free(f->hist);
	free(f->mine);
	free(f->reason);
	free(f->note);
	free(f);
}

/* ---- helpers ------------------------------------------------------------ */

/* The screening view over f replayed on keys (tui_view_headless). */
static int headless(struct fake *f, int w, int h, const char *keys, struct strbuf *dump,
		    struct sieve_error *err)
{
	struct view *v = view_screen_new(&f->src, NULL, NULL);
	int rc = tui_view_headless(v, w, h, keys, dump, err);
	view_screen_free(v);
	return rc;
}

/* Run keys headlessly; the dump is malloc'd. */
static char *run(struct fake *f, int w, int h, const char *keys)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	struct sieve_error err = { 0 };
	if (headless(f, w, h, keys, &sb, &err))
		fail_msg("headless: %s", err.msg);
	check_dump_geometry(sb.buf, w, h);
	return strbuf_take(&sb);
}

/* The list row (0..6 at 80x24) showing record pmid, or -1. */
static int list_row_of(const char *dump, const char *title_start)
{
	for (int y = 0; y < 7; y++) {
		char *l = screen_line(dump, y);
		bool hit = strstr(l, title_start) != NULL;
		free(l);
		if (hit)
			return y;
	}
	return -1;
}

/* ---- the canvas --------------------------------------------------------- */

static void test_canvas_widths(void **state)
{
	(void)state;
	struct canvas *c = canvas_new(10, 3);
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	/* a wide character that would cross the right edge is not split */
	assert_int_equal(canvas_puts(c, 0, 0, 10, "abcdefghi中", 0, 0), 9);
	/* combining acute joins the e; CJK takes two cells each */
	assert_int_equal(canvas_puts(c, 0, 1, 10, "e\xcc\x81 中文", 0, 0), 6);
	assert_int_equal(canvas_cell(c, 0, 1)->wc[1], 0x301);
	assert_int_equal(canvas_cell(c, 2, 1)->width, 2);
	assert_int_equal(canvas_cell(c, 3, 1)->width, 0);
	/* clip at xmax; invalid UTF-8 shows U+FFFD */
	assert_int_equal(canvas_puts(c, 0, 2, 4, "\xff" "abcdef", 0, 0), 4);
	canvas_dump(c, &sb);
	assert_string_equal(sb.buf, "abcdefghi\n" "e\xcc\x81 中文\n" "\xef\xbf\xbd" "abc\n");
	/* overwriting half of a wide character blanks the other half */
	canvas_puts(c, 3, 1, 10, "x", 0, 0);
	strbuf_reset(&sb);
	canvas_dump(c, &sb);
	assert_string_equal(sb.buf, "abcdefghi\n" "e\xcc\x81  x文\n" "\xef\xbf\xbd" "abc\n");
	assert_int_equal(canvas_text_width("Müller 张伟", strlen("Müller 张伟")), 11);
	strbuf_fini(&sb);
	canvas_free(c);
}

static void test_canvas_wrap(void **state)
{
	(void)state;
	const char *s = "alpha beta gamma delta";
	struct canvas_line *l;
	size_t n;
	canvas_wrap(s, strlen(s), 11, &l, &n);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[0].end, 10);   /* "alpha beta" */
	assert_int_equal(l[1].start, 11); /* "gamma delta" */
	assert_int_equal(l[1].end, strlen(s));
	free(l);
	/* CJK breaks between characters; a long word is cut */
	const char *cjk = "扩散加权成像";
	canvas_wrap(cjk, strlen(cjk), 5, &l, &n);
	assert_int_equal(n, 3);   /* 2 characters (4 cells) per line */
	assert_int_equal(l[0].end - l[0].start, 6);
	free(l);
	canvas_wrap("abcdefgh", 8, 3, &l, &n);
	assert_int_equal(n, 3);
	assert_int_equal(l[2].end - l[2].start, 2);
	free(l);
	canvas_wrap("", 0, 10, &l, &n);
	assert_int_equal(n, 1);
	free(l);
}

/* ---- the screening view ------------------------------------------------- */

static const char *const first_screen =
	">·   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta\n"
	" · R 2020 张伟             肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系\n"
	" · ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model\n"
	" ·   2018 García-López M   Systematic review of ADC in hepatic metastases\n"
	" ·   2021 O'Brien P        Editorial: imaging response\n"
	"\n"
	"\n"
	"── PMID 30000001 · record 1 ────────────────────────────────────────────────────\n"
	" Diffusion-weighted MRI predicts response of colorectal liver metastases to\n"
	" chemotherapy\n"
	" Authors: Müller A, Nguyễn B, Østergaard C\n"
	" Journal: Eur Radiol · 2019\n"
	" Types: Journal Article\n"
	" Keywords: ADC; diffusion\n"
	" MeSH: Liver Neoplasms; Colorectal Neoplasms\n"
	"\n"
	" BACKGROUND: Response assessment of colorectal liver metastases (CRLM) by size\n"
	" alone is slow — functional imaging may be earlier.\n"
	" METHODS: Forty-two patients had diffusion-weighted imaging (b = 0, 150 and 800\n"
	" s/mm²) before chemotherapy. Apparent diffusion coefficient (ADC) was measured\n"
	" in every lesion ≥ 1 cm; α was set to 0.05.\n"
	" RESULTS: Baseline ADC was lower in responders than in non-responders (1.05 vs ↓\n"
	" title-abstract · alice · me 0/5 · team 0/5 · all\n"
	"i include  e exclude  m maybe  u undo  / search  f filter  ? help  q quit\n";

static void test_first_screen(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "");
	assert_string_equal(d, first_screen);
	free(d);
	/* the view asked for one bounded page, not every record */
	assert_int_equal(f->max_limit, VIEW_SCREEN_PAGE);
	assert_int_equal(f->live_rows, 0);
	fake_free(f);
}

static void test_include_moves_to_next_undecided(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	/* record 2 decided beforehand: including 1 skips to 3 */
	f->mine[2] = VERDICT_MAYBE;
	char *d = run(f, 80, 24, "i");
	assert_int_equal(f->decide_calls, 1);
	assert_int_equal(f->last_id, 1);
	assert_int_equal(f->last_v, VERDICT_INCLUDE);
	assert_line(d, 0, " I   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta");
	assert_line(d, 1, " M R 2020 张伟             肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系");
	assert_line(d, 2, ">· ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model");
	assert_line(d, 7, "── PMID 30000003 · record 3 ────────────────────────────────────────────────────");
	assert_line(d, 8, " Case report: β-catenin and ADC in a mouse model");
	assert_line(d, 22, " title-abstract · alice · me 2/5 · team 2/5 · all");
	assert_line(d, 23, "included PMID 30000001");
	free(d);
	fake_free(f);
}

static void test_maybe_and_mine_line(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "m<up>");
	assert_int_equal(f->last_v, VERDICT_MAYBE);
	assert_line(d, 0, ">M   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta");
	assert_line(d, 15, " Mine: maybe");
	free(d);
	fake_free(f);
}

static void test_exclude_reason_picker(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "e");
	/* the picker lists "(no reason)" and the review's reasons */
	assert_line(d, 8, " Diffusion-weighted MRI ┌─ Exclude: reason ────────────┐liver metastases to");
	assert_line(d, 9, " chemotherapy           │>1 (no reason)                │");
	assert_line(d, 10, " Authors: Müller A, Nguy│ 2 wrong population           │");
	assert_line(d, 11, " Journal: Eur Radiol · 2│ 3 wrong intervention         │");
	assert_line(d, 12, " Types: Journal Article │ 4 wrong outcome              │");
	assert_line(d, 13, " Keywords: ADC; diffusio│ 5 not primary research       │");
	assert_line(d, 14, " MeSH: Liver Neoplasms; │ 1-9/Enter pick · Esc cancel  │");
	assert_line(d, 15, "                        └──────────────────────────────┘");
	assert_int_equal(f->decide_calls, 0);
	free(d);

	/* Down, Down, Enter: the third item */
	d = run(f, 80, 24, "e<down><down><enter>");
	assert_int_equal(f->decide_calls, 1);
	assert_int_equal(f->last_v, VERDICT_EXCLUDE);
	assert_string_equal(f->last_reason, "wrong intervention");
	assert_line(d, 23, "excluded PMID 30000001 (wrong intervention)");
	free(d);

	/* at title/abstract a reason is optional */
	d = run(f, 80, 24, "<down>e1");
	assert_int_equal(f->last_id, 2);
	assert_string_equal(f->last_reason, "");
	free(d);

	/* Esc cancels */
	d = run(f, 80, 24, "<down><down>e<esc>");
	assert_int_equal(f->decide_calls, 2);
	assert_line(d, 23, "cancelled");
	free(d);
	fake_free(f);
}

static void test_full_text_needs_reason(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_FT);
	char *d = run(f, 80, 24, "e");
	/* no "(no reason)" item at full text */
	assert_line(d, 9, " chemotherapy           │>1 wrong population           │");
	free(d);
	d = run(f, 80, 24, "e<esc>");
	assert_int_equal(f->decide_calls, 0);
	assert_line(d, 22, " full-text · alice · me 0/5 · team 0/5 · all");
	assert_line(d, 23, "not excluded: a reason is required at the full-text stage");
	free(d);
	d = run(f, 80, 24, "e4");
	assert_int_equal(f->decide_calls, 1);
	assert_string_equal(f->last_reason, "not primary research");
	free(d);
	fake_free(f);

	/* a review without reasons cannot exclude at full text */
	f = fake_new(N_FAKE_RECS, STAGE_FT);
	f->no_reasons = true;
	d = run(f, 80, 24, "e");
	assert_line(d, 23, "not excluded: full text needs a reason; add some with `sieve reasons add`");
	free(d);
	d = run(f, 80, 24, "e<enter>1");
	assert_int_equal(f->decide_calls, 0);
	free(d);
	fake_free(f);
}

static void test_undo(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "iu");
	assert_int_equal(f->mine[1], VERDICT_NONE);
	assert_line(d, 0, ">·   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta");
	assert_line(d, 22, " title-abstract · alice · me 0/5 · team 0/5 · all");
	assert_line(d, 23, "undone: now undecided");
	free(d);
	/* an include then an exclude on the same record: undo restores include */
	d = run(f, 80, 24, "i<up>e2u");
	assert_int_equal(f->mine[1], VERDICT_INCLUDE);
	assert_line(d, 23, "undone: now include");
	free(d);
	/* in the undecided filter (record 1 is included, so the list starts at
	 * 2) the decided record leaves and the undone one comes back */
	d = run(f, 80, 24, "f2i<dump>u");
	assert_int_equal(f->mine[2], VERDICT_NONE);
	assert_line(d, 0, ">· ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model");
	const char *after = strchr(d, '\f') + 2;
	assert_line(after, 0, ">· R 2020 张伟             肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系");
	assert_line(after, 1, " · ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model");
	assert_line(after, 7, "── PMID 30000002 · record 2 ────────────────────────────────────────────────────");
	free(d);
	fake_free(f);
}

static void test_note(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "o");
	assert_line(d, 23, "decide first: a note belongs to a decision");
	free(d);
	d = run(f, 80, 24, "i<up>ocheck ΔADC<bs><bs>DC<dump>\n");
	assert_int_equal(f->note_calls, 1);
	assert_string_equal(f->note[1], "check ΔADC");
	/* the prompt while typing, then the note in the record */
	const char *second = strchr(d, '\f');
	assert_non_null(second);
	char *prompt = screen_line(d, 23);
	assert_string_equal(prompt, "Note: check ΔADC");
	free(prompt);
	assert_line(second + 2, 15, " Mine: include — note: check ΔADC");
	assert_line(second + 2, 23, "note saved");
	free(d);
	fake_free(f);
}

static void test_search(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "/MOUSE model<enter>");
	assert_line(d, 0, ">· ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model");
	assert_line(d, 1, "");
	assert_line(d, 7, "── PMID 30000003 · record 3 ────────────────────────────────────────────────────");
	assert_line(d, 12, " Changed since it was screened: re-screen");
	assert_line(d, 22, " title-abstract · alice · me 0/5 · team 0/5 · all · /MOUSE model");
	free(d);
	/* words are ANDed, abstracts are searched; an empty search clears */
	d = run(f, 80, 24, "/response ADC<enter>");
	assert_true(list_row_of(d, "Diffusion-weighted") == 0);
	assert_true(list_row_of(d, "Editorial") == -1);
	free(d);
	d = run(f, 80, 24, "/nothing-matches<enter>");
	assert_line(d, 0, "  No records in this list.");
	assert_line(d, 23, "no records match");
	free(d);
	d = run(f, 80, 24, "/mouse<enter>/<c-u><enter>");
	/* all but the message line as at first */
	assert_memory_equal(d, first_screen, (size_t)(strrchr(first_screen, '\n') -
						       first_screen) - strlen("i include  e exclude  m maybe  u undo  / search  f filter  ? help  q quit"));
	assert_line(d, 23, "search cleared");
	free(d);
	fake_free(f);
}

static void test_filters(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "f");
	assert_line(d, 6, "                        ┌─ Filter ─────────────────────┐");
	assert_line(d, 7, "── PMID 30000001 · recor│>1 all                        │────────────────────────");
	assert_line(d, 15, "                        │ 9 retracted                  │");
	assert_line(d, 16, " BACKGROUND: Response as│ 1-9/Enter pick · Esc cancel  │astases (CRLM) by size");
	free(d);
	/* the undecided filter: a decided record leaves the list at once */
	d = run(f, 80, 24, "f2i");
	assert_int_equal(f->mine[1], VERDICT_INCLUDE);
	assert_line(d, 0, ">· R 2020 张伟             肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系");
	assert_int_equal(list_row_of(d, "Diffusion-weighted"), -1);
	assert_line(d, 22, " title-abstract · alice · me 1/5 · team 1/5 · undecided");
	free(d);
	/* "included" shows it; "f" cycles inside the picker; Enter picks */
	d = run(f, 80, 24, "ffff<enter>");
	assert_line(d, 0, ">I   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta");
	assert_line(d, 1, "");
	assert_line(d, 23, "filter: included");
	free(d);
	d = run(f, 80, 24, "f9");
	assert_line(d, 0, ">· R 2020 张伟             肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系");
	assert_line(d, 1, "");
	free(d);
	d = run(f, 80, 24, "f8");
	assert_line(d, 0, ">· ! 2017 Ødegaard K       Case report: β-catenin and ADC in a mouse model");
	free(d);
	d = run(f, 80, 24, "f7");
	assert_line(d, 0, "  No records in this list.");
	assert_line(d, 23, "filter: conflicts (no records)");
	free(d);
	fake_free(f);
}

static void test_help_lists_every_key(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "?");
	assert_line(d, 2, " · ! 2017 Ødeg┌─ Keys ───────────────────────────────────────────┐se model");
	assert_line(d, 3, " ·   2018 Garc│ i            include the record                  │astases");
	for (size_t i = 0; i < tui_bindings_n; i++) {
		if (!(tui_bindings[i].views & TUI_SCREEN))
			continue;
		char *want = xasprintf("│ %-12s %-36s│", tui_bindings[i].keys, tui_bindings[i].help);
		if (!strstr(d, want))
			fail_msg("help lacks \"%s\"", want);
		free(want);
	}
	free(d);
	/* any key closes it without acting */
	d = run(f, 80, 24, "?i");
	assert_int_equal(f->decide_calls, 0);
	assert_string_equal(d, first_screen);
	free(d);
	fake_free(f);
}

/* The one binding table: within a view a key means one request; every
 * request is bound somewhere; every view has help and quit; and a key may
 * mean different requests in different views. */
static void test_keymap_table(void **state)
{
	(void)state;
	static const unsigned views[] = { TUI_SCREEN, TUI_QUADAS, TUI_EXTRACT };
	for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
		for (size_t i = 0; i < tui_bindings_n; i++) {
			const struct tui_binding *a = &tui_bindings[i];
			if (!(a->views & views[v]))
				continue;
			assert_true(a->key != 0);
			assert_true(a->key2 != a->key);
			for (size_t j = i + 1; j < tui_bindings_n; j++) {
				const struct tui_binding *b = &tui_bindings[j];
				if (!(b->views & views[v]))
					continue;
				if (b->req == a->req)
					fail_msg("%s bound twice in view %u", a->name, views[v]);
				if (b->key == a->key || b->key == a->key2 ||
				    (b->key2 && (b->key2 == a->key || b->key2 == a->key2)))
					fail_msg("a key of %s is also %s's in view %u", a->name, b->name,
						 views[v]);
			}
		}
		assert_int_equal(tui_request_of(views[v], '?'), REQ_HELP);
		assert_int_equal(tui_request_of(views[v], 'q'), REQ_QUIT);
		assert_int_equal(tui_request_of(views[v], 0), REQ_NONE);
	}
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		size_t i = 0;
		while (i < tui_bindings_n && tui_bindings[i].req != (enum tui_request)r)
			i++;
		if (i == tui_bindings_n)
			fail_msg("request %d has no binding", r);
	}
	for (size_t i = 0; i < tui_bindings_n; i++)
		assert_true(tui_bindings[i].views && !(tui_bindings[i].views & ~(unsigned)TUI_ALL));
	/* per-view meanings of today */
	assert_int_equal(tui_request_of(TUI_SCREEN, 'n'), REQ_NEXT);
	assert_int_equal(tui_request_of(TUI_QUADAS, 'n'), REQ_NO);
	assert_int_equal(tui_request_of(TUI_EXTRACT, 'n'), REQ_NEXT_STUDY);
	assert_int_equal(tui_request_of(TUI_QUADAS, TK_PGDN), REQ_NEXT_STUDY);
	assert_int_equal(tui_request_of(TUI_SCREEN, TK_PGDN), REQ_SCROLL_DOWN);
	assert_int_equal(tui_request_of(TUI_SCREEN, 'y'), REQ_NONE);
	char label[8];
	tui_key_label(TUI_QUADAS, REQ_NEXT_DOMAIN, label, sizeof label);
	assert_string_equal(label, "]");
	tui_key_label(TUI_EXTRACT, REQ_NEXT_STUDY, label, sizeof label);
	assert_string_equal(label, "n");
	tui_key_label(TUI_SCREEN, REQ_RECORD, label, sizeof label);
	assert_string_equal(label, "?");
}

static void test_scroll(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	char *d = run(f, 80, 24, "<pgdn>");
	/* 17 lines in a 14-line pane: scrolled to the end, 3 lines */
	assert_line(d, 8, " Journal: Eur Radiol · 2019                                                    ↑");
	assert_line(d, 19, " 1.21 ×10⁻³ mm²/s; ΔADC −0.16; p = 0.003). The area under the curve was 0.81");
	assert_line(d, 21, " CONCLUSION: A low pre-treatment ADC predicts response. FINAL-LINE-MARKER");
	free(d);
	d = run(f, 80, 24, "   <pgup>");
	assert_string_equal(d, first_screen);
	free(d);
	/* moving to another record starts at its top */
	d = run(f, 80, 24, " n");
	assert_line(d, 8, " 肝转移瘤的扩散加权成像：表观扩散系数与化疗反应的关系研究");
	free(d);
	fake_free(f);
}

static void test_resize(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	struct sieve_error err = { 0 };
	assert_int_equal(headless(f, 80, 24, "<resize:120x40><dump><resize:80x24>",
					     &sb, &err), 0);
	char *ff = strstr(sb.buf, "\f\n");
	assert_non_null(ff);
	*ff = '\0';
	check_dump_geometry(sb.buf, 120, 40);
	/* at 120 columns the list shows whole titles, the pane 12 rows */
	assert_line(sb.buf, 0, ">·   2019 Müller A         Diffusion-weighted MRI predicts response of "
			       "colorectal liver metastases to chemotherapy");
	assert_line(sb.buf, 12, "── PMID 30000001 · record 1 ────────────────────────────────────────"
				"────────────────────────────────────────────────────");
	assert_line(sb.buf, 13, " Diffusion-weighted MRI predicts response of colorectal liver metastases "
				"to chemotherapy");
	assert_line(sb.buf, 38, " title-abstract · alice · me 0/5 · team 0/5 · all");
	/* and back */
	assert_string_equal(ff + 2, first_screen);
	strbuf_fini(&sb);

	/* a narrow odd size never overflows, whatever the CJK alignment */
	for (int w = 20; w <= 41; w++) {
		char *d = run(f, w, 12, "n<dump>?<dump>e<dump><esc>/ΔADC 张<dump>");
		free(d);
	}
	/* a malformed size is an error of the script */
	strbuf_init(&sb);
	assert_int_equal(headless(f, 80, 24, "<resize:80x>", &sb, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_USAGE);
	strbuf_fini(&sb);
	fake_free(f);
}

/* Find text on a canvas row; returns its first column or -1. */
static int find_on_row(const struct canvas *c, int y, const char *ascii)
{
	size_t n = strlen(ascii);
	for (int x = 0; x + (int)n <= c->w; x++) {
		size_t i;
		for (i = 0; i < n; i++)
			if (canvas_cell(c, x + (int)i, y)->wc[0] != (wchar_t)ascii[i])
				break;
		if (i == n)
			return x;
	}
	return -1;
}

static void test_highlight_attributes(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	struct view *v = view_screen_new(&f->src, NULL, NULL);
	struct sieve_error err = { 0 };
	assert_int_equal(v->ops->open(v, &err), 0);
	struct canvas *c = canvas_new(80, 24);
	v->ops->draw(v, c);
	/* title row 8: "Diffusion" (include term, case-insensitive) and "liver
	 * metastases" (a two-word term) coloured; "predicts" not */
	int x = find_on_row(c, 8, "Diffusion");
	assert_int_equal(x, 1);
	for (int i = 0; i < 9; i++)
		assert_int_equal(canvas_cell(c, x + i, 8)->color, CC_INCLUDE_TERM);
	assert_int_equal(canvas_cell(c, x + 9, 8)->color, CC_DEFAULT);   /* the hyphen */
	assert_true(canvas_cell(c, x, 8)->attr & CA_BOLD);   /* titles are bold */
	x = find_on_row(c, 8, "predicts");
	assert_int_equal(canvas_cell(c, x, 8)->color, CC_DEFAULT);
	x = find_on_row(c, 8, "liver metastases");
	for (int i = 0; i < 16; i++)
		assert_int_equal(canvas_cell(c, x + i, 8)->color, CC_INCLUDE_TERM);
	/* "(ADC)" matches; "ΔADC" does not start a word... Δ is a letter */
	x = find_on_row(c, 19, "(ADC)");
	assert_int_equal(canvas_cell(c, x, 19)->color, CC_DEFAULT);
	assert_int_equal(canvas_cell(c, x + 1, 19)->color, CC_INCLUDE_TERM);
	assert_int_equal(canvas_cell(c, x + 4, 19)->color, CC_DEFAULT);
	/* labels are bold, text is not */
	assert_true(canvas_cell(c, 1, 10)->attr & CA_BOLD);
	assert_false(canvas_cell(c, find_on_row(c, 10, "M"), 10)->attr & CA_BOLD);
	/* the status bar is reverse in its colour */
	assert_int_equal(canvas_cell(c, 79, 22)->color, CC_STATUS);
	assert_true(canvas_cell(c, 79, 22)->attr & CA_REVERSE);
	/* the selected list row is reverse */
	assert_true(canvas_cell(c, 40, 0)->attr & CA_REVERSE);
	assert_false(canvas_cell(c, 40, 1)->attr & CA_REVERSE);

	/* record 3: exclude terms "case report" and "mouse" */
	v->ops->key(v, 'n');
	v->ops->key(v, 'n');
	v->ops->draw(v, c);
	x = find_on_row(c, 8, "Case report");
	assert_int_equal(x, 1);
	for (int i = 0; i < 11; i++)
		assert_int_equal(canvas_cell(c, x + i, 8)->color, CC_EXCLUDE_TERM);
	x = find_on_row(c, 8, "mouse");
	assert_int_equal(canvas_cell(c, x, 8)->color, CC_EXCLUDE_TERM);
	x = find_on_row(c, 8, "ADC");
	assert_int_equal(canvas_cell(c, x, 8)->color, CC_INCLUDE_TERM);
	/* "Case Reports" (types) is not a whole-word "case report" */
	x = find_on_row(c, 11, "Case Reports");
	assert_int_equal(canvas_cell(c, x, 11)->color, CC_DEFAULT);
	/* the verdict letter of a decided row takes the verdict colour */
	v->ops->key(v, 'i');
	v->ops->draw(v, c);
	assert_int_equal(canvas_cell(c, 1, 2)->color, CC_INCLUDE);
	assert_int_equal(canvas_cell(c, 1, 2)->wc[0], L'I');

	canvas_free(c);
	view_screen_free(v);
	fake_free(f);
}

static void test_bounded_memory_100k(void **state)
{
	(void)state;
	const long long N = 100000;
	struct fake *f = fake_new(N, STAGE_TA);
	struct view *v = view_screen_new(&f->src, NULL, NULL);
	struct sieve_error err = { 0 };
	assert_int_equal(v->ops->open(v, &err), 0);
	struct canvas *c = canvas_new(80, 24);
	v->ops->draw(v, c);
	size_t max_held = view_screen_rows_held(v);
	for (int i = 0; i < 1500; i++) {
		v->ops->key(v, i % 3 ? 'n' : TK_DOWN);
		size_t h = view_screen_rows_held(v);
		if (h > max_held)
			max_held = h;
	}
	assert_int_equal(view_screen_selected_id(v), 1501);
	v->ops->key(v, TK_END);
	assert_int_equal(view_screen_selected_id(v), N);
	for (int i = 0; i < 700; i++) {
		v->ops->key(v, 'p');
		size_t h = view_screen_rows_held(v);
		if (h > max_held)
			max_held = h;
	}
	assert_int_equal(view_screen_selected_id(v), N - 700);
	v->ops->draw(v, c);
	v->ops->key(v, 'g');
	assert_int_equal(view_screen_selected_id(v), 1);
	/* screening in the undecided filter: decided rows leave, the window
	 * refills from the source */
	v->ops->key(v, 'f');
	v->ops->key(v, '2');
	for (int i = 0; i < 450; i++) {
		v->ops->key(v, 'i');
		size_t h = view_screen_rows_held(v);
		if (h > max_held)
			max_held = h;
	}
	assert_int_equal(f->mine[450], VERDICT_INCLUDE);
	assert_int_equal(f->mine[451], VERDICT_NONE);
	assert_int_equal(view_screen_selected_id(v), 451);
	/* in "all", including jumps over a decided stretch beyond the window */
	v->ops->key(v, 'f');
	v->ops->key(v, '1');
	v->ops->key(v, 'i');   /* record 1 again (decided): next undecided is 451 */
	assert_int_equal(view_screen_selected_id(v), 451);
	v->ops->draw(v, c);

	assert_true(max_held <= VIEW_SCREEN_WINDOW_MAX);
	assert_true(f->max_limit <= VIEW_SCREEN_PAGE);
	assert_int_equal(f->live_rows, 0);   /* every page handed back */
	assert_true(f->max_live_rows <= VIEW_SCREEN_PAGE);
	/* far fewer rows fetched than records exist */
	assert_true(f->rows_served < 10000);
	canvas_free(c);
	view_screen_free(v);
	fake_free(f);
}

static void test_source_errors_are_messages(void **state)
{
	(void)state;
	struct fake *f = fake_new(N_FAKE_RECS, STAGE_TA);
	f->fail_decide = true;
	char *d = run(f, 80, 24, "i");
	/* the store's message on the bottom line; the selection stays */
	assert_line(d, 0, ">·   2019 Müller A         Diffusion-weighted MRI predicts response of colorecta");
	assert_line(d, 23, "fake: the server went away");
	assert_int_equal(f->mine[1], VERDICT_NONE);
	free(d);
	fake_free(f);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canvas_widths),
		cmocka_unit_test(test_canvas_wrap),
		cmocka_unit_test(test_first_screen),
		cmocka_unit_test(test_include_moves_to_next_undecided),
		cmocka_unit_test(test_maybe_and_mine_line),
		cmocka_unit_test(test_exclude_reason_picker),
		cmocka_unit_test(test_full_text_needs_reason),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_help_lists_every_key),
		cmocka_unit_test(test_keymap_table),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_highlight_attributes),
		cmocka_unit_test(test_bounded_memory_100k),
		cmocka_unit_test(test_source_errors_are_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
