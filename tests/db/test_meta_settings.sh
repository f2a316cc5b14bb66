# SPDX-License-Identifier: GPL-3.0-or-later
# sieve meta --set-default-where: the review's default selection (migration
# 0010), used for the columns --where does not name; a lead's setting.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$GEN" 3 5 --pmid-base 44000000 >"$T/s.xml"
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" reviewers add ben >/dev/null
export SIEVE_REVIEWER=ann
for s in "Ahn 2015" "Bo 2012" "Cruz 2019"; do
	"$SIEVE" studies add "$s" >/dev/null
done
cat >"$T/e.csv" <<'CSV'
study,measurement,parameter,timepoint,field_strength,group,n,mean,sd
Ahn 2015,1,adc,baseline,1.5,responders,20,1.05,0.20
Ahn 2015,1,adc,baseline,1.5,non-responders,18,1.20,0.22
Bo 2012,1,adc,baseline,3,responders,31,1.10,0.18
Bo 2012,1,adc,baseline,3,non-responders,25,1.19,0.21
Bo 2012,2,ivim-d,baseline,3,responders,31,1.00,0.10
Bo 2012,2,ivim-d,baseline,3,non-responders,25,1.10,0.12
Cruz 2019,1,ivim-d,baseline,1.5,responders,15,0.98,0.11
Cruz 2019,1,ivim-d,baseline,1.5,non-responders,16,1.08,0.13
Cruz 2019,2,adc,post,1.5,responders,15,1.30,0.25
Cruz 2019,2,adc,post,1.5,non-responders,16,1.35,0.25
CSV
"$SIEVE" extract import "$T/e.csv" >/dev/null || bad "extraction import"

check "the default is today's selection" test "$(q "SELECT meta_default_where FROM review")" = "parameter=adc and timepoint=baseline"
expect_rc "meta with the default selection" 0 "$SIEVE" meta
contains "default selection used" "$OUT" "data: parameter=adc timepoint=baseline"
contains "other parameter left out" "$OUT" "Cruz 2019: no measurement matches parameter=adc timepoint=baseline"

expect_rc "a reviewer who is not a lead cannot set it" 1 "$SIEVE" meta --set-default-where "parameter=ivim-d" --reviewer ben
contains "says a lead changes settings" "$ERR" "only a lead changes the settings (ben is not a lead"
check "unchanged after the refusal" test "$(q "SELECT meta_default_where FROM review")" = "parameter=adc and timepoint=baseline"

expect_rc "a bad column is a usage error" 2 "$SIEVE" meta --set-default-where "colour=red"
contains "names the option and column" "$ERR" "--set-default-where: 'colour' is not a measurement column"
expect_rc "no condition is a usage error" 2 "$SIEVE" meta --set-default-where "  "
expect_rc "alone, not with analysis options" 2 "$SIEVE" meta --set-default-where "parameter=ivim-d" --json
expect_rc "--reviewer only with --set-default-where" 2 "$SIEVE" meta --reviewer ann
check "unchanged after the usage errors" test "$(q "SELECT meta_default_where FROM review")" = "parameter=adc and timepoint=baseline"

expect_rc "a lead sets it" 0 "$SIEVE" meta --set-default-where "parameter=ivim-d AND timepoint=baseline"
contains "prints the selection" "$OUT" "default selection for sieve meta: parameter=ivim-d timepoint=baseline"
expect_rc "meta uses the review's default" 0 "$SIEVE" meta
contains "new selection used" "$OUT" "data: parameter=ivim-d timepoint=baseline"
contains "ivim-d studies pooled" "$OUT" "· 2 studies"
contains "adc-only study left out" "$OUT" "Ahn 2015: no measurement matches parameter=ivim-d timepoint=baseline"
expect_rc "--where replaces the default of the column it names" 1 "$SIEVE" meta --where "timepoint=post"
contains "where and the rest of the default" "$OUT" "No study can be pooled with timepoint=post parameter=ivim-d:"
expect_rc "--where names both columns" 0 "$SIEVE" meta --where "parameter=adc and timepoint=post" --json
contains "the default is not used" "$OUT" '"selection": "parameter=adc timepoint=post"'

expect_rc "back to the old default" 0 "$SIEVE" meta --set-default-where "parameter=adc and timepoint=baseline"
expect_rc "meta as before" 0 "$SIEVE" meta
contains "old selection again" "$OUT" "data: parameter=adc timepoint=baseline"

q "UPDATE review SET meta_default_where = 'mean=1'"
expect_rc "a bad stored default is a data error" 1 "$SIEVE" meta
contains "names the setting" "$ERR" "the review's default selection (sieve meta --set-default-where): 'mean' is not a measurement column"
finish
