#!/usr/bin/env bash
# A year of commissions for the sample organisation through spm alone.
#
# In a throwaway cluster, the demo's own data scripts (demo/data/*.sql, as
# make demo runs them) load the sample organisation.  They load three years
# of credits at once; the test sets the 2025 credits aside in a table of
# its own (yeartest.crm_credit, the CRM's export) and feeds them back
# quarter by quarter.  Then sales ops (demo_admin, a member of spm_admin,
# not a superuser) runs 2025 with nothing but INSERT and UPDATE on spm's
# tables and calls of spm's functions:
#
#   each quarter   load its credits; calculate, approve, lock, mark paid
#   Q2, Q3, Q4     a late credit of the quarter before (locked by then) is
#                  refused with SQLSTATE 55000, then dated in the open quarter
#   Q2, Q3         a clawback of a deal paid in an earlier quarter (besides
#                  the demo's own cancelled deals)
#   Q3             a mid-quarter plan change: the accelerator plan gets new
#                  rates from 2025-08-16 (a new version; its quotas are
#                  prorated by days, 46 of Q3's 92 on each side)
#
# and checks, with any SQL:
#   (a) every payout line's spm.explain rows add up to its amount
#   (b) every rep's total for the year equals an independent computation
#       (python3, exact fractions) from the raw credits, schedules, quotas
#       and exchange rates; two reps' numbers are printed to check by hand
#   (c) a rerun of a locked (and of a paid) quarter is refused (55000) and
#       changes nothing in the ledger (checksum before and after)
#   (d) spm.payout_statement shows every line of a paid quarter as paid,
#       to sales ops and to the rep logged in as themselves
#
#   bash test/year.sh
#
# Prints "ok"/"not ok" lines (and "#" lines with the hand-checkable
# figures) and a final "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.." || exit 1
. test/lib/cluster.sh

. test/lib/check.sh

work=$(mktemp -d)
cleanup() {
	cluster_stop
	rm -rf "$work"
}
trap cleanup EXIT

cluster_start year >/dev/null || exit 1
export PGDATABASE=spm_year
psql -X -q -d postgres -c "CREATE DATABASE spm_year"

# q SQL: one value, as the superuser (loading and checking)
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
# val KEY FILE: the value of the output line "KEY|value" of FILE
val() { sed -n "s/^$1|//p" "$2"; }

# ---- the sample organisation ------------------------------------------------
start=$(date +%s)
{
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION spm" &&
		for f in demo/data/*.sql; do
			psql -X -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null || exit 1
		done
} >"$work/load.log" 2>&1
check "the sample organisation loaded by demo/data/*.sql" $? "$(tail -n 5 "$work/load.log")"

# The CRM's export of 2025, set aside before any pay run exists (the
# demo loads all its years at once; here 2025 arrives quarter by quarter,
# in the year's INSERTs below); and the
# test's choices, made once: rep A on the volume plan (graduated on
# amount), rep B on the accelerator plan (on attainment, capped), both in
# USD, employed all year, with few credits (so that their figures can be
# checked by hand) and enough deals for the late credits and clawbacks.
q "CREATE SCHEMA yeartest;
   CREATE TABLE yeartest.crm_credit AS SELECT * FROM spm.credit WHERE credited_on >= date '2025-01-01';
   DELETE FROM spm.credit WHERE credited_on >= date '2025-01-01';
   CREATE TABLE yeartest.pick (what text PRIMARY KEY, rep_id bigint NOT NULL, credit_id bigint);
   CREATE VIEW yeartest.open_deal AS
   SELECT c.*, extract(quarter FROM c.credited_on)::int AS quarter,
          row_number() OVER (PARTITION BY c.rep_id, extract(quarter FROM c.credited_on)
                             ORDER BY c.credited_on, c.credit_id) AS first,
          row_number() OVER (PARTITION BY c.rep_id, extract(quarter FROM c.credited_on)
                             ORDER BY c.credited_on DESC, c.credit_id DESC) AS last
     FROM yeartest.crm_credit c
    WHERE c.kind = 'deal' AND NOT EXISTS (SELECT FROM yeartest.crm_credit x WHERE x.reverses = c.credit_id);
   INSERT INTO yeartest.pick (what, rep_id)
   SELECT DISTINCT ON (a.plan_id) CASE a.plan_id WHEN 1 THEN 'rep A' ELSE 'rep B' END, r.rep_id
     FROM spm.rep r JOIN spm.assignment a USING (rep_id)
    WHERE a.plan_id IN (1, 3) AND r.currency = 'USD' AND r.hired_on < date '2025-01-01'
      AND (SELECT count(DISTINCT o.quarter) FROM yeartest.open_deal o WHERE o.rep_id = r.rep_id) = 4
      AND (SELECT count(*) FROM yeartest.open_deal o WHERE o.rep_id = r.rep_id
            AND o.quarter = CASE a.plan_id WHEN 1 THEN 1 ELSE 2 END) >= 2
    ORDER BY a.plan_id, (SELECT count(*) FROM yeartest.crm_credit c WHERE c.rep_id = r.rep_id), r.rep_id;
   -- late: held back from their quarter's load; claw: clawed back a quarter later
   INSERT INTO yeartest.pick (what, rep_id, credit_id)
   SELECT x.what, o.rep_id, o.credit_id
     FROM (VALUES ('late Q1', 'rep A', 1, 'last'), ('claw Q1', 'rep A', 1, 'first'),
                  ('late Q2', 'rep B', 2, 'last'), ('claw Q2', 'rep B', 2, 'first'),
                  ('late Q3', 'rep A', 3, 'last')) AS x(what, who, quarter, pos)
     JOIN yeartest.pick p ON p.what = x.who
     JOIN yeartest.open_deal o ON o.rep_id = p.rep_id AND o.quarter = x.quarter
                              AND CASE x.pos WHEN 'first' THEN o.first ELSE o.last END = 1;
   -- for the checks: a statement's SQLSTATE and message instead of an
   -- error, and the whole ledger as one checksum
   CREATE FUNCTION yeartest.sqlstate(q text) RETURNS text LANGUAGE plpgsql AS \$\$
   BEGIN
       EXECUTE q;
       RETURN 'no error';
   EXCEPTION WHEN OTHERS THEN
       RETURN SQLSTATE || ': ' || SQLERRM;
   END
   \$\$;
   CREATE FUNCTION yeartest.ledger_checksum() RETURNS text LANGUAGE sql STABLE
   RETURN md5(concat_ws('|',
       (SELECT string_agg(l::text, ',' ORDER BY l.payout_line_id) FROM spm.payout_line l),
       (SELECT string_agg(d::text, ',' ORDER BY d.payout_line_id) FROM spm.payout_detail d),
       (SELECT string_agg(r::text, ',' ORDER BY r.period) FROM spm.pay_run r)));
   GRANT USAGE ON SCHEMA yeartest TO spm_admin;
   GRANT SELECT ON ALL TABLES IN SCHEMA yeartest TO spm_admin;" >/dev/null
picks=$(q "SELECT count(*) FROM yeartest.pick")
[ "$picks" = 7 ]
check "2025's credits set aside; two reps and their late credits and clawbacks chosen" $? "$picks picks"
rep_a=$(q "SELECT rep_id FROM yeartest.pick WHERE what = 'rep A'")
rep_b=$(q "SELECT rep_id FROM yeartest.pick WHERE what = 'rep B'")

quarters=("[2025-01-01,2025-04-01)" "[2025-04-01,2025-07-01)" "[2025-07-01,2025-10-01)" "[2025-10-01,2026-01-01)")

# ---- the year, quarter by quarter, as sales ops -----------------------------
# One session a quarter, as demo_admin; each step prints "key|value".  The
# only statements that run the year are INSERT and UPDATE on spm's tables
# and calls of spm's functions (yeartest.sqlstate and ledger_checksum are
# the checks).
credit_columns="credit_id, deal_ref, rep_id, credited_on, amount, currency, kind, reverses, measure"
for n in 1 2 3 4; do
	p=${quarters[$((n - 1))]}
	first_day=${p:1:10}
	out="$work/q$n.out"
	{
		echo "\\set p '$p'"
		# the quarter's credits from the CRM, less the ones that arrive late
		echo "WITH loaded AS (
		        INSERT INTO spm.credit ($credit_columns)
		        SELECT $credit_columns FROM yeartest.crm_credit
		         WHERE credited_on <@ :'p'::daterange
		           AND credit_id NOT IN (SELECT credit_id FROM yeartest.pick WHERE what LIKE 'late %')
		        RETURNING 1)
		      SELECT 'loaded|' || count(*) FROM loaded;"
		if [ "$n" -gt 1 ]; then
			# last quarter's late credit: its quarter is locked, so it is dated in this one
			echo "SELECT 'late refused|' || yeartest.sqlstate(format(
			        'INSERT INTO spm.credit ($credit_columns) SELECT $credit_columns FROM yeartest.crm_credit
			          WHERE credit_id = %s', (SELECT credit_id FROM yeartest.pick WHERE what = 'late Q$((n - 1))')));"
			echo "WITH late AS (
			        INSERT INTO spm.credit ($credit_columns)
			        SELECT credit_id, deal_ref, rep_id, date '$first_day', amount, currency, kind, reverses, measure
			          FROM yeartest.crm_credit
			         WHERE credit_id = (SELECT credit_id FROM yeartest.pick WHERE what = 'late Q$((n - 1))')
			        RETURNING credit_id, credited_on)
			      SELECT 'late dated|' || credit_id || ' ' || credited_on FROM late;"
		fi
		if [ "$n" = 2 ] || [ "$n" = 3 ]; then
			# a clawback of a deal paid in an earlier quarter: all of rep A's
			# first Q1 deal in Q2, half of rep B's first Q2 deal in Q3
			echo "WITH claw AS (
			        INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, currency, kind, reverses)
			        SELECT 9000000 + $n, deal_ref, rep_id, date '$([ "$n" = 2 ] && echo 2025-05-15 || echo 2025-08-20)',
			               $([ "$n" = 2 ] && echo "-amount" || echo "-round(amount / 2, 2)"), currency, 'clawback', credit_id
			          FROM spm.credit
			         WHERE credit_id = (SELECT credit_id FROM yeartest.pick WHERE what = 'claw Q$((n - 1))')
			        RETURNING credit_id, reverses)
			      SELECT 'clawback|' || credit_id || ' reverses ' || reverses FROM claw;"
		fi
		if [ "$n" = 3 ]; then
			# the mid-quarter plan change: new rates from 2025-08-16
			echo "UPDATE spm.plan_version SET valid = daterange(lower(valid), '2025-08-16') WHERE version_id = 30;
			      INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (31, 3, '[2025-08-16,)');
			      INSERT INTO spm.plan_component (version_id, component, schedule, basis)
			      VALUES (31, 'commission', 'graduated: 0 @ 0.07, 1.0 @ 0.11, 1.5 @ 0.15; cap 60000', 'attainment');
			      SELECT 'versions|' || string_agg(version_id || ' ' || valid, ', ' ORDER BY version_id)
			        FROM spm.plan_version WHERE plan_id = 3;"
		fi
		echo "SELECT 'written|' || spm.calculate(:'p');
		      SELECT 'again|' || spm.calculate(:'p');
		      SELECT 'approved|' || spm.approve(:'p');
		      SELECT 'locked|' || spm.lock_period(:'p');
		      SELECT 'before|' || yeartest.ledger_checksum();
		      SELECT 'rerun|' || yeartest.sqlstate(format('SELECT spm.calculate(%L)', :'p'));
		      SELECT 'after|' || yeartest.ledger_checksum();
		      SELECT 'paid|' || spm.mark_paid(:'p');
		      SELECT 'statement|' || count(*) || ' ' || count(*) FILTER (WHERE status = 'paid')
		        FROM spm.payout_statement WHERE period = '2025-Q$n';"
	} >"$work/q$n.sql"
	psql -X -q -At -v ON_ERROR_STOP=1 -U demo_admin -f "$work/q$n.sql" >"$out" 2>"$work/q$n.err"
	check "Q$n: the quarter run by sales ops without an error" $? "$(grep -v NOTICE "$work/q$n.err" | head -n 5)"

	loaded=$(val loaded "$out")
	[ "${loaded:-0}" -gt 0 ]
	check "Q$n: its $loaded credits loaded from the CRM" $?
	if [ "$n" -gt 1 ]; then
		refusal=$(val "late refused" "$out")
		case $refusal in
		"55000: credit "*" cannot be dated "*" in locked period 2025-Q$((n - 1))") true ;;
		*) false ;;
		esac
		check "Q$n: a late credit dated in locked Q$((n - 1)) is refused (55000)" $? "$refusal"
		dated=$(val "late dated" "$out")
		[ "${dated#* }" = "$first_day" ]
		check "Q$n: the late credit dated in the open quarter ($dated)" $?
	fi
	if [ "$n" = 2 ] || [ "$n" = 3 ]; then
		claw=$(val clawback "$out")
		[ -n "$claw" ]
		check "Q$n: clawback credit $claw, of a deal paid in Q$((n - 1))" $?
	fi
	if [ "$n" = 3 ]; then
		versions=$(val versions "$out")
		[ "$versions" = "30 [2023-01-01,2025-08-16), 31 [2025-08-16,)" ]
		check "Q3: the accelerator plan changes on 2025-08-16" $? "$versions"
	fi
	written=$(val written "$out")
	[ "${written:-0}" -gt 0 ]
	check "Q$n: spm.calculate writes the quarter's $written lines" $?
	[ "$(val again "$out")" = 0 ]
	check "Q$n: calculating the unchanged draft again writes nothing" $? "$(val again "$out")"
	[ "$(val approved "$out") $(val locked "$out")" = "$written $written" ]
	check "Q$n: approved and locked, every line" $? "$(val approved "$out") $(val locked "$out")"
	# (c) a locked quarter cannot be run again, and the ledger does not move
	rerun=$(val rerun "$out")
	[ "$rerun" = "55000: period 2025-Q$n is locked: it cannot be recalculated" ]
	check "Q$n: a rerun of the locked quarter is refused (55000)" $? "$rerun"
	[ -n "$(val before "$out")" ] && [ "$(val before "$out")" = "$(val after "$out")" ]
	check "Q$n: the ledger is unchanged by the refused rerun (checksum)" $?
	[ "$(val paid "$out")" = "$written" ]
	check "Q$n: marked paid, every line" $? "$(val paid "$out")"
	# (d) the statement shows the quarter paid
	[ "$(val statement "$out")" = "$written $written" ]
	check "Q$n: spm.payout_statement shows the quarter's $written lines paid" $? "$(val statement "$out")"
done

# ---- after the year: where everything went ---------------------------------
out="$work/after.out"
psql -X -q -At -v ON_ERROR_STOP=1 >"$out" 2>"$work/after.err" <<SQL
SELECT 'before|' || yeartest.ledger_checksum();
SET ROLE demo_admin;
SELECT 'rerun paid|' || yeartest.sqlstate(format('SELECT spm.calculate(%L)', '${quarters[1]}'));
RESET ROLE;
SELECT 'after|' || yeartest.ledger_checksum();
-- each late credit is paid in the quarter after its own, on that quarter's first day
SELECT 'late paid|' || string_agg(spm.period_label(l.period) || ' ' || pc.credited_on, ', ' ORDER BY l.period)
  FROM yeartest.pick k
  JOIN spm.payout_credit pc ON pc.credit_id = k.credit_id
  JOIN spm.payout_line l ON l.payout_line_id = pc.payout_line_id
 WHERE k.what LIKE 'late %';
-- the test's clawbacks take back what the deal was paid, times the part
-- clawed back: the line's exact commission (before the cumulative rounding)
SELECT 'claw lines|' || string_agg(format('%s %s %s', spm.period_label(l.period), l.credit_id,
                                          (l.inputs ->> 'commission')::numeric - o.commission * c.amount / o.amount
                                            BETWEEN -1e-12 AND 1e-12), ', ' ORDER BY l.period)
  FROM spm.payout_line l
  JOIN spm.credit c ON c.credit_id = l.credit_id
  JOIN spm.payout_credit o ON o.credit_id = c.reverses AND o.rep_id = l.rep_id
 WHERE l.kind = 'clawback' AND l.credit_id > 9000000;
-- and the demo's own cancelled deals of an earlier quarter
SELECT 'demo clawbacks|' || count(*) FROM spm.payout_line WHERE kind = 'clawback' AND credit_id < 9000000;
-- rep B's Q3: a line for each version of the plan, 46 days each
SELECT 'rep B versions|' || string_agg(l.version_id || ' ' || (l.inputs ->> 'days_in_force'), ', ' ORDER BY l.version_id)
  FROM spm.payout_line l
 WHERE l.rep_id = $rep_b AND l.period = '${quarters[2]}' AND l.kind = 'commission';
-- (a) every line is explained exactly
SELECT 'unexplained|' || count(*) FILTER (WHERE e.total IS DISTINCT FROM l.amount) || ' ' || count(*)
  FROM spm.payout_line l
 CROSS JOIN LATERAL (SELECT sum(commission) AS total FROM spm.explain(l.payout_line_id)) e;
SQL
check "the checks after the year ran" $? "$(head -n 5 "$work/after.err")"
rerun=$(val "rerun paid" "$out")
[ "$rerun" = "55000: period 2025-Q2 is paid: it cannot be recalculated" ]
check "a rerun of a paid quarter (Q2) is refused (55000)" $? "$rerun"
[ -n "$(val before "$out")" ] && [ "$(val before "$out")" = "$(val after "$out")" ]
check "the ledger is unchanged by it (checksum)" $?
late_paid=$(val "late paid" "$out")
[ "$late_paid" = "2025-Q2 2025-04-01, 2025-Q3 2025-07-01, 2025-Q4 2025-10-01" ]
check "each late credit is paid in the next quarter, dated its first day" $? "$late_paid"
claw_lines=$(val "claw lines" "$out")
[ "$claw_lines" = "2025-Q2 9000002 t, 2025-Q3 9000003 t" ]
check "the two clawbacks take back what their deals were paid" $? "$claw_lines"
demo_claws=$(val "demo clawbacks" "$out")
[ "${demo_claws:-0}" -gt 0 ]
check "the demo's own deals cancelled a quarter later are clawback lines too ($demo_claws)" $?
versions=$(val "rep B versions" "$out")
[ "$versions" = "30 46, 31 46" ]
check "rep B has a Q3 line for each plan version, 46 days each" $? "$versions"
unexplained=$(val unexplained "$out")
[ "${unexplained% *}" = 0 ] && [ "${unexplained#* }" -gt 0 ]
check "(a) every payout line's spm.explain adds up to its amount (${unexplained% *} of ${unexplained#* } do not)" $?

# ---- (b) an independent computation of the year -----------------------------
# What the plans say, from the raw data: for each quarter, each rep's
# window on each plan version (assignment, version and quarter
# intersected); its credits converted to the rep's currency at their
# date; the schedule on their total (thresholds times the quota, prorated
# by days when the window is part of the quarter, for an attainment plan);
# each credit's share in date order; a clawback of a credit paid in an
# earlier quarter takes back that share times the part clawed back; each
# rep's quarter rounded to the cent.  Exact fractions throughout.
{
	for t in rep assignment plan_version plan_component quota credit fx_rate; do
		echo "\\copy (SELECT * FROM spm.$t) TO '$work/$t.csv' WITH (FORMAT csv, HEADER)"
	done
	echo "\\copy (SELECT rep_id, sum(amount) FROM spm.payout_line WHERE period <@ '[2025-01-01,2026-01-01)'::daterange GROUP BY rep_id) TO '$work/ledger.csv' WITH (FORMAT csv)"
} | psql -X -q -v ON_ERROR_STOP=1 >"$work/export.log" 2>&1
check "the raw data and the ledger's totals exported" $? "$(head -n 5 "$work/export.log")"
python3 - "$work" "$rep_a" "$rep_b" >"$work/oracle.out" 2>&1 <<'PY'
import csv, sys
from datetime import date
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction as F

work, rep_a, rep_b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def table(name):
    with open(f"{work}/{name}.csv", newline="") as f:
        return list(csv.DictReader(f))

def day(s):
    return date.fromisoformat(s)

def span(text):
    """'[a,b)' -> (a, b), None for an infinite bound"""
    lo, hi = text[1:-1].split(",")
    return (day(lo) if lo else None, day(hi) if hi else None)

def meet(*spans):
    lo = max((s[0] for s in spans if s[0]), default=None)
    his = [s[1] for s in spans if s[1]]
    hi = min(his) if his else None
    return (lo, hi) if lo is None or hi is None or lo < hi else None

def inside(d, s):
    return (s[0] is None or s[0] <= d) and (s[1] is None or d < s[1])

def cents(x):
    """to the cent, half away from zero (as numeric's round)"""
    x = F(x)
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)

class Schedule:
    def __init__(self, text):
        head, *opts = [p.strip() for p in text.split(";")]
        self.mode, bands = head.split(":", 1)
        pairs = [b.split("@") for b in bands.split(",")]
        self.t = [F(a.strip()) for a, _ in pairs]
        self.r = [F(b.strip()) for _, b in pairs]
        self.cap = self.gate = None
        for o in opts:
            k, v = o.split()
            setattr(self, k, F(v))

    def pay(self, basis, quota):
        s = quota if quota is not None else 1
        if self.gate is not None and basis < self.gate * s:
            return F(0)
        t = [x * s for x in self.t]
        k = max([i for i, x in enumerate(t) if x <= basis] or [0])
        if self.mode == "retroactive":
            c = self.r[k] * basis
        else:
            c = sum(self.r[i] * (t[i + 1] - t[i]) for i in range(k)) + self.r[k] * (basis - t[k])
        return min(c, self.cap) if self.cap is not None else c

reps = {int(r["rep_id"]): r["currency"] for r in table("rep")}
assignments = [(int(a["rep_id"]), int(a["plan_id"]), span(a["valid"])) for a in table("assignment")]
versions = [(int(v["version_id"]), int(v["plan_id"]), span(v["valid"])) for v in table("plan_version")]
components = [(int(c["version_id"]), c["component"], Schedule(c["schedule"]), c["basis"])
              for c in table("plan_component") if c["kind"] == "commission"]
quotas = {(int(q["rep_id"]), span(q["period"])): F(q["amount"]) for q in table("quota") if q["measure"] == "revenue"}
rates = [(x["currency"], span(x["valid"]), F(x["rate"])) for x in table("fx_rate")]
credits = [dict(id=int(c["credit_id"]), rep=int(c["rep_id"]), on=day(c["credited_on"]), amount=F(c["amount"]),
                currency=c["currency"] or None, reverses=int(c["reverses"]) if c["reverses"] else None)
           for c in table("credit") if c["measure"] == "revenue"]

def rate(cur, d):
    return next(r for c, s, r in rates if c == cur and inside(d, s))

def convert(amount, frm, to, d):
    return amount if frm == to else amount * rate(frm, d) / rate(to, d)

quarters = [(date(2025, m, 1), date(2025 + (m == 10), (m + 2) % 12 + 1, 1)) for m in (1, 4, 7, 10)]
paid = {}                      # credit id -> (rep, share paid, its original amount and currency)
total = {}                     # rep -> the year, to the cent
ties = {}                      # rep -> quarters whose exact total is a half cent, from converted credits
shown = {rep_a: [], rep_b: []}
for qn, p in enumerate(quarters, 1):
    exact = {}
    newly = {}
    converted = set()
    for rep, plan, valid in assignments:
        for vid, vplan, vvalid in versions:
            window = meet(valid, vvalid, p) if vplan == plan else None
            if window is None:
                continue
            for cvid, name, sched, basis in components:
                if cvid != vid:
                    continue
                quota = None
                if basis == "attainment":
                    quota = quotas.get((rep, p))
                    if not quota or quota <= 0:
                        continue
                    if window != p:
                        quota = quota * (window[1] - window[0]).days / (p[1] - p[0]).days
                mine = sorted((c for c in credits if c["rep"] == rep and inside(c["on"], window)
                               and c["reverses"] not in paid),
                              key=lambda c: (c["on"], c["id"]))
                if not mine:
                    continue
                running = F(0)
                for c in mine:
                    cur = c["currency"] or reps[rep]
                    amount = convert(c["amount"], cur, reps[rep], c["on"])
                    if cur != reps[rep]:
                        converted.add(rep)
                    share = sched.pay(running + amount, quota) - sched.pay(running, quota)
                    running += amount
                    newly[c["id"]] = (rep, share, c["amount"], cur)
                exact[rep] = exact.get(rep, 0) + sched.pay(running, quota)
                if rep in shown:
                    shown[rep].append(f"Q{qn} v{vid} {len(mine)} credits {float(running):,.2f}"
                                      + (f" quota {float(quota):,.2f}" if quota else "")
                                      + f": {cents(sched.pay(running, quota))}")
    for c in credits:
        if inside(c["on"], p) and c["reverses"] in paid:
            rep, share, amount, cur = paid[c["reverses"]]
            if amount != 0:
                back = share * convert(c["amount"], c["currency"] or reps[c["rep"]], cur, c["on"]) / amount
                exact[rep] = exact.get(rep, 0) + back
                if rep in shown:
                    shown[rep].append(f"Q{qn} clawback of {float(-c['amount']):,.2f} of credit {c['reverses']}"
                                      f" ({float(amount):,.2f}, paid {float(share):,.4f}): {cents(back)}")
    for rep, x in exact.items():
        total[rep] = total.get(rep, Decimal(0)) + cents(x)
        if rep in converted and (x * 100 - (x * 100).numerator // (x * 100).denominator) == F(1, 2):
            ties[rep] = ties.get(rep, 0) + 1
    paid.update(newly)

ledger = {}
with open(f"{work}/ledger.csv") as f:
    for rep, amount in csv.reader(f):
        ledger[int(rep)] = Decimal(amount)
# A converted credit is a quotient that need not terminate (at 1.12 USD to
# the euro, 1/1.12 = 25/28): spm keeps it to numeric's precision, so where
# the exact total of a quarter is exactly half a cent, spm's total sits a
# hair off it and may round the other way.  Those quarters may be a cent
# apart; every other figure must be equal to the cent.
wrong, tied = [], []
for r in sorted(set(total) | set(ledger)):
    mine, theirs = total.get(r), ledger.get(r)
    if mine == theirs:
        continue
    if mine is not None and theirs is not None and abs(mine - theirs) <= Decimal("0.01") * ties.get(r, 0):
        tied.append((r, mine, theirs))
    else:
        wrong.append((r, mine, theirs))
for who, rep in (("rep A", rep_a), ("rep B", rep_b)):
    for line in shown[rep]:
        print(f"# {who} ({rep}) {line}")
    print(f"# {who} ({rep}) 2025: computed {total.get(rep)}, ledger {ledger.get(rep)}")
for r, mine, theirs in tied:
    print(f"# rep {r}, paid in a converted currency, has a half-cent tie: computed {mine}, ledger {theirs}")
print(f"reps {len(total)} wrong {len(wrong)}")
for r, mine, theirs in wrong[:10]:
    print(f"rep {r}: computed {mine}, ledger {theirs}")
PY
oracle_rc=$?
grep '^#' "$work/oracle.out"
summary=$(grep '^reps ' "$work/oracle.out")
[ "$oracle_rc" -eq 0 ] && [ -n "$summary" ] && [ "${summary##* wrong }" = 0 ] && [ "${summary#reps }" != "0 wrong 0" ]
check "every rep's 2025 equals the independent computation ($summary)" $? "$(grep -v '^#' "$work/oracle.out" | head -n 12)"
for who in A B; do
	rep=$(q "SELECT rep_id FROM yeartest.pick WHERE what = 'rep $who'")
	grep -q "^# rep $who ($rep) 2025: computed \(-\?[0-9.]*\), ledger \1$" "$work/oracle.out"
	check "rep $who ($rep): the year's total equals the hand-checkable computation" $?
done

# (d) as the rep, logged in as themselves: only their own lines, all paid
login=$(q "SELECT login_role FROM spm.rep WHERE rep_id = $rep_a")
seen=$(psql -X -q -At -U "$login" -c "SELECT string_agg(DISTINCT rep_id::text, ',') || ' ' || count(*) || ' ' ||
                                             count(*) FILTER (WHERE status = 'paid')
                                        FROM spm.payout_statement")
lines_a=$(q "SELECT count(*) FROM spm.payout_line WHERE rep_id = $rep_a")
[ "$seen" = "$rep_a $lines_a $lines_a" ]
check "rep A, logged in, sees their own $lines_a lines in spm.payout_statement, all paid" $? "$seen"

echo "# loading the sample organisation and running its year took $(($(date +%s) - start)) s"

check_summary
[ "$failed" -eq 0 ]
