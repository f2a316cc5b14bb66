# SPDX-License-Identifier: GPL-3.0-or-later
# sieve screen in a real terminal, driven through tmux: the first screen,
# include / exclude with a reason / undo (checked in the database), filter and
# search, resize, UTF-8 text within the pane width, quit and Ctrl-C restoring
# the terminal, and the refusal without a terminal. Run by tests/db/harness.sh.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed

# --- no terminal: refused plainly (needs no tmux) ----------------------------
R=$T/review
"$SIEVE" init "$R" --title "TUI tests" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
"$GEN" 6 11 --pmid-base 43000000 >"$T/gen.xml"
"$SIEVE" import pubmed "$T/gen.xml" >/dev/null || bad "import generated records"
# One hand-written record with non-ASCII text: umlaut, CJK (two columns each),
# Greek letters and an em dash.
cat >"$T/utf8.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">43000100</PMID>
<DateRevised><Year>2024</Year><Month>01</Month><Day>15</Day></DateRevised>
<Article PubModel="Print"><Journal><ISSN IssnType="Print">1234-5678</ISSN><JournalIssue><Volume>7</Volume><Issue>2</Issue>
<PubDate><Year>2021</Year><Month>Mar</Month></PubDate></JournalIssue><Title>Test Journal</Title><ISOAbbreviation>Test J</ISOAbbreviation></Journal>
<ArticleTitle>Quokkaware α and β diffusion coefficients — 肝転移の拡散強調画像 in Zürich</ArticleTitle>
<Abstract><AbstractText Label="METHODS" NlmCategory="METHODS">We measured ADC (α = 0.05, β = 0.2) in 北京 and Köln — twice.</AbstractText></Abstract>
<AuthorList><Author><LastName>Müller</LastName><ForeName>Anna</ForeName><Initials>A</Initials></Author>
<Author><LastName>王</LastName><ForeName>伟</ForeName><Initials>W</Initials></Author>
<Author><LastName>Øyen</LastName><ForeName>Åse</ForeName><Initials>Å</Initials></Author></AuthorList>
<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
</Article></MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus></PubmedData></PubmedArticle></PubmedArticleSet>
XML
"$SIEVE" import pubmed "$T/utf8.xml" >/dev/null || bad "import the UTF-8 record"
"$SIEVE" reviewers add ann --lead >/dev/null
"$SIEVE" reasons add "wrong population" "not DWI" >/dev/null
A=43000000 B=43000001 U=43000100
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
title_a=$(q "SELECT title FROM record WHERE pmid = '$A'")
title_b=$(q "SELECT title FROM record WHERE pmid = '$B'")

expect_rc "no terminal: sieve screen exits 2" 2 "$SIEVE" screen --reviewer ann
one_line "no terminal: a one-line message" "$ERR"
contains "no terminal: says it needs a terminal" "$ERR" "needs a terminal"
check "no terminal: nothing on stdout" test -z "$OUT"

if ! command -v tmux >/dev/null 2>&1; then
	echo "skip - tmux not installed: terminal tests of sieve screen skipped"
	"$SIEVE" db stop >/dev/null
	finish
	exit $?
fi
command -v python3 >/dev/null 2>&1 || echo "skip - python3 not installed: display-width check skipped"

# A private tmux server (its socket in the suite's folder, no user config),
# unique session names.
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" -f /dev/null "$@"; }
S1=screen-$$ S2=sigint-$$
cleanup() {
	tm kill-session -t "$S1" 2>/dev/null
	tm kill-session -t "$S2" 2>/dev/null
	tm kill-server 2>/dev/null
	rm -f "$SOCK"
	"$SIEVE" db stop >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME: the TUI in a detached 100x30 session; the wrapper prints a line
# before, and the exit status after (its INT trap keeps it alive for Ctrl-C,
# while sieve itself gets the default disposition).
start() {
	tm new-session -d -s "$1" -x 100 -y 30 \
		"cd '$R' && export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; trap 'echo WRAPPER-GOT-INT' INT; echo BEFORE-THE-TUI; '$SIEVE' screen --reviewer ann; echo SIEVE-EXITED-\$?; sleep 60"
}
# shot NAME: the visible screen into $SCR
shot() { SCR=$(tm capture-pane -p -t "$1" 2>/dev/null); }
# wait_for NAME TEXT: poll the screen (max ~10 s) until TEXT shows
wait_for() {
	_i=0
	while [ $_i -lt 100 ]; do
		shot "$1"
		case $SCR in *"$2"*) return 0 ;; esac
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}
# wait_gone NAME TEXT: poll until TEXT is no longer on the screen
wait_gone() {
	_i=0
	while [ $_i -lt 100 ]; do
		shot "$1"
		case $SCR in *"$2"*) ;; *) return 0 ;; esac
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}
# see NAME TEXT: assertion form of wait_for
see() { if wait_for "$S1" "$2"; then ok "$1"; else bad "$1" "no \"$2\" on screen:
$SCR"; fi; }
keys() { tm send-keys -t "$S1" "$@"; }
# last verdict,reason of ann for PMID in the CSV export
last_of() {
	"$SIEVE" decisions export --csv --reviewer ann | grep ",$1,title-abstract,ann," | tail -n 1 | cut -d, -f5,6
}
# wait_db PMID WANT: poll the database (max ~10 s) for ann's latest row
wait_db() {
	_i=0
	while [ $_i -lt 50 ]; do
		GOT=$(last_of "$1")
		[ "$GOT" = "$2" ] && return 0
		sleep 0.2; _i=$((_i + 1))
	done
	return 1
}
db_is() { if wait_db "$2" "$3"; then ok "$1"; else bad "$1" "latest row for $2 is '$GOT', wanted '$3'"; fi; }
# line N of $SCR (1-based)
line() { printf '%s\n' "$SCR" | sed -n "$1p"; }
# widths_ok W: every line of $SCR takes at most W display columns
widths_ok() {
	command -v python3 >/dev/null 2>&1 || return 0
	printf '%s\n' "$SCR" | python3 -c '
import sys, unicodedata
w = int(sys.argv[1]); worst = 0
for l in sys.stdin.read().split("\n"):
    n = 0
    for ch in l:
        if unicodedata.combining(ch): continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    worst = max(worst, n)
print(worst)
sys.exit(0 if worst <= w else 1)' "$1" >"$T/widest"
}

# --- 1. the first screen ---------------------------------------------------------
start "$S1" || bad "tmux session starts"
see "status bar shows stage and reviewer" "title-abstract · ann"
see "key line shown" "i include  e exclude"
see "the selected record's detail header" "PMID $A · record 1"
contains "the list shows the first title" "$SCR" "$(printf '%s' "$title_a" | cut -c1-40)"
contains "the list shows the second title" "$SCR" "$(printf '%s' "$title_b" | cut -c1-40)"
contains "the detail shows the selected title" "$SCR" "$(printf '%s' "$title_a" | cut -c1-60)"
check "the TUI is on the alternate screen" test "$(tm display-message -p -t "$S1" '#{alternate_on}')" = 1
lacks "the shell text is hidden behind it" "$SCR" "BEFORE-THE-TUI"
check "30 lines on a 30-line pane" test "$(printf '%s\n' "$SCR" | wc -l)" = 30
case $(line 29) in *"title-abstract · ann"*) ok "status bar on line 29 of 30" ;;
	*) bad "status bar on line 29 of 30" "line 29: $(line 29)" ;; esac

# --- 2. include ---------------------------------------------------------------------
keys i
see "i: says included" "included PMID $A"
db_is "i: include recorded in the database" $A "include,"
see "i: moves to the next record" "PMID $B · record 2"
see "i: progress counts it" "me 1/7"

# --- 3. exclude with a reason ---------------------------------------------------------
keys e
see "e: opens the reason picker" "Exclude: reason"
contains "picker lists the reasons" "$SCR" "2 wrong population"
keys 2
see "picking a reason excludes" "excluded PMID $B (wrong population)"
db_is "exclude with the reason recorded" $B "exclude,wrong population"
wait_gone "$S1" "Exclude: reason" && ok "picker closed" || bad "picker closed" "$SCR"
keys e
see "e again opens the picker" "Exclude: reason"
keys Escape
wait_gone "$S1" "Exclude: reason" && ok "Esc cancels the picker" || bad "Esc cancels the picker" "$SCR"
check "Esc recorded nothing" test "$(last_of 43000002)" = ""

# --- 4. undo ------------------------------------------------------------------------
keys u
see "u: says undone" "undone: now undecided"
db_is "u: a new row with an empty verdict" $B ","
see "u: back on the undone record" "PMID $B · record 2"
n=$("$SIEVE" decisions export --csv --reviewer ann | grep -c ",$B,title-abstract,ann,")
check "undo keeps history (2 rows for B)" test "$n" = 2
keys m
see "m on B" "maybe: PMID $B"
keys u
see "then u restores undecided again" "undone: now undecided"
keys i
see "include B" "included PMID $B"
keys p
see "p goes back to B" "PMID $B · record 2"
keys m
see "maybe on top of include" "maybe: PMID $B"
keys u
see "u restores the previous verdict" "undone: now include"
db_is "the database shows include again" $B "include,"

# --- 5. filter and search ---------------------------------------------------------------
keys f
see "f opens the filter picker" "─ Filter"
contains "filter picker lists mine" "$SCR" "3 mine"
keys 3
see "filter: mine" "filter: mine"
see "status bar shows the filter" "· mine"
c_short=$(printf '%s' "$(q "SELECT title FROM record WHERE pmid = '43000002'")" | cut -c1-40)
lacks "filtered list drops records I have not decided" "$SCR" "$c_short"
contains "filtered list keeps A" "$SCR" "$(printf '%s' "$title_a" | cut -c1-40)"
contains "filtered list keeps B" "$SCR" "$(printf '%s' "$title_b" | cut -c1-40)"
# "included" is the record's status: with two reviewers per record, ann's
# include alone does not make one
keys f 4
see "filter: included is empty under double screening" "filter: included (no records)"
keys f 1
see "back to all" "filter: all"
see "all records again" "$c_short"
keys /
see "/ opens the search prompt" "Search:"
keys -l Quokkaware
keys Enter
see "search narrows to the one title" "search: Quokkaware"
see "the match is selected" "PMID $U · record 7"
lacks "other titles gone" "$SCR" "$(printf '%s' "$title_a" | cut -c1-40)"
lacks "other titles gone (B)" "$SCR" "$(printf '%s' "$title_b" | cut -c1-40)"

# --- 7. UTF-8 -------------------------------------------------------------------------
contains "UTF-8: umlaut author" "$SCR" "Müller"
contains "UTF-8: CJK author" "$SCR" "王"
contains "UTF-8: Greek in the title" "$SCR" "Quokkaware α and β diffusion coefficients"
contains "UTF-8: em dash and CJK title" "$SCR" "— 肝転移の拡散強調画像 in Zürich"
contains "UTF-8: abstract intact" "$SCR" "(α = 0.05, β = 0.2) in 北京 and Köln — twice."
contains "UTF-8: Å and Ø" "$SCR" "Øyen Å"
if widths_ok 100; then ok "UTF-8: no line wider than 100 columns (widest $(cat "$T/widest"))"; else
	bad "UTF-8: no line wider than 100 columns" "widest $(cat "$T/widest"):
$SCR"; fi

# --- 6. resize ------------------------------------------------------------------------
tm resize-window -t "$S1" -x 120 -y 40
_i=0; while [ $_i -lt 100 ]; do shot "$S1"; case $(line 39) in *"title-abstract · ann"*) break ;; esac; sleep 0.1; _i=$((_i + 1)); done
check "resize: 40 lines" test "$(printf '%s\n' "$SCR" | wc -l)" = 40
case $(line 39) in *"title-abstract · ann"*) ok "resize: status bar moves to line 39 of 40" ;;
	*) bad "resize: status bar moves to line 39 of 40" "line 39: $(line 39)" ;; esac
case $(line 40) in *"search: Quokkaware"*) ok "resize: message line on the last line" ;;
	*) bad "resize: message line on the last line" "line 40: $(line 40)" ;; esac
rule=$(printf '%s\n' "$SCR" | grep "PMID $U · record 7" | head -n 1)
w=$(printf '%s' "$rule" | python3 -c 'import sys; print(len(sys.stdin.read()))' 2>/dev/null || echo 0)
check "resize: the detail rule spans 120 columns (got $w)" test "$w" = 120
if widths_ok 120; then ok "resize: no line wider than 120 columns"; else bad "resize: no line wider than 120 columns" "$SCR"; fi
contains "resize: UTF-8 title still intact" "$SCR" "— 肝転移の拡散強調画像 in Zürich"
keys /
see "search prompt again" "Search:"
keys C-u Enter
see "empty search clears it" "search cleared"
tm resize-window -t "$S1" -x 80 -y 24
_i=0; while [ $_i -lt 100 ]; do shot "$S1"; case $(line 23) in *"title-abstract · ann"*) break ;; esac; sleep 0.1; _i=$((_i + 1)); done
case $(line 23) in *"title-abstract · ann"*) ok "shrink: status bar on line 23 of 24" ;;
	*) bad "shrink: status bar on line 23 of 24" "line 23: $(line 23)" ;; esac
if widths_ok 80; then ok "shrink: no line wider than 80 columns"; else bad "shrink: no line wider than 80 columns" "$SCR"; fi
row_a=$(printf '%s\n' "$SCR" | grep -F "$(printf '%s' "$title_a" | cut -c1-20)" | head -n 1)
check "shrink: list rows fit 80 columns" test "$(printf '%s' "$row_a" | python3 -c 'import sys; print(len(sys.stdin.read()))' 2>/dev/null || echo 0)" -le 80

# --- 8. q quits and restores the terminal --------------------------------------------
keys q
see "q: sieve exits 0" "SIEVE-EXITED-0"
contains "q: the shell text is back" "$SCR" "BEFORE-THE-TUI"
lacks "q: the status bar is gone" "$SCR" "title-abstract · ann"
lacks "q: the key line is gone" "$SCR" "i include  e exclude"
check "q: alternate screen left" test "$(tm display-message -p -t "$S1" '#{alternate_on}')" = 0
tm kill-session -t "$S1" 2>/dev/null
db_is "decisions persist after quitting" $A "include,"

# --- 9. Ctrl-C restores the terminal too ----------------------------------------------
before=$("$SIEVE" decisions export --csv --reviewer ann | wc -l)
start "$S2" || bad "second tmux session starts"
if wait_for "$S2" "title-abstract · ann"; then ok "C-c: TUI up"; else bad "C-c: TUI up" "$SCR"; fi
tm send-keys -t "$S2" C-c
if wait_for "$S2" "SIEVE-EXITED-"; then ok "C-c: sieve exits"; else bad "C-c: sieve exits" "$SCR"; fi
rc_line=$(printf '%s\n' "$SCR" | grep -o 'SIEVE-EXITED-[0-9]*' | head -n 1)
case $rc_line in SIEVE-EXITED-0|SIEVE-EXITED-130) ok "C-c: clean exit status ($rc_line)" ;;
	*) bad "C-c: clean exit status" "$rc_line" ;; esac
contains "C-c: the shell text is back" "$SCR" "BEFORE-THE-TUI"
lacks "C-c: the status bar is gone" "$SCR" "title-abstract · ann"
check "C-c: alternate screen left" test "$(tm display-message -p -t "$S2" '#{alternate_on}')" = 0
stty_ok=$(tm display-message -p -t "$S2" '#{cursor_flag}')
check "C-c: cursor visible again" test "$stty_ok" = 1
check "C-c: no decision written" test "$("$SIEVE" decisions export --csv --reviewer ann | wc -l)" = "$before"
tm kill-session -t "$S2" 2>/dev/null

cleanup
trap - EXIT
finish
