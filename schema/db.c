/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connecting to a review (embedded or team server), the result gate, and the
 * migration runner. */
#define _GNU_SOURCE
#include "db_internal.h"
#include "cluster.h"
#include "migrations.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <ctype.h>
#include <pwd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool db_review_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 63 || !islower((unsigned char)name[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) &&
		    name[i] != '_' && name[i] != '-')
			return false;
	if (strncmp(name, "pg_", 3) == 0 || strcmp(name, "public") == 0 ||
	    strcmp(name, "information_schema") == 0)
		return false;
	return true;
}

void db_target_fini(struct db_target *t)
{
	free(t->dir);
	free(t->conninfo);
	free(t->review);
	memset(t, 0, sizeof *t);
}

static int check_conninfo(const char *conninfo, struct sieve_error *err)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &msg);
	if (!o) {
		if (msg) {
			msg[strcspn(msg, "\n")] = '\0';
			sieve_error_set(err, SIEVE_ERR_USAGE,
				"bad connection string \"%s\": %s (expected e.g. "
				"\"host=db.example dbname=reviews\" or postgresql://host/db)",
				conninfo, msg);
			PQfreemem(msg);
		} else {
			sieve_error_set(err, SIEVE_ERR_NOMEM, "out of memory");
		}
		return -1;
	}
	PQconninfoFree(o);
	return 0;
}

int db_target_team(struct db_target *t, const char *conninfo, const char *review,
		   struct sieve_error *err)
{
	memset(t, 0, sizeof *t);
	if (check_conninfo(conninfo ? conninfo : "", err))
		return -1;
	if (!review || !*review)
		return sieve_error_set(err, SIEVE_ERR_USAGE,
			"on a team server, name the review: --review NAME (or SIEVE_REVIEW)");
	if (!db_review_name_valid(review))
		return sieve_error_set(err, SIEVE_ERR_USAGE,
			"bad review name \"%s\": use 1-63 lower-case letters, digits, '-' or '_', "
			"starting with a letter (not pg_*, public)", review);
	t->mode = DB_TEAM;
	t->conninfo = xstrdup(conninfo ? conninfo : "");
	t->review = xstrdup(review);
	return 0;
}

int db_target_embedded(struct db_target *t, const char *dir, struct sieve_error *err)
{
	memset(t, 0, sizeof *t);
	char *abs = NULL;
	if (dir[0] == '/') {
		abs = xstrdup(dir);
	} else {
		char *cwd = getcwd(NULL, 0);
		if (!cwd)
			return sieve_error_set(err, SIEVE_ERR_IO, "cannot read the current folder");
		abs = xasprintf("%s/%s", cwd, dir);
		free(cwd);
	}
	/* Tidy "a/./b/" into "a/b" without resolving symlinks. */
	size_t n = strlen(abs);
	while (n > 1 && abs[n - 1] == '/')
		abs[--n] = '\0';
	char *w = abs;
	for (char *r = abs; *r;) {
		if (r[0] == '/' && r[1] == '.' && (r[2] == '/' || r[2] == '\0')) {
			r += 2;
			continue;
		}
		if (r[0] == '/' && r[1] == '/') {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	if (!abs[0])
		strcpy(abs, "/");
	t->mode = DB_EMBEDDED;
	t->dir = abs;
	return 0;
}

int db_target_resolve(struct db_target *t, const char *db_opt, const char *review_opt,
		      const char *cwd, struct sieve_error *err)
{
	memset(t, 0, sizeof *t);
	const char *review = review_opt ? review_opt : getenv("SIEVE_REVIEW");
	const char *conninfo = db_opt ? db_opt : getenv("SIEVE_DB");
	if (conninfo && *conninfo)
		return db_target_team(t, conninfo, review, err);
	char *dir = cluster_find_review_dir(cwd);
	if (dir) {
		int rc = db_target_embedded(t, dir, err);
		free(dir);
		return rc;
	}
	if (getenv("PGHOST") || getenv("PGDATABASE") || getenv("PGSERVICE"))
		return db_target_team(t, "", review, err);
	return sieve_error_set(err, SIEVE_ERR_DATA,
		"not inside a sieve review (no %s/ here or in any parent folder): "
		"cd into a review, create one with 'sieve init DIR', or use --db CONNINFO --review NAME",
		CLUSTER_DIRNAME);
}

char *db_target_describe(const struct db_target *t)
{
	if (t->mode == DB_EMBEDDED)
		return xasprintf("%s (embedded PostgreSQL)", t->dir);
	return xasprintf("review \"%s\" on %s", t->review,
			 t->conninfo[0] ? t->conninfo : "the server of the PG* variables");
}

const struct db_target *db_target_of(const struct db *db)
{
	return &db->target;
}

/* ---- the result gate ---- */

static void first_line(char *s)
{
	s[strcspn(s, "\n")] = '\0';
}

int db_check(struct db *db, PGresult *r, ExecStatusType want, const char *what,
	     struct sieve_error *err)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == want)
		return 0;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	char msg[400];
	snprintf(msg, sizeof msg, "%s", primary ? primary :
		 (db && db->conn) ? PQerrorMessage(db->conn) : "no result");
	first_line(msg);
	enum sieve_errcode code = SIEVE_ERR_DB;
	if ((db && db->conn && PQstatus(db->conn) == CONNECTION_BAD) ||
	    (state && strncmp(state, "08", 2) == 0) ||
	    (state && strncmp(state, "57P", 3) == 0))
		code = SIEVE_ERR_DB_DOWN;
	if (state && strcmp(state, "42501") == 0)
		sieve_error_set_at(err, code, detail,
			"%s: permission denied (%s); ask the review's lead to grant access", what, msg);
	else
		sieve_error_set_at(err, code, detail, "%s: %s", what, msg);
	if (err && state && !err->sqlstate[0])
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	const char *col = r ? PQresultErrorField(r, PG_DIAG_COLUMN_NAME) : NULL;
	const char *con = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	if (err && !err->field[0] && (col || con))
		snprintf(err->field, sizeof err->field, "%s %s", col ? "field" : "constraint",
			 col ? col : con);
	return -1;
}

PGresult *db_exec(struct db *db, ExecStatusType want, const char *what, const char *sql,
		  int nparams, const char *const *params, struct sieve_error *err)
{
	PGresult *r = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (db_check(db, r, want, what, err)) {
		PQclear(r);
		return NULL;
	}
	return r;
}

int db_command(struct db *db, const char *what, const char *sql, int nparams,
	       const char *const *params, struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_COMMAND_OK, what, sql, nparams, params, err);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int db_begin(struct db *db, struct sieve_error *err)
{
	return db_command(db, "begin transaction", "BEGIN", 0, NULL, err);
}

int db_commit(struct db *db, struct sieve_error *err)
{
	return db_command(db, "commit", "COMMIT", 0, NULL, err);
}

void db_rollback(struct db *db)
{
	PQclear(PQexec(db->conn, "ROLLBACK"));
}

/* ---- connecting ---- */

static void notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *connect_embedded(const char *dir, struct sieve_error *err)
{
	char *host = cluster_socket_host(dir, err);
	if (!host)
		return NULL;
	const char *keys[] = { "host", "dbname", "user", "client_encoding",
			       "fallback_application_name", NULL };
	const char *vals[] = { host, CLUSTER_DB_NAME, CLUSTER_DB_USER, "UTF8", "sieve", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	free(host);
	return c;
}

static PGconn *connect_team(const char *conninfo)
{
	const char *keys[] = { "dbname", "client_encoding", "fallback_application_name", NULL };
	const char *vals[] = { conninfo, "UTF8", "sieve", NULL };
	/* expand_dbname: conninfo may be a key=value string or a URI. */
	return PQconnectdbParams(keys, vals, 1);
}

static int set_search_path(struct db *db, struct sieve_error *err)
{
	char *q = PQescapeIdentifier(db->conn, db->schema, strlen(db->schema));
	if (!q)
		return sieve_error_set(err, SIEVE_ERR_NOMEM, "out of memory");
	const char *p[] = { q };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "set search_path",
			      "SELECT pg_catalog.set_config('search_path', $1, false)", 1, p, err);
	PQfreemem(q);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

static struct db *db_connect(const struct db_target *t, bool start, struct sieve_error *err)
{
	PGconn *c;
	if (t->mode == DB_EMBEDDED) {
		if (!cluster_is_review_dir(t->dir)) {
			sieve_error_set(err, SIEVE_ERR_DATA,
				"%s is not a sieve review (no %s/ with a database): "
				"create one with 'sieve init %s'", t->dir, CLUSTER_DIRNAME, t->dir);
			return NULL;
		}
		if (start && cluster_start(t->dir, NULL, err))
			return NULL;
		c = connect_embedded(t->dir, err);
		if (!c)
			return NULL;
	} else {
		c = connect_team(t->conninfo);
	}
	if (!c) {
		sieve_error_set(err, SIEVE_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		char reason[400];
		snprintf(reason, sizeof reason, "%s", PQerrorMessage(c));
		first_line(reason);
		if (t->mode == DB_EMBEDDED)
			sieve_error_set(err, SIEVE_ERR_DB_DOWN,
				"cannot reach the review's database server: %s "
				"(try 'sieve db start'; its log is in %s/%s/server.log)", reason, t->dir,
				CLUSTER_DIRNAME);
		else
			sieve_error_set(err, SIEVE_ERR_DB_DOWN,
				"cannot reach the database server: %s; check --db/SIEVE_DB "
				"and that the server is up", reason);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, notice_ignore, NULL);
	/* sieve's statements are short or bulk merges that JIT only slows down
	 * (its compilation cost 0.3 s per import statement). temp_buffers, which
	 * must be set before the session's first temporary table, keeps an
	 * import's staged rows in memory; it is allocated only as used. */
	PGresult *jr = PQexec(c, "SET jit = off; SET temp_buffers = '256MB'");
	PQclear(jr);
	struct db *db = xcalloc(1, sizeof *db);
	db->conn = c;
	db->target.mode = t->mode;
	db->target.dir = xstrdup(t->dir);
	db->target.conninfo = xstrdup(t->conninfo);
	db->target.review = xstrdup(t->review);
	db->schema = xstrdup(t->mode == DB_EMBEDDED ? DB_EMBEDDED_SCHEMA : t->review);
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	db_target_fini(&db->target);
	free(db->schema);
	free(db);
}

/* ---- migrations ---- */

static const char migrations_table_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version integer PRIMARY KEY,"
	" name text NOT NULL,"
	" sha256 text NOT NULL,"
	" applied_at timestamptz NOT NULL DEFAULT now())";

/* Compare applied migrations with the embedded ones. Fills *applied (newest
 * applied version) and *pending. Errors when the database is newer than the
 * binary or an applied migration changed. */
static int migrations_compare(struct db *db, int *applied, int *pending,
			      struct sieve_error *err)
{
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "read schema version",
			      "SELECT version, name, sha256 FROM schema_migrations ORDER BY version",
			      0, NULL, err);
	if (!r)
		return -1;
	int rc = 0, newest = 0, matched = 0;
	int c_version = db_col(r, "version"), c_name = db_col(r, "name"),
	    c_sha256 = db_col(r, "sha256");
	int known = migrations_count ? migrations[migrations_count - 1].version : 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		int v = atoi(PQgetvalue(r, i, c_version));
		if (v > newest)
			newest = v;
		if (v > known) {
			rc = sieve_error_set(err, SIEVE_ERR_DATA,
				"this review's schema (version %d, migration %04d_%s) is newer than "
				"this sieve (knows up to %d): upgrade sieve", v, v,
				PQgetvalue(r, i, c_name), known);
			break;
		}
		const struct migration *m = NULL;
		for (int j = 0; j < migrations_count; j++)
			if (migrations[j].version == v)
				m = &migrations[j];
		if (!m) {
			rc = sieve_error_set(err, SIEVE_ERR_DATA,
				"this review has migration %04d_%s, which this sieve does not know: "
				"use the sieve version that created it", v, PQgetvalue(r, i, c_name));
		} else if (strcmp(m->sha256, PQgetvalue(r, i, c_sha256)) != 0) {
			rc = sieve_error_set(err, SIEVE_ERR_DATA,
				"migration %04d_%s changed after it was applied to this review "
				"(checksum differs): restore schema/migrations/%04d_%s.sql and add a "
				"new migration instead", v, m->name, v, m->name);
		} else {
			matched++;
		}
	}
	PQclear(r);
	if (rc)
		return rc;
	*applied = newest;
	*pending = migrations_count - matched;
	return 0;
}

static bool schema_exists(struct db *db, bool *exists, struct sieve_error *err)
{
	const char *p[] = { db->schema };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "look up review",
			      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)"
			      "  AS has_schema,"
			      " EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
			      "          WHERE schemaname = $1 AND tablename = 'schema_migrations')"
			      "  AS has_migrations",
			      1, p, err);
	if (!r)
		return false;
	*exists = PQgetvalue(r, 0, db_col(r, "has_schema"))[0] == 't'
		&& PQgetvalue(r, 0, db_col(r, "has_migrations"))[0] == 't';
	PQclear(r);
	return true;
}

/* Apply pending migrations inside the caller's transaction. */
static int migrate_in_tx(struct db *db, int *count, struct sieve_error *err)
{
	char lockkey[160];
	snprintf(lockkey, sizeof lockkey, "sieve migrate %s", db->schema);
	const char *lp[] = { lockkey };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "lock schema for migration",
			      "SELECT pg_advisory_xact_lock(hashtext($1))", 1, lp, err);
	if (!r)
		return -1;
	PQclear(r);
	if (db_command(db, "create schema_migrations", migrations_table_sql, 0, NULL, err))
		return -1;
	int applied, pending;
	if (migrations_compare(db, &applied, &pending, err))
		return -1;
	int n = 0;
	PGresult *have = db_exec(db, PGRES_TUPLES_OK, "read schema version",
				 "SELECT version FROM schema_migrations", 0, NULL, err);
	if (!have)
		return -1;
	int c_version = db_col(have, "version");
	for (int i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		bool done = false;
		for (int j = 0; j < PQntuples(have); j++)
			if (atoi(PQgetvalue(have, j, c_version)) == m->version)
				done = true;
		if (done)
			continue;
		char what[128];
		snprintf(what, sizeof what, "migration %04d_%s", m->version, m->name);
		/* Our own SQL text from the binary, several statements: simple
		 * protocol. */
		PGresult *mr = PQexec(db->conn, m->sql);
		int bad = db_check(db, mr, PGRES_COMMAND_OK, what, err);
		PQclear(mr);
		if (bad)
			goto fail;
		char ver[16];
		snprintf(ver, sizeof ver, "%d", m->version);
		const char *p[] = { ver, m->name, m->sha256 };
		if (db_command(db, "record migration",
			       "INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
			       3, p, err))
			goto fail;
		n++;
	}
	PQclear(have);
	if (count)
		*count = n;
	return 0;
fail:
	PQclear(have);
	return -1;
}

int db_migrate(struct db *db, int *applied, struct sieve_error *err)
{
	if (db_begin(db, err))
		return -1;
	if (migrate_in_tx(db, applied, err)) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

int db_schema_info(struct db *db, struct db_schema_info *info, struct sieve_error *err)
{
	memset(info, 0, sizeof *info);
	info->known = migrations_count ? migrations[migrations_count - 1].version : 0;
	snprintf(info->server_version, sizeof info->server_version, "%d.%d",
		 PQserverVersion(db->conn) / 10000, PQserverVersion(db->conn) % 10000);
	return migrations_compare(db, &info->applied, &info->pending, err);
}

/* Embedded: everybody connects as the one database user, so the reviewer a
 * command acts for is a session setting the schema's SQL reads (0008):
 * $SIEVE_REVIEWER, else the login name, until store_reviewer_current names
 * another (--reviewer). Unknown names see only what any reviewer sees. */
static int set_default_reviewer(struct db *db, struct sieve_error *err)
{
	const char *env = getenv("SIEVE_REVIEWER");
	const char *who = env && *env ? env : NULL;
	if (!who) {
		struct passwd *pw = getpwuid(getuid());
		who = pw ? pw->pw_name : "reviewer";
	}
	const char *p[] = { who };
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "name the acting reviewer",
			      "SELECT pg_catalog.set_config('sieve.reviewer', $1, false)", 1, p, err);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

struct db *db_open(const struct db_target *t, int flags, struct sieve_error *err)
{
	struct db *db = db_connect(t, !(flags & DB_OPEN_NO_START), err);
	if (!db)
		return NULL;
	bool exists = false;
	if (!schema_exists(db, &exists, err))
		goto fail;
	if (!exists) {
		if (t->mode == DB_TEAM)
			sieve_error_set(err, SIEVE_ERR_DATA,
				"there is no review \"%s\" on this server: create it with "
				"'sieve --db ... --review %s init --title TITLE'", t->review, t->review);
		else
			sieve_error_set(err, SIEVE_ERR_DATA,
				"%s has a database but no review in it (an interrupted init?): "
				"remove %s/%s and run 'sieve init' again", t->dir, t->dir, CLUSTER_DIRNAME);
		goto fail;
	}
	if (set_search_path(db, err))
		goto fail;
	int applied, pending;
	if (migrations_compare(db, &applied, &pending, err))
		goto fail;
	if (pending && !(flags & DB_OPEN_ANY_VERSION)) {
		if (t->mode == DB_EMBEDDED) {
			/* A private review follows its binary. */
			if (db_migrate(db, NULL, err))
				goto fail;
		} else {
			sieve_error_set(err, SIEVE_ERR_DATA,
				"review \"%s\" is at schema version %d and this sieve needs %d: "
				"run 'sieve db migrate' (as a user allowed to change the schema)",
				t->review, applied, migrations[migrations_count - 1].version);
			goto fail;
		}
	}
	if (t->mode == DB_EMBEDDED && set_default_reviewer(db, err))
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

static int create_schema_and_title(struct db *db, const char *title, struct sieve_error *err)
{
	if (db_begin(db, err))
		return -1;
	char *q = PQescapeIdentifier(db->conn, db->schema, strlen(db->schema));
	if (!q) {
		db_rollback(db);
		return sieve_error_set(err, SIEVE_ERR_NOMEM, "out of memory");
	}
	/* An identifier cannot be a parameter; it is quoted by libpq. */
	char *sql = xasprintf("CREATE SCHEMA %s", q);
	PQfreemem(q);
	PGresult *r = PQexec(db->conn, sql);
	free(sql);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && strcmp(state, "42P06") == 0) {
		PQclear(r);
		db_rollback(db);
		return sieve_error_set(err, SIEVE_ERR_DATA,
			"a review named \"%s\" already exists on this server", db->schema);
	}
	int bad = db_check(db, r, PGRES_COMMAND_OK, "create the review's schema", err);
	PQclear(r);
	if (bad || set_search_path(db, err) || migrate_in_tx(db, NULL, err))
		goto fail;
	const char *p[] = { title };
	if (db_command(db, "record the review title", "INSERT INTO review (title) VALUES ($1)",
		       1, p, err))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int db_review_create(const struct db_target *t, const char *title, struct sieve_error *err)
{
	/* What to remove if anything fails: the topmost folder init creates,
	 * or only .sieve/ when the folder was there already. */
	char *undo = NULL;
	if (t->mode == DB_EMBEDDED) {
		struct stat st;
		char *p = xstrdup(t->dir);
		while (stat(p, &st) != 0) {
			free(undo);
			undo = xstrdup(p);
			char *slash = strrchr(p, '/');
			if (!slash || slash == p)
				break;
			*slash = '\0';
		}
		free(p);
		if (!undo)
			undo = xasprintf("%s/%s", t->dir, CLUSTER_DIRNAME);
	}
	if (t->mode == DB_EMBEDDED && cluster_create(t->dir, err)) {
		free(undo);
		return -1;
	}
	struct db *db = db_connect(t, true, err);
	int rc = db ? create_schema_and_title(db, title, err) : -1;
	db_close(db);
	if (rc != 0 && t->mode == DB_EMBEDDED) {
		/* cluster_create made the folder's .sieve/; take it away again. */
		cluster_stop(t->dir, NULL, NULL);
		cluster_remove_tree(undo);
	}
	free(undo);
	return rc;
}

int db_string_list(struct db *db, const char *what, const char *sql, int np,
		       const char *const *p, char ***list, size_t *n, struct sieve_error *err)
{
	*list = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, what, sql, np, p, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	char **v = xcalloc(k ? k : 1, sizeof *v);
	for (size_t i = 0; i < k; i++)
		v[i] = xstrdup(PQgetvalue(r, (int)i, 0));
	PQclear(r);
	*list = v;
	*n = k;
	return 0;
}

int db_col(const PGresult *r, const char *name)
{
	int col = PQfnumber(r, name);
	if (col < 0) {
		fprintf(stderr, "sieve: internal error: no column \"%s\" in the result\n", name);
		abort();
	}
	return col;
}

char *db_text(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

double db_double(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

const char *db_param_double(char *buf, size_t size, double v)
{
	if (!isfinite(v))
		return NULL;
	snprintf(buf, size, "%.17g", v);
	return buf;
}
