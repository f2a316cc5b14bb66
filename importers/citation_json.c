/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON renderings of a citation's fields. */
#include "citation_json.h"

#include <stdio.h>
#include <string.h>

static void key(struct strbuf *sb, const char *k, bool *first)
{
	if (!*first)
		strbuf_addc(sb, ',');
	*first = false;
	strbuf_add_json_string(sb, k);
	strbuf_addc(sb, ':');
}

static void kv(struct strbuf *sb, const char *k, const char *v, bool *first)
{
	if (!v)
		return;
	key(sb, k, first);
	strbuf_add_json_string(sb, v);
}

static void kb(struct strbuf *sb, const char *k, bool v, bool *first)
{
	key(sb, k, first);
	strbuf_adds(sb, v ? "true" : "false");
}

void citation_json_strings(struct strbuf *sb, char *const *v, size_t n)
{
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(sb, ',');
		strbuf_add_json_string(sb, v[i]);
	}
	strbuf_addc(sb, ']');
}

void citation_json_authors(struct strbuf *sb, const struct citation *c)
{
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < c->n_authors; i++) {
		const struct author *a = &c->authors[i];
		bool first = true;
		if (i)
			strbuf_addc(sb, ',');
		strbuf_addc(sb, '{');
		kv(sb, "last", a->last_name, &first);
		kv(sb, "fore", a->fore_name, &first);
		kv(sb, "initials", a->initials, &first);
		kv(sb, "suffix", a->suffix, &first);
		kv(sb, "collective", a->collective_name, &first);
		kv(sb, "orcid", a->orcid, &first);
		if (a->n_affiliations) {
			key(sb, "affiliations", &first);
			citation_json_strings(sb, a->affiliations, a->n_affiliations);
		}
		if (a->equal_contrib)
			kb(sb, "equal_contrib", true, &first);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
}

void citation_json_mesh(struct strbuf *sb, const struct citation *c)
{
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < c->n_mesh; i++) {
		const struct mesh_heading *m = &c->mesh[i];
		bool first = true;
		if (i)
			strbuf_addc(sb, ',');
		strbuf_addc(sb, '{');
		kv(sb, "descriptor", m->descriptor, &first);
		kv(sb, "ui", m->ui, &first);
		kb(sb, "major", m->major, &first);
		key(sb, "qualifiers", &first);
		strbuf_addc(sb, '[');
		for (size_t j = 0; j < m->n_qualifiers; j++) {
			bool f2 = true;
			if (j)
				strbuf_addc(sb, ',');
			strbuf_addc(sb, '{');
			kv(sb, "name", m->qualifiers[j].name, &f2);
			kv(sb, "ui", m->qualifiers[j].ui, &f2);
			kb(sb, "major", m->qualifiers[j].major, &f2);
			strbuf_addc(sb, '}');
		}
		strbuf_adds(sb, "]}");
	}
	strbuf_addc(sb, ']');
}

void citation_json_comments(struct strbuf *sb, const struct citation *c)
{
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < c->n_comments; i++) {
		bool first = true;
		if (i)
			strbuf_addc(sb, ',');
		strbuf_addc(sb, '{');
		kv(sb, "type", c->comments[i].ref_type, &first);
		kv(sb, "source", c->comments[i].ref_source, &first);
		kv(sb, "pmid", c->comments[i].pmid, &first);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
}

static void sections_json(struct strbuf *sb, const struct abstract *a)
{
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < a->n_sections; i++) {
		bool first = true;
		if (i)
			strbuf_addc(sb, ',');
		strbuf_addc(sb, '{');
		kv(sb, "label", a->sections[i].label, &first);
		kv(sb, "category", a->sections[i].nlm_category, &first);
		kv(sb, "text", a->sections[i].text ? a->sections[i].text : "", &first);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
}

void citation_json_abstract(struct strbuf *sb, const struct citation *c)
{
	bool first = true;
	strbuf_addc(sb, '{');
	key(sb, "sections", &first);
	sections_json(sb, &c->abstract);
	kv(sb, "copyright", c->abstract.copyright, &first);
	if (c->n_other_abstracts) {
		key(sb, "other", &first);
		strbuf_addc(sb, '[');
		for (size_t i = 0; i < c->n_other_abstracts; i++) {
			const struct abstract *o = &c->other_abstracts[i];
			bool f2 = true;
			if (i)
				strbuf_addc(sb, ',');
			strbuf_addc(sb, '{');
			kv(sb, "type", o->type, &f2);
			kv(sb, "language", o->language, &f2);
			kv(sb, "copyright", o->copyright, &f2);
			key(sb, "sections", &f2);
			sections_json(sb, o);
			strbuf_addc(sb, '}');
		}
		strbuf_addc(sb, ']');
	}
	strbuf_addc(sb, '}');
}

void citation_json_pub_date(struct strbuf *sb, const struct citation *c)
{
	bool first = true;
	strbuf_addc(sb, '{');
	kv(sb, "month", c->pub_month, &first);
	kv(sb, "day", c->pub_day, &first);
	kv(sb, "season", c->pub_season, &first);
	kv(sb, "medline_date", c->medline_date, &first);
	strbuf_addc(sb, '}');
}

void citation_abstract_text(struct strbuf *sb, const struct abstract *a)
{
	for (size_t i = 0; i < a->n_sections; i++) {
		const struct abstract_section *s = &a->sections[i];
		if (i)
			strbuf_adds(sb, "\n\n");
		if (s->label && *s->label) {
			strbuf_adds(sb, s->label);
			strbuf_adds(sb, ": ");
		}
		if (s->text)
			strbuf_adds(sb, s->text);
	}
}
