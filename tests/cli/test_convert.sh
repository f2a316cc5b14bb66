# SPDX-License-Identifier: GPL-3.0-or-later
# sieve convert: median/IQR/range to mean/SD, checked against the published
# reference values in ../shared/data/reference with its own compare.py.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
REF=${SIEVE_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}/reference

expect_rc "convert S2 from flags" 0 "$SIEVE" convert --n 30 --median 1.21 --q1 1.02 --q3 1.40
contains "names the scenario" "$OUT" "scenario S2"
contains "recommended pair" "$OUT" "recommended"
expect_rc "unordered values exit 1" 1 "$SIEVE" convert --n 30 --median 1.21 --q1 1.42 --q3 1.40
one_line "unordered: one line" "$ERR"
expect_rc "no median is a usage error" 2 "$SIEVE" convert --n 30 --q1 1.0 --q3 1.4
expect_rc "unknown option exits 2" 2 "$SIEVE" convert --mean 3
printf 'scenario,n,min,q1,median,q3,max\nS1,9,0.61,NA,abc,NA,1.48\n' >"$T/bad.csv"
expect_rc "bad CSV value exits 1" 1 "$SIEVE" convert --from-csv "$T/bad.csv" --long
contains "bad CSV names file, line and column" "$ERR" "bad.csv:2:"
# values near DBL_MAX: refused with exit 1, never inf or nan with exit 0
expect_rc "+-1e308 range exits 1" 1 "$SIEVE" convert --n 30 --median 0 --min -1e308 --max 1e308
contains "+-1e308: says why" "$ERR" "an estimate overflows"
contains "+-1e308: names the value" "$ERR" "at --min"
lacks "+-1e308: no inf printed" "$OUT" "inf"
expect_rc "1e308 everywhere exits 1" 1 "$SIEVE" convert --n 30 --median 1e308 --q1 1e308 --q3 1e308 --long
lacks "1e308: no inf printed" "$OUT" "inf"
expect_rc "1e999 is not a number" 2 "$SIEVE" convert --n 30 --median 1e999 --q1 1 --q3 2
expect_rc "n above 1e6 exits 1" 1 "$SIEVE" convert --n 10000000 --median 1 --q1 0.5 --q3 2
contains "n above 1e6: says the bound" "$ERR" "n must be at most 1000000"
printf 'n,min,median,max\n9,-1e308,0,1e308\n' >"$T/big.csv"
expect_rc "CSV with +-1e308 exits 1" 1 "$SIEVE" convert --from-csv "$T/big.csv" --long
contains "CSV overflow names file, line and column" "$ERR" "big.csv:2:3"
lacks "CSV overflow: no inf printed" "$OUT" "inf"
# --from-csv goes through lib/csv's reader: a quoted field may span lines,
# columns come in any order (header names in any case), and a bad value is
# named at the line and column where its field is.
printf 'case,n,min,median,max\n"Koh\n2007",9,0.61,1.02,1.48\n' >"$T/ml.csv"
expect_rc "CSV: a quoted case name spanning lines is read" 0 "$SIEVE" convert --from-csv "$T/ml.csv" --long
contains "CSV: the name keeps its line break" "$OUT" "$(printf '"Koh\n2007",recommended,mean,')"
printf 'n,min,median,max\n9,0.61,1.02,1.48\n' >"$T/s1.csv"
expect_rc "CSV: columns in the usual order" 0 "$SIEVE" convert --from-csv "$T/s1.csv" --long
want=$OUT
printf 'Max,MEDIAN,n,min\n1.48,1.02,9,0.61\n' >"$T/s1.csv"
expect_rc "CSV: columns in another order, names in capitals" 0 "$SIEVE" convert --from-csv "$T/s1.csv" --long
if [ "$OUT" = "$want" ]; then ok "CSV: another column order gives the same output"; else
	bad "CSV: another column order gives the same output" "$OUT"; fi
printf 'case,n,median,q1,q3\n"Koh\n2007",9,1,abc,2\n' >"$T/mlbad.csv"
expect_rc "CSV: a bad value after a multi-line field exits 1" 1 "$SIEVE" convert --from-csv "$T/mlbad.csv"
contains "CSV: bad value at its own line and column" "$ERR" \
	"mlbad.csv:3:11: column q1: 'abc' is not a finite number"
one_line "CSV: bad value: one line" "$ERR"
printf 'q3,median,q1,n\n2,1,0.5,-9\n' >"$T/ordbad.csv"
expect_rc "CSV: a bad n in a reordered file exits 1" 1 "$SIEVE" convert --from-csv "$T/ordbad.csv"
contains "CSV: bad n at its real column" "$ERR" \
	"ordbad.csv:2:9: column n: '-9' is not a positive whole number"
printf 'n,median,min,max\n9,1,2,0.5\n' >"$T/ord.csv"
expect_rc "CSV: values out of order exit 1" 1 "$SIEVE" convert --from-csv "$T/ord.csv"
contains "CSV: out of order names the column" "$ERR" "ord.csv:2:"
printf 'n,median,q1,q3\n"9,1,0.5,2\n' >"$T/open.csv"
expect_rc "CSV: an unterminated quote exits 1" 1 "$SIEVE" convert --from-csv "$T/open.csv"
contains "CSV: unterminated quote at file:line:col" "$ERR" "open.csv:2:1: unterminated quoted field"
printf 'case,n,median,study\nA,9,1,B\n' >"$T/twice.csv"
expect_rc "CSV: case and study both given exits 1" 1 "$SIEVE" convert --from-csv "$T/twice.csv"
contains "CSV: the second one named" "$ERR" "twice.csv:1:15: column 'study' appears twice"
printf 'n,median,foo\n9,1,2\n' >"$T/unk.csv"
expect_rc "CSV: an unknown column exits 1" 1 "$SIEVE" convert --from-csv "$T/unk.csv"
contains "CSV: unknown column listed with the known ones" "$ERR" \
	"unk.csv:1:10: unknown column 'foo' (expected scenario, n, min, q1, median, q3, max, case)"
if [ -f "$REF/compare.py" ]; then
	: >"$T/conv.csv"
	ok_all=1
	for c in $(awk -F, '$2 == "conv" {print $1}' "$REF/cases/index.csv"); do
		"$SIEVE" convert --from-csv "$REF/cases/$c.csv" --long >>"$T/conv.csv" || ok_all=0
	done
	check "every reference conversion case runs" test $ok_all = 1
	res=$(python3 "$REF/compare.py" "$T/conv.csv" --only-reported-cases 2>&1 | tail -n 1)
	case $res in
	*" 0 failed"*) ok "reference values match ($res)" ;;
	*) bad "reference values match" "$res" ;;
	esac
else
	echo "# shared test data not found at $REF: set SIEVE_SHARED_DATA; skipping the reference check"
fi
finish
