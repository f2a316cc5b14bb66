/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loop every view runs on: ncursesw on the terminal, and the headless
 * replay of scripted keys used by tests and benchmarks. */
#include "app.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "../lib/xalloc.h"
#include "canvas.h"
#include "keymap.h"

/* ---- headless ---------------------------------------------------------- */

enum token_kind { TOK_END, TOK_KEY, TOK_DUMP, TOK_RESIZE, TOK_BAD };

struct token {
	enum token_kind kind;
	int key;
	int w, h;
};

static const struct { const char *name; int key; } key_names[] = {
	{ "up", TK_UP }, { "down", TK_DOWN }, { "left", TK_LEFT }, { "right", TK_RIGHT },
	{ "pgup", TK_PGUP }, { "pgdn", TK_PGDN }, { "home", TK_HOME }, { "end", TK_END },
	{ "enter", TK_ENTER }, { "esc", TK_ESC }, { "bs", TK_BACKSPACE }, { "space", ' ' },
	{ "lt", '<' }, { "c-u", 0x15 },
};

static const struct { const char *seq; int key; } esc_seqs[] = {
	{ "\x1b[A", TK_UP }, { "\x1b[B", TK_DOWN }, { "\x1b[C", TK_RIGHT }, { "\x1b[D", TK_LEFT },
	{ "\x1b[5~", TK_PGUP }, { "\x1b[6~", TK_PGDN }, { "\x1b[H", TK_HOME }, { "\x1b[F", TK_END },
	{ "\x1bOA", TK_UP }, { "\x1bOB", TK_DOWN }, { "\x1bOH", TK_HOME }, { "\x1bOF", TK_END },
};

/* The next token of *p; advances *p. */
static struct token next_token(const char **p)
{
	const char *s = *p;
	struct token t = { TOK_KEY, 0, 0, 0 };
	if (!*s) {
		t.kind = TOK_END;
		return t;
	}
	if (*s == '<') {
		const char *end = strchr(s, '>');
		if (end) {
			size_t n = (size_t)(end - s - 1);
			const char *name = s + 1;
			for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
				if (strlen(key_names[i].name) == n && !strncmp(name, key_names[i].name, n)) {
					t.key = key_names[i].key;
					*p = end + 1;
					return t;
				}
			if (n == 4 && !strncmp(name, "dump", 4)) {
				t.kind = TOK_DUMP;
				*p = end + 1;
				return t;
			}
			if (n > 7 && !strncmp(name, "resize:", 7)) {
				char buf[32];
				int w, h;
				char extra;
				snprintf(buf, sizeof buf, "%.*s", (int)(n - 7), name + 7);
				*p = end + 1;
				if (sscanf(buf, "%dx%d%c", &w, &h, &extra) != 2 || w < 1 || h < 1 ||
				    w > 1000 || h > 1000) {
					t.kind = TOK_BAD;
					return t;
				}
				t.kind = TOK_RESIZE;
				t.w = w;
				t.h = h;
				return t;
			}
		}
	}
	if (*s == '\x1b') {
		for (size_t i = 0; i < sizeof esc_seqs / sizeof esc_seqs[0]; i++) {
			size_t n = strlen(esc_seqs[i].seq);
			if (!strncmp(s, esc_seqs[i].seq, n)) {
				t.key = esc_seqs[i].key;
				*p = s + n;
				return t;
			}
		}
		t.key = TK_ESC;
		*p = s + 1;
		return t;
	}
	if (*s == '\n' || *s == '\r') {
		t.key = TK_ENTER;
		*p = s + 1;
		return t;
	}
	if (*s == 127 || *s == 8) {
		t.key = TK_BACKSPACE;
		*p = s + 1;
		return t;
	}
	wchar_t wc;
	*p = s + canvas_utf8_decode(s, strlen(s), &wc);
	t.key = (int)wc;
	return t;
}

/* Make sure wcwidth() knows UTF-8 while replaying; returns the locale to
 * restore (malloc'd) or NULL when nothing changed. */
static char *headless_locale(void)
{
	if (MB_CUR_MAX > 1)
		return NULL;
	char *old = xstrdup(setlocale(LC_CTYPE, NULL));
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return old;
}

int tui_view_headless(struct view *v, int width, int height, const char *keys,
		      struct strbuf *dump, struct sieve_error *err)
{
	char *old_locale = headless_locale();
	int rc = 0;
	struct canvas *c = canvas_new(width, height);
	if (v->ops->open(v, err)) {
		rc = -1;
		goto out;
	}
	v->ops->draw(v, c);
	const char *p = keys ? keys : "";
	for (;;) {
		struct token t = next_token(&p);
		if (t.kind == TOK_END)
			break;
		if (t.kind == TOK_BAD) {
			rc = sieve_error_set(err, SIEVE_ERR_USAGE,
					     "bad <resize:WxH> in the scripted keys");
			break;
		}
		if (t.kind == TOK_DUMP) {
			canvas_dump(c, dump);
			strbuf_adds(dump, "\f\n");
			continue;
		}
		if (t.kind == TOK_RESIZE) {
			canvas_resize(c, t.w, t.h);
			t.key = TK_RESIZE;
		}
		if (v->ops->key(v, t.key) == VIEW_QUIT)
			break;
		v->ops->draw(v, c);
	}
	if (rc == 0)
		canvas_dump(c, dump);
out:
	canvas_free(c);
	if (old_locale) {
		setlocale(LC_CTYPE, old_locale);
		free(old_locale);
	}
	return rc;
}

/* ---- the terminal ------------------------------------------------------ */

static volatile sig_atomic_t got_signal;
static bool curses_on;
static void (*saved_oom_hook)(void);

static void on_signal(int sig)
{
	got_signal = sig;
}

static void restore_terminal(void)
{
	if (curses_on) {
		curses_on = false;
		endwin();
	}
}

static void oom_restore(void)
{
	restore_terminal();
	if (saved_oom_hook)
		saved_oom_hook();
}

static int map_key(int r, wint_t ch)
{
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return TK_UP;
		case KEY_DOWN: return TK_DOWN;
		case KEY_LEFT: return TK_LEFT;
		case KEY_RIGHT: return TK_RIGHT;
		case KEY_PPAGE: return TK_PGUP;
		case KEY_NPAGE: return TK_PGDN;
		case KEY_HOME: return TK_HOME;
		case KEY_END: return TK_END;
		case KEY_ENTER: return TK_ENTER;
		case KEY_BACKSPACE: return TK_BACKSPACE;
		case KEY_RESIZE: return TK_RESIZE;
		default: return 0;
		}
	}
	switch (ch) {
	case 27: return TK_ESC;
	case '\r':
	case '\n': return TK_ENTER;
	case 127:
	case 8: return TK_BACKSPACE;
	default: return (int)ch;
	}
}

enum { PAIR_BASE = 1 };

static void setup_colors(bool *color)
{
	*color = has_colors() && getenv("NO_COLOR") == NULL;
	if (!*color)
		return;
	start_color();
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	short fg = use_default_colors() == OK ? -1 : COLOR_WHITE;
	init_pair(CC_INCLUDE_TERM, COLOR_BLACK, COLOR_GREEN);
	init_pair(CC_EXCLUDE_TERM, COLOR_WHITE, COLOR_RED);
	init_pair(CC_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(CC_INCLUDE, COLOR_GREEN, bg);
	init_pair(CC_EXCLUDE, COLOR_RED, bg);
	init_pair(CC_MAYBE, COLOR_YELLOW, bg);
	init_pair(CC_CONFLICT, COLOR_MAGENTA, bg);
	init_pair(CC_TITLE, fg, bg);
}

static void blit(const struct canvas *c, bool color)
{
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *cell = canvas_cell(c, x, y);
			if (cell->width == 0)
				continue;
			attr_t a = 0;
			if (cell->attr & CA_BOLD)
				a |= A_BOLD;
			if (cell->attr & CA_REVERSE)
				a |= A_REVERSE;
			if (cell->attr & CA_UNDERLINE)
				a |= A_UNDERLINE;
			if (cell->attr & CA_DIM)
				a |= A_DIM;
			short pair = 0;
			if (color) {
				pair = cell->color;
				if (cell->color == CC_STATUS)
					a &= ~(attr_t)A_REVERSE;
			} else {
				switch (cell->color) {
				case CC_INCLUDE_TERM: a |= A_BOLD | A_UNDERLINE; break;
				case CC_EXCLUDE_TERM: a |= A_STANDOUT; break;
				case CC_STATUS: a |= A_REVERSE; break;
				case CC_DEFAULT: break;
				default: a |= A_BOLD; break;
				}
			}
			wchar_t wc[CANVAS_CHARS + 1] = { 0 };
			for (int k = 0; k < CANVAS_CHARS && cell->wc[k]; k++)
				wc[k] = cell->wc[k];
			cchar_t cc;
			setcchar(&cc, wc, a, pair, NULL);
			/* the bottom-right cell returns ERR (it would scroll) but is drawn */
			mvadd_wch(y, x, &cc);
		}
	if (c->cur_x >= 0 && c->cur_y >= 0) {
		curs_set(1);
		move(c->cur_y, c->cur_x);
	} else {
		curs_set(0);
	}
}

int tui_view_run(struct view *v, struct sieve_error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return sieve_error_set(err, SIEVE_ERR_USAGE, "%s needs a terminal", v->ops->name);
	setlocale(LC_ALL, "");
	/* Load before the screen switches, so an error prints plainly. */
	if (v->ops->open(v, err))
		return -1;

	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	/* Installed before curses starts, so ncurses keeps ours. */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	saved_oom_hook = xalloc_oom_hook;
	xalloc_oom_hook = oom_restore;

	int rc = 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		rc = sieve_error_set(err, SIEVE_ERR_SYSTEM, "cannot start the terminal (TERM=%s)",
				     getenv("TERM") ? getenv("TERM") : "");
		goto out;
	}
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(250);   /* wake up to notice signals */
	bool color;
	setup_colors(&color);

	struct canvas *c = canvas_new(COLS, LINES);
	bool dirty = true;
	while (!got_signal) {
		if (c->w != COLS || c->h != LINES) {
			canvas_resize(c, COLS, LINES);
			dirty = true;
		}
		if (dirty) {
			v->ops->draw(v, c);
			blit(c, color);
			refresh();
			dirty = false;
		}
		wint_t ch;
		int r = get_wch(&ch);
		if (got_signal)
			break;
		if (r == ERR)
			continue;
		int key = map_key(r, ch);
		if (!key)
			continue;
		dirty = true;
		if (key == TK_RESIZE) {
			clear();
			v->ops->key(v, key);
			continue;
		}
		if (v->ops->key(v, key) == VIEW_QUIT)
			break;
	}
	restore_terminal();
	delscreen(scr);
	canvas_free(c);
out:
	xalloc_oom_hook = saved_oom_hook;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
