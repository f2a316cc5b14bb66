/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the analysis library's emit callbacks go: method,stat,value lines
 * or a JSON object. */
#include "stat_emit.h"
#include "../lib/csv.h"

#include <math.h>
#include <string.h>

void json_number(struct strbuf *b, double v)
{
	if (isfinite(v))
		strbuf_addf(b, "%.17g", v);
	else
		strbuf_adds(b, "null");
}

void stat_emit(void *ctx, const char *method, const char *stat, double value)
{
	struct stat_emitter *e = ctx;
	char name[sizeof e->method];
	snprintf(name, sizeof name, "%s%s", e->prefix ? e->prefix : "", method);
	if (e->f) {
		csv_write_field(e->f, name);
		fprintf(e->f, ",%s,", stat);
		if (isfinite(value))
			fprintf(e->f, "%.17g\n", value);
		else
			fputs("NA\n", e->f);
		return;
	}
	if (strcmp(e->method, name)) {
		strbuf_adds(e->json, e->method[0] ? "}, " : "");
		strbuf_add_json_string(e->json, name);
		strbuf_adds(e->json, ": {");
		snprintf(e->method, sizeof e->method, "%s", name);
	} else {
		strbuf_adds(e->json, ", ");
	}
	strbuf_add_json_string(e->json, stat);
	strbuf_adds(e->json, ": ");
	json_number(e->json, value);
}

void stat_emit_close(struct stat_emitter *e)
{
	if (e->json && e->method[0])
		strbuf_adds(e->json, "}");
	e->method[0] = '\0';
}
