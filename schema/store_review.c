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
		"SELECT title, to_char(created_at, 'YYYY-MM-DD HH24:MI'),"
		" (SELECT count(*) FROM record WHERE NOT deleted),"
		" (SELECT count(*) FROM record WHERE deleted),"
		" (SELECT count(*) FROM record WHERE retracted AND NOT deleted),"
		" (SELECT count(*) FROM search),"
		" (SELECT count(*) FROM reviewer),"
		" (SELECT count(*) FROM decision),"
		" (SELECT count(*) FROM study),"
		" (SELECT count(DISTINCT study) FROM measurement),"
		" (SELECT count(*) FROM (SELECT study FROM quadas_rating WHERE risk IS NOT NULL"
		"   GROUP BY study HAVING count(DISTINCT domain) = (SELECT count(*) FROM instrument_domain d"
		"   JOIN instrument i ON i.id = d.instrument WHERE i.in_use)) x),"
		" (SELECT count(*) FROM lesion),"
		" (SELECT coalesce(max(id), 0) FROM meta_run),"
		" (SELECT coalesce(max(id), 0) FROM predict_run)"
		" FROM review", 0, NULL, err);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return sieve_error_set(err, SIEVE_ERR_DATA, "the review has no title row");
	}
	info->title = xstrdup(PQgetvalue(r, 0, 0));
	info->created_at = xstrdup(PQgetvalue(r, 0, 1));
	info->n_records = atoll(PQgetvalue(r, 0, 2));
	info->n_deleted = atoll(PQgetvalue(r, 0, 3));
	info->n_retracted = atoll(PQgetvalue(r, 0, 4));
	info->n_searches = atoll(PQgetvalue(r, 0, 5));
	info->n_reviewers = atoll(PQgetvalue(r, 0, 6));
	info->n_decisions = atoll(PQgetvalue(r, 0, 7));
	info->n_studies = atoll(PQgetvalue(r, 0, 8));
	info->n_extracted = atoll(PQgetvalue(r, 0, 9));
	info->n_quadas_rated = atoll(PQgetvalue(r, 0, 10));
	info->n_lesions = atoll(PQgetvalue(r, 0, 11));
	info->last_meta_run = atoll(PQgetvalue(r, 0, 12));
	info->last_predict_run = atoll(PQgetvalue(r, 0, 13));
	PQclear(r);
	return 0;
}

void review_info_fini(struct review_info *info)
{
	free(info->title);
	free(info->created_at);
	memset(info, 0, sizeof *info);
}
