"""``/healthz/``: what a load balancer or an operator sees."""

from __future__ import annotations

import json
import time

from django.db import DatabaseError

from shegong.core.views import health


def test_healthy_without_a_broker(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert "broker" not in body  # jobs run inline: nothing to check
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_needs_no_sign_in(client, db):
    assert client.get("/healthz/").status_code == 200


def test_unreachable_broker_is_503_quickly(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    started = time.monotonic()
    response = client.get("/healthz/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"]["ok"] is False
    assert body["broker"]["error"]
    assert body["database"]["ok"] is True
    assert elapsed < 10, f"health check took {elapsed:.1f}s"


def test_database_failure_is_503(rf, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("down")

    with monkeypatch.context() as patched:
        patched.setattr(health.connection, "cursor", broken_cursor)
        response = health.healthz(rf.get("/healthz/"))
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"] == {"ok": False, "error": "DatabaseError"}
    assert body["status"] == "error"
