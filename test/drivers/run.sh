#!/usr/bin/env bash
# Check what the drivers BI tools use get from the spm views: psycopg2,
# PgJDBC and psqlODBC, each logged in over TCP on 127.0.0.1 as the manager
# regress_vera with a password (scram-sha-256), on the org of
# test/fixtures/org.sql.
#
#   bash test/drivers/run.sh
#
# For every view of schema spm, each driver must report the catalog's
# columns, return every value as its native type (Decimal, BigDecimal and so
# on) and give the same value psql prints as text.  Prints "ok"/"not ok" per
# test, "skip" for a driver that is not installed (test/deps.sh test installs
# them all), then a "N passed, N failed" line.
set -u
cd "$(dirname "$0")/../.." || exit 1
. test/lib/cluster.sh

# Debian's python3, which has the Debian packages of psycopg2 and pyodbc
# (the python3 on PATH may be another one).
py=/usr/bin/python3
jar=/usr/share/java/postgresql.jar
as_of=2025-11-15

passed=0
failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/spm-drivers.XXXXXX")
trap 'cluster_stop; rm -rf "$work"' EXIT

result() {
	# result ok|"not ok" MESSAGE: print one test's line and count it
	echo "$1 - $2"
	if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# A free port on loopback: the kernel picks one for a socket we close again.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

if ! SPM_CLUSTER_AUTH_HOST=scram-sha-256 cluster_start drivers listen_addresses=127.0.0.1 \
	"port=$port" password_encryption=scram-sha-256 >/dev/null; then
	result "not ok" "drivers: the cluster did not start"
	finish
fi
# Setting spm.as_of on the role gives every session of the drivers the report date.
if ! { psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE spm_drivers" &&
	psql -X -q -v ON_ERROR_STOP=1 -d spm_drivers -c "CREATE EXTENSION spm" -f test/fixtures/org.sql &&
	psql -X -q -v ON_ERROR_STOP=1 -d spm_drivers -v "password=$password" -v "as_of=$as_of" <<-'EOF'
		ALTER ROLE regress_vera PASSWORD :'password';
		ALTER ROLE regress_vera IN DATABASE spm_drivers SET spm.as_of = :'as_of';
	EOF
} >/dev/null; then
	result "not ok" "drivers: could not set up database spm_drivers"
	finish
fi

verifier=$(psql -X -At -d spm_drivers -c "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'regress_vera'")
# From here on every client, psql included, logs in over TCP as the manager.
export PGHOST=127.0.0.1 PGUSER=regress_vera PGDATABASE=spm_drivers PGPASSWORD=$password
if PGPASSWORD=wrong psql -X -At -c "SELECT 1" >/dev/null 2>&1; then
	result "not ok" "TCP login with a wrong password was let in"
elif [ "$verifier" != 'SCRAM-SHA-256$' ]; then
	result "not ok" "regress_vera's password is stored as '$verifier...', not as a SCRAM verifier"
else
	result ok "TCP logins need regress_vera's password (scram-sha-256)"
fi

# What the drivers must match: the columns of each view from the catalog, the
# query, and psql's text of its rows (see test/drivers/common.py).
views="$work/views"
mkdir "$views"
for v in $(psql -X -At -c "SELECT relname FROM pg_class WHERE relnamespace = 'spm'::regnamespace AND relkind = 'v' ORDER BY 1"); do
	psql -X -At -F $'\t' -c "SELECT a.attname, t.typname, t.oid FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
		WHERE a.attrelid = 'spm.$v'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum" >"$views/$v.columns"
	echo "SELECT * FROM spm.$v ORDER BY $(seq -s , 1 "$(wc -l <"$views/$v.columns")")" >"$views/$v.sql"
	if ! psql -X -At -z -0 -P 'null=\N' -v ON_ERROR_STOP=1 -f "$views/$v.sql" >"$views/$v.rows"; then
		result "not ok" "psql: spm.$v"
		rm "$views/$v.sql"
	fi
done

check() {
	# check DRIVER COMMAND...: run one driver's check on the views, print its
	# lines and count its tests; a check that fails without saying so counts
	# as one failure
	local driver=$1 out rc ok bad
	shift
	out=$("$@" "$views" 2>&1)
	rc=$?
	echo "$out"
	ok=$(grep -c '^ok ' <<<"$out")
	bad=$(grep -c '^not ok ' <<<"$out")
	if [ "$bad" -eq 0 ] && { [ "$rc" -ne 0 ] || [ "$ok" -eq 0 ]; }; then
		echo "not ok - $driver: the check exited with status $rc after $ok tests"
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
}

if [ ! -x "$py" ] || ! "$py" -c 'import psycopg2' 2>/dev/null; then
	echo "skip - psycopg2: $py cannot import psycopg2 (Debian package python3-psycopg2)"
else
	check psycopg2 "$py" test/drivers/check_psycopg2.py
fi

if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
	echo "skip - PgJDBC: no javac and java (Debian package default-jdk-headless)"
elif [ ! -r "$jar" ]; then
	echo "skip - PgJDBC: no $jar (Debian package libpostgresql-jdbc-java)"
elif ! javac -J-XX:-UsePerfData -d "$work/classes" test/drivers/CheckJdbc.java >"$work/javac.log" 2>&1; then
	result "not ok" "PgJDBC: CheckJdbc.java does not compile"
	sed 's/^/#   /' "$work/javac.log"
else
	check PgJDBC java -XX:-UsePerfData -cp "$work/classes:$jar" CheckJdbc
fi

# Debian's /etc/odbcinst.ini turns on psqlODBC's communication log, which then
# leaves a file in /tmp for every process, whatever the connection string says.
# The check reads a copy of it with the log off.
mkdir "$work/odbc"
[ ! -r /etc/odbcinst.ini ] || sed 's/^CommLog=.*/CommLog=0/' /etc/odbcinst.ini >"$work/odbc/odbcinst.ini"
export ODBCSYSINI="$work/odbc"
if [ ! -x "$py" ] || ! "$py" -c 'import pyodbc' 2>/dev/null; then
	echo "skip - psqlODBC: $py cannot import pyodbc (Debian package python3-pyodbc)"
elif ! "$py" -c 'import pyodbc, sys; sys.exit("PostgreSQL Unicode" not in pyodbc.drivers())'; then
	echo "skip - psqlODBC: no ODBC driver \"PostgreSQL Unicode\" in /etc/odbcinst.ini (Debian package odbc-postgresql)"
else
	check psqlODBC "$py" test/drivers/check_odbc.py
fi

finish
