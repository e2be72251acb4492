"""gunicorn settings for production, read from the environment.

    gunicorn -c python:shegong.gunicorn_conf

- ``WEB_CONCURRENCY``: worker processes (default: two per CPU core plus one);
- ``GUNICORN_BIND``: address(es) to listen on, comma-separated (default ``0.0.0.0:$PORT``,
  ``PORT`` defaulting to 8000: the reverse proxy forwards there);
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted (60);
- ``GUNICORN_GC_FREEZE``: ``1`` (the default) moves everything a worker holds once it has
  loaded the application (Django, the models, the URL patterns) out of the garbage collector's
  reach (``gc.freeze()``), so a full collection during a request walks only what requests
  made; ``0`` leaves the collector as Python sets it;
- ``GUNICORN_ACCESS_LOG``: where the access log goes (``-``, standard output, by default;
  empty to switch it off). Each line ends with the request's correlation id (the
  ``X-Request-ID`` response header).
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "shegong.wsgi:application"
bind = [
    address.strip()
    for address in os.environ.get(
        "GUNICORN_BIND",
        f"0.0.0.0:{os.environ.get('PORT', '8000')}",  # noqa: S104 - behind the reverse proxy
    ).split(",")
    if address.strip()
]
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy sets X-Forwarded-Proto; settings trust it only with SHEGONG_BEHIND_PROXY=1.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker) -> None:
    """Once a worker has loaded the application: its objects out of the collector's reach
    (``GUNICORN_GC_FREEZE``). Measured in ``docs/performance.md``, "Garbage collection"."""
    if os.environ.get("GUNICORN_GC_FREEZE", "1").strip() != "0":
        gc.collect()
        gc.freeze()
