/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for lib/ and the database-free parts of schema/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/error.h"
#include "../../lib/strbuf.h"
#include "../../lib/text.h"
#include "../../lib/xalloc.h"
#include "../../schema/cluster.h"
#include "../../schema/db.h"
#include "../../schema/migrations.h"

static void test_error_first_wins(void **state)
{
	(void)state;
	struct sieve_error e = { 0 };
	assert_int_equal(sieve_error_exit_code(&e), 0);
	assert_int_equal(sieve_error_set(&e, SIEVE_ERR_DB_DOWN, "down %d", 1), -1);
	sieve_error_set(&e, SIEVE_ERR_USAGE, "second");
	assert_string_equal(e.msg, "down 1");
	assert_int_equal(sieve_error_exit_code(&e), 3);
	sieve_error_detail(&e, "f.xml:%d:%d", 3, 4);
	sieve_error_detail(&e, "later");
	assert_string_equal(e.detail, "f.xml:3:4");
	sieve_error_clear(&e);
	sieve_error_set(&e, SIEVE_ERR_USAGE, "u");
	assert_int_equal(sieve_error_exit_code(&e), 2);
	sieve_error_clear(&e);
	sieve_error_set(&e, SIEVE_ERR_DATA, "d");
	assert_int_equal(sieve_error_exit_code(&e), 1);
	/* NULL err is allowed */
	assert_int_equal(sieve_error_set(NULL, SIEVE_ERR_DATA, "x"), -1);
}

static void test_strbuf_basic(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addc(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 1000);
	assert_int_equal(strlen(sb.buf), 1000);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s-%d", "x", 42);
	strbuf_adds(&sb, "  \n");
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "x-42");
	char *p = strbuf_take(&sb);
	assert_string_equal(p, "x-42");
	free(p);
	assert_null(sb.buf);
	strbuf_fini(&sb);
}

static void test_strbuf_json(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_json_string(&sb, "a\"b\\c\n\t\x01 é 🙂");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\n\\t\\u0001 é 🙂\"");
	strbuf_reset(&sb);
	strbuf_add_json_string(&sb, NULL);
	assert_string_equal(sb.buf, "null");
	strbuf_fini(&sb);
}

static void test_strbuf_copy(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_copy_field(&sb, "a\tb\\c\nd\re'; DROP TABLE record; --");
	assert_string_equal(sb.buf, "a\\tb\\\\c\\nd\\re'; DROP TABLE record; --");
	strbuf_reset(&sb);
	strbuf_add_copy_field(&sb, NULL);
	assert_string_equal(sb.buf, "\\N");
	strbuf_fini(&sb);
}

static void test_migrations_embedded(void **state)
{
	(void)state;
	assert_true(migrations_count >= 1);
	assert_int_equal(migrations[0].version, 1);
	for (int i = 0; i < migrations_count; i++) {
		assert_int_equal(strlen(migrations[i].sha256), 64);
		assert_true(strspn(migrations[i].sha256, "0123456789abcdef") == 64);
		/* DDL: a new object, or a change to one (0010 adds a column) */
		assert_true(strstr(migrations[i].sql, "CREATE") || strstr(migrations[i].sql, "ALTER"));
		if (i > 0)
			assert_true(migrations[i].version > migrations[i - 1].version);
	}
	/* The first migration holds the core of the data model. */
	const char *core[] = { "TABLE review", "TABLE search", "TABLE record",
			       "TABLE record_search", "TABLE reviewer", "TABLE decision",
			       "TABLE record_history", "TABLE audit" };
	for (size_t i = 0; i < sizeof core / sizeof *core; i++)
		assert_non_null(strstr(migrations[0].sql, core[i]));
}

static void test_review_names(void **state)
{
	(void)state;
	assert_true(db_review_name_valid("crc-dwi"));
	assert_true(db_review_name_valid("a"));
	assert_true(db_review_name_valid("review_2026"));
	assert_false(db_review_name_valid(""));
	assert_false(db_review_name_valid(NULL));
	assert_false(db_review_name_valid("1abc"));
	assert_false(db_review_name_valid("Upper"));
	assert_false(db_review_name_valid("x\"; drop"));
	assert_false(db_review_name_valid("pg_catalog"));
	assert_false(db_review_name_valid("public"));
	char longname[70];
	memset(longname, 'a', 64);
	longname[64] = '\0';
	assert_false(db_review_name_valid(longname));
}

static void test_target_embedded_path(void **state)
{
	(void)state;
	struct sieve_error e = { 0 };
	struct db_target t;
	assert_int_equal(db_target_embedded(&t, "/a/./b//c/", &e), 0);
	assert_int_equal(t.mode, DB_EMBEDDED);
	assert_string_equal(t.dir, "/a/b/c");
	db_target_fini(&t);
	assert_int_equal(db_target_embedded(&t, "rel", &e), 0);
	assert_true(t.dir[0] == '/');
	assert_non_null(strstr(t.dir, "/rel"));
	db_target_fini(&t);
}

static void test_target_team(void **state)
{
	(void)state;
	struct sieve_error e = { 0 };
	struct db_target t;
	assert_int_equal(db_target_team(&t, "host=x dbname=y", "crc-dwi", &e), 0);
	assert_int_equal(t.mode, DB_TEAM);
	assert_string_equal(t.review, "crc-dwi");
	db_target_fini(&t);
	assert_int_equal(db_target_team(&t, "host=x", NULL, &e), -1);
	assert_int_equal(e.code, SIEVE_ERR_USAGE);
	sieve_error_clear(&e);
	assert_int_equal(db_target_team(&t, "garbage", "r", &e), -1);
	assert_int_equal(e.code, SIEVE_ERR_USAGE);
	assert_non_null(strstr(e.msg, "bad connection string"));
}

/* Walking up to the review folder, like git. */
static void test_find_review_dir(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/sieve-unit.XXXXXX";
	char *root = mkdtemp(tmpl);
	assert_non_null(root);
	char *deep = xasprintf("%s/rev/a/b", root);
	char *cmd = xasprintf("mkdir -p %s %s/rev/.sieve/pgdata", deep, root);
	assert_int_equal(system(cmd), 0);
	char *found = cluster_find_review_dir(deep);
	char *want = xasprintf("%s/rev", root);
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);
	assert_null(cluster_find_review_dir(root));

	/* resolve: SIEVE_DB wins over the folder; PG* only outside a review */
	struct sieve_error e = { 0 };
	struct db_target t;
	unsetenv("SIEVE_DB");
	unsetenv("PGHOST");
	unsetenv("PGDATABASE");
	unsetenv("PGSERVICE");
	assert_int_equal(db_target_resolve(&t, NULL, NULL, deep, &e), 0);
	assert_int_equal(t.mode, DB_EMBEDDED);
	assert_string_equal(t.dir, want);
	db_target_fini(&t);
	assert_int_equal(db_target_resolve(&t, "host=h", "r", deep, &e), 0);
	assert_int_equal(t.mode, DB_TEAM);
	db_target_fini(&t);
	setenv("PGHOST", "/nowhere", 1);
	assert_int_equal(db_target_resolve(&t, NULL, "r", deep, &e), 0);
	assert_int_equal(t.mode, DB_EMBEDDED);
	db_target_fini(&t);
	assert_int_equal(db_target_resolve(&t, NULL, "r", root, &e), 0);
	assert_int_equal(t.mode, DB_TEAM);
	db_target_fini(&t);
	unsetenv("PGHOST");
	assert_int_equal(db_target_resolve(&t, NULL, NULL, root, &e), -1);
	assert_int_equal(e.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(e.msg, "not inside a sieve review"));

	assert_int_equal(cluster_remove_tree(root), 0);
	assert_int_not_equal(access(root, F_OK), 0);
	free(want);
	free(cmd);
	free(deep);
}

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("Koh 2007"), 8);
	assert_int_equal(text_width("Søndergaard"), 11);   /* ø is one column */
	assert_int_equal(text_width("王 2015"), 7);         /* 王 is wide: 2 */
	assert_int_equal(text_width("e\xcc\x81"), 1);       /* e + combining acute */
	assert_int_equal(text_width("\xff"), 1);            /* an invalid byte */
	assert_int_equal(text_width(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_first_wins),
		cmocka_unit_test(test_strbuf_basic),
		cmocka_unit_test(test_strbuf_json),
		cmocka_unit_test(test_strbuf_copy),
		cmocka_unit_test(test_migrations_embedded),
		cmocka_unit_test(test_review_names),
		cmocka_unit_test(test_target_embedded_path),
		cmocka_unit_test(test_target_team),
		cmocka_unit_test(test_find_review_dir),
		cmocka_unit_test(test_text_width),
	};
	return cmocka_run_group_tests_name("foundation", tests, NULL, NULL);
}
