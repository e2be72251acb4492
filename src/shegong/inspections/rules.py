"""ORG-5: when a sanction is in force and when a rectification order is overdue. Days are
local days (Asia/Shanghai, ``timezone.localdate``): a sanction whose last day is ``ends`` is
in force all that day and gone at midnight after it.

==================== ===============================================================
rule                 meaning
==================== ===============================================================
``in_force_q``       started on or before the day; not lifted on or before it; a
                     rectification order until it is rectified (overdue or not), any
                     other sanction until ``ends`` inclusive
``overdue_q``        a rectification order in force whose deadline is before the day
==================== ===============================================================
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from .choices import SanctionKind


def in_force_q(on: date, prefix: str = "") -> Q:
    """ORG-5: the sanctions in force on ``on`` (the public notice shows exactly these)."""
    p = prefix
    started = Q(**{f"{p}starts__lte": on})
    not_lifted = Q(**{f"{p}lifted_on__isnull": True}) | Q(**{f"{p}lifted_on__gt": on})
    order = Q(**{f"{p}kind": SanctionKind.RECTIFICATION}) & (
        Q(**{f"{p}rectified_on__isnull": True}) | Q(**{f"{p}rectified_on__gt": on})
    )
    period = ~Q(**{f"{p}kind": SanctionKind.RECTIFICATION}) & Q(**{f"{p}ends__gte": on})
    return started & not_lifted & (order | period)


def in_force(sanction, on: date) -> bool:
    """ORG-5: ``in_force_q`` for one sanction in hand."""
    if sanction.starts > on or (sanction.lifted_on and sanction.lifted_on <= on):
        return False
    if sanction.kind == SanctionKind.RECTIFICATION:
        return sanction.rectified_on is None or sanction.rectified_on > on
    return sanction.ends is not None and sanction.ends >= on


def overdue_q(on: date) -> Q:
    """ORG-5: rectification orders in force on ``on`` whose deadline passed (the deadline day
    itself is not overdue)."""
    return in_force_q(on) & Q(kind=SanctionKind.RECTIFICATION, deadline__lt=on)


def is_overdue(sanction, on: date) -> bool:
    """ORG-5: ``overdue_q`` for one sanction in hand."""
    return (
        sanction.kind == SanctionKind.RECTIFICATION
        and in_force(sanction, on)
        and sanction.deadline is not None
        and sanction.deadline < on
    )
