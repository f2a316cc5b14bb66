/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Terminal widths of UTF-8 text for aligned command-line tables. */
#ifndef SIEVE_TEXT_H
#define SIEVE_TEXT_H

#include <stdio.h>

/* Columns s takes on a terminal: one per character, two for East Asian
 * wide ones, none for combining marks. Invalid bytes count one each. */
int text_width(const char *s);

/* Print s left-aligned in a field of width columns (never truncated). */
void text_pad(FILE *f, const char *s, int width);

#endif
