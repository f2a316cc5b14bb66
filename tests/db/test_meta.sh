# SPDX-License-Identifier: GPL-3.0-or-later
# sieve meta on a review: selection from the extracted data, studies left out
# and why, derived values flagged, subgroups, saved runs and --diff.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$GEN" 3 5 --pmid-base 43000000 >"$T/s.xml"
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" reviewers add ben >/dev/null
export SIEVE_REVIEWER=ann
for s in "Ahn 2015" "Bo 2012" "Cruz 2019" "Diaz 2010" "Eng 2018" "Fox 2016" "Gil 2014" "Hu 2013"; do
	"$SIEVE" studies add "$s" >/dev/null
done
"$SIEVE" studies add "Ret 2011" --pmid 43000000 >/dev/null

expect_rc "nothing extracted yet" 1 "$SIEVE" meta
contains "says why" "$ERR" "no study can be pooled"
contains "names the studies" "$OUT" "Ahn 2015: not extracted yet"

cat >"$T/e.csv" <<'CSV'
study,measurement,parameter,timepoint,field_strength,unit,group,n,mean,sd,median,q1,q3
Ahn 2015,1,adc,baseline,1.5,,responders,20,1.05,0.20,,,
Ahn 2015,1,adc,baseline,1.5,,non-responders,18,1.20,0.22,,,
Bo 2012,1,adc,baseline,3,x10^-6 mm^2/s,responders,31,1100,180,,,
Bo 2012,1,adc,baseline,3,x10^-6 mm^2/s,non-responders,25,1190,210,,,
Cruz 2019,1,adc,baseline,1.5,,responders,15,0.98,0.25,,,
Cruz 2019,1,adc,baseline,1.5,,non-responders,16,,,1.18,1.02,1.35
Diaz 2010,1,adc,baseline,3,,responders,40,1.12,0.15,,,
Diaz 2010,1,adc,baseline,3,,non-responders,38,1.17,0.16,,,
Diaz 2010,2,adc,post,3,,responders,40,1.40,0.15,,,
Eng 2018,1,adc,baseline,3,,responders,22,1.01,,,,
Eng 2018,1,adc,baseline,3,,non-responders,20,1.11,0.2,,,
Fox 2016,1,adc,baseline,3,,responders,12,1.0,0.1,,,
Gil 2014,1,ivim-d,baseline,3,,responders,12,1.0,0.1,,,
Gil 2014,1,ivim-d,baseline,3,,non-responders,12,1.1,0.1,,,
Ret 2011,1,adc,baseline,3,,responders,12,1.0,0.1,,,
Ret 2011,1,adc,baseline,3,,non-responders,12,1.2,0.1,,,
CSV
"$SIEVE" extract import "$T/e.csv" >/dev/null || bad "extraction import"
printf 'study,extractor,measurement,parameter,timepoint,field_strength,group,n,mean,sd\nHu 2013,ann,1,adc,baseline,3,responders,30,1.0,0.2\nHu 2013,ann,1,adc,baseline,3,non-responders,30,1.1,0.2\nHu 2013,ben,1,adc,baseline,3,responders,30,1.0,0.25\nHu 2013,ben,1,adc,baseline,3,non-responders,30,1.1,0.2\n' >"$T/hu.csv"
"$SIEVE" extract import "$T/hu.csv" >/dev/null || bad "dual extraction import"
q "UPDATE record SET retracted = true WHERE pmid = '43000000'"

expect_rc "meta with the defaults" 0 env COLUMNS=150 "$SIEVE" meta
contains "selection named" "$OUT" "data: parameter=adc timepoint=baseline"
contains "four studies pooled" "$OUT" "· 4 studies"
contains "effect direction named" "$OUT" "Mean difference of responders minus non-responders (x10^-3 mm^2/s)"
contains "normalised units used" "$OUT" "1.100   0.180"
contains "derived values flagged" "$OUT" "Cruz 2019 †"
contains "derivation named" "$OUT" "Cruz 2019: non-responders: mean luo2018, sd wan2014"
contains "retracted left out" "$OUT" "Ret 2011: retracted"
contains "missing SD left out" "$OUT" "Eng 2018: responders: missing SD"
contains "one group only left out" "$OUT" "Fox 2016: one group only"
contains "other parameter left out" "$OUT" "Gil 2014: no measurement matches parameter=adc timepoint=baseline"
contains "disagreeing extractors left out" "$OUT" "Hu 2013: extractors ann and ben disagree"
lacks "early timepoint not pooled" "$OUT" "1.400"
check "the run is saved" test "$(q "SELECT count(*) FROM meta_run")" = 1
check "with its input rows" test "$(q "SELECT count(*) FROM meta_run_study WHERE included")" = 4
check "and the studies left out" test "$(q "SELECT count(*) FROM meta_run_study WHERE NOT included")" = 5
check "and its results" test "$(q "SELECT report->'settings'->>'tau2' FROM meta_run")" = REML

# the same numbers through --from-csv give the same pooled estimate
"$SIEVE" meta --json >"$T/db.json"
python3 - "$T/db.json" "$T/same.csv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write("study,n1,mean1,sd1,n2,mean2,sd2\n")
    for s in r["studies"]:
        f.write('"%s",%r,%r,%r,%r,%r,%r\n' % (s["study"], s["n1"], s["mean1"], s["sd1"], s["n2"], s["mean2"], s["sd2"]))
PY
a=$("$SIEVE" meta --long | grep '^MD.REML.knha,est,')
b=$("$SIEVE" meta --from-csv "$T/same.csv" --long | grep '^MD.REML.knha,est,')
check "review and CSV agree ($a)" test "$a" = "$b"

expect_rc "--where" 0 "$SIEVE" meta --where "parameter=ivim-d" --long
contains "IVIM D only" "$OUT" "MD.REML.knha,k,1"
expect_rc "--where timepoint=post: nothing to pool" 1 "$SIEVE" meta --where "timepoint=post"
contains "the reasons listed" "$OUT" "No study can be pooled with timepoint=post parameter=adc:"
contains "one group only after treatment" "$OUT" "Diaz 2010: one group only"
expect_rc "--where selects by unit of analysis" 1 "$SIEVE" meta --where "unit_of_analysis=lesion"
contains "no study extracted per lesion" "$OUT" "Ahn 2015: no measurement matches unit_of_analysis=lesion parameter=adc timepoint=baseline"
expect_rc "--where with a bad column" 2 "$SIEVE" meta --where "colour=red"
expect_rc "--where malformed" 2 "$SIEVE" meta --where "parameter"
expect_rc "--by field_strength" 0 "$SIEVE" meta --by field_strength --tau2 DL --test z
contains "subgroup 1.5" "$OUT" "Subgroup 1.5 (k = 2)"
contains "subgroup 3" "$OUT" "Subgroup 3 (k = 2)"
contains "subgroup test" "$OUT" "Test for subgroup differences"
expect_rc "--include-retracted" 0 "$SIEVE" meta --include-retracted --long
contains "five studies with the retracted one" "$OUT" "MD.REML.knha,k,5"

# --- regeneration: --diff -----------------------------------------------------------
expect_rc "diff with no change" 0 "$SIEVE" meta --diff
contains "no change" "$OUT" "the studies and their numbers are the same"
printf 'study,extractor,measurement,timepoint,field_strength,group,n,mean,sd\nHu 2013,agreed,1,baseline,3,responders,30,1.0,0.2\nHu 2013,agreed,1,baseline,3,non-responders,30,1.1,0.2\n' >"$T/agree.csv"
"$SIEVE" extract import "$T/agree.csv" >/dev/null || bad "agreed values"
printf 'study,measurement,parameter,timepoint,field_strength,group,n,mean,sd\nAhn 2015,1,adc,baseline,1.5,responders,20,1.07,0.20\nAhn 2015,1,adc,baseline,1.5,non-responders,18,1.20,0.22\n' >"$T/fix.csv"
"$SIEVE" extract import "$T/fix.csv" >/dev/null || bad "corrected value"
expect_rc "diff after a correction and an agreement" 0 "$SIEVE" meta --diff
contains "changed study" "$OUT" "changed  Ahn 2015: n 20/18, mean 1.05/1.2, sd 0.2/0.22 -> n 20/18, mean 1.07/1.2"
contains "study back in" "$OUT" "back in  Hu 2013"
contains "pooled before and now" "$OUT" "pooled [95% CI]"
contains "study count before and now" "$OUT" "studies              4                                  5"
check "each run saved" test "$(q "SELECT count(*) FROM meta_run")" -ge 8
expect_rc "diff with other settings has its own baseline" 0 "$SIEVE" meta --tau2 PM --diff
contains "first PM run" "$OUT" "No earlier run with these settings"
expect_rc "status names the last run" 0 "$SIEVE" status
contains "last meta-analysis run" "$OUT" "analyses:   meta-analysis run #"
expect_rc "figures from the review" 0 "$SIEVE" meta -o "$T/forest.pdf" --funnel "$T/funnel.svg"
check "forest PDF" sh -c "head -c 5 '$T/forest.pdf' | grep -q '%PDF-'"
check "funnel SVG has its axis label" grep -q "Standard error" "$T/funnel.svg"
# --- numbers that cannot be computed with: the study is left out, not the run ---------
"$SIEVE" studies add "Ivy 2017" >/dev/null
printf 'study,measurement,parameter,timepoint,field_strength,group,n,mean,sd\nIvy 2017,1,adc,baseline,3,responders,20,1.05,1e-300\nIvy 2017,1,adc,baseline,3,non-responders,18,1.2,1e-300\n' >"$T/ivy.csv"
expect_rc "the extraction refuses an SD of 1e-300 at entry" 1 "$SIEVE" extract import "$T/ivy.csv"
contains "the error names the SD" "$ERR" "sd: 1e-300"
# A value stored before that rule (or written by another client) must not
# abort the analysis: put it in behind the importer's back.
sed 's/1e-300/0.2/' "$T/ivy.csv" >"$T/ivy-ok.csv"
expect_rc "a plausible SD imports" 0 "$SIEVE" extract import "$T/ivy-ok.csv"
q "UPDATE group_stat SET sd = 1e-300 WHERE measurement IN (SELECT m.id FROM measurement m JOIN study s ON s.id = m.study WHERE s.label = 'Ivy 2017')"
expect_rc "an SD of 1e-300 does not abort the analysis" 0 "$SIEVE" meta
contains "left out with the reason" "$OUT" "Ivy 2017: the sampling variance of the MD is 0"
contains "the others pooled" "$OUT" "· 5 studies"
check "saved as left out" test "$(q "SELECT reason FROM meta_run_study WHERE label = 'Ivy 2017' ORDER BY run DESC LIMIT 1" | cut -c1-35)" = "the sampling variance of the MD is "
finish
