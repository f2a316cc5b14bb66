/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers: out of memory is the one error that aborts. Also
 * the release of a malloc'd list of malloc'd strings (strings_free). */
#ifndef SIEVE_XALLOC_H
#define SIEVE_XALLOC_H

#include <stddef.h>

/* Hook run before abort() on out-of-memory (the TUI restores the terminal). */
extern void (*xalloc_oom_hook)(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Returned strings are owned by the caller: free(). NULL in gives NULL out. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string owned by the caller. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free a list of n strings: the malloc'd array list and each malloc'd
 * string in it (any may be NULL). Takes ownership of both; list may be
 * NULL when n is 0. */
void strings_free(char **list, size_t n);

#endif
