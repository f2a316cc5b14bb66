/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the form views share: key bindings from one list per view, the
 * help overlay drawn from it, and a one-line text editor. */
#ifndef SIEVE_TUI_WIDGETS_H
#define SIEVE_TUI_WIDGETS_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "canvas.h"

/* One key binding; a view's X-macro list of requests fills an array of
 * these, so its enum, dispatch and help cannot drift apart. */
struct tui_binding {
	int req;            /* the view's request (never 0) */
	int key, key2;      /* a code point or enum tui_key; key2 0 = none */
	const char *keys;   /* as the help shows them: "Enter e" */
	const char *help;
};

/* The request bound to key in b[0..n), or 0. */
int tui_binding_find(const struct tui_binding *b, size_t n, int key);

/* A centred overlay: the title, one line per binding, an optional footer
 * line. Clipped to the canvas. */
void tui_draw_help(struct canvas *c, const char *title, const struct tui_binding *b, size_t n,
		   const char *footer);

enum tui_edit_result { TUI_EDIT_CONTINUE = 0, TUI_EDIT_DONE, TUI_EDIT_CANCEL };

/* One key of a one-line editor on buf: printable characters (UTF-8) are
 * appended, Backspace removes the last character, Ctrl-U clears; Enter ends
 * (TUI_EDIT_DONE, keep buf), Escape cancels (TUI_EDIT_CANCEL). */
enum tui_edit_result tui_edit_key(struct strbuf *buf, int key);

#endif
