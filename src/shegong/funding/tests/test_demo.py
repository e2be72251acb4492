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
    # Luohu (440303) first by code, then Futian: each its district budget line and the city
    # subsidy for its newly added purchases (2,000,000.00 and 1,600,000.00 at 50 %).
    subsidies = {
        line.payer.name: queries.of_line(line)["allocated"]
        for line in BudgetLine.objects.filter(source=FundingSource.CITY_SUBSIDY)
    }
    assert subsidies == {"罗湖区": Decimal("1000000.00"), "福田区": Decimal("800000.00")}
    assert BudgetLine.objects.filter(source=FundingSource.DISTRICT_BUDGET).count() == 2
    city_line = BudgetLine.objects.get(source=FundingSource.CITY_BUDGET)
    assert queries.of_line(city_line)["transferred"] == Decimal("1800000.00")
    assert queries.of_line(city_line)["available"] == Decimal("18200000.00")
    # No commitment of its own: the procurement demo's contracts commit on these lines.
    assert not LedgerEntry.objects.filter(kind=Movement.COMMITMENT, line__purpose="purchase")
    grant = BudgetLine.objects.get(purpose=Purpose.TRAINING)
    assert grant.recipient == org and grant.payer == tree["city"]
    assert queries.of_line(grant)["committed"] == Decimal("100000.00")
    assert queries.of_line(grant)["paid"] == Decimal("100000.00")
    created = AuditRecord.objects.filter(model="funding.ledgerentry", action="create")
    assert created.count() == LedgerEntry.objects.count()
    assert LedgerEntry.objects.filter(kind=Movement.TRANSFER_OUT).count() == 2
    count = LedgerEntry.objects.count()
    demo.generate("district", random.Random(2), messages.append)
    assert LedgerEntry.objects.count() == count and messages[-1] == "funding: already loaded"
    assert CatalogueItem.objects.count() == 5
