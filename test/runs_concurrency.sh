#!/usr/bin/env bash
# Two concurrent runs of one period (src/runs/runs.sql): session A
# calculates and keeps its transaction open; session B calculates the same
# period and must wait for A (a lock wait in pg_stat_activity and an
# ungranted lock in pg_locks); once A commits, B writes no line, and the
# ledger holds exactly what one run writes.
#
#   bash test/runs_concurrency.sh      (against the cluster of PGHOST etc.)
#
# Prints "ok"/"not ok" lines and a final "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.."

. test/lib/check.sh

db=spm_runs_concurrency
work=$(mktemp -d)
a_pid=
b_pid=
cleanup() {
	exec 3>&- 2>/dev/null
	[ -n "$a_pid" ] && kill "$a_pid" 2>/dev/null
	[ -n "$b_pid" ] && kill "$b_pid" 2>/dev/null
	wait 2>/dev/null
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

q() { psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -c "$1"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION spm" -f test/fixtures/org.sql >/dev/null 2>&1
check "sample organisation loaded" $?
period="'[2025-10-01,2026-01-01)'"
# The pay run exists already (committed), so that B's wait comes from the
# row lock of spm.calculate, not from A's uncommitted insert of the run.
q "INSERT INTO spm.pay_run (period) VALUES ($period)"
check "the period's pay run exists before either session starts" $?

# Session A: reads its commands from a fifo, so it can be told when to commit.
mkfifo "$work/a.in"
PGAPPNAME=runs_a psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 <"$work/a.in" >"$work/a.out" 2>&1 &
a_pid=$!
exec 3>"$work/a.in"
echo "BEGIN; SELECT spm.calculate($period); SELECT 'a calculated';" >&3
for _ in $(seq 1 100); do
	grep -q '^a calculated$' "$work/a.out" && break
	sleep 0.1
done
a_lines=$(sed -n '1p' "$work/a.out")
[ "$a_lines" = 4 ]
check "session A writes the 4 lines of the quarter and keeps its transaction open" $? "$(cat "$work/a.out")"

# Session B: the same period, while A is open.
PGAPPNAME=runs_b psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -c "SELECT spm.calculate($period)" >"$work/b.out" 2>&1 &
b_pid=$!
waiting=
for _ in $(seq 1 100); do
	waiting=$(q "SELECT wait_event_type FROM pg_stat_activity WHERE application_name = 'runs_b' AND state = 'active'")
	[ "$waiting" = Lock ] && break
	sleep 0.1
done
[ "$waiting" = Lock ]
check "session B waits on a lock (pg_stat_activity.wait_event_type)" $? "wait_event_type '$waiting'"
blocked=$(q "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE a.application_name = 'runs_b' AND NOT l.granted")
[ "$blocked" -ge 1 ]
check "session B has an ungranted lock (pg_locks)" $? "$blocked"
blocker=$(q "SELECT count(*) FROM pg_stat_activity b, pg_stat_activity a
              WHERE b.application_name = 'runs_b' AND a.application_name = 'runs_a'
                AND a.pid = ANY (pg_blocking_pids(b.pid))")
[ "$blocker" = 1 ]
check "session A is what B waits for (pg_blocking_pids)" $? "$blocker"
kill -0 "$b_pid" 2>/dev/null
check "session B has not finished while A is open" $?

echo "COMMIT;" >&3
exec 3>&-
wait "$a_pid"
a_rc=$?
a_pid=
wait "$b_pid"
b_rc=$?
b_pid=
[ "$a_rc" -eq 0 ]
check "session A commits" $? "$(cat "$work/a.out")"
[ "$b_rc" -eq 0 ] && [ "$(cat "$work/b.out")" = 0 ]
check "session B, after A commits, writes no line" $? "$(cat "$work/b.out")"
total=$(q "SELECT count(*) || ' ' || sum(amount) FILTER (WHERE currency = 'USD') FROM spm.payout_line")
# one run: Ann 6,500.00 + Bob 7,000.00 in USD, Cid in JPY, Eve in EUR
[ "$total" = "4 13500.00" ]
check "the ledger holds one run's lines" $? "$total"

check_summary
[ "$failed" -eq 0 ]
