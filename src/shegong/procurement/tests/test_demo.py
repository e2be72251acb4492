"""The procurement demo: a plan with items, a published open tender with two clarifications
(one moved the deadline), a single source with its notice; a second run creates nothing."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shegong.core.testing import factories
from shegong.funding import queries
from shegong.funding.tests.data import line
from shegong.procurement import demo, rules
from shegong.procurement.models import (
    Clarification,
    Contract,
    Payment,
    PlanItem,
    Procurement,
    PurchasePlan,
)

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(tree):
    factories.organisation(tree["luohu"])  # the first district by code
    line(tree["luohu"], "1000000.00", year=timezone.localdate().year)
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
    assert single.status == "contracted" and single.single_source_reason
    contract = Contract.objects.get()
    assert contract.procurement == single
    assert contract.signed_on == single.awarded_on + timedelta(days=5)
    assert contract.signed_on <= rules.contract_deadline(single.awarded_on)
    assert contract.value == Decimal("240000.00")
    assert contract.clauses.count() == 5
    assert [i.amount for i in contract.instalments.all()] == [
        Decimal("72000.00"),
        Decimal("96000.00"),
        Decimal("72000.00"),
    ]
    assert [p.amount for p in Payment.objects.all()] == [Decimal("72000.00")]
    assert queries.of_line(contract.lines.get().line)["paid"] == Decimal("72000.00")
    demo.generate("district", random.Random(2), messages.append)
    assert Contract.objects.count() == 1
    assert Procurement.objects.count() == 2 and messages[-1] == "procurement: already loaded"
