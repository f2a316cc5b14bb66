# SPDX-License-Identifier: GPL-3.0-or-later
# sieve import pubmed end to end: provenance, living updates, atomicity,
# hostile input, concurrency, progress output. Run by tests/db/harness.sh.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
SHARED=${SIEVE_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}

R=$T/review
"$SIEVE" init "$R" --title "Import tests" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }

# rec PMID TITLE REVISED_YEAR [EXTRA_ARTICLE_XML] [PUBTYPE]: one PubmedArticle
rec() {
	cat <<XML
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">$1</PMID>
<DateRevised><Year>$3</Year><Month>01</Month><Day>15</Day></DateRevised>
<Article PubModel="Print"><Journal><ISSN IssnType="Print">1234-5678</ISSN><JournalIssue><Volume>7</Volume><Issue>2</Issue>
<PubDate><Year>2020</Year><Month>Mar</Month></PubDate></JournalIssue><Title>Test Journal</Title><ISOAbbreviation>Test J</ISOAbbreviation></Journal>
<ArticleTitle>$2</ArticleTitle><Abstract><AbstractText Label="METHODS" NlmCategory="METHODS">We measured ADC.</AbstractText></Abstract>
<AuthorList><Author><LastName>Müller</LastName><ForeName>Anna</ForeName><Initials>A</Initials></Author></AuthorList>
<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">${5:-Journal Article}</PublicationType></PublicationTypeList>
</Article>${4:-}</MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus></PubmedData></PubmedArticle>
XML
}
set_of() { echo '<?xml version="1.0"?>'; echo '<PubmedArticleSet>'; cat; echo '</PubmedArticleSet>'; }

# --- real NCBI files ---------------------------------------------------------
if [ -d "$SHARED/pubmed" ]; then
	expect_rc "import the legacy MEDLINE baseline (.gz)" 0 "$SIEVE" import pubmed "$SHARED/pubmed/medline16n0902.xml.gz" --query 'asthma[mh]' --date 2026-11-01
	contains "604 records read" "$OUT" "604 read"
	contains "604 new" "$OUT" "604 new"
	one_line "piped output is the summary only" "$OUT"
	check "nothing on stderr when piped" test -z "$ERR"
	expect_rc "import the efetch file" 0 "$SIEVE" import pubmed "$SHARED/pubmed/pubmed-29768149.xml"
	contains "efetch: 1 new" "$OUT" "1 new"
	expect_rc "import the 2024 DTD file" 0 "$SIEVE" import pubmed "$SHARED/pubmed/test_current_medline.xml"
	contains "2024 DTD: 4 new" "$OUT" "4 new"
	check "609 records" test "$(q 'SELECT count(*) FROM record')" = 609
	expect_rc "re-import is a no-op" 0 "$SIEVE" import pubmed "$SHARED/pubmed/medline16n0902.xml.gz"
	contains "re-import: all unchanged" "$OUT" "0 new · 0 updated · 604 unchanged"
	check "no duplicates after re-import" test "$(q 'SELECT count(*) FROM record')" = 609
	check "each record linked to both searches" test "$(q 'SELECT count(*) FROM record_search rs JOIN search s ON s.id = rs.search WHERE s.file_name LIKE $$%medline16n0902%$$')" = 1208
	sha=$(sha256sum "$SHARED/pubmed/medline16n0902.xml.gz" | cut -c1-64)
	check "search keeps the file's SHA-256" test "$(q 'SELECT file_sha256 FROM search WHERE id = 1')" = "$sha"
	check "search keeps query and date" test "$(q 'SELECT query || $$|$$ || run_date FROM search WHERE id = 1')" = "asthma[mh]|2026-11-01"
	expect_rc "sieve searches" 0 "$SIEVE" searches
	contains "searches shows the query" "$OUT" "asthma[mh]"
	contains "searches shows counts" "$OUT" "604 read"
	expect_rc "sieve show PMID" 0 "$SIEVE" show 29768149
	contains "show: title" "$OUT" "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
	contains "show: abstract label" "$OUT" "BACKGROUND:"
	contains "show: inline markup flattened" "$OUT" "2-agonist"
	contains "show: DOI" "$OUT" "10.1056/NEJMoa1715274"
	contains "show: MeSH with major topic" "$OUT" "Asthma / drug therapy*"
	contains "show: journal" "$OUT" "N Engl J Med"
	contains "show: the searches that found it" "$OUT" "#2 PubMed"
	expect_rc "sieve show by DOI" 0 "$SIEVE" show 10.1056/nejmoa1715274
	contains "show by DOI finds it" "$OUT" "29768149"
	expect_rc "sieve show --raw" 0 "$SIEVE" show 29768149 --raw
	contains "raw keeps the original XML" "$OUT" '<ELocationID EIdType="doi" ValidYN="Y">10.1056/NEJMoa1715274</ELocationID>'
	expect_rc "show unknown PMID exits 1" 1 "$SIEVE" show 1
	check "reference-list DOIs never taken" test "$(q "SELECT count(*) FROM record WHERE pmid = '29768149' AND doi <> '10.1056/NEJMoa1715274'")" = 0
	zcat "$SHARED/pubmed/medline16n0902.xml.gz" >"$T/plain.xml"
	expect_rc "import from standard input" 0 sh -c "cat '$T/plain.xml' | '$SIEVE' import pubmed -"
	contains "stdin: all unchanged" "$OUT" "604 unchanged"
	check "stdin search named stdin" test "$(q 'SELECT file_name FROM search ORDER BY id DESC LIMIT 1')" = stdin
else
	echo "# shared test data not found at $SHARED: set SIEVE_SHARED_DATA; skipping the real-file checks"
fi

# --- living updates ------------------------------------------------------------
rec 90000001 "Original title" 2020 | set_of >"$T/v1.xml"
expect_rc "import version 1" 0 "$SIEVE" import pubmed "$T/v1.xml"
q "INSERT INTO reviewer (name) VALUES ('ann')" >/dev/null
q "INSERT INTO decision (record, stage, reviewer, verdict) SELECT id, 'title-abstract', 'ann', 'include' FROM record WHERE pmid = '90000001'" >/dev/null
rec 90000001 "Revised title" 2021 | set_of >"$T/v2.xml"
expect_rc "import a revised version" 0 "$SIEVE" import pubmed "$T/v2.xml"
contains "revised: 1 updated" "$OUT" "0 new · 1 updated"
contains "revised: flagged for re-screening" "$OUT" "1 to re-screen"
check "title updated in place" test "$(q "SELECT title FROM record WHERE pmid = '90000001'")" = "Revised title"
check "old version kept in history" test "$(q "SELECT old->>'title' FROM record_history h JOIN record r ON r.id = h.record WHERE r.pmid = '90000001'")" = "Original title"
check "flagged for re-screening" test "$(q "SELECT needs_rescreen FROM record WHERE pmid = '90000001'")" = t
check "the decision is kept" test "$(q "SELECT count(*) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '90000001'")" = 1
expect_rc "status shows re-screening" 0 "$SIEVE" status
contains "status: re-screen count" "$OUT" "re-screen:  1 record"
expect_rc "older version does not overwrite" 0 "$SIEVE" import pubmed "$T/v1.xml"
contains "older version: unchanged" "$OUT" "0 updated · 1 unchanged"
check "title still the revised one" test "$(q "SELECT title FROM record WHERE pmid = '90000001'")" = "Revised title"
# A change outside title/abstract/types: updated, not flagged again.
q "UPDATE record SET needs_rescreen = false" >/dev/null
rec 90000001 "Revised title" 2022 "<KeywordList><Keyword>ADC</Keyword></KeywordList>" | set_of >"$T/v3.xml"
expect_rc "import a keyword-only revision" 0 "$SIEVE" import pubmed "$T/v3.xml"
contains "keyword revision: updated" "$OUT" "1 updated"
lacks "keyword revision: no re-screen" "$OUT" "re-screen"
# Retraction of an included record.
rec 90000001 "Revised title" 2023 '<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>Test J. 2023;8:1</RefSource><PMID Version="1">90000099</PMID></CommentsCorrections></CommentsCorrectionsList>' | set_of >"$T/v4.xml"
expect_rc "import the retraction" 0 "$SIEVE" import pubmed "$T/v4.xml"
contains "retraction counted" "$OUT" "1 retracted"
check "record flagged retracted" test "$(q "SELECT retracted FROM record WHERE pmid = '90000001'")" = t
# ann included it; while blinded only she (or a lead) learns of her verdict
expect_rc "status after retraction" 0 env SIEVE_REVIEWER=ann "$SIEVE" status
contains "status lists the retracted included record" "$OUT" "PMID 90000001"
rec 90000002 "A retracted paper" 2020 "" "Retracted Publication" | set_of >"$T/rp.xml"
"$SIEVE" import pubmed "$T/rp.xml" >/dev/null
check "Retracted Publication type flags it" test "$(q "SELECT retracted FROM record WHERE pmid = '90000002'")" = t
# DeleteCitation keeps the record and its decisions.
printf '<?xml version="1.0"?>\n<PubmedArticleSet><DeleteCitation><PMID Version="1">90000001</PMID><PMID Version="1">12345</PMID></DeleteCitation></PubmedArticleSet>\n' >"$T/del.xml"
expect_rc "import a DeleteCitation" 0 "$SIEVE" import pubmed "$T/del.xml"
contains "1 deleted" "$OUT" "1 deleted"
check "record marked deleted" test "$(q "SELECT deleted FROM record WHERE pmid = '90000001'")" = t
check "decisions about it are kept" test "$(q "SELECT count(*) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '90000001'")" = 1
{ rec 90000003 "First copy" 2020; rec 90000003 "Second copy" 2021; } | set_of >"$T/twice.xml"
expect_rc "import a file with a PMID twice" 0 "$SIEVE" import pubmed "$T/twice.xml"
check "the last copy wins, stored once" test "$(q "SELECT count(*) || title FROM record WHERE pmid = '90000003' GROUP BY title")" = "1Second copy"

# --- exact round trip of awkward text ---------------------------------------------
comb=$(printf 'e\314\201')
tab=$(printf '\t')
nasty="Robert'); DROP TABLE record;-- \"quoted\" back\\slash${tab}tab 😀 ${comb} &lt;b&gt; 100%"
want="Robert'); DROP TABLE record;-- \"quoted\" back\\slash${tab}tab 😀 ${comb} <b> 100%"
rec 90000010 "$nasty" 2020 | set_of >"$T/nasty.xml"
expect_rc "import a title with SQL, quotes, tabs, emoji" 0 "$SIEVE" import pubmed "$T/nasty.xml"
got=$(q "SELECT title FROM record WHERE pmid = '90000010'")
if [ "$got" = "$want" ]; then ok "awkward title round-trips exactly"; else bad "awkward title round-trips exactly" "got [$got] want [$want]"; fi
check "record table survived" test "$(q "SELECT count(*) > 0 FROM record")" = t

# --- broken and hostile input: exit 1, location, nothing committed -------------------
echo "TOP-SECRET-$$" >"$T/secret.txt"
{ printf '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file://%s">]>\n<PubmedArticleSet>\n' "$T/secret.txt"
  rec 90000023 "XXE &xxe; here" 2020; echo '</PubmedArticleSet>'; } >"$T/xxe.xml"
"$SIEVE" import pubmed "$T/xxe.xml" >/dev/null 2>&1
check "XXE: the file's content is never stored" test "$(q "SELECT count(*) FROM record_version WHERE raw LIKE '%TOP-SECRET%' OR title LIKE '%TOP-SECRET%' OR abstract LIKE '%TOP-SECRET%'")" = 0
n_rec=$(q "SELECT count(*) FROM record"); n_search=$(q "SELECT count(*) FROM search")
{ rec 90000020 "Good one" 2020; rec 90000021 "Also good" 2020; } | set_of | head -c 1500 >"$T/trunc.xml"
expect_rc "truncated file exits 1" 1 "$SIEVE" import pubmed "$T/trunc.xml"
contains "truncated: names FILE:LINE:COL" "$ERR" "$T/trunc.xml:"
contains "truncated: says nothing imported" "$ERR" "nothing from"
printf '<?xml version="1.0"?>\n<html><body>not pubmed</body></html>\n' >"$T/html.xml"
expect_rc "wrong root element exits 1" 1 "$SIEVE" import pubmed "$T/html.xml"
contains "wrong root named" "$ERR" "html"
: >"$T/empty.xml"
expect_rc "empty file exits 1" 1 "$SIEVE" import pubmed "$T/empty.xml"
rec 90000022 "$(printf 'bad \377\376 utf8')" 2020 | set_of >"$T/utf8.xml"
expect_rc "invalid UTF-8 exits 1" 1 "$SIEVE" import pubmed "$T/utf8.xml"
{ printf '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
  prev=a; for e in b c d e f g h i j k; do printf '<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' $e $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev; prev=$e; done
  printf ']>\n<PubmedArticleSet>\n'; rec 90000024 "bomb &k;" 2020; echo '</PubmedArticleSet>'; } >"$T/bomb.xml"
start=$(date +%s)
expect_rc "entity bomb exits 1" 1 timeout 60 "$SIEVE" import pubmed "$T/bomb.xml"
el=$(( $(date +%s) - start ))
if [ "$el" -lt 20 ]; then ok "entity bomb fails fast (${el}s)"; else bad "entity bomb fails fast" "${el}s"; fi
check "nothing from broken files committed" test "$(q "SELECT count(*) FROM record")" = "$n_rec"
check "no search rows from broken files" test "$(q "SELECT count(*) FROM search")" = "$n_search"

# --- usage errors ---------------------------------------------------------------------
expect_rc "unknown import format exits 2" 2 "$SIEVE" import endnote x.xml
expect_rc "missing file exits 1" 1 "$SIEVE" import pubmed "$T/nope.xml"
contains "missing file named" "$ERR" "nope.xml"
expect_rc "bad --date exits 2" 2 "$SIEVE" import pubmed "$T/v1.xml" --date 2026-02-31
expect_rc "no file exits 2" 2 "$SIEVE" import pubmed

# --- progress on a terminal -----------------------------------------------------------
if command -v script >/dev/null && [ -x "$GEN" ]; then
	"$GEN" 3000 7 --pmid-base 50000000 >"$T/p.xml"
	script -qec "'$SIEVE' import pubmed '$T/p.xml'" /dev/null >"$T/tty.out" 2>&1
	tty_out=$(tr '\r' '\n' <"$T/tty.out")
	contains "terminal: progress with rate" "$tty_out" "rec/s"
	contains "terminal: summary at the end" "$tty_out" "3,000 read"
	script -qec "'$SIEVE' import pubmed --quiet '$T/p.xml'" /dev/null >"$T/tty.out" 2>&1
	lacks "--quiet: no progress bar" "$(cat "$T/tty.out")" "rec/s"
fi

# --- kill -9 mid-import leaves the review as it was; re-running completes -----------------
if [ -x "$GEN" ]; then
	"$GEN" 40000 11 --pmid-base 60000000 >"$T/big.xml"
	before=$(q "SELECT count(*) FROM record")
	"$SIEVE" import pubmed "$T/big.xml" >/dev/null 2>&1 & pid=$!
	# wait until the import is loading rows, then kill it hard
	i=0; while [ $i -lt 200 ]; do
		[ "$(q "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY record_version_%'")" != 0 ] && break
		i=$((i + 1)); sleep 0.05; done
	sleep 0.3
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	sleep 0.5
	check "kill -9: no records committed" test "$(q "SELECT count(*) FROM record")" = "$before"
	check "kill -9: no search committed" test "$(q "SELECT count(*) FROM search WHERE file_name LIKE '%big.xml'")" = 0
	expect_rc "re-running after kill -9 completes" 0 "$SIEVE" import pubmed "$T/big.xml"
	contains "re-run: all new" "$OUT" "40,000 new"

	# --- two overlapping imports at once: every PMID exactly once -------------------
	"$GEN" 5000 21 --pmid-base 70000000 >"$T/a.xml"
	"$GEN" 5000 22 --pmid-base 70002500 >"$T/b.xml"
	"$SIEVE" import pubmed "$T/a.xml" >"$T/ia" 2>&1 & a=$!
	"$SIEVE" import pubmed "$T/b.xml" >"$T/ib" 2>&1 & b=$!
	wait $a; ra=$?; wait $b; rb=$?
	if [ $ra = 0 ] && [ $rb = 0 ]; then ok "concurrent imports both succeed"; else
		bad "concurrent imports both succeed" "$(cat "$T/ia" "$T/ib")"; fi
	check "overlap: 7,500 distinct records" test "$(q "SELECT count(*) FROM record WHERE pmid::bigint BETWEEN 70000000 AND 70009999")" = 7500
	check "overlap: each PMID once" test "$(q "SELECT count(*) = count(DISTINCT pmid) FROM record")" = t
	check "overlap: new counts add up" test "$(q "SELECT sum(n_new) FROM search WHERE file_name LIKE '%/a.xml' OR file_name LIKE '%/b.xml'")" = 7500
fi

"$SIEVE" db stop >/dev/null
finish
