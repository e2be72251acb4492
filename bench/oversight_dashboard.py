"""The oversight dashboard at city scale (issue 15, "Speed": under a second for 5,000 running
contracts). Not a test.

Seeds a PostgreSQL database (``shegong_bench_oversight``; ``--keep`` leaves it for
``--reuse``) with the purchased-services bench's city (``money_dashboard.seed``: 10 districts,
1,000 organisations, 5,000 contracts with their posts, people and payments), then adds the
oversight records: a grade for 600 organisations (1A to 5A), a rated final evaluation for
3,000 contracts and a visit done for every third contract. Audit actions and rectification
orders are not seeded (each is counted by one query). Rows go in with ``bulk_create``.

Then, signed in as a district officer and as a city officer, it renders
``/statistics/oversight/`` in-process with Django's test client (production settings, DEBUG
off), ``--repeat`` times after a warm-up, and prints the median and slowest time, the number
of SQL queries and the load average.

    nice -n 19 .venv/bin/python bench/oversight_dashboard.py --keep
    nice -n 19 .venv/bin/python bench/oversight_dashboard.py --reuse --repeat 9
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compliance_dashboard import (  # noqa: E402 - the bench directory is not a package
    close_and_drop,
    prepare_database,
    start_django,
)
from money_dashboard import seed as seed_money  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_oversight"
YEAR = 2026
URL = "/statistics/oversight/"


def seed(args) -> None:
    from django.db import transaction

    from shegong.accounts.models import User
    from shegong.grading.models import Application, GradingCycle, IndicatorSystem, OrganisationGrade
    from shegong.organisations.models import Organisation
    from shegong.oversight.models import Evaluation, Visit
    from shegong.procurement.models import Contract

    seed_money(args)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with transaction.atomic():
        system = IndicatorSystem.objects.create(name="等级评估指标体系（基准）", total=1000)
        cycle = GradingCycle.objects.create(
            year=2025, opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31), system=system
        )
        orgs = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:600])
        grades = [rng.choice(["1A", "2A", "3A", "4A", "5A"]) for _ in orgs]
        applications = Application.objects.bulk_create(
            Application(
                cycle=cycle,
                organisation_id=org,
                applied_on=date(2025, 3, 1),
                status="published",
                grade=grade,
                published_on=date(2025, 9, 1),
            )
            for org, grade in zip(orgs, grades, strict=True)
        )
        OrganisationGrade.objects.bulk_create(
            OrganisationGrade(
                organisation_id=org,
                application=application,
                grade=grade,
                published_on=date(2025, 9, 1),
                valid_until=date(2030, 8, 31),
            )
            for org, grade, application in zip(orgs, grades, applications, strict=True)
        )
        contracts = list(Contract.objects.order_by("pk").values_list("pk", flat=True))
        ratings = ["excellent", "good", "competent", "basically_competent", "not_competent"]
        Evaluation.objects.bulk_create(
            Evaluation(
                contract_id=pk,
                stage="final",
                held_on=date(YEAR, 6, 1 + i % 28),
                status="rated",
                rating=rng.choice(ratings),
            )
            for i, pk in enumerate(contracts[:3000])
        )
        lead = User.objects.get(username="bench_district")
        Visit.objects.bulk_create(
            Visit(
                contract_id=pk,
                kind="unannounced",
                planned_on=date(YEAR, 5, 1 + i % 28),
                visited_on=date(YEAR, 5, 1 + i % 28),
                status="done",
                lead_evaluator=lead,
            )
            for i, pk in enumerate(contracts[::3])
        )
    print(f"oversight records seeded in {time.perf_counter() - started:.1f} s", flush=True)


def measure(args) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shegong.accounts.models import User
    from shegong.areas.models import Area

    district = Area.objects.get(code="440301")
    cases = [
        ("bench_district", "district officer, own district", {"year": YEAR}),
        ("bench_city", "city officer, whole city", {"year": YEAR}),
        ("bench_city", "city officer, one district", {"year": YEAR, "area": district.pk}),
    ]
    results = []
    for username, label, params in cases:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        response = client.get(URL, params)  # warm-up
        assert response.status_code == 200, (label, response.status_code)
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(URL, params)
                times.append((time.perf_counter() - began) * 1000)
        results.append({"case": label, "median": statistics.median(times), "max": max(times)})
        print(
            f"{label:<36} median {results[-1]['median']:7.1f} ms  max {max(times):7.1f} ms  "
            f"{len(captured)} queries  load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--payments", type=int, default=60000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    args = parser.parse_args()
    reused = prepare_database(args.pg, args.reuse)
    start_django(args.pg)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    try:
        if not reused:
            call_command("migrate", verbosity=0)
            seed(args)
        print(f"load average before: {os.getloadavg()}")
        measure(args)
        print(f"load average after: {os.getloadavg()}")
    finally:
        if not args.keep:
            close_and_drop(args.pg)


if __name__ == "__main__":
    main()
