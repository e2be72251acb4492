"""Separation of duties (issue 10): an assessment appeal is never heard by the appellant, by the
person assessed, nor by whoever submitted a score sheet of the disputed assessment
(``Appeal.workflow``), through the service, the pages and the API; another officer of the same
district hears it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shegong.accounts import services as account_services
from shegong.assessment import services
from shegong.assessment.choices import AppealStatus, Side
from shegong.assessment.models import Appeal, ScoreSheet
from shegong.core.models import AuditRecord
from shegong.core.testing import factories

from . import data

pytestmark = pytest.mark.django_db

MAKER = "You made this request, so someone else must decide it."
SUBJECT = "This request is about you, so someone else must decide it."
REVIEWED = "This request disputes what you did, so someone else must decide it."


def also_district_officer(user, area):
    account_services.create_membership(
        None, None, {"user": user, "role": "district_officer", "area": area}
    )
    return user


@pytest.fixture
def w(tree):
    """Three people assessed in Futian and published: two of them district officers of Futian
    too; the third's employer sheet scored by the employer's administrator, who is also a
    district officer."""
    w = data.build(tree)
    futian = w["futian"]
    scorer = also_district_officer(w["employer_admin"], futian)
    employments = [data.employ(w["employer"], futian, w["post_type"], w["unit"]) for _ in "abc"]
    cycle = data.cycle(futian)
    services.open_scoring(None, cycle)
    assessed = [cycle.assessments.get(person=e.person) for e in employments]
    for a in assessed:
        for sheet in ScoreSheet.objects.filter(assessment=a):
            scored_by_admin = a == assessed[2] and sheet.side == Side.EMPLOYER
            services.submit_scores(scorer if scored_by_admin else None, sheet, data.scores(70))
    cycle = services.close_scoring(None, cycle)
    services.publish(w["officer"], cycle, on=data.today())
    people = [a.person.user for a in assessed]
    for user in people[:2]:
        also_district_officer(user, futian)
    w.update(assessed=assessed, people=people, scorer=scorer)
    return w


def hear(actor, appeal):
    return services.decide_appeal(actor, appeal, upheld=False, reasons="评分依据充分")


def test_the_appellant_may_not_hear_their_own_appeal(w):
    a, me = w["assessed"][0], w["people"][0]
    appeal = services.lodge_appeal(me, a, grounds="评分偏低")
    trail = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        hear(me, appeal)
    assert str(refused.value) == MAKER
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.LODGED
    assert AuditRecord.objects.count() == trail
    assert hear(w["officer"], appeal).decided_by == w["officer"]


def test_the_person_assessed_may_not_hear_an_appeal_about_them(w):
    a, them = w["assessed"][1], w["people"][1]
    appeal = services.lodge_appeal(None, a, grounds="评分偏低")  # recorded for them
    with pytest.raises(PermissionDenied) as refused:
        hear(them, appeal)
    assert str(refused.value) == SUBJECT


def test_whoever_scored_the_disputed_assessment_may_not_hear_the_appeal(w):
    a = w["assessed"][2]
    appeal = services.lodge_appeal(w["people"][2], a, grounds="用人单位评分偏低")
    with pytest.raises(PermissionDenied) as refused:
        hear(w["scorer"], appeal)
    assert str(refused.value) == REVIEWED
    assert hear(w["city_officer"], appeal).status == AppealStatus.DISMISSED


def test_pages_and_api_refuse_with_the_reason(w, client):
    a, me = w["assessed"][0], w["people"][0]
    appeal = services.lodge_appeal(me, a, grounds="评分偏低")
    url = f"/assessment/appeals/{appeal.pk}/decide/"
    client.force_login(me)
    assert url not in client.get(f"/assessment/appeals/{appeal.pk}/").content.decode()
    response = client.post(url, {"outcome": "dismissed", "reasons": "维持"})
    assert response.status_code == 403 and MAKER in response.content.decode()
    response = client.post(
        f"/api/v1/assessment-appeals/{appeal.pk}/decide/",
        {"upheld": False, "reasons": "维持"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["detail"] == MAKER
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.LODGED
    client.force_login(w["officer"])
    assert url in client.get(f"/assessment/appeals/{appeal.pk}/").content.decode()
    assert client.post(url, {"outcome": "dismissed", "reasons": "维持"}).status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.DISMISSED


def test_a_superuser_is_refused_too(w):
    """The rule is about people, not roles: a superuser who appealed is refused too."""
    boss = factories.user("boss", is_superuser=True)
    appeal = services.lodge_appeal(w["people"][0], w["assessed"][0], grounds="x")
    Appeal.objects.filter(pk=appeal.pk).update(created_by=boss)
    with pytest.raises(PermissionDenied) as refused:
        hear(boss, appeal)
    assert str(refused.value) == MAKER
