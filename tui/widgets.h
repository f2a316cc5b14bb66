/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the views share besides the key bindings (keymap.h): a line-drawn
 * box and a one-line text editor. */
#ifndef SIEVE_TUI_WIDGETS_H
#define SIEVE_TUI_WIDGETS_H

#include "../lib/strbuf.h"
#include "canvas.h"

/* A w x h box at (x0, y0) drawn with box characters, its inside blanked,
 * title (if not NULL) bold on the top line. Clipped to the canvas. */
void tui_draw_box(struct canvas *c, int x0, int y0, int w, int h, const char *title);

enum tui_edit_result { TUI_EDIT_CONTINUE = 0, TUI_EDIT_DONE, TUI_EDIT_CANCEL };

/* One key of a one-line editor on buf: printable characters (UTF-8) are
 * appended, Backspace removes the last character, Ctrl-U clears; Enter ends
 * (TUI_EDIT_DONE, keep buf), Escape cancels (TUI_EDIT_CANCEL). */
enum tui_edit_result tui_edit_key(struct strbuf *buf, int key);

#endif
