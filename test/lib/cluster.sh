# Throwaway PostgreSQL clusters for tests, the demo and benchmarks.
# Source this file from bash, then:
#
#   cluster_start NAME [name=value ...]   starts it with those settings;
#                                         exports PGHOST PGPORT PGUSER PGDATABASE
#   cluster_stop                          stops it and removes its files
#
# The cluster lives in a fresh temporary directory, listens only on a Unix
# socket in that directory (no TCP port is opened), and trusts local
# connections.  PostgreSQL refuses to run as root, so when we are root the
# server runs as the unprivileged "postgres" system user that Debian's
# postgresql package creates (override with SPM_CLUSTER_OS_USER).
#
# To open a TCP port, pass listen_addresses=127.0.0.1 and port=N; PGPORT then
# follows the last port= given.  TCP logins are trusted too unless
# SPM_CLUSTER_AUTH_HOST names another method for them (for example
# scram-sha-256, which then needs a password on the role).

# The server is the one test/lib/pg.sh names (PG_CONFIG, else the newest
# installed).
. "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
PG_CONFIG=$(spm_pg_config)
PG_BINDIR=$("$PG_CONFIG" --bindir)
SPM_CLUSTER_OS_USER=${SPM_CLUSTER_OS_USER:-postgres}
SPM_CLUSTER_DIR=

# Run a server-side program as the cluster's owner, from a directory it can read.
as_cluster_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$SPM_CLUSTER_DIR" && runuser -u "$SPM_CLUSTER_OS_USER" -- "$@")
	else
		(cd "$SPM_CLUSTER_DIR" && "$@")
	fi
}

cluster_start() {
	local name=$1
	shift
	local settings=("listen_addresses=" fsync=off synchronous_commit=off full_page_writes=off
		lc_messages=C max_parallel_workers_per_gather=2 "$@")

	SPM_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/spm-$name.XXXXXX")
	chmod 755 "$SPM_CLUSTER_DIR"
	if [ "$(id -u)" -eq 0 ]; then
		if ! id "$SPM_CLUSTER_OS_USER" >/dev/null 2>&1; then
			echo "spm: system user $SPM_CLUSTER_OS_USER not found (it comes with Debian's postgresql-$(spm_pg_major) package)" >&2
			return 1
		fi
		chown "$SPM_CLUSTER_OS_USER" "$SPM_CLUSTER_DIR"
	fi

	local auth=(--auth=trust)
	[ -z "${SPM_CLUSTER_AUTH_HOST:-}" ] || auth+=("--auth-host=$SPM_CLUSTER_AUTH_HOST")
	as_cluster_owner "$PG_BINDIR/initdb" -D "$SPM_CLUSTER_DIR/data" -U postgres \
		"${auth[@]}" -E UTF8 --locale=C --no-sync >"$SPM_CLUSTER_DIR/initdb.log" 2>&1 || {
		cat "$SPM_CLUSTER_DIR/initdb.log" >&2
		return 1
	}
	local s port=5432 conf="$SPM_CLUSTER_DIR/data/postgresql.conf"
	for s in "${settings[@]}"; do
		[ "${s%%=*}" != port ] || port=${s#*=}
	done
	{
		echo "unix_socket_directories = '$SPM_CLUSTER_DIR'"
		echo "port = 5432"
		for s in "${settings[@]}"; do
			local v=${s#*=}
			echo "${s%%=*} = '${v//\'/\'\'}'"
		done
	} >>"$conf"
	as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$SPM_CLUSTER_DIR/data" -l "$SPM_CLUSTER_DIR/server.log" \
		-w -t 60 start >/dev/null || {
		cat "$SPM_CLUSTER_DIR/server.log" >&2
		return 1
	}
	export PGHOST=$SPM_CLUSTER_DIR PGPORT=$port PGUSER=postgres PGDATABASE=postgres
}

cluster_stop() {
	[ -n "$SPM_CLUSTER_DIR" ] || return 0
	as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$SPM_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$SPM_CLUSTER_DIR"
	SPM_CLUSTER_DIR=
}
