"""National ID numbers (居民身份证号码), GB 11643-1999: 18 characters, the last a check digit.

:func:`parse_national_id` normalises (full-width digits, spaces, lower-case x), validates and
returns the birth date and sex the number encodes; every problem is a ``ValidationError``
with a message that says what is wrong.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
#: Province-level codes (GB/T 2260), the first two digits of every number.
PROVINCES = frozenset(
    {
        *("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35"),
        *("36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65", "71", "81", "82", "83"),
    }
)


@dataclass(frozen=True)
class NationalId:
    number: str
    birth_date: date
    sex: str  # "male" or "female"


def normalise(value) -> str:
    """Full-width to half-width, spaces removed, ``x`` upper-cased."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(text.split()).upper()


#: Per position, digit → its weighted value (the check digit is summed with ``map`` in C).
_WEIGHTED = tuple({str(d): d * w for d in range(10)} for w in WEIGHTS)


def check_digit(first17: str) -> str:
    try:
        total = sum(map(dict.__getitem__, _WEIGHTED, first17))
    except KeyError:  # digits other than ASCII ones
        total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_national_id(value, today: date | None = None) -> NationalId:
    """The checked number, with its birth date and sex. ``today`` (default: today's local
    date) bounds the birth date; callers checking many numbers pass it once."""
    if (
        type(value) is str
        and len(value) == 18
        and value.isascii()
        and value[:17].isdigit()
        and value[17] in "0123456789X"
    ):
        number = value  # already normal: skip the Unicode normalisation
    else:
        number = normalise(value)
    if not number:
        raise ValidationError(_("The national ID number is empty."), code="empty")
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _(
                "This is an old 15-digit ID number. Only the 18-character number of the "
                "second-generation ID card is accepted."
            ),
            code="old_format",
        )
    if len(number) != 18:
        raise ValidationError(
            _("A national ID number has 18 characters; this one has %(n)d.") % {"n": len(number)},
            code="length",
        )
    # ASCII digits only: other scripts' digits (Arabic-Indic ٠–٩, …) pass ``isdigit`` and NFKC
    # keeps them, so such a number would be stored as typed, unlike its ASCII twin (issue 11).
    if not (number.isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise ValidationError(
            _("A national ID number is 17 digits followed by a digit or X."), code="characters"
        )
    if number[:2] not in PROVINCES:
        raise ValidationError(
            _("The ID number begins with %(code)s, which is not a region code.")
            % {"code": number[:2]},
            code="region",
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in the ID number (%(d)s) does not exist.") % {"d": number[6:14]},
            code="birth_date",
        ) from None
    if birth.year <= 1900 or birth > (today or timezone.localdate()):
        raise ValidationError(
            _("The birth date in the ID number (%(d)s) is impossible.") % {"d": birth.isoformat()},
            code="birth_date",
        )
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong: check it was typed correctly."),
            code="check_digit",
        )
    return NationalId(number, birth, "male" if int(number[16]) % 2 else "female")


def read_national_id(text: str) -> str:
    """The import toolkit's reader of an ID number cell (``core.importing``, issue 11): the
    normalised number, or ``CellProblem`` with the check's message."""
    from shegong.core.importing.readers import CellProblem  # noqa: PLC0415

    try:
        return parse_national_id(text).number
    except ValidationError as exc:
        raise CellProblem(exc.messages[0]) from None
