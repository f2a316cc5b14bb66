/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A grid of character cells the views draw into: the curses loop copies it
 * to the terminal, the headless mode dumps it as text for tests. */
#ifndef SIEVE_TUI_CANVAS_H
#define SIEVE_TUI_CANVAS_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "../lib/strbuf.h"

/* Attribute bits. */
enum canvas_attr {
	CA_NORMAL = 0,
	CA_BOLD = 1,
	CA_REVERSE = 2,
	CA_UNDERLINE = 4,
	CA_DIM = 8,
};

/* Colour roles; the curses loop maps them to colour pairs, or to
 * attributes on a monochrome terminal. */
enum canvas_color {
	CC_DEFAULT = 0,
	CC_INCLUDE_TERM,
	CC_EXCLUDE_TERM,
	CC_STATUS,
	CC_INCLUDE,
	CC_EXCLUDE,
	CC_MAYBE,
	CC_CONFLICT,
	CC_TITLE,
	CC_COUNT
};

/* A base character and up to CANVAS_COMBINING-1 combining marks. A wide
 * character occupies its cell and the next, whose wc[0] is 0
 * (a continuation cell). */
#define CANVAS_CHARS 4
struct canvas_cell {
	wchar_t wc[CANVAS_CHARS];   /* NUL-terminated unless full */
	uint8_t attr;               /* enum canvas_attr bits */
	uint8_t color;              /* enum canvas_color */
	uint8_t width;              /* 1 or 2 for a base cell, 0 continuation */
};

struct canvas {
	int w, h;
	struct canvas_cell *cells;  /* h rows of w */
	int cur_x, cur_y;           /* text cursor, -1 when hidden */
};

/* Style of one byte of text drawn with canvas_put_styled: colour in the
 * low nibble, canvas_attr bits in the high nibble. */
#define CANVAS_STYLE(attr, color) ((uint8_t)(((attr) << 4) | ((color) & 0x0f)))

/* A new blank w x h canvas (sizes below 1 become 1); canvas_free. */
struct canvas *canvas_new(int w, int h);
void canvas_free(struct canvas *c);
/* Change size; the content is cleared. */
void canvas_resize(struct canvas *c, int w, int h);
/* Blank every cell (space, normal, default colour); hide the cursor. */
void canvas_clear(struct canvas *c);
/* The cell at (x, y) or NULL outside the canvas. Borrowed. */
const struct canvas_cell *canvas_cell(const struct canvas *c, int x, int y);
/* Set attr and colour of the cells [x0, x1) of row y (content kept). */
void canvas_fill_attr(struct canvas *c, int y, int x0, int x1, int attr, int color);

/* Write n bytes of UTF-8 at (x, y), not past column xmax (exclusive) nor
 * the canvas edge, with one attribute and colour. Invalid bytes show as
 * U+FFFD, control characters as spaces; combining marks join the previous
 * character; a wide character that would cross xmax is not written (its
 * cell is left blank). Returns the column after the last one written. */
int canvas_put(struct canvas *c, int x, int y, int xmax, const char *s, size_t n, int attr,
	       int color);
/* canvas_put of a NUL-terminated string. */
int canvas_puts(struct canvas *c, int x, int y, int xmax, const char *s, int attr, int color);
/* Like canvas_put with a style byte per input byte (CANVAS_STYLE) ORed
 * with base_attr; style may be NULL. */
int canvas_put_styled(struct canvas *c, int x, int y, int xmax, const char *s, size_t n,
		      const uint8_t *style, int base_attr);

/* Display width in cells of n bytes of UTF-8 (as canvas_put counts them). */
int canvas_text_width(const char *s, size_t n);

/* Greedy word wrap of n bytes of UTF-8 into lines of at most width cells.
 * Breaks at spaces, before and after wide characters, and at '\n'; a word
 * longer than a line is cut between characters (never inside one). Each
 * line is a byte range [start, end) of s with the spaces at the break left
 * out. *lines is malloc'd (free()), *n_lines >= 1 for any input. */
struct canvas_line { size_t start, end; };
void canvas_wrap(const char *s, size_t n, int width, struct canvas_line **lines,
		 size_t *n_lines);

/* Append the screen as UTF-8 text to out: h lines, each ending in '\n',
 * trailing spaces trimmed; attributes are not shown. */
void canvas_dump(const struct canvas *c, struct strbuf *out);

/* Decode one UTF-8 character of s[0..n) (n >= 1) into *wc; returns the
 * bytes used (invalid or truncated sequences give U+FFFD and 1). */
size_t canvas_utf8_decode(const char *s, size_t n, wchar_t *wc);
/* Encode wc as UTF-8 into out (4 bytes room); returns the length. */
size_t canvas_utf8_encode(wchar_t wc, char out[4]);

#endif
