"""The public OCDS records endpoint at scale (issue 14, point 7). Not a test.

Seeds ``--n`` published procurements (100,000 by default) in PostgreSQL
(``shegong_bench_ocds`` by default; ``--keep`` leaves it for ``--reuse``): one district, one
purchase plan, ``--n`` plan items, each with a published open tender, two criteria and a
clarification, written with ``bulk_create`` (the services are measured elsewhere). Then it asks
``GET /api/v1/public/ocds/records/?page=…`` for ``--requests`` random pages of 100 records with
Django's client in this process and prints the median and p99 time and the number of SQL
queries of a page (the same for every page: a fixed number, ``procurement.ocds.packaging``).

``--compare`` also measures, on the same random pages in alternating order, the page as it was
built before issue 14's speed work (``OFFSET`` over the joined rows, related rows sorted by
their procurement's ordering, the compiled release merged with ``copy.deepcopy``) against the
page as it is now, each split into its parts: SQL and fetching, building the releases,
compiling the records, writing the JSON. The seeded database is ``VACUUM ANALYZE``d after seeding
(as autovacuum would do), so the planner knows its 100,000 rows.

    .venv/bin/python bench/ocds_records.py                      # 100,000 procurements
    .venv/bin/python bench/ocds_records.py --n 2000 --requests 50
    .venv/bin/python bench/ocds_records.py --database sqlite:////tmp/ocds.sqlite3 --n 2000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_ocds"
BATCH = 2000


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
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PUBLIC_REGISTER_RATE = "100000000/minute"  # measure the endpoint, not the limit


def seed(n: int) -> None:
    from shegong.areas.models import Area
    from shegong.organisations.models import ServiceField
    from shegong.procurement.models import (
        Clarification,
        Criterion,
        PlanItem,
        Procurement,
        PurchasePlan,
    )

    city, _ = Area.objects.get_or_create(code="4403", defaults={"name": "深圳市", "level": "city"})
    district, _ = Area.objects.get_or_create(
        code="440304", defaults={"name": "福田区", "level": "district", "parent": city}
    )
    field = ServiceField.objects.order_by("code").first()
    plan = PurchasePlan.objects.create(area=district, year=2026, title="福田区2026年购买服务计划")
    published = date(2026, 3, 2)
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        items = PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                field=field,
                kind="project",
                project=f"社区长者服务项目{start + i}",
                estimated_value=Decimal("800000.10"),
                method="open_tender",
            )
            for i in range(size)
        )
        procurements = Procurement.objects.bulk_create(
            Procurement(
                plan_item=it,
                buyer=district,
                method="open_tender",
                title=f"{it.project}公开招标",
                description="为辖区长者提供社区照护、探访与个案服务，服务期一年。",
                status="published",
                published_on=published,
                bid_deadline=published + timedelta(days=25),
            )
            for it in items
        )
        Criterion.objects.bulk_create(
            c
            for p in procurements
            for c in (
                Criterion(procurement=p, name="价格", weight=Decimal("30"), is_price=True),
                Criterion(procurement=p, name="服务方案", weight=Decimal("70")),
            )
        )
        Clarification.objects.bulk_create(
            Clarification(procurement=p, made_on=published + timedelta(days=1), text="答疑")
            for p in procurements
        )
        print(f"seeded {start + size:,} / {n:,}", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a live table: statistics
        # for the planner and the visibility map for index-only scans


def measure(n: int, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = max(1, -(-n // 100))
    client.get("/api/v1/public/ocds/records/")  # warm-up
    times, queries = [], set()
    for _ in range(requests):
        page = random.randint(1, pages)  # noqa: S311 - not for security
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get("/api/v1/public/ocds/records/", {"page": page})
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
        queries.add(len(captured))
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "queries": sorted(queries),
        "bytes": len(response.content),
    }


def _before_page(number: int) -> list:
    """The page's procurements as fetched before issue 14's speed work (reference only)."""
    from shegong.procurement.models import Procurement
    from shegong.procurement.ocds.packaging import PUBLISHED

    qs = (
        Procurement.objects.filter(PUBLISHED)
        .select_related("buyer", "plan_item__plan", "plan_item__field", "proposed_supplier")
        .prefetch_related("criteria", "documents", "clarifications", "contracts__payments")
        .order_by("pk")
    )
    start = (number - 1) * 100
    return list(qs[start : start + 101])[:100]


def _before_merge(old, new):
    import copy

    out = copy.deepcopy(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _before_merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            if value and all(isinstance(x, dict) and "id" in x for x in value + out[key]):
                merged = {x["id"]: copy.deepcopy(x) for x in out[key]}
                for x in value:
                    merged[x["id"]] = (
                        _before_merge(merged[x["id"]], x) if x["id"] in merged else copy.deepcopy(x)
                    )
                out[key] = list(merged.values())
            else:
                out[key] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _before_record(releases: list[dict], url: str) -> dict:
    ordered = sorted(releases, key=lambda r: r["date"])
    compiled: dict = {}
    for release in ordered:
        compiled = _before_merge(compiled, release)
    compiled.update(id=f"{compiled['ocid']}-compiled", date=ordered[-1]["date"], tag=["compiled"])
    links = [{"url": f"{url}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in ordered]
    return {"ocid": ordered[0]["ocid"], "releases": links, "compiledRelease": compiled}


def _parts(number: int, before: bool) -> tuple[float, ...]:
    """(SQL and fetching, building, compiling, JSON) of one page of records, in ms."""
    from shegong.procurement.ocds import builders, packaging, records
    from shegong.procurement.ocds.jsonout import dumps

    t0 = time.perf_counter()
    rows = _before_page(number) if before else packaging.page(number).procurements
    t1 = time.perf_counter()
    built = [builders.releases(p) for p in rows]
    t2 = time.perf_counter()
    compile_ = _before_record if before else records.record
    recs = [compile_(r, "https://example.org/r") for r in built]
    t3 = time.perf_counter()
    dumps({"records": recs})
    t4 = time.perf_counter()
    return tuple((b - a) * 1000 for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t0, t4)))


def compare(n: int, requests: int) -> None:
    pages = max(1, -(-n // 100))
    found = {True: [], False: []}
    _parts(1, True), _parts(1, False)  # warm-up
    for i in range(requests):
        page = random.randint(1, pages)  # noqa: S311 - not for security
        for before in (True, False) if i % 2 == 0 else (False, True):
            found[before].append(_parts(page, before))
    names = ("SQL+fetch", "build", "compile", "JSON", "total")
    for before, label in ((True, "before"), (False, "now")):
        cols = list(zip(*found[before], strict=True))
        medians = "  ".join(
            f"{name} {statistics.median(c):6.1f}" for name, c in zip(names, cols, strict=True)
        )
        p99 = sorted(cols[-1])[min(len(cols[-1]) - 1, int(len(cols[-1]) * 0.99))]
        print(
            f"{label:<7} median ms: {medians}  (total p99 {p99:.1f})  load {os.getloadavg()[0]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=100_000, help="procurements to seed")
    parser.add_argument("--requests", type=int, default=200, help="pages to ask for")
    parser.add_argument("--database", default=DEFAULT_PG, help="a database URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="use a kept database as it is")
    parser.add_argument("--compare", action="store_true", help="before/now, part by part")
    args = parser.parse_args()
    postgres = args.database.startswith("postgres")
    name = args.database.rsplit("/", 1)[1]
    if postgres and not args.reuse:
        _admin(args.database, f'DROP DATABASE IF EXISTS "{name}"')
        _admin(args.database, f'CREATE DATABASE "{name}"')
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(args.database, var_dir)
        if not args.reuse:
            began = time.perf_counter()
            seed(args.n)
            print(f"seeding: {time.perf_counter() - began:.1f} s")
        print(f"load average before: {os.getloadavg()}")
        if args.compare:
            compare(args.n, args.requests)
        result = measure(args.n, args.requests)
        print(f"load average after: {os.getloadavg()}")
    print(
        f"records page of 100 at n={args.n:,}: median {result['median_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, queries {result['queries']}, {result['bytes']:,} bytes"
    )
    if postgres and not args.keep:
        from django.db import connections

        connections.close_all()
        _admin(args.database, f'DROP DATABASE "{name}"')


if __name__ == "__main__":
    main()
