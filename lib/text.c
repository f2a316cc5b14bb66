/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8 display widths without depending on the process locale. */
#include "text.h"

#include <stdint.h>

/* East Asian wide and fullwidth ranges (Unicode EastAsianWidth W/F, the
 * blocks that matter for names and titles). */
static int wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

static int combining(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	       (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	       (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F);
}

int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;
	while (*p) {
		uint32_t c;
		int len;
		if (*p < 0x80) {
			c = *p;
			len = 1;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1F;
			len = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0F;
			len = 3;
		} else if ((*p & 0xF8) == 0xF0) {
			c = *p & 0x07;
			len = 4;
		} else {
			w++;
			p++;
			continue;
		}
		int i;
		for (i = 1; i < len && (p[i] & 0xC0) == 0x80; i++)
			c = (c << 6) | (p[i] & 0x3F);
		if (i < len) {        /* truncated sequence */
			w++;
			p++;
			continue;
		}
		p += len;
		w += combining(c) ? 0 : wide(c) ? 2 : 1;
	}
	return w;
}

void text_pad(FILE *f, const char *s, int width)
{
	fputs(s, f);
	for (int w = text_width(s); w < width; w++)
		fputc(' ', f);
}
