"""The funding demo on a small world: every part present with the amounts it states, written
through the services (in the audit trail), and a second run creates nothing."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.funding import demo, queries
from shegong.funding.choices import FundingSource, Movement, Purpose
from shegong.funding.models import BudgetLine, CatalogueItem, LedgerEntry

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(tree):
    org = factories.organisation(tree["futian"])
    messages = []
    demo.generate("district", random.Random(1), messages.append)
    assert CatalogueItem.objects.count() == 5
    city_sources = set(
        BudgetLine.objects.filter(payer=tree["city"]).values_list("source", flat=True)
    )
    assert city_sources == {FundingSource.CITY_BUDGET, FundingSource.WELFARE_LOTTERY}
    first = min(tree["futian"], tree["luohu"], key=lambda a: a.code)  # 440303 罗湖区
    subsidy = BudgetLine.objects.get(source=FundingSource.CITY_SUBSIDY)
    assert subsidy.payer == first
    assert queries.of_line(subsidy)["allocated"] == Decimal("1000000.00")
    own = BudgetLine.objects.get(payer=first, source=FundingSource.DISTRICT_BUDGET)
    assert queries.of_line(own)["committed"] == Decimal("900000.00")
    assert queries.of_line(own)["paid"] == Decimal("300000.00")
    grant = BudgetLine.objects.get(purpose=Purpose.TRAINING)
    assert grant.recipient == org and grant.payer == tree["city"]
    created = AuditRecord.objects.filter(model="funding.ledgerentry", action="create")
    assert created.count() == LedgerEntry.objects.count()
    assert LedgerEntry.objects.filter(kind=Movement.TRANSFER_OUT).count() == 1
    count = LedgerEntry.objects.count()
    demo.generate("district", random.Random(2), messages.append)
    assert LedgerEntry.objects.count() == count and messages[-1] == "funding: already loaded"
    assert CatalogueItem.objects.count() == 5
