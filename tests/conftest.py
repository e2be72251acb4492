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


#: Data migrations that seed reference data (service fields, the code of conduct, policy
#: parameters, continuing-education rules). Not the audit triggers (restored above).
_SEEDS = (
    ("organisations", "0003_seed_service_fields"),
    ("organisations", "0004_organisation_registration_supervision"),
    ("registry", "0002_seed_parameters"),
    ("registry", "0003_appeal_window_parameter"),
    ("registry", "0005_dated_rules"),
    ("education", "0002_seed_rules_and_parameters"),
    ("education", "0005_cpd_year_start"),
    ("assessment", "0002_seed_parameters"),
    ("assessment", "0003_promotion_min_rating"),
    ("funding", "0002_seed_parameters"),
    ("procurement", "0002_seed_parameters"),
    ("procurement", "0007_dashboards_and_ocds"),
    ("grading", "0002_seed"),
    ("audits", "0002_seed"),
    ("oversight", "0002_seed"),
)


@pytest.fixture
def reference_data(transactional_db):
    """The reference data the data migrations seed, again after an earlier transactional test's
    flush removed it (the flush empties every table; under pytest-xdist any test may run after
    one). Runs each seed's forward function with the current app registry."""
    from django.apps import apps
    from django.db.migrations.operations.special import RunPython

    from shegong.organisations.models import ServiceField

    if ServiceField.objects.exists():
        return
    with connection.schema_editor() as editor:
        for app, name in _SEEDS:
            migration = import_module(f"shegong.{app}.migrations.{name}").Migration
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)
