/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key bindings of every view: one list drives the request enum, each
 * view's key dispatch and its help overlay, so they cannot drift apart (as
 * tig's request table). */
#ifndef SIEVE_TUI_KEYMAP_H
#define SIEVE_TUI_KEYMAP_H

#include <stddef.h>

struct canvas;

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

/* The views a binding applies to: a mask. */
enum tui_keymap {
	TUI_SCREEN = 1u << 0,    /* screening (view_screen.c) */
	TUI_QUADAS = 1u << 1,    /* the QUADAS-2 form (view_quadas.c) */
	TUI_EXTRACT = 1u << 2,   /* the extraction form (view_extract.c) */
	TUI_ALL = TUI_SCREEN | TUI_QUADAS | TUI_EXTRACT,
};

/* Every binding of every view.
 *   R(request, views, key, second key or 0, keys as the help shows them, help)
 * declares REQ_<request> and binds it in views;
 *   B(request, views, ...)
 * binds a request declared by an R row in other views, with other keys or
 * another help line. A key means one request per view, but may mean
 * different ones in different views ('n': next record, answer no, next
 * study). A view's help overlay lists its rows in this order. */
#define TUI_REQUESTS(R, B)                                                                       \
	/* screening */                                                                          \
	R(INCLUDE, TUI_SCREEN, 'i', 0, "i", "include the record")                                \
	R(EXCLUDE, TUI_SCREEN, 'e', 0, "e", "exclude (pick a reason)")                           \
	R(MAYBE, TUI_SCREEN, 'm', 0, "m", "maybe")                                               \
	R(UNDO, TUI_SCREEN, 'u', 0, "u", "undo my last decision")                                \
	R(NEXT, TUI_SCREEN, 'n', TK_DOWN, "n Down", "next record")                               \
	R(PREV, TUI_SCREEN, 'p', TK_UP, "p Up", "previous record")                               \
	R(SCROLL_DOWN, TUI_SCREEN, TK_PGDN, ' ', "PgDn Space", "scroll the abstract down")       \
	R(SCROLL_UP, TUI_SCREEN, TK_PGUP, 0, "PgUp", "scroll the abstract up")                   \
	R(FIRST, TUI_SCREEN, TK_HOME, 'g', "Home g", "first record")                             \
	R(LAST, TUI_SCREEN, TK_END, 'G', "End G", "last record")                                 \
	R(SEARCH, TUI_SCREEN, '/', 0, "/", "search title and abstract")                          \
	R(FILTER, TUI_SCREEN, 'f', 0, "f", "filter the list")                                    \
	R(NOTE, TUI_SCREEN, 'o', 0, "o", "note on my decision")                                  \
	/* the QUADAS-2 form */                                                                  \
	R(UP, TUI_QUADAS, TK_UP, 'k', "Up k", "previous row")                                    \
	R(DOWN, TUI_QUADAS, TK_DOWN, 'j', "Down j", "next row")                                  \
	R(YES, TUI_QUADAS, 'y', 0, "y", "answer yes (then the next row)")                        \
	R(NO, TUI_QUADAS, 'n', 0, "n", "answer no")                                              \
	R(UNCLEAR, TUI_QUADAS, 'u', 0, "u", "answer unclear; judge unclear on a judgement row")  \
	R(LOW, TUI_QUADAS, 'l', 0, "l", "judge low (risk or applicability row)")                 \
	R(HIGH, TUI_QUADAS, 'h', 0, "h", "judge high")                                           \
	R(PREV_VALUE, TUI_QUADAS, TK_LEFT, 0, "Left", "previous value of the row")               \
	R(NEXT_VALUE, TUI_QUADAS, TK_RIGHT, 0, "Right", "next value of the row")                 \
	R(ENTER, TUI_QUADAS, TK_ENTER, 0, "Enter", "edit the note on the Support row, else next row") \
	B(NOTE, TUI_QUADAS, 's', 0, "s", "edit the supporting note (Enter keeps, Esc cancels)")  \
	R(NEXT_DOMAIN, TUI_QUADAS, ']', '\t', "] Tab", "next domain (saves this one)")           \
	R(PREV_DOMAIN, TUI_QUADAS, '[', 0, "[", "previous domain (saves this one)")              \
	R(NEXT_TEST, TUI_QUADAS, 't', 0, "t", "next index test (D2)")                            \
	R(SAVE, TUI_QUADAS, 'w', 0, "w", "save (write) this domain's rating")                    \
	R(NEXT_STUDY, TUI_QUADAS, TK_PGDN, 'N', "PgDn N", "next study (saves)")                  \
	R(PREV_STUDY, TUI_QUADAS, TK_PGUP, 'P', "PgUp P", "previous study (saves)")              \
	R(RECORD, TUI_QUADAS, 'r', 0, "r", "the study's record: title, abstract, link")          \
	/* the extraction form */                                                                \
	R(EDIT, TUI_EXTRACT, TK_ENTER, 'e', "Enter e", "edit the field (Enter keeps, Esc cancels)") \
	B(UP, TUI_EXTRACT, TK_UP, 'k', "Up k", "previous field")                                 \
	B(DOWN, TUI_EXTRACT, TK_DOWN, 'j', "Down j", "next field")                               \
	R(LEFT, TUI_EXTRACT, TK_LEFT, 'h', "Left h", "previous group")                           \
	R(RIGHT, TUI_EXTRACT, TK_RIGHT, '\t', "Right Tab", "next group")                         \
	R(CLEAR, TUI_EXTRACT, 'x', 0, "x", "clear the field")                                    \
	B(NEXT_STUDY, TUI_EXTRACT, 'n', TK_PGDN, "n PgDn", "next study")                         \
	B(PREV_STUDY, TUI_EXTRACT, 'p', TK_PGUP, "p PgUp", "previous study")                     \
	R(NEXT_MEAS, TUI_EXTRACT, ']', 0, "]", "next measurement of the study")                  \
	R(PREV_MEAS, TUI_EXTRACT, '[', 0, "[", "previous measurement")                           \
	R(NEW_MEAS, TUI_EXTRACT, 'M', 0, "M", "new measurement (a copy of this one's fields)")   \
	R(ADD_GROUP, TUI_EXTRACT, 'a', 0, "a", "add a group")                                    \
	R(DEL_GROUP, TUI_EXTRACT, 'D', 0, "D", "delete this group")                              \
	B(SAVE, TUI_EXTRACT, 's', 0, "s", "save the study")                                      \
	/* every view */                                                                         \
	R(HELP, TUI_ALL, '?', 0, "?", "this help")                                               \
	R(QUIT, TUI_SCREEN | TUI_EXTRACT, 'q', 0, "q", "quit")                                   \
	B(QUIT, TUI_QUADAS, 'q', 0, "q", "quit (saves)")

enum tui_request {
	REQ_NONE = 0,
#define TUI_REQ_ENUM(req, ...) REQ_##req,
#define TUI_REQ_SKIP(req, ...)
	TUI_REQUESTS(TUI_REQ_ENUM, TUI_REQ_SKIP)
#undef TUI_REQ_ENUM
#undef TUI_REQ_SKIP
	REQ_COUNT
};

/* One row of TUI_REQUESTS. */
struct tui_binding {
	enum tui_request req;
	const char *name;   /* the request: "NEXT_STUDY" */
	unsigned views;     /* enum tui_keymap mask */
	int key, key2;      /* a code point or enum tui_key; key2 0 = none */
	const char *keys;   /* as the help shows them: "n Down" */
	const char *help;
};

/* The rows of TUI_REQUESTS, in order. */
extern const struct tui_binding tui_bindings[];
extern const size_t tui_bindings_n;

/* The request key is bound to in view (one enum tui_keymap), or REQ_NONE. */
enum tui_request tui_request_of(unsigned view, int key);

/* The first key of req in view as the help shows it ("]" of "] Tab") into
 * buf (always terminated); "?" when req is not bound there. */
void tui_key_label(unsigned view, enum tui_request req, char *buf, size_t sz);

/* How a help overlay looks: a line-drawn box (screening) or a reverse-video
 * panel (the forms). */
enum tui_help_frame { TUI_HELP_BOX, TUI_HELP_PANEL };

struct tui_help {
	enum tui_help_frame frame;
	const char *title;
	const char *footer;   /* NULL: none */
};

/* Draw view's help overlay centred on c: the title, one line per binding
 * of the view in TUI_REQUESTS order (its keys, then its help), the footer.
 * Clipped to the canvas. */
void tui_help_draw(struct canvas *c, unsigned view, const struct tui_help *h);

#endif
