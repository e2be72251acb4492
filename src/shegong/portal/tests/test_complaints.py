"""The public complaint form (REG-4): ``/complaints/new/`` opens a conduct case at intake,
tells no more than the public register does, is rate-limited and has a honeypot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.registry.models import ConductCase
from shegong.registry.tests.test_registrations import build_world, registered

URL = "/complaints/new/"


@pytest.fixture
def world(tree):
    w = build_world(tree)
    w["registration"] = registered(w)
    return w


def form(worker, **extra):
    return {
        "name": "王先生",
        "contact": "13800000000",
        "worker": worker,
        "text": "Did not turn up to visits.",
        **extra,
    }


def test_the_url_is_the_portal_one():
    assert reverse("portal:complaint_new") == URL


def test_a_complaint_by_register_number_opens_a_public_case(world, client):
    page = client.get(URL)
    assert page.status_code == 200
    number = world["registration"].register_number
    response = client.post(URL, form(f" {number.lower()} "))
    assert response.status_code == 302 and response.url == reverse("portal:complaint_thanks")
    case = ConductCase.objects.get()
    assert (case.person, case.registration, case.source, case.stage) == (
        world["worker"],
        world["registration"],
        "public",
        "intake",
    )
    assert case.complainant_contact == "13800000000"
    record = AuditRecord.objects.get(model="registry.conductcase", object_id=str(case.pk))
    assert record.actor is None and record.actor_name == "anonymous"


def test_a_complaint_by_full_name(world, client):
    assert client.post(URL, form("陈一")).status_code == 302
    assert ConductCase.objects.get().person == world["worker"]


def test_unknown_number_says_only_what_the_register_says(world, client):
    registered(world, "colleague")
    for worker in ("SW1999000001", "Nobody", "周二"[:1]):
        response = client.post(URL, form(worker))
        assert response.status_code == 200
        assert "No entry on the public register matches" in response.content.decode()
    assert not ConductCase.objects.exists()


def test_a_name_shared_by_two_entries_asks_for_the_number(world, client):
    from shegong.core.services import update_record

    update_record(None, world["colleague"], {"name": "陈一"})
    registered(world, "colleague")
    response = client.post(URL, form("陈一"))
    assert "give the register number" in response.content.decode()
    assert not ConductCase.objects.exists()


def test_the_contact_is_not_shown_to_the_person_concerned(world, client):
    client.post(URL, form(world["registration"].register_number))
    case = ConductCase.objects.get()
    client.force_login(world["worker_user"])
    page = client.get(reverse("registry:conductcase_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "13800000000" not in page.content.decode()


def test_honeypot_gets_thanks_and_stores_nothing(world, client):
    response = client.post(
        URL, form(world["registration"].register_number, website="http://spam.example")
    )
    assert response.status_code == 302
    assert not ConductCase.objects.exists()


def test_five_an_hour_per_address(world, client):
    number = world["registration"].register_number
    for _ in range(5):
        assert client.post(URL, form(number), REMOTE_ADDR="10.0.0.1").status_code == 302
    blocked = client.post(URL, form(number), REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429
    assert client.post(URL, form(number), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert ConductCase.objects.count() == 6


def test_a_signed_in_person_without_case_rights_can_still_complain(world, client):
    """The form is for anyone: a social worker's account may not open cases, but may file a
    complaint as a member of the public."""
    someone = factories.user("someone", role="social_worker", home=world["futian"])
    client.force_login(someone)
    response = client.post(URL, form(world["registration"].register_number))
    assert response.status_code == 302
    case = ConductCase.objects.get()
    assert (case.source, case.stage) == ("public", "intake")
