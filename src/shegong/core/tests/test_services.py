"""Optimistic locking: an edit of a record changed since it was loaded is refused, clearly."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from shegong.areas.models import Area
from shegong.core import services
from shegong.core.models import AuditRecord
from shegong.core.services import ConcurrentEditError
from shegong.core.testing import factories


def test_stale_expected_version_is_refused_and_changes_nothing(tree, city_admin):
    area = tree["futian_street"]
    services.update_record(city_admin, area, {"name": "第一人改的"}, expected_version=1)
    count = AuditRecord.objects.count()
    with translation.override("en"), pytest.raises(ConcurrentEditError) as info:
        services.update_record(city_admin, area, {"name": "第二人改的"}, expected_version=1)
    assert info.value.code == "concurrent_edit"
    message = info.value.messages[0]
    assert "Someone else changed this record (第一人改的)" in message
    assert "Reload the page" in message
    area.refresh_from_db()
    assert area.name == "第一人改的"
    assert area.version == 2
    assert AuditRecord.objects.count() == count


def test_current_expected_version_is_accepted(tree, city_admin):
    area = tree["futian_street"]
    updated = services.update_record(city_admin, area, {"name": "新名"}, expected_version=1)
    assert updated.version == 2
    again = services.update_record(city_admin, updated, {"name": "再改"}, expected_version=2)
    assert again.version == 3
    assert Area.objects.get(pk=area.pk).name == "再改"


def test_without_expected_version_the_last_write_wins(tree, city_admin):
    area = tree["futian_street"]
    services.update_record(city_admin, area, {"name": "一"})
    updated = services.update_record(city_admin, area, {"name": "二"})
    assert updated.version == 3
    assert Area.objects.get(pk=area.pk).name == "二"


# --- The edit form ----------------------------------------------------------------------------


def area_form_data(area: Area, **changes) -> dict:
    data = {
        "code": area.code,
        "name": area.name,
        "name_en": area.name_en,
        "level": area.level,
        "parent": area.parent_id or "",
        "sort_order": area.sort_order,
        "is_active": "on",
        "version": area.version,
        "reason": "",
    }
    data.update(changes)
    return data


def test_edit_form_carries_the_version(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.get(reverse("areas:area_edit", args=[area.pk]))
    assert response.status_code == 200
    assert 'name="version" value="1"' in response.content.decode()


def test_stale_edit_form_is_refused_with_a_clear_message(admin_client, tree, city_admin):
    area = tree["futian_street"]
    stale = area_form_data(area, name="表单里的名字")
    services.update_record(city_admin, area, {"name": "别人先改了"})
    count = AuditRecord.objects.count()

    response = admin_client.post(
        reverse("areas:area_edit", args=[area.pk]), stale, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200  # the form again, not a redirect
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "Reload the page" in body
    area.refresh_from_db()
    assert area.name == "别人先改了"
    assert area.version == 2
    assert AuditRecord.objects.count() == count


def test_current_edit_form_saves_with_reason(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.post(
        reverse("areas:area_edit", args=[area.pk]),
        area_form_data(area, name="园岭街道办事处", reason="全称"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("areas:area_detail", args=[area.pk])
    area.refresh_from_db()
    assert area.name == "园岭街道办事处"
    assert area.version == 2
    record = AuditRecord.objects.filter(model="areas.area", object_id=str(area.pk)).first()
    assert record.action == "update"
    assert record.reason == "全称"


def test_invalid_edit_shows_the_message_next_to_the_field(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.post(
        reverse("areas:area_edit", args=[area.pk]),
        area_form_data(area, code="4403X4001"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "An area code is made of digits only." in response.content.decode()
    area.refresh_from_db()
    assert area.code == "440304001"


# --- The API: ETag and If-Match ------------------------------------------------------------------


def test_api_detail_carries_an_etag(admin_client, tree):
    response = admin_client.get(f"/api/v1/areas/{tree['futian'].pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_api_patch_with_stale_if_match_is_412(admin_client, tree, city_admin):
    area = tree["futian_street"]
    services.update_record(city_admin, area, {"name": "别人先改了"})
    count = AuditRecord.objects.count()
    response = admin_client.patch(
        f"/api/v1/areas/{area.pk}/",
        {"name": "我的修改"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 412
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "concurrent_edit"
    assert "Someone else changed this record" in body["detail"]
    area.refresh_from_db()
    assert area.name == "别人先改了"
    assert AuditRecord.objects.count() == count


def test_api_patch_with_current_if_match_succeeds_with_new_etag(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.patch(
        f"/api/v1/areas/{area.pk}/",
        {"name": "园岭"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        HTTP_X_REASON="简称",
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert response.json()["version"] == 2
    assert response.json()["name"] == "园岭"
    record = AuditRecord.objects.filter(model="areas.area", object_id=str(area.pk)).first()
    assert record.action == "update" and record.reason == "简称"
    # The new ETag is what the next edit must send.
    again = admin_client.patch(
        f"/api/v1/areas/{area.pk}/",
        {"name": "园岭街道"},
        content_type="application/json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert again.status_code == 200
    assert again["ETag"] == '"3"'


def test_api_weak_etag_is_accepted(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.patch(
        f"/api/v1/areas/{area.pk}/",
        {"name": "园岭"},
        content_type="application/json",
        HTTP_IF_MATCH='W/"1"',
    )
    assert response.status_code == 200


def test_api_malformed_if_match_is_400_and_changes_nothing(admin_client, tree):
    area = tree["futian_street"]
    response = admin_client.patch(
        f"/api/v1/areas/{area.pk}/",
        {"name": "园岭"},
        content_type="application/json",
        HTTP_IF_MATCH="yesterday",
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    area.refresh_from_db()
    assert area.name == "园岭街道"


def test_api_create_returns_201_with_etag_and_audit(admin_client, tree, city_admin):
    response = admin_client.post(
        "/api/v1/areas/",
        {"code": "440304009", "name": "香蜜湖街道", "level": "street", "parent": tree["futian"].pk},
        content_type="application/json",
        HTTP_X_REASON="新设",
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"1"'
    area = Area.objects.get(code="440304009")
    assert area.path == "/44/4403/440304/440304009/"
    assert area.created_by == city_admin
    record = AuditRecord.objects.get(model="areas.area", object_id=str(area.pk))
    assert record.action == "create" and record.reason == "新设"
    assert record.correlation_id == response["X-Request-ID"]


def test_api_delete_is_audited(admin_client, tree):
    area = factories.area("440304010", "待删街道", "street", tree["futian"])
    response = admin_client.delete(f"/api/v1/areas/{area.pk}/", HTTP_X_REASON="误建")
    assert response.status_code == 204
    assert not Area.objects.filter(pk=area.pk).exists()
    record = AuditRecord.objects.get(model="areas.area", object_id=str(area.pk), action="delete")
    assert record.reason == "误建"
    assert record.before["name"] == "待删街道"


def test_api_delete_of_a_record_in_use_is_400_not_500(admin_client, tree):
    response = admin_client.delete(f"/api/v1/areas/{tree['futian'].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Archive it instead" in str(response.json())
    assert Area.objects.filter(pk=tree["futian"].pk).exists()


def test_update_records_in_bulk_is_update_record_for_many(db):
    """Each row: the change, its version up, the actor and time stamped, one audit record with
    before and after; written in chunks; the chain verifies."""
    from datetime import date

    from shegong.core import audit
    from shegong.core.models import AuditRecord, CalendarDay
    from shegong.core.services import create_record, update_records_in_bulk

    days = [
        create_record(None, CalendarDay, {"date": date(2025, 10, d), "kind": "holiday"})
        for d in (1, 2, 3)
    ]
    actor = factories.user()
    progress = []

    def rename(day):
        day.name = f"国庆节 {day.date.day}"

    written = update_records_in_bulk(
        actor,
        days,
        rename,
        ["name"],
        "补充名称",
        chunk=2,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert written == 3 and progress == [(2, 3), (3, 3)]
    for day in CalendarDay.objects.order_by("date"):
        assert (day.name, day.version, day.updated_by) == (f"国庆节 {day.date.day}", 2, actor)
        (record,) = AuditRecord.objects.filter(object_id=str(day.pk), action="update")
        assert record.before["name"] == "" and record.after["name"] == day.name
        assert record.reason == "补充名称" and record.actor == actor
    assert update_records_in_bulk(actor, [], rename, ["name"]) == 0
    assert not list(audit.verify_chain())
