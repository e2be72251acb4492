"""ORG-5: reads for other modules (a dashboard, the portal's public notice)."""

from __future__ import annotations

from datetime import date

from . import rules
from .models import Sanction


def overdue_rectifications(area, on: date):
    """ORG-5: the rectification orders on organisations in ``area`` (and below it) that are
    overdue on ``on``: in force, not rectified, the deadline passed. ``area=None``: all."""
    rows = Sanction.objects.filter(rules.overdue_q(on))
    if area is not None:
        rows = rows.filter(organisation__area__path__startswith=area.path)
    return rows.select_related("organisation", "decision").order_by("deadline", "pk")


def sanctions_in_force(on: date):
    """ORG-5: every sanction in force on ``on``, for the public notice (the organisation's
    name, the kind, the period and the decision's date and number; nothing private)."""
    return (
        Sanction.objects.filter(rules.in_force_q(on))
        .select_related("organisation", "decision", "buyer")
        .order_by("-decision__decided_on", "organisation__name", "pk")
    )
