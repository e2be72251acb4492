"""Choice fields at city scale (issue 13, "Choice fields that scale"). Not a test.

Seeds the compliance benchmark's city (``bench/compliance_dashboard.py``'s ``seed``) into a
PostgreSQL database: 10 districts, 2,000 organisations, 55,000 posts, 50,000 people and employments;
``--months 0`` leaves out pay and insurance, which these pages do not read), then renders
the employments list (and the other lists with choice fields over growing tables) signed in
as the city officer, ``--repeat`` times after a warm-up, and prints each page's size, its
number of ``<option>`` elements, its median time and its number of SQL queries.

``--src`` measures another checkout's code on the same database (e.g. the code before
issue 13: ``--reuse --src ../main/src``); ``--keep`` leaves the database for ``--reuse``.

Usage (from the repository root)::

    .venv/bin/python bench/choice_fields.py [--keep] [--reuse] [--src PATH] [--repeat 5]
        [--pg postgres://postgres@127.0.0.1:5432/shegong_bench_choices]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import compliance_dashboard as city  # noqa: E402 - the seeding of the compliance benchmark

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_choices"
PAGES = (
    "/workforce/employments/",
    "/workforce/posts/",
    "/people/persons/",
    "/workforce/payrecords/",
    "/public-register/",  # anonymous: the register's search form
)


def start_django(url: str, src: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SHEGONG_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    sys.path.insert(0, str(src))
    import django

    django.setup()


def measure(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shegong.accounts.models import User

    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(User.objects.get(username="bench_city"))
    for url in args.pages or PAGES:
        client = Client(HTTP_HOST="localhost") if url.startswith("/public") else signed_in
        response = client.get(url)
        if response.status_code != 200:
            print(f"{url:<28} {response.status_code}")
            continue
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
        body = response.content
        print(
            f"{url:<28} {len(body) / 1024:>8.1f} KB  {body.count(b'<option'):>7} options  "
            f"median {statistics.median(times) * 1000:>7.1f} ms  {len(captured)} queries"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--employments", type=int, default=50000)
    parser.add_argument("--months", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", nargs="*", help=f"the pages to measure (default: {PAGES})")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    args = parser.parse_args()

    reused = city.prepare_database(args.pg, args.reuse)
    start_django(args.pg, args.src.resolve())
    from django.core.management import call_command

    import shegong

    print(f"code: {Path(shegong.__file__).parent}")
    try:
        if not reused:
            call_command("migrate", verbosity=0)
            city.seed(args)
        print(f"load average: {os.getloadavg()}")
        measure(args)
    finally:
        if not args.keep:
            city.close_and_drop(args.pg)


if __name__ == "__main__":
    main()
