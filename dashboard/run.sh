#!/usr/bin/env bash
# make dashboard: build the Evidence dashboard (dashboard/) against the demo
# database on a throwaway cluster, and print where the static site is.
#
#   bash dashboard/run.sh             build, print the site's directory
#   KEEP=1 bash dashboard/run.sh      and serve it on http://127.0.0.1:3000
#                                     (DASHBOARD_PORT) until Ctrl-C
#   DASHBOARD_DB=external bash dashboard/run.sh
#                                     build against the database that the
#                                     EVIDENCE_SOURCE__spm__* variables name
#
# The npm packages are installed once per package-lock.json, with npm ci,
# into ~/.cache/spm/evidence-<hash>/node_modules (SPM_CACHE), and linked in.
# Assumes spm is installed (make dashboard installs it) and the system
# packages are there (test/deps.sh dashboard).  test/dashboard.sh sources
# it for its functions.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

# dashboard_npm: the packages of package-lock.json, installed once, linked in
dashboard_npm() {
	local hash cache
	hash=$(sha256sum dashboard/package-lock.json | cut -c1-16)
	cache=${SPM_CACHE:-$HOME/.cache/spm}/evidence-$hash
	if [ ! -f "$cache/.complete" ]; then
		echo "Installing the dashboard's npm packages into $cache (once)..."
		rm -rf "$cache"
		mkdir -p "$cache"
		cp dashboard/package.json dashboard/package-lock.json dashboard/.npmrc "$cache/"
		(cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) || {
			tail -n 30 "$cache/npm.log" >&2
			return 1
		}
		touch "$cache/.complete"
	fi
	ln -sfn "$cache/node_modules" dashboard/node_modules
}

# dashboard_build: Evidence's sources and build, with the connection in the
# EVIDENCE_SOURCE__spm__* variables; the site goes to dashboard/build
dashboard_build() {
	(cd "$root/dashboard" &&
		node node_modules/.bin/evidence sources >"$root/dashboard/.evidence-sources.log" 2>&1 &&
		node node_modules/.bin/evidence build >"$root/dashboard/.evidence-build.log" 2>&1) || {
		tail -n 40 "$root/dashboard/.evidence-sources.log" "$root/dashboard/.evidence-build.log" >&2 2>/dev/null
		return 1
	}
}

# dashboard_demo_db: a throwaway cluster with the demo database, and the
# connection variables for it: the Unix socket, as the demo's sales
# operations login demo_admin (doc/dashboard.md says why)
dashboard_demo_db() {
	. test/lib/cluster.sh
	cluster_start dashboard
	bash demo/load.sh
	export EVIDENCE_SOURCE__spm__host=$PGHOST EVIDENCE_SOURCE__spm__port=$PGPORT
	export EVIDENCE_SOURCE__spm__database=spm_demo
	export EVIDENCE_SOURCE__spm__user=${DASHBOARD_ROLE:-demo_admin}
	# the throwaway cluster trusts local logins; Evidence wants a value
	export EVIDENCE_SOURCE__spm__password=${EVIDENCE_SOURCE__spm__password:-unused}
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	dashboard_npm
	if [ "${DASHBOARD_DB:-demo}" = demo ]; then
		dashboard_demo_db
		trap cluster_stop EXIT
	fi
	echo "Building the dashboard (Evidence sources and build)..."
	dashboard_build
	cluster_stop 2>/dev/null || true
	echo "The dashboard is a static site in $root/dashboard/build"
	if [ "${KEEP:-0}" = 1 ]; then
		port=${DASHBOARD_PORT:-3000}
		echo "Serving it on http://127.0.0.1:$port/ (Ctrl-C stops)"
		cd dashboard/build && exec python3 -m http.server "$port" --bind 127.0.0.1
	fi
	echo "View it with: KEEP=1 make dashboard, or any static web server, e.g."
	echo "  python3 -m http.server 3000 --bind 127.0.0.1 --directory $root/dashboard/build"
fi
