"""The procurement demo: a plan with items, a published open tender with two clarifications
(one moved the deadline), a single source with its notice; a second run creates nothing."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from shegong.core.testing import factories
from shegong.procurement import demo, rules
from shegong.procurement.models import Clarification, PlanItem, Procurement, PurchasePlan

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(tree):
    factories.organisation(tree["luohu"])  # the first district by code
    messages = []
    demo.generate("district", random.Random(1), messages.append)
    plan = PurchasePlan.objects.get()
    assert plan.area == tree["luohu"]
    assert PlanItem.objects.filter(plan=plan).count() == 4
    tender = Procurement.objects.get(method="open_tender")
    assert tender.status == "published"
    moves = [c for c in Clarification.objects.filter(procurement=tender) if c.moved_deadline]
    assert Clarification.objects.filter(procurement=tender).count() == 2 and len(moves) == 1
    assert tender.bid_deadline == tender.published_on + timedelta(days=22)
    assert tender.bid_deadline >= rules.earliest_bid_deadline(tender.published_on)
    single = Procurement.objects.get(method="single_source")
    assert single.status == "published" and single.single_source_reason
    demo.generate("district", random.Random(2), messages.append)
    assert Procurement.objects.count() == 2 and messages[-1] == "procurement: already loaded"
