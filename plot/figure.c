/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing backend: cairo for PDF and PNG, a hand-written SVG writer with real <text>. */
#include "figure.h"

#include <cairo.h>
#include <dlfcn.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#define PI 3.14159265358979323846

struct plot_fig {
	cairo_surface_t *msurf; /* measuring, always there */
	cairo_t *mcr;
	bool open;
	enum plot_format fmt;
	double w, h;
	char *path, *tmp;
	FILE *fp;
	int write_errno;        /* first failed write */
	cairo_surface_t *surf;  /* PDF or PNG */
	cairo_t *cr;
	struct strbuf svg;
};

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decode one code point at s (not at its NUL); invalid -> U+FFFD. Returns
 * the bytes consumed (at least 1, never past a NUL). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned c = s[0];
	size_t n;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1, min = 0x80, *cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2, min = 0x800, *cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3, min = 0x10000, *cp = c & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		*cp = 0xFFFD;
	return n + 1;
}

static void utf8_put(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	strbuf_add(sb, b, n);
}

/* s as valid UTF-8 without control characters (and without the code points
 * XML forbids), into sb (reset first). */
static void utf8_clean(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	strbuf_grow(sb, strlen(s ? s : ""));
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		uint32_t cp;
		p += utf8_decode(p, &cp);
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		else if (cp == 0xFFFE || cp == 0xFFFF)
			cp = 0xFFFD;
		utf8_put(sb, cp);
	}
}

/* ---- Formats and files ----------------------------------------------- */

int plot_format_of(const char *path, enum plot_format *fmt, struct sieve_error *err)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	base = base ? base + 1 : path ? path : "";
	const char *dot = strrchr(base, '.');
	const char *ext = dot ? dot + 1 : base;
	if (dot && !strcasecmp(ext, "svg"))
		*fmt = PLOT_FMT_SVG;
	else if (dot && !strcasecmp(ext, "pdf"))
		*fmt = PLOT_FMT_PDF;
	else if (dot && !strcasecmp(ext, "png"))
		*fmt = PLOT_FMT_PNG;
	else
		return sieve_error_set(err, SIEVE_ERR_USAGE,
				       "unknown figure format '%s' (use .svg, .pdf or .png)", ext);
	return 0;
}

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	struct plot_fig *f = closure;
	if (!f->fp)
		return CAIRO_STATUS_WRITE_ERROR;
	if (len && fwrite(data, 1, len, f->fp) != len) {
		if (!f->write_errno)
			f->write_errno = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void set_font_options(cairo_t *cr)
{
	cairo_font_options_t *o = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(cr, o);
	cairo_font_options_destroy(o);
}

/* Whether cairo has been used since the last plot_release. */
static bool cairo_used;

struct plot_fig *plot_fig_new(void)
{
	struct plot_fig *f = xcalloc(1, sizeof *f);
	cairo_used = true;
	f->msurf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	f->mcr = cairo_create(f->msurf);
	if (cairo_status(f->mcr) != CAIRO_STATUS_SUCCESS) {
		fputs("sieve: out of memory (cairo)\n", stderr);
		abort();
	}
	set_font_options(f->mcr);
	strbuf_init(&f->svg);
	return f;
}

/* Drop the output: close and remove the temporary file. */
static void fig_abandon(struct plot_fig *f)
{
	if (f->cr)
		cairo_destroy(f->cr);
	if (f->surf)
		cairo_surface_destroy(f->surf);
	f->cr = NULL, f->surf = NULL;
	if (f->fp) {
		fclose(f->fp);
		f->fp = NULL;
		unlink(f->tmp);
	}
	free(f->path), free(f->tmp);
	f->path = f->tmp = NULL;
	strbuf_reset(&f->svg);
	f->open = false;
}

void plot_fig_free(struct plot_fig *f)
{
	if (!f)
		return;
	fig_abandon(f);
	strbuf_fini(&f->svg);
	cairo_destroy(f->mcr);
	cairo_surface_destroy(f->msurf);
	free(f);
}

static void svg_num(struct strbuf *sb, double v)
{
	char b[64];
	plot_fmt_num(b, sizeof b, v, 2);
	char *dot = strchr(b, '.'), *e = b + strlen(b);
	while (dot && e > dot && (e[-1] == '0' || e[-1] == '.'))
		*--e = '\0'; /* "12.50" -> "12.5", "3.00" -> "3" */
	strbuf_adds(sb, b);
}

static void svg_attr(struct strbuf *sb, const char *name, double v)
{
	strbuf_addf(sb, " %s=\"", name);
	svg_num(sb, v);
	strbuf_addc(sb, '"');
}

static void svg_colour(struct strbuf *sb, const char *name, uint32_t c)
{
	if (c & PLOT_NONE)
		strbuf_addf(sb, " %s=\"none\"", name);
	else
		strbuf_addf(sb, " %s=\"#%06X\"", name, (unsigned)c);
}

int plot_fig_begin(struct plot_fig *f, const char *path, double width_pt,
		   double height_pt, struct sieve_error *err)
{
	enum plot_format fmt;
	if (f->open)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "figure already open");
	if (plot_format_of(path, &fmt, err))
		return -1;
	if (!(width_pt >= 1 && height_pt >= 1 && width_pt <= PLOT_MAX_PT &&
	      height_pt <= PLOT_MAX_PT))
		return sieve_error_set(err, SIEVE_ERR_DATA,
				       "figure size %g x %g pt out of range (1 to %g pt)", width_pt,
				       height_pt, PLOT_MAX_PT);
	f->fmt = fmt, f->w = width_pt, f->h = height_pt, f->write_errno = 0;
	f->path = xstrdup(path);
	f->tmp = xasprintf("%s.tmp", path);
	f->fp = fopen(f->tmp, "wb");
	if (!f->fp) {
		int e = errno;
		sieve_error_set(err, SIEVE_ERR_IO, "cannot write figure '%s': %s", path,
				strerror(e));
		fig_abandon(f);
		return -1;
	}
	f->open = true;
	if (fmt == PLOT_FMT_SVG) {
		struct strbuf *sb = &f->svg;
		strbuf_reset(sb);
		strbuf_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
		strbuf_adds(sb, " width=\"");
		svg_num(sb, width_pt);
		strbuf_adds(sb, "pt\" height=\"");
		svg_num(sb, height_pt);
		strbuf_adds(sb, "pt\" viewBox=\"0 0 ");
		svg_num(sb, width_pt);
		strbuf_addc(sb, ' ');
		svg_num(sb, height_pt);
		strbuf_adds(sb, "\" xml:space=\"preserve\">\n");
	} else if (fmt == PLOT_FMT_PDF) {
		f->surf = cairo_pdf_surface_create_for_stream(write_fp, f, width_pt, height_pt);
		cairo_pdf_surface_set_metadata(f->surf, CAIRO_PDF_METADATA_CREATOR, "sieve");
		f->cr = cairo_create(f->surf);
	} else {
		f->surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
						     (int)ceil(width_pt * PLOT_PNG_SCALE),
						     (int)ceil(height_pt * PLOT_PNG_SCALE));
		f->cr = cairo_create(f->surf);
		cairo_scale(f->cr, PLOT_PNG_SCALE, PLOT_PNG_SCALE);
	}
	if (f->cr)
		set_font_options(f->cr);
	plot_fig_rect(f, 0, 0, width_pt, height_pt, PLOT_WHITE, PLOT_NONE, 0);
	return 0;
}

int plot_fig_end(struct plot_fig *f, struct sieve_error *err)
{
	if (!f->open)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "figure not open");
	const char *why = NULL;
	if (f->fmt == PLOT_FMT_SVG) {
		strbuf_adds(&f->svg, "</svg>\n");
		if (fwrite(f->svg.buf, 1, f->svg.len, f->fp) != f->svg.len)
			f->write_errno = errno ? errno : EIO;
	} else {
		cairo_status_t st = cairo_status(f->cr);
		if (st == CAIRO_STATUS_SUCCESS && f->fmt == PLOT_FMT_PNG) {
			cairo_surface_flush(f->surf);
			st = cairo_surface_write_to_png_stream(f->surf, write_fp, f);
		} else if (st == CAIRO_STATUS_SUCCESS) {
			cairo_destroy(f->cr);
			f->cr = NULL;
			cairo_surface_finish(f->surf);
			st = cairo_surface_status(f->surf);
		}
		if (st != CAIRO_STATUS_SUCCESS && !f->write_errno)
			why = cairo_status_to_string(st);
		if (f->cr)
			cairo_destroy(f->cr);
		cairo_surface_destroy(f->surf); /* may still write (a failed PDF) */
		f->cr = NULL, f->surf = NULL;
	}
	FILE *fp = f->fp;
	f->fp = NULL;
	if (fflush(fp) != 0 && !f->write_errno)
		f->write_errno = errno ? errno : EIO;
	if (fclose(fp) != 0 && !f->write_errno)
		f->write_errno = errno ? errno : EIO;
	if (!why && !f->write_errno && rename(f->tmp, f->path) != 0)
		f->write_errno = errno ? errno : EIO;
	int rc = 0;
	if (why || f->write_errno) {
		unlink(f->tmp);
		rc = sieve_error_set(err, SIEVE_ERR_IO, "cannot write figure '%s': %s", f->path,
				     why ? why : strerror(f->write_errno));
	}
	fig_abandon(f);
	return rc;
}

/* ---- Drawing ---------------------------------------------------------- */

static void cr_colour(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
			     (c & 0xFF) / 255.0);
}

static void cr_paint(struct plot_fig *f, uint32_t fill, uint32_t stroke, double width,
		     enum plot_dash dash)
{
	if (!(fill & PLOT_NONE)) {
		cr_colour(f->cr, fill);
		cairo_fill_preserve(f->cr);
	}
	if (!(stroke & PLOT_NONE) && width > 0) {
		static const double dashed[] = { 4, 3 }, dotted[] = { 1.2, 2 };
		cr_colour(f->cr, stroke);
		cairo_set_line_width(f->cr, width);
		if (dash == PLOT_DASHED)
			cairo_set_dash(f->cr, dashed, 2, 0);
		else if (dash == PLOT_DOTTED)
			cairo_set_dash(f->cr, dotted, 2, 0);
		cairo_stroke_preserve(f->cr);
		cairo_set_dash(f->cr, NULL, 0, 0);
	}
	cairo_new_path(f->cr);
}

static void svg_paint(struct plot_fig *f, uint32_t fill, uint32_t stroke, double width,
		      enum plot_dash dash)
{
	struct strbuf *sb = &f->svg;
	svg_colour(sb, "fill", fill);
	if ((stroke & PLOT_NONE) || width <= 0) {
		strbuf_adds(sb, " stroke=\"none\"");
	} else {
		svg_colour(sb, "stroke", stroke);
		svg_attr(sb, "stroke-width", width);
		if (dash == PLOT_DASHED)
			strbuf_adds(sb, " stroke-dasharray=\"4 3\"");
		else if (dash == PLOT_DOTTED)
			strbuf_adds(sb, " stroke-dasharray=\"1.2 2\"");
	}
	strbuf_adds(sb, "/>\n");
}

void plot_fig_line(struct plot_fig *f, double x1, double y1, double x2, double y2,
		   double width, uint32_t colour, enum plot_dash dash)
{
	double xy[4] = { x1, y1, x2, y2 };
	plot_fig_poly(f, xy, 2, false, PLOT_NONE, colour, width, dash);
}

void plot_fig_rect(struct plot_fig *f, double x, double y, double w, double h,
		   uint32_t fill, uint32_t stroke, double width)
{
	if (!f->open)
		return;
	if (f->fmt != PLOT_FMT_SVG) {
		cairo_rectangle(f->cr, x, y, w, h);
		cr_paint(f, fill, stroke, width, PLOT_SOLID);
		return;
	}
	strbuf_adds(&f->svg, "<rect");
	svg_attr(&f->svg, "x", x), svg_attr(&f->svg, "y", y);
	svg_attr(&f->svg, "width", w), svg_attr(&f->svg, "height", h);
	svg_paint(f, fill, stroke, width, PLOT_SOLID);
}

void plot_fig_poly(struct plot_fig *f, const double *xy, size_t n, bool closed,
		   uint32_t fill, uint32_t stroke, double width, enum plot_dash dash)
{
	if (!f->open || n < 2)
		return;
	if (!closed)
		fill = PLOT_NONE;
	if (f->fmt != PLOT_FMT_SVG) {
		cairo_move_to(f->cr, xy[0], xy[1]);
		for (size_t i = 1; i < n; i++)
			cairo_line_to(f->cr, xy[2 * i], xy[2 * i + 1]);
		if (closed)
			cairo_close_path(f->cr);
		cr_paint(f, fill, stroke, width, dash);
		return;
	}
	struct strbuf *sb = &f->svg;
	if (n == 2 && !closed) {
		strbuf_adds(sb, "<line");
		svg_attr(sb, "x1", xy[0]), svg_attr(sb, "y1", xy[1]);
		svg_attr(sb, "x2", xy[2]), svg_attr(sb, "y2", xy[3]);
	} else {
		strbuf_adds(sb, closed ? "<polygon points=\"" : "<polyline points=\"");
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addc(sb, ' ');
			svg_num(sb, xy[2 * i]);
			strbuf_addc(sb, ',');
			svg_num(sb, xy[2 * i + 1]);
		}
		strbuf_addc(sb, '"');
	}
	svg_paint(f, fill, stroke, width, dash);
}

void plot_fig_circle(struct plot_fig *f, double cx, double cy, double r,
		     uint32_t fill, uint32_t stroke, double width)
{
	if (!f->open)
		return;
	if (f->fmt != PLOT_FMT_SVG) {
		cairo_new_sub_path(f->cr);
		cairo_arc(f->cr, cx, cy, r, 0, 2 * PI);
		cr_paint(f, fill, stroke, width, PLOT_SOLID);
		return;
	}
	strbuf_adds(&f->svg, "<circle");
	svg_attr(&f->svg, "cx", cx), svg_attr(&f->svg, "cy", cy), svg_attr(&f->svg, "r", r);
	svg_paint(f, fill, stroke, width, PLOT_SOLID);
}

static void select_font(cairo_t *cr, double size, bool bold)
{
	cairo_select_font_face(cr, "Helvetica", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double clean_width(struct plot_fig *f, const char *clean, double size, bool bold)
{
	cairo_text_extents_t ext;
	select_font(f->mcr, size, bold);
	cairo_text_extents(f->mcr, clean, &ext);
	return ext.x_advance;
}

double plot_fig_text_width(struct plot_fig *f, const char *utf8, double size, bool bold)
{
	struct strbuf sb = STRBUF_INIT;
	utf8_clean(&sb, utf8);
	double w = clean_width(f, sb.buf, size, bold);
	strbuf_fini(&sb);
	return w;
}

static void fig_text(struct plot_fig *f, double x, double y, const char *utf8, double size,
		     bool bold, enum plot_anchor anchor, uint32_t colour, bool vertical)
{
	if (!f->open || !utf8 || !*utf8)
		return;
	struct strbuf t = STRBUF_INIT;
	utf8_clean(&t, utf8);
	if (f->fmt != PLOT_FMT_SVG) {
		double w = anchor == PLOT_START ? 0 : clean_width(f, t.buf, size, bold);
		cairo_save(f->cr);
		cairo_translate(f->cr, x, y);
		if (vertical)
			cairo_rotate(f->cr, -PI / 2);
		select_font(f->cr, size, bold);
		cr_colour(f->cr, colour);
		cairo_move_to(f->cr, anchor == PLOT_MIDDLE ? -w / 2 : anchor == PLOT_END ? -w : 0,
			      0);
		cairo_show_text(f->cr, t.buf);
		cairo_new_path(f->cr);
		cairo_restore(f->cr);
		strbuf_fini(&t);
		return;
	}
	struct strbuf *sb = &f->svg;
	strbuf_adds(sb, "<text");
	svg_attr(sb, "x", x), svg_attr(sb, "y", y);
	strbuf_adds(sb, " font-family=\"" PLOT_FONT_FAMILY "\"");
	svg_attr(sb, "font-size", size);
	if (bold)
		strbuf_adds(sb, " font-weight=\"bold\"");
	if (anchor != PLOT_START)
		strbuf_adds(sb, anchor == PLOT_MIDDLE ? " text-anchor=\"middle\""
						      : " text-anchor=\"end\"");
	svg_colour(sb, "fill", colour);
	if (vertical) {
		strbuf_adds(sb, " transform=\"rotate(-90 ");
		svg_num(sb, x);
		strbuf_addc(sb, ' ');
		svg_num(sb, y);
		strbuf_addc(sb, '"');
	}
	strbuf_addc(sb, '>');
	for (const char *p = t.buf; *p; p++) {
		switch (*p) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		default: strbuf_addc(sb, *p);
		}
	}
	strbuf_adds(sb, "</text>\n");
	strbuf_fini(&t);
}

void plot_fig_text(struct plot_fig *f, double x, double y, const char *utf8,
		   double size, bool bold, enum plot_anchor anchor, uint32_t colour)
{
	fig_text(f, x, y, utf8, size, bold, anchor, colour, false);
}

void plot_fig_text_vertical(struct plot_fig *f, double x, double y, const char *utf8,
			    double size, bool bold, enum plot_anchor anchor, uint32_t colour)
{
	fig_text(f, x, y, utf8, size, bold, anchor, colour, true);
}

char *plot_fig_ellipsize(struct plot_fig *f, const char *utf8, double size, bool bold,
			 double max_width)
{
	static const char ell[] = "\xE2\x80\xA6"; /* … */
	struct strbuf t = STRBUF_INIT, probe = STRBUF_INIT;
	utf8_clean(&t, utf8);
	if (clean_width(f, t.buf, size, bold) <= max_width)
		return strbuf_take(&t);
	/* Largest number of code points lo whose prefix plus "…" fits. */
	size_t ncp = 0;
	for (size_t i = 0; i < t.len; i++)
		ncp += ((unsigned char)t.buf[i] & 0xC0) != 0x80;
	size_t lo = 0, hi = ncp;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2, bytes = 0, cps = 0;
		while (bytes < t.len && (cps < mid || ((unsigned char)t.buf[bytes] & 0xC0) == 0x80))
			cps += ((unsigned char)t.buf[bytes++] & 0xC0) != 0x80;
		strbuf_reset(&probe);
		strbuf_add(&probe, t.buf, bytes);
		strbuf_rtrim(&probe);
		strbuf_adds(&probe, ell);
		if (clean_width(f, probe.buf, size, bold) <= max_width)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t bytes = 0, cps = 0;
	while (bytes < t.len && (cps < lo || ((unsigned char)t.buf[bytes] & 0xC0) == 0x80))
		cps += ((unsigned char)t.buf[bytes++] & 0xC0) != 0x80;
	strbuf_reset(&probe);
	strbuf_add(&probe, t.buf, bytes);
	strbuf_rtrim(&probe);
	strbuf_adds(&probe, ell);
	strbuf_fini(&t);
	return strbuf_take(&probe);
}

/* ---- Layout helpers --------------------------------------------------- */

void plot_ticks_nice(double lo, double hi, struct plot_ticks *t)
{
	static const double mult[] = { 1, 2, 2.5, 5, 10, 20, 25, 50, 100 };
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = isfinite(lo) ? lo : isfinite(hi) ? hi : 0;
		hi = lo;
	}
	if (!isfinite(hi - lo))
		lo = -1, hi = 1;
	if (lo > hi) {
		double s = lo;
		lo = hi, hi = s;
	}
	if (hi - lo <= 1e-12 * fmax(1, fabs(lo))) {
		double d = lo != 0 ? fabs(lo) * 0.5 : 1;
		lo -= d, hi += d;
	}
	double mag = pow(10, floor(log10((hi - lo) / 6)));
	double step = mag, a = lo, b = hi;
	size_t n = 0;
	for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
		step = mult[i] * mag;
		a = floor(lo / step + 1e-9) * step;
		b = ceil(hi / step - 1e-9) * step;
		n = (size_t)llround((b - a) / step) + 1;
		if (n <= 7)
			break;
	}
	if (n < 2)
		n = 2, b = a + step;
	t->lo = a, t->hi = b, t->step = step, t->n = n;
	for (size_t i = 0; i < n && i < 16; i++) {
		double v = a + (double)i * step;
		t->v[i] = fabs(v) < step * 1e-9 ? 0 : v;
	}
	t->decimals = 0;
	while (t->decimals < 8) {
		double s = step * pow(10, t->decimals);
		if (fabs(s - round(s)) < 1e-6 * s)
			break;
		t->decimals++;
	}
}

void plot_fmt_num(char *buf, size_t size, double v, int decimals)
{
	snprintf(buf, size, "%.*f", decimals, v);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

int plot_decimals_for(double scale)
{
	if (!(scale > 0) || !isfinite(scale))
		return 2;
	int d = 2 - (int)floor(log10(scale));
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

double plot_scale_map(const struct plot_scale *s, double v)
{
	if (s->d1 == s->d0)
		return s->p0;
	return s->p0 + (v - s->d0) / (s->d1 - s->d0) * (s->p1 - s->p0);
}

void plot_axis_x(struct plot_fig *f, const struct plot_scale *s, const struct plot_ticks *t,
		 double y, double size, const char *suffix)
{
	char b[64], lab[96];
	plot_fig_line(f, plot_scale_map(s, t->lo), y, plot_scale_map(s, t->hi), y, 0.8,
		      PLOT_BLACK, PLOT_SOLID);
	for (size_t i = 0; i < t->n && i < 16; i++) {
		double x = plot_scale_map(s, t->v[i]);
		plot_fig_line(f, x, y, x, y + 4, 0.8, PLOT_BLACK, PLOT_SOLID);
		plot_fmt_num(b, sizeof b, t->v[i], t->decimals);
		snprintf(lab, sizeof lab, "%s%s", b, suffix ? suffix : "");
		plot_fig_text(f, x, y + 5 + size, lab, size, false, PLOT_MIDDLE, PLOT_BLACK);
	}
}

void plot_axis_y(struct plot_fig *f, const struct plot_scale *s, const struct plot_ticks *t,
		 double x, double size)
{
	char b[64];
	plot_fig_line(f, x, plot_scale_map(s, t->lo), x, plot_scale_map(s, t->hi), 0.8,
		      PLOT_BLACK, PLOT_SOLID);
	for (size_t i = 0; i < t->n && i < 16; i++) {
		double y = plot_scale_map(s, t->v[i]);
		plot_fig_line(f, x - 4, y, x, y, 0.8, PLOT_BLACK, PLOT_SOLID);
		plot_fmt_num(b, sizeof b, t->v[i], t->decimals);
		plot_fig_text(f, x - 6, y + size * 0.35, b, size, false, PLOT_END, PLOT_BLACK);
	}
}

double plot_legend_item(struct plot_fig *f, double x, double y, uint32_t fill,
			double line_width, const char *label, double size)
{
	double mid = y - size * 0.35;
	if (line_width > 0) {
		plot_fig_line(f, x, mid, x + 18, mid, line_width, fill, PLOT_SOLID);
		x += 22;
	} else {
		double side = size * 0.9;
		plot_fig_rect(f, x, mid - side / 2, side, side, fill, PLOT_DARKGREY, 0.5);
		x += side + 4;
	}
	plot_fig_text(f, x, y, label, size, false, PLOT_START, PLOT_BLACK);
	return x + plot_fig_text_width(f, label, size, false) + 14;
}

void plot_release(void)
{
	if (!cairo_used)
		return;
	cairo_used = false;
	cairo_debug_reset_static_data();
	void *self = dlopen(NULL, RTLD_LAZY);
	if (self) {
		void (*fc_fini)(void);
		*(void **)&fc_fini = dlsym(self, "FcFini");
		if (fc_fini)
			fc_fini();
		dlclose(self);
	}
}
