#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Build the fuzzers' seed corpora at run time.

    make_seeds.py DATA_DIR OUT_DIR MAX_LEN

Copies fuzz/seeds/{pubmed_xml,csv}/* (hand-written seeds) and derives more
from the shared test data (never committed): every PubMed record of
DATA_DIR/pubmed as a one-record PubmedArticleSet (or MedlineCitationSet),
the trailing DeleteCitation, and the head of each CSV file. Seeds longer
than MAX_LEN bytes are cut down (XML records lose their ReferenceList) or
skipped. Writes OUT_DIR/corpus-pubmed_xml and OUT_DIR/corpus-csv."""
import gzip
import os
import re
import shutil
import sys

data, out, max_len = sys.argv[1], sys.argv[2], int(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))


def put(kind, name, blob):
    d = os.path.join(out, "corpus-" + kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(blob[:max_len])


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read()


for kind in ("pubmed_xml", "csv"):
    os.makedirs(os.path.join(out, "corpus-" + kind), exist_ok=True)
    src = os.path.join(here, "seeds", kind)
    for name in sorted(os.listdir(src)) if os.path.isdir(src) else []:
        shutil.copy(os.path.join(src, name), os.path.join(out, "corpus-" + kind, name))

n_xml = n_csv = 0
pm = os.path.join(data, "pubmed")
rec_re = re.compile(rb"<(PubmedArticle|PubmedBookArticle|MedlineCitation)[ >].*?</\1>", re.S)
refs_re = re.compile(rb"<ReferenceList>.*?</ReferenceList>", re.S)
for name in sorted(os.listdir(pm)) if os.path.isdir(pm) else []:
    doc = read(os.path.join(pm, name))
    root = b"MedlineCitationSet" if b"<MedlineCitationSet" in doc[:4096] else b"PubmedArticleSet"
    for i, m in enumerate(rec_re.finditer(doc)):
        if i >= 60:   # the legacy file has 604 records much alike
            break
        rec = m.group(0)
        if len(rec) + 100 > max_len:
            rec = refs_re.sub(b"", rec)
        if len(rec) + 100 > max_len:
            continue
        put("pubmed_xml", "%s-%03d.xml" % (name.split(".")[0], i),
            b'<?xml version="1.0"?>\n<' + root + b">\n" + rec + b"\n</" + root + b">\n")
        n_xml += 1
    d = re.search(rb"<DeleteCitation>.*?</DeleteCitation>", doc, re.S)
    if d:
        put("pubmed_xml", "%s-delete.xml" % name.split(".")[0],
            b"<" + root + b">" + d.group(0)[:max_len - 100] + b"</" + root + b">\n")
        n_xml += 1

for dirpath, _, files in sorted(os.walk(data)):
    for name in sorted(files):
        if not name.endswith(".csv"):
            continue
        lines = read(os.path.join(dirpath, name)).split(b"\n")
        blob = b""
        for line in lines[:40]:
            if len(blob) + len(line) + 1 > max_len:
                break
            blob += line + b"\n"
        # the first byte picks the fuzzer's mode: plain records, and header mapping
        rel = os.path.relpath(os.path.join(dirpath, name), data).replace("/", "_")
        put("csv", rel + ".plain", b"\x00" + blob)
        put("csv", rel + ".header", b"\x7f" + blob)
        n_csv += 2

print("fuzz seeds: %d PubMed XML, %d CSV derived from %s" % (n_xml, n_csv, data))
