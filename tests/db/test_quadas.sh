# SPDX-License-Identifier: GPL-3.0-or-later
# QUADAS-2: the instrument as data and its tailoring, ratings with the
# published judgement rule, index tests, blinded raters, consensus with
# kappa, the report, CSV and figures, and the form.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" reviewers add ben >/dev/null
for s in "Koh 2007" "Cui 2008" "Lee 2010"; do "$SIEVE" studies add "$s" >/dev/null; done

# --- the instrument ----------------------------------------------------------
expect_rc "questions" 0 "$SIEVE" quadas questions
contains "published tool" "$OUT" "QUADAS-2 2011 (this review), revision 1, based on QUADAS-2 2011"
for d in "D1 Patient selection (risk of bias, applicability concerns)" "D2 Index test" "D3 Reference standard" "D4 Flow and timing (risk of bias)"; do
	contains "domain $d" "$OUT" "$d"
done
check "11 signalling questions (3, 2, 2, 4)" test "$(q "SELECT string_agg(n::text, ',' ORDER BY domain) FROM (SELECT domain, count(*) n FROM instrument_question q JOIN instrument i ON i.id = q.instrument WHERE i.in_use GROUP BY domain) x")" = "3,2,2,4"
check "the published version is kept apart" test "$(q "SELECT count(*) FROM instrument_question q JOIN instrument i ON i.id = q.instrument WHERE i.version = '2011'")" = 11
contains "question text" "$OUT" "1.1 Was a consecutive or random sample of patients enrolled?"
expect_rc "tailor: add a question to D2" 0 "$SIEVE" quadas tailor --add D2 "Were ADC acquisition and analysis parameters pre-specified and the same for all patients?"
contains "code given" "$OUT" "question 2.3 added to D2"
expect_rc "tailor: guidance" 0 "$SIEVE" quadas tailor --guidance 1.1 "Yes if the paper says consecutive or all eligible patients in a period"
expect_rc "tailor: reword" 0 "$SIEVE" quadas tailor --reword 1.2 "Was a case-control design avoided (responders and non-responders not sampled separately)?"
expect_rc "tailor: drop" 0 "$SIEVE" quadas tailor --drop 1.3
expect_rc "tailor: drop again" 1 "$SIEVE" quadas tailor --drop 1.3
expect_rc "tailor: unknown question" 1 "$SIEVE" quadas tailor --reword 9.9 "x"
expect_rc "tailor: unknown domain" 1 "$SIEVE" quadas tailor --add D7 "x"
expect_rc "tailor: one thing at a time" 2 "$SIEVE" quadas tailor --drop 1.1 --add D1 x
expect_rc "questions after tailoring" 0 "$SIEVE" quadas questions
contains "revision counted" "$OUT" "revision 5"
contains "added question" "$OUT" "2.3 Were ADC acquisition and analysis parameters pre-specified and the same for all patients?  [added by the review]"
contains "dropped question" "$OUT" "1.3 Did the study avoid inappropriate exclusions?  [dropped by the review]"
contains "guidance" "$OUT" "guidance: Yes if the paper says consecutive"
contains "reworded" "$OUT" "responders and non-responders not sampled separately"
check "published tool untouched" test "$(q "SELECT count(*) FROM instrument_question q JOIN instrument i ON i.id = q.instrument WHERE i.version = '2011' AND (dropped OR added OR guidance IS NOT NULL)")" = 0
check "tailoring audited" test "$(q "SELECT count(*) FROM audit WHERE action LIKE 'quadas %'")" = 4

# --- ratings and the judgement rule --------------------------------------------
export SIEVE_REVIEWER=ann
expect_rc "all yes suggests low" 0 "$SIEVE" quadas set "Koh 2007" D1 --q 1.1=yes --q 1.2=yes --risk low --applicability low
contains "suggestion shown" "$OUT" "the answers suggest low risk"
expect_rc "a no does not make the domain high by itself: unclear needs support" 1 "$SIEVE" quadas set "Cui 2008" D1 --q 1.1=no --q 1.2=yes --risk unclear
contains "asks for a supporting note" "$ERR" "Cui 2008 D1: the answers suggest high risk; judging it unclear needs a supporting note"
check "nothing stored when refused" test "$(q "SELECT count(*) FROM quadas_rating r JOIN study s ON s.id = r.study WHERE s.label = 'Cui 2008'")" = 0
expect_rc "with a supporting note" 0 "$SIEVE" quadas set "Cui 2008" D1 --q 1.1=no --q 1.2=yes --risk unclear --applicability low --support "convenience sample, but all eligible lesions analysed, p.3"
expect_rc "unclear answers suggest unclear" 0 "$SIEVE" quadas set "Lee 2010" D1 --q 1.1=unclear --q 1.2=yes --risk unclear --applicability unclear
contains "unclear suggested" "$OUT" "the answers suggest unclear risk"
expect_rc "the dropped question is refused" 1 "$SIEVE" quadas set "Koh 2007" D1 --q 1.3=yes
contains "no such question" "$ERR" "D1 has no signalling question 1.3"
expect_rc "a question of another domain is refused" 1 "$SIEVE" quadas set "Koh 2007" D1 --q 4.1=yes
expect_rc "D4 has no applicability" 1 "$SIEVE" quadas set "Koh 2007" D4 --applicability low
contains "says so" "$ERR" "D4 has no applicability judgement"
expect_rc "unknown study" 1 "$SIEVE" quadas set "Nobody 1900" D1 --risk low
expect_rc "bad answer" 2 "$SIEVE" quadas set "Koh 2007" D1 --q 1.1=maybe
expect_rc "bad level" 2 "$SIEVE" quadas set "Koh 2007" D1 --risk medium
for s in "Koh 2007" "Cui 2008" "Lee 2010"; do
	"$SIEVE" quadas set "$s" D3 --q 3.1=yes --q 3.2=yes --risk low --applicability low >/dev/null || bad "D3 $s"
	"$SIEVE" quadas set "$s" D4 --q 4.1=yes --q 4.2=yes --q 4.3=yes --q 4.4=yes --risk low >/dev/null || bad "D4 $s"
done

# --- index tests: D2 per test ----------------------------------------------------
expect_rc "index test 1" 0 "$SIEVE" quadas index-test "Koh 2007" "ADC b0-500"
expect_rc "index test 2" 0 "$SIEVE" quadas index-test "Koh 2007" "ADC b150-800"
expect_rc "D2 needs the test named when there are two" 1 "$SIEVE" quadas set "Koh 2007" D2 --risk low
contains "names the problem" "$ERR" "Koh 2007 has 2 index tests: name one with --index-test"
expect_rc "D2 for test 1" 0 "$SIEVE" quadas set "Koh 2007" D2 --index-test "ADC b0-500" --q 2.1=yes --q 2.2=yes --q 2.3=yes --risk low --applicability low
expect_rc "D2 for test 2" 0 "$SIEVE" quadas set "Koh 2007" D2 --index-test "ADC b150-800" --q 2.1=yes --q 2.2=no --q 2.3=yes --risk high --applicability low
expect_rc "an unknown index test" 1 "$SIEVE" quadas set "Koh 2007" D2 --index-test "T2" --risk low
for s in "Cui 2008" "Lee 2010"; do
	"$SIEVE" quadas set "$s" D2 --q 2.1=yes --q 2.2=yes --q 2.3=yes --risk low --applicability low >/dev/null || bad "D2 $s"
done

# --- a second rater, blinded; consensus and kappa -------------------------------------
"$SIEVE" blind on --reviewer ann >/dev/null 2>&1 || true
export SIEVE_REVIEWER=ben
"$SIEVE" quadas set "Koh 2007" D1 --q 1.1=yes --q 1.2=no --risk high --applicability low >/dev/null || bad "ben D1 Koh"
"$SIEVE" quadas set "Cui 2008" D1 --q 1.1=no --q 1.2=yes --risk high --applicability low >/dev/null || bad "ben D1 Cui"
"$SIEVE" quadas set "Lee 2010" D1 --q 1.1=unclear --q 1.2=yes --risk unclear --applicability unclear >/dev/null || bad "ben D1 Lee"
expect_rc "show while blinded: own ratings only" 0 "$SIEVE" quadas show "Koh 2007"
contains "ben's own" "$OUT" "D1  ben"
lacks "ann's hidden" "$OUT" "ann"
contains "says ratings are hidden" "$OUT" "hidden while the review is blinded"
expect_rc "a lead sees everything" 0 "$SIEVE" quadas show "Koh 2007" --reviewer ann
contains "ann's ratings" "$OUT" "D1  ann"
contains "ben's ratings" "$OUT" "D1  ben"
expect_rc "blinded non-lead: no disagreements shown" 0 "$SIEVE" quadas consensus
lacks "ben's consensus listing names no other rater" "$OUT" "ann"
expect_rc "consensus: disagreements (a lead)" 0 "$SIEVE" quadas consensus --reviewer ann
contains "per question, both answers" "$OUT" "Koh 2007 · D1 · 1.2:  ann yes  ben no"
contains "per domain judgement" "$OUT" "Koh 2007 · D1 · risk:  ann low  ben high"
contains "counted" "$OUT" "without consensus"
contains "kappa per domain" "$OUT" "Agreement between ann and ben on risk of bias (Cohen's kappa):"
# D1 pairs (ann, ben): (low, high), (unclear, high), (unclear, unclear): observed
# agreement 1/3, chance (1*0 + 0*2 + 2*1)/9 = 2/9, kappa = (3/9 - 2/9)/(7/9) = 1/7
contains "D1 kappa, worked by hand" "$OUT" "D1  kappa 0.14"
contains "D1 observed agreement" "$OUT" "agreement 33%, 3 studies"
expect_rc "consensus by adopting a rater" 0 "$SIEVE" quadas consensus "Cui 2008" --use ann --reviewer ann
contains "recorded" "$OUT" "recorded as the consensus (by ann)"
expect_rc "consensus for one domain" 0 "$SIEVE" quadas consensus "Koh 2007" D1 --q 1.1=yes --q 1.2=yes --risk low --applicability low --reviewer ann
check "consensus stored with who agreed" test "$(q "SELECT agreed_by || ' ' || risk FROM quadas_rating r JOIN study s ON s.id = r.study WHERE s.label = 'Koh 2007' AND rater = 'consensus' AND domain = 'D1'")" = "ann low"
expect_rc "a reviewer may not record the consensus" 1 "$SIEVE" quadas consensus "Lee 2010" D1 --risk low --applicability low
contains "says leads record it" "$ERR" "only a lead records the consensus"
expect_rc "consensus listing after agreement" 0 "$SIEVE" quadas consensus --reviewer ann
contains "consensus noted" "$OUT" "Koh 2007 · D1: consensus recorded by ann"

# --- report (by the lead: while blinded a reviewer's report has only their own) -------
export SIEVE_REVIEWER=ann
expect_rc "report" 0 "$SIEVE" quadas report
contains "a row per index test" "$OUT" "Koh 2007 (ADC b0-500)"
contains "second index test" "$OUT" "Koh 2007 (ADC b150-800)"
contains "legend with text symbols" "$OUT" "+ low   - high   ? unclear"
row=$(printf '%s\n' "$OUT" | grep '^Koh 2007 (ADC b0-500)')
check "overall low only if every domain is low ($row)" sh -c "printf '%s' \"\$1\" | grep -q ' low '" _ "$row"
row=$(printf '%s\n' "$OUT" | grep '^Koh 2007 (ADC b150-800)')
check "a high domain makes the study high ($row)" sh -c "printf '%s' \"\$1\" | grep -q ' high '" _ "$row"
row=$(printf '%s\n' "$OUT" | grep '^Lee 2010')
check "an unclear domain makes the study unclear ($row)" sh -c "printf '%s' \"\$1\" | grep -q ' unclear '" _ "$row"
expect_rc "report --csv" 0 "$SIEVE" quadas report --csv
contains "csv header" "$OUT" "study,d1_risk,d2_risk,d3_risk,d4_risk,d1_applicability,d2_applicability,d3_applicability,overall_risk,overall_applicability"
contains "csv row" "$OUT" "Koh 2007 (ADC b0-500),low,low,low,low,low,low,low,low,low"
contains "agreed-on unclear" "$OUT" "Lee 2010,unclear,low,low,low,unclear,low,low,unclear,unclear"
expect_rc "figure SVG" 0 "$SIEVE" quadas report -o "$T/q.svg"
check "SVG names the studies" grep -q "Koh 2007 (ADC b0-500)" "$T/q.svg"
check "SVG holds the summary counts" grep -q "75% (3)" "$T/q.svg"
expect_rc "figure PNG" 0 "$SIEVE" quadas report -o "$T/q.png"
check "PNG signature" sh -c "head -c 8 '$T/q.png' | od -An -c | grep -q 'P   N   G'"
expect_rc "figure PDF" 0 "$SIEVE" quadas report -o "$T/q.pdf"
check "PDF" sh -c "head -c 5 '$T/q.pdf' | grep -q '%PDF-'"
expect_rc "bad figure format" 2 "$SIEVE" quadas report -o "$T/q.gif"
expect_rc "export --csv" 0 "$SIEVE" quadas export --csv
contains "export header" "$OUT" "study,domain,index_test,rater,question,answer,risk,applicability,support,agreed_by,at"
contains "an answer row" "$OUT" "Koh 2007,D1,,ben,1.2,no,high,low,,,"
contains "support kept" "$OUT" "convenience sample, but all eligible lesions analysed, p.3"

expect_rc "status counts rated studies" 0 "$SIEVE" status
contains "QUADAS-2 progress" "$OUT" "studies:    3 · extracted 0 · QUADAS-2 rated 3"

# --- the form (headless replay) ----------------------------------------------------------
expect_rc "form opens at a study" 0 "$SIEVE" quadas --reviewer ann --study "Lee 2010" --size 100x30 --replay "<dump>q"
contains "title" "$OUT" "QUADAS-2 · Lee 2010"
contains "rater" "$OUT" "rater ann"
contains "stored answers shown with the suggestion" "$OUT" "Suggested from the answers: unclear"
contains "guidance of the question under the cursor" "$OUT" "Guidance: Yes if the paper says consecutive"
lacks "dropped question not shown" "$OUT" "inappropriate exclusions"
expect_rc "form: the record one key away" 0 "$SIEVE" quadas --reviewer ann --study "Lee 2010" --replay "r<dump>rq"
contains "record view" "$OUT" "no imported record"
expect_rc "form: answer and judge D4 of a study" 0 "$SIEVE" quadas --reviewer ben --study "Lee 2010" --replay "]]]yyyyl<dump>wq"
check "form saved ben's D4" test "$(q "SELECT risk || ':' || (SELECT count(*) FROM quadas_answer a WHERE a.rating = r.id) FROM quadas_rating r JOIN study s ON s.id = r.study WHERE s.label = 'Lee 2010' AND rater = 'ben' AND domain = 'D4'")" = "low:4"
expect_rc "form: recording the consensus" 0 "$SIEVE" quadas --consensus --reviewer ann --study "Lee 2010" --replay "]]]yyyyl<dump>wq"
contains "consensus as the rater" "$OUT" "rater consensus"
check "consensus saved with who recorded it" test "$(q "SELECT agreed_by || ':' || risk FROM quadas_rating r JOIN study s ON s.id = r.study WHERE s.label = 'Lee 2010' AND rater = 'consensus' AND domain = 'D4'")" = "ann:low"
expect_rc "form needs a terminal" 2 "$SIEVE" quadas --reviewer ann
finish
