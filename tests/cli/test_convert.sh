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
