/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening TUI: the curses loop, and a headless replay of scripted
 * keys onto a canvas for tests and benchmarks. */
#ifndef SIEVE_TUI_APP_H
#define SIEVE_TUI_APP_H

#include "../lib/error.h"
#include "../lib/strbuf.h"
#include "source.h"
#include "view.h"

struct tui_options {
	const char *stage_name;   /* status bar; NULL: from the source's stage */
	const char *reviewer;     /* status bar; NULL: the source's reviewer */
};

/* Run the screening view on the terminal until the user quits. src and opt
 * are borrowed (opt may be NULL). Restores the terminal on every way out:
 * quit, error, SIGINT/SIGTERM (returns 0 after restoring) and
 * out-of-memory (xalloc_oom_hook). Returns 0, or -1 with err set when the
 * view could not start or stdin/stdout is not a terminal. */
int tui_screen_run(struct screen_source *src, const struct tui_options *opt,
		   struct sieve_error *err);

/* Replay keys onto a width x height canvas and append the final screen to
 * dump (as canvas_dump: height lines, each ending in '\n'); every "<dump>"
 * token appends the screen at that point followed by a line "\f". Keys:
 * UTF-8 characters, '\n' or '\r' (Enter), ESC sequences "\x1b[A" "\x1b[B"
 * "\x1b[C" "\x1b[D" "\x1b[5~" "\x1b[6~" "\x1b[H" "\x1b[F", a lone "\x1b"
 * (Escape), and tokens <up> <down> <left> <right> <pgup> <pgdn> <home>
 * <end> <enter> <esc> <bs> <space> <lt> (a literal '<') <c-u>
 * <resize:WxH> <dump>. A '<' that starts no token is the key '<'. The
 * replay stops when the view quits (in the screening view: "q"). Returns 0, or -1 with err set (view failed to open,
 * bad <resize:...>). src borrowed. */
int tui_screen_headless(struct screen_source *src, int width, int height, const char *keys,
			struct strbuf *dump, struct sieve_error *err);

/* The same two for any view (borrowed; the caller frees it): run it on the
 * terminal (open, then draw and keys until it quits), or replay keys onto a
 * canvas as tui_screen_headless does. */
int tui_view_run(struct view *v, struct sieve_error *err);
int tui_view_headless(struct view *v, int width, int height, const char *keys,
		      struct strbuf *dump, struct sieve_error *err);

#endif
