#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Start a throwaway PostgreSQL in a temp folder (as an unprivileged user when
# run as root), run the database test suites against it, and always stop it
# and every embedded review server the suites started, even on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:?}" "${SIEVE:?}"

bindir=${SIEVE_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/initdb" ] || bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /x/initdb)")
if [ ! -x "$bindir/initdb" ]; then
	echo "harness: PostgreSQL server programs not found (make deps)"; exit 1
fi

export TEST_ROOT
TEST_ROOT=$(mktemp -d /tmp/sieve-test.XXXXXX)
chmod 755 "$TEST_ROOT"
as_server() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$TEST_ROOT"
	as_server() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
fi
PGD=$TEST_ROOT/server

cleanup() {
	# Embedded reviews the suites created.
	for pidf in $(find "$TEST_ROOT" -path '*/.sieve/pgdata/postmaster.pid' 2>/dev/null); do
		pid=$(head -n 1 "$pidf")
		kill -INT "$pid" 2>/dev/null
	done
	as_server "$bindir/pg_ctl" -D "$PGD" -m immediate -w stop >/dev/null 2>&1
	sleep 0.2
	for pidf in $(find "$TEST_ROOT" -name postmaster.pid 2>/dev/null); do
		kill -KILL "$(head -n 1 "$pidf")" 2>/dev/null
	done
	rm -rf "$TEST_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_server "$bindir/initdb" -D "$PGD" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
	--no-instructions >"$TEST_ROOT/initdb.log" 2>&1 || { cat "$TEST_ROOT/initdb.log"; exit 1; }
as_server "$bindir/pg_ctl" -D "$PGD" -w -l "$PGD/server.log" -o \
	"-c listen_addresses='' -c unix_socket_directories='$TEST_ROOT' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
	start >/dev/null || { cat "$PGD/server.log"; exit 1; }

export SIEVE_TEST_DB="host=$TEST_ROOT dbname=postgres user=postgres"
export SIEVE_TEST_SOCKDIR=$TEST_ROOT
export SIEVE_TEST_PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $TEST_ROOT -U postgres -d postgres"
unset SIEVE_DB SIEVE_REVIEW PGHOST PGDATABASE PGSERVICE PGUSER PGPORT

status=0
# ONLY=name (a suite's file name without test_ and extension, or a
# space-separated list) runs just those suites while working on one feature.
only() { [ -z "${ONLY:-}" ] && return 0; n=$(basename "$1"); n=${n#test_}; n=${n%.sh}
	for o in $ONLY; do [ "$o" = "$n" ] && return 0; done; return 1; }
for t in "$BUILD"/tests/db/test_*; do
	[ -x "$t" ] || continue
	only "$t" || continue
	log=$(mktemp)
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	[ -n "${TEST_COUNTS:-}" ] && echo "$p $f" >>"$TEST_COUNTS"
	[ "$f" = 0 ] || status=1
	rm -f "$log"
done
for t in "$here"/test_*.sh; do
	[ -f "$t" ] || continue
	only "$t" || continue
	echo "-- $(basename "$t")"
	TMPD=$(mktemp -d "$TEST_ROOT/suite.XXXXXX") sh "$t" || status=1
done
exit $status
