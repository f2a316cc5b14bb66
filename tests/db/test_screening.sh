# SPDX-License-Identifier: GPL-3.0-or-later
# Screening from the command line: decisions with history and undo, reasons,
# stages, conflicts and resolution, blinding, export; and blinding enforced
# by row-level security on a team server with one role per reviewer.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed

R=$T/review
"$SIEVE" init "$R" --title "Screening tests" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
"$GEN" 50 5 --pmid-base 41000000 >"$T/s.xml"
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
A=41000000 B=41000001 C=41000002

expect_rc "decide before any reviewer exists" 1 "$SIEVE" decide $A include --reviewer ann
contains "says how to add the reviewer" "$ERR" "sieve reviewers add ann"
expect_rc "add a lead" 0 "$SIEVE" reviewers add ann --lead
expect_rc "add a reviewer" 0 "$SIEVE" reviewers add bob
expect_rc "add reasons" 0 "$SIEVE" reasons add "wrong population" "not DWI" "review article"
expect_rc "list reasons" 0 "$SIEVE" reasons
contains "reasons listed in order" "$OUT" "wrong population
not DWI
review article"
expect_rc "add include terms" 0 "$SIEVE" terms add include diffusion "apparent diffusion"
expect_rc "add exclude terms" 0 "$SIEVE" terms add exclude hepatocellular
expect_rc "list terms" 0 "$SIEVE" terms
contains "include terms listed" "$OUT" '"apparent diffusion"'
expect_rc "bad verdict is a usage error" 2 "$SIEVE" decide $A perhaps --reviewer ann
expect_rc "unknown record exits 1" 1 "$SIEVE" decide 1 include --reviewer ann

expect_rc "ann includes A" 0 "$SIEVE" decide $A include --reviewer ann
expect_rc "bob excludes A (SIEVE_REVIEWER)" 0 env SIEVE_REVIEWER=bob "$SIEVE" decide $A exclude --reason "wrong population" --note "HCC, not CRC"
expect_rc "a reason outside the list is refused" 1 "$SIEVE" decide $B exclude --reason "whim" --reviewer bob
contains "names the reason" "$ERR" "whim"
expect_rc "conflicts (a lead)" 0 "$SIEVE" conflicts --reviewer ann
contains "conflict listed with both verdicts" "$OUT" "ann: include; bob: exclude (wrong population)"
expect_rc "a reviewer cannot resolve" 1 "$SIEVE" resolve $A include --reviewer bob
expect_rc "the lead resolves" 0 "$SIEVE" resolve $A include --reason "CRC subgroup reported" --reviewer ann
expect_rc "conflicts after resolution" 0 "$SIEVE" conflicts --reviewer ann
contains "no conflicts left" "$OUT" "no conflicts"
check "resolver recorded" test "$(q "SELECT resolver FROM resolution")" = ann

# undo walks back through history
"$SIEVE" decide $B include --reviewer bob >/dev/null
"$SIEVE" decide $B maybe --reviewer bob >/dev/null
expect_rc "undo" 0 "$SIEVE" undo $B --reviewer bob
contains "undo restores include" "$OUT" "now include"
expect_rc "undo again" 0 "$SIEVE" undo $B --reviewer bob
contains "undo restores undecided" "$OUT" "now undecided"
expect_rc "nothing more to undo" 0 "$SIEVE" undo $B --reviewer bob
contains "says nothing to undo" "$OUT" "nothing to undo"
check "history kept: 4 rows for B" test "$(q "SELECT count(*) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '$B'")" = 4

# stages: full text holds only records included at title/abstract
expect_rc "C is not at full text yet" 1 "$SIEVE" decide $C include --stage full-text --reviewer ann
expect_rc "A is at full text (resolved include)" 0 "$SIEVE" decide $A include --stage full-text --reviewer ann
expect_rc "exclude at full text needs a reason" 1 "$SIEVE" decide $A exclude --stage full-text --reviewer bob
contains "asks for the reason" "$ERR" "needs a reason"
expect_rc "exclude at full text with a reason" 0 "$SIEVE" decide $A exclude --stage full-text --reason "not DWI" --reviewer bob

# one decision per record at a stage
expect_rc "single screening at title/abstract" 0 "$SIEVE" settings decisions title-abstract 1 --reviewer ann
contains "settings show 1" "$OUT" "title-abstract 1"
"$SIEVE" decide $C include --reviewer bob >/dev/null
expect_rc "C reaches full text with one decision" 0 "$SIEVE" decide $C include --stage full-text --reviewer bob

# maybe: a conflict by default, agreement when the review says so
"$SIEVE" settings decisions title-abstract 2 --reviewer ann >/dev/null
D=41000003
"$SIEVE" decide $D maybe --reviewer ann >/dev/null
"$SIEVE" decide $D maybe --reviewer bob >/dev/null
expect_rc "two maybes are a conflict by default" 0 "$SIEVE" conflicts --reviewer ann
contains "maybe conflict listed" "$OUT" "ann: maybe; bob: maybe"
expect_rc "maybe is not a conflict when set off" 0 "$SIEVE" settings maybe-conflict off --reviewer ann
contains "settings show the maybe rule" "$OUT" "maybe counts as a conflict: no"
expect_rc "conflicts after the rule change" 0 "$SIEVE" conflicts --reviewer ann
lacks "two maybes agree now" "$OUT" "ann: maybe; bob: maybe"
"$SIEVE" settings decisions title-abstract 1 --reviewer ann >/dev/null

# blinding: only a lead changes it
expect_rc "a reviewer cannot lift blinding" 1 "$SIEVE" blind off --reviewer bob
expect_rc "the lead lifts blinding" 0 "$SIEVE" blind off --reviewer ann
expect_rc "settings after lifting" 0 "$SIEVE" settings
contains "blinding off" "$OUT" "blinded: no"

# re-screen flag clears when the record is decided again
q "UPDATE record SET needs_rescreen = true WHERE pmid = '$B'" >/dev/null
"$SIEVE" decide $B exclude --reason "review article" --reviewer ann >/dev/null
check "re-screen flag cleared by a decision" test "$(q "SELECT needs_rescreen FROM record WHERE pmid = '$B'")" = f

expect_rc "export decisions as CSV" 0 "$SIEVE" decisions export --csv
contains "CSV header" "$OUT" "id,pmid,stage,reviewer,verdict,reason,note,at"
contains "CSV quotes a note with a comma" "$OUT" '"HCC, not CRC"'
n_rows=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
check "one CSV row per decision" test "$n_rows" = "$(q "SELECT count(*) FROM decision")"
expect_rc "reviewers list counts decisions" 0 "$SIEVE" reviewers
contains "lead listed" "$OUT" "ann                  lead"
"$SIEVE" db stop >/dev/null

# --- agreement: the worked example of Wikipedia's "Cohen's kappa" article:
# 50 records, both include 20, A include/B exclude 5, A exclude/B include 10,
# both exclude 15: p_o = 0.70, p_e = 0.50, kappa = 0.40.
R2=$T/agree
"$SIEVE" init "$R2" >/dev/null
cd "$R2" || exit 1
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" reviewers add ann --lead >/dev/null; "$SIEVE" reviewers add bob >/dev/null
i=0
while [ $i -lt 50 ]; do
	p=$((41000000 + i))
	if [ $i -lt 20 ]; then a=include b=include
	elif [ $i -lt 25 ]; then a=include b=exclude
	elif [ $i -lt 35 ]; then a=exclude b=include
	else a=exclude b=exclude; fi
	"$SIEVE" decide $p $a --reviewer ann >/dev/null && "$SIEVE" decide $p $b --reviewer bob >/dev/null || bad "decide $p"
	i=$((i + 1))
done
expect_rc "agreement (a lead)" 0 "$SIEVE" agreement --stage title-abstract --reviewer ann
contains "records decided by both" "$OUT" "ann and bob: 50 records decided by both"
contains "percent agreement 70%" "$OUT" "agreement 70.0%"
contains "Cohen's kappa 0.400" "$OUT" "Cohen's kappa 0.400"
"$SIEVE" reviewers add cy >/dev/null
i=0; while [ $i -lt 50 ]; do "$SIEVE" decide $((41000000 + i)) include --reviewer cy >/dev/null; i=$((i + 1)); done
expect_rc "agreement with three reviewers" 0 "$SIEVE" agreement --stage title-abstract --reviewer ann
contains "Fleiss' kappa over all three" "$OUT" "Fleiss' kappa (50 records decided by all 3)"
"$SIEVE" db stop >/dev/null

# --- team server: blinding enforced by row-level security ----------------------
DB=$SIEVE_TEST_DB
SOCK=$SIEVE_TEST_SOCKDIR
asrole() { r=$1; shift; "$SIEVE" --db "host=$SOCK dbname=postgres user=$r" --review rls "$@"; }
psql_as() { psql -X -q -At -h "$SOCK" -U "$1" -d postgres -c "$2"; }
"$SIEVE" --db "$DB" --review rls init >/dev/null
"$SIEVE" --db "$DB" --review rls import pubmed "$T/s.xml" >/dev/null
expect_rc "team: add lead role" 0 "$SIEVE" --db "$DB" --review rls reviewers add lena --lead
expect_rc "team: add reviewer role alice" 0 "$SIEVE" --db "$DB" --review rls reviewers add alice
expect_rc "team: add reviewer role bert" 0 "$SIEVE" --db "$DB" --review rls reviewers add bert
check "roles created" test "$(psql_as postgres "SELECT count(*) FROM pg_roles WHERE rolname IN ('lena','alice','bert')")" = 3
expect_rc "alice decides as her role" 0 asrole alice decide $A include
expect_rc "bert decides as his role" 0 asrole bert decide $A exclude --note "secret note of bert"
expect_rc "alice may not decide as bert" 2 asrole alice decide $B include --reviewer bert
expect_rc "alice may not write a row for bert" 1 psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -U alice -d postgres -c "INSERT INTO rls.decision (record, stage, reviewer, verdict) SELECT id, 'title-abstract', 'bert', 'include' FROM rls.record LIMIT 1"
check "alice's decision table shows only hers" test "$(psql_as alice "SELECT string_agg(DISTINCT reviewer, ',') FROM rls.decision")" = alice
check "no query of alice finds bert's note" test "$(psql_as alice "SELECT count(*) FROM rls.decision WHERE note LIKE '%secret%'")" = 0
check "decision_current hides bert from alice" test "$(psql_as alice "SELECT count(*) FROM rls.decision_current WHERE reviewer = 'bert'")" = 0
check "status view reveals no conflict to alice" test "$(psql_as alice "SELECT count(*) FROM rls.record_stage_status WHERE status = 'conflict'")" = 0
check "the same record is a conflict for the lead" test "$(psql_as lena "SELECT count(*) FROM rls.record_stage_status WHERE status = 'conflict'")" = 1
expect_rc "alice's conflicts list is empty while blinded" 0 asrole alice conflicts
lacks "alice does not see bert's verdict" "$OUT" "bert"
expect_rc "alice cannot lift blinding" 1 asrole alice blind off
expect_rc "the lead lifts blinding" 0 asrole lena blind off
check "after unblinding alice sees bert's decision" test "$(psql_as alice "SELECT count(*) FROM rls.decision WHERE reviewer = 'bert'")" = 1

finish
