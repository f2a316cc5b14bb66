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

# rec PMID TITLE REVISED_YEAR [EXTRA_ARTICLE_XML]: one PubmedArticle
rec() {
	cat <<XML
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">$1</PMID>
<DateRevised><Year>$3</Year><Month>01</Month><Day>15</Day></DateRevised>
<Article PubModel="Print"><Journal><ISSN IssnType="Print">1234-5678</ISSN><JournalIssue><Volume>7</Volume><Issue>2</Issue>
<PubDate><Year>2020</Year><Month>Mar</Month></PubDate></JournalIssue><Title>Test Journal</Title><ISOAbbreviation>Test J</ISOAbbreviation></Journal>
<ArticleTitle>$2</ArticleTitle><Pagination><MedlinePgn>101-9</MedlinePgn></Pagination><Abstract><AbstractText>We measured ADC.</AbstractText></Abstract>
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

finish
