#!/usr/bin/env bash
# Install the system packages a purpose needs, when they are missing.
#
#   bash test/deps.sh build   compiler, PostgreSQL server and headers
#   bash test/deps.sh test    build + what the test suite uses
#   bash test/deps.sh bench   build + what the benchmark comparisons use
#   bash test/deps.sh fuzz    build + clang and libFuzzer for the harnesses
#   bash test/deps.sh valgrind  build + valgrind
#   bash test/deps.sh citus   build + what building Citus from source needs
#   bash test/deps.sh dashboard  build + node, npm and Chromium for the dashboard
#   bash test/deps.sh roots   what making fresh Debian roots needs (test/lib/debroot.sh)
#
# The PostgreSQL is postgresql-N and postgresql-server-dev-N for the major N
# that test/lib/pg.sh names: PG_CONFIG's when it is set, else the newest one
# installed, else the one this Debian release packages (Debian 12: 15,
# Debian 13: 17, testing "forky": 18).
#
# Works on a fresh Debian machine as root (apt-get).  As another user, or
# where apt-get cannot be used, it names the missing packages and stops (it
# never uses sudo).  Only make demo, make test and the other project
# commands run it; plain make, make install and make installcheck never
# install anything.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/pg.sh

purpose=${1:-build}

apt_updated=0
apt_update() {
	[ "$apt_updated" = 1 ] || apt-get update -q >/dev/null
	apt_updated=1
}

if ! major=$(spm_pg_major 2>/dev/null) || [ -z "$major" ]; then
	# a fresh machine: no server yet, and perhaps no package lists yet
	if [ -z "${PG_CONFIG:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		apt_update
		major=$(spm_debian_major) || major=
	fi
	if [ -z "$major" ]; then
		echo "spm: cannot tell which PostgreSQL to install: set PG_CONFIG to its pg_config, or install the server and its development files (postgresql-N and postgresql-server-dev-N)" >&2
		exit 1
	fi
fi

build_pkgs=(gcc make libc6-dev "postgresql-$major" "postgresql-server-dev-$major")
# The BI driver checks (test/drivers): psycopg2 and pyodbc for Debian's own
# python3, the psqlODBC driver with unixODBC, and PgJDBC with a JDK to compile
# the Java check.
test_pkgs=(python3 python3-psycopg2 python3-pyodbc odbc-postgresql unixodbc
	libpostgresql-jdbc-java default-jdk-headless)
# The libFuzzer harnesses (test/fuzz): clang, and libclang-rt-dev, which
# pulls in the compiler-rt (libclang_rt.fuzzer) of Debian's default clang
# (libclang-rt-14-dev on Debian 12, -19- on Debian 13).  make test runs
# them briefly, so they are test packages too.
fuzz_pkgs=(clang libclang-rt-dev)
test_pkgs+=("${fuzz_pkgs[@]}")
valgrind_pkgs=(valgrind)
# Citus, built from the vendored source (test/citus-build.sh): its build
# dependencies on Debian 12 and 13, configured without libcurl (ICU's
# headers too: PostgreSQL 17's pg_locale.h includes them)
citus_pkgs=(liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev libicu-dev
	libpam0g-dev libreadline-dev autoconf flex bison patch)
# Fresh Debian roots (test/lib/debroot.sh), for the package test that make
# test runs (test/package.sh) and for make matrix: debootstrap, which
# downloads with wget, and zstd for the cached roots
roots_pkgs=(debootstrap wget zstd)
test_pkgs+=("${roots_pkgs[@]}")
# R's HoltWinters and statsmodels' ExponentialSmoothing: the forecasting comparisons
bench_pkgs=(r-base-core python3-statsmodels)
# The Evidence dashboard (dashboard/, test/dashboard.sh): node and npm
# (Debian's nodejs is 18 on Debian 12, which Evidence accepts; a node that
# is already installed, e.g. from NodeSource with its own npm, is kept),
# Chromium to render the pages, and fonts for their text.
dashboard_pkgs=(chromium fonts-liberation)
command -v node >/dev/null 2>&1 || dashboard_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || dashboard_pkgs+=(npm)
test_pkgs+=("${dashboard_pkgs[@]}")

case "$purpose" in
	build) wanted=("${build_pkgs[@]}") ;;
	test) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
	bench) wanted=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
	fuzz) wanted=("${build_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
	valgrind) wanted=("${build_pkgs[@]}" "${valgrind_pkgs[@]}") ;;
	citus) wanted=("${build_pkgs[@]}" "${citus_pkgs[@]}") ;;
	dashboard) wanted=("${build_pkgs[@]}" "${dashboard_pkgs[@]}") ;;
	roots) wanted=("${roots_pkgs[@]}") ;;
	*) echo "usage: $0 build|test|bench|fuzz|valgrind|citus|dashboard|roots" >&2; exit 2 ;;
esac

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${wanted[@]}"; do
	installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "spm: missing system packages: ${missing[*]}" >&2
	echo "spm: apt-get is not available; install them (PostgreSQL $major server and development files, a C compiler) and run again." >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "spm: missing system packages: ${missing[*]}" >&2
	echo "spm: run as root, or have them installed with: apt-get install ${missing[*]}" >&2
	exit 1
fi

echo "spm: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_update
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
