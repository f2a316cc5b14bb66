/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Import of one file: search row, COPY into a staging table while the file
 * is parsed (the server ingests on the other core), then one set-based merge
 * that inserts new records, updates revised ones (keeping the old version),
 * links every record to the search, and applies DeleteCitation. */
#include "store_import.h"
#include "db_internal.h"
#include "../importers/citation_json.h"
#include "../lib/hash.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_import {
	struct db *db;
	struct citation_sink sink;
	struct strbuf row;
	char search_id[24];
	char table[48];      /* record_version_<search>: this import's rows */
	long long seq;
	bool copying;
	char *file;          /* the file's name, for every error and warning */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	/* lines[seq - 1]: the input line of COPY row seq (0 = unknown), so a
	 * row the server refuses is named by its place in the file. */
	uint32_t *lines;
	size_t n_lines, cap_lines;
};

/* The staged COPY columns of record_version, in order: one list generates
 * the COPY column list (copy_cols), the row (format_row) and a
 * DeleteCitation's row (on_delete). Per column: its name; D, whether a
 * DeleteCitation's row carries it (every other column is NULL there); H,
 * whether the change hash (content_hash) covers it (these columns are
 * contiguous); and how format_row writes it: put_KIND(w, column, VALUE),
 * where c is the citation and w the row being written. */
#define STAGE_COLUMNS(X)                                                                \
	/* column           D  H  KIND      VALUE */                                    \
	X(seq,              1, 0, INT,      w->seq)                                     \
	X(is_delete,        1, 0, BOOL,     w->is_delete)                               \
	X(pmid,             1, 1, TEXT,     w->pmid)                                    \
	X(pmid_version,     0, 1, INT,      c->pmid_version > 0 ? c->pmid_version : 1)  \
	X(doi,              0, 1, TEXT,     c->doi)                                     \
	X(pmcid,            0, 1, TEXT,     c->pmcid)                                   \
	X(pii,              0, 1, TEXT,     c->pii)                                     \
	X(title,            0, 1, TEXT,     c->title)                                   \
	X(vernacular_title, 0, 1, TEXT,     c->vernacular_title)                        \
	X(abstract,         0, 1, ABSTRACT, &c->abstract)                               \
	X(abstract_json,    0, 1, JSON,     citation_json_abstract)                     \
	X(authors,          0, 1, JSON,     citation_json_authors)                      \
	X(journal,          0, 1, TEXT,     c->journal)                                 \
	X(journal_abbrev,   0, 1, TEXT,     c->iso_abbrev)                              \
	X(issn,             0, 1, TEXT,     c->issn)                                    \
	X(volume,           0, 1, TEXT,     c->volume)                                  \
	X(issue,            0, 1, TEXT,     c->issue)                                   \
	X(pages,            0, 1, TEXT,     c->pages)                                   \
	X(pub_year,         0, 1, YEAR,     c->pub_year)                                \
	X(pub_date,         0, 1, JSON,     citation_json_pub_date)                     \
	X(article_date,     0, 1, DATE,     ARGS(c->article_date, "ArticleDate"))       \
	X(languages,        0, 1, STRINGS,  ARGS(c->languages, c->n_languages))         \
	X(pub_types,        0, 1, STRINGS,  ARGS(c->pub_types, c->n_pub_types))         \
	X(mesh,             0, 1, JSON,     citation_json_mesh)                         \
	X(keywords,         0, 1, STRINGS,  ARGS(c->keywords, c->n_keywords))           \
	X(date_revised,     0, 1, DATE,     ARGS(c->date_revised, "DateRevised"))       \
	X(date_completed,   0, 1, DATE,     ARGS(c->date_completed, "DateCompleted"))   \
	X(pub_status,       0, 1, TEXT,     c->pub_status)                              \
	X(comments,         0, 1, JSON,     citation_json_comments)                     \
	X(retracted,        0, 1, BOOL,     c->retracted)                               \
	X(is_book,          0, 1, BOOL,     c->is_book)                                 \
	X(source_format,    0, 1, TEXT,     c->source_format ? c->source_format : "unknown") \
	X(raw,              0, 0, TEXT,     c->raw)                                     \
	X(content_hash,     0, 0, HASH,     w->hash)

/* A VALUE of several arguments. */
#define ARGS(...) __VA_ARGS__

#define COUNT_COLUMN(name, ...) +1
enum { STAGE_N_COLUMNS = 0 STAGE_COLUMNS(COUNT_COLUMN) };
#undef COUNT_COLUMN

/* ", seq, is_delete, ..., content_hash": the COPY column list from
 * copy_cols + 2. */
#define NAME_COLUMN(name, ...) ", " #name
static const char copy_cols[] = STAGE_COLUMNS(NAME_COLUMN);
#undef NAME_COLUMN

/* The record columns the merge writes, and their values from the imported
 * row s (json arrays of strings become text[]). */
#define RECORD_COLS                                                              \
	"pmid, pmid_version, doi, pmcid, pii, title, first_author, journal,"       \
	" journal_abbrev, pub_year, languages, pub_types, date_revised,"          \
	" pub_status, retracted, is_book, source_format, content_hash,"           \
	" version_search, version_seq"
#define TEXT_ARRAY(c) "ARRAY(SELECT json_array_elements_text(s." c "))"
#define FIRST_AUTHOR                                                             \
	"coalesce(s.authors->0->>'collective',"                                    \
	" nullif(concat_ws(' ', s.authors->0->>'last',"                            \
	"  coalesce(s.authors->0->>'initials', s.authors->0->>'fore')), ''))"
#define STAGE_VALUES                                                             \
	"s.pmid, s.pmid_version, s.doi, s.pmcid, s.pii, s.title, " FIRST_AUTHOR ","  \
	" s.journal, s.journal_abbrev, s.pub_year, " TEXT_ARRAY("languages") ","  \
	" " TEXT_ARRAY("pub_types") ", s.date_revised, s.pub_status, s.retracted," \
	" s.is_book, s.source_format, s.content_hash, s.search, s.seq"

static const char *const merge_sql[] = {
	/* Concurrent imports into one review merge one after the other; their
	 * parsing and COPY still run in parallel. */
	"SELECT pg_advisory_xact_lock(hashtext('sieve import ' || current_schema()))",
	/* A PMID twice in one file: the last one wins. Only the keys are
	 * copied; the rows stay in the staging table. */
	"CREATE TEMP TABLE import_keys ON COMMIT DROP AS"
	" SELECT DISTINCT ON (pmid) seq, pmid, content_hash, date_revised"
	" FROM import_stage WHERE NOT is_delete ORDER BY pmid, seq DESC",
	"CREATE UNIQUE INDEX ON import_keys (pmid)",
	"ANALYZE import_keys",
	/* New records. */
	"WITH ins AS ("
	" INSERT INTO record (" RECORD_COLS ")"
	" SELECT " STAGE_VALUES " FROM import_keys k JOIN import_stage s ON s.seq = k.seq"
	" WHERE NOT EXISTS (SELECT 1 FROM record r WHERE r.pmid = k.pmid)"
	" RETURNING id)"
	" INSERT INTO record_search (record, search, outcome)"
	" SELECT id, $1, 'new' FROM ins",
	/* Revised records: content changed, and not an older version than the
	 * one we hold. */
	"CREATE TEMP TABLE import_changed ON COMMIT DROP AS"
	" SELECT r.id, k.seq FROM record r JOIN import_keys k ON k.pmid = r.pmid"
	" WHERE r.content_hash <> k.content_hash"
	"  AND (k.date_revised IS NULL OR r.date_revised IS NULL"
	"       OR k.date_revised >= r.date_revised)",
	/* What changed matters for screening; read only the changed rows. */
	"ALTER TABLE import_changed ADD COLUMN screen_changed boolean,"
	" ADD COLUMN newly_retracted boolean",
	"UPDATE import_changed c SET"
	" screen_changed = (r.title IS DISTINCT FROM s.title"
	"  OR ov.abstract IS DISTINCT FROM s.abstract"
	"  OR r.pub_types IS DISTINCT FROM " TEXT_ARRAY("pub_types") "),"
	" newly_retracted = s.retracted AND NOT r.retracted"
	" FROM record r LEFT JOIN record_version ov"
	"   ON ov.search = r.version_search AND ov.seq = r.version_seq,"
	"  import_stage s"
	" WHERE r.id = c.id AND s.seq = c.seq AND EXISTS (SELECT 1 FROM import_changed)",
	"INSERT INTO record_history (record, search, old)"
	" SELECT r.id, $1, to_json(r) FROM record r JOIN import_changed c ON c.id = r.id",
	"UPDATE record r SET (" RECORD_COLS ") = (SELECT " STAGE_VALUES "),"
	" fts = NULL,"
	" needs_rescreen = r.needs_rescreen OR (c.screen_changed"
	"   AND EXISTS (SELECT 1 FROM decision d WHERE d.record = r.id)),"
	" updated_at = now()"
	" FROM import_changed c JOIN import_stage s ON s.seq = c.seq"
	" WHERE r.id = c.id AND EXISTS (SELECT 1 FROM import_changed)",
	"INSERT INTO record_search (record, search, outcome)"
	" SELECT id, $1, 'updated' FROM import_changed",
	"INSERT INTO record_search (record, search, outcome)"
	" SELECT r.id, $1, 'unchanged' FROM record r JOIN import_keys k ON k.pmid = r.pmid"
	" ON CONFLICT (record, search) DO NOTHING",
	/* DeleteCitation: mark, never remove; decisions, content and the
	 * original XML stay. A record this file also brings keeps its outcome
	 * (new, updated, unchanged) and is flagged deleted by this search; a
	 * DeleteCitation earlier in the file than the record is superseded by
	 * the record. */
	"WITH d AS (SELECT pmid, max(seq) AS seq FROM import_stage WHERE is_delete"
	"  GROUP BY pmid),"
	" del AS ("
	" UPDATE record r SET deleted = true, updated_at = now()"
	" FROM d LEFT JOIN import_keys k ON k.pmid = d.pmid"
	" WHERE r.pmid = d.pmid AND NOT r.deleted AND (k.seq IS NULL OR k.seq < d.seq)"
	" RETURNING r.id)"
	" INSERT INTO record_search (record, search, outcome, deleted)"
	" SELECT id, $1, 'deleted', true FROM del"
	" ON CONFLICT (record, search) DO UPDATE SET deleted = true",
};

static int on_citation(void *ctx, const struct citation *c, struct sieve_error *err);
static void name_file(const char *file, struct sieve_error *err);
static int on_delete(void *ctx, const char *pmid, struct sieve_error *err);

/* sql with every "import_stage" replaced by this import's table (malloc'd). */
static char *with_table(const char *sql, const char *table)
{
	struct strbuf sb = STRBUF_INIT;
	static const char key[] = "import_stage";
	const char *p = sql, *q;
	while ((q = strstr(p, key))) {
		strbuf_add(&sb, p, (size_t)(q - p));
		strbuf_adds(&sb, table);
		p = q + sizeof key - 1;
	}
	strbuf_adds(&sb, p);
	return strbuf_take(&sb);
}

struct store_import *store_import_begin(struct db *db, const struct import_search *s,
					struct sieve_error *err)
{
	if (db_begin(db, err))
		return NULL;
	const char *p[] = { s->source, s->format, s->query, s->run_date, s->file_name };
	const char *file = s->file_name ? s->file_name : "-";
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "record the search",
		"INSERT INTO search (source, format, query, run_date, file_name)"
		" VALUES ($1, $2, $3, $4::date, $5) RETURNING id", 5, p, err);
	if (!r)
		goto fail;
	struct store_import *imp = xcalloc(1, sizeof *imp);
	snprintf(imp->search_id, sizeof imp->search_id, "%s", PQgetvalue(r, 0, db_col(r, "id")));
	PQclear(r);
	imp->db = db;
	imp->file = xstrdup(file);
	strbuf_init(&imp->row);
	imp->sink.ctx = imp;
	imp->sink.on_citation = on_citation;
	imp->sink.on_delete = on_delete;
	snprintf(imp->table, sizeof imp->table, "record_version_%lld", atoll(imp->search_id));
	/* This import's own table, created in this transaction: with the
	 * embedded server's wal_level=minimal its COPY writes no WAL, and the
	 * table becomes a partition of record_version at the end, so the
	 * original XML is written once. Its name comes from our own bigint. */
	char *ddl = xasprintf(
		"SET LOCAL work_mem = '64MB';"
		"CREATE TABLE %s (LIKE record_version INCLUDING DEFAULTS INCLUDING COMPRESSION"
		" INCLUDING STORAGE);"
		"ALTER TABLE %s ALTER COLUMN search SET DEFAULT %lld,"
		" ADD CONSTRAINT %s_search CHECK (search = %lld)",
		imp->table, imp->table, atoll(imp->search_id), imp->table, atoll(imp->search_id));
	r = PQexec(db->conn, ddl);
	free(ddl);
	int bad = db_check(db, r, PGRES_COMMAND_OK, "create the import table", err);
	PQclear(r);
	char *copy = xasprintf("COPY %s (%s) FROM STDIN", imp->table, copy_cols + 2);
	r = bad ? NULL : db_exec(db, PGRES_COPY_IN, "start COPY", copy, 0, NULL, err);
	free(copy);
	if (!r) {
		strbuf_fini(&imp->row);
		free(imp->file);
		free(imp);
		goto fail;
	}
	PQclear(r);
	imp->copying = true;
	return imp;
fail:
	db_rollback(db);
	name_file(file, err);
	return NULL;
}

void store_import_set_warn(struct store_import *imp, void (*warn)(void *ctx, const char *msg),
			   void *ctx)
{
	imp->warn = warn;
	imp->warn_ctx = ctx;
}

const struct citation_sink *store_import_sink(struct store_import *imp)
{
	return &imp->sink;
}

static int put_row(struct store_import *imp, struct sieve_error *err)
{
	if (PQputCopyData(imp->db->conn, imp->row.buf, (int)imp->row.len) != 1)
		return sieve_error_set(err, SIEVE_ERR_DB_DOWN, "sending records to the database: %s",
				       PQerrorMessage(imp->db->conn));
	return 0;
}

bool store_import_valid_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Called for a date field that is not a real day: its XML element, its
 * column and the value. */
typedef void bad_date_fn(void *ctx, const struct citation *c, const char *element,
			 const char *column, const char *value);

/* One COPY row being written (format_row). */
struct row_writer {
	struct strbuf *sb;        /* the row */
	struct strbuf tmp;        /* scratch for rendered values */
	const struct citation *c; /* NULL: a DeleteCitation's row */
	long long seq;
	bool is_delete;
	const char *pmid;
	bad_date_fn *bad;
	void *ctx;
	int n_bad;                /* dates written as NULL */
	size_t hash_from;         /* where the hashed columns start */
	bool hashing;
	char hash[33];            /* md5 hex of the hashed columns */
};

/* One field and its separator; NULL is SQL NULL. */
static void field(struct strbuf *sb, const char *s)
{
	strbuf_add_copy_field(sb, s);
	strbuf_addc(sb, '\t');
}

static void put_TEXT(struct row_writer *w, const char *column, const char *s)
{
	(void)column;
	field(w->sb, s);
}

static void put_INT(struct row_writer *w, const char *column, long long v)
{
	(void)column;
	char num[32];
	snprintf(num, sizeof num, "%lld", v);
	field(w->sb, num);
}

/* A year: NULL unless positive. */
static void put_YEAR(struct row_writer *w, const char *column, int v)
{
	if (v > 0)
		put_INT(w, column, v);
	else
		field(w->sb, NULL);
}

static void put_BOOL(struct row_writer *w, const char *column, bool v)
{
	(void)column;
	field(w->sb, v ? "t" : "f");
}

/* The abstract's plain text; NULL when empty. */
static void put_ABSTRACT(struct row_writer *w, const char *column, const struct abstract *a)
{
	(void)column;
	strbuf_reset(&w->tmp);
	citation_abstract_text(&w->tmp, a);
	field(w->sb, w->tmp.len ? w->tmp.buf : NULL);
}

/* A JSON value rendered by fn from the citation. */
static void put_JSON(struct row_writer *w, const char *column,
		     void (*fn)(struct strbuf *, const struct citation *))
{
	(void)column;
	strbuf_reset(&w->tmp);
	fn(&w->tmp, w->c);
	field(w->sb, w->tmp.buf);
}

/* A JSON array of strings. */
static void put_STRINGS(struct row_writer *w, const char *column, char *const *v, size_t n)
{
	(void)column;
	strbuf_reset(&w->tmp);
	citation_json_strings(&w->tmp, v, n);
	field(w->sb, w->tmp.buf);
}

/* A date column: the value when it is a real day, else NULL and bad(). */
static void put_DATE(struct row_writer *w, const char *column, const char *value,
		     const char *element)
{
	if (!value || store_import_valid_date(value)) {
		field(w->sb, value);
		return;
	}
	field(w->sb, NULL);
	w->n_bad++;
	if (w->bad)
		w->bad(w->ctx, w->c, element, column, value);
}

/* The change hash (computed when the hashed columns ended). */
static void put_HASH(struct row_writer *w, const char *column, const char *hash)
{
	(void)column;
	field(w->sb, hash);
}

/* Before each column: start or end the hashed stretch. */
static void begin_column(struct row_writer *w, bool hashed)
{
	if (hashed && !w->hashing) {
		w->hash_from = w->sb->len;
		w->hashing = true;
	} else if (!hashed && w->hashing) {
		hash_md5_hex(w->sb->buf + w->hash_from, w->sb->len - w->hash_from, w->hash);
		w->hashing = false;
	}
}

/* Write w's row into w->sb (replacing its content): every column of
 * STAGE_COLUMNS, or for a DeleteCitation (w->c NULL) the D columns and
 * NULL for the rest. */
static void write_row(struct row_writer *w)
{
	const struct citation *c = w->c;
	struct strbuf *sb = w->sb;
	strbuf_reset(sb);
	w->hashing = false;
	w->hash[0] = '\0';
#define WRITE_COLUMN(name, in_delete, hashed, kind, value)                       \
	begin_column(w, hashed);                                                  \
	if (c || (in_delete))                                                     \
		put_##kind(w, #name, value);                                      \
	else                                                                      \
		field(sb, NULL);
	STAGE_COLUMNS(WRITE_COLUMN)
#undef WRITE_COLUMN
	sb->buf[sb->len - 1] = '\n'; /* the last column's tab */
}

static int format_row(struct strbuf *sb, long long seq, const struct citation *c,
		      bad_date_fn *bad, void *ctx)
{
	struct row_writer w = {
		.sb = sb, .tmp = STRBUF_INIT, .c = c, .seq = seq, .is_delete = false,
		.pmid = c->pmid, .bad = bad, .ctx = ctx,
	};
	write_row(&w);
	strbuf_fini(&w.tmp);
	return w.n_bad;
}

size_t store_import_row_columns(void)
{
	return STAGE_N_COLUMNS;
}

int store_import_format_row(struct strbuf *sb, long long seq, const struct citation *c)
{
	return format_row(sb, seq, c, NULL, NULL);
}

static void warn_bad_date(void *ctx, const struct citation *c, const char *element,
			  const char *column, const char *value)
{
	struct store_import *imp = ctx;
	if (!imp->warn)
		return;
	char *msg = xasprintf("%s:%ld: PMID %s: %s %s is not a real date; kept in the"
			      " original XML, %s left empty", imp->file, c->line,
			      c->pmid ? c->pmid : "?", element, value, column);
	imp->warn(imp->warn_ctx, msg);
	free(msg);
}

/* Remember the input line of the next COPY row. */
static void note_line(struct store_import *imp, long line)
{
	if (imp->n_lines == imp->cap_lines) {
		imp->cap_lines = imp->cap_lines ? imp->cap_lines * 2 : 4096;
		imp->lines = xrealloc(imp->lines, imp->cap_lines * sizeof *imp->lines);
	}
	imp->lines[imp->n_lines++] = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
}

static int on_citation(void *ctx, const struct citation *c, struct sieve_error *err)
{
	struct store_import *imp = ctx;
	note_line(imp, c->line);
	format_row(&imp->row, ++imp->seq, c, warn_bad_date, imp);
	return put_row(imp, err);
}

static int on_delete(void *ctx, const char *pmid, struct sieve_error *err)
{
	struct store_import *imp = ctx;
	note_line(imp, 0); /* the sink is not told a DeleteCitation's line */
	struct row_writer w = {
		.sb = &imp->row, .tmp = STRBUF_INIT, .c = NULL, .seq = ++imp->seq,
		.is_delete = true, .pmid = pmid,
	};
	write_row(&w);
	strbuf_fini(&w.tmp);
	return put_row(imp, err);
}

/* err from the server's refusal r of `what`, named by the file, and by the
 * record's line and the field when the server says which COPY row and
 * column failed ("COPY t, line 3, column pages: ..."). */
static void located_error(struct store_import *imp, PGresult *r, const char *what,
			  struct sieve_error *err)
{
	struct sieve_error e = { 0 };
	db_check(imp->db, r, PGRES_COMMAND_OK, what, &e);
	if (e.code == SIEVE_ERR_DB_DOWN || !err || err->code) {
		if (err && !err->code)
			*err = e;
		return;
	}
	const char *ctx = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
	long row = 0;
	char col[64] = "";
	const char *l = ctx ? strstr(ctx, ", line ") : NULL;
	if (l && ctx && strncmp(ctx, "COPY ", 5) == 0) {
		row = strtol(l + 7, NULL, 10);
		const char *c = strstr(l, ", column ");
		if (c) {
			c += 9;
			size_t n = strcspn(c, ":\n");
			snprintf(col, sizeof col, "%.*s", (int)(n < sizeof col ? n : sizeof col - 1), c);
		}
	}
	char where[320];
	long line = row >= 1 && (size_t)row <= imp->n_lines ? (long)imp->lines[row - 1] : 0;
	if (line)
		snprintf(where, sizeof where, "%s:%ld", imp->file, line);
	else if (row)
		snprintf(where, sizeof where, "%s: record %ld", imp->file, row);
	else
		snprintf(where, sizeof where, "%s", imp->file);
	if (col[0])
		sieve_error_set_at(err, e.code, e.detail, "%s: field %s: %s", where, col, e.msg);
	else
		sieve_error_set_at(err, e.code, e.detail, "%s: %s", where, e.msg);
	memcpy(err->sqlstate, e.sqlstate, sizeof err->sqlstate);
}

/* The PMID a refused merge statement names: "Key (pmid)=(123)..." or, for
 * a row of record, "Failing row contains (id, pmid, ...)". */
static bool refused_pmid(PGresult *r, char *pmid, size_t size)
{
	const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *t = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	const char *v = NULL;
	if (!d)
		return false;
	if (strstr(d, "Key (pmid)=(")) {
		v = strstr(d, "Key (pmid)=(") + 12;
	} else if (t && strcmp(t, "record") == 0 && strncmp(d, "Failing row contains (", 22) == 0) {
		v = strchr(d + 22, ',');
		v = v ? v + 1 + (v[1] == ' ') : NULL;
	}
	size_t n = v ? strspn(v, "0123456789") : 0;
	if (n == 0 || n >= size)
		return false;
	snprintf(pmid, size, "%.*s", (int)n, v);
	return true;
}

/* err for a merge statement the server refused (r): the file, and where the
 * server names the record (its PMID), the record's line in the file and
 * the field or constraint. The transaction is left at SAVEPOINT merge. */
static void merge_error(struct store_import *imp, PGresult *r, struct sieve_error *err)
{
	struct sieve_error e = { 0 };
	db_check(imp->db, r, PGRES_COMMAND_OK, "merging records", &e);
	if (e.code == SIEVE_ERR_DB_DOWN || !err || err->code) {
		if (err && !err->code)
			*err = e;
		return;
	}
	char pmid[24], where[320];
	long line = 0;
	bool named = refused_pmid(r, pmid, sizeof pmid);
	if (named) {
		PQclear(PQexec(imp->db->conn, "ROLLBACK TO SAVEPOINT merge"));
		char *sql = with_table("SELECT max(seq) AS seq FROM import_stage WHERE pmid = $1"
				       " AND NOT is_delete", imp->table);
		const char *p[] = { pmid };
		PGresult *q = PQexecParams(imp->db->conn, sql, 1, NULL, p, NULL, NULL, 0);
		free(sql);
		if (PQresultStatus(q) == PGRES_TUPLES_OK && PQntuples(q) == 1
		    && !PQgetisnull(q, 0, db_col(q, "seq"))) {
			long long seq = atoll(PQgetvalue(q, 0, db_col(q, "seq")));
			if (seq >= 1 && (size_t)seq <= imp->n_lines)
				line = (long)imp->lines[seq - 1];
		}
		PQclear(q);
	}
	if (line)
		snprintf(where, sizeof where, "%s:%ld: PMID %s", imp->file, line, pmid);
	else if (named)
		snprintf(where, sizeof where, "%s: PMID %s", imp->file, pmid);
	else
		snprintf(where, sizeof where, "%s", imp->file);
	const char *col = PQresultErrorField(r, PG_DIAG_COLUMN_NAME);
	const char *con = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
	if (col)
		sieve_error_set_at(err, e.code, e.detail, "%s: field %s: %s", where, col, e.msg);
	else if (con)
		sieve_error_set_at(err, e.code, e.detail, "%s: constraint %s: %s", where, con, e.msg);
	else
		sieve_error_set_at(err, e.code, e.detail, "%s: %s", where, e.msg);
	memcpy(err->sqlstate, e.sqlstate, sizeof err->sqlstate);
}

/* Name the file in an error that does not name it yet. */
static void name_file(const char *file, struct sieve_error *err)
{
	size_t n = strlen(file);
	if (!err || !err->code || (strncmp(err->msg, file, n) == 0 && err->msg[n] == ':'))
		return;
	char msg[sizeof err->msg];
	snprintf(msg, sizeof msg, "%s: %s", file, err->msg);
	memcpy(err->msg, msg, sizeof msg);
}

/* End COPY (with an error message to abort it) and collect its result. */
static int end_copy(struct store_import *imp, const char *abort_msg, struct sieve_error *err)
{
	if (!imp->copying)
		return 0;
	imp->copying = false;
	PGconn *conn = imp->db->conn;
	int rc = 0;
	if (PQputCopyEnd(conn, abort_msg) != 1)
		rc = sieve_error_set(err, SIEVE_ERR_DB_DOWN, "ending COPY: %s", PQerrorMessage(conn));
	/* Drain every result so the connection never stays in COPY state. */
	PGresult *r;
	while ((r = PQgetResult(conn))) {
		if (!abort_msg && rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK) {
			located_error(imp, r, "loading records", err);
			rc = -1;
		}
		PQclear(r);
	}
	return rc;
}

static void import_free(struct store_import *imp)
{
	strbuf_fini(&imp->row);
	free(imp->file);
	free(imp->lines);
	free(imp);
}

void store_import_abort(struct store_import *imp, const char *why)
{
	if (!imp)
		return;
	end_copy(imp, why ? why : "import abandoned", NULL);
	db_rollback(imp->db);
	import_free(imp);
}

int store_import_finish(struct store_import *imp, const char *sha256,
			struct import_counts *counts, struct sieve_error *err)
{
	struct db *db = imp->db;
	memset(counts, 0, sizeof *counts);
	if (end_copy(imp, NULL, err))
		goto fail;
	const char *p[] = { imp->search_id, sha256 };
	/* A savepoint, so that a refused merge can still look up the line of
	 * the record the server names. */
	if (db_command(db, "merging records", "SAVEPOINT merge", 0, NULL, err))
		goto fail;
	for (size_t i = 0; i < sizeof merge_sql / sizeof *merge_sql; i++) {
		int np = strstr(merge_sql[i], "$1") ? 1 : 0;
		char *sql = with_table(merge_sql[i], imp->table);
		PGresult *r = PQexecParams(db->conn, sql, np, NULL, np ? p : NULL, NULL, NULL, 0);
		free(sql);
		ExecStatusType st = PQresultStatus(r);
		int bad = st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK;
		if (bad)
			merge_error(imp, r, err);
		PQclear(r);
		if (bad)
			goto fail;
	}
	char *count_sql = with_table(
		"WITH c AS (SELECT"
		"  (SELECT count(*) FROM import_stage WHERE NOT is_delete) AS n_read,"
		"  count(*) FILTER (WHERE outcome = 'new') AS n_new,"
		"  count(*) FILTER (WHERE outcome = 'updated') AS n_updated,"
		"  count(*) FILTER (WHERE outcome = 'unchanged') AS n_unchanged,"
		"  count(*) FILTER (WHERE deleted) AS n_deleted"
		"  FROM record_search WHERE search = $1)"
		" UPDATE search s SET n_read = c.n_read, n_new = c.n_new, n_updated = c.n_updated,"
		"  n_unchanged = c.n_unchanged, n_deleted = c.n_deleted, file_sha256 = $2"
		" FROM c WHERE s.id = $1"
		" RETURNING s.n_read, s.n_new, s.n_updated, s.n_unchanged, s.n_deleted,"
		"  (SELECT count(*) FROM import_changed ch JOIN record rr ON rr.id = ch.id"
		"    WHERE rr.needs_rescreen AND ch.screen_changed) AS n_rescreen,"
		"  (SELECT count(*) FROM import_changed WHERE newly_retracted)"
		"  + (SELECT count(*) FROM record_search rs JOIN record rr ON rr.id = rs.record"
		"     WHERE rs.search = $1 AND rs.outcome = 'new' AND rr.retracted) AS n_retracted",
		imp->table);
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "count the import", count_sql, 2, p, err);
	free(count_sql);
	if (!r)
		goto fail;
	counts->search_id = atoll(imp->search_id);
#define COUNT(name) atoll(PQgetvalue(r, 0, db_col(r, #name)))
	counts->read = COUNT(n_read);
	counts->new_ = COUNT(n_new);
	counts->updated = COUNT(n_updated);
	counts->unchanged = COUNT(n_unchanged);
	counts->deleted = COUNT(n_deleted);
	counts->rescreen = COUNT(n_rescreen);
	counts->retracted = COUNT(n_retracted);
#undef COUNT
	PQclear(r);
	/* Keep only the rows that are now some record's current version (an
	 * unchanged re-import keeps nothing), then make the table a partition. */
	char *keep = with_table(
		"DELETE FROM import_stage v WHERE NOT EXISTS (SELECT 1 FROM record r"
		" WHERE r.version_search = v.search AND r.version_seq = v.seq)", imp->table);
	PGresult *kr = PQexec(db->conn, keep);
	free(keep);
	int kbad = db_check(db, kr, PGRES_COMMAND_OK, "keeping imported versions", err);
	PQclear(kr);
	if (kbad)
		goto fail;
	char *fin = counts->new_ + counts->updated > 0
		? xasprintf("ALTER TABLE record_version ATTACH PARTITION %s FOR VALUES IN (%lld)",
			    imp->table, counts->search_id)
		: xasprintf("DROP TABLE %s", imp->table);
	kr = PQexec(db->conn, fin);
	free(fin);
	kbad = db_check(db, kr, PGRES_COMMAND_OK, "storing imported versions", err);
	PQclear(kr);
	if (kbad)
		goto fail;
	if (db_command(db, "audit the import",
		       "INSERT INTO audit (action, detail) SELECT 'import',"
		       " jsonb_build_object('search', id, 'file', file_name, 'sha256', file_sha256)"
		       " FROM search WHERE id = $1", 1, p, err))
		goto fail;
	if (db_commit(db, err))
		goto fail;
	import_free(imp);
	return 0;
fail:
	end_copy(imp, "import failed", NULL);
	db_rollback(db);
	name_file(imp->file, err);
	import_free(imp);
	return -1;
}

int store_searches(struct db *db, struct search_row **rows, size_t *n, struct sieve_error *err)
{
	*rows = NULL;
	*n = 0;
	PGresult *r = db_exec(db, PGRES_TUPLES_OK, "list searches",
		"SELECT id, source, format, query, run_date::text, file_name, file_sha256,"
		" to_char(imported_at, 'YYYY-MM-DD HH24:MI') AS imported_at, n_read, n_new, n_updated,"
		" n_unchanged, n_deleted FROM search ORDER BY id", 0, NULL, err);
	if (!r)
		return -1;
	size_t k = (size_t)PQntuples(r);
	struct search_row *v = xcalloc(k ? k : 1, sizeof *v);
	int c_id = db_col(r, "id"), c_source = db_col(r, "source"), c_format = db_col(r, "format"),
	    c_query = db_col(r, "query"), c_run_date = db_col(r, "run_date"),
	    c_file_name = db_col(r, "file_name"), c_sha256 = db_col(r, "file_sha256"),
	    c_imported_at = db_col(r, "imported_at"), c_read = db_col(r, "n_read"),
	    c_new = db_col(r, "n_new"), c_updated = db_col(r, "n_updated"),
	    c_unchanged = db_col(r, "n_unchanged"), c_deleted = db_col(r, "n_deleted");
	for (size_t i = 0; i < k; i++) {
		int row = (int)i;
		v[i].id = atoll(PQgetvalue(r, row, c_id));
		v[i].source = db_text(r, row, c_source);
		v[i].format = db_text(r, row, c_format);
		v[i].query = db_text(r, row, c_query);
		v[i].run_date = db_text(r, row, c_run_date);
		v[i].file_name = db_text(r, row, c_file_name);
		v[i].sha256 = db_text(r, row, c_sha256);
		v[i].imported_at = db_text(r, row, c_imported_at);
		v[i].read = atoll(PQgetvalue(r, row, c_read));
		v[i].new_ = atoll(PQgetvalue(r, row, c_new));
		v[i].updated = atoll(PQgetvalue(r, row, c_updated));
		v[i].unchanged = atoll(PQgetvalue(r, row, c_unchanged));
		v[i].deleted = atoll(PQgetvalue(r, row, c_deleted));
	}
	PQclear(r);
	*rows = v;
	*n = k;
	return 0;
}

void search_rows_free(struct search_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].source);
		free(rows[i].format);
		free(rows[i].query);
		free(rows[i].run_date);
		free(rows[i].file_name);
		free(rows[i].sha256);
		free(rows[i].imported_at);
	}
	free(rows);
}
