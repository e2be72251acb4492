"""The ORG-5 demo: an overdue rectification order in the first district, a bar from tenders
in force in the second (and on the portal), an association's measure; a second run creates
nothing."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.audit_chain import verify_chain
from shegong.core.testing import factories
from shegong.inspections import demo, queries
from shegong.inspections.models import Discipline, Inspection, Sanction
from shegong.procurement.services import bars

from .data import association

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(client, tree):
    luohu_org = factories.organisation(tree["luohu"], "罗湖社工服务中心")  # first by code
    futian_org = factories.organisation(tree["futian"], "福田社工服务中心")
    association(tree["futian"])
    today = timezone.localdate()
    messages = []
    demo.generate("district", random.Random(1), messages.append)
    assert Inspection.objects.count() == 2
    overdue = list(queries.overdue_rectifications(tree["luohu"], today))
    assert [s.organisation for s in overdue] == [luohu_org]
    assert not queries.overdue_rectifications(tree["futian"], today).exists()
    in_force = bars.bars_in_force(futian_org, tree["futian"], today)
    assert in_force.count() == 1 and not bars.bars_in_force(futian_org, tree["luohu"], today)
    assert Discipline.objects.count() == 1
    page = client.get(reverse("portal:sanctions")).content.decode()
    assert "罗湖社工服务中心" in page and "福田社工服务中心" in page
    count = Sanction.objects.count()
    demo.generate("district", random.Random(1), messages.append)
    assert Sanction.objects.count() == count == 3
    assert messages[-1] == "inspections: already loaded"
    assert list(verify_chain()) == []
