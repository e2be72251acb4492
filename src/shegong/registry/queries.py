"""Read-side definitions shared by the register's parts (no writes here)."""

from datetime import date

from django.db.models import Q

from .choices import AppealOutcome, CaseStage, Sanction

#: Sanctions that the public register shows while they are in force (REG-5).
PUBLIC_SANCTIONS = (
    Sanction.WARNING,
    Sanction.CONDITIONS,
    Sanction.SUSPENSION,
    Sanction.CANCELLATION,
)


def sanction_in_force_q(on: date, prefix: str = "") -> Q:
    """Conduct cases whose sanction is in force on ``on``: decided (or under appeal, or
    closed) and not overturned on appeal, within ``sanction_from`` .. ``sanction_until``
    (an open end means until further notice)."""
    p = prefix
    return (
        Q(**{f"{p}stage__in": [CaseStage.DECIDED, CaseStage.APPEAL, CaseStage.CLOSED]})
        & Q(**{f"{p}sanction__in": PUBLIC_SANCTIONS})
        & Q(**{f"{p}sanction_from__lte": on})
        & (Q(**{f"{p}sanction_until__isnull": True}) | Q(**{f"{p}sanction_until__gte": on}))
        & ~Q(**{f"{p}appeal_outcome": AppealOutcome.OVERTURNED})
    )
