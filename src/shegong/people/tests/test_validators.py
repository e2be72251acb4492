"""National ID numbers (GB 11643-1999): property-based tests of the check digit, the
normalisation of typed input, and one message per kind of mistake."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from shegong.people.validators import (
    CHECK_CHARS,
    PROVINCES,
    check_digit,
    normalise,
    parse_national_id,
)

from .conftest import national_id

#: A region code: a real province code followed by any four digits.
regions = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(sorted(PROVINCES)),
    st.text("0123456789", min_size=4, max_size=4),
)
births = st.dates(min_value=date(1901, 1, 1), max_value=date.today() - timedelta(days=1))
sequences = st.text("0123456789", min_size=3, max_size=3)
body17 = st.builds(lambda r, b, s: r + f"{b:%Y%m%d}" + s, regions, births, sequences)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
quick = settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def message(value) -> str:
    with pytest.raises(ValidationError) as exc:
        parse_national_id(value)
    return " ".join(exc.value.messages)


def code(value) -> str:
    with pytest.raises(ValidationError) as exc:
        parse_national_id(value)
    return exc.value.error_list[0].code


@quick
@given(body17)
def test_seventeen_digits_with_their_check_digit_validate(body):
    parsed = parse_national_id(body + check_digit(body))
    assert parsed.number == body + check_digit(body)
    assert parsed.birth_date == date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    assert parsed.sex == ("male" if int(body[16]) % 2 else "female")


@quick
@given(body17, st.sampled_from(CHECK_CHARS))
def test_any_other_final_character_fails(body, last):
    assume(last != check_digit(body))
    assert code(body + last) == "check_digit"
    assert "check digit" in message(body + last)


@quick
@given(body17, st.data())
def test_full_width_spaces_and_lower_case_x_normalise(body, data):
    number = body + check_digit(body)
    typed = number.translate(FULL_WIDTH) if data.draw(st.booleans()) else number
    cut = data.draw(st.integers(0, 18))
    typed = f" {typed[:cut]} {typed[cut:]}\u3000".replace("Ｘ", "ｘ").replace("X", "x")
    assert normalise(typed) == number
    assert parse_national_id(typed).number == number


def test_the_standard_example_and_the_x_check_digit():
    # The example of GB 11643-1999 and a number whose check character is X.
    assert parse_national_id("11010519491231002X").sex == "female"
    assert check_digit("44030419900101123") == national_id()[-1]
    body = next(
        f"4403041990010112{d}" for d in "0123456789" if check_digit(f"4403041990010112{d}") == "X"
    )
    assert parse_national_id(body.lower() + "x").number == body + "X"


@quick
@given(st.text("0123456789", min_size=15, max_size=15))
def test_old_fifteen_digit_numbers_are_refused(number):
    assert code(number) == "old_format"
    assert "old 15-digit" in message(number)


@pytest.mark.parametrize(
    "birth, expected",
    [
        ("19900230", "(19900230) does not exist"),
        ("19901301", "(19901301) does not exist"),
        ("20230229", "(20230229) does not exist"),
        ("19000101", "(1900-01-01) is impossible"),
        ("18991231", "(1899-12-31) is impossible"),
    ],
)
def test_impossible_birth_dates(birth, expected):
    assert expected in message(national_id(birth=birth))
    assert code(national_id(birth=birth)) == "birth_date"


def test_a_birth_date_in_the_future_is_impossible():
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "is impossible" in message(national_id(birth=f"{tomorrow:%Y%m%d}"))
    assert parse_national_id(national_id(birth=f"{timezone.localdate():%Y%m%d}"))


def test_leap_day_is_a_date():
    assert parse_national_id(national_id(birth="20000229")).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize("region", ["000000", "990101", "100000", "240304"])
def test_a_bad_region_code(region):
    assert code(national_id(region=region)) == "region"
    assert f"begins with {region[:2]}, which is not a region code" in message(
        national_id(region=region)
    )


@pytest.mark.parametrize("value, n", [("4403041990010112", 16), ("44030419900101123X1", 19)])
def test_wrong_length(value, n):
    assert code(value) == "length"
    assert f"has 18 characters; this one has {n}" in message(value)


@quick
@given(body17, st.integers(0, 16), st.sampled_from("ABCXYZ-/."))
def test_letters_inside_are_refused(body, at, char):
    number = body[:at] + char + body[at + 1 :] + check_digit(body)
    assert code(number) == "characters"
    assert "17 digits followed by a digit or X" in message(number)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty(value):
    assert code(value) == "empty"
