#!/usr/bin/env bash
# The Evidence dashboard (dashboard/), end to end: build it against the demo
# database, serve the static site on loopback, open every page in headless
# Chromium (test/dashboard/check.mjs, playwright-core) and check that no
# page shows an error, every chart drew and every table has rows, and that
# the leaderboard's top rep and attainment are the database's.
# Screenshots and each page's text go to test/artifacts/dashboard/.
# Prints ok/not ok lines and "N passed, N failed[, N skipped]"; skips with
# one line where node, npm, Chromium or the npm registry cannot be had.
set -u
cd "$(dirname "$0")/.."
root=$PWD
art=$root/test/artifacts/dashboard

skip() {
	echo "SKIP dashboard: $1"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}
command -v node >/dev/null 2>&1 || skip "node is not installed (test/deps.sh dashboard installs it)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed (test/deps.sh dashboard installs it)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || skip "node $(node --version) is older than Evidence needs (18)"
# Seen in Debian testing (forky, Node.js 24.21): the pinned Evidence builds
# the pages and then fails to prerender the first one (SvelteKit "500 /",
# no further detail).  Debian 12 and 13 have Node.js 18 and 20.
[ "$node_major" -lt 24 ] || skip "node $(node --version): the pinned Evidence 39.1.13 does not build its pages under Node.js 24 (prerender fails with 500); it is tested on Node.js 18 and 20"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "Chromium is not installed at $chromium (Debian package chromium)"

. dashboard/run.sh
start=$(date +%s)
if ! dashboard_npm >/tmp/spm-dashboard-npm.$$ 2>&1; then
	if grep -qiE 'ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network' /tmp/spm-dashboard-npm.$$; then
		rm -f /tmp/spm-dashboard-npm.$$
		skip "the npm registry cannot be reached to install Evidence"
	fi
	cat /tmp/spm-dashboard-npm.$$
	rm -f /tmp/spm-dashboard-npm.$$
	echo "not ok - npm ci of dashboard/package-lock.json"
	echo "0 passed, 1 failed"
	exit 1
fi
rm -f /tmp/spm-dashboard-npm.$$
npm_done=$(date +%s)

dashboard_demo_db >/dev/null || { echo "not ok - the demo database"; echo "0 passed, 1 failed"; exit 1; }
trap cluster_stop EXIT
export PGDATABASE=spm_demo
if ! dashboard_build; then
	echo "not ok - evidence sources and build"
	echo "0 passed, 1 failed"
	exit 1
fi
built=$(date +%s)

# What the pages must show, from the database as the dashboard's role: the
# leaderboard's top rep and attainment (rounded as the page's pct0 shows
# it), and the index's count of people at quota
read -r top_name top_pct at_quota < <(psql -X -q -At -F ' ' -U "$EVIDENCE_SOURCE__spm__user" -c "
	SELECT replace(l.rep_name, ' ', '_'), round(l.attainment * 100)::int || '%'
	  FROM spm.leaderboard l
	 WHERE spm.as_of() BETWEEN l.period_start AND l.period_end
	 ORDER BY l.rank, l.rep_name LIMIT 1")
top_name=${top_name//_/ }
cluster_stop
trap - EXIT

rm -rf "$art"
mkdir -p "$art"
cat >"$art/expect.json" <<JSON
{ "/": ["$top_name", "$top_pct"],
  "/leaderboard": ["$top_name"] }
JSON
(cd dashboard && node "$root/test/dashboard/check.mjs" build "$art" "$art/expect.json")
done_at=$(date +%s)
echo "# npm packages $((npm_done - start)) s, demo database and Evidence build $((built - npm_done)) s, browser checks $((done_at - built)) s"
echo "# screenshots: $art/*.png"
