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
# The rest runs as ann, the lead, unless a command names another reviewer:
# while the review is blinded a command shows each reviewer only their own
# decisions, extraction and ratings, and leads everything.
export SIEVE_REVIEWER=ann
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
step "sieve agreement --reviewer ann   (while the review is blinded only a lead sees agreement and conflicts)"
"$SIEVE" agreement --stage title-abstract --reviewer ann
step "sieve conflicts --reviewer ann (first lines)"
"$SIEVE" conflicts --reviewer ann | head -n 6
step "sieve conflicts --reviewer bob   (blinded: bob sees nothing of ann's verdicts)"
"$SIEVE" conflicts --reviewer bob
step "sieve resolve 38000003 include --reviewer ann   (a lead settles a conflict)"
"$SIEVE" resolve 38000003 include --reviewer ann --reason "responders reported separately"
step "sieve screen, as bob (headless replay of the keys i, i, e 2: what the terminal shows)"
"$SIEVE" screen --reviewer bob --replay "iie2" --size 100x30
step "full text: both reviewers include the first 8 agreed records; they become studies"
for p in 38000000 38000001 38000005 38000006 38000010 38000011 38000015 38000016; do
	"$SIEVE" --quiet decide $p include --stage full-text --reviewer ann
	"$SIEVE" --quiet decide $p include --stage full-text --reviewer bob
done
"$SIEVE" studies
step "sieve lesions import lesions.csv   (generated per-lesion data for the first three studies)"
"$SIEVE" studies --csv | awk -F, 'NR > 1 && NR <= 4 {print $1}' | tr -d '"' >studies.txt
awk 'BEGIN {
	print "study,patient,lesion,adc_baseline,response"
	seed = 42
}
{
	for (p = 1; p <= 6; p++) for (l = 1; l <= 1 + p % 3; l++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		resp = int(seed / 65536) % 2
		adc = (resp ? 1.02 : 1.18) + (int(seed / 256) % 1000) / 2000 - 0.25
		printf "%s,P%d,L%d,%.3f,%d\n", $0, p, l, adc, resp
	}
}' studies.txt >lesions.csv
"$SIEVE" lesions import lesions.csv
"$SIEVE" lesions summary
step "sieve convert --n 24 --median 1.08 --q1 0.95 --q3 1.26   (a group reported as median and IQR)"
"$SIEVE" convert --n 24 --median 1.08 --q1 0.95 --q3 1.26
step "sieve extract import extraction.csv   (generated group statistics for every study, entered as ann)"
"$SIEVE" extract template >template.csv
head -3 template.csv
"$SIEVE" studies --csv | awk -F, 'NR > 1 {print $1}' | tr -d '"' >all-studies.txt
# Deterministic ADC group statistics: every third study reports in
# x10^-6 mm^2/s, every fourth the non-responders as median and IQR.
awk 'BEGIN {
	print "study,measurement,parameter,timepoint,b_values,field_strength,unit_of_analysis,criterion,unit,group,n,mean,sd,median,q1,q3,location"
	seed = 7
}
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return (int(seed / 65536) % 1000) / 1000 }
{
	f = (NR % 2) ? "1.5" : "3"
	u = (NR % 3 == 0) ? 1000 : 1
	unit = (u == 1000) ? "x10^-6 mm^2/s" : "x10^-3 mm^2/s"
	nr = 10 + int(rnd() * 20); nn = 8 + int(rnd() * 20)
	mr = 1.00 + rnd() * 0.16; mn = mr + 0.04 + rnd() * 0.18
	sr = 0.12 + rnd() * 0.1; sn = 0.14 + rnd() * 0.1
	m = sprintf("%s,1,adc,baseline,0 800,%s,patient,recist1.1,%s", $0, f, unit)
	printf "%s,responders,%d,%.4g,%.3g,,,,Table %d\n", m, nr, mr * u, sr * u, 2 + NR % 2
	if (NR % 4 == 0)
		printf "%s,non-responders,%d,,,%.4g,%.4g,%.4g,Table %d\n", m, nn, mn * u, (mn - 0.7 * sn) * u, (mn + 0.65 * sn) * u, 2 + NR % 2
	else
		printf "%s,non-responders,%d,%.4g,%.3g,,,,Table %d\n", m, nn, mn * u, sn * u, 2 + NR % 2
}' all-studies.txt >extraction.csv
"$SIEVE" extract import extraction.csv --reviewer ann
first=$(head -1 all-studies.txt); fourth=$(sed -n 4p all-studies.txt)
step "sieve extract show \"$fourth\"   (non-responders reported as median and IQR)"
"$SIEVE" extract show "$fourth"
step "dual extraction: bob extracts the first two studies; sieve extract compare"
awk -F, -v OFS=, 'NR == 1 {print "extractor," $0; next} NR <= 5 {if (NR == 2) $12 = $12 + ($12 > 10 ? 20 : 0.02); print "bob," $0}' \
	extraction.csv >bob.csv
"$SIEVE" extract import bob.csv --reviewer bob
"$SIEVE" extract compare
step "sieve extract agree \"$first\" --use ann   (after discussion, ann's numbers stand)"
"$SIEVE" extract agree "$first" --use ann --reviewer ann
step "sieve extract export --csv | head -4"
"$SIEVE" extract export --csv | head -4
step "sieve meta -o forest.svg --funnel funnel.svg   (MD of baseline ADC: REML, Hartung-Knapp)"
COLUMNS=${COLUMNS:-110} "$SIEVE" meta -o forest.svg --funnel funnel.svg
echo "figures: $PWD/forest.svg $PWD/funnel.svg"
step "sieve meta --tau2 DL --test z --by field_strength   (subgroups, the classic model)"
COLUMNS=${COLUMNS:-110} "$SIEVE" meta --tau2 DL --test z --by field_strength | tail -n 12
step "a number is corrected after re-reading a paper; sieve meta --diff"
second=$(sed -n 2p all-studies.txt)
grep "^$second," extraction.csv | sed 's/,responders,\([0-9]*\),/,responders,\1,/' >fix.csv
sed -i '1i study,measurement,parameter,timepoint,b_values,field_strength,unit_of_analysis,criterion,unit,group,n,mean,sd,median,q1,q3,location' fix.csv
awk -F, -v OFS=, 'NR == 2 {$11 = $11 + 5} {print}' fix.csv >fix2.csv
"$SIEVE" extract import fix2.csv --reviewer ann
"$SIEVE" extract agree "$second" --use ann --reviewer ann >/dev/null
COLUMNS=${COLUMNS:-110} "$SIEVE" meta --diff | sed -n '/^Changes since/,$p'
step "QUADAS-2: ann and bob rate every study (sieve quadas set), then the disagreements and kappa"
"$SIEVE" quadas tailor --guidance 2.2 "Yes only if the ADC cut-off was chosen before the data were analysed" >/dev/null
n=0
while IFS= read -r s; do
	n=$((n + 1))
	a1=yes; [ $((n % 3)) = 0 ] && a1=no
	a2=yes; [ $((n % 4)) = 1 ] && a2=unclear
	r1=low; [ $a1 = no ] && r1=high
	r2=low; [ $a2 = unclear ] && r2=unclear
	for who in ann bob; do
		b2=$a2; rr2=$r2
		if [ $who = bob ] && [ $((n % 5)) = 2 ]; then b2=no; rr2=high; fi
		"$SIEVE" quadas set "$s" D1 --q 1.1=$a1 --q 1.2=yes --q 1.3=yes --risk $r1 --applicability low --reviewer $who >/dev/null
		"$SIEVE" quadas set "$s" D2 --q 2.1=yes --q 2.2=$b2 --risk $rr2 --applicability low --reviewer $who >/dev/null
		"$SIEVE" quadas set "$s" D3 --q 3.1=yes --q 3.2=yes --risk low --applicability low --reviewer $who >/dev/null
		"$SIEVE" quadas set "$s" D4 --q 4.1=yes --q 4.2=yes --q 4.3=yes --q 4.4=yes --risk low --reviewer $who >/dev/null
	done
done <all-studies.txt
"$SIEVE" quadas consensus
while IFS= read -r s; do
	"$SIEVE" quadas consensus "$s" --use ann --reviewer ann >/dev/null
done <all-studies.txt
step "sieve quadas report -o quadas.svg   (after consensus: traffic light and summary bars)"
"$SIEVE" quadas report -o quadas.svg
step "sieve predict --adc 1.0 -o roc.svg   (per-lesion baseline ADC as a predictor of response)"
"$SIEVE" predict --adc 1.0 -o roc.svg
echo "figure: $PWD/roc.svg"
step "sieve status"
"$SIEVE" status
step "sieve db status"
"$SIEVE" db status
echo
echo "The demo review is in ./$DEMO; its database server keeps running."
echo "Try: cd $DEMO && $SIEVE screen --reviewer ann      (q quits)"
echo "     $SIEVE help     Stop the server: cd $DEMO && $SIEVE db stop"
