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
