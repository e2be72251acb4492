"""Production mode: settings that only apply with SHEGONG_PRODUCTION=1, and gunicorn serving.

Each case runs in a fresh interpreter, because settings are read once, at import.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SECRET = "test-only-" + "x" * 50
POSTGRES_URL = "postgres://shegong@db.invalid:5432/shegong"  # parsed, never connected to


def _env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SHEGONG_", "CONN_", "GUNICORN_", "WEB_CONCURRENCY"))
        and k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {"SHEGONG_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "shegong.settings"}
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_production_keeps_database_connections_open(tmp_path):
    code = (
        "from shegong import settings as s; db = s.DATABASES['default'];"
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], s.SESSION_COOKIE_SECURE)"
    )
    env = _env(tmp_path, SHEGONG_PRODUCTION="1", SECRET_KEY=SECRET, DATABASE_URL=POSTGRES_URL)
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    conn_max_age, health_checks, secure_cookie = result.stdout.split()
    assert int(conn_max_age) > 0
    assert health_checks == "True"
    assert secure_cookie == "True"

    # Embedded mode opens a connection per request (SQLite, or CONN_MAX_AGE unset).
    result = _python(code.replace(", s.SESSION_COOKIE_SECURE", ", 0"), _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "0"


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = _env(tmp_path, SHEGONG_PRODUCTION="1", DATABASE_URL=POSTGRES_URL)
    result = _python("import shegong.settings", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_production_refuses_debug(tmp_path):
    env = _env(tmp_path, SHEGONG_PRODUCTION="1", SHEGONG_DEBUG="1", SECRET_KEY=SECRET)
    result = _python("import shegong.settings", env)
    assert result.returncode != 0
    assert "SHEGONG_DEBUG must be off" in result.stderr


def test_production_refuses_a_short_or_insecure_secret_key(tmp_path):
    """Issue 10: Django's deploy check only warns about a weak key; production refuses it."""
    for weak in ["k" * 24 + "-" + "0123456789abcdefghijklmn", "django-insecure-" + "a1b2c3" * 10]:
        env = _env(tmp_path, SHEGONG_PRODUCTION="1", SECRET_KEY=weak, DATABASE_URL=POSTGRES_URL)
        result = _python("import shegong.settings", env)
        assert result.returncode != 0, weak
        assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr
        assert "at least 50 characters" in result.stderr
    # 49 characters is refused, 50 accepted.
    key_49 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
    assert len(key_49) == 49
    env = _env(tmp_path, SHEGONG_PRODUCTION="1", SECRET_KEY=key_49, DATABASE_URL=POSTGRES_URL)
    assert "SECRET_KEY is too weak" in _python("import shegong.settings", env).stderr
    env["SECRET_KEY"] = key_49 + "N"
    result = _python("import shegong.settings", env)
    assert result.returncode == 0, result.stderr


def test_production_refuses_wildcard_allowed_hosts(tmp_path):
    for hosts in ["*", "shegong.example.org,*", "*.example.org"]:
        env = _env(
            tmp_path,
            SHEGONG_PRODUCTION="1",
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS=hosts,
            DATABASE_URL=POSTGRES_URL,
        )
        result = _python("import shegong.settings", env)
        assert result.returncode != 0, hosts
        assert "ALLOWED_HOSTS must not contain '*' in production" in result.stderr
    env["ALLOWED_HOSTS"] = "shegong.example.org,.example.org"
    result = _python("import shegong.settings", env)
    assert result.returncode == 0, result.stderr
    # The embedded mode keeps accepting '*' (a trial on a laptop).
    result = _python("import shegong.settings", _env(tmp_path, ALLOWED_HOSTS="*"))
    assert result.returncode == 0, result.stderr


def test_api_docs_need_sign_in_in_production_unless_opened(tmp_path):
    code = "from shegong import settings as s; print(s.PUBLIC_API_DOCS)"
    env = _env(tmp_path, SHEGONG_PRODUCTION="1", SECRET_KEY=SECRET, DATABASE_URL=POSTGRES_URL)
    assert _python(code, env).stdout.strip() == "False"
    env["SHEGONG_PUBLIC_API_DOCS"] = "1"
    assert _python(code, env).stdout.strip() == "True"
    assert _python(code, _env(tmp_path)).stdout.strip() == "True"


CONFIG = "import shegong.gunicorn_conf as c; print(c.workers, ' '.join(c.bind), c.accesslog)"


def test_gunicorn_config_defaults(tmp_path):
    result = _python(CONFIG, _env(tmp_path))
    assert result.returncode == 0, result.stderr
    workers, bind, accesslog = result.stdout.split()
    assert int(workers) == 2 * os.cpu_count() + 1
    assert bind == "0.0.0.0:8000"
    assert accesslog == "-"


def test_gunicorn_config_from_environment(tmp_path):
    env = _env(
        tmp_path,
        WEB_CONCURRENCY="3",
        GUNICORN_BIND="127.0.0.1:9000,unix:/run/shegong.sock",
        GUNICORN_ACCESS_LOG="/var/log/shegong/access.log",
    )
    result = _python(CONFIG, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "3",
        "127.0.0.1:9000",
        "unix:/run/shegong.sock",
        "/var/log/shegong/access.log",
    ]


FREEZE = (
    "import gc, shegong.gunicorn_conf as c; before = gc.get_freeze_count(); "
    "c.post_worker_init(None); print(before, gc.get_freeze_count())"
)


def test_a_worker_freezes_what_it_loaded_unless_told_not_to(tmp_path):
    """Issue 13: a full garbage collection of a loaded worker took 150–200 ms in the middle of
    a request; after ``gc.freeze()`` the objects loaded with the application are out of its
    reach (``docs/performance.md``, "Garbage collection")."""
    result = _python(FREEZE, _env(tmp_path))
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split())
    assert before == 0 and after > 1_000  # the modules, classes and functions loaded
    result = _python(FREEZE, _env(tmp_path, GUNICORN_GC_FREEZE="0"))
    assert result.stdout.split() == ["0", "0"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_production_settings(tmp_path):
    """A real gunicorn, in production mode, answers /healthz/ and writes the access log."""
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = _env(
        tmp_path,
        SHEGONG_PRODUCTION="1",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        SHEGONG_BEHIND_PROXY="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WEB_CONCURRENCY="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG=str(access_log),
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - the gunicorn of this environment
        [str(gunicorn), "-c", "python:shegong.gunicorn_conf"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # As the reverse proxy would send it: HTTPS was terminated in front of gunicorn.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz/", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as r:  # noqa: S310 - http on purpose
                    status, body, headers = r.status, r.read().decode(), r.headers
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200, body
        assert '"status": "ok"' in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # Issue 10: the security headers in production mode, not only in the test client.
        assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["Permissions-Policy"].startswith("camera=(), microphone=()")
        request_id = headers["X-Request-ID"]
        deadline = time.monotonic() + 5
        while request_id not in (access_log.read_text() if access_log.exists() else ""):
            assert time.monotonic() < deadline, "no access log line for the request"
            time.sleep(0.1)
        assert "GET /healthz/ HTTP/1.1" in access_log.read_text()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Booting worker" in output, output


def test_healthz_answers_plain_http_in_production(tmp_path):
    """Issue 12, defect 11: a load balancer's plain-HTTP health check is not sent to HTTPS
    (it got 301); every other page still is."""
    code = (
        "import django; django.setup();"
        "from django.test import Client; c = Client();"
        "print(c.get('/healthz/').status_code, c.get('/accounts/login/').status_code)"
    )
    env = _env(
        tmp_path,
        SHEGONG_PRODUCTION="1",
        SECRET_KEY=SECRET,
        DATABASE_URL=POSTGRES_URL,
        ALLOWED_HOSTS="testserver",
    )
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    healthz, login = result.stdout.split()[-2:]
    # 503: the test's database does not exist; what matters is that it is not a redirect.
    assert healthz in {"200", "503"}
    assert login == "301"
