"""Small builders for the education tests, writing through the services like real use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from shegong.core.services import create_record
from shegong.education.choices import CpdSource, CpdStatus
from shegong.education.models import Course, CourseSession, CpdRecord, CpdRule, TrainingProvider
from shegong.workforce.tests.data import certificate, credentialed, person, registration, today

__all__ = ["certificate", "credentialed", "person", "registration", "today"]

_seq = count(1)


def rule(**fields) -> CpdRule:
    n = next(_seq)
    values = {
        "code": f"r{n}",
        "name": f"rule {n}",
        "scope": "city",
        "basis": "year",
        "unit": "days",
        "required_assistant": Decimal("15"),
        "required_intermediate": Decimal("15"),
        "required_senior": Decimal("15"),
        "weights": {"course": 1},
        "caps": {},
        "from_year": 2000,
        "checked_at_renewal": False,
        "sort_order": 50 + n,
    }
    values.update(fields)
    return create_record(None, CpdRule, values)


def record(
    who,
    completed_on: date,
    *,
    days=None,
    hours=None,
    kind="course",
    status="approved",
    session=None,
) -> CpdRecord:
    return create_record(
        None,
        CpdRecord,
        {
            "person": who,
            "title": f"课程{next(_seq)}",
            "kind": kind,
            "completed_on": completed_on,
            "days": None if days is None else Decimal(str(days)),
            "hours": None if hours is None else Decimal(str(hours)),
            "source": CpdSource.PROVIDER if session else CpdSource.CLAIM,
            "status": CpdStatus(status),
            "session": session,
        },
    )


def provider(organisation=None, name=None) -> TrainingProvider:
    n = next(_seq)
    return create_record(
        None,
        TrainingProvider,
        {
            "name": name or f"培训机构{n}",
            "kind": "training_institution",
            "organisation": organisation,
        },
    )


def course(prov, *, kind="course", hours="16", days="2", accreditation="accredited") -> Course:
    n = next(_seq)
    return create_record(
        None,
        Course,
        {
            "provider": prov,
            "code": f"C{n:04d}",
            "title": f"社工实务{n}",
            "kind": kind,
            "hours": Decimal(hours),
            "days": Decimal(days),
            "accreditation": accreditation,
        },
    )


def session(crs, starts_on: date, ends_on: date | None = None, code=None) -> CourseSession:
    n = next(_seq)
    return create_record(
        None,
        CourseSession,
        {
            "course": crs,
            "code": code or f"S{n:05d}",
            "starts_on": starts_on,
            "ends_on": ends_on or starts_on,
            "place": "深圳",
        },
    )
