#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sieve's benchmarks (make bench). Each result is a ratio against a baseline
# measured in the same run on the same machine, so noisy shared machines
# still give comparable numbers.
#
# Import: a deterministic 30,000-record PubmedArticleSet (bench/gen_pubmed.c).
#  baseline = xmllint --stream --noout FILE   +   psql \copy of the same rows
#             sieve loads (pre-extracted as TSV by bench/extract_tsv.c) into
#             an equivalent table (record_version's columns, lz4, a primary
#             key and a unique PMID index), in the same kind of server
#  peer     = what a reviewer would otherwise write (bench/peer_lxml.py):
#             Python lxml iterparse of the screening fields (PMID, title,
#             abstract, authors, journal, year, DOI, ...) piped into
#             psql \copy, in the same server; fields only, no original XML
#             (needs python3-lxml; skipped with a note when missing)
#  sieve    = sieve import pubmed FILE into a fresh review (server running)
# plus peak RSS of both, and sieve's peak RSS on a file four times larger.
# Meta-analysis: k = 10,000 studies, REML with the Q-profile CI and the
#  prediction interval, as a ratio to the DerSimonian-Laird closed form
#  (bench/meta_bench.c).
# Predictor: 10,000 lesions of 2,000 patients, 2,000 patient-cluster
#  bootstrap replicates and the logistic fit, as a ratio to one ROC curve
#  with its DeLong CI (bench/predict_bench.c).
# BENCH_ONLY=import, screen, meta or predict runs one part.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${SIEVE:?}" "${BUILD:?}"
N=${BENCH_RECORDS:-30000}
RUNS=${BENCH_RUNS:-3}
W=${BENCH_DIR:-$(mktemp -d /tmp/sieve-bench.XXXXXX)}
chmod 755 "$W"
RS=$BUILD/bench/runstat
reviews=""
cleanup() {
	for r in $reviews; do (cd "$r" && "$SIEVE" --quiet db stop >/dev/null 2>&1) || true; done
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT

stat_of() { # stat_of CMD...: prints "wall maxrss" of CMD, output discarded
	"$RS" "$@" 2>"$W/rs" >/dev/null || { cat "$W/rs" >&2; exit 1; }
	tail -n 1 "$W/rs" | awk '{print $2, $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }

if want meta; then
echo "== meta-analysis benchmark: k = 10,000 studies, median of 7 runs"
"$BUILD/bench/meta_bench" 7 >"$W/meta.out" || { cat "$W/meta.out"; exit 1; }
mv_() { awk -v k="$1" '{for (i = 1; i <= NF; i++) {split($i, a, "="); if (a[1] == k) print a[2]}}' "$W/meta.out"; }
printf '%-44s %8.2f ms\n' "baseline: DerSimonian-Laird, z test" "$(mv_ dl_ms)"
printf '%-44s %8.2f ms  (target < 100)\n' "REML + Q-profile CI + prediction interval" "$(mv_ reml_ms)"
printf '%-44s %8.1f x\n' "ratio REML / DL" "$(mv_ ratio)"
echo
fi

if want predict; then
echo "== predictor benchmark: 10,000 lesions, 2,000 patients, 2,000 bootstrap replicates, median of 5"
"$BUILD/bench/predict_bench" 5 >"$W/predict.out" || { cat "$W/predict.out"; exit 1; }
pv() { awk -v k="$1" '{for (i = 1; i <= NF; i++) {split($i, a, "="); if (a[1] == k) print a[2]}}' "$W/predict.out"; }
printf '%-44s %8.2f ms\n' "baseline: one ROC curve with DeLong CI" "$(pv base_ms)"
printf '%-44s %8.1f ms  (target < 2000)\n' "cluster bootstrap B=2000 + logistic fit" "$(pv boot_ms)"
printf '%-44s %8.1f x\n' "ratio bootstrap / one ROC" "$(pv ratio)"
echo
fi

if want import; then
echo "== import benchmark: $N records, median of $RUNS runs"
"$BUILD/bench/gen_pubmed" "$N" 1 >"$W/f1.xml"
"$BUILD/bench/gen_pubmed" $((N * 4)) 1 >"$W/f4.xml"
"$BUILD/bench/extract_tsv" "$W/f1.xml" >"$W/f1.tsv"
size=$(wc -c <"$W/f1.xml")
echo "file: $(awk "BEGIN {printf \"%.0f\", $size / 1048576}") MiB, $(awk "BEGIN {printf \"%.1f\", $size / $N / 1024}") KiB/record"

# Baseline database: a review of its own, so server settings are identical.
"$SIEVE" --quiet init "$W/base" >/dev/null; reviews="$reviews $W/base"
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $W/base/.sieve -U sieve -d sieve"
# The equivalent table: record_version's columns (those sieve COPYs), lz4,
# a primary key and a unique PMID index.
stage="CREATE TABLE base (LIKE review.record_version INCLUDING DEFAULTS INCLUDING COMPRESSION INCLUDING STORAGE); ALTER TABLE base DROP COLUMN search, ADD PRIMARY KEY (seq)"

: >"$W/xml.t"; : >"$W/copy.t"; : >"$W/sieve.t"; : >"$W/peer.t"
# The peer's Python: the first with lxml (Debian's python3-lxml lives in
# /usr/bin/python3's path even when another python3 comes first in PATH).
PY=""
for p in ${BENCH_PYTHON:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import lxml.etree' 2>/dev/null; then PY=$p; break; fi
done
# The table a reviewer would load: the fields, a PMID primary key, defaults.
peer_ddl="CREATE TABLE peer (pmid bigint PRIMARY KEY, doi text, pmcid text, title text,
 abstract text, authors text, journal text, journal_abbrev text, issn text, volume text,
 issue text, pages text, pub_year integer, article_date date, languages text,
 pub_types text, mesh text, keywords text, pub_status text)"
# Let the previous step's writes reach the disk before timing the next one:
# both clusters checkpoint, then the kernel flushes (the machine is shared).
quiesce() {
	for c in "$@"; do psql -X -q -h "$c/.sieve" -U sieve -d sieve -c CHECKPOINT; done
	sync
}
for i in $(seq "$RUNS"); do
	r=$W/rev$i
	"$SIEVE" --quiet init "$r" >/dev/null; reviews="$reviews $r"
	quiesce "$W/base" "$r"
	(cd "$r" && stat_of "$SIEVE" import pubmed "$W/f1.xml") >>"$W/sieve.t"
	quiesce "$W/base" "$r"
	(cd "$r" && "$SIEVE" --quiet db stop >/dev/null)
	stat_of xmllint --stream --noout "$W/f1.xml" >>"$W/xml.t"
	$PSQL -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS base" -c "$stage" \
		-c "CREATE UNIQUE INDEX ON base (pmid)"
	quiesce "$W/base"
	stat_of $PSQL -c "\\copy base FROM '$W/f1.tsv'" >>"$W/copy.t"
	if [ -n "$PY" ]; then
		$PSQL -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS peer" -c "$peer_ddl"
		quiesce "$W/base"
		stat_of sh -c "'$PY' '$here/peer_lxml.py' '$W/f1.xml' | $PSQL -c '\\copy peer FROM pstdin'" >>"$W/peer.t"
		got=$($PSQL -At -c "SELECT count(*) FROM peer")
		[ "$got" = "$N" ] || { echo "bench: the peer loaded $got rows, not $N" >&2; exit 1; }
	fi
done
t_xml=$(cut -d' ' -f1 "$W/xml.t" | median)
t_copy=$(cut -d' ' -f1 "$W/copy.t" | median)
t_sieve=$(cut -d' ' -f1 "$W/sieve.t" | median)
rss_xml=$(cut -d' ' -f2 "$W/xml.t" | median)
rss_sieve=$(cut -d' ' -f2 "$W/sieve.t" | median)
t_base=$(awk "BEGIN {print $t_xml + $t_copy}")
ratio=$(awk "BEGIN {printf \"%.2f\", $t_sieve / $t_base}")

r4=$W/rev4x
"$SIEVE" --quiet init "$r4" >/dev/null; reviews="$reviews $r4"
rss4=$(cd "$r4" && stat_of "$SIEVE" import pubmed "$W/f4.xml" | cut -d' ' -f2)

printf '%-44s %8.2f s\n' "baseline: xmllint --stream --noout" "$t_xml"
printf '%-44s %8.2f s\n' "baseline: psql \\copy of the extracted rows" "$t_copy"
printf '%-44s %8.2f s\n' "baseline total" "$t_base"
printf '%-44s %8.2f s  (%.0f records/s)\n' "sieve import pubmed" "$t_sieve" "$(awk "BEGIN {print $N / $t_sieve}")"
printf '%-44s %8s x   (target <= 1.00)\n' "ratio sieve / baseline" "$ratio"
if [ -n "$PY" ]; then
	t_peer=$(cut -d' ' -f1 "$W/peer.t" | median)
	printf '%-44s %8.2f s  (%.0f records/s; fields only, no original XML)\n' \
		"peer: Python lxml iterparse | psql \\copy" "$t_peer" "$(awk "BEGIN {print $N / $t_peer}")"
	printf '%-44s %8.2f x   (target <= 1.00)\n' "ratio sieve / peer" "$(awk "BEGIN {print $t_sieve / $t_peer}")"
else
	echo "peer: skipped (no python3 with lxml; install python3-lxml, or set BENCH_PYTHON)"
fi
printf '%-44s %8.1f MiB (xmllint: %.1f MiB; target < 32)\n' "peak RSS, sieve, $N records" \
	"$(awk "BEGIN {print $rss_sieve / 1024}")" "$(awk "BEGIN {print $rss_xml / 1024}")"
printf '%-44s %8.1f MiB (%+.1f%%; target within 10%%)\n' "peak RSS, sieve, $((N * 4)) records" \
	"$(awk "BEGIN {print $rss4 / 1024}")" "$(awk "BEGIN {print ($rss4 - $rss_sieve) * 100 / $rss_sieve}")"
fi

want screen || exit 0

# Screening: a review of BENCH_SCREEN_RECORDS records (100,000 by default);
# opening the view, decision-and-next (the 'i' key through the same view
# code the TUI runs, then drawing), a full-text search, and memory. The
# baseline in the same run: the bare decision through the store.
NS=${BENCH_SCREEN_RECORDS:-100000}
echo
echo "== screening benchmark: $NS records"
"$BUILD/bench/gen_pubmed" "$NS" 3 --pmid-base 60000000 >"$W/s.xml"
rs=$W/screen
"$SIEVE" --quiet init "$rs" >/dev/null; reviews="$reviews $rs"
(cd "$rs" && "$SIEVE" --quiet import pubmed "$W/s.xml" >/dev/null && "$SIEVE" --quiet reviewers add bench >/dev/null)
rm -f "$W/s.xml"
# the first screening command builds the search index once, after an import
t_index=$(cd "$rs" && stat_of "$SIEVE" screen --replay q --reviewer bench | cut -d' ' -f1)
(cd "$rs" && "$BUILD/bench/screen_bench" bench 1000) >"$W/screen.out"
val() { awk -v k="$1" '$1 == k {print $2}' "$W/screen.out"; }
printf '%-44s %8.2f s   (once per import, by the first screening command)\n' "build the search index" "$t_index"
printf '%-44s %8.3f s   (target < 0.5)\n' "open the screening view" "$(val open_s)"
printf '%-44s %8.2f ms  p50, %.2f ms p99 (target p99 < 20)\n' "decision and next record" "$(val key_p50_ms)" "$(val key_p99_ms)"
printf '%-44s %8.2f ms  p50, %.2f ms p99; ratio p50 %.1fx\n' "baseline: the bare decision" "$(val store_p50_ms)" "$(val store_p99_ms)" \
	"$(awk "BEGIN {print $(val key_p50_ms) / $(val store_p50_ms)}")"
printf '%-44s %8.1f ms\n' "full-text search of title and abstract" "$(val search_ms)"
printf '%-44s %8.1f MiB (target < 100; rows held: %s)\n' "peak RSS of the screening process" \
	"$(awk "BEGIN {print $(val maxrss_kb) / 1024}")" "$(val rows_held)"
