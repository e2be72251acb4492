"""Typed cell readers of the import toolkit (issue 11).

A reader takes a cell's cleaned, non-empty text (``core.tabular.clean_text``: full-width
characters made half-width, spaces trimmed) and returns its value or raises
:class:`CellProblem` with a message in the user's language saying what is wrong; the
toolkit's row reader puts it in the report with the row and column. Readers never take
floats: amounts are :class:`~decimal.Decimal`.

- :func:`read_date`: 2026-12-07, 2026/12/07, 2026.12.07, 2026年12月7日 (a time after the
  date is ignored) and Excel serial day numbers (46363 is 2026-12-07);
- :func:`read_month`: 2026-12, 2026/12, 2026年12月 (and a month's first day) → its first day;
- :func:`read_money`: 2 decimal places at most, thousands separators and ¥ allowed;
- :func:`decimal_reader`: a number with at most ``places`` decimals within bounds;
- :func:`choice_reader`: the value of a ``TextChoices`` from its Chinese or English label,
  its value, or extra aliases;
- :func:`read_bool`: 是/否, yes/no, true/false, 1/0 (and aliases);
- :func:`id_reader`: a reader from a validator raising ``ValidationError`` (the people app's
  ID number check; core does not import it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _


class CellProblem(ValueError):
    """What is wrong with a cell's value (the message the user reads)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-/.]?\s*0?1\s*日?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
#: Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
EXCEL_EPOCH = date(1899, 12, 30)
#: Serial day numbers read as dates: 1927-05-18 to 2173-10-14 (five digits).
SERIAL_RANGE = (10000, 99999)
CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")


def read_date(text: str) -> date:
    """A day, written 2026-12-07, 2026/12/07, 2026.12.07 or 2026年12月7日, or as an Excel
    serial day number."""
    serial = _SERIAL.match(text)
    if serial and SERIAL_RANGE[0] <= int(serial.group(1)) <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + timedelta(days=int(serial.group(1)))
    match = _DATE.match(text.split("T")[0].split(" ")[0])
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellProblem(_("%(value)s is not a date: write it as 2026-01-15.") % {"value": text})


def read_month(text: str) -> date:
    """A month (2026-12, 2026/12, 2026年12月, or its first day) as its first day."""
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    raise CellProblem(_("%(value)s is not a month: write it as 2026-01.") % {"value": text})


def read_money(text: str) -> Decimal:
    """An amount of yuan: at most two decimal places, 0 to 9,999,999,999.99; thousands
    separators and ¥ are allowed. Returned with exactly two decimal places."""
    try:
        value = Decimal(text.replace(",", "").replace("¥", "").replace("￥", ""))
    except InvalidOperation:
        raise CellProblem(
            _("%(value)s is not an amount: write a number such as 5000.00.") % {"value": text}
        ) from None
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        raise CellProblem(_("The amount %(value)s is out of range.") % {"value": text})
    if value.quantize(CENT) != value:
        raise CellProblem(
            _("The amount %(value)s has more than two decimal places.") % {"value": text}
        )
    return value.quantize(CENT)


def decimal_reader(
    places: int = 1, minimum: Decimal | int = 0, maximum: Decimal | int = 9999
) -> Callable[[str], Decimal]:
    """A reader of numbers from ``minimum`` to ``maximum`` with at most ``places`` decimal
    places (hours, days, scores)."""
    step = Decimal(1).scaleb(-places)

    def read(text: str) -> Decimal:
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellProblem(_("%(value)s is not a number.") % {"value": text}) from None
        if not value.is_finite() or value < minimum or value > maximum:
            raise CellProblem(
                _("%(value)s is out of range (%(min)s to %(max)s).")
                % {"value": text, "min": minimum, "max": maximum}
            )
        if value.quantize(step) != value:
            raise CellProblem(
                _("%(value)s has more decimal places than the %(places)d allowed.")
                % {"value": text, "places": places}
            )
        return value

    return read


def _key(text: str) -> str:
    return "".join(str(text).split()).lower()


def choice_reader(
    choices, aliases: Mapping[str, str] | None = None, help_text: str = ""
) -> Callable[[str], str]:
    """A reader of a ``TextChoices`` (or ``(value, label)`` pairs): a cell may hold the value,
    the Chinese label, the English label or one of ``aliases`` (text → value), compared
    without spaces and case. ``help_text`` lists the accepted names in the message (default:
    the labels in Chinese and English)."""
    pairs = list(getattr(choices, "choices", choices))
    names: dict[str, str] = {}
    for value, label in pairs:
        names[_key(value)] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names[_key(str(label))] = value
    for alias, value in (aliases or {}).items():
        names[_key(alias)] = value

    def read(text: str) -> str:
        value = names.get(_key(text))
        if value is not None:
            return value
        accepted = help_text or ", ".join(f"{_zh(label)} ({_en(label)})" for _value, label in pairs)
        raise CellProblem(
            _("%(value)s is not one of: %(names)s.") % {"value": text, "names": accepted}
        )

    return read


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def _en(label) -> str:
    with translation.override("en"):
        return str(label)


BOOLEAN_NAMES = {
    "是": True,
    "否": False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}


def bool_reader(aliases: Mapping[str, bool] | None = None, help_text: str = "") -> Callable:
    """A reader of yes/no cells: 是/否, yes/no, true/false, 1/0, and ``aliases`` (such as
    合格/不合格)."""
    names = {**BOOLEAN_NAMES, **{_key(k): v for k, v in (aliases or {}).items()}}
    accepted = help_text or "是/否, yes/no, true/false, 1/0"

    def read(text: str) -> bool:
        value = names.get(_key(text))
        if value is None:
            raise CellProblem(
                _("%(value)s is not yes or no: write one of %(names)s.")
                % {"value": text, "names": accepted}
            )
        return value

    return read


read_bool = bool_reader()


def id_reader(validate: Callable[[str], object]) -> Callable[[str], object]:
    """A reader from a validator that returns the value or raises ``ValidationError`` (such
    as ``people.validators.parse_national_id``: core does not import the people app)."""

    def read(text: str):
        try:
            return validate(text)
        except ValidationError as exc:
            raise CellProblem(exc.messages[0]) from None

    return read
