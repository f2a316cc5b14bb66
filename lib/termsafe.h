/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stored text made safe to print to a terminal: control characters shown as
 * visible escapes. Only on a terminal: piped or redirected output is left
 * unchanged, so exports stay lossless. */
#ifndef SIEVE_TERMSAFE_H
#define SIEVE_TERMSAFE_H

#include <stdbool.h>
#include <stdio.h>

/* Whether f writes to a terminal. */
bool term_is_tty(FILE *f);

/* Whether s holds anything term_escape changes. NULL is safe. */
bool term_needs_escape(const char *s);

/* A malloc'd copy of s (free() it) in which C0 controls other than newline
 * and tab, DEL and invalid UTF-8 bytes are written as \xHH, and C1 controls
 * (U+0080 to U+009F) as \u00HH; valid UTF-8 text is kept as it is. NULL
 * gives NULL. */
char *term_escape(const char *s);

/* s, safe to print to f: when f is a terminal and s needs escaping, an
 * escaped copy owned by this module, valid until 16 later calls (for use as
 * printf arguments; not thread-safe); otherwise s itself. NULL gives NULL. */
const char *term_safe(FILE *f, const char *s);

/* fputs(s, f), escaped when f is a terminal. Returns what fputs returns. */
int term_fputs(const char *s, FILE *f);

#endif
