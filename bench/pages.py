"""Page speed of every page kind at city scale (issue 13, "What to build" point 6). Not a test.

Seeds a city in PostgreSQL (``shegong_bench_pages`` by default; ``--keep`` leaves it for
``--reuse``) with the dashboard benchmark's seeding (``compliance_dashboard.seed``: 10
districts, 2,000 organisations, 55,000 posts, 50,000 people with certificates, registrations
and employments, and ``--months`` (12) of pay records and insurance contributions, written
with ``COPY``), then an assessment cycle of the whole city, computed
(``assessment_cycle.measure``); ``--scale 0.1`` seeds a tenth of everything for a short run.

Then it starts gunicorn with the production settings (as ``public_register_load.py`` does:
``SHEGONG_PRODUCTION=1``, a private Redis for the cache, 127.0.0.1 only), signs in as the city
administrator through the login page, and measures, each for ``--duration`` seconds at
``--connections`` (8) after a warm-up:

- every signed-in list page (the URL names ``*_list``), every detail page (``*_detail``, the
  first record of its model), the dashboards and reports, every API list (``*-list``);
- the public register page and its API (anonymous, a random register number each request);
- the bare view (``bench_urls.py``: one row by an indexed key) in the same run: at the start
  of every group of ``--bare-every`` pages, so every page is compared with the bare view
  measured next to it. The order of the pages is reversed in every other round.

The number of SQL queries and the size of each page are counted once, in this process, with
Django's test client signed in as the same user. Prints a Markdown table (also written with
``--markdown FILE``; ``--json FILE`` keeps every run) with the goals of the issue: every
signed-in list page p99 under 300 ms and at least 25 % of the bare view's requests per second;
the public register page at least 80 % of the public API's. The load average is printed with
every run.

    .venv/bin/python bench/pages.py --keep                       # seed the city, measure
    .venv/bin/python bench/pages.py --reuse --keep               # measure the kept city again
    .venv/bin/python bench/pages.py --scale 0.1 --duration 3 --rounds 1 --only 'employment|register'
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import assessment_cycle  # noqa: E402 - the bench folder is not a package
import compliance_dashboard as city  # noqa: E402
import public_register_load as load  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench_pages"
USERNAME = "bench_admin"
PASSWORD = "Bench-password-2026"  # noqa: S105 - a throwaway account of a local benchmark
#: Pages measured besides the lists and details found by name: (kind, label, path).
DASHBOARDS = [
    ("dashboard", "workforce compliance", "/workforce/compliance/"),
    (
        "dashboard",
        "workforce compliance by organisation",
        "/workforce/compliance/?grouping=organisation&sort=problems",
    ),
    ("dashboard", "staffing gap", "/workforce/gap/"),
    ("dashboard", "credential flags", "/workforce/flags/"),
    ("dashboard", "overdue conversion plans", "/workforce/overdue-plans/"),
    ("dashboard", "pay below the floor", "/workforce/pay-below-floor/"),
    ("dashboard", "insurance by organisation", "/workforce/insurance-by-organisation/"),
    ("dashboard", "CPD compliance", "/education/compliance/"),
    ("dashboard", "training plan", "/education/plan/"),
    ("dashboard", "registration reports", "/register/reports/"),
    ("dashboard", "registration review queue", "/register/registrations/review/"),
    ("dashboard", "statistics overview", "/statistics/"),
    ("dashboard", "home (workbench)", "/"),
]
PUBLIC = [
    ("public", "public register page", "/public-register/?q={number}"),
    ("public", "public register API", "/api/v1/public/register/?q={number}"),
    # The floor of an HTML page: the layout around an empty content block (bench_urls.py).
    ("public", "empty page with the layout", "/bench/layout/"),
    ("floor", "empty page with the layout, signed in", "/bench/layout/"),
]
BARE = ("bare", "bare view (one row)", "/bench/bare/{number}/")


# --- the city ---------------------------------------------------------------------------------
def seed(args) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    args.organisations = max(10, round(2000 * args.scale))
    args.employments = max(100, round(50000 * args.scale))
    city.seed(args)
    make_admin()
    if not args.no_assessment:
        started = time.perf_counter()
        figures = assessment_cycle.measure()
        print(
            f"assessment cycle: {figures['assessments']:,} assessments computed "
            f"in {time.perf_counter() - started:.1f} s"
        )


def make_admin() -> None:
    from shegong.accounts import services as account_services
    from shegong.accounts.models import User
    from shegong.areas.models import Area

    if User.objects.filter(username=USERNAME).exists():
        return
    area = Area.objects.get(level="city")
    user = account_services.create_user(None, {"username": USERNAME, "area": area}, PASSWORD)
    account_services.create_membership(
        None, None, {"user": user, "role": "city_admin", "area": area, "organisation": None}
    )


def register_numbers(n: int = 5000) -> list[str]:
    from shegong.registry.models import Registration

    numbers = list(Registration.objects.order_by("?").values_list("register_number", flat=True)[:n])
    if not numbers:
        raise SystemExit("no registrations in the database: seed it first")
    return numbers


def discover() -> list[tuple[str, str, str]]:
    """Every list page, detail page (its model's first row) and API list, by URL name."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    found = []

    def walk(resolver, namespace=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                found.append((namespace + p.name, p))

    walk(get_resolver("shegong.urls"))
    pages = []
    for name, pattern in found:
        if name.endswith("_list") and not pattern.pattern.converters:
            pages.append(("list", name.split(":")[-1], reverse(name)))
        elif name.startswith("api:") and name.endswith("-list"):
            pages.append(("api list", name.split(":")[-1], reverse(name)))
        elif name.endswith("_detail") and set(pattern.pattern.converters) == {"pk"}:
            model = model_of(pattern)
            if model is None:
                continue
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if first is not None:
                pages.append(("detail", name.split(":")[-1], reverse(name, args=[first])))
    return sorted(pages, key=lambda p: ("list", "detail", "api list").index(p[0])) + DASHBOARDS


def model_of(pattern):
    view = getattr(pattern.callback, "view_class", None)
    initkwargs = getattr(pattern.callback, "view_initkwargs", {}) or {}
    return initkwargs.get("model") or getattr(view, "model", None)


def count_queries(pages, numbers) -> dict[str, dict]:
    """Queries and bytes of each page, in this process, signed in as the administrator."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shegong.accounts.models import User

    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(User.objects.get(username=USERNAME))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    out = {}
    for kind, label, path in pages:
        client = anonymous if kind in ("public", "bare") else signed_in
        url = path.format(number=numbers[0])
        client.get(url)  # warm-up: imports, caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        out[label] = {
            "status": response.status_code,
            "queries": len(captured),
            "bytes": len(response.content),
        }
    return out


# --- the server and the load ------------------------------------------------------------------
def server_env(args, var_dir: Path, cache_url: str, port: int) -> dict[str, str]:
    env = load.server_env(var_dir, cache_url, args.workers, port)
    env["DATABASE_URL"] = args.pg
    for pair in args.server_env:
        name, _sep, value = pair.partition("=")
        env[name] = value
    return env


def sign_in(port: int) -> str:
    """Sign in through the login page; the ``Cookie`` header of the session."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    html = response.read().decode()
    cookies = cookie_jar(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/accounts/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    cookies.update(cookie_jar(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"signing in failed: {response.status}")
    return f"sessionid={cookies['sessionid']}"


def cookie_jar(response) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _sep, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


WRK_LUA = """
math.randomseed(os.time() + {seed})
local numbers = {{{numbers}}}
request = function()
  local n = numbers[math.random(1, #numbers)]
  return wrk.format("GET", string.format("{path}", n), {{["Cookie"] = "{cookie}"}})
end
"""


def run_wrk(port, path, cookie, numbers, connections, duration) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_LUA.format(
                seed=random.randint(0, 10**6),  # noqa: S311
                numbers=",".join(f'"{n}"' for n in numbers[:2000]),
                path=path.replace("%", "%%").replace("{number}", "%s"),
                cookie=cookie,
            )
        )
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name]
    out = subprocess.run(  # noqa: S603
        [*cmd, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(script.name)

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def run_threads(port, path, cookie, numbers, connections, duration) -> dict:
    """Without wrk: ``connections`` threads, each with its own connection (the GIL makes this
    client slower than wrk: compare pages with the bare view of the same run only)."""
    import http.client

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            url = path.format(number=random.choice(numbers))  # noqa: S311
            t0 = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):  # a worker timed out, a reset
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            mine.append(time.perf_counter() - t0)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if not latencies:  # not one answer within the time
        return {
            "rps": 0.0,
            "requests": 0,
            "p50_ms": elapsed * 1000,
            "p99_ms": elapsed * 1000,
            "errors": errors[0],
        }
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "errors": errors[0],
    }


def schedule(pages: list, round_: int, bare_every: int) -> list:
    """The round's order: the pages (reversed in every other round), the bare view before
    every group of ``bare_every`` pages and after the last."""
    ordered = pages if round_ % 2 else pages[::-1]
    out = []
    for i, page in enumerate(ordered):
        if i % bare_every == 0:
            out.append(BARE)
        out.append(page)
    return [*out, BARE]


# --- the report -------------------------------------------------------------------------------
def summarise(runs: list[dict], counts: dict) -> list[dict]:
    """One row per page: mean req/s over the rounds, the worst p99, and its ratio to the bare
    view measured next to it (the mean of the bare runs just before and just after)."""
    rows = {}
    for run in runs:
        if run["kind"] == "bare":
            continue
        same_round = [r for r in runs if r["round"] == run["round"]]
        j = same_round.index(run)
        before = next(r for r in reversed(same_round[:j]) if r["kind"] == "bare")
        after = next(r for r in same_round[j:] if r["kind"] == "bare")
        run["bare_rps"] = (before["rps"] + after["rps"]) / 2
        rows.setdefault(run["label"], []).append(run)
    table = []
    for label, mine in rows.items():
        rps = statistics.mean(r["rps"] for r in mine)
        bare = statistics.mean(r["bare_rps"] for r in mine)
        table.append(
            {
                "kind": mine[0]["kind"],
                "page": label,
                "path": mine[0]["path"],
                "rps": rps,
                "ratio": rps / bare,
                "p50_ms": statistics.median(r["p50_ms"] for r in mine),
                "p99_ms": max(r["p99_ms"] for r in mine),
                "errors": sum(r["errors"] for r in mine),
                **counts.get(label, {}),
            }
        )
    bare_runs = [r for r in runs if r["kind"] == "bare"]
    if not bare_runs:  # --rounds 0: seeding only
        return table
    table.append(
        {
            "kind": "bare",
            "page": BARE[1],
            "path": BARE[2],
            "rps": statistics.mean(r["rps"] for r in bare_runs),
            "ratio": 1.0,
            "p50_ms": statistics.median(r["p50_ms"] for r in bare_runs),
            "p99_ms": max(r["p99_ms"] for r in bare_runs),
            "errors": sum(r["errors"] for r in bare_runs),
            **counts.get(BARE[1], {}),
        }
    )
    return table


def goal(row: dict, table: list[dict]) -> str:
    if row["kind"] == "list":
        ok = row["p99_ms"] < 300 and row["ratio"] >= 0.25
        return "met" if ok else "**not met**"
    if row["page"] in ("public register page", "empty page with the layout"):
        api = next((r for r in table if r["page"] == "public register API"), None)
        if api is None or not api["rps"]:
            return ""
        share = row["rps"] / api["rps"]
        return f"{share:.0%} of the API: " + ("met" if share >= 0.8 else "**not met**")
    return ""


def markdown(table: list[dict], meta: dict) -> str:
    lines = [
        f"City: {meta['organisations']:,} organisations, {meta['employments']:,} people and "
        f"employments, {meta['months']} months of pay and insurance; "
        f"gunicorn {meta['workers']} workers, {meta['connections']} connections, "
        f"{meta['duration']} s a page, {meta['rounds']} round(s), client {meta['client']}; "
        f"load average {meta['load_before']:.2f} before, {meta['load_after']:.2f} after "
        f"({meta['cpus']} CPUs).",
        "",
        "| kind | page | req/s | % of bare | p50 ms | p99 ms | queries | KB | goal |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in table:
        kb = f"{row.get('bytes', 0) / 1024:.0f}" if "bytes" in row else ""
        status = "" if row.get("status", 200) == 200 else f" ({row['status']})"
        lines.append(
            f"| {row['kind']} | {row['page']}{status} | {row['rps']:.1f} | {row['ratio']:.0%} "
            f"| {row['p50_ms']:.0f} | {row['p99_ms']:.0f} | {row.get('queries', '')} | {kb} "
            f"| {goal(row, table)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--scale", type=float, default=1.0, help="of the city: 0.1 a tenth")
    parser.add_argument("--months", type=int, default=12, help="of pay and insurance records")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-assessment", action="store_true", help="no assessment cycle")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse")
    parser.add_argument("--duration", type=int, default=10, help="seconds a page a round")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each page")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--bare-every", type=int, default=6, help="pages between bare runs")
    parser.add_argument(
        "--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1, help="gunicorn"
    )
    parser.add_argument("--only", help="measure only the pages whose label or path matches")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set in gunicorn's environment after the benchmark's own (repeatable), e.g. "
        "GUNICORN_GC_FREEZE=0 to compare a setting",
    )
    parser.add_argument("--json", type=Path, help="write every run here")
    parser.add_argument("--markdown", type=Path, help="write the table here")
    args = parser.parse_args()
    if not args.pg.rsplit("/", 1)[1].startswith("shegong_bench"):
        raise SystemExit("the database name must start with shegong_bench")

    reused = city.prepare_database(args.pg, args.reuse)
    # One folder for this process and the server: the collected static files, the media.
    var_dir = Path(tempfile.mkdtemp(prefix="shegong-pages-"))
    os.environ["SHEGONG_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"  # with the bare view's URL
    city.start_django(args.pg)
    redis_proc = gunicorn = None
    try:
        if not reused:
            seed(args)
        else:  # a database kept by an older tree: its new tables (empty)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        from shegong.organisations.models import Organisation
        from shegong.workforce.models import Employment, PayRecord

        meta = {
            "organisations": Organisation.objects.count(),
            "employments": Employment.objects.count(),
            "months": PayRecord.objects.values("month").distinct().count(),
        }
        numbers = register_numbers()
        pages = [*discover(), *PUBLIC]
        if args.only:
            pages = [p for p in pages if re.search(args.only, p[1] + " " + p[2])]
        counts = count_queries([*pages, BARE], numbers)
        from django.db import connections

        connections.close_all()
        redis_proc, cache_url = load.start_redis()
        port = load.free_port()
        env = server_env(args, var_dir, cache_url or "locmem://", port)
        subprocess.run(  # noqa: S603 - the production static files (hashed, compressed)
            [sys.executable, "-m", "shegong", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
        )
        gunicorn = load.start_gunicorn(env, port)
        cookie = sign_in(port)
        use_wrk = shutil.which("wrk") is not None
        measure = run_wrk if use_wrk else run_threads
        meta.update(
            workers=args.workers,
            connections=args.connections,
            duration=args.duration,
            rounds=args.rounds,
            client="wrk" if use_wrk else "Python threads",
            cpus=multiprocessing.cpu_count(),
            load_before=os.getloadavg()[0],
        )
        runs = []
        for round_ in range(1, args.rounds + 1):
            for kind, label, path in schedule(pages, round_, args.bare_every):
                headers = cookie if kind not in ("public", "bare") else ""
                if args.warmup:
                    measure(port, path, headers, numbers, args.connections, args.warmup)
                r = measure(port, path, headers, numbers, args.connections, args.duration)
                r.update(round=round_, kind=kind, label=label, path=path)
                r["load"] = os.getloadavg()[0]
                runs.append(r)
                print(
                    f"round {round_} {label[:40]:40s} {r['rps']:7.1f} req/s  "
                    f"p50 {r['p50_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  "
                    f"non-200 {r['errors']}  load {r['load']:.2f}",
                    flush=True,
                )
        meta["load_after"] = os.getloadavg()[0]
        table = summarise(runs, counts)
        report = markdown(table, meta)
        print("\n" + report)
        if args.markdown:
            args.markdown.write_text(report)
        if args.json:
            args.json.write_text(json.dumps({"meta": meta, "runs": runs, "table": table}, indent=2))
        return 0
    finally:
        load.stop(gunicorn, group=True)
        load.stop(redis_proc)
        shutil.rmtree(var_dir, ignore_errors=True)
        if not args.keep:
            city.close_and_drop(args.pg)


if __name__ == "__main__":
    sys.exit(main())
