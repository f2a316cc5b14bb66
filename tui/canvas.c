/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cell grid views draw into, with display widths from wcwidth(). */
#include "canvas.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../lib/xalloc.h"

struct canvas *canvas_new(int w, int h)
{
	struct canvas *c = xcalloc(1, sizeof *c);
	canvas_resize(c, w, h);
	return c;
}

void canvas_free(struct canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

void canvas_resize(struct canvas *c, int w, int h)
{
	c->w = w < 1 ? 1 : w;
	c->h = h < 1 ? 1 : h;
	free(c->cells);
	c->cells = xcalloc((size_t)c->w * (size_t)c->h, sizeof *c->cells);
	canvas_clear(c);
}

static void cell_blank(struct canvas_cell *cell)
{
	memset(cell, 0, sizeof *cell);
	cell->wc[0] = L' ';
	cell->width = 1;
}

void canvas_clear(struct canvas *c)
{
	size_t n = (size_t)c->w * (size_t)c->h;
	for (size_t i = 0; i < n; i++)
		cell_blank(&c->cells[i]);
	c->cur_x = c->cur_y = -1;
}

const struct canvas_cell *canvas_cell(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

static struct canvas_cell *cell_at(struct canvas *c, int x, int y)
{
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

void canvas_fill_attr(struct canvas *c, int y, int x0, int x1, int attr, int color)
{
	if (y < 0 || y >= c->h)
		return;
	if (x0 < 0)
		x0 = 0;
	if (x1 > c->w)
		x1 = c->w;
	for (int x = x0; x < x1; x++) {
		struct canvas_cell *cell = cell_at(c, x, y);
		cell->attr = (uint8_t)attr;
		cell->color = (uint8_t)color;
	}
}

size_t canvas_utf8_decode(const char *s, size_t n, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c0 = u[0];
	size_t len;
	unsigned long cp, min;
	if (c0 < 0x80) {
		*wc = (wchar_t)c0;
		return 1;
	} else if (c0 >= 0xc2 && c0 <= 0xdf) {
		len = 2, cp = c0 & 0x1f, min = 0x80;
	} else if (c0 >= 0xe0 && c0 <= 0xef) {
		len = 3, cp = c0 & 0x0f, min = 0x800;
	} else if (c0 >= 0xf0 && c0 <= 0xf4) {
		len = 4, cp = c0 & 0x07, min = 0x10000;
	} else {
		*wc = (wchar_t)0xfffd;
		return 1;
	}
	if (n < len) {
		*wc = (wchar_t)0xfffd;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*wc = (wchar_t)0xfffd;
			return 1;
		}
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*wc = (wchar_t)0xfffd;
		return 1;
	}
	*wc = (wchar_t)cp;
	return len;
}

size_t canvas_utf8_encode(wchar_t wc, char out[4])
{
	unsigned long cp = (unsigned long)wc;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The cells wc takes (0 for a combining mark); replaces controls by a
 * space and characters the locale cannot show by U+FFFD or '?'. */
static int char_width(wchar_t *wc)
{
	if (*wc < 0x20 || (*wc >= 0x7f && *wc < 0xa0)) {
		*wc = L' ';
		return 1;
	}
	int w = wcwidth(*wc);
	if (w >= 0)
		return w > 2 ? 2 : w;
	*wc = (wchar_t)0xfffd;
	if (wcwidth(*wc) == 1)
		return 1;
	*wc = L'?';
	return 1;
}

int canvas_text_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		wchar_t wc;
		i += canvas_utf8_decode(s + i, n - i, &wc);
		w += char_width(&wc);
	}
	return w;
}

int canvas_put_styled(struct canvas *c, int x, int y, int xmax, const char *s, size_t n,
		      const uint8_t *style, int base_attr)
{
	if (y < 0 || y >= c->h || x < 0)
		return x;
	if (xmax > c->w)
		xmax = c->w;
	int last = -1;
	for (size_t i = 0; i < n && x < xmax;) {
		wchar_t wc;
		uint8_t st = style ? style[i] : 0;
		i += canvas_utf8_decode(s + i, n - i, &wc);
		int w = char_width(&wc);
		if (w == 0) {
			if (last >= 0) {
				struct canvas_cell *b = cell_at(c, last, y);
				for (int k = 1; k < CANVAS_CHARS; k++)
					if (!b->wc[k]) {
						b->wc[k] = wc;
						break;
					}
			}
			continue;
		}
		if (x + w > xmax)
			break;
		/* Overwriting half of a wide character blanks its other half. */
		if (cell_at(c, x, y)->width == 0 && x > 0)
			cell_blank(cell_at(c, x - 1, y));
		if (x + w < c->w && cell_at(c, x + w, y)->width == 0)
			cell_blank(cell_at(c, x + w, y));
		struct canvas_cell *cell = cell_at(c, x, y);
		memset(cell, 0, sizeof *cell);
		cell->wc[0] = wc;
		cell->width = (uint8_t)w;
		cell->attr = (uint8_t)(base_attr | (st >> 4));
		cell->color = st & 0x0f;
		if (w == 2) {
			struct canvas_cell *cont = cell_at(c, x + 1, y);
			memset(cont, 0, sizeof *cont);
			cont->attr = cell->attr;
			cont->color = cell->color;
		}
		last = x;
		x += w;
	}
	return x;
}

int canvas_put(struct canvas *c, int x, int y, int xmax, const char *s, size_t n, int attr,
	       int color)
{
	int x0 = x;
	int end = canvas_put_styled(c, x, y, xmax, s, n, NULL, attr);
	canvas_fill_attr(c, y, x0, end, attr, color);
	return end;
}

int canvas_puts(struct canvas *c, int x, int y, int xmax, const char *s, int attr, int color)
{
	return canvas_put(c, x, y, xmax, s ? s : "", s ? strlen(s) : 0, attr, color);
}

struct wrap_out {
	struct canvas_line *v;
	size_t n, cap;
};

static void wrap_emit(struct wrap_out *o, const char *s, size_t start, size_t end)
{
	while (end > start && s[end - 1] == ' ')
		end--;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	o->v[o->n++] = (struct canvas_line){ start, end };
}

void canvas_wrap(const char *s, size_t n, int width, struct canvas_line **lines,
		 size_t *n_lines)
{
	struct wrap_out o = { 0 };
	if (width < 1)
		width = 1;
	size_t i = 0, start = 0;
	size_t brk_end = 0, brk_next = 0;
	bool brk = false;
	int col = 0;
	while (i < n) {
		if (s[i] == '\n') {
			wrap_emit(&o, s, start, i);
			start = ++i;
			col = 0;
			brk = false;
			continue;
		}
		if (s[i] == ' ') {
			size_t j = i;
			while (j < n && s[j] == ' ')
				j++;
			if (col > 0) {
				brk = true;
				brk_end = i;
				brk_next = j;
			}
			col += (int)(j - i);
			i = j;
			if (col > width && brk) {
				wrap_emit(&o, s, start, brk_end);
				start = brk_next;
				col = 0;
				brk = false;
			}
			continue;
		}
		wchar_t wc;
		size_t k = canvas_utf8_decode(s + i, n - i, &wc);
		int w = char_width(&wc);
		if (w == 2 && col > 0) {
			brk = true;
			brk_end = brk_next = i;
		}
		if (col + w > width && col > 0) {
			if (brk && brk_next > start) {
				wrap_emit(&o, s, start, brk_end);
				start = brk_next;
				col = canvas_text_width(s + start, i - start);
				brk = false;
			}
			if (col + w > width && col > 0) {
				wrap_emit(&o, s, start, i);
				start = i;
				col = 0;
				brk = false;
			}
		}
		col += w;
		i += k;
		if (w == 2) {
			brk = true;
			brk_end = brk_next = i;
		}
	}
	if (start < n || o.n == 0)
		wrap_emit(&o, s, start, n);
	*lines = o.v;
	*n_lines = o.n;
}

void canvas_dump(const struct canvas *c, struct strbuf *out)
{
	for (int y = 0; y < c->h; y++) {
		size_t line_start = out->len;
		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *cell = canvas_cell(c, x, y);
			if (cell->width == 0)
				continue;
			for (int k = 0; k < CANVAS_CHARS && cell->wc[k]; k++) {
				char b[4];
				strbuf_add(out, b, canvas_utf8_encode(cell->wc[k], b));
			}
		}
		strbuf_grow(out, 1);
		while (out->len > line_start && out->buf[out->len - 1] == ' ')
			out->len--;
		out->buf[out->len] = '\0';
		strbuf_addc(out, '\n');
	}
}
