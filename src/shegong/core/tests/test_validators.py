"""Property-based tests of the unified social credit code (GB 32100-2015) validator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from shegong.organisations.validators import (
    CHARSET,
    credit_code_check_char,
    validate_credit_code,
)

bodies = st.text(alphabet=CHARSET, min_size=17, max_size=17)


def error_code(value: str) -> str | None:
    try:
        validate_credit_code(value)
    except ValidationError as exc:
        return exc.code
    return None


@given(bodies)
@example("91350100M000100Y4")  # a published code: 91350100M000100Y43
def test_a_code_with_its_check_character_validates(body):
    code = body + credit_code_check_char(body)
    assert error_code(code) is None


def test_a_published_code_validates():
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert error_code("91350100M000100Y43") is None


@given(bodies, st.sampled_from(CHARSET))
def test_any_other_check_character_fails(body, wrong):
    right = credit_code_check_char(body)
    assume(wrong != right)
    assert error_code(body + wrong) == "check"


@given(bodies, st.integers(min_value=0, max_value=16), st.sampled_from(CHARSET))
def test_changing_any_one_character_of_the_body_is_detected(body, position, replacement):
    assume(body[position] != replacement)
    code = body + credit_code_check_char(body)
    changed = code[:position] + replacement + code[position + 1 :]
    assert error_code(changed) == "check"


@given(bodies)
def test_lower_case_and_surrounding_spaces_are_accepted(body):
    code = body + credit_code_check_char(body)
    assert error_code(f"  {code.lower()} ") is None


@given(st.text(alphabet=CHARSET, max_size=30).filter(lambda v: len(v) != 18))
def test_wrong_length_is_refused(value):
    assert error_code(value) == "length"


@given(bodies, st.sampled_from("IOSVZ!-_ 中"), st.integers(min_value=0, max_value=17))
def test_characters_outside_the_charset_are_refused(body, bad, position):
    code = body + credit_code_check_char(body)
    changed = code[:position] + bad + code[position + 1 :]
    assume(len(changed.strip()) == 18)
    assert error_code(changed) == "charset"


@given(bodies)
def test_check_character_is_in_the_charset(body):
    assert credit_code_check_char(body) in CHARSET


def test_check_character_needs_17_characters():
    with pytest.raises(ValueError):
        credit_code_check_char("1234")
