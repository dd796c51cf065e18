# Fresh Debian roots for tests that need a clean machine (test/matrix.sh,
# test/package.sh).  Source this file from bash, then:
#
#   debroot_usable                 0 when roots can be made here; otherwise 1,
#                                  with the reason in DEBROOT_WHY
#   debroot_make SUITE DIR         a fresh root of SUITE (bookworm, trixie,
#                                  forky, ...) in DIR, which must not exist
#   debroot_make_prepared SUITE KEY DIR SCRIPT
#                                  the same with SCRIPT run in it, cached
#   debroot_run DIR CMD [ARG...]   run CMD as root inside DIR (chroot), with
#                                  proc, dev, dev/pts and dev/shm mounted for
#                                  the time of the command only
#   debroot_remove DIR             unmount anything left and remove DIR
#
# debroot_make runs debootstrap --variant=minbase once per suite and week:
# the root is kept as a tarball under ~/.cache/spm/roots/ (SPM_CACHE_DIR),
# named after the suite and the day it was made, and later calls unpack that
# (a few seconds) instead.  A tarball older than DEBROOT_MAX_AGE_DAYS
# (default 7) is made again, so the roots follow the archive's updates.
#
# Inside a root, services are never started by package installs (a
# policy-rc.d says no), apt installs no recommended packages, and
# /etc/resolv.conf and the added certificate authorities are the host's
# (debroot_host_net).  A root has the host's network; nothing
# else of the host is visible.  Everything here needs root, debootstrap,
# chroot, mount and the Debian archive (DEBROOT_MIRROR, default
# http://deb.debian.org/debian); debroot_usable says which is missing.

DEBROOT_MIRROR=${DEBROOT_MIRROR:-http://deb.debian.org/debian}
DEBROOT_CACHE=${SPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spm}/roots
DEBROOT_MAX_AGE_DAYS=${DEBROOT_MAX_AGE_DAYS:-7}
DEBROOT_WHY=

debroot_usable() {
	DEBROOT_WHY=
	if [ "$(id -u)" -ne 0 ]; then
		DEBROOT_WHY="not root (debootstrap, chroot and mount need root)"
	elif ! command -v debootstrap >/dev/null 2>&1; then
		DEBROOT_WHY="debootstrap is not installed (apt-get install debootstrap)"
	elif ! command -v chroot >/dev/null 2>&1 || ! command -v mount >/dev/null 2>&1; then
		DEBROOT_WHY="chroot or mount is not available"
	elif ! command -v zstd >/dev/null 2>&1; then
		DEBROOT_WHY="zstd is not installed (apt-get install zstd)"
	elif ! debroot_reachable; then
		DEBROOT_WHY="the Debian archive $DEBROOT_MIRROR cannot be reached"
	fi
	[ -z "$DEBROOT_WHY" ]
}

# debroot_reachable: whether the mirror answers (its Release file of stable)
debroot_reachable() {
	if command -v wget >/dev/null 2>&1; then
		wget -q -T 15 -t 1 -O /dev/null "$DEBROOT_MIRROR/dists/stable/Release" 2>/dev/null
	elif command -v curl >/dev/null 2>&1; then
		curl -fsS -m 15 -o /dev/null "$DEBROOT_MIRROR/dists/stable/Release" 2>/dev/null
	else
		# debootstrap itself needs wget
		return 1
	fi
}

# debroot_tarball SUITE: print the path of a cached root of SUITE no older
# than DEBROOT_MAX_AGE_DAYS, making it first when there is none
debroot_tarball() {
	local suite=$1 tarball fresh tmp script=
	mkdir -p "$DEBROOT_CACHE"
	# one maker per suite at a time; the others wait and then find its tarball
	(
		flock 9
		fresh=$(find "$DEBROOT_CACHE" -maxdepth 1 -name "$suite-*.tar.zst" \
			-mtime -"$DEBROOT_MAX_AGE_DAYS" -print | sort | tail -n 1)
		if [ -n "$fresh" ]; then
			echo "$fresh"
			exit 0
		fi
		tarball=$DEBROOT_CACHE/$suite-$(date -u +%Y%m%d).tar.zst
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/debroot-$suite.XXXXXX")
		# a suite newer than this debootstrap knows is made like sid
		[ -e "/usr/share/debootstrap/scripts/$suite" ] || script=/usr/share/debootstrap/scripts/sid
		echo "debroot: debootstrap --variant=minbase $suite (once a week; cached in $DEBROOT_CACHE)" >&2
		if ! debootstrap --variant=minbase "$suite" "$tmp/root" "$DEBROOT_MIRROR" $script \
			>"$tmp/debootstrap.log" 2>&1; then
			tail -n 30 "$tmp/debootstrap.log" >&2
			[ ! -f "$tmp/root/debootstrap/debootstrap.log" ] ||
				tail -n 30 "$tmp/root/debootstrap/debootstrap.log" >&2
			debroot_umount "$tmp/root"
			rm -rf "$tmp"
			exit 1
		fi
		debroot_umount "$tmp/root"
		debroot_setup "$tmp/root" "$suite"
		rm -rf "$tmp/root/var/cache/apt/archives/"*.deb "$tmp/root/var/lib/apt/lists/"*_dists_*
		tar -C "$tmp/root" --numeric-owner -I "zstd -T0 -3" -cf "$tarball.part" . &&
			mv "$tarball.part" "$tarball" || {
			rm -rf "$tmp" "$tarball.part"
			exit 1
		}
		rm -rf "$tmp"
		# older tarballs of the suite are superseded
		find "$DEBROOT_CACHE" -maxdepth 1 -name "$suite-*.tar.zst" ! -path "$tarball" -delete
		echo "$tarball"
	) 9>"$DEBROOT_CACHE/$suite.lock"
}

# debroot_setup DIR SUITE: what every root gets once, before it is cached
debroot_setup() {
	local dir=$1 suite=$2
	# package installs must not start services in the root
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod 755 "$dir/usr/sbin/policy-rc.d"
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
		>"$dir/etc/apt/apt.conf.d/90spm-norecommends"
	# the main archive only (debootstrap writes that), plus the security and
	# update suites where the suite is a release that has them.  A testing
	# or unstable suite's Release file is valid for a week only, and a
	# mirror or proxy cache that lags behind serves an expired one (seen
	# here for forky), which apt refuses: these throwaway roots accept it.
	case "$suite" in
		sid | unstable | testing | forky)
			echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/90spm-valid-until"
			;;
		*)
			echo "deb $DEBROOT_MIRROR $suite-updates main" >>"$dir/etc/apt/sources.list"
			echo "deb http://deb.debian.org/debian-security $suite-security main" >>"$dir/etc/apt/sources.list"
			;;
	esac
}

# debroot_host_net DIR: what a root needs of the host's network to reach
# what the host reaches: its resolver, and the certificate authorities the
# host's administrator added (/usr/local/share/ca-certificates; a proxy
# that re-signs HTTPS, as some networks have, is trusted only through
# them).  The root's ca-certificates package folds them into its bundle
# when it is installed or updated; debroot_run updates it when it is there.
debroot_host_net() {
	local dir=$1
	cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
	if [ -d /usr/local/share/ca-certificates ]; then
		mkdir -p "$dir/usr/local/share/ca-certificates"
		cp -RL /usr/local/share/ca-certificates/. "$dir/usr/local/share/ca-certificates/" 2>/dev/null || true
	fi
}

debroot_make() {
	local suite=$1 dir=$2 tarball
	if [ -e "$dir" ]; then
		echo "debroot: $dir exists" >&2
		return 1
	fi
	tarball=$(debroot_tarball "$suite") || return 1
	mkdir -p "$dir"
	tar -C "$dir" --numeric-owner -I zstd -xf "$tarball" || return 1
	debroot_host_net "$dir"
}

# debroot_make_prepared SUITE KEY DIR SCRIPT: a root of SUITE in DIR on which
# the shell script SCRIPT has run (installing packages, say), cached like
# the plain roots under the name SUITE-KEY, so that the script runs once a
# week; KEY must change whenever SCRIPT does (a checksum of it, say)
debroot_make_prepared() {
	local suite=$1 key=$2 dir=$3 script=$4 fresh tarball
	mkdir -p "$DEBROOT_CACHE"
	fresh=$(find "$DEBROOT_CACHE" -maxdepth 1 -name "$suite-$key-*.tar.zst" \
		-mtime -"$DEBROOT_MAX_AGE_DAYS" -print | sort | tail -n 1)
	if [ -z "$fresh" ]; then
		debroot_make "$suite" "$dir" || return 1
		debroot_run "$dir" sh -ec "$script" || return 1
		rm -rf "$dir/var/cache/apt/archives/"*.deb
		tarball=$DEBROOT_CACHE/$suite-$key-$(date -u +%Y%m%d).tar.zst
		(
			flock 9
			tar -C "$dir" --numeric-owner -I "zstd -T0 -3" -cf "$tarball.part.$$" . &&
				mv "$tarball.part.$$" "$tarball" &&
				find "$DEBROOT_CACHE" -maxdepth 1 -name "$suite-$key-*.tar.zst" ! -path "$tarball" -delete
		) 9>"$DEBROOT_CACHE/$suite-$key.lock"
		return 0
	fi
	if [ -e "$dir" ]; then
		echo "debroot: $dir exists" >&2
		return 1
	fi
	mkdir -p "$dir"
	tar -C "$dir" --numeric-owner -I zstd -xf "$fresh" || return 1
	debroot_host_net "$dir"
}

# debroot_umount DIR: unmount everything mounted under DIR, deepest first;
# what is busy is detached lazily, so that nothing stays mounted
debroot_umount() {
	local dir m
	dir=$(cd "$1" 2>/dev/null && pwd -P) || return 0
	# kill what still runs inside the root (a server left running, say)
	debroot_kill "$dir"
	for m in $(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
}

# debroot_kill DIR: end the processes whose root directory is DIR, by their
# id (found with one find over /proc: a loop of readlinks is slow on a busy
# machine); what a SIGTERM leaves is killed, and so is what those start
debroot_kill() {
	local dir=$1 pids n
	for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
		pids=$(find /proc -mindepth 2 -maxdepth 2 -name root -lname "$dir" 2>/dev/null | cut -d/ -f3)
		[ -n "$pids" ] || return 0
		# shellcheck disable=SC2086
		if [ "$n" -le 2 ]; then
			kill -TERM $pids 2>/dev/null
			sleep 2
		else
			kill -STOP $pids 2>/dev/null
			kill -KILL $pids 2>/dev/null
			sleep 0.5
		fi
	done
	echo "debroot: processes still running in $dir: $pids" >&2
	return 1
}

debroot_run() {
	local dir=$1
	shift
	dir=$(cd "$dir" && pwd -P) || return 1
	(
		trap 'debroot_umount "$dir"' EXIT
		trap 'exit 130' INT
		trap 'exit 143' TERM HUP
		mount -t proc proc "$dir/proc" &&
			mount --bind /dev "$dir/dev" &&
			mount --bind /dev/pts "$dir/dev/pts" &&
			mount -t tmpfs -o mode=1777 tmpfs "$dir/dev/shm" || exit 1
		debroot_host_net "$dir"
		if [ -x "$dir/usr/sbin/update-ca-certificates" ]; then
			chroot "$dir" /usr/sbin/update-ca-certificates >/dev/null 2>&1 || true
		fi
		# node keeps its own list of authorities: NODE_EXTRA_CA_CERTS adds the
		# system's (which then holds the host's additions) for npm
		env -i HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
			${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} \
			chroot "$dir" "$@"
	)
}

debroot_remove() {
	local dir=$1
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	debroot_umount "$dir"
	# never follow a mount point that could not be detached into the host
	if awk -v d="$(cd "$dir" && pwd -P)" 'index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
		echo "debroot: $dir still has mounts; not removing it" >&2
		return 1
	fi
	rm -rf --one-file-system "$dir"
}
