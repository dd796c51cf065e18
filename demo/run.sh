#!/usr/bin/env bash
# make demo: a throwaway cluster with spm and a sample sales organisation,
# then the reports.  KEEP=1 leaves the cluster running for exploration.
#
# Data generators are demo/data/*.sql and reports demo/reports/*.sql, run in
# name order; a module adds its own files to both.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

cluster_start demo
if [ "${KEEP:-0}" != 1 ]; then
	trap cluster_stop EXIT
fi

export PGDATABASE=spm_demo
psql -X -q -d postgres -c "CREATE DATABASE spm_demo"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION spm"
echo "Generating the sample organisation..."
for f in demo/data/*.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done
psql -X -q -At -c "SELECT format('%s teams, %s people, %s pulse answers, %s CSAT answers',
        (SELECT count(*) FROM demo.team), (SELECT count(*) FROM demo.rep),
        (SELECT count(*) FROM demo.pulse_response), (SELECT count(*) FROM demo.csat_response))"

for f in demo/reports/*.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$f"
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
