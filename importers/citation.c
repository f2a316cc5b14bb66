/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Releasing a parsed citation. */
#include "citation.h"

#include <stdlib.h>
#include <string.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void abstract_fini(struct abstract *a)
{
	free(a->type);
	free(a->language);
	free(a->copyright);
	for (size_t i = 0; i < a->n_sections; i++) {
		free(a->sections[i].label);
		free(a->sections[i].nlm_category);
		free(a->sections[i].text);
	}
	free(a->sections);
}

void citation_fini(struct citation *c)
{
	if (!c)
		return;
	free(c->source_format);
	free(c->pmid);
	free(c->title);
	free(c->vernacular_title);
	abstract_fini(&c->abstract);
	for (size_t i = 0; i < c->n_other_abstracts; i++)
		abstract_fini(&c->other_abstracts[i]);
	free(c->other_abstracts);
	for (size_t i = 0; i < c->n_authors; i++) {
		struct author *a = &c->authors[i];
		free(a->last_name);
		free(a->fore_name);
		free(a->initials);
		free(a->suffix);
		free(a->collective_name);
		free(a->orcid);
		free_strv(a->affiliations, a->n_affiliations);
	}
	free(c->authors);
	free(c->journal);
	free(c->iso_abbrev);
	free(c->issn);
	free(c->volume);
	free(c->issue);
	free(c->pages);
	free(c->pub_month);
	free(c->pub_day);
	free(c->pub_season);
	free(c->medline_date);
	free(c->article_date);
	free_strv(c->languages, c->n_languages);
	free_strv(c->pub_types, c->n_pub_types);
	for (size_t i = 0; i < c->n_mesh; i++) {
		struct mesh_heading *m = &c->mesh[i];
		free(m->descriptor);
		free(m->ui);
		for (size_t j = 0; j < m->n_qualifiers; j++) {
			free(m->qualifiers[j].name);
			free(m->qualifiers[j].ui);
		}
		free(m->qualifiers);
	}
	free(c->mesh);
	free_strv(c->keywords, c->n_keywords);
	free(c->doi);
	free(c->pmcid);
	free(c->pii);
	free(c->date_revised);
	free(c->date_completed);
	free(c->pub_status);
	for (size_t i = 0; i < c->n_comments; i++) {
		free(c->comments[i].ref_type);
		free(c->comments[i].ref_source);
		free(c->comments[i].pmid);
	}
	free(c->comments);
	free(c->raw);
	memset(c, 0, sizeof *c);
}
