#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run sieve's tests: unit (cmocka, no database), then database tests against
# a throwaway PostgreSQL that tests/db/harness.sh starts and always stops.
#   tests/run.sh [all|unit|db]     (make check / test-unit / test-db)
# Environment: BUILD (build folder), SIEVE (binary), VALGRIND=1,
# ONLY="screening import" to run only those database suites.
set -u
mode=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:?}"
export TEST_COUNTS
TEST_COUNTS=$(mktemp)
trap 'rm -f "$TEST_COUNTS"' EXIT

run_cmocka() { # run one cmocka binary, add its counts
	bin=$1
	log=$(mktemp)
	if [ -n "${VALGRIND:-}" ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			"$bin" >"$log" 2>&1
	else
		"$bin" >"$log" 2>&1
	fi
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "$bin: exit $rc (crash, sanitizer or valgrind error)"
		f=1
	fi
	echo "$p $f" >>"$TEST_COUNTS"
	rm -f "$log"
}

if [ "$mode" = all ] || [ "$mode" = unit ]; then
	echo "== unit tests"
	for t in "$BUILD"/tests/unit/test_*; do
		[ -x "$t" ] && run_cmocka "$t"
	done
fi
if [ "$mode" = all ] || [ "$mode" = unit ]; then
	for t in "$here"/cli/test_*.sh; do
		[ -f "$t" ] && [ -n "${SIEVE:-}" ] || continue
		echo "-- $(basename "$t")"
		d=$(mktemp -d)
		TMPD=$d sh "$t" || true
		rm -rf "$d"
	done
fi
if [ "$mode" = all ] || [ "$mode" = db ]; then
	echo "== database tests (throwaway cluster)"
	sh "$here/db/harness.sh" || echo "0 1" >>"$TEST_COUNTS"
fi

total_p=$(awk '{s+=$1} END {print s+0}' "$TEST_COUNTS")
total_f=$(awk '{s+=$2} END {print s+0}' "$TEST_COUNTS")
echo
echo "tests: $total_p passed, $total_f failed"
[ "$total_f" = 0 ]
