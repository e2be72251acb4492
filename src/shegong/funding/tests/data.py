"""Small builders for the funding tests, writing through the services like real use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shegong.funding import services
from shegong.funding.choices import FundingSource, Purpose
from shegong.funding.models import BudgetLine

DAY = date(2026, 3, 1)


def line(
    payer,
    amount=None,
    *,
    source=None,
    purpose=Purpose.PURCHASE,
    recipient=None,
    year=2026,
    name="",
):
    """A budget line of ``payer`` with ``amount`` allocated (none when empty)."""
    if source is None:
        level = payer.level
        source = FundingSource.CITY_BUDGET if level == "city" else FundingSource.DISTRICT_BUDGET
    made = services.create_budget_line(
        None,
        BudgetLine,
        {
            "year": year,
            "payer": payer,
            "source": source,
            "purpose": purpose,
            "name": name or f"{payer.name}{year}年{FundingSource(source).label}",
            "recipient": recipient,
        },
    )
    if amount is not None:
        services.allocate(made, Decimal(amount), actor=None, reason="预算批复", on=DAY)
    return made
