/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for lib/termsafe: control characters escaped on a terminal. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/termsafe.h"

static void check_escape(const char *in, const char *want)
{
	char *got = term_escape(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(term_needs_escape(in), strcmp(in, want) != 0);
	free(got);
}

static void test_escape_c0_del(void **state)
{
	(void)state;
	check_escape("plain title", "plain title");
	check_escape("", "");
	check_escape("a\x1b[2Jb", "a\\x1b[2Jb");
	check_escape("bell\a cr\r bs\b", "bell\\x07 cr\\x0d bs\\x08");
	check_escape("del\x7f", "del\\x7f");
	check_escape("line\nnext\tcol", "line\nnext\tcol");  /* kept */
	check_escape("\x01\x1f", "\\x01\\x1f");
	assert_null(term_escape(NULL));
	assert_false(term_needs_escape(NULL));
}

static void test_escape_c1_and_utf8(void **state)
{
	(void)state;
	/* U+009B (CSI) and U+0085 (NEL), encoded as UTF-8 */
	check_escape("x\xc2\x9b" "31mred", "x\\u009b31mred");
	check_escape("\xc2\x85\xc2\x80\xc2\x9f", "\\u0085\\u0080\\u009f");
	/* valid text outside the controls is kept: é, U+00A0, 王, emoji */
	check_escape("Søndergaard \xc2\xa0 王 \xf0\x9f\x98\x80", "Søndergaard \xc2\xa0 王 \xf0\x9f\x98\x80");
	/* bytes that are not UTF-8: a raw C1 byte, a stray continuation,
	 * overlong, surrogate, truncated sequence */
	check_escape("\x9b" "1m", "\\x9b1m");
	check_escape("a\x80z", "a\\x80z");
	check_escape("\xc0\x9b", "\\xc0\\x9b");
	check_escape("\xed\xa0\x80", "\\xed\\xa0\\x80");
	check_escape("end\xe2\x82", "end\\xe2\\x82");
}

static void test_safe_only_on_a_terminal(void **state)
{
	(void)state;
	const char *s = "t\x1b]0;pwned\x07";
	/* not a terminal: s itself, unchanged */
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_false(term_is_tty(f));
	assert_ptr_equal(term_safe(f, s), s);
	term_fputs(s, f);
	rewind(f);
	char buf[64] = "";
	assert_non_null(fgets(buf, sizeof buf, f));
	assert_string_equal(buf, s);
	fclose(f);

	/* a pseudo-terminal: escaped */
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		if (m >= 0)
			close(m);
		skip();
	}
	int sfd = open(ptsname(m), O_RDWR | O_NOCTTY);
	assert_true(sfd >= 0);
	FILE *t = fdopen(sfd, "w");
	assert_non_null(t);
	assert_true(term_is_tty(t));
	assert_string_equal(term_safe(t, s), "t\\x1b]0;pwned\\x07");
	assert_ptr_equal(term_safe(t, "clean"), "clean");
	assert_null(term_safe(t, NULL));
	/* the copies live through many printf arguments */
	const char *a = term_safe(t, "\x01");
	for (int i = 0; i < 10; i++)
		term_safe(t, "\x02");
	assert_string_equal(a, "\\x01");
	fclose(t);
	close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_c0_del),
		cmocka_unit_test(test_escape_c1_and_utf8),
		cmocka_unit_test(test_safe_only_on_a_terminal),
	};
	return cmocka_run_group_tests_name("termsafe", tests, NULL, NULL);
}
