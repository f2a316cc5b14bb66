# SPDX-License-Identifier: GPL-3.0-or-later
# Studies from included records, manual studies, and per-lesion data import
# with row-by-row validation, unit normalisation and atomicity.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$GEN" 6 8 --pmid-base 42000000 >"$T/s.xml"
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" settings decisions title-abstract 1 --reviewer ann >/dev/null
"$SIEVE" settings decisions full-text 1 --reviewer ann >/dev/null
for p in 42000000 42000001 42000002; do
	"$SIEVE" decide $p include --reviewer ann >/dev/null
	"$SIEVE" decide $p include --stage full-text --reviewer ann >/dev/null
done
"$SIEVE" decide 42000003 include --reviewer ann >/dev/null

expect_rc "studies from records included at full text" 0 "$SIEVE" studies
contains "three new studies" "$OUT" "(3 new studies from records included at full text)"
check "three studies" test "$(q "SELECT count(*) FROM study")" = 3
fa=$(q "SELECT split_part(first_author, ' ', 1) || ' ' || pub_year FROM record WHERE pmid = '42000000'")
contains "labelled FirstAuthor Year" "$OUT" "$fa"
expect_rc "studies again creates none" 0 "$SIEVE" studies
lacks "no new studies the second time" "$OUT" "new stud"
expect_rc "a study found by other means" 0 "$SIEVE" studies add "Koh 2007" --pmid 42000004 --pmid 42000005
expect_rc "studies --csv" 0 "$SIEVE" studies --csv
contains "csv header" "$OUT" "label,first_author,year,records,pmids,lesions,source"
contains "manual study with two records" "$OUT" "Koh 2007"
contains "its PMIDs" "$OUT" "42000004 42000005"
expect_rc "a record in two studies is refused" 1 "$SIEVE" studies add "Other 2001" --pmid 42000004
contains "names the other study" "$ERR" "Koh 2007"
check "refused study not created" test "$(q "SELECT count(*) FROM study WHERE label = 'Other 2001'")" = 0
expect_rc "unknown PMID refused" 1 "$SIEVE" studies add "Ghost 1999" --pmid 1

# --- lesions -------------------------------------------------------------
cat >"$T/l.csv" <<'CSV'
study,patient,lesion,adc_baseline,response,adc_followup,followup_days
Koh 2007,P1,L1,1.05,1,1.40,14
Koh 2007,P1,L2,0.98,responder,NA,
Koh 2007,P2,L1,1.32,0,1.35,14
"Koh 2007",P3,L1,1.21,non-responder,,
CSV
expect_rc "import lesions" 0 "$SIEVE" lesions import "$T/l.csv"
contains "four new lesions" "$OUT" "4 lesions · 4 new · 0 updated"
check "linked to the study" test "$(q "SELECT count(*) FROM lesion l JOIN study s ON s.id = l.study WHERE s.label = 'Koh 2007'")" = 4
check "two patients' lesions kept apart" test "$(q "SELECT count(DISTINCT patient) FROM lesion")" = 3
check "response words read" test "$(q "SELECT string_agg(responder::text, ',' ORDER BY patient, lesion) FROM lesion")" = "true,true,false,false"
check "follow-up kept" test "$(q "SELECT adc_followup || '/' || followup_days FROM lesion WHERE patient = 'P1' AND lesion = 'L1'")" = "1.4/14"
expect_rc "lesions summary" 0 "$SIEVE" lesions summary
contains "summary per study" "$OUT" "Koh 2007"
contains "patients and lesions counted" "$OUT" "3        4        2/2"
expect_rc "re-import updates, never duplicates" 0 "$SIEVE" lesions import "$T/l.csv"
contains "four updated" "$OUT" "0 new · 4 updated"

cat >"$T/u.csv" <<'CSV'
study,patient,lesion,adc_baseline,response
Koh 2007,P9,L1,1050,1
CSV
expect_rc "x10^-6 values need --unit" 1 "$SIEVE" lesions import "$T/u.csv"
contains "suggests the likely unit" "$ERR" "x10^-6"
contains "names file, line and column" "$ERR" "u.csv:2:"
expect_rc "with --unit they are normalised" 0 "$SIEVE" lesions import "$T/u.csv" --unit "x10^-6 mm^2/s"
check "1050 x10^-6 stored as 1.05 x10^-3" test "$(q "SELECT adc_baseline FROM lesion WHERE patient = 'P9'")" = 1.05
expect_rc "unknown unit is a usage error" 2 "$SIEVE" lesions import "$T/u.csv" --unit furlongs

n_before=$(q "SELECT count(*) FROM lesion")
printf 'study,patient,lesion,adc_baseline,response\nKoh 2007,P5,L1,1.1,1\nNobody 2020,P6,L1,1.2,0\n' >"$T/unknown.csv"
expect_rc "unknown study exits 1" 1 "$SIEVE" lesions import "$T/unknown.csv"
contains "unknown study named with its line" "$ERR" "unknown.csv:3"
check "nothing from that file committed" test "$(q "SELECT count(*) FROM lesion")" = "$n_before"
printf 'study,patient,lesion,adc_baseline,response\nKoh 2007,P5,L1,1.1,maybe\n' >"$T/resp.csv"
expect_rc "bad response exits 1" 1 "$SIEVE" lesions import "$T/resp.csv"
contains "response column named" "$ERR" "column response"
printf 'study,patient,lesion,adc_baseline,response\nKoh 2007,P5,L1,abc,1\n' >"$T/num.csv"
expect_rc "non-numeric ADC exits 1" 1 "$SIEVE" lesions import "$T/num.csv"
contains "adc column and position" "$ERR" "num.csv:2:"
printf 'study,patient,lesion,adc_baseline,response\nKoh 2007,P5,L1,1.1,1\nKoh 2007,P5,L1,1.2,1\n' >"$T/dup.csv"
expect_rc "duplicate lesion exits 1" 1 "$SIEVE" lesions import "$T/dup.csv"
contains "duplicate names the other line" "$ERR" "also on line 2"
printf 'study,patient,adc_baseline,response\nKoh 2007,P5,1.1,1\n' >"$T/hdr.csv"
expect_rc "missing column exits 1" 1 "$SIEVE" lesions import "$T/hdr.csv"
contains "missing column named" "$ERR" "no column 'lesion'"
check "still nothing committed" test "$(q "SELECT count(*) FROM lesion")" = "$n_before"
printf 'study,patient,lesion,adc_baseline,response\n"Robert'"'"'); DROP TABLE lesion;--",P1,L1,1.1,1\n' >"$T/sql.csv"
expect_rc "SQL in a study label is just an unknown study" 1 "$SIEVE" lesions import "$T/sql.csv"
check "lesion table intact" test "$(q "SELECT count(*) FROM lesion")" = "$n_before"
"$SIEVE" db stop >/dev/null
finish
