#!/usr/bin/env bash
# Run the examples of documentation pages and check their output.
#
#   bash test/doctest.sh doc/surveys.md ...
#
# In a page, every ```sql block is run with psql, in order, in a fresh
# database made for that page (so earlier blocks can create what later ones
# use).  When the next fenced block after it is a ```text block, psql's
# output must equal that block (trailing blanks ignored); otherwise the
# block must run without an error.  Needs PGHOST etc. of a running cluster
# with spm installed.  Prints "ok"/"not ok" per example, then a
# "N passed, N failed" line.
set -u

passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

psql_run() {
	# psql prefixes errors read from a file with "psql:FILE:LINE: ": drop it
	psql -X -q -v ON_ERROR_STOP=0 -v VERBOSITY=default -d "$1" -f "$2" 2>&1 |
		sed -E 's/^psql:[^:]+:[0-9]+: //; s/[[:space:]]+$//'
}

for page in "$@"; do
	name=$(basename "$page" .md)
	db="doctest_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)"
	dir="$work/$name"
	mkdir -p "$dir"

	# Split the page into NNNN.sql (+ NNNN.text) files, named by start line.
	awk -v dir="$dir" '
		/^```/ {
			if (!infence) {
				infence = 1
				lang = substr($0, 4)
				gsub(/[[:space:]]/, "", lang)
				if (lang == "sql") {
					cur = sprintf("%s/%06d.sql", dir, NR); last_sql = cur
					printf "" > cur
				} else if (lang == "text" && last_sql != "") {
					cur = last_sql; sub(/\.sql$/, ".text", cur)
					printf "" > cur
				} else cur = ""
				if (lang != "sql") last_sql = ""
			} else {
				infence = 0
				if (cur != "") close(cur)
				cur = ""
			}
			next
		}
		infence && cur != "" { print > cur; next }
		!infence && NF > 0 { last_sql = "" }
	' "$page"

	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null &&
		psql -X -q -d "$db" -c "CREATE EXTENSION spm" >/dev/null || {
		echo "not ok - $page: could not create database $db"
		failed=$((failed + 1))
		continue
	}

	for sql in "$dir"/*.sql; do
		[ -e "$sql" ] || continue
		line=$((10#$(basename "$sql" .sql)))
		want=${sql%.sql}.text
		got=$(psql_run "$db" "$sql")
		if [ -e "$want" ]; then
			if [ "$got" == "$(sed -E 's/[[:space:]]+$//' "$want")" ]; then
				echo "ok - $page:$line"
				passed=$((passed + 1))
			else
				echo "not ok - $page:$line: output differs"
				diff <(sed -E 's/[[:space:]]+$//' "$want") <(echo "$got") | sed 's/^/    /'
				failed=$((failed + 1))
			fi
		elif echo "$got" | grep -qE '^(ERROR|FATAL|PANIC):'; then
			echo "not ok - $page:$line: $(echo "$got" | grep -E '^(ERROR|FATAL|PANIC):' | head -n 1)"
			failed=$((failed + 1))
		else
			echo "ok - $page:$line"
			passed=$((passed + 1))
		fi
	done
	psql -X -q -d postgres -c "DROP DATABASE $db" >/dev/null
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
