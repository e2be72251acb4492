"""Builders for the pay and insurance tests (grades, tables, an employment with a grade)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shegong.core.services import create_record
from shegong.workforce import pay, services
from shegong.workforce.models import Grade, PayGuidance, TechnicianPay

from . import data

MONTH = date(2026, 3, 1)


def grade(order, level="assistant", min_years=0) -> Grade:
    return create_record(
        None,
        Grade,
        {
            "code": f"G{order}",
            "name": f"职级{order}",
            "order": order,
            "required_level": level,
            "min_years": min_years,
        },
    )


def guidance(g, year=2026, step=1, base="3000.00", post="1500.00", performance="500.00"):
    return create_record(
        None,
        PayGuidance,
        {
            "year": year,
            "grade": g,
            "step": step,
            "base": Decimal(base),
            "post": Decimal(post),
            "performance": Decimal(performance),
        },
    )


def technician(g, total, year=2026, step=1):
    return create_record(
        None, TechnicianPay, {"year": year, "grade": g, "step": step, "total": Decimal(total)}
    )


def employed(area, org, g, start=date(2025, 1, 1), level="assistant", step=1):
    """A credentialed person in a non-designated post of ``org``, holding ``g`` from start."""
    who = data.credentialed(area, org, level=level)
    post = data.post(org, data.post_type(designated=False))
    employment = services.hire(None, who, post, start, "new_hire")
    pay.set_grade(None, employment, g, step, start)
    return employment


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")
