# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the sieve binary: embedded reviews, team server, errors.
# Run by tests/db/harness.sh (SIEVE, TMPD, SIEVE_TEST_DB, SIEVE_TEST_PSQL set).
. "$(dirname "$0")/../lib.sh"
set -u
PSQL=$SIEVE_TEST_PSQL
T=$TMPD

# --- help and usage ---------------------------------------------------------
expect_rc "help exits 0" 0 "$SIEVE" help
contains "help lists init" "$OUT" "init"
contains "help lists db" "$OUT" "db"
expect_rc "help init" 0 "$SIEVE" help init
contains "help init shows usage" "$OUT" "usage: sieve init"
expect_rc "init --help" 0 "$SIEVE" init --help
contains "init --help shows usage" "$OUT" "--title"
expect_rc "db --help" 0 "$SIEVE" db --help
contains "db --help names stop" "$OUT" "sieve db stop"
expect_rc "no command is a usage error" 2 "$SIEVE"
expect_rc "unknown command exits 2" 2 "$SIEVE" frobnicate
one_line "unknown command: one line" "$ERR"
expect_rc "unknown global flag exits 2" 2 "$SIEVE" --bogus status
one_line "unknown flag: one line" "$ERR"
contains "unknown flag named" "$ERR" "--bogus"
expect_rc "unknown init flag exits 2" 2 "$SIEVE" init --nope "$T/x"
expect_rc "--db without value exits 2" 2 "$SIEVE" --db
expect_rc "db without subcommand exits 2" 2 "$SIEVE" db
expect_rc "db bad subcommand exits 2" 2 "$SIEVE" db frob
check "usage errors create nothing" test ! -e "$T/x"

# --- not a review -----------------------------------------------------------
mkdir -p "$T/empty"
cd "$T/empty" || exit 1
expect_rc "status outside a review exits 1" 1 "$SIEVE" status
contains "says it is not a review" "$ERR" "not inside a sieve review"
contains "says what to do" "$ERR" "sieve init"
one_line "not a review: one line" "$ERR"
expect_rc "db stop outside a review exits 1" 1 "$SIEVE" db stop

# --- embedded review --------------------------------------------------------
R1=$T/reviews/crc-dwi
expect_rc "init embedded review" 0 "$SIEVE" init "$R1" --title "DWI for CRC liver metastases response"
contains "init names the folder" "$OUT" "$R1"
check "cluster in DIR/.sieve/pgdata" test -f "$R1/.sieve/pgdata/PG_VERSION"
check "socket inside DIR/.sieve" test -S "$R1/.sieve/.s.PGSQL.5432"
check "no TCP listener configured" grep -q "^listen_addresses = ''" "$R1/.sieve/pgdata/postgresql.conf"
# postmaster.pid line 6 is the listen address the running server uses.
listen=$(sed -n 6p "$R1/.sieve/pgdata/postmaster.pid")
if [ -z "$listen" ]; then ok "running server listens on no TCP address"; else
	bad "running server listens on no TCP address" "listen: $listen"; fi
cd "$R1" || exit 1
expect_rc "status in the review" 0 "$SIEVE" status
contains "status shows the title" "$OUT" "DWI for CRC liver metastases response"
contains "status shows embedded" "$OUT" "embedded"
mkdir -p "$R1/papers/full-text"
cd "$R1/papers/full-text" || exit 1
expect_rc "status found from a subfolder" 0 "$SIEVE" status
contains "subfolder status shows the title" "$OUT" "DWI for CRC"
expect_rc "db status" 0 "$SIEVE" db status
contains "db status: running" "$OUT" "running"
# the highest migration number (numbers may have gaps while branches merge)
known=$(ls "$(dirname "$0")/../../schema/migrations/"*.sql | sed 's|.*/||; s|_.*||' | sort -n | tail -n 1 | sed 's/^0*//')
contains "db status: schema version" "$OUT" "schema:     version $known (this sieve knows $known)"
expect_rc "db migrate is a no-op" 0 "$SIEVE" db migrate
contains "db migrate applied none" "$OUT" "0 migrations applied"
expect_rc "db migrate twice" 0 "$SIEVE" db migrate
expect_rc "db stop" 0 "$SIEVE" db stop
contains "db stop says stopped" "$OUT" "stopped"
check "server gone after stop" test ! -e "$R1/.sieve/pgdata/postmaster.pid"
expect_rc "db status when stopped" 0 "$SIEVE" db status
contains "db status: stopped" "$OUT" "stopped"
expect_rc "db stop when stopped" 0 "$SIEVE" db stop
contains "db stop: not running" "$OUT" "not running"
expect_rc "status starts the server on demand" 0 "$SIEVE" status
contains "on-demand status shows title" "$OUT" "DWI for CRC"
check "server running again" test -f "$R1/.sieve/pgdata/postmaster.pid"
expect_rc "db start when running" 0 "$SIEVE" db start
contains "db start: already running" "$OUT" "already running"
"$SIEVE" db stop >/dev/null
expect_rc "db start" 0 "$SIEVE" db start
contains "db start: started" "$OUT" "started"

expect_rc "init over an existing review exits 1" 1 "$SIEVE" init "$R1"
contains "existing review named" "$ERR" "already a sieve review"
check "existing review untouched" test -f "$R1/.sieve/pgdata/PG_VERSION"
cd "$R1" && expect_rc "existing review still works" 0 "$SIEVE" status

# --- two reviews side by side -------------------------------------------------
R2=$T/reviews/second
expect_rc "init a second review" 0 "$SIEVE" init "$R2" --title "Second review"
cd "$R2" || exit 1
expect_rc "second review status" 0 "$SIEVE" status
contains "second shows its title" "$OUT" "Second review"
cd "$R1" || exit 1
expect_rc "first review still running" 0 "$SIEVE" status
contains "first shows its title" "$OUT" "DWI for CRC"
p1=$(head -n 1 "$R1/.sieve/pgdata/postmaster.pid"); p2=$(head -n 1 "$R2/.sieve/pgdata/postmaster.pid")
if [ -n "$p1" ] && [ -n "$p2" ] && [ "$p1" != "$p2" ] && kill -0 "$p1" && kill -0 "$p2"; then
	ok "two servers run side by side"; else bad "two servers run side by side" "$p1 $p2"; fi
# the default title is the folder name
expect_rc "init with default title" 0 "$SIEVE" init "$T/reviews/default-title"
cd "$T/reviews/default-title" && "$SIEVE" status >"$T/o" 2>&1
contains "default title is the folder name" "$(cat "$T/o")" "default-title"
"$SIEVE" db stop >/dev/null

# --- root: the server runs unprivileged --------------------------------------
if [ "$(id -u)" = 0 ]; then
	owner=$(stat -c %U "$R1/.sieve/pgdata")
	if [ "$owner" != root ]; then ok "cluster files not owned by root ($owner)"; else
		bad "cluster files not owned by root"; fi
	user=$(ps -o user= -p "$p1" | tr -d ' ')
	if [ -n "$user" ] && [ "$user" != root ]; then ok "server runs as $user, not root"; else
		bad "server runs unprivileged" "user=$user"; fi
	mkdir -m 700 "$T/private"
	RP=$T/private/reviews/crc-dwi
	expect_rc "init inside a root-only folder" 0 "$SIEVE" init "$RP" --title Private
	cd "$RP" || exit 1
	expect_rc "status inside a root-only folder" 0 "$SIEVE" status
	contains "root-only review works" "$OUT" "Private"
	expect_rc "stop inside a root-only folder" 0 "$SIEVE" db stop
	expect_rc "restart on demand inside a root-only folder" 0 "$SIEVE" status
	"$SIEVE" db stop >/dev/null
	# long paths go through a descriptor (Unix socket paths are short)
	LONG=$T/$(printf 'very-long-folder-name-%s/' 1 2 3 4)review
	expect_rc "init in a folder with a long path" 0 "$SIEVE" init "$LONG"
	cd "$LONG" && expect_rc "status with a long path" 0 "$SIEVE" status
	"$SIEVE" db stop >/dev/null
else
	echo "# not root: skipping the unprivileged-server checks"
fi

# --- failed init leaves nothing behind ---------------------------------------
cd "$T" || exit 1
expect_rc "init with no PostgreSQL programs fails" 1 env SIEVE_PG_BINDIR=/nonexistent "$SIEVE" init "$T/failed/one"
one_line "failed init: one line" "$ERR"
check "failed init removed the folders it made" test ! -e "$T/failed"
mkdir "$T/existing"; echo keep >"$T/existing/notes.txt"
expect_rc "failed init in an existing folder" 1 env SIEVE_PG_BINDIR=/nonexistent "$SIEVE" init "$T/existing"
check "existing folder kept" test -f "$T/existing/notes.txt"
check "no .sieve left behind" test ! -e "$T/existing/.sieve"
echo x >"$T/afile"
expect_rc "init on a file exits 1" 1 "$SIEVE" init "$T/afile"

# --- embedded server that cannot start ---------------------------------------
R3=$T/reviews/broken
"$SIEVE" init "$R3" >/dev/null 2>&1 && (cd "$R3" && "$SIEVE" db stop >/dev/null)
echo "this is not = valid config ((" >>"$R3/.sieve/pgdata/postgresql.conf"
cd "$R3" || exit 1
expect_rc "server that cannot start exits 3" 3 "$SIEVE" status
contains "names the log" "$ERR" "server.log"
one_line "cannot start: one line" "$ERR"
# the error quotes what this attempt logged, not an older line
echo "2020-01-01 00:00:00 UTC [1] FATAL:  an old failure from last year" >>"$R3/.sieve/server.log"
expect_rc "server that cannot start, again" 3 "$SIEVE" status
lacks "start error does not quote an old log line" "$ERR" "old failure"
contains "start error quotes this attempt's log" "$ERR" "postgresql.conf"
# a start attempt that logs nothing does not quote the old line either
FAKEBIN=$(mktemp -d /tmp/sieve-fakebin.XXXXXX); chmod 755 "$FAKEBIN"
printf '#!/bin/sh\nexit 1\n' >"$FAKEBIN/postgres"; chmod 755 "$FAKEBIN/postgres"
t0=$(date +%s)
expect_rc "silent failed start exits 3" 3 env SIEVE_PG_BINDIR="$FAKEBIN" "$SIEVE" status
lacks "silent failed start: no old log line" "$ERR" "old failure"
contains "silent failed start: says the log is empty" "$ERR" "no message in the log"
if [ $(($(date +%s) - t0)) -lt 10 ]; then ok "silent failed start: quick"; else
	bad "silent failed start: quick" "$(($(date +%s) - t0)) s"; fi
rm -rf "$FAKEBIN"
cd "$T" || exit 1

# --- the server is identified by its data folder, not by a pid ----------------
# seconds since the epoch, with a fraction: elapsed times must stay well under
# the 60 s start timeout
now() { date +%s.%N; }
fast() { # fast NAME START: passes when less than 10 s passed since START
	if awk -v a="$2" -v b="$(now)" 'BEGIN { exit !(b - a < 10) }'; then ok "$1"; else
		bad "$1" "took $(awk -v a="$2" -v b="$(now)" 'BEGIN { print b - a }') s"; fi
}
cd "$R1" && "$SIEVE" db start >/dev/null
porig=$(head -n 1 "$R1/.sieve/pgdata/postmaster.pid")
RC1=$T/reviews/copy
cp -a "$R1" "$RC1"
cd "$RC1" || exit 1
t0=$(now)
expect_rc "copy: db status" 0 "$SIEVE" db status
contains "copy: its own server is not running" "$OUT" "stopped"
lacks "copy: does not claim the original's pid" "$OUT" "pid $porig"
expect_rc "copy: db stop" 0 "$SIEVE" db stop
contains "copy: nothing to stop" "$OUT" "not running"
check "copy: db stop left the original's server running" kill -0 "$porig"
expect_rc "copy: a command starts the copy's own server" 0 "$SIEVE" status
contains "copy: sees the copied review" "$OUT" "DWI for CRC"
fast "copy: status, stop and start took seconds, not a timeout" "$t0"
pcopy=$(head -n 1 "$RC1/.sieve/pgdata/postmaster.pid")
if [ -n "$pcopy" ] && [ "$pcopy" != "$porig" ] && kill -0 "$pcopy"; then ok "copy runs its own server"
else bad "copy runs its own server" "copy $pcopy, original $porig"; fi
expect_rc "copy: db stop stops the copy's server" 0 "$SIEVE" db stop
contains "copy: stopped" "$OUT" "stopped the database server"
check "copy: the original still runs" kill -0 "$porig"
cd "$R1" && expect_rc "original still answers" 0 "$SIEVE" status
contains "original still shows its title" "$OUT" "DWI for CRC"
"$SIEVE" db stop >/dev/null
# a postmaster.pid naming an unrelated live process (pid reuse after a crash)
sleep 300 & sp=$!
echo "$sp" >"$R1/.sieve/pgdata/postmaster.pid"
t0=$(now)
expect_rc "foreign pid: db status" 0 "$SIEVE" db status
contains "foreign pid: not taken as a running server" "$OUT" "stopped"
expect_rc "foreign pid: db stop" 0 "$SIEVE" db stop
contains "foreign pid: nothing to stop" "$OUT" "not running"
expect_rc "foreign pid: a command starts the server" 0 "$SIEVE" status
fast "foreign pid: took seconds" "$t0"
check "foreign pid: the unrelated process was not signalled" kill -0 "$sp"
kill "$sp"; wait "$sp" 2>/dev/null
"$SIEVE" db stop >/dev/null
# a postmaster.pid naming a zombie (a child its parent never reaps)
sh -c 'sleep 0 & echo $! >"$1"; exec sleep 300' sh "$T/zpid" & zp=$!
i=0; while [ $i -lt 100 ]; do i=$((i + 1))  # up to 20 s on a loaded machine
	z=$(cat "$T/zpid" 2>/dev/null)
	[ -n "$z" ] && [ "$(awk '{print $3}' "/proc/$z/stat" 2>/dev/null)" = Z ] && break
	sleep 0.2
done
if [ "$(awk '{print $3}' "/proc/$z/stat" 2>/dev/null)" = Z ]; then ok "made a zombie ($z)"; else
	bad "made a zombie" "state of $z: $(cat "/proc/$z/stat" 2>&1)"; fi
echo "$z" >"$R1/.sieve/pgdata/postmaster.pid"
t0=$(now)
expect_rc "zombie pid: db status" 0 "$SIEVE" db status
contains "zombie pid: not taken as a running server" "$OUT" "stopped"
expect_rc "zombie pid: a command starts the server" 0 "$SIEVE" status
fast "zombie pid: took seconds" "$t0"
kill "$zp"; wait "$zp" 2>/dev/null
"$SIEVE" db stop >/dev/null
cd "$T" || exit 1

# --- team server ---------------------------------------------------------------
DB=$SIEVE_TEST_DB
expect_rc "team init alpha" 0 "$SIEVE" --db "$DB" --review alpha init --title "Alpha review"
contains "team init names schema" "$OUT" "alpha"
expect_rc "team init beta" 0 "$SIEVE" --db "$DB" --review beta init --title "Beta review"
expect_rc "team status alpha" 0 "$SIEVE" --db "$DB" --review alpha status
contains "alpha sees its title" "$OUT" "Alpha review"
lacks "alpha does not see beta" "$OUT" "Beta"
expect_rc "team status beta via SIEVE_DB/SIEVE_REVIEW" 0 env SIEVE_DB="$DB" SIEVE_REVIEW=beta "$SIEVE" status
contains "beta sees its title" "$OUT" "Beta review"
expect_rc "team status via PG* variables" 0 env PGHOST="$SIEVE_TEST_SOCKDIR" PGUSER=postgres PGDATABASE=postgres "$SIEVE" --review alpha status
contains "PG* variables reach alpha" "$OUT" "Alpha review"
$PSQL -c "INSERT INTO alpha.reviewer (name) VALUES ('ann')"
n_beta=$($PSQL -At -c "SELECT count(*) FROM beta.reviewer")
if [ "$n_beta" = 0 ]; then ok "reviews are separate schemas"; else bad "reviews are separate schemas" "$n_beta"; fi
expect_rc "team status after data" 0 "$SIEVE" --db "$DB" --review alpha status
contains "alpha counts its reviewer" "$OUT" "reviewers:  1"
expect_rc "team init twice exits 1" 1 "$SIEVE" --db "$DB" --review alpha init
contains "already exists" "$ERR" "already exists"
expect_rc "team without --review exits 2" 2 "$SIEVE" --db "$DB" status
contains "asks for --review" "$ERR" "--review"
expect_rc "team bad review name exits 2" 2 "$SIEVE" --db "$DB" --review 'x"; drop' init
expect_rc "team unknown review exits 1" 1 "$SIEVE" --db "$DB" --review gamma status
contains "unknown review named" "$ERR" "no review \"gamma\""
expect_rc "team db start refused" 1 "$SIEVE" --db "$DB" --review alpha db start
expect_rc "team db status" 0 "$SIEVE" --db "$DB" --review alpha db status
contains "team db status shows version" "$OUT" "version $known (this sieve knows $known)"
expect_rc "team init with a DIR is a usage error" 2 "$SIEVE" --db "$DB" --review delta init "$T/d"
expect_rc "--review without --db is a usage error" 2 "$SIEVE" --review delta init "$T/d"
check "no schema left by usage errors" test "$($PSQL -At -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'delta'")" = 0

# --- unreachable and bad connection strings --------------------------------------
expect_rc "unreachable server exits 3" 3 "$SIEVE" --db "host=$T/nowhere dbname=x" --review alpha status
one_line "unreachable: one line" "$ERR"
contains "unreachable says so" "$ERR" "cannot reach"
expect_rc "bad CONNINFO exits 2" 2 "$SIEVE" --db "this is not a conninfo" --review alpha status
one_line "bad conninfo: one line" "$ERR"
expect_rc "unknown conninfo key exits 2" 2 "$SIEVE" --db "hots=x" --review alpha status

# --- concurrent migrations and inits ------------------------------------------
"$SIEVE" --db "$DB" --review alpha db migrate >"$T/m1" 2>&1 & a=$!
"$SIEVE" --db "$DB" --review alpha db migrate >"$T/m2" 2>&1 & b=$!
wait $a; ra=$?; wait $b; rb=$?
if [ $ra = 0 ] && [ $rb = 0 ]; then ok "concurrent db migrate both succeed"; else
	bad "concurrent db migrate" "$(cat "$T/m1" "$T/m2")"; fi
"$SIEVE" --db "$DB" --review epsilon init >"$T/i1" 2>&1 & a=$!
"$SIEVE" --db "$DB" --review epsilon init >"$T/i2" 2>&1 & b=$!
wait $a; ra=$?; wait $b; rb=$?
if [ $((ra + rb)) = 1 ]; then ok "concurrent init: exactly one wins"; else
	bad "concurrent init: exactly one wins" "rc $ra $rb: $(cat "$T/i1" "$T/i2")"; fi
expect_rc "the winner's review works" 0 "$SIEVE" --db "$DB" --review epsilon status

# --- stored text with control characters: escaped on a terminal only ----------
# XML 1.0 refuses &#27; (ESC), but a C1 control such as U+009B (CSI) is a
# legal character reference and comes in through the importer; ESC is put in
# with SQL, as another client or an older import could have.
SHARED=$(cd "$(dirname "$0")/../../../shared/data" 2>/dev/null && pwd)
sed 's|<ArticleTitle>Inhaled|<ArticleTitle>\&#155;31mInhaled|' \
	"$SHARED/pubmed/pubmed-29768149.xml" >"$T/c1.xml"
expect_rc "import a title with a C1 control" 0 "$SIEVE" --db "$DB" --review alpha import pubmed "$T/c1.xml" --query 'evil[ti]'
$PSQL -c "UPDATE alpha.record_version SET abstract_json = jsonb_build_object('sections',
	jsonb_build_array(jsonb_build_object('text', E'Abstract \\x1b]0;owned\\x07 here')))::json" \
	-c "UPDATE alpha.review SET title = E'Alpha \\x1b[2J review'" \
	-c "UPDATE alpha.search SET query = E'evil\\x1b[31m[ti]'"
SV="'$SIEVE' --db '$DB' --review alpha"  # a command line for script -c
if command -v script >/dev/null 2>&1; then
	# under a pseudo-terminal
	script -qec "$SV show 29768149" /dev/null >"$T/tty.out" 2>&1
	tty_out=$(cat "$T/tty.out")
	contains "show on a terminal: C1 control escaped" "$tty_out" '\u009b31mInhaled'
	contains "show on a terminal: ESC escaped" "$tty_out" 'Abstract \x1b]0;owned\x07 here'
	if grep -q "$(printf '\033')" "$T/tty.out"; then bad "show on a terminal: no raw ESC"; else
		ok "show on a terminal: no raw ESC"; fi
	if grep -q "$(printf '\302\233')" "$T/tty.out"; then bad "show on a terminal: no raw CSI"; else
		ok "show on a terminal: no raw CSI"; fi
	script -qec "$SV show 29768149 --raw" /dev/null >"$T/tty.out" 2>&1
	contains "show --raw on a terminal: escaped" "$(cat "$T/tty.out")" '\u009b31mInhaled'
	script -qec "$SV status" /dev/null >"$T/tty.out" 2>&1
	contains "status on a terminal: title escaped" "$(cat "$T/tty.out")" 'Alpha \x1b[2J review'
	script -qec "$SV searches" /dev/null >"$T/tty.out" 2>&1
	contains "searches on a terminal: query escaped" "$(cat "$T/tty.out")" 'evil\x1b[31m[ti]'
	# conflicts, quadas and extract print stored titles and labels too
	E=$T/esc-review
	"$SIEVE" init "$E" >/dev/null && (cd "$E" &&
		"$SIEVE" import pubmed "$T/c1.xml" >/dev/null &&
		"$SIEVE" reviewers add ann --lead >/dev/null && "$SIEVE" reviewers add bob >/dev/null &&
		"$SIEVE" decide 29768149 include --reviewer ann >/dev/null &&
		"$SIEVE" decide 29768149 exclude --reviewer bob >/dev/null &&
		SIEVE_REVIEWER=ann "$SIEVE" studies add "$(printf 'Esc\033[2J 2020')" >/dev/null)
	script -qec "cd '$E' && '$SIEVE' conflicts --reviewer ann" /dev/null >"$T/tty.out" 2>&1
	contains "conflicts on a terminal: title escaped" "$(cat "$T/tty.out")" '\u009b31mInhaled'
	script -qec "cd '$E' && '$SIEVE' extract template" /dev/null >"$T/tty.out" 2>&1
	contains "CSV on a terminal: label escaped" "$(cat "$T/tty.out")" 'Esc\x1b[2J 2020'
	(cd "$E" && "$SIEVE" extract template >"$T/tmpl.csv")
	check "CSV to a file: label kept as stored" grep -q "$(printf 'Esc\033')" "$T/tmpl.csv"
	script -qec "cd '$E' && '$SIEVE' studies" /dev/null >"$T/tty.out" 2>&1
	contains "studies on a terminal: label escaped" "$(cat "$T/tty.out")" 'Esc\x1b[2J 2020'
	if grep -q "$(printf '\033')\[2J" "$T/tty.out"; then bad "studies on a terminal: no raw ESC"; else
		ok "studies on a terminal: no raw ESC"; fi
	(cd "$E" && "$SIEVE" db stop >/dev/null 2>&1)
else
	echo "# script (util-linux) not installed: skipping the terminal checks"
fi
# piped: exactly as stored
"$SIEVE" --db "$DB" --review alpha show 29768149 >"$T/pipe.out" 2>&1
check "show piped: ESC kept" grep -q "$(printf 'Abstract \033]0;owned\007 here')" "$T/pipe.out"
check "show piped: CSI kept" grep -q "$(printf '\302\23331mInhaled')" "$T/pipe.out"
"$SIEVE" --db "$DB" --review alpha status >"$T/pipe.out" 2>&1
check "status piped: ESC kept" grep -q "$(printf 'Alpha \033\[2J review')" "$T/pipe.out"
$PSQL -c "UPDATE alpha.review SET title = 'Alpha review'"

# --- schema versions: newer or changed migrations are refused -------------------
$PSQL -c "INSERT INTO beta.schema_migrations (version, name, sha256) VALUES (9999, 'future', 'x')"
expect_rc "schema newer than the binary exits 1" 1 "$SIEVE" --db "$DB" --review beta status
contains "says newer" "$ERR" "newer than this sieve"
one_line "newer: one line" "$ERR"
expect_rc "db migrate refuses a newer schema" 1 "$SIEVE" --db "$DB" --review beta db migrate
$PSQL -c "DELETE FROM beta.schema_migrations WHERE version = 9999"
$PSQL -c "UPDATE beta.schema_migrations SET sha256 = repeat('0', 64) WHERE version = 1"
expect_rc "changed migration exits 1" 1 "$SIEVE" --db "$DB" --review beta status
contains "says changed" "$ERR" "changed after it was applied"
expect_rc "db migrate refuses a changed migration" 1 "$SIEVE" --db "$DB" --review beta db migrate
# embedded reviews are checked the same way
cd "$R2" || exit 1
"$SIEVE" status >/dev/null
psql -X -q -h "$R2/.sieve" -U sieve -d sieve -c "INSERT INTO review.schema_migrations (version, name, sha256) VALUES (9999, 'future', 'x')"
expect_rc "embedded: newer schema exits 1" 1 "$SIEVE" status
contains "embedded: says newer" "$ERR" "newer than this sieve"
"$SIEVE" db stop >/dev/null
cd "$R1" && "$SIEVE" db stop >/dev/null

finish
