#!/usr/bin/env bash
# Make a private, relocated copy of the installed PostgreSQL 15 under DIR and
# print its pg_config path, so that spm can be installed and tested without
# root and without touching the system installation:
#
#   make test PG_CONFIG=$(bash test/private-pg.sh /tmp/pg15)
#
# PostgreSQL finds its share and lib directories relative to its binaries,
# so a copy that keeps Debian's layout works as an installation of its own.
set -euo pipefail
dir=${1:?usage: $0 DIR}
src=$(dirname "$(dirname "${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}")")   # /usr/lib/postgresql/15
ver=$(basename "$src")
if [ ! -x "$dir/usr/lib/postgresql/$ver/bin/pg_config" ]; then
	mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql"
	cp -a "$src" "$dir/usr/lib/postgresql/"
	cp -a "/usr/share/postgresql/$ver" "$dir/usr/share/postgresql/"
	ln -sfn /usr/include "$dir/usr/include"
fi
echo "$dir/usr/lib/postgresql/$ver/bin/pg_config"
