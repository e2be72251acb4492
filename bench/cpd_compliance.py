"""Continuing-education compliance list at national scale (issue 5, "Speed"). Not a test.

Creates a PostgreSQL database (default ``shegong_bench_cpd``; dropped at the end unless
``--keep``), migrates it, and fills it inside the database with ``generate_series``: 310
districts, ``--holders`` people (default 2,000,000) each with a certificate (2 % recalled, 10 %
with a second, higher one), and ``--records`` continuing-education records (default
20,000,000) over two years (2024 and 2025), of every kind, 95 % approved, half in days and half
in hours. Indexes are dropped for the load and rebuilt afterwards (the same definitions the
migrations made), then the tables are analysed.

Then it times, alternately, ``--rounds`` times each:

- **ORM**: the compliance list our code builds, ``education.rules.compliance(city rule,
  Window(year=2025))``, every row fetched through Django (``list(queryset)``, dicts with
  Decimal values);
- **ORM SQL**: the same SQL Django compiled, run on a cursor and fetched as tuples;
- **hand-written SQL**: the equivalent query as one would write it by hand (holders of a valid
  certificate grouped per person, records of the year grouped per person, joined), fetched
  as tuples;

and, through the ORM, one district's list and one person's progress (narrowed queries).

Both queries must return the same people and amounts (checked). Prints the medians, the
ratios and the machine load (``uptime``).

Usage (from the repository root)::

    .venv/bin/python bench/cpd_compliance.py [--holders 2000000] [--records 20000000]
        [--rounds 3] [--pg postgres://postgres@127.0.0.1:5432/shegong_bench_cpd] [--keep]
        [--reuse] [--serial] [--plans]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_cpd"
YEAR = 2025

KINDS = ["course", "seminar", "practice", "academic", "exchange", "online", "supervision"]

HAND_SQL = """
WITH holder AS (
    SELECT person_id
    FROM registry_certificate
    WHERE status = 'valid' AND issue_date <= %(end)s
    GROUP BY person_id
), done AS (
    SELECT person_id,
           sum(coalesce(days, hours / %(per_day)s)) AS credited
    FROM education_cpdrecord
    WHERE status = 'approved' AND completed_on BETWEEN %(start)s AND %(end)s
      AND kind = ANY(%(kinds)s)
    GROUP BY person_id
)
SELECT p.id, p.name, a.name,
       coalesce(d.credited, 0) AS credited,
       %(required)s AS required,
       greatest(%(required)s - coalesce(d.credited, 0), 0) AS missing
FROM people_person p
JOIN holder h ON h.person_id = p.id
LEFT JOIN done d ON d.person_id = p.id
LEFT JOIN areas_area a ON a.id = p.area_id
WHERE coalesce(d.credited, 0) < %(required)s
ORDER BY a.name, p.name, p.id
"""


def _admin(url: str, sql: str) -> None:
    import psycopg

    base = url.replace("postgres://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


def _setup(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SHEGONG_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _indexes(cursor, tables) -> list[tuple[str, str]]:
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = ANY(%s) AND i.indexname NOT IN (
               SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))""",
        [list(tables)],
    )
    return cursor.fetchall()


def load(holders: int, records: int) -> dict:
    """Fill the tables in the database; returns the seconds each step took."""
    from django.db import connection

    took = {}
    tables = ["people_person", "registry_certificate", "education_cpdrecord", "areas_area"]
    with connection.cursor() as c:
        c.execute("SET session_replication_role = replica")  # no FK triggers during the load
        c.execute("SET maintenance_work_mem = '1GB'")
        c.execute("SET synchronous_commit = off")
        saved = _indexes(c, tables)
        for name, _definition in saved:
            c.execute(f'DROP INDEX IF EXISTS "{name}"')
        t = time.perf_counter()
        c.execute(
            """INSERT INTO areas_area (created_at, updated_at, version, is_active, code, name,
                   name_en, sort_order, level, parent_id, path)
               SELECT now(), now(), 1, true, 'B' || d, 'District ' || d, '', d, 'district',
                      NULL, '/B/' || d || '/'
               FROM generate_series(1, 310) d"""
        )
        c.execute("SELECT min(id) FROM areas_area WHERE code LIKE 'B%%'")
        first_area = c.fetchone()[0]
        c.execute(
            """INSERT INTO people_person (created_at, updated_at, version, national_id, name,
                   sex, birth_date, phone, email, address, area_id)
               SELECT now(), now(), 1, lpad(i::text, 18, '0'), 'P' || (i::bigint * 7919 %% %(n)s),
                      'female', date '1980-01-01' + (i %% 7000), '', '', '',
                      %(area)s + (i %% 310)
               FROM generate_series(1, %(n)s) i""",
            {"n": holders, "area": first_area},
        )
        c.execute("SELECT min(id) FROM people_person")
        first_person = c.fetchone()[0]
        took["people"] = time.perf_counter() - t
        t = time.perf_counter()
        c.execute(
            """INSERT INTO registry_certificate (created_at, updated_at, version, number,
                   person_id, level, issue_date, issuing_body, status, recall_reason,
                   signature, payload)
               SELECT now(), now(), 1, 'C' || i, %(first)s + i - 1,
                      CASE WHEN i %% 10 < 6 THEN 'assistant'
                           WHEN i %% 10 < 9 THEN 'intermediate' ELSE 'senior' END,
                      date '2015-01-01' + (i %% 3000), '深圳市人事局',
                      CASE WHEN i %% 50 = 0 THEN 'recalled' ELSE 'valid' END, '', '', ''
               FROM generate_series(1, %(n)s) i""",
            {"n": holders, "first": first_person},
        )
        c.execute(
            """INSERT INTO registry_certificate (created_at, updated_at, version, number,
                   person_id, level, issue_date, issuing_body, status, recall_reason,
                   signature, payload)
               SELECT now(), now(), 1, 'D' || i, %(first)s + i - 1, 'senior',
                      date '2020-01-01' + (i %% 1000), '深圳市人事局', 'valid', '', '', ''
               FROM generate_series(1, %(n)s, 10) i""",
            {"n": holders, "first": first_person},
        )
        took["certificates"] = time.perf_counter() - t
        t = time.perf_counter()
        c.execute(
            """INSERT INTO education_cpdrecord (created_at, updated_at, version, person_id,
                   title, kind, completed_on, hours, days, source, status, evidence,
                   decision_reason, import_batch)
               SELECT now(), now(), 1,
                      %(first)s + ((i::bigint * 2654435761) %% %(n)s),
                      'course', (%(kinds)s::text[])[1 + i %% 7],
                      date '2024-01-01' + ((i::bigint * 7919) %% 731)::int,
                      CASE WHEN i %% 2 = 0 THEN 8 * (1 + i %% 6) END,
                      CASE WHEN i %% 2 = 1 THEN 1 + i %% 6 END,
                      'provider',
                      CASE WHEN i %% 20 = 0 THEN 'claimed' ELSE 'approved' END,
                      '', '', ''
               FROM generate_series(1, %(m)s) i""",
            {"n": holders, "m": records, "first": first_person, "kinds": KINDS},
        )
        took["records"] = time.perf_counter() - t
        t = time.perf_counter()
        for _name, definition in saved:
            c.execute(definition)
        took["indexes"] = time.perf_counter() - t
        t = time.perf_counter()
        c.execute("SET session_replication_role = DEFAULT")
        for table in tables:
            c.execute(f"VACUUM ANALYZE {table}")
        took["analyze"] = time.perf_counter() - t
    return took


def measure(rounds: int) -> dict:
    from django.db import connection

    from shegong.education import rules
    from shegong.education.models import CpdRule

    rule = CpdRule.objects.get(code="city", from_year__lte=YEAR)
    window = rules.Window(year=YEAR)
    per_day = rules.hours_per_day(rule)
    counted = [k for k in KINDS if k in rule.weights]
    params = {
        "start": f"{YEAR}-01-01",
        "end": f"{YEAR}-12-31",
        "per_day": Decimal(per_day),
        "kinds": counted,
        "required": Decimal(rule.required_assistant),
    }

    def orm():
        return list(rules.compliance(rule, window))

    def orm_sql():
        sql, sql_params = rules.compliance(rule, window).query.sql_with_params()
        with connection.cursor() as c:
            c.execute(sql, sql_params)
            return c.fetchall()

    def hand():
        with connection.cursor() as c:
            c.execute(HAND_SQL, params)
            return c.fetchall()

    times: dict[str, list[float]] = {"orm": [], "orm_sql": [], "hand": []}
    results = {}
    for _ in range(rounds):
        for name, fn in (("hand", hand), ("orm", orm), ("orm_sql", orm_sql)):
            t = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t)
    ours = {(r["pk"], round(r["credited"], 2)) for r in results["orm"]}
    theirs = {(r[0], round(Decimal(r[3]), 2)) for r in results["hand"]}
    assert ours == theirs, f"results differ: {len(ours ^ theirs)} rows"
    # Narrowed lists: one district's people (the page of a district officer), one person's
    # progress (the person page and the renewal check).
    from shegong.areas.models import Area
    from shegong.people.models import Person

    district = Area.objects.filter(code__startswith="B").order_by("pk").first()
    person = Person.objects.order_by("pk")[Person.objects.count() // 2]
    for name, fn in (
        ("district", lambda: list(rules.compliance(rule, window, area=district))),
        ("person", lambda: rules.person_progress(rule, person, window)),
    ):
        times[name] = []
        for _ in range(rounds):
            t = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t)
    sql, sql_params = rules.compliance(rule, window).query.sql_with_params()
    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
        orm_plan = "\n".join(r[0] for r in c.fetchall())
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + HAND_SQL, params)
        hand_plan = "\n".join(r[0] for r in c.fetchall())
        c.execute("SELECT count(*) FROM people_person")
        people = c.fetchone()[0]
        c.execute("SELECT count(*) FROM education_cpdrecord")
        records = c.fetchone()[0]
    return {
        "times": times,
        "short": len(results["orm"]),
        "district_rows": results["district"],
        "people": people,
        "records": records,
        "orm_plan": orm_plan,
        "hand_plan": hand_plan,
        "sql": sql % tuple(repr(p) for p in sql_params),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--holders", type=int, default=2_000_000)
    parser.add_argument("--records", type=int, default=20_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is")
    parser.add_argument("--plans", action="store_true", help="print both query plans")
    parser.add_argument(
        "--serial",
        action="store_true",
        help="no parallel workers (max_parallel_workers_per_gather=0)",
    )
    args = parser.parse_args()
    name = args.pg.rsplit("/", 1)[1]
    if not name.startswith("shegong_bench"):
        raise SystemExit("the database name must start with shegong_bench")
    if not args.reuse:
        _admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(args.pg, f'CREATE DATABASE "{name}"')
    try:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="shegong-bench-") as tmp:
            _setup(args.pg, tmp)
            took = {} if args.reuse else load(args.holders, args.records)
            for step, seconds in took.items():
                print(f"load {step:<13}{seconds:8.1f} s")
            if args.serial:
                from django.db import connection

                with connection.cursor() as c:
                    c.execute("SET max_parallel_workers_per_gather = 0")
            result = measure(args.rounds)
    finally:
        if not args.keep and not args.reuse:
            _admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    med = {k: statistics.median(v) for k, v in result["times"].items()}
    print(
        f"\n{result['people']:,} certificate holders, {result['records']:,} records; "
        f"{result['short']:,} short of the city rule in {YEAR}; {args.rounds} rounds (median)\n"
    )
    print(f"{'query':<36}{'seconds':>9}{'× hand':>8}   all rounds")
    for key, label in (
        ("hand", "hand-written SQL (tuples)"),
        ("orm_sql", "ORM-built SQL (tuples)"),
        ("orm", "ORM queryset (dicts, Decimals)"),
    ):
        rounds = ", ".join(f"{t:.2f}" for t in result["times"][key])
        print(f"{label:<36}{med[key]:9.2f}{med[key] / med['hand']:8.2f}   {rounds}")
    print(
        f"\none district's list ({len(result['district_rows']):,} short): "
        f"{med['district']:.2f} s; one person's progress: {med['person'] * 1000:.0f} ms"
    )
    print("\nuptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if args.plans:
        print("\n--- ORM plan\n" + result["orm_plan"])
        print("\n--- hand-written plan\n" + result["hand_plan"])
        print("\n--- ORM SQL\n" + result["sql"])


if __name__ == "__main__":
    main()
