/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lesion ids: the first id given twice, by sorting (O(n log n)). */
#include "lesion_ids.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct id_at {
	const char *const *key;
	size_t width, at;
};

static int cmp_id_at(const void *a, const void *b)
{
	const struct id_at *x = a, *y = b;
	for (size_t k = 0; k < x->width; k++) {
		int c = strcmp(x->key[k], y->key[k]);
		if (c)
			return c;
	}
	return (x->at > y->at) - (x->at < y->at);
}

int lesion_ids_duplicate(const char *const *keys, size_t n, size_t width, size_t *first,
			 size_t *again)
{
	if (n < 2 || width == 0)
		return 0;
	struct id_at *v = malloc(n * sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct id_at){ keys + i * width, width, i };
	qsort(v, n, sizeof *v, cmp_id_at);
	/* Equal ids are adjacent and in index order: each repeat's earlier
	 * neighbour is the occurrence just before it. */
	size_t best = n;
	for (size_t i = 1; i < n; i++) {
		bool same = true;
		for (size_t k = 0; k < width && same; k++)
			same = !strcmp(v[i].key[k], v[i - 1].key[k]);
		if (same && (best == n || v[i].at < v[best].at))
			best = i;
	}
	int found = best < n;
	if (found) {
		*first = v[best - 1].at;
		*again = v[best].at;
	}
	free(v);
	return found;
}
