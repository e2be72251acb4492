"""Compliance dashboard at city scale (issue 4, point 6, "Speed"). Not a test.

Seeds a PostgreSQL database (``shegong_bench_dash``, created by this script; ``--keep`` leaves
it for the next run, ``--reuse`` skips seeding when it is there) with a city: 10 districts,
2,000 organisations, 55,000 posts, 50,000 employments (people with certificates and
registrations, some lapsed, conversion plans, some overdue), service units under post
standards, grades and pay tables, and 300,000 monthly pay records plus 300,000 social
insurance contributions (six months of every employment: 600,000 pay and insurance records).
Rows go in with ``COPY`` (the benchmark measures reading, not writing).

Then, signed in as a city officer (and as a district officer and an organisation
administrator), it renders the dashboard pages and calls the API in-process through Django's
test client, ``--repeat`` times each after one warm-up, and prints the median and the
slowest time and the number of SQL queries of each.

Usage (from the repository root)::

    .venv/bin/python bench/compliance_dashboard.py [--organisations 2000]
        [--employments 50000] [--months 6] [--repeat 7] [--keep] [--reuse]
        [--pg postgres://postgres@127.0.0.1:5432/shegong_bench_dash]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_dash"
LEVELS = ("assistant", "intermediate", "senior")
ON = date(2026, 6, 10)


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def prepare_database(url: str, reuse: bool) -> bool:
    """Create the database; True when it exists and ``reuse`` asks to keep its rows."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def copy(model, rows: list[tuple], columns: tuple[str, ...]) -> list[int]:
    """COPY ``rows`` (tuples in ``columns`` order) into ``model``'s table; returns their ids.
    Columns left out get their default in the database or, for NOT NULL columns without a
    database default, the model field's default (added here)."""
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED
    from django.utils import timezone

    now = timezone.now()
    extra_cols, extra_vals = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in columns or f.null:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.default is not NOT_PROVIDED:
            value = f.get_default()
        else:
            value = ""
        if f.get_internal_type() == "JSONField":
            value = json.dumps(value)
        extra_cols.append(f.column)
        extra_vals.append(value)
    table = model._meta.db_table
    names = [model._meta.get_field(c).column for c in columns] + extra_cols
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        cols = ", ".join(f'"{c}"' for c in ["id", *names])
        with cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as out:
            for new_id, row in zip(ids, rows, strict=True):
                out.write_row((new_id, *row, *extra_vals))
    return ids


def seed(args) -> None:
    from django.db import connection, transaction

    from shegong.accounts.models import User
    from shegong.areas.models import Area
    from shegong.organisations.models import Organisation, ServiceField
    from shegong.people.models import Person
    from shegong.registry.models import Certificate, Registration
    from shegong.workforce.models import (
        ConversionPlan,
        Employment,
        EmploymentGrade,
        Grade,
        InsuranceContribution,
        PayGuidance,
        PayRecord,
        Post,
        PostStandard,
        PostType,
        ServiceUnit,
        TechnicianPay,
    )

    rng = random.Random(args.seed)
    started = time.perf_counter()
    with transaction.atomic():
        province = Area.objects.create(code="44", name="广东省", level="province")
        city = Area.objects.create(code="4403", name="深圳市", level="city", parent=province)
        districts = [
            Area.objects.create(code=f"4403{i:02d}", name=f"第{i}区", level="district", parent=city)
            for i in range(1, 11)
        ]
        fields = list(ServiceField.objects.all())
        org_ids = copy(
            Organisation,
            [
                (
                    f"社工服务中心{i:04d}",
                    f"5244030{i:010d}X",
                    "service_provider",
                    districts[i % 10].pk,
                    "new",
                    "active",
                )
                for i in range(args.organisations)
            ],
            ("name", "credit_code", "kind", "area_id", "origin", "status"),
        )
        org_district = {org: districts[i % 10].pk for i, org in enumerate(org_ids)}
        types = []
        for f in fields:
            for j, level in enumerate(("assistant", "intermediate")):
                types.append(
                    PostType.objects.create(
                        code=f"T{f.code}{j}",
                        name=f"{f.name}岗位{j}",
                        field=f,
                        grade=j + 1,
                        required_level=level,
                        designated=True,
                    )
                )
        for t in types:
            PostStandard.objects.create(
                post_type=t, basis="served_people", units_per_post=500, valid_from=date(2020, 1, 1)
            )
        copy(
            ServiceUnit,
            [
                (
                    f"服务单元{i}",
                    fields[i % len(fields)].pk,
                    org_district[org],
                    org_district[org],
                    org,
                    rng.randint(5000, 20000),
                    True,
                )
                for i, org in enumerate(org_ids)
            ],
            (
                "name",
                "field_id",
                "area_id",
                "district_id",
                "organisation_id",
                "served_people",
                "is_active",
            ),
        )
        n = args.employments
        posts = n + n // 10  # some vacant
        post_rows, post_type_of = [], []
        for i in range(posts):
            t = types[i % len(types)]
            post_type_of.append(t)
            post_rows.append(
                (
                    f"P{i:07d}",
                    f"岗位{i}",
                    org_ids[i % len(org_ids)],
                    t.pk,
                    t.field_id,
                    t.grade,
                    rng.random() < 0.9,
                    True,
                )
            )
        post_ids = copy(
            Post,
            post_rows,
            (
                "code",
                "name",
                "organisation_id",
                "post_type_id",
                "field_id",
                "grade",
                "designated",
                "is_active",
            ),
        )
        people = []
        for i in range(n):
            people.append(
                (
                    f"{i:017d}X"[-18:],
                    f"社工{i}",
                    "male" if i % 2 else "female",
                    date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                    org_district[org_ids[i % len(org_ids)]],
                )
            )
        person_ids = copy(Person, people, ("national_id", "name", "sex", "birth_date", "area_id"))
        certs, cert_person, reg_rows = [], [], []
        for i, pid in enumerate(person_ids):
            if i % 20 == 0:
                continue  # 5 %: no certificate (existing staff)
            level = LEVELS[rng.choice((0, 0, 1, 1, 1, 2))]
            status = "recalled" if i % 97 == 0 else "valid"
            certs.append((f"C{i:09d}", pid, level, date(2020, 1, 1), "深圳市人事局", status))
            cert_person.append((pid, level))
        cert_ids = copy(
            Certificate,
            certs,
            ("number", "person_id", "level", "issue_date", "issuing_body", "status"),
        )
        for j, (cid, (pid, level)) in enumerate(zip(cert_ids, cert_person, strict=True)):
            lapsed = j % 25 == 0
            reg_rows.append(
                (
                    f"R{j:09d}",
                    pid,
                    cid,
                    level,
                    "expired" if lapsed else "registered",
                    date(2024, 1, 1),
                    date(2025, 12, 31) if lapsed else date(2027, 12, 31),
                )
            )
        copy(
            Registration,
            reg_rows,
            (
                "register_number",
                "person_id",
                "certificate_id",
                "level",
                "status",
                "valid_from",
                "valid_until",
            ),
        )
        employment_ids = copy(
            Employment,
            [
                (
                    person_ids[i],
                    post_ids[i],
                    date(2024, 3, 1),
                    "conversion" if i % 20 == 0 else "new_hire",
                )
                for i in range(n)
            ],
            ("person_id", "post_id", "start", "kind"),
        )
        copy(
            ConversionPlan,
            [
                (
                    employment_ids[i],
                    "2025-1",
                    2026,
                    date(2026, 3, 31) if i % 40 == 0 else date(2026, 12, 31),
                )
                for i in range(0, n, 20)
            ],
            ("employment_id", "training_batch", "exam_year", "deadline"),
        )
        grades = [Grade.objects.create(code=f"G{k}", name=f"职级{k}", order=k) for k in range(1, 8)]
        for year in (2025, 2026):
            for g in grades:
                for step in range(1, 4):
                    base = Decimal(3000 + 400 * g.order + 100 * step)
                    PayGuidance.objects.create(
                        year=year,
                        grade=g,
                        step=step,
                        base=base,
                        post=Decimal("1500.00"),
                        performance=Decimal("500.00"),
                        total=base + Decimal("2000.00"),
                    )
                    TechnicianPay.objects.create(
                        year=year, grade=g, step=step, total=base + Decimal("1900.00")
                    )
        emp_grade = [(grades[i % 7], 1 + i % 3) for i in range(n)]
        copy(
            EmploymentGrade,
            [(employment_ids[i], g.pk, s, date(2024, 3, 1)) for i, (g, s) in enumerate(emp_grade)],
            ("employment_id", "grade_id", "step", "valid_from"),
        )
        months = [date(2026, m, 1) for m in range(1, args.months + 1)]
        pay_rows, ins_rows = [], []
        for i, eid in enumerate(employment_ids):
            g, step = emp_grade[i]
            base = Decimal(3000 + 400 * g.order + 100 * step)
            for m in months:
                low = rng.random() < 0.02
                b = base - Decimal("100.00") if low else base + Decimal("50.00")
                total = b + Decimal("2000.00")
                pay_rows.append(
                    (
                        eid,
                        m,
                        m.year,
                        g.pk,
                        step,
                        b,
                        Decimal("1500.00"),
                        Decimal("500.00"),
                        total,
                        "bench",
                    )
                )
                due = m.replace(day=15)
                late = rng.random() < 0.03
                short = rng.random() < 0.02
                paid_on = due + timedelta(days=10) if late else due
                ins_rows.append(
                    (
                        eid,
                        m,
                        Decimal("5000.00"),
                        Decimal("700.00"),
                        Decimal("300.00"),
                        Decimal("1000.00"),
                        due,
                        paid_on,
                        Decimal("900.00") if short else Decimal("1000.00"),
                        "bench",
                    )
                )
        copy(
            PayRecord,
            pay_rows,
            (
                "employment_id",
                "month",
                "year",
                "grade_id",
                "step",
                "base",
                "post",
                "performance",
                "total",
                "import_batch",
            ),
        )
        copy(
            InsuranceContribution,
            ins_rows,
            (
                "employment_id",
                "month",
                "base",
                "employer_share",
                "employee_share",
                "amount_due",
                "due_date",
                "paid_on",
                "amount_paid",
                "import_batch",
            ),
        )
        make_users(city, districts[0], org_ids[0])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {args.organisations} organisations, {len(post_ids)} posts, {n} employments, "
        f"{len(pay_rows)} pay records, {len(ins_rows)} insurance contributions "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assert User.objects.filter(username="bench_city").exists()


def make_users(city, district, org_id) -> None:
    from shegong.accounts import services as account_services
    from shegong.organisations.models import Organisation

    org = Organisation.objects.get(pk=org_id)
    for username, role, scope in (
        ("bench_city", "city_officer", city),
        ("bench_district", "district_officer", district),
        ("bench_org", "org_admin", org),
    ):
        is_org = isinstance(scope, Organisation)
        user = account_services.create_user(
            None,
            {
                "username": username,
                "area": scope.area if is_org else scope,
                "organisation": scope if is_org else None,
            },
            "Bench-password-2026",
        )
        account_services.create_membership(
            None,
            None,
            {
                "user": user,
                "role": role,
                "area": None if is_org else scope,
                "organisation": scope if is_org else None,
            },
        )


def measure(args) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shegong.accounts.models import User

    on = ON.isoformat()
    cases = [
        ("bench_city", "city, rows by district", "/workforce/compliance/", {"on": on}),
        (
            "bench_city",
            "city, rows by organisation (2,000; page 1, most problems first)",
            "/workforce/compliance/",
            {"on": on, "grouping": "organisation", "sort": "problems"},
        ),
        (
            "bench_district",
            "district officer (200 organisations)",
            "/workforce/compliance/",
            {"on": on},
        ),
        ("bench_org", "organisation administrator", "/workforce/compliance/", {"on": on}),
        ("bench_city", "API, city by district", "/api/v1/workforce/compliance/", {"on": on}),
    ]
    results = []
    for username, label, url, params in cases:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        response = client.get(url, params)  # warm-up
        assert response.status_code == 200, (label, response.status_code)
        times, queries = [], 0
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - start)
            queries = len(captured)
        results.append(
            {
                "case": label,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "max_ms": round(max(times) * 1000, 1),
                "queries": queries,
                "bytes": len(response.content),
            }
        )
        print(
            f"{label:<66} median {results[-1]['median_ms']:>7.1f} ms  "
            f"max {results[-1]['max_ms']:>7.1f} ms  {queries} queries"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--employments", type=int, default=50000)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    reused = prepare_database(args.pg, args.reuse)
    start_django(args.pg)
    from django.core.management import call_command

    try:
        if not reused:
            call_command("migrate", verbosity=0)
            seed(args)
        print(f"load average: {os.getloadavg()}")
        results = measure(args)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            close_and_drop(args.pg)


def start_django(url: str) -> None:
    """Point Django at the benchmark's database and set it up (also for ``assessment_cycle``)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SHEGONG_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def close_and_drop(url: str) -> None:
    from django.db import connections

    connections.close_all()
    drop_database(url)


if __name__ == "__main__":
    main()
