/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lesion ids: the rule that an id (a tuple of texts) appears once. */
#ifndef SIEVE_ANALYSIS_LESION_IDS_H
#define SIEVE_ANALYSIS_LESION_IDS_H

#include <stddef.h>

/*
 * Find the first id given twice. keys holds n ids of width texts each
 * (id i is keys[i * width] .. keys[i * width + width - 1], none NULL); two
 * ids are equal when all their texts are (byte for byte). "First" is by
 * index: *again is the smallest index whose id also appears before it, and
 * *first is that earlier index (an id seen twice before *again cannot
 * exist). Returns 1 with *first < *again set, 0 when every id is unique,
 * -1 when out of memory (neither set).
 */
int lesion_ids_duplicate(const char *const *keys, size_t n, size_t width, size_t *first,
			 size_t *again);

#endif
