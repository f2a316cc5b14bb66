#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo: a fresh review in ./demo-review, run end to end on bundled,
# generated example data. Rerunning it starts again from scratch.
set -eu
SIEVE=${1:-./sieve}
case $SIEVE in /*) ;; *) SIEVE=$(pwd)/${SIEVE#./} ;; esac
DEMO=${DEMO_DIR:-demo-review}

if [ -d "$DEMO/.sieve" ]; then
	(cd "$DEMO" && "$SIEVE" --quiet db stop) || true
	rm -rf "$DEMO"
fi
echo "== sieve init $DEMO"
"$SIEVE" init "$DEMO" --title "Demo: DWI/ADC for predicting response of colorectal liver metastases to chemotherapy"
cd "$DEMO"
echo
echo "== sieve status"
"$SIEVE" status
echo
echo "== sieve db status"
"$SIEVE" db status
echo
echo "The demo review is in ./$DEMO; its database server keeps running."
echo "Try: cd $DEMO && $SIEVE help     Stop the server: cd $DEMO && $SIEVE db stop"
