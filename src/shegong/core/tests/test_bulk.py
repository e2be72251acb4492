"""``core.bulk``: inserting rows numbered by the database, and looking up many values at once
(one array on PostgreSQL, chunks within SQLite's parameter limit elsewhere)."""

from __future__ import annotations

from shegong.core import bulk
from shegong.core.models import AuditIndexEntry


def test_rows_numbered_by_the_database_and_found_by_many_values(db):
    rows = [{"record_id": 7 + i // 1000, "object_id": str(i), "position": i} for i in range(1500)]
    assert bulk.insert(AuditIndexEntry, rows, batch_size=400, ids=False) == rows
    assert AuditIndexEntry.objects.count() == 1500
    assert len(set(AuditIndexEntry.objects.values_list("pk", flat=True))) == 1500

    wanted = [str(i) for i in range(0, 1500, 2)] + ["no such"]
    found = []
    for match in bulk.matching("object_id", wanted):
        found += AuditIndexEntry.objects.filter(match).values_list("object_id", flat=True)
    assert sorted(found, key=int) == wanted[:-1]
    # A foreign key, and nothing asked: nothing found.
    by_record = [list(AuditIndexEntry.objects.filter(m)) for m in bulk.matching("record", [8])]
    assert sum(len(chunk) for chunk in by_record) == 500
    assert list(bulk.matching("object_id", [])) == []
