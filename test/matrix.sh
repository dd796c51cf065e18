#!/usr/bin/env bash
# make matrix: the whole make test on each supported Debian release, in a
# fresh root that starts with only git and make (test/lib/debroot.sh):
#
#   bookworm  Debian 12, PostgreSQL 15
#   trixie    Debian 13, PostgreSQL 17
#   forky     Debian testing, PostgreSQL 18
#
# For each suite in MATRIX_SUITES (default "bookworm trixie forky"), one
# after the other: a fresh root, git and make installed, a git clone of this
# repository at HEAD (committed work only) in /src/spm, the vendored Citus
# source beside it where test/citus-build.sh looks for it (/src/shared/vendor),
# then "make test" run there as root, as a user would: it installs what it
# needs itself.  Two slow things are cached unless MATRIX_FRESH=1: the
# Citus build (about 7 minutes), kept between runs in
# ~/.cache/spm/matrix/<suite>/, and the cached root of the suite, which the
# package test inside the root (test/package.sh) would otherwise make again
# with debootstrap (about 5 minutes).
#
# Prints a line per root (suite, PostgreSQL version, make test's last line,
# elapsed time) and where each root's full log is; exits non-zero if any
# root's make test failed.  Needs root, debootstrap and the network (it says
# which is missing and exits 3).  Not part of make test: about 20 minutes a
# root on 2 cores.
set -u
cd "$(dirname "$0")/.."
. test/lib/debroot.sh

suites=${MATRIX_SUITES:-bookworm trixie forky}
if ! debroot_usable; then
	echo "matrix: cannot run: $DEBROOT_WHY"
	exit 3
fi
git rev-parse --verify -q HEAD >/dev/null || {
	echo "matrix: not a git checkout"
	exit 3
}

logs=${MATRIX_LOGS:-${SPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spm}/matrix/logs/$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$logs"
echo "matrix: HEAD $(git rev-parse --short HEAD); full logs in $logs"

# the vendored Citus source, found as test/citus-build.sh finds it
vendor=${SPM_VENDOR_DIR:-$(cd .. && pwd)/shared/vendor}
if [ -z "${SPM_VENDOR_DIR:-}" ] && [ ! -d "$vendor" ]; then
	common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	[ -z "$common" ] || [ ! -d "$(dirname "$common")/../shared/vendor" ] ||
		vendor=$(cd "$(dirname "$common")/../shared/vendor" && pwd)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/spm-matrix.XXXXXX")
root=
cleanup() {
	[ -z "$root" ] || debroot_remove "$root"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# the repository at HEAD, as a bare repository the roots clone from
git clone -q --bare --no-local --single-branch --no-tags "file://$PWD" "$work/spm.git" 2>/dev/null ||
	git clone -q --bare --no-local "$PWD" "$work/spm.git"
git -C "$work/spm.git" update-ref HEAD "$(git rev-parse HEAD)" 2>/dev/null ||
	git -C "$work/spm.git" symbolic-ref HEAD >/dev/null

printf '%-9s %-10s %-40s %s\n' suite postgresql "make test" time >"$work/table"
status=0
for suite in $suites; do
	start=$SECONDS
	log=$logs/$suite.log
	root=$work/root-$suite
	echo "matrix: $suite ..."
	result=
	if ! debroot_make "$suite" "$root" >"$log" 2>&1; then
		result="no root (debootstrap failed)"
	else
		mkdir -p "$root/srv" "$root/src/shared" "$root/root/.cache/spm"
		cp -a "$work/spm.git" "$root/srv/spm.git"
		[ ! -d "$vendor" ] || cp -a "$vendor" "$root/src/shared/vendor"
		cache=${SPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spm}/matrix/$suite
		if [ "${MATRIX_FRESH:-0}" != 1 ]; then
			[ ! -d "$cache" ] || cp -a "$cache/." "$root/root/.cache/spm/"
			# the root of the suite that make test's package test makes
			# inside this one (test/package.sh), from this machine's cache
			mkdir -p "$root/root/.cache/spm/roots"
			cp -a "$(debroot_tarball "$suite")" "$root/root/.cache/spm/roots/"
		fi
		# shellcheck disable=SC2016
		debroot_run "$root" bash -c '
			set -e
			apt-get update -q
			apt-get install -y -q git make ca-certificates
			git clone -q /srv/spm.git /src/spm
			cd /src/spm
			echo "matrix: $(git log -1 --format="%h %s")"
			set +e
			make test
			rc=$?
			echo "matrix: postgresql $(pg_config --version 2>/dev/null; ls /usr/lib/postgresql 2>/dev/null | tr "\n" " ")"
			exit $rc
		' >>"$log" 2>&1
		rc=$?
		# keep the Citus build for the next run
		if [ "${MATRIX_FRESH:-0}" != 1 ]; then
			mkdir -p "$cache"
			for d in "$root"/root/.cache/spm/citus-*; do
				[ -f "$d/stage.done" ] && rm -rf "$cache/$(basename "$d")" && cp -a "$d" "$cache/"
			done
		fi
		result=$(grep -E '^([0-9]+ skipped|[0-9]+ passed, [0-9]+ failed)' "$log" | tail -n 2 | tr '\n' ' ')
		[ -n "$result" ] || result="make test did not finish (exit $rc)"
		[ "$rc" -eq 0 ] || status=1
	fi
	case "$result" in *" 0 failed"*) ;; *) status=1 ;; esac
	pg=$(ls "$root/usr/lib/postgresql" 2>/dev/null | sort -n | tr '\n' ' ')
	pgfull=$(sed -n 's/^matrix: postgresql PostgreSQL \([0-9.]*\).*/\1/p' "$log" | tail -n 1)
	elapsed=$((SECONDS - start))
	printf '%-9s %-10s %-40s %dm%02ds\n' "$suite" "${pgfull:-${pg:-none}}" "$result" \
		$((elapsed / 60)) $((elapsed % 60)) | tee -a "$work/table"
	debroot_remove "$root"
	root=
done
echo
cat "$work/table" | tee "$logs/table.txt"
echo "matrix: full logs in $logs"
exit $status
