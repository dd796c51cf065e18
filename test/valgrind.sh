#!/usr/bin/env bash
# make valgrind: the pg_regress suite with the server (postmaster and every
# backend) under valgrind's memcheck, on a throwaway cluster.  Debian's
# server is not built with USE_VALGRIND, so memcheck also reports
# PostgreSQL's own doings; test/valgrind.supp silences the common ones and
# this script reports only the errors whose stack includes a function of
# spm.so, and the blocks definitely lost from spm code.
#
#   VALGRIND_REGRESS  the pg_regress tests to run (default: all of sql/)
#   VALGRIND_LOGS     keep the raw valgrind logs in this directory
#
# Prints the run time, the number of memcheck errors in spm code, the blocks
# definitely lost in spm code, and each such error's stack; exits non-zero
# when there is any.  Slow: the suite takes tens of minutes under valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

PG_BINDIR=$("$PG_CONFIG" --bindir)
so="$("$PG_CONFIG" --pkglibdir)/spm.so"
[ -f "$so" ] || { echo "spm.so is not installed in $("$PG_CONFIG" --pkglibdir)" >&2; exit 1; }
regress=${VALGRIND_REGRESS:-}

SPM_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/spm-valgrind.XXXXXX")
chmod 755 "$SPM_CLUSTER_DIR"
[ "$(id -u)" -ne 0 ] || chown "$SPM_CLUSTER_OS_USER" "$SPM_CLUSTER_DIR"
logs=$SPM_CLUSTER_DIR/vg
mkdir -p "$logs"
[ "$(id -u)" -ne 0 ] || chown "$SPM_CLUSTER_OS_USER" "$logs"
cp test/valgrind.supp "$SPM_CLUSTER_DIR/valgrind.supp"
cleanup() {
	as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$SPM_CLUSTER_DIR/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
	if [ -n "${VALGRIND_LOGS:-}" ]; then
		mkdir -p "$VALGRIND_LOGS" && cp "$logs"/* "$VALGRIND_LOGS"/ 2>/dev/null || true
	fi
	rm -rf "$SPM_CLUSTER_DIR"
}
trap cleanup EXIT

as_cluster_owner "$PG_BINDIR/initdb" -D "$SPM_CLUSTER_DIR/data" -U postgres --auth=trust \
	-E UTF8 --locale=C --no-sync >"$SPM_CLUSTER_DIR/initdb.log" 2>&1 || { cat "$SPM_CLUSTER_DIR/initdb.log"; exit 1; }
cat >>"$SPM_CLUSTER_DIR/data/postgresql.conf" <<CONF
unix_socket_directories = '$SPM_CLUSTER_DIR'
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
lc_messages = 'C'
max_parallel_workers_per_gather = 2
# generous timeouts: everything runs 20 to 50 times slower
statement_timeout = 0
autovacuum = off
CONF

start=$(date +%s)
# the postmaster under memcheck; backends and parallel workers are forks of
# it and stay under valgrind (--trace-children also follows any exec)
as_cluster_owner valgrind --tool=memcheck --trace-children=yes --child-silent-after-fork=no \
	--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--suppressions="$SPM_CLUSTER_DIR/valgrind.supp" --error-limit=no --num-callers=40 \
	--read-var-info=no --log-file="$logs/%p.log" \
	"$PG_BINDIR/postgres" -D "$SPM_CLUSTER_DIR/data" >"$SPM_CLUSTER_DIR/server.log" 2>&1 &
server=$!
export PGHOST=$SPM_CLUSTER_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
for _ in $(seq 1 300); do
	"$PG_BINDIR/pg_isready" -q && break
	kill -0 "$server" 2>/dev/null || break
	sleep 1
done
"$PG_BINDIR/pg_isready" -q || {
	echo "the server did not start under valgrind"
	cat "$SPM_CLUSTER_DIR/server.log"
	tail -n 5 "$logs"/*.log
	exit 1
}

rm -rf results regression.diffs regression.out
set +e
if [ -n "$regress" ]; then
	make --no-print-directory installcheck REGRESS="$regress" >regression.log 2>&1
else
	make --no-print-directory installcheck >regression.log 2>&1
fi
set -e
grep -E '\.\.\. ' regression.log || tail -n 20 regression.log
# A FAILED test here is not by itself a memory error: valgrind computes
# long double as double, so results that spm sums in long double (the t
# quantile of src/core/tdist.c) can differ in the 15th digit; see
# regression.diffs.
echo "pg_regress under valgrind: $(grep -cE "$SPM_REGRESS_OK" regression.log) ok, $(grep -cE "$SPM_REGRESS_FAILED" regression.log) FAILED (see regression.diffs)"
as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$SPM_CLUSTER_DIR/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
end=$(date +%s)

nm --defined-only "$so" | awk '{ print $3 }' | sort -u >"$SPM_CLUSTER_DIR/spm-symbols"
python3 - "$logs" "$SPM_CLUSTER_DIR/spm-symbols" "$so" "$((end - start))" <<'PY'
import os, re, sys
logs, symfile, so, secs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
syms = set(open(symfile).read().split())
frame = re.compile(r'^==\d+==\s+(?:at|by) 0x[0-9A-F]+: (\S+)(.*)$')
errors, leaks, lost_bytes, all_errors, procs = [], [], 0, 0, 0
for name in sorted(os.listdir(logs)):
    procs += 1
    block = []
    for line in open(os.path.join(logs, name), errors='replace').read().split('\n') + ['==0== ']:
        body = re.sub(r'^==\d+== ?', '', line)
        if body.strip() == '':
            if block:
                head = block[0]
                frames = [frame.match(l) for l in block[1:]]
                frames = [f for f in frames if f]
                is_error = frames and not head.startswith(('HEAP SUMMARY', 'LEAK SUMMARY', 'ERROR SUMMARY', 'Memcheck', 'Copyright', 'Using Valgrind', 'Command', 'Parent PID', 'For lists', 'in use at exit', 'total heap usage'))
                if is_error:
                    all_errors += 1
                    in_spm = any(f.group(1) in syms or 'spm.so' in f.group(2) for f in frames)
                    if in_spm:
                        text = '\n'.join(re.sub(r'^==\d+== ?', '  ', l) for l in block)
                        if 'definitely lost' in head:
                            leaks.append(text)
                            m = re.match(r'([\d,]+) bytes', head.strip())
                            if m:
                                lost_bytes += int(m.group(1).replace(',', ''))
                        else:
                            errors.append(text)
            block = []
        else:
            block.append(line)
print(f'valgrind: {secs} s, {procs} server processes, {all_errors} memcheck reports in all '
      f'(PostgreSQL included), {len(errors)} errors in spm code, '
      f'{len(leaks)} leaks definitely lost in spm code ({lost_bytes} bytes)')
for e in errors + leaks:
    print(e)
    print()
sys.exit(1 if errors or leaks else 0)
PY
