/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A view is a table of operations over its own state (as tig's view_ops):
 * open loads, draw paints a canvas, key handles one key, done releases. */
#ifndef SIEVE_TUI_VIEW_H
#define SIEVE_TUI_VIEW_H

#include "../lib/error.h"
#include "canvas.h"

enum view_result { VIEW_CONTINUE = 0, VIEW_QUIT };

struct view;

struct view_ops {
	const char *name;
	/* Load the first data; -1 with err set when the view cannot start. */
	int (*open)(struct view *v, struct sieve_error *err);
	/* Paint the whole canvas; may remember the layout for paging. */
	void (*draw)(struct view *v, struct canvas *c);
	/* One key (a code point or enum tui_key). Errors of the data source
	 * become a status message, not a failure. */
	enum view_result (*key)(struct view *v, int key);
	/* Release the state (not the view struct). */
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	void *state;
};

#endif
