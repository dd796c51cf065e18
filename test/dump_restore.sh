#!/usr/bin/env bash
# pg_dump of a populated data model, restored into a fresh cluster that has
# never seen spm (so CREATE EXTENSION there makes the group roles), must
# give the same rows in every table and the same results from every view.
#
#   bash test/dump_restore.sh
#
# Prints "ok"/"not ok" lines and a final "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

. test/lib/check.sh

work=$(mktemp -d)
first=
second=
cleanup() {
	local dir
	for dir in "$first" "$second"; do
		[ -n "$dir" ] || continue
		SPM_CLUSTER_DIR=$dir
		cluster_stop
	done
	rm -rf "$work"
}
trap cleanup EXIT

# Every table's rows and every view's results, as text in a fixed order.
snapshot() {
	local rel
	for rel in $(psql -X -At -d spm_dump -c "SELECT relname FROM pg_class
	              WHERE relnamespace = 'spm'::regnamespace AND relkind IN ('r', 'v') ORDER BY relname"); do
		echo "== $rel"
		# survey scores are readable only through the views, but the
		# superuser dumps and compares them too
		psql -X -q -At -d spm_dump -v ON_ERROR_STOP=1 \
			-c "SET spm.as_of = '2025-11-15'" -c "SET datestyle = ISO" \
			-c "SELECT t::text FROM spm.$rel t ORDER BY 1"
	done
}

cluster_start dump >/dev/null || exit 1
first=$SPM_CLUSTER_DIR
psql -X -q -d postgres -c "CREATE DATABASE spm_dump"
psql -X -q -d spm_dump -v ON_ERROR_STOP=1 -c "CREATE EXTENSION spm" -f test/fixtures/org.sql >/dev/null
# an organisation's own currency is dumped; the ISO rows come with the extension
psql -X -q -d spm_dump -v ON_ERROR_STOP=1 \
	-c "INSERT INTO spm.currency (currency, minor_unit, name) VALUES ('XTS', 3, 'test currency')" \
	-c "INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, currency) VALUES (999, 3, '2025-10-30', 1.5, 'XTS')" \
	-c "INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('XTS', '(,)', 2)"
# rows stored before the rows they refer to (an update writes a row's new
# version at the end of the table): a rep before their manager, a
# clawback before the credit it reverses
psql -X -q -d spm_dump -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO spm.rep (rep_id, name) VALUES (21, 'Manager');
INSERT INTO spm.rep (rep_id, name, manager_id) VALUES (20, 'Rep', 21);
UPDATE spm.rep SET manager_id = 1 WHERE rep_id = 21;
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (997, 20, '2025-10-01', 10);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES (996, 20, '2025-10-02', -10, 'clawback', 997);
UPDATE spm.credit SET deal_ref = 'D-997' WHERE credit_id = 997;
SQL
check "rows that refer to later rows are loaded" $?
# a closed quarter in the ledger, with a hold: restoring it must not trip
# the lock on the quarter's credits, nor the ledger's append-only rules
psql -X -q -d spm_dump -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT spm.calculate('[2025-10-01,2026-01-01)');
SELECT spm.hold(min(payout_line_id), 'restored hold') FROM spm.payout_line;
SELECT spm.approve('[2025-10-01,2026-01-01)');
SELECT spm.lock_period('[2025-10-01,2026-01-01)');
SQL
check "a quarter calculated, held, approved and locked" $?
snapshot >"$work/before.txt" 2>&1
check "populated model read before the dump" $?
"$PG_BINDIR/pg_dump" -h "$PGHOST" -p "$PGPORT" -U postgres -Fc -f "$work/spm.dump" spm_dump 2>"$work/pg_dump.log"
check "pg_dump" $? "$(cat "$work/pg_dump.log")"
dumped_currencies=$("$PG_BINDIR/pg_restore" -f - --data-only -t currency "$work/spm.dump" | grep -c '^XTS')
[ "$dumped_currencies" = 1 ]
check "only the organisation's own currency rows are dumped" $? "$dumped_currencies"

# A fresh cluster: no spm roles, no spm objects.
SPM_CLUSTER_DIR=
cluster_start restore >/dev/null || exit 1
second=$SPM_CLUSTER_DIR
roles=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user')")
[ "$roles" = 0 ]
check "the fresh cluster has no spm roles" $?
psql -X -q -d postgres -c "CREATE DATABASE spm_dump"
out=$("$PG_BINDIR/pg_restore" -h "$PGHOST" -p "$PGPORT" -U postgres --exit-on-error -d spm_dump "$work/spm.dump" 2>&1)
check "pg_restore into the fresh cluster, without errors" $? "$out"
roles=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user') AND NOT rolcanlogin")
[ "$roles" = 2 ]
check "the restore's CREATE EXTENSION made the group roles" $?
grants=$(psql -X -At -d spm_dump -c "SELECT has_table_privilege('spm_user', 'spm.credit', 'SELECT')
          AND NOT has_table_privilege('spm_user', 'spm.credit', 'INSERT')
          AND has_table_privilege('spm_admin', 'spm.credit', 'INSERT')
          AND (SELECT relrowsecurity FROM pg_class WHERE oid = 'spm.credit'::regclass)")
[ "$grants" = t ]
check "grants and row security come back with the extension" $?
snapshot >"$work/after.txt" 2>&1
diff "$work/before.txt" "$work/after.txt" >"$work/diff.txt"
check "every table and view gives the same rows after the restore" $? "$(head -n 20 "$work/diff.txt")"
lines=$(grep -vc '^==' "$work/after.txt")
[ "$lines" -gt 100 ]
check "the comparison covered the populated model ($lines rows)" $?

check_summary
[ "$failed" -eq 0 ]
