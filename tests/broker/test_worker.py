"""Jobs through a real broker and a real Celery worker (``-m broker``).

Skipped unless ``CELERY_BROKER_URL`` is set (``.ci/run`` uses Redis). The worker test needs
PostgreSQL: the worker is a separate process that must see the rows this test commits, in
the test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from shegong.celery import app as celery_app
from shegong.core.jobs import start_job
from shegong.core.models import Job, JobStatus
from shegong.core.testing import factories

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
JOB_TIMEOUT = 60  # seconds

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not BROKER_URL, reason="CELERY_BROKER_URL is not set"),
]


def _use_broker(settings, monkeypatch, url: str) -> None:
    """Point Django's settings and the (possibly already configured) Celery app at ``url``.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its configuration.
    """
    settings.CELERY_BROKER_URL = url
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    celery_app.conf.broker_url = url
    # Forget the pools made for another URL (kombu keeps one per connection URL).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(settings, monkeypatch):
    _use_broker(settings, monkeypatch, BROKER_URL)
    celery_app.control.purge()  # tasks left over from an earlier, interrupted run
    yield BROKER_URL
    _use_broker(settings, monkeypatch, BROKER_URL)


@pytest.fixture
def worker(broker, flushable_audit, settings, tmp_path):
    """A ``celery worker`` process on the test database; its media folder is the test's."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker test needs PostgreSQL (a second process on the test database)")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    var_dir = tmp_path  # the worker's MEDIA_ROOT is $SHEGONG_VAR_DIR/media
    settings.MEDIA_ROOT = var_dir / "media"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "SHEGONG_VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - the celery of this environment
            [
                str(celery), "-A", "shegong", "worker", "--pool=solo", "-l", "info",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    process.log_path = log_path
    deadline = time.monotonic() + JOB_TIMEOUT
    while " ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_export_runs_on_worker(worker, tree):
    user = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    row = start_job(
        "export",
        user,
        {"model": "areas.area", "filters": "q=福田", "format": "csv"},
        "Export of areas (CSV)",
    )
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        row.refresh_from_db()
        if row.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}):\n{worker.log_path.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"job still {row.status} after {JOB_TIMEOUT} s:\n{worker.log_path.read_text()}"
            )
        time.sleep(0.25)

    assert row.status == JobStatus.DONE, (row.errors, worker.log_path.read_text())
    assert row.started_at and row.finished_at
    assert row.result_name.endswith(".csv")
    with row.result_file.open("rb") as f:
        content = f.read().decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert len(lines) == 2, content  # the header and Futian
    assert "440304" in lines[1] and "福田区" in lines[1]
    assert "罗湖区" not in content
    assert "shegong.run_job" in worker.log_path.read_text()
    assert Job.objects.count() == 1


def test_healthz_reports_the_real_broker(client, db, broker):
    response = client.get("/healthz/")
    assert response.status_code == 200, response.content
    assert response.json()["broker"] == {"ok": True}


def test_healthz_reports_a_broker_that_is_down(client, db, settings, monkeypatch):
    _use_broker(settings, monkeypatch, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        response = client.get("/healthz/")
    finally:
        _use_broker(settings, monkeypatch, BROKER_URL)
    assert response.status_code == 503, response.json()
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True
