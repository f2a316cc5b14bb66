#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The dependency rules of ARCHITECTURE.md, checked on every build:
#  - the folders form layers, and a file includes headers only of its own
#    folder or of the folders its row below allows (dependencies point one
#    way: cli -> tui -> schema -> importers, plot -> quadas -> analysis -> lib);
#  - only schema/ includes libpq-fe.h;
#  - analysis/ and quadas/ include only C standard headers (and POSIX
#    strings.h), GSL, their own headers and the layers below them (they are
#    also compiled without the other libraries' include paths, so a header
#    that pulls one in fails).
#   check_boundaries.sh [ROOT]    (ROOT: the source tree, default .)
set -u
root=${1:-.}
cd "$root" || exit 2

# folder: the folders it may include from (besides itself)
allowed() {
	case $1 in
	cli)       echo "tui schema importers plot quadas analysis lib" ;;
	tui)       echo "schema importers plot quadas analysis lib" ;;
	schema)    echo "importers plot quadas analysis lib" ;;
	importers) echo "quadas analysis lib" ;;
	plot)      echo "quadas analysis lib" ;;
	quadas)    echo "analysis lib" ;;
	analysis)  echo "lib" ;;
	lib)       echo "" ;;
	esac
}
layers="cli tui schema importers plot quadas analysis lib"

status=0
for f in $(grep -rl --include='*.c' --include='*.h' 'libpq-fe\.h' \
	lib cli tui importers quadas analysis plot bench tests/unit fuzz 2>/dev/null); do
	echo "boundary: $f includes libpq-fe.h; only schema/ may talk to PostgreSQL" >&2
	status=1
done

std='strings|assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath|threads|time|uchar|wchar|wctype'

for dir in $layers; do
	ok_dirs=$(allowed "$dir")
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		out=$(grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
			hdr=$(printf '%s' "$line" | sed 's/.*include[[:space:]]*//; s/[[:space:]]*$//')
			case $hdr in
			\"*\")
				inner=$(printf '%s' "$hdr" | tr -d '"')
				case $inner in
				../*/*) to=$(printf '%s' "$inner" | cut -d/ -f2) ;;
				*/*)    to=INVALID ;;
				*)      to=$dir ;;
				esac
				[ "$to" = "$dir" ] && continue
				case " $ok_dirs " in
				*" $to "*) ;;
				*) echo "boundary: $f: $line: $dir/ may not include $to/ (allowed: ${ok_dirs:-nothing outside lib/}; see ARCHITECTURE.md)" ;;
				esac ;;
			\<*\>)
				case $dir in analysis|quadas) ;; *) continue ;; esac
				case $hdr in \<gsl/*) continue ;; esac
				name=$(printf '%s' "$hdr" | sed 's/^<\(.*\)\.h>$/\1/')
				printf '%s\n' "$name" | grep -Eqx "$std" ||
					echo "boundary: $f: $line: $dir/ may use only libc, libm and GSL" ;;
			*) echo "boundary: $f: $line: unexpected include" ;;
			esac
		done)
		if [ -n "$out" ]; then
			printf '%s\n' "$out" >&2
			status=1
		fi
	done
done
exit $status
