/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saved meta-analysis runs, and what changed between two of them. */
#include "store_meta.h"
#include "db_internal.h"
#include "../lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_meta_run_save(struct db *db, const char *settings, const struct meta_run_summary *sum,
			const char *report_json, const struct meta_run_study *studies, size_t n,
			long long *id, struct sieve_error *err)
{
	*id = 0;
	if (db_begin(db, err))
		return -1;
	char k[16], b[6][32];
	snprintf(k, sizeof k, "%d", sum->k);
	const char *p[] = { settings, k, db_param_double(b[0], 32, sum->est), db_param_double(b[1], 32, sum->ci_lb),
			    db_param_double(b[2], 32, sum->ci_ub), db_param_double(b[3], 32, sum->tau2), db_param_double(b[4], 32, sum->i2),
			    db_param_double(b[5], 32, sum->pval), report_json };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "save the run",
		"INSERT INTO meta_run (settings, k, est, ci_lb, ci_ub, tau2, i2, pval, report)"
		" VALUES ($1, $2::integer, $3::float8, $4::float8, $5::float8, $6::float8, $7::float8,"
		" $8::float8, $9::jsonb) RETURNING id", 9, p, err);
	if (!r)
		goto fail;
	*id = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", *id);
	for (size_t i = 0; i < n; i++) {
		const struct meta_run_study *s = &studies[i];
		char v[9][32];
		const char *q[] = { ids, s->label, s->included ? "t" : "f", s->reason,
				    db_param_double(v[0], 32, s->n1), db_param_double(v[1], 32, s->mean1), db_param_double(v[2], 32, s->sd1),
				    db_param_double(v[3], 32, s->n2), db_param_double(v[4], 32, s->mean2), db_param_double(v[5], 32, s->sd2),
				    db_param_double(v[6], 32, s->yi), db_param_double(v[7], 32, s->vi), db_param_double(v[8], 32, s->weight) };
		if (db_command(db, "save a study of the run",
			       "INSERT INTO meta_run_study (run, label, included, reason, n1, mean1, sd1,"
			       " n2, mean2, sd2, yi, vi, weight) VALUES ($1::bigint, $2, $3::boolean, $4,"
			       " $5::float8, $6::float8, $7::float8, $8::float8, $9::float8, $10::float8,"
			       " $11::float8, $12::float8, $13::float8)"
			       " ON CONFLICT (run, label) DO NOTHING", 13, q, err))
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	*id = 0;
	return -1;
}

static void summary_of(PGresult *r, int row, struct meta_run_summary *s)
{
	s->id = atoll(PQgetvalue(r, row, db_col(r, "id")));
	snprintf(s->at, sizeof s->at, "%s", PQgetvalue(r, row, db_col(r, "at")));
	s->k = atoi(PQgetvalue(r, row, db_col(r, "k")));
	s->est = db_double(r, row, db_col(r, "est"));
	s->ci_lb = db_double(r, row, db_col(r, "ci_lb"));
	s->ci_ub = db_double(r, row, db_col(r, "ci_ub"));
	s->tau2 = db_double(r, row, db_col(r, "tau2"));
	s->i2 = db_double(r, row, db_col(r, "i2"));
	s->pval = db_double(r, row, db_col(r, "pval"));
}

int store_meta_run_diff(struct db *db, long long id, bool *found, struct meta_run_summary *prev,
			struct meta_run_summary *cur, struct meta_diff_row **rows, size_t *n,
			struct sieve_error *err)
{
	*found = false;
	*rows = NULL;
	*n = 0;
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	const char *p[] = { ids };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "find the previous run",
		"SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at, k, est, ci_lb, ci_ub, tau2, i2, pval"
		" FROM meta_run WHERE id = $1::bigint OR id = (SELECT max(o.id) FROM meta_run o, meta_run c"
		"  WHERE c.id = $1::bigint AND o.settings = c.settings AND o.id < c.id"
		"   AND (sieve_sees_all() OR o.actor = c.actor))"
		" ORDER BY id", 1, p, err);
	if (!r)
		return -1;
	if (PQntuples(r) < 2) {
		PQclear(r);
		return 0;
	}
	summary_of(r, 0, prev);
	summary_of(r, 1, cur);
	PQclear(r);
	*found = true;
	char prev_id[24];
	snprintf(prev_id, sizeof prev_id, "%lld", prev->id);
	const char *q[] = { prev_id, ids };
	/* A study's numbers as one line, for "before" and "after". */
#define DESC(t) \
	"CASE WHEN " t ".label IS NULL THEN NULL WHEN NOT " t ".included THEN 'left out: ' || " t ".reason" \
	" ELSE format('n %s/%s, mean %s/%s, sd %s/%s', " t ".n1, " t ".n2, round(" t ".mean1::numeric, 6)::float8," \
	" round(" t ".mean2::numeric, 6)::float8, round(" t ".sd1::numeric, 6)::float8, round(" t ".sd2::numeric, 6)::float8) END"
	r = db_exec(db, PGRES_TUPLES_OK, "compare the runs",
		"SELECT coalesce(a.label, b.label) AS label,"
		" CASE WHEN a.label IS NULL THEN 'added' WHEN b.label IS NULL THEN 'removed'"
		"  WHEN a.included AND NOT b.included THEN 'left out'"
		"  WHEN b.included AND NOT a.included THEN 'back in' ELSE 'changed' END AS change,"
		" " DESC("a") " AS before, " DESC("b") " AS after"
		" FROM (SELECT * FROM meta_run_study WHERE run = $1::bigint) a"
		" FULL JOIN (SELECT * FROM meta_run_study WHERE run = $2::bigint) b ON a.label = b.label"
		" WHERE a.label IS NULL OR b.label IS NULL"
		"  OR (a.included, a.reason, a.n1, a.mean1, a.sd1, a.n2, a.mean2, a.sd2)"
		"     IS DISTINCT FROM (b.included, b.reason, b.n1, b.mean1, b.sd1, b.n2, b.mean2, b.sd2)"
		" ORDER BY 1", 2, q, err);
#undef DESC
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct meta_diff_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_label = db_col(r, "label"), c_change = db_col(r, "change"),
	    c_before = db_col(r, "before"), c_after = db_col(r, "after");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].label = xstrdup(PQgetvalue(r, row, c_label));
		v[i].change = xstrdup(PQgetvalue(r, row, c_change));
		v[i].before = db_text(r, row, c_before);
		v[i].after = db_text(r, row, c_after);
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void meta_diff_rows_free(struct meta_diff_row *rows, size_t n)
{
	for (size_t i = 0; i < n && rows; i++) {
		free(rows[i].label);
		free(rows[i].change);
		free(rows[i].before);
		free(rows[i].after);
	}
	free(rows);
}

int store_predict_run_save(struct db *db, const char *settings,
			   const struct predict_run_summary *sum, const char *report_json,
			   long long *id, struct sieve_error *err)
{
	char l[16], pt[16], b[4][32];
	snprintf(l, sizeof l, "%d", sum->lesions);
	snprintf(pt, sizeof pt, "%d", sum->patients);
	const char *p[] = { settings, l, pt, db_param_double(b[0], 32, sum->auc), db_param_double(b[1], 32, sum->auc_ci_lb),
			    db_param_double(b[2], 32, sum->auc_ci_ub), db_param_double(b[3], 32, sum->cutoff), report_json };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "save the run",
		"INSERT INTO predict_run (settings, lesions, patients, auc, auc_ci_lb, auc_ci_ub, cutoff,"
		" report) VALUES ($1, $2::integer, $3::integer, $4::float8, $5::float8, $6::float8,"
		" $7::float8, $8::jsonb) RETURNING id", 8, p, err);
	if (!r)
		return -1;
	*id = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

/* ---- analysis settings ---- */

int store_meta_default_where(struct db *db, char **where, struct sieve_error *err)
{
	*where = NULL;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read the default selection",
			      "SELECT meta_default_where FROM review", 0, NULL, err);
	if (!r)
		return -1;
	*where = xstrdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return 0;
}

int store_meta_set_default_where(struct db *db, const char *where, struct sieve_error *err)
{
	const char *p[] = { where };
	return db_command(db, "set the default selection", "UPDATE review SET meta_default_where = $1",
			  1, p, err);
}
