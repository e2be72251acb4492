"""ORG-4 through the pages and the API: two districts apart, an organisation applying through
the form and seeing only its own application, private contact data masked in lists, the
decision page and API, the base page with its occupancy and outcomes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.testing import factories
from shegong.incubation.choices import ApplicationStatus, Condition
from shegong.incubation.models import Application

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    futian_base = data.base(tree["futian"], places=(("A01", 1), ("A02", 1)))
    luohu_base = data.base(tree["luohu"], places=(("L01", 1),))
    data.rule(futian_base, "试点领域", Condition.PILOT_FIELD, 20)
    org_a = data.organisation(tree["futian"], date(2025, 1, 1), [data.field("01")], "福田甲机构")
    org_b = data.organisation(tree["futian"], date(2010, 1, 1), [data.field("04")], "福田乙机构")
    return {
        "tree": tree,
        "futian_base": futian_base,
        "luohu_base": luohu_base,
        "org_a": org_a,
        "org_b": org_b,
        "futian_officer": factories.user(role="district_officer", scope=tree["futian"]),
        "luohu_officer": factories.user(role="district_officer", scope=tree["luohu"]),
        "admin_a": factories.user(role="org_admin", scope=org_a),
        "admin_b": factories.user(role="org_admin", scope=org_b),
    }


def test_a_district_sees_its_own_bases_only(client, w):
    client.force_login(w["luohu_officer"])
    assert (
        client.get(reverse("incubation:base_detail", args=[w["futian_base"].pk])).status_code == 404
    )
    page = client.get(reverse("incubation:base_detail", args=[w["luohu_base"].pk]))
    assert page.status_code == 200
    listed = client.get(reverse("incubation:base_list")).content.decode()
    assert w["luohu_base"].name in listed and w["futian_base"].name not in listed
    api = client.get("/api/v1/incubation/bases/").json()
    assert [row["id"] for row in api["results"]] == [w["luohu_base"].pk]


def test_an_organisation_applies_through_the_form_and_sees_only_its_own(client, w):
    call = data.call(
        w["futian_base"],
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 31),
        incubation_starts_on=date(2027, 2, 1),
    )
    client.force_login(w["admin_a"])
    response = client.post(
        reverse("incubation:application_add"),
        {
            "call": call.pk,
            "organisation": w["org_a"].pk,
            "contact_person": "李红",
            "contact_phone": "13912345678",
            "plan": "入驻一年，完成两个社区项目",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    mine = Application.objects.get(organisation=w["org_a"])
    assert list(mine.service_fields.values_list("code", flat=True)) == [
        "01"
    ]  # from the organisation
    # another organisation cannot apply in A's name: it does not even see A
    client.force_login(w["admin_b"])
    refused = client.post(
        reverse("incubation:application_add"),
        {
            "call": call.pk,
            "organisation": w["org_a"].pk,
            "contact_person": "x",
            "contact_phone": "1",
            "plan": "x",
        },
    )
    assert refused.status_code == 200
    assert "organisation" in refused.context["form"].errors
    assert client.get(reverse("incubation:application_detail", args=[mine.pk])).status_code == 404
    assert client.get("/api/v1/incubation/applications/").json()["results"] == []


def test_contact_data_is_masked_in_lists(client, w):
    call = data.call(w["futian_base"])
    data.apply(call, name="阳光社工服务中心（筹）")
    client.force_login(w["futian_officer"])
    listed = client.get(reverse("incubation:application_list")).content.decode()
    assert "13800138000" not in listed
    detail = client.get(
        reverse("incubation:application_detail", args=[Application.objects.get().pk])
    )
    assert (
        "13800138000" in detail.content.decode()
    )  # in full to the official, and the read is logged


def test_the_call_is_decided_through_the_api_and_the_base_page_shows_the_figures(client, w):
    call = data.call(w["futian_base"], places_offered=1)
    data.apply(call, w["org_a"], at=timezone.make_aware(datetime(2026, 3, 3, 9)))
    data.apply(call, w["org_b"], at=timezone.make_aware(datetime(2026, 3, 2, 9)))
    client.force_login(w["luohu_officer"])
    assert (
        client.post(
            f"/api/v1/incubation/calls/{call.pk}/decide/", {}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(w["futian_officer"])
    response = client.post(
        f"/api/v1/incubation/calls/{call.pk}/decide/", {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert [(row["organisation"], row["score"], row["status"]) for row in response.json()] == [
        (w["org_a"].pk, 20, ApplicationStatus.ADMITTED),
        (w["org_b"].pk, 0, ApplicationStatus.REFUSED),
    ]
    again = client.post(
        f"/api/v1/incubation/calls/{call.pk}/decide/", {}, content_type="application/json"
    )
    assert again.status_code == 400
    figures = client.get(
        f"/api/v1/incubation/bases/{w['futian_base'].pk}/occupancy/?on=2026-05-01"
    ).json()
    assert figures == {"capacity": 2, "occupied": 1, "free": 1, "rate": "50.0"}
    bad = client.get(f"/api/v1/incubation/bases/{w['futian_base'].pk}/occupancy/?on=tomorrow")
    assert bad.status_code == 400
    page = client.get(
        reverse("incubation:base_detail", args=[w["futian_base"].pk])
    ).content.decode()
    assert "福田甲机构" in page  # holds A01 today
    assert "50.0 %" in page


def test_the_decision_page_refuses_before_the_close_with_a_message(client, w):
    call = data.call(
        w["futian_base"],
        opens_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 31),
        incubation_starts_on=date(2027, 3, 1),
    )
    client.force_login(w["futian_officer"])
    page = client.post(reverse("incubation:call_decide", args=[call.pk]), {"reason": ""})
    assert page.status_code == 200
    assert "The call closes on 2027-01-31: decide it from the next day." in page.content.decode()
    client.force_login(w["admin_a"])
    assert client.get(reverse("incubation:call_decide", args=[call.pk])).status_code == 403


def test_the_place_and_end_forms(client, w):
    call = data.call(w["futian_base"], places_offered=1)
    data.apply(call, w["org_a"])
    data.decide(call)
    occupancy = Application.objects.get().occupancies.get()
    client.force_login(w["futian_officer"])
    url = reverse("incubation:occupancy_end", args=[occupancy.pk])
    bad = client.post(url, {"outcome": "graduated", "on": "2026-04-01", "reason": "出壳"})
    assert bad.status_code == 200 and "The occupancy started on" in bad.content.decode()
    assert (
        client.post(url, {"outcome": "graduated", "on": "2026-11-30", "reason": "出壳"}).status_code
        == 302
    )
    occupancy.refresh_from_db()
    assert occupancy.ends_on == date(2026, 11, 30)
    page = client.get(
        reverse("incubation:base_detail", args=[w["futian_base"].pk])
    ).content.decode()
    assert "No place is held today." in page
