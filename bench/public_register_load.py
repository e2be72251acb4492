"""Public-register lookups per second under concurrent load (issue 3, "Speed").

Seeds N registrations (default 100,000) into a dedicated PostgreSQL database, starts gunicorn
with the production settings on 127.0.0.1 only, and drives 16 concurrent connections with
``wrk`` (or, without it, a Python thread pool) against, side by side in the same run:

- ``bare``: a bare Django view that reads one row by an indexed key (bench/bench_urls.py);
- ``api``: ``GET /api/v1/public/register/?q=<register number>``.

Each request asks for a random register number. Target: ``api`` at least 80% of ``bare``'s
requests per second, with p99 under 50 ms. Results go to standard output and, with
``--json FILE``, to a file.

    .venv/bin/python bench/public_register_load.py                  # seed if needed, run
    .venv/bin/python bench/public_register_load.py --reseed --n 100000 --duration 20

Environment: ``BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432``), the server the
database ``shegong_bench_lookup`` is created on.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DB_NAME = os.environ.get("BENCH_DB", "shegong_bench_lookup")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE_URL = f"{PG}/{DB_NAME}"
SECRET = "bench-only-" + "s" * 50  # noqa: S105 - a throwaway key for a local benchmark
NUMBER = "SZ{:010d}"
PATHS = {
    "bare": "/bench/bare/{number}/",
    "api": "/api/v1/public/register/?q={number}",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(var_dir: Path, cache_url: str, workers: int, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHEGONG_", "GUNICORN_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), env.get("PYTHONPATH", "")]),
            "SHEGONG_PRODUCTION": "1",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "CONN_MAX_AGE": "60",
            "DATABASE_URL": DATABASE_URL,
            "SHEGONG_VAR_DIR": str(var_dir),
            "CACHE_URL": cache_url,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_MAX_REQUESTS": "0",
            # The limiter still counts every request in the cache (its cost is measured); the
            # ceiling is raised because every benchmark request comes from one address.
            "PUBLIC_REGISTER_RATE": "1000000000/minute",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


# --- database -------------------------------------------------------------------------------
def ensure_database(reseed: bool) -> bool:
    """Create the database if missing (or anew with ``reseed``); True if it must be seeded."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return not exists


def seeded_count(env: dict[str, str]) -> int:
    code = (
        "import django; django.setup();"
        "from shegong.registry.models import Registration;"
        "print(Registration.objects.count())"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def migrate_and_seed(env: dict[str, str], n: int) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "shegong", "migrate", "--no-input", "-v", "0"], env=env, check=True
    )
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, __file__, "--seed-only", "--n", str(n)], env=env, check=True
    )


def seed(n: int) -> None:
    """Bulk-insert ``n`` people, certificates and registrations (no audit records: this is
    a load test's fixture, not data)."""
    import django

    django.setup()
    from datetime import date, timedelta

    from django.db import transaction

    from shegong.areas.models import Area
    from shegong.organisations.models import Organisation
    from shegong.organisations.validators import credit_code_check_char
    from shegong.people.models import Person
    from shegong.people.validators import check_digit
    from shegong.registry.models import Certificate, Registration

    started = time.perf_counter()
    with transaction.atomic():
        province = Area.objects.create(code="44", name="广东省", level="province", path="/44/")
        city = Area.objects.create(
            code="4403", name="深圳市", level="city", parent=province, path="/44/4403/"
        )
        districts = [
            Area.objects.create(
                code=f"4403{d:02d}",
                name=f"区{d}",
                level="district",
                parent=city,
                path=f"/44/4403/4403{d:02d}/",
            )
            for d in range(3, 10)
        ]
        orgs = []
        for i in range(70):
            body = f"52440300{i + 1:09d}"
            orgs.append(
                Organisation.objects.create(
                    name=f"社工机构{i + 1}",
                    credit_code=body + credit_code_check_char(body),
                    kind="service_provider",
                    area=districts[i % len(districts)],
                )
            )
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
        given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
        levels = ["assistant", "intermediate", "senior"]
        batch = 5000
        for start in range(0, n, batch):
            people = []
            for i in range(start, min(n, start + batch)):
                birth = date(1960, 1, 1) + timedelta(days=i % 14000)
                # Unique numbers: vary the region code's last digits with the index.
                first17 = f"4403{(i // 1000) % 100:02d}{birth:%Y%m%d}{i % 1000:03d}"
                people.append(
                    Person(
                        national_id=first17 + check_digit(first17),
                        name=surnames[i % 20]
                        + given[(i // 20) % len(given)]
                        + given[(i // 500) % len(given)],
                        sex="male" if i % 2 else "female",
                        birth_date=birth,
                        phone=f"139{i:08d}",
                        area=districts[i % len(districts)],
                        organisation=orgs[i % len(orgs)],
                    )
                )
            people = Person.objects.bulk_create(people)
            certs = Certificate.objects.bulk_create(
                [
                    Certificate(
                        number=f"{'AIS'[(start + k) % 3]}{start + k + 1:010d}",
                        person=p,
                        level=levels[(start + k) % 3],
                        issue_date=date(2020, 12, 1),
                        issuing_body="深圳市人事局",
                    )
                    for k, p in enumerate(people)
                ]
            )
            Registration.objects.bulk_create(
                [
                    Registration(
                        register_number=NUMBER.format(start + k + 1),
                        person=p,
                        certificate=c,
                        level=c.level,
                        status="registered" if (start + k) % 10 else "suspended",
                        valid_from=date(2024, 1, 1),
                        valid_until=date(2027, 12, 31),
                    )
                    for k, (p, c) in enumerate(zip(people, certs, strict=True))
                ]
            )
            print(f"  seeded {min(n, start + batch)} / {n}", flush=True)
    with django.db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded {n} registrations in {time.perf_counter() - started:.1f} s", flush=True)


# --- servers --------------------------------------------------------------------------------
def start_redis() -> tuple[subprocess.Popen | None, str]:
    if not shutil.which("redis-server"):
        return None, ""
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603, S607 - a private redis on loopback
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return proc, f"redis://127.0.0.1:{port}/0"


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [str(gunicorn), "-c", "python:shegong.gunicorn_conf"], env=env, start_new_session=True
    )
    wait_for_port(port)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become healthy")


def stop(proc: subprocess.Popen | None, group: bool = False) -> None:
    if proc is None or proc.poll() is not None:
        return
    if group:
        os.killpg(proc.pid, signal.SIGTERM)
    else:
        proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- load -------------------------------------------------------------------------------------
LUA = """
math.randomseed(os.time() + {seed})
request = function()
  local n = math.random(1, {n})
  return wrk.format("GET", string.format("{path}", n))
end
"""


def run_wrk(port: int, kind: str, n: int, connections: int, duration: int, threads: int) -> dict:
    path = PATHS[kind].format(number="SZ%010d")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(seed=random.randint(0, 10**6), n=n, path=path))  # noqa: S311
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        script.name,
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(script.name)

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "kind": kind,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "tool": "wrk",
        "command": " ".join(cmd[:-3] + ["<script: random " + path + ">", cmd[-1]]),
    }


def run_python_load(port: int, kind: str, n: int, connections: int, duration: int) -> dict:
    """Fallback without wrk: keep-alive connections in threads (the GIL makes this client
    slower than wrk; compare the two kinds with each other, not with wrk's figures)."""
    import http.client

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            path = PATHS[kind].format(number=NUMBER.format(random.randint(1, n)))  # noqa: S311
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            bad += response.status != 200
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
    latencies.sort()
    return {
        "kind": kind,
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": errors[0],
        "tool": "python threads",
        "command": f"python threads: {connections} keep-alive connections, {duration} s",
    }


def order_of_round(kinds: list[str], round_: int) -> list[str]:
    """Round 1 in the given order, round 2 reversed, and so on."""
    return kinds if round_ % 2 else kinds[::-1]


def round_ratios(results: list[dict]) -> list[float]:
    """api / bare in each round."""
    rounds = sorted({r["round"] for r in results})
    by = {(r["round"], r["kind"]): r["rps"] for r in results}
    return [by[(n, "api")] / by[(n, "bare")] for n in rounds]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="registrations to seed")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database anew")
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of each kind first")
    parser.add_argument("--rounds", type=int, default=4, help="bare/api pairs to measure")
    parser.add_argument(
        "--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1, help="gunicorn"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed(args.n)
        return 0

    redis_proc, cache_url = start_redis() if args.cache == "redis" else (None, "")
    if args.cache == "redis" and not cache_url:
        print("redis-server not found: using the per-process memory cache")
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="shegong-bench-"))
    env = server_env(var_dir, cache_url or "locmem://", args.workers, port)
    gunicorn = None
    try:
        if ensure_database(args.reseed) or seeded_count(env) == 0:
            print(f"seeding {args.n} registrations into {DB_NAME} ...", flush=True)
            migrate_and_seed(env, args.n)
        count = seeded_count(env)
        gunicorn = start_gunicorn(env, port)
        use_wrk = shutil.which("wrk") is not None

        def measure(kind: str, duration: int) -> dict:
            if use_wrk:
                return run_wrk(port, kind, count, args.connections, duration, args.threads)
            return run_python_load(port, kind, count, args.connections, duration)

        for kind in PATHS:  # warm-up: every worker opens its connection, imports, caches
            measure(kind, args.warmup)
        results = []
        load_before = os.getloadavg()
        for round_ in range(1, args.rounds + 1):
            # The order alternates between rounds (bare first, then api first, ...), so that
            # neither kind always runs on a warmer or a busier machine.
            for kind in order_of_round(list(PATHS), round_):
                r = measure(kind, args.duration)
                r["round"] = round_
                r["load"] = os.getloadavg()[0]
                results.append(r)
                print(
                    f"round {round_} {kind:5s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.2f} ms"
                    f"  p99 {r['p99_ms']:6.2f} ms  non-2xx {r['errors']}"
                    f"  load {r['load']:.2f}",
                    flush=True,
                )
        load_after = os.getloadavg()
        bare = statistics.mean(r["rps"] for r in results if r["kind"] == "bare")
        api = statistics.mean(r["rps"] for r in results if r["kind"] == "api")
        api_p99 = max(r["p99_ms"] for r in results if r["kind"] == "api")
        ratio = api / bare
        summary = {
            "registrations": count,
            "workers": args.workers,
            "connections": args.connections,
            "duration_s": args.duration,
            "cache": "redis" if cache_url else "locmem",
            "cpus": multiprocessing.cpu_count(),
            "bare_rps": round(bare, 1),
            "api_rps": round(api, 1),
            "ratio": round(ratio, 3),
            "api_p99_ms_worst": api_p99,
            "target_met": ratio >= 0.8 and api_p99 < 50,
            "round_ratios": round_ratios(results),
            "load_before": load_before,
            "load_after": load_after,
            "runs": results,
        }
        print(
            f"\nbare {bare:.1f} req/s, api {api:.1f} req/s: ratio {ratio:.1%}; "
            f"api p99 (worst round) {api_p99:.2f} ms; "
            f"target {'met' if summary['target_met'] else 'NOT met'}\n"
            f"ratio per round: {', '.join(f'{x:.1%}' for x in summary['round_ratios'])}; "
            f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
            f"(1 min; {multiprocessing.cpu_count()} CPUs)"
        )
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2))
        return 0 if all(r["errors"] == 0 for r in results) else 1
    finally:
        stop(gunicorn, group=True)
        stop(redis_proc)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
