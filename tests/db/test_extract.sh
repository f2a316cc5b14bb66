# SPDX-License-Identifier: GPL-3.0-or-later
# Data extraction: template, CSV import with row-by-row validation and
# atomicity, unit normalisation, median/IQR conversion, export round trip,
# show, dual extraction (compare, agree).
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
R=$T/review
"$SIEVE" init "$R" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" reviewers add ben >/dev/null
"$SIEVE" studies add "Koh 2007" >/dev/null
"$SIEVE" studies add "Cui 2008" >/dev/null
export SIEVE_REVIEWER=ann

expect_rc "template" 0 "$SIEVE" extract template
one_line "template header lists every input column" \
	"$(printf '%s\n' "$OUT" | head -1)" \
	"study,extractor,measurement,parameter,timepoint,timepoint_days,b_values,field_strength,roi,criterion,unit_of_analysis,unit,group,n,mean,sd,median,q1,q3,min,max,location,conversion,cutoff,auc,sensitivity,specificity,note"
contains "a row per group of each study" "$OUT" "Koh 2007,,1,,,,,,,,,,non-responders"
printf '%s\n' "$OUT" >"$T/template.csv"
expect_rc "the unfilled template imports nothing" 0 "$SIEVE" extract import "$T/template.csv"
contains "blank rows skipped" "$OUT" "4 empty template rows skipped"
check "nothing stored" test "$(q "SELECT count(*) FROM group_stat")" = 0
expect_rc "columns are documented" 0 "$SIEVE" extract columns
contains "conversion column explained" "$OUT" "luo2018+wan2014"

cat >"$T/e.csv" <<'CSV'
study,measurement,parameter,timepoint,timepoint_days,b_values,field_strength,roi,criterion,unit_of_analysis,unit,group,n,mean,sd,median,q1,q3,min,max,location,cutoff,auc,sensitivity,specificity
Koh 2007,1,adc,baseline,,0 500,1.5,whole lesion,recist1.1,lesion,x10^-6 mm^2/s,responders,12,1080,150,,,,,,Table 2,1150,0.78,0.8,0.7
Koh 2007,1,ADC,baseline,,0 500,1.5,whole lesion,RECIST 1.1,lesion,x10^-6 mm^2/s,non-responders,10,,,1200,1050,1380,,,Table 2,1150,0.78,0.8,0.7
Cui 2008,b0-1000,adc,early,7,"0,1000",3T,largest slice,trg,patient,um^2/ms,R,20,1.05,0.2,,,,,,p. 4,,,,
Cui 2008,b0-1000,adc,early,7,"0,1000",3T,largest slice,trg,patient,um^2/ms,NR,15,,,1.25,,,0.9,1.7,p. 4,,,,
Cui 2008,f,ivim-f,baseline,,0 50 100 800,3,,trg,patient,%,responders,20,25,5,,,,,,Fig 3,,,,
Cui 2008,f,ivim-f,baseline,,0 50 100 800,3,,trg,patient,%,non-responders,15,20,6,,,,,,Fig 3,,,,
CSV
expect_rc "import" 0 "$SIEVE" extract import "$T/e.csv"
contains "counts" "$OUT" "6 group statistics in 3 measurements"
check "extractor defaults to the acting reviewer" test "$(q "SELECT string_agg(DISTINCT extractor, ',') FROM measurement")" = ann
check "x10^-6 normalised to x10^-3" test "$(q "SELECT mean || '/' || sd FROM group_stat WHERE grp = 'responders' AND ord = 0")" = "1.08/0.15"
check "original kept" test "$(q "SELECT original->>'mean' || ' ' || (original->>'unit') FROM group_stat WHERE ord = 0")" = "1080 x10^-6 mm^2/s"
check "percent normalised to a fraction" test "$(q "SELECT mean FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.name = 'f' AND grp = 'responders'")" = "0.25"
check "group spellings made canonical" test "$(q "SELECT string_agg(grp, ',' ORDER BY ord) FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.name = 'b0-1000'")" = "responders,non-responders"
check "criterion made canonical" test "$(q "SELECT DISTINCT criterion FROM measurement WHERE name = '1'")" = "recist1.1"
check "early timepoint days" test "$(q "SELECT timepoint || timepoint_days FROM measurement WHERE name = 'b0-1000'")" = "early7"
check "field strength 3T read as 3" test "$(q "SELECT field_strength FROM measurement WHERE name = 'b0-1000'")" = 3
# Median with IQR (S2), n = 10: Luo 2018 mean, Wan 2014 SD (checked by hand:
# w = 0.7 + 0.39/10 = 0.739; mean = 0.739*(1.05+1.38)/2 + 0.261*1.2 = 1.211085;
# eta(10) = 2*qnorm((7.5-0.125)/10.25) = 1.1658...; SD = 0.33/eta = 0.28380)
check "derived mean (Luo 2018)" test "$(q "SELECT round(mean::numeric, 6) FROM group_stat WHERE grp = 'non-responders' AND ord = 1")" = "1.211085"
check "derived SD (Wan 2014)" test "$(q "SELECT round(sd::numeric, 4) FROM group_stat WHERE grp = 'non-responders' AND ord = 1")" = "0.2838"
check "methods recorded" test "$(q "SELECT mean_method || '+' || sd_method FROM group_stat WHERE ord = 1")" = "luo2018+wan2014"
check "a reported mean is not flagged" test "$(q "SELECT count(*) FROM group_stat WHERE ord = 0 AND mean_method IS NULL AND sd_method IS NULL")" = 1
check "reported cut-off normalised" test "$(q "SELECT cutoff || ' ' || auc || ' ' || sensitivity FROM measurement WHERE name = '1'")" = "1.15 0.78 0.8"

expect_rc "show" 0 "$SIEVE" extract show "Koh 2007"
contains "units shown" "$OUT" "entered in x10^-6 mm^2/s, stored in x10^-3 mm^2/s"
contains "derived values marked" "$OUT" "1.211*"
contains "estimator named" "$OUT" "estimated: mean luo2018, sd wan2014"
contains "location shown" "$OUT" "Table 2"
expect_rc "show an unknown study" 1 "$SIEVE" extract show "Nobody 1900"

# --- round trip ----------------------------------------------------------
expect_rc "export" 0 "$SIEVE" extract export --csv
printf '%s\n' "$OUT" >"$T/x1.csv"
contains "normalised columns on export" "$OUT" "x10^-3 mm^2/s,1.211085,0.2838011434,\"mean: luo2018, sd: wan2014\""
before=$(q "SELECT string_agg(concat_ws('|', m.name, g.grp, g.n, g.mean, g.sd, g.median, g.q1, g.q3, g.min, g.max, g.mean_method, g.sd_method, g.location, g.original::text, m.parameter, m.unit, m.cutoff), ';' ORDER BY m.name, g.grp) FROM group_stat g JOIN measurement m ON m.id = g.measurement")
expect_rc "re-import the export" 0 "$SIEVE" extract import "$T/x1.csv"
after=$(q "SELECT string_agg(concat_ws('|', m.name, g.grp, g.n, g.mean, g.sd, g.median, g.q1, g.q3, g.min, g.max, g.mean_method, g.sd_method, g.location, g.original::text, m.parameter, m.unit, m.cutoff), ';' ORDER BY m.name, g.grp) FROM group_stat g JOIN measurement m ON m.id = g.measurement")
check "round trip: identical data" test "$before" = "$after"
check "round trip: no duplicates" test "$(q "SELECT count(*) FROM group_stat")" = 6
expect_rc "export again" 0 "$SIEVE" extract export --csv
printf '%s\n' "$OUT" >"$T/x2.csv"
check "round trip: identical export" cmp -s "$T/x1.csv" "$T/x2.csv"

# --- validation: every rule names line and column, and commits nothing ---
snapshot=$(q "SELECT count(*) || ':' || sum(n) FROM group_stat")
reject() { # reject NAME "CSV ROW" EXPECTED-IN-STDERR
	printf 'study,measurement,parameter,timepoint,timepoint_days,unit,group,n,mean,sd,median,q1,q3,min,max,conversion,auc,sensitivity,field_strength,b_values,extractor\n' >"$T/bad.csv"
	printf 'Cui 2008,9,adc,baseline,,,responders,5,1.1,0.2,,,,,,,,,,,\n' >>"$T/bad.csv"
	printf '%s\n' "$2" >>"$T/bad.csv"
	expect_rc "refused: $1" 1 "$SIEVE" extract import "$T/bad.csv"
	contains "message: $1" "$ERR" "$3"
	contains "nothing imported: $1" "$ERR" "nothing from $T/bad.csv was imported"
}
reject "implausible ADC, unit suggested" 'Koh 2007,1,adc,baseline,,,responders,12,1200,150,,,,,,,,,,,' "bad.csv:3:41: mean: 1200 is not a plausible adc in x10^-3 mm^2/s (0.1 to 4 x10^-3 mm^2/s); was it in x10^-6 mm^2/s?"
reject "SD implausible" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,150,,,,,,,,,,,' "sd: 150 is not a plausible adc"
reject "SD 1e-300" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,1e-300,,,,,,,,,,,' "bad.csv:3:45: sd: 1e-300 is not a plausible adc SD in x10^-3 mm^2/s (0.005 to 2.04 x10^-3 mm^2/s for n = 12)"
reject "SD 0.00002" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.00002,,,,,,,,,,,' "bad.csv:3:45: sd: 0.00002 is not a plausible adc SD"
reject "SD zero" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0,,,,,,,,,,,' "bad.csv:3:45: sd: 0 is not a plausible SD: an SD must be above 0"
# a field after a quoted one spanning lines: named at its own line
reject "bad mean after a multi-line study" '"Koh
2007",1,adc,baseline,,,responders,12,1200,150,,,,,,,,,,,' "bad.csv:4:38: mean: 1200 is not a plausible adc"
reject "SD too large, one range in the message" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,3,,,,,,,,,,,' "sd: 3 is not a plausible adc SD in x10^-3 mm^2/s (0.005 to 2.04 x10^-3 mm^2/s for n = 12)"
reject "SD 0 from equal quartiles" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,1.2,1.2,,,,,,,,' "q3: the SD estimated from q1, median, q3 by wan2014 (0) is not a plausible SD"
reject "SD of a group of one" 'Koh 2007,1,adc,baseline,,,responders,1,1.2,0.1,,,,,,,,,,,' "sd: 0.1: a group of n = 1 has no SD"
reject "n above a million" 'Koh 2007,1,adc,baseline,,,responders,20000000,1.2,0.1,,,,,,,,,,,' "bad.csv:3:38: n: '20000000' is not a whole number from 1 to 1000000"
reject "mean -1e308" 'Koh 2007,1,adc,baseline,,,responders,12,-1e308,0.1,,,,,,,,,,,' "bad.csv:3:41: mean: -1e308 is not a plausible adc"
reject "negative SD" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,-0.1,,,,,,,,,,,' "sd: -0.1 is negative"
reject "unknown study" 'Nobody 1900,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,,,,' 'bad.csv:3: study: no study "Nobody 1900"'
reject "unknown extractor" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,,,,zed' "extractor: 'zed' is not a reviewer"
reject "n missing" 'Koh 2007,1,adc,baseline,,,responders,,1.2,0.1,,,,,,,,,,,' "n: required"
reject "n not whole" 'Koh 2007,1,adc,baseline,,,responders,2.5,1.2,0.1,,,,,,,,,,,' "n: '2.5' is not a whole number"
reject "group missing" 'Koh 2007,1,adc,baseline,,,,12,1.2,0.1,,,,,,,,,,,' "group: required"
reject "no mean nor median" 'Koh 2007,1,adc,baseline,,,responders,12,,,,,,,,,,,,,' "mean: give a mean"
reject "SD without mean" 'Koh 2007,1,adc,baseline,,,responders,12,,0.1,1.2,,,,,,,,,,' "sd: an SD needs a mean"
reject "one quartile" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,1.1,,,,,,,,,' "q3: give both quartiles"
reject "range without median" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,,,,,1.0,1.4,,,,,,' "median: quartiles or a range need the median"
reject "unordered quartiles" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,1.3,1.4,,,,,,,,' "median: cannot estimate the mean and SD"
reject "too few for conversion" 'Koh 2007,1,adc,baseline,,,responders,2,,,1.2,1.1,1.3,,,,,,,,' "n: cannot estimate the mean and SD"
reject "unknown estimator" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,1.1,1.3,,,magic,,,,,' "conversion: unknown estimator 'magic'"
reject "estimator that gives no SD" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,,,1.0,1.4,hozo2005,,,,,' "conversion: 'hozo2005' gives no SD for S1"
reject "estimator not for the scenario" 'Koh 2007,1,adc,baseline,,,responders,12,,,1.2,1.1,1.3,,,shi2020,,,,,' "conversion: shi2020 does not apply to S2"
reject "conversion with nothing to convert" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,wan2014,,,,,' "conversion: nothing to convert"
reject "unknown parameter" 'Koh 2007,1,adx,baseline,,,responders,12,1.2,0.1,,,,,,,,,,,' "parameter: 'adx' is not one of"
reject "unknown timepoint" 'Koh 2007,1,adc,later,,,responders,12,1.2,0.1,,,,,,,,,,,' "timepoint: 'later' is not one of"
reject "early needs days" 'Koh 2007,1,adc,early,,,responders,12,1.2,0.1,,,,,,,,,,,' "timepoint_days: required for an early timepoint"
reject "unknown unit" 'Koh 2007,1,adc,baseline,,furlongs,responders,12,1.2,0.1,,,,,,,,,,,' "unit: unknown unit 'furlongs'"
reject "unit of another dimension" 'Koh 2007,1,adc,baseline,,%,responders,12,1.2,0.1,,,,,,,,,,,' "unit: '%' is not a unit of adc"
reject "AUC above 1" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,1.2,,,,' "auc: 1.2 is not a proportion"
reject "sensitivity as percent" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,85,,,' "write 85% as 0.85"
reject "field strength" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,,30,,' "field_strength: '30' is not a field strength"
reject "b-values" 'Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,,,b1000,' "b_values: 'b1000' is not a list of b-values"
reject "not a number" 'Koh 2007,1,adc,baseline,,,responders,12,1.2.3,0.1,,,,,,,,,,,' "mean: '1.2.3' is not a number"
reject "measurement columns must agree" 'Cui 2008,9,ivim-d,baseline,,,non-responders,5,1.1,0.2,,,,,,,,,,,' "parameter: 'ivim-d' differs from 'adc' on line 2"
reject "group twice" 'Cui 2008,9,adc,baseline,,,R,5,1.1,0.2,,,,,,,,,,,' "group: \"responders\" of measurement 9 is also on line 2"
reject "SQL in a field is data" "Koh 2007,1,adc,baseline,,,responders,12,1.2,0.1,,,,,,,,,,,'); DROP TABLE measurement; --" "extractor: ''); DROP TABLE measurement; --' is not a reviewer"
check "nothing changed by any refused import" test "$(q "SELECT count(*) || ':' || sum(n) FROM group_stat")" = "$snapshot"
check "no measurement 9 created" test "$(q "SELECT count(*) FROM measurement WHERE name = '9'")" = 0
printf 'study,group,n,mean,sd,colour\n' >"$T/bad.csv"
expect_rc "unknown column" 1 "$SIEVE" extract import "$T/bad.csv"
contains "unknown column named with its position" "$ERR" "bad.csv:1:23: unknown column 'colour'"
printf 'study,group,mean,sd\n' >"$T/bad.csv"
expect_rc "missing required column" 1 "$SIEVE" extract import "$T/bad.csv"
contains "names the column" "$ERR" "the header has no column 'n'"
printf 'study,group,n,mean\nKoh 2007,"responders,12,1.2\n' >"$T/bad.csv"
expect_rc "unterminated quote" 1 "$SIEVE" extract import "$T/bad.csv"
contains "names the line" "$ERR" "bad.csv:2:10: unterminated quoted field"
expect_rc "missing file" 1 "$SIEVE" extract import "$T/none.csv"
expect_rc "export needs --csv" 2 "$SIEVE" extract export

# --- a spreadsheet note with a line break ------------------------------------
printf 'study,measurement,group,n,mean,sd,location\nCui 2008,nb,responders,10,1.1,0.1,"two lines:\nsecond, with a comma"\nCui 2008,nb,non-responders,9,1.2,0.1,\n' >"$T/nl.csv"
expect_rc "a quoted field across lines" 0 "$SIEVE" extract import "$T/nl.csv"
check "the line break kept" test "$(q "SELECT original->>'location' FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.name = 'nb' AND grp = 'responders'")" = "$(printf 'two lines:\nsecond, with a comma')"
"$SIEVE" extract export --csv --study "Cui 2008" >"$T/nl1.csv"
expect_rc "re-import of a multi-line export" 0 "$SIEVE" extract import "$T/nl1.csv"
"$SIEVE" extract export --csv --study "Cui 2008" >"$T/nl2.csv"
check "multi-line round trip identical" cmp -s "$T/nl1.csv" "$T/nl2.csv"
printf 'study,measurement,group,n,mean,sd,note\nCui 2008,nb,responders,10,1.1,0.1,"never closed\n' >"$T/open.csv"
for i in $(seq 300); do printf 'more,text\n' >>"$T/open.csv"; done
expect_rc "an unclosed quote is bounded and named" 1 "$SIEVE" extract import "$T/open.csv"
contains "names the line it starts on" "$ERR" "open.csv:2:35: unterminated quoted field"

# --- a change from baseline may be negative --------------------------------
printf 'study,measurement,timepoint,group,n,mean,sd\nKoh 2007,delta,change,responders,12,-0.25,0.1\nKoh 2007,delta,change,non-responders,10,0.05,0.1\n' >"$T/chg.csv"
expect_rc "a negative change is accepted" 0 "$SIEVE" extract import "$T/chg.csv"
check "stored negative" test "$(q "SELECT mean FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.name = 'delta' AND grp = 'responders'")" = "-0.25"

# --- dual extraction --------------------------------------------------------
sed -e 's/^Koh 2007,ann,/Koh 2007,ben,/' "$T/x1.csv" | grep '^Koh 2007,ben,1,' >"$T/ben.csv"
sed -i -e '1i study,extractor,measurement,parameter,timepoint,timepoint_days,b_values,field_strength,roi,criterion,unit_of_analysis,unit,group,n,mean,sd,median,q1,q3,min,max,location,conversion,cutoff,auc,sensitivity,specificity,note,norm_unit,norm_mean,norm_sd,derived' \
	-e 's/,12,1080,150,/,12,1080,160,/' -e 's/,Table 2,,1150,/,Table 3,,1150,/' "$T/ben.csv"
expect_rc "the second extractor imports" 0 "$SIEVE" extract import "$T/ben.csv"
"$SIEVE" blind on --reviewer ann >/dev/null || bad "blind on"
expect_rc "show while blinded" 0 "$SIEVE" extract show "Koh 2007" --reviewer ben
contains "own extraction shown" "$OUT" "extracted by ben"
lacks "the other extractor's hidden" "$OUT" "extracted by ann"
contains "says what is hidden" "$OUT" "hidden while the review is blinded"
expect_rc "a lead sees both" 0 "$SIEVE" extract show "Koh 2007" --reviewer ann
contains "ann's" "$OUT" "extracted by ann"
contains "ben's" "$OUT" "extracted by ben"
"$SIEVE" blind off --reviewer ann >/dev/null || bad "blind off"
expect_rc "compare" 0 "$SIEVE" extract compare
contains "SD difference named with both values" "$OUT" "Koh 2007 · 1 · responders · sd:  ann 150  ben 160"
contains "location difference" "$OUT" "Koh 2007 · 1 · non-responders · location:  ann Table 2  ben Table 3"
lacks "equal values are not listed" "$OUT" "· mean:"
contains "summary" "$OUT" "3 differences in 1 dually extracted measurement"
expect_rc "agree on ben's values" 0 "$SIEVE" extract agree "Koh 2007" --use ben
contains "agreed" "$OUT" "Koh 2007: 1 measurement of ben recorded as agreed (by ann)"
check "agreed values stored with who agreed" test "$(q "SELECT agreed_by || ' ' || g.sd FROM measurement m JOIN group_stat g ON g.measurement = m.id WHERE extractor = 'agreed' AND grp = 'responders'")" = "ann 0.16"
expect_rc "compare after agreement" 0 "$SIEVE" extract compare "Koh 2007"
contains "agreement noted" "$OUT" "agreed values recorded by ann"
lacks "no prompt when agreed" "$OUT" "record the agreed values"
expect_rc "agree with nothing extracted" 1 "$SIEVE" extract agree "Cui 2008" --use ben
check "failed agree keeps nothing" test "$(q "SELECT count(*) FROM measurement m JOIN study s ON s.id = m.study WHERE s.label = 'Cui 2008' AND extractor = 'agreed'")" = 0
expect_rc "export filtered by extractor" 0 "$SIEVE" extract export --csv --extractor agreed
check "only agreed rows" test "$(printf '%s\n' "$OUT" | grep -c ',agreed,')" = 2
# --- the extraction form (headless replay of keys) ---------------------------
"$SIEVE" studies add "Lee 2010" >/dev/null
down() { i=0; while [ $i -lt "$1" ]; do printf '<down>'; i=$((i + 1)); done; }
up() { i=0; while [ $i -lt "$1" ]; do printf '<up>'; i=$((i + 1)); done; }
# rows: 15 measurement fields, then group, n, mean, sd, median, q1, q3, ...
keys="$(down 16)<enter>20<enter><down><enter>1.1<enter><down><enter>0.2<enter><right>$(up 2)<enter>15<enter>$(down 3)<enter>1.3<enter><down><enter>1.1<enter><down><enter>1.5<enter><dump>s"
expect_rc "form: fill two groups and save" 0 "$SIEVE" extract --reviewer ben --study "Lee 2010" --size 100x34 --replay "$keys"
contains "form shows the study and extractor" "$OUT" "Lee 2010 (3/3) · measurement 1 (1/1) · extractor ben"
contains "form derives mean and SD live" "$OUT" "≈1.3 luo2018"
contains "form shows the SD estimator" "$OUT" "wan2014"
contains "form marks unsaved changes" "$OUT" "· unsaved"
contains "form saved" "$OUT" "saved Lee 2010: 2 group statistics"
check "form rows stored for ben" test "$(q "SELECT string_agg(grp || ':' || n || ':' || coalesce(mean_method, 'reported'), ',' ORDER BY ord) FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.extractor = 'ben' AND m.study = (SELECT id FROM study WHERE label = 'Lee 2010')")" "=" "responders:20:reported,non-responders:15:luo2018"
keys="$(down 17)<enter><c-u>1.2<enter><right><down><enter>x<enter><right>$(up 9)<enter><c-u>x10^-6 mm^2/s<enter><dump>s"
expect_rc "form: an implausible value" 0 "$SIEVE" extract --reviewer ben --study "Lee 2010" --size 140x34 --replay "$keys"
contains "form names the likely unit" "$OUT" "responders: mean: 1.2 is not a plausible adc in x10^-6 mm^2/s (0.1 to 4 x10^-3 mm^2/s); was it in x10^-3 mm^2/s?"
contains "form refuses to save" "$OUT" "not saved"
check "nothing saved from the refused form" test "$(q "SELECT count(*) FROM group_stat g JOIN measurement m ON m.id = g.measurement WHERE m.extractor = 'ben' AND m.unit = 'x10^-6 mm^2/s' AND m.study = (SELECT id FROM study WHERE label = 'Lee 2010')")" = 0
expect_rc "form: quit with unsaved changes warns" 0 "$SIEVE" extract --reviewer ben --study "Lee 2010" --replay "$(down 16)<enter>21<enter>q<dump>q"
contains "unsaved warning" "$OUT" "unsaved changes: s saves them, q again discards them"
expect_rc "form: help" 0 "$SIEVE" extract --reviewer ben --replay "?"
contains "help lists keys" "$OUT" "new measurement"
expect_rc "form needs a terminal" 2 "$SIEVE" extract --reviewer ben
contains "says so" "$ERR" "needs a terminal"
finish
