#!/usr/bin/env bash
# make demo: a throwaway cluster with spm and a sample sales organisation,
# then the reports.  KEEP=1 leaves the cluster running for exploration.
#
# Data generators are demo/data/*.sql (loaded by demo/load.sh) and reports
# demo/reports/*.sql, run in name order; a module adds its own files to both.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

cluster_start demo
if [ "${KEEP:-0}" != 1 ]; then
	trap cluster_stop EXIT
fi

bash demo/load.sh
export PGDATABASE=spm_demo

# The statement's rep and their manager, chosen as demo/reports/20_commissions.sql
# chooses (before the close adds a clawback), each logged in as themselves
# after the reports.
read -r rep manager < <(psql -X -q -At -F ' ' -c "
	SELECT r.login_role, m.login_role
	  FROM spm.commission_statement s
	  JOIN spm.rep r USING (rep_id) JOIN spm.rep m ON m.rep_id = r.manager_id
	 WHERE s.period = '2025-Q4' AND s.plan = 'Accelerator on quota (capped)'
	 GROUP BY r.rep_id, r.login_role, m.login_role
	 ORDER BY max(s.attainment_to_date) >= 1.2 DESC, bool_or(s.kind = 'clawback') DESC, count(*) DESC, r.rep_id
	 LIMIT 1")
for f in demo/reports/*.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$f"
done

for who in "$rep" "$manager"; do
	psql -X -q -v ON_ERROR_STOP=1 -P footer=off -U "$who" -f demo/as_user.sql
done

if [ "${KEEP:-0}" = 1 ]; then
	echo
	echo "The demo cluster is still running.  Connect with:"
	echo "  psql -h $PGHOST -p $PGPORT -U $PGUSER spm_demo"
	echo "Stop it and remove its files with:"
	if [ "$(id -u)" -eq 0 ]; then
		echo "  runuser -u $SPM_CLUSTER_OS_USER -- $PG_BINDIR/pg_ctl -D $SPM_CLUSTER_DIR/data stop && rm -rf $SPM_CLUSTER_DIR"
	else
		echo "  $PG_BINDIR/pg_ctl -D $SPM_CLUSTER_DIR/data stop && rm -rf $SPM_CLUSTER_DIR"
	fi
fi
