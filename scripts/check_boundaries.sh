#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The dependency rules of STYLE.md, checked on every build:
#  - only schema/ includes libpq-fe.h;
#  - analysis/ includes only C standard headers, GSL, its own headers and
#    the libc-only helpers of lib/ (lib/number.h); analysis/ is compiled
#    without the other libraries' include paths, so a lib/ header that pulls
#    in another library fails the build there.
set -u
status=0
for f in $(grep -rl --include='*.c' --include='*.h' 'libpq-fe\.h' \
	lib cli tui importers quadas analysis bench tests/unit 2>/dev/null); do
	echo "boundary: $f includes libpq-fe.h; only schema/ may talk to PostgreSQL" >&2
	status=1
done
std='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath|threads|time|uchar|wchar|wctype'
for f in analysis/*.c analysis/*.h; do
	[ -f "$f" ] || continue
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
		hdr=$(printf '%s' "$line" | sed 's/.*include[[:space:]]*//')
		case $hdr in
		\<gsl/*) ;;
		\"*\") inner=$(printf '%s' "$hdr" | tr -d '"')
		       case $inner in
		       ../lib/number.h) ;;
		       */*) echo "boundary: $f: $line: analysis/ may include only its own headers" >&2; exit 1 ;;
		       esac ;;
		\<*\>) name=$(printf '%s' "$hdr" | sed 's/^<\(.*\)\.h>$/\1/')
		       if ! printf '%s\n' "$name" | grep -Eqx "$std"; then
			       echo "boundary: $f: $line: analysis/ may use only libc, libm and GSL" >&2
			       exit 1
		       fi ;;
		*) echo "boundary: $f: $line: unexpected include" >&2; exit 1 ;;
		esac
	done || status=1
done
exit $status
