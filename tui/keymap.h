/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening keymap: one list drives the request enum, key dispatch and
 * the help overlay, so they cannot drift apart (as tig's request list). */
#ifndef SIEVE_TUI_KEYMAP_H
#define SIEVE_TUI_KEYMAP_H

#include <stddef.h>

/* Keys that are not characters: above the Unicode range, so a key is an
 * int that is either a code point or one of these. */
enum tui_key {
	TK_UP = 0x110001,
	TK_DOWN,
	TK_LEFT,
	TK_RIGHT,
	TK_PGUP,
	TK_PGDN,
	TK_HOME,
	TK_END,
	TK_ENTER,
	TK_ESC,
	TK_BACKSPACE,
	TK_RESIZE,
};

/* _(request, key, second key or 0, keys as the help shows them, help) */
#define TUI_KEYMAP(_)                                                                  \
	_(INCLUDE, 'i', 0, "i", "include the record")                                  \
	_(EXCLUDE, 'e', 0, "e", "exclude (pick a reason)")                             \
	_(MAYBE, 'm', 0, "m", "maybe")                                                 \
	_(UNDO, 'u', 0, "u", "undo my last decision")                                  \
	_(NEXT, 'n', TK_DOWN, "n Down", "next record")                                 \
	_(PREV, 'p', TK_UP, "p Up", "previous record")                                 \
	_(SCROLL_DOWN, TK_PGDN, ' ', "PgDn Space", "scroll the abstract down")         \
	_(SCROLL_UP, TK_PGUP, 0, "PgUp", "scroll the abstract up")                     \
	_(FIRST, TK_HOME, 'g', "Home g", "first record")                               \
	_(LAST, TK_END, 'G', "End G", "last record")                                   \
	_(SEARCH, '/', 0, "/", "search title and abstract")                            \
	_(FILTER, 'f', 0, "f", "filter the list")                                      \
	_(NOTE, 'o', 0, "o", "note on my decision")                                    \
	_(HELP, '?', 0, "?", "this help")                                              \
	_(QUIT, 'q', 0, "q", "quit")

enum tui_request {
	REQ_NONE = 0,
#define TUI_REQ_ENUM(req, k1, k2, keys, help) REQ_##req,
	TUI_KEYMAP(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
	REQ_COUNT
};

struct tui_keybinding {
	enum tui_request req;
	int key, key2;
	const char *keys;   /* "n Down" */
	const char *help;
};

static const struct tui_keybinding tui_keymap[] = {
#define TUI_REQ_ROW(req, k1, k2, keys, help) { REQ_##req, k1, k2, keys, help },
	TUI_KEYMAP(TUI_REQ_ROW)
#undef TUI_REQ_ROW
};
#define TUI_KEYMAP_N (sizeof tui_keymap / sizeof tui_keymap[0])

/* The request bound to key, or REQ_NONE. */
static inline enum tui_request tui_key_request(int key)
{
	for (size_t i = 0; i < TUI_KEYMAP_N; i++)
		if (key && (tui_keymap[i].key == key || tui_keymap[i].key2 == key))
			return tui_keymap[i].req;
	return REQ_NONE;
}

#endif
