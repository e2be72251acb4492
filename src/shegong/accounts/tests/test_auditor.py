"""Auditors read everything in their scope (lists, details, exports, the audit trail) and
change nothing, anywhere. A district auditor does not see the other district."""

import csv
import io

import pytest
from django.urls import reverse

from shegong.accounts.models import Membership, User
from shegong.areas.models import Area
from shegong.core.models import AuditRecord, Job
from shegong.core.testing import factories
from shegong.organisations.models import Organisation


@pytest.fixture
def world(tree, orgs):
    worker_f = factories.user(
        "worker_f", role="social_worker", home=tree["futian"], phone="13812345678"
    )
    worker_l = factories.user(
        "worker_l", role="social_worker", home=tree["luohu"], phone="13987654321"
    )
    return {
        **tree,
        **{f"org_{k}": v for k, v in orgs.items()},
        "worker_f": worker_f,
        "worker_l": worker_l,
    }


@pytest.fixture
def auditor(world, sign_in):
    user = factories.user("auditor", role="auditor", scope=world["futian"])
    return sign_in(user)


def export_csv(client, label: str) -> list[list[str]]:
    response = client.post(
        reverse("core:export_start"), {"model": label, "format": "csv", "filters": ""}
    )
    assert response.status_code == 302, response.content[:300]
    job = Job.objects.filter(params__model=label).latest("created_at")
    assert job.status == "done", job.errors
    content = client.get(reverse("core:job_download", args=[job.pk]))
    assert content.status_code == 200
    text = b"".join(content.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_lists_show_only_the_auditors_district(auditor, world):
    page = auditor.get(reverse("organisations:organisation_list")).content.decode()
    assert "福田社工服务中心" in page and "罗湖社工服务中心" not in page
    page = auditor.get(reverse("accounts:user_list")).content.decode()
    assert "worker_f" in page and "worker_l" not in page
    api = auditor.get("/api/v1/organisations/").json()
    assert [o["name"] for o in api["results"]] == ["福田社工服务中心"]
    api = auditor.get("/api/v1/users/").json()
    assert {u["username"] for u in api["results"]} == {"worker_f", "auditor"}
    api = auditor.get("/api/v1/memberships/").json()
    assert {m["user"] for m in api["results"]} == {
        world["worker_f"].pk,
        User.objects.get(username="auditor").pk,
    }


def test_details_in_scope_open_and_out_of_scope_are_absent(auditor, world):
    assert auditor.get(world["org_futian"].get_absolute_url()).status_code == 200
    assert auditor.get(world["org_luohu"].get_absolute_url()).status_code == 404
    assert auditor.get(world["worker_f"].get_absolute_url()).status_code == 200
    assert auditor.get(world["worker_l"].get_absolute_url()).status_code == 404
    assert auditor.get(f"/api/v1/users/{world['worker_l'].pk}/").status_code == 404


def test_private_data_stays_masked_for_auditors(auditor, world):
    page = auditor.get(world["worker_f"].get_absolute_url()).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    api = auditor.get(f"/api/v1/users/{world['worker_f'].pk}/").json()
    assert api["phone"] == "138****5678"
    assert not AuditRecord.objects.filter(action="read").exists()


def test_auditor_exports_only_their_district(auditor, world):
    rows = export_csv(auditor, "organisations.organisation")
    names = [row[0] for row in rows[1:]]
    assert names == ["福田社工服务中心"]
    rows = export_csv(auditor, "accounts.user")
    body = "\n".join(",".join(r) for r in rows[1:])
    assert "worker_f" in body and "worker_l" not in body
    assert "138****5678" in body and "13812345678" not in body
    exports = AuditRecord.objects.filter(action="export")
    assert exports.count() == 2
    assert {r.actor.username for r in exports} == {"auditor"}


def test_auditor_sees_the_audit_trail_of_the_district_only(auditor, world):
    response = auditor.get(reverse("core:auditrecord_list"), {"per_page": 200})
    assert response.status_code == 200
    page = response.content.decode()
    assert "福田社工服务中心" in page and "罗湖社工服务中心" not in page
    assert "worker_f" in page and "worker_l" not in page
    futian_record = AuditRecord.objects.get(
        model="organisations.organisation", object_id=str(world["org_futian"].pk)
    )
    luohu_record = AuditRecord.objects.get(
        model="organisations.organisation", object_id=str(world["org_luohu"].pk)
    )
    assert auditor.get(futian_record.get_absolute_url()).status_code == 200
    assert auditor.get(luohu_record.get_absolute_url()).status_code == 404
    # The history tab of a record in scope shows its trail.
    history = auditor.get(world["org_futian"].get_absolute_url() + "?tab=history")
    assert history.status_code == 200
    assert history.context["history"]
    # And the audit trail can be exported.
    rows = export_csv(auditor, "core.auditrecord")
    body = "\n".join(",".join(r) for r in rows[1:])
    assert "福田社工服务中心" in body and "罗湖社工服务中心" not in body


def test_a_city_auditor_sees_both_districts(world, sign_in):
    city_auditor = sign_in(factories.user("city_auditor", role="auditor", scope=world["city"]))
    page = city_auditor.get(reverse("organisations:organisation_list")).content.decode()
    assert "福田社工服务中心" in page and "罗湖社工服务中心" in page
    page = city_auditor.get(reverse("core:auditrecord_list"), {"per_page": 200}).content.decode()
    assert "福田社工服务中心" in page and "罗湖社工服务中心" in page


def snapshot_counts():
    return (
        Area.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditRecord.objects.exclude(action__in=["read", "export"]).count(),
    )


def test_auditor_cannot_create_edit_or_delete_in_the_ui(auditor, world):
    before = snapshot_counts()
    membership = world["worker_f"].memberships.get()
    forms = {
        reverse("areas:area_add"): {"code": "440304002", "name": "x", "level": "street"},
        reverse("organisations:organisation_add"): {"name": "x", "credit_code": "x"},
        reverse("accounts:user_add"): {"username": "x"},
        reverse("accounts:membership_add"): {"user": world["worker_f"].pk, "role": "auditor"},
        reverse("areas:area_edit", args=[world["futian_street"].pk]): {"name": "x"},
        reverse("organisations:organisation_edit", args=[world["org_futian"].pk]): {"name": "x"},
        reverse("accounts:user_edit", args=[world["worker_f"].pk]): {"username": "x"},
        reverse("accounts:membership_edit", args=[membership.pk]): {"role": "auditor"},
        reverse("areas:area_delete", args=[world["futian_street"].pk]): {},
        reverse("organisations:organisation_delete", args=[world["org_futian"].pk]): {},
        reverse("accounts:membership_delete", args=[membership.pk]): {},
    }
    for url, data in forms.items():
        assert auditor.get(url).status_code == 403, url
        assert auditor.post(url, data).status_code == 403, url
    assert snapshot_counts() == before
    # Nor are they offered the buttons.
    page = auditor.get(world["org_futian"].get_absolute_url())
    assert page.context["can_change"] is False and page.context["can_delete"] is False
    assert auditor.get(reverse("organisations:organisation_list")).context["can_add"] is False


def test_auditor_cannot_create_edit_or_delete_in_the_api(auditor, world):
    before = snapshot_counts()
    membership = world["worker_f"].memberships.get()
    inside = {
        "areas": world["futian_street"].pk,
        "organisations": world["org_futian"].pk,
        "users": world["worker_f"].pk,
        "memberships": membership.pk,
    }
    outside = {
        "organisations": world["org_luohu"].pk,
        "users": world["worker_l"].pk,
        "memberships": world["worker_l"].memberships.get().pk,
    }
    for endpoint, pk in inside.items():
        url = f"/api/v1/{endpoint}/"
        assert auditor.post(url, {}, content_type="application/json").status_code == 403
        assert auditor.patch(f"{url}{pk}/", {}, content_type="application/json").status_code == 403
        assert auditor.delete(f"{url}{pk}/").status_code == 403
    for endpoint, pk in outside.items():
        url = f"/api/v1/{endpoint}/{pk}/"
        assert auditor.patch(url, {}, content_type="application/json").status_code == 404
        assert auditor.delete(url).status_code == 404
    assert snapshot_counts() == before
