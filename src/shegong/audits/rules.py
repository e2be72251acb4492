"""FIN-5: the deadline of the annual work report and the flags of lateness.

- A report of year Y is due on the day of year Y+1 that the dated parameter
  ``audits.report_deadline`` ("MM-DD", in force on 1 January of Y+1) gives; that day is the
  last day allowed: filed on it is on time, filed the day after is late. Days are local days
  (Asia/Shanghai, ``timezone.localdate()``).
- A required action of an audit is overdue when it is not done and the day is after its
  deadline (the deadline day itself is not overdue); done after it, it is no longer overdue but
  it stays on record as done late."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ImproperlyConfigured

from shegong.core import parameters

from .parameters import REPORT_DEADLINE


def report_deadline(year: int):
    """FIN-5: ``(deadline, parameter row applied)`` for the annual work report of ``year``."""
    rule = parameters.get(REPORT_DEADLINE, on=date(year + 1, 1, 1))
    try:
        month, day = (int(part) for part in str(rule.value).split("-"))
        return date(year + 1, month, day), rule
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{REPORT_DEADLINE} must be MM-DD, not {rule.value!r} (from {rule.valid_from})."
        ) from exc


def is_late(deadline: date, filed_on: date | None, on: date) -> bool:
    """FIN-5: filed after the deadline, or not filed and ``on`` is after it."""
    if filed_on is not None and filed_on <= on:
        return filed_on > deadline
    return on > deadline


def is_overdue(due_on: date, done_on: date | None, on: date) -> bool:
    """FIN-5: a required action not done by ``on`` whose deadline has passed (``on`` after
    ``due_on``)."""
    return (done_on is None or done_on > on) and on > due_on
