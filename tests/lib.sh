# SPDX-License-Identifier: GPL-3.0-or-later
# Tiny assertion helpers for the shell test suites (sourced).
# Each suite ends with `finish`, which prints "N passed, M failed" and
# appends the counts to $TEST_COUNTS when the runner set it.
PASS=0
FAIL=0
: "${SIEVE:?set SIEVE to the sieve binary}"

ok()   { PASS=$((PASS + 1)); echo "ok - $1"; }
bad()  { FAIL=$((FAIL + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '    %s\n' "$2"; return 0; }

# expect_rc NAME WANT CMD...: run CMD, capture stdout/stderr into $OUT/$ERR.
expect_rc() {
	_name=$1 _want=$2; shift 2
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	RC=$?
	OUT=$(cat "$TMPD/out"); ERR=$(cat "$TMPD/err")
	if [ "$RC" = "$_want" ]; then ok "$_name"; else
		bad "$_name" "exit $RC, wanted $_want; stderr: $ERR"; fi
}

# contains NAME HAYSTACK NEEDLE
contains() {
	case $2 in *"$3"*) ok "$1" ;; *) bad "$1" "missing \"$3\" in: $2" ;; esac
}
lacks() {
	case $2 in *"$3"*) bad "$1" "unexpected \"$3\" in: $2" ;; *) ok "$1" ;; esac
}
# one_line NAME TEXT: an error is one clear line, not a stack
one_line() {
	_n=$(printf '%s\n' "$2" | grep -c .)
	if [ "$_n" = 1 ]; then ok "$1"; else bad "$1" "$_n lines: $2"; fi
}
check() { # check NAME CMD...: passes when CMD succeeds
	_name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$_name"; else bad "$_name" "failed: $*"; fi
}

finish() {
	echo "$PASS passed, $FAIL failed"
	[ -n "${TEST_COUNTS:-}" ] && echo "$PASS $FAIL" >>"$TEST_COUNTS"
	[ "$FAIL" = 0 ]
}
