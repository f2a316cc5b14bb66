/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the form views share: key bindings, the help overlay, a one-line
 * text editor. */
#include "widgets.h"
#include "keymap.h"

#include <string.h>

int tui_binding_find(const struct tui_binding *b, size_t n, int key)
{
	for (size_t i = 0; i < n; i++)
		if (key && (b[i].key == key || b[i].key2 == key))
			return b[i].req;
	return 0;
}

void tui_draw_help(struct canvas *c, const char *title, const struct tui_binding *b, size_t n,
		   const char *footer)
{
	int keys_w = 4;
	for (size_t i = 0; i < n; i++) {
		int w = canvas_text_width(b[i].keys, strlen(b[i].keys));
		keys_w = w > keys_w ? w : keys_w;
	}
	int w = 66, h = (int)n + 2 + (footer != NULL);
	/* below the title bar when there is room */
	int x0 = c->w > w ? (c->w - w) / 2 : 0, y0 = c->h > h ? (c->h - h + 1) / 2 : 0;
	for (int y = y0; y < y0 + h && y < c->h; y++)
		for (int x = x0; x < x0 + w && x < c->w; x++)
			canvas_puts(c, x, y, x + 1, " ", CA_REVERSE, CC_DEFAULT);
	canvas_puts(c, x0 + 2, y0, x0 + w - 1, title, CA_REVERSE | CA_BOLD, CC_DEFAULT);
	for (size_t i = 0; i < n; i++) {
		int y = y0 + 1 + (int)i;
		canvas_puts(c, x0 + 2, y, x0 + 3 + keys_w, b[i].keys, CA_REVERSE | CA_BOLD, CC_DEFAULT);
		canvas_puts(c, x0 + 4 + keys_w, y, x0 + w - 1, b[i].help, CA_REVERSE, CC_DEFAULT);
	}
	if (footer)
		canvas_puts(c, x0 + 2, y0 + 1 + (int)n, x0 + w - 1, footer, CA_REVERSE, CC_DEFAULT);
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
