"""The year's visit sample of a city (issue 15, "Speed"): drawing it for ``--n`` running
contracts (5,000 by default) with their risk weights must take under 2 seconds. Not a test.

Seeds, with ``bulk_create`` (the services are measured elsewhere), a city of ``--districts``
districts (10), an organisation and a procurement in each, and ``--n`` contracts spread over
the districts, each funding two posts whose holders hold no certificate (so every contract
shows a lapsed credential, the most expensive risk to find), and risks on a share of them:
10 % a complaint, 10 % a late statistics return, 5 % a submitted self-assessment with a
standard not met. Then it times ``oversight.services.draw_visits`` for the city (the risks
found by five grouped queries, the weights, the stratified draw, the draw and its ``--n``
entries written with their audit records), ``--rounds`` times inside a transaction rolled back
each time, and ``services.redraw`` (the proof of reproducibility); the same seed must give the
same sample every round (checked). Prints the medians and the machine load (``uptime``).

    nice -n 19 .venv/bin/python bench/visit_draw.py                   # SQLite under /tmp
    nice -n 19 .venv/bin/python bench/visit_draw.py --database postgres://postgres@127.0.0.1:5432/shegong_bench_draw
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "sqlite:////tmp/shegong_bench_draw.sqlite3"
ON = date(2026, 12, 10)


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


def seed(n: int, districts: int) -> None:  # noqa: PLR0914 - one flat seeding script
    from shegong.areas.models import Area
    from shegong.organisations.models import Organisation, ServiceField
    from shegong.oversight.models import (
        Complaint,
        QualityStandard,
        SelfAssessment,
        SelfAssessmentItem,
        StatisticsReturn,
    )
    from shegong.people.models import Person
    from shegong.procurement.models import Contract, PlanItem, Procurement, PurchasePlan
    from shegong.workforce.models import Employment, Post, PostType

    province, _ = Area.objects.get_or_create(
        code="44", defaults={"name": "广东省", "level": "province"}
    )
    city, _ = Area.objects.get_or_create(
        code="4403", defaults={"name": "深圳市", "level": "city", "parent": province}
    )
    field = ServiceField.objects.order_by("code").first()
    ptype = PostType.objects.create(
        code="BENCH", name="社工岗", field=field, grade=1, required_level="assistant"
    )
    standard = QualityStandard.objects.order_by("code").first()
    per = -(-n // districts)
    made = 0
    for d in range(districts):
        district = Area.objects.create(
            code=f"4403{d:02d}", name=f"第{d + 1}区", level="district", parent=city
        )
        org = Organisation.objects.create(
            name=f"第{d + 1}区社工服务中心",
            credit_code=f"52440300MJ{d:07d}X",
            kind="service_provider",
            area=district,
        )
        plan = PurchasePlan.objects.create(area=district, year=2026, title="计划")
        item = PlanItem.objects.create(
            plan=plan,
            field=field,
            kind="posts",
            posts=2,
            estimated_value=Decimal("1.00"),
            method="single_source",
        )
        proc = Procurement.objects.create(
            plan_item=item,
            buyer=district,
            method="single_source",
            title="单一来源",
            status="contracted",
            proposed_supplier=org,
        )
        size = min(per, n - made)
        contracts = Contract.objects.bulk_create(
            Contract(
                procurement=proc,
                buyer=district,
                supplier=org,
                number=f"B{d:02d}-{i:06d}",
                title="合同",
                signed_on=date(2026, 3, 20),
                starts_on=date(2026, 4, 1),
                ends_on=date(2027, 3, 31),
                value=Decimal("240000.00"),
            )
            for i in range(size)
        )
        posts = Post.objects.bulk_create(
            Post(
                code=f"P{d:02d}-{i:07d}",
                name="岗位",
                organisation=org,
                post_type=ptype,
                field=field,
                grade=1,
            )
            for i in range(size * 2)
        )
        through = Contract.posts.through
        through.objects.bulk_create(
            through(contract_id=c.pk, post_id=posts[2 * k + j].pk)
            for k, c in enumerate(contracts)
            for j in (0, 1)
        )
        people = Person.objects.bulk_create(
            Person(
                national_id=f"4403{d:02d}{i:012d}",
                name="张三",
                sex="male",
                birth_date=date(1990, 1, 1),
                area=district,
                organisation=org,
            )
            for i in range(size * 2)
        )
        Employment.objects.bulk_create(
            Employment(person=p, post=post, start=date(2026, 1, 1), kind="new_hire")
            for p, post in zip(people, posts, strict=True)
        )
        Complaint.objects.bulk_create(
            Complaint(contract=c, received_on=date(2026, 6, 1), summary="投诉")
            for c in contracts[::10]
        )
        StatisticsReturn.objects.bulk_create(
            StatisticsReturn(
                contract=c,
                period_start=date(2026, 4, 1),
                period_end=date(2026, 6, 30),
                due_on=date(2026, 7, 15),
                submitted_on=date(2026, 7, 20),
            )
            for c in contracts[5::10]
        )
        assessments = SelfAssessment.objects.bulk_create(
            SelfAssessment(contract=c, year=2026, status="submitted", submitted_on=ON)
            for c in contracts[3::20]
        )
        SelfAssessmentItem.objects.bulk_create(
            SelfAssessmentItem(assessment=a, standard=standard, result="not_met", evidence="x")
            for a in assessments
        )
        made += size
        print(f"seeded {made:,} / {n:,}", flush=True)


def measure(rounds: int) -> dict:
    from django.db import transaction

    from shegong.areas.models import Area
    from shegong.oversight import services

    city = Area.objects.get(code="4403")
    draws, redraws, samples = [], [], []
    for _ in range(rounds):
        with transaction.atomic():
            began = time.perf_counter()
            draw = services.draw_visits(None, city, 2026, "bench-2026", on=ON)
            draws.append(time.perf_counter() - began)
            began = time.perf_counter()
            again = services.redraw(draw)
            redraws.append(time.perf_counter() - began)
            drawn = set(draw.entries.filter(chosen=True).values_list("contract_id", flat=True))
            assert again == drawn, "the seed must give the same sample"
            samples.append(frozenset(drawn))
            result = (draw.running, draw.drawn)
            transaction.set_rollback(True)
    assert len(set(samples)) == 1, "every round must draw the same sample"
    return {
        "draw_s": statistics.median(draws),
        "redraw_s": statistics.median(redraws),
        "all_draws": draws,
        "running_drawn": result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=5000, help="running contracts")
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", default=DEFAULT_DB, help="a database URL")
    args = parser.parse_args()
    postgres = args.database.startswith("postgres")
    name = args.database.rsplit("/", 1)[1]
    if postgres:
        _admin(args.database, f'DROP DATABASE IF EXISTS "{name}"')
        _admin(args.database, f'CREATE DATABASE "{name}"')
    else:
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(args.database, var_dir)
        began = time.perf_counter()
        seed(args.n, args.districts)
        print(f"seeding: {time.perf_counter() - began:.1f} s")
        result = measure(args.rounds)
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    running, drawn = result["running_drawn"]
    print(
        f"draw of {running:,} running contracts ({drawn:,} drawn): median "
        f"{result['draw_s']:.2f} s (rounds: {', '.join(f'{t:.2f}' for t in result['all_draws'])}); "
        f"redraw {result['redraw_s']:.2f} s; load: {load}"
    )
    if postgres:
        from django.db import connections

        connections.close_all()
        _admin(args.database, f'DROP DATABASE "{name}"')


if __name__ == "__main__":
    main()
