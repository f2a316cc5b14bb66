/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screening queries: decisions (append-only, with undo), status, lists,
 * conflicts, resolutions, reasons, terms, reviewers, blinding. */
#include "store_screen.h"
#include "db_internal.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const stage_names[] = { "title-abstract", "full-text" };
static const char *const verdict_names[] = { "", "include", "exclude", "maybe" };
static const char *const status_names[] = { "open", "included", "excluded", "maybe", "conflict" };
static const char *const filter_names[] = { "all", "undecided", "mine", "included", "excluded",
					    "maybe", "conflicts", "re-screen", "retracted" };

const char *screen_stage_name(enum screen_stage s) { return stage_names[s == STAGE_FT]; }
const char *verdict_name(enum verdict v) { return v <= VERDICT_MAYBE ? verdict_names[v] : ""; }
const char *screen_filter_name(enum screen_filter f) { return f < FILTER_COUNT ? filter_names[f] : "?"; }

int screen_stage_parse(const char *s, enum screen_stage *out)
{
	if (!strcmp(s, "title-abstract") || !strcmp(s, "ta") || !strcmp(s, "tiab")) {
		*out = STAGE_TA;
		return 0;
	}
	if (!strcmp(s, "full-text") || !strcmp(s, "ft") || !strcmp(s, "fulltext")) {
		*out = STAGE_FT;
		return 0;
	}
	return -1;
}

int verdict_parse(const char *s, enum verdict *out)
{
	for (int v = VERDICT_INCLUDE; v <= VERDICT_MAYBE; v++)
		if (!strcasecmp(s, verdict_names[v])) {
			*out = (enum verdict)v;
			return 0;
		}
	return -1;
}

static enum verdict verdict_of(const char *s)
{
	enum verdict v = VERDICT_NONE;
	if (s && *s)
		verdict_parse(s, &v);
	return v;
}

static enum screen_status status_of(const char *s)
{
	for (int i = 0; i <= STATUS_CONFLICT; i++)
		if (!strcmp(s, status_names[i]))
			return (enum screen_status)i;
	return STATUS_OPEN;
}

/* ---- settings ---- */

int store_screen_settings(struct db *db, struct screen_settings *s, struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read screening settings",
			      "SELECT required_ta, required_ft, blind, maybe_conflicts FROM review",
			      0, NULL, err);
	if (!r)
		return -1;
	s->required[0] = atoi(PQgetvalue(r, 0, db_col(r, "required_ta")));
	s->required[1] = atoi(PQgetvalue(r, 0, db_col(r, "required_ft")));
	s->blind = PQgetvalue(r, 0, db_col(r, "blind"))[0] == 't';
	s->maybe_conflicts = PQgetvalue(r, 0, db_col(r, "maybe_conflicts"))[0] == 't';
	PQclear(r);
	return 0;
}

static int reviewer_is_lead(struct db *db, const char *name, bool *lead, bool *exists,
			    struct sieve_error *err);

int store_require_lead(struct db *db, const char *reviewer, const char *what,
		       struct sieve_error *err)
{
	bool lead, exists;
	if (reviewer_is_lead(db, reviewer, &lead, &exists, err))
		return -1;
	if (!lead)
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"only a lead %s (%s is not a lead: sieve reviewers add NAME --lead)", what,
			reviewer);
	return 0;
}

int store_screen_set_required(struct db *db, const char *reviewer, enum screen_stage st, int n,
			      struct sieve_error *err)
{
	if (n < 1 || n > 2)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a stage needs 1 or 2 decisions per record");
	if (store_require_lead(db, reviewer, "changes the settings", err))
		return -1;
	char v[8];
	snprintf(v, sizeof v, "%d", n);
	const char *p[] = { v };
	return db_command(db, "set required decisions",
			  st == STAGE_TA ? "UPDATE review SET required_ta = $1"
					 : "UPDATE review SET required_ft = $1", 1, p, err);
}

int store_screen_set_maybe_conflicts(struct db *db, const char *reviewer, bool on,
				     struct sieve_error *err)
{
	if (store_require_lead(db, reviewer, "changes the settings", err))
		return -1;
	const char *p[] = { on ? "t" : "f" };
	return db_command(db, "set maybe rule", "UPDATE review SET maybe_conflicts = $1", 1, p, err);
}

static int reviewer_is_lead(struct db *db, const char *name, bool *lead, bool *exists,
			    struct sieve_error *err)
{
	const char *p[] = { name };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "look up reviewer",
			      "SELECT role = 'lead' AS lead FROM reviewer WHERE name = $1", 1, p, err);
	if (!r)
		return -1;
	*exists = PQntuples(r) == 1;
	*lead = *exists && PQgetvalue(r, 0, db_col(r, "lead"))[0] == 't';
	PQclear(r);
	return 0;
}

int store_screen_set_blind(struct db *db, const char *reviewer, bool blind, struct sieve_error *err)
{
	if (store_require_lead(db, reviewer, "may change blinding", err))
		return -1;
	const char *p[] = { blind ? "t" : "f", reviewer };
	if (db_begin(db, err))
		return -1;
	if (db_command(db, "set blinding", "UPDATE review SET blind = $1", 1, p, err) ||
	    db_command(db, "audit blinding",
		       "INSERT INTO audit (action, detail) VALUES ('blind',"
		       " jsonb_build_object('blind', $1::boolean, 'by', $2::text))", 2, p, err)) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

/* ---- reviewers ---- */

int store_reviewer_add(struct db *db, const char *name, bool lead, enum reviewer_added *done,
		       struct sieve_error *err)
{
	if (!name || !*name || strlen(name) > 63)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a reviewer name has 1-63 characters");
	if (!strcmp(name, "agreed") || !strcmp(name, "consensus"))
		return sieve_error_set(err, SIEVE_ERR_USAGE,
			"\"%s\" names the agreed values and cannot be a reviewer", name);
	if (db_begin(db, err))
		return -1;
	const char *p[] = { name, lead ? "lead" : "reviewer" };
	/* Adding an existing reviewer again changes nothing, except that
	 * --lead promotes; a lead is never demoted by it. */
	PGresult *ar = db_exec(db, PGRES_TUPLES_OK, "add reviewer",
		"WITH old AS (SELECT role FROM reviewer WHERE name = $1),"
		" ins AS (INSERT INTO reviewer (name, role) VALUES ($1, $2)"
		"  ON CONFLICT (name) DO UPDATE SET role = 'lead'"
		"   WHERE $2 = 'lead' AND reviewer.role <> 'lead' RETURNING role)"
		" SELECT (SELECT role FROM old) AS old_role, (SELECT role FROM ins) AS new_role",
		2, p, err);
	if (!ar)
		goto fail;
	int c_old = db_col(ar, "old_role"), c_new = db_col(ar, "new_role");
	bool existed = !PQgetisnull(ar, 0, c_old), changed = !PQgetisnull(ar, 0, c_new);
	bool is_lead = changed ? lead : existed && !strcmp(PQgetvalue(ar, 0, c_old), "lead");
	PQclear(ar);
	if (done)
		*done = !existed ? REVIEWER_ADDED : changed ? REVIEWER_PROMOTED : REVIEWER_EXISTS;
	lead = is_lead || lead;
	if (db->target.mode == DB_TEAM) {
		/* The reviewer is a database role: row-level security keys on it. */
		char *role = PQescapeIdentifier(db->conn, name, strlen(name));
		const char *rp[] = { name };
		PGresult *r = db_exec(db, PGRES_TUPLES_OK, "look up role",
				      "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, rp, err);
		int rc = r ? 0 : -1;
		bool have = r && PQntuples(r) == 1;
		PQclear(r);
		struct strbuf sql = STRBUF_INIT;
		if (rc == 0) {
			/* An identifier cannot be a parameter; it is quoted by libpq. */
			if (!have)
				strbuf_addf(&sql, "CREATE ROLE %s LOGIN;", role);
			PGresult *g = sql.buf ? PQexec(db->conn, sql.buf) : NULL;
			rc = sql.buf ? db_check(db, g, PGRES_COMMAND_OK, "create the reviewer's role", err) : 0;
			PQclear(g);
			/* What a reviewer's role may do: grant_reviewer (0008). */
			const char *gp[] = { name, lead ? "t" : "f" };
			if (rc == 0) {
				g = db_exec(db, PGRES_TUPLES_OK, "grant the reviewer's role",
					    "SELECT grant_reviewer($1, $2::boolean)", 2, gp, err);
				rc = g ? 0 : -1;
				PQclear(g);
			}
		}
		strbuf_fini(&sql);
		PQfreemem(role);
		if (rc)
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

/* Embedded: the reviewer the session acts for, read by the schema's SQL
 * (sieve_actor, 0008). A team server ignores it for reviewer roles. */
static int set_actor(struct db *db, const char *who, struct sieve_error *err)
{
	const char *p[] = { who };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "name the acting reviewer",
			      "SELECT pg_catalog.set_config('sieve.reviewer', $1, false)", 1, p, err);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int store_reviewer_current(struct db *db, const char *requested, char **name, bool *lead,
			   struct sieve_error *err)
{
	*name = NULL;
	char *who = NULL;
	if (db->target.mode == DB_TEAM) {
		PGresult *r = db_exec(db, PGRES_TUPLES_OK, "who am I", "SELECT current_user",
				      0, NULL, err);
		if (!r)
			return -1;
		who = xstrdup(PQgetvalue(r, 0, db_col(r, "current_user")));
		PQclear(r);
		if (requested && strcmp(requested, who) != 0) {
			sieve_error_set(err, SIEVE_ERR_USAGE,
				"on a team server the reviewer is the database role (%s); connect as %s "
				"to screen as %s", who, requested, requested);
			free(who);
			return -1;
		}
	} else {
		const char *env = getenv("SIEVE_REVIEWER");
		if (requested && *requested)
			who = xstrdup(requested);
		else if (env && *env)
			who = xstrdup(env);
		else {
			struct passwd *pw = getpwuid(getuid());
			who = xstrdup(pw ? pw->pw_name : "reviewer");
		}
	}
	bool exists;
	if (reviewer_is_lead(db, who, lead, &exists, err)) {
		free(who);
		return -1;
	}
	if (!exists) {
		sieve_error_set(err, SIEVE_ERR_DATA,
			"%s is not a reviewer of this review: add them with 'sieve reviewers add %s' "
			"(or choose one with --reviewer / SIEVE_REVIEWER)", who, who);
		free(who);
		return -1;
	}
	if (db->target.mode == DB_EMBEDDED && set_actor(db, who, err)) {
		free(who);
		return -1;
	}
	*name = who;
	return 0;
}

int store_viewer(struct db *db, const char *requested, struct sieve_error *err)
{
	if (!requested)
		return 0;
	char *who = NULL;
	bool lead;
	if (store_reviewer_current(db, requested, &who, &lead, err))
		return -1;
	free(who);
	return 0;
}

int store_sees_all(struct db *db, bool *all, struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read blinding", "SELECT sieve_sees_all() AS sees_all",
			      0, NULL, err);
	if (!r)
		return -1;
	*all = PQgetvalue(r, 0, db_col(r, "sees_all"))[0] == 't';
	PQclear(r);
	return 0;
}

int store_reviewers(struct db *db, struct reviewer_row **rows, size_t *n, struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list reviewers",
			      "SELECT v.name, v.role = 'lead' AS lead,"
			      " (SELECT count(*) FROM decision d WHERE d.reviewer = v.name AND NOT d.is_undo)"
			      "  AS decisions"
			      " FROM reviewer v ORDER BY v.name", 0, NULL, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct reviewer_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_name = db_col(r, "name"), c_lead = db_col(r, "lead"),
	    c_decisions = db_col(r, "decisions");
	for (size_t i = 0; i < k; i++) {
		v[i].name = xstrdup(PQgetvalue(r, (int)i, c_name));
		v[i].lead = PQgetvalue(r, (int)i, c_lead)[0] == 't';
		v[i].decisions = atoll(PQgetvalue(r, (int)i, c_decisions));
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void reviewer_rows_free(struct reviewer_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}

/* ---- reasons and terms ---- */

int store_reasons(struct db *db, char ***list, size_t *n, struct sieve_error *err)
{
	return db_string_list(db, "list reasons", "SELECT name FROM reason ORDER BY position, name",
			   0, NULL, list, n, err);
}

int store_reasons_add(struct db *db, char *const *names, size_t n, struct sieve_error *err)
{
	if (db_begin(db, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!names[i][0]) {
			db_rollback(db);
			return sieve_error_set(err, SIEVE_ERR_USAGE, "a reason must not be empty");
		}
		const char *p[] = { names[i] };
		if (db_command(db, "add reason",
			       "INSERT INTO reason (name, position)"
			       " SELECT $1, coalesce(max(position), 0) + 1 FROM reason"
			       " ON CONFLICT (name) DO NOTHING", 1, p, err)) {
			db_rollback(db);
			return -1;
		}
	}
	return db_commit(db, err);
}

int store_terms(struct db *db, const char *kind, char ***list, size_t *n, struct sieve_error *err)
{
	const char *p[] = { kind };
	return db_string_list(db, "list terms", "SELECT term FROM term WHERE kind = $1 ORDER BY term",
			   1, p, list, n, err);
}

int store_terms_add(struct db *db, const char *kind, char *const *terms, size_t n,
		    struct sieve_error *err)
{
	if (strcmp(kind, "include") != 0 && strcmp(kind, "exclude") != 0)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "terms are 'include' or 'exclude'");
	if (db_begin(db, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!terms[i][0]) {
			db_rollback(db);
			return sieve_error_set(err, SIEVE_ERR_USAGE, "a term must not be empty");
		}
		const char *p[] = { kind, terms[i] };
		if (db_command(db, "add term",
			       "INSERT INTO term (kind, term) VALUES ($1, $2) ON CONFLICT DO NOTHING",
			       2, p, err)) {
			db_rollback(db);
			return -1;
		}
	}
	return db_commit(db, err);
}

/* ---- lists ---- */

/* Whether the reviewer named by parameter P sees statuses (they reveal
 * others' verdicts): the review is not blinded, or they lead it. The
 * subqueries are uncorrelated, so they run once per statement. */
#define SEES_STATUS(P) \
	"(NOT (SELECT blind FROM review) OR EXISTS (SELECT 1 FROM reviewer" \
	" WHERE name = " P " AND role = 'lead'))"

/* The page's rows first (title/abstract: every record not deleted; full
 * text: the SECURITY DEFINER membership test), my verdict by an index
 * lookup per row, and the status only for the rows shown, except when
 * filtering by status. */
/* Forward and backward variants, so the keyset condition and the order
 * use the primary key index. */
#define PAGE_SQL(CMP, DIR) \
	"WITH page AS (" \
	" SELECT r.id, r.pmid, coalesce(r.pub_year, 0) AS year, coalesce(r.first_author, '') AS fa," \
	"  coalesce(r.title, '') AS title, coalesce(me.verdict::text, '') AS mine," \
	"  r.needs_rescreen, r.retracted" \
	" FROM record r" \
	" LEFT JOIN LATERAL (SELECT d.verdict FROM decision d WHERE d.record = r.id" \
	"   AND d.stage = $1::screening_stage AND d.reviewer = $2 ORDER BY d.id DESC LIMIT 1) me" \
	"  ON true" \
	" WHERE NOT r.deleted" \
	"  AND ($1 = 'title-abstract' OR record_at_stage(r.id, 'full-text'))" \
	"  AND r.id " CMP " $5::bigint" \
	"  AND CASE $3" \
	"   WHEN 'undecided' THEN me.verdict IS NULL" \
	"   WHEN 'mine' THEN me.verdict IS NOT NULL" \
	/* blinded reviewers filter by their own verdicts */ \
	"   WHEN 'included' THEN CASE WHEN " SEES_STATUS("$2") "" \
	"    THEN record_status(r.id, $1::screening_stage) = 'included'" \
	"    ELSE me.verdict = 'include' END" \
	"   WHEN 'excluded' THEN CASE WHEN " SEES_STATUS("$2") "" \
	"    THEN record_status(r.id, $1::screening_stage) = 'excluded'" \
	"    ELSE me.verdict = 'exclude' END" \
	"   WHEN 'maybe' THEN me.verdict = 'maybe'" \
	"    OR (" SEES_STATUS("$2") " AND record_status(r.id, $1::screening_stage) = 'maybe')" \
	"   WHEN 'conflicts' THEN " SEES_STATUS("$2") " AND record_status(r.id, $1::screening_stage) = 'conflict'" \
	"   WHEN 're-screen' THEN r.needs_rescreen" \
	"   WHEN 'retracted' THEN r.retracted" \
	"   ELSE true END" \
	"  AND ($4 = '' OR r.fts @@ plainto_tsquery('english', $4))" \
	" ORDER BY r.id " DIR " LIMIT $6)" \
	" SELECT id, pmid, year, fa, title, mine," \
	"  CASE WHEN " SEES_STATUS("$2") " THEN record_status(id, $1::screening_stage) ELSE 'open' END" \
	"   AS status," \
	"  needs_rescreen, retracted" \
	" FROM page ORDER BY id " DIR

static const char page_sql_fwd[] = PAGE_SQL(">", "ASC");
static const char page_sql_back[] = PAGE_SQL("<", "DESC");

int store_screen_index(struct db *db, long long *indexed, struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_COMMAND_OK, "index records for search",
		"UPDATE record r SET fts = to_tsvector('english', coalesce(r.title, '') || ' '"
		"  || coalesce(v.abstract, ''))"
		" FROM record_version v"
		" WHERE r.fts IS NULL AND v.search = r.version_search AND v.seq = r.version_seq",
		0, NULL, err);
	if (!r)
		return -1;
	if (indexed)
		*indexed = atoll(PQcmdTuples(r));
	PQclear(r);
	return 0;
}

int store_screen_page(struct db *db, enum screen_stage st, const char *reviewer,
		      enum screen_filter filter, const char *search, long long after,
		      bool backwards, int limit, struct screen_row **rows, size_t *n,
		      struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	if (search && *search && store_screen_index(db, NULL, err))
		return -1;
	char a[24], l[16];
	snprintf(a, sizeof a, "%lld", after);
	snprintf(l, sizeof l, "%d", limit > 0 ? limit : 100);
	const char *p[] = { screen_stage_name(st), reviewer, screen_filter_name(filter),
			    search ? search : "", a, l };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list records",
			      backwards ? page_sql_back : page_sql_fwd, 6, p, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct screen_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_id = db_col(r, "id"), c_pmid = db_col(r, "pmid"), c_year = db_col(r, "year"),
	    c_fa = db_col(r, "fa"), c_title = db_col(r, "title"), c_mine = db_col(r, "mine"),
	    c_status = db_col(r, "status"), c_rescreen = db_col(r, "needs_rescreen"),
	    c_retracted = db_col(r, "retracted");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].id = atoll(PQgetvalue(r, row, c_id));
		v[i].pmid = xstrdup(PQgetvalue(r, row, c_pmid));
		v[i].year = atoi(PQgetvalue(r, row, c_year));
		v[i].first_author = xstrdup(PQgetvalue(r, row, c_fa));
		v[i].title = xstrdup(PQgetvalue(r, row, c_title));
		v[i].mine = verdict_of(PQgetvalue(r, row, c_mine));
		v[i].status = status_of(PQgetvalue(r, row, c_status));
		v[i].rescreen = PQgetvalue(r, row, c_rescreen)[0] == 't';
		v[i].retracted = PQgetvalue(r, row, c_retracted)[0] == 't';
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void screen_rows_free(struct screen_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].pmid);
		free(rows[i].first_author);
		free(rows[i].title);
	}
	free(rows);
}

int store_screen_progress(struct db *db, enum screen_stage st, const char *reviewer,
			  struct screen_progress *pr, struct sieve_error *err)
{
	const char *p[] = { screen_stage_name(st), reviewer };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "screening progress",
		"SELECT CASE WHEN $1 = 'title-abstract'"
		"  THEN (SELECT count(*) FROM record WHERE NOT deleted)"
		"  ELSE (SELECT count(*) FROM stage_records($1::screening_stage)) END AS total,"
		" (SELECT count(*) FROM (SELECT DISTINCT ON (d.record) d.verdict FROM decision d"
		"   JOIN record r ON r.id = d.record AND NOT r.deleted"
		"   WHERE d.reviewer = $2 AND d.stage = $1::screening_stage"
		"   ORDER BY d.record, d.id DESC) m WHERE m.verdict IS NOT NULL) AS mine,"
		" stage_complete($1::screening_stage) AS complete", 2, p, err);
	if (!r)
		return -1;
	pr->total = atoll(PQgetvalue(r, 0, db_col(r, "total")));
	pr->mine = atoll(PQgetvalue(r, 0, db_col(r, "mine")));
	pr->complete = atoll(PQgetvalue(r, 0, db_col(r, "complete")));
	PQclear(r);
	return 0;
}

/* ---- one record ---- */

int store_screen_record(struct db *db, long long id, enum screen_stage st, const char *reviewer,
			struct screen_record *rec, struct sieve_error *err)
{
	memset(rec, 0, sizeof *rec);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	const char *p[] = { ids, screen_stage_name(st), reviewer };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read record",
		"SELECT r.pmid, coalesce(r.title, '') AS title,"
		" (SELECT string_agg(coalesce(a->>'collective', concat_ws(' ', a->>'last',"
		"   coalesce(a->>'initials', a->>'fore'))), ', ' ORDER BY o)"
		"   FROM json_array_elements(v.authors) WITH ORDINALITY t(a, o)) AS authors,"
		" r.journal, array_to_string(r.pub_types, '; ') AS pub_types,"
		" (SELECT string_agg(k, '; ') FROM json_array_elements_text(v.keywords) k) AS keywords,"
		" (SELECT string_agg((m->>'descriptor') || CASE WHEN (m->>'major')::boolean"
		"   THEN '*' ELSE '' END, '; ') FROM json_array_elements(v.mesh) m) AS mesh,"
		" r.doi, coalesce(r.pub_year, 0) AS year, coalesce(me.verdict::text, '') AS mine,"
		" me.reason, me.note,"
		" CASE WHEN " SEES_STATUS("$3") " THEN record_status(r.id, $2::screening_stage)"
		"  ELSE 'open' END AS status, r.needs_rescreen, r.retracted, r.deleted,"
		" " SEES_STATUS("$3") " AS sees"
		" FROM record r LEFT JOIN record_version v ON v.search = r.version_search"
		"  AND v.seq = r.version_seq"
		" LEFT JOIN LATERAL (SELECT d.verdict, d.reason, d.note FROM decision d"
		"  WHERE d.record = r.id AND d.stage = $2::screening_stage AND d.reviewer = $3"
		"  ORDER BY d.id DESC LIMIT 1) me ON true"
		" WHERE r.id = $1::bigint", 3, p, err);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return sieve_error_set(err, SIEVE_ERR_DATA, "no record with id %lld", id);
	}
	rec->id = id;
#define TEXT(name) db_text(r, 0, db_col(r, name))
#define VALUE(name) PQgetvalue(r, 0, db_col(r, name))
	rec->pmid = TEXT("pmid");
	rec->title = TEXT("title");
	rec->authors = TEXT("authors");
	rec->journal = TEXT("journal");
	rec->pub_types = TEXT("pub_types");
	rec->keywords = TEXT("keywords");
	rec->mesh = TEXT("mesh");
	rec->doi = TEXT("doi");
	rec->year = atoi(VALUE("year"));
	rec->mine = verdict_of(VALUE("mine"));
	rec->my_reason = TEXT("reason");
	rec->my_note = TEXT("note");
	rec->status = status_of(VALUE("status"));
	rec->rescreen = VALUE("needs_rescreen")[0] == 't';
	rec->retracted = VALUE("retracted")[0] == 't';
	rec->deleted = VALUE("deleted")[0] == 't';
	bool sees = VALUE("sees")[0] == 't';
#undef TEXT
#undef VALUE
	PQclear(r);

	r = db_exec(db, PGRES_TUPLES_OK, "read abstract",
		"SELECT x->>'label' AS label, coalesce(x->>'text', '') AS text"
		" FROM record r JOIN record_version v ON v.search = r.version_search"
		"  AND v.seq = r.version_seq,"
		" json_array_elements(v.abstract_json->'sections') WITH ORDINALITY t(x, o)"
		" WHERE r.id = $1::bigint ORDER BY o", 1, p, err);
	if (!r) {
		screen_record_fini(rec);
		return -1;
	}
	rec->n_abstract = (size_t)PQntuples(r);
	rec->abstract = xcalloc(rec->n_abstract ? rec->n_abstract : 1, sizeof *rec->abstract);
	int c_label = db_col(r, "label"), c_text = db_col(r, "text");
	for (size_t i = 0; i < rec->n_abstract; i++) {
		rec->abstract[i].label = db_text(r, (int)i, c_label);
		rec->abstract[i].text = db_text(r, (int)i, c_text);
	}
	PQclear(r);

	if (sees) {
		r = db_exec(db, PGRES_TUPLES_OK, "read others' decisions",
			"SELECT reviewer, verdict::text AS verdict, reason, note FROM decision_current"
			" WHERE record = $1::bigint AND stage = $2::screening_stage AND reviewer <> $3"
			"  AND verdict IS NOT NULL ORDER BY reviewer", 3, p, err);
		if (!r) {
			screen_record_fini(rec);
			return -1;
		}
		rec->n_others = (size_t)PQntuples(r);
		rec->others = xcalloc(rec->n_others ? rec->n_others : 1, sizeof *rec->others);
		int c_reviewer = db_col(r, "reviewer"), c_verdict = db_col(r, "verdict"),
		    c_reason = db_col(r, "reason"), c_note = db_col(r, "note");
		for (size_t i = 0; i < rec->n_others; i++) {
			rec->others[i].reviewer = db_text(r, (int)i, c_reviewer);
			rec->others[i].verdict = verdict_of(PQgetvalue(r, (int)i, c_verdict));
			rec->others[i].reason = db_text(r, (int)i, c_reason);
			rec->others[i].note = db_text(r, (int)i, c_note);
		}
		PQclear(r);
	}
	return 0;
}

void screen_record_fini(struct screen_record *r)
{
	free(r->pmid);
	free(r->title);
	free(r->authors);
	free(r->journal);
	free(r->pub_types);
	free(r->keywords);
	free(r->mesh);
	free(r->doi);
	free(r->my_reason);
	free(r->my_note);
	for (size_t i = 0; i < r->n_abstract; i++) {
		free(r->abstract[i].label);
		free(r->abstract[i].text);
	}
	free(r->abstract);
	for (size_t i = 0; i < r->n_others; i++) {
		free(r->others[i].reviewer);
		free(r->others[i].reason);
		free(r->others[i].note);
	}
	free(r->others);
	memset(r, 0, sizeof *r);
}

/* ---- decisions ---- */

int store_record_id(struct db *db, const char *pmid_or_doi, long long *id, struct sieve_error *err)
{
	const char *p[] = { pmid_or_doi };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "find record",
			      "SELECT id FROM record WHERE pmid = $1 OR lower(doi) = lower($1)"
			      " ORDER BY pmid = $1 DESC LIMIT 1", 1, p, err);
	if (!r)
		return -1;
	*id = PQntuples(r) ? atoll(PQgetvalue(r, 0, db_col(r, "id"))) : 0;
	PQclear(r);
	return 0;
}

/* One reviewer's changes to one record at a stage, one at a time: the
 * statements after this see the latest row (p: record, stage, reviewer). */
static int lock_history(struct db *db, const char *const *p, struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "lock the decision history",
			      "SELECT decision_lock($1::bigint, $2::screening_stage, $3)", 3, p, err);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int store_decide(struct db *db, long long record, enum screen_stage st, const char *reviewer,
		 enum verdict v, const char *reason, const char *note, struct sieve_error *err)
{
	if (v == VERDICT_NONE)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a decision is include, exclude or maybe");
	if (reason && !*reason)
		reason = NULL;
	if (v == VERDICT_EXCLUDE && st == STAGE_FT && !reason)
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"excluding at full text needs a reason (--reason; see 'sieve reasons')");
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", record);
	const char *p[] = { ids, screen_stage_name(st), reviewer, verdict_name(v), reason, note };
	if (db_begin(db, err) || lock_history(db, p, err))
		return db_rollback(db), -1;
	if (reason) {
		PGresult *r = db_exec(db, PGRES_TUPLES_OK, "check reason",
				      "SELECT 1 FROM reason WHERE name = $1", 1, p + 4, err);
		if (!r)
			goto fail;
		bool known = PQntuples(r) == 1;
		PQclear(r);
		if (!known) {
			sieve_error_set(err, SIEVE_ERR_DATA,
				"\"%s\" is not one of the review's reasons: add it with "
				"'sieve reasons add \"%s\"' or pick one from 'sieve reasons'", reason, reason);
			goto fail;
		}
	}
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "check stage",
			      "SELECT record_at_stage($1::bigint, $2::screening_stage) AS at_stage",
			      2, p, err);
	if (!r)
		goto fail;
	bool at_stage = PQgetvalue(r, 0, db_col(r, "at_stage"))[0] == 't';
	PQclear(r);
	if (!at_stage) {
		sieve_error_set(err, SIEVE_ERR_DATA, st == STAGE_FT
			? "this record is not at the full-text stage (it was not included at title/abstract)"
			: "this record is deleted and cannot be screened");
		goto fail;
	}
	if (db_command(db, "record decision",
		       "INSERT INTO decision (record, stage, reviewer, verdict, reason, note, previous)"
		       " VALUES ($1::bigint, $2::screening_stage, $3, $4::verdict, $5, $6,"
		       "  (SELECT id FROM decision WHERE record = $1::bigint"
		       "    AND stage = $2::screening_stage AND reviewer = $3 ORDER BY id DESC LIMIT 1))",
		       6, p, err))
		goto fail;
	/* the decision trigger clears the record's re-screen flag (0008) */
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int store_undo(struct db *db, long long record, enum screen_stage st, const char *reviewer,
	       enum verdict *restored, struct sieve_error *err)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", record);
	const char *p[] = { ids, screen_stage_name(st), reviewer };
	if (db_begin(db, err) || lock_history(db, p, err))
		return db_rollback(db), -1;
	/* The state before the current row is the row it replaced; undoing
	 * appends a copy of that (or "undecided"), linked one step further
	 * back so the next undo continues. */
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "undo",
		"WITH cur AS (SELECT * FROM decision WHERE record = $1::bigint"
		"   AND stage = $2::screening_stage AND reviewer = $3 ORDER BY id DESC LIMIT 1),"
		" prev AS (SELECT d.* FROM decision d, cur WHERE d.id = cur.previous)"
		" INSERT INTO decision (record, stage, reviewer, verdict, reason, note, previous, is_undo)"
		" SELECT cur.record, cur.stage, cur.reviewer, prev.verdict, prev.reason, prev.note,"
		"  prev.previous, true"
		" FROM cur LEFT JOIN prev ON true"
		" WHERE cur.verdict IS NOT NULL OR cur.previous IS NOT NULL"
		" RETURNING coalesce(verdict::text, '') AS verdict", 3, p, err);
	if (!r) {
		db_rollback(db);
		return -1;
	}
	int did = PQntuples(r) == 1;
	if (restored)
		*restored = did ? verdict_of(PQgetvalue(r, 0, db_col(r, "verdict"))) : VERDICT_NONE;
	PQclear(r);
	return db_commit(db, err) ? -1 : did;
}

int store_note(struct db *db, long long record, enum screen_stage st, const char *reviewer,
	       const char *note, struct sieve_error *err)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", record);
	const char *p[] = { ids, screen_stage_name(st), reviewer, note };
	/* A note changes the decision: a new row keeps the old one in history. */
	if (db_begin(db, err) || lock_history(db, p, err))
		return db_rollback(db), -1;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "record note",
		"INSERT INTO decision (record, stage, reviewer, verdict, reason, note, previous)"
		" SELECT record, stage, reviewer, verdict, reason, $4, id FROM decision"
		" WHERE record = $1::bigint AND stage = $2::screening_stage AND reviewer = $3"
		"  AND verdict IS NOT NULL"
		"  AND id = (SELECT max(id) FROM decision WHERE record = $1::bigint"
		"   AND stage = $2::screening_stage AND reviewer = $3)"
		" RETURNING id", 4, p, err);
	if (!r)
		return db_rollback(db), -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1) {
		db_rollback(db);
		return sieve_error_set(err, SIEVE_ERR_DATA, "decide on the record before adding a note");
	}
	return db_commit(db, err);
}

/* ---- conflicts, resolution, agreement, export ---- */

int store_conflicts(struct db *db, enum screen_stage st, struct conflict_row **rows, size_t *n,
		    struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	const char *p[] = { screen_stage_name(st) };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list conflicts",
		"SELECT r.id, r.pmid, coalesce(r.title, '') AS title,"
		" (SELECT string_agg(d.reviewer || ': ' || d.verdict"
		"   || coalesce(' (' || d.reason || ')', ''), '; ' ORDER BY d.reviewer)"
		"  FROM decision_current d WHERE d.record = r.id AND d.stage = $1::screening_stage"
		"   AND d.verdict IS NOT NULL) AS verdicts"
		" FROM record r JOIN record_stage_status s ON s.record = r.id"
		" WHERE s.stage = $1::screening_stage AND s.status = 'conflict'"
		/* blinded: a reviewer's own decisions cannot conflict */
		"  AND (SELECT sieve_sees_all()) ORDER BY r.id",
		1, p, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct conflict_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_id = db_col(r, "id"), c_pmid = db_col(r, "pmid"), c_title = db_col(r, "title"),
	    c_verdicts = db_col(r, "verdicts");
	for (size_t i = 0; i < k; i++) {
		v[i].id = atoll(PQgetvalue(r, (int)i, c_id));
		v[i].pmid = xstrdup(PQgetvalue(r, (int)i, c_pmid));
		v[i].title = xstrdup(PQgetvalue(r, (int)i, c_title));
		v[i].verdicts = xstrdup(PQgetvalue(r, (int)i, c_verdicts));
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void conflict_rows_free(struct conflict_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].pmid);
		free(rows[i].title);
		free(rows[i].verdicts);
	}
	free(rows);
}

int store_resolve(struct db *db, long long record, enum screen_stage st, const char *resolver,
		  enum verdict v, const char *reason, bool force, struct sieve_error *err)
{
	bool lead, exists;
	if (reviewer_is_lead(db, resolver, &lead, &exists, err))
		return -1;
	if (!lead)
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"only a lead resolves conflicts (%s is not a lead)", resolver);
	if (v == VERDICT_NONE)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "a resolution is include, exclude or maybe");
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", record);
	const char *p[] = { ids, screen_stage_name(st), verdict_name(v), reason, resolver,
			    force ? "t" : "f" };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "check the reviewers' verdict",
			      "SELECT coalesce(agreed_verdict($1::bigint, $2::screening_stage)::text, '')"
			      "  AS agreed",
			      2, p, err);
	if (!r)
		return -1;
	enum verdict agreed = verdict_of(PQgetvalue(r, 0, db_col(r, "agreed")));
	PQclear(r);
	if (agreed != VERDICT_NONE && agreed != v && !force)
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"the reviewers agreed on %s: resolving it as %s overturns their verdict; "
			"add --force to do so (the resolution records that it was forced)",
			verdict_name(agreed), verdict_name(v));
	return db_command(db, "record resolution",
			  "INSERT INTO resolution (record, stage, verdict, reason, resolver, forced)"
			  " VALUES ($1::bigint, $2::screening_stage, $3::verdict, $4, $5,"
			  "  $6::boolean AND coalesce(agreed_verdict($1::bigint, $2::screening_stage) <> $3::verdict,"
			  "   false))",
			  6, p, err);
}

int store_agreement(struct db *db, enum screen_stage st, struct agreement_data *d,
		    struct sieve_error *err)
{
	memset(d, 0, sizeof *d);
	const char *p[] = { screen_stage_name(st) };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "who sees agreement",
			      "SELECT sieve_sees_all() AS sees", 0, NULL, err);
	if (!r)
		return -1;
	bool sees = PQgetvalue(r, 0, db_col(r, "sees"))[0] == 't';
	PQclear(r);
	if (!sees)
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"while the review is blinded only a lead sees agreement (it compares the "
			"reviewers' decisions)");
	r = db_exec(db, PGRES_TUPLES_OK, "read decisions for agreement",
		"SELECT record, reviewer, CASE verdict WHEN 'include' THEN 1 WHEN 'exclude' THEN 2"
		" ELSE 3 END AS code FROM decision_current WHERE stage = $1::screening_stage"
		" AND verdict IS NOT NULL ORDER BY reviewer, record", 1, p, err);
	if (!r)
		return -1;
	int nr = PQntuples(r);
	int c_record = db_col(r, "record"), c_reviewer = db_col(r, "reviewer"),
	    c_code = db_col(r, "code");
	/* reviewers in order */
	for (int i = 0; i < nr; i++) {
		const char *name = PQgetvalue(r, i, c_reviewer);
		if (!d->n_reviewers || strcmp(d->reviewers[d->n_reviewers - 1], name) != 0) {
			d->reviewers = xrealloc(d->reviewers, (d->n_reviewers + 1) * sizeof *d->reviewers);
			d->reviewers[d->n_reviewers++] = xstrdup(name);
		}
	}
	size_t m = d->n_reviewers;
	d->n_pairs = m > 1 ? m * (m - 1) / 2 : 0;
	d->pairs = xcalloc(d->n_pairs ? d->n_pairs : 1, sizeof *d->pairs);
	size_t k = 0;
	for (size_t a = 0; a < m; a++)
		for (size_t b = a + 1; b < m; b++) {
			struct agreement_pair *pr = &d->pairs[k++];
			pr->a = a;
			pr->b = b;
			pr->va = xcalloc((size_t)nr + 1, sizeof *pr->va);
			pr->vb = xcalloc((size_t)nr + 1, sizeof *pr->vb);
			/* both rows are sorted by record within a reviewer */
			int i = 0, j = 0;
			while (i < nr && strcmp(PQgetvalue(r, i, c_reviewer), d->reviewers[a]) != 0)
				i++;
			while (j < nr && strcmp(PQgetvalue(r, j, c_reviewer), d->reviewers[b]) != 0)
				j++;
			while (i < nr && j < nr
			       && !strcmp(PQgetvalue(r, i, c_reviewer), d->reviewers[a])
			       && !strcmp(PQgetvalue(r, j, c_reviewer), d->reviewers[b])) {
				long long ri = atoll(PQgetvalue(r, i, c_record)),
					  rj = atoll(PQgetvalue(r, j, c_record));
				if (ri == rj) {
					pr->va[pr->n] = atoi(PQgetvalue(r, i, c_code));
					pr->vb[pr->n] = atoi(PQgetvalue(r, j, c_code));
					pr->n++;
					i++;
					j++;
				} else if (ri < rj) {
					i++;
				} else {
					j++;
				}
			}
		}
	PQclear(r);
	if (m > 2) {
		r = db_exec(db, PGRES_TUPLES_OK, "read decisions for Fleiss' kappa",
			"SELECT count(*) FILTER (WHERE verdict = 'include') AS n_include,"
			" count(*) FILTER (WHERE verdict = 'exclude') AS n_exclude,"
			" count(*) FILTER (WHERE verdict = 'maybe') AS n_maybe"
			" FROM decision_current WHERE stage = $1::screening_stage AND verdict IS NOT NULL"
			" GROUP BY record HAVING count(*) = (SELECT count(DISTINCT reviewer)"
			"  FROM decision_current WHERE stage = $1::screening_stage AND verdict IS NOT NULL)",
			1, p, err);
		if (!r) {
			agreement_data_fini(d);
			return -1;
		}
		d->n_fleiss = (size_t)PQntuples(r);
		d->fleiss_counts = xcalloc(d->n_fleiss * 3 + 1, sizeof *d->fleiss_counts);
		/* in the order of the codes above: include, exclude, maybe */
		int c_n[3] = { db_col(r, "n_include"), db_col(r, "n_exclude"),
			       db_col(r, "n_maybe") };
		for (size_t i = 0; i < d->n_fleiss; i++)
			for (int c = 0; c < 3; c++)
				d->fleiss_counts[i * 3 + (size_t)c] = atoi(PQgetvalue(r, (int)i, c_n[c]));
		PQclear(r);
	}
	return 0;
}

void agreement_data_fini(struct agreement_data *d)
{
	for (size_t i = 0; i < d->n_reviewers; i++)
		free(d->reviewers[i]);
	free(d->reviewers);
	for (size_t i = 0; i < d->n_pairs; i++) {
		free(d->pairs[i].va);
		free(d->pairs[i].vb);
	}
	free(d->pairs);
	free(d->fleiss_counts);
	memset(d, 0, sizeof *d);
}

int store_decisions_export(struct db *db, struct decision_export_row **rows, size_t *n,
			   struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "export decisions",
		"SELECT d.id, r.pmid, d.stage::text AS stage, d.reviewer,"
		" coalesce(d.verdict::text, '') AS verdict, d.reason, d.note,"
		" to_char(d.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at"
		" FROM decision d JOIN record r ON r.id = d.record"
		" WHERE d.reviewer = (SELECT sieve_actor()) OR (SELECT sieve_sees_all())"
		" ORDER BY d.id", 0, NULL, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct decision_export_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_id = db_col(r, "id"), c_pmid = db_col(r, "pmid"), c_stage = db_col(r, "stage"),
	    c_reviewer = db_col(r, "reviewer"), c_verdict = db_col(r, "verdict"),
	    c_reason = db_col(r, "reason"), c_note = db_col(r, "note"), c_at = db_col(r, "at");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].id = atoll(PQgetvalue(r, row, c_id));
		v[i].pmid = db_text(r, row, c_pmid);
		v[i].stage = db_text(r, row, c_stage);
		v[i].reviewer = db_text(r, row, c_reviewer);
		v[i].verdict = db_text(r, row, c_verdict);
		v[i].reason = db_text(r, row, c_reason);
		v[i].note = db_text(r, row, c_note);
		v[i].at = db_text(r, row, c_at);
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void decision_export_rows_free(struct decision_export_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].pmid);
		free(rows[i].stage);
		free(rows[i].reviewer);
		free(rows[i].verdict);
		free(rows[i].reason);
		free(rows[i].note);
		free(rows[i].at);
	}
	free(rows);
}
