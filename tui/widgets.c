/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the views share besides the key bindings: a box, a one-line text
 * editor. */
#include "widgets.h"
#include "keymap.h"

#include <string.h>

static void hline(struct canvas *c, int y, int x0, int x1)
{
	for (int x = x0; x < x1; x++)
		canvas_puts(c, x, y, x1, "─", CA_NORMAL, CC_DEFAULT);
}

void tui_draw_box(struct canvas *c, int x0, int y0, int w, int h, const char *title)
{
	for (int y = y0; y < y0 + h; y++) {
		for (int x = x0; x < x0 + w; x++)
			canvas_puts(c, x, y, x0 + w, " ", CA_NORMAL, CC_DEFAULT);
		const char *l = y == y0 ? "┌" : y == y0 + h - 1 ? "└" : "│";
		const char *r = y == y0 ? "┐" : y == y0 + h - 1 ? "┘" : "│";
		canvas_puts(c, x0, y, x0 + w, l, CA_NORMAL, CC_DEFAULT);
		canvas_puts(c, x0 + w - 1, y, x0 + w, r, CA_NORMAL, CC_DEFAULT);
	}
	hline(c, y0, x0 + 1, x0 + w - 1);
	hline(c, y0 + h - 1, x0 + 1, x0 + w - 1);
	if (title)
		canvas_puts(c, x0 + 2, y0, x0 + w - 1, title, CA_BOLD, CC_DEFAULT);
}

enum tui_edit_result tui_edit_key(struct strbuf *buf, int key)
{
	if (key == TK_ENTER)
		return TUI_EDIT_DONE;
	if (key == TK_ESC)
		return TUI_EDIT_CANCEL;
	if (key == TK_BACKSPACE) {
		size_t len = buf->len;
		while (len > 0 && ((unsigned char)buf->buf[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			len--;
		buf->len = len;
		if (buf->buf)
			buf->buf[len] = '\0';
	} else if (key == 0x15) { /* Ctrl-U */
		strbuf_reset(buf);
	} else if (key >= 32 && key < 0x110000 && key != 127) {
		char u[4];
		size_t n = canvas_utf8_encode((wchar_t)key, u);
		strbuf_add(buf, u, n);
	}
	return TUI_EDIT_CONTINUE;
}
