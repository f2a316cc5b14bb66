/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A one-line progress bar on stderr, drawn only on a terminal. */
#ifndef SIEVE_PROGRESS_H
#define SIEVE_PROGRESS_H

#include <stdbool.h>

struct progress {
	bool enabled;        /* stderr is a terminal and not --quiet */
	const char *label;   /* borrowed, e.g. the file name */
	double start;        /* monotonic seconds */
	double last_draw;
	int width;           /* terminal columns */
	bool drawn;
};

/* Set up; draws nothing unless stderr is a terminal and quiet is false. */
void progress_init(struct progress *p, const char *label, bool quiet);
/* Redraw (at most ~10 times a second): done of total units of input (total
 * 0 = unknown) and items processed. */
void progress_update(struct progress *p, long long done, long long total, long long items);
/* Clear the bar so a summary line can follow. */
void progress_finish(struct progress *p);
/* Monotonic clock in seconds. */
double progress_now(void);
/* 30000 -> "30,000" into buf. */
const char *progress_thousands(long long v, char *buf, int bufsz);

#endif
