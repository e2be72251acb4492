"""JSON for OCDS without floats: Decimal amounts are written as JSON numbers digit for digit
(``12345678.90``), dates as ISO 8601 date-times with the local offset (``+08:00``)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from json.encoder import encode_basestring
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

CURRENCY = "CNY"
CENT = Decimal("0.01")


def money(amount: Decimal) -> dict:
    """An OCDS Value: the amount in yuan with two decimals, in CNY. Never a float."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money needs a Decimal, not {type(amount).__name__}")
    return {"amount": amount.quantize(CENT), "currency": CURRENCY}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: date | datetime, clock: time | None = None) -> str:
    """``2026-12-07T00:00:00+08:00``: a date (at ``clock``, else midnight) or an aware
    date-time, in the platform's time zone, to the second."""
    if isinstance(day, datetime):
        moment = timezone.localtime(day, _zone()) if timezone.is_aware(day) else day
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=_zone())
    else:
        moment = datetime.combine(day, clock or time(0, 0), tzinfo=_zone())
    return moment.replace(microsecond=0).isoformat()


def _encode(value) -> str:
    # The common kinds first: a page of records is some 15,000 values.
    if isinstance(value, str):
        return encode_basestring(value)  # the C escaper of json.dumps(ensure_ascii=False)
    if isinstance(value, dict):
        items = (f"{encode_basestring(str(k))}:{_encode(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("an amount must be a finite number")
        return format(value, "f")
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise TypeError("floats are not written in OCDS output; use Decimal")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value) -> str:
    """Compact JSON, UTF-8 text as is (Chinese stays Chinese), Decimal as exact numbers."""
    return _encode(value)


def loads(text: str | bytes):
    """Read JSON back with numbers as Decimal (what the tests and the validator use)."""
    return json.loads(text, parse_float=Decimal)
