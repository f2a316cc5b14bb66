/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Studies and lesions. */
#include "store_study.h"
#include "db_internal.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Insert a study under label, or label + "a", "b", ...; returns its id. */
static long long study_insert_unique(struct db *db, const char *label, const char *source,
				     struct sieve_error *err)
{
	for (int k = 0; k <= 26; k++) {
		char buf[300];
		if (k == 0)
			snprintf(buf, sizeof buf, "%s", label);
		else
			snprintf(buf, sizeof buf, "%s%c", label, 'a' + k - 1);
		const char *p[] = { buf, source };
		PGresult *r = db_exec(db, PGRES_TUPLES_OK, "create study",
				      "INSERT INTO study (label, source) VALUES ($1, $2)"
				      " ON CONFLICT (label) DO NOTHING RETURNING id", 2, p, err);
		if (!r)
			return -1;
		long long id = PQntuples(r) ? atoll(PQgetvalue(r, 0, db_col(r, "id"))) : 0;
		PQclear(r);
		if (id)
			return id;
	}
	sieve_error_set(err, SIEVE_ERR_DATA, "no free study label like \"%s\"", label);
	return -1;
}

static int link(struct db *db, long long study, const char *record, struct sieve_error *err)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", study);
	const char *p[] = { s, record };
	return db_command(db, "link record to study",
			  "INSERT INTO study_record (study, record) VALUES ($1::bigint, $2::bigint)",
			  2, p, err);
}

int store_studies_sync(struct db *db, long long *created, struct sieve_error *err)
{
	if (created)
		*created = 0;
	if (db_begin(db, err))
		return -1;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "find included records",
		"SELECT r.id, coalesce(nullif(split_part(r.first_author, ' ', 1), ''), 'PMID ' || r.pmid)"
		" || ' ' || coalesce(r.pub_year::text, 'n.d.') AS label"
		" FROM record r WHERE NOT r.deleted"
		"  AND record_status(r.id, 'full-text') = 'included'"
		"  AND NOT EXISTS (SELECT 1 FROM study_record sr WHERE sr.record = r.id)"
		" ORDER BY r.id", 0, NULL, err);
	if (!r)
		goto fail;
	int rc = 0;
	int c_id = db_col(r, "id"), c_label = db_col(r, "label");
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		long long id = study_insert_unique(db, PQgetvalue(r, i, c_label), "screening", err);
		rc = id < 0 ? -1 : link(db, id, PQgetvalue(r, i, c_id), err);
		if (rc == 0 && created)
			(*created)++;
	}
	PQclear(r);
	if (rc)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int store_study_labels(struct db *db, char ***labels, size_t *n, struct sieve_error *err)
{
	*labels = NULL;
	*n = 0;
	if (store_studies_sync(db, NULL, err))
		return -1;
	return db_string_list(db, "list studies", "SELECT label FROM study ORDER BY label", 0, NULL,
			      labels, n, err);
}

int store_study_add(struct db *db, const char *label, char *const *ids, size_t n,
		    struct sieve_error *err)
{
	if (!label || !*label)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a study needs a label, e.g. \"Koh 2007\"");
	if (db_begin(db, err))
		return -1;
	const char *lp[] = { label };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "create study",
			      "INSERT INTO study (label, source) VALUES ($1, 'manual')"
			      " ON CONFLICT (label) DO UPDATE SET label = EXCLUDED.label RETURNING id",
			      1, lp, err);
	if (!r)
		goto fail;
	long long study = atoll(PQgetvalue(r, 0, db_col(r, "id")));
	PQclear(r);
	for (size_t i = 0; i < n; i++) {
		const char *p[] = { ids[i] };
		r = db_exec(db, PGRES_TUPLES_OK, "find record",
			    "SELECT r.id, (SELECT s.label FROM study_record sr JOIN study s ON s.id = sr.study"
			    "  WHERE sr.record = r.id) AS study FROM record r"
			    " WHERE r.pmid = $1 OR lower(r.doi) = lower($1) LIMIT 1", 1, p, err);
		if (!r)
			goto fail;
		if (PQntuples(r) == 0) {
			PQclear(r);
			sieve_error_set(err, SIEVE_ERR_DATA, "no record %s in this review", ids[i]);
			goto fail;
		}
		int c_study = db_col(r, "study");
		if (!PQgetisnull(r, 0, c_study)) {
			bool same = !strcmp(PQgetvalue(r, 0, c_study), label);
			if (!same)
				sieve_error_set(err, SIEVE_ERR_DATA, "record %s already belongs to study \"%s\"",
						ids[i], PQgetvalue(r, 0, c_study));
			PQclear(r);
			if (!same)
				goto fail;
			continue;
		}
		char rec[24];
		snprintf(rec, sizeof rec, "%s", PQgetvalue(r, 0, db_col(r, "id")));
		PQclear(r);
		if (link(db, study, rec, err))
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int store_studies(struct db *db, struct study_row **rows, size_t *n, struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list studies",
		"SELECT s.label, coalesce(string_agg(r.pmid, ' ' ORDER BY r.id), '') AS pmids,"
		" coalesce(min(r.first_author), '') AS first_author,"
		" coalesce(min(r.pub_year), 0) AS year, s.source, count(r.id) AS n_records,"
		" (SELECT count(*) FROM lesion l WHERE l.study = s.id) AS n_lesions"
		" FROM study s LEFT JOIN study_record sr ON sr.study = s.id"
		" LEFT JOIN record r ON r.id = sr.record"
		" GROUP BY s.id ORDER BY s.label", 0, NULL, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct study_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_label = db_col(r, "label"), c_pmids = db_col(r, "pmids"),
	    c_first_author = db_col(r, "first_author"), c_year = db_col(r, "year"),
	    c_source = db_col(r, "source"), c_n_records = db_col(r, "n_records"),
	    c_n_lesions = db_col(r, "n_lesions");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].label = xstrdup(PQgetvalue(r, row, c_label));
		v[i].pmids = xstrdup(PQgetvalue(r, row, c_pmids));
		v[i].first_author = xstrdup(PQgetvalue(r, row, c_first_author));
		v[i].year = atoi(PQgetvalue(r, row, c_year));
		v[i].source = xstrdup(PQgetvalue(r, row, c_source));
		v[i].n_records = atoll(PQgetvalue(r, row, c_n_records));
		v[i].n_lesions = atoll(PQgetvalue(r, row, c_n_lesions));
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void study_rows_free(struct study_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].label);
		free(rows[i].pmids);
		free(rows[i].first_author);
		free(rows[i].source);
	}
	free(rows);
}

int store_lesions_import(struct db *db, const char *file, const struct lesion_in *v, size_t n,
			 long long *added, long long *updated, struct sieve_error *err)
{
	*added = *updated = 0;
	if (db_begin(db, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char base[32], fu[32], days[16];
		snprintf(days, sizeof days, "%d", v[i].followup_days);
		const char *p[] = { v[i].study, v[i].patient, v[i].lesion,
				    db_param_double(base, sizeof base, v[i].adc_baseline),
				    v[i].responder ? "t" : "f",
				    v[i].has_followup ? db_param_double(fu, sizeof fu, v[i].adc_followup) : NULL,
				    v[i].has_days ? days : NULL, v[i].unit_entered, v[i].original_json };
		PGresult *r = db_exec(db, PGRES_TUPLES_OK, "store lesion",
			"INSERT INTO lesion (study, patient, lesion, adc_baseline, responder, adc_followup,"
			" followup_days, unit_entered, original)"
			" SELECT s.id, $2, $3, $4::double precision, $5::boolean, $6::double precision,"
			"  $7::integer, $8, $9::json FROM study s WHERE s.label = $1"
			" ON CONFLICT (study, patient, lesion) DO UPDATE SET"
			"  adc_baseline = EXCLUDED.adc_baseline, responder = EXCLUDED.responder,"
			"  adc_followup = EXCLUDED.adc_followup, followup_days = EXCLUDED.followup_days,"
			"  unit_entered = EXCLUDED.unit_entered, original = EXCLUDED.original,"
			"  imported_at = now()"
			" RETURNING (xmax = 0) AS inserted", 9, p, err);
		if (!r) {
			sieve_error_locate(err, file, v[i].line);
			goto fail;
		}
		if (PQntuples(r) == 0) {
			PQclear(r);
			sieve_error_set_at(err, SIEVE_ERR_DATA, NULL,
				"column study: no study \"%s\" (see 'sieve studies'; add it with "
				"'sieve studies add \"%s\"')", v[i].study, v[i].study);
			sieve_error_detail(err, "%s:%ld", file, v[i].line);
			goto fail;
		}
		if (PQgetvalue(r, 0, db_col(r, "inserted"))[0] == 't')
			(*added)++;
		else
			(*updated)++;
		PQclear(r);
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	*added = *updated = 0;
	return -1;
}

int store_lesions_summary(struct db *db, struct lesion_summary **rows, size_t *n,
			  struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "summarise lesions",
		"SELECT s.label, count(DISTINCT l.patient) AS patients, count(*) AS lesions,"
		" count(*) FILTER (WHERE l.responder) AS responders,"
		" count(*) FILTER (WHERE NOT l.responder) AS non_responders,"
		" avg(l.adc_baseline) FILTER (WHERE l.responder) AS mean_adc_resp,"
		" avg(l.adc_baseline) FILTER (WHERE NOT l.responder) AS mean_adc_nonresp"
		" FROM lesion l JOIN study s ON s.id = l.study GROUP BY s.label ORDER BY s.label",
		0, NULL, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct lesion_summary *v = xcalloc(k ? k : 1, sizeof *v);
	int c_label = db_col(r, "label"), c_patients = db_col(r, "patients"),
	    c_lesions = db_col(r, "lesions"), c_responders = db_col(r, "responders"),
	    c_non_responders = db_col(r, "non_responders"),
	    c_mean_resp = db_col(r, "mean_adc_resp"), c_mean_nonresp = db_col(r, "mean_adc_nonresp");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].study = xstrdup(PQgetvalue(r, row, c_label));
		v[i].patients = atoll(PQgetvalue(r, row, c_patients));
		v[i].lesions = atoll(PQgetvalue(r, row, c_lesions));
		v[i].responders = atoll(PQgetvalue(r, row, c_responders));
		v[i].non_responders = atoll(PQgetvalue(r, row, c_non_responders));
		v[i].mean_adc_resp = db_double(r, row, c_mean_resp);
		v[i].mean_adc_nonresp = db_double(r, row, c_mean_nonresp);
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void lesion_summary_free(struct lesion_summary *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].study);
	free(rows);
}

int store_lesions_list(struct db *db, const char *study, struct lesion_row **rows, size_t *n,
		       struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	const char *p[] = { study };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list lesions",
		"SELECT s.label, l.patient, l.lesion, l.adc_baseline, l.responder,"
		" EXISTS (SELECT 1 FROM study_record sr JOIN record rc ON rc.id = sr.record"
		"  WHERE sr.study = s.id AND rc.retracted) AS retracted"
		" FROM lesion l JOIN study s ON s.id = l.study"
		" WHERE $1::text IS NULL OR s.label = $1"
		" ORDER BY s.label, l.patient, l.lesion", 1, p, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct lesion_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_label = db_col(r, "label"), c_patient = db_col(r, "patient"),
	    c_lesion = db_col(r, "lesion"), c_adc = db_col(r, "adc_baseline"),
	    c_responder = db_col(r, "responder"), c_retracted = db_col(r, "retracted");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].study = xstrdup(PQgetvalue(r, row, c_label));
		v[i].patient = xstrdup(PQgetvalue(r, row, c_patient));
		v[i].lesion = xstrdup(PQgetvalue(r, row, c_lesion));
		v[i].adc_baseline = atof(PQgetvalue(r, row, c_adc));
		v[i].responder = PQgetvalue(r, row, c_responder)[0] == 't';
		v[i].retracted = PQgetvalue(r, row, c_retracted)[0] == 't';
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void lesion_rows_free(struct lesion_row *rows, size_t n)
{
	for (size_t i = 0; i < n && rows; i++) {
		free(rows[i].study);
		free(rows[i].patient);
		free(rows[i].lesion);
	}
	free(rows);
}
