/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for lib/csv's reader and lib/number: odd line ends, bad bytes,
 * quotes, strict numbers and bounded memory. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/csv.h"
#include "../../lib/number.h"

static char tmpname[64];

/* Write n bytes of text to a temporary file; its name is tmpname. */
static const char *file_with(const char *text, size_t n)
{
	snprintf(tmpname, sizeof tmpname, "/tmp/sieve-test-csv.XXXXXX");
	int fd = mkstemp(tmpname);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return tmpname;
}
#define FILE_WITH(lit) file_with(lit, sizeof lit - 1)

/* Read the whole file; returns the last csv_reader_next result (0 at the
 * end, -1 on error) and how many records were read. */
static int read_all(const char *file, int *nrec, struct csv_reader *r, struct sieve_error *err)
{
	memset(err, 0, sizeof *err);
	assert_int_equal(csv_reader_open(r, file, err), 0);
	int rc;
	*nrec = 0;
	while ((rc = csv_reader_next(r, err)) == 1)
		++*nrec;
	return rc;
}

static void expect_error(const char *file, const char *msg, const char *where)
{
	struct csv_reader r;
	struct sieve_error err;
	int n;
	assert_int_equal(read_all(file, &n, &r, &err), -1);
	csv_reader_close(&r);
	if (!strstr(err.msg, msg))
		fail_msg("message '%s' lacks '%s'", err.msg, msg);
	char want[128];
	snprintf(want, sizeof want, "%s:%s", file, where);
	assert_string_equal(err.detail, want);
	unlink(file);
}

static void test_line_ends(void **state)
{
	(void)state;
	/* LF, CR LF and lone CR (old Mac Excel) read the same */
	const char *texts[] = { "a,b\n1,\"x\ny\"\n2,z\n", "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n",
				"a,b\r1,\"x\ry\"\r2,z\r", "a,b\r1,\"x\ry\"\r2,z" };
	for (size_t k = 0; k < 4; k++) {
		const char *f = file_with(texts[k], strlen(texts[k]));
		struct csv_reader r;
		struct sieve_error err = { 0 };
		assert_int_equal(csv_reader_open(&r, f, &err), 0);
		assert_int_equal(csv_reader_next(&r, &err), 1);
		assert_int_equal(r.nf, 2);
		assert_string_equal(r.fields[1].text, "b");
		r.ncols = 2;
		assert_int_equal(csv_reader_next(&r, &err), 1);
		assert_string_equal(r.fields[1].text, "x\ny");
		assert_int_equal(r.lineno, 2);
		assert_int_equal(csv_reader_next(&r, &err), 1);
		assert_string_equal(r.fields[0].text, "2");
		assert_string_equal(r.fields[1].text, "z");
		assert_int_equal(r.lineno, 4);
		assert_int_equal(r.fields[1].line, 4);
		assert_int_equal(r.fields[1].col, 3);
		assert_int_equal(csv_reader_next(&r, &err), 0);
		csv_reader_close(&r);
		unlink(f);
	}
}

static void test_fields(void **state)
{
	(void)state;
	const char *f = FILE_WITH("\xef\xbb\xbf" "study, n ,x\n\n  \n \"Koh \"\"a\"\" 2007\" , 12,\n"
				  "\xef\xbc\x86,,\"\"\n");
	struct csv_reader r;
	struct sieve_error err = { 0 };
	assert_int_equal(csv_reader_open(&r, f, &err), 0);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(r.nf, 3);
	assert_string_equal(r.fields[0].text, "study");  /* BOM skipped */
	assert_string_equal(r.fields[1].text, "n");      /* blanks trimmed */
	assert_int_equal(r.fields[1].col, 8);
	assert_int_equal(csv_reader_next(&r, &err), 1);  /* blank lines skipped */
	assert_int_equal(r.lineno, 4);
	assert_int_equal(r.nf, 3);
	assert_string_equal(r.fields[0].text, "Koh \"a\" 2007");
	assert_int_equal(r.fields[0].col, 2);
	assert_string_equal(r.fields[1].text, "12");
	assert_string_equal(r.fields[2].text, "");       /* after a trailing comma */
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_string_equal(r.fields[0].text, "\xef\xbc\x86");  /* starts like a BOM */
	assert_string_equal(r.fields[2].text, "");
	assert_int_equal(csv_reader_next(&r, &err), 0);
	csv_reader_close(&r);
	unlink(f);
	/* a file that starts with the first byte of a BOM only */
	f = FILE_WITH("\xef,b\n");
	assert_int_equal(csv_reader_open(&r, f, &err), 0);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_string_equal(r.fields[0].text, "\xef");
	csv_reader_close(&r);
	unlink(f);
}

static void test_bad_input(void **state)
{
	(void)state;
	expect_error(file_with("a,b\n1,x\0y\n", 10), "NUL byte", "2:4");
	expect_error(FILE_WITH("a,b,c\n\"a\"b,c,d\n"), "text after the closing quote", "2:4");
	expect_error(FILE_WITH("a,b\n1,\"a\" x\n"), "text after the closing quote", "2:7");
	expect_error(FILE_WITH("a,b\n1,\"open\n2,3\n"), "unterminated quoted field", "2:3");
	expect_error(FILE_WITH("a,b\r1,\"open\r"), "unterminated quoted field", "2:3");
	/* a CR-only file whose only quote is unterminated is not read as one line */
	expect_error(FILE_WITH("a,b\r1,2\r3,\"4\r"), "unterminated quoted field", "3:3");
}

static void test_field_count(void **state)
{
	(void)state;
	const char *f = FILE_WITH("a,b\n1,2,3\n");
	struct csv_reader r;
	struct sieve_error err = { 0 };
	assert_int_equal(csv_reader_open(&r, f, &err), 0);
	const char *names[] = { "a", "b" };
	int at[2];
	assert_int_equal(csv_reader_header(&r, names, 2, 2, at, &err), 0);
	assert_int_equal(csv_reader_next(&r, &err), -1);
	assert_string_equal(err.msg, "3 fields, the header has 2");
	csv_reader_close(&r);
	unlink(f);
}

/* csv_field_error: "column NAME: message" at the field's own line and
 * column, also when a quoted field before it spans lines. */
static void test_field_error(void **state)
{
	(void)state;
	const char *f = FILE_WITH("study,adc,n\n\"Koh\n2007\",1.1, x\n");
	struct csv_reader r;
	struct sieve_error err = { 0 };
	char want[128];
	assert_int_equal(csv_reader_open(&r, f, &err), 0);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(r.lineno, 2);
	assert_int_equal(csv_field_error(&err, r.file, &r.fields[2], "n", "'%s' is not %s",
					 r.fields[2].text, "a count"), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_string_equal(err.msg, "column n: 'x' is not a count");
	snprintf(want, sizeof want, "%s:3:12", f);  /* line 3, not the record's line 2 */
	assert_string_equal(err.detail, want);
	/* the first error is kept */
	csv_field_error(&err, r.file, &r.fields[0], "study", "later");
	assert_string_equal(err.msg, "column n: 'x' is not a count");
	assert_string_equal(err.detail, want);
	/* no column name; a row-level position (col 0) gives FILE:LINE */
	memset(&err, 0, sizeof err);
	struct csv_field row = { .line = r.lineno };
	csv_field_error(&err, r.file, &row, NULL, "values out of order");
	assert_string_equal(err.msg, "values out of order");
	snprintf(want, sizeof want, "%s:2", f);
	assert_string_equal(err.detail, want);
	/* a number after a multi-line field: its own line too */
	memset(&err, 0, sizeof err);
	double v;
	assert_int_equal(csv_reader_number(&r, 2, "n", &v, &err), -1);
	snprintf(want, sizeof want, "%s:3:12", f);
	assert_string_equal(err.detail, want);
	csv_reader_close(&r);
	unlink(f);
}

static void test_numbers(void **state)
{
	(void)state;
	double v = 7;
	assert_true(num_parse_double("1.5", &v) && v == 1.5);
	assert_true(num_parse_double("-.5", &v) && v == -0.5);
	assert_true(num_parse_double("+2e-3", &v) && v == 2e-3);
	assert_true(num_parse_double("10.", &v) && v == 10);
	assert_true(num_parse_double("0", &v) && v == 0);
	const char *bad[] = { "0x10", "0X1p3", "inf", "-Infinity", "nan", "NAN(1)", "1e999",
			      "-1e999", "1e-999", "", " 1", "1 ", "1,5", "1.5.2", ".", "e5", "1e",
			      "1e+", "--1", "１", NULL };
	for (size_t i = 0; bad[i]; i++) {
		v = 7;
		if (num_parse_double(bad[i], &v))
			fail_msg("'%s' read as %g", bad[i], v);
		assert_true(v == 7);
	}
	assert_false(num_parse_double(NULL, &v));
	long l = 0;
	assert_true(num_parse_long("-42", &l) && l == -42);
	const char *badl[] = { "0x10", "010x", "1.0", "1e3", "99999999999999999999", "", "+", NULL };
	for (size_t i = 0; badl[i]; i++)
		assert_false(num_parse_long(badl[i], &l));

	/* through the reader: file:line:col and the column name */
	const char *f = FILE_WITH("study,adc\nKoh,1.1\nLee, 0x10\n");
	struct csv_reader r;
	struct sieve_error err = { 0 };
	assert_int_equal(csv_reader_open(&r, f, &err), 0);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(csv_reader_number(&r, 1, "adc", &v, &err), 0);
	assert_true(v == 1.1);
	assert_int_equal(csv_reader_next(&r, &err), 1);
	assert_int_equal(csv_reader_number(&r, 1, "adc", &v, &err), -1);
	assert_non_null(strstr(err.msg, "column adc: '0x10' is not a number"));
	char want[128];
	snprintf(want, sizeof want, "%s:3:6", f);
	assert_string_equal(err.detail, want);
	csv_reader_close(&r);
	unlink(f);
}

static void test_long_field(void **state)
{
	(void)state;
	/* just over the limit: refused, naming where the field starts */
	size_t n = CSV_MAX_FIELD + 100;
	char *text = malloc(n + 32);
	assert_non_null(text);
	int k = sprintf(text, "a,b\n1,\"");
	memset(text + k, 'x', n);
	strcpy(text + k + n, "\"\n");
	const char *f = file_with(text, strlen(text));
	free(text);
	expect_error(f, "a field longer than 1 MiB", "2:3");
	/* a record of many fields under the field limit: the record limit */
	FILE *w = fopen(file_with("", 0), "w");
	assert_non_null(w);
	fputs("a\n", w);
	for (int i = 0; i < 20; i++) {
		for (int j = 0; j < CSV_MAX_FIELD - 10; j++)
			putc('y', w);
		putc(',', w);
	}
	fclose(w);
	expect_error(tmpname, "a record longer than 16 MiB", "2:1");
	/* many empty fields */
	w = fopen(file_with("", 0), "w");
	for (int i = 0; i < CSV_MAX_FIELDS + 10; i++)
		putc(',', w);
	fclose(w);
	expect_error(tmpname, "more than 10000 fields", "1:10001");
}

/* A 300 MB quoted field arriving through a pipe is refused once the limit
 * is passed, without reading the rest into memory. */
static void test_huge_field_bounded_memory(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_DFL);
		static char buf[1 << 16];
		memset(buf, 'z', sizeof buf);
		if (write(p[1], "study,adc\nKoh,\"", 15) != 15)
			_exit(1);
		for (long sent = 0; sent < 300L << 20; sent += (long)sizeof buf)
			if (write(p[1], buf, sizeof buf) != (ssize_t)sizeof buf)
				_exit(0);  /* the reader stopped reading: fine */
		(void)!write(p[1], "\",1\n", 4);
		_exit(0);
	}
	close(p[1]);
	/* The reader runs in a child of its own, so that its peak memory is
	 * measured apart from the other tests'. */
	pid_t rpid = fork();
	assert_true(rpid >= 0);
	if (rpid == 0) {
		char name[64], want[128];
		snprintf(name, sizeof name, "/dev/fd/%d", p[0]);
		snprintf(want, sizeof want, "%s:2:5", name);
		struct csv_reader r;
		struct sieve_error err = { 0 };
		int ok = csv_reader_open(&r, name, &err) == 0 && csv_reader_next(&r, &err) == 1 &&
			 csv_reader_next(&r, &err) == -1 &&
			 strstr(err.msg, "a field longer than 1 MiB") && !strcmp(err.detail, want);
		if (!ok)
			fprintf(stderr, "reader: %s (%s)\n", err.msg, err.detail);
		csv_reader_close(&r);
		_exit(ok ? 0 : 1);
	}
	close(p[0]);
	int status;
	struct rusage ru;
	assert_int_equal(wait4(rpid, &status, 0, &ru), rpid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	waitpid(pid, NULL, 0);
	/* ru_maxrss is in KiB; a reader that kept the field would pass 300 MB.
	 * AddressSanitizer's shadow memory and quarantine add tens of MB. */
#ifdef __SANITIZE_ADDRESS__
	long limit = 160 * 1024;
#else
	long limit = 32 * 1024;
#endif
	/* so does valgrind's own bookkeeping (its preload names it) */
	const char *pre = getenv("LD_PRELOAD");
	if (pre && strstr(pre, "vgpreload"))
		limit = 160 * 1024;
	print_message("reader's max RSS %ld KiB (limit %ld)\n", ru.ru_maxrss, limit);
	assert_true(ru.ru_maxrss < limit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_field_count),
		cmocka_unit_test(test_field_error),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_long_field),
		cmocka_unit_test(test_huge_field_bounded_memory),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
