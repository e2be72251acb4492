"""Fixtures for the end-to-end tests under ``tests/`` (browser, broker, deployment)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.db import connection
from django.db.models.signals import post_migrate

_TRIGGERS = import_module("shegong.core.migrations.0002_audit_immutable")
_INDEX_TRIGGERS = import_module("shegong.core.migrations.0005_audit_bulk_records")


def _restore_audit_triggers(sender=None, using="default", **kwargs) -> None:
    post_migrate.disconnect(dispatch_uid="shegong-tests-restore-audit-triggers")
    with connection.cursor() as cursor:
        for triggers in (_TRIGGERS, _INDEX_TRIGGERS):
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {triggers.TABLE} ENABLE TRIGGER USER")
            else:
                for sql in triggers.SQL.get(connection.vendor, []):
                    cursor.execute(sql)


@pytest.fixture
def flushable_audit(transactional_db):
    """Let a transactional test's final flush empty the append-only audit trail.

    The audit table refuses DELETE and TRUNCATE (migration core 0002), so the flush that ends
    every ``transactional_db`` / ``live_server`` test would fail. Just before that flush the
    triggers are switched off; the flush's own ``post_migrate`` signal switches them back on.
    """
    yield
    with connection.cursor() as cursor:
        for triggers in (_TRIGGERS, _INDEX_TRIGGERS):
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {triggers.TABLE} DISABLE TRIGGER USER")
            else:
                for sql in triggers.REVERSE.get(connection.vendor, []):
                    cursor.execute(sql)
    post_migrate.connect(
        _restore_audit_triggers, weak=False, dispatch_uid="shegong-tests-restore-audit-triggers"
    )
