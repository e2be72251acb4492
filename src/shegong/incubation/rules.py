"""ORG-4: the priority rules of an incubation base, applied to an application.

Each rule is a row (``PriorityRule``: points and a condition), so officials change the
priorities without code; this module says what each condition means. The day of reference is
the day the call closes: an organisation "registered less than N years ago" was registered
after the same day N years earlier (registered exactly N years before is not less than N
years); an organisation in preparation (not yet registered) counts as new; a field is a pilot
field if it was one on that day (``ServiceField.is_pilot`` is dated, ``core.dated``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shegong.core import dated

from .choices import Condition


@dataclass(frozen=True)
class Applicant:
    """What the rules read of an application: when the organisation was registered (``None``
    in preparation, or registered without a date on record), whether it is registered at all,
    and the service fields it serves."""

    registered: bool
    registered_on: date | None
    fields: tuple  # ServiceField rows


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_new(applicant: Applicant, years: int, on: date) -> bool:
    """ORG-4: in preparation, or registered less than ``years`` years before ``on``."""
    if not applicant.registered:
        return True
    if applicant.registered_on is None:
        return False
    return applicant.registered_on > years_before(on, years)


def serves_pilot_field(applicant: Applicant, on: date) -> bool:
    """ORG-4: serves a field that was a pilot field on ``on``."""
    return any(dated.as_of(field, "is_pilot", on) for field in applicant.fields)


def matches(rule, applicant: Applicant, on: date) -> bool:
    """ORG-4: whether ``rule``'s condition holds for ``applicant`` on ``on``."""
    condition = rule.condition
    if condition == Condition.IN_PREPARATION:
        return not applicant.registered
    if condition == Condition.REGISTERED_WITHIN:
        return is_new(applicant, rule.years, on)
    if condition == Condition.PILOT_FIELD:
        return serves_pilot_field(applicant, on)
    if condition == Condition.NEW_IN_PILOT_FIELD:
        return is_new(applicant, rule.years, on) and serves_pilot_field(applicant, on)
    if condition == Condition.SERVES_FIELD:
        return any(field.pk == rule.field_id for field in applicant.fields)
    return False


def score(rules, applicant: Applicant, on: date) -> tuple[int, list[dict]]:
    """ORG-4: the sum of the points of the rules that hold, and which they are
    (``[{"rule": id, "name": ..., "points": n}]``, kept with the application)."""
    hits = [
        {"rule": rule.pk, "name": rule.name, "points": rule.points}
        for rule in rules
        if matches(rule, applicant, on)
    ]
    return sum(hit["points"] for hit in hits), hits


def ranking_key(application) -> tuple:
    """ORG-4: the order of admission: the higher score first; on equal scores the earlier
    submission, then the earlier record."""
    return (-(application.score or 0), application.submitted_at, application.pk)
