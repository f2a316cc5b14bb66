/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks on the screens a headless TUI replay dumps (tui_view_headless):
 * shared by the TUI unit tests. A dump is one or more screens of `height`
 * lines each ending in '\n', separated by a line holding "\f"; "a screen"
 * below is a pointer into a dump, read up to the next "\f" line. */
#ifndef SIEVE_TESTS_TUI_CHECK_H
#define SIEVE_TESTS_TUI_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../../lib/xalloc.h"

/* Every line of every screen fits the width (in cells, by wcwidth), and
 * there are `height` lines per screen. */
/* The fake sources' string lists: a malloc'd copy of v[0..n), and its
 * release (the sources' strings_free callback). */
static inline char **fake_strings(const char *const *v, size_t n)
{
	char **l = xcalloc(n ? n : 1, sizeof *l);
	for (size_t i = 0; i < n; i++)
		l[i] = xstrdup(v[i]);
	return l;
}

static inline void fake_strings_free(void *ctx, char **list, size_t n)
{
	(void)ctx;
	strings_free(list, n);
}

static inline void check_dump_geometry(const char *dump, int width, int height)
{
	int lines = 0;
	const char *p = dump;
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		if (nl - p == 1 && *p == '\f') {   /* between dumps */
			assert_int_equal(lines, height);
			lines = 0;
			p = nl + 1;
			continue;
		}
		char *line = xstrndup(p, (size_t)(nl - p));
		wchar_t w[1024];
		size_t n = mbstowcs(w, line, 1024);
		assert_true(n != (size_t)-1);
		int cols = wcswidth(w, n);
		if (cols < 0 || cols > width)
			fail_msg("line %d is %d cells wide (max %d): %s", lines, cols, width, line);
		free(line);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, height);
}

/* The last screen of a dump. */
static inline const char *last_screen(const char *dump)
{
	const char *p = dump, *q;
	while ((q = strstr(p, "\f\n")))
		p = q + 2;
	return p;
}

/* How many "\f" separators a dump holds (the screens it holds, minus one). */
static inline size_t count_dumps(const char *dump)
{
	size_t n = 0;
	for (const char *p = dump; (p = strstr(p, "\f\n")); p += 2)
		n++;
	return n;
}

/* Line y (0-based) of a screen, malloc'd. */
static inline char *screen_line(const char *screen, int y)
{
	const char *p = screen;
	for (int i = 0; i < y; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	const char *nl = strchr(p, '\n');
	return xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
}

/* Line y of the screen is exactly expected. */
static inline void assert_line(const char *screen, int y, const char *expected)
{
	char *l = screen_line(screen, y);
	if (strcmp(l, expected))
		fail_msg("line %d:\n  got      \"%s\"\n  expected \"%s\"", y, l, expected);
	free(l);
}

/* text is on the screen (before its "\f" line, if any). */
static inline void assert_shows(const char *screen, const char *text)
{
	const char *end = strstr(screen, "\f\n");
	const char *hit = strstr(screen, text);
	if (!hit || (end && hit > end))
		fail_msg("not on the screen: \"%s\"\n%.*s", text,
			 end ? (int)(end - screen) : (int)strlen(screen), screen);
}

/* text is not on the screen (before its "\f" line, if any). */
static inline void assert_hides(const char *screen, const char *text)
{
	const char *end = strstr(screen, "\f\n");
	const char *hit = strstr(screen, text);
	if (hit && (!end || hit < end))
		fail_msg("on the screen but should not be: \"%s\"", text);
}

/* The last line of an h-line screen (the status line) contains text. */
static inline void assert_status_has(const char *screen, int h, const char *text)
{
	char *l = screen_line(screen, h - 1);
	if (!strstr(l, text))
		fail_msg("status \"%s\" lacks \"%s\"", l, text);
	free(l);
}

#endif
