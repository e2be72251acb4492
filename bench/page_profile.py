"""Where a page's time goes, in one process (issue 13). Not a test.

``bench/pages.py`` measures pages under gunicorn with wrk, which needs a quiet machine: on a
shared one its figures swing by half. This script takes the server and the network out: in one
process, with the production settings (``SHEGONG_PRODUCTION=1``, the static files collected
into a temporary folder, a private Redis as the cache, ``CONN_MAX_AGE=60``, the environment
``pages.py`` gives gunicorn), it calls Django's WSGI handler ``--n`` times per page and round,
the pages in the reverse order in every other round, and prints the milliseconds a request
took (the median and the tenth percentile over every round; the lowest figures are the least
disturbed by other work on the machine) and the CPU time of this process (the median; what the
page costs the web server, without the waits for PostgreSQL and Redis, which a loaded machine
stretches). A signed-in page is requested with the session cookie
of the city administrator, as ``pages.py`` signs in; public pages and the bare view with none;
the public pages with a random register number per request.

Pages are those of ``pages.py`` (every list, detail, API list, dashboard, the public register
page and API, the layout around an empty page, the bare view), chosen with ``--only``.
``--profile LABEL`` runs that page under cProfile afterwards and prints the 40 most expensive
functions (by their own time and by cumulative time).

    .venv/bin/python bench/pages.py --keep --rounds 0 --only none     # seed the city once
    .venv/bin/python bench/page_profile.py --only '^(employment_list|public register|empty|bare)'
    .venv/bin/python bench/page_profile.py --only 'register page' --profile 'public register page'
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import compliance_dashboard as city  # noqa: E402 - the bench folder is not a package
import pages  # noqa: E402
import public_register_load as load  # noqa: E402

#: The register page asked for the same number again (a kept answer, ``portal/pagecache.py``).
AGAIN = ("public", "public register page, one number again", "/public-register/?q={first}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=pages.DEFAULT_PG)
    parser.add_argument("--n", type=int, default=100, help="requests a page a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="public register|empty page|bare")
    parser.add_argument("--profile", help="label of a page to run under cProfile afterwards")
    parser.add_argument("--dump", help="write the cProfile data to this file (pstats)")
    parser.add_argument("--lines", type=int, default=40, help="of each cProfile listing")
    parser.add_argument("--lang", default="", help="Accept-Language of every request")
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="gc.freeze() after the warm-up, as gunicorn's post_worker_init does",
    )
    args = parser.parse_args()

    redis_proc, cache_url = load.start_redis()
    var_dir = tempfile.mkdtemp(prefix="shegong-page-profile-")
    os.environ.update(
        {
            "CACHE_URL": cache_url or "locmem://",
            "SHEGONG_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "SHEGONG_PRODUCTION": "1",
            "SECRET_KEY": load.SECRET,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
            "PUBLIC_REGISTER_RATE": "1000000000/minute",
        }
    )
    try:
        city.start_django(args.pg)
        from django.core.management import call_command

        call_command("collectstatic", "--no-input", verbosity=0)
        return run(args)
    finally:
        load.stop(redis_proc)


def environ(path: str, cookie: str, lang: str) -> dict:
    from django.test.client import RequestFactory

    path, _sep, query = path.partition("?")
    env = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", SERVER_NAME="127.0.0.1"
    )
    env["HTTP_HOST"] = "127.0.0.1"
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if lang:
        env["HTTP_ACCEPT_LANGUAGE"] = lang
    return env


def call(app, path: str, cookie: str, lang: str) -> tuple[str, int]:
    out = {}

    def start_response(status, headers, exc_info=None):
        out["status"] = status

    body = app(environ(path, cookie, lang), start_response)
    size = sum(len(chunk) for chunk in body)
    if hasattr(body, "close"):
        body.close()
    return out["status"], size


class GarbageCollections:
    """The garbage collector's pauses during the measured requests, by page (``gc.callbacks``):
    a full collection walks every object the process holds, Django's and the caches' included,
    and is the one pause a request may meet that does not depend on its own work."""

    def __init__(self):
        self.by_label: dict[str, list[tuple[int, float]]] = {}
        self.label = None
        self.began = 0.0
        gc.callbacks.append(self.callback)

    def start(self, label: str) -> None:
        self.label = label

    def stop(self) -> None:
        gc.callbacks.remove(self.callback)

    def callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.began = time.perf_counter()
        elif self.label is not None:
            pause = (time.perf_counter() - self.began) * 1000
            self.by_label.setdefault(self.label, []).append((info["generation"], pause))


def run(args) -> int:
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    from shegong.accounts.models import User

    pages.make_admin()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=pages.USERNAME))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    numbers = pages.register_numbers()
    chosen = [
        p
        for p in [*pages.discover(), *pages.PUBLIC, AGAIN, pages.BARE]
        if re.search(args.only, p[1] + " " + p[2])
    ]
    app = get_wsgi_application()
    gc_pauses = GarbageCollections()
    times: dict[str, list[float]] = {label: [] for _kind, label, _path in chosen}
    cpu: dict[str, list[float]] = {label: [] for _kind, label, _path in chosen}
    meta = {}
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for round_ in range(args.rounds):
        order = chosen if round_ % 2 == 0 else list(reversed(chosen))
        for kind, label, path in order:
            headers = cookie if kind not in ("public", "bare") else ""
            status, size = call(
                app, path.format(number=numbers[0], first=numbers[0]), headers, args.lang
            )  # warm
            meta[label] = (status, size)
            if args.freeze and round_ == 0:
                gc.collect()
                gc.freeze()
            for _ in range(args.n):
                url = path.format(number=random.choice(numbers), first=numbers[0])  # noqa: S311
                started, started_cpu = time.perf_counter(), time.process_time()
                gc_pauses.start(label)
                call(app, url, headers, args.lang)
                times[label].append((time.perf_counter() - started) * 1000)
                cpu[label].append((time.process_time() - started_cpu) * 1000)
    print(f"load average after: {os.getloadavg()[0]:.2f}\n")
    gc_pauses.stop()
    print(
        f"| page | status | KB | p10 ms | median ms | p99 ms | CPU ms (median) | GC ms a request "
        f"(mean) | full GCs | longest GC ms | (n = {args.n} × {args.rounds}) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for _kind, label, path in chosen:
        values = sorted(times[label])
        status, size = meta[label]
        p10 = values[len(values) // 10]
        p99 = values[max(0, int(len(values) * 0.99) - 1)]
        pauses = gc_pauses.by_label.get(label, [])
        full = sum(1 for generation, _ms in pauses if generation == 2)
        longest = max((ms for _generation, ms in pauses), default=0.0)
        print(
            f"| {label} | {status.split()[0]} | {size / 1024:.1f} | {p10:.2f} | "
            f"{statistics.median(values):.2f} | {p99:.2f} | {statistics.median(cpu[label]):.2f} "
            f"| {sum(ms for _g, ms in pauses) / len(values):.2f} | {full} | {longest:.1f} "
            f"| `{path}` |"
        )
    if args.profile:
        kind, label, path = next(p for p in chosen if p[1] == args.profile)
        headers = cookie if kind not in ("public", "bare") else ""
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            url = path.format(number=random.choice(numbers), first=numbers[0])  # noqa: S311
            call(app, url, headers, args.lang)
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)
        stats = pstats.Stats(profiler)
        total = sum(row[2] for row in stats.stats.values())
        by_package: dict[str, float] = {}
        for (filename, _line, _name), row in stats.stats.items():
            match = re.search(
                r"(site-packages|src|lib/python3\.\d+)/([^/]+)(?:/([^/]+))?", filename
            )
            where = "/".join(g for g in match.groups()[1:] if g) if match else filename
            by_package[where] = by_package.get(where, 0) + row[2]
        print(f"own time by package ({total / args.n * 1000:.2f} ms a request under cProfile):")
        for where, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {seconds / total:6.1%}  {where}")
        for order in ("tottime", "cumulative"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(args.lines)
            print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
