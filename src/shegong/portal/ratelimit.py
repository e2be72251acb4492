"""Rate limits of the public register (REG-5), against scraping: a fixed-window counter per
client IP in the cache, shared by the HTML pages (:func:`ratelimit`) and the API
(``portal.api.views.PublicRateThrottle``).

One counter per (scope, IP, window) in the shared cache. Each worker process counts locally
and settles with the shared counter in batches (issue 13, ADR 0047), so that most public
requests make no round trip to the cache:

- The batch is ``floor(limit × RATE_LIMIT_LOCAL_SHARE)`` requests (5 % by default), at most
  ``RATE_LIMIT_BATCH_MAX`` (100); a batch of 1 (any limit under 40 with the defaults) counts
  every request in the cache, exactly as before.
- Far from the limit, a worker admits requests on its local count and adds them to the shared
  counter at every batch-th request, in one round trip that also returns the total.
- Once the total it last saw plus its own unsent count comes within one batch of the limit,
  the worker settles every request and admits it only if the total is within the limit: in
  one process, the limit-th request passes and the next is refused.
- Bounded over-admission: requests other workers admitted but have not yet sent are unseen,
  at most ``batch - 1`` per worker, so a client whose requests reach W workers is admitted
  at most ``(W - 1) × (batch - 1)`` times beyond the limit in a window (with 60/minute:
  batch 3, 5 workers: at most 8 more). A worker's unsent count is dropped when the window
  ends, which can only admit fewer.

With Redis (``CACHE_URL=redis://...``) a settle is one round trip (``SET NX EX`` and
``INCRBY`` in one pipeline); with another backend it is Django's ``incr``/``add``.
Production must use a cache shared by every worker; with the default per-process memory
cache each worker counts on its own.
"""

from __future__ import annotations

import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.utils.translation import gettext as _

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/minute"`` → ``(60, 60)``: requests allowed, seconds in the window."""
    count, _sep, period = str(rate).partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def client_ip(request) -> str:
    """The caller's address. Behind a reverse proxy (``SHEGONG_BEHIND_PROXY=1``), the last
    ``X-Forwarded-For`` entry, the one the proxy added; a client cannot forge it."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def batch_size(limit: int) -> int:
    """How many requests a worker counts locally before settling with the shared cache."""
    share = float(getattr(settings, "RATE_LIMIT_LOCAL_SHARE", 0.05))
    ceiling = int(getattr(settings, "RATE_LIMIT_BATCH_MAX", 100))
    return max(1, min(ceiling, int(limit * share)))


# This process's counts, per period: (the current window, {key: [total last seen in the
# cache, admitted but not yet sent]}); a new window replaces its period's counts.
_local: dict[int, tuple[int, dict[str, list[int]]]] = {}
_lock = threading.Lock()


def forget_local() -> None:
    """Drop this process's unsent counts (tests do, with ``cache.clear()``)."""
    with _lock:
        _local.clear()


def settle(key: str, delta: int, period: int) -> int:
    """Add ``delta`` to the shared counter ``key`` (created for the window); the new total."""
    client = _redis_client(key)
    if client is not None:
        name = cache.make_and_validate_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.set(name, 0, ex=period + 1, nx=True)
        pipe.incrby(name, delta)
        return int(pipe.execute()[1])
    try:
        return cache.incr(key, delta)
    except ValueError:  # the first settle of the window
        return delta if cache.add(key, delta, period + 1) else cache.incr(key, delta)


def _redis_client(key: str):
    """The Redis client of Django's Redis cache backend, or ``None`` with another backend."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(key, write=True)


def hit(scope: str, ident: str, rate: str) -> float | None:
    """Count one request; ``None`` if allowed, else the seconds until the window ends."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"rl:{scope}:{ident}:{window}"
    batch = batch_size(limit)
    if batch == 1:
        count = settle(key, 1, period)
    else:
        with _lock:
            current, counts = _local.get(period, (None, None))
            if current != window:  # a new window: the old counts are dropped
                counts = {}
                _local[period] = (window, counts)
            state = counts.setdefault(key, [0, 0])
            seen, unsent = state
            if seen + unsent + 1 <= limit - batch and unsent + 1 < batch:
                state[1] += 1  # far from the limit: admitted on the local count
                return None
            state[1] = 0
        count = settle(key, unsent + 1, period)
        with _lock:
            state[0] = max(state[0], count)
    if count > limit:
        return (window + 1) * period - now
    return None


def too_many_requests(wait: float) -> HttpResponse:
    seconds = max(1, int(wait + 0.999))
    message = _(
        "Too many requests from your address. Please wait %(seconds)d seconds and try again."
    ) % {"seconds": seconds}
    english = f"Too many requests from your address. Please wait {seconds} seconds and try again."
    body = message if message == english else f"{message}\n{english}"
    response = HttpResponse(body, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def ratelimit(scope: str, setting: str = "PUBLIC_REGISTER_RATE"):
    """Limit a view to ``settings.<setting>`` requests per client IP (read at each request,
    so tests can override it)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = hit(scope, client_ip(request), getattr(settings, setting))
            if wait is not None:
                return too_many_requests(wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
