"""``audit.append_many``: N records appended to one chain in one go, verifiable like any other."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.areas.models import Area
from shegong.core import audit
from shegong.core.audit import append_many, snapshot, verify_chain
from shegong.core.context import acting
from shegong.core.models import AuditChainHead, AuditRecord
from shegong.core.testing import factories

from .conftest import audit_triggers_disabled, raw_sql


def streets(parent, n):
    return [
        factories.area(f"{parent.code}{100 + i:03d}", f"街道{i}", "street", parent)
        for i in range(n)
    ]


def test_records_are_consecutive_in_one_chain_and_verify(tree, city_admin):
    areas = streets(tree["futian"], 5)
    with acting("bulkcid"):
        written = append_many(city_admin, "create", areas, reason="批量导入")
    assert written == 5
    records = list(AuditRecord.objects.filter(correlation_id="bulkcid").order_by("seq"))
    assert len(records) == 5
    assert len({r.shard for r in records}) == 1
    seqs = [r.seq for r in records]
    assert seqs == list(range(seqs[0], seqs[0] + 5))
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get(shard=records[0].shard)
    assert (head.seq, head.last_hash) == (records[-1].seq, records[-1].hash)
    first = records[0]
    assert first.actor_id == city_admin.pk and first.actor_name == "cityadmin"
    assert first.reason == "批量导入" and first.before is None
    assert first.after == snapshot(areas[0])
    assert first.object_repr == "街道0"
    assert first.scope_path == areas[0].path
    assert list(verify_chain()) == []


def test_single_appends_continue_the_chain_after_a_bulk_append(tree, city_admin):
    areas = streets(tree["luohu"], 3)
    with acting("samecid"):
        append_many(city_admin, "create", areas[:2])
        single = audit.record_change(city_admin, "update", areas[2], {"a": 1}, {"a": 2})
        append_many(None, "create", areas[2:])
    chain = list(AuditRecord.objects.filter(shard=single.shard).order_by("seq"))
    assert [r.correlation_id for r in chain[-4:]] == ["samecid"] * 4
    assert chain[-1].actor_name == "system"
    assert list(verify_chain()) == []


def test_dict_entries_and_deletes(tree, city_admin):
    area = streets(tree["futian"], 1)[0]
    with acting("dicts"):
        append_many(
            city_admin,
            "create",
            [
                {
                    "model": "x.thing",
                    "object_id": 7,
                    "object_repr": "七" * 300,
                    "scope_path": "/44/",
                    "after": {"when": date(2024, 5, 1), "score": Decimal("81.5"), "n": 1},
                },
                {"model": "x.thing", "object_id": 8, "object_repr": "八", "before": [1, 2]},
            ],
        )
        append_many(city_admin, "delete", [area])
    seven, eight = AuditRecord.objects.filter(model="x.thing").order_by("seq")
    assert seven.object_id == "7" and len(seven.object_repr) == 200
    assert seven.after == {"when": "2024-05-01", "score": "81.5", "n": 1}
    assert eight.before == [1, 2] and eight.after is None and eight.scope_path == ""
    deleted = AuditRecord.objects.get(action="delete")
    assert deleted.before["name"] == area.name and deleted.after is None
    assert list(verify_chain()) == []


def test_nothing_to_append_writes_nothing(db):
    heads = AuditChainHead.objects.count()
    assert append_many(None, "create", []) == 0
    assert AuditChainHead.objects.count() == heads


def test_a_bulk_append_costs_a_few_queries_not_one_per_record(tree, city_admin):
    areas = streets(tree["futian"], 40)
    with CaptureQueriesContext(connection) as queries:
        append_many(city_admin, "create", areas)
    # lock/get the head (and create it), the next id (SQLite), one insert, move the head
    assert len(queries) <= 8


def test_tampering_with_a_bulk_record_is_detected(tree, city_admin):
    areas = streets(tree["futian"], 4)
    with acting("tamper"):
        append_many(city_admin, "create", areas)
    target = AuditRecord.objects.filter(correlation_id="tamper").order_by("seq")[2]
    with audit_triggers_disabled():
        raw_sql("UPDATE core_auditrecord SET reason = %s WHERE id = %s", ["changed", target.pk])
    problems = list(verify_chain())
    assert [(p.seq, p.message) for p in problems] == [
        (target.seq, "content changed after it was written")
    ]


def test_fast_snapshot_equals_the_json_round_trip(tree):
    area = Area.objects.get(pk=tree["futian"].pk)
    data = {f.name: f.value_from_object(area) for f in area._meta.concrete_fields}
    assert snapshot(area) == json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    for value in (
        Decimal("78.50"),
        date(2024, 1, 2),
        area.created_at,
        area.created_at.replace(microsecond=0),
        1.5,
        [1, "a"],
        {"k": None},
        True,
        None,
    ):
        assert audit._json_value(value) == json.loads(json.dumps(value, cls=DjangoJSONEncoder))
