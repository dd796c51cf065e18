#!/usr/bin/env bash
# Make a private, relocated copy of an installed PostgreSQL under DIR and
# print its pg_config path, so that spm can be installed and tested without
# root and without touching the system installation:
#
#   make test PG_CONFIG=$(bash test/private-pg.sh /tmp/pg-mine)
#
# The server copied is the one PG_CONFIG names, or the one test/lib/pg.sh
# finds (the newest installed).  make test makes such a copy itself, in the
# cache, when the server's directories are not writable.
#
# PostgreSQL finds its share and lib directories relative to its binaries,
# so a copy that keeps Debian's layout (/usr/lib/postgresql/N and
# /usr/share/postgresql/N) works as an installation of its own.
set -euo pipefail
dir=${1:?usage: $0 DIR}
. "$(dirname "$0")/lib/pg.sh"
pgc=$(spm_pg_config)
bindir=$("$pgc" --bindir)        # /usr/lib/postgresql/N/bin
sharedir=$("$pgc" --sharedir)    # /usr/share/postgresql/N
src=$(dirname "$bindir")         # /usr/lib/postgresql/N
ver=$(basename "$src")
if [ "$src" != "/usr/lib/postgresql/$ver" ] || [ "$sharedir" != "/usr/share/postgresql/$ver" ]; then
	echo "spm: $pgc is not a server in Debian's layout (/usr/lib/postgresql/N); build one with --prefix in a writable directory instead" >&2
	exit 1
fi
if [ ! -x "$dir/usr/lib/postgresql/$ver/bin/pg_config" ]; then
	mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql"
	cp -a "$src" "$dir/usr/lib/postgresql/"
	cp -a "$sharedir" "$dir/usr/share/postgresql/"
	ln -sfn /usr/include "$dir/usr/include"
fi
echo "$dir/usr/lib/postgresql/$ver/bin/pg_config"
