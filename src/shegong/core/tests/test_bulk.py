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


def test_update_writes_the_given_fields_of_each_row_and_nothing_else(db):
    from datetime import UTC, datetime

    from shegong.core.models import Job
    from shegong.core.testing import factories

    owner = factories.user()
    jobs = [
        Job.objects.create(kind="export", title=f"job {i}", created_by=owner, correlation_id="c")
        for i in range(5)
    ]
    finished = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    for i, job in enumerate(jobs[:3]):
        job.done, job.total, job.finished_at = i, 10, finished if i else None
        job.title = "changed in memory, not asked for"
    bulk.update(Job, jobs[:3], ["done", "total", "finished_at"], batch_size=2)
    stored = {j.pk: j for j in Job.objects.all()}
    assert [(stored[j.pk].done, stored[j.pk].total) for j in jobs] == [
        (0, 10),
        (1, 10),
        (2, 10),
        (0, 0),
        (0, 0),
    ]
    assert stored[jobs[0].pk].finished_at is None and stored[jobs[2].pk].finished_at == finished
    assert {stored[j.pk].title for j in jobs[:3]} == {"job 0", "job 1", "job 2"}
    bulk.update(Job, [], ["done"])  # nothing to write


def test_any_of_works_on_every_database(db):
    """One array parameter on PostgreSQL, one parameter a value elsewhere; nothing asked,
    nothing found."""
    rows = [{"record_id": 1, "object_id": str(i), "position": i} for i in range(10)]
    bulk.insert(AuditIndexEntry, rows, ids=False)
    found = AuditIndexEntry.objects.filter(object_id__any_of=["2", "5", "no such"])
    assert sorted(found.values_list("position", flat=True)) == [2, 5]
    assert not AuditIndexEntry.objects.filter(object_id__any_of=[]).exists()
    assert AuditIndexEntry.objects.exclude(object_id__any_of=[]).count() == 10


def test_inserted_tables_are_analysed_once_after_commit(db, django_capture_on_commit_callbacks):
    """Issue 13: on PostgreSQL the tables an ``insert`` filled are analysed once, in one
    ``ANALYZE``, when the transaction commits; elsewhere nothing waits for the commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [{"record_id": 1, "object_id": str(i), "position": i} for i in range(3)]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as hooks,
    ):
        bulk.insert(AuditIndexEntry, rows, ids=False)
        bulk.insert(AuditIndexEntry, [dict(r) for r in rows], ids=False)
    analysed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert len(hooks) == 1
        assert analysed == ['ANALYZE "core_auditindexentry"']
    else:
        assert (len(hooks), analysed) == (0, [])
