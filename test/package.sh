#!/usr/bin/env bash
# The release metadata and the Debian package (make test runs this):
#
#   1. META.json against the PGXN Meta Spec 1.0.0, and the version of
#      META.json and debian/changelog against spm.control
#      (test/release_meta.py);
#   2. in a fresh root of this machine's Debian release (test/lib/debroot.sh)
#      with the build dependencies that apt-get build-dep finds in
#      debian/control and lintian installed (that root is cached for a week,
#      keyed by debian/control), the source package of HEAD (a git archive
#      of the last commit: uncommitted changes are not in it) built with
#      dpkg-buildpackage -b; lintian on the result (its errors fail, its
#      warnings are listed);
#   3. in a second fresh root, only the built .deb installed with apt, which
#      must pull in the matching postgresql-N by itself, its files checked,
#      and the pg_regress suite (make installcheck USE_PGXS=1 with that
#      root's pg_config) run against the installed package on a throwaway
#      cluster.
#
# Prints "ok"/"not ok" lines and "N passed, N failed[, N skipped]".  Parts 2
# and 3 are one "skip" line where they cannot run (not root, no debootstrap,
# no network, not a git checkout, not Debian).  PACKAGE_SUITE chooses
# another release than the machine's; PACKAGE_KEEP=1 keeps the roots and
# logs (the directory is printed).  About 4 minutes with the roots cached,
# 6 with an empty cache (doc/development.md, "Packages").
set -u
cd "$(dirname "$0")/.."
. test/lib/debroot.sh
. test/lib/pg.sh   # pg_regress's result lines (SPM_REGRESS_*), which differ from 16 on
. test/lib/check.sh
ok() { check "$*" 0; }
notok() { check "$*" 1; }
finish() {
	echo "# took $SECONDS s"
	check_summary
	[ "$failed" -eq 0 ]
	exit
}
skip() {
	echo "skip - the Debian package built and installed in fresh roots: $*"
	skipped=$((skipped + 1))
	finish
}

# 1. the metadata, everywhere
out=$(python3 test/release_meta.py 2>&1)
echo "$out" | grep -E '^(ok|not ok) '
passed=$((passed + $(echo "$out" | grep -c '^ok ')))
failed=$((failed + $(echo "$out" | grep -c '^not ok ')))
echo "$out" | grep -qE '^[0-9]+ passed, [0-9]+ failed$' || notok "test/release_meta.py ran: $out"

# 2. and 3. need roots
debroot_usable || skip "$DEBROOT_WHY"
git rev-parse --verify -q HEAD >/dev/null 2>&1 || skip "not a git checkout (the package is built from git archive HEAD)"
suite=${PACKAGE_SUITE:-$(. /etc/os-release 2>/dev/null && [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}")}
[ -n "$suite" ] || skip "this machine is not Debian (set PACKAGE_SUITE to a Debian release to build for)"

version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" spm.control)
work=$(mktemp -d "${TMPDIR:-/tmp}/spm-package.XXXXXX")
cleanup() {
	debroot_umount "$work/build"
	debroot_umount "$work/install"
	if [ "${PACKAGE_KEEP:-0}" = 1 ]; then
		echo "# kept: $work"
	else
		debroot_remove "$work/build"
		debroot_remove "$work/install"
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# 2. build, in a root with the build dependencies of debian/control and
# lintian installed; that root is cached (test/lib/debroot.sh) under a key
# made of debian/control, so that later runs need not install them again
prepare='
	apt-get update -q
	apt-get install -y -q build-essential lintian
	cd /build/prepare && apt-get build-dep -y -q ./
	rm -rf /build/prepare'
key=build-$( (cat debian/control; echo "$prepare") | sha256sum | cut -c1-12)
if ! debroot_make_prepared "$suite" "$key" "$work/build" "
	mkdir -p /build/prepare/debian
	cat >/build/prepare/debian/control <<'CONTROL'
$(cat debian/control)
CONTROL
	cat >/build/prepare/debian/changelog <<'CHANGELOG'
$(cat debian/changelog)
CHANGELOG
	$prepare" >"$work/build-root.log" 2>&1; then
	tail -n 30 "$work/build-root.log" | sed 's/^/#   /'
	notok "a $suite root with the build dependencies of debian/control"
	finish
fi
mkdir -p "$work/build/build"
git archive --format=tar --prefix="spm-$version/" HEAD | tar -x -C "$work/build/build"
# shellcheck disable=SC2016
if debroot_run "$work/build" sh -ec '
	cd /build/spm-'"$version"'
	dpkg-buildpackage -us -uc -b
' >"$work/build.log" 2>&1; then
	ok "dpkg-buildpackage -b of HEAD in a fresh $suite root (build dependencies from debian/control)"
else
	notok "dpkg-buildpackage -b of HEAD in a fresh $suite root; the end of its log:"
	tail -n 40 "$work/build.log" | sed 's/^/#   /'
	finish
fi
debs=()
for f in "$work/build/build"/postgresql-*-spm_*.deb; do
	[ -f "$f" ] && debs+=("$f")
done
if [ ${#debs[@]} -eq 0 ]; then
	notok "the build made a postgresql-N-spm .deb"
	finish
fi
ok "the build made $(for f in "${debs[@]}"; do basename "$f"; done | tr '\n' ' ')"

# lintian, installed with the build dependencies
if debroot_run "$work/build" sh -c 'command -v lintian' >/dev/null 2>&1; then
	debroot_run "$work/build" sh -c 'cd /build && lintian --info --display-info --pedantic *.changes' \
		>"$work/lintian.log" 2>&1
	grep -E '^[EWIP]: ' "$work/lintian.log" | sort -u | sed 's/^/# lintian: /'
	if grep -q '^E: ' "$work/lintian.log"; then
		notok "lintian finds no errors in the package (see the lines above)"
	else
		ok "lintian finds no errors in the package ($(grep -c '^W: ' "$work/lintian.log") warnings, listed above if any)"
	fi
else
	echo "# lintian: not installed in the $suite root; not run"
fi

# 3. install only the .deb, then run the regression suite against it
if ! debroot_make "$suite" "$work/install" 2>"$work/install-root.log"; then
	cat "$work/install-root.log"
	notok "a fresh $suite root for the install"
	finish
fi
mkdir -p "$work/install/pkg"
cp "${debs[@]}" "$work/install/pkg/"
deb=$(basename "${debs[0]}")
pgmajor=$(echo "$deb" | sed -n 's/^postgresql-\([0-9]*\)-spm_.*/\1/p')
if debroot_run "$work/install" sh -ec '
	apt-get update -q
	apt-get install -y -q /pkg/'"$deb"'
' >"$work/install.log" 2>&1; then
	ok "apt-get install of $deb alone in a fresh $suite root"
else
	notok "apt-get install of $deb in a fresh $suite root; the end of its log:"
	tail -n 30 "$work/install.log" | sed 's/^/#   /'
	finish
fi
if debroot_run "$work/install" dpkg-query -W -f='${Status}' "postgresql-$pgmajor" 2>/dev/null |
	grep -q 'install ok installed'; then
	ok "the .deb's Depends pulled in postgresql-$pgmajor"
else
	notok "the .deb's Depends pulled in postgresql-$pgmajor"
fi

# the files: library, control file, install script, every upgrade script, docs
listing=$(debroot_run "$work/install" dpkg -L "postgresql-$pgmajor-spm")
missing=()
for f in "/usr/lib/postgresql/$pgmajor/lib/spm.so" \
	"/usr/share/postgresql/$pgmajor/extension/spm.control" \
	"/usr/share/postgresql/$pgmajor/extension/spm--$version.sql" \
	$(git ls-files 'upgrade/spm--*--*.sql' | sed "s|^upgrade/|/usr/share/postgresql/$pgmajor/extension/|") \
	"/usr/share/doc/postgresql-$pgmajor-spm/copyright" \
	$(git ls-files 'README.md' 'doc/*.md' | sed "s|^\(doc/\)\{0,1\}|/usr/share/doc/postgresql-$pgmajor-spm/|"); do
	echo "$listing" | grep -qxF "$f" || echo "$listing" | grep -qxF "$f.gz" || missing+=("$f")
done
if [ ${#missing[@]} -eq 0 ]; then
	ok "the package holds the library, control file, install and upgrade scripts and the docs"
else
	notok "the package holds the library, control file, install and upgrade scripts and the docs; missing: ${missing[*]}"
fi

# the regression suite needs the sources of the tests, make, and pgxs
# (postgresql-server-dev-N); nothing is built or installed from the sources
mkdir -p "$work/install/src"
git archive --format=tar --prefix=spm/ HEAD | tar -x -C "$work/install/src"
# shellcheck disable=SC2016
debroot_run "$work/install" sh -ec '
	apt-get install -y -q make postgresql-server-dev-'"$pgmajor"'
' >"$work/installcheck-deps.log" 2>&1 || {
	tail -n 20 "$work/installcheck-deps.log" | sed 's/^/#   /'
}
# shellcheck disable=SC2016
debroot_run "$work/install" bash -c '
	cd /src/spm
	export PG_CONFIG=/usr/lib/postgresql/'"$pgmajor"'/bin/pg_config
	. test/lib/cluster.sh
	cluster_start package || exit 1
	trap cluster_stop EXIT
	make --no-print-directory installcheck USE_PGXS=1 PG_CONFIG=$PG_CONFIG
	rc=$?
	[ ! -f regression.diffs ] || head -n 100 regression.diffs
	exit $rc
' >"$work/installcheck.log" 2>&1
rc=$?
nok=$(grep -cE "$SPM_REGRESS_OK" "$work/installcheck.log")
nbad=$(grep -cE "$SPM_REGRESS_FAILED" "$work/installcheck.log")
if [ "$rc" -eq 0 ] && [ "$nok" -gt 0 ] && [ "$nbad" -eq 0 ]; then
	ok "make installcheck against the installed postgresql-$pgmajor-spm: $nok tests passed"
else
	notok "make installcheck against the installed postgresql-$pgmajor-spm: $nok passed, $nbad failed; its log:"
	grep -E "$SPM_REGRESS_FAILED|^(\+|-)" "$work/installcheck.log" | head -n 60 | sed 's/^/#   /'
	[ "$nok$nbad" != 00 ] || tail -n 30 "$work/installcheck.log" | sed 's/^/#   /'
fi
finish
