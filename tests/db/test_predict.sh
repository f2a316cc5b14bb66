# SPDX-License-Identifier: GPL-3.0-or-later
# sieve predict on a review: lesions of several studies, per study and
# pooled, patients kept apart across studies, retracted studies left out,
# runs saved.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$GEN" 2 5 --pmid-base 44000000 >"$T/s.xml"
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" studies add "Cui 2008" >/dev/null
"$SIEVE" studies add "Koh 2007" >/dev/null
"$SIEVE" studies add "Ret 2011" --pmid 44000000 >/dev/null
expect_rc "no lesions yet" 1 "$SIEVE" predict
contains "says what to do" "$ERR" "sieve lesions import"
# Two studies whose patients share names (P1, P2, ...): they are different people.
awk 'BEGIN {
	print "study,patient,lesion,adc_baseline,response"
	seed = 3
	for (s = 0; s < 3; s++) for (p = 1; p <= 12; p++) for (l = 1; l <= 1 + p % 3; l++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		resp = int(seed / 65536) % 2
		adc = (resp ? 1.00 : 1.20) + (int(seed / 256) % 1000) / 1500 - 0.33
		printf "%s,P%d,L%d,%.3f,%d\n", s == 0 ? "Cui 2008" : s == 1 ? "Koh 2007" : "Ret 2011", p, l, adc, resp
	}
}' >"$T/l.csv"
"$SIEVE" lesions import "$T/l.csv" >/dev/null || bad "lesions import"
q "UPDATE record SET retracted = true WHERE pmid = '44000000'"
expect_rc "predict, all studies" 0 "$SIEVE" predict --bootstrap 300 --adc 1.1
contains "per study" "$OUT" "Cui 2008"
contains "and pooled" "$OUT" "pooled"
contains "patients of two studies kept apart" "$OUT" "from 24 patients in 2 studies"
contains "study term with several studies" "$OUT" "response ~ ADC + study"
contains "retracted study left out" "$OUT" "left out: Ret 2011: retracted"
contains "prediction" "$OUT" "Prediction at ADC 1.1"
check "the run is saved" test "$(q "SELECT count(*) || ' ' || patients || ' ' || (report->'settings'->>'bootstrap') FROM predict_run GROUP BY patients, report")" = "1 24 300"
expect_rc "one study" 0 "$SIEVE" predict --study "Koh 2007" --bootstrap 100 --long
contains "one study: no study term" "$OUT" "logit,b1,"
lacks "one study only" "$OUT" "Cui 2008/"
expect_rc "per-study lines in --long" 0 "$SIEVE" predict --bootstrap 0 --long
contains "per-study ROC named" "$OUT" "Cui 2008/roc,auc,"
expect_rc "unknown study" 1 "$SIEVE" predict --study "Nobody 1900"
expect_rc "ROC figure per study and pooled" 0 "$SIEVE" predict --bootstrap 0 -o "$T/roc.svg"
check "curves named in the legend" grep -q "Koh 2007: AUC" "$T/roc.svg"
check "pooled curve in the legend" grep -q "pooled: AUC" "$T/roc.svg"
# A study with one patient: its ROC is shown, the bootstrap over patients refused.
"$SIEVE" studies add "Solo 2019" >/dev/null
printf 'study,patient,lesion,adc_baseline,response\nSolo 2019,P1,L1,1.0,1\nSolo 2019,P1,L2,1.1,1\nSolo 2019,P1,L3,1.5,0\nSolo 2019,P1,L4,1.6,0\n' >"$T/solo.csv"
"$SIEVE" lesions import "$T/solo.csv" >/dev/null || bad "lesions import, one patient"
expect_rc "one patient: bootstrap refused" 1 "$SIEVE" predict --study "Solo 2019" --bootstrap 100
contains "one patient: ROC shown" "$OUT" "Solo 2019       4        1     2  1.000"
contains "one patient: says why" "$ERR" "Solo 2019: the bootstrap over patients needs at least 2 patients"
expect_rc "one patient, --bootstrap 0" 0 "$SIEVE" predict --study "Solo 2019" --bootstrap 0
expect_rc "pooled with the one-patient study still bootstraps" 0 "$SIEVE" predict --bootstrap 100
finish
