/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Record queries for display (`sieve show`, status). */
#include "store_record.h"
#include "db_internal.h"
#include "../lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The record row for status and identity; its current imported version
 * (v) for everything else. */
static const char view_sql[] =
	"SELECT r.pmid, v.pmid_version::text AS version, v.title, v.vernacular_title,"
	" (SELECT string_agg(coalesce(a->>'collective',"
	"    concat_ws(' ', a->>'last', coalesce(a->>'initials', a->>'fore'), a->>'suffix'))"
	"    || coalesce(' (ORCID ' || (a->>'orcid') || ')', ''), E'\\n' ORDER BY o)"
	"   FROM json_array_elements(v.authors) WITH ORDINALITY t(a, o)) AS authors,"
	" (SELECT string_agg(DISTINCT af, E'\\n') FROM json_array_elements(v.authors) a,"
	"   json_array_elements_text(coalesce(a->'affiliations', '[]'::json)) af) AS affiliations,"
	" concat_ws(' ', v.journal, '(' || v.journal_abbrev || ')') AS journal,"
	" concat_ws(';', concat_ws(' ', v.pub_year::text, v.pub_date->>'month', v.pub_date->>'day'),"
	"   nullif(concat(v.volume, '(' || v.issue || ')', ':' || v.pages), '')) AS citation,"
	" concat_ws(' ', v.pub_date->>'medline_date', v.pub_date->>'season') AS pub_date,"
	" v.article_date::text AS article_date, r.doi, r.pmcid, r.pii,"
	" nullif(array_to_string(r.languages, ', '), '') AS languages,"
	" nullif(array_to_string(r.pub_types, E'\\n'), '') AS pub_types,"
	" (SELECT string_agg((m->>'descriptor') || CASE WHEN (m->>'major')::boolean THEN '*' ELSE '' END"
	"    || coalesce((SELECT string_agg(' / ' || (q->>'name')"
	"         || CASE WHEN (q->>'major')::boolean THEN '*' ELSE '' END, '')"
	"       FROM json_array_elements(m->'qualifiers') q), ''), E'\\n')"
	"   FROM json_array_elements(v.mesh) m) AS mesh,"
	" (SELECT string_agg(k, '; ') FROM json_array_elements_text(v.keywords) k) AS keywords,"
	" (SELECT string_agg(coalesce(upper(x->>'label') || ': ', '') || (x->>'text'), E'\\n\\n'"
	"    ORDER BY o) FROM json_array_elements(v.abstract_json->'sections') WITH ORDINALITY t(x, o))"
	"  AS abstract,"
	" (SELECT string_agg(concat_ws(', ', x->>'type', x->>'language') || E':\\n'"
	"    || (SELECT string_agg(coalesce(upper(y->>'label') || ': ', '') || (y->>'text'), E'\\n')"
	"        FROM json_array_elements(x->'sections') y), E'\\n\\n')"
	"   FROM json_array_elements(v.abstract_json->'other') x) AS other_abstracts,"
	" v.abstract_json->>'copyright' AS copyright, r.date_revised::text AS date_revised,"
	" v.date_completed::text AS date_completed, r.pub_status,"
	" (SELECT string_agg(concat_ws(' ', c->>'type', c->>'source', 'PMID ' || (c->>'pmid')), E'\\n')"
	"   FROM json_array_elements(v.comments) c) AS comments,"
	" (SELECT string_agg('#' || s.id || ' ' || s.source || coalesce(' ' || s.run_date, '')"
	"    || ' (' || rs.outcome || ')', E'\\n' ORDER BY s.id)"
	"   FROM record_search rs JOIN search s ON s.id = rs.search WHERE rs.record = r.id) AS searches,"
	" v.raw, r.retracted, r.deleted, r.needs_rescreen, r.is_book"
	" FROM record r LEFT JOIN record_version v"
	"   ON v.search = r.version_search AND v.seq = r.version_seq"
	" WHERE r.pmid = $1 OR lower(r.doi) = lower($1)"
	" ORDER BY r.pmid = $1 DESC LIMIT 1";

int store_record_view(struct db *db, const char *id, struct record_view *v,
		      struct sieve_error *err)
{
	memset(v, 0, sizeof *v);
	const char *p[] = { id };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read record", view_sql, 1, p, err);
	if (!r)
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	/* Each text column, named as the field it fills; empty is NULL. */
#define TEXT_FIELDS(X)                                                                   \
	X(pmid) X(version) X(title) X(vernacular_title) X(authors) X(affiliations)     \
	X(journal) X(citation) X(pub_date) X(article_date) X(doi) X(pmcid) X(pii)      \
	X(languages) X(pub_types) X(mesh) X(keywords) X(abstract) X(other_abstracts)   \
	X(copyright) X(date_revised) X(date_completed) X(pub_status) X(comments)       \
	X(searches) X(raw)
#define READ_TEXT(name)                                                                  \
	{                                                                                \
		int col = db_col(r, #name);                                              \
		const char *s = PQgetvalue(r, 0, col);                                   \
		v->name = PQgetisnull(r, 0, col) || !*s ? NULL : xstrdup(s);             \
	}
	TEXT_FIELDS(READ_TEXT)
#undef READ_TEXT
#undef TEXT_FIELDS
	v->retracted = PQgetvalue(r, 0, db_col(r, "retracted"))[0] == 't';
	v->deleted = PQgetvalue(r, 0, db_col(r, "deleted"))[0] == 't';
	v->needs_rescreen = PQgetvalue(r, 0, db_col(r, "needs_rescreen"))[0] == 't';
	v->is_book = PQgetvalue(r, 0, db_col(r, "is_book"))[0] == 't';
	PQclear(r);
	return 1;
}

void record_view_fini(struct record_view *v)
{
	char *fields[] = { v->pmid, v->version, v->title, v->vernacular_title, v->authors,
			   v->affiliations, v->journal, v->citation, v->pub_date, v->article_date,
			   v->doi, v->pmcid, v->pii, v->languages, v->pub_types, v->mesh,
			   v->keywords, v->abstract, v->other_abstracts, v->copyright,
			   v->date_revised, v->date_completed, v->pub_status, v->comments,
			   v->searches, v->raw };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		free(fields[i]);
	memset(v, 0, sizeof *v);
}

int store_retracted_included(struct db *db, struct retracted_included **list, size_t *n,
			     long long *n_rescreen, struct sieve_error *err)
{
	*list = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "find retracted included records",
		"SELECT pmid, title"
		" FROM record r WHERE retracted AND ("
		"  EXISTS (SELECT 1 FROM decision_current d WHERE d.record = r.id AND d.verdict = 'include'"
		"          AND (sieve_sees_all() OR d.reviewer = sieve_actor()))"
		"  OR EXISTS (SELECT 1 FROM resolution z WHERE z.record = r.id AND z.verdict = 'include'))"
		" ORDER BY pmid", 0, NULL, err);
	if (!r)
		return -1;
	PGresult *c = db_exec(db, PGRES_TUPLES_OK, "count records to re-screen",
			      "SELECT count(*) AS n FROM record WHERE needs_rescreen", 0, NULL, err);
	if (!c) {
		PQclear(r);
		return -1;
	}
	*n_rescreen = atoll(PQgetvalue(c, 0, db_col(c, "n")));
	PQclear(c);
	size_t k = (size_t)PQntuples(r);
	struct retracted_included *v = xcalloc(k ? k : 1, sizeof *v);
	int c_pmid = db_col(r, "pmid"), c_title = db_col(r, "title");
	for (size_t i = 0; i < k; i++) {
		v[i].pmid = xstrdup(PQgetvalue(r, (int)i, c_pmid));
		v[i].title = xstrdup(PQgetvalue(r, (int)i, c_title));
	}
	PQclear(r);
	*list = v;
	*n = k;
	return 0;
}

void retracted_included_free(struct retracted_included *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].pmid);
		free(list[i].title);
	}
	free(list);
}
