"""Where the public register API's time goes, next to the bare view (issue 13, "Found" 7).
Not a test.

In one process (no gunicorn, no network client: the costs that differ between the two views
only), with the production settings' code paths and a private Redis as the cache, on a
database seeded by ``public_register_load.py`` or ``pages.py``; each variant is called
``--n`` times a round, ``--rounds`` rounds with the order reversed in every other round, and
the mean time per request is printed:

- ``bare``: the bench-only bare view (one row by an indexed key) through Django;
- ``api``: ``GET /api/v1/public/register/?q=<number>`` as shipped (limiter in batches);
- ``api, exact limiter (1 settle a request)``: ``RATE_LIMIT_LOCAL_SHARE=0``: one pipelined
  Redis round trip per request;
- ``api, Django incr (before issue 13)``: the limiter as it was: Django's ``cache.incr``
  (``EXISTS`` then ``INCRBY``: two round trips) on every request;
- ``api, no limiter``: the throttle removed (what the limit costs at all);
- ``service only``: ``registry.services.public.search_register`` called directly (the query
  and the shaping of the answer, without Django's or DRF's request handling).

    .venv/bin/python bench/public_register_profile.py --pg postgres://postgres@127.0.0.1:5432/shegong_bench_lookup
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import compliance_dashboard as city  # noqa: E402 - the bench folder is not a package
import public_register_load as load  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=f"{load.PG}/{load.DB_NAME}")
    parser.add_argument("--n", type=int, default=2000, help="requests a variant a round")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    redis_proc, cache_url = load.start_redis()
    os.environ["CACHE_URL"] = cache_url or "locmem://"
    os.environ["SHEGONG_VAR_DIR"] = tempfile.mkdtemp(prefix="shegong-profile-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    # The production settings, as public_register_load.py gives gunicorn.
    os.environ.update(
        {
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
        return profile(args, cache_url)
    finally:
        load.stop(redis_proc)


def profile(args, cache_url: str) -> int:
    from django.test import Client, override_settings

    from shegong.portal import ratelimit
    from shegong.portal.api.views import PublicRegisterView
    from shegong.registry.models import Registration
    from shegong.registry.services import public

    numbers = list(
        Registration.objects.order_by("?").values_list("register_number", flat=True)[:5000]
    )
    client = Client(HTTP_HOST="127.0.0.1")
    original_client = ratelimit._redis_client
    throttles = PublicRegisterView.throttle_classes

    def request(path):
        def call():
            response = client.get(path.format(random.choice(numbers)))  # noqa: S311
            assert response.status_code == 200, response.status_code

        return call

    def service():
        public.search_register(random.choice(numbers))  # noqa: S311

    def with_settings(fn, **overrides):
        def call():
            with override_settings(**overrides):
                fn()

        return call

    def django_incr(fn):
        def call():
            ratelimit._redis_client = lambda key: None
            try:
                with override_settings(RATE_LIMIT_LOCAL_SHARE=0):
                    fn()
            finally:
                ratelimit._redis_client = original_client

        return call

    def no_limiter(fn):
        def call():
            PublicRegisterView.throttle_classes = ()
            try:
                fn()
            finally:
                PublicRegisterView.throttle_classes = throttles

        return call

    api = request("/api/v1/public/register/?q={}")
    variants = {
        "bare": request("/bench/bare/{}/"),
        "api": api,
        "api, exact limiter (1 settle a request)": with_settings(api, RATE_LIMIT_LOCAL_SHARE=0),
        "api, Django incr (before issue 13)": django_incr(api),
        "api, no limiter": no_limiter(api),
        "service only": service,
    }
    for fn in variants.values():  # warm-up
        for _ in range(50):
            fn()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for round_ in range(1, args.rounds + 1):
        names = list(variants) if round_ % 2 else list(variants)[::-1]
        for name in names:
            fn = variants[name]
            started = time.perf_counter()
            for _ in range(args.n):
                fn()
            times[name].append((time.perf_counter() - started) / args.n * 1e6)
    bare = statistics.mean(times["bare"])
    print(
        f"cache: {'redis' if cache_url else 'locmem'}; {args.rounds} rounds of {args.n} "
        f"requests; load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| variant | µs a request | × bare | rounds (µs) |")
    print("| --- | ---: | ---: | --- |")
    for name, values in times.items():
        mean = statistics.mean(values)
        print(
            f"| {name} | {mean:.0f} | {mean / bare:.2f} | {', '.join(f'{v:.0f}' for v in values)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
