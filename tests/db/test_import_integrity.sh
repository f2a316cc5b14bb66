# SPDX-License-Identifier: GPL-3.0-or-later
# sieve import pubmed: a record and its DeleteCitation in one file, invalid
# dates inside records, database-side errors located in the file, --date
# checks. Run by tests/db/harness.sh.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD

R=$T/review
"$SIEVE" init "$R" --title "Import integrity" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }

# rec PMID TITLE REVISED_YEAR [EXTRA_ARTICLE_XML] [PAGES]: one PubmedArticle
rec() {
	cat <<XML
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">$1</PMID>
<DateRevised><Year>$3</Year><Month>01</Month><Day>15</Day></DateRevised>
<Article PubModel="Print"><Journal><ISSN IssnType="Print">1234-5678</ISSN><JournalIssue><Volume>7</Volume><Issue>2</Issue>
<PubDate><Year>2020</Year><Month>Mar</Month></PubDate></JournalIssue><Title>Test Journal</Title><ISOAbbreviation>Test J</ISOAbbreviation></Journal>
<ArticleTitle>$2</ArticleTitle><Pagination><MedlinePgn>${5:-101-9}</MedlinePgn></Pagination><Abstract><AbstractText>We measured ADC.</AbstractText></Abstract>
<AuthorList><Author><LastName>Müller</LastName><ForeName>Anna</ForeName><Initials>A</Initials></Author></AuthorList>
<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
${4:-}</Article></MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus></PubmedData></PubmedArticle>
XML
}
del() { printf '<DeleteCitation><PMID Version="1">%s</PMID></DeleteCitation>\n' "$@"; }
set_of() { echo '<?xml version="1.0"?>'; echo '<PubmedArticleSet>'; cat; echo '</PubmedArticleSet>'; }

# --- a record and its DeleteCitation in the same file ---------------------------
{ rec 91000001 "Added then deleted" 2020; del 91000001; } | set_of >"$T/adddel.xml"
expect_rc "import a record deleted later in the same file" 0 "$SIEVE" import pubmed "$T/adddel.xml"
contains "added+deleted: counted new" "$OUT" "1 new"
contains "added+deleted: counted deleted" "$OUT" "1 deleted"
check "added+deleted: marked deleted" test "$(q "SELECT deleted FROM record WHERE pmid = '91000001'")" = t
expect_rc "show the added+deleted record" 0 "$SIEVE" show 91000001
contains "added+deleted: title kept" "$OUT" "Added then deleted"
lacks "added+deleted: not (no title)" "$OUT" "(no title)"
expect_rc "show --raw of the added+deleted record" 0 "$SIEVE" show 91000001 --raw
contains "added+deleted: raw XML kept" "$OUT" "<ArticleTitle>Added then deleted</ArticleTitle>"
check "added+deleted: search counts 1 new, 1 deleted" test "$(q "SELECT n_new || '/' || n_deleted FROM search ORDER BY id DESC LIMIT 1")" = "1/1"

rec 91000002 "First version" 2020 | set_of >"$T/v1.xml"
expect_rc "import a record to revise" 0 "$SIEVE" import pubmed "$T/v1.xml"
q "INSERT INTO reviewer (name) VALUES ('ann')" >/dev/null
q "INSERT INTO decision (record, stage, reviewer, verdict) SELECT id, 'title-abstract', 'ann', 'include' FROM record WHERE pmid = '91000002'" >/dev/null
{ rec 91000002 "Second version" 2021; del 91000002; } | set_of >"$T/revdel.xml"
expect_rc "import a revision deleted later in the same file" 0 "$SIEVE" import pubmed "$T/revdel.xml"
contains "revised+deleted: counted updated" "$OUT" "1 updated"
contains "revised+deleted: counted deleted" "$OUT" "1 deleted"
check "revised+deleted: revised title" test "$(q "SELECT title FROM record WHERE pmid = '91000002'")" = "Second version"
check "revised+deleted: marked deleted" test "$(q "SELECT deleted FROM record WHERE pmid = '91000002'")" = t
check "revised+deleted: decision kept" test "$(q "SELECT count(*) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '91000002'")" = 1
expect_rc "show --raw of the revised+deleted record" 0 "$SIEVE" show 91000002 --raw
contains "revised+deleted: raw XML of the revision" "$OUT" "<ArticleTitle>Second version</ArticleTitle>"

{ del 91000003; rec 91000003 "Deleted then re-added" 2020; } | set_of >"$T/deladd.xml"
expect_rc "import a DeleteCitation followed by the record" 0 "$SIEVE" import pubmed "$T/deladd.xml"
contains "delete then record: new" "$OUT" "1 new"
contains "delete then record: not deleted" "$OUT" "0 deleted"
check "delete then record: the later record wins" test "$(q "SELECT deleted FROM record WHERE pmid = '91000003'")" = f

# --- an impossible date inside a record: kept in the XML, warned, imported -------------
bad_date='<ArticleDate DateType="Electronic"><Year>2019</Year><Month>02</Month><Day>31</Day></ArticleDate>'
{ rec 91000010 "Good date" 2020; rec 91000011 "Bad article date" 2020 "$bad_date"; } | set_of >"$T/baddate.xml"
line=$(grep -n '<PubmedArticle>.*91000011' "$T/baddate.xml" | cut -d: -f1)
expect_rc "ArticleDate 2019-02-31 imports" 0 "$SIEVE" import pubmed "$T/baddate.xml"
contains "bad date: both records new" "$OUT" "2 new"
contains "bad date: warning names file:line" "$ERR" "$T/baddate.xml:$line:"
contains "bad date: warning names the PMID" "$ERR" "PMID 91000011"
contains "bad date: warning names the field and value" "$ERR" "ArticleDate 2019-02-31"
lacks "bad date: the good record is not warned about" "$ERR" "91000010"
check "bad date: parsed date left empty" test "$(q "SELECT count(*) FROM record_version WHERE pmid = '91000011' AND article_date IS NULL")" = 1
expect_rc "show --raw of the bad-date record" 0 "$SIEVE" show 91000011 --raw
contains "bad date: kept as given in the XML" "$OUT" "<Day>31</Day>"
revised_bad='<DateCompleted><Year>2021</Year><Month>02</Month><Day>29</Day></DateCompleted>'
rec 91000012 "Bad completed date" 2020 "" | sed "s|<DateRevised>|$revised_bad<DateRevised>|" | set_of >"$T/baddate2.xml"
expect_rc "DateCompleted 2021-02-29 imports" 0 "$SIEVE" import pubmed "$T/baddate2.xml"
contains "bad completed date: warned with the field" "$ERR" "DateCompleted 2021-02-29"
rec 91000013 "Leap day" 2020 '<ArticleDate DateType="Electronic"><Year>2020</Year><Month>02</Month><Day>29</Day></ArticleDate>' | set_of >"$T/leap.xml"
expect_rc "a real leap day imports" 0 "$SIEVE" import pubmed "$T/leap.xml"
check "a real leap day: no warning" test -z "$ERR"
check "a real leap day is kept" test "$(q "SELECT article_date FROM record_version WHERE pmid = '91000013'")" = 2020-02-29

# --- --date accepts only real days from 1900-01-01 to tomorrow ------------------------------
for d in 2026-02-30 20261128 yesterday 1899-12-31 9999-01-01 "$(date -d '+2 days' +%F)" " 2026-01-01" 2026-1-01; do
	expect_rc "--date '$d' is a usage error" 2 "$SIEVE" import pubmed "$T/leap.xml" --date "$d"
	contains "--date '$d': names the option" "$ERR" "--date"
	lacks "--date '$d': nothing imported" "$OUT" "search #"
done
n_search=$(q "SELECT count(*) FROM search")
expect_rc "--date 1900-01-01 is accepted" 0 "$SIEVE" import pubmed "$T/leap.xml" --date 1900-01-01
expect_rc "--date tomorrow is accepted" 0 "$SIEVE" import pubmed "$T/leap.xml" --date "$(date -d tomorrow +%F)"
expect_rc "--date 2024-02-29 is accepted" 0 "$SIEVE" import pubmed "$T/leap.xml" --date 2024-02-29
check "the refused dates made no search" test "$(q "SELECT count(*) FROM search")" = $((n_search + 3))
check "the run date is kept" test "$(q "SELECT run_date FROM search ORDER BY id DESC LIMIT 1")" = 2024-02-29

# --- a database-side error names the file, the record's line and the field ---------------
R2=$T/review2
"$SIEVE" init "$R2" --title "Forced errors" >/dev/null || bad "init review2"
cd "$R2" || exit 1
q2() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R2/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
q2 "ALTER TABLE record_version ALTER COLUMN pages TYPE varchar(5)" >/dev/null
{ rec 92000001 "Fine" 2020; rec 92000002 "Pages too long for the column" 2020 "" "1001-1009"; rec 92000003 "Fine too" 2020; } | set_of >"$T/copyerr.xml"
line=$(grep -n '<PubmedArticle>.*92000002' "$T/copyerr.xml" | cut -d: -f1)
expect_rc "COPY refused by the server exits 1" 1 "$SIEVE" import pubmed "$T/copyerr.xml"
contains "COPY error: names file:line" "$ERR" "$T/copyerr.xml:$line:"
contains "COPY error: names the field" "$ERR" "field pages"
contains "COPY error: keeps the server's reason" "$ERR" "too long"
check "COPY error: nothing imported" test "$(q2 "SELECT count(*) FROM record")" = 0
q2 "ALTER TABLE record_version ALTER COLUMN pages TYPE text" >/dev/null
q2 "ALTER TABLE record ADD CONSTRAINT test_forbidden CHECK (title <> 'Forbidden title')" >/dev/null
{ rec 92000011 "Fine" 2020; rec 92000012 "Forbidden title" 2020; rec 92000013 "Fine too" 2020; } | set_of >"$T/mergeerr.xml"
line=$(grep -n '<PubmedArticle>.*92000012' "$T/mergeerr.xml" | cut -d: -f1)
expect_rc "merge refused by the server exits 1" 1 "$SIEVE" import pubmed "$T/mergeerr.xml"
contains "merge error: names file:line" "$ERR" "$T/mergeerr.xml:$line:"
contains "merge error: names the PMID" "$ERR" "PMID 92000012"
contains "merge error: names the constraint" "$ERR" "test_forbidden"
check "merge error: nothing imported" test "$(q2 "SELECT count(*) FROM record")" = 0
q2 "ALTER TABLE record DROP CONSTRAINT test_forbidden" >/dev/null
q2 "ALTER TABLE record ADD CONSTRAINT test_no_journal CHECK (journal <> 'Test Journal') NOT VALID" >/dev/null
expect_rc "a merge error without a PMID exits 1" 1 "$SIEVE" import pubmed "$T/mergeerr.xml"
contains "merge error: names the file at least" "$ERR" "sieve: $T/mergeerr.xml:"

# CSV loads: a row the server refuses names the file, its line and the
# constraint or field, and nothing of the file is stored.
export SIEVE_REVIEWER=lena
"$SIEVE" reviewers add lena --lead >/dev/null
"$SIEVE" studies add "Koh 2007" >/dev/null
q2 "ALTER TABLE lesion ADD CONSTRAINT test_lesion_adc CHECK (adc_baseline < 1.5)" >/dev/null
printf 'study,patient,lesion,adc_baseline,response\nKoh 2007,P1,L1,1.1,1\nKoh 2007,P1,L2,1.2,0\nKoh 2007,P2,L1,1.7,1\n' >"$T/les.csv"
expect_rc "lesions: a row the server refuses exits 1" 1 "$SIEVE" lesions import "$T/les.csv"
contains "lesions: names file:line" "$ERR" "$T/les.csv:4:"
contains "lesions: names the constraint" "$ERR" "constraint test_lesion_adc"
check "lesions: nothing stored" test "$(q2 "SELECT count(*) FROM lesion")" = 0
q2 "ALTER TABLE group_stat ADD CONSTRAINT test_group_n CHECK (n < 30)" >/dev/null
printf 'study,measurement,parameter,timepoint,group,n,mean,sd\nKoh 2007,1,adc,baseline,responders,12,1.05,0.2\nKoh 2007,1,adc,baseline,non-responders,31,1.2,0.2\n' >"$T/ext.csv"
expect_rc "extraction: a row the server refuses exits 1" 1 "$SIEVE" extract import "$T/ext.csv"
contains "extraction: names file:line" "$ERR" "$T/ext.csv:3:"
contains "extraction: names the constraint" "$ERR" "constraint test_group_n"
check "extraction: nothing stored" test "$(q2 "SELECT count(*) FROM measurement")" = 0
unset SIEVE_REVIEWER
"$SIEVE" db stop >/dev/null
cd "$R" || exit 1

"$SIEVE" db stop >/dev/null
finish
