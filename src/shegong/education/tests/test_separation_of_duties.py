"""Separation of duties (issue 10): whoever filed a continuing-education claim, and the person it
is about, never approve or refuse it (``CpdRecord.workflow``), through the service, the pages
and the API; another official of the same district does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.education import imports, services
from shegong.education.models import CpdRecord

from . import data
from .test_import import D1, D2, csv_bytes

pytestmark = pytest.mark.django_db

MAKER = "You made this request, so someone else must decide it."
SUBJECT = "This request is about you, so someone else must decide it."


@pytest.fixture
def world(tree):
    futian = tree["futian"]
    filer = factories.user("filer", role="district_officer", scope=futian)
    colleague = factories.user("colleague", role="district_officer", scope=futian)
    # A district officer who is also a social worker of the district, with a person record.
    own = factories.user("own", role="district_officer", scope=futian)
    who = data.person(futian)
    return {
        "filer": filer,
        "colleague": colleague,
        "own": own,
        "who": who,
        "own_person": data.person(futian, user=own),
    }


def claim(actor, person) -> CpdRecord:
    return services.claim(
        actor,
        person,
        {"title": "督导讲座", "kind": "seminar", "completed_on": data.today(), "hours": Decimal(6)},
    )


def decide(transition, actor, record):
    if transition == "approve":
        return services.approve(actor, record)
    return services.refuse(actor, record, "材料不全")


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_the_official_who_filed_a_claim_may_not_decide_it(world, transition):
    record = claim(world["filer"], world["who"])
    trail = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, world["filer"], record)
    assert str(refused.value) == MAKER
    record.refresh_from_db()
    assert record.status == "claimed" and record.decided_by is None
    assert AuditRecord.objects.count() == trail
    done = decide(transition, world["colleague"], record)
    assert done.status == {"approve": "approved", "refuse": "refused"}[transition]
    assert done.decided_by == world["colleague"]


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_an_official_may_not_decide_a_claim_about_themselves(world, transition):
    record = claim(world["colleague"], world["own_person"])  # filed by someone else
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, world["own"], record)
    assert str(refused.value) == SUBJECT
    assert CpdRecord.objects.get(pk=record.pk).status == "claimed"
    assert decide(transition, world["filer"], record).decided_by == world["filer"]


def test_withdrawing_an_approval_is_not_a_decision_on_the_claim(world):
    """The official who filed a claim that a colleague approved may still withdraw the approval
    (``revoke``): it takes a benefit away and is not a decision on their own request."""
    record = services.approve(world["colleague"], claim(world["filer"], world["who"]))
    assert services.revoke(world["filer"], record, "证书伪造").status == "revoked"


def test_pages_hide_the_buttons_and_refuse_with_the_reason(world, client):
    record = claim(world["filer"], world["who"])
    detail = f"/education/cpdrecords/{record.pk}/"
    client.force_login(world["filer"])
    page = client.get(detail).content.decode()
    assert f"{detail}approve/" not in page and f"{detail}refuse/" not in page
    for url in (f"{detail}approve/", f"{detail}refuse/"):
        response = client.get(url)
        assert response.status_code == 403
        assert MAKER in response.content.decode()
    response = client.post(f"{detail}approve/", {"reason": ""})
    assert response.status_code == 403 and MAKER in response.content.decode()
    assert CpdRecord.objects.get(pk=record.pk).status == "claimed"
    client.force_login(world["colleague"])
    page = client.get(detail).content.decode()
    assert f"{detail}approve/" in page and f"{detail}refuse/" in page
    assert client.post(f"{detail}approve/", {"reason": ""}).status_code == 302
    assert CpdRecord.objects.get(pk=record.pk).status == "approved"


def test_api_refuses_the_maker_and_the_subject_with_the_reason(world, client):
    filed = claim(world["filer"], world["who"])
    own = claim(world["colleague"], world["own_person"])
    client.force_login(world["filer"])
    response = client.post(f"/api/v1/cpd-records/{filed.pk}/approve/")
    assert response.status_code == 403 and response.json()["detail"] == MAKER
    client.force_login(world["own"])
    response = client.post(f"/api/v1/cpd-records/{own.pk}/refuse/", {"reason": "x"})
    assert response.status_code == 403 and response.json()["detail"] == SUBJECT
    assert set(CpdRecord.objects.values_list("status", flat=True)) == {"claimed"}
    client.force_login(world["colleague"])
    response = client.post(f"/api/v1/cpd-records/{filed.pk}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_an_attendance_import_may_not_record_the_importer_themselves(world):
    """An imported record is approved at once: the provider's administrator who attended a
    session of their own provider has someone else record it."""
    provider_org = factories.organisation(world["who"].area, name="深圳社工学院")
    admin = factories.user("provadmin", role="org_admin", scope=provider_org)
    course = data.course(data.provider(provider_org))
    data.session(course, D1, D2, code="S2025-01")
    attended = data.person(world["who"].area, user=admin)
    rows = [
        [world["who"].national_id, "", "S2025-01", "", "", ""],
        [attended.national_id, "", "S2025-01", "", "", ""],
    ]
    report = imports.import_attendance(admin, csv_bytes(rows), "a.csv")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "身份证号", "This row is about you: someone else must record your attendance.")
    ]
    assert not CpdRecord.objects.exists()
    other = factories.user("provadmin2", role="org_admin", scope=provider_org)
    report = imports.import_attendance(other, csv_bytes(rows), "a.csv")
    assert report.ok and report.created == 2
