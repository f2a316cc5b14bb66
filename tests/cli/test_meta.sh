# SPDX-License-Identifier: GPL-3.0-or-later
# sieve meta --from-csv (no review): every statistic of every model against
# the metafor reference values in ../shared/data/reference (with its own
# compare.py), the edge cases, the report, the JSON and the figures.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
REF=${SIEVE_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}/reference

if [ -f "$REF/compare.py" ]; then
	: >"$T/all.csv"
	ok_all=1
	for c in $(awk -F, '$2 == "ma" {print $1}' "$REF/cases/index.csv"); do
		"$SIEVE" meta --from-csv "$REF/cases/$c.csv" --all-models >"$T/$c.long" || ok_all=0
		sed "s/^/$c,/" "$T/$c.long" >>"$T/all.csv"
	done
	check "every reference meta-analysis case runs" test $ok_all = 1
	res=$(python3 "$REF/compare.py" "$T/all.csv" --only-reported-cases 2>&1 | tail -n 1)
	case $res in
	*" 0 failed"*) ok "reference values match ($res)" ;;
	*) bad "reference values match" "$res" ;;
	esac
	n=$(wc -l <"$T/all.csv")
	check "thousands of statistics compared ($n)" test "$n" -gt 10000
	# The default analysis is MD, REML, Hartung-Knapp: its numbers equal the
	# reference's MD.REML.knha.
	expect_rc "default model, long" 0 "$SIEVE" meta --from-csv "$REF/cases/adc_main.csv" --long
	contains "default model is MD.REML.knha" "$OUT" "MD.REML.knha,tau2,"
	lacks "one model only without --all-models" "$OUT" "MD.DL.z,"
	want=$(awk -F, '$1 == "adc_main" && $2 == "MD.REML.knha" && $3 == "est" {print $4}' "$REF/expected/expected.csv")
	got=$(printf '%s\n' "$OUT" | awk -F, '$1 == "MD.REML.knha" && $2 == "est" {print $3}')
	check "pooled estimate equals metafor's ($want)" awk -v a="$got" -v b="$want" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b < 0 ? -b : b))}'
	expect_rc "DL with z: the classic analysis" 0 "$SIEVE" meta --from-csv "$REF/cases/normand1999.csv" --tau2 DL --test z --csv
	contains "csv header" "$OUT" "method,stat,value"
	contains "DL z model" "$OUT" "MD.DL.z,I2,"
	expect_rc "subgroups" 0 "$SIEVE" meta --from-csv "$REF/cases/subgroup.csv" --by subgroup
	contains "subgroup test" "$OUT" "Test for subgroup differences: Q ="
	contains "subgroup named" "$OUT" "field15T"
	expect_rc "SMD" 0 "$SIEVE" meta --from-csv "$REF/cases/adc_main.csv" --measure SMD --long
	contains "SMD model" "$OUT" "SMD.REML.knha,est,"
else
	echo "SKIP reference checks: $REF not found (set SIEVE_SHARED_DATA)"
fi

# --- the terminal report -------------------------------------------------------
cat >"$T/s.csv" <<'CSV'
study,n1,mean1,sd1,n2,mean2,sd2,year
Ahn 2015,20,1.05,0.20,18,1.20,0.22,2015
Bo 2012,31,1.10,0.18,25,1.19,0.21,2012
Cruz 2019,15,0.98,0.25,16,1.18,0.24,2019
"Diaz, Jr 2010",40,1.12,0.15,38,1.17,0.16,2010
CSV
expect_rc "text report" 0 env COLUMNS=120 "$SIEVE" meta --from-csv "$T/s.csv" --leave-one-out --cumulative --egger
contains "model named" "$OUT" "random effects, tau^2 by REML, Hartung-Knapp (t)"
contains "study row with its CI" "$OUT" "Ahn 2015"
contains "a label with a comma" "$OUT" "Diaz, Jr 2010"
contains "forest plot drawn" "$OUT" "■"
contains "pooled diamond" "$OUT" "◆"
contains "prediction interval" "$OUT" "prediction interval: ["
contains "heterogeneity" "$OUT" "heterogeneity: Q ="
contains "leave one out" "$OUT" "without Bo 2012"
contains "cumulative by year starts with the oldest" "$(printf '%s\n' "$OUT" | grep -A1 'Cumulative')" "+ Diaz, Jr 2010"
contains "Egger warns below 10 studies" "$OUT" "warning: Egger's test with 4 studies (fewer than 10) has little power"
w=$(printf '%s\n' "$OUT" | awk '{ if (length($0) > m) m = length($0) } END {print m}')
check "fits 120 columns (widest line in bytes $w, UTF-8 included)" test "$w" -le 200
expect_rc "narrow terminal" 0 env COLUMNS=70 "$SIEVE" meta --from-csv "$T/s.csv"

# --- JSON -------------------------------------------------------------------------
expect_rc "json" 0 "$SIEVE" meta --from-csv "$T/s.csv" --json
printf '%s\n' "$OUT" >"$T/r.json"
if command -v python3 >/dev/null; then
	check "json schema" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert set(r) >= {"settings", "studies", "left_out", "notes", "warnings", "results"}, r.keys()
assert r["settings"]["measure"] == "MD" and r["settings"]["tau2"] == "REML" and r["settings"]["test"] == "knha"
assert len(r["studies"]) == 4
s = r["studies"][0]
for k in ("study", "n1", "mean1", "sd1", "n2", "mean2", "sd2", "yi", "vi", "ci_lb", "ci_ub", "weight"):
    assert k in s, k
assert abs(s["yi"] - (1.05 - 1.20)) < 1e-12
assert abs(sum(x["weight"] for x in r["studies"]) - 100) < 1e-9
f = r["results"]["MD.REML.knha"]
for k in ("k", "est", "se", "ci_lb", "ci_ub", "tau2", "I2", "H2", "Q", "Q_pval", "pi_lb", "pi_ub", "tau2_ci_lb", "tau2_ci_ub"):
    assert k in f, k
assert f["k"] == 4
' "$T/r.json"
fi

# --- edge cases ---------------------------------------------------------------------
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nOnly 2001,20,1.05,0.2,18,1.2,0.22\n' >"$T/k1.csv"
expect_rc "k = 1 runs" 0 "$SIEVE" meta --from-csv "$T/k1.csv" --long
contains "k = 1: tau2 is 0" "$OUT" "MD.REML.knha,tau2,0"
contains "k = 1: z test as metafor" "$OUT" "MD.REML.knha,k,1"
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nA,20,1.05,0.2,18,1.2,0.22\nB,20,1.05,0.2,18,1.2,0.22\nC,20,1.05,0.2,18,1.2,0.22\n' >"$T/same.csv"
expect_rc "identical studies" 0 "$SIEVE" meta --from-csv "$T/same.csv" --long
contains "identical: Q = 0" "$OUT" "MD.REML.knha,Q,0"
contains "identical: tau2 = 0" "$OUT" "MD.REML.knha,tau2,0"
contains "identical: tau2 CI [0, 0]" "$OUT" "MD.REML.knha,tau2_ci_ub,0"
# Hartung-Knapp with q = 0: the ad hoc safeguard max(1, q) by default, never
# narrower than the z-based CI, stated in every output; metafor's plain one
# on request, flagged.
contains "identical: safeguard applied" "$OUT" "MD.REML.knha,knha_adhoc_applied,1"
contains "identical: q reported" "$OUT" "MD.REML.knha,knha_q,0"
lacks "identical: t finite" "$OUT" "MD.REML.knha,stat,NA"
lacks "identical: p not 0" "$OUT" "MD.REML.knha,pval,0
"
kh_lb=$(printf '%s\n' "$OUT" | awk -F, '$2 == "ci_lb" {print $3}')
kh_ub=$(printf '%s\n' "$OUT" | awk -F, '$2 == "ci_ub" {print $3}')
expect_rc "identical, z" 0 "$SIEVE" meta --from-csv "$T/same.csv" --test z --long
z_lb=$(printf '%s\n' "$OUT" | awk -F, '$2 == "ci_lb" {print $3}')
z_ub=$(printf '%s\n' "$OUT" | awk -F, '$2 == "ci_ub" {print $3}')
check "identical: KH CI [$kh_lb, $kh_ub] holds the z CI [$z_lb, $z_ub]" awk -v a="$kh_lb" -v b="$kh_ub" -v c="$z_lb" -v d="$z_ub" 'BEGIN {exit !(a < c && b > d)}'
expect_rc "identical, terminal" 0 "$SIEVE" meta --from-csv "$T/same.csv"
contains "safeguard stated" "$OUT" "Hartung-Knapp q = 0 < 1, used as 1 (ad hoc safeguard)"
contains "model says so" "$OUT" "Hartung-Knapp (t), q >= 1"
lacks "no infinite t" "$OUT" "t = -inf"
expect_rc "identical, json" 0 "$SIEVE" meta --from-csv "$T/same.csv" --json
contains "json: setting" "$OUT" '"knha": "ad hoc safeguard max(1, q)"'
contains "json: applied" "$OUT" '"knha_adhoc_applied": 1'
contains "json: warning" "$OUT" "q = 0 is below 1 and was raised to 1"
expect_rc "identical, plain Hartung-Knapp" 0 "$SIEVE" meta --from-csv "$T/same.csv" --knha-plain
contains "plain: metafor's degenerate CI" "$OUT" "Pooled: -0.150 [-0.150, -0.150], t = -inf"
contains "plain: flagged" "$OUT" "warning: the random-effects CI is narrower than the fixed-effect one"
expect_rc "--knha-plain needs --test knha" 2 "$SIEVE" meta --from-csv "$T/same.csv" --knha-plain --test z
# Q far below its df
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nA,20,1.10,0.2,18,1.2,0.22\nB,25,1.12,0.25,30,1.21,0.2\nC,30,1.11,0.2,28,1.2,0.21\nD,22,1.09,0.22,20,1.2,0.2\nE,18,1.105,0.2,21,1.2,0.24\n' >"$T/lowq.csv"
expect_rc "Q below df" 0 "$SIEVE" meta --from-csv "$T/lowq.csv" --long
contains "Q below df: safeguard applied" "$OUT" "MD.REML.knha,knha_adhoc_applied,1"
contains "Q below df: not narrower" "$OUT" "MD.REML.knha,ci_narrower_than_fe,0"
expect_rc "Q below df, plain" 0 "$SIEVE" meta --from-csv "$T/lowq.csv" --long --knha-plain
contains "Q below df, plain: flagged" "$OUT" "MD.REML.knha,ci_narrower_than_fe,1"
contains "Q below df, plain: not applied" "$OUT" "MD.REML.knha,knha_adhoc_applied,0"
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nA,20,1.05,0.2,18,1.2,0.22\nB,20,1.05,0,18,1.2,0.22\n' >"$T/zero.csv"
expect_rc "a zero SD is refused" 1 "$SIEVE" meta --from-csv "$T/zero.csv"
contains "names study, column, file, line" "$ERR" "zero.csv:3:11: study B, column sd1: '0': an SD of 0 cannot be pooled"
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nA,20,1.05,0.2,18,1.2,0.22\nB,20,1.05,0.2,18,1.2,NA\n' >"$T/na.csv"
expect_rc "a missing SD is refused" 1 "$SIEVE" meta --from-csv "$T/na.csv"
contains "missing SD named" "$ERR" "study B, column sd2: 'NA': missing"
# Numbers that are numbers but cannot be computed with: the study is left
# out with the reason (not the whole analysis aborted), the rest is pooled.
cat >"$T/absurd.csv" <<'CSV'
study,n1,mean1,sd1,n2,mean2,sd2
Ahn 2015,20,1.05,0.20,18,1.20,0.22
Tiny 2016,20,1.05,1e-300,18,1.20,1e-300
Bo 2012,31,1.10,0.18,25,1.19,0.21
Huge 2017,20,1.05,1e200,18,1.20,1e200
Cruz 2019,15,0.98,0.25,16,1.18,0.24
Far 2018,20,1e308,0.2,18,-1e308,0.2
Sub 2019,20,1.05,1e-160,18,1.20,1e-160
Diaz 2010,40,1.12,0.15,38,1.17,0.16
CSV
expect_rc "unpoolable studies left out" 0 "$SIEVE" meta --from-csv "$T/absurd.csv" --leave-one-out
contains "the others pooled" "$OUT" "· 4 studies"
contains "SD 1e-300: vi is 0" "$OUT" "Tiny 2016: the sampling variance of the MD is 0: means 1.05, 1.2 and SDs 1e-300, 1e-300 are beyond what can be computed with"
contains "SD 1e200: vi overflows" "$OUT" "Huge 2017: the sampling variance of the MD is inf"
contains "means 1e308 apart: yi overflows" "$OUT" "Far 2018: the MD is inf"
contains "weight overflows" "$OUT" "Sub 2019: the weight of the MD (1/"
contains "listed as left out" "$OUT" "Left out (4):"
lacks "left out of leave-one-out too" "$OUT" "without Tiny 2016"
expect_rc "the same as without them" 0 "$SIEVE" meta --from-csv "$T/absurd.csv" --long
grep -v -e Tiny -e Huge -e Far -e Sub "$T/absurd.csv" >"$T/sane.csv"
got=$(printf '%s\n' "$OUT" | grep '^MD.REML.knha,est,')
want=$("$SIEVE" meta --from-csv "$T/sane.csv" --long | grep '^MD.REML.knha,est,')
check "pooled as the sane studies alone ($want)" test "$got" = "$want"
expect_rc "unpoolable, json" 0 "$SIEVE" meta --from-csv "$T/absurd.csv" --json
contains "json left_out with reason" "$OUT" '{"study": "Tiny 2016", "reason": "the sampling variance of the MD is 0'
expect_rc "SMD: the SD 1e200 study is fine, scale-free" 0 "$SIEVE" meta --from-csv "$T/absurd.csv" --measure SMD
contains "SMD: three left out" "$OUT" "Left out (3):"
contains "SMD: 5 pooled" "$OUT" "· 5 studies"
expect_rc "--all-models runs" 0 "$SIEVE" meta --from-csv "$T/absurd.csv" --all-models
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nTiny,20,1.05,1e-300,18,1.20,1e-300\n' >"$T/none.csv"
expect_rc "nothing poolable" 1 "$SIEVE" meta --from-csv "$T/none.csv"
contains "why nothing" "$OUT" "Tiny: the sampling variance of the MD is 0"
contains "says so" "$ERR" "no study can be pooled"
printf 'study,n1,mean1\nA,20,1.05\n' >"$T/cols.csv"
expect_rc "missing columns" 1 "$SIEVE" meta --from-csv "$T/cols.csv"
contains "names the column" "$ERR" "the header has no column 'sd1'"
expect_rc "unknown estimator" 2 "$SIEVE" meta --from-csv "$T/s.csv" --tau2 ML
expect_rc "--where needs a review" 2 "$SIEVE" meta --from-csv "$T/s.csv" --where "parameter=adc"
expect_rc "--by needs the column" 2 "$SIEVE" meta --from-csv "$T/s.csv" --by subgroup

# --- REML where Fisher scoring fails: one study far more precise ---------------------
# Without study S8, metafor's Fisher scoring oscillates about the maximum of the
# restricted likelihood for ever; --leave-one-out used to print nothing at all.
cat >"$T/precise.csv" <<'CSV'
study,n1,mean1,sd1,n2,mean2,sd2,year
S1,31,1.351,0.004,27,1.291,0.004,2011
S2,28,1.317,0.238,24,1.285,0.192,2012
S3,21,1.342,0.215,37,1.326,0.176,2013
S4,38,1.302,0.178,15,1.265,0.2,2014
S5,10,1.376,0.221,26,1.436,0.233,2015
S6,25,1.4,0.22,11,1.353,0.153,2016
S7,13,1.313,0.158,14,1.302,0.184,2017
S8,38,1.492,0.158,20,1.33,0.247,2018
CSV
expect_rc "precise study: leave-one-out runs" 0 env COLUMNS=120 "$SIEVE" meta --from-csv "$T/precise.csv" --leave-one-out --cumulative
contains "every subset fitted, the hard one too" "$OUT" "without S8     0.051 [0.021, 0.081], I^2 = 9.0%"
contains "cumulative shown" "$OUT" "+ S8"
lacks "no subset left unfitted" "$OUT" "not fitted"
head -n 8 "$T/precise.csv" >"$T/precise7.csv"
expect_rc "precise study: the subset alone" 0 "$SIEVE" meta --from-csv "$T/precise7.csv" --long
contains "REML maximum found" "$OUT" "MD.REML.knha,tau2,0.00019666"

# --- figures -------------------------------------------------------------------------
expect_rc "forest and funnel figures" 0 "$SIEVE" meta --from-csv "$T/s.csv" -o "$T/forest.svg" --funnel "$T/funnel.pdf"
check "forest SVG written" grep -q "Ahn 2015" "$T/forest.svg"
check "forest SVG holds the weights" grep -q "%" "$T/forest.svg"
check "funnel PDF written" sh -c "head -c 5 '$T/funnel.pdf' | grep -q '%PDF-'"
awk -F, -v OFS=, 'NR == 1 {print $0, "subgroup"; next} {print $0, (NR % 2 ? "3T" : "1.5T")}' "$T/s.csv" >"$T/sub.csv"
expect_rc "forest PNG with subgroups" 0 "$SIEVE" meta --from-csv "$T/sub.csv" --by subgroup -o "$T/forest.png"
check "PNG signature" sh -c "head -c 8 '$T/forest.png' | od -An -c | grep -q 'P   N   G'"
expect_rc "unknown figure format" 2 "$SIEVE" meta --from-csv "$T/s.csv" -o "$T/forest.bmp"
finish
