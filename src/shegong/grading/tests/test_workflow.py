"""ORG-3 (issue 15): a grading appeal on the shared workflow mechanism (``Appeal.workflow``):
upheld or dismissed by the officials running the grading, refused to another role or from a
decided state with its message; separation of duties (ADR 0030): an evaluator of the disputed
grade and a person of the organisation never decide it, even holding the deciding role."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.accounts import services as account_services
from shegong.accounts.models import User
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.grading import services

from .data import graded

pytestmark = pytest.mark.django_db


def official(w, user):
    """``user`` made a city officer too (the deciding role), read afresh."""
    account_services.create_membership(
        None, None, {"user": user, "role": "city_officer", "area": w["tree"]["city"]}
    )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def appeal(world):
    grade = graded(world, "a", on=date(2026, 6, 30))
    application = grade.application
    return services.lodge_appeal(world["admin_a"], application, "评分有误", on=date(2026, 7, 1))


def test_a_wrong_role_is_refused_and_a_keeper_dismisses_once(world, appeal):
    w = world
    for who in ("admin_a", "admin_b", "luohu_officer"):
        with pytest.raises(PermissionDenied):
            services.decide_appeal(w[who], appeal, "dismissed", "评分无误")
    with pytest.raises(ValidationError) as blank:
        services.decide_appeal(w["city"], appeal, "dismissed", " ")
    assert blank.value.message_dict == {"decision": ["Write the decision and its reasons."]}
    done = services.decide_appeal(w["city"], appeal, "dismissed", "评分无误")
    assert (done.status, done.decision) == ("dismissed", "评分无误")
    record = AuditRecord.objects.filter(
        model="grading.appeal", object_id=str(appeal.pk), action="update"
    ).latest("pk")
    assert (record.before["status"], record.after["status"], record.reason) == (
        "lodged",
        "dismissed",
        "评分无误",
    )
    with pytest.raises(ValidationError) as twice:
        services.decide_appeal(w["city"], appeal, "upheld", "再议", revised_grade="5A")
    assert twice.value.messages == [
        "This appeal is dismissed; it can be upheld only when it is lodged."
    ]


def test_an_evaluator_of_the_grade_never_decides_its_appeal(client, world, appeal):
    w = world
    scorer = official(w, w["e1"])  # scored the disputed grade
    with pytest.raises(PermissionDenied) as own:
        services.decide_appeal(scorer, appeal, "upheld", "复核", revised_grade="5A")
    assert str(own.value) == (
        "You scored the grade under appeal, so another official must decide it."
    )
    client.force_login(scorer)
    url = reverse("grading:appeal_decide", args=[appeal.pk])
    assert client.get(url).status_code == 403
    page = client.get(reverse("grading:appeal_detail", args=[appeal.pk])).content.decode()
    assert url not in page
    other = official(w, w["e4"])  # never assigned to this application
    upheld = services.decide_appeal(other, appeal, "upheld", "复核", revised_grade="5A")
    assert (upheld.status, upheld.revised_grade) == ("upheld", "5A")


def test_a_person_of_the_organisation_never_decides_its_appeal(world, appeal):
    w = world
    insider = factories.user(role="city_officer", scope=w["tree"]["city"], organisation=w["a"])
    with pytest.raises(PermissionDenied) as own:
        services.decide_appeal(insider, appeal, "upheld", "复核", revised_grade="5A")
    assert str(own.value) == (
        "This appeal is your organisation's, so another official must decide it."
    )
