#!/usr/bin/env bash
# Create database spm_demo with spm and the sample sales organisation in
# the running cluster that PGHOST/PGPORT/PGUSER name (demo/run.sh's, or
# make dashboard's), and print one line that sums it up.  Data generators
# are demo/data/*.sql, run in name order.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGDATABASE=spm_demo
psql -X -q -d postgres -c "CREATE DATABASE spm_demo"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION spm"
echo "Generating the sample organisation..."
for f in demo/data/*.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done
psql -X -q -At -c "SELECT format('%s teams, %s people with a login each, %s credits, %s open opportunities, %s survey answers',
        (SELECT count(DISTINCT team) FROM spm.rep), (SELECT count(*) FROM spm.rep),
        (SELECT count(*) FROM spm.credit), (SELECT count(*) FROM spm.opportunity),
        (SELECT count(*) FROM spm.survey_response))"
