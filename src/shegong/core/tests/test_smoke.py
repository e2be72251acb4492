"""A walk through the generic views and the API as a city administrator."""

import pytest
from django.urls import reverse

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord, Job
from shegong.core.testing import factories


@pytest.fixture
def admin_client(client, tree):
    admin = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "areas:area_list",
        "organisations:organisation_list",
        "accounts:user_list",
        "accounts:membership_list",
        "core:auditrecord_list",
        "core:job_list",
        "accounts:profile",
        "accounts:token_list",
        "areas:area_add",
        "accounts:user_add",
        "organisations:organisation_add",
        "accounts:membership_add",
    ],
)
def test_pages_render_for_city_admin(admin_client, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200, response.content[:500]


def test_detail_history_and_export(admin_client, tree):
    area = tree["futian"]
    response = admin_client.get(reverse("areas:area_detail", args=[area.pk]) + "?tab=history")
    assert response.status_code == 200
    assert "福田区" in response.content.decode()
    response = admin_client.post(
        reverse("core:export_start"), {"model": "areas.area", "format": "xlsx", "filters": "q=福田"}
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.status == "done", job.errors
    download = admin_client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert AuditRecord.objects.filter(action="export").exists()
    assert list(verify_chain()) == []


def test_api_lists_and_schema(admin_client):
    for url in [
        "/api/v1/areas/",
        "/api/v1/users/",
        "/api/v1/organisations/",
        "/api/v1/me/",
        "/api/v1/memberships/",
        "/api/v1/tokens/",
        "/api/schema/",
        "/api/docs/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
