/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The binding table of every view, key lookup, and the one help overlay. */
#include "keymap.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "widgets.h"

const struct tui_binding tui_bindings[] = {
#define TUI_REQ_ROW(req, views, k1, k2, keys, help) { REQ_##req, #req, views, k1, k2, keys, help },
	TUI_REQUESTS(TUI_REQ_ROW, TUI_REQ_ROW)
#undef TUI_REQ_ROW
};
const size_t tui_bindings_n = sizeof tui_bindings / sizeof tui_bindings[0];

enum tui_request tui_request_of(unsigned view, int key)
{
	if (!key)
		return REQ_NONE;
	for (size_t i = 0; i < tui_bindings_n; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		if ((b->views & view) && (b->key == key || b->key2 == key))
			return b->req;
	}
	return REQ_NONE;
}

void tui_key_label(unsigned view, enum tui_request req, char *buf, size_t sz)
{
	for (size_t i = 0; i < tui_bindings_n; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		if ((b->views & view) && b->req == req) {
			snprintf(buf, sz, "%.*s", (int)strcspn(b->keys, " "), b->keys);
			return;
		}
	}
	snprintf(buf, sz, "?");
}

void tui_help_draw(struct canvas *c, unsigned view, const struct tui_help *hp)
{
	size_t n = 0;
	int keys_w = 4;
	for (size_t i = 0; i < tui_bindings_n; i++)
		if (tui_bindings[i].views & view) {
			const char *k = tui_bindings[i].keys;
			int kw = canvas_text_width(k, strlen(k));
			keys_w = kw > keys_w ? kw : keys_w;
			n++;
		}
	/* The frame: its size and place, its background, where the rows and
	 * the footer go. */
	int w, h, x0, y0, rows, key_col, base, footer_attr, footer_y;
	if (hp->frame == TUI_HELP_BOX) {
		/* a box of fixed columns, a blank line before the footer */
		w = 52 < c->w - 2 ? 52 : c->w - 2;
		h = (int)n + 4;
		if (h > c->h)
			h = c->h;
		x0 = (c->w - w) / 2;
		y0 = (c->h - h) / 2;
		if (x0 < 0)
			x0 = 0;
		if (y0 < 0)
			y0 = 0;
		rows = h - 4;
		key_col = 13;
		base = CA_NORMAL;
		footer_attr = CA_DIM;
		footer_y = y0 + h - 2;
		tui_draw_box(c, x0, y0, w, h, NULL);
	} else {
		/* a panel as wide as the forms, below the title bar when there is room */
		w = 66;
		h = (int)n + 2 + (hp->footer != NULL);
		x0 = c->w > w ? (c->w - w) / 2 : 0;
		y0 = c->h > h ? (c->h - h + 1) / 2 : 0;
		rows = (int)n;
		key_col = keys_w + 2;
		base = CA_REVERSE;
		footer_attr = CA_REVERSE;
		footer_y = y0 + 1 + (int)n;
		for (int y = y0; y < y0 + h && y < c->h; y++)
			for (int x = x0; x < x0 + w && x < c->w; x++)
				canvas_puts(c, x, y, x + 1, " ", CA_REVERSE, CC_DEFAULT);
	}
	canvas_puts(c, x0 + 2, y0, x0 + w - 1, hp->title, base | CA_BOLD, CC_DEFAULT);
	int key_end = x0 + 2 + key_col - 1 < x0 + w - 1 ? x0 + 2 + key_col - 1 : x0 + w - 1;
	int r = 0;
	for (size_t i = 0; i < tui_bindings_n && r < rows; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		if (!(b->views & view))
			continue;
		int y = y0 + 1 + r++;
		canvas_puts(c, x0 + 2, y, key_end, b->keys, base | CA_BOLD, CC_DEFAULT);
		canvas_puts(c, x0 + 2 + key_col, y, x0 + w - 1, b->help, base, CC_DEFAULT);
	}
	if (hp->footer)
		canvas_puts(c, x0 + 2, footer_y, x0 + w - 1, hp->footer, footer_attr, CC_DEFAULT);
}
