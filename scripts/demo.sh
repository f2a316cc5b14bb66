#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo: a fresh review in ./demo-review, run end to end on example data
# made by the project's own deterministic generator (bench/gen_pubmed.c).
# Rerunning it starts again from scratch.
set -eu
SIEVE=${1:-./sieve}
GEN=${2:-build/bench/gen_pubmed}
case $SIEVE in /*) ;; *) SIEVE=$(pwd)/${SIEVE#./} ;; esac
case $GEN in /*) ;; *) GEN=$(pwd)/${GEN#./} ;; esac
DEMO=${DEMO_DIR:-demo-review}

step() { printf '\n== %s\n' "$*"; }

if [ -d "$DEMO/.sieve" ]; then
	(cd "$DEMO" && "$SIEVE" --quiet db stop) || true
	rm -rf "$DEMO"
fi
step "sieve init $DEMO"
"$SIEVE" init "$DEMO" --title "Demo: DWI/ADC for predicting response of colorectal liver metastases to chemotherapy"
cd "$DEMO"
mkdir -p searches
# Example searches: a first PubMed export, and a later re-run of the same
# search in which part of the records were revised and new ones appeared.
"$GEN" 2000 2026 --pmid-base 38000000 >searches/pubmed-2026-11-01.xml
"$GEN" 1500 2027 --pmid-base 38001000 | gzip -c >searches/pubmed-2026-11-28.xml.gz
Q='("diffusion magnetic resonance imaging"[mh] OR ADC[tiab]) AND "liver neoplasms"[mh] AND (chemotherapy OR response)'

step "sieve import pubmed searches/pubmed-2026-11-01.xml --query ... --date 2026-11-01"
"$SIEVE" import pubmed searches/pubmed-2026-11-01.xml --query "$Q" --date 2026-11-01
step "sieve import pubmed searches/pubmed-2026-11-28.xml.gz --query ... --date 2026-11-28   (the living update)"
"$SIEVE" import pubmed searches/pubmed-2026-11-28.xml.gz --query "$Q" --date 2026-11-28
step "sieve searches"
"$SIEVE" searches
step "sieve show 38001000"
"$SIEVE" show 38001000
step "sieve status"
"$SIEVE" status
step "sieve db status"
"$SIEVE" db status
echo
echo "The demo review is in ./$DEMO; its database server keeps running."
echo "Try: cd $DEMO && $SIEVE help     Stop the server: cd $DEMO && $SIEVE db stop"
