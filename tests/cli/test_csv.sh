# SPDX-License-Identifier: GPL-3.0-or-later
# The CSV reader end to end, through sieve meta --from-csv: old Mac line
# ends, NUL bytes, text after a closing quote, and a huge quoted field read
# from a pipe with bounded memory.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
cat >"$T/lf.csv" <<'CSV'
study,n1,mean1,sd1,n2,mean2,sd2
"ADC01
(pilot)",12,0.944,0.263,10,1.146,0.159
ADC02,20,1.08,0.137,32,1.258,0.225
ADC03,15,0.968,0.203,9,1.074,0.233
ADC04,11,1.023,0.136,32,1.189,0.19
CSV
expect_rc "LF file" 0 "$SIEVE" meta --from-csv "$T/lf.csv" --long
want=$OUT
tr '\n' '\r' <"$T/lf.csv" >"$T/cr.csv"
expect_rc "CR-only line ends (old Mac Excel) are read" 0 "$SIEVE" meta --from-csv "$T/cr.csv" --long
if [ "$OUT" = "$want" ]; then ok "CR-only file gives the same result"; else
	bad "CR-only file gives the same result" "$OUT"; fi
sed 's/$/\r/' "$T/lf.csv" >"$T/crlf.csv"
expect_rc "CR LF line ends are read" 0 "$SIEVE" meta --from-csv "$T/crlf.csv" --long
if [ "$OUT" = "$want" ]; then ok "CR LF file gives the same result"; else
	bad "CR LF file gives the same result" "$OUT"; fi

printf 'study,n1,mean1,sd1,n2,mean2,sd2\nADC01,12,0.9\00044,0.263,10,1.146,0.159\n' >"$T/nul.csv"
expect_rc "a NUL byte exits 1" 1 "$SIEVE" meta --from-csv "$T/nul.csv"
contains "a NUL byte: file:line:col" "$ERR" "nul.csv:2:13: a NUL byte"
one_line "a NUL byte: one line" "$ERR"

printf 'study,n1,mean1,sd1,n2,mean2,sd2\n"ADC01"x,12,0.944,0.263,10,1.146,0.159\n' >"$T/q.csv"
expect_rc "text after a closing quote exits 1" 1 "$SIEVE" meta --from-csv "$T/q.csv"
contains "text after a closing quote: file:line:col" "$ERR" "q.csv:2:8: text after the closing quote"

# Numbers are plain decimal: hexadecimal, inf, nan and out-of-range values
# are refused with file:line:col and the column (checked before any review
# is opened, so no review is needed here).
H=study,patient,lesion,adc_baseline,response,adc_followup,followup_days
for v in 0x10 inf nan 1e999 0x1p0 -Infinity; do
	printf '%s\nKoh 2007,P1,L1,%s,1,,\n' "$H" "$v" >"$T/n.csv"
	expect_rc "lesions: '$v' refused" 1 "$SIEVE" lesions import "$T/n.csv"
	contains "lesions: '$v' named with file:line:col and column" "$ERR" \
		"n.csv:2:16: column adc_baseline: '$v' is not a number"
done
printf '%s\nKoh 2007,P1,L1,1.0,1,1e999,\n' "$H" >"$T/n.csv"
expect_rc "lesions: 1e999 follow-up refused" 1 "$SIEVE" lesions import "$T/n.csv"
contains "lesions: follow-up named" "$ERR" "n.csv:2:22: column adc_followup: '1e999'"
printf '%s\nKoh 2007,P1,L1,1.0,1,1.1,0x10\n' "$H" >"$T/n.csv"
expect_rc "lesions: hexadecimal days refused" 1 "$SIEVE" lesions import "$T/n.csv"
contains "lesions: days named" "$ERR" "n.csv:2:26: column followup_days"

# The same strict numbers everywhere a number is read from a file or an
# option: meta, convert and predict.
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nADC01,12,0x1,0.263,10,1.146,0.159\nADC02,20,1.08,0.137,32,1.258,0.225\n' >"$T/hex.csv"
expect_rc "meta --from-csv: hexadecimal mean refused" 1 "$SIEVE" meta --from-csv "$T/hex.csv"
contains "meta: names file:line:col" "$ERR" "hex.csv:2:10"
contains "meta: says not a number" "$ERR" "not a number"
printf 'n,min,median,max\n9,0x1,1,2\n' >"$T/hexc.csv"
expect_rc "convert --from-csv: hexadecimal refused" 1 "$SIEVE" convert --from-csv "$T/hexc.csv" --long
contains "convert: names file:line:col" "$ERR" "hexc.csv:2:3"
expect_rc "convert: --median 0x10 is a usage error" 2 "$SIEVE" convert --n 30 --median 0x10 --q1 1 --q3 20
printf 'lesion_id,patient_id,adc,response\nL1,P1,0x1,1\nL1,P2,1.2,0\n' >"$T/hexp.csv"
expect_rc "predict --from-csv: hexadecimal ADC refused" 1 "$SIEVE" predict --from-csv "$T/hexp.csv"
contains "predict: names file:line" "$ERR" "hexp.csv:2:"
expect_rc "predict --adc 0x1 is a usage error" 2 "$SIEVE" predict --from-csv "$T/hexp.csv" --adc 0x1
expect_rc "predict --bootstrap 0x10 is a usage error" 2 "$SIEVE" predict --from-csv "$T/hexp.csv" --bootstrap 0x10

# A bad field after a quoted field that spans lines is named at its own
# line and column (csv_field_error), not at the record's first line.
printf 'study,n1,mean1,sd1,n2,mean2,sd2\n"ADC01\n(pilot)",12,x,0.263,10,1.146,0.159\n' >"$T/mlm.csv"
expect_rc "meta: bad value after a multi-line label exits 1" 1 "$SIEVE" meta --from-csv "$T/mlm.csv"
contains "meta: named at the field's own line" "$ERR" "mlm.csv:3:13: study ADC01"
printf 'lesion_id,patient_id,adc,response\n"L\n1",P1,0x1,1\nL2,P2,1.2,0\n' >"$T/mlp.csv"
expect_rc "predict: bad ADC after a multi-line id exits 1" 1 "$SIEVE" predict --from-csv "$T/mlp.csv"
contains "predict: named at the field's own line" "$ERR" "mlp.csv:3:7: column adc: '0x1' is not a number"

# An error message quotes the file's text: on a terminal its control
# characters are escaped, piped they are kept.
printf 'study,n1,mean1,sd1,n2,mean2,sd2\nA\033[2J,x,1,1,1,1,1\n' >"$T/esc.csv"
if command -v script >/dev/null 2>&1; then
	tty_err=$(script -qec "'$SIEVE' meta --from-csv '$T/esc.csv'" /dev/null 2>&1)
	contains "error on a terminal: ESC escaped" "$tty_err" 'study A\x1b[2J'
	esc=$(printf '\033')
	lacks "error on a terminal: no raw ESC" "$tty_err" "$esc"
	expect_rc "piped error" 1 "$SIEVE" meta --from-csv "$T/esc.csv"
	contains "piped error keeps the bytes" "$ERR" "study A$esc[2J"
	# study labels in a report, likewise
	sed "s/^ADC02,/ADC\x1b]0;pwned\x07,/" "$T/lf.csv" >"$T/esclabel.csv"
	tty_out=$(script -qec "'$SIEVE' meta --from-csv '$T/esclabel.csv'" /dev/null 2>&1)
	contains "report on a terminal: label escaped" "$tty_out" 'ADC\x1b]0;pwned\x07'
	lacks "report on a terminal: no raw ESC" "$tty_out" "$esc"
	expect_rc "piped report" 0 "$SIEVE" meta --from-csv "$T/esclabel.csv"
	contains "piped report keeps the bytes" "$OUT" "ADC$esc]0;pwned"
else
	echo "# script (util-linux) not installed: skipping the terminal check"
fi

# A 300 MB quoted field from a pipe: refused after 1 MiB, with little memory
# and without waiting for the rest.
if [ -x /usr/bin/time ]; then
	{ printf 'study,n1,mean1,sd1,n2,mean2,sd2\n"'
	  head -c 314572800 /dev/zero | tr '\0' x
	  printf '",1,1,1,1,1,1\n'; } 2>/dev/null |
		/usr/bin/time -f 'maxrss %M' -o "$T/time" "$SIEVE" meta --from-csv - >"$T/out" 2>"$T/err"
	contains "a 300 MB field is refused at its start" "$(cat "$T/err")" "-:2:1: a field longer than 1 MiB"
	rss=$(sed -n 's/^maxrss //p' "$T/time")
	if [ -n "$rss" ] && [ "$rss" -lt 65536 ]; then ok "a 300 MB field: max RSS $rss KiB"; else
		bad "a 300 MB field: bounded memory" "max RSS ${rss:-?} KiB"; fi
else
	echo "# /usr/bin/time not installed: skipping the memory check"
fi
finish
