/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Growable string buffer and the escapings sieve needs (JSON, COPY text). */
#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	strbuf_grow(sb, 0);
}

void strbuf_fini(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap && sb->buf)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	if (sb->cap == 0)
		sb->buf[0] = '\0';
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap2);
		sb->len += (size_t)n;
	}
	va_end(ap2);
}

void strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		strbuf_add(sb, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': strbuf_add(sb, "\\\"", 2); break;
		case '\\': strbuf_add(sb, "\\\\", 2); break;
		case '\n': strbuf_add(sb, "\\n", 2); break;
		case '\r': strbuf_add(sb, "\\r", 2); break;
		case '\t': strbuf_add(sb, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			strbuf_add(sb, u, 6);
		}
		}
	}
	strbuf_add(sb, s + start, n - start);
}

void strbuf_add_json_string(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_add(sb, "null", 4);
		return;
	}
	strbuf_addc(sb, '"');
	strbuf_add_json_escaped(sb, s, strlen(s));
	strbuf_addc(sb, '"');
}

void strbuf_add_copy_field(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_add(sb, "\\N", 2);
		return;
	}
	size_t start = 0, i = 0;
	for (; s[i]; i++) {
		const char *rep;
		switch (s[i]) {
		case '\\': rep = "\\\\"; break;
		case '\t': rep = "\\t"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		default: continue;
		}
		strbuf_add(sb, s + start, i - start);
		strbuf_add(sb, rep, 2);
		start = i + 1;
	}
	strbuf_add(sb, s + start, i - start);
}

void strbuf_rtrim(struct strbuf *sb)
{
	while (sb->len && (sb->buf[sb->len - 1] == ' ' || sb->buf[sb->len - 1] == '\t' ||
			   sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == '\r'))
		sb->buf[--sb->len] = '\0';
}

char *strbuf_take(struct strbuf *sb)
{
	if (!sb->buf)
		strbuf_grow(sb, 0);
	char *p = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}
