"""Money as every page shows it, in both languages: ``¥1,234,567.00`` (issue 14).

Amounts are ``Decimal`` yuan with two decimals, never floats. A model's money field is made by
:func:`money_field` (a ``DecimalField`` of 14 digits, two decimals, marked ``is_money``), so the
generic detail page (``core.display.field_display``) and the lists (:class:`MoneyColumn`) show
it through :func:`yuan`; templates use ``{% load money %}{{ amount|yuan }}``. Exports keep the
plain number (``1234567.00``), which a spreadsheet reads as a number.

Django's number formatting is not used: its Chinese format has no thousands separator
(``NUMBER_GROUPING = 0`` for zh-hans) and it goes through floats with ``floatformat``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import django_tables2 as tables
from django.db import models

FEN = Decimal("0.01")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """A money field: yuan with two decimals, up to 999,999,999,999.99."""
    field = models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)
    field.is_money = True
    return field


def is_money(field) -> bool:
    return bool(getattr(field, "is_money", False))


def grouped(amount) -> str:
    """``1234567.5`` → ``1,234,567.50`` (for messages that name the unit, 元 or yuan)."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return f"{value.quantize(FEN):,.2f}"


def yuan(amount) -> str:
    """``1234567.5`` → ``¥1,234,567.50``; ``-3`` → ``-¥3.00``; nothing → ``—``."""
    if amount is None or amount == "":
        return "—"
    try:
        text = grouped(amount)
    except (InvalidOperation, ValueError, TypeError):
        return str(amount)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


class MoneyColumn(tables.Column):
    """A money column of a list: ``¥1,234,567.00`` right-aligned on one line; the export keeps
    the plain number."""

    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}})
        super().__init__(verbose_name=verbose_name, **kwargs)

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return "" if value is None else f"{Decimal(value):.2f}"
