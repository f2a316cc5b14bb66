/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Queries about the review as a whole. */
#include "store_review.h"
#include "db_internal.h"
#include "../lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

int store_review_info(struct db *db, struct review_info *info, struct sieve_error *err)
{
	memset(info, 0, sizeof *info);
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read review",
		"SELECT title, to_char(created_at, 'YYYY-MM-DD HH24:MI') AS created_at,"
		" (SELECT count(*) FROM record WHERE NOT deleted) AS n_records,"
		" (SELECT count(*) FROM record WHERE deleted) AS n_deleted,"
		" (SELECT count(*) FROM record WHERE retracted AND NOT deleted) AS n_retracted,"
		" (SELECT count(*) FROM search) AS n_searches,"
		" (SELECT count(*) FROM reviewer) AS n_reviewers,"
		" (SELECT count(*) FROM decision) AS n_decisions,"
		" (SELECT count(*) FROM study) AS n_studies,"
		" (SELECT count(DISTINCT study) FROM measurement) AS n_extracted,"
		" (SELECT count(*) FROM (SELECT study FROM quadas_rating WHERE risk IS NOT NULL"
		"   GROUP BY study HAVING count(DISTINCT domain) = (SELECT count(*) FROM instrument_domain d"
		"   JOIN instrument i ON i.id = d.instrument WHERE i.in_use)) x) AS n_quadas_rated,"
		" (SELECT count(*) FROM lesion) AS n_lesions,"
		" (SELECT coalesce(max(id), 0) FROM meta_run) AS last_meta_run,"
		" (SELECT coalesce(max(id), 0) FROM predict_run) AS last_predict_run"
		" FROM review", 0, NULL, err);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return sieve_error_set(err, SIEVE_ERR_DATA, "the review has no title row");
	}
#define TEXT(name) xstrdup(PQgetvalue(r, 0, db_col(r, #name)))
#define COUNT(name) atoll(PQgetvalue(r, 0, db_col(r, #name)))
	info->title = TEXT(title);
	info->created_at = TEXT(created_at);
	info->n_records = COUNT(n_records);
	info->n_deleted = COUNT(n_deleted);
	info->n_retracted = COUNT(n_retracted);
	info->n_searches = COUNT(n_searches);
	info->n_reviewers = COUNT(n_reviewers);
	info->n_decisions = COUNT(n_decisions);
	info->n_studies = COUNT(n_studies);
	info->n_extracted = COUNT(n_extracted);
	info->n_quadas_rated = COUNT(n_quadas_rated);
	info->n_lesions = COUNT(n_lesions);
	info->last_meta_run = COUNT(last_meta_run);
	info->last_predict_run = COUNT(last_predict_run);
#undef TEXT
#undef COUNT
	PQclear(r);
	return 0;
}

void review_info_fini(struct review_info *info)
{
	free(info->title);
	free(info->created_at);
	memset(info, 0, sizeof *info);
}
