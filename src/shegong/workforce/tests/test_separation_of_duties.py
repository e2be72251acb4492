"""Separation of duties (issue 10): whoever submitted a promotion application and the person to
be promoted never approve or refuse it (``PromotionApplication.workflow``), through the service,
the pages and the API; another official of the same district does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from shegong.core.models import AuditRecord
from shegong.core.services import update_record
from shegong.core.testing import factories
from shegong.workforce import pay
from shegong.workforce.models import PromotionApplication, PromotionStatus

from . import data
from .paydata import employed, grade

pytestmark = pytest.mark.django_db

MAKER = "You made this request, so someone else must decide it."
SUBJECT = "This request is about you, so someone else must decide it."


@pytest.fixture
def ladder(tree):
    futian = tree["futian"]
    org = factories.organisation(futian)
    g1, g2 = grade(1), grade(2, level="intermediate", min_years=2)
    start = data.today() - timedelta(days=800)
    return {
        "org": org,
        "g2": g2,
        "e": employed(futian, org, g1, start, level="intermediate"),
        "other": employed(futian, org, g1, start, level="intermediate"),
        "filer": factories.user("filer", role="district_officer", scope=futian),
        "colleague": factories.user("colleague", role="district_officer", scope=futian),
        "admin": factories.user(role="org_admin", scope=org),
    }


def decide(transition, actor, application):
    if transition == "approve":
        return pay.approve(actor, application, data.today())
    return pay.refuse(actor, application, reason="条件不足")


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_the_official_who_submitted_may_not_decide(ladder, transition):
    application = pay.submit_promotion(ladder["filer"], ladder["e"], ladder["g2"])
    trail = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, ladder["filer"], application)
    assert str(refused.value) == MAKER
    assert PromotionApplication.objects.get(pk=application.pk).status == PromotionStatus.SUBMITTED
    assert AuditRecord.objects.count() == trail
    done = decide(transition, ladder["colleague"], application)
    assert done.decided_by == ladder["colleague"]


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_an_official_may_not_decide_their_own_promotion(ladder, transition):
    person = ladder["other"].person
    update_record(None, person, {"user": ladder["colleague"]})  # the officer is also the worker
    application = pay.submit_promotion(ladder["admin"], ladder["other"], ladder["g2"])
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, ladder["colleague"], application)
    assert str(refused.value) == SUBJECT
    assert decide(transition, ladder["filer"], application).decided_by == ladder["filer"]


def test_pages_and_api_refuse_the_maker_with_the_reason(ladder, client):
    application = pay.submit_promotion(ladder["filer"], ladder["e"], ladder["g2"])
    base = f"/workforce/promotionapplications/{application.pk}/"
    client.force_login(ladder["filer"])
    page = client.get(base).content.decode()
    assert f"{base}approve/" not in page and f"{base}refuse/" not in page
    response = client.get(f"{base}approve/")
    assert response.status_code == 403 and MAKER in response.content.decode()
    response = client.post(f"{base}refuse/", {"reason": "x"})
    assert response.status_code == 403 and MAKER in response.content.decode()
    response = client.post(
        f"/api/v1/promotion-applications/{application.pk}/approve/",
        {"effective_from": str(data.today())},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["detail"] == MAKER
    assert PromotionApplication.objects.get(pk=application.pk).status == PromotionStatus.SUBMITTED
    client.force_login(ladder["colleague"])
    page = client.get(base).content.decode()
    assert f"{base}approve/" in page and f"{base}refuse/" in page
