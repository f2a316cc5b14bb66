/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Escaping control characters in stored text printed to a terminal. */
#include "termsafe.h"
#include "strbuf.h"

#include <stdlib.h>
#include <unistd.h>

bool term_is_tty(FILE *f)
{
	int fd = fileno(f);
	return fd >= 0 && isatty(fd);
}

/* The length of the valid UTF-8 sequence at s (1 to 4), 0 if invalid; *cp
 * its code point. */
static int utf8_seq(const unsigned char *s, unsigned long *cp)
{
	unsigned char c = s[0];
	int n;
	unsigned long v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)  /* also stops at the terminating NUL */
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* How many bytes at s are text that stays as it is (0: s[0] is escaped). */
static int plain(const unsigned char *s, unsigned long *cp)
{
	int n = utf8_seq(s, cp);
	if (n == 0)
		return 0;
	if (*cp == '\n' || *cp == '\t')
		return 1;
	if (*cp < 0x20 || (*cp >= 0x7F && *cp <= 0x9F))
		return 0;
	return n;
}

bool term_needs_escape(const char *s)
{
	if (!s)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned long cp;
		int n = plain(p, &cp);
		if (n == 0)
			return true;
		p += n;
	}
	return false;
}

char *term_escape(const char *s)
{
	if (!s)
		return NULL;
	struct strbuf b = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned long cp;
		int n = plain(p, &cp);
		if (n > 0) {
			strbuf_add(&b, (const char *)p, (size_t)n);
			p += n;
			continue;
		}
		n = utf8_seq(p, &cp);
		if (n == 2)  /* a C1 control, valid UTF-8 */
			strbuf_addf(&b, "\\u%04lx", cp);
		else         /* a C0 control, DEL or a byte that is not UTF-8 */
			strbuf_addf(&b, "\\x%02x", (unsigned)*p), n = 1;
		p += n;
	}
	return strbuf_take(&b);
}

const char *term_safe(FILE *f, const char *s)
{
	static char *ring[16];
	static unsigned next;
	if (!s || !term_needs_escape(s) || !term_is_tty(f))
		return s;
	unsigned i = next++ % (sizeof ring / sizeof *ring);
	free(ring[i]);
	ring[i] = term_escape(s);
	return ring[i];
}

int term_fputs(const char *s, FILE *f)
{
	if (!term_needs_escape(s) || !term_is_tty(f))
		return fputs(s, f);
	char *e = term_escape(s);
	int rc = fputs(e, f);
	free(e);
	return rc;
}
