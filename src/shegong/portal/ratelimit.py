"""Rate limits of the public register (REG-5), against scraping: a fixed-window counter per
client IP in the cache, shared by the HTML pages (:func:`ratelimit`) and the API
(``portal.api.views.PublicRateThrottle``).

One counter per (scope, IP, window): an ``add`` the first time in a window, then one ``incr``
per request. That is cheap on any cache (DRF's own throttles keep a list of timestamps per
client and rewrite it on every request). Production must use a cache shared by every worker
(``CACHE_URL=redis://...``); with the default per-process memory cache each worker counts
on its own.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
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


def hit(scope: str, ident: str, rate: str) -> float | None:
    """Count one request; ``None`` if allowed, else the seconds until the window ends."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"rl:{scope}:{ident}:{window}"
    try:
        count = cache.incr(key)
    except ValueError:  # the first request of the window
        count = 1 if cache.add(key, 1, period + 1) else cache.incr(key)
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
