"""The hire rule through the API and the pages; the flag and overdue lists and their export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.registry.services import registrations
from shegong.workforce import services
from shegong.workforce.models import Employment

from . import data
from .data import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    return {
        "org": org,
        "area": tree["futian"],
        "post": data.post(org, data.post_type(level="intermediate")),
        "admin": factories.user(role="org_admin", scope=org),
    }


def test_api_hire_refused_is_400_with_the_message(client, world):
    who = data.credentialed(world["area"], world["org"], level="assistant")
    client.force_login(world["admin"])
    response = client.post(
        f"/api/v1/posts/{world['post'].pk}/hire/",
        {"person": who.pk, "start": str(today()), "kind": "new_hire"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "below the required Social Worker" in str(response.json())
    assert not Employment.objects.exists()


def test_api_hire_and_end(client, world):
    who = data.credentialed(world["area"], world["org"], level="intermediate")
    client.force_login(world["admin"])
    response = client.post(
        f"/api/v1/posts/{world['post'].pk}/hire/",
        {"person": who.pk, "start": str(today()), "kind": "new_hire"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    employment = response.json()["id"]
    ended = client.post(
        f"/api/v1/employments/{employment}/end/",
        {"end": str(today() + timedelta(days=30)), "reason": "合同到期"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["end"] == str(today() + timedelta(days=30))


def test_hire_page_shows_the_refusal_and_hires(client, world):
    who = data.person(world["area"], world["org"])
    client.force_login(world["admin"])
    url = reverse("workforce:post_hire", args=[world["post"].pk])
    page = client.post(url, {"person": who.pk, "start": str(today()), "kind": "new_hire"})
    assert page.status_code == 200
    assert "no certificate" in page.content.decode()
    done = client.post(
        url,
        {
            "person": who.pk,
            "start": str(today()),
            "kind": "conversion",
            "training_batch": "2025 第一期",
            "exam_year": "2026",
            "deadline": str(today() + timedelta(days=300)),
        },
    )
    assert done.status_code == 302
    detail = client.get(reverse("workforce:post_detail", args=[world["post"].pk]))
    assert who.name in detail.content.decode()
    assert "Hire into this post" not in detail.content.decode()


def test_flag_and_overdue_lists(client, world):
    who = data.person(world["area"], world["org"])
    reg = data.registration(who, data.certificate(who, "intermediate"))
    flagged = services.hire(None, who, world["post"], today(), "new_hire")
    other = data.post(world["org"], world["post"].post_type)
    late = services.hire(
        None,
        data.person(world["area"], world["org"]),
        other,
        today() - timedelta(days=400),
        "conversion",
        training_batch="B",
        exam_year=2024,
        deadline=today() - timedelta(days=1),
    )
    registrations.cancel(None, reg, reason="注销")
    client.force_login(world["admin"])
    flags = client.get(reverse("workforce:credential_flags"), follow=True)
    assert [row.pk for row in flags.context["table"].data] == [flagged.pk]
    plans = client.get(reverse("workforce:overdue_plans"), follow=True)
    assert [row.employment_id for row in plans.context["table"].data] == [late.pk]
    api = client.get("/api/v1/employments/?flagged=true").json()
    assert [row["id"] for row in api["results"]] == [flagged.pk]
    overdue = client.get("/api/v1/conversion-plans/?overdue=true").json()
    assert overdue["results"][0]["overdue"] is True


def test_lists_and_forms_render(client, tree):
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    for name in ("posttype", "poststandard", "serviceunit", "post", "employment", "conversionplan"):
        assert client.get(reverse(f"workforce:{name}_list")).status_code == 200
    for name in ("posttype", "poststandard", "serviceunit", "post"):
        assert client.get(reverse(f"workforce:{name}_add")).status_code == 200
