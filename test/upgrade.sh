#!/usr/bin/env bash
# The update path of every released spm version (doc/development.md,
# "Releasing"), on a throwaway cluster:
#
#   1. CREATE EXTENSION spm VERSION '<oldest>' from upgrade/spm--<oldest>.sql
#      with the library just built, and a call of each of that version's C
#      functions and aggregates: each gives that version's answer or fails
#      with 55000 ("Run ALTER EXTENSION spm UPDATE"), and no backend crashes
#      (the server log is read at the end);
#   2. objects of a user made before the update (a table of spm values, views
#      that call spm's functions and aggregates) survive it with the same
#      values and answers;
#   3. ALTER EXTENSION spm UPDATE TO each version in turn, the chain read
#      from the file names in upgrade/ (a released step spm--A--B.sql, or
#      A--B.sql.in, the source the Makefile builds the step into the
#      unreleased version from), up to default_version in spm.control;
#   4. the catalog of that database equals the one CREATE EXTENSION spm
#      gives in a fresh database: functions and aggregates with their
#      signatures and labels, types, operators, operator classes and
#      families, casts, tables, columns, constraints, indexes, triggers,
#      views, sequences, row security and policies, privileges (and the
#      initial privileges pg_dump starts from), comments, extension
#      membership and configuration tables, the group roles.  Any
#      difference is printed as a diff.
#
#   bash test/upgrade.sh
#
# Prints "ok"/"not ok" lines and a final "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.."
. test/lib/cluster.sh
. test/lib/check.sh

work=$(mktemp -d)
trap 'cluster_stop; rm -rf "$work"' EXIT

# ---- the chain of versions --------------------------------------------------

target=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" spm.control)
# released install scripts: upgrade/spm--X.sql (one version, no update step)
oldest=$(ls upgrade/ | sed -n 's/^spm--\([^-]*\)\.sql$/\1/p' | sort -V | head -n 1)
# update steps "A--B": released (upgrade/spm--A--B.sql) or built by make
# install from upgrade/A--B.sql.in while B is unreleased (Makefile)
steps=$(ls upgrade/ | sed -n 's/^spm--\([^-]*--[^-]*\)\.sql$/\1/p; s/^\([^-]*--[^-]*\)\.sql\.in$/\1/p')
chain=("$oldest")
while [ "${chain[-1]}" != "$target" ]; do
	next=$(echo "$steps" | sed -n "s/^${chain[-1]//./\\.}--//p" | sort -V | head -n 1)
	if [ -z "$next" ]; then
		check "an update path from $oldest to $target in upgrade/" 1 "no upgrade/spm--${chain[-1]}--*.sql or upgrade/${chain[-1]}--*.sql.in"
		check_summary
		exit 1
	fi
	chain+=("$next")
done
check "an update path in upgrade/: ${chain[*]}" 0

cluster_start upgrade >/dev/null || exit 1
log="$SPM_CLUSTER_DIR/server.log"

q() {
	# q DB SQL...: run, print what psql prints (errors as their SQLSTATE)
	local db=$1
	shift
	psql -X -q -At -v VERBOSITY=sqlstate -d "$db" "$@" 2>&1 | sed 's/^ERROR:  //'
}

versions=$(q postgres -c "SELECT string_agg(version, ' ' ORDER BY version) FROM pg_available_extension_versions WHERE name = 'spm'")
missing=
for v in "${chain[@]}"; do
	case " $versions " in *" $v "*) ;; *) missing="$missing $v" ;; esac
done
check "make install installs every version's script (available: $versions)" "$([ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing"

roles=$(q postgres -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user')")
check "the group roles do not exist before the update creates them" "$([ "$roles" = 0 ] && echo 0 || echo 1)" "$roles found"

q postgres -c "CREATE DATABASE upgraded" -c "CREATE DATABASE fresh" >/dev/null
out=$(q upgraded -c "CREATE EXTENSION spm VERSION '$oldest'")
check "CREATE EXTENSION spm VERSION '$oldest' with the current library" "$([ -z "$out" ] && echo 0 || echo 1)" "$out"

# ---- 0.1.0's functions with the current library -----------------------------
#
# Every C function and aggregate of 0.1.0's script, called with valid
# arguments in the database still at 0.1.0.  "t": the check holds (values
# worked out by hand, in the comments); "55000": the function fails cleanly,
# asking for ALTER EXTENSION spm UPDATE (src/common/compat_0_1.c).

q upgraded -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE smoke (i integer, score integer, hit boolean, amount numeric, prob numeric,
                    actual float8, fcst float8, x float8, y float8);
-- scores 10 9 8 6 (eNPS: promoters 2, passives 1, detractors 1), hits t t t f t,
-- deals 1000 at 0.5 and 2000 at 0.25, forecasts 110 for 100 and 180 for 200
INSERT INTO smoke VALUES
    (1, 10, true, 1000, 0.5, 100, 110, 1, 2),
    (2, 9, true, 2000, 0.25, 200, 180, 2, 4),
    (3, 8, true, NULL, NULL, NULL, NULL, 3, 6),
    (4, 6, false, NULL, NULL, NULL, NULL, NULL, NULL),
    (5, NULL, true, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE binary_copy (survey spm.survey_state, plan spm.tier_schedule, accuracy spm.accuracy_state,
                          streak spm.streak_state, win spm.win_rate_state, trend spm.trend);
SQL
if [ "$oldest" = 0.1.0 ]; then
	calls=$(cat <<'SQL'
t	SELECT spm.enps(score) = 25 FROM smoke  -- 100 * (2 - 1) / 4
t	SELECT spm.enps(score, 5) IS NULL FROM smoke  -- 4 answers, fewer than 5
t	SELECT (s).responses = 4 AND (s).promoters = 2 AND (s).passives = 1 AND (s).detractors = 1 AND (s).nps = 25 FROM (SELECT spm.nps_stats(score) AS s FROM smoke) n
t	SELECT round(spm.csat(c), 2) = 66.67 FROM (VALUES (5), (4), (3)) v(c)  -- 2 of 3 are 4 or 5
t	SELECT array_agg(e ORDER BY i) = '{100,100,50,-50,-100}' FROM (SELECT i, spm.enps(score) OVER (ORDER BY i ROWS 1 PRECEDING) AS e FROM smoke) w  -- 10,9 -> 100; 9,8 -> 50; 8,6 -> -50; 6 -> -100
t	SELECT array_agg(e ORDER BY i) = '{100,100,50,-50,-100}' FROM (SELECT i, spm.enps(score, 1) OVER (ORDER BY i ROWS 1 PRECEDING) AS e FROM smoke) w
t	SELECT array_agg(round((s).nps) ORDER BY i) = '{100,100,50,-50,-100}' FROM (SELECT i, spm.nps_stats(score) OVER (ORDER BY i ROWS 1 PRECEDING) AS s FROM smoke) w
t	SELECT array_agg(c ORDER BY i) = '{100,100,50,0}' FROM (SELECT i, spm.csat(c) OVER (ORDER BY i ROWS 1 PRECEDING) AS c FROM (VALUES (1, 5), (2, 4), (3, 3), (4, 2)) v(i, c)) w  -- 5,4; 4,3; 3,2
t	SELECT spm.survey_combine('(1,0,2,0)', '(0,3,0,0)')::text = '(1,3,2,0)'
t	SELECT spm.nps_category(9) = 'promoter' AND spm.nps_category(7) = 'passive' AND spm.nps_category(6) = 'detractor'
t	SELECT '(1,2,3,0)'::spm.survey_state::text = '(1,2,3,0)'
t	SELECT spm.tier_mode(s) = 'graduated' AND spm.tier_thresholds(s) = '{0,50000}' AND spm.tier_rates(s) = '{0.05,0.07}' AND spm.tier_cap(s) = 20000 AND spm.tier_gate(s) IS NULL FROM (SELECT 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000'::spm.tier_schedule AS s) p
t	SELECT spm.tiers('{0,50000}', '{0.05,0.07}') = 'graduated: 0 @ 0.05, 50000 @ 0.07'::spm.tier_schedule
t	SELECT spm.tiers('{0,50000}', '{0.05,0.07}') <> 'retroactive: 0 @ 0.05, 50000 @ 0.07'::spm.tier_schedule
t	SELECT spm.tier_schedule_hash('graduated: 0 @ 0.05') = spm.tier_schedule_hash('graduated: 0 @ 0.050')
t	SELECT count(*) = 2 FROM (SELECT s FROM (VALUES ('graduated: 0 @ 0.05'::spm.tier_schedule), ('graduated: 0 @ 0.050'), ('retroactive: 0 @ 0.05')) v(s) GROUP BY s) g  -- hashed: 0.1.0 has no btree class
t	SELECT (spm.tiers('{0,50000}', '{0.05,0.07}')::jsonb)->>'mode' = 'graduated'
t	SELECT '{"mode": "graduated", "thresholds": [0, 50000], "rates": [0.05, 0.07]}'::jsonb::spm.tier_schedule = spm.tiers('{0,50000}', '{0.05,0.07}')
t	SELECT spm.commission(60000, 'graduated: 0 @ 0.05, 50000 @ 0.07') = 3200  -- 50000 * 0.05 + 10000 * 0.07
t	SELECT spm.commission(60000, 'graduated: 0 @ 0.05, 0.5 @ 0.07', 100000) = 3200  -- the band at 0.5 of 100000
t	SELECT spm.commission_increment(50000, 10000, 'graduated: 0 @ 0.05, 50000 @ 0.07') = 700  -- 3200 - 2500
t	SELECT spm.commission_increment(50000, 10000, 'graduated: 0 @ 0.05, 0.5 @ 0.07', 100000) = 700
55000	SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05') FROM smoke
55000	SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05', 1000) FROM smoke
55000	SELECT spm.deal_commission(amount, 'graduated: 0 @ 0.05') OVER (ORDER BY i) FROM smoke
55000	SELECT spm.deal_commission(amount, 'graduated: 0 @ 0.05', 1000) OVER (ORDER BY i) FROM smoke
t	SELECT (SELECT sum(p) FROM unnest(s) p) = 100 AND s[1] - s[3] = 0.01 FROM (SELECT spm.split(100, '{1,1,1}') AS s) x  -- 33.34 + 33.33 + 33.33
t	SELECT round(spm.prorate(3000, '[2024-01-01,2024-02-01)', '[2024-01-16,2024-03-01)'), 2) = 1548.39  -- 3000 * 16 / 31
t	SELECT (d).paid = 3000 AND (d).recovered = 0 AND (d).balance = 0 FROM (SELECT spm.draw(3000, 2000, true) AS d) x  -- earned over the draw
t	SELECT spm.attainment(80, 100) = 0.8
55000	SELECT spm.attainment_agg(amount, 1000) FROM smoke
t	SELECT (p).elapsed_fraction = 0.5 AND (p).expected = 50 AND (p).pace = 1 AND (p).projected = 100 AND (p).gap = 50 AND (p).required_per_day = 10 FROM (SELECT spm.pacing(50, 100, '[2024-01-01,2024-01-11)', '2024-01-05') AS p) x  -- 5 of 10 days
t	SELECT spm.ramp_quota(1000, 0, '{0.5,0.75}') = 500 AND spm.ramp_quota(1000, 2, '{0.5,0.75}') = 1000
t	SELECT spm.coverage(300, 1000, 400) = 0.5  -- 300 / (1000 - 400)
t	SELECT point = 2.25 FROM spm.forecast('{1,2,3}', 1, 'ses', alpha => 0.5)  -- level 1, then 1.5, then 2.25
t	SELECT method = 'ses' AND alpha BETWEEN 0 AND 1 FROM spm.forecast_fit('{1,2,3,2,1,2,3}', 'ses')
t	SELECT spm.mape(actual, fcst) = 0.1 AND spm.wape(actual, fcst) = 0.1 FROM smoke  -- 10/100, 20/200; 30/300
t	SELECT round(spm.forecast_bias(actual, fcst)::numeric, 6) = -0.033333 AND round(spm.rmse(actual, fcst)::numeric, 6) = 15.811388 FROM smoke  -- -10/300; sqrt(500/2)
t	SELECT spm.accuracy_combine('(1,0,0.1,10,100,10,100)', '(1,0,0.1,20,200,-20,400)')::text = '(2,0,0.2,30,300,-10,500)'
t	SELECT spm.weighted_pipeline(amount, prob) = 1000 FROM smoke  -- 500 + 500
t	SELECT spm.weighted_pipeline_combine(1, 2) = 3
t	SELECT (s).current = 1 AND (s).longest = 3 FROM (SELECT spm.streak(hit ORDER BY i) AS s FROM smoke) x  -- t t t f t
t	SELECT spm.streak_combine('(0,0,0,0)', '(0,0,0,0)')::text = '(0,0,0,0)'
t	SELECT round(spm.win_rate(won), 4) = 0.6667 FROM (VALUES (true), (true), (false), (NULL)) v(won)  -- 2 / 3
t	SELECT array_agg(w ORDER BY i) = '{1,1,1,0.5,0.5}' FROM (SELECT i, spm.win_rate(hit) OVER (ORDER BY i ROWS 1 PRECEDING) AS w FROM smoke) x
t	SELECT spm.win_rate_combine('(2,1)', '(1,1)')::text = '(3,2)'
t	SELECT spm.level(150, '{0,100,200}', '{bronze,silver,gold}') = 'silver'
t	SELECT spm.pipeline_velocity(10, 5000, 0.25, 50) = 250  -- 10 * 5000 * 0.25 / 50
55000	SELECT spm.gini(x) FROM smoke
t	SELECT max(load) = 5 AND count(*) = 3 FROM spm.balance('{1,2,3}', '{5,3,2}', 2)  -- {5} and {3,2}
t	SELECT max(load) = 5 AND count(*) = 3 FROM spm.balance_greedy('{1,2,3}', '{5,3,2}', 2)  -- 5; 3 then 2 on the lighter
55000	SELECT spm.trend_agg(y, x) FROM smoke
t	SELECT '(2,3,7,0.5,8,2)'::spm.trend::text = '(2,3,7,0.5,8,2)'  -- 0.1.0's form, kept
55000	SELECT * FROM spm.trend_stats('(2,3,7,0.5,8,2)')
55000	SELECT * FROM spm.trend_forecast('(2,3,7,0.5,8,2)', 3)
55000	SELECT spm.trend_combine('(2,3,7,0.5,8,2)', '(2,3,7,0.5,8,2)')
55000	SELECT spm.trend_final('(2,3,7,0.5,8,2)')
SQL
)
	while IFS=$'\t' read -r want sql; do
		got=$(PGOPTIONS="-c search_path=public,spm" q upgraded -c "$sql" | head -n 3)
		check "$oldest with the current library: ${sql%%  --*} gives $want" "$([ "$got" = "$want" ] && echo 0 || echo 1)" "got $got"
	done <<<"$calls"

	# each state type's binary form back and forth (send, then receive)
	q upgraded -c "INSERT INTO binary_copy VALUES ('(1,2,3,0)', 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000',
	                   '(1,0,0.1,10,100,10,100)', '(3,3,3,3)', '(2,1)', '(2,3,7,0.5,8,2)')" >/dev/null
	q upgraded -c "COPY binary_copy TO STDOUT (FORMAT binary)" >"$work/copy.bin"
	out=$(q upgraded -c "COPY binary_copy FROM STDIN (FORMAT binary)" <"$work/copy.bin"
	      q upgraded -c "SELECT count(DISTINCT b::text) || ' ' || count(*) FROM binary_copy b")
	check "$oldest with the current library: every state type's binary form reads back" "$([ "$out" = "1 2" ] && echo 0 || echo 1)" "$out"
	q upgraded -c "DROP TABLE binary_copy" >/dev/null
fi

# ---- a user's objects made before the update -----------------------------

# A table of spm values and views over it: the values read the same after
# the update, and the views (one calls an aggregate whose state type the
# update changes) give the same answers, or, where 0.1.0's SQL could not be
# served, the answer worked out by hand.
q upgraded -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE user_plan (id integer PRIMARY KEY, plan spm.tier_schedule, answers spm.survey_state,
                        accuracy spm.accuracy_state, wins spm.win_rate_state, streak spm.streak_state);
INSERT INTO user_plan VALUES
    (1, 'graduated: 0 @ 0.05, 50000 @ 0.07', '(2,1,1,0)', '(1,0,0.1,10,100,10,100)', '(2,1)', '(3,3,3,3)'),
    (2, 'retroactive: 0 @ 0.05, 50000 @ 0.07; cap 20000; gate 10000', '(0,0,5,3)', '(0,0,0,0,0,0,0)', '(0,4)', '(2,0,0,0)');
CREATE VIEW user_commission AS
    SELECT id, spm.commission(60000, plan) AS commission, spm.enps_final(answers) AS enps,
           spm.mape_final(accuracy) AS mape, spm.win_rate_final(wins) AS win_rate, (spm.streak_final(streak)).longest
      FROM user_plan;
CREATE VIEW user_commission_agg AS
    SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05, 50000 @ 0.07') AS commission
      FROM (VALUES (50000), (10000)) v(a);
SQL
before=$(q upgraded -c "SELECT u::text FROM user_plan u ORDER BY id" -c "SELECT v::text FROM user_commission v ORDER BY id")

# spm.trend cannot be kept: the update refuses while a user's column has it
q upgraded -c "CREATE TABLE user_trend (t spm.trend)" -c "INSERT INTO user_trend VALUES ('(2,3,7,0.5,8,2)')" >/dev/null
out=$(psql -X -q -d upgraded -v VERBOSITY=verbose -c "ALTER EXTENSION spm UPDATE" 2>&1 | head -n 3 | tr '\n' ' ')
case $out in
*2BP01*"column t of table "*user_trend*) st=0 ;;
*) st=1 ;;
esac
check "the update refuses while a column holds spm.trend of $oldest, naming it (2BP01)" $st "$out"
out=$(q upgraded -c "SELECT t::text FROM user_trend")
check "a stored spm.trend of $oldest still reads as text before the update" "$([ "$out" = "(2,3,7,0.5,8,2)" ] && echo 0 || echo 1)" "$out"
q upgraded -c "DROP TABLE user_trend" >/dev/null

# ---- the update, step by step ----------------------------------------------

for v in "${chain[@]:1}"; do
	out=$(q upgraded -v ON_ERROR_STOP=1 -c "ALTER EXTENSION spm UPDATE TO '$v'" -c "SELECT extversion FROM pg_extension WHERE extname = 'spm'")
	check "ALTER EXTENSION spm UPDATE TO '$v'" "$([ "$out" = "$v" ] && echo 0 || echo 1)" "$out"
done

after=$(q upgraded -c "SELECT u::text FROM user_plan u ORDER BY id" -c "SELECT v::text FROM user_commission v ORDER BY id")
check "a user's spm values and views over them are the same after the update" "$([ "$before" = "$after" ] && echo 0 || echo 1)" \
	"$(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
# 3200 = 50000 * 0.05 + 10000 * 0.07 (its aggregate's state type changed)
out=$(q upgraded -c "SELECT commission = 3200 FROM user_commission_agg")
check "a user's view of spm.commission_agg works after the update (3200)" "$([ "$out" = t ] && echo 0 || echo 1)" "$out"
out=$(q upgraded -c "SELECT spm.gini(x) = 0.25 FROM (VALUES (1), (3)) v(x)" \
	-c "SELECT spm.attainment_agg(a, 100) = 0.375 FROM (VALUES (50), (25)) v(a)")
# gini of {1, 3}: sum |xi - xj| over ordered pairs / (2 n^2 mean) = 4 / (2 * 4 * 2);
# attainment: (50 + 25) / (100 + 100)
check "the updated aggregates answer (gini of 1 and 3 is 0.25, attainment 75 of 200)" "$([ "$out" = $'t\nt' ] && echo 0 || echo 1)" "$out"

# ---- the catalog, updated and fresh ------------------------------------------

out=$(q fresh -c "CREATE EXTENSION spm")
check "CREATE EXTENSION spm ($target) in a fresh database" "$([ -z "$out" ] && echo 0 || echo 1)" "$out"

# One line per fact, named by identity (regprocedure, format_type,
# pg_get_*def, role names), never by OID; multi-line definitions (function
# bodies, views) one line per line so that a diff shows the line.
cat >"$work/catalog.sql" <<'SQL'
-- One line per fact, identity-based (names, regprocedure, pg_get_*def), sorted.
WITH ext AS (SELECT oid, extnamespace FROM pg_catalog.pg_extension WHERE extname = 'spm'),
nsp AS (SELECT extnamespace AS oid FROM ext),
fn AS (SELECT p.* FROM pg_catalog.pg_proc p WHERE p.pronamespace = (SELECT oid FROM nsp)),
ty AS (SELECT t.* FROM pg_catalog.pg_type t WHERE t.typnamespace = (SELECT oid FROM nsp)),
rel AS (SELECT c.* FROM pg_catalog.pg_class c WHERE c.relnamespace = (SELECT oid FROM nsp)),
facts(line) AS (
  -- extension and schema
  SELECT pg_catalog.format('extension spm: version=%s relocatable=%s schema=%s config=%s conditions=%s',
         e.extversion, e.extrelocatable, e.extnamespace::regnamespace,
         (SELECT pg_catalog.array_agg(c::regclass::text ORDER BY c::regclass::text) FROM pg_catalog.unnest(e.extconfig) c),
         (SELECT pg_catalog.array_agg(x ORDER BY x) FROM pg_catalog.unnest(e.extcondition) x))
    FROM pg_catalog.pg_extension e WHERE e.extname = 'spm'
  UNION ALL
  SELECT pg_catalog.format('schema %s: owner-is-superuser=%s acl=%s', n.nspname, r.rolsuper, n.nspacl)
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner WHERE n.oid = (SELECT oid FROM nsp)
  UNION ALL
  -- functions and procedures: labels, then the whole definition line by line
  SELECT pg_catalog.format('function %s: kind=%s returns=%s args=[%s] lang=%s volatility=%s strict=%s parallel=%s secdef=%s leakproof=%s cost=%s rows=%s retset=%s support=%s config=%s acl=%s%s',
         p.oid::regprocedure, p.prokind, pg_catalog.pg_get_function_result(p.oid),
         pg_catalog.pg_get_function_arguments(p.oid), l.lanname, p.provolatile, p.proisstrict,
         p.proparallel, p.prosecdef, p.proleakproof, p.procost, p.prorows, p.proretset,
         p.prosupport::regproc, p.proconfig, p.proacl,
         CASE WHEN l.lanname IN ('c', 'internal') THEN pg_catalog.format(' symbol=%s library=%s', p.prosrc, p.probin) ELSE '' END)
    FROM fn p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  UNION ALL
  SELECT pg_catalog.format('function %s body %s: %s', p.oid::regprocedure, pg_catalog.lpad(b.n::text, 4, '0'), b.line)
    FROM fn p JOIN pg_catalog.pg_language l ON l.oid = p.prolang,
         pg_catalog.regexp_split_to_table(pg_catalog.pg_get_functiondef(p.oid), E'\n') WITH ORDINALITY AS b(line, n)
   WHERE p.prokind <> 'a' AND l.lanname NOT IN ('c', 'internal')
  UNION ALL
  -- aggregates
  SELECT pg_catalog.format('aggregate %s: kind=%s direct=%s sfunc=%s stype=%s sspace=%s initcond=%s finalfunc=%s finalextra=%s finalmodify=%s combine=%s serial=%s deserial=%s msfunc=%s minvfunc=%s mstype=%s msspace=%s minitcond=%s mfinalfunc=%s mfinalextra=%s mfinalmodify=%s sortop=%s',
         a.aggfnoid::regprocedure, a.aggkind, a.aggnumdirectargs,
         nullif(a.aggtransfn::oid, 0)::regprocedure, pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace, a.agginitval,
         nullif(a.aggfinalfn::oid, 0)::regprocedure, a.aggfinalextra, a.aggfinalmodify,
         nullif(a.aggcombinefn::oid, 0)::regprocedure, nullif(a.aggserialfn::oid, 0)::regprocedure,
         nullif(a.aggdeserialfn::oid, 0)::regprocedure, nullif(a.aggmtransfn::oid, 0)::regprocedure,
         nullif(a.aggminvtransfn::oid, 0)::regprocedure, pg_catalog.format_type(nullif(a.aggmtranstype, 0), NULL),
         a.aggmtransspace, a.aggminitval, nullif(a.aggmfinalfn::oid, 0)::regprocedure, a.aggmfinalextra,
         a.aggmfinalmodify, nullif(a.aggsortop, 0)::regoperator)
    FROM pg_catalog.pg_aggregate a JOIN fn p ON p.oid = a.aggfnoid
  UNION ALL
  -- types (base, composite, domain, enum, range, shell, arrays)
  SELECT pg_catalog.format('type %s: type=%s len=%s byval=%s category=%s preferred=%s delim=%s input=%s output=%s receive=%s send=%s typmodin=%s typmodout=%s analyze=%s align=%s storage=%s notnull=%s base=%s typmod=%s ndims=%s collation=%s default=%s element=%s array=%s acl=%s',
         pg_catalog.format_type(t.oid, NULL), t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred, t.typdelim,
         t.typinput::regprocedure, t.typoutput::regprocedure, nullif(t.typreceive::oid, 0)::regprocedure,
         nullif(t.typsend::oid, 0)::regprocedure, nullif(t.typmodin::oid, 0)::regprocedure,
         nullif(t.typmodout::oid, 0)::regprocedure, nullif(t.typanalyze::oid, 0)::regprocedure,
         t.typalign, t.typstorage, t.typnotnull, pg_catalog.format_type(nullif(t.typbasetype, 0), NULL), t.typtypmod,
         t.typndims, nullif(t.typcollation, 0)::regcollation, t.typdefault,
         pg_catalog.format_type(nullif(t.typelem, 0), NULL), pg_catalog.format_type(nullif(t.typarray, 0), NULL), t.typacl)
    FROM ty t
  UNION ALL
  SELECT pg_catalog.format('type %s label %s: %s', t.oid::regtype, e.enumsortorder, e.enumlabel)
    FROM ty t JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
  UNION ALL
  SELECT pg_catalog.format('type %s constraint %s: %s', t.oid::regtype, c.conname, pg_catalog.pg_get_constraintdef(c.oid))
    FROM ty t JOIN pg_catalog.pg_constraint c ON c.contypid = t.oid
  UNION ALL
  -- relations: tables, views, sequences, indexes, composite types' columns
  SELECT pg_catalog.format('relation %s: kind=%s persistence=%s rowsecurity=%s forcerowsecurity=%s options=%s acl=%s replident=%s',
         c.oid::regclass, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.reloptions, c.relacl, c.relreplident)
    FROM rel c
  UNION ALL
  SELECT pg_catalog.format('relation %s column %s %s: type=%s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s',
         c.oid::regclass, pg_catalog.lpad((pg_catalog.row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum))::text, 3, '0'), a.attname,
         pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid),
         a.attidentity, a.attgenerated, nullif(a.attcollation, 0)::regcollation, a.attacl)
    FROM rel c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
  UNION ALL
  SELECT pg_catalog.format('relation %s constraint %s: type=%s deferrable=%s deferred=%s validated=%s %s',
         c.oid::regclass, k.conname, k.contype, k.condeferrable, k.condeferred, k.convalidated, pg_catalog.pg_get_constraintdef(k.oid))
    FROM rel c JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid
  UNION ALL
  SELECT pg_catalog.format('relation %s index: %s', i.indrelid::regclass, pg_catalog.pg_get_indexdef(i.indexrelid))
    FROM rel c JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
  UNION ALL
  SELECT pg_catalog.format('relation %s trigger: enabled=%s %s', c.oid::regclass, g.tgenabled, pg_catalog.pg_get_triggerdef(g.oid))
    FROM rel c JOIN pg_catalog.pg_trigger g ON g.tgrelid = c.oid AND NOT g.tgisinternal
  UNION ALL
  SELECT pg_catalog.format('relation %s view %s: %s', c.oid::regclass, pg_catalog.lpad(v.n::text, 4, '0'), v.line)
    FROM rel c, pg_catalog.regexp_split_to_table(pg_catalog.pg_get_viewdef(c.oid, true), E'\n') WITH ORDINALITY AS v(line, n)
   WHERE c.relkind IN ('v', 'm')
  UNION ALL
  SELECT pg_catalog.format('relation %s rule: %s', c.oid::regclass, pg_catalog.pg_get_ruledef(r.oid))
    FROM rel c JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT pg_catalog.format('sequence %s: type=%s start=%s increment=%s max=%s min=%s cache=%s cycle=%s owned-by=%s',
         s.seqrelid::regclass, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
         (SELECT pg_catalog.format('%s.%s', d.refobjid::regclass, a.attname) FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')))
    FROM rel c JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
  UNION ALL
  SELECT pg_catalog.format('relation %s policy %s: command=%s permissive=%s roles=%s using=%s check=%s',
         c.oid::regclass, p.polname, p.polcmd, p.polpermissive,
         (SELECT pg_catalog.array_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END ORDER BY 1) FROM pg_catalog.unnest(p.polroles) r),
         pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))
    FROM rel c JOIN pg_catalog.pg_policy p ON p.polrelid = c.oid
  UNION ALL
  -- operators, operator classes and families, casts
  SELECT pg_catalog.format('operator %s: kind=%s result=%s function=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s',
         o.oid::regoperator, o.oprkind, pg_catalog.format_type(o.oprresult, NULL), o.oprcode::regprocedure,
         nullif(o.oprcom, 0)::regoperator, nullif(o.oprnegate, 0)::regoperator,
         nullif(o.oprrest::oid, 0)::regprocedure, nullif(o.oprjoin::oid, 0)::regprocedure, o.oprcanhash, o.oprcanmerge)
    FROM pg_catalog.pg_operator o WHERE o.oprnamespace = (SELECT oid FROM nsp)
  UNION ALL
  SELECT pg_catalog.format('operator class %s using %s: family=%s type=%s default=%s keytype=%s',
         o.opcname, am.amname, f.opfname, pg_catalog.format_type(o.opcintype, NULL), o.opcdefault, pg_catalog.format_type(nullif(o.opckeytype, 0), NULL))
    FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am am ON am.oid = o.opcmethod JOIN pg_catalog.pg_opfamily f ON f.oid = o.opcfamily
   WHERE o.opcnamespace = (SELECT oid FROM nsp)
  UNION ALL
  SELECT pg_catalog.format('operator family %s using %s member: %s', f.opfname, am.amname, pg_catalog.pg_describe_object(d.classid, d.objid, 0))
    FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
    JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_opfamily'::regclass AND d.refobjid = f.oid
         AND d.classid IN ('pg_catalog.pg_amop'::regclass, 'pg_catalog.pg_amproc'::regclass)
   WHERE f.opfnamespace = (SELECT oid FROM nsp)
  UNION ALL
  SELECT pg_catalog.format('cast (%s AS %s): function=%s context=%s method=%s',
         pg_catalog.format_type(c.castsource, NULL), pg_catalog.format_type(c.casttarget, NULL),
         nullif(c.castfunc, 0)::regprocedure, c.castcontext, c.castmethod)
    FROM pg_catalog.pg_cast c
   WHERE c.castsource IN (SELECT oid FROM ty) OR c.casttarget IN (SELECT oid FROM ty) OR c.castfunc IN (SELECT oid FROM fn)
  UNION ALL
  -- comments on anything in the database that belongs to spm's schema or the extension
  SELECT pg_catalog.format('comment on %s: %s', pg_catalog.pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
    FROM pg_catalog.pg_description d
   WHERE (d.classoid, d.objoid) IN (SELECT classid, objid FROM pg_catalog.pg_depend WHERE refobjid = (SELECT oid FROM ext) AND deptype = 'e')
      OR (d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objoid = (SELECT oid FROM nsp))
      OR (d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid IN (SELECT oid FROM rel))
      OR (d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objoid IN (SELECT oid FROM fn))
      OR (d.classoid = 'pg_catalog.pg_type'::regclass AND d.objoid IN (SELECT oid FROM ty))
      OR (d.classoid = 'pg_catalog.pg_operator'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_operator WHERE oprnamespace = (SELECT oid FROM nsp)))
      OR (d.classoid = 'pg_catalog.pg_opclass'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_opclass WHERE opcnamespace = (SELECT oid FROM nsp)))
      OR (d.classoid = 'pg_catalog.pg_opfamily'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_opfamily WHERE opfnamespace = (SELECT oid FROM nsp)))
      OR (d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_policy WHERE polrelid IN (SELECT oid FROM rel)))
      OR (d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_trigger WHERE tgrelid IN (SELECT oid FROM rel)))
      OR (d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid IN (SELECT oid FROM pg_catalog.pg_constraint WHERE conrelid IN (SELECT oid FROM rel) OR contypid IN (SELECT oid FROM ty)))
  UNION ALL
  -- extension membership, and the initial privileges pg_dump starts from
  SELECT pg_catalog.format('member: %s', pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid))
    FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = (SELECT oid FROM ext) AND d.deptype = 'e'
  UNION ALL
  SELECT pg_catalog.format('initial privileges of %s: type=%s acl=%s', pg_catalog.pg_describe_object(i.classoid, i.objoid, i.objsubid), i.privtype, i.initprivs)
    FROM pg_catalog.pg_init_privs i
   WHERE (i.classoid, i.objoid) IN (SELECT classid, objid FROM pg_catalog.pg_depend WHERE refobjid = (SELECT oid FROM ext) AND deptype = 'e')
      OR (i.classoid = 'pg_catalog.pg_namespace'::regclass AND i.objoid = (SELECT oid FROM nsp))
  UNION ALL
  SELECT pg_catalog.format('default privileges in schema %s for %s: %s', (SELECT oid FROM nsp)::regnamespace, a.defaclobjtype, a.defaclacl)
    FROM pg_catalog.pg_default_acl a WHERE a.defaclnamespace = (SELECT oid FROM nsp)
  UNION ALL
  -- the group roles the data model creates (cluster-wide)
  SELECT pg_catalog.format('role %s: login=%s super=%s inherit=%s createrole=%s createdb=%s bypassrls=%s member-of=%s comment=%s',
         r.rolname, r.rolcanlogin, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
         (SELECT pg_catalog.array_agg(m.roleid::regrole::text ORDER BY 1) FROM pg_catalog.pg_auth_members m WHERE m.member = r.oid),
         pg_catalog.shobj_description(r.oid, 'pg_authid'))
    FROM pg_catalog.pg_roles r WHERE r.rolname LIKE 'spm\_%'
)
SELECT fact FROM (SELECT pg_catalog.replace(line, E'\n', '\n') AS fact FROM facts) f ORDER BY fact COLLATE "C";
SQL
q upgraded -f "$work/catalog.sql" >"$work/upgraded.txt"
q fresh -f "$work/catalog.sql" >"$work/fresh.txt"
lines=$(wc -l <"$work/fresh.txt")
if [ "$lines" -lt 1000 ] || grep -q '^ERROR' "$work/fresh.txt"; then
	check "the catalog query describes a fresh install" 1 "$(head -n 3 "$work/fresh.txt")"
fi
if diff -u --label "CREATE EXTENSION spm VERSION '$oldest' + ALTER EXTENSION spm UPDATE" --label "CREATE EXTENSION spm" \
	"$work/upgraded.txt" "$work/fresh.txt" >"$work/catalog.diff"; then
	check "the catalog after updating from $oldest equals a fresh install's ($lines facts)" 0
else
	check "the catalog after updating from $oldest equals a fresh install's ($lines facts)" 1 "differences:"
	head -n 200 "$work/catalog.diff" | sed 's/^/    /'
fi

# ---- no backend crashed ------------------------------------------------------

crashes=$(grep -cE 'terminated by signal|was terminated by exception|server process .* exited abnormally' "$log")
check "no server process crashed (server log)" "$([ "$crashes" = 0 ] && echo 0 || echo 1)" \
	"$(grep -E 'terminated by signal|exited abnormally' "$log" | head -n 3)"

check_summary
[ "$failed" -eq 0 ]
