"""The procurement pages and API, in two districts: who sees which procurement (officials of
their area, organisations the published ones only), the acts (publish, clarify, object,
award), the deadline's history on the procurement's page, and documents' size limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shegong.procurement import services
from shegong.procurement.models import Clarification, Procurement, TenderDocument

from .data import criteria, item, tender, today, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


@pytest.fixture
def both(world):
    """A Futian draft, a Futian published open tender and a Luohu published open tender."""
    draft = tender(world["item_futian"], title="福田草稿")
    futian = tender(world["item_futian"], title="福田招标")
    luohu = tender(world["item_luohu"], title="罗湖招标")
    for p in (futian, luohu):
        criteria(p)
        services.publish(None, p)
    return {**world, "draft": draft, "futian": futian, "luohu": luohu}


def url(name, obj=None):
    return reverse(f"procurement:{name}", args=[obj.pk] if obj else [])


# Columns: the procurements list (titles), the draft's page, the Futian and Luohu published
# procurements' pages, the edit page of the draft, the API list count and the draft in the API.
EXPECTED = {
    "officer": ({"福田草稿", "福田招标"}, 200, 200, 404, 200, 2, 200),
    "luohu_officer": ({"罗湖招标"}, 404, 404, 200, 404, 1, 404),
    "city_officer": ({"福田草稿", "福田招标", "罗湖招标"}, 200, 200, 200, 403, 3, 200),
    "org_admin": ({"福田招标", "罗湖招标"}, 404, 200, 200, 404, 2, 404),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_who_sees_which_procurement_on_the_pages_and_the_api(client, both, who):
    titles, draft, futian, luohu, edit, api_count, api_draft = EXPECTED[who]
    client.force_login(both[who])
    page = client.get(url("procurement_list"))
    assert page.status_code == 200
    shown = {t for t in ("福田草稿", "福田招标", "罗湖招标") if t in page.content.decode()}
    assert shown == titles
    assert client.get(url("procurement_detail", both["draft"])).status_code == draft
    assert client.get(url("procurement_detail", both["futian"])).status_code == futian
    assert client.get(url("procurement_detail", both["luohu"])).status_code == luohu
    assert client.get(url("procurement_edit", both["draft"])).status_code == edit
    assert client.get("/api/v1/procurements/").json()["count"] == api_count
    assert client.get(f"/api/v1/procurements/{both['draft'].pk}/").status_code == api_draft


def test_anonymous_visitors_are_sent_to_sign_in(client, both):
    assert client.get(url("procurement_list")).status_code == 302
    assert client.get(url("procurement_detail", both["futian"])).status_code == 302
    assert client.get("/api/v1/procurements/").status_code in (401, 403)


def test_publish_on_the_page_and_the_refusal_in_words(client, world):
    draft = tender(world["item_futian"])
    client.force_login(world["officer"])
    response = client.post(url("procurement_publish", draft), {"reason": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "The criteria need a price criterion." in text
    criteria(draft)
    response = client.post(url("procurement_publish", draft), {"reason": "按计划"})
    assert response.status_code == 302
    assert Procurement.objects.get(pk=draft.pk).status == "published"
    client.force_login(world["luohu_officer"])
    assert client.get(url("procurement_publish", draft)).status_code == 404


def test_a_clarification_on_the_page_and_the_deadline_history(client, world):
    draft = tender(world["item_futian"], bid_deadline=today() + timedelta(days=20))
    criteria(draft)
    p = services.publish(None, draft, on=today() - timedelta(days=6))
    # The deadline (today + 20) is more than 15 days away: a change today does not move it ...
    client.force_login(world["officer"])
    response = client.post(
        url("procurement_clarify", p), {"text": "答疑一", "changes_documents": "on"}
    )
    assert response.status_code == 302
    assert Procurement.objects.get(pk=p.pk).bid_deadline == today() + timedelta(days=20)
    # ... a change six days later does (recorded through the service with its date).
    services.clarify(world["officer"], p, "修改服务期限", True, on=today() + timedelta(days=6))
    page = client.get(url("procurement_detail", p)).content.decode()
    before = (today() + timedelta(days=20)).isoformat()
    after = (today() + timedelta(days=21)).isoformat()
    assert f"from {before} to {after}" in page
    assert "答疑一" in page and "修改服务期限" in page
    assert Clarification.objects.filter(procurement=p).count() == 2
    api = client.get(f"/api/v1/procurements/{p.pk}/").json()
    assert [c["deadline_after"] for c in api["clarifications"]] == [before, after]
    assert api["bid_deadline"] == after
    assert [c["weight"] for c in api["criteria"]] == ["30.00", "70.00"]


def test_organisations_object_to_a_single_source_notice_on_the_page(client, world):
    the_item = item(world["plan_futian"], method="single_source")
    p = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": the_item,
            "title": "单一来源",
            "single_source_reason": "唯一机构",
            "proposed_supplier": world["org_futian"],
        },
    )
    client.force_login(world["org_admin"])
    assert client.get(url("procurement_detail", p)).status_code == 404  # a draft
    services.publish(world["officer"], p)
    page = client.get(url("procurement_detail", p)).content.decode()
    assert "open to objections until" in page
    response = client.post(
        url("procurement_object", p), {"organisation": world["org_luohu"].pk, "text": "有异议"}
    )
    assert response.status_code == 302
    assert p.objections.get().organisation == world["org_luohu"]
    assert client.get(url("procurement_award", p)).status_code == 403
    client.force_login(world["officer"])
    response = client.post(url("procurement_award", p), {"reason": ""})
    assert "open to objections until" in response.content.decode()  # too early today
    assert Procurement.objects.get(pk=p.pk).status == "published"


def test_documents_are_uploaded_to_a_draft_within_the_size_limit(client, world, settings):
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "procurement": 1}
    draft = tender(world["item_futian"])
    client.force_login(world["officer"])
    big = SimpleUploadedFile("招标文件.pdf", b"x" * (2**20 + 1), "application/pdf")
    response = client.post(
        url("tenderdocument_add"), {"procurement": draft.pk, "title": "招标文件", "file": big}
    )
    assert "The file is 1.1 MB; at most 1 MB can be uploaded here." in response.content.decode()
    small = SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(
        url("tenderdocument_add"), {"procurement": draft.pk, "title": "招标文件", "file": small}
    )
    assert response.status_code == 302
    assert response["Location"] == url("procurement_detail", draft)
    assert TenderDocument.objects.filter(procurement=draft).count() == 1
    client.force_login(world["luohu_officer"])
    response = client.post(
        url("tenderdocument_add"), {"procurement": draft.pk, "title": "x", "file": small}
    )
    assert TenderDocument.objects.filter(procurement=draft).count() == 1


def test_plan_pages_in_two_districts(client, world):
    client.force_login(world["officer"])
    page = client.get(url("purchaseplan_detail", world["plan_futian"]))
    assert page.status_code == 200 and "社区长者服务项目" in page.content.decode()
    assert client.get(url("purchaseplan_detail", world["plan_luohu"])).status_code == 404
    assert client.get("/api/v1/purchase-plans/").json()["count"] == 1
    assert client.get("/api/v1/plan-items/").json()["results"][0]["estimated_value"] == (
        "800000.00"
    )
    client.force_login(world["org_admin"])
    assert client.get(url("purchaseplan_list")).status_code == 200
    assert client.get("/api/v1/purchase-plans/").json()["count"] == 0


def test_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world["city_officer"])
    for _ in range(2):
        tender(world["item_futian"])
    with django_assert_max_num_queries(40) as few:
        client.get(url("procurement_list"))
        client.get("/api/v1/procurements/")
    for _ in range(10):
        tender(world["item_luohu"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("procurement_list"))
        client.get("/api/v1/procurements/")


def test_organisations_download_the_documents_once_published(client, world):
    draft = tender(world["item_futian"])
    document = services.add_document(
        world["officer"],
        TenderDocument,
        {
            "procurement": draft,
            "title": "招标文件",
            "file": SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4 tender", "application/pdf"),
        },
    )
    download = url("tenderdocument_download", document)
    client.force_login(world["org_admin"])
    assert client.get(download).status_code == 404  # a draft's
    client.force_login(world["luohu_officer"])
    assert client.get(download).status_code == 404  # another district's draft
    criteria(draft)
    services.publish(world["officer"], draft)
    client.force_login(world["org_admin"])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 tender"
    assert "attachment" in response["Content-Disposition"]
