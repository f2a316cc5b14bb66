/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A growable NUL-terminated byte buffer. Out of memory aborts (see xalloc.h). */
#ifndef SIEVE_STRBUF_H
#define SIEVE_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;   /* always NUL-terminated once initialised */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
/* Free the buffer; sb can be reused after strbuf_init. */
void strbuf_fini(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s as the inside of a JSON string (quotes not added). */
void strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t n);
/* Append s as a JSON string literal, or `null` when s is NULL. */
void strbuf_add_json_string(struct strbuf *sb, const char *s);
/* Append s escaped for PostgreSQL COPY text format (\\, \t, \n, \r);
 * NULL becomes \N. */
void strbuf_add_copy_field(struct strbuf *sb, const char *s);
/* Remove trailing ASCII whitespace. */
void strbuf_rtrim(struct strbuf *sb);
/* Hand the buffer to the caller (free() it); sb is reset. Never NULL. */
char *strbuf_take(struct strbuf *sb);

#endif
