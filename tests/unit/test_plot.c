/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for plot/: every figure in SVG, PDF and PNG; layout sizes, text, escaping, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <dirent.h>
#include <dlfcn.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../plot/figure.h"
#include "../../plot/forest.h"
#include "../../plot/quadas_plot.h"
#include "../../plot/roc_plot.h"

static char tmpdir[64];
static const char *const exts[3] = { "svg", "pdf", "png" };

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sieve-plot-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Release cairo's and fontconfig's caches so LeakSanitizer and valgrind see
 * only our own leaks. FcFini is looked up at run time: fontconfig comes in
 * with cairo, but the tests are not linked against it directly. */
static int teardown(void **state)
{
	(void)state;
	rm_tree(tmpdir);
	plot_release();
	return 0;
}

static const char *tpath(const char *name, const char *ext)
{
	static char p[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s.%s", tmpdir, name, ext);
	return p[i];
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Check the file is a real figure of its format; for PNG also its pixel size,
 * for SVG its declared size in points. Returns the contents (free them). */
static char *check_file(const char *path, const char *ext, double w_pt, double h_pt)
{
	size_t n;
	char *b = slurp(path, &n);
	char tmp[300];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	assert_false(exists(tmp));
	assert_true(n > 1000);
	if (!strcmp(ext, "png")) {
		static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
		assert_memory_equal(b, sig, 8);
		assert_memory_equal(b + 12, "IHDR", 4);
		assert_int_equal(be32((unsigned char *)b + 16), (uint32_t)(w_pt * PLOT_PNG_SCALE));
		assert_int_equal(be32((unsigned char *)b + 20), (uint32_t)(h_pt * PLOT_PNG_SCALE));
	} else if (!strcmp(ext, "pdf")) {
		assert_memory_equal(b, "%PDF-", 5);
		while (n && (b[n - 1] == '\n' || b[n - 1] == '\r'))
			n--;
		assert_true(n > 5 && !memcmp(b + n - 5, "%%EOF", 5));
	} else {
		assert_true(!strncmp(b, "<?xml", 5) || !strncmp(b, "<svg", 4));
		while (n && (b[n - 1] == '\n' || b[n - 1] == ' '))
			n--;
		assert_true(n > 6 && !memcmp(b + n - 6, "</svg>", 6));
		char decl[96];
		snprintf(decl, sizeof decl, "width=\"%gpt\" height=\"%gpt\"", w_pt, h_pt);
		assert_non_null(strstr(b, decl));
		assert_non_null(strstr(b, "<text"));
		assert_non_null(strstr(b, "font-family=\"Helvetica, Arial, sans-serif\""));
		assert_null(strstr(b, "<glyph"));
	}
	return b;
}

/* The SVG text element content: text between '>' and '<' equal to s. */
static bool has_text(const char *svg, const char *s)
{
	char needle[600];
	snprintf(needle, sizeof needle, ">%s</text>", s);
	return strstr(svg, needle) != NULL;
}

#define assert_text(svg, s) \
	do { \
		if (!has_text((svg), (s))) \
			fail_msg("SVG has no text '%s'", (s)); \
	} while (0)

/* ---- Forest ------------------------------------------------------------ */

#define HET "Heterogeneity: I\xC2\xB2 = 62%, \xCF\x84\xC2\xB2 = 0.012, Q = 23.1 (df = 4), p = 0.006"
#define FOOT "\xE2\x80\xA0 mean and SD estimated from the median (Luo 2018, Wan 2014)"

static const struct plot_forest_study five[5] = {
	{ "Koh 2009", { "12", "1.05", "0.21", "15", "0.92", "0.18" }, 0.13, 0.0, 0.26, 18.2, false },
	{ "Cui 2012", { "20", "1.10", "0.25", "22", "1.01", "0.30" }, 0.09, -0.077, 0.257, 14.1, false },
	{ "Liu 2014", { "9", "0.98", "0.19", "11", "0.90", "0.22" }, 0.08, -0.10, 0.26, 12.3, false },
	{ "Tang 2016", { "30", "1.21", "0.30", "28", "1.00", "0.28" }, 0.21, 0.06, 0.36, 35.4, false },
	{ "Wang 2019", { "14", "1.00", "0.35", "13", "1.02", "0.40" }, -0.02, -0.30, 0.26, 20.0, true },
};

static struct plot_forest_block one_block(size_t k, bool pooled)
{
	struct plot_forest_block b = { NULL, 0, k, { .est = NAN } };
	if (pooled)
		b.pooled = (struct plot_forest_summary){ "Random effects (REML, Hartung-Knapp)",
							 0.121, 0.05, 0.19, -0.04, 0.28, HET };
	return b;
}

static struct plot_forest forest_of(const struct plot_forest_study *s, size_t k,
				    const struct plot_forest_block *b, size_t nb)
{
	return (struct plot_forest){
		.title = "Baseline ADC",
		.effect_label = "Mean difference (x10^-3 mm^2/s)",
		.left_note = "lower in responders",
		.right_note = "higher in responders",
		.col_heads = { "N", "Mean", "SD", "N", "Mean", "SD" },
		.ncols = 6,
		.group_heads = { "Responders", "Non-responders" },
		.s = s, .k = k, .blocks = b, .nblocks = nb,
		.overall = { .est = NAN },
		.footnote = FOOT,
	};
}

static bool has_pi(const struct plot_forest_summary *s)
{
	return isfinite(s->pi_lb) && isfinite(s->pi_ub);
}

static size_t summary_rows(const struct plot_forest_summary *s)
{
	return isfinite(s->est) ? 1 + has_pi(s) + (s->het != NULL) : 0;
}

/* The documented height of a forest plot (forest.h). */
static double forest_height(const struct plot_forest *p)
{
	size_t rows = (p->group_heads[0] || p->group_heads[1]) ? 2 : 1;
	for (size_t b = 0; b < p->nblocks; b++)
		rows += (b > 0) + (p->blocks[b].title != NULL) + p->blocks[b].n +
			summary_rows(&p->blocks[b].pooled);
	if (isfinite(p->overall.est))
		rows += 1 + summary_rows(&p->overall);
	rows += (p->subgroup_test != NULL) + 2 + (p->left_note || p->right_note) +
		(p->effect_label != NULL) + (p->footnote != NULL);
	return 32 + (p->title ? 24 : 0) + PLOT_FOREST_ROW * (double)rows;
}

static void test_forest_formats(void **state)
{
	(void)state;
	struct plot_forest_block b = one_block(5, true);
	struct plot_forest p = forest_of(five, 5, &b, 1);
	double h = forest_height(&p);
	/* 2 head + 5 studies + 3 pooled + 2 axis + notes + effect label + footnote */
	assert_true(h == 32 + 24 + 16.0 * 15);
	for (size_t e = 0; e < 3; e++) {
		struct sieve_error err = { 0 };
		const char *path = tpath("forest", exts[e]);
		assert_int_equal(plot_forest_write(&p, path, &err), 0);
		assert_int_equal(err.code, SIEVE_OK);
		char *b2 = check_file(path, exts[e], PLOT_FOREST_WIDTH, h);
		if (e == 0) {
			for (size_t i = 0; i < 4; i++)
				assert_text(b2, five[i].label);
			assert_text(b2, "Wang 2019 \xE2\x80\xA0"); /* derived: dagger */
			assert_text(b2, "MD [95% CI]");
			assert_text(b2, "Weight");
			assert_text(b2, "Responders");
			assert_text(b2, "Non-responders");
			assert_text(b2, "Mean");
			assert_text(b2, "1.05");
			assert_text(b2, "12.3%");
			assert_text(b2, "35.4%");
			assert_text(b2, HET);
			assert_text(b2, FOOT);
			assert_text(b2, "Prediction interval");
			assert_text(b2, "Random effects (REML, Hartung-Knapp)");
			assert_text(b2, "Mean difference (x10^-3 mm^2/s)");
			assert_text(b2, "lower in responders");
			/* Median CI width 0.334: three decimals for every row. */
			assert_text(b2, "0.130 [0.000, 0.260]");
			assert_text(b2, "-0.020 [-0.300, 0.260]");
			assert_text(b2, "0.121 [0.050, 0.190]");
			assert_text(b2, "[-0.040, 0.280]");
			assert_non_null(strstr(b2, "<polygon")); /* the diamond */
		}
		free(b2);
	}
}

static void test_forest_grows(void **state)
{
	(void)state;
	struct plot_forest_study s[20];
	char labels[20][32];
	for (size_t i = 0; i < 20; i++) {
		s[i] = five[i % 5];
		snprintf(labels[i], sizeof labels[i], "Study %zu", i + 1);
		s[i].label = labels[i];
		s[i].weight = 5.0;
	}
	struct plot_forest_block b5 = one_block(5, true), b20 = one_block(20, true);
	struct plot_forest p5 = forest_of(s, 5, &b5, 1), p20 = forest_of(s, 20, &b20, 1);
	struct sieve_error err = { 0 };
	assert_int_equal(plot_forest_write(&p5, tpath("f5", "png"), &err), 0);
	assert_int_equal(plot_forest_write(&p20, tpath("f20", "png"), &err), 0);
	char *a = check_file(tpath("f5", "png"), "png", PLOT_FOREST_WIDTH, forest_height(&p5));
	char *c = check_file(tpath("f20", "png"), "png", PLOT_FOREST_WIDTH, forest_height(&p20));
	uint32_t h5 = be32((unsigned char *)a + 20), h20 = be32((unsigned char *)c + 20);
	assert_true(h20 > h5);
	assert_int_equal(h20 - h5, (uint32_t)(15 * PLOT_FOREST_ROW * PLOT_PNG_SCALE));
	free(a), free(c);
}

static void test_forest_subgroups(void **state)
{
	(void)state;
	struct plot_forest_block b[2] = {
		{ "Low b-value", 0, 3, { "Subtotal", 0.10, 0.02, 0.18, NAN, NAN,
					 "Heterogeneity: I\xC2\xB2 = 0%" } },
		{ "High b-value", 3, 2, { .est = NAN } },
	};
	struct plot_forest p = forest_of(five, 5, b, 2);
	p.overall = (struct plot_forest_summary){ NULL, 0.121, 0.05, 0.19, -0.04, 0.28, HET };
	p.subgroup_test = "Test for subgroup differences: Q = 3.2, df = 1, p = 0.07";
	p.group_heads[0] = p.group_heads[1] = NULL;
	p.title = NULL;
	p.est_head = "SMD [95% CI]";
	double h = forest_height(&p);
	/* 1 head + (1 + 3 + 2) + 1 blank + (1 + 2) + 4 overall + 1 test + 2 axis + 3 */
	assert_true(h == 32 + 16.0 * 21);
	for (size_t e = 0; e < 3; e++) {
		struct sieve_error err = { 0 };
		const char *path = tpath("subgroups", exts[e]);
		assert_int_equal(plot_forest_write(&p, path, &err), 0);
		char *s = check_file(path, exts[e], PLOT_FOREST_WIDTH, h);
		if (e == 0) {
			assert_text(s, "Low b-value");
			assert_text(s, "High b-value");
			assert_text(s, "Subtotal");
			assert_text(s, "Heterogeneity: I\xC2\xB2 = 0%");
			assert_text(s, HET);
			assert_text(s, "Pooled estimate");
			assert_text(s, "Test for subgroup differences: Q = 3.2, df = 1, p = 0.07");
			assert_text(s, "SMD [95% CI]");
			assert_null(strstr(s, ">MD [95% CI]<"));
		}
		free(s);
	}
}

static void test_forest_escaping(void **state)
{
	(void)state;
	struct plot_forest_study s[3] = { five[0], five[1], five[2] };
	s[0].label = "A&B <x>";
	s[1].label = "Say \"hi\"\tnow\x01!";
	s[2].label = "bad \xFF byte";
	struct plot_forest_block b = one_block(3, false);
	struct plot_forest p = forest_of(s, 3, &b, 1);
	struct sieve_error err = { 0 };
	const char *path = tpath("escape", "svg");
	assert_int_equal(plot_forest_write(&p, path, &err), 0);
	char *svg = check_file(path, "svg", PLOT_FOREST_WIDTH, forest_height(&p));
	assert_text(svg, "A&amp;B &lt;x&gt;");
	assert_text(svg, "Say &quot;hi&quot; now !");
	assert_text(svg, "bad \xEF\xBF\xBD byte");
	assert_null(strstr(svg, "A&B"));
	assert_null(strstr(svg, "\x01"));
	/* Without weights there is no weight column. */
	assert_true(has_text(svg, "Weight"));
	free(svg);
	for (size_t i = 0; i < 3; i++)
		s[i].weight = NAN;
	assert_int_equal(plot_forest_write(&p, path, &err), 0);
	svg = check_file(path, "svg", PLOT_FOREST_WIDTH, forest_height(&p));
	assert_false(has_text(svg, "Weight"));
	assert_false(has_text(svg, "18.2%"));
	assert_text(svg, "A&amp;B &lt;x&gt;");
	/* The same labels through cairo: invalid UTF-8 must not break the PDF. */
	assert_int_equal(plot_forest_write(&p, tpath("escape", "pdf"), &err), 0);
	free(check_file(tpath("escape", "pdf"), "pdf", PLOT_FOREST_WIDTH, forest_height(&p)));
	free(svg);
}

static void test_forest_ellipsis(void **state)
{
	(void)state;
	static const char longl[] =
		"Zhang, Wang, Li, Chen, Liu, Yang, Huang, Zhao, Wu and Zhou 2017: diffusion-weighted "
		"imaging before neoadjuvant chemotherapy in locally advanced breast cancer";
	struct plot_forest_study s[2] = { five[0], five[1] };
	s[0].label = longl;
	struct plot_forest_block b = one_block(2, true);
	struct plot_forest p = forest_of(s, 2, &b, 1);
	struct sieve_error err = { 0 };
	const char *path = tpath("ellipsis", "svg");
	assert_int_equal(plot_forest_write(&p, path, &err), 0);
	char *svg = check_file(path, "svg", PLOT_FOREST_WIDTH, forest_height(&p));
	assert_null(strstr(svg, longl));
	assert_non_null(strstr(svg, ">Zhang, Wang"));
	assert_non_null(strstr(svg, "\xE2\x80\xA6</text>"));
	free(svg);
}

static void test_forest_errors(void **state)
{
	(void)state;
	struct plot_forest_block b = one_block(5, true);
	struct plot_forest p = forest_of(five, 5, &b, 1);
	struct sieve_error err = { 0 };

	p.k = 0;
	assert_int_equal(plot_forest_write(&p, tpath("e", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_false(exists(tpath("e", "svg")));
	p.k = 5;

	struct plot_forest_study s[5];
	memcpy(s, five, sizeof s);
	s[2].est = NAN;
	p.s = s;
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, tpath("e", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "Liu 2014"));
	s[2] = five[2];
	s[1].ci_lb = 1, s[1].ci_ub = 0;
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, tpath("e", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	p.s = five;

	struct plot_forest_block bad = { "x", 3, 4, { .est = NAN } };
	p.blocks = &bad;
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, tpath("e", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	p.blocks = &b;

	/* Too many rows for one figure (PLOT_MAX_PT). */
	size_t big = (size_t)(PLOT_MAX_PT / PLOT_FOREST_ROW) + 1;
	struct plot_forest_study *many = calloc(big, sizeof *many);
	assert_non_null(many);
	for (size_t i = 0; i < big; i++)
		many[i] = five[i % 5];
	struct plot_forest_block bb = one_block(big, false);
	struct plot_forest pb = forest_of(many, big, &bb, 1);
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&pb, tpath("big", "png"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_false(exists(tpath("big", "png")));
	free(many);

	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, tpath("e", "jpg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_USAGE);
	assert_string_equal(err.msg, "unknown figure format 'jpg' (use .svg, .pdf or .png)");
	assert_false(exists(tpath("e", "jpg")));

	/* Extensions in any case. */
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, tpath("upper", "SVG"), &err), 0);
	free(check_file(tpath("upper", "SVG"), "svg", PLOT_FOREST_WIDTH, forest_height(&p)));

	/* A missing directory: nothing is created. */
	sieve_error_clear(&err);
	assert_int_equal(plot_forest_write(&p, "/nonexistent/dir/x.svg", &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/x.svg"));
	assert_false(exists("/nonexistent/dir/x.svg.tmp"));

	/* The temporary file is written but cannot be renamed over a directory:
	 * the error names the path and the temporary file is removed. */
	char dir[256];
	for (size_t e = 0; e < 3; e++) {
		snprintf(dir, sizeof dir, "%s/taken.%s", tmpdir, exts[e]);
		assert_int_equal(mkdir(dir, 0700), 0);
		sieve_error_clear(&err);
		assert_int_equal(plot_forest_write(&p, dir, &err), -1);
		assert_int_equal(err.code, SIEVE_ERR_IO);
		assert_non_null(strstr(err.msg, dir));
		char tmp[300];
		snprintf(tmp, sizeof tmp, "%s.tmp", dir);
		assert_false(exists(tmp));
	}
}

/* ---- Funnel ------------------------------------------------------------ */

static void test_funnel(void **state)
{
	(void)state;
	const double yi[6] = { 0.13, 0.09, 0.08, 0.21, -0.02, 0.9 };
	const double se[6] = { 0.066, 0.085, 0.09, 0.076, 0.14, 0.1 };
	const char *const labels[6] = { "Koh", "Cui", "Liu", "Tang", "Wang", "Outlier" };
	struct plot_funnel p = { "Funnel", "Mean difference", yi, se, labels, 6, 0.121 };
	double h = PLOT_FUNNEL_HEIGHT + 24;
	for (size_t e = 0; e < 3; e++) {
		struct sieve_error err = { 0 };
		const char *path = tpath("funnel", exts[e]);
		assert_int_equal(plot_funnel_write(&p, path, &err), 0);
		char *s = check_file(path, exts[e], PLOT_FUNNEL_WIDTH, h);
		if (e == 0) {
			assert_text(s, "Standard error");
			assert_text(s, "Mean difference");
			assert_text(s, "Funnel");
			/* |0.9 - 0.121| > 1.96 * 0.1: labelled; the others are inside. */
			assert_text(s, "Outlier");
			assert_false(has_text(s, "Koh"));
			/* Inverted y axis: round ticks from 0 (top) past the largest SE 0.14. */
			assert_text(s, "0.000");
			assert_text(s, "0.150");
			size_t circles = 0;
			for (const char *c = s; (c = strstr(c, "<circle")); c++)
				circles++;
			assert_int_equal(circles, 6);
			assert_non_null(strstr(s, "stroke-dasharray"));
		}
		free(s);
	}
	struct sieve_error err = { 0 };
	p.title = NULL;
	assert_int_equal(plot_funnel_write(&p, tpath("funnel-nt", "png"), &err), 0);
	free(check_file(tpath("funnel-nt", "png"), "png", PLOT_FUNNEL_WIDTH, PLOT_FUNNEL_HEIGHT));

	p.k = 0;
	assert_int_equal(plot_funnel_write(&p, tpath("fe", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	p.k = 6;
	const double bad_se[6] = { 0.066, 0.085, 0, 0.076, 0.14, 0.1 };
	p.sei = bad_se;
	sieve_error_clear(&err);
	assert_int_equal(plot_funnel_write(&p, tpath("fe", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_false(exists(tpath("fe", "svg")));
}

/* ---- ROC --------------------------------------------------------------- */

static void test_roc(void **state)
{
	(void)state;
	const double f1[6] = { 0, 0, 0.2, 0.2, 0.6, 1 }, t1[6] = { 0, 0.5, 0.5, 0.8, 1, 1 };
	const double f2[3] = { 0, 0.5, 1 }, t2[3] = { 0, 0.6, 1 };
	struct plot_roc_curve c[2] = {
		{ "Pooled", f1, t1, 6, 0.82, 0.69, 0.95, true, 0.2, 0.8, "cut-off 1.05" },
		{ "A&B", f2, t2, 3, 0.6, NAN, NAN, false, 0, 0, NULL },
	};
	double h = 424 + 24 + 16 * 2;
	for (size_t e = 0; e < 3; e++) {
		struct sieve_error err = { 0 };
		const char *path = tpath("roc", exts[e]);
		assert_int_equal(plot_roc_write(c, 2, "ROC", path, &err), 0);
		char *s = check_file(path, exts[e], PLOT_ROC_WIDTH, h);
		if (e == 0) {
			assert_text(s, "Pooled: AUC 0.82 (0.69-0.95)");
			assert_text(s, "A&amp;B: AUC 0.60");
			assert_text(s, "1 - Specificity");
			assert_text(s, "Sensitivity");
			assert_text(s, "cut-off 1.05");
			assert_non_null(strstr(s, "<polyline"));
			assert_non_null(strstr(s, "stroke-dasharray")); /* chance line */
			assert_non_null(strstr(s, "rotate(-90"));
		}
		free(s);
	}
	struct sieve_error err = { 0 };
	assert_int_equal(plot_roc_write(c, 1, NULL, tpath("roc1", "png"), &err), 0);
	free(check_file(tpath("roc1", "png"), "png", PLOT_ROC_WIDTH, 424 + 16));

	assert_int_equal(plot_roc_write(c, 0, NULL, tpath("re", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	const double bad[3] = { 0, 1.5, 1 };
	c[1].fpr = bad;
	sieve_error_clear(&err);
	assert_int_equal(plot_roc_write(c, 2, NULL, tpath("re", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_false(exists(tpath("re", "svg")));
}

/* ---- QUADAS-2 ------------------------------------------------------------ */

#define NQ 10

static void quadas_data(struct plot_quadas_study *q, char labels[NQ][128])
{
	for (size_t i = 0; i < NQ; i++) {
		enum plot_rob r = i < 6 ? PLOT_ROB_LOW : i < 8 ? PLOT_ROB_HIGH : PLOT_ROB_UNCLEAR;
		snprintf(labels[i], 128, "Study %zu", i + 1);
		q[i].label = labels[i];
		for (size_t d = 0; d < 4; d++)
			q[i].risk[d] = r;
		for (size_t d = 0; d < 3; d++)
			q[i].applic[d] = (enum plot_rob)((i + d) % 4);
		q[i].overall_risk = i < 6 ? PLOT_ROB_LOW : PLOT_ROB_HIGH;
		q[i].overall_applic = PLOT_ROB_UNCLEAR;
	}
	snprintf(labels[3], 128, "Study 4: an extraordinarily long name that cannot possibly fit "
				 "in the label column of the traffic-light table");
}

/* "P% (n)" for the studies with judgement r in risk domain d (or applicability). */
static void share(char *buf, size_t n, const struct plot_quadas_study *q, bool risk,
		  size_t d, enum plot_rob r)
{
	size_t c = 0;
	for (size_t i = 0; i < NQ; i++)
		c += (risk ? q[i].risk[d] : q[i].applic[d]) == r;
	snprintf(buf, n, "%.0f%% (%zu)", 100.0 * (double)c / NQ, c);
}

static void test_quadas(void **state)
{
	(void)state;
	struct plot_quadas_study q[NQ];
	char labels[NQ][128];
	quadas_data(q, labels);
	struct {
		const char *name;
		int (*fn)(const struct plot_quadas_study *, size_t, const char *,
			  struct sieve_error *);
		double h;
		bool traffic, summary;
	} kinds[3] = {
		{ "quadas", plot_quadas_write, 334 + 18 * NQ, true, true },
		{ "traffic", plot_quadas_traffic_write, 102 + 18 * NQ, true, false },
		{ "summary", plot_quadas_summary_write, 244, false, true },
	};
	for (size_t k = 0; k < 3; k++) {
		for (size_t e = 0; e < 3; e++) {
			struct sieve_error err = { 0 };
			const char *path = tpath(kinds[k].name, exts[e]);
			assert_int_equal(kinds[k].fn(q, NQ, path, &err), 0);
			char *s = check_file(path, exts[e], PLOT_QUADAS_WIDTH, kinds[k].h);
			if (e == 0 && kinds[k].traffic) {
				assert_text(s, "Study 1");
				assert_text(s, "Study 10");
				assert_text(s, "Risk of bias");
				assert_text(s, "Applicability concerns");
				assert_text(s, "Overall");
				assert_text(s, "D4");
				assert_text(s, "+");
				assert_text(s, "\xE2\x88\x92");
				assert_text(s, "?");
				assert_text(s, "Not assessed");
				assert_non_null(strstr(s, "D1 Patient selection"));
				assert_non_null(strstr(s, ">Study 4: an extraordinarily"));
				assert_non_null(strstr(s, "\xE2\x80\xA6</text>"));
				assert_null(strstr(s, labels[3]));
			}
			if (e == 0 && kinds[k].summary) {
				char b[32];
				assert_text(s, "Flow and timing");
				assert_text(s, "Reference standard");
				share(b, sizeof b, q, true, 0, PLOT_ROB_LOW);
				assert_string_equal(b, "60% (6)");
				assert_text(s, b);
				share(b, sizeof b, q, true, 3, PLOT_ROB_HIGH);
				assert_text(s, b);
				share(b, sizeof b, q, false, 0, PLOT_ROB_NONE);
				assert_text(s, b);
				share(b, sizeof b, q, false, 2, PLOT_ROB_HIGH);
				assert_text(s, b);
				assert_text(s, "100%");
			}
			free(s);
		}
	}
	struct sieve_error err = { 0 };
	assert_int_equal(plot_quadas_write(q, 0, tpath("qe", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	q[2].applic[1] = (enum plot_rob)7;
	sieve_error_clear(&err);
	assert_int_equal(plot_quadas_write(q, NQ, tpath("qe", "svg"), &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "Study 3"));
	assert_false(exists(tpath("qe", "svg")));
}

/* ---- Backend and helpers ------------------------------------------------- */

static bool valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3
			 : (*p >> 3) == 30 ? 4 : 0;
		if (!n)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static void test_ellipsize(void **state)
{
	(void)state;
	struct plot_fig *f = plot_fig_new();
	double w9 = plot_fig_text_width(f, "Study", 9, false);
	assert_true(w9 > 10 && w9 < 40);
	assert_true(plot_fig_text_width(f, "Study", 9, true) > w9);
	assert_true(fabs(plot_fig_text_width(f, "Study", 18, false) - 2 * w9) < 0.5);
	char *s = plot_fig_ellipsize(f, "short", 9, false, 200);
	assert_string_equal(s, "short");
	free(s);
	/* Two- and three-byte code points: never cut inside one. */
	const char *greek = "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4\xCE\xB5\xE2\x82\xAC\xE2\x82\xAC"
			    "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4\xCE\xB5\xE2\x82\xAC\xE2\x82\xAC";
	for (double w = 5; w < 120; w += 3) {
		s = plot_fig_ellipsize(f, greek, 9, false, w);
		assert_true(valid_utf8(s));
		if (strcmp(s, greek)) {
			size_t n = strlen(s);
			assert_true(n >= 3 && !strcmp(s + n - 3, "\xE2\x80\xA6"));
			assert_true(n == 3 || plot_fig_text_width(f, s, 9, false) <= w);
			assert_true(!strncmp(s, greek, n - 3));
		}
		free(s);
	}
	plot_fig_free(f);
}

static void test_ticks(void **state)
{
	(void)state;
	const double ranges[][2] = { { -0.3, 0.36 }, { 0, 1 }, { 0.02, 0.45 }, { -12, 250 },
				     { 5, 5 }, { -1e-4, 3e-4 }, { 0, 0 }, { 1.3, 1.31 } };
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		struct plot_ticks t;
		plot_ticks_nice(ranges[i][0], ranges[i][1], &t);
		assert_true(t.n >= 4 && t.n <= 7);
		assert_true(t.lo <= ranges[i][0] && t.hi >= ranges[i][1]);
		double m = t.step / pow(10, floor(log10(t.step)));
		assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 ||
			    fabs(m - 5) < 1e-9);
		for (size_t j = 1; j < t.n; j++)
			assert_true(fabs(t.v[j] - t.v[j - 1] - t.step) < 1e-9 * fmax(1, t.step));
	}
	struct plot_ticks t;
	plot_ticks_nice(-0.3, 0.36, &t);
	assert_true(t.step == 0.2 && t.decimals == 1 && t.v[2] == 0);
	char b[32];
	plot_fmt_num(b, sizeof b, -0.0001, 3);
	assert_string_equal(b, "0.000");
	plot_fmt_num(b, sizeof b, -0.25, 2);
	assert_string_equal(b, "-0.25");
	assert_int_equal(plot_decimals_for(0.28), 3);
	assert_int_equal(plot_decimals_for(5), 2);
	assert_int_equal(plot_decimals_for(40), 1);
	assert_int_equal(plot_decimals_for(700), 0);
}

static void test_fig_direct(void **state)
{
	(void)state;
	struct sieve_error err = { 0 };
	struct plot_fig *f = plot_fig_new();
	const char *path = tpath("direct", "svg");
	assert_int_equal(plot_fig_begin(f, path, 120, 80, &err), 0);
	assert_int_equal(plot_fig_begin(f, path, 120, 80, &err), -1); /* already open */
	plot_fig_line(f, 0, 0, 10, 10, 1, PLOT_BLACK, PLOT_DASHED);
	plot_fig_rect(f, 1, 2, 3, 4, PLOT_GREEN, PLOT_NONE, 0);
	double xy[8] = { 0, 5, 5, 0, 10, 5, 5, 10 };
	plot_fig_poly(f, xy, 4, true, PLOT_VERMILLION, PLOT_BLACK, 0.5, PLOT_SOLID);
	plot_fig_circle(f, 20, 20, 5, PLOT_ORANGE, PLOT_NONE, 0);
	plot_fig_text(f, 60, 40, "x < y & z", 9, true, PLOT_MIDDLE, PLOT_BLUE);
	assert_int_equal(plot_fig_end(f, &err), 0);
	plot_fig_free(f);
	size_t n;
	char *s = slurp(path, &n);
	assert_non_null(strstr(s, "width=\"120pt\" height=\"80pt\" viewBox=\"0 0 120 80\""));
	assert_non_null(strstr(s, "<line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\" fill=\"none\" "
				  "stroke=\"#000000\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"));
	assert_non_null(strstr(s, "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" "
				  "fill=\"#009E73\""));
	assert_non_null(strstr(s, "<polygon points=\"0,5 5,0 10,5 5,10\" fill=\"#D55E00\""));
	assert_non_null(strstr(s, "<circle cx=\"20\" cy=\"20\" r=\"5\" fill=\"#E69F00\""));
	assert_non_null(strstr(s, "font-weight=\"bold\" text-anchor=\"middle\" fill=\"#0072B2\">"
				  "x &lt; y &amp; z</text>"));
	free(s);

	/* Freed without plot_fig_end: no file, no temporary file. */
	f = plot_fig_new();
	path = tpath("abandoned", "pdf");
	assert_int_equal(plot_fig_begin(f, path, 100, 100, &err), 0);
	plot_fig_text(f, 10, 10, "gone", 9, false, PLOT_START, PLOT_BLACK);
	plot_fig_free(f);
	char tmp[300];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	assert_false(exists(path));
	assert_false(exists(tmp));

	enum plot_format fmt;
	assert_int_equal(plot_format_of("a/b.Png", &fmt, &err), 0);
	assert_int_equal(fmt, PLOT_FMT_PNG);
	assert_int_equal(plot_format_of("a.b/noext", &fmt, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forest_formats),
		cmocka_unit_test(test_forest_grows),
		cmocka_unit_test(test_forest_subgroups),
		cmocka_unit_test(test_forest_escaping),
		cmocka_unit_test(test_forest_ellipsis),
		cmocka_unit_test(test_forest_errors),
		cmocka_unit_test(test_funnel),
		cmocka_unit_test(test_roc),
		cmocka_unit_test(test_quadas),
		cmocka_unit_test(test_ellipsize),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_fig_direct),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
