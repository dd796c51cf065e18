#!/usr/bin/env bash
# Which PostgreSQL spm is built, installed and tested against: the one place
# that answers it, for the Makefile and every script.
#
#   bash test/lib/pg.sh pg_config   the pg_config to use (below)
#   bash test/lib/pg.sh major       its major version (15, 17, 18, ...); with
#                                   no server installed yet, the major this
#                                   Debian release packages (for test/deps.sh)
#   bash test/lib/pg.sh target      the pg_config to install spm into and test
#                                   against: the one above when its directories
#                                   are writable, otherwise a private copy of
#                                   that server (test/private-pg.sh) in the
#                                   cache, saying so on stderr
#
# or source it from bash and call spm_pg_config, spm_pg_major, spm_pg_target.
#
# The pg_config is PG_CONFIG when it is set; otherwise the newest
# /usr/lib/postgresql/N/bin/pg_config (Debian's layout, where several majors
# can be installed side by side; the same choice as Debian's own
# /usr/bin/pg_config wrapper); otherwise pg_config on the PATH.  Nothing here
# installs anything or needs root.

spm_pg_config() {
	if [ -n "${PG_CONFIG:-}" ]; then
		echo "$PG_CONFIG"
		return
	fi
	local newest
	newest=$(ls -v /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | tail -n 1) || newest=
	if [ -n "$newest" ]; then
		echo "$newest"
	else
		echo pg_config
	fi
}

# The major of this Debian release's PostgreSQL: the version of the server
# package its "postgresql" metapackage depends on (bookworm 15, trixie 17,
# forky 18).  Reads apt's package lists, so they must have been fetched.
spm_debian_major() {
	command -v apt-cache >/dev/null 2>&1 || return 1
	apt-cache depends postgresql 2>/dev/null |
		sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n 1 | grep .
}

spm_pg_major() {
	local pgc v
	pgc=$(spm_pg_config)
	if v=$("$pgc" --version 2>/dev/null); then
		# "PostgreSQL 15.20 (Debian ...)", "PostgreSQL 18beta1", "PostgreSQL 18.1"
		echo "$v" | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p'
	elif [[ $pgc =~ /postgresql/([0-9]+)/bin/pg_config$ ]]; then
		# a Debian path of a server not installed yet
		echo "${BASH_REMATCH[1]}"
	elif [ -z "${PG_CONFIG:-}" ]; then
		spm_debian_major
	else
		echo "spm: cannot tell the PostgreSQL version of PG_CONFIG=$PG_CONFIG" >&2
		return 1
	fi
}

# pg_regress's line for a test that passed, one that failed, and either:
# "test name ... ok" / "... FAILED" up to PostgreSQL 15, TAP lines
# "ok 1 - name" / "not ok 3 - name" from 16 on.
SPM_REGRESS_OK='(\.\.\. ok( |$))|^ok [0-9]+ '
SPM_REGRESS_FAILED='(\.\.\. FAILED)|^not ok [0-9]+ '
SPM_REGRESS_LINE='(^(test| ).*\.\.\. )|^(not )?ok [0-9]+ '

spm_pg_writable() {
	# spm_pg_writable PG_CONFIG: whether spm can be installed into that server
	local pgc=$1
	[ -w "$("$pgc" --pkglibdir)" ] && [ -w "$("$pgc" --sharedir)/extension" ]
}

spm_pg_target() {
	local pgc version dir
	pgc=$(spm_pg_config)
	if spm_pg_writable "$pgc"; then
		echo "$pgc"
		return
	fi
	version=$("$pgc" --version | awk '{ print $2 }') || return 1
	dir=${SPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spm}/pg-$version-$(id -un)
	echo "spm: $("$pgc" --pkglibdir) is not writable by $(id -un): installing into and testing against a private copy of PostgreSQL $version in $dir (test/private-pg.sh)" >&2
	PG_CONFIG=$pgc bash "$(dirname "${BASH_SOURCE[0]}")/../private-pg.sh" "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case ${1:-} in
		pg_config) spm_pg_config ;;
		major) spm_pg_major ;;
		target) spm_pg_target ;;
		*)
			echo "usage: $0 pg_config|major|target" >&2
			exit 2
			;;
	esac
fi
