/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QUADAS-2: the instrument (versioned data the review can tailor), index
 * tests, and each rater's ratings with their signalling answers. */
#include "store_quadas.h"
#include "db_internal.h"
#include "store_screen.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int store_quadas_instrument(struct db *db, struct quadas_instrument *out, struct sieve_error *err)
{
	memset(out, 0, sizeof *out);
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read the instrument",
		"SELECT i.name, i.version, b.name || ' ' || b.version AS based_on, i.revision"
		" FROM instrument i LEFT JOIN instrument b ON b.id = i.based_on WHERE i.in_use",
		0, NULL, err);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return sieve_error_set(err, SIEVE_ERR_DATA, "the review has no QUADAS-2 instrument "
				       "(run 'sieve db migrate')");
	}
	out->name = xstrdup(PQgetvalue(r, 0, db_col(r, "name")));
	out->version = xstrdup(PQgetvalue(r, 0, db_col(r, "version")));
	out->based_on = db_text(r, 0, db_col(r, "based_on"));
	out->revision = atoi(PQgetvalue(r, 0, db_col(r, "revision")));
	PQclear(r);
	r = db_exec(db, PGRES_TUPLES_OK, "read the domains",
		    "SELECT d.code, d.name, d.applicability, d.per_index_test, d.risk_question,"
		    " d.applicability_question FROM instrument_domain d"
		    " JOIN instrument i ON i.id = d.instrument WHERE i.in_use ORDER BY d.position",
		    0, NULL, err);
	if (!r)
		goto fail;
	out->nd = (size_t)PQntuples(r);
	out->d = xcalloc(out->nd ? out->nd : 1, sizeof *out->d);
	int d_code = db_col(r, "code"), d_name = db_col(r, "name"), d_appl = db_col(r, "applicability"),
	    d_per_test = db_col(r, "per_index_test"), d_risk_q = db_col(r, "risk_question"),
	    d_appl_q = db_col(r, "applicability_question");
	for (size_t i = 0; i < out->nd; i++) {
		int row = (int)i;
		out->d[i].code = xstrdup(PQgetvalue(r, row, d_code));
		out->d[i].name = xstrdup(PQgetvalue(r, row, d_name));
		out->d[i].applicability = PQgetvalue(r, row, d_appl)[0] == 't';
		out->d[i].per_index_test = PQgetvalue(r, row, d_per_test)[0] == 't';
		out->d[i].risk_question = db_text(r, row, d_risk_q);
		out->d[i].applicability_question = db_text(r, row, d_appl_q);
	}
	PQclear(r);
	r = db_exec(db, PGRES_TUPLES_OK, "read the questions",
		    "SELECT q.id, q.domain, q.code, q.text, q.guidance, q.dropped, q.added"
		    " FROM instrument_question q JOIN instrument i ON i.id = q.instrument"
		    " JOIN instrument_domain d ON d.instrument = q.instrument AND d.code = q.domain"
		    " WHERE i.in_use ORDER BY d.position, q.position", 0, NULL, err);
	if (!r)
		goto fail;
	out->nq = (size_t)PQntuples(r);
	out->q = xcalloc(out->nq ? out->nq : 1, sizeof *out->q);
	int q_id = db_col(r, "id"), q_domain = db_col(r, "domain"), q_code = db_col(r, "code"),
	    q_text = db_col(r, "text"), q_guidance = db_col(r, "guidance"), q_dropped = db_col(r, "dropped"),
	    q_added = db_col(r, "added");
	for (size_t i = 0; i < out->nq; i++) {
		int row = (int)i;
		out->q[i].id = atoll(PQgetvalue(r, row, q_id));
		out->q[i].domain = xstrdup(PQgetvalue(r, row, q_domain));
		out->q[i].code = xstrdup(PQgetvalue(r, row, q_code));
		out->q[i].text = xstrdup(PQgetvalue(r, row, q_text));
		out->q[i].guidance = db_text(r, row, q_guidance);
		out->q[i].dropped = PQgetvalue(r, row, q_dropped)[0] == 't';
		out->q[i].added = PQgetvalue(r, row, q_added)[0] == 't';
	}
	PQclear(r);
	return 0;
fail:
	quadas_instrument_fini(out);
	return -1;
}

/* One tailoring statement on the instrument in use; it must change exactly
 * one row, then the revision is bumped and the change audited. */
static int tailor(struct db *db, const char *what, const char *sql, int np, const char *const *p,
		  const char *missing, struct sieve_error *err)
{
	if (db_begin(db, err))
		return -1;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, what, sql, np, p, err);
	if (!r)
		goto fail;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1) {
		sieve_error_set(err, SIEVE_ERR_DATA, "%s", missing);
		goto fail;
	}
	const char *a[] = { what, p[0], np > 1 ? p[1] : NULL };
	if (db_command(db, "bump the instrument revision",
		       "UPDATE instrument SET revision = revision + 1 WHERE in_use", 0, NULL, err) ||
	    db_command(db, "audit the tailoring",
		       "INSERT INTO audit (action, detail) VALUES ('quadas ' || $1,"
		       " jsonb_build_object('arg', $2::text, 'value', $3::text))", 3, a, err))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int store_quadas_tailor_add(struct db *db, const char *domain, const char *text, char **code,
			    struct sieve_error *err)
{
	*code = NULL;
	if (!text || !*text)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "the question text is empty");
	const char *p[] = { domain, text };
	if (db_begin(db, err))
		return -1;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "add a question",
		"INSERT INTO instrument_question (instrument, domain, code, text, position, added)"
		" SELECT i.id, d.code, substr(d.code, 2) || '.' || (count(q.id) + 1),"
		"  $2, coalesce(max(q.position), 0) + 1, true"
		" FROM instrument i JOIN instrument_domain d ON d.instrument = i.id AND upper(d.code) = upper($1)"
		" LEFT JOIN instrument_question q ON q.instrument = i.id AND q.domain = d.code"
		" WHERE i.in_use GROUP BY i.id, d.code RETURNING code", 2, p, err);
	if (!r)
		goto fail;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sieve_error_set(err, SIEVE_ERR_DATA, "no domain %s (see 'sieve quadas questions')", domain);
		goto fail;
	}
	*code = xstrdup(PQgetvalue(r, 0, db_col(r, "code")));
	PQclear(r);
	const char *a[] = { *code, text };
	if (db_command(db, "bump the instrument revision",
		       "UPDATE instrument SET revision = revision + 1 WHERE in_use", 0, NULL, err) ||
	    db_command(db, "audit the tailoring",
		       "INSERT INTO audit (action, detail) VALUES ('quadas add question',"
		       " jsonb_build_object('code', $1::text, 'text', $2::text))", 2, a, err))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	free(*code);
	*code = NULL;
	return -1;
}

#define QUESTION_OF_REVIEW \
	" FROM instrument i WHERE i.in_use AND q.instrument = i.id AND q.code = $1"

int store_quadas_tailor_drop(struct db *db, const char *code, struct sieve_error *err)
{
	const char *p[] = { code };
	char missing[200];
	snprintf(missing, sizeof missing, "no question %s in the review's instrument (or it is "
		 "already dropped)", code);
	return tailor(db, "drop question",
		      "UPDATE instrument_question q SET dropped = true" QUESTION_OF_REVIEW
		      " AND NOT q.dropped RETURNING q.id", 1, p, missing, err);
}

int store_quadas_tailor_reword(struct db *db, const char *code, const char *text,
			       struct sieve_error *err)
{
	if (!text || !*text)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "the question text is empty");
	const char *p[] = { code, text };
	char missing[200];
	snprintf(missing, sizeof missing, "no question %s in the review's instrument", code);
	return tailor(db, "reword question",
		      "UPDATE instrument_question q SET text = $2" QUESTION_OF_REVIEW " RETURNING q.id",
		      2, p, missing, err);
}

int store_quadas_tailor_guidance(struct db *db, const char *code, const char *guidance,
				 struct sieve_error *err)
{
	const char *p[] = { code, guidance && *guidance ? guidance : NULL };
	char missing[200];
	snprintf(missing, sizeof missing, "no question %s in the review's instrument", code);
	return tailor(db, "guidance",
		      "UPDATE instrument_question q SET guidance = $2" QUESTION_OF_REVIEW " RETURNING q.id",
		      2, p, missing, err);
}

int store_quadas_index_tests(struct db *db, const char *study, char ***names, size_t *n,
			     struct sieve_error *err)
{
	const char *p[] = { study };
	return db_string_list(db, "list index tests",
			      "SELECT t.name FROM index_test t JOIN study s ON s.id = t.study"
			      " WHERE s.label = $1 ORDER BY t.id", 1, p, names, n, err);
}

int store_quadas_index_test_add(struct db *db, const char *study, const char *name,
				struct sieve_error *err)
{
	if (!name || !*name)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "the index test needs a name");
	const char *p[] = { study, name };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "add an index test",
			      "INSERT INTO index_test (study, name) SELECT s.id, $2 FROM study s"
			      " WHERE s.label = $1 ON CONFLICT (study, name) DO UPDATE SET name = EXCLUDED.name"
			      " RETURNING id", 2, p, err);
	if (!r)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no study \"%s\" (see 'sieve studies')", study);
	return 0;
}

/* Check the names a rating refers to; 0 or -1 with a message. */
static int check_rating(struct db *db, const struct quadas_rating *r, struct sieve_error *err)
{
	const char *p[] = { r->study, r->domain, r->rater, r->index_test ? r->index_test : "" };
	PGresult *x = db_exec(db, PGRES_TUPLES_OK, "check the rating",
		"SELECT (SELECT count(*) FROM study WHERE label = $1) AS studies,"
		" d.code IS NOT NULL AS domain_known, coalesce(d.applicability, false) AS applicability,"
		" coalesce(d.per_index_test, false) AS per_index_test,"
		" $3 = 'consensus' OR EXISTS (SELECT 1 FROM reviewer WHERE name = $3) AS rater_known,"
		" (SELECT count(*) FROM index_test t JOIN study s ON s.id = t.study WHERE s.label = $1)"
		"  AS index_tests,"
		" $4 = '' OR EXISTS (SELECT 1 FROM index_test t JOIN study s ON s.id = t.study"
		"   WHERE s.label = $1 AND t.name = $4) AS test_known"
		" FROM (SELECT 1) one LEFT JOIN (instrument_domain d JOIN instrument i"
		"  ON i.id = d.instrument AND i.in_use) ON d.code = $2", 4, p, err);
	if (!x)
		return -1;
	bool study = atoi(PQgetvalue(x, 0, db_col(x, "studies"))) == 1;
	bool domain = PQgetvalue(x, 0, db_col(x, "domain_known"))[0] == 't';
	bool appl = PQgetvalue(x, 0, db_col(x, "applicability"))[0] == 't';
	bool per_test = PQgetvalue(x, 0, db_col(x, "per_index_test"))[0] == 't';
	bool rater = PQgetvalue(x, 0, db_col(x, "rater_known"))[0] == 't';
	int ntests = atoi(PQgetvalue(x, 0, db_col(x, "index_tests")));
	bool test_known = PQgetvalue(x, 0, db_col(x, "test_known"))[0] == 't';
	PQclear(x);
	const char *it = r->index_test ? r->index_test : "";
	if (!study)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no study \"%s\" (see 'sieve studies')", r->study);
	if (!domain)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no domain %s (see 'sieve quadas questions')",
				       r->domain);
	if (!rater)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s is not a reviewer (sieve reviewers add %s)",
				       r->rater, r->rater);
	if (r->applicability != QL_NONE && !appl)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s has no applicability judgement (only "
				       "risk of bias)", r->domain);
	if (!per_test && *it)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s is not rated per index test", r->domain);
	if (*it && !test_known)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s has no index test \"%s\" (sieve quadas "
				       "index-test \"%s\" NAME)", r->study, it, r->study);
	if (per_test && !*it && ntests > 1)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s has %d index tests: name one with "
				       "--index-test", r->study, ntests);
	return 0;
}

int store_quadas_set(struct db *db, const struct quadas_rating *r, struct sieve_error *err)
{
	bool consensus = !strcmp(r->rater, QUADAS_CONSENSUS);
	if (consensus && !r->agreed_by)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a consensus rating needs who recorded it");
	if (consensus) {
		if (store_require_lead(db, r->agreed_by, "records the consensus", err))
			return -1;
	}
	if (db_begin(db, err))
		return -1;
	if (check_rating(db, r, err))
		goto fail;
	/* with exactly one index test, a per-index-test domain names it */
	const char *risk = r->risk ? quadas_level_name(r->risk) : NULL;
	const char *appl = r->applicability ? quadas_level_name(r->applicability) : NULL;
	const char *p[] = { r->study, r->rater, r->domain, r->index_test ? r->index_test : "",
			    risk, appl, r->support, consensus ? r->agreed_by : NULL };
	PGresult *x = db_exec(db, PGRES_TUPLES_OK, "store the rating",
		"INSERT INTO quadas_rating (study, rater, domain, index_test, risk, applicability,"
		" support, agreed_by)"
		" SELECT s.id, $2, $3, CASE WHEN $4 = '' AND EXISTS (SELECT 1 FROM instrument_domain d"
		"   JOIN instrument i ON i.id = d.instrument WHERE i.in_use AND d.code = $3"
		"   AND d.per_index_test) THEN coalesce((SELECT min(t.name)"
		"   FROM index_test t WHERE t.study = s.id HAVING count(*) = 1), '') ELSE $4 END,"
		"  $5, $6, $7, $8 FROM study s WHERE s.label = $1"
		" ON CONFLICT (study, rater, domain, index_test) DO UPDATE SET"
		"  risk = coalesce(EXCLUDED.risk, quadas_rating.risk),"
		"  applicability = coalesce(EXCLUDED.applicability, quadas_rating.applicability),"
		"  support = coalesce(EXCLUDED.support, quadas_rating.support),"
		"  agreed_by = EXCLUDED.agreed_by, at = clock_timestamp()"
		" RETURNING id", 8, p, err);
	if (!x)
		goto fail;
	char id[24];
	snprintf(id, sizeof id, "%s", PQgetvalue(x, 0, db_col(x, "id")));
	PQclear(x);
	for (size_t i = 0; i < r->nanswers; i++) {
		const char *q[] = { id, r->answers[i].code, quadas_answer_name(r->answers[i].answer),
				    r->domain };
		x = db_exec(db, PGRES_TUPLES_OK, "store an answer",
			"INSERT INTO quadas_answer (rating, question, answer)"
			" SELECT $1::bigint, q.id, $3 FROM instrument_question q JOIN instrument i"
			"  ON i.id = q.instrument WHERE i.in_use AND q.code = $2 AND q.domain = $4"
			"  AND NOT q.dropped"
			" ON CONFLICT (rating, question) DO UPDATE SET answer = EXCLUDED.answer"
			" RETURNING 1", 4, q, err);
		if (!x)
			goto fail;
		int n = PQntuples(x);
		PQclear(x);
		if (n != 1) {
			sieve_error_set(err, SIEVE_ERR_DATA, "%s has no signalling question %s (see 'sieve "
					"quadas questions')", r->domain, r->answers[i].code);
			goto fail;
		}
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int store_quadas_ratings(struct db *db, const char *study, const char *rater,
			 struct quadas_rating **rows, size_t *n, struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	const char *p[] = { study, rater };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list ratings",
		"SELECT s.label AS study, x.rater, x.domain, x.index_test, x.risk, x.applicability,"
		" x.support, x.agreed_by, to_char(x.at, 'YYYY-MM-DD HH24:MI') AS at,"
		" (SELECT string_agg(q.code || '=' || a.answer, ',' ORDER BY q.position)"
		"   FROM quadas_answer a JOIN instrument_question q ON q.id = a.question"
		"   WHERE a.rating = x.id) AS answers"
		" FROM quadas_rating x JOIN study s ON s.id = x.study"
		" WHERE ($1::text IS NULL OR s.label = $1) AND ($2::text IS NULL OR x.rater = $2)"
		/* blinded: the acting reviewer's own and the consensus (0008) */
		"  AND (x.rater IN ('consensus', (SELECT sieve_actor())) OR (SELECT sieve_sees_all()))"
		" ORDER BY s.label, x.domain, x.index_test, x.rater = 'consensus', x.rater", 2, p, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct quadas_rating *v = xcalloc(k ? k : 1, sizeof *v);
	int c_study = db_col(r, "study"), c_rater = db_col(r, "rater"), c_domain = db_col(r, "domain"),
	    c_test = db_col(r, "index_test"), c_risk = db_col(r, "risk"), c_appl = db_col(r, "applicability"),
	    c_support = db_col(r, "support"), c_agreed = db_col(r, "agreed_by"), c_at = db_col(r, "at"),
	    c_answers = db_col(r, "answers");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].study = xstrdup(PQgetvalue(r, row, c_study));
		v[i].rater = xstrdup(PQgetvalue(r, row, c_rater));
		v[i].domain = xstrdup(PQgetvalue(r, row, c_domain));
		v[i].index_test = xstrdup(PQgetvalue(r, row, c_test));
		quadas_level_parse(PQgetvalue(r, row, c_risk), &v[i].risk);
		quadas_level_parse(PQgetvalue(r, row, c_appl), &v[i].applicability);
		v[i].support = db_text(r, row, c_support);
		v[i].agreed_by = db_text(r, row, c_agreed);
		v[i].at = xstrdup(PQgetvalue(r, row, c_at));
		/* "1.1=yes,1.2=no" */
		char *list = db_text(r, row, c_answers);
		size_t cap = 0;
		for (char *save = NULL, *t = list ? strtok_r(list, ",", &save) : NULL; t;
		     t = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(t, '=');
			if (!eq)
				continue;
			*eq = '\0';
			if (v[i].nanswers == cap) {
				cap = cap ? 2 * cap : 4;
				v[i].answers = xrealloc(v[i].answers, cap * sizeof *v[i].answers);
			}
			struct quadas_answer_row *a = &v[i].answers[v[i].nanswers++];
			a->code = xstrdup(t);
			a->answer = QA_NONE;
			quadas_answer_parse(eq + 1, &a->answer);
		}
		free(list);
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

int store_quadas_consensus_use(struct db *db, const char *study, const char *rater,
			       const char *agreed_by, long long *copied, struct sieve_error *err)
{
	*copied = 0;
	if (store_require_lead(db, agreed_by, "records the consensus", err))
		return -1;
	if (db_begin(db, err))
		return -1;
	const char *p[] = { study, rater, agreed_by };
	if (db_command(db, "clear the consensus",
		       "DELETE FROM quadas_rating x USING study s WHERE s.id = x.study AND s.label = $1"
		       " AND x.rater = 'consensus'", 1, p, err))
		goto fail;
	/* Two statements: the answers' row-level security (0008) checks their
	 * rating, which must be visible by then. */
	if (db_command(db, "copy the ratings",
		"INSERT INTO quadas_rating (study, rater, domain, index_test, risk,"
		"  applicability, support, agreed_by)"
		" SELECT x.study, 'consensus', x.domain, x.index_test, x.risk, x.applicability,"
		"  x.support, $3 FROM quadas_rating x JOIN study s ON s.id = x.study"
		" WHERE s.label = $1 AND x.rater = $2", 3, p, err))
		goto fail;
	if (db_command(db, "copy the answers",
		"INSERT INTO quadas_answer (rating, question, answer)"
		" SELECT c.id, a.question, a.answer"
		" FROM study s JOIN quadas_rating c ON c.study = s.id AND c.rater = 'consensus'"
		" JOIN quadas_rating src ON src.study = s.id AND src.rater = $2"
		"  AND src.domain = c.domain AND src.index_test = c.index_test"
		" JOIN quadas_answer a ON a.rating = src.id"
		" WHERE s.label = $1", 2, p, err))
		goto fail;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "count the consensus",
		"SELECT count(*) AS copied FROM quadas_rating x JOIN study s ON s.id = x.study"
		" WHERE s.label = $1 AND x.rater = 'consensus'", 1, p, err);
	if (!r)
		goto fail;
	*copied = atoll(PQgetvalue(r, 0, db_col(r, "copied")));
	PQclear(r);
	if (*copied == 0) {
		sieve_error_set(err, SIEVE_ERR_DATA, "%s has rated nothing of %s", rater, study);
		goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	*copied = 0;
	return -1;
}

int store_quadas_study_record(struct db *db, const char *study, char **text,
			      struct sieve_error *err)
{
	*text = NULL;
	const char *p[] = { study };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read the study's record",
		"SELECT s.label, r.pmid, r.doi, v.title,"
		" (SELECT string_agg(coalesce(a->>'collective', concat_ws(' ', a->>'last',"
		"    a->>'initials')), ', ' ORDER BY o)"
		"   FROM json_array_elements(v.authors) WITH ORDINALITY t(a, o)) AS authors,"
		" concat_ws(' ', v.journal, v.pub_year::text) AS source,"
		" coalesce((SELECT string_agg(coalesce(upper(x->>'label') || ': ', '') || (x->>'text'),"
		"   E'\\n\\n' ORDER BY o) FROM json_array_elements(v.abstract_json->'sections')"
		"   WITH ORDINALITY t(x, o)), v.abstract) AS abstract"
		" FROM study s LEFT JOIN study_record sr ON sr.study = s.id"
		" LEFT JOIN record r ON r.id = sr.record"
		" LEFT JOIN record_version v ON v.search = r.version_search AND v.seq = r.version_seq"
		" WHERE s.label = $1 ORDER BY r.id LIMIT 1", 1, p, err);
	if (!r)
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return sieve_error_set(err, SIEVE_ERR_DATA, "no study \"%s\"", study);
	}
	struct strbuf b = STRBUF_INIT;
	int c_pmid = db_col(r, "pmid"), c_doi = db_col(r, "doi"), c_title = db_col(r, "title"),
	    c_authors = db_col(r, "authors"), c_source = db_col(r, "source"), c_abstract = db_col(r, "abstract");
	if (PQgetisnull(r, 0, c_pmid)) {
		strbuf_addf(&b, "%s\n\nThis study has no imported record (added with 'sieve studies "
			    "add'); link records with --pmid.", study);
	} else {
		strbuf_addf(&b, "%s\n\n%s\n\n", PQgetvalue(r, 0, c_title), PQgetvalue(r, 0, c_authors));
		strbuf_addf(&b, "%s\nPMID %s · https://pubmed.ncbi.nlm.nih.gov/%s/",
			    PQgetvalue(r, 0, c_source), PQgetvalue(r, 0, c_pmid), PQgetvalue(r, 0, c_pmid));
		if (!PQgetisnull(r, 0, c_doi))
			strbuf_addf(&b, "\nDOI %s · https://doi.org/%s", PQgetvalue(r, 0, c_doi),
				    PQgetvalue(r, 0, c_doi));
		strbuf_addf(&b, "\n\n%s", PQgetvalue(r, 0, c_abstract));
	}
	PQclear(r);
	*text = strbuf_take(&b);
	return 0;
}
