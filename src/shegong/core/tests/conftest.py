"""Fixtures shared by the framework-layer tests: signed-in clients per role, trigger switches."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection

from shegong.core.testing import factories

AUDIT_TABLE = "core_auditrecord"
INDEX_TABLE = "core_auditindexentry"

#: The SQLite triggers of core/migrations/0002_audit_immutable.py, to put back after tampering.
_SQLITE_TRIGGERS = {
    "shegong_audit_no_update": f"""
        CREATE TRIGGER shegong_audit_no_update BEFORE UPDATE ON {AUDIT_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
    """,
    "shegong_audit_no_delete": f"""
        CREATE TRIGGER shegong_audit_no_delete BEFORE DELETE ON {AUDIT_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
    """,
    # core/migrations/0005_audit_bulk_records.py: the index of bulk records
    "shegong_audit_index_no_update": f"""
        CREATE TRIGGER shegong_audit_index_no_update BEFORE UPDATE ON {INDEX_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
    """,
    "shegong_audit_index_no_delete": f"""
        CREATE TRIGGER shegong_audit_index_no_delete BEFORE DELETE ON {INDEX_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
    """,
}


@contextmanager
def audit_triggers_disabled():
    """Let raw SQL change the audit table (to simulate tampering), on SQLite and PostgreSQL."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER")
            cursor.execute(f"ALTER TABLE {INDEX_TABLE} DISABLE TRIGGER USER")
        elif vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
            pytest.skip(f"no trigger switch for {vendor}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {INDEX_TABLE} ENABLE TRIGGER USER")
            else:
                for sql in _SQLITE_TRIGGERS.values():
                    cursor.execute(sql)


def raw_sql(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def city_admin(tree):
    return factories.user("cityadmin", role="city_admin", scope=tree["city"])


@pytest.fixture
def admin_client(client, city_admin):
    client.force_login(city_admin)
    return client
