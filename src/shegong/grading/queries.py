"""Read side of grading (ORG-3): the grade an organisation holds on a day, for the
organisation's page and the tenders' eligibility (``procurement.services.eligibility``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import OrganisationGrade


@dataclass(frozen=True)
class HeldGrade:
    """The grade in force on a day (``grade``: "1A" to "5A") and its record."""

    grade: str
    record: OrganisationGrade

    @property
    def valid_until(self) -> date:
        return self.record.valid_until


def current_grade(organisation, on: date) -> HeldGrade | None:
    """ORG-3: the grade ``organisation`` holds on ``on``: published on or before that day,
    valid until on or after it, not revoked by then, as downgraded by then (None: no grade)."""
    rows = OrganisationGrade.objects.filter(
        organisation=organisation, published_on__lte=on, valid_until__gte=on
    ).order_by("-published_on", "-pk")
    for row in rows:
        held = row.on(on)
        if held:
            return HeldGrade(held, row)
    return None
