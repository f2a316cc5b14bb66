/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON renderings of a citation's structured fields (for storage as json). */
#ifndef SIEVE_CITATION_JSON_H
#define SIEVE_CITATION_JSON_H

#include "../lib/strbuf.h"
#include "citation.h"

/* Each appends one JSON value to sb. */
void citation_json_authors(struct strbuf *sb, const struct citation *c);
void citation_json_mesh(struct strbuf *sb, const struct citation *c);
void citation_json_comments(struct strbuf *sb, const struct citation *c);
/* {"sections":[{label,category,text}],"copyright":..,"other":[{type,language,sections}]} */
void citation_json_abstract(struct strbuf *sb, const struct citation *c);
/* {"month":..,"day":..,"season":..,"medline_date":..} */
void citation_json_pub_date(struct strbuf *sb, const struct citation *c);
void citation_json_strings(struct strbuf *sb, char *const *v, size_t n);
/* The abstract as plain text: sections as "LABEL: text", blank-line separated. */
void citation_abstract_text(struct strbuf *sb, const struct abstract *a);

#endif
