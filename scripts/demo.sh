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
step "screening set-up: reviewers, exclusion reasons, highlight terms"
"$SIEVE" reviewers add ann --lead
"$SIEVE" reviewers add bob
"$SIEVE" reasons add "wrong population" "not DWI" "no response assessment" "review article"
"$SIEVE" terms add include diffusion ADC "apparent diffusion" chemotherapy
"$SIEVE" terms add exclude hepatocellular "rectal cancer"
step "two reviewers screen the first 40 records, blind to each other (sieve decide)"
i=0
while [ $i -lt 40 ]; do
	p=$((38000000 + i))
	# a deterministic mix: mostly agreement, some disagreement
	case $((i % 5)) in
	0|1) a=include b=include ;;
	2) a=exclude b=exclude ;;
	3) a=include b=exclude ;;
	*) a=exclude b=exclude ;;
	esac
	"$SIEVE" --quiet decide $p $a --reviewer ann
	if [ $b = exclude ]; then
		"$SIEVE" --quiet decide $p $b --reviewer bob --reason "wrong population"
	else
		"$SIEVE" --quiet decide $p $b --reviewer bob
	fi
	i=$((i + 1))
done
echo "80 decisions recorded"
step "sieve agreement"
"$SIEVE" agreement --stage title-abstract
step "sieve conflicts (first lines)"
"$SIEVE" conflicts | head -n 6
step "sieve resolve 38000003 include --reviewer ann   (a lead settles a conflict)"
"$SIEVE" resolve 38000003 include --reviewer ann --reason "responders reported separately"
step "sieve screen, as bob (headless replay of the keys i, i, e 2: what the terminal shows)"
"$SIEVE" screen --reviewer bob --replay "iie2" --size 100x30
step "sieve status"
"$SIEVE" status
step "sieve db status"
"$SIEVE" db status
echo
echo "The demo review is in ./$DEMO; its database server keeps running."
echo "Try: cd $DEMO && $SIEVE screen --reviewer ann      (q quits)"
echo "     $SIEVE help     Stop the server: cd $DEMO && $SIEVE db stop"
