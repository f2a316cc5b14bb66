/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Strict decimal number parsing: what strtod accepts beyond plain decimal
 * (hexadecimal, inf, nan, locale points) is refused before strtod sees it. */
#include "number.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether s is [+-]digits or, with fraction, [+-](digits[.digits]|.digits)
 * followed by an optional [eE][+-]digits. */
static bool decimal_syntax(const char *s, bool fraction)
{
	if (*s == '+' || *s == '-')
		s++;
	int n = 0;
	while (digit(*s))
		s++, n++;
	if (fraction && *s == '.') {
		s++;
		while (digit(*s))
			s++, n++;
	}
	if (n == 0)
		return false;
	if (fraction && (*s == 'e' || *s == 'E')) {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!digit(*s))
			return false;
		while (digit(*s))
			s++;
	}
	return *s == '\0';
}

bool num_parse_double(const char *s, double *out)
{
	if (!s || !decimal_syntax(s, true))
		return false;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool num_parse_long(const char *s, long *out)
{
	if (!s || !decimal_syntax(s, false))
		return false;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || errno == ERANGE)
		return false;
	*out = v;
	return true;
}
