"""The purchased-services dashboard at city scale (issue 14, "Speed"). Not a test.

Seeds a PostgreSQL database (``shegong_bench_money``; ``--keep`` leaves it for ``--reuse``)
with a city of 10 districts, 1,000 organisations, 5,500 plan items and procurements (5,000
with a signed contract, the others published, opened, awarded or a single-source notice, some
of them overdue), 5,000 contracts on 7,500 funding lines (commitments on the ledger), 70,000
instalments of which ``--payments`` (60,000) are paid (a payment and its ledger entry each),
10,000 posts funded by the contracts, 8,000 of them held (people with certificates and
registrations, some lapsed). Rows go in with ``COPY`` (``compliance_dashboard.copy``): the
benchmark measures reading.

Then, signed in as a district officer and as a city officer, it renders
``/statistics/purchasing/`` in-process with Django's test client (production settings, DEBUG
off), ``--repeat`` times after a warm-up, and prints the median and slowest time, the number
of SQL queries and the load average.

    .venv/bin/python bench/money_dashboard.py --keep
    .venv/bin/python bench/money_dashboard.py --reuse --repeat 9
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compliance_dashboard import (  # noqa: E402 - the bench directory is not a package
    close_and_drop,
    copy,
    make_users,
    prepare_database,
    start_django,
)

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_money"
YEAR = 2026
PER_CONTRACT = 12  # paid instalments a contract (5,000 × 12 = 60,000 payments)


def seed(args) -> None:  # noqa: PLR0915 - one linear script
    from django.db import transaction

    from shegong.areas.models import Area
    from shegong.funding.models import BudgetLine, LedgerEntry
    from shegong.organisations.models import Organisation, ServiceField
    from shegong.people.models import Person
    from shegong.procurement.models import (
        BidOpening,
        Contract,
        ContractLine,
        Instalment,
        Payment,
        PlanItem,
        Procurement,
        PurchasePlan,
    )
    from shegong.registry.models import Certificate, Registration
    from shegong.workforce.models import Employment, Post, PostType

    rng = random.Random(args.seed)
    started = time.perf_counter()
    contracts_n = args.contracts
    with transaction.atomic():
        province = Area.objects.create(code="44", name="广东省", level="province")
        city = Area.objects.create(code="4403", name="深圳市", level="city", parent=province)
        districts = [
            Area.objects.create(code=f"4403{i:02d}", name=f"第{i}区", level="district", parent=city)
            for i in range(1, 11)
        ]
        fields = list(ServiceField.objects.order_by("code"))
        orgs = copy(
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
                for i in range(1000)
            ],
            ("name", "credit_code", "kind", "area_id", "origin", "status"),
        )
        ptypes = [
            PostType.objects.create(
                code=f"T{f.code}",
                name=f"{f.name}岗位",
                field=f,
                grade=1,
                required_level="assistant",
                designated=True,
            )
            for f in fields
        ]
        # Budget lines: three sources a district and the city's budget, each allocated.
        lines = {}
        for d in districts:
            for source in ("district_budget", "welfare_lottery", "city_subsidy"):
                lines[(d.pk, source)] = BudgetLine.objects.create(
                    year=YEAR, payer=d, source=source, purpose="purchase", name=f"{d.name}{source}"
                )
        city_line = BudgetLine.objects.create(
            year=YEAR, payer=city, source="city_budget", purpose="purchase", name="市本级"
        )
        ledger_cols = (
            "line_id",
            "kind",
            "amount",
            "booked_on",
            "reason",
            "source_model",
            "source_id",
            "reference",
            "commitment_id",
        )
        copy(
            LedgerEntry,
            [
                (
                    line.pk,
                    "allocation",
                    Decimal("900000000.00"),
                    date(YEAR, 1, 5),
                    "预算批复",
                    "",
                    None,
                    "",
                    None,
                )
                for line in [*lines.values(), city_line]
            ],
            ledger_cols,
        )
        plans = {
            d.pk: PurchasePlan.objects.create(area=d, year=YEAR, title=f"{d.name}{YEAR}")
            for d in districts
        }
        # Plan items and procurements: 5,000 contracted and 500 at other (some overdue) steps.
        others = (
            ["published"] * 150
            + ["bids_closed"] * 100
            + ["awarded"] * 100
            + ["single_source"] * 150
        )
        n_items = contracts_n + len(others)
        item_rows, proc_specs = [], []
        for i in range(n_items):
            d = districts[i % 10]
            kind = "posts" if i % 2 == 0 else "project"
            state = "contracted" if i < contracts_n else others[i - contracts_n]
            method = "single_source" if state == "single_source" else "open_tender"
            item_rows.append(
                (
                    plans[d.pk].pk,
                    fields[i % len(fields)].pk,
                    kind,
                    2 if kind == "posts" else None,
                    "" if kind == "posts" else f"项目{i}",
                    Decimal("260000.00"),
                    method,
                )
            )
            proc_specs.append((d, state, method))
        item_ids = copy(
            PlanItem,
            item_rows,
            ("plan_id", "field_id", "kind", "posts", "project", "estimated_value", "method"),
        )
        proc_rows = []
        for i, (item_id, (d, state, method)) in enumerate(zip(item_ids, proc_specs, strict=True)):
            status = "published" if state == "single_source" else state
            published = date(YEAR, 1 + i % 6, 2)
            proc_rows.append(
                (
                    item_id,
                    d.pk,
                    method,
                    f"采购{i}",
                    status,
                    published,
                    published + timedelta(days=25) if method != "single_source" else None,
                    orgs[i % 1000] if method == "single_source" else None,
                    published + timedelta(days=40) if state in ("awarded", "contracted") else None,
                )
            )
        proc_ids = copy(
            Procurement,
            proc_rows,
            (
                "plan_item_id",
                "buyer_id",
                "method",
                "title",
                "status",
                "published_on",
                "bid_deadline",
                "proposed_supplier_id",
                "awarded_on",
            ),
        )
        zone = ZoneInfo("Asia/Shanghai")
        copy(
            BidOpening,
            [
                (pid, datetime(YEAR, 2, 1, 9, 30, tzinfo=zone), 3, 0, False, "")
                for pid, (_d, state, _m) in zip(proc_ids, proc_specs, strict=True)
                if state in ("bids_closed", "awarded", "contracted")
            ],
            ("procurement_id", "opened_at", "valid_bids", "invalid_bids", "failed", "outcome"),
        )
        # Contracts, funding lines and their commitments.
        contract_rows, contract_district = [], []
        for i in range(contracts_n):
            d, supplier = proc_specs[i][0], orgs[(i * 7) % 1000]
            contract_rows.append(
                (
                    proc_ids[i],
                    d.pk,
                    supplier,
                    f"HT-{YEAR}-{i:05d}",
                    f"合同{i}",
                    date(YEAR, 2, 20),
                    date(YEAR, 3, 1),
                    date(YEAR + 1, 2, 28),
                    Decimal("260000.00"),
                    "in_force",
                )
            )
            contract_district.append(d.pk)
        contract_ids = copy(
            Contract,
            contract_rows,
            (
                "procurement_id",
                "buyer_id",
                "supplier_id",
                "number",
                "title",
                "signed_on",
                "starts_on",
                "ends_on",
                "value",
                "status",
            ),
        )
        funding = []  # (contract, line, amount)
        for i, (cid, dpk) in enumerate(zip(contract_ids, contract_district, strict=True)):
            if i % 2:
                funding.append((cid, lines[(dpk, "district_budget")].pk, Decimal("200000.00")))
                funding.append((cid, lines[(dpk, "welfare_lottery")].pk, Decimal("60000.00")))
            else:
                funding.append((cid, lines[(dpk, "district_budget")].pk, Decimal("260000.00")))
        commitment_ids = copy(
            LedgerEntry,
            [
                (
                    line,
                    "commitment",
                    amount,
                    date(YEAR, 2, 20),
                    "合同签订",
                    "procurement.contract",
                    cid,
                    f"HT-{cid}",
                    None,
                )
                for cid, line, amount in funding
            ],
            ledger_cols,
        )
        contract_line_ids = copy(
            ContractLine,
            [
                (cid, line, amount, com)
                for (cid, line, amount), com in zip(funding, commitment_ids, strict=True)
            ],
            ("contract_id", "line_id", "amount", "commitment_id"),
        )
        # The schedule: 12 paid instalments a contract from its first funding line, 2 unpaid.
        first_line = {}
        for (cid, line, _a), cl, com in zip(
            funding, contract_line_ids, commitment_ids, strict=True
        ):
            first_line.setdefault(cid, (cl, line, com))
        inst_rows, inst_meta = [], []
        for cid in contract_ids:
            cl, line, com = first_line[cid]
            for n in range(1, PER_CONTRACT + 3):
                due = date(YEAR, 1 + (n - 1) % 12, 10) if n <= PER_CONTRACT else date(YEAR, 11, 10)
                inst_rows.append((cid, n, due, Decimal("10000.00"), cl, "none", "", False))
                inst_meta.append((cid, line, com, n <= PER_CONTRACT, due))
        inst_ids = copy(
            Instalment,
            inst_rows,
            (
                "contract_id",
                "number",
                "due_on",
                "amount",
                "funding_id",
                "condition",
                "condition_text",
                "condition_met",
            ),
        )
        paid = [(iid, meta) for iid, meta in zip(inst_ids, inst_meta, strict=True) if meta[3]]
        paid = paid[: args.payments]
        entry_ids = copy(
            LedgerEntry,
            [
                (
                    line,
                    "payment",
                    Decimal("10000.00"),
                    due + timedelta(days=3),
                    "分期付款",
                    "procurement.contract",
                    cid,
                    f"HT-{cid}",
                    com,
                )
                for _iid, (cid, line, com, _p, due) in paid
            ],
            ledger_cols,
        )
        copy(
            Payment,
            [
                (cid, iid, due + timedelta(days=3), Decimal("10000.00"), eid)
                for (iid, (cid, _l, _c, _p, due)), eid in zip(paid, entry_ids, strict=True)
            ],
            ("contract_id", "instalment_id", "paid_on", "amount", "entry_id"),
        )
        # Posts funded by the post purchases (2 each), 80 % held, most holders credentialed.
        post_rows, post_contract = [], []
        for i, cid in enumerate(contract_ids):
            if i % 2:
                continue
            supplier = contract_rows[i][2]
            for j in range(2):
                t = ptypes[(i + j) % len(ptypes)]
                post_rows.append(
                    (f"P{i:06d}{j}", f"岗位{i}-{j}", supplier, t.pk, t.field_id, 1, True, True)
                )
                post_contract.append(cid)
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
        through = Contract.posts.through
        copy(through, list(zip(post_contract, post_ids, strict=True)), ("contract_id", "post_id"))
        held = [p for k, p in enumerate(post_ids) if k % 5]
        people = copy(
            Person,
            [
                (f"{k:017d}X"[-18:], f"社工{k}", "female", date(1985, 1, 1), districts[k % 10].pk)
                for k in range(len(held))
            ],
            ("national_id", "name", "sex", "birth_date", "area_id"),
        )
        certs = copy(
            Certificate,
            [
                (f"C{k:09d}", pid, "assistant", date(2020, 1, 1), "深圳市人事局", "valid")
                for k, pid in enumerate(people)
            ],
            ("number", "person_id", "level", "issue_date", "issuing_body", "status"),
        )
        copy(
            Registration,
            [
                (
                    f"R{k:09d}",
                    pid,
                    cid,
                    "assistant",
                    "registered",
                    date(2021, 1, 1),
                    date(2026, 3, 31) if k % 10 == 0 else date(2029, 12, 31),
                )
                for k, (pid, cid) in enumerate(zip(people, certs, strict=True))
            ],
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
        copy(
            Employment,
            [
                (pid, post, date(YEAR, 3, 1), "new_hire")
                for pid, post in zip(people, held, strict=True)
            ],
            ("person_id", "post_id", "start", "kind"),
        )
        make_users(city, districts[0], orgs[0])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: planner statistics
    print(
        f"seeded {contracts_n:,} contracts, {len(funding):,} funding lines, {len(inst_ids):,} "
        f"instalments, {len(entry_ids):,} payments, {len(post_ids):,} posts "
        f"in {time.perf_counter() - started:.1f} s (rng {rng.random():.3f})"
    )


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
        response = client.get("/statistics/purchasing/", params)  # warm-up
        assert response.status_code == 200, (label, response.status_code)
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get("/statistics/purchasing/", params)
                times.append((time.perf_counter() - began) * 1000)
        results.append(
            {
                "case": label,
                "median": statistics.median(times),
                "max": max(times),
                "queries": len(captured),
                "load": os.getloadavg()[0],
            }
        )
        print(
            f"{label:<36} median {results[-1]['median']:7.1f} ms  max {max(times):7.1f} ms  "
            f"{len(captured)} queries  load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        if args.explain:
            slow = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
            for q in slow:
                print(f"   {q['time']} s  {q['sql'][:300]}")
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
    parser.add_argument("--explain", action="store_true", help="print the slowest queries")
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
