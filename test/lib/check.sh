# Tallies for the test scripts that print "ok"/"not ok" lines and a final
# "N passed, N failed" line (test/run.sh adds those to the suite's count).
# Source this file from bash, then:
#
#   check NAME STATUS [DETAIL]   "ok - NAME" when STATUS is 0, else
#                                "not ok - NAME: DETAIL"; counts it
#   check_summary                prints "N passed, N failed" (with
#                                ", N skipped" when skipped > 0)

passed=0
failed=0
skipped=0

check() {
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1${3:+: $3}"
		failed=$((failed + 1))
	fi
}

check_summary() {
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
}
