#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages sieve needs to build, test and run.
#   deps.sh              install them (as root) or print the apt-get line
#   deps.sh --if-missing do nothing when every probe passes
set -u
PACKAGES="gcc make pkg-config libpq-dev libxml2-dev libxml2-utils libncurses-dev \
libgsl-dev libcairo2-dev zlib1g-dev libssl-dev libcmocka-dev postgresql postgresql-client tmux \
python3 python3-lxml valgrind clang libclang-rt-dev time bsdutils"

missing() {
	for m in libpq libxml-2.0 ncursesw gsl cairo zlib libcrypto cmocka; do
		pkg-config --exists "$m" 2>/dev/null || { echo "pkg-config module $m"; return 0; }
	done
	for p in cc make pkg-config tmux xmllint psql python3 script; do
		command -v "$p" >/dev/null 2>&1 || { echo "program $p"; return 0; }
	done
	# the memory tests measure peak RSS with GNU time
	[ -x /usr/bin/time ] || { echo "program /usr/bin/time"; return 0; }
	if [ -z "${SIEVE_PG_BINDIR:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	   && ! command -v initdb >/dev/null 2>&1; then
		echo "PostgreSQL server (initdb)"; return 0
	fi
	return 1
}

if [ "${1:-}" = "--if-missing" ]; then
	what=$(missing) || exit 0
	echo "deps: $what is missing; installing sieve's dependencies"
fi

if [ "$(id -u)" != 0 ]; then
	echo "sieve needs some Debian packages. Run this once, then try again:"
	echo "  sudo apt-get install -y $PACKAGES" | tr -s ' '
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null ||
	{ echo "deps: apt-get install failed" >&2; exit 1; }
if what=$(missing); then
	echo "deps: still missing after install: $what" >&2
	exit 1
fi
echo "deps: all dependencies installed"
