/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark helper for screening: run inside a review folder.
 *   screen_bench REVIEWER N
 * Opens the screening view as the TUI does (connect, first page, first
 * record, draw at 80x24), then replays N "include and next" keys through the
 * same view code, timing each; then a search. As a baseline in the same run,
 * times N bare decisions through the store (no view). Prints
 * "name value" lines: open_s, key_p50_ms, key_p99_ms, key_max_ms,
 * store_p50_ms, store_p99_ms, search_ms, rows_held, maxrss_kb. */
#include "../schema/store_screen.h"
#include "../tui/canvas.h"
#include "../tui/keymap.h"
#include "../tui/source.h"
#include "../tui/view.h"
#include "../tui/view_screen.h"
#include "../lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: screen_bench REVIEWER N\n", stderr);
		return 2;
	}
	const char *who = argv[1];
	int n = atoi(argv[2]);
	struct sieve_error err = { 0 };
	struct db_target t;
	double t0 = now();
	if (db_target_resolve(&t, NULL, NULL, ".", &err))
		goto fail;
	struct db *db = db_open(&t, DB_OPEN_DEFAULT, &err);
	if (!db)
		goto fail;
	/* act as the reviewer, as sieve screen does (the database checks it) */
	char *me = NULL;
	bool lead;
	if (store_reviewer_current(db, who, &me, &lead, &err))
		goto fail;
	free(me);
	struct screen_source *src = screen_source_db_new(db, STAGE_TA, who);
	struct view *v = view_screen_new(src, "title-abstract", who);
	struct canvas *c = canvas_new(80, 24);
	if (v->ops->open(v, &err))
		goto fail;
	v->ops->draw(v, c);
	double t_open = now() - t0;

	double *lat = xcalloc((size_t)n, sizeof *lat);
	for (int i = 0; i < n; i++) {
		double a = now();
		v->ops->key(v, 'i');
		v->ops->draw(v, c);
		lat[i] = (now() - a) * 1000;
	}
	const char *msg = view_screen_message(v);
	if (msg && strstr(msg, "rror"))
		fprintf(stderr, "screen_bench: view says: %s\n", msg);
	double p50 = pct(lat, n, 0.5), p99 = pct(lat, n, 0.99), mx = lat[n - 1];

	/* search: "/" then a word and Enter */
	double a = now();
	const char *keys = "/coefficient\n";
	for (const char *k = keys; *k; k++)
		v->ops->key(v, *k == '\n' ? TK_ENTER : *k);
	v->ops->draw(v, c);
	double t_search = (now() - a) * 1000;
	size_t held = view_screen_rows_held(v);
	/* the search must have run: the view then selects a matching record */
	if (!view_screen_selected_id(v))
		fprintf(stderr, "screen_bench: the search selected nothing\n");

	/* baseline: bare decisions through the store on records further on */
	struct screen_row *rows;
	size_t nr;
	if (store_screen_page(db, STAGE_TA, who, FILTER_UNDECIDED, NULL, 0, false, n, &rows, &nr,
			      &err))
		goto fail;
	for (size_t i = 0; i < nr && (int)i < n; i++) {
		double b = now();
		if (store_decide(db, rows[nr - 1 - i].id, STAGE_TA, who, VERDICT_EXCLUDE, NULL, NULL,
				 &err))
			goto fail;
		lat[i] = (now() - b) * 1000;
	}
	int nb = (int)(nr < (size_t)n ? nr : (size_t)n);
	double s50 = pct(lat, nb, 0.5), s99 = pct(lat, nb, 0.99);
	screen_rows_free(rows, nr);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("open_s %.3f\nkey_p50_ms %.2f\nkey_p99_ms %.2f\nkey_max_ms %.2f\n"
	       "store_p50_ms %.2f\nstore_p99_ms %.2f\nsearch_ms %.1f\nrows_held %zu\nmaxrss_kb %ld\n",
	       t_open, p50, p99, mx, s50, s99, t_search, held, ru.ru_maxrss);
	free(lat);
	canvas_free(c);
	view_screen_free(v);
	screen_source_free(src);
	db_close(db);
	db_target_fini(&t);
	return 0;
fail:
	fprintf(stderr, "screen_bench: %s%s%s\n", err.detail, err.detail[0] ? ": " : "", err.msg);
	return 1;
}
