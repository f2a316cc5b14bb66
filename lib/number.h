/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Strict parsing of numbers read from data files: plain decimal only. */
#ifndef SIEVE_NUMBER_H
#define SIEVE_NUMBER_H

#include <stdbool.h>

/* Parse s, all of it, as a plain decimal number: an optional sign, digits
 * with an optional decimal point, an optional exponent (1.5, -.5, 2e-3).
 * Refused, returning false and leaving *out alone: hexadecimal (0x10, 0x1p3),
 * inf, nan, a value out of range (1e999, 1e-999), blanks, anything after the
 * number, an empty string or NULL. Uses only libc; no locale: the decimal
 * point is always '.'. */
bool num_parse_double(const char *s, double *out);

/* Parse s, all of it, as a decimal integer: an optional sign and digits.
 * Refused as above, and when out of the range of long. */
bool num_parse_long(const char *s, long *out);

#endif
