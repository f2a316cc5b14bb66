/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loop every view runs on: the curses terminal, and a headless replay
 * of scripted keys onto a canvas for tests and benchmarks. */
#ifndef SIEVE_TUI_APP_H
#define SIEVE_TUI_APP_H

#include "../lib/error.h"
#include "../lib/strbuf.h"
#include "view.h"

/* Run view v (borrowed; the caller frees it) on the terminal until it
 * quits: open, then draw and keys. Restores the terminal on every way out:
 * quit, error, SIGINT/SIGTERM (returns 0 after restoring) and
 * out-of-memory (xalloc_oom_hook). Returns 0, or -1 with err set when the
 * view could not open or stdin/stdout is not a terminal. */
int tui_view_run(struct view *v, struct sieve_error *err);

/* Open view v (borrowed) and replay keys onto a width x height canvas;
 * append the final screen to dump (as canvas_dump: height lines, each
 * ending in '\n'); every "<dump>" token appends the screen at that point
 * followed by a line "\f". Keys: UTF-8 characters, '\n' or '\r' (Enter),
 * ESC sequences "\x1b[A" "\x1b[B" "\x1b[C" "\x1b[D" "\x1b[5~" "\x1b[6~"
 * "\x1b[H" "\x1b[F", a lone "\x1b" (Escape), and tokens <up> <down> <left>
 * <right> <pgup> <pgdn> <home> <end> <enter> <esc> <bs> <space> <lt> (a
 * literal '<') <c-u> <resize:WxH> <dump>. A '<' that starts no token is the
 * key '<'. The replay stops when the view quits. Returns 0, or -1 with err
 * set (view failed to open, bad <resize:...>). */
int tui_view_headless(struct view *v, int width, int height, const char *keys,
		      struct strbuf *dump, struct sieve_error *err);

#endif
