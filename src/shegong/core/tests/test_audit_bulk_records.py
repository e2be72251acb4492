"""Bulk audit records (``audit.record_bulk_create``): one hash-chained record per batch of
created rows, an append-only index from each row to it, each row's history still complete,
and tampering with either detected by ``verify_audit``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from shegong.areas.models import Area
from shegong.core.audit import history, history_entries, record_bulk_create, snapshot, verify_chain
from shegong.core.context import acting
from shegong.core.models import AuditChainHead, AuditIndexEntry, AuditRecord

from .conftest import audit_triggers_disabled, raw_sql


def streets(parent, n, start=0):
    """Streets saved without an audit record of their own (as ``core.bulk.insert`` does)."""
    return [
        Area.objects.create(
            code=f"{parent.code}{200 + start + i:03d}",
            name=f"街道{start + i}",
            level="street",
            parent=parent,
        )
        for i in range(n)
    ]


def row_of(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def bulk_create_records(actor, objs, size=3, cid="bulkcid", reason="批量导入"):
    with acting(cid):
        return record_bulk_create(
            actor, Area, [(row_of(a), str(a), a.parent.path) for a in objs], reason, size=size
        )


@pytest.fixture
def imported(tree, city_admin):
    """Seven streets, five in Futian and two in Luohu, recorded three to a bulk record."""
    futian, luohu = streets(tree["futian"], 5), streets(tree["luohu"], 2, start=5)
    assert bulk_create_records(city_admin, [*futian, *luohu]) == 7
    return futian, luohu


def bulk_records():
    return list(AuditRecord.objects.filter(bulk_count__isnull=False).order_by("seq"))


def test_rows_are_grouped_by_area_and_batched_into_chained_records(imported, tree):
    records = bulk_records()
    # Futian: 3 + 2, Luohu: 2 — so an auditor of an area sees exactly its own records.
    assert [(r.scope_path, r.bulk_count) for r in records] == [
        (tree["futian"].path, 3),
        (tree["futian"].path, 2),
        (tree["luohu"].path, 2),
    ]
    assert len({r.shard for r in records}) == 1
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev_hash == before.hash and after.seq == before.seq + 1
    head = AuditChainHead.objects.get(shard=records[0].shard)
    assert (head.seq, head.last_hash) == (records[-1].seq, records[-1].hash)
    assert AuditIndexEntry.objects.count() == 7
    assert list(verify_chain()) == []


def test_each_rows_history_shows_its_creation_with_its_values(imported, city_admin):
    futian, luohu = imported
    for area in [*futian, *luohu]:
        assert history(area).count() == 1
        (entry,) = history_entries(area)
        assert entry.action == "create"
        assert (entry.actor_id, entry.actor_name) == (city_admin.pk, "cityadmin")
        assert entry.reason == "批量导入" and entry.correlation_id == "bulkcid"
        assert entry.object_id == str(area.pk) and entry.object_repr == area.name
        assert entry.after == snapshot(area)
        assert entry.before is None


def test_history_lists_later_single_records_with_the_bulk_one(imported, city_admin):
    from shegong.core import services

    area = imported[0][1]
    services.update_record(city_admin, area, {"name": "新名"}, reason="更名")
    entries = history_entries(area)
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[1].after["name"] == "街道1"


def test_history_tab_of_a_bulk_recorded_row_shows_the_creation(admin_client, imported):
    area = imported[0][4]
    response = admin_client.get(reverse("areas:area_detail", args=[area.pk]) + "?tab=history")
    body = response.content.decode()
    assert response.status_code == 200
    assert "批量导入" in body and "cityadmin" in body and "街道4" in body
    assert "No history yet" not in body and "暂无" not in body


def test_audit_list_finds_the_bulk_record_by_a_rows_id(admin_client, imported):
    area = imported[1][0]
    response = admin_client.get(reverse("core:auditrecord_list") + f"?object_id={area.pk}")
    body = response.content.decode()
    record = AuditRecord.objects.get(scope_path=area.parent.path, bulk_count__isnull=False)
    assert reverse("core:auditrecord_detail", args=[record.pk]) in body


def test_bulk_record_page_lists_its_rows(admin_client, imported):
    record = bulk_records()[0]
    response = admin_client.get(reverse("core:auditrecord_detail", args=[record.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="bulk-objects"' in body
    for area in imported[0][:3]:
        assert area.name in body and area.code in body


def test_index_entries_cannot_be_changed_or_deleted(imported):
    entry = AuditIndexEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditIndexEntry.objects.filter(pk=entry.pk).update(object_id="1")
    with pytest.raises(PermissionError):
        AuditIndexEntry.objects.all().delete()
    for sql in (
        "UPDATE core_auditindexentry SET object_id = '1' WHERE id = %s",
        "DELETE FROM core_auditindexentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            raw_sql(sql, [entry.pk])
    assert AuditIndexEntry.objects.count() == 7


def problems() -> list[str]:
    return [p.message for p in verify_chain()]


def test_tampering_with_a_bulk_records_payload_is_detected(imported):
    record = bulk_records()[0]
    with audit_triggers_disabled():
        raw_sql(
            "UPDATE core_auditrecord SET after = %s WHERE id = %s",
            ['{"fields": [], "objects": []}', record.pk],
        )
    assert problems() == ["content changed after it was written"]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out, stderr=out)
    assert "content changed" in out.getvalue()


def test_redirecting_an_index_entry_is_detected(imported):
    futian, luohu = imported
    entry = AuditIndexEntry.objects.get(object_id=str(futian[0].pk))
    with audit_triggers_disabled():
        raw_sql(
            "UPDATE core_auditindexentry SET object_id = %s WHERE id = %s",
            [str(luohu[0].pk), entry.pk],
        )
    assert problems() == ["index entries changed, removed or added after it was written"]


def test_removing_an_index_entry_is_detected(imported):
    entry = AuditIndexEntry.objects.order_by("pk").last()
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditindexentry WHERE id = %s", [entry.pk])
    assert problems() == ["index entries changed, removed or added after it was written"]


def test_adding_an_index_entry_is_detected(imported, tree, city_admin):
    from shegong.core import services

    single = services.create_record(
        city_admin,
        Area,
        {"code": "440303999", "name": "单独", "level": "street", "parent": tree["luohu"]},
        reason="x",
    )
    bulk_record = bulk_records()[0]
    single_record = AuditRecord.objects.get(model="areas.area", object_id=str(single.pk))
    for record_id, position in ((bulk_record.pk, 3), (single_record.pk, 0), (10**9, 0)):
        AuditIndexEntry.objects.create(
            record_id=record_id, object_id=str(single.pk), position=position
        )
    found = problems()
    assert found[0] == "index entries changed, removed or added after it was written"
    assert len(found) == 3
    assert all("belongs to no bulk record" in p for p in found[1:])


def test_nothing_to_record_writes_nothing(db):
    heads = AuditChainHead.objects.count()
    assert record_bulk_create(None, Area, []) == 0
    assert AuditChainHead.objects.count() == heads
    assert not AuditRecord.objects.exists()


def test_a_failure_after_recording_leaves_no_trace(tree, city_admin):
    areas = streets(tree["futian"], 2)
    records, entries = AuditRecord.objects.count(), AuditIndexEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk_create_records(city_admin, areas)
        raise RuntimeError("the import failed after its audit records were written")
    assert AuditRecord.objects.count() == records
    assert AuditIndexEntry.objects.count() == entries
    assert history_entries(areas[0]) == []
    assert list(verify_chain()) == []


def test_values_shared_by_every_row_are_stored_once_and_still_in_each_history(tree, city_admin):
    one = streets(tree["luohu"], 1, start=20)
    several = streets(tree["futian"], 3, start=30)
    bulk_create_records(city_admin, one, size=1, cid="one")
    bulk_create_records(city_admin, several, size=5, cid="several")
    record = AuditRecord.objects.get(correlation_id="several")
    assert record.after["common"]["parent"] == tree["futian"].pk
    assert "parent" not in record.after["fields"] and "name" in record.after["fields"]
    for area in [*one, *several]:
        (entry,) = history_entries(area)
        assert entry.after == snapshot(area)
    assert list(verify_chain()) == []
