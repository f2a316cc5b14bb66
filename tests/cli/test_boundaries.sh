# SPDX-License-Identifier: GPL-3.0-or-later
# The boundary check itself (scripts/check_boundaries.sh): it passes on the
# tree as it is, and fails, naming the file and the direction, on a copy of
# the tree with one deliberately wrong include of each kind.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
top=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=$top/scripts/check_boundaries.sh
fresh() { # a copy of the source folders in $T/tree
	rm -rf "$T/tree"; mkdir -p "$T/tree"
	for d in cli tui schema importers plot quadas analysis lib; do
		mkdir -p "$T/tree/$d"; cp "$top/$d"/*.[ch] "$T/tree/$d/" 2>/dev/null
	done
}
fresh
expect_rc "the tree as it is passes" 0 sh "$CHECK" "$T/tree"

# wrong FILE LINE WANT: add LINE to the top of FILE; the check must fail
# with a message containing WANT
wrong() {
	fresh
	{ printf '%s\n' "$2"; cat "$T/tree/$1"; } >"$T/x" && mv "$T/x" "$T/tree/$1"
	expect_rc "refused: $1 with $2" 1 sh "$CHECK" "$T/tree"
	contains "names file and rule: $1 with $2" "$ERR" "$3"
}
wrong lib/xalloc.c '#include "../cli/cli.h"' "lib/xalloc.c: 1:#include \"../cli/cli.h\": lib/ may not include cli/"
wrong analysis/meta.c '#include "../schema/db.h"' "analysis/meta.c: 1:#include \"../schema/db.h\": analysis/ may not include schema/"
wrong schema/db.c '#include "../tui/app.h"' "schema/ may not include tui/"
wrong importers/pubmed_xml.c '#include "../plot/figure.h"' "importers/ may not include plot/"
wrong quadas/judge.c '#include "../plot/figure.h"' "quadas/ may not include plot/"
wrong analysis/roc.c '#include "../quadas/judge.h"' "analysis/ may not include quadas/"
wrong tui/app.c '#include <libpq-fe.h>' "tui/app.c includes libpq-fe.h"
wrong analysis/meta.c '#include <cairo.h>' "analysis/ may use only libc, libm and GSL"
wrong quadas/judge.c '#include <unistd.h>' "quadas/ may use only libc, libm and GSL"
finish
