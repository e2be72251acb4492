"""Annual assessment of a whole city (REG-6): opening scoring and computing the results. Not a
test.

Seeds the same city as ``compliance_dashboard.py`` (its ``seed``: 10 districts, 2,000
organisations, 50,000 employments; one month of pay, which this benchmark does not read) in its
own PostgreSQL database (``shegong_bench_cycle``, created and dropped by the script), adds an
active assessment form for every post type and a city-wide cycle, then times, as the background
job runs them (``assessment.services``):

- **open scoring**: one assessment per person employed in the city on the reference date and a
  score sheet per side (employer; served unit where the post's service unit belongs to another
  organisation), written in bulk with bulk audit records;
- **close scoring**: after every sheet is given a total (with one SQL ``UPDATE``, not timed),
  closing computes every result, the bands and the excellent cap per organisation, and writes
  them with their audit records;
- **compute again**: nothing changed, so nothing is written.

Usage (from the repository root)::

    .venv/bin/python bench/assessment_cycle.py [--organisations 2000] [--employments 50000]
        [--keep] [--reuse] [--pg postgres://postgres@127.0.0.1:5432/shegong_bench_cycle]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import compliance_dashboard as city  # noqa: E402 - the bench folder is not a package

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_cycle"
WEIGHTS = {"ability": 20, "conduct": 20, "performance": 20, "moral": 15, "quality": 15, "level": 10}


def measure() -> dict:
    from django.db import connection

    from shegong.areas.models import Area
    from shegong.assessment import services
    from shegong.assessment.models import AssessmentCycle, AssessmentForm, ScoreSheet
    from shegong.core.models import AuditRecord
    from shegong.core.services import create_record
    from shegong.workforce.models import PostType

    for post_type in PostType.objects.all():
        if not AssessmentForm.objects.filter(post_type=post_type, is_active=True).exists():
            create_record(
                None,
                AssessmentForm,
                {
                    "post_type": post_type,
                    "name": f"考核表 {post_type}",
                    **{f"weight_{k}": Decimal(v) for k, v in WEIGHTS.items()},
                },
            )
    on = city.ON
    cycle = create_record(
        None,
        AssessmentCycle,
        {
            "year": on.year,
            "area": Area.objects.get(level="city"),
            "reference_date": on,
            "opens_on": on - timedelta(days=10),
            "closes_on": on + timedelta(days=3650),
        },
    )
    figures = {}
    audit_before = AuditRecord.objects.count()
    t = time.perf_counter()
    cycle = services.open_scoring(None, cycle, reason="bench")
    figures["open"] = time.perf_counter() - t
    figures["assessments"] = cycle.assessments.count()
    figures["sheets"] = ScoreSheet.objects.filter(assessment__cycle=cycle).count()
    figures["audit_open"] = AuditRecord.objects.count() - audit_before
    with connection.cursor() as c:  # every sheet scored: totals 40-99, spread over the bands
        c.execute(
            """UPDATE assessment_scoresheet SET status = 'submitted',
                   total = 40 + (id * 37) %% 60, submitted_at = now()
               WHERE assessment_id IN (SELECT id FROM assessment_assessment WHERE cycle_id = %s)""",
            [cycle.pk],
        )
    audit_before = AuditRecord.objects.count()
    t = time.perf_counter()
    cycle = services.close_scoring(None, cycle, reason="bench")
    figures["close"] = time.perf_counter() - t
    figures["audit_close"] = AuditRecord.objects.count() - audit_before
    audit_before = AuditRecord.objects.count()
    t = time.perf_counter()
    services.compute_results(None, cycle, reason="bench")
    figures["again"] = time.perf_counter() - t
    figures["audit_again"] = AuditRecord.objects.count() - audit_before
    t = time.perf_counter()
    figures["csv_bytes"] = len(services.cycle_csv(cycle))
    figures["csv"] = time.perf_counter() - t
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--employments", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database afterwards")
    args = parser.parse_args()
    args.months = 1
    name = args.pg.rsplit("/", 1)[1]
    if not name.startswith("shegong_bench"):
        raise SystemExit("the database name must start with shegong_bench")
    city.prepare_database(args.pg, reuse=False)
    city.start_django(args.pg)
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        city.seed(args)
        print(f"load average before: {os.getloadavg()}")
        f = measure()
    finally:
        if not args.keep:
            city.close_and_drop(args.pg)
    print(
        f"\nopen scoring: {f['assessments']:,} assessments, {f['sheets']:,} score sheets, "
        f"{f['audit_open']:,} audit records: {f['open']:.2f} s"
    )
    print(
        f"close scoring (compute every result): {f['close']:.2f} s, "
        f"{f['audit_close']:,} audit records"
    )
    print(f"compute again, nothing changed: {f['again']:.2f} s, {f['audit_again']:,} audit records")
    print(f"result file (CSV, {f['csv_bytes']:,} bytes): {f['csv']:.2f} s")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
