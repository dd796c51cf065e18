#!/usr/bin/env bash
# make fuzz's in-server part: sql/fuzz_types.sql (random and mutated text
# to every spm type's input function, mutated binary forms to every receive
# function) with more inputs than make test gives it, on a throwaway
# cluster.  Prints the per-type counts and the violations (none expected).
#
#   FUZZ_SERVER_TEXT    text inputs per type (default 20000)
#   FUZZ_SERVER_BINARY  binary inputs per type (default 3000)
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib/cluster.sh

cluster_start fuzz
trap cluster_stop EXIT
psql -X -q -v ON_ERROR_STOP=1 -f sql/setup.sql >/dev/null
echo "== in-server fuzz of the types' input and receive functions"
start=$(date +%s)
out=$(psql -X -q -v ON_ERROR_STOP=1 -v fuzz_text="${FUZZ_SERVER_TEXT:-20000}" \
	-v fuzz_binary="${FUZZ_SERVER_BINARY:-3000}" -f sql/fuzz_types.sql)
echo "$out"
echo "($(($(date +%s) - start)) s)"
echo "$out" | grep -q '^(0 rows)$'
