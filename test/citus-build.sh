#!/usr/bin/env bash
# Make Citus available to the PostgreSQL that PG_CONFIG names, for the
# distributed tests (test/citus.sh, which make test runs).
#
#   bash test/citus-build.sh      exit 0: Citus is installed (already, or now)
#                                 exit 3: skipped, with the reason on stdout
#
# Citus is not in Debian's archive.  The source comes from the vendored
# tarball beside the project (SPM_VENDOR_DIR, default ../shared/vendor, with
# the patch its README describes for PostgreSQL 15.20's headers).  It is
# built once into a cache outside the work tree (SPM_CACHE_DIR, default
# ~/.cache/spm), in a directory named after the checksums of the tarball and
# patch and the server version, and installed from there (make install
# DESTDIR), so later runs skip the seven-minute build.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/pg.sh
PG_CONFIG=$(spm_pg_config)

pkglib=$("$PG_CONFIG" --pkglibdir)
if [ -f "$pkglib/citus.so" ]; then
	echo "citus: installed in $pkglib"
	exit 0
fi

# ../shared/vendor beside the checkout; from a git worktree elsewhere, the
# one beside the main checkout
vendor=${SPM_VENDOR_DIR:-$(cd .. && pwd)/shared/vendor}
if [ -z "${SPM_VENDOR_DIR:-}" ] && [ ! -d "$vendor" ]; then
	common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	[ -z "$common" ] || [ ! -d "$(dirname "$common")/../shared/vendor" ] ||
		vendor=$(cd "$(dirname "$common")/../shared/vendor" && pwd)
fi
tarball=$vendor/citus-13.2.2.tar.gz
patchfile=$vendor/citus-13.2.2-pg15.20.patch
if [ ! -f "$tarball" ]; then
	echo "citus: skipped: no Citus here ($tarball not found, and Citus is not in Debian's archive)"
	exit 3
fi
# Citus 13.x supports PostgreSQL 15, 16 and 17 (its configure refuses others)
major=$(spm_pg_major)
if [ "$major" -lt 15 ] || [ "$major" -gt 17 ]; then
	echo "citus: skipped: the vendored Citus 13.2.2 supports PostgreSQL 15 to 17, not $major"
	exit 3
fi

key=$(cat "$tarball" "$patchfile" 2>/dev/null | sha256sum | cut -c1-16)
server=$("$PG_CONFIG" --version | awk '{ print $2 }')
cache=${SPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spm}/citus-$key-pg$server
if [ ! -f "$cache/stage.done" ]; then
	if ! deps=$(bash test/deps.sh citus 2>&1); then
		echo "$deps"
		echo "citus: skipped: its build dependencies cannot be installed here (test/deps.sh citus failed)"
		exit 3
	fi
	echo "citus: building Citus 13.2.2 for PostgreSQL $server into $cache (about 7 minutes on 2 cores) ..."
	rm -rf "$cache"
	mkdir -p "$cache"
	tar -xzf "$tarball" -C "$cache"
	(
		cd "$cache/citus-13.2.2"
		# Citus is built as its own project: not with the flags given to
		# spm's make (the CI's PG_CFLAGS=-Werror would reach it through
		# the environment and MAKEFLAGS)
		unset PG_CFLAGS PG_CPPFLAGS PG_LDFLAGS MAKEFLAGS MFLAGS MAKELEVEL
		# the patch is needed with PostgreSQL 15.20's headers, harmless to skip elsewhere
		if [ -f "$patchfile" ] && patch -p1 --dry-run --silent <"$patchfile" >/dev/null 2>&1; then
			patch -p1 --silent <"$patchfile"
		fi
		./configure PG_CONFIG="$PG_CONFIG" --without-libcurl >"$cache/configure.log" 2>&1
		make -j2 >"$cache/make.log" 2>&1
		make install DESTDIR="$cache/stage" >"$cache/install.log" 2>&1
	) || {
		echo "citus: the build failed; see the logs in $cache" >&2
		exit 1
	}
	touch "$cache/stage.done"
fi

# install the staged library and extension files (not the headers) into the
# server's directories.  The stage holds them under the directories of the
# PostgreSQL it was built with, which may be another copy of the same
# server (test/private-pg.sh), so they are found by what they hold.
sharedir=$("$PG_CONFIG" --sharedir)
staged_lib=$(find "$cache/stage" -name citus.so -type f -printf '%h\n' | head -n 1)
staged_ext=$(find "$cache/stage" -name citus.control -type f -printf '%h\n' | head -n 1)
if [ -z "$staged_lib" ] || [ -z "$staged_ext" ]; then
	echo "citus: the build in $cache has no citus.so or citus.control; remove $cache to build again" >&2
	exit 1
fi
cp -a "$staged_lib/." "$pkglib/"
mkdir -p "$sharedir/extension"
cp -a "$staged_ext/." "$sharedir/extension/"
echo "citus: installed in $pkglib from $cache"
