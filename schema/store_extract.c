/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Extracted data: measurements and their group statistics. */
#include "store_extract.h"
#include "db_internal.h"
#include "store_screen.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

/* Create or update the measurement of row r; returns its id, 0 when the
 * study or extractor does not exist, -1 on error. */
static long long measurement_upsert(struct db *db, const struct extract_row *r,
				    const char *agreed_by, struct sieve_error *err)
{
	char days[16], field[32], cut[32], auc[32], sens[32], spec[32];
	snprintf(days, sizeof days, "%d", r->days);
	const char *t = r->text[EXTRACT_C_PARAMETER];
	bool other = r->param == PARAM_OTHER;
	const char *p[] = {
		r->text[EXTRACT_C_STUDY], r->text[EXTRACT_C_EXTRACTOR], r->text[EXTRACT_C_MEASUREMENT],
		other ? "other" : t, other ? t + 6 : NULL, opt(r->text[EXTRACT_C_TIMEPOINT]),
		r->has_days ? days : NULL, opt(r->text[EXTRACT_C_BVALUES]),
		db_param_double(field, sizeof field, r->field), opt(r->text[EXTRACT_C_ROI]),
		opt(r->text[EXTRACT_C_CRITERION]), opt(r->text[EXTRACT_C_UNIT_OF_ANALYSIS]),
		opt(r->text[EXTRACT_C_UNIT]), r->norm_unit, db_param_double(cut, sizeof cut, r->cutoff),
		db_param_double(auc, sizeof auc, r->auc), db_param_double(sens, sizeof sens, r->sens),
		db_param_double(spec, sizeof spec, r->spec), opt(r->text[EXTRACT_C_NOTE]),
		strcmp(r->text[EXTRACT_C_EXTRACTOR], EXTRACT_AGREED) ? NULL : agreed_by,
	};
	PGresult *res = db_exec(db, PGRES_TUPLES_OK, "store measurement",
		"INSERT INTO measurement (study, extractor, name, parameter, parameter_label,"
		" timepoint, timepoint_days, b_values, field_strength, roi, criterion,"
		" unit_of_analysis, unit, norm_unit, cutoff, auc, sensitivity, specificity, note,"
		" agreed_by)"
		" SELECT s.id, $2, $3, $4, $5, $6, $7::integer, $8, $9::double precision, $10, $11,"
		"  $12, $13, $14, $15::double precision, $16::double precision,"
		"  $17::double precision, $18::double precision, $19, $20"
		" FROM study s WHERE s.label = $1"
		"  AND ($2 = 'agreed' OR EXISTS (SELECT 1 FROM reviewer v WHERE v.name = $2))"
		" ON CONFLICT (study, extractor, name) DO UPDATE SET"
		"  parameter = EXCLUDED.parameter, parameter_label = EXCLUDED.parameter_label,"
		"  timepoint = EXCLUDED.timepoint, timepoint_days = EXCLUDED.timepoint_days,"
		"  b_values = EXCLUDED.b_values, field_strength = EXCLUDED.field_strength,"
		"  roi = EXCLUDED.roi, criterion = EXCLUDED.criterion,"
		"  unit_of_analysis = EXCLUDED.unit_of_analysis, unit = EXCLUDED.unit,"
		"  norm_unit = EXCLUDED.norm_unit, cutoff = EXCLUDED.cutoff, auc = EXCLUDED.auc,"
		"  sensitivity = EXCLUDED.sensitivity, specificity = EXCLUDED.specificity,"
		"  note = EXCLUDED.note, agreed_by = EXCLUDED.agreed_by, updated_at = now()"
		" RETURNING id", (int)(sizeof p / sizeof *p), p, err);
	if (!res)
		return -1;
	long long id = PQntuples(res) ? atoll(PQgetvalue(res, 0, db_col(res, "id"))) : 0;
	PQclear(res);
	return id;
}

/* Why a measurement could not be written: its study or its extractor. */
static void unknown_reference(struct db *db, const struct extract_row *r, struct sieve_error *err)
{
	bool study_ok;
	if (store_study_exists(db, r->text[EXTRACT_C_STUDY], &study_ok, err))
		return;
	if (study_ok)
		sieve_error_set(err, SIEVE_ERR_DATA, "extractor: '%s' is not a reviewer (add with "
				"'sieve reviewers add %s', or write 'agreed')", r->text[EXTRACT_C_EXTRACTOR],
				r->text[EXTRACT_C_EXTRACTOR]);
	else
		sieve_error_set(err, SIEVE_ERR_DATA, "study: no study \"%s\" (see 'sieve studies'; add "
				"it with 'sieve studies add LABEL')", r->text[EXTRACT_C_STUDY]);
}

static char *row_json(const struct extract_row *r)
{
	struct strbuf j = STRBUF_INIT;
	strbuf_addc(&j, '{');
	for (int k = 0; k < EXTRACT_NINPUT; k++) {
		if (k)
			strbuf_addc(&j, ',');
		strbuf_add_json_string(&j, extract_col_name[k]);
		strbuf_addc(&j, ':');
		strbuf_add_json_string(&j, r->text[k]);
	}
	strbuf_addc(&j, '}');
	return strbuf_take(&j);
}

int store_extract_import(struct db *db, const char *file, const struct extract_row *rows,
			 const long *lines, size_t n, const char *agreed_by,
			 long long *measurements, long long *groups, struct sieve_error *err)
{
	*measurements = *groups = 0;
	/* ids[i]: the measurement of row i; each measurement is written (and its
	 * old groups removed) once, at its first row */
	long long *ids = xcalloc(n ? n : 1, sizeof *ids);
	long long nmeas = 0;
	if (db_begin(db, err))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const struct extract_row *r = &rows[i];
		for (size_t j = 0; j < i && !ids[i]; j++)
			if (extract_row_same_measurement(&rows[j], r))
				ids[i] = ids[j];
		char id[24];
		if (!ids[i]) {
			ids[i] = measurement_upsert(db, r, agreed_by, err);
			if (ids[i] <= 0) {
				if (ids[i] == 0)
					unknown_reference(db, r, err);
				sieve_error_locate(err, file, lines[i]);
				goto fail;
			}
			snprintf(id, sizeof id, "%lld", ids[i]);
			const char *p[] = { id };
			if (db_command(db, "replace groups", "DELETE FROM group_stat WHERE measurement = $1",
				       1, p, err))
				goto fail;
			nmeas++;
		}
		snprintf(id, sizeof id, "%lld", ids[i]);
		char ord[24], nn[24], b[7][32];
		snprintf(ord, sizeof ord, "%zu", i);
		snprintf(nn, sizeof nn, "%ld", r->n);
		char *json = row_json(r);
		const char *p[] = {
			id, opt(r->text[EXTRACT_C_GROUP]), ord, nn,
			db_param_double(b[0], sizeof b[0], r->mean), db_param_double(b[1], sizeof b[1], r->sd),
			db_param_double(b[2], sizeof b[2], r->median), db_param_double(b[3], sizeof b[3], r->q1),
			db_param_double(b[4], sizeof b[4], r->q3), db_param_double(b[5], sizeof b[5], r->min),
			db_param_double(b[6], sizeof b[6], r->max), r->mean_method, r->sd_method,
			opt(r->text[EXTRACT_C_LOCATION]), json,
		};
		int rc = db_command(db, "store group statistic",
			"INSERT INTO group_stat (measurement, grp, ord, n, mean, sd, median, q1, q3, min,"
			" max, mean_method, sd_method, location, original) VALUES ($1::bigint, $2,"
			" $3::integer, $4::integer, $5::double precision, $6::double precision,"
			" $7::double precision, $8::double precision, $9::double precision,"
			" $10::double precision, $11::double precision, $12, $13, $14, $15::jsonb)",
			(int)(sizeof p / sizeof *p), p, err);
		free(json);
		if (rc) {
			if (!strcmp(err->sqlstate, "23505"))
				snprintf(err->msg, sizeof err->msg,
					 "group: \"%s\" of measurement %s of %s (%s) appears "
					 "twice", r->text[EXTRACT_C_GROUP], r->text[EXTRACT_C_MEASUREMENT],
					 r->text[EXTRACT_C_STUDY], r->text[EXTRACT_C_EXTRACTOR]);
			sieve_error_locate(err, file, lines[i]);
			goto fail;
		}
		(*groups)++;
	}
	*measurements = nmeas;
	free(ids);
	return db_commit(db, err);
fail:
	db_rollback(db);
	free(ids);
	*measurements = *groups = 0;
	return -1;
}

int store_study_exists(struct db *db, const char *label, bool *exists, struct sieve_error *err)
{
	const char *p[] = { label };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "find study",
			      "SELECT 1 FROM study WHERE label = $1", 1, p, err);
	if (!r)
		return -1;
	*exists = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

int store_extract_list(struct db *db, const char *study, const char *extractor,
		       struct extract_stored **rows, size_t *n, struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	struct strbuf q = STRBUF_INIT;
	strbuf_adds(&q, "SELECT m.norm_unit, g.mean, g.sd, g.mean_method, g.sd_method, m.agreed_by,"
		    " EXISTS (SELECT 1 FROM study_record sr JOIN record rc ON rc.id = sr.record"
		    "  WHERE sr.study = s.id AND rc.retracted) AS retracted,"
		    " (SELECT rc.pub_year FROM study_record sr JOIN record rc ON rc.id = sr.record"
		    "  WHERE sr.study = s.id ORDER BY rc.id LIMIT 1) AS year");
	/* Each input column as typed, named in_NAME. */
	for (int k = 0; k < EXTRACT_NINPUT; k++)
		strbuf_addf(&q, ", g.original->>'%s' AS in_%s", extract_col_name[k],
			    extract_col_name[k]);
	strbuf_adds(&q, " FROM group_stat g JOIN measurement m ON m.id = g.measurement"
		    " JOIN study s ON s.id = m.study"
		    " WHERE ($1::text IS NULL OR s.label = $1) AND ($2::text IS NULL OR m.extractor = $2)"
		    /* blinded: the acting reviewer's own and the agreed values (0008) */
		    "  AND (m.extractor IN ('agreed', (SELECT sieve_actor())) OR (SELECT sieve_sees_all()))"
		    " ORDER BY s.label, m.name, m.extractor = 'agreed', m.extractor, g.ord");
	const char *p[] = { study, extractor };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list extracted data", q.buf, 2, p, err);
	strbuf_fini(&q);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct extract_stored *v = xcalloc(k ? k : 1, sizeof *v);
	int c_norm_unit = db_col(r, "norm_unit"), c_mean = db_col(r, "mean"),
	    c_sd = db_col(r, "sd"), c_mean_method = db_col(r, "mean_method"),
	    c_sd_method = db_col(r, "sd_method"), c_agreed_by = db_col(r, "agreed_by"),
	    c_retracted = db_col(r, "retracted"), c_year = db_col(r, "year");
	int c_in[EXTRACT_NINPUT];
	for (int c = 0; c < EXTRACT_NINPUT; c++) {
		char name[64];
		snprintf(name, sizeof name, "in_%s", extract_col_name[c]);
		c_in[c] = db_col(r, name);
	}
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].norm_unit = db_text(r, row, c_norm_unit);
		v[i].mean = db_double(r, row, c_mean);
		v[i].sd = db_double(r, row, c_sd);
		v[i].mean_method = db_text(r, row, c_mean_method);
		v[i].sd_method = db_text(r, row, c_sd_method);
		v[i].agreed_by = db_text(r, row, c_agreed_by);
		v[i].retracted = PQgetvalue(r, row, c_retracted)[0] == 't';
		v[i].year = PQgetisnull(r, row, c_year) ? 0 : atoi(PQgetvalue(r, row, c_year));
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			v[i].text[c] = xstrdup(PQgetisnull(r, row, c_in[c]) ? ""
					       : PQgetvalue(r, row, c_in[c]));
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void extract_stored_free(struct extract_stored *rows, size_t n)
{
	for (size_t i = 0; i < n && rows; i++) {
		for (int c = 0; c < EXTRACT_NINPUT; c++)
			free(rows[i].text[c]);
		free(rows[i].norm_unit);
		free(rows[i].mean_method);
		free(rows[i].sd_method);
		free(rows[i].agreed_by);
	}
	free(rows);
}

int store_extract_agree(struct db *db, const char *study, const char *extractor,
			const char *agreed_by, long long *copied, struct sieve_error *err)
{
	*copied = 0;
	if (store_require_lead(db, agreed_by, "records the agreed values", err))
		return -1;
	if (db_begin(db, err))
		return -1;
	const char *p[] = { study, extractor, agreed_by };
	if (db_command(db, "clear agreed values",
		       "DELETE FROM measurement m USING study s WHERE s.id = m.study"
		       " AND s.label = $1 AND m.extractor = 'agreed'", 1, p, err))
		goto fail;
	/* Two statements: the group statistics' row-level security (0008)
	 * checks their measurement, which must be visible by then. */
	if (db_command(db, "copy measurements",
		"INSERT INTO measurement (study, extractor, name, parameter, parameter_label,"
		"  timepoint, timepoint_days, b_values, field_strength, roi, criterion,"
		"  unit_of_analysis, unit, norm_unit, cutoff, auc, sensitivity, specificity, note,"
		"  agreed_by)"
		" SELECT m.study, 'agreed', m.name, m.parameter, m.parameter_label, m.timepoint,"
		"  m.timepoint_days, m.b_values, m.field_strength, m.roi, m.criterion,"
		"  m.unit_of_analysis, m.unit, m.norm_unit, m.cutoff, m.auc, m.sensitivity,"
		"  m.specificity, m.note, $3"
		" FROM measurement m JOIN study s ON s.id = m.study"
		" WHERE s.label = $1 AND m.extractor = $2", 3, p, err))
		goto fail;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "copy group statistics",
		"INSERT INTO group_stat (measurement, grp, ord, n, mean, sd, median, q1, q3, min, max,"
		"  mean_method, sd_method, location, original)"
		" SELECT a.id, g.grp, g.ord, g.n, g.mean, g.sd, g.median, g.q1, g.q3, g.min, g.max,"
		"  g.mean_method, g.sd_method, g.location,"
		"  jsonb_set(g.original, '{extractor}', '\"agreed\"')"
		" FROM study s JOIN measurement a ON a.study = s.id AND a.extractor = 'agreed'"
		" JOIN measurement src ON src.study = s.id AND src.extractor = $2 AND src.name = a.name"
		" JOIN group_stat g ON g.measurement = src.id"
		" WHERE s.label = $1"
		" RETURNING measurement", 2, p, err);
	if (!r)
		goto fail;
	long long groups = PQntuples(r);
	PQclear(r);
	r = db_exec(db, PGRES_TUPLES_OK, "count agreed",
		    "SELECT count(*) AS n FROM measurement m JOIN study s ON s.id = m.study"
		    " WHERE s.label = $1 AND m.extractor = 'agreed'", 1, p, err);
	if (!r)
		goto fail;
	*copied = atoll(PQgetvalue(r, 0, db_col(r, "n")));
	PQclear(r);
	if (*copied == 0 || groups == 0) {
		sieve_error_set(err, SIEVE_ERR_DATA, "%s has extracted nothing for %s", extractor, study);
		goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	*copied = 0;
	return -1;
}
