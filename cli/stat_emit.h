/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the analysis library's emit callbacks go: method,stat,value lines
 * or a JSON object {"method": {"stat": value, ...}, ...}. */
#ifndef SIEVE_CLI_STAT_EMIT_H
#define SIEVE_CLI_STAT_EMIT_H

#include <stdio.h>

#include "../lib/strbuf.h"

struct stat_emitter {
	FILE *f;                /* lines go here, or */
	struct strbuf *json;    /* the JSON object's members go here */
	const char *prefix;     /* put before every method name ("Cui 2008/"), or NULL */
	char method[192];       /* the open JSON member */
};

/* The emit callback (ctx is a struct stat_emitter). Non-finite values are
 * NA in lines and null in JSON. */
void stat_emit(void *ctx, const char *method, const char *stat, double value);

/* Close the JSON member left open (call once after the last stat_emit). */
void stat_emit_close(struct stat_emitter *e);

/* A JSON number, or null when v is not finite. */
void json_number(struct strbuf *b, double v);

#endif
