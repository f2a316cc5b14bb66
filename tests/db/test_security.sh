# SPDX-License-Identifier: GPL-3.0-or-later
# Who may read and write what (0008_security.sql): every command that prints
# decisions, extracted values or ratings, run as a blinded reviewer who is
# not a lead, shows nothing of another reviewer, on an embedded review (the
# client filters) and on a team server (the database does); reviewers write
# only their own rows; only leads resolve, record agreed values and the
# consensus, and change settings; the audit names the session's role; a
# forced overturn is recorded; re-adding a lead keeps them a lead; one
# reviewer's concurrent decisions on one record keep one linear history.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMPD
GEN=$BUILD/bench/gen_pubmed
"$GEN" 20 5 --pmid-base 42000000 >"$T/s.xml"
A=42000000 B=42000001 C=42000002 D=42000003

# extraction CSV: one measurement of study $1 with responders' mean $2, note $3
xcsv() {
	printf 'study,measurement,parameter,timepoint,unit,group,n,mean,sd,note\n'
	printf '%s,1,adc,baseline,x10^-3 mm^2/s,responders,12,%s,0.15,%s\n' "$1" "$2" "$3"
	printf '%s,1,adc,baseline,x10^-3 mm^2/s,non-responders,10,1.2,0.2,%s\n' "$1" "$3"
}

# ============================ embedded review =================================
R=$T/review
"$SIEVE" init "$R" --title "Security tests" >/dev/null || { bad "init"; finish; exit 1; }
cd "$R" || exit 1
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$R/.sieve" -U sieve -d sieve -c "SET search_path = review" -c "$1"; }
unset SIEVE_REVIEWER
"$SIEVE" import pubmed "$T/s.xml" >/dev/null
"$SIEVE" reviewers add lena --lead >/dev/null
"$SIEVE" reviewers add ann >/dev/null
"$SIEVE" reviewers add bob >/dev/null
"$SIEVE" reasons add "wrong population" >/dev/null
"$SIEVE" studies add "Koh 2007" >/dev/null
check "blinded by default" sh -c "'$SIEVE' settings | grep -q 'blinded: yes'"

"$SIEVE" decide $A include --reviewer ann --note "ann-secret-note" >/dev/null || bad "ann decides A"
"$SIEVE" decide $B exclude --reason "wrong population" --reviewer ann --note "ann-note-two" >/dev/null || bad "ann decides B"
"$SIEVE" decide $A exclude --reviewer bob --note "bob-own-note" >/dev/null || bad "bob decides A"
xcsv "Koh 2007" 1.777 ann-extract-note >"$T/ann.csv"
xcsv "Koh 2007" 1.333 bob-extract-note >"$T/bob.csv"
"$SIEVE" extract import "$T/ann.csv" --reviewer ann >/dev/null || bad "ann extracts"
"$SIEVE" extract import "$T/bob.csv" --reviewer bob >/dev/null || bad "bob extracts"
"$SIEVE" quadas set "Koh 2007" D1 --q 1.1=no --q 1.2=no --risk high --applicability low \
	--support "ann-support-text" --reviewer ann >/dev/null || bad "ann rates"
"$SIEVE" quadas set "Koh 2007" D1 --q 1.1=yes --q 1.2=yes --risk low --applicability low \
	--reviewer bob >/dev/null || bad "bob rates"

# The lead sees ann's rows: the checks below can fail.
expect_rc "lead: decisions export" 0 "$SIEVE" decisions export --csv --reviewer lena
contains "lead sees ann's note" "$OUT" "ann-secret-note"
expect_rc "lead: extract export" 0 "$SIEVE" extract export --csv --reviewer lena
contains "lead sees ann's values" "$OUT" "1.777"
expect_rc "lead: quadas export" 0 "$SIEVE" quadas export --csv --reviewer lena
contains "lead sees ann's support" "$OUT" "ann-support-text"
expect_rc "lead: conflicts" 0 "$SIEVE" conflicts --reviewer lena
contains "lead sees the conflict" "$OUT" "ann: include; bob: exclude"

# Every command that prints decisions, extraction or ratings, as bob.
# leak NAME: what bob saw names nothing of ann's.
leak() {
	lacks "$1: no ann" "$OUT$ERR" "ann"
	lacks "$1: no ann's value" "$OUT$ERR" "1.777"
	lacks "$1: no ann's support" "$OUT$ERR" "support-text"
}
blinded_bob() { # blinded_bob RC ARGS...: by --reviewer and by SIEVE_REVIEWER
	want=$1; shift
	expect_rc "bob (--reviewer): $*" "$want" "$SIEVE" "$@" --reviewer bob
	leak "bob (--reviewer): $*"
	expect_rc "bob (SIEVE_REVIEWER): $*" "$want" env SIEVE_REVIEWER=bob "$SIEVE" "$@"
	leak "bob (SIEVE_REVIEWER): $*"
}
blinded_bob 0 decisions export --csv
contains "bob's own decisions exported" "$OUT" "bob-own-note"
blinded_bob 0 conflicts
contains "no conflict shown to bob" "$OUT" "no conflicts"
contains "bob is told why he sees none" "$OUT" "only a lead sees them"
blinded_bob 1 agreement
contains "agreement refused while blinded" "$ERR" "only a lead sees agreement"
blinded_bob 0 extract show "Koh 2007"
contains "bob's own extraction" "$OUT" "1.333"
blinded_bob 0 extract compare
blinded_bob 0 extract export --csv
contains "bob's own export" "$OUT" "1.333"
blinded_bob 0 quadas show "Koh 2007"
blinded_bob 0 quadas consensus
blinded_bob 0 quadas report
blinded_bob 0 quadas report --csv
blinded_bob 0 quadas export --csv
expect_rc "bob: show a record" 0 env SIEVE_REVIEWER=bob "$SIEVE" show $A
leak "bob: show"
expect_rc "bob: status" 0 env SIEVE_REVIEWER=bob "$SIEVE" status
leak "bob: status"
# A retracted record that only ann included: status warns the lead and ann,
# and tells bob nothing of ann's verdict.
"$SIEVE" decide $C include --reviewer ann >/dev/null || bad "ann includes C"
q "UPDATE record SET retracted = true WHERE pmid = '$C'"
expect_rc "lead: status" 0 env SIEVE_REVIEWER=lena "$SIEVE" status
contains "lead: the retracted include is listed" "$OUT" "retracted but included"
expect_rc "ann: status" 0 env SIEVE_REVIEWER=ann "$SIEVE" status
contains "ann: her retracted include is listed" "$OUT" "$C"
expect_rc "bob: status after ann includes a retracted record" 0 env SIEVE_REVIEWER=bob "$SIEVE" status
lacks "bob: ann's retracted include is not listed" "$OUT" "$C"
expect_rc "bob: meta" 0 env SIEVE_REVIEWER=bob "$SIEVE" meta --csv
leak "bob: meta"
# A run the lead saved holds values bob may not see: bob's --diff compares
# only with his own runs.
for st in "Ann 2020" "Ann 2021"; do
	SIEVE_REVIEWER=lena "$SIEVE" studies add "$st" >/dev/null
	xcsv "$st" 1.777 ann-extract-note >"$T/annx.csv"
	"$SIEVE" extract import "$T/annx.csv" --reviewer ann >/dev/null || bad "ann extracts $st"
done
expect_rc "lead: meta saves a run with ann's values" 0 env SIEVE_REVIEWER=lena "$SIEVE" meta
contains "lead's run uses ann's values" "$OUT" "Ann 2020"
expect_rc "bob: meta --diff" 0 env SIEVE_REVIEWER=bob "$SIEVE" meta --diff
leak "bob: meta --diff"
contains "bob compares with his own earlier run, not the lead's" "$OUT" "Changes since run #1 "
expect_rc "lead: meta --diff" 0 env SIEVE_REVIEWER=lena "$SIEVE" meta --diff
contains "the lead compares with the lead's own run" "$OUT" "Ann 2020"
# Nobody named: the login name, not a reviewer, sees no one's decisions.
expect_rc "no reviewer: decisions export" 0 "$SIEVE" decisions export --csv
lacks "no reviewer: nobody's notes" "$OUT" "-note"
expect_rc "an unknown --reviewer is an error" 1 "$SIEVE" decisions export --csv --reviewer zed
contains "says who is unknown" "$ERR" "zed is not a reviewer"

# Writes: only one's own rows; agreed and consensus rows by leads.
expect_rc "bob may not record agreed values" 1 "$SIEVE" extract agree "Koh 2007" --use bob --reviewer bob
contains "says leads do" "$ERR" "only a lead records the agreed values"
xcsv "Koh 2007" 9.999 forged | sed 's/^Koh 2007,/Koh 2007,ann,/; 1s/^study,/study,extractor,/' >"$T/forged.csv"
expect_rc "bob may not import rows as ann" 1 "$SIEVE" extract import "$T/forged.csv" --reviewer bob
check "ann's values untouched" test "$(q "SELECT count(*) FROM group_stat WHERE mean = 9.999")" = 0
expect_rc "bob may not record the consensus" 1 "$SIEVE" quadas consensus "Koh 2007" --use bob --reviewer bob
expect_rc "the lead records agreed values" 0 "$SIEVE" extract agree "Koh 2007" --use ann --reviewer lena
expect_rc "the lead records the consensus" 0 "$SIEVE" quadas consensus "Koh 2007" --use ann --reviewer lena
expect_rc "bob sees the agreed values" 0 "$SIEVE" extract show "Koh 2007" --reviewer bob
contains "agreed values shown" "$OUT" "1.777"

# Settings: leads only.
expect_rc "bob may not change settings" 1 "$SIEVE" settings decisions title-abstract 1 --reviewer bob
contains "says leads do" "$ERR" "only a lead changes the settings"
expect_rc "a non-reviewer may not change settings" 1 "$SIEVE" settings maybe-conflict off
check "settings unchanged" test "$(q "SELECT required_ta || ' ' || maybe_conflicts FROM review")" = "2 true"
expect_rc "the database refuses bob's update too" 1 q "SELECT set_config('sieve.reviewer', 'bob', false); UPDATE review SET required_ta = 1"
expect_rc "the lead changes settings" 0 "$SIEVE" settings decisions full-text 1 --reviewer lena
check "setting stored" test "$(q "SELECT required_ft FROM review")" = 1

# Re-adding a lead does not demote them.
expect_rc "re-adding a lead" 0 "$SIEVE" reviewers add lena
contains "says already a reviewer" "$OUT" "lena is already a reviewer"
check "lena is still a lead" test "$(q "SELECT role FROM reviewer WHERE name = 'lena'")" = lead
expect_rc "--lead promotes a reviewer" 0 "$SIEVE" reviewers add bob --lead
contains "says promoted" "$OUT" "bob is now a lead"
q "UPDATE reviewer SET role = 'reviewer' WHERE name = 'bob'" >/dev/null

# Resolving against an agreed verdict needs --force, and is recorded.
"$SIEVE" decide $C include --reviewer ann >/dev/null && "$SIEVE" decide $C include --reviewer bob >/dev/null || bad "C agreed"
expect_rc "overturning an agreed include needs --force" 1 "$SIEVE" resolve $C exclude --reviewer lena
contains "asks for --force" "$ERR" "--force"
check "nothing recorded" test "$(q "SELECT count(*) FROM resolution r JOIN record c ON c.id = r.record WHERE c.pmid = '$C'")" = 0
expect_rc "with --force" 0 "$SIEVE" resolve $C exclude --reviewer lena --force
check "recorded as forced" test "$(q "SELECT forced FROM resolution r JOIN record c ON c.id = r.record WHERE c.pmid = '$C'")" = t
expect_rc "confirming the agreed verdict needs no --force" 0 "$SIEVE" resolve $C include --reviewer lena
check "not forced" test "$(q "SELECT forced FROM resolution r JOIN record c ON c.id = r.record WHERE c.pmid = '$C' ORDER BY r.id DESC LIMIT 1")" = f
expect_rc "bob may not resolve" 1 "$SIEVE" resolve $A include --reviewer bob
expect_rc "the database refuses a resolution by bob" 1 q "SELECT set_config('sieve.reviewer', 'bob', false); INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'include', 'lena' FROM record WHERE pmid = '$A'"

# The audit names the acting reviewer.
"$SIEVE" blind off --reviewer lena >/dev/null || bad "blind off"
check "audit actor is the lead" test "$(q "SELECT actor FROM audit WHERE action = 'blind' ORDER BY id DESC LIMIT 1")" = lena
"$SIEVE" blind on --reviewer lena >/dev/null || bad "blind on"

# One linear history: 20 decisions at once by one reviewer on one record.
i=0
while [ $i -lt 20 ]; do
	v=include; [ $((i % 2)) = 1 ] && v=exclude
	"$SIEVE" decide $D $v --reason "wrong population" --reviewer bob >/dev/null 2>"$T/par$i.err" &
	i=$((i + 1))
done
wait
check "20 decisions recorded" test "$(q "SELECT count(*) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '$D' AND reviewer = 'bob'")" = 20
check "every row's predecessor is unique" test "$(q "SELECT count(*) - count(DISTINCT coalesce(previous, 0)) FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '$D' AND reviewer = 'bob'")" = 0
check "each row follows the one before it" test "$(q "SELECT count(*) FROM (SELECT previous, lag(d.id) OVER (ORDER BY d.id) AS before FROM decision d JOIN record r ON r.id = d.record WHERE r.pmid = '$D' AND reviewer = 'bob') x WHERE previous IS DISTINCT FROM before")" = 0
n=0
while [ $n -lt 25 ]; do
	out=$("$SIEVE" undo $D --reviewer bob 2>&1)
	case $out in *"nothing to undo"*) break ;; esac
	n=$((n + 1))
done
check "undo walks back through all 20 ($n)" test "$n" = 20
"$SIEVE" db stop >/dev/null

# ============================ team server =====================================
DB=$SIEVE_TEST_DB
SOCK=$SIEVE_TEST_SOCKDIR
RV=sec
asrole() { r=$1; shift; "$SIEVE" --db "host=$SOCK dbname=postgres user=$r" --review $RV "$@"; }
psql_as() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$SOCK" -U "$1" -d postgres -c "SET search_path = $RV" -c "$2"; }
"$SIEVE" --db "$DB" --review $RV init >/dev/null || bad "team init"
"$SIEVE" --db "$DB" --review $RV import pubmed "$T/s.xml" >/dev/null
"$SIEVE" --db "$DB" --review $RV studies add "Koh 2007" >/dev/null
"$SIEVE" --db "$DB" --review $RV reasons add "wrong population" >/dev/null
expect_rc "team: add lead" 0 "$SIEVE" --db "$DB" --review $RV reviewers add seclead --lead
expect_rc "team: add alice" 0 "$SIEVE" --db "$DB" --review $RV reviewers add secalice
expect_rc "team: add bob" 0 "$SIEVE" --db "$DB" --review $RV reviewers add secbob
expect_rc "team: re-adding the lead" 0 "$SIEVE" --db "$DB" --review $RV reviewers add seclead
check "team: still a lead" test "$(psql_as postgres "SELECT role FROM reviewer WHERE name = 'seclead'")" = lead
expect_rc "team: the lead still changes settings" 0 asrole seclead settings decisions full-text 2

expect_rc "team: alice decides" 0 asrole secalice decide $A include --note "alice-secret-note"
expect_rc "team: bob decides" 0 asrole secbob decide $A exclude --reason "wrong population"
asrole secalice decide $C include >/dev/null && asrole seclead decide $C include >/dev/null || bad "team: C agreed"
check "team: the agreed verdict is hidden from blinded bob" test "$(psql_as secbob "SELECT coalesce(agreed_verdict(id, 'title-abstract')::text, 'none') FROM record WHERE pmid = '$C'")" = none
check "team: the lead sees it" test "$(psql_as seclead "SELECT agreed_verdict(id, 'title-abstract') FROM record WHERE pmid = '$C'")" = include
expect_rc "team: overturning needs --force" 1 asrole seclead resolve $C exclude
expect_rc "team: with --force" 0 asrole seclead resolve $C exclude --force
check "team: recorded as forced" test "$(psql_as seclead "SELECT forced FROM resolution r JOIN record c ON c.id = r.record WHERE c.pmid = '$C'")" = t
expect_rc "team: the database too refuses an unforced overturn" 1 psql_as seclead "INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'exclude', 'seclead' FROM record WHERE pmid = '$C'"
xcsv "Koh 2007" 1.777 alice-extract-note >"$T/alice.csv"
xcsv "Koh 2007" 1.333 bob-extract-note >"$T/bob.csv"
xcsv "Koh 2007" 1.555 lead-extract-note >"$T/lead.csv"
expect_rc "team: alice imports her extraction" 0 asrole secalice extract import "$T/alice.csv"
expect_rc "team: bob imports his extraction" 0 asrole secbob extract import "$T/bob.csv"
expect_rc "team: the lead imports hers" 0 asrole seclead extract import "$T/lead.csv"
expect_rc "team: alice rates" 0 asrole secalice quadas set "Koh 2007" D1 --q 1.1=no --q 1.2=no --risk high --applicability low --support "alice-support-text"
expect_rc "team: bob rates" 0 asrole secbob quadas set "Koh 2007" D1 --q 1.1=yes --q 1.2=yes --risk low --applicability low
expect_rc "team: the lead rates" 0 asrole seclead quadas set "Koh 2007" D1 --q 1.1=yes --q 1.2=yes --risk low --applicability low

# Every command as bob, blinded.
tleak() {
	lacks "$1: no alice" "$OUT$ERR" "alice"
	lacks "$1: no alice's value" "$OUT$ERR" "1.777"
}
tb() { expect_rc "team bob: $*" 0 asrole secbob "$@"; tleak "team bob: $*"; }
tb decisions export --csv
tb conflicts
tb extract show "Koh 2007"
tb extract compare
tb extract export --csv
contains "team: bob's own values" "$OUT" "1.333"
tb quadas show "Koh 2007"
tb quadas consensus
tb quadas report
tb quadas report --csv
tb quadas export --csv
tb status
tb show $A
expect_rc "team bob: agreement refused while blinded" 1 asrole secbob agreement
tleak "team bob: agreement"
expect_rc "team lead: extract export" 0 asrole seclead extract export --csv
contains "team lead sees alice's values" "$OUT" "1.777"
expect_rc "team lead: quadas export" 0 asrole seclead quadas export --csv
contains "team lead sees alice's support" "$OUT" "alice-support-text"

# psql as bob: row-level security hides alice's rows.
check "team: bob's SELECT finds no measurement of alice" test "$(psql_as secbob "SELECT count(*) FROM measurement WHERE extractor = 'secalice'")" = 0
check "team: bob's SELECT finds no value of alice" test "$(psql_as secbob "SELECT count(*) FROM group_stat WHERE mean = 1.777")" = 0
check "team: bob's SELECT finds no rating of alice" test "$(psql_as secbob "SELECT count(*) FROM quadas_rating WHERE rater = 'secalice'")" = 0
check "team: bob's SELECT finds no answer of alice" test "$(psql_as secbob "SELECT count(*) FROM quadas_answer a WHERE a.answer = 'no'")" = 0
check "team: the lead's SELECT finds them" test "$(psql_as seclead "SELECT count(*) FROM measurement WHERE extractor = 'secalice'")" = 1

# psql as bob: no writes in another's name.
expect_rc "team: bob may not INSERT a measurement as alice" 1 psql_as secbob "INSERT INTO measurement (study, extractor, name, parameter) SELECT id, 'secalice', 'x', 'adc' FROM study"
expect_rc "team: bob may not INSERT agreed values" 1 psql_as secbob "INSERT INTO measurement (study, extractor, name, parameter, agreed_by) SELECT id, 'agreed', 'x', 'adc', 'secbob' FROM study"
expect_rc "team: bob may not INSERT a rating as alice" 1 psql_as secbob "INSERT INTO quadas_rating (study, rater, domain, risk) SELECT id, 'secalice', 'D2', 'low' FROM study"
expect_rc "team: bob may not INSERT a consensus rating" 1 psql_as secbob "INSERT INTO quadas_rating (study, rater, domain, risk, agreed_by) SELECT id, 'consensus', 'D2', 'low', 'secbob' FROM study"
psql_as secbob "UPDATE group_stat SET mean = 9.5" >/dev/null 2>&1
psql_as secbob "UPDATE measurement SET note = 'overwritten' WHERE extractor <> 'secbob'" >/dev/null 2>&1
psql_as secbob "DELETE FROM quadas_rating WHERE rater <> 'secbob'" >/dev/null 2>&1
psql_as secbob "DELETE FROM measurement WHERE extractor <> 'secbob'" >/dev/null 2>&1
check "team: alice's values survive bob's UPDATE" test "$(psql_as seclead "SELECT count(*) FROM group_stat WHERE mean = 1.777")" = 1
check "team: the lead's values survive it" test "$(psql_as seclead "SELECT count(*) FROM group_stat WHERE mean = 1.555")" = 1
check "team: bob's UPDATE changed his own" test "$(psql_as seclead "SELECT count(*) FROM group_stat WHERE mean = 9.5")" = 2
check "team: no other note overwritten" test "$(psql_as seclead "SELECT count(*) FROM measurement WHERE note = 'overwritten'")" = 0
check "team: alice's rating survives bob's DELETE" test "$(psql_as seclead "SELECT count(*) FROM quadas_rating WHERE rater = 'secalice'")" = 1

# psql as bob: resolutions, the audit, records, settings.
expect_rc "team: bob may not INSERT a resolution by the lead" 1 psql_as secbob "INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'include', 'seclead' FROM record WHERE pmid = '$A'"
expect_rc "team: bob may not INSERT a resolution of his own" 1 psql_as secbob "INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'include', 'secbob' FROM record WHERE pmid = '$A'"
expect_rc "team: the lead INSERTs a resolution" 0 psql_as seclead "INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'include', 'seclead' FROM record WHERE pmid = '$A'"
expect_rc "team: the lead may not resolve as another" 1 psql_as seclead "INSERT INTO resolution (record, stage, verdict, resolver) SELECT id, 'title-abstract', 'include', 'secalice' FROM record WHERE pmid = '$A'"
psql_as secbob "INSERT INTO audit (actor, action) VALUES ('seclead', 'forged')" >/dev/null 2>&1
check "team: the audit's actor is bob's role" test "$(psql_as seclead "SELECT string_agg(actor, ',') FROM audit WHERE action = 'forged'")" = secbob
expect_rc "team: bob may not UPDATE needs_rescreen" 1 psql_as secbob "UPDATE record SET needs_rescreen = true"
expect_rc "team: bob may not UPDATE the settings" 1 psql_as secbob "UPDATE review SET required_ta = 1"
expect_rc "team: bob may not change settings with sieve" 1 asrole secbob settings decisions title-abstract 1
expect_rc "team: nor may the lead's reviewer impersonate by setting" 1 psql_as secbob "SELECT set_config('sieve.reviewer', 'seclead', false); UPDATE review SET required_ta = 1"
psql_as postgres "UPDATE record SET needs_rescreen = true WHERE pmid = '$B'" >/dev/null
expect_rc "team: bob decides a flagged record" 0 asrole secbob decide $B include
check "team: his decision clears the re-screen flag" test "$(psql_as postgres "SELECT needs_rescreen FROM record WHERE pmid = '$B'")" = f

# A login that is not a reviewer reads and writes nothing of the review.
psql_as postgres "DROP ROLE IF EXISTS secnobody; CREATE ROLE secnobody LOGIN" >/dev/null
expect_rc "team: a non-reviewer login cannot read decisions" 1 psql_as secnobody "SELECT count(*) FROM decision"
expect_rc "team: nor extraction" 1 psql_as secnobody "SELECT count(*) FROM measurement"
expect_rc "team: nor change settings" 1 psql_as secnobody "UPDATE review SET required_ta = 1"
expect_rc "team: nor with sieve" 1 asrole secnobody settings decisions title-abstract 1

# Agreed values and consensus: leads only.
expect_rc "team: bob may not agree extraction" 1 asrole secbob extract agree "Koh 2007" --use secbob
expect_rc "team: the lead agrees extraction" 0 asrole seclead extract agree "Koh 2007" --use secalice
expect_rc "team: the lead records the consensus" 0 asrole seclead quadas consensus "Koh 2007" --use secalice
check "team: consensus signed by the lead" test "$(psql_as postgres "SELECT DISTINCT agreed_by FROM quadas_rating WHERE rater = 'consensus'")" = seclead

# Unblinded, bob reads alice's rows but still cannot change them.
expect_rc "team: the lead lifts blinding" 0 asrole seclead blind off
check "team: unblinded bob reads alice's values" test "$(psql_as secbob "SELECT count(*) FROM measurement WHERE extractor = 'secalice'")" = 1
# (row-level security leaves them out of bob's UPDATE and DELETE)
check "team: unblinded bob's UPDATE of alice's rows changes none" test "$(psql_as secbob "WITH u AS (UPDATE measurement SET note = 'overwritten' WHERE extractor = 'secalice' RETURNING 1) SELECT count(*) FROM u")" = 0
check "team: unblinded bob's DELETE of alice's ratings deletes none" test "$(psql_as secbob "WITH u AS (DELETE FROM quadas_rating WHERE rater = 'secalice' RETURNING 1) SELECT count(*) FROM u")" = 0
check "team: alice's note intact" test "$(psql_as seclead "SELECT note FROM measurement WHERE extractor = 'secalice'")" = alice-extract-note
check "team: alice's rating intact" test "$(psql_as seclead "SELECT count(*) FROM quadas_rating WHERE rater = 'secalice'")" = 1

finish
