"""Database triggers that refuse UPDATE and DELETE on the audit trail (PostgreSQL, SQLite)."""

from django.db import migrations

TABLE = "core_auditrecord"

SQL = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION shegong_audit_immutable() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit records cannot be changed or deleted';
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"""
        CREATE TRIGGER shegong_audit_no_update BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION shegong_audit_immutable();
        """,
        f"""
        CREATE TRIGGER shegong_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION shegong_audit_immutable();
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER shegong_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
        """,
        f"""
        CREATE TRIGGER shegong_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
        """,
    ],
}

REVERSE = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS shegong_audit_no_update ON {TABLE}",
        f"DROP TRIGGER IF EXISTS shegong_audit_no_truncate ON {TABLE}",
        "DROP FUNCTION IF EXISTS shegong_audit_immutable()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS shegong_audit_no_update",
        "DROP TRIGGER IF EXISTS shegong_audit_no_delete",
    ],
}


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(run(SQL), run(REVERSE))]
