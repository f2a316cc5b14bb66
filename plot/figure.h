/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing backend for figures: one interface, cairo (PDF, PNG) or a hand-written SVG writer. */
#ifndef SIEVE_PLOT_FIGURE_H
#define SIEVE_PLOT_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/error.h"

/*
 * Units are points (1/72 inch), origin top left, y down. Text is placed by
 * its baseline. Colours are 0xRRGGBB; PLOT_NONE means "do not fill" or "do
 * not stroke". Text is UTF-8; invalid sequences become U+FFFD and control
 * characters a space, in every backend.
 *
 * Usage:
 *	struct plot_fig *f = plot_fig_new();       measuring works from here
 *	... lay out with plot_fig_text_width ...
 *	if (plot_fig_begin(f, path, w, h, err) == 0) {
 *		... draw ...
 *		rc = plot_fig_end(f, err);
 *	}
 *	plot_fig_free(f);
 *
 * Text is always measured with cairo (a small image surface in the SVG
 * case), so a figure has the same layout in every format.
 */

/* Okabe-Ito, the colour-blind-safe palette, plus greys. */
#define PLOT_NONE       0xFF000000u
#define PLOT_BLACK      0x000000u
#define PLOT_WHITE      0xFFFFFFu
#define PLOT_GREY       0x999999u
#define PLOT_DARKGREY   0x555555u
#define PLOT_LIGHTGREY  0xDDDDDDu
#define PLOT_PALEGREY   0xF2F2F2u
#define PLOT_ORANGE     0xE69F00u
#define PLOT_SKYBLUE    0x56B4E9u
#define PLOT_GREEN      0x009E73u /* bluish green: low risk, good */
#define PLOT_YELLOW     0xF0E442u
#define PLOT_BLUE       0x0072B2u
#define PLOT_VERMILLION 0xD55E00u /* high risk, bad */
#define PLOT_PURPLE     0xCC79A7u /* reddish purple */

/* The font every figure uses, as the SVG font-family attribute. */
#define PLOT_FONT_FAMILY "Helvetica, Arial, sans-serif"

enum plot_anchor { PLOT_START, PLOT_MIDDLE, PLOT_END };
enum plot_dash { PLOT_SOLID, PLOT_DASHED, PLOT_DOTTED };
enum plot_format { PLOT_FMT_SVG, PLOT_FMT_PDF, PLOT_FMT_PNG };

/* PNG pixels per point: 2, so about 144 dpi. */
#define PLOT_PNG_SCALE 2.0
/* The largest figure side in points (a PNG side stays under cairo's 32767 px). */
#define PLOT_MAX_PT 16000.0

struct plot_fig;

/* The format for path from its extension (.svg, .pdf, .png, any case).
 * Returns 0, or -1 with SIEVE_ERR_USAGE "unknown figure format ...". */
int plot_format_of(const char *path, enum plot_format *fmt, struct sieve_error *err);

/* A new figure that can measure text but has no output yet. Owned by the
 * caller: plot_fig_free(). Out of memory aborts. */
struct plot_fig *plot_fig_new(void);

/* Open the output: path's extension picks the format; the file is written
 * to "path.tmp" and renamed over path by plot_fig_end(). Returns 0, or -1
 * with SIEVE_ERR_USAGE (unknown format or already open), SIEVE_ERR_DATA (a
 * side not within 1 to PLOT_MAX_PT) or SIEVE_ERR_IO (the temporary file
 * cannot be created; the message names path and reason). */
int plot_fig_begin(struct plot_fig *f, const char *path, double width_pt,
		   double height_pt, struct sieve_error *err);

/* Finish the file and rename it into place. Returns 0, or -1 with
 * SIEVE_ERR_IO naming the path and the reason; the temporary file is then
 * removed. The figure can only be freed afterwards. */
int plot_fig_end(struct plot_fig *f, struct sieve_error *err);

/* Free f; an output still open is abandoned and its temporary file removed.
 * NULL is fine. */
void plot_fig_free(struct plot_fig *f);

/* Drawing. Before plot_fig_begin() and after plot_fig_end() they do nothing.
 * Errors (a cairo failure) are remembered and reported by plot_fig_end(). */
void plot_fig_line(struct plot_fig *f, double x1, double y1, double x2, double y2,
		   double width, uint32_t colour, enum plot_dash dash);
void plot_fig_rect(struct plot_fig *f, double x, double y, double w, double h,
		   uint32_t fill, uint32_t stroke, double width);
/* A polyline (closed = false, fill ignored) or polygon through n points
 * xy[0..2n-1] (x, y pairs). */
void plot_fig_poly(struct plot_fig *f, const double *xy, size_t n, bool closed,
		   uint32_t fill, uint32_t stroke, double width, enum plot_dash dash);
void plot_fig_circle(struct plot_fig *f, double cx, double cy, double r,
		     uint32_t fill, uint32_t stroke, double width);
/* utf8 at baseline y, anchored at x by its start, middle or end. */
void plot_fig_text(struct plot_fig *f, double x, double y, const char *utf8,
		   double size, bool bold, enum plot_anchor anchor, uint32_t colour);
/* The same turned 90 degrees anticlockwise (reading upwards): (x, y) is
 * then the anchor point on the baseline, which runs up the page. */
void plot_fig_text_vertical(struct plot_fig *f, double x, double y, const char *utf8,
			    double size, bool bold, enum plot_anchor anchor, uint32_t colour);

/* The advance width of utf8 in points. */
double plot_fig_text_width(struct plot_fig *f, const char *utf8, double size, bool bold);

/* utf8 shortened with "…" so it is at most max_width wide (never cut inside
 * a code point), or a copy when it fits. Caller frees the result. */
char *plot_fig_ellipsize(struct plot_fig *f, const char *utf8, double size, bool bold,
			 double max_width);

/* ---- Shared layout helpers ------------------------------------------- */

/* Round axis ticks: lo, lo + step, ..., hi. */
struct plot_ticks {
	double lo, hi, step;
	size_t n;          /* 4 to 7 ticks (2 or more for a degenerate range) */
	int decimals;      /* enough to print every tick exactly */
	double v[16];
};

/* 4 to 7 round ticks (1, 2, 2.5 or 5 times a power of ten) whose range
 * covers [lo, hi]. A degenerate or non-finite range gets a unit range. */
void plot_ticks_nice(double lo, double hi, struct plot_ticks *t);

/* Format v with the given decimals into buf, never as "-0.00"; always a
 * decimal point, whatever the locale. */
void plot_fmt_num(char *buf, size_t size, double v, int decimals);

/* Decimals that show about three significant digits of a quantity of
 * magnitude scale (e.g. a typical CI width): 0.15 -> 3, 5 -> 2, 500 -> 0. */
int plot_decimals_for(double scale);

/* A linear map from data [d0, d1] to page [p0, p1]. */
struct plot_scale {
	double d0, d1, p0, p1;
};
double plot_scale_map(const struct plot_scale *s, double v);

/* A horizontal axis at page y from ticks lo to hi: line, ticks downwards,
 * labels (size pt) under them; suffix (may be NULL) follows each label. */
void plot_axis_x(struct plot_fig *f, const struct plot_scale *s, const struct plot_ticks *t,
		 double y, double size, const char *suffix);
/* A vertical axis at page x: line, ticks leftwards, right-aligned labels. */
void plot_axis_y(struct plot_fig *f, const struct plot_scale *s, const struct plot_ticks *t,
		 double x, double size);

/* A legend entry at (x, baseline y): a swatch (square of colour fill, or a
 * short line when line_width > 0) then label; returns the x after it plus
 * a gap. */
double plot_legend_item(struct plot_fig *f, double x, double y, uint32_t fill,
			double line_width, const char *label, double size);

/* Release cairo's and fontconfig's process-wide caches, so leak checkers
 * (valgrind, LeakSanitizer) see only our own allocations; does nothing when
 * no figure was made since the last call. Call when no figure is being
 * drawn any more: the CLI calls it once, after the command. FcFini is
 * looked up at run time: fontconfig comes in with cairo but is not linked
 * directly. */
void plot_release(void);

#endif
