/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dual extraction: the differences between extractors, field by field. */
#include "extract_compare.h"

#include <stdlib.h>
#include <string.h>

/* Columns compared as numbers. */
static bool numeric_col(int c)
{
	return c == EXTRACT_C_DAYS || c == EXTRACT_C_FIELD || (c >= EXTRACT_C_N && c <= EXTRACT_C_MAX) ||
	       (c >= EXTRACT_C_CUTOFF && c <= EXTRACT_C_SPEC);
}

static bool same_value(int c, const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	if (!numeric_col(c) || !*a || !*b)
		return false;
	return strtod(a, NULL) == strtod(b, NULL);
}

/* Append a difference; -1 when out of memory. */
static int push(struct extract_comparison *out, size_t *cap, const struct extract_diff *d)
{
	if (out->ndiff == *cap) {
		size_t nc = *cap ? 2 * *cap : 16;
		struct extract_diff *v = realloc(out->diff, nc * sizeof *v);
		if (!v)
			return -1;
		out->diff = v;
		*cap = nc;
	}
	out->diff[out->ndiff++] = *d;
	return 0;
}

/* The differences between the extractors of the rows [lo, hi) (one study
 * and measurement, agreed rows excluded), appended to out. */
static int compare_block(const struct extract_cmp_row *r, size_t lo, size_t hi,
			 struct extract_comparison *out, size_t *cap)
{
	const char *ext[EXTRACT_CMP_MAX];
	size_t next = 0;
	for (size_t i = lo; i < hi; i++) {
		size_t k;
		for (k = 0; k < next && strcmp(ext[k], r[i].text[EXTRACT_C_EXTRACTOR]); k++)
			;
		if (k == next && next < EXTRACT_CMP_MAX)
			ext[next++] = r[i].text[EXTRACT_C_EXTRACTOR];
	}
	if (next < 2)
		return 0;
	const char *study = r[lo].text[EXTRACT_C_STUDY], *meas = r[lo].text[EXTRACT_C_MEASUREMENT];
	/* Each group (by name) of each extractor against the first extractor
	 * that has it. */
	for (size_t i = lo; i < hi; i++) {
		const char *group = r[i].text[EXTRACT_C_GROUP];
		size_t first = i;
		for (size_t j = lo; j < i; j++)
			if (!strcmp(r[j].text[EXTRACT_C_GROUP], group)) {
				first = j;
				break;
			}
		if (first != i)
			continue;
		const struct extract_cmp_row *has[EXTRACT_CMP_MAX] = { 0 };
		for (size_t j = i; j < hi; j++)
			if (!strcmp(r[j].text[EXTRACT_C_GROUP], group))
				for (size_t k = 0; k < next; k++)
					if (!strcmp(ext[k], r[j].text[EXTRACT_C_EXTRACTOR]))
						has[k] = &r[j];
		for (size_t k = 0; k < next; k++)
			if (!has[k]) {
				const struct extract_diff d = { .study = study, .measurement = meas,
								.group = group, .col = -1,
								.missing = ext[k] };
				if (push(out, cap, &d))
					return -1;
			}
		for (int c = EXTRACT_C_PARAMETER; c < EXTRACT_NINPUT; c++) {
			if (c == EXTRACT_C_GROUP)
				continue;
			bool differ = false;
			const struct extract_cmp_row *ref = NULL;
			for (size_t k = 0; k < next; k++) {
				if (!has[k])
					continue;
				if (!ref)
					ref = has[k];
				else if (!same_value(c, ref->text[c], has[k]->text[c]))
					differ = true;
			}
			if (!differ)
				continue;
			struct extract_diff d = { .study = study, .measurement = meas, .group = group,
						  .col = c,
						  .measurement_field = extract_col_is_measurement(c) };
			for (size_t k = 0; k < next; k++)
				if (has[k]) {
					d.extractor[d.nvalues] = ext[k];
					d.value[d.nvalues++] = has[k]->text[c];
				}
			if (push(out, cap, &d))
				return -1;
		}
	}
	return 0;
}

int extract_compare_rows(const struct extract_cmp_row *rows, size_t n, struct extract_comparison *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0, mcap = 0;
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo;
		bool has_agreed = false;
		while (hi < n && !strcmp(rows[hi].text[EXTRACT_C_STUDY], rows[lo].text[EXTRACT_C_STUDY]) &&
		       !strcmp(rows[hi].text[EXTRACT_C_MEASUREMENT], rows[lo].text[EXTRACT_C_MEASUREMENT])) {
			has_agreed |= rows[hi].agreed_by != NULL;
			hi++;
		}
		size_t end = hi;
		while (end > lo && rows[end - 1].agreed_by)  /* agreed rows sort last */
			end--;
		if (out->nmeas == mcap) {
			size_t nc = mcap ? 2 * mcap : 16;
			struct extract_cmp_measurement *v = realloc(out->meas, nc * sizeof *v);
			if (!v)
				goto nomem;
			out->meas = v;
			mcap = nc;
		}
		struct extract_cmp_measurement *m = &out->meas[out->nmeas++];
		*m = (struct extract_cmp_measurement){
			.study = rows[lo].text[EXTRACT_C_STUDY],
			.measurement = rows[lo].text[EXTRACT_C_MEASUREMENT],
			.first_diff = out->ndiff,
			.agreed_by = has_agreed ? rows[hi - 1].agreed_by : NULL,
		};
		if (compare_block(rows, lo, end, out, &cap))
			goto nomem;
		m->ndiffs = out->ndiff - m->first_diff;
		for (size_t i = lo + 1; i < end && !m->dual; i++)
			m->dual = strcmp(rows[i].text[EXTRACT_C_EXTRACTOR], rows[lo].text[EXTRACT_C_EXTRACTOR]) != 0;
		out->dual += m->dual;
		if (m->ndiffs && has_agreed)
			out->agreed++;
		else if (m->ndiffs)
			out->open++;
		lo = hi;
	}
	return 0;
nomem:
	extract_comparison_fini(out);
	return -1;
}

void extract_comparison_fini(struct extract_comparison *c)
{
	free(c->diff);
	free(c->meas);
	memset(c, 0, sizeof *c);
}
