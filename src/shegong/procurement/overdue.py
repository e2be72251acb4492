"""Overdue steps of procurements and contracts (issue 14, point 9; GOV-1 dashboards): one
function per step, registered with :func:`step`, each narrowing a queryset to the records whose
step is overdue on a day. The dashboards count them and the procurement and instalment lists
filter by them (``?overdue=<key>``), so a figure and the list behind it are the same query.

A step added later is one more decorated function here (as the challenge past its answer
deadline, ``rules.answer_deadline``, was); nothing else changes.

Each step reads the rule that sets its period (``procurement.rules``) or the dated parameter in
force; where the period depends on a date of the record (the award notice, a single-source
notice), the database narrows to the candidates of the step's state and the rule decides on
each of them (a handful: those waiting in that state).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from shegong.core import parameters

from . import rules
from .choices import ChallengeStatus, ContractStatus, ProcurementMethod, ProcurementStatus
from .models import Challenge, Instalment, Procurement
from .parameters import EVALUATION_DAYS

S = ProcurementStatus


@dataclass(frozen=True)
class Step:
    """An overdue step: its key (in URLs), label, the model it flags, the lookup of the buyer
    district on that model (a foreign key to the area), the rule it applies (for the docs) and
    the function."""

    key: str
    label: object
    model: type[Model]
    area: str
    rule: str
    find: Callable[[QuerySet, date], QuerySet]


STEPS: dict[str, Step] = {}


def step(key: str, label, model: type[Model], area: str, rule: str):
    """Register ``fn(queryset, on) -> queryset`` as the overdue step ``key``."""

    def register(fn):
        STEPS[key] = Step(key, label, model, area, rule, fn)
        return fn

    return register


def steps_of(model: type[Model]) -> list[Step]:
    return [s for s in STEPS.values() if s.model is model]


def choices_of(model: type[Model]) -> list[tuple[str, object]]:
    """The steps of ``model`` as choices of a list filter."""
    return [(s.key, s.label) for s in steps_of(model)]


def find(key: str, queryset: QuerySet, on: date) -> QuerySet:
    return STEPS[key].find(queryset, on)


def _confirmed(queryset: QuerySet, start: str, last_day: Callable[[date], date], on: date):
    """The candidates whose last day (``last_day`` of their ``start`` date, by the rule) is
    before ``on``: the rule runs once per distinct start date, not once per record."""
    starts = queryset.order_by().values_list(start, flat=True).distinct()
    late = [day for day in starts if day is not None and last_day(day) < on]
    return queryset.filter(**{f"{start}__in": late})


@step(
    "not_opened",
    _("Bid deadline passed, bids not opened"),
    Procurement,
    "buyer",
    "FIN-3: bids are opened at the opening time on the bid deadline (MoF Order 87 art. 39)",
)
def not_opened(queryset: QuerySet, on: date) -> QuerySet:
    """A tender still published (its bids neither closed nor opened) after its bid deadline."""
    return queryset.filter(status=S.PUBLISHED, bid_deadline__lt=on).exclude(
        method=ProcurementMethod.SINGLE_SOURCE
    )


@step(
    "not_evaluated",
    _("Bids opened, not evaluated in time"),
    Procurement,
    "buyer",
    "procurement.evaluation_days (dated parameter)",
)
def not_evaluated(queryset: QuerySet, on: date) -> QuerySet:
    """Bids opened more than ``procurement.evaluation_days`` days before ``on`` (the parameter
    in force on ``on``) and no evaluation yet."""
    days = int(parameters.value(EVALUATION_DAYS, on=on))
    return queryset.filter(
        status=S.BIDS_CLOSED, bid_opening__opened_at__date__lt=on - timedelta(days=days)
    )


@step(
    "no_contract",
    _("Awarded, contract not signed in time"),
    Procurement,
    "buyer",
    "FIN-6: rules.contract_deadline (Government Procurement Law art. 46)",
)
def no_contract(queryset: QuerySet, on: date) -> QuerySet:
    """Awarded, and the last day to sign the contract (``rules.contract_deadline`` of the award
    notice) has passed without one."""
    candidates = queryset.filter(status=S.AWARDED, awarded_on__lt=on)
    return _confirmed(candidates, "awarded_on", rules.contract_deadline, on)


@step(
    "single_source_not_awarded",
    _("Single-source notice ended, not awarded"),
    Procurement,
    "buyer",
    "FIN-3: rules.objection_window_end (Implementing Regulations art. 38)",
)
def single_source_not_awarded(queryset: QuerySet, on: date) -> QuerySet:
    """A single-source notice whose objection window (``rules.objection_window_end``) ended
    before ``on`` and no award yet."""
    candidates = queryset.filter(
        method=ProcurementMethod.SINGLE_SOURCE, status=S.PUBLISHED, published_on__lt=on
    )
    return _confirmed(candidates, "published_on", rules.objection_window_end, on)


@step(
    "challenge_not_answered",
    _("Challenge not answered in time"),
    Challenge,
    "procurement__buyer",
    "FIN-3: rules.answer_deadline (Government Procurement Law art. 53)",
)
def challenge_not_answered(queryset: QuerySet, on: date) -> QuerySet:
    """A challenge still awaiting the buyer's answer after the last day to answer it
    (``rules.answer_deadline`` of the day it was lodged; the answer day itself is not late)."""
    candidates = queryset.filter(status=ChallengeStatus.PENDING, lodged_on__lt=on)
    return _confirmed(candidates, "lodged_on", rules.answer_deadline, on)


@step(
    "instalment_unpaid",
    _("Instalment due and unpaid"),
    Instalment,
    "contract__buyer",
    "FIN-2, FIN-6: the payment schedule of a contract in force",
)
def instalment_unpaid(queryset: QuerySet, on: date) -> QuerySet:
    """An instalment of a contract in force whose due day is before ``on`` and that is not
    paid (whether or not its condition is met: both need the buyer's attention)."""
    return queryset.filter(
        due_on__lt=on, payment__isnull=True, contract__status=ContractStatus.IN_FORCE
    )
