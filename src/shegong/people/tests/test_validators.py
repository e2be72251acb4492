"""National ID numbers (GB 11643-1999): property-based tests of the check digit, the
normalisation of typed input, and one message per kind of mistake."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from shegong.core.importing.readers import CellProblem
from shegong.people.validators import PROVINCES, normalise, parse_national_id, read_national_id

from .conftest import national_id
from .conftest import reference_check_character as check_digit

CHECK_CHARS = "0123456789X"

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


#: Known answers, one per check character (the remainder Σ mod 11 in the comment), worked
#: out once by hand from the weights of GB 11643-1999, outside the code under test. The
#: property-based tests above check the rest against ``reference_check_character``.
KNOWN_ANSWERS = [
    "440304199001010011",  # remainder 0 → 1
    "440304199001010070",  # remainder 1 → 0
    "44030419900101002X",  # remainder 2 → X
    "440304199001010089",  # remainder 3 → 9
    "440304199001010038",  # remainder 4 → 8
    "440304199001010097",  # remainder 5 → 7
    "440304199001010046",  # remainder 6 → 6
    "440304199001010185",  # remainder 7 → 5
    "440304199001010054",  # remainder 8 → 4
    "440304199001010193",  # remainder 9 → 3
    "440304199001010062",  # remainder 10 → 2
    "11010519491231002X",  # the example printed in GB 11643-1999
]


@pytest.mark.parametrize("number", KNOWN_ANSWERS)
def test_known_answers_for_every_check_character(number):
    assert parse_national_id(number).number == number
    assert parse_national_id(number.lower()).number == number
    for wrong in sorted(set(CHECK_CHARS) - {number[-1]}):
        assert code(number[:17] + wrong) == "check_digit", wrong


def test_the_known_answers_cover_every_check_character_and_the_sexes():
    assert {n[-1] for n in KNOWN_ANSWERS} == set("0123456789X")
    assert parse_national_id("11010519491231002X").sex == "female"
    assert parse_national_id("440304199001010011").sex == "male"
    assert parse_national_id("440304199001010011").birth_date == date(1990, 1, 1)
    assert national_id() == "440304199001011233"  # the tests' own helper agrees


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


def test_an_ascii_number_with_a_space_after_it_is_normalised():
    """An already normal number skips the Unicode normalisation; one with a space after it
    (19 characters) must not (a mutant of the shortcut survived the first mutation run)."""
    assert parse_national_id("440304199001010011 ").number == "440304199001010011"
    assert parse_national_id("44030419900101002x").number == "44030419900101002X"


def test_digits_of_other_scripts_are_refused():
    """Found by a surviving mutant (issue 11): Arabic-Indic digits after an ASCII region code
    were accepted and the number stored as typed, next to its ASCII twin."""
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    value = "44" + "030419900101001".translate(arabic) + "1"  # 440304199001010011
    assert code(value) == "characters"
    assert "17 digits followed by a digit or X" in message(value)
    assert parse_national_id("440304199001010011").number == "440304199001010011"


@quick
@given(body17, st.integers(0, 16), st.sampled_from("ABCXYZ-/."))
def test_letters_inside_are_refused(body, at, char):
    number = body[:at] + char + body[at + 1 :] + check_digit(body)
    assert code(number) == "characters"
    assert "17 digits followed by a digit or X" in message(number)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty(value):
    assert code(value) == "empty"


def test_the_import_toolkit_reads_an_id_number_cell_as_the_normalised_number():
    """``read_national_id``: the cell reader the imports declare (issue 11, core.importing)."""
    assert read_national_id("11010519491231002x") == "11010519491231002X"
    with pytest.raises(CellProblem) as refused:
        read_national_id("110105194912310021")
    assert str(refused.value) == (
        "The check digit of this ID number is wrong: check it was typed correctly."
    )
