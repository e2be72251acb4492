"""The audit trail: who changed what, from what to what, why; append-only; tamper-evident."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from shegong.areas.models import Area
from shegong.core import services
from shegong.core.audit import verify_chain
from shegong.core.context import acting
from shegong.core.models import AuditChainHead, AuditRecord
from shegong.core.testing import factories
from shegong.organisations.models import Organisation

from .conftest import audit_triggers_disabled, raw_sql


def records_of(obj):
    return AuditRecord.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))


# --- What each write records ---------------------------------------------------------------


def test_create_update_delete_each_write_one_record(tree, city_admin):
    with acting("cidwrites"):
        area = services.create_record(
            city_admin,
            Area,
            {"code": "440304002", "name": "南园街道", "level": "street", "parent": tree["futian"]},
            reason="新设街道",
        )
        services.update_record(city_admin, area, {"name": "南园街道办"}, reason="更名")
        pk = area.pk
        services.delete_record(city_admin, area, reason="误建")

    records = list(
        AuditRecord.objects.filter(model="areas.area", object_id=str(pk)).order_by("seq")
    )
    assert [r.action for r in records] == ["create", "update", "delete"]
    created, updated, deleted = records
    for record in records:
        assert record.actor_id == city_admin.pk
        assert record.actor_name == "cityadmin"
        assert record.correlation_id == "cidwrites"
        assert record.scope_path == "/44/4403/440304/440304002/"

    assert created.reason == "新设街道"
    assert created.before is None
    assert created.after["name"] == "南园街道"
    assert created.after["parent"] == tree["futian"].pk

    assert updated.reason == "更名"
    assert updated.before["name"] == "南园街道"
    assert updated.after["name"] == "南园街道办"
    assert updated.before["version"] == 1 and updated.after["version"] == 2
    assert "name" in updated.changed_fields
    assert "code" not in updated.changed_fields

    assert deleted.reason == "误建"
    assert deleted.before["name"] == "南园街道办"
    assert deleted.after is None
    assert not Area.objects.filter(pk=pk).exists()
    assert list(verify_chain()) == []


def test_system_writes_are_recorded_as_system(db):
    area = factories.area("45", "广西壮族自治区", "province")
    record = records_of(area).get()
    assert record.actor_id is None
    assert record.actor_name == "system"


def test_password_is_never_written_to_the_trail(tree):
    user = factories.user("pwuser", home=tree["futian"])
    record = records_of(user).get()
    assert user.password
    assert user.password not in str(record.after)
    assert record.after["password"].startswith("sha256:")


def test_refused_write_changes_nothing_and_records_nothing(tree):
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    area = tree["futian_street"]
    count = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.update_record(officer, area, {"name": "改名"})
    area.refresh_from_db()
    assert area.name == "园岭街道"
    assert area.version == 1
    assert AuditRecord.objects.count() == count


def test_write_that_moves_a_record_out_of_scope_is_rolled_back(tree):
    """The permission check after the write: a district officer cannot give an organisation
    away to another district."""
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    org = factories.organisation(tree["futian"])
    count = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.update_record(officer, org, {"area": tree["luohu"]})
    org.refresh_from_db()
    assert org.area == tree["futian"]
    assert org.version == 1
    assert AuditRecord.objects.count() == count


def test_delete_of_a_record_still_in_use_is_refused_with_a_clear_message(tree, city_admin):
    count = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as info:
        services.delete_record(city_admin, tree["futian"], reason="撤销")
    assert info.value.code == "protected"
    assert Area.objects.filter(pk=tree["futian"].pk).exists()
    assert AuditRecord.objects.count() == count


def test_invalid_data_is_refused_and_not_recorded(tree, city_admin):
    count = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_record(
            city_admin, Area, {"code": "44X", "name": "坏", "level": "city", "parent": None}
        )
    assert "code" in info.value.message_dict
    assert AuditRecord.objects.count() == count
    assert not Area.objects.filter(name="坏").exists()


# --- One request, one correlation id -------------------------------------------------------


def test_records_of_one_request_share_its_correlation_id(admin_client, tree):
    user = factories.user("target", home=tree["futian"], phone="13800001234")
    response = admin_client.patch(
        f"/api/v1/users/{user.pk}/",
        {"phone": "13900005678"},
        content_type="application/json",
        HTTP_X_REASON="换手机",
    )
    assert response.status_code == 200, response.content
    cid = response["X-Request-ID"]
    assert cid
    # One record since issue 10 (the API no longer sets another person's password, which was
    # the second record of this request).
    records = records_of(user).filter(action="update")
    assert records.count() == 1
    assert {r.correlation_id for r in records} == {cid}
    assert {r.reason for r in records} == {"换手机"}


def test_incoming_request_id_is_kept(admin_client, tree):
    response = admin_client.post(
        reverse("areas:area_add"),
        {
            "code": "440304003",
            "name": "华富街道",
            "level": "street",
            "parent": tree["futian"].pk,
            "sort_order": 0,
            "is_active": "on",
            "reason": "新设",
        },
        HTTP_X_REQUEST_ID="abc123fromproxy",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "abc123fromproxy"
    record = AuditRecord.objects.get(model="areas.area", object_repr="华富街道")
    assert record.correlation_id == "abc123fromproxy"
    assert record.reason == "新设"


def test_unsafe_incoming_request_id_is_replaced(client, db):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="bad id; drop table")
    assert response["X-Request-ID"] != "bad id; drop table"
    assert response["X-Request-ID"].isalnum()


def test_each_request_gets_its_own_correlation_id(admin_client):
    first = admin_client.get(reverse("areas:area_list"))["X-Request-ID"]
    second = admin_client.get(reverse("areas:area_list"))["X-Request-ID"]
    assert first and second and first != second


# --- Append-only -----------------------------------------------------------------------------


@pytest.fixture
def record(tree):
    return AuditRecord.objects.order_by("id").first()


def test_orm_cannot_change_a_record(record):
    record.reason = "篡改"
    with pytest.raises(PermissionError):
        record.save()
    assert AuditRecord.objects.get(pk=record.pk).reason == ""


def test_orm_cannot_delete_a_record(record):
    with pytest.raises(PermissionError):
        record.delete()
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_queryset_update_and_delete_are_refused(record):
    count = AuditRecord.objects.count()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).update(reason="篡改")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.count() == count
    assert AuditRecord.objects.get(pk=record.pk).reason == ""


def test_raw_sql_update_is_refused_by_the_database(record):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE core_auditrecord SET reason = %s WHERE id = %s", ["篡改", record.pk])
    assert AuditRecord.objects.get(pk=record.pk).reason == ""


def test_raw_sql_delete_is_refused_by_the_database(record):
    count = AuditRecord.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [record.pk])
    assert AuditRecord.objects.count() == count


def test_trigger_helper_restores_the_protection(record):
    with audit_triggers_disabled():
        raw_sql("UPDATE core_auditrecord SET reason = %s WHERE id = %s", ["x", record.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE core_auditrecord SET reason = %s WHERE id = %s", ["y", record.pk])


# --- Tamper detection ---------------------------------------------------------------------------


@pytest.fixture
def chain(tree, city_admin):
    """Five records in one chain (one correlation id means one shard)."""
    with acting("cidchain"):
        for i in range(5):
            services.create_record(
                city_admin,
                Area,
                {
                    "code": f"44030400{i + 5}",
                    "name": f"链条街道{i}",
                    "level": "street",
                    "parent": tree["futian"],
                },
                reason=f"第{i}条",
            )
    records = list(AuditRecord.objects.filter(correlation_id="cidchain").order_by("seq"))
    assert len(records) == 5
    assert len({r.shard for r in records}) == 1
    assert [r.seq for r in records] == list(range(records[0].seq, records[0].seq + 5))
    return records


def verify_command() -> tuple[bool, str]:
    """Run ``shegong verify_audit``; (passed, its output)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as exc:
        return False, err.getvalue() + str(exc)
    return True, out.getvalue()


def test_intact_chain_reports_nothing(chain):
    assert list(verify_chain()) == []
    ok, output = verify_command()
    assert ok
    assert f"{AuditRecord.objects.count()} records verified" in output


def test_edited_record_is_detected(chain):
    target = chain[2]
    with audit_triggers_disabled():
        raw_sql("UPDATE core_auditrecord SET reason = %s WHERE id = %s", ["篡改", target.pk])
    problems = list(verify_chain())
    assert problems
    assert any(
        p.shard == target.shard and p.seq == target.seq and "changed" in p.message for p in problems
    )
    ok, output = verify_command()
    assert not ok
    assert f"#{target.seq}" in output
    assert "problem(s) found" in output


def test_edited_json_value_is_detected(chain):
    target = chain[1]
    with audit_triggers_disabled():
        after = dict(target.after, name="改过的名字")
        raw_sql(
            "UPDATE core_auditrecord SET after = %s WHERE id = %s",
            [json.dumps(after, ensure_ascii=False), target.pk],
        )
    assert any(p.seq == target.seq for p in verify_chain())


def test_deleted_record_in_the_middle_is_detected(chain):
    target = chain[2]
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [target.pk])
    problems = list(verify_chain())
    assert any(p.seq == target.seq and "missing" in p.message for p in problems)
    ok, output = verify_command()
    assert not ok
    assert "missing" in output


def test_deleted_last_records_are_detected(chain):
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE id IN (%s, %s)", [chain[-1].pk, chain[-2].pk])
    problems = list(verify_chain())
    assert any(p.shard == chain[0].shard and "last records" in p.message for p in problems)
    ok, _ = verify_command()
    assert not ok


def test_deleted_only_last_record_is_detected(chain):
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [chain[-1].pk])
    assert list(verify_chain())
    assert not verify_command()[0]


def test_whole_chain_deleted_is_detected(chain):
    ids = [r.pk for r in AuditRecord.objects.filter(shard=chain[0].shard)]
    with audit_triggers_disabled():
        for pk in ids:
            raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [pk])
    assert any(p.shard == chain[0].shard for p in verify_chain())


def test_record_inserted_with_a_forged_hash_is_detected(chain):
    """A record made up afterwards and slipped in (a rewritten head) does not link up."""
    last = chain[-1]
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [last.pk])
        raw_sql(
            "INSERT INTO core_auditrecord (shard, seq, timestamp, actor_id, actor_name, action,"
            " model, object_id, object_repr, scope_path, before, after, reason,"
            " correlation_id, prev_hash, hash) VALUES"
            " (%s, %s, %s, NULL, 'system', 'create', 'areas.area', '1', 'x', '', NULL, NULL,"
            " '', 'forged', %s, %s)",
            [last.shard, last.seq, last.timestamp, chain[-2].hash, "f" * 64],
        )
    problems = list(verify_chain())
    assert any(p.seq == last.seq and "changed" in p.message for p in problems)


def test_chain_head_rewind_is_detected(chain):
    AuditChainHead.objects.filter(shard=chain[0].shard).update(seq=3)
    assert any("last records" in p.message for p in verify_chain())


# --- Private reads and the audit pages ----------------------------------------------------------


def test_full_private_view_is_recorded_as_a_read(admin_client, city_admin, tree):
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    response = admin_client.get(reverse("accounts:user_detail", args=[user.pk]))
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    read = records_of(user).get(action="read")
    assert read.actor_id == city_admin.pk
    assert read.after == {"fields": ["phone"]}
    assert read.correlation_id == response["X-Request-ID"]


def test_masked_view_is_not_recorded_as_a_read(client, tree):
    officer = factories.user("cityofficer", role="city_officer", scope=tree["city"])
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    client.force_login(officer)
    response = client.get(reverse("accounts:user_detail", args=[user.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "13812345678" not in body
    assert "138****5678" in body
    assert not records_of(user).filter(action="read").exists()


def test_api_detail_with_private_data_is_recorded_as_a_read(admin_client, tree):
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    listing = admin_client.get("/api/v1/users/", {"q": "withphone"})
    assert listing.json()["results"][0]["phone"] == "138****5678"
    assert not records_of(user).filter(action="read").exists()
    detail = admin_client.get(f"/api/v1/users/{user.pk}/")
    assert detail.json()["phone"] == "13812345678"
    assert records_of(user).filter(action="read").count() == 1


@pytest.fixture
def phone_change(tree, city_admin):
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    services.update_record(city_admin, user, {"phone": "13987654321"}, reason="换号")
    return records_of(user).get(action="update")


def test_audit_detail_masks_private_values_for_roles_without_view_private(
    client, tree, phone_change
):
    auditor = factories.user("auditor", role="auditor", scope=tree["city"])
    client.force_login(auditor)
    response = client.get(reverse("core:auditrecord_detail", args=[phone_change.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "13812345678" not in body and "13987654321" not in body
    assert "138****5678" in body and "139****4321" in body


def test_audit_detail_shows_private_values_to_roles_with_view_private(admin_client, phone_change):
    response = admin_client.get(reverse("core:auditrecord_detail", args=[phone_change.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "13812345678" in body and "13987654321" in body


def test_audit_pages_are_closed_to_roles_without_access(client, tree, phone_change):
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    listing = client.get(reverse("core:auditrecord_list"))
    assert listing.status_code == 200
    assert "withphone" not in listing.content.decode()
    detail = client.get(reverse("core:auditrecord_detail", args=[phone_change.pk]))
    assert detail.status_code == 404


def test_audit_list_is_searchable_by_correlation_id(admin_client, chain):
    response = admin_client.get(
        reverse("core:auditrecord_list"), {"correlation_id": "cidchain", "per_page": 100}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("链条街道") == 5
    assert "福田区" not in body


def test_history_tab_lists_the_changes_of_one_record(admin_client, tree, city_admin):
    area = tree["futian_street"]
    services.update_record(city_admin, area, {"name": "园岭新街道"}, reason="更名为新名")
    response = admin_client.get(reverse("areas:area_detail", args=[area.pk]) + "?tab=history")
    body = response.content.decode()
    assert "更名为新名" in body
    assert "园岭新街道" in body


def test_organisation_history_is_kept_after_the_record_is_archived(tree, city_admin):
    org = factories.organisation(tree["futian"])
    services.update_record(city_admin, org, {"is_active": False}, reason="注销")
    record = records_of(org).get(action="update")
    assert record.changed_fields == ["is_active", "updated_at", "updated_by", "version"]
    assert Organisation.objects.filter(pk=org.pk, is_active=False).exists()
