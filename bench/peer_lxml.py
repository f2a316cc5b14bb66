# SPDX-License-Identifier: GPL-3.0-or-later
"""The import a reviewer would otherwise write (make bench's second baseline):
lxml iterparse of a PubMed XML file, the fields a screening table needs, as
COPY text rows on stdout for psql's \\copy ... FROM pstdin.

    python3 peer_lxml.py FILE.xml | psql -c "\\copy peer FROM pstdin"

Columns (the table bench/run.sh creates): pmid, doi, pmcid, title, abstract,
authors, journal, journal_abbrev, issn, volume, issue, pages, pub_year,
article_date, languages, pub_types, mesh, keywords, pub_status. Fields only:
no original XML, no history, no provenance. Memory stays flat: each record
is cleared once written (the usual iterparse idiom)."""
import sys

from lxml import etree

_ESC = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def esc(s):
    return "\\N" if s is None or s == "" else s.translate(_ESC)


def text(e):
    return None if e is None else " ".join("".join(e.itertext()).split())


def main(path):
    out = sys.stdout
    for _, art in etree.iterparse(path, events=("end",), tag="PubmedArticle",
                                  resolve_entities=False, no_network=True,
                                  huge_tree=False):
        mc = art.find("MedlineCitation")
        a = mc.find("Article")
        j = a.find("Journal")
        ji = j.find("JournalIssue")
        ids = {i.get("IdType"): i.text for i in art.iterfind("PubmedData/ArticleIdList/ArticleId")}
        doi = a.findtext("ELocationID[@EIdType='doi']") or ids.get("doi")
        abstract = "\n".join(
            ((t.get("Label") + ": ") if t.get("Label") else "") + (text(t) or "")
            for t in a.iterfind("Abstract/AbstractText"))
        authors = "; ".join(
            au.findtext("CollectiveName") or
            " ".join(x for x in (au.findtext("LastName"), au.findtext("Initials")) if x)
            for au in a.iterfind("AuthorList/Author"))
        year = ji.findtext("PubDate/Year") or (ji.findtext("PubDate/MedlineDate") or "")[:4]
        ad = a.find("ArticleDate")
        adate = None
        if ad is not None:
            adate = "%s-%s-%s" % (ad.findtext("Year"), ad.findtext("Month"), ad.findtext("Day"))
        mesh = "; ".join(
            "/".join([m.findtext("DescriptorName")] + [q.text for q in m.iterfind("QualifierName")])
            for m in mc.iterfind("MeshHeadingList/MeshHeading"))
        row = (
            mc.findtext("PMID"), doi, ids.get("pmc"), text(a.find("ArticleTitle")), abstract,
            authors, j.findtext("Title"), j.findtext("ISOAbbreviation"), j.findtext("ISSN"),
            ji.findtext("Volume"), ji.findtext("Issue"), a.findtext("Pagination/MedlinePgn"),
            year if year.isdigit() else None, adate,
            "; ".join(l.text for l in a.iterfind("Language")),
            "; ".join(p.text for p in a.iterfind("PublicationTypeList/PublicationType")),
            mesh, "; ".join(k.text or "" for k in mc.iterfind("KeywordList/Keyword")),
            art.findtext("PubmedData/PublicationStatus"),
        )
        out.write("\t".join(esc(v) for v in row))
        out.write("\n")
        art.clear()
        while art.getprevious() is not None:
            del art.getparent()[0]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: peer_lxml.py FILE.xml > rows.tsv")
    main(sys.argv[1])
